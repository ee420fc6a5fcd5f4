//! Importers: official files (DREES, Insee, IGN) → normalised CSV under `data/`; which file is
//! which publication and edition is decided in [`editions`].
//!
//! Every importer reads its whole input first and returns the files to write plus an
//! [`Account`] of every row it read. Nothing is written until every importer of the run has
//! succeeded ([`Output::commit`]), so a bad input leaves `data/` untouched; the commit itself is
//! atomic as a whole, one import at a time ([`commit`]).

pub mod book;
pub mod bounds;
pub mod cog;
pub mod commit;
pub mod context;
pub mod drees_tidy;
pub mod drees_workbook;
pub mod editions;
pub mod epci;
pub mod epci_run;
pub mod geo;
pub mod insee;
pub mod kit;
pub mod minima;
pub mod national;
pub mod olinpe;
pub mod outlines;
pub mod package;
mod paths;
pub mod prestations;
pub mod series;
pub mod territories;
pub mod validity;

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Today's file names in the shared folder, relative to `shared/data/`: the territory list
/// importer reads the département list and the region names of the tidy series from there;
/// tests name files with them. Publications are never recognised by these names.
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
    /// Rows not loaded, by reason, with the first locations ([`Account::LOCATIONS_KEPT`] at most:
    /// a file of millions of repeated rows is accounted for without holding every location).
    pub skipped: BTreeMap<String, Vec<String>>,
    /// Rows not loaded beyond the locations kept in `skipped`, by reason.
    pub skipped_more: BTreeMap<String, usize>,
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
        let reason = reason.into();
        let kept = self.skipped.entry(reason.clone()).or_default();
        if kept.len() < Self::LOCATIONS_KEPT {
            kept.push(location.into());
        } else {
            *self.skipped_more.entry(reason).or_default() += 1;
        }
    }

    /// Locations kept per reason of a row not loaded; the others are counted.
    pub const LOCATIONS_KEPT: usize = 20;

    /// Rows not loaded for `reason`.
    pub fn skipped_count(&self, reason: &str) -> usize {
        self.skipped.get(reason).map_or(0, Vec::len)
            + self.skipped_more.get(reason).copied().unwrap_or(0)
    }

    /// Rows not loaded.
    pub fn rows_skipped(&self) -> usize {
        self.skipped.values().map(Vec::len).sum::<usize>()
            + self.skipped_more.values().sum::<usize>()
    }
}

/// A count as French readers write it: `6 772` (a no-break space between thousands).
fn count(n: usize) -> String {
    crate::model::format::number(n as f64, 0)
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} : {} lignes lues, {} chargées ({} valeurs), {} non chargées",
            self.input,
            count(self.rows_read),
            count(self.rows_loaded),
            count(self.values_loaded),
            count(self.rows_skipped())
        )?;
        for (reason, locations) in &self.skipped {
            let shown: Vec<_> = locations.iter().take(5).map(String::as_str).collect();
            let n = self.skipped_count(reason);
            let more = n.saturating_sub(shown.len());
            write!(f, "  {} × {reason} : {}", count(n), shown.join(", "))?;
            if more > 0 {
                write!(f, " (+{} autres)", count(more))?;
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
    /// One report per publication file imported: its edition and how it compares with the
    /// editions already held.
    pub reports: Vec<editions::EditionReport>,
    /// Files of the folders read that are not recognised, with the reason.
    pub ignored: Vec<(PathBuf, String)>,
    /// What an import kept but wants said (OLINPE: values left empty because they could not
    /// be typed, unknown variables, an extract replacing one held), in French.
    pub notes: Vec<String>,
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
        self.reports.extend(other.reports);
        self.ignored.extend(other.ignored);
        self.notes.extend(other.notes);
    }

    /// Write every file under `data_dir` all or nothing ([`commit`]): the exclusive lock of
    /// the folder is taken (waiting for another import), then [`Output::commit_locked`].
    pub fn commit(&self, data_dir: &Path) -> Result<()> {
        fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        let lock = commit::Lock::exclusive(data_dir, &commit::import_busy(data_dir))?;
        self.commit_locked(&lock)
    }

    /// Write every file under the data directory `lock` holds, as one commit: staged under a
    /// name unique to this run, then moved into place through a journal that the next run
    /// completes if this one dies ([`commit::commit`]). The `NAME.tmp` files older depbench
    /// versions left beside the files written here are removed.
    pub fn commit_locked(&self, lock: &commit::Lock) -> Result<()> {
        let files = self
            .files
            .iter()
            .map(|(rel, bytes)| (rel.as_path(), bytes.as_slice()));
        commit::commit(lock, files, &[])?;
        for rel in self.files.keys() {
            let mut legacy = lock.dir().join(rel).into_os_string();
            legacy.push(".tmp");
            let _ = fs::remove_file(PathBuf::from(legacy));
        }
        Ok(())
    }
}

/// Import everything in `shared_data` (the `shared/data` folder) and its sibling
/// `shared/context` (the socio-demographic context, when present) as a fresh base: what
/// [`editions::import_paths`] makes of those folders with no data held yet — what
/// `depbench import` does with no argument.
pub fn import_all(shared_data: &Path) -> Result<Output> {
    let mut paths = vec![shared_data.to_path_buf()];
    paths.extend(
        shared_data
            .parent()
            .map(|p| p.join("context"))
            .filter(|p| p.is_dir()),
    );
    editions::import_paths(&paths, None)
}

/// IGN boundaries → simplified `geo/departements.csv` (metropolitan outlines) or
/// `geo/outre-mer.csv` (overseas outlines of a file that has them, see [`geo::Coverage`]) and
/// its `geo/SOURCE*.md` attribution. Every feature read is accounted for: loaded, or not loaded
/// because the metropolitan outlines come from the metropolitan file.
pub fn geo(path: &Path) -> Result<Output> {
    let shapes = geo::import_geojson(path).map_err(|e| Error::Invalid(e.to_string()))?;
    geo_shapes(path, shapes)
}

/// [`fn@geo`] on the outlines already read from `path`.
pub fn geo_shapes(path: &Path, shapes: Vec<crate::model::shape::Shape>) -> Result<Output> {
    let geo_err = |e: geo::GeoError| Error::Invalid(e.to_string());
    let coverage = geo::Coverage::of(&shapes);
    let mut account = Account::new(file_name(path));
    account.rows_read = shapes.len();
    let (kept, left): (Vec<_>, Vec<_>) = shapes.into_iter().partition(|s| coverage.keeps(s));
    for s in &left {
        account.skip(
            "contour métropolitain : pris dans le fichier métropolitain (departements-version-simplifiee)",
            s.code.clone(),
        );
    }
    account.rows_loaded = kept.len();
    let simplified = geo::simplify(&kept, geo::DEFAULT_TOLERANCE);
    account.values_loaded = simplified.iter().flat_map(|s| &s.rings).map(Vec::len).sum();
    let mut csv = Vec::new();
    geo::write_csv(&simplified, &mut csv).map_err(geo_err)?;
    let mut out = Output::default();
    out.file(format!("geo/{}", coverage.csv_file()), csv);
    let md = geo::source_md(&file_name(path), geo::DEFAULT_TOLERANCE, &simplified);
    out.file(
        format!("geo/{}", coverage.source_md_file()),
        md.into_bytes(),
    );
    out.accounts.push(account);
    Ok(out)
}

/// A published source: one row of `data/sources.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub id: String,
    pub publisher: String,
    pub title: String,
    pub edition: String,
    pub licence: String,
    pub origin: String,
}

impl Source {
    /// A source published under the Licence Ouverte.
    pub fn open(id: &str, publisher: &str, title: &str, edition: &str, origin: &str) -> Self {
        Source {
            id: id.into(),
            publisher: publisher.into(),
            title: title.into(),
            edition: edition.into(),
            licence: "Licence Ouverte".into(),
            origin: origin.into(),
        }
    }
}

/// `sources.csv` from its rows, sorted by id.
pub fn sources_csv(rows: &BTreeMap<String, Source>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "publisher", "title", "edition", "licence", "origin"])
        .expect("in-memory write");
    for s in rows.values() {
        w.write_record([
            &s.id,
            &s.publisher,
            &s.title,
            &s.edition,
            &s.licence,
            &s.origin,
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

pub use book::marker;

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

/// Shortest text that reads back as exactly `v` (no rounding, no trailing `.0`), zero
/// unsigned ([`crate::model::numbers::text`]).
pub fn number_text(v: f64) -> String {
    crate::model::numbers::text(v)
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
    pub source_id: String,
    /// Location in the source file named by `source_id`: `Tab1-ase!D8` or `line 12`.
    pub source_ref: String,
    /// Edition of the publication (a year: `2020`).
    pub edition: String,
}

/// Serialise observation rows, sorted by territory, indicator, year for stable diffs.
pub fn observations_csv(rows: &[ObservationRow]) -> Vec<u8> {
    // Sorted by reference: the rows keep their reading order (errors name the first bad row
    // read) and are never copied.
    let mut rows: Vec<&ObservationRow> = rows.iter().collect();
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
            &r.source_id,
            &r.source_ref,
            &r.edition,
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

    /// A file of millions of repeated rows is accounted for row by row, holding only the first
    /// locations of each reason.
    #[test]
    fn skipped_rows_are_counted_with_their_first_locations() {
        let mut a = Account::new("x.csv");
        for line in 2..=31 {
            a.skip("repeats a row already read", format!("line {line}"));
        }
        a.skip("other", "line 40");
        assert_eq!(a.rows_skipped(), 31);
        assert_eq!(a.skipped_count("repeats a row already read"), 30);
        assert_eq!(
            a.skipped["repeats a row already read"].len(),
            Account::LOCATIONS_KEPT
        );
        assert_eq!(a.skipped["repeats a row already read"][19], "line 21");
        assert_eq!(
            a.to_string(),
            "x.csv : 0 lignes lues, 0 chargées (0 valeurs), 31 non chargées\n  \
             1 × other : line 40\n  \
             30 × repeats a row already read : line 2, line 3, line 4, line 5, line 6 (+25 autres)\n"
        );
    }

    #[test]
    fn numbers_are_kept_exact() {
        assert_eq!(number_text(7512.02567594263), "7512.02567594263");
        assert_eq!(number_text(38379.0), "38379");
        assert_eq!(value_status(1.5, true, false), "imputed");
        assert_eq!(value_status(1.5, false, false), "published");
    }
}
