//! A binary cache of loaded tables (Arrow IPC files), so a query does not re-parse the CSV
//! files on every start.
//!
//! The CSV files under `data/` stay the source of truth: a cache entry is named after a hash of
//! the table name, the schema, every source file's path, size and modification time and the
//! depbench executable itself, so any change to a file (an import, an edit) or a rebuild makes a
//! new key and the old entry is never read.
//! Caching is best effort: an unwritable cache directory only costs the parsing time.

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

/// The hasher of cache keys: XXH64 with seed 0, a fixed, published algorithm, so a key does not
/// change with the Rust release (as `DefaultHasher`'s output may) and a test can pin one.
fn hasher() -> twox_hash::XxHash64 {
    twox_hash::XxHash64::with_seed(0)
}

/// The cache file for `table` built from `files` with `schema`, or `None` if a file is missing.
pub fn key(dir: &Path, table: &str, schema: &SchemaRef, files: &[PathBuf]) -> Option<PathBuf> {
    // A rebuilt depbench may load or compute differently: its own size and mtime are in the key.
    let exe = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
        .map(|m| (m.len(), m.modified().ok()));
    let mut stamps = Vec::with_capacity(files.len());
    for f in files {
        let meta = std::fs::metadata(f).ok()?;
        stamps.push((f.clone(), meta.len(), meta.modified().ok()?));
    }
    Some(dir.join(format!(
        "{table}-{:016x}.arrow",
        key_hash(table, schema, exe, &stamps)
    )))
}

/// The hash of a table's key from its parts: name, schema, depbench's version, the
/// executable's size and modification time, and each file's path, size and modification time.
fn key_hash(
    table: &str,
    schema: &SchemaRef,
    exe: Option<(u64, Option<std::time::SystemTime>)>,
    files: &[(PathBuf, u64, std::time::SystemTime)],
) -> u64 {
    let mut h = hasher();
    table.hash(&mut h);
    format!("{schema:?}").hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    if let Some((len, modified)) = exe {
        len.hash(&mut h);
        modified.hash(&mut h);
    }
    for (path, len, modified) in files {
        path.hash(&mut h);
        len.hash(&mut h);
        modified.hash(&mut h);
    }
    h.finish()
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
    let mut h = hasher();
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};

    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    /// The key of fixed inputs is pinned: it must not change with the Rust release or the
    /// platform's hasher. (It changes with depbench's version, which is part of the key.)
    #[test]
    fn keys_are_stable() {
        let schema = Arc::new(Schema::new(vec![Field::new("code", DataType::Utf8, false)]));
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let files = [(PathBuf::from("data/territories.csv"), 1234, t)];
        let h = key_hash("territories", &schema, Some((42, Some(t))), &files);
        assert_eq!(
            (env!("CARGO_PKG_VERSION"), format!("{h:016x}")),
            ("0.1.0", "5307c8d0012e195d".to_string())
        );
        let mut h2 = hasher();
        "abc".hash(&mut h2);
        // XXH64 of the bytes `abc` followed by `str`'s 0xff terminator, seed 0.
        assert_eq!(h2.finish(), twox_hash::XxHash64::oneshot(0, b"abc\xff"));
    }
}
