//! Importers: official files (DREES, Insee, IGN) → normalised CSV under `data/`.
//!
//! Every importer reads its whole input first and returns the files to write plus an
//! [`Account`] of every row it read. Nothing is written until every importer of the run has
//! succeeded ([`Output::commit`]), so a bad input leaves `data/` untouched.

pub mod drees_tidy;
pub mod drees_workbook;
pub mod geo;
pub mod insee;
pub mod territories;
pub mod validity;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The shared input folder's expected file names, relative to `shared/data/`.
pub mod files {
    pub const BENEF_WORKBOOK: &str =
        "drees/beneficiaires-aide-sociale-series-longues-1996-2020.xlsx";
    pub const SPENDING_WORKBOOK: &str = "drees/depenses-aide-sociale-series-longues-1999-2020.xlsx";
    pub const STAFF_WORKBOOK: &str = "drees/personnel-action-sociale-2014-2020.xlsx";
    pub const BENEF_TIDY: &str = "drees/ase-beneficiaires-2002-2022.csv";
    pub const SPENDING_TIDY: &str = "drees/ase-depenses-1999-2019.csv";
    pub const ASSFAM_TIDY: &str = "drees/assistants-familiaux-2014-2020.csv";
    pub const VARIABLES: &str = "drees/variables.csv";
    pub const POPULATION: &str = "insee/estim-pop-dep-sexe-aq-1975-2022.xlsx";
    pub const DEPARTEMENTS: &str = "insee/liste-departements-drees.csv";
    pub const GEO: &str = "geo/departements-version-simplifiee.geojson";
}

/// What happened to the rows of one input (file or sheet).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Account {
    /// e.g. `beneficiaires-….xlsx` sheet `Tab1-ase`.
    pub input: String,
    pub rows_read: usize,
    pub rows_loaded: usize,
    /// Values written (a wide row can hold many values).
    pub values_loaded: usize,
    /// Rows not loaded, by reason, with the first few locations.
    pub skipped: BTreeMap<String, Vec<String>>,
}

impl Account {
    /// A new account for `input`.
    pub fn new(input: impl Into<String>) -> Self {
        Account {
            input: input.into(),
            ..Default::default()
        }
    }

    /// Record a row that was read but not loaded, and why.
    pub fn skip(&mut self, reason: impl Into<String>, location: impl Into<String>) {
        self.skipped
            .entry(reason.into())
            .or_default()
            .push(location.into());
    }

    /// Rows not loaded.
    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().map(Vec::len).sum()
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} rows read, {} loaded ({} values), {} not loaded",
            self.input,
            self.rows_read,
            self.rows_loaded,
            self.values_loaded,
            self.rows_skipped()
        )?;
        for (reason, locations) in &self.skipped {
            let shown: Vec<_> = locations.iter().take(5).map(String::as_str).collect();
            let more = locations.len().saturating_sub(shown.len());
            write!(f, "  {} × {reason}: {}", locations.len(), shown.join(", "))?;
            if more > 0 {
                write!(f, " (+{more} more)")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Files an import run will write, relative to the data directory, with their accounts.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    pub accounts: Vec<Account>,
}

impl Output {
    /// Add a file to write.
    pub fn file(&mut self, relative: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.insert(relative.into(), bytes);
    }

    /// Merge another importer's output.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
        self.accounts.extend(other.accounts);
    }

    /// Write every file under `data_dir`: each to a temporary sibling first, then renamed, so a
    /// failure leaves every target as it was.
    pub fn commit(&self, data_dir: &Path) -> Result<()> {
        let mut staged = Vec::new();
        let result = (|| {
            for (rel, bytes) in &self.files {
                let target = data_dir.join(rel);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                let mut tmp = target.clone().into_os_string();
                tmp.push(".tmp");
                let tmp = PathBuf::from(tmp);
                fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
                staged.push((tmp, target));
            }
            Ok(())
        })();
        if let Err(e) = result {
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            return Err(e);
        }
        for (tmp, target) in &staged {
            fs::rename(tmp, target).map_err(|e| Error::io(target, e))?;
        }
        Ok(())
    }
}

/// Run every importer on `shared_data` (the `shared/data` folder) and return what to write.
pub fn import_all(shared_data: &Path) -> Result<Output> {
    let mut out = Output::default();
    let terr = territories::import(shared_data)?;
    let known = territories::Known::from_rows(&terr.rows);
    out.extend(terr.output);
    out.extend(drees_tidy::import(shared_data, &known)?);
    out.extend(drees_workbook::import(shared_data, &known)?);
    out.extend(insee::import(shared_data, &known)?);
    out.extend(geo(shared_data)?);
    out.file("sources.csv", sources_csv());
    validity::apply(&mut out, &terr.rows)?;
    Ok(out)
}

/// IGN boundaries → simplified `geo/departements.csv` and its `geo/SOURCE.md` attribution.
fn geo(shared_data: &Path) -> Result<Output> {
    let path = shared_data.join(files::GEO);
    let geo_err = |e: geo::GeoError| Error::Invalid(e.to_string());
    let shapes = geo::import_geojson(&path).map_err(geo_err)?;
    let mut account = Account::new(file_name(&path));
    account.rows_read = shapes.len();
    account.rows_loaded = shapes.len();
    let simplified = geo::simplify(&shapes, geo::DEFAULT_TOLERANCE);
    account.values_loaded = simplified.iter().flat_map(|s| &s.rings).map(Vec::len).sum();
    let mut csv = Vec::new();
    geo::write_csv(&simplified, &mut csv).map_err(geo_err)?;
    let mut out = Output::default();
    out.file(format!("geo/{}", geo::CSV_FILE), csv);
    let md = geo::source_md(&file_name(&path), geo::DEFAULT_TOLERANCE, &simplified);
    out.file("geo/SOURCE.md", md.into_bytes());
    out.accounts.push(account);
    Ok(out)
}

/// A published source: one row of `data/sources.csv`.
pub struct Source {
    pub id: &'static str,
    pub publisher: &'static str,
    pub title: &'static str,
    pub edition: &'static str,
    pub licence: &'static str,
    pub origin: &'static str,
}

/// Every source the importers cite. Documents add their own rows at load time.
pub const SOURCES: [Source; 9] = [
    Source {
        id: "drees-benef-sl-2020",
        publisher: "DREES",
        title: "Bénéficiaires de l'aide sociale départementale, séries longues 1996-2020",
        edition: "2020",
        licence: "Licence Ouverte",
        origin: files::BENEF_WORKBOOK,
    },
    Source {
        id: "drees-dep-sl-2020",
        publisher: "DREES",
        title: "Dépenses d'aide sociale départementale, séries longues 1999-2020",
        edition: "2020",
        licence: "Licence Ouverte",
        origin: files::SPENDING_WORKBOOK,
    },
    Source {
        id: "drees-pers-2020",
        publisher: "DREES",
        title: "Personnel départemental de l'action sociale et médico-sociale 2014-2020",
        edition: "2020",
        licence: "Licence Ouverte",
        origin: files::STAFF_WORKBOOK,
    },
    Source {
        id: "drees-benef-2022",
        publisher: "DREES",
        title: "Aide sociale à l'enfance, bénéficiaires par département 2002-2022 (séries longues prolongées)",
        edition: "2022",
        licence: "Licence Ouverte",
        origin: files::BENEF_TIDY,
    },
    Source {
        id: "drees-dep-2022",
        publisher: "DREES",
        title: "Aide sociale à l'enfance, dépenses par département 1999-2019 (séries longues prolongées)",
        edition: "2022",
        licence: "Licence Ouverte",
        origin: files::SPENDING_TIDY,
    },
    Source {
        id: "drees-assfam-2022",
        publisher: "DREES",
        title: "Assistants familiaux employés par les départements 2014-2020 (séries longues prolongées)",
        edition: "2022",
        licence: "Licence Ouverte",
        origin: files::ASSFAM_TIDY,
    },
    Source {
        id: "insee-pop-2022",
        publisher: "Insee",
        title: "Estimations de population par département, sexe et âge quinquennal, 1975-2022",
        edition: "2022 (provisoire, arrêtée fin 2021)",
        licence: "Licence Ouverte",
        origin: files::POPULATION,
    },
    Source {
        id: "drees-departements",
        publisher: "DREES",
        title: "Liste des départements (codage DREES)",
        edition: "2022",
        licence: "Licence Ouverte",
        origin: files::DEPARTEMENTS,
    },
    Source {
        id: "ign-admin-express-2018",
        publisher: "IGN",
        title: "Admin Express 2018, départements (version simplifiée)",
        edition: "2018",
        licence: "Licence Ouverte",
        origin: files::GEO,
    },
];

fn sources_csv() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "publisher", "title", "edition", "licence", "origin"])
        .expect("in-memory write");
    for s in &SOURCES {
        w.write_record([s.id, s.publisher, s.title, s.edition, s.licence, s.origin])
            .expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

/// How a published cell reads once markers are recognised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// A DREES/Insee marker: the value is NULL with this status.
    Marker(&'static str),
}

/// Recognise the missing-value markers of the official files: they become NULL, never 0.
pub fn marker(text: &str) -> Option<&'static str> {
    match text.trim() {
        "ND" | "nd" | "n.d." => Some("not_available"),
        "NR" | "nr" => Some("not_responding"),
        "-" | "–" | "" => Some("missing"),
        "NS" | "ns" => Some("not_significant"),
        "s" | "S" => Some("secret"),
        _ => None,
    }
}

/// Status of a published value: DREES totals are estimates, and fractional counts are
/// DREES imputations for non-responding départements.
pub fn value_status(value: f64, is_count: bool, estimated_total: bool) -> &'static str {
    if estimated_total {
        "estimated"
    } else if is_count && value.fract() != 0.0 {
        "imputed"
    } else {
        "published"
    }
}

/// Shortest text that reads back as exactly `v` (no rounding, no trailing `.0`).
pub fn number_text(v: f64) -> String {
    format!("{v}")
}

pub use crate::model::a1;

/// The file name of a path, for messages and source references.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Observation CSV header, shared by every DREES importer.
pub const OBSERVATION_HEADER: [&str; 8] = [
    "territory",
    "indicator",
    "year",
    "value",
    "status",
    "source_id",
    "source_ref",
    "edition",
];

/// One observation row as written to `data/observations/*.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationRow {
    pub territory: String,
    pub indicator: String,
    pub year: i32,
    /// Exact published text of the value; empty for NULL.
    pub value: String,
    pub status: String,
    pub source_id: &'static str,
    /// Location in the source file named by `source_id`: `Tab1-ase!D8` or `line 12`.
    pub source_ref: String,
    pub edition: &'static str,
}

/// Serialise observation rows, sorted by territory, indicator, year for stable diffs.
pub fn observations_csv(mut rows: Vec<ObservationRow>) -> Vec<u8> {
    rows.sort_by(|a, b| {
        (&a.territory, &a.indicator, a.year).cmp(&(&b.territory, &b.indicator, b.year))
    });
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(OBSERVATION_HEADER).expect("in-memory write");
    for r in rows {
        w.write_record([
            r.territory.as_str(),
            r.indicator.as_str(),
            &r.year.to_string(),
            &r.value,
            &r.status,
            r.source_id,
            &r.source_ref,
            r.edition,
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(7, 3), "D8");
        assert_eq!(a1(5, 25), "Z6");
        assert_eq!(a1(5, 26), "AA6");
        assert_eq!(a1(5, 64), "BM6");
    }

    #[test]
    fn markers_become_null_statuses() {
        assert_eq!(marker("ND"), Some("not_available"));
        assert_eq!(marker(" NR "), Some("not_responding"));
        assert_eq!(marker("-"), Some("missing"));
        assert_eq!(marker("12"), None);
    }

    #[test]
    fn numbers_are_kept_exact() {
        assert_eq!(number_text(7512.02567594263), "7512.02567594263");
        assert_eq!(number_text(38379.0), "38379");
        assert_eq!(value_status(1.5, true, false), "imputed");
        assert_eq!(value_status(1.5, false, false), "published");
    }
}
