//! The query stage: one DataFusion session over the catalogue and the views, read-only.

pub mod output;
pub mod params;
pub mod rows;
pub mod run;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::execution::context::{SQLOptions, SessionConfig, SessionContext};

use crate::catalog::Catalog;
use crate::catalog::provider::{DepbenchSchema, ViewDef, read_views};
use crate::error::{Error, Result};
use crate::model::schema;
pub use params::Params;

/// The queries directory: `$DEPBENCH_QUERIES`, else `./queries` when present, else the crate's.
pub fn default_queries_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEPBENCH_QUERIES") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("queries");
    if local.join("views").is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")
}

/// What `depbench tables` lists for one table or view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    pub kind: &'static str,
    pub description: String,
}

/// A SQL session over the catalogue: base tables plus the views of `queries/views/`.
pub struct Engine {
    ctx: SessionContext,
    schema: Arc<DepbenchSchema>,
    catalog: Arc<Catalog>,
    queries_dir: PathBuf,
}

/// Statement keywords that would change data or the session: refused before planning.
const WRITE_KEYWORDS: [&str; 14] = [
    "CREATE",
    "INSERT",
    "UPDATE",
    "DELETE",
    "DROP",
    "ALTER",
    "COPY",
    "TRUNCATE",
    "MERGE",
    "SET",
    "RESET",
    "PREPARE",
    "EXECUTE",
    "DEALLOCATE",
];

impl Engine {
    /// Open a session over `data_dir` with the views of `queries_dir/views`.
    pub fn open(data_dir: impl Into<PathBuf>, queries_dir: impl Into<PathBuf>) -> Result<Engine> {
        let queries_dir = queries_dir.into();
        let catalog = Arc::new(Catalog::new(data_dir));
        let views = read_views(&queries_dir.join("views"))?;
        let schema = Arc::new(DepbenchSchema::new(catalog.clone(), views));
        // One partition: the tables are small and a single thread plans and runs fastest here.
        let config = SessionConfig::new()
            .with_target_partitions(1)
            .with_information_schema(true);
        let ctx = SessionContext::new_with_config(config);
        let public = ctx
            .catalog("datafusion")
            .ok_or_else(|| Error::Invalid("DataFusion default catalog missing".into()))?;
        public
            .register_schema("public", schema.clone())
            .map_err(|e| Error::query("registering the depbench schema", e))?;
        schema.attach(ctx.state_weak_ref());
        Ok(Engine {
            ctx,
            schema,
            catalog,
            queries_dir,
        })
    }

    /// Open over the default data and queries directories.
    pub fn open_default() -> Result<Engine> {
        Engine::open(crate::catalog::default_data_dir(), default_queries_dir())
    }

    /// The catalogue behind the session.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The queries directory.
    pub fn queries_dir(&self) -> &Path {
        &self.queries_dir
    }

    /// The views, by name.
    pub fn views(&self) -> Vec<ViewDef> {
        self.schema.views().values().cloned().collect()
    }

    /// Run one read-only statement with `params` substituted; `context` names its origin for
    /// error messages (a file name or "query").
    pub async fn sql(&self, sql: &str, params: &Params, context: &str) -> Result<Vec<RecordBatch>> {
        let df = self.plan(sql, params, context).await?;
        df.collect().await.map_err(|e| Error::query(context, e))
    }

    /// Plan one read-only statement (no execution).
    pub async fn plan(
        &self,
        sql: &str,
        params: &Params,
        context: &str,
    ) -> Result<datafusion::dataframe::DataFrame> {
        let sql = params.substitute(sql)?;
        refuse_writes(&sql)?;
        let options = SQLOptions::new()
            .with_allow_ddl(false)
            .with_allow_dml(false)
            .with_allow_statements(false);
        self.ctx
            .sql_with_options(&sql, options)
            .await
            .map_err(|e| match e {
                datafusion::error::DataFusionError::Plan(m) if m.contains("not supported") => {
                    Error::Refused(format!("{context}: {m}; depbench is read-only"))
                }
                e => Error::query(context, e),
            })
    }

    /// Schema of a table or view.
    pub async fn describe(&self, name: &str) -> Result<SchemaRef> {
        if let Some(def) = schema::table(name) {
            return Ok(def.schema);
        }
        if !self.schema.views().contains_key(name) {
            return Err(Error::Invalid(format!(
                "unknown table or view `{name}` (see `depbench tables`)"
            )));
        }
        let df = self
            .ctx
            .table(name)
            .await
            .map_err(|e| Error::query(format!("view `{name}`"), e))?;
        Ok(Arc::new(df.schema().as_arrow().clone()))
    }

    /// Every table and view with a one-line description.
    pub fn tables(&self) -> Vec<TableInfo> {
        let mut v: Vec<TableInfo> = schema::tables()
            .into_iter()
            .map(|t| TableInfo {
                name: t.name.to_string(),
                kind: "table",
                description: t.description.to_string(),
            })
            .collect();
        v.extend(self.schema.views().values().map(|view| TableInfo {
            name: view.name.clone(),
            kind: "view",
            description: view.description.clone(),
        }));
        v
    }
}

/// Refuse statements that write, whatever DataFusion would do with them.
pub fn refuse_writes(sql: &str) -> Result<()> {
    for statement in sql.split(';') {
        let first = statement
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("--"))
            .flat_map(|l| l.split_whitespace())
            .next()
            .unwrap_or("")
            .to_uppercase();
        if WRITE_KEYWORDS.contains(&first.as_str()) {
            return Err(Error::Refused(format!(
                "`{first}` statements are not allowed: depbench is read-only (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_statements_are_refused() {
        assert!(refuse_writes("SELECT 1").is_ok());
        assert!(refuse_writes("-- comment\nWITH a AS (SELECT 1) SELECT * FROM a").is_ok());
        let e = refuse_writes("select 1; drop table observations").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("refused: `DROP` statements are not allowed"),
            "{e}"
        );
        assert!(refuse_writes("COPY observations TO 'x.csv'").is_err());
    }
}
