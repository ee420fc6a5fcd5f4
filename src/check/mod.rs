//! `depbench check`: is the committed data internally consistent, and does every document figure
//! say what its seed prints?
//!
//! Two passes. The catalogue pass loads every table file with its schema (collecting every bad
//! row, not only the first one) and checks vocabularies, references, keys and the number rule
//! (counts within their territory's population, spending within its bound) across tables. The
//! provenance pass reads `../shared/seeds/<doc_id>.txt` and checks that each figure's value is
//! printed on its cited line, that each plan item's title starts on its line and that the
//! plans' `*_line` fields exist. Every problem is an [`Issue`] worded like the loader's errors:
//! `file: line N, field `x`: message`.

mod constraints;
pub mod editions;
mod load;
pub mod olinpe;
pub mod olinpe_values;
mod provenance;
mod spellings;
mod values;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::model::schema;
use constraints::validate;
use load::load_table;
use provenance::provenance;

/// One problem found in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: PathBuf,
    /// 1-based line of the CSV record (1 = header, 0 = the file as a whole).
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} : ligne {}, champ `{}` : {}",
            self.path.display(),
            self.line,
            self.field,
            self.message
        )
    }
}

/// What the provenance pass checked in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentSummary {
    pub doc_id: String,
    pub figures: usize,
    pub figures_ok: usize,
    pub items: usize,
    pub items_ok: usize,
    pub line_refs: usize,
    pub line_refs_ok: usize,
    /// Local values taken from the document (`data/local/<doc_id>.csv`), and those printed on
    /// their cited line.
    pub local_values: usize,
    pub local_values_ok: usize,
}

/// The outcome of `depbench check`.
#[derive(Debug, Default)]
pub struct Report {
    /// Tables loaded and rows read.
    pub tables: usize,
    pub rows: usize,
    pub issues: Vec<Issue>,
    /// Per document, when the seeds were available.
    pub provenance: Option<Vec<DocumentSummary>>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.issues.is_empty()
    }

    /// Human-readable account: every issue, then the summary.
    pub fn render(&self, seeds: Option<&Path>) -> String {
        let mut s = String::new();
        for issue in &self.issues {
            s.push_str(&format!("{issue}\n"));
        }
        s.push_str(&format!(
            "catalogue : {} tables, {} lignes lues\n",
            self.tables, self.rows
        ));
        match (&self.provenance, seeds) {
            (Some(docs), Some(dir)) => {
                s.push_str(&format!("provenance vérifiée dans {} :\n", dir.display()));
                for d in docs {
                    s.push_str(&format!(
                        "  {} : chiffres {}/{} sur leur ligne, éléments de plan {}/{}, autres renvois à une ligne {}/{}\n",
                        d.doc_id,
                        d.figures_ok,
                        d.figures,
                        d.items_ok,
                        d.items,
                        d.line_refs_ok,
                        d.line_refs
                    ));
                    if d.local_values > 0 {
                        s.push_str(&format!(
                            "  {} : valeurs locales {}/{} sur leur ligne\n",
                            d.doc_id, d.local_values_ok, d.local_values
                        ));
                    }
                }
            }
            _ => s.push_str(
                "provenance : non vérifiée (../shared/seeds est absent ; donnez --seeds DOSSIER pour vérifier les chiffres dans les textes sources)\n",
            ),
        }
        if self.ok() {
            s.push_str("tout est correct\n");
        } else {
            s.push_str(&format!("{} problème(s)\n", self.issues.len()));
        }
        s
    }
}

/// Run both passes over `data_dir`; provenance only when `seeds` is given.
pub fn check(data_dir: &Path, seeds: Option<&Path>) -> Report {
    let catalog = Catalog::new(data_dir);
    let mut report = Report::default();
    let mut tables: HashMap<&'static str, Vec<Rows>> = HashMap::new();
    for def in schema::tables() {
        report.tables += 1;
        let rows = load_table(&catalog, &def, &mut report.issues);
        report.rows += rows.iter().map(Rows::len).sum::<usize>();
        tables.insert(def.name, rows);
    }
    let t = |name: &str| tables.get(name).map(Vec::as_slice).unwrap_or(&[]);
    validate(&catalog, &t, &mut report.issues);
    values::validate(&t, &mut report.issues);
    if let Some(dir) = seeds {
        let (docs, issues) = provenance(dir, &t);
        report.issues.extend(issues);
        report.provenance = Some(docs);
    }
    report
}

/// The seeds folder: `../shared/seeds` from the working directory, else next to the crate.
pub fn default_seeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DEPBENCH_SEEDS") {
        return Some(PathBuf::from(dir));
    }
    [
        PathBuf::from("../shared/seeds"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

// ---------------------------------------------------------------------------------------------
// Loading

/// The rows of one file as loaded, with the CSV line each row starts on.
pub(super) struct Rows {
    pub(super) path: PathBuf,
    /// The file's rows, read through the query stage's accessor.
    pub(super) rows: crate::query::rows::Rows,
    /// The file line of each row.
    pub(super) lines: Vec<u64>,
}

impl Rows {
    pub(super) fn new(path: PathBuf, batch: RecordBatch, lines: Vec<u64>) -> Rows {
        Rows {
            path,
            rows: crate::query::rows::Rows::new(batch.schema(), vec![batch]),
            lines,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(super) fn str(&self, name: &str, i: usize) -> Option<&str> {
        self.rows.str(name, i)
    }

    pub(super) fn float(&self, name: &str, i: usize) -> Option<f64> {
        self.rows.number(name, i)
    }

    pub(super) fn int(&self, name: &str, i: usize) -> Option<i32> {
        self.rows.int(name, i).and_then(|v| i32::try_from(v).ok())
    }

    pub(super) fn issue(&self, i: usize, field: &str, message: impl Into<String>) -> Issue {
        Issue {
            path: self.path.clone(),
            line: self.lines[i],
            field: field.to_string(),
            message: message.into(),
        }
    }
}

pub(super) fn file_issue(path: &Path, message: String) -> Issue {
    Issue {
        path: path.to_path_buf(),
        line: 0,
        field: "-".into(),
        message,
    }
}

pub(super) fn error_issue(path: &Path, line: Option<u64>, err: Error) -> Issue {
    match err {
        Error::Csv {
            path,
            line: l,
            field,
            message,
        } => Issue {
            path,
            line: line.unwrap_or(l),
            field,
            message,
        },
        other => file_issue(path, other.to_string()),
    }
}
