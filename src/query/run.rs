//! Running the SQL files of `queries/` (peers, report lists, sources) by their path relative to
//! the queries folder.

use std::path::Path;
use std::sync::Arc;

use super::{Engine, Params, rows::Rows};
use crate::error::{Error, Result};

/// Run the query file `file` (relative to the engine's queries folder) with `params`.
///
/// The result keeps the plan's columns even when it has no row. Errors: the file cannot be read
/// (naming its path), a parameter is missing, or the query fails (naming the file).
/// A result is computed once per engine for a given file text and values of the parameters it
/// uses, and served again
/// from the engine's [`super::LIBRARY_RESULTS`] most recent results (the base is read-only
/// within a session; registering a user table empties them).
pub async fn run_file(engine: &Engine, file: &str, params: &Params) -> Result<Rows> {
    let path = engine.queries_dir().join(file);
    let sql = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    // Keyed on the parameters the file uses: a file that reads only `$year` is computed once
    // for all the reports of a year.
    let used: Vec<(String, Option<&str>)> = Params::used(&sql)
        .into_iter()
        .map(|name| {
            let value = params.get(&name);
            (name, value)
        })
        .collect();
    let key = format!("{}\n{used:?}\n{sql}", path.display());
    if let Some(rows) = engine.results.lock().get(&key) {
        return Ok(rows);
    }
    let rows = run_sql(engine, &path, &sql, params).await?;
    engine.results.lock().put(key, rows.clone());
    Ok(rows)
}

/// Like [`run_file`], but `Ok(None)` when the file does not exist (optional report sections).
pub async fn run_optional_file(
    engine: &Engine,
    file: &str,
    params: &Params,
) -> Result<Option<Rows>> {
    let path = engine.queries_dir().join(file);
    if !path.is_file() {
        return Ok(None);
    }
    run_file(engine, file, params).await.map(Some)
}

async fn run_sql(engine: &Engine, path: &Path, sql: &str, params: &Params) -> Result<Rows> {
    let context = path.display().to_string();
    let df = engine.plan(sql, params, &context).await?;
    let schema = Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await.map_err(|e| Error::query(&context, e))?;
    Ok(Rows::new(schema, batches))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queries folder holding the one library file `name` (`sql`), an engine over the
    /// committed data with it, and a runtime to run it on.
    fn library(name: &str, sql: &str) -> (tempfile::TempDir, Engine, tokio::runtime::Runtime) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("views")).unwrap();
        std::fs::write(dir.path().join(name), sql).unwrap();
        let engine = Engine::open(crate::catalog::default_data_dir(), dir.path()).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        (dir, engine, rt)
    }

    /// A library query over `information_schema` sees a table the user adds afterwards: the
    /// engine's kept result is dropped when the table is registered, and kept otherwise.
    #[test]
    fn a_kept_result_is_dropped_when_the_user_adds_a_table() {
        let (dir, engine, rt) = library(
            "n.sql",
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'mine'",
        );
        let csv = dir.path().join("mine.csv");
        std::fs::write(&csv, "code,n\n61,3\n").unwrap();
        let count = || {
            rt.block_on(run_file(&engine, "n.sql", &Params::default()))
                .unwrap()
                .int("n", 0)
        };
        assert_eq!(count(), Some(0));
        assert_eq!(engine.results.lock().len(), 1);
        assert_eq!(count(), Some(0));
        assert_eq!(
            engine.results.lock().len(),
            1,
            "the second run is served kept"
        );
        engine.add_file("mine", &csv.display().to_string()).unwrap();
        assert!(engine.results.lock().is_empty());
        assert_eq!(count(), Some(1));
    }

    /// A kept result is keyed on the parameters the file uses: other parameters (a report's
    /// focus and peers for a file that reads only `$year`) share it; a used one does not.
    #[test]
    fn a_kept_result_is_shared_by_parameters_the_file_does_not_use() {
        // `$focus` in a comment is not a use.
        let (_dir, engine, rt) = library("y.sql", "-- not $focus\nSELECT $year + 1 AS next");
        let next = |pairs: &[&str]| {
            rt.block_on(run_file(
                &engine,
                "y.sql",
                &Params::parse(pairs.iter().copied()).unwrap(),
            ))
            .unwrap()
            .int("next", 0)
        };
        assert_eq!(next(&["year=2022", "focus=17"]), Some(2023));
        assert_eq!(next(&["year=2022", "focus=61", "peers=14,50"]), Some(2023));
        assert_eq!(engine.results.lock().len(), 1, "one result for 2022");
        assert_eq!(next(&["year=2021", "focus=17"]), Some(2022));
        assert_eq!(engine.results.lock().len(), 2);
    }
}
