//! Loading every table file for check, keeping the file line of each row so that every problem
//! is located.

use std::sync::Arc;

use super::{Issue, Rows, error_issue, file_issue};
use crate::catalog::load::{LoadOptions, read_csv_all};
use crate::catalog::{Catalog, read_table_file_all};
use crate::model::schema::{Storage, TableDef, population_wide};

/// Load every file of a table in the loader's collect-all mode: every bad row is reported with
/// its file, line and field, and the good ones are still cross-checked. The population table's
/// rows are those of its wide files (`population/insee-pop-*.csv`).
pub(super) fn load_table(catalog: &Catalog, def: &TableDef, issues: &mut Vec<Issue>) -> Vec<Rows> {
    // The long population table is built from the wide files (one per Insee edition): they
    // are what is checked, row by row with their lines.
    let wide = (def.storage == Storage::Derived).then(|| Arc::new(population_wide()));
    if def.storage == Storage::Model {
        // Built from the model's declaration: its rows are checked like a file's.
        return match catalog.table(def.name) {
            Ok(batch) => {
                let lines = (1..=batch.num_rows() as u64).collect();
                vec![Rows::new(std::path::PathBuf::from(def.name), batch, lines)]
            }
            Err(e) => {
                issues.push(error_issue(catalog.data_dir(), None, e));
                Vec::new()
            }
        };
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
        let loaded = match &wide {
            Some(schema) => read_csv_all(&path, &bytes, schema, &LoadOptions::default()),
            None => read_table_file_all(def, &path, folder.as_deref(), &bytes),
        };
        match loaded {
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
