//! The explorer's one door into the depbench library: every call to the query engine, the
//! figures, the peers, the renderer and the report goes through this file, so the routes,
//! templates and state of `serve` only see the plain types defined here.
//!
//! Numbers come from the catalogue (DREES, Insee, the départements' documents) through the same
//! figure files (`queries/figures/`) and report pipeline as `depbench report`; the explorer's own
//! queries are in `queries/explorer/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::bench::figure::{self, ChartKind, Figure};
use crate::bench::peers::{self, PeerChoice};
use crate::bench::references;
pub use crate::bench::references::ReferenceChoice;
use crate::model::format::{self, Unit};
use crate::model::recent::Recent;
use crate::model::territory::Roles;
use crate::query::{Engine, Params, output};
use crate::render::{self, Chart, ImageFormat, Shape};
use crate::report;
pub use bands::{BAND_CHOICES, Bands, NO_BAND};
pub use comparison::{Comparison, SCATTER_FIGURE};
pub use downloads::{INDICATOR_FIGURES, download_name};
pub use picker::{PeerSpec, SUGGESTED_PEERS, Suggestion};
pub use references_url::{REFERENCE_DEFAULT, REFERENCE_OPTIONS};

/// Longest a request may spend in the query engine (planning, running, rendering).
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest the whole-report zip may take (every figure, SVG and PNG, the workbook).
pub const REPORT_TIMEOUT: Duration = Duration::from_secs(120);
/// Rows counted at most for a SQL page's total (the query stops reading after that).
pub const MAX_COUNTED_ROWS: usize = 1_000_000;
/// Rows a SQL download (CSV, JSON, XLSX) holds at most.
pub const MAX_DOWNLOAD_ROWS: usize = 200_000;
/// How named peers were chosen, in the words of `peers::choose` (printed in the reports).
const NAMED_METHOD: &str = "Départements de comparaison choisis par l'utilisateur.";
/// Figures kept in memory (the data do not change while the explorer runs).
pub const FIGURE_CACHE: usize = 512;
/// Most peers the automatic choice may pick.
pub const MAX_AUTO_PEERS: usize = 10;

/// What went wrong, as the HTTP layer needs it: the kind decides the status, the message is
/// shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplorerError {
    /// Unknown département, indicator, document or figure (404).
    NotFound(String),
    /// A bad parameter or a query DataFusion rejects, with its message (400).
    BadRequest(String),
    /// A statement that writes (403).
    Refused(String),
    /// The query ran past its time limit (503).
    Timeout(String),
    /// The query would build a value over the bound of `query::limits` (422).
    TooLarge(String),
    /// A failure of depbench itself (500).
    Internal(String),
}

impl std::fmt::Display for ExplorerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExplorerError::NotFound(m)
            | ExplorerError::BadRequest(m)
            | ExplorerError::Refused(m)
            | ExplorerError::Timeout(m)
            | ExplorerError::TooLarge(m)
            | ExplorerError::Internal(m) => f.write_str(m),
        }
    }
}

impl From<crate::Error> for ExplorerError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::Refused(_) => ExplorerError::Refused(e.to_string()),
            crate::Error::Invalid(_) | crate::Error::Query { .. } => {
                ExplorerError::BadRequest(e.to_string())
            }
            crate::Error::Stopped(_) => ExplorerError::Timeout(e.to_string()),
            crate::Error::TooLarge(_) => ExplorerError::TooLarge(e.to_string()),
            other => ExplorerError::Internal(other.to_string()),
        }
    }
}

/// Result of the explorer's operations.
pub type Result<T> = std::result::Result<T, ExplorerError>;

/// `fut` within `limit`: the one time limit of every query (`query::limits::within`), past
/// which the request ends with 503 and « {what} : délai de 20 s dépassé ; … ».
async fn limited<T>(
    limit: Duration,
    what: &str,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    crate::query::limits::within(Some(limit), false, what, fut).await
}

/// A département of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departement {
    pub code: String,
    pub name: String,
    /// The département it is part of, by name, when it is a part of one (the Rhône for 69D and
    /// 69M): Insee publishes the population of the whole only, so its rates are n.d.
    pub whole: Option<String>,
    /// Years DREES counts its children in care (`data_years.sql`), ascending; empty outside
    /// DREES's field (976).
    pub years: Vec<i32>,
}

impl Departement {
    /// Whether DREES has data for the département in `year`; else the French message saying
    /// why, for the page (`what`: "département" or "pairs").
    pub fn check_year(&self, year: i32, what: &str) -> std::result::Result<(), String> {
        let (Some(first), Some(last)) = (self.years.first(), self.years.last()) else {
            return Err(format!(
                "{what} : {} ({}) est hors du champ de la DREES (aucune série de protection de l'enfance publiée) : choisissez un autre département",
                self.name, self.code
            ));
        };
        if self.years.contains(&year) {
            return Ok(());
        }
        Err(format!(
            "{what} : {} ({}) n'a pas de données DREES pour {year} (données de {first} à {last}) : choisissez une autre année ou un autre département",
            self.name, self.code
        ))
    }
}

/// An indicator of the indicator page (`indicator_values`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    /// Unit id (`per_thousand`, `percent`, `count`, `euro`…).
    pub unit: String,
    pub first_year: i32,
    pub last_year: i32,
}

/// A view asked for in the URL, before checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRequest {
    pub departement: String,
    pub peers: PeerSpec,
    pub year: Option<i32>,
    pub from: Option<i32>,
    /// `reference=FRM,region` (the words of `depbench report --reference`); default: following
    /// the focus.
    pub references: ReferenceChoice,
    /// `among=metropole|drom|region|all`: the pool of automatic peers (`depbench report
    /// --among`); `None`: the focus's default. Given with no `peers`, it asks for the 4 nearest.
    pub among: Option<peers::Among>,
    /// `features=rsa=2,densite,pop` or `features=resultats` (`depbench report --features`): how
    /// automatic peers are chosen; `None`: the context's six features, weight 1. Given with no
    /// `peers`, it asks for the 4 nearest.
    pub features: Option<peers::PeerMethod>,
}

/// A checked view: known focus and peers, year in range.
#[derive(Debug, Clone)]
pub struct View {
    pub focus: Departement,
    pub peers: Vec<Departement>,
    pub spec: PeerSpec,
    pub year: i32,
    pub from: i32,
    /// How the peers were chosen, in French (as printed in the reports).
    pub method: String,
    /// Automatic peers: code and distance, French formatted.
    pub distances: Vec<(String, String)>,
    /// The references asked for (the URL's `reference`).
    pub reference_choice: ReferenceChoice,
    /// The pool of automatic peers asked for (the URL's `among`).
    pub among: Option<peers::Among>,
    /// How automatic peers are chosen (the URL's `features`).
    pub features: Option<peers::PeerMethod>,
    /// The references drawn, with notes (a région left out, région sums not computable).
    pub references: references::References,
    params: Params,
    roles: Roles,
}

impl View {
    /// The URL query string of this view (`departement=17&peers=22,64,14&year=2022`).
    pub fn query_string(&self) -> String {
        let peers = match &self.spec {
            PeerSpec::Named(_) => self.peer_codes().join(","),
            other => other.to_param(),
        };
        self.query_with_peers(&peers)
    }

    /// The codes of the peers shown, in order.
    pub fn peer_codes(&self) -> Vec<String> {
        self.peers.iter().map(|p| p.code.clone()).collect()
    }

    /// [`View::query_string`] with the `peers` parameter `peers` (`22,64,14`, `auto:4`; empty:
    /// left out).
    pub fn query_with_peers(&self, peers: &str) -> String {
        let mut q = format!("departement={}", self.focus.code);
        if !peers.is_empty() {
            q.push_str(&format!("&peers={peers}"));
        }
        q.push_str(&format!("&year={}", self.year));
        let reference = self.reference_choice.to_param();
        if !reference.is_empty() {
            q.push_str(&format!("&reference={reference}"));
        }
        if let Some(among) = self.among {
            q.push_str(&format!("&among={}", among.word()));
        }
        if let Some(features) = &self.features {
            q.push_str(&format!(
                "&features={}",
                features.spec().replace('=', "%3D")
            ));
        }
        q
    }
}

/// The body of a figure on the page.
#[derive(Debug, Clone)]
pub enum Body {
    /// Inline SVG markup.
    Svg(String),
    /// An HTML table (comparison tables, as in the report page).
    Table(String),
}

/// One figure computed for a view.
#[derive(Debug, Clone)]
pub struct FigureOut {
    /// File stem of the figure file (`03_taux_accueillis`): its id in URLs.
    pub id: String,
    pub title: String,
    /// The figure's data are missing for this view: the figure is left out with this reason.
    pub omitted: Option<String>,
    pub body: Option<Body>,
    /// The figure's data as an HTML table (French headers and numbers), the very rows of its
    /// CSV and XLSX downloads ([`report::data::figure_data`]), for the folded table under the
    /// chart.
    pub table: Option<String>,
    /// The figure's section (`-- section:`): its title, anchor and sentence, as in the report.
    pub section: Option<(String, String, Option<String>)>,
    chart: Option<Chart>,
    data: Option<(SchemaRef, Vec<RecordBatch>)>,
    /// The figure and the French headers of its data, for the CSV download (the report's file).
    csv: Option<(Figure, Vec<String>)>,
}

/// Download formats of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Svg,
    Png,
    Csv,
    Xlsx,
}

impl Download {
    /// From a file extension.
    pub fn from_ext(ext: &str) -> Option<Download> {
        Some(match ext {
            "svg" => Download::Svg,
            "png" => Download::Png,
            "csv" => Download::Csv,
            "xlsx" => Download::Xlsx,
            _ => return None,
        })
    }

    /// MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Download::Svg => "image/svg+xml",
            Download::Png => "image/png",
            Download::Csv => "text/csv; charset=utf-8",
            Download::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A table of text cells (query results, documents), numbers marked for alignment.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<(String, bool)>>,
}

/// A page of a SQL result.
#[derive(Debug, Clone)]
pub struct SqlPage {
    pub grid: Grid,
    /// Rows of the whole result (at most [`MAX_COUNTED_ROWS`]).
    pub total: usize,
    /// True when the result has more rows than were counted.
    pub more: bool,
}

/// A table or view of the catalogue with its columns.
#[derive(Debug, Clone)]
pub struct TableDoc {
    pub name: String,
    pub kind: &'static str,
    pub description: String,
    /// (name, type, nullable, what the column holds: [`crate::model::schema::column_description`])
    pub columns: Vec<(String, String, bool, &'static str)>,
}

/// A document of a département.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    pub id: String,
    pub departement: String,
    pub departement_name: String,
    pub title: String,
    pub source_file: String,
    pub figures: i64,
    pub items: i64,
}

/// The explorer's state: the engine and what every page needs, loaded once at start.
pub struct Explorer {
    engine: Engine,
    /// The session of the user's SQL (SQL page, `/api/query`, downloads, table listing):
    /// `Engine::published`, without the raw OLINPE tables and views.
    sql_engine: Engine,
    shapes: Vec<Shape>,
    departements: Vec<Departement>,
    figures: Vec<Figure>,
    indicator_figures: Vec<Figure>,
    /// The comparison page's scatter (`queries/explorer/indicator_scatter.sql`).
    scatter_figure: Figure,
    indicators: Vec<Indicator>,
    documents: Vec<DocumentInfo>,
    tables: Vec<TableDoc>,
    years: (i32, i32),
    timeout: Duration,
    cache: parking_lot::Mutex<Recent<Arc<FigureOut>>>,
    /// References resolved (with their gaps) by focus, years and choice: two queries a view
    /// otherwise, on every figure request.
    reference_cache: parking_lot::Mutex<Recent<crate::bench::references::References>>,
    /// Quality flags of a focus and its peers up to a year: one query for all the figures of a
    /// view.
    flag_cache: parking_lot::Mutex<Recent<Arc<Vec<report::flags::Flag>>>>,
    /// The peer picker's suggestions by focus, year and pool.
    suggestion_cache: parking_lot::Mutex<Recent<Suggestion>>,
}

fn explorer_file(engine: &Engine, name: &str) -> PathBuf {
    engine.queries_dir().join("explorer").join(name)
}

async fn run_file(engine: &Engine, file: &str, params: &Params) -> Result<Grid> {
    let path = explorer_file(engine, file);
    let sql = std::fs::read_to_string(&path)
        .map_err(|e| ExplorerError::Internal(format!("{}: {e}", path.display())))?;
    let batches = engine
        .sql(&sql, params, &path.display().to_string())
        .await?;
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => {
            let df = engine
                .plan(&sql, params, &path.display().to_string())
                .await?;
            Arc::new(df.schema().as_arrow().clone())
        }
    };
    grid(&schema, &batches, false)
}

/// A result as cells; `french`: numbers with a decimal comma (all digits).
fn grid(schema: &SchemaRef, batches: &[RecordBatch], french: bool) -> Result<Grid> {
    let (columns, rows) = output::cells(schema, batches)?;
    let rows = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| {
                    // French: a decimal comma, every digit kept (the SQL page shows the
                    // result exactly, as its CSV download holds it).
                    let text = match (french, c.numeric) {
                        (true, true) => crate::write::decimal_comma(&c.text),
                        _ => c.text,
                    };
                    (text, c.numeric)
                })
                .collect()
        })
        .collect();
    Ok(Grid { columns, rows })
}

impl Explorer {
    /// Open the catalogue over `data_dir` and `queries_dir` and load what every page needs.
    pub async fn open(data_dir: &Path, queries_dir: &Path) -> Result<Explorer> {
        let engine = Engine::open(data_dir, queries_dir)?;
        let shapes = report::shapes(&engine).await?;
        let none = Params::default();
        let departements = run_file(&engine, "departements.sql", &none)
            .await?
            .rows
            .into_iter()
            .map(|r| Departement {
                code: r[0].0.clone(),
                name: r[1].0.clone(),
                whole: r.get(2).map(|c| c.0.clone()).filter(|w| !w.is_empty()),
                years: Vec::new(),
            })
            .collect::<Vec<_>>();
        let mut departements = departements;
        for r in run_file(&engine, "data_years.sql", &none).await?.rows {
            if let (Some(d), Ok(y)) = (
                departements.iter_mut().find(|d| d.code == r[0].0),
                r[1].0.parse::<i32>(),
            ) {
                d.years.push(y);
            }
        }
        let y = run_file(&engine, "years.sql", &none).await?;
        let years = y
            .rows
            .first()
            .and_then(|r| Some((r[0].0.parse().ok()?, r[1].0.parse().ok()?)))
            .ok_or_else(|| ExplorerError::Internal("aucune donnée DREES à explorer".into()))?;
        let indicators = run_file(&engine, "indicators.sql", &none)
            .await?
            .rows
            .into_iter()
            .filter_map(|r| {
                Some(Indicator {
                    id: r[0].0.clone(),
                    label: r[1].0.clone(),
                    unit: r[2].0.clone(),
                    first_year: r[3].0.parse().ok()?,
                    last_year: r[4].0.parse().ok()?,
                })
            })
            .collect();
        let documents = run_file(&engine, "documents.sql", &none)
            .await?
            .rows
            .into_iter()
            .map(|r| DocumentInfo {
                id: r[0].0.clone(),
                departement: r[1].0.clone(),
                departement_name: r[2].0.clone(),
                title: r[3].0.clone(),
                source_file: r[4].0.clone(),
                figures: r[5].0.parse().unwrap_or(0),
                items: r[6].0.parse().unwrap_or(0),
            })
            .collect();
        let figures = report::figure_files(engine.queries_dir())?
            .iter()
            .map(|p| Figure::read(p))
            .collect::<crate::Result<Vec<_>>>()?;
        let indicator_figures = ["indicator_map", "indicator_ranking", "indicator_evolution"]
            .iter()
            .map(|n| Figure::read(&explorer_file(&engine, &format!("{n}.sql"))))
            .collect::<crate::Result<Vec<_>>>()?;
        let scatter_figure =
            Figure::read(&explorer_file(&engine, &format!("{SCATTER_FIGURE}.sql")))?;
        let sql_engine = engine.published()?;
        let mut tables = Vec::new();
        for t in sql_engine.tables() {
            let schema = sql_engine.describe(&t.name).await?;
            tables.push(TableDoc {
                columns: schema
                    .fields()
                    .iter()
                    .map(|f| {
                        (
                            f.name().clone(),
                            f.data_type().to_string(),
                            f.is_nullable(),
                            crate::model::schema::column_description(&t.name, f.name())
                                .unwrap_or(""),
                        )
                    })
                    .collect(),
                name: t.name,
                kind: t.kind,
                description: t.description,
            });
        }
        tables.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        Ok(Explorer {
            engine,
            sql_engine,
            shapes,
            departements,
            figures,
            indicator_figures,
            scatter_figure,
            indicators,
            documents,
            tables,
            years,
            timeout: QUERY_TIMEOUT,
            cache: parking_lot::Mutex::new(Recent::new(FIGURE_CACHE)),
            reference_cache: parking_lot::Mutex::new(Recent::new(FIGURE_CACHE)),
            flag_cache: parking_lot::Mutex::new(Recent::new(FIGURE_CACHE)),
            suggestion_cache: parking_lot::Mutex::new(Recent::new(FIGURE_CACHE)),
        })
    }

    /// Set the query time limit (tests use a short one).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Every département, in code order.
    pub fn departements(&self) -> &[Departement] {
        &self.departements
    }

    /// First and last year with DREES data.
    pub fn years(&self) -> (i32, i32) {
        self.years
    }

    /// Indicators of the indicator page.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Documents of the départements.
    pub fn documents(&self) -> &[DocumentInfo] {
        &self.documents
    }

    /// Tables and views with their columns.
    pub fn tables(&self) -> &[TableDoc] {
        &self.tables
    }

    /// Ids and titles of the report's figures (file order).
    pub fn figure_ids(&self) -> Vec<(String, String)> {
        self.figures
            .iter()
            .map(|f| (f.name.clone(), f.title.clone()))
            .collect()
    }

    /// A figure for `params`, from the cache or computed (and then cached).
    async fn compute(&self, fig: &Figure, params: &Params, view: &View) -> FigureOut {
        let roles = &view.roles;
        let key = format!(
            "{}|{}|{:?}|{}|{}",
            fig.path.display(),
            fig.title,
            params.0,
            roles.focus,
            roles.peers.join(",")
        );
        if let Some(hit) = self.cache.lock().get(&key) {
            return (*hit).clone();
        }
        let out = self.compute_uncached(fig, params, view).await;
        self.cache.lock().put(key, Arc::new(out.clone()));
        out
    }

    /// The quality flags of the view's focus and peers up to its year (`report/flags.sql`),
    /// loaded once for all its figures.
    async fn flags(&self, params: &Params) -> crate::Result<Arc<Vec<report::flags::Flag>>> {
        let key = ["focus", "peers", "year"]
            .map(|p| params.get(p).unwrap_or_default())
            .join("|");
        if let Some(hit) = self.flag_cache.lock().get(&key) {
            return Ok(hit);
        }
        let flags = Arc::new(report::flags::load(&self.engine, params).await?);
        self.flag_cache.lock().put(key, flags.clone());
        Ok(flags)
    }

    async fn compute_uncached(&self, fig: &Figure, params: &Params, view: &View) -> FigureOut {
        let roles = &view.roles;
        let mut out = FigureOut {
            id: fig.name.clone(),
            title: fig.title.clone(),
            omitted: None,
            body: None,
            table: None,
            section: fig
                .section
                .clone()
                .zip(fig.section_id())
                .map(|(title, id)| (title, id, fig.section_note.clone())),
            chart: None,
            data: None,
            csv: None,
        };
        // A « Parcours (OLINPE) » figure for a département without extract: the reason says
        // which and how to load one (the page leaves the figure out; its files answer 404).
        if fig.reads_olinpe() {
            let name = self
                .departements
                .iter()
                .find(|d| d.code == roles.focus)
                .map_or(roles.focus.as_str(), |d| d.name.as_str());
            // The view's year is the DREES year: it matters only to a figure reading `$year`.
            let year = params
                .get("year")
                .filter(|_| fig.params.iter().any(|p| p == "year"))
                .and_then(|y| y.parse().ok());
            match report::extracts::missing(&self.engine, fig, &roles.focus, name, year).await {
                Ok(None) => {}
                Ok(Some(why)) => {
                    out.omitted = Some(format!("figure non tracée : {why}"));
                    return out;
                }
                Err(e) => {
                    out.omitted = Some(format!("figure non tracée : {e}"));
                    return out;
                }
            }
        }
        let context = fig.path.display().to_string();
        let result: crate::Result<(Chart, SchemaRef, Vec<RecordBatch>)> = async {
            let df = self.engine.plan(&fig.sql, params, &context).await?;
            let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
            fig.check_columns(&schema)?;
            let batches = df
                .collect()
                .await
                .map_err(|e| self.engine.error(&context, &fig.sql, e))?;
            // The EPCI map draws the focus's EPCI outlines (none where its communes are not
            // imported: no value, the figure is left out as in the report).
            let areas;
            let shapes = if fig.chart == crate::bench::figure::ChartKind::Areas {
                areas = report::area_shapes(&self.engine, params).await?;
                &areas
            } else {
                &self.shapes
            };
            let mut chart = figure::build(fig, params, roles, &schema, &batches, shapes)?;
            // Quality flags marked as in the reports: a sign on the value, a footnote saying why.
            if !fig.indicators.is_empty() {
                let flags = self.flags(params).await?;
                let shown = report::flags::shown(&flags, fig, params, &schema, &batches);
                report::flags::mark(&mut chart, &shown);
            }
            // Peers and references without a value here are named under the chart, as in the
            // reports.
            let peers: Vec<(String, String)> = view
                .peers
                .iter()
                .map(|d| (d.code.clone(), d.name.clone()))
                .collect();
            chart.meta.notes.extend(report::absent::note(
                fig,
                &peers,
                &view.references.territories,
                &schema,
                &batches,
            ));
            Ok((chart, schema, batches))
        }
        .await;
        match result {
            // As the report does: a figure without the focus's value is left out, with the
            // report's one-line reason (a rate of 69D or 69M has no base), not drawn without it.
            Ok((chart, schema, batches))
                if !report::focus_has_value(fig, &schema, &batches, &roles.focus) =>
            {
                out.title = chart.title().to_string();
                let focus = self.departements.iter().find(|d| d.code == roles.focus);
                let year = params
                    .get("year")
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(self.years.1);
                out.omitted = Some(format!(
                    "figure non tracée : {}",
                    report::left_out_reason(
                        fig,
                        year,
                        &roles.focus,
                        focus.map_or(roles.focus.as_str(), |d| d.name.as_str()),
                        focus.and_then(|d| d.whole.as_deref()),
                    )
                ));
            }
            Ok((chart, schema, batches)) => {
                out.title = chart.title().to_string();
                let body = match chart.as_table() {
                    Some(t) => Ok(Body::Table(render::export::to_html(&chart.meta, t))),
                    None => render::render(&chart, ImageFormat::Svg)
                        .map(|b| Body::Svg(String::from_utf8_lossy(&b).into_owned())),
                };
                match body {
                    Ok(b) => out.body = Some(b),
                    // Nothing to draw is the request's data, said in the page's language.
                    Err(render::RenderError::Empty { .. }) => {
                        out.omitted = Some(
                            "figure non tracée : aucune valeur pour cette demande (département, départements de comparaison et année)"
                                .into(),
                        )
                    }
                    Err(e) => out.omitted = Some(format!("figure non tracée : {e}")),
                }
                out.chart = Some(chart);
                let headers = report::figure_headers(fig, params, &schema, &batches);
                // The downloads' rows (no flags column, as the CSV), for reading on the page.
                // Under statistical secret: « s », never «n.d.» (`secret_as_text`).
                out.table = report::data::figure_data(fig, &headers, &schema, &batches, &[])
                    .and_then(|d| report::data::secret_as_text(fig, &headers, &schema, &batches, d))
                    .and_then(|d| crate::write::html::french_table(&d.schema, &d.batches))
                    .ok();
                out.csv = Some((fig.clone(), headers));
                out.data = Some((schema, batches));
            }
            Err(e) => out.omitted = Some(format!("figure non tracée : {e}")),
        }
        out
    }

    /// Every figure of `queries/figures/` for a view, in file order; a figure without data is
    /// kept with the reason in `omitted`.
    pub async fn figures(&self, view: &View) -> Result<Vec<FigureOut>> {
        limited(self.timeout, "figures", async {
            let mut out = Vec::new();
            for f in &self.figures {
                let computed = self.compute(f, &view.params, view).await;
                // The départements' own figures show only for a focus that gave values, as
                // in the reports; the page says which kit to import for the others.
                if (f.local || f.chart == crate::bench::figure::ChartKind::Areas)
                    && computed.omitted.is_some()
                {
                    continue;
                }
                out.push(computed);
            }
            Ok(out)
        })
        .await
    }

    /// One figure (by id) for a view.
    pub async fn figure(&self, view: &View, id: &str) -> Result<FigureOut> {
        let fig = self
            .figures
            .iter()
            .find(|f| f.name == id)
            .ok_or_else(|| ExplorerError::NotFound(format!("figure inconnue « {id} »")))?;
        limited(self.timeout, "figure", async {
            Ok(self.compute(fig, &view.params, view).await)
        })
        .await
    }

    /// A figure's file in `format`.
    pub fn download(&self, fig: &FigureOut, format: Download) -> Result<Vec<u8>> {
        // A figure left out of the page (no data for this view) has no file either.
        if let Some(reason) = &fig.omitted {
            return Err(ExplorerError::NotFound(reason.clone()));
        }
        let (Some(chart), Some((schema, batches))) = (&fig.chart, &fig.data) else {
            return Err(ExplorerError::NotFound(
                fig.omitted
                    .clone()
                    .unwrap_or_else(|| "figure sans données".into()),
            ));
        };
        let render_err = |e: render::RenderError| ExplorerError::Internal(e.to_string());
        match format {
            // The page's inline SVG is the file: drawn once.
            Download::Svg => match &fig.body {
                Some(Body::Svg(svg)) => Ok(svg.clone().into_bytes()),
                _ => render::render(chart, ImageFormat::Svg).map_err(render_err),
            },
            Download::Png => render::render(chart, ImageFormat::Png).map_err(render_err),
            // The report's dialect (French Excel: BOM, `;`, decimal comma), so a download is the report's file.
            Download::Csv => match &fig.csv {
                Some((f, headers)) => {
                    Ok(report::french_csv(f, headers, schema, batches)?.into_bytes())
                }
                None => Ok(crate::write::csv::french_excel(schema, batches)?),
            },
            Download::Xlsx => {
                // The sheet `tableaux.xlsx` holds for this figure: French headers with units,
                // title, number formats, source; else the data under the chart's French title.
                match &fig.csv {
                    Some((f, headers)) => {
                        Ok(report::figure_workbook(f, chart, schema, batches, headers)?)
                    }
                    None => result_workbook(
                        &crate::write::xlsx::sheet_name_from_title("", chart.title()),
                        schema,
                        batches,
                    ),
                }
            }
        }
    }

    /// The whole report of a view as `depbench report` writes it, zipped (deflate), the files
    /// under `<slug>/`. Returns the zip's file name and bytes.
    pub async fn report_zip(&self, view: &View) -> Result<(String, Vec<u8>)> {
        let req = report::Request {
            focus: view.focus.code.clone(),
            peers: PeerChoice::Named(view.peers.iter().map(|p| p.code.clone()).collect()),
            year: view.year,
            from: Some(view.from),
            references: view.reference_choice.clone(),
        };
        let r = limited(REPORT_TIMEOUT, "rapport", async {
            Ok(report::build(&self.engine, &req, &self.shapes).await?)
        })
        .await?;
        let slug = r.slug();
        let files = report::files(&r)?;
        let zip_err = |e: zip::result::ZipError| ExplorerError::Internal(format!("zip: {e}"));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // A fixed date keeps the archive identical from one download to the next.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (path, bytes) in files {
            let name = format!("{slug}/{}", path.to_string_lossy().replace('\\', "/"));
            zip.start_file(name, options).map_err(zip_err)?;
            std::io::Write::write_all(&mut zip, &bytes)
                .map_err(|e| ExplorerError::Internal(format!("zip: {e}")))?;
        }
        let cursor = zip.finish().map_err(zip_err)?;
        Ok((format!("{slug}.zip"), cursor.into_inner()))
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> ExplorerError {
    ExplorerError::Internal(format!("xlsx: {e}"))
}

/// A workbook of one query result, by the one XLSX writer (`write::xlsx`), with the fixed
/// creation date that keeps downloads byte-identical.
fn result_workbook(name: &str, schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut sheet = crate::write::xlsx::Sheet::add(&mut wb, name, schema)?;
    for b in batches {
        sheet.write(&mut wb, b)?;
    }
    crate::write::xlsx::fixed_date(&mut wb)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

mod bands;
mod catalogue;
mod comparison;
mod downloads;
mod picker;
mod references_url;
mod view;
