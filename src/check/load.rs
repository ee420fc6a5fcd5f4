//! Loading every table file for check, keeping the file line of each row so that every problem
//! is located.

use std::path::Path;

use datafusion::arrow::compute::concat_batches;

use super::{Issue, Rows, error_issue, file_issue};
use crate::catalog::load::LineCounter;
use crate::catalog::{Catalog, read_table_file};
use crate::error::Error;
use crate::model::schema::{Storage, TableDef};

/// Load every file of a table. A file with bad rows is re-read row by row so that every bad
/// row is reported and the good ones are still cross-checked.
pub(super) fn load_table(catalog: &Catalog, def: &TableDef, issues: &mut Vec<Issue>) -> Vec<Rows> {
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
pub(super) fn record_lines(bytes: &[u8]) -> Vec<u64> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    reader
        .byte_records()
        .filter_map(|r| r.ok())
        .map(|r| lines.line(r.position()))
        .collect()
}

/// Row by row: each record is parsed alone (header + record) and its errors get its own line.
pub(super) fn load_rows(
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
