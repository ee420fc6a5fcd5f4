//! OLINPE: a département's pseudonymised, event-level extract of its child-protection measures
//! (CASF D226-3-x, Annexe 2-8), read and stored for the indicators of `queries/views/olinpe_*`.
//!
//! Personal data: the files read and the Parquet written (under the data directory's
//! `olinpe/`, ignored by git) are never committed; tests use synthetic extracts only.
//!
//! * [`read`]: the transmission as it is (XML in UTF-8 or cp1252, or the `;` CSV), every
//!   variable optional text; recognised by content ([`recognise_path`]).
//! * [`events`]: 2011 rows converted to 2016, the variables the indicators use typed.
//! * [`persons`]: union-find over `NUMANONYMANT`.
//! * [`rules`]: the inferred rules (types, NSP, converter, validator filters) in one place.
//! * [`synth`]: synthetic extracts in the transmission format.
//! * [`fast`]: the streaming path through a UTF-8 XML of the 2016 scheme (same rows).
//! * [`derived`]: persons, measures, periods, parcours and extracts computed once from every
//!   event held.
//! * [`indicators`]: the indicator tables computed from them (`olinpe/indicateurs/`), in the
//!   same commit.
//!
//! Storage: `olinpe/evenements/<département>_<année>.parquet` (one partition per département
//! and year of extract; a new extract of the same département and year replaces it), then the
//! files [`derived`] rebuilds from every partition at each import (`olinpe/personnes.parquet`,
//! `mesures.parquet`, `prises_en_charge.parquet`, `parcours.parquet`, `extractions.parquet`),
//! committed with the other files of the import, all or nothing.

pub mod dates;
pub mod derived;
pub mod events;
pub mod fast;
pub mod identity;
pub mod indicators;
pub mod persons;
pub mod read;
pub mod rules;
pub mod synth;
pub mod unmeasured;

/// The import's maps: short keys, never chosen to collide (variable names, `NUMANONYM`
/// digests), hashed by `foldhash`'s fixed-seed hash, several times faster than SipHash on the
/// ~30 look-ups of every `<DONNEE>`. Iteration order is never relied on: every output is sorted.
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{Account, Output, file_name};
use crate::error::{Error, Result};
use events::{Scheme, departement_code};
use read::{Format, RawFile};

/// The folder of the data directory holding OLINPE data (git-ignored).
pub const FOLDER: &str = "olinpe";
/// The partitions of events: `<département>_<année>.parquet`.
pub const EVENTS_FOLDER: &str = "olinpe/evenements";
/// Identifiers → persons.
pub const PERSONS_FILE: &str = "olinpe/personnes.parquet";
/// The measures, derived from every event held ([`derived`]).
pub const MEASURES_FILE: &str = "olinpe/mesures.parquet";
/// The continuous care periods, derived from the measures ([`derived`]).
pub const PERIODS_FILE: &str = "olinpe/prises_en_charge.parquet";
/// The parcours of each person, derived from the measures ([`derived`]).
pub const SEQUENCES_FILE: &str = "olinpe/parcours.parquet";
/// The extracts held: file, département, year, events ([`derived`]).
pub const EXTRACTS_FILE: &str = "olinpe/extractions.parquet";

/// Whether the file at `path` is an OLINPE transmission (first 4 KiB looked at), and its format.
pub fn recognise_path(path: &Path) -> Result<Option<Format>> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    Ok(read::recognise(&head))
}

/// One transmission file read: what it is and its rows, untyped.
#[derive(Debug, Clone)]
pub struct Extract {
    pub path: PathBuf,
    /// The file name, as events cite it.
    pub file: String,
    /// COG code of the département (`17`, `2A`, `971`, `69D`).
    pub departement: String,
    /// The year the extract covers (events of that civil year).
    pub year: i32,
    pub scheme: Scheme,
    pub raw: RawFile,
}

/// What the file name tells: `ONED-<NUMDEP>-<AAAAMMJJ>_<année>.XML` (§4.2): département and year.
pub fn name_parts(file: &str) -> (Option<String>, Option<i32>) {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let year = stem
        .rsplit_once('_')
        .and_then(|(_, y)| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten())
        .filter(|y| dates::plausible_year(*y));
    let parts: Vec<&str> = stem.split(['-', '_']).collect();
    let dep = (parts.len() >= 3 && parts[0].eq_ignore_ascii_case("ONED"))
        .then(|| departement_code(parts[1]));
    (dep, year)
}

/// Read one transmission file of `format`: département and year ([`identity::identify`]),
/// scheme ([`Scheme::detect`]). Errors in French, located: what cannot be read at all, a file
/// without any `<DONNEE>`, a département or year that cannot be told or cannot be (outside the
/// COG, after the current year).
pub fn read_extract(path: &Path, format: Format) -> Result<Extract> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let raw = read::read(path, &bytes, format)?;
    let file = file_name(path);
    if raw.donnees.is_empty() {
        return Err(Error::Invalid(format!(
            "{} : fichier OLINPE sans aucun <DONNEE> (aucun événement) : un événement au moins attendu",
            path.display()
        )));
    }
    let identity::Identity {
        departement, year, ..
    } = identity::identify(path, &file, &raw)?;
    let scheme = Scheme::detect(raw.version_xsd.as_deref(), &raw.donnees);
    Ok(Extract {
        path: path.to_path_buf(),
        file,
        departement,
        year,
        scheme,
        raw,
    })
}

/// Phase timings of an OLINPE import on stderr, `timing olinpe <phase> : <s> s (<s> s depuis le
/// début)`, when the environment variable `DEPBENCH_TIMING` is `1` (profiling and
/// `scripts/bench-olinpe.sh`; nothing is printed otherwise). `start` is the import's start.
pub fn timing(phase: &str, start: std::time::Instant, last: &mut std::time::Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var("DEPBENCH_TIMING").is_ok_and(|v| v.trim() == "1")) {
        let now = std::time::Instant::now();
        eprintln!(
            "timing olinpe {phase} : {:.2} s ({:.2} s depuis le début)",
            (now - *last).as_secs_f64(),
            (now - start).as_secs_f64()
        );
        *last = now;
    }
}

fn partition_rel(departement: &str, year: i32) -> PathBuf {
    PathBuf::from(format!("{EVENTS_FOLDER}/{departement}_{year}.parquet"))
}

fn positions(p: &[usize]) -> Vec<String> {
    p.iter().map(|n| format!("<DONNEE> n° {n}")).collect()
}

/// Read back the columns of a stored partition that the measures read ([`derived`]).
fn stored_events(path: &Path) -> Result<Vec<RecordBatch>> {
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    const READ: [&str; 22] = [
        "file",
        "departement",
        "year",
        "numanonym",
        "numanonymant",
        "typev",
        "decision",
        "natpdecadm",
        "natdecassed",
        "typinterdom",
        "motfinint",
        "motifml",
        "anais",
        "mnais",
        "datdeb",
        "datfin",
        "datdecpe",
        "datip",
        "notifeval",
        "fineval",
        "chglieu",
        "nbchglieu",
    ];
    let err =
        |e: &dyn std::fmt::Display| Error::Invalid(format!("{} : parquet : {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| err(&e))?;
    let schema = builder.parquet_schema();
    let wanted: Vec<usize> = (0..schema.num_columns())
        .filter(|&i| READ.contains(&schema.column(i).name()))
        .collect();
    let mask = ProjectionMask::leaves(schema, wanted);
    builder
        .with_projection(mask)
        .with_batch_size(65_536)
        .build()
        .map_err(|e| err(&e))?
        .map(|b| b.map_err(|e| err(&e)))
        .collect()
}

/// One file imported: its partition, its account and notes.
struct Imported {
    rel: PathBuf,
    file: String,
    departement: String,
    year: i32,
    bytes: Vec<u8>,
    account: Account,
    notes: Vec<String>,
}

/// Read, type and encode one file (run on several threads), its events added to `collector`.
/// A UTF-8 XML of the 2016 scheme is read streaming ([`fast`]); any other file, or one the
/// streaming path cannot take as it is, is read whole ([`read_extract`]).
fn import_one(path: &Path, collector: &std::sync::Mutex<derived::Collector>) -> Result<Imported> {
    let format = recognise_path(path)?
        .ok_or_else(|| Error::Invalid(format!("{} : pas un fichier OLINPE", path.display())))?;
    let file = file_name(path);
    let streamed = match format {
        Format::Xml if !starts_with_bom(path)? => fast::read(path, &file),
        _ => None,
    };
    let (departement, year, scheme, encoding, values, typed) = match streamed {
        Some(s) => {
            let typed = s.rows.finish(&file, &s.departement, s.year, s.scheme)?;
            (s.departement, s.year, s.scheme, "UTF-8", s.values, typed)
        }
        None => {
            let extract = read_extract(path, format)?;
            identity::agree(&extract)?;
            let values: usize = extract
                .raw
                .donnees
                .iter()
                .map(|d| d.vars.iter().filter(|(_, v)| !v.is_empty()).count())
                .sum();
            let typed = events::type_rows(
                &extract.file,
                &extract.departement,
                extract.year,
                extract.scheme,
                extract.raw.donnees,
            )?;
            let encoding = extract.raw.encoding;
            (
                extract.departement,
                extract.year,
                extract.scheme,
                encoding,
                values,
                typed,
            )
        }
    };
    let rel = partition_rel(&departement, year);
    let label = format!(
        "{file} (OLINPE, département {departement}, année {year}, schéma {}, {} {encoding})",
        scheme.label(),
        match format {
            Format::Xml => "XML",
            Format::Csv => "CSV",
        },
    );
    let mut account = Account::new(label);
    account.rows_read = typed.rows_read;
    account.rows_loaded = typed.rows_loaded;
    account.values_loaded = values;
    for (reason, p) in &typed.skipped {
        for loc in positions(p) {
            account.skip(reason.clone(), loc);
        }
    }
    let mut notes = Vec::new();
    for ((var, reason), p) in &typed.untyped {
        let shown: Vec<String> = positions(p).into_iter().take(5).collect();
        notes.push(format!(
            "{file} : {} valeur(s) de {var} gardée(s) vides ({reason}) : {}{}",
            p.len(),
            shown.join(", "),
            if p.len() > 5 { ", …" } else { "" }
        ));
    }
    for (var, p) in &typed.unknown {
        notes.push(format!(
            "{file} : variable inconnue <{var}> ({} fois, première au <DONNEE> n° {}) : non stockée",
            p.len(),
            p[0]
        ));
    }
    let batch = typed.batch.expect("typed rows");
    notes.extend(unmeasured::notes(&file, &batch));
    let bytes = events::parquet_bytes(std::slice::from_ref(&batch), events::schema(), &file)?;
    collector.lock().expect("collector").add(&batch)?;
    Ok(Imported {
        rel,
        file,
        departement,
        year,
        bytes,
        account,
        notes,
    })
}

fn starts_with_bom(path: &Path) -> Result<bool> {
    let mut head = [0u8; 3];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io(path, e))?;
    Ok(n == 3 && head == *b"\xEF\xBB\xBF")
}

/// Import OLINPE files: each read, typed and stored as its partition (on every core), then
/// the persons, measures and periods ([`derived`]) recomputed over every partition held
/// (`data_dir`) and read in this run. Two files of the same département and year in one run
/// are refused; the first file that cannot be read stops the import. Returns the files to
/// write (nothing written).
pub fn import(files: &[PathBuf], data_dir: Option<&Path>) -> Result<Output> {
    let mut out = Output::default();
    if files.is_empty() {
        return Ok(out);
    }
    let start = std::time::Instant::now();
    let mut last = start;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Imported>>> = (0..files.len()).map(|_| None).collect();
    let slots = std::sync::Mutex::new(&mut results);
    let collector = std::sync::Mutex::new(derived::Collector::default());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= files.len() {
                        break;
                    }
                    let r = import_one(&files[i], &collector);
                    let failed = r.is_err();
                    slots.lock().expect("slots")[i] = Some(r);
                    if failed {
                        // Stop the others early: the import fails anyway.
                        next.store(files.len(), std::sync::atomic::Ordering::Relaxed);
                        break;
                    }
                }
            });
        }
    });
    timing("lecture, typage, partitions encodées", start, &mut last);
    let mut collector = collector.into_inner().expect("collector");
    let mut written: BTreeMap<PathBuf, String> = BTreeMap::new();
    for r in results.into_iter().flatten() {
        let one = r?;
        if let Some(first) = written.insert(one.rel.clone(), one.file.clone()) {
            return Err(Error::Invalid(format!(
                "{first} et {} sont deux extractions OLINPE du département {} pour l'année {} : une seule par département et par année attendue",
                one.file, one.departement, one.year
            )));
        }
        if data_dir.is_some_and(|d| d.join(&one.rel).is_file()) {
            out.notes.push(format!(
                "{} : remplace l'extraction OLINPE déjà importée du département {} pour {}",
                one.file, one.departement, one.year
            ));
        }
        out.notes.extend(one.notes);
        out.file(one.rel, one.bytes);
        out.accounts.push(one.account);
    }
    // Events of the partitions held and not replaced by this run.
    if let Some(dir) = data_dir
        .map(|d| d.join(EVENTS_FOLDER))
        .filter(|d| d.is_dir())
    {
        let mut held: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
            .collect();
        held.sort();
        for p in held {
            let rel = PathBuf::from(EVENTS_FOLDER).join(p.file_name().expect("file"));
            if written.contains_key(&rel) {
                continue;
            }
            for b in stored_events(&p)? {
                collector.add(&b)?;
            }
        }
    }
    timing("partitions tenues relues", start, &mut last);
    let d = collector.finish_timed(start, &mut last)?;
    let indicators = indicators::compute(&d)?;
    timing("indicateurs", start, &mut last);
    // The derived files and the indicators encoded side by side (on every core).
    let mut jobs: Vec<(&str, RecordBatch, SchemaRef)> = vec![
        (PERSONS_FILE, d.persons, persons::schema()),
        (MEASURES_FILE, d.measures, derived::measures_schema()),
        (PERIODS_FILE, d.periods, derived::periods_schema()),
        (SEQUENCES_FILE, d.sequences, derived::sequences_schema()),
        (EXTRACTS_FILE, d.extracts, derived::extracts_schema()),
    ];
    jobs.extend(indicators.into_iter().map(|(_, file, b)| {
        let schema = b.schema();
        (file, b, schema)
    }));
    let encoded: Vec<Result<Vec<u8>>> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(name, batch, schema)| {
                s.spawn(move || {
                    events::parquet_bytes(std::slice::from_ref(batch), schema.clone(), name)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("encoding thread"))
            .collect()
    });
    for ((name, _, _), bytes) in jobs.iter().zip(encoded) {
        out.file(*name, bytes?);
    }
    timing("fichiers dérivés encodés", start, &mut last);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_departement_and_year() {
        assert_eq!(
            name_parts("ONED-035-20120702_2012.XML"),
            (Some("35".into()), Some(2012))
        );
        assert_eq!(name_parts("extraction.csv"), (None, None));
    }

    /// Synthetic extracts of three départements over three years.
    fn synthetic(dir: &Path) -> Vec<PathBuf> {
        let anchor = synth::Anchor {
            aed: 30.0,
            aemo: 40.0,
            accueillis: 50.0,
        };
        let departements = ["17", "2A", "971"]
            .iter()
            .map(|d| (d.to_string(), BTreeMap::from([(2021, anchor)])))
            .collect();
        let params = synth::Params {
            departements,
            first_year: 2020,
            last_year: 2022,
            seed: 7,
            defects: 0.02,
        };
        let mut files = synth::generate(&params, dir).expect("synth").files;
        files.sort();
        files
    }

    /// The same files give byte-identical files, whatever the order the threads read them in
    /// and however the départements are shared between the derivation threads; and every
    /// département's measures come in the order of the départements.
    #[test]
    fn the_same_files_give_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let files = synthetic(dir.path());
        assert_eq!(files.len(), 9);
        let first = import(&files, None).unwrap();
        let mut reversed = files.clone();
        reversed.reverse();
        for run in [files.clone(), reversed, files] {
            let again = import(&run, None).unwrap();
            assert_eq!(
                again.files.keys().collect::<Vec<_>>(),
                first.files.keys().collect::<Vec<_>>()
            );
            for (rel, bytes) in &again.files {
                assert!(first.files[rel] == *bytes, "{} differs", rel.display());
            }
        }
        // The 9 partitions, the 5 derived tables and the indicator tables.
        assert_eq!(first.files.len(), 9 + 5 + indicators::FILES.len());
        let measures = dir.path().join("mesures.parquet");
        std::fs::write(&measures, &first.files[Path::new(MEASURES_FILE)]).unwrap();
        let batches: Vec<RecordBatch> =
            parquet::arrow::arrow_reader::ParquetRecordBatchReader::try_new(
                std::fs::File::open(&measures).unwrap(),
                8192,
            )
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        let deps: Vec<String> = batches
            .iter()
            .flat_map(|b| {
                let c = b.column_by_name("departement").unwrap();
                let c = datafusion::arrow::array::AsArray::as_string::<i32>(c.as_ref());
                c.iter().map(|v| v.unwrap().to_string()).collect::<Vec<_>>()
            })
            .collect();
        let mut runs = deps.clone();
        runs.dedup();
        assert_eq!(runs, ["17", "2A", "971"]);
    }
}
