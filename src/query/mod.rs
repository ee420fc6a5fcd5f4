//! The query stage: one DataFusion session over the catalogue and the views, read-only.

pub mod arithmetic;
pub mod files;
pub mod functions;
pub mod guard;
pub mod hints;
pub mod json_file;
pub mod limits;
pub mod output;
pub mod params;
pub mod prompt;
pub mod published;
pub mod rows;
pub mod run;
pub mod sql_file;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::SchemaProvider;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::context::{SQLOptions, SessionConfig, SessionContext};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;

use crate::catalog::Catalog;
use crate::catalog::provider::{DepbenchSchema, ViewDef, read_views};
use crate::error::{Error, Result};
use crate::model::schema;
pub use params::Params;

/// Where a run's queries directory comes from, and what a run says of it: `None` when the user
/// named it (`--queries-dir`: `given`, `$DEPBENCH_QUERIES`) or it is `./queries`; else the line
/// for stderr naming the build's own folder; and the French error when the folder chosen has no
/// `views/` (a binary copied out of its sources, a wrong `--queries-dir`), naming how to give one.
pub fn queries_dir_note(given: Option<&Path>) -> (Option<String>, Option<String>) {
    let (dir, from) = match (given, std::env::var_os("DEPBENCH_QUERIES")) {
        (Some(d), _) => (d.to_path_buf(), Some("donné par --queries-dir")),
        (None, Some(d)) => (PathBuf::from(d), Some("donné par $DEPBENCH_QUERIES")),
        (None, None) => (default_queries_dir(), None),
    };
    let built = from.is_none() && !Path::new("queries").join("views").is_dir();
    let note = built.then(|| {
        format!(
            "requêtes : {} (le dossier des sources de depbench ; pas de ./queries ici ; --queries-dir DOSSIER ou $DEPBENCH_QUERIES pour un autre)",
            dir.display()
        )
    });
    let missing = (!dir.join("views").is_dir()).then(|| {
        format!(
            "dossier des requêtes introuvable : {} ({}) : un dossier queries/ avec views/ et figures/ attendu ; donnez le dossier queries/ de depbench par --queries-dir DOSSIER ou $DEPBENCH_QUERIES, ou lancez depbench depuis le dossier qui le contient",
            dir.display(),
            from.unwrap_or(if built {
                "le dossier des sources de depbench, et pas de ./queries ici"
            } else {
                "./queries"
            })
        )
    });
    (note, missing)
}

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

/// The columns that hold text in the catalogue's tables and numbers in none (`name`, `code`,
/// `territory`…), named by the hints of arithmetic on text.
fn catalogue_text_columns() -> Vec<String> {
    let tables = schema::tables();
    let fields = || tables.iter().flat_map(|t| t.schema.fields().iter());
    let mut out: Vec<String> = fields()
        .filter(|f| f.data_type().is_string())
        .map(|f| f.name().clone())
        .filter(|n| !fields().any(|f| f.name() == n && f.data_type().is_numeric()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The error of an unknown table or view `name` (`depbench tables NAME`, the shell's `\d NAME`):
/// the nearest of `names` suggested (`rate` → « table ou vue inconnue `rate` (voir `depbench
/// tables`) ; vouliez-vous dire « rates » ? »).
pub fn unknown_table_or_view(name: &str, names: &[String]) -> String {
    let mut message = format!("table ou vue inconnue `{name}` (voir `depbench tables`)");
    let near = hints::nearest_best(name, names);
    if !near.is_empty() {
        message.push_str(" ; ");
        message.push_str(&hints::did_you_mean(&near));
    }
    message
}

/// What `depbench tables` lists for one table or view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    pub kind: &'static str,
    pub description: String,
}

/// Runtime options of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineOptions {
    /// Memory the query runtime may hold for operators (sorts, joins, aggregates), in bytes;
    /// a query needing more ends with an error naming the limit (sorts spill to disk first).
    /// The catalogue's tables themselves are loaded outside this pool.
    pub memory_limit: usize,
}

/// Default memory limit: 2 GB, or `$DEPBENCH_MEMORY_LIMIT` (e.g. `512MB`).
pub const DEFAULT_MEMORY_LIMIT: usize = 2 << 30;

impl Default for EngineOptions {
    fn default() -> Self {
        let memory_limit = std::env::var("DEPBENCH_MEMORY_LIMIT")
            .ok()
            .and_then(|v| hints::parse_bytes(&v).ok())
            .unwrap_or(DEFAULT_MEMORY_LIMIT);
        EngineOptions { memory_limit }
    }
}

/// A SQL session over the catalogue: base tables plus the views of `queries/views/`, and the
/// user's own files registered with [`Engine::add_file`].
pub struct Engine {
    ctx: SessionContext,
    schema: Arc<DepbenchSchema>,
    public: Arc<files::WithUserTables>,
    catalog: Arc<Catalog>,
    queries_dir: PathBuf,
    options: EngineOptions,
    /// Results of the library's SQL files (`queries/peers`, `queries/report`…) by file, text
    /// and parameters: the base does not change within a session, so a report for every
    /// département lists the départements once, not once per peer. Emptied when the user adds
    /// a table. See [`run::run_file`].
    results: parking_lot::Mutex<crate::model::recent::Recent<rows::Rows>>,
    /// The published session of [`Engine::published`] (the explorer's user SQL): no raw OLINPE
    /// table or view in it.
    published: bool,
}

/// Library query results an engine keeps (see `Engine::results`): a few per report, small.
pub const LIBRARY_RESULTS: usize = 256;

/// DataFusion's physical optimiser rules [`Engine::plan_small`] leaves out: choosing a join's
/// build side from statistics, and pushing projections down the plan.
const SMALL_PLAN_SKIPS: [&str; 2] = ["join_selection", "ProjectionPushdown"];

impl Engine {
    /// Open a session over `data_dir` with the views of `queries_dir/views`.
    pub fn open(data_dir: impl Into<PathBuf>, queries_dir: impl Into<PathBuf>) -> Result<Engine> {
        Engine::open_with(data_dir, queries_dir, EngineOptions::default())
    }

    /// Open a session with runtime `options`.
    pub fn open_with(
        data_dir: impl Into<PathBuf>,
        queries_dir: impl Into<PathBuf>,
        options: EngineOptions,
    ) -> Result<Engine> {
        let queries_dir = queries_dir.into();
        let catalog = Arc::new(Catalog::new(data_dir));
        let views = read_views(&queries_dir.join("views"))?;
        let schema = Arc::new(DepbenchSchema::new(catalog.clone(), views));
        let public = Arc::new(files::WithUserTables::new(schema.clone()));
        // One partition: the tables are small and a single thread plans and runs fastest here.
        let mut config = SessionConfig::new()
            .with_target_partitions(1)
            .with_information_schema(true);
        // `VARCHAR` in SQL means the catalogue's own string type (Utf8), as in its tables: with
        // DataFusion's default (Utf8View) a `CAST(NULL AS VARCHAR)` in one branch of a UNION
        // beside a table's column planned as Utf8 and failed at run time (figure 08's outline-only
        // rows: every report failed; tests/report.rs runs it for Charente-Maritime).
        config.options_mut().sql_parser.map_string_types_to_utf8view = false;
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_limit(options.memory_limit, 1.0)
            .build_arc()
            .map_err(|e| Error::query("démarrage du moteur de requêtes", e))?;
        let ctx = SessionContext::new_with_config_rt(config, runtime);
        functions::register(&ctx);
        limits::register(&ctx);
        let default_catalog = ctx
            .catalog("datafusion")
            .ok_or_else(|| Error::Invalid("catalogue par défaut de DataFusion absent".into()))?;
        default_catalog
            .register_schema("public", public.clone())
            .map_err(|e| Error::query("enregistrement du schéma depbench", e))?;
        schema.attach(ctx.state_weak_ref());
        Ok(Engine {
            ctx,
            schema,
            public,
            catalog,
            queries_dir,
            options,
            results: parking_lot::Mutex::new(crate::model::recent::Recent::new(LIBRARY_RESULTS)),
            published: false,
        })
    }

    /// The published session over the same catalogue (the explorer's SQL page, API and
    /// downloads): every table and view but the raw OLINPE ones, the published OLINPE views
    /// computed through this session (see [`published`]). Its plans refuse a raw OLINPE name
    /// with a French `Error::Refused`, and `EXPLAIN ANALYZE`/`VERBOSE`.
    pub fn published(&self) -> Result<Engine> {
        let ctx =
            SessionContext::new_with_config_rt(self.ctx.copied_config(), self.ctx.runtime_env());
        functions::register(&ctx);
        limits::register(&ctx);
        let views: Vec<(String, String)> = self
            .schema
            .views()
            .values()
            .map(|v| (v.name.clone(), v.sql.clone()))
            .collect();
        let schema = published::PublishedSchema::new(self.public.clone(), self.ctx.clone(), &views);
        ctx.catalog("datafusion")
            .ok_or_else(|| Error::Invalid("catalogue par défaut de DataFusion absent".into()))?
            .register_schema("public", Arc::new(schema))
            .map_err(|e| Error::query("enregistrement du schéma publié", e))?;
        Ok(Engine {
            ctx,
            schema: self.schema.clone(),
            public: self.public.clone(),
            catalog: self.catalog.clone(),
            queries_dir: self.queries_dir.clone(),
            options: self.options,
            results: parking_lot::Mutex::new(crate::model::recent::Recent::new(LIBRARY_RESULTS)),
            published: true,
        })
    }

    /// Whether this session may read table or view `name` (every one but in the published
    /// session, see [`published`]).
    pub fn readable(&self, name: &str) -> bool {
        !self.published
            || (published::readable(name)
                && self.schema.views().get(name).is_none_or(|v| {
                    published::is_olinpe(name) || published::raw_names_in(&v.sql).is_empty()
                }))
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

    /// The runtime options.
    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// The views, by name.
    pub fn views(&self) -> Vec<ViewDef> {
        self.schema.views().values().cloned().collect()
    }

    /// Load every materialised view (`-- materialize: true`), one after the other: from the
    /// cache, or computed and cached. Work that would run many queries at once (the report of
    /// every département on all cores) calls it first, so that no two views are computed at
    /// the same time (a cold start then peaked at about 310 MB instead of 220 MB warm).
    pub async fn materialise_views(&self) -> Result<()> {
        for view in self.schema.views().values().filter(|v| v.materialize) {
            self.ctx
                .table(view.name.as_str())
                .await
                .map_err(|e| Error::query(format!("vue `{}`", view.name), e))?;
        }
        Ok(())
    }

    /// Register the user's file `source` (a path, `PATH#sheet` for a workbook) as table `name`,
    /// read-only beside the catalogue (see [`files`]). A catalogue name is refused.
    pub fn add_file(&self, name: &str, source: &str) -> Result<()> {
        self.public.add(files::read(name, source)?)?;
        // A library query may read the user's tables: what it returned before is stale.
        self.results.lock().clear();
        Ok(())
    }

    /// Register every `NAME=PATH` of `specs` (the `--table` arguments).
    pub fn add_files<S: AsRef<str>>(&self, specs: &[S]) -> Result<()> {
        for spec in specs {
            let (name, source) = files::parse_spec(spec.as_ref())?;
            if self.public.table_exist(&name) && self.public.user_schema(&name).is_none() {
                return Err(Error::Invalid(format!(
                    "--table {} : `{name}` est une table ou une vue du catalogue ; choisissez un autre nom",
                    spec.as_ref()
                )));
            }
            self.add_file(&name, &source)?;
        }
        Ok(())
    }

    /// The user's tables: name and file.
    pub fn user_tables(&self) -> Vec<(String, String)> {
        self.public.user_tables()
    }

    /// Run one read-only statement with `params` substituted; `context` names its origin for
    /// error messages (a file name or "query").
    pub async fn sql(&self, sql: &str, params: &Params, context: &str) -> Result<Vec<RecordBatch>> {
        let df = self.plan(sql, params, context).await?;
        df.collect().await.map_err(|e| self.error(context, sql, e))
    }

    /// Run one read-only statement as a stream of batches, so the caller holds one batch at
    /// a time.
    pub async fn stream(
        &self,
        sql: &str,
        params: &Params,
        context: &str,
    ) -> Result<SendableRecordBatchStream> {
        let df = self.plan(sql, params, context).await?;
        df.execute_stream()
            .await
            .map_err(|e| self.error(context, sql, e))
    }

    /// The library error for an error of `sql` run from `context`, with a hint when one
    /// applies (see [`hints`]).
    pub fn error(&self, context: &str, sql: &str, e: datafusion::error::DataFusionError) -> Error {
        let numeric = self.public.numeric_columns();
        let mut tables = self.public.table_names();
        tables.retain(|t| self.readable(t));
        let mut text = self.public.text_columns();
        text.extend(catalogue_text_columns());
        hints::query_error(
            context,
            sql,
            e,
            self.options.memory_limit,
            &numeric,
            &tables,
            &text,
        )
    }

    /// Plan one read-only statement (no execution). The statement is parsed and its plan
    /// inspected by [`guard`]: a write, a DDL or a session statement is refused, under
    /// `EXPLAIN` too.
    pub async fn plan(
        &self,
        sql: &str,
        params: &Params,
        context: &str,
    ) -> Result<datafusion::dataframe::DataFrame> {
        let sql = params.substitute(sql)?;
        let mut statements = guard::parse_read_only(&sql, context)?;
        if statements.len() != 1 {
            return Err(Error::Invalid(format!(
                "{context} : attendu : une seule instruction SQL ; trouvé : {}",
                statements.len()
            )));
        }
        let statement = statements.remove(0);
        let state = self.ctx.state();
        if self.published {
            let refs = state
                .resolve_table_references(&statement)
                .map_err(|e| self.error(context, &sql, e))?;
            if let Some(raw) = refs.iter().find(|r| !self.readable(r.table())) {
                return Err(published::refusal(context, raw.table()));
            }
        }
        let plan = state
            .statement_to_plan(statement)
            .await
            .map_err(|e| self.error(context, &sql, e))?;
        guard::check_plan(&plan)?;
        if self.published {
            published::check_plan(&plan, context)?;
        }
        // DataFusion's own read-only options, as a second line behind the guard.
        SQLOptions::new()
            .with_allow_ddl(false)
            .with_allow_dml(false)
            .with_allow_statements(false)
            .verify_plan(&plan)
            .map_err(|e| {
                Error::Refused(format!("{context} : {e} ; depbench est en lecture seule"))
            })?;
        self.ctx
            .execute_logical_plan(plan)
            .await
            .map_err(|e| self.error(context, &sql, e))
    }

    /// Plan a small read-only statement that runs once (a report's figure) as [`Engine::plan`]
    /// does, with lighter planning:
    /// - the logical plan is optimised in one pass of DataFusion's rules instead of up to
    ///   three: the twelve figures of `queries/figures/` get the same plans either way
    ///   (compared on 2026-11-30), and the passes that changed nothing were a third of their
    ///   optimisation time;
    /// - the physical rules that only speed up large inputs are left out (`join_selection`,
    ///   `ProjectionPushdown`): they cost a figure more to apply than they saved in running it
    ///   (a report's twelve figures: physical planning 24 → 16 ms, running 15 → 17 ms). With
    ///   one partition the planner builds each hash join on its left input, where
    ///   `join_selection` would put the smaller one; every file of an every-département run
    ///   came out byte-identical without them (2026-11-30).
    ///
    /// User SQL (`depbench query`, the shell, the explorer) keeps DataFusion's defaults.
    pub async fn plan_small(
        &self,
        sql: &str,
        params: &Params,
        context: &str,
    ) -> Result<datafusion::dataframe::DataFrame> {
        let (mut state, plan) = self.plan(sql, params, context).await?.into_parts();
        state.config_mut().options_mut().optimizer.max_passes = 1;
        let rules = state
            .physical_optimizers()
            .iter()
            .filter(|rule| !SMALL_PLAN_SKIPS.contains(&rule.name()))
            .cloned()
            .collect();
        let state = datafusion::execution::SessionStateBuilder::new_from_existing(state)
            .with_physical_optimizer_rules(rules)
            .build();
        Ok(datafusion::dataframe::DataFrame::new(state, plan))
    }

    /// Schema of a table or view.
    pub async fn describe(&self, name: &str) -> Result<SchemaRef> {
        if !self.readable(name) {
            return Err(published::refusal("description", name));
        }
        if let Some(def) = schema::table(name) {
            return Ok(def.schema);
        }
        if let Some(schema) = crate::catalog::olinpe::schema(name) {
            return Ok(schema);
        }
        if let Some(schema) = self.public.user_schema(name) {
            return Ok(schema);
        }
        if !self.schema.views().contains_key(name) {
            return Err(Error::Invalid(unknown_table_or_view(
                name,
                &self.public.table_names(),
            )));
        }
        let df = self
            .ctx
            .table(name)
            .await
            .map_err(|e| Error::query(format!("vue `{name}`"), e))?;
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
        v.extend(crate::catalog::olinpe::TABLES.iter().map(|name| {
            TableInfo {
                name: name.to_string(),
                kind: "table",
                description: crate::catalog::olinpe::description(name)
                    .unwrap_or_default()
                    .to_string(),
            }
        }));
        v.extend(self.schema.views().values().map(|view| TableInfo {
            name: view.name.clone(),
            kind: "view",
            description: view.description.clone(),
        }));
        v.extend(
            self.public
                .user_tables()
                .into_iter()
                .map(|(name, source)| TableInfo {
                    name,
                    kind: "file",
                    description: source,
                }),
        );
        v.retain(|t| self.readable(&t.name));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plan_small` gives the rows `plan` gives, planned in one optimiser pass and without the
    /// skipped physical rules; every other rule is kept, in its order.
    #[test]
    fn a_small_plan_gives_the_same_rows_with_lighter_planning() {
        let engine = Engine::open_default().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let sql = "SELECT t.code, p.name FROM territories t \
                   JOIN territories p ON p.code = t.parent_code \
                   WHERE t.code IN ($peers) ORDER BY t.code";
        let params = Params::parse(["peers=69M,2A,971"]).unwrap();
        let full = rt.block_on(engine.plan(sql, &params, "test")).unwrap();
        let small = rt
            .block_on(engine.plan_small(sql, &params, "test"))
            .unwrap();
        let rules = |df: &datafusion::dataframe::DataFrame| -> Vec<String> {
            df.clone()
                .into_parts()
                .0
                .physical_optimizers()
                .iter()
                .map(|r| r.name().to_string())
                .collect()
        };
        let kept: Vec<String> = rules(&full)
            .into_iter()
            .filter(|r| !SMALL_PLAN_SKIPS.contains(&r.as_str()))
            .collect();
        assert!(kept.len() < rules(&full).len());
        assert_eq!(rules(&small), kept);
        let passes = |df: &datafusion::dataframe::DataFrame| {
            df.clone()
                .into_parts()
                .0
                .config()
                .options()
                .optimizer
                .max_passes
        };
        assert_eq!((passes(&full), passes(&small)), (3, 1));
        let full = rt.block_on(full.collect()).unwrap();
        let small = rt.block_on(small.collect()).unwrap();
        let shown = |b: &[RecordBatch]| {
            datafusion::arrow::util::pretty::pretty_format_batches(b)
                .unwrap()
                .to_string()
        };
        assert_eq!(shown(&small), shown(&full));
        assert_eq!(small.iter().map(|b| b.num_rows()).sum::<usize>(), 3);
    }

    /// `materialise_views` loads the materialised views only, and a failure names the view.
    #[test]
    fn materialise_views_builds_the_materialised_views_only() {
        let dir = tempfile::tempdir().unwrap();
        let views = dir.path().join("views");
        std::fs::create_dir_all(&views).unwrap();
        // A view left to plan on demand is not touched, however broken.
        std::fs::write(views.join("lazy.sql"), "-- lazy\nSELECT * FROM nowhere").unwrap();
        std::fs::write(
            views.join("kept.sql"),
            "-- kept\n-- materialize: true\nSELECT code FROM territories",
        )
        .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let engine = Engine::open(crate::catalog::default_data_dir(), dir.path()).unwrap();
        rt.block_on(engine.materialise_views()).unwrap();
        std::fs::write(
            views.join("broken.sql"),
            "-- broken\n-- materialize: true\nSELECT * FROM nowhere",
        )
        .unwrap();
        let engine = Engine::open(crate::catalog::default_data_dir(), dir.path()).unwrap();
        let err = rt
            .block_on(engine.materialise_views())
            .unwrap_err()
            .to_string();
        assert!(err.contains("vue `broken`"), "{err}");
        assert!(err.contains("nowhere"), "{err}");
    }
}
