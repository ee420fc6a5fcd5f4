//! The report stage: run every figure of `queries/figures/` for a focus département and its
//! peers, render charts and tables, and write a self-contained report folder.
//!
//! Everything is computed in memory first ([`build`]); only a complete report is written
//! ([`fn@write`]), committed all at once under the `--out` folder's lock, so a bad parameter, a
//! broken figure file, a concurrent run or a crash leaves no half-written output.

pub mod absent;
pub mod data;
pub mod extracts;
pub mod flags;
mod folder;
mod html;
pub mod indicators;
pub mod lecture;
mod published;
pub mod single;
mod xlsx;

pub use folder::{
    MANIFEST, check_target, recover, remove_written, unknown_files, write, write_folder,
};
pub use xlsx::{figure_headers, figure_workbook};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::dataframe::DataFrame;

use crate::bench::figure::{self, ChartKind, Figure};
use crate::bench::peers::{self, PeerChoice, Peers};
use crate::bench::references::{self, ReferenceChoice, References};
use crate::error::{Error, Result};
use crate::model::shape::ShapeBuilder;
use crate::model::territory::Roles;
use crate::query::rows::Rows;
use crate::query::run::{run_file, run_optional_file};
use crate::query::{Engine, Params, output};
use crate::render::{self, Chart, Shape};

/// What to report on.
#[derive(Debug, Clone)]
pub struct Request {
    pub focus: String,
    pub peers: PeerChoice,
    pub year: i32,
    /// First year of the evolution figures (default: `year - 4`) and of the long series
    /// (default: `year - 10`, see [`since`]).
    pub from: Option<i32>,
    /// References drawn next to the focus and peers (default: following the focus).
    pub references: ReferenceChoice,
}

/// One figure, computed and rendered.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub figure: Figure,
    pub chart: Chart,
    pub svg: Vec<u8>,
    pub png: Vec<u8>,
    /// The query result as French CSV (BOM, `;`, decimal comma; every digit kept), under
    /// [`headers`](Self::headers).
    pub csv: String,
    /// French headers of the result's columns with their units, as the data sheet of
    /// `tableaux.xlsx` and `donnees/*.csv` show them ([`xlsx::figure_headers`]).
    pub headers: Vec<String>,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    /// The « Lecture : » sentence written under the figure in the HTML report, from its values.
    pub lecture: Option<String>,
}

/// A figure left out of a report: its title and why (no value for the focus that year…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub title: String,
    pub reason: String,
}

/// A document figure of the focus département next to DREES, for the report's last section.
#[derive(Debug, Clone)]
pub struct Sourced {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

/// A complete report in memory: the checked request and what it produced.
#[derive(Debug, Clone)]
pub struct Report {
    pub request: Prepared,
    pub figures: Vec<Rendered>,
    /// Figures left out for lack of data for the request, each with why (in French).
    pub left_out: Vec<LeftOut>,
    pub document_figures: Option<Sourced>,
    pub sources: Sourced,
    /// Data-quality flags of the values the figures show (focus and peers), each marked on its
    /// figure; listed in the « Qualité des données » section.
    pub flags: Vec<flags::Flag>,
    /// The catalogue's indicators as (id, short French name), longest id first
    /// (`queries/report/indicator_names.sql`): the annex names them in the reader's words.
    pub indicator_names: Vec<(String, String)>,
}

impl Report {
    /// Folder name of the report: `17-charente-maritime`.
    pub fn slug(&self) -> String {
        self.request.slug()
    }
}

impl Prepared {
    /// Folder name of the report: `17-charente-maritime`.
    pub fn slug(&self) -> String {
        let name: String = self
            .focus_name
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'à' | 'â' => 'a',
                'ô' => 'o',
                'î' | 'ï' => 'i',
                'ù' | 'û' => 'u',
                'ç' => 'c',
                c if c.is_ascii_alphanumeric() => c,
                _ => '-',
            })
            .collect();
        format!("{}-{}", self.focus, name.trim_matches('-'))
    }
}

/// The figure files of the standard report, in file-name order.
pub fn figure_files(queries_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = queries_dir.join("figures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    Ok(files)
}

/// The focus of a request, resolved and checked against the data.
struct Focus {
    code: String,
    name: String,
    from: i32,
    since: i32,
    parent_is_departement: bool,
    parent_name: String,
}

/// Validate the request's parameters against the data: a known focus of DREES's field (code or
/// name), a year with data, a first year of evolutions before it.
async fn validate(engine: &Engine, req: &Request) -> Result<Focus> {
    let (code, name) = peers::resolve(engine, &req.focus, "--department").await?;
    let what = format!("--department {}", req.focus.trim());
    single::check_in_field(engine, &code, &name, &what).await?;
    let mut p = Params::default();
    p.set("focus", code.clone());
    let focus = run_file(engine, "report/focus.sql", &p).await?;
    let parent_kind = focus.text("parent_kind", 0);
    let first = single::check_year(engine, req.year, &format!("--year {}", req.year)).await?;
    if !peers::has_data(engine, &code, req.year).await? {
        let instead = peers::valid_instead(engine, &code, req.year).await?;
        let advice = peers::valid_instead_advice(req.year, &instead, "-d ")
            .unwrap_or_else(|| "donnez une autre --year ou un autre département".to_string());
        return Err(Error::Invalid(format!(
            "--department {} : {name} ({code}) n'a pas de données DREES pour {} : {advice}",
            req.focus.trim(),
            req.year
        )));
    }
    // Without --from the evolutions start 4 years back, or at the first year of the data.
    let from = match req.from {
        Some(f) if f >= req.year => {
            return Err(Error::Invalid(format!(
                "--from {f} : doit précéder --year {} : donnez un --from antérieur ou omettez-le",
                req.year
            )));
        }
        Some(f) if f < first => {
            return Err(Error::Invalid(format!(
                "--from {f} : les données DREES commencent en {first} : donnez --from {first} ou plus tard"
            )));
        }
        Some(f) => f,
        None => (req.year - 4).max(first),
    };
    Ok(Focus {
        code,
        name,
        from,
        since: since(req.year, req.from, first),
        parent_is_departement: parent_kind.as_deref() == Some("departement"),
        parent_name: focus.text("parent_name", 0).unwrap_or_default(),
    })
}

/// First year of the long series (the rate over time, `$since`): `--from` when given, else
/// [`SINCE_YEARS`] before `year`, not before `first` (the first year of DREES data).
pub fn since(year: i32, from: Option<i32>, first: i32) -> i32 {
    from.unwrap_or(year - SINCE_YEARS).max(first).min(year)
}

/// The year a report or a chart is for: a given year, or `latest` (the latest year with DREES
/// data for the focus, [`latest_year`]); parsed from `--year 2022` / `--year latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearChoice {
    Latest,
    Given(i32),
}

impl std::str::FromStr for YearChoice {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("latest") || s.eq_ignore_ascii_case("dernière") {
            return Ok(YearChoice::Latest);
        }
        s.parse::<i32>().map(YearChoice::Given).map_err(|_| {
            format!("`{s}` n'est pas une année : donnez une année (2022) ou `latest` (la dernière année avec des données DREES pour le département)")
        })
    }
}

impl YearChoice {
    /// The year for `focus` (`None`: any territory) and, for `latest`, the sentence saying which
    /// year it is, in French (« année 2022 : la dernière avec des données DREES pour l'Hérault »).
    /// A focus without DREES data gets the data's latest year (the request's check then says
    /// why it has no report). Errors only when there are no DREES data at all.
    pub async fn resolve(
        self,
        engine: &Engine,
        focus: Option<(&str, &str)>,
    ) -> Result<(i32, Option<String>)> {
        match self {
            YearChoice::Given(y) => Ok((y, None)),
            YearChoice::Latest => {
                let year = latest_year(engine, focus.map(|(code, _)| code)).await?;
                match (year, focus) {
                    (Some(y), Some((code, name))) => Ok((
                        y,
                        Some(format!("année {y} : {} ({code})", latest_words(code, name))),
                    )),
                    (Some(y), None) => Ok((
                        y,
                        Some(format!("année {y} : la dernière des données DREES")),
                    )),
                    // Nothing for the focus: the data's latest year, for which the request's
                    // check says why the focus has no report (outside DREES's field…).
                    (None, Some(_)) => Box::pin(YearChoice::Latest.resolve(engine, None))
                        .await
                        .map(|(y, _)| (y, None)),
                    (None, None) => Err(Error::Invalid(
                        "aucune donnée DREES sur laquelle faire un rapport".into(),
                    )),
                }
            }
        }
    }
}

/// What `--year latest` chose for the focus `code` named `name`, in French, for stderr and the
/// report's summary line: « la dernière avec des données DREES pour l'Hérault » (the name with
/// its article, [`lecture::with_article`]).
pub fn latest_words(code: &str, name: &str) -> String {
    format!(
        "la dernière avec des données DREES pour {}",
        lecture::with_article(code, name)
    )
}

/// How many years back the long series start without `--from` (ten, as annual reports look).
pub const SINCE_YEARS: i32 = 10;

/// The latest year with DREES data for `focus` (a count of children in care,
/// `queries/report/latest_year.sql`), `--year latest`; `None` when DREES publishes none for it.
/// Without a focus (`None`), the latest year of DREES data for any territory.
pub async fn latest_year(engine: &Engine, focus: Option<&str>) -> Result<Option<i32>> {
    const FILE: &str = "report/latest_year.sql";
    let rows = run_file(engine, FILE, &Params::default()).await?;
    rows.require("territory", FILE)?;
    rows.require("last_year", FILE)?;
    let year = match focus {
        Some(code) => rows
            .position("territory", code)
            .and_then(|r| rows.int("last_year", r)),
        None => (0..rows.len())
            .filter_map(|r| rows.int("last_year", r))
            .max(),
    };
    Ok(year.map(|y| y as i32))
}

/// Every département with a DREES count of children in care for `year`.
pub async fn departements(engine: &Engine, year: i32) -> Result<Vec<String>> {
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, "report/departements.sql", &p).await?;
    rows.require("territory", "report/departements.sql")?;
    Ok(rows.texts("territory"))
}

/// Départements `--every-departement` leaves out for `year`: (code, name, reason in French).
pub async fn skipped(engine: &Engine, year: i32) -> Result<Vec<(String, String, String)>> {
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, "report/skipped.sql", &p).await?;
    rows.require("reason", "report/skipped.sql")?;
    Ok(rows
        .texts("code")
        .into_iter()
        .zip(rows.texts("name"))
        .zip(rows.texts("reason"))
        .map(|((c, n), r)| (c, n, r))
        .collect())
}

/// Outlines for maps, built from the `geo_departements` table (one row per vertex, in file
/// order). Errors name the table and the 1-based row at fault.
pub async fn shapes(engine: &Engine) -> Result<Vec<Shape>> {
    let batch = engine.catalog().table("geo_departements")?;
    shapes_from(&Rows::new(batch.schema(), vec![batch]))
}

/// Outlines of the focus's EPCI (`report/epci_outlines.sql`, table `geo_epci`), for a figure of
/// kind `areas`; empty when the focus's commune outlines are not imported.
pub async fn area_shapes(engine: &Engine, params: &Params) -> Result<Vec<Shape>> {
    shapes_from(&run_file(engine, "report/epci_outlines.sql", params).await?)
}

/// Why a figure of kind `areas` is left out for `focus_name`: the départements that have
/// outlines of their EPCI.
pub(crate) async fn no_areas_reason(engine: &Engine, focus_name: &str) -> Result<String> {
    let rows = run_file(engine, "report/epci_departements.sql", &Params::default()).await?;
    let held = rows.texts("departement");
    Ok(if held.is_empty() {
        format!(
            "pas de carte des EPCI pour {focus_name} : aucun contour de communes (IGN) n'est importé"
        )
    } else {
        format!(
            "pas de carte des EPCI pour {focus_name} : les contours IGN des communes ne sont importés que pour les départements {}",
            held.join(", ")
        )
    })
}

/// Outlines from vertex rows `(code, name, ring, point, lon, lat)`.
fn shapes_from(rows: &Rows) -> Result<Vec<Shape>> {
    const TABLE: &str = "geo_departements";
    let mut builder = ShapeBuilder::default();
    let located = |line: u64, m: String| Error::Invalid(format!("{TABLE}, row {line}: {m}"));
    for r in 0..rows.len() {
        let line = r as u64 + 1;
        let text = |c: &str| {
            rows.str(c, r)
                .ok_or_else(|| located(line, format!("`{c}` manque")))
        };
        let index = |c: &str| {
            rows.int(c, r)
                .and_then(|v| usize::try_from(v).ok())
                .ok_or_else(|| located(line, format!("`{c}` n'est pas un indice")))
        };
        let number = |c: &str| {
            rows.number(c, r)
                .ok_or_else(|| located(line, format!("`{c}` n'est pas un nombre")))
        };
        builder
            .push(
                line,
                text("code")?,
                text("name")?,
                index("ring")?,
                index("point")?,
                number("lon")?,
                number("lat")?,
            )
            .map_err(|(l, m)| located(l, m))?;
    }
    builder.finish().map_err(|(l, m)| located(l, m))
}

/// Run one figure with `params`: query, chart, SVG and PNG.
pub async fn render_figure(
    engine: &Engine,
    fig: &Figure,
    params: &Params,
    roles: &Roles,
    shapes: &[Shape],
) -> Result<Rendered> {
    let (chart, schema, batches) = query_figure(engine, fig, params, roles, shapes).await?;
    draw_figure(fig, params, chart, schema, batches)
}

/// Run one figure's query and build its chart (not drawn yet).
async fn query_figure(
    engine: &Engine,
    fig: &Figure,
    params: &Params,
    roles: &Roles,
    shapes: &[Shape],
) -> Result<(Chart, SchemaRef, Vec<RecordBatch>)> {
    let df = plan_figure(engine, fig, params).await?;
    run_planned(fig, df, params, roles, shapes).await
}

/// Plan one figure's query with `params` and check the header's columns on the plan, before
/// anything runs or is written.
///
/// A figure's query is small and runs once: it is planned lightly ([`Engine::plan_small`]).
async fn plan_figure(engine: &Engine, fig: &Figure, params: &Params) -> Result<DataFrame> {
    let df = engine
        .plan_small(&fig.sql, params, &fig.path.display().to_string())
        .await?;
    fig.check_columns(&Arc::new(df.schema().as_arrow().clone()))?;
    Ok(df)
}

/// Run a figure's checked plan and build its chart (not drawn yet).
async fn run_planned(
    fig: &Figure,
    df: DataFrame,
    params: &Params,
    roles: &Roles,
    shapes: &[Shape],
) -> Result<(Chart, SchemaRef, Vec<RecordBatch>)> {
    let context = fig.path.display().to_string();
    let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await.map_err(|e| Error::query(&context, e))?;
    let chart = figure::build(fig, params, roles, &schema, &batches, shapes)?;
    Ok((chart, schema, batches))
}

/// A figure's data as `donnees/*.csv`: French Excel's CSV (BOM, `;`, decimal comma, CRLF)
/// under the headers of its sheet in `tableaux.xlsx` ([`xlsx::figure_headers`]: `Année`,
/// `Taux pour 1 000 jeunes de 0 à 20 ans`), in the shape of [`data::figure_data`] (values to the
/// chart's decimals plus one, time series wide), readable back by `--table NAME=PATH`. The
/// explorer's CSV downloads are this file (without the flags column: see [`figure_csv`]).
pub fn french_csv(
    fig: &Figure,
    headers: &[String],
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<String> {
    figure_csv(fig, &[], headers, schema, batches)
}

/// [`french_csv`] with the chart's footnotes `notes`: the flags among them (⚑) fill a last
/// column `Signalement` ([`data::figure_data`]).
pub fn figure_csv(
    fig: &Figure,
    notes: &[String],
    headers: &[String],
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Result<String> {
    let d = data::figure_data(fig, headers, schema, batches, notes)?;
    output::render(&d.schema, &d.batches, output::Format::CsvFr)
}

/// Draw a built chart as SVG and PNG and write its data as French CSV ([`french_csv`]).
fn draw_figure(
    fig: &Figure,
    params: &Params,
    chart: Chart,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
) -> Result<Rendered> {
    let context = fig.path.display().to_string();
    let (svg, png) =
        render::render_svg_and_png(&chart).map_err(|e| Error::Render(format!("{context}: {e}")))?;
    let headers = xlsx::figure_headers(fig, params, &schema, &batches);
    let csv = figure_csv(fig, &chart.meta.notes, &headers, &schema, &batches)?;
    Ok(Rendered {
        headers,
        figure: fig.clone(),
        chart,
        svg,
        png,
        csv,
        schema,
        batches,
        lecture: None,
    })
}

async fn sourced(engine: &Engine, file: &str, params: &Params) -> Result<Option<Sourced>> {
    Ok(run_optional_file(engine, file, params)
        .await?
        .map(|rows| Sourced {
            schema: rows.schema().clone(),
            batches: rows.batches().to_vec(),
        }))
}

/// A report request checked against the data, ready to build: known focus and peers, year in
/// range, figure files parsed and their headers checked against the queries' plans.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub focus: String,
    pub focus_name: String,
    /// 69D/69M: the parent is the Rhône (69), whose population Insee publishes whole.
    pub focus_parent_is_departement: bool,
    pub focus_parent_name: String,
    pub year: i32,
    pub from: i32,
    /// First year of the long series (`$since`, [`since`]).
    pub since: i32,
    pub peers: Peers,
    pub peer_names: Vec<(String, String)>,
    /// The references drawn (national scope, région) and notes on them, in French: a région
    /// left out, région sums that cannot be computed for some series and years.
    pub references: References,
    pub params: Params,
    pub roles: Roles,
    pub figures: Vec<Figure>,
    /// The figures' plans with these parameters, checked and ready to run (same order as
    /// `figures`): a report plans each query once.
    pub plans: Vec<DataFrame>,
}

/// Check a request and everything it will run, without running it.
pub async fn prepare(engine: &Engine, req: &Request) -> Result<Prepared> {
    let focus = validate(engine, req).await?;
    let peers = peers::choose(engine, &focus.code, req.year, &req.peers).await?;
    let mut peer_names = Vec::new();
    for code in &peers.codes {
        peer_names.push(peers::resolve(engine, code, "peer").await?);
    }
    let from = focus.from;
    let mut refs = references::resolve(
        engine,
        &focus.code,
        &focus.name,
        req.year,
        &req.references,
        "--reference",
    )
    .await?;
    refs.notes
        .extend(references::gaps(engine, &refs, from, req.year).await?);
    let mut params = Params::default();
    params
        .set("focus", focus.code.clone())
        .set("peers", peers.codes.join(","))
        .set("references", refs.param())
        .set("year", req.year.to_string())
        .set("from", from.to_string())
        .set("since", focus.since.to_string())
        .set("to", req.year.to_string());
    let roles = Roles {
        focus: focus.code.clone(),
        peers: peers.codes.clone(),
    };
    let figures: Vec<Figure> = figure_files(engine.queries_dir())?
        .iter()
        .map(|p| Figure::read(p))
        .collect::<Result<_>>()?;
    let mut plans = Vec::with_capacity(figures.len());
    for fig in &figures {
        fig.register_tables(engine)?;
        plans.push(plan_figure(engine, fig, &params).await?);
    }
    Ok(Prepared {
        focus: focus.code,
        focus_name: focus.name,
        focus_parent_is_departement: focus.parent_is_departement,
        focus_parent_name: focus.parent_name,
        year: req.year,
        from,
        since: focus.since,
        peers,
        peer_names,
        references: refs,
        params,
        roles,
        figures,
        plans,
    })
}

/// Run and render a prepared report, in memory.
pub async fn run(engine: &Engine, p: Prepared, shapes: &[Shape]) -> Result<Report> {
    let mut rendered = Vec::with_capacity(p.figures.len());
    let mut left_out = Vec::new();
    let all_flags = flags::load(engine, &p.params).await?;
    let mut shown_flags: Vec<flags::Flag> = Vec::new();
    for (fig, df) in p.figures.iter().zip(&p.plans) {
        let areas;
        let shapes = if fig.chart == ChartKind::Areas {
            areas = area_shapes(engine, &p.params).await?;
            // Commune outlines exist for a few départements only (docs/context.md): elsewhere
            // the map is absent as the départements' own figures are, not a figure missing.
            if areas.is_empty() {
                continue;
            }
            &areas[..]
        } else {
            shapes
        };
        let drawn = match run_planned(fig, df.clone(), &p.params, &p.roles, shapes).await {
            Ok((mut chart, schema, batches)) => {
                let shown = flags::shown(&all_flags, fig, &p.params, &schema, &batches);
                flags::mark(&mut chart, &shown);
                chart.meta.notes.extend(absent::note(
                    fig,
                    &p.peer_names,
                    &p.references.territories,
                    &schema,
                    &batches,
                ));
                let shown: Vec<flags::Flag> = shown.into_iter().map(|(f, _)| f.clone()).collect();
                let lecture = lecture::sentence(
                    fig,
                    &chart.meta,
                    &p.params,
                    &p.roles,
                    &schema,
                    &batches,
                    &shown,
                );
                draw_figure(fig, &p.params, chart, schema, batches)
                    .map(|r| (Rendered { lecture, ..r }, shown))
            }
            Err(e) => Err(e),
        };
        match drawn {
            Ok((r, shown)) if focus_has_value(&r.figure, &r.schema, &r.batches, &p.focus) => {
                for f in shown {
                    if !shown_flags.contains(&f) {
                        shown_flags.push(f);
                    }
                }
                rendered.push(r)
            }
            // The départements' own figures are there only for a focus that gave some.
            Ok(_) if fig.local => {}
            Ok(_) => left_out_once(&mut left_out, left_out_note(&p, fig)),
            // A chart with nothing to draw is a figure without data for this request, not a
            // broken report.
            Err(Error::Render(m)) if m.contains("aucune valeur à tracer") && fig.local => {}
            Err(Error::Render(m)) if m.contains("aucune valeur à tracer") => {
                left_out_once(&mut left_out, left_out_note(&p, fig))
            }
            Err(e) => return Err(e),
        }
    }
    if rendered.is_empty() {
        return Err(Error::Invalid(format!(
            "rapport de {} ({}) en {} : aucune figure n'a de données à tracer",
            p.focus_name, p.focus, p.year
        )));
    }
    let document_figures = sourced(engine, "report/document_figures.sql", &p.params).await?;
    let sources = sourced(engine, "report/sources.sql", &p.params)
        .await?
        .ok_or_else(|| Error::Invalid("queries/report/sources.sql manque".into()))?;
    let indicator_names =
        match run_optional_file(engine, "report/indicator_names.sql", &p.params).await? {
            Some(rows) => (0..rows.len())
                .filter_map(|i| Some((rows.text("id", i)?, rows.text("name", i)?)))
                .collect(),
            None => Vec::new(),
        };
    Ok(Report {
        request: p,
        figures: rendered,
        left_out,
        document_figures,
        sources,
        flags: ordered(&all_flags, shown_flags),
        indicator_names,
    })
}

/// `shown` in the order of `all` (focus first, then peers by name, indicator, year).
fn ordered(all: &[flags::Flag], shown: Vec<flags::Flag>) -> Vec<flags::Flag> {
    all.iter().filter(|f| shown.contains(f)).cloned().collect()
}

/// Whether a figure's result (`schema`, `batches`) holds a value for the `focus` code: a row of
/// the focus with a value in one of the figure's value columns (figures without a territory
/// column count as having one when they hold any row). A figure without is left out, by the
/// report and by the explorer alike.
pub fn focus_has_value(
    fig: &Figure,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    focus: &str,
) -> bool {
    let rows = Rows::new(schema.clone(), batches.to_vec());
    let Some(code) = &fig.code else {
        return !rows.is_empty();
    };
    absent::has_value(fig, code, &rows, focus, false)
}

/// Why `fig` is left out for the focus (`focus` code, `focus_name`) in `year`, one French line
/// (the report's « Figures non produites », the explorer's note): a value measured against a
/// population ([`Figure::reads_population`]: a rate, a spending per young person) of a
/// territory whose population Insee publishes only with its département's (`whole`: the Rhône
/// for 69D and 69M) has no base; otherwise the focus has no value in the figure that year.
pub fn left_out_reason(
    fig: &Figure,
    year: i32,
    focus: &str,
    focus_name: &str,
    whole: Option<&str>,
) -> String {
    use crate::model::format::Unit;
    let why = format!(
        "l'Insee publie la population du {} entier, pas celle de {focus_name} ({focus})",
        whole.unwrap_or_default()
    );
    match whole {
        Some(_)
            if fig.reads_population() && matches!(fig.unit, Unit::PerThousand | Unit::Percent) =>
        {
            format!("taux n.d. : {why}, et ce taux n'a donc pas de base")
        }
        Some(_) if fig.reads_population() => {
            format!("n.d. : {why}, et cette valeur rapportée à la population n'a donc pas de base")
        }
        _ => format!(
            "aucune valeur pour {focus_name} ({focus}) dans cette figure en {year} (requête {})",
            fig.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    }
}

/// Add `note` to the figures left out unless one with the same title and reason is there
/// already: two figures of one title (a chart and its map) left out for one reason are named
/// once (69M: « Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans » was said twice).
fn left_out_once(left_out: &mut Vec<LeftOut>, note: LeftOut) {
    if !left_out
        .iter()
        .any(|l| l.title == note.title && l.reason == note.reason)
    {
        left_out.push(note);
    }
}

/// The note of a figure left out: which figure and why, in French, its title's parameters
/// replaced (`$since-$year` → `2012-2022`).
fn left_out_note(p: &Prepared, fig: &Figure) -> LeftOut {
    let mut title = fig.title.replace("{year}", &p.year.to_string());
    for (k, v) in &p.params.0 {
        title = title.replace(&format!("${k}"), v);
    }
    let whole = p
        .focus_parent_is_departement
        .then_some(p.focus_parent_name.as_str());
    let reason = left_out_reason(fig, p.year, &p.focus, &p.focus_name, whole);
    LeftOut { title, reason }
}

/// Check, run and render one report, in memory.
pub async fn build(engine: &Engine, req: &Request, shapes: &[Shape]) -> Result<Report> {
    let prepared = prepare(engine, req).await?;
    run(engine, prepared, shapes).await
}

/// The files of a report: relative path → bytes.
pub fn files(report: &Report) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut files = Vec::new();
    for (i, r) in report.figures.iter().enumerate() {
        let stem = format!("{:02}-{}", i + 1, strip_number(&r.figure.name));
        files.push((PathBuf::from(format!("figures/{stem}.svg")), r.svg.clone()));
        files.push((PathBuf::from(format!("figures/{stem}.png")), r.png.clone()));
        files.push((
            PathBuf::from(format!("donnees/{stem}.csv")),
            r.csv.clone().into_bytes(),
        ));
        if let Some(t) = r.chart.as_table() {
            // Comparison tables also as Markdown, French formatted, to paste into a document.
            files.push((
                PathBuf::from(format!("figures/{stem}.md")),
                render::export::to_markdown(&r.chart.meta, t).into_bytes(),
            ));
        }
    }
    files.push((PathBuf::from("tableaux.xlsx"), xlsx::workbook(report)?));
    files.push((
        PathBuf::from("index.html"),
        html::page(report)?.into_bytes(),
    ));
    files.push((
        PathBuf::from("sources.md"),
        html::sources_markdown(report)?.into_bytes(),
    ));
    Ok(files)
}

fn strip_number(name: &str) -> &str {
    name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    /// The one sentence of `--year latest`, as stderr (`chart`, `report`) and the report's
    /// summary line say it: the name takes its article.
    #[test]
    fn latest_words_give_the_name_with_its_article() {
        assert_eq!(
            super::latest_words("34", "Hérault"),
            "la dernière avec des données DREES pour l'Hérault"
        );
        assert_eq!(
            super::latest_words("17", "Charente-Maritime"),
            "la dernière avec des données DREES pour la Charente-Maritime"
        );
        assert_eq!(
            super::latest_words("95", "Val-d'Oise"),
            "la dernière avec des données DREES pour le Val-d'Oise"
        );
    }
}
