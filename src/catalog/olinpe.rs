//! The OLINPE tables DataFusion sees: `olinpe_events` (every partition of
//! `olinpe/evenements/*.parquet`, schema [`crate::import::olinpe::events::schema`]) and
//! `olinpe_persons` (`olinpe/personnes.parquet`, schema
//! [`crate::import::olinpe::persons::schema`]). Empty tables when no extract was imported, so
//! that the `olinpe_*` views always plan. Read whole under the data directory's shared lock, in
//! a few partitions so that queries run on every core.

use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{Error, Result};
use crate::import::olinpe::{EVENTS_FOLDER, PERSONS_FILE, events, persons};

/// Names of the OLINPE tables.
pub const TABLES: [&str; 2] = ["olinpe_events", "olinpe_persons"];

/// What each OLINPE table holds, in French (for `\d` and the table lists).
pub fn description(name: &str) -> Option<&'static str> {
    Some(match name {
        "olinpe_events" => {
            "Événements OLINPE importés (un par <DONNEE>), variables utilisées par les indicateurs typées"
        }
        "olinpe_persons" => {
            "Identifiants OLINPE (NUMANONYM) et personne suivie (union-find sur NUMANONYMANT)"
        }
        _ => return None,
    })
}

/// The schema of the OLINPE table `name` (one of [`TABLES`]), without reading any partition;
/// `None` for another name.
pub fn schema(name: &str) -> Option<SchemaRef> {
    match name {
        "olinpe_events" => Some(events::schema()),
        "olinpe_persons" => Some(persons::schema()),
        _ => None,
    }
}

fn read_parquet(path: &Path, out: &mut Vec<RecordBatch>) -> Result<()> {
    let err =
        |e: &dyn std::fmt::Display| Error::Invalid(format!("{} : parquet : {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| err(&e))?
        .with_batch_size(65_536)
        .build()
        .map_err(|e| err(&e))?;
    for b in reader {
        out.push(b.map_err(|e| err(&e))?);
    }
    Ok(())
}

/// The table `name` (one of [`TABLES`]) from `data_dir`: its schema and its batches dealt into
/// `partitions` groups.
pub fn load(
    data_dir: &Path,
    name: &str,
    partitions: usize,
) -> Result<(SchemaRef, Vec<Vec<RecordBatch>>)> {
    let _reading = crate::import::commit::read_lock(data_dir)?;
    let (schema, files): (SchemaRef, Vec<PathBuf>) = match name {
        "olinpe_events" => {
            let dir = data_dir.join(EVENTS_FOLDER);
            let mut files: Vec<PathBuf> = if dir.is_dir() {
                std::fs::read_dir(&dir)
                    .map_err(|e| Error::io(&dir, e))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
                    .collect()
            } else {
                Vec::new()
            };
            files.sort();
            (events::schema(), files)
        }
        "olinpe_persons" => {
            let p = data_dir.join(PERSONS_FILE);
            (
                persons::schema(),
                if p.is_file() { vec![p] } else { Vec::new() },
            )
        }
        other => return Err(Error::Invalid(format!("unknown OLINPE table `{other}`"))),
    };
    let mut batches = Vec::new();
    for f in &files {
        read_parquet(f, &mut batches)?;
    }
    for b in &batches {
        if b.schema().fields() != schema.fields() {
            return Err(Error::Invalid(format!(
                "{} : colonnes OLINPE inattendues (importé par une autre version de depbench ?) : réimporter les extractions",
                data_dir.join(EVENTS_FOLDER).display()
            )));
        }
    }
    let n = partitions.max(1);
    let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); n];
    for (i, b) in batches.into_iter().enumerate() {
        parts[i % n].push(b);
    }
    Ok((schema, parts))
}
