//! The report stage: run every figure of `queries/figures/` for a focus département and its
//! peers, render charts and tables, and write a self-contained report folder.
//!
//! Everything is computed in memory first ([`build`]); only a complete report is written
//! ([`write`]), into a temporary folder renamed into place, so a bad parameter or a broken
//! figure file leaves no half-written output.

mod html;
mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::bench::figure::{self, Figure};
use crate::bench::peers::{self, PeerChoice, Peers};
use crate::error::{Error, Result};
use crate::model::shape::ShapeBuilder;
use crate::model::territory::Roles;
use crate::query::rows::Rows;
use crate::query::run::{run_file, run_optional_file};
use crate::query::{Engine, Params, output};
use crate::render::{self, Chart, ImageFormat, Shape};

/// What to report on.
#[derive(Debug, Clone)]
pub struct Request {
    pub focus: String,
    pub peers: PeerChoice,
    pub year: i32,
    /// First year of the evolution figures (default: `year - 4`).
    pub from: Option<i32>,
}

/// One figure, computed and rendered.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub figure: Figure,
    pub chart: Chart,
    pub svg: Vec<u8>,
    pub png: Vec<u8>,
    /// The query result as French CSV (BOM, `;`, decimal comma; every digit kept).
    pub csv: String,
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
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
    pub document_figures: Option<Sourced>,
    pub sources: Sourced,
}

impl Report {
    /// Folder name of the report: `17-charente-maritime`.
    pub fn slug(&self) -> String {
        let name: String = self
            .request
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
        format!("{}-{}", self.request.focus, name.trim_matches('-'))
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

/// Validate the request's parameters against the data: known focus, year in range.
async fn validate(engine: &Engine, req: &Request) -> Result<(String, i32)> {
    let name = peers::check_departement(engine, &req.focus, "--department").await?;
    let years = run_file(engine, "peers/years.sql", &Params::default()).await?;
    let (first, last) = years
        .int("first_year", 0)
        .zip(years.int("last_year", 0))
        .map(|(f, l)| (f as i32, l as i32))
        .ok_or_else(|| Error::Invalid("no DREES data to report on".into()))?;
    if req.year < first || req.year > last {
        return Err(Error::Invalid(format!(
            "--year {}: out of range (DREES data cover {first}-{last})",
            req.year
        )));
    }
    let from = req.from.unwrap_or(req.year - 4).max(first);
    if from >= req.year {
        return Err(Error::Invalid(format!(
            "--from {from} must be before --year {}",
            req.year
        )));
    }
    Ok((name, from))
}

/// Every département with a DREES count of children in care for `year`.
pub async fn departements(engine: &Engine, year: i32) -> Result<Vec<String>> {
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, "report/departements.sql", &p).await?;
    rows.require("territory", "report/departements.sql")?;
    Ok(rows.texts("territory"))
}

/// Outlines for maps, built from the `geo_departements` table (one row per vertex, in file
/// order). Errors name the table and the 1-based row at fault.
pub async fn shapes(engine: &Engine) -> Result<Vec<Shape>> {
    let batch = engine.catalog().table("geo_departements")?;
    shapes_from(&Rows::new(batch.schema(), vec![batch]))
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
                .ok_or_else(|| located(line, format!("`{c}` is missing")))
        };
        let index = |c: &str| {
            rows.int(c, r)
                .and_then(|v| usize::try_from(v).ok())
                .ok_or_else(|| located(line, format!("`{c}` is not an index")))
        };
        let number = |c: &str| {
            rows.number(c, r)
                .ok_or_else(|| located(line, format!("`{c}` is not a number")))
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
    let context = fig.path.display().to_string();
    let df = engine.plan(&fig.sql, params, &context).await?;
    let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
    // The header's columns are checked on the plan, before anything runs or is written.
    fig.check_columns(&schema)?;
    let batches = df.collect().await.map_err(|e| Error::query(&context, e))?;
    let chart = figure::build(fig, params, roles, &schema, &batches, shapes)?;
    let svg = render::render(&chart, ImageFormat::Svg)
        .map_err(|e| Error::Render(format!("{context}: {e}")))?;
    let png = render::render(&chart, ImageFormat::Png)
        .map_err(|e| Error::Render(format!("{context}: {e}")))?;
    let csv = output::render(&schema, &batches, output::Format::CsvFr)?;
    Ok(Rendered {
        figure: fig.clone(),
        chart,
        svg,
        png,
        csv,
        schema,
        batches,
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
    pub year: i32,
    pub from: i32,
    pub peers: Peers,
    pub peer_names: Vec<(String, String)>,
    pub params: Params,
    pub roles: Roles,
    pub figures: Vec<Figure>,
}

/// Check a request and everything it will run, without running it.
pub async fn prepare(engine: &Engine, req: &Request) -> Result<Prepared> {
    let (focus_name, from) = validate(engine, req).await?;
    let peers = peers::choose(engine, &req.focus, req.year, &req.peers).await?;
    let mut peer_names = Vec::new();
    for code in &peers.codes {
        peer_names.push((
            code.clone(),
            peers::check_departement(engine, code, "peer").await?,
        ));
    }
    let mut params = Params::default();
    params
        .set("focus", req.focus.clone())
        .set("peers", peers.codes.join(","))
        .set("year", req.year.to_string())
        .set("from", from.to_string())
        .set("to", req.year.to_string());
    let roles = Roles {
        focus: req.focus.clone(),
        peers: peers.codes.clone(),
    };
    let figures: Vec<Figure> = figure_files(engine.queries_dir())?
        .iter()
        .map(|p| Figure::read(p))
        .collect::<Result<_>>()?;
    for fig in &figures {
        let df = engine
            .plan(&fig.sql, &params, &fig.path.display().to_string())
            .await?;
        fig.check_columns(&Arc::new(df.schema().as_arrow().clone()))?;
    }
    Ok(Prepared {
        focus: req.focus.clone(),
        focus_name,
        year: req.year,
        from,
        peers,
        peer_names,
        params,
        roles,
        figures,
    })
}

/// Run and render a prepared report, in memory.
pub async fn run(engine: &Engine, p: Prepared, shapes: &[Shape]) -> Result<Report> {
    let mut rendered = Vec::with_capacity(p.figures.len());
    for fig in &p.figures {
        rendered.push(render_figure(engine, fig, &p.params, &p.roles, shapes).await?);
    }
    let document_figures = sourced(engine, "report/document_figures.sql", &p.params).await?;
    let sources = sourced(engine, "report/sources.sql", &p.params)
        .await?
        .ok_or_else(|| Error::Invalid("queries/report/sources.sql is missing".into()))?;
    Ok(Report {
        request: p,
        figures: rendered,
        document_figures,
        sources,
    })
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
        if let Chart::Table(t) = &r.chart {
            // Comparison tables also as Markdown, French formatted, to paste into a document.
            files.push((
                PathBuf::from(format!("figures/{stem}.md")),
                render::export::to_markdown(t).into_bytes(),
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

/// Write `report` into `out_dir/<slug>/`, replacing a previous report of the same slug.
pub fn write(report: &Report, out_dir: &Path) -> Result<PathBuf> {
    let files = files(report)?;
    let target = out_dir.join(report.slug());
    let tmp = out_dir.join(format!(".{}.tmp", report.slug()));
    let _ = std::fs::remove_dir_all(&tmp);
    for (rel, bytes) in &files {
        let path = tmp.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    }
    std::fs::rename(&tmp, &target).map_err(|e| Error::io(&target, e))?;
    Ok(target)
}
