//! Loading every table file for check, keeping the file line of each row so that every problem
//! is located.

use super::{Issue, Rows, error_issue, file_issue};
use crate::catalog::{Catalog, read_table_file_all};
use crate::model::schema::{Storage, TableDef};

/// Load every file of a table in the loader's collect-all mode: every bad row is reported with
/// its file, line and field, and the good ones are still cross-checked.
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
        match read_table_file_all(def, &path, folder.as_deref(), &bytes) {
            Ok(loaded) => {
                issues.extend(
                    loaded
                        .errors
                        .into_iter()
                        .map(|e| error_issue(&path, None, e)),
                );
                out.push(Rows::new(path, loaded.batch, loaded.lines));
            }
            Err(e) => issues.push(error_issue(&path, None, e)),
        }
    }
    out
}
