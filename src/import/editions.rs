//! `depbench import [PATH ...]`: recognise each file by its content, read it as the edition it
//! is, and compare it with the editions already held.
//!
//! Files are recognised by what they hold — a workbook's sheets and table headers, a CSV's
//! header — never by their name. In a folder (read recursively) a file that is not recognised
//! is listed as ignored with the reason; a file named explicitly that is not recognised is an
//! error. Each publication file becomes `observations/<source id>.csv` (or
//! `population/<source id>.csv`), the source id naming publication and edition
//! (`drees-benef-sl-2019`): importing an edition adds its file and rewrites no other, and
//! re-importing a file writes the same bytes. Which edition is current for a key is decided
//! when the data is loaded (the newest edition holding the key), so an older edition imported
//! later never takes over.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::drees_tidy::{self, TidyEdition};
use super::drees_workbook::{self, Publication};
use super::paths::{expand, first_line, is_utf8_file};
use super::territories::{self, Known, Territory};
use super::{ObservationRow, Output, Source, book, file_name, files, insee, observations_csv};
use crate::error::{Error, Result};

/// How one imported publication file compares with the editions already held.
#[derive(Debug, Clone, PartialEq)]
pub struct EditionReport {
    pub file: String,
    pub publication: String,
    pub source_id: String,
    pub edition: i32,
    pub first_year: i32,
    pub last_year: i32,
    /// Values (NULL markers included) of keys no other edition holds.
    pub new: usize,
    /// Values equal to the newest other edition's.
    pub unchanged: usize,
    /// Values that differ from the newest other edition's.
    pub revised: usize,
    /// Keys of the same publication held by other editions and absent from this one.
    pub absent: usize,
    /// The largest revisions, by absolute difference.
    pub largest: Vec<Revision>,
    /// Whether data/ already holds this edition, and whether its file is the same.
    pub held: HeldEdition,
}

/// What data/ holds of an edition being imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldEdition {
    /// Not held: the import adds it.
    No,
    /// Held byte for byte: importing it changes nothing.
    Identical,
    /// Held with other content (another file of the same edition, or a corrected one): the
    /// import replaces it.
    Replaced,
}

/// One value that differs from another edition's.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub territory: String,
    pub indicator: String,
    pub year: i32,
    pub other_edition: String,
    pub other_value: String,
    pub value: String,
}

impl fmt::Display for EditionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The counts compare this edition with the others held (revisions between editions),
        // not with what data/ held of this same edition: that is the `held` line.
        writeln!(
            f,
            "{}: {}, édition {} ({}), années {}-{}; par rapport aux autres éditions : {} valeurs propres à cette édition, {} identiques, {} révisées, {} absentes de cette édition",
            self.file,
            self.publication,
            self.edition,
            self.source_id,
            self.first_year,
            self.last_year,
            self.new,
            self.unchanged,
            self.revised,
            self.absent
        )?;
        match self.held {
            HeldEdition::No => writeln!(f, "  édition nouvelle dans data/ : ajoutée")?,
            HeldEdition::Identical => writeln!(
                f,
                "  édition déjà dans data/ avec ces mêmes valeurs : l'import ne la change pas"
            )?,
            HeldEdition::Replaced => writeln!(
                f,
                "  édition déjà dans data/ avec d'autres valeurs : remplacée par celles de ce fichier"
            )?,
        }
        for r in &self.largest {
            writeln!(
                f,
                "  révision {} {} {}: {} (édition {}) → {} (édition {})",
                r.territory,
                r.indicator,
                r.year,
                r.other_value,
                r.other_edition,
                r.value,
                self.edition
            )?;
        }
        Ok(())
    }
}

/// An edition read, waiting for its comparison: file, publication, source id, edition, years
/// and its values by key.
type Pending = (
    String,
    String,
    String,
    i32,
    (i32, i32),
    Vec<((String, String, i32), String)>,
);

/// What a file is.
enum Kind {
    Territories,
    Variables,
    Tidy,
    Geo,
    Workbook,
    /// A département's local data kit in its long CSV form ([`super::kit`]).
    KitCsv,
    /// An OLINPE transmission (XML or `;` CSV), recognised by content ([`super::olinpe`]).
    Olinpe,
    /// The Insee COG's communes or history of changes ([`super::cog`]).
    Cog(super::cog::CogFile),
    /// DREES's national series of the aide sociale ([`super::national`]).
    National,
}

fn classify_text(path: &Path) -> Result<std::result::Result<Kind, String>> {
    if super::olinpe::recognise_path(path)?.is_some() {
        return Ok(Ok(Kind::Olinpe));
    }
    if let Some(reason) = super::olinpe::read::not_transmission_path(path)? {
        return Ok(Err(reason));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "geojson" {
        return Ok(Ok(Kind::Geo));
    }
    if ext != "csv" {
        return Ok(Ok(Kind::Workbook));
    }
    // A CSV that is not UTF-8 is refused with its line and field, never guessed.
    if !is_utf8_file(path)? {
        // Read whole only to locate the first byte that is not UTF-8 (line and field).
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        drees_tidy::utf8_text(path, &bytes)?;
    }
    let Some(line) = first_line(path)? else {
        return Ok(Err("pas un fichier texte".into()));
    };
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if let Some(cog) = super::epci_run::EpciRun::recognise(&line) {
        return Ok(Ok(Kind::Cog(cog)));
    }
    Ok(if drees_tidy::is_tidy_header(&line) {
        Ok(Kind::Tidy)
    } else if super::national::recognise_header(&line) {
        Ok(Kind::National)
    } else if super::kit::is_csv_header(&line) {
        Ok(Kind::KitCsv)
    } else if fields.starts_with(&["variable", "intitule"]) {
        Ok(Kind::Variables)
    } else if fields.starts_with(&["NumReg", "NumDept", "Departement"]) {
        Ok(Kind::Territories)
    } else {
        Err(format!(
            "l'en-tête CSV «{}» n'est aucun de ceux que depbench lit (la série mise en forme de la DREES `{}`, le catalogue des variables, la liste des départements)",
            line.chars().take(80).collect::<String>(),
            drees_tidy::HEADER.join(",")
        ))
    })
}

/// Territories known to this run: the département list of the run, else `territories.csv`
/// of the data folder.
fn known_territories(
    list: Option<&Path>,
    data_dir: Option<&Path>,
    out: &mut Output,
) -> Result<(Known, Vec<Territory>)> {
    if let Some(list) = list {
        // The list's importer reads it (and the region names of the tidy series) from the
        // shared folder layout.
        let root = list
            .to_string_lossy()
            .strip_suffix(files::DEPARTEMENTS)
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                list.parent()
                    .and_then(Path::parent)
                    .unwrap_or(Path::new(""))
                    .to_path_buf()
            });
        let terr = territories::import(&root)?;
        let known = Known::from_rows(&terr.rows);
        out.extend(terr.output);
        return Ok((known, terr.rows));
    }
    let path = data_dir
        .map(|d| d.join("territories.csv"))
        .filter(|p| p.is_file())
        .ok_or_else(|| {
            Error::Invalid(
                "aucune liste des territoires : importez la liste des départements de la DREES (liste-departements-drees.csv) avec les publications, ou dans un dossier de données qui a territories.csv".into(),
            )
        })?;
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| territories::csv_error(&path, &bytes, e))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (from_col, to_col) = (column("valid_from"), column("valid_to"));
    let year = |record: &csv::StringRecord, col: Option<usize>| {
        col.and_then(|c| record.get(c))
            .and_then(|t| t.trim().parse::<i32>().ok())
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| territories::csv_error(&path, &bytes, e))?;
        let kind = match &record[2] {
            "departement" => "departement",
            "region" => "region",
            _ => "aggregate",
        };
        rows.push(Territory {
            code: record[0].to_string(),
            name: record[1].to_string(),
            kind,
            region_code: Some(record[3].to_string()).filter(|s| !s.is_empty()),
            valid_from: year(&record, from_col),
            valid_to: year(&record, to_col),
            source_ref: String::new(),
        });
    }
    Ok((Known::from_rows(&rows), rows))
}

/// The values of observation rows by (territory, indicator, year), for edition reports.
fn keyed(rows: &[ObservationRow]) -> Vec<((String, String, i32), String)> {
    rows.iter()
        .map(|r| {
            (
                (r.territory.clone(), r.indicator.clone(), r.year),
                r.value.clone(),
            )
        })
        .collect()
}

/// Values held, by (territory, indicator, year): (edition, value text, source id).
type Held = BTreeMap<(String, String, i32), Vec<(String, String, String)>>;

/// Family of a source id (publication, whatever the edition and the format).
fn family(source_id: &str) -> &str {
    let stem = source_id
        .rsplit_once('-')
        .filter(|(_, y)| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
        .map_or(source_id, |(s, _)| s);
    match stem {
        "drees-benef-sl" | "drees-benef" => "beneficiaires",
        "drees-dep-sl" | "drees-dep" => "depenses",
        "drees-pers" | "drees-assfam" => "personnel",
        other => other,
    }
}

/// Values of the editions held in `data_dir` (observations and population files), except the
/// files this run rewrites.
/// The observation file of a source under the data directory: `observations/<id>.csv`.
fn observations_file(source_id: &str) -> PathBuf {
    PathBuf::from(format!("observations/{source_id}.csv"))
}

fn held(data_dir: Option<&Path>, rewritten: &BTreeSet<PathBuf>) -> Result<Held> {
    let mut held = Held::new();
    let Some(dir) = data_dir else {
        return Ok(held);
    };
    for (folder, population) in [("observations", false), ("population", true)] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let rel = PathBuf::from(folder).join(file_name(&path));
            if path.extension().is_none_or(|e| e != "csv") || rewritten.contains(&rel) {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let header = reader
                .headers()
                .map_err(|e| territories::csv_error(&path, &bytes, e))?
                .clone();
            let source_id = file_name(&path).trim_end_matches(".csv").to_string();
            for record in reader.records() {
                let record = record.map_err(|e| territories::csv_error(&path, &bytes, e))?;
                if population {
                    let year: i32 = record[1].parse().unwrap_or(0);
                    for i in 4..record.len() {
                        held.entry((record[0].to_string(), header[i].to_string(), year))
                            .or_default()
                            .push((
                                record[2].to_string(),
                                record[i].to_string(),
                                source_id.clone(),
                            ));
                    }
                } else {
                    let year: i32 = record[2].parse().unwrap_or(0);
                    held.entry((record[0].to_string(), record[1].to_string(), year))
                        .or_default()
                        .push((
                            record[7].to_string(),
                            record[3].to_string(),
                            record[5].to_string(),
                        ));
                }
            }
        }
    }
    Ok(held)
}

/// Compare an edition's values with the newest other edition holding each key.
fn compare(
    held: &Held,
    file: &str,
    publication: &str,
    source_id: &str,
    edition: i32,
    years: (i32, i32),
    values: &[((String, String, i32), String)],
) -> EditionReport {
    let fam = family(source_id);
    let mut report = EditionReport {
        file: file.to_string(),
        publication: publication.to_string(),
        source_id: source_id.to_string(),
        edition,
        first_year: years.0,
        last_year: years.1,
        new: 0,
        unchanged: 0,
        revised: 0,
        absent: 0,
        largest: Vec::new(),
        held: HeldEdition::No,
    };
    let mut revisions: Vec<(f64, Revision)> = Vec::new();
    let mut mine: BTreeSet<&(String, String, i32)> = BTreeSet::new();
    let mut indicators: BTreeSet<&str> = BTreeSet::new();
    for (key, value) in values {
        mine.insert(key);
        indicators.insert(&key.1);
        let other = held.get(key).and_then(|v| {
            v.iter()
                .filter(|(_, _, s)| s != source_id)
                .max_by(|a, b| a.0.cmp(&b.0))
        });
        match other {
            None => report.new += 1,
            Some((e, v, _)) => {
                let same = v == value
                    || matches!((v.parse::<f64>(), value.parse::<f64>()), (Ok(a), Ok(b)) if a == b);
                if same {
                    report.unchanged += 1;
                } else {
                    report.revised += 1;
                    let diff = match (v.parse::<f64>(), value.parse::<f64>()) {
                        (Ok(a), Ok(b)) => (b - a).abs(),
                        _ => f64::INFINITY,
                    };
                    revisions.push((
                        diff,
                        Revision {
                            territory: key.0.clone(),
                            indicator: key.1.clone(),
                            year: key.2,
                            other_edition: e.clone(),
                            other_value: if v.is_empty() {
                                "NULL".into()
                            } else {
                                v.clone()
                            },
                            value: if value.is_empty() {
                                "NULL".into()
                            } else {
                                value.clone()
                            },
                        },
                    ));
                }
            }
        }
    }
    for (key, v) in held {
        if !mine.contains(key)
            && indicators.contains(key.1.as_str())
            && v.iter().any(|(_, _, s)| s != source_id && family(s) == fam)
        {
            report.absent += 1;
        }
    }
    revisions.sort_by(|a, b| b.0.total_cmp(&a.0));
    report.largest = revisions.into_iter().take(5).map(|(_, r)| r).collect();
    report
}

/// Import the publication files found under `paths` into the base held in `data_dir` (`None`:
/// a fresh base). Returns the files to write, nothing written yet.
///
/// Errors: a file named explicitly that is not recognised; any cell, line or field breaking
/// the rules (named, with what was expected and found); two different files claiming the same
/// publication and edition.
pub fn import_paths(paths: &[PathBuf], data_dir: Option<&Path>) -> Result<Output> {
    let mut out = Output::default();
    let mut kinds = Vec::new();
    let mut list = None;
    let (found, skipped) = expand(paths)?;
    out.ignored.extend(skipped);
    for (path, root, explicit) in found {
        match classify_text(&path)? {
            Ok(Kind::Territories) => list = Some(path.clone()),
            Ok(kind) => kinds.push((path, root, explicit, kind)),
            Err(reason) if explicit => {
                return Err(Error::Invalid(format!(
                    "{} : pas un fichier que depbench importe : {reason}",
                    path.display()
                )));
            }
            Err(reason) => out.ignored.push((path, reason)),
        }
    }
    let (known, territory_rows) = known_territories(list.as_deref(), data_dir, &mut out)?;
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    if list.is_some() {
        sources.insert(
            "drees-departements".into(),
            Source::open(
                "drees-departements",
                "DREES",
                "Liste des départements (codage DREES)",
                "2022",
                files::DEPARTEMENTS,
            ),
        );
    }
    let origin = |path: &Path, root: &Path| {
        path.strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| file_name(path))
    };
    let mut units = BTreeMap::new();
    let mut tidy: Vec<(TidyEdition, String)> = Vec::new();
    let mut variables = None;
    // Reports are built once every file is read, against what is held outside this run.
    let mut pending: Vec<Pending> = Vec::new();
    // Counts of persons read, checked against the populations once every file is read.
    let mut counts: Vec<(PathBuf, Vec<ObservationRow>)> = Vec::new();
    // Publications that code their territories their own way for every year they print (the
    // minima sociaux keep Corse-du-Sud and Haute-Corse to 2019): validity leaves them as printed.
    let mut own_codes: BTreeSet<String> = BTreeSet::new();
    let mut written: BTreeMap<PathBuf, String> = BTreeMap::new();
    // Local data kits, placed once every file is read (one per département and run).
    let mut kits: Vec<(super::kit::Kit, String)> = Vec::new();
    // The EPCI map's files (DGCL, COG, commune outlines), read together once all are known.
    let mut epci = super::epci_run::EpciRun::default();
    // OLINPE extracts, imported together once every file is classified.
    let mut olinpe: Vec<PathBuf> = Vec::new();
    let mut claim = |rel: PathBuf, file: String| -> Result<()> {
        if let Some(first) = written.insert(rel.clone(), file.clone())
            && first != file
        {
            return Err(Error::Invalid(format!(
                "{first} et {file} sont tous deux {} : attendu : un fichier par publication et par édition",
                rel.display()
            )));
        }
        Ok(())
    };
    for (path, root, explicit, kind) in kinds {
        let file = file_name(&path);
        match kind {
            Kind::Territories => unreachable!("handled first"),
            Kind::Variables => variables = Some(path),
            Kind::Olinpe => olinpe.push(path),
            Kind::Cog(kind) => epci.cog(&path, kind, origin(&path, &root))?,
            Kind::National => {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let n = super::national::read(&path, &bytes)?;
                claim(PathBuf::from(&n.rel), file.clone())?;
                let source = n.source(&origin(&path, &root));
                sources.insert(source.id.clone(), source);
                out.file(&n.rel, n.csv);
                out.accounts.push(n.account);
            }
            Kind::KitCsv => {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let kit = super::kit::read_csv(&path, &bytes, &territory_rows)?;
                kits.push((kit, origin(&path, &root)));
            }
            Kind::Geo => {
                // The metropolitan file gives the metropolitan outlines, the file with the
                // overseas départements their outlines (insets of the map): one CSV each.
                let shapes =
                    super::geo::import_geojson(&path).map_err(|e| Error::Invalid(e.to_string()))?;
                // Commune outlines (5-character codes) are the EPCI maps' material, not
                // département outlines.
                if !shapes.is_empty() && shapes.iter().all(|s| s.code.len() == 5) {
                    epci.outline(path.clone(), origin(&path, &root));
                    continue;
                }
                let coverage = super::geo::Coverage::of(&shapes);
                claim(
                    PathBuf::from(format!("geo/{}", coverage.csv_file())),
                    file.clone(),
                )?;
                out.extend(super::geo_shapes(&path, shapes)?);
                sources.insert(
                    coverage.source_id().into(),
                    Source::open(
                        coverage.source_id(),
                        "IGN",
                        coverage.source_title(),
                        "2018",
                        &origin(&path, &root),
                    ),
                );
            }
            Kind::Tidy => {
                let mut t = drees_tidy::read_tidy(&path, &known, &mut units)?;
                let rel = observations_file(&t.source_id);
                claim(rel.clone(), file.clone())?;
                sources.insert(
                    t.source_id.clone(),
                    Source::open(
                        &t.source_id,
                        "DREES",
                        &format!(
                            "{}, prolongées (fichier CSV mis en forme), {}-{}",
                            t.publication.title(),
                            t.first_year,
                            t.last_year
                        ),
                        &t.edition.to_string(),
                        &origin(&path, &root),
                    ),
                );
                pending.push((
                    file.clone(),
                    format!("{} (CSV)", t.publication.title()),
                    t.source_id.clone(),
                    t.edition,
                    (t.first_year, t.last_year),
                    keyed(&t.rows),
                ));
                // The rows go to their file and, for counts, to the population check: moved,
                // never copied (a tidy file can be large).
                let rows = std::mem::take(&mut t.rows);
                out.file(rel, observations_csv(&rows));
                if t.publication.counts() {
                    counts.push((path.clone(), rows));
                }
                out.accounts.push(t.account.clone());
                tidy.push((t, file));
            }
            Kind::Workbook => {
                let mut book = match book::open(&path) {
                    Ok(b) => b,
                    Err(e) if explicit => return Err(e),
                    Err(e) => {
                        // A workbook that cannot be read (protected, cut short, damaged, too
                        // large) is ignored with that reason; other files are no workbook.
                        let reason = match e {
                            Error::Workbook { message, .. }
                                if !message.starts_with("impossible d'ouvrir le classeur") =>
                            {
                                message
                            }
                            Error::Cell {
                                sheet,
                                cell,
                                message,
                                ..
                            } => format!("feuille `{sheet}`, cellule {cell} : {message}"),
                            _ => "ni un classeur ni un fichier CSV que depbench lit".into(),
                        };
                        out.ignored.push((path, reason));
                        continue;
                    }
                };
                if super::kit::recognise(&book) {
                    let kit = super::kit::read_workbook(&path, &mut book, &territory_rows)?;
                    kits.push((kit, origin(&path, &root)));
                    continue;
                }
                if epci.workbook(&path, &mut book, origin(&path, &root))? {
                    continue;
                }
                if insee::recognise(&mut book, &path)? {
                    let p = insee::read(&path, &mut book, &known)?;
                    let rel = PathBuf::from(format!("population/{}.csv", p.source_id));
                    claim(rel.clone(), file.clone())?;
                    sources.insert(
                        p.source_id.clone(),
                        Source::open(
                            &p.source_id,
                            "Insee",
                            &format!(
                                "Estimations de population par département, sexe et âge quinquennal, {}-{}",
                                p.first_year, p.last_year
                            ),
                            &p.edition.to_string(),
                            &origin(&path, &root),
                        ),
                    );
                    let columns = crate::model::schema::population_wide();
                    pending.push((
                        file.clone(),
                        "Estimations de population Insee (département, sexe, âge)".into(),
                        p.source_id.clone(),
                        p.edition,
                        (p.first_year, p.last_year),
                        p.values
                            .iter()
                            .map(|((t, y, i), v)| {
                                (
                                    (t.clone(), columns.field(i + 4).name().clone(), *y),
                                    v.clone(),
                                )
                            })
                            .collect(),
                    ));
                    out.file(rel, p.csv);
                    out.accounts.extend(p.accounts);
                    continue;
                }
                if super::minima::recognise(&mut book, &path)? {
                    let m = match super::minima::read(&path, &mut book, &known)? {
                        Ok(m) => m,
                        Err(reason) => {
                            out.ignored.push((path, reason));
                            continue;
                        }
                    };
                    let rel = observations_file(&m.source_id);
                    claim(rel.clone(), file.clone())?;
                    let source = m.source(&origin(&path, &root));
                    sources.insert(source.id.clone(), source);
                    pending.push((
                        file.clone(),
                        super::minima::TITLE.to_string(),
                        m.source_id.clone(),
                        m.edition,
                        (m.first_year, m.last_year),
                        keyed(&m.rows),
                    ));
                    own_codes.insert(m.source_id.clone());
                    out.file(rel, observations_csv(&m.rows));
                    counts.push((path.clone(), m.rows));
                    out.accounts.extend(m.accounts);
                    continue;
                }
                if super::prestations::recognise(&mut book, &path)? {
                    let m = super::prestations::read(&path, &mut book, &known)?;
                    let (rel, bytes) = m.csv();
                    claim(PathBuf::from(&rel), file.clone())?;
                    let source = m.source(&origin(&path, &root));
                    sources.insert(source.id.clone(), source);
                    out.file(rel, bytes);
                    out.accounts.extend(m.accounts);
                    continue;
                }
                match drees_workbook::read(&path, &mut book, &known)? {
                    Ok(w) => {
                        let rel = observations_file(&w.source_id);
                        claim(rel.clone(), file.clone())?;
                        sources.insert(
                            w.source_id.clone(),
                            Source::open(
                                &w.source_id,
                                "DREES",
                                &format!(
                                    "{}, édition {} (données {}-{})",
                                    w.publication.title(),
                                    w.edition,
                                    w.first_year,
                                    w.last_year
                                ),
                                &w.edition.to_string(),
                                &origin(&path, &root),
                            ),
                        );
                        pending.push((
                            file.clone(),
                            w.publication.title().to_string(),
                            w.source_id.clone(),
                            w.edition,
                            (w.first_year, w.last_year),
                            keyed(&w.rows),
                        ));
                        out.file(rel, observations_csv(&w.rows));
                        if w.publication.counts() {
                            counts.push((path.clone(), w.rows));
                        }
                        out.accounts.extend(w.accounts);
                    }
                    Err(reason) if explicit => {
                        return Err(Error::Invalid(format!(
                            "{} : pas une publication que depbench importe : {reason}",
                            path.display()
                        )));
                    }
                    Err(reason) => out.ignored.push((path, reason)),
                }
            }
        }
    }

    epci.finish(data_dir, &mut out, &mut sources)?;
    out.extend(super::olinpe::import(&olinpe, data_dir)?);

    let mut kit_reports = Vec::new();
    for (i, (kit, origin)) in kits.iter().enumerate() {
        if let Some((other, _)) = kits[..i].iter().find(|(k, _)| k.territory == kit.territory) {
            return Err(Error::Invalid(format!(
                "{} et {} sont tous deux des kits de {} ({}) : importez un seul kit par département à la fois (le dernier importé devient son édition courante)",
                other.file, kit.file, kit.territory_name, kit.territory
            )));
        }
        let placed = super::kit::place(kit, origin, data_dir)?;
        out.accounts.push(kit.account.clone());
        sources.insert(placed.source.id.clone(), placed.source);
        out.file(placed.rel, placed.bytes);
        kit_reports.push(placed.report);
    }

    // Sources held already stay; this run's replace theirs.
    let mut all_sources = existing_sources(data_dir)?;
    all_sources.extend(sources);
    if let Some(path) = variables {
        // The variables describe the tidy series read in the same run (their units come from
        // them): alone, they describe nothing.
        if tidy.is_empty() {
            return Err(Error::Invalid(format!(
                "{} : la liste des variables de la DREES décrit les séries mises en forme (ase-beneficiaires-*.csv, ase-depenses-*.csv, assistants-familiaux-*.csv) : importez-la avec elles, par exemple `depbench import {}`",
                path.display(),
                path.parent()
                    .map_or(".".into(), |p| p.display().to_string())
            )));
        }
        let mut by_publication: BTreeMap<Publication, String> = BTreeMap::new();
        for (t, _) in &tidy {
            let entry = by_publication.entry(t.publication).or_default();
            if t.source_id > *entry {
                *entry = t.source_id.clone();
            }
        }
        let mut newest: BTreeMap<String, String> = BTreeMap::new();
        for id in all_sources.keys() {
            if let Some((stem, _)) = id.rsplit_once('-') {
                let e = newest.entry(stem.to_string()).or_default();
                if id > e {
                    *e = id.clone();
                }
            }
        }
        let (indicators, account) =
            drees_tidy::read_variables(&path, &units, &by_publication, &newest)?;
        out.file("indicators.csv", indicators);
        out.accounts.push(account);
    }
    out.file("sources.csv", super::sources_csv(&all_sources));

    out.ignored.sort();
    // A value of a territory outside its validity years is NULL `not_applicable`, whatever the
    // file prints: in the files written and in what editions are compared on. The minima
    // sociaux print 2A and 2B to 2019 with real counts: their files are left as printed.
    let own_files: BTreeSet<PathBuf> = own_codes.iter().map(|id| observations_file(id)).collect();
    super::validity::apply(&mut out, &territory_rows, &own_files)?;
    let bounded: Vec<&Territory> = territory_rows
        .iter()
        .filter(|t| t.valid_from.is_some() || t.valid_to.is_some())
        .collect();
    for p in pending.iter_mut().filter(|p| !own_codes.contains(&p.2)) {
        for ((territory, _, year), value) in p.5.iter_mut() {
            if super::validity::outside(&bounded, territory, *year) {
                value.clear();
            }
        }
    }
    let mut held = held(data_dir, &BTreeSet::new())?;
    // Other editions of this run count as held: each file compares with every other edition.
    for (_, _, source_id, edition, _, values) in &pending {
        for (key, v) in values {
            held.entry(key.clone()).or_default().push((
                edition.to_string(),
                v.clone(),
                source_id.clone(),
            ));
        }
    }
    // A count is never above its territory's population (this run's Insee edition or the
    // newest held).
    let populations = super::bounds::populations(
        held.iter()
            .filter(|((_, column, _), _)| column == super::bounds::TOTAL_COLUMN)
            .flat_map(|((territory, _, year), values)| {
                values
                    .iter()
                    .map(move |(e, v, _)| (territory.as_str(), *year, e.as_str(), v.as_str()))
            }),
        &territory_rows,
    );
    for (path, rows) in &counts {
        super::bounds::check_counts(path, rows, &populations)?;
    }
    for (file, publication, source_id, edition, years, values) in &pending {
        let mut report = compare(
            &held,
            file,
            publication,
            source_id,
            *edition,
            *years,
            values,
        );
        let held_file = data_dir.and_then(|d| {
            out.files
                .iter()
                .find(|(rel, _)| file_name(rel).trim_end_matches(".csv") == source_id)
                .and_then(|(rel, bytes)| std::fs::read(d.join(rel)).ok().map(|h| h == *bytes))
        });
        report.held = match held_file {
            None => HeldEdition::No,
            Some(true) => HeldEdition::Identical,
            Some(false) => HeldEdition::Replaced,
        };
        out.reports.push(report);
    }
    out.reports.extend(kit_reports);
    Ok(out)
}

/// Rows of `sources.csv` in the data folder, by id.
fn existing_sources(data_dir: Option<&Path>) -> Result<BTreeMap<String, Source>> {
    let mut rows = BTreeMap::new();
    let Some(path) = data_dir
        .map(|d| d.join("sources.csv"))
        .filter(|p| p.is_file())
    else {
        return Ok(rows);
    };
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    for record in reader.records() {
        let r = record.map_err(|e| territories::csv_error(&path, &bytes, e))?;
        if r.len() < 6 {
            continue;
        }
        rows.insert(
            r[0].to_string(),
            Source {
                id: r[0].into(),
                publisher: r[1].into(),
                title: r[2].into(),
                edition: r[3].into(),
                licence: r[4].into(),
                origin: r[5].into(),
            },
        );
    }
    Ok(rows)
}
