//! A binary cache of loaded tables (Arrow IPC files), so a query does not re-parse the CSV
//! files on every start.
//!
//! The CSV files under `data/` stay the source of truth: a cache entry is named after a hash of
//! the table name, the schema, every source file's path, size and modification time and the
//! depbench executable itself, so any change to a file (an import, an edit) or a rebuild makes a
//! new key and the old entry is never read.
//! Caching is best effort: an unwritable cache directory only costs the parsing time.

use std::collections::hash_map::DefaultHasher;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::reader::FileReader;
use datafusion::arrow::ipc::writer::FileWriter;

/// The cache directory: `$DEPBENCH_CACHE`, else `$XDG_CACHE_HOME/depbench`, else
/// `~/.cache/depbench`; `None` when caching is off (`DEPBENCH_CACHE=off`) or no home is known.
pub fn dir() -> Option<PathBuf> {
    match std::env::var_os("DEPBENCH_CACHE") {
        Some(v) if v == "off" => None,
        Some(v) => Some(PathBuf::from(v)),
        None => std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("depbench")),
    }
}

/// The cache file for `table` built from `files` with `schema`, or `None` if a file is missing.
pub fn key(dir: &Path, table: &str, schema: &SchemaRef, files: &[PathBuf]) -> Option<PathBuf> {
    let mut h = DefaultHasher::new();
    table.hash(&mut h);
    format!("{schema:?}").hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // A rebuilt depbench may load or compute differently: its own size and mtime are in the key.
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
    {
        exe.len().hash(&mut h);
        exe.modified().ok().hash(&mut h);
    }
    for f in files {
        let meta = std::fs::metadata(f).ok()?;
        f.hash(&mut h);
        meta.len().hash(&mut h);
        meta.modified().ok()?.hash(&mut h);
    }
    Some(dir.join(format!("{table}-{:016x}.arrow", h.finish())))
}

fn table_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    stem.rsplit_once('-').map(|(t, _)| t.to_string())
}

/// The cache file for a result computed from the whole data directory (a materialised view):
/// every file under `data_dir`, with size and modification time, and `extra` (the SQL).
pub fn data_key(dir: &Path, data_dir: &Path, name: &str, extra: &str) -> Option<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) -> Option<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(d)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else {
                out.push(p);
            }
        }
        Some(())
    }
    let mut files = Vec::new();
    walk(data_dir, &mut files)?;
    let mut h = DefaultHasher::new();
    extra.hash(&mut h);
    let base = key(
        dir,
        name,
        &std::sync::Arc::new(datafusion::arrow::datatypes::Schema::empty()),
        &files,
    )?;
    base.hash(&mut h);
    Some(dir.join(format!("view_{name}-{:016x}.arrow", h.finish())))
}

/// Read a cached result whatever its schema (materialised views).
pub fn read_any(path: &Path) -> Option<RecordBatch> {
    let reader = FileReader::try_new(File::open(path).ok()?, None).ok()?;
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().ok()?;
    concat_batches(&schema, &batches).ok()
}

/// Read a cached table.
pub fn read(path: &Path, schema: &SchemaRef) -> Option<RecordBatch> {
    let reader = FileReader::try_new(File::open(path).ok()?, None).ok()?;
    let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().ok()?;
    let batch = concat_batches(schema, &batches).ok()?;
    (batch.schema() == *schema).then_some(batch)
}

/// Write a table to the cache (atomically: temporary file, then rename) and remove the table's
/// older entries, so the cache holds one entry per table. Errors are ignored.
pub fn write(path: &Path, batch: &RecordBatch) {
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let ok = (|| -> Option<()> {
        let mut w = FileWriter::try_new(File::create(&tmp).ok()?, &batch.schema()).ok()?;
        w.write(batch).ok()?;
        w.finish().ok()
    })();
    if ok.is_some() && std::fs::rename(&tmp, path).is_ok() {
        let (Some(name), Some(table)) = (path.file_name(), table_of(path)) else {
            return;
        };
        for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
            let other = entry.file_name();
            let other = other.to_string_lossy();
            if other != name.to_string_lossy()
                && other
                    .strip_suffix(".arrow")
                    .and_then(|s| s.rsplit_once('-'))
                    .map(|(t, _)| t)
                    == Some(table.as_str())
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    } else {
        let _ = std::fs::remove_file(&tmp);
    }
}
