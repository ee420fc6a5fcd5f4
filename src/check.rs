//! `depbench check`: is the committed data internally consistent, and does every document figure
//! say what its seed prints?
//!
//! Two passes. The catalogue pass loads every table file with its schema (collecting every bad
//! row, not only the first one) and checks vocabularies, references and keys across tables. The
//! provenance pass reads `../shared/seeds/<doc_id>.txt` and checks that each figure's value is
//! printed on its cited line, that each plan item's title starts on its line and that the
//! plans' `*_line` fields exist. Every problem is an [`Issue`] worded like the loader's errors:
//! `file: line N, field `x`: message`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::Int32Type;

use crate::catalog::load::LineCounter;
use crate::catalog::{Catalog, read_table_file};
use crate::error::Error;
use crate::format::Unit;
use crate::schema::{self, Storage, TableDef, vocab};

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
            "{}: line {}, field `{}`: {}",
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
            "catalogue: {} tables, {} rows read\n",
            self.tables, self.rows
        ));
        match (&self.provenance, seeds) {
            (Some(docs), Some(dir)) => {
                s.push_str(&format!("provenance against {}:\n", dir.display()));
                for d in docs {
                    s.push_str(&format!(
                        "  {}: figures {}/{} on their line, plan items {}/{}, other line references {}/{}\n",
                        d.doc_id,
                        d.figures_ok,
                        d.figures,
                        d.items_ok,
                        d.items,
                        d.line_refs_ok,
                        d.line_refs
                    ));
                }
            }
            _ => s.push_str(
                "provenance: skipped (../shared/seeds is absent; pass --seeds DIR to check figures against the seeds)\n",
            ),
        }
        if self.ok() {
            s.push_str("all OK\n");
        } else {
            s.push_str(&format!("{} problem(s)\n", self.issues.len()));
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
struct Rows {
    path: PathBuf,
    batch: RecordBatch,
    lines: Vec<u64>,
}

impl Rows {
    fn len(&self) -> usize {
        self.batch.num_rows()
    }

    fn str(&self, name: &str, i: usize) -> Option<&str> {
        let col = self.batch.column_by_name(name)?.as_string_opt::<i32>()?;
        (!col.is_null(i)).then(|| col.value(i))
    }

    fn int(&self, name: &str, i: usize) -> Option<i32> {
        let col = self
            .batch
            .column_by_name(name)?
            .as_primitive_opt::<Int32Type>()?;
        (!col.is_null(i)).then(|| col.value(i))
    }

    fn issue(&self, i: usize, field: &str, message: impl Into<String>) -> Issue {
        Issue {
            path: self.path.clone(),
            line: self.lines[i],
            field: field.to_string(),
            message: message.into(),
        }
    }
}

fn file_issue(path: &Path, message: String) -> Issue {
    Issue {
        path: path.to_path_buf(),
        line: 0,
        field: "-".into(),
        message,
    }
}

fn error_issue(path: &Path, line: Option<u64>, err: Error) -> Issue {
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

/// Load every file of a table. A file with bad rows is re-read row by row so that every bad
/// row is reported and the good ones are still cross-checked.
fn load_table(catalog: &Catalog, def: &TableDef, issues: &mut Vec<Issue>) -> Vec<Rows> {
    if def.storage == Storage::Derived {
        // The long population table is built from one wide file: loading it is the check.
        if let Err(e) = catalog.table(def.name) {
            issues.push(error_issue(catalog.data_dir(), None, e));
        }
        return Vec::new();
    }
    let files = match catalog.files(def) {
        Ok(f) => f,
        Err(e) => {
            issues.push(error_issue(catalog.data_dir(), None, e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (path, folder) in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                issues.push(file_issue(&path, e.to_string()));
                continue;
            }
        };
        match read_table_file(def, &path, folder.as_deref(), &bytes) {
            Ok(batch) => out.push(Rows {
                lines: record_lines(&bytes),
                path,
                batch,
            }),
            Err(Error::Csv { line, .. }) if line > 1 => {
                if let Some(rows) = load_rows(def, &path, folder.as_deref(), &bytes, issues) {
                    out.push(rows);
                }
            }
            Err(e) => issues.push(error_issue(&path, None, e)),
        }
    }
    out
}

/// Line of each record (its first line when a quoted field spans several).
fn record_lines(bytes: &[u8]) -> Vec<u64> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    reader
        .byte_records()
        .filter_map(|r| r.ok())
        .map(|r| lines.line(r.position()))
        .collect()
}

/// Row by row: each record is parsed alone (header + record) and its errors get its own line.
fn load_rows(
    def: &TableDef,
    path: &Path,
    folder: Option<&str>,
    bytes: &[u8],
    issues: &mut Vec<Issue>,
) -> Option<Rows> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader.byte_headers().ok()?.clone();
    let mut counter = LineCounter::new(bytes);
    let mut batches = Vec::new();
    let mut lines = Vec::new();
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = counter.line(e.position());
                issues.push(error_issue(
                    path,
                    Some(line),
                    Error::Csv {
                        path: path.to_path_buf(),
                        line,
                        field: "-".into(),
                        message: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let line = counter.line(record.position());
        let mut one = csv::Writer::from_writer(Vec::new());
        let written = one
            .write_byte_record(&header)
            .and_then(|_| one.write_byte_record(&record));
        let one = match written.and_then(|_| {
            one.into_inner()
                .map_err(|e| csv::Error::from(e.into_error()))
        }) {
            Ok(b) => b,
            Err(e) => {
                issues.push(file_issue(path, e.to_string()));
                continue;
            }
        };
        match read_table_file(def, path, folder, &one) {
            Ok(b) => {
                batches.push(b);
                lines.push(line);
            }
            Err(e) => issues.push(error_issue(path, Some(line), e)),
        }
    }
    let batch = concat_batches(&def.schema, &batches).ok()?;
    Some(Rows {
        path: path.to_path_buf(),
        batch,
        lines,
    })
}

// ---------------------------------------------------------------------------------------------
// Catalogue validation

fn codes<'a>(rows: &'a [Rows], col: &str) -> HashSet<&'a str> {
    rows.iter()
        .flat_map(|r| (0..r.len()).filter_map(move |i| r.str(col, i)))
        .collect()
}

/// Report rows whose key was already seen.
fn duplicates(rows: &[Rows], cols: &[&str], what: &str, issues: &mut Vec<Issue>) {
    let mut seen: HashMap<Vec<String>, (PathBuf, u64)> = HashMap::new();
    for r in rows {
        for i in 0..r.len() {
            let key: Vec<String> = cols
                .iter()
                .map(|c| {
                    r.str(c, i)
                        .map(str::to_string)
                        .or_else(|| r.int(c, i).map(|v| v.to_string()))
                        .unwrap_or_default()
                })
                .collect();
            if let Some((path, line)) = seen.get(&key) {
                issues.push(r.issue(
                    i,
                    cols[cols.len() - 1],
                    format!(
                        "duplicate {what} ({}) already at {}: line {line}",
                        key.join(", "),
                        path.display()
                    ),
                ));
            } else {
                seen.insert(key, (r.path.clone(), r.lines[i]));
            }
        }
    }
}

/// Check a column against a vocabulary (NULLs are the loader's business).
fn vocabulary(
    rows: &[Rows],
    col: &str,
    allowed: &dyn Fn(&str) -> bool,
    what: &str,
    issues: &mut Vec<Issue>,
) {
    for r in rows {
        for i in 0..r.len() {
            if let Some(v) = r.str(col, i)
                && !allowed(v)
            {
                issues.push(r.issue(i, col, format!("unknown {what} `{v}`")));
            }
        }
    }
}

fn validate<'a>(catalog: &Catalog, t: &dyn Fn(&str) -> &'a [Rows], issues: &mut Vec<Issue>) {
    let territories = codes(t("territories"), "code");
    let indicators = codes(t("indicators"), "id");
    let sources = codes(t("sources"), "id");
    let themes = codes(t("themes"), "id");
    let documents = codes(t("documents"), "doc_id");
    let mut doc_territories: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in t("document_territories") {
        for i in 0..r.len() {
            if let (Some(d), Some(c)) = (r.str("doc_id", i), r.str("code", i)) {
                doc_territories.entry(d).or_default().insert(c);
            }
        }
    }
    let known_territory = |doc: Option<&str>, code: &str| {
        territories.contains(code)
            || doc.is_some_and(|d| doc_territories.get(d).is_some_and(|s| s.contains(code)))
    };

    // Keys.
    duplicates(t("sources"), &["id"], "source", issues);
    duplicates(t("territories"), &["code"], "territory", issues);
    duplicates(t("indicators"), &["id"], "indicator", issues);
    duplicates(
        t("observations"),
        &["territory", "indicator", "year", "edition", "source_id"],
        "observation (territory, indicator, year, edition, source_id)",
        issues,
    );
    duplicates(t("documents"), &["doc_id"], "document", issues);
    duplicates(t("themes"), &["id"], "theme", issues);
    duplicates(t("themes"), &["position"], "theme position", issues);
    duplicates(t("plans"), &["doc_id", "plan_id"], "plan", issues);
    duplicates(
        t("plan_items"),
        &["doc_id", "plan_id", "item_id"],
        "plan item (doc_id, plan_id, item_id)",
        issues,
    );
    duplicates(
        t("document_territories"),
        &["doc_id", "code"],
        "sub-territory",
        issues,
    );
    duplicates(
        t("reconciliation_notes"),
        &["doc_id", "line", "territory", "indicator"],
        "reconciliation note (doc_id, line, territory, indicator)",
        issues,
    );

    // Vocabularies.
    let is_unit = |u: &str| u.parse::<Unit>().is_ok();
    vocabulary(t("indicators"), "unit", &is_unit, "unit", issues);
    vocabulary(t("document_figures"), "unit", &is_unit, "unit", issues);
    vocabulary(
        t("document_figures"),
        "kind",
        &|k| vocab::FIGURE_KINDS.contains(&k),
        "kind",
        issues,
    );
    vocabulary(
        t("document_figures"),
        "indicator",
        &|i| indicators.contains(i),
        "indicator id",
        issues,
    );
    vocabulary(
        t("plans"),
        "status",
        &|s| vocab::PLAN_STATUSES.contains(&s),
        "plan status",
        issues,
    );
    vocabulary(
        t("plan_items"),
        "level",
        &|l| vocab::ITEM_LEVELS.contains(&l),
        "level",
        issues,
    );
    vocabulary(
        t("document_territories"),
        "kind",
        &|k| vocab::TERRITORY_KINDS.contains(&k),
        "sub-territory kind",
        issues,
    );
    vocabulary(
        t("reconciliation_notes"),
        "status",
        &|s| vocab::RECONCILIATION_STATUSES.contains(&s),
        "reconciliation status",
        issues,
    );

    // References.
    let territory_of = |table: &str, col: &str, issues: &mut Vec<Issue>| {
        for r in t(table) {
            for i in 0..r.len() {
                if let Some(code) = r.str(col, i)
                    && !known_territory(r.str("doc_id", i), code)
                {
                    issues.push(r.issue(i, col, format!("unknown territory code `{code}`")));
                }
            }
        }
    };
    territory_of("observations", "territory", issues);
    territory_of("document_figures", "territory", issues);
    territory_of("comparison_sets", "territory", issues);
    territory_of("reconciliation_notes", "territory", issues);
    territory_of("documents", "department", issues);
    for r in t("document_territories") {
        for i in 0..r.len() {
            if let Some(p) = r.str("parent_code", i).filter(|p| !territories.contains(p)) {
                issues.push(r.issue(i, "parent_code", format!("unknown territory code `{p}`")));
            }
        }
    }
    vocabulary(
        t("observations"),
        "indicator",
        &|i| indicators.contains(i),
        "indicator id",
        issues,
    );
    vocabulary(
        t("observations"),
        "source_id",
        &|s| sources.contains(s),
        "source id",
        issues,
    );

    // Every document folder is a document of documents.csv.
    for name in [
        "document_figures",
        "plans",
        "plan_items",
        "document_territories",
        "comparison_sets",
    ] {
        for r in t(name) {
            if r.len() > 0 && !r.str("doc_id", 0).is_some_and(|d| documents.contains(d)) {
                issues.push(r.issue(
                    0,
                    "doc_id",
                    format!(
                        "document folder `{}` is not in {}",
                        r.str("doc_id", 0).unwrap_or(""),
                        catalog.data_dir().join("documents/documents.csv").display()
                    ),
                ));
            }
        }
    }

    // Plans, items, themes.
    let plans: HashSet<(&str, &str)> = t("plans")
        .iter()
        .flat_map(|r| {
            (0..r.len()).filter_map(move |i| Some((r.str("doc_id", i)?, r.str("plan_id", i)?)))
        })
        .collect();
    for r in t("plans") {
        for i in 0..r.len() {
            if let (Some(a), Some(b)) = (r.int("period_start", i), r.int("period_end", i))
                && a > b
            {
                issues.push(r.issue(
                    i,
                    "period_end",
                    format!("period ends ({b}) before it starts ({a})"),
                ));
            }
        }
    }
    let mut items: HashSet<(&str, &str, &str)> = HashSet::new();
    let mut parents: HashSet<(&str, &str, &str)> = HashSet::new();
    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(d), Some(p), Some(id)) =
                (r.str("doc_id", i), r.str("plan_id", i), r.str("item_id", i))
            else {
                continue;
            };
            items.insert((d, p, id));
            if let Some(parent) = r.str("parent_id", i) {
                parents.insert((d, p, parent));
            }
        }
    }
    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(d), Some(p), Some(id)) =
                (r.str("doc_id", i), r.str("plan_id", i), r.str("item_id", i))
            else {
                continue;
            };
            if !plans.contains(&(d, p)) {
                issues.push(r.issue(i, "plan_id", format!("plan `{p}` is not in plans.csv")));
            }
            if let Some(parent) = r.str("parent_id", i)
                && !items.contains(&(d, p, parent))
            {
                issues.push(r.issue(
                    i,
                    "parent_id",
                    format!("parent item `{parent}` does not exist in plan `{p}`"),
                ));
            }
            match r.str("themes", i) {
                Some(list) => {
                    for theme in list.split(';').map(str::trim) {
                        if !themes.contains(theme) {
                            issues.push(r.issue(
                                i,
                                "themes",
                                format!("unknown theme id `{theme}`"),
                            ));
                        }
                    }
                }
                None if !parents.contains(&(d, p, id)) => {
                    issues.push(r.issue(i, "themes", "lowest-level item without themes"));
                }
                None => {}
            }
        }
    }

    // Reviewed notes point at a figure.
    let figures: HashSet<(&str, i32, &str)> = t("document_figures")
        .iter()
        .flat_map(|r| {
            (0..r.len()).filter_map(move |i| {
                Some((
                    r.str("doc_id", i)?,
                    r.int("line", i)?,
                    r.str("territory", i)?,
                ))
            })
        })
        .collect();
    for r in t("reconciliation_notes") {
        for i in 0..r.len() {
            if let (Some(d), Some(l), Some(c)) =
                (r.str("doc_id", i), r.int("line", i), r.str("territory", i))
                && !figures.contains(&(d, l, c))
            {
                issues.push(r.issue(
                    i,
                    "line",
                    format!("no figure of `{d}` for territory `{c}` on line {l}"),
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Provenance

/// Strip what the PDF conversion adds around printed text: `**` bold markers and HTML tags
/// (replaced by a space so that table cells stay apart).
pub fn clean_line(line: &str) -> String {
    let line = line.replace("**", "");
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(end) if is_tag => {
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// Every French spelling of a value as stored (`value_text`: dot decimal, optional sign,
/// printed trailing zeros kept), without its sign (printed signs vary: `+`, `-`, `−`, `- `).
pub fn spellings(value_text: &str) -> Vec<String> {
    let t = value_text.trim().trim_start_matches(['+', '-']);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut end = digits.len();
    while end > 0 {
        let start = end.saturating_sub(3);
        groups.insert(0, digits[start..end].iter().collect());
        end = start;
    }
    let separators: &[&str] = if groups.len() > 1 {
        &["", " ", "\u{a0}", "\u{202f}", "."]
    } else {
        &[""]
    };
    let mut out: Vec<String> = Vec::new();
    for sep in separators {
        let i = groups.join(sep);
        match frac {
            None => out.push(i),
            Some(f) => {
                for mark in [",", "."] {
                    if *sep == "." && mark == "." {
                        continue;
                    }
                    out.push(format!("{i}{mark}{f}"));
                }
            }
        }
    }
    out.dedup();
    out
}

/// Whether `spelling` occurs in `line` as a whole number, not as part of a longer one: no digit
/// next to it, no decimal mark + digit next to it, and no thousands group (`2 279` holds no
/// `279` and no `2`).
pub fn contains_number(line: &str, spelling: &str) -> bool {
    let leading_run = spelling.chars().take_while(char::is_ascii_digit).count();
    let has_mark = spelling.contains([',', '.']) || spelling.contains(SPACES);
    line.match_indices(spelling).any(|(start, m)| {
        let mut before = line[..start].chars().rev();
        let (b1, b2) = (before.next(), before.next());
        let mut after = line[start + m.len()..].chars();
        let (a1, a2) = (after.next(), after.next());
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        if digit(b1) || digit(a1) {
            return false;
        }
        if b1.is_some_and(|c| c == ',' || c == '.') && digit(b2) {
            return false;
        }
        if a1.is_some_and(|c| c == ',' || c == '.') && digit(a2) {
            return false;
        }
        // `2 279`: a three-digit run after a digit and a space continues that number.
        if b1.is_some_and(|c| SPACES.contains(&c)) && digit(b2) && leading_run == 3 {
            return false;
        }
        // `2 279` again, from the other side: a space then exactly three digits.
        if !has_mark && a1.is_some_and(|c| SPACES.contains(&c)) {
            let tail: String = line[start + m.len()..].chars().skip(1).take(4).collect();
            let run = tail.chars().take_while(char::is_ascii_digit).count();
            if run == 3 {
                return false;
            }
        }
        true
    })
}

/// The OCR exception. Some conversions put a stray space after the decimal comma (Haute-Garonne
/// line 864 prints `43, 2 %`). Accepting `, ` in general would let `43, 2` match `43` or `2` in
/// any list, so the spaced spelling is accepted only when the figure's note quotes it as
/// `OCR: "43, 2"`: the quote must be on the line and be the value once the space after the
/// comma is removed.
fn ocr_quote_matches(note: Option<&str>, line: &str, spellings: &[String]) -> bool {
    let Some(note) = note else { return false };
    let Some(start) = note.find("OCR: \"") else {
        return false;
    };
    let rest = &note[start + 6..];
    let Some(end) = rest.find('"') else {
        return false;
    };
    let quoted = &rest[..end];
    let fixed: String = quoted
        .replace(", ", ",")
        .trim_start_matches(['+', '-'])
        .to_string();
    quoted.contains(", ") && line.contains(quoted) && spellings.contains(&fixed)
}

fn normalise_text(s: &str) -> String {
    clean_line(s)
        .replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s.to_string()
    }
}

fn provenance<'a>(
    seeds: &Path,
    t: &dyn Fn(&str) -> &'a [Rows],
) -> (Vec<DocumentSummary>, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut docs: BTreeMap<String, DocumentSummary> = BTreeMap::new();
    // Each seed is read once; rows share it (Rc), whatever their number.
    let mut texts: HashMap<String, Option<Rc<Vec<String>>>> = HashMap::new();
    let mut seed =
        |doc: &str, issues: &mut Vec<Issue>, r: &Rows, i: usize| -> Option<Rc<Vec<String>>> {
            texts
                .entry(doc.to_string())
                .or_insert_with(|| {
                    let path = seeds.join(format!("{doc}.txt"));
                    match std::fs::read_to_string(&path) {
                        Ok(text) => Some(Rc::new(text.lines().map(str::to_string).collect())),
                        Err(e) => {
                            issues.push(r.issue(i, "doc_id", format!("{}: {e}", path.display())));
                            None
                        }
                    }
                })
                .clone()
        };
    let entry = |docs: &mut BTreeMap<String, DocumentSummary>, doc: &str| {
        docs.entry(doc.to_string())
            .or_insert_with(|| DocumentSummary {
                doc_id: doc.to_string(),
                ..Default::default()
            })
            .doc_id
            .clone()
    };
    for r in t("documents") {
        for i in 0..r.len() {
            if let Some(d) = r.str("doc_id", i) {
                entry(&mut docs, d);
                if !seeds.join(format!("{d}.txt")).is_file() {
                    issues.push(r.issue(
                        i,
                        "doc_id",
                        format!("no seed {}", seeds.join(format!("{d}.txt")).display()),
                    ));
                }
            }
        }
    }

    for r in t("document_figures") {
        for i in 0..r.len() {
            let (Some(doc), Some(line_no), Some(value)) =
                (r.str("doc_id", i), r.int("line", i), r.str("value_text", i))
            else {
                continue;
            };
            let key = entry(&mut docs, doc);
            docs.get_mut(&key).expect("entry").figures += 1;
            let Some(printed) = seed_line(&mut seed, doc, line_no, &mut issues, r, i) else {
                continue;
            };
            let cleaned = clean_line(&printed);
            let spelled = spellings(value);
            if spelled.iter().any(|s| contains_number(&cleaned, s))
                || ocr_quote_matches(r.str("note", i), &cleaned, &spelled)
            {
                docs.get_mut(&key).expect("entry").figures_ok += 1;
            } else {
                issues.push(r.issue(
                    i,
                    "value",
                    format!(
                        "{doc}: line {line_no} does not print {value} (as {}): `{}`",
                        spelled.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" / "),
                        excerpt(&cleaned)
                    ),
                ));
            }
        }
    }

    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(doc), Some(line_no), Some(title)) =
                (r.str("doc_id", i), r.int("line", i), r.str("title", i))
            else {
                continue;
            };
            let key = entry(&mut docs, doc);
            docs.get_mut(&key).expect("entry").items += 1;
            let Some(printed) = seed_line(&mut seed, doc, line_no, &mut issues, r, i) else {
                continue;
            };
            // Titles printed over several lines are joined in the data and cited at their first
            // line, so only the start of the title must be on it.
            let title = normalise_text(title);
            let start: String = title.chars().take(TITLE_START).collect();
            if title_starts_on(&normalise_text(&printed), &title) {
                docs.get_mut(&key).expect("entry").items_ok += 1;
            } else {
                issues.push(r.issue(
                    i,
                    "line",
                    format!(
                        "{doc}: line {line_no} does not start the title `{start}…`: `{}`",
                        excerpt(&printed)
                    ),
                ));
            }
        }
    }

    let line_refs: [(&str, &[&str]); 3] = [
        (
            "plans",
            &[
                "title_line",
                "adopted_line",
                "vote_line",
                "author_line",
                "completion_line",
            ],
        ),
        ("document_territories", &["line"]),
        ("comparison_sets", &["line"]),
    ];
    for (table, cols) in line_refs {
        for r in t(table) {
            for i in 0..r.len() {
                let Some(doc) = r.str("doc_id", i) else {
                    continue;
                };
                for col in cols {
                    let Some(line_no) = r.int(col, i) else {
                        continue;
                    };
                    let key = entry(&mut docs, doc);
                    docs.get_mut(&key).expect("entry").line_refs += 1;
                    let Some(lines) = seed(doc, &mut issues, r, i) else {
                        continue;
                    };
                    if line_no >= 1 && (line_no as usize) <= lines.len() {
                        docs.get_mut(&key).expect("entry").line_refs_ok += 1;
                    } else {
                        issues.push(r.issue(
                            i,
                            col,
                            format!(
                                "{doc}: line {line_no} is outside the seed ({} lines)",
                                lines.len()
                            ),
                        ));
                    }
                }
            }
        }
    }
    (docs.into_values().collect(), issues)
}

/// How much of a plan item's title must be printed on its line.
const TITLE_START: usize = 24;

/// The title starts on `line` (both normalised): the line holds its first [`TITLE_START`]
/// characters, or the line ends with words (8 characters at least) that begin the title (a
/// title wrapped over several lines, `ANIMER ET COORDONNER` / `L'OFFRE DE SOUTIEN…`).
fn title_starts_on(line: &str, title: &str) -> bool {
    let start: String = title.chars().take(TITLE_START).collect();
    if line.contains(start.trim_end()) {
        return true;
    }
    let line = line.trim_end();
    line.char_indices()
        .filter(|(i, _)| *i == 0 || line[..*i].ends_with(' '))
        .map(|(i, _)| &line[i..])
        .any(|tail| tail.len() >= 8 && title.starts_with(tail))
}

/// The seed line row `i` of `r` cites in document `doc`; a missing seed or a line outside it
/// is reported as an issue.
fn seed_line(
    seed: &mut impl FnMut(&str, &mut Vec<Issue>, &Rows, usize) -> Option<Rc<Vec<String>>>,
    doc: &str,
    line_no: i32,
    issues: &mut Vec<Issue>,
    r: &Rows,
    i: usize,
) -> Option<String> {
    let lines = seed(doc, issues, r, i)?;
    match cited_line(&lines, line_no) {
        Ok(line) => Some(line.clone()),
        Err(m) => {
            issues.push(r.issue(i, "line", format!("{doc}: {m}")));
            None
        }
    }
}

/// The seed line a row cites (1-based), or why it cannot be read.
fn cited_line(lines: &[String], line_no: i32) -> std::result::Result<&String, String> {
    usize::try_from(line_no)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|n| lines.get(n))
        .ok_or_else(|| format!("line {line_no} is outside the seed ({} lines)", lines.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str, value: &str) -> bool {
        spellings(value)
            .iter()
            .any(|s| contains_number(&clean_line(line), s))
    }

    #[test]
    fn french_spellings_are_found() {
        assert!(found("**2 279** enfants confiés au 31.12.22", "2279"));
        assert!(found("soit 2\u{a0}279 enfants", "2279"));
        assert!(found("soit 2\u{202f}279 enfants", "2279"));
        assert!(found("soit 2.279 enfants", "2279"));
        assert!(found("<td>2279</td>", "2279"));
        assert!(found("+16,1% entre 2018 et 2022", "+16.1"));
        assert!(found("-0,7 %", "-0.7"));
        assert!(found("un taux de 0,50", "0.50"));
        assert!(found("212 139 607 €", "212139607"));
    }

    #[test]
    fn part_of_a_longer_number_is_not_a_match() {
        assert!(!found("2 279 enfants", "279"));
        assert!(!found("2 279 enfants", "2"));
        assert!(!found("12 279 enfants", "2279"));
        assert!(!found("43,2 %", "43"));
        assert!(!found("43,2 %", "2"));
        assert!(!found("0,50", "0.5"));
        assert!(!found("16,15 %", "16.1"));
        assert!(found("en 2022 2 279 enfants", "2279"));
    }

    #[test]
    fn stray_ocr_space_needs_the_quote_in_the_note() {
        let line = "+ 43, 2 % de MNA";
        assert!(!found(line, "43.2"));
        let s = spellings("43.2");
        assert!(ocr_quote_matches(
            Some("OCR: \"43, 2\" (stray space)"),
            line,
            &s
        ));
        assert!(!ocr_quote_matches(Some("printed 43, 2"), line, &s));
        assert!(!ocr_quote_matches(Some("OCR: \"43, 3\""), line, &s));
    }
}
#[cfg(test)]
mod lines_tests {
    #[test]
    fn record_lines_are_physical_lines() {
        assert_eq!(super::record_lines(b"a,b\n1,2\n3,4\n5,6\n"), vec![2, 3, 4]);
        // A CRLF header before LF records (some document files): csv reports the first
        // record at the `\n` of the header.
        assert_eq!(super::record_lines(b"a,b\r\n1,2\n3,4\n"), vec![2, 3]);
        assert_eq!(super::record_lines(b"a,b\r\n1,2\r\n3,4\r\n"), vec![2, 3]);
    }
}
