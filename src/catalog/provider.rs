//! The SQL schema DataFusion sees: base tables and the views of `queries/views/`, each
//! materialised only when a query names it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use async_trait::async_trait;
use datafusion::catalog::view::ViewTable;
use datafusion::catalog::{MemTable, SchemaProvider, TableProvider};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::execution::context::SessionState;
use parking_lot::RwLock;
use tokio::sync::OnceCell;

use super::Catalog;
use crate::error::{Error, Result};
use crate::model::schema;

/// A view: a `SELECT` stored in `queries/views/<name>.sql`.
#[derive(Debug, Clone)]
pub struct ViewDef {
    pub name: String,
    pub path: PathBuf,
    pub sql: String,
    /// First comment line of the file: what the view computes.
    pub description: String,
    /// A `-- materialize: true` line: the result is computed once and cached (see
    /// [`cache`](super::cache)), for views that many figures read (populations, rates…).
    pub materialize: bool,
}

/// Read every `*.sql` file of `dir` as a view named after the file.
pub fn read_views(dir: &Path) -> Result<Vec<ViewDef>> {
    let mut views = Vec::new();
    if !dir.is_dir() {
        return Ok(views);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    for path in paths {
        let sql = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let description = sql
            .lines()
            .find_map(|l| l.trim().strip_prefix("--"))
            .map(|l| l.trim().to_string())
            .unwrap_or_default();
        let materialize = sql
            .lines()
            .any(|l| l.trim().trim_start_matches("--").trim() == "materialize: true");
        views.push(ViewDef {
            name,
            path,
            sql,
            description,
            materialize,
        });
    }
    Ok(views)
}

/// A table or view once built (or being built): see `DepbenchSchema::providers`.
type Built = Arc<OnceCell<Arc<dyn TableProvider>>>;

/// The `public` schema: base tables from the [`Catalog`], views planned on demand.
pub struct DepbenchSchema {
    catalog: Arc<Catalog>,
    views: BTreeMap<String, ViewDef>,
    state: Mutex<Option<Weak<RwLock<SessionState>>>>,
    /// One cell per table or view asked for: the first query to name it builds it (loads the
    /// table, materialises the view) while any other that names it meanwhile waits for that
    /// result instead of building it a second time (the report's threads start together).
    providers: Mutex<BTreeMap<String, Built>>,
}

impl std::fmt::Debug for DepbenchSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DepbenchSchema")
            .field("catalog", &self.catalog)
            .field("views", &self.views.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl DepbenchSchema {
    /// A schema over `catalog` and `views`.
    pub fn new(catalog: Arc<Catalog>, views: Vec<ViewDef>) -> Self {
        DepbenchSchema {
            catalog,
            views: views.into_iter().map(|v| (v.name.clone(), v)).collect(),
            state: Mutex::new(None),
            providers: Mutex::new(BTreeMap::new()),
        }
    }

    /// Give the schema the session it plans views with (set once the context exists).
    pub fn attach(&self, state: Weak<RwLock<SessionState>>) {
        *self.state.lock().expect("schema lock") = Some(state);
    }

    /// The views, by name.
    pub fn views(&self) -> &BTreeMap<String, ViewDef> {
        &self.views
    }

    async fn build(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        if super::olinpe::TABLES.contains(&name) {
            return super::olinpe::provider(self.catalog.data_dir(), name)
                .map(Some)
                .map_err(|e| DataFusionError::External(Box::new(e)));
        }
        if schema::table(name).is_some() {
            let batch = self
                .catalog
                .table(name)
                .map_err(|e| DataFusionError::External(Box::new(e)))?;
            let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
            return Ok(Some(Arc::new(table)));
        }
        let Some(view) = self.views.get(name) else {
            return Ok(None);
        };
        let state = self
            .state
            .lock()
            .expect("schema lock")
            .as_ref()
            .and_then(Weak::upgrade)
            .ok_or_else(|| {
                DataFusionError::Internal("session gone while planning a view".into())
            })?;
        // A materialised view is keyed on every data file and every view's SQL, so an import,
        // an edit of data/ or of a view makes a new entry. A hit needs no planning at all, so
        // none of the view's own tables is loaded.
        let key = if view.materialize {
            let all_sql: String = self.views.values().map(|v| v.sql.as_str()).collect();
            super::cache::dir()
                .and_then(|d| super::cache::data_key(&d, self.catalog.data_dir(), name, &all_sql))
        } else {
            None
        };
        if let Some(batch) = key.as_deref().and_then(super::cache::read_any) {
            let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
            return Ok(Some(Arc::new(table)));
        }
        // Clone the state so no lock is held while the view's own tables are resolved.
        let state = state.read().clone();
        let plan = state.create_logical_plan(&view.sql).await.map_err(|e| {
            DataFusionError::Context(
                format!("vue `{}` ({})", name, view.path.display()),
                Box::new(e),
            )
        })?;
        if !view.materialize {
            return Ok(Some(Arc::new(ViewTable::new(plan, Some(view.sql.clone())))));
        }
        let df = datafusion::dataframe::DataFrame::new(state, plan);
        let schema = Arc::new(df.schema().as_arrow().clone());
        let batches = df.collect().await?;
        let batch = datafusion::arrow::compute::concat_batches(&schema, &batches)?;
        if let Some(k) = &key {
            super::cache::write(k, &batch);
        }
        let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
        Ok(Some(Arc::new(table)))
    }
}

#[async_trait]
impl SchemaProvider for DepbenchSchema {
    fn table_names(&self) -> Vec<String> {
        schema::tables()
            .iter()
            .map(|t| t.name.to_string())
            .chain(super::olinpe::TABLES.iter().map(|t| t.to_string()))
            .chain(self.views.keys().cloned())
            .collect()
    }

    async fn table(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        if !self.table_exist(name) {
            return Ok(None);
        }
        let cell = self
            .providers
            .lock()
            .expect("schema lock")
            .entry(name.to_string())
            .or_default()
            .clone();
        let provider = cell
            .get_or_try_init(|| async {
                self.build(name).await?.ok_or_else(|| {
                    DataFusionError::Internal(format!("table or view `{name}` vanished"))
                })
            })
            .await?;
        Ok(Some(provider.clone()))
    }

    fn table_exist(&self, name: &str) -> bool {
        schema::table(name).is_some()
            || super::olinpe::TABLES.contains(&name)
            || self.views.contains_key(name)
    }
}
