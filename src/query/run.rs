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
pub async fn run_file(engine: &Engine, file: &str, params: &Params) -> Result<Rows> {
    let path = engine.queries_dir().join(file);
    let sql = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    run_sql(engine, &path, &sql, params).await
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
