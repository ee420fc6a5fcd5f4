//! The render stage: turns a [`Chart`] (plain data from the report stage) into SVG or PNG bytes.
//!
//! - [`model`]: what a chart shows (meta texts + the data of its kind);
//! - [`charts`]: one file per chart kind, each a [`charts::Kind`], and the one dispatch point
//!   [`charts::kind`]; [`map`] is the map kind;
//! - [`layout`]: the one frame of every picture (title block, wrapping, source lines, text placed
//!   by baseline), shared by the charts and the map; [`scales`]: value axes;
//! - [`theme`]: font, sizes, palette, and the report stylesheet built from them ([`theme::css`]);
//! - [`png`]: the PNG is the SVG rasterised with resvg and the embedded fonts only;
//! - [`marks`]: the value of every mark on hover (SVG `<title>`), left out of the PNG.
//!
//! Every chart is drawn once, with plotters' SVG backend, using the embedded DejaVu Sans font.
//! Output is deterministic: the same chart gives the same bytes on every run (no timestamps, no
//! hash-map iteration order, a single-threaded rasteriser).

pub mod charts;
pub mod export;
pub mod layout;
pub mod map;
pub mod marks;
pub mod model;
pub mod png;
pub mod scales;
pub mod theme;

pub use model::*;

use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;

/// What went wrong while drawing a chart; every variant names the chart by its title.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// Nothing to draw: no territory, or every value is NULL.
    #[error("graphique « {title} » : aucune valeur à tracer")]
    Empty { title: String },
    /// The chart data is inconsistent (e.g. a row with fewer cells than columns).
    #[error("graphique « {title} » : {reason}")]
    Invalid { title: String, reason: String },
    /// plotters reported an error while drawing.
    #[error("graphique « {title} » : le tracé a échoué : {message}")]
    Draw { title: String, message: String },
}

impl RenderError {
    /// `Empty` error for the chart titled `title`.
    pub fn empty(title: &str) -> Self {
        RenderError::Empty {
            title: title.to_string(),
        }
    }

    /// `Invalid` error for the chart titled `title`.
    pub fn invalid(title: &str, reason: impl Into<String>) -> Self {
        RenderError::Invalid {
            title: title.to_string(),
            reason: reason.into(),
        }
    }

    /// Fill in the chart title of a drawing error raised by `?` on a plotters call.
    pub fn in_chart(self, chart_title: &str) -> Self {
        match self {
            RenderError::Draw { title, message } if title.is_empty() => RenderError::Draw {
                title: chart_title.to_string(),
                message,
            },
            other => other,
        }
    }
}

/// plotters errors become `Draw` errors; [`render`] fills in the chart title.
impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for RenderError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        RenderError::Draw {
            title: String::new(),
            message: e.to_string(),
        }
    }
}

impl Chart {
    /// The title of the chart (used in error messages and file names).
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    /// The subtitle as drawn (parameters substituted), if any.
    pub fn subtitle(&self) -> Option<&str> {
        self.meta.subtitle.as_deref()
    }

    /// The source line as drawn (parameters substituted), without its `Source : ` prefix.
    pub fn source(&self) -> Option<&str> {
        Some(
            self.meta
                .source
                .trim_start_matches("Source : ")
                .trim_start_matches("Sources : "),
        )
    }
}

/// Canvas size in pixels (width, height) the chart is drawn on.
///
/// Fixed for most kinds ([`theme::CHART_SIZE`], [`theme::MAP_SIZE`]); grows with the number of
/// rows for long bar charts, matrices and tables.
pub fn canvas_size(chart: &Chart) -> (u32, u32) {
    charts::kind(chart).canvas_size()
}

/// Render `chart` to SVG (UTF-8 text) or PNG bytes, entirely in memory.
///
/// The PNG is the SVG rasterised ([`png::rasterise`]): both are the same picture.
pub fn render(chart: &Chart, format: ImageFormat) -> Result<Vec<u8>, RenderError> {
    let svg = svg_text(chart)?;
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => rasterise(chart, &svg),
    }
}

/// The chart as SVG and as PNG, the PNG rasterised from that same SVG (drawn once): what a
/// report writes for each figure. Errors as [`render`].
pub fn render_svg_and_png(chart: &Chart) -> Result<(Vec<u8>, Vec<u8>), RenderError> {
    let svg = svg_text(chart)?;
    let png = rasterise(chart, &svg)?;
    Ok((svg.into_bytes(), png))
}

fn svg_text(chart: &Chart) -> Result<String, RenderError> {
    theme::ensure_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, canvas_size(chart)).into_drawing_area();
        draw(chart, &root)?;
        root.present()
            .map_err(|e| RenderError::from(e).in_chart(chart.title()))?;
    }
    Ok(marks::attach(svg))
}

fn rasterise(chart: &Chart, svg: &str) -> Result<Vec<u8>, RenderError> {
    png::rasterise(svg).map_err(|message| RenderError::Draw {
        title: chart.title().to_string(),
        message: format!("PNG rasterisation: {message}"),
    })
}

/// Draw `chart` on `root` (an SVG canvas of [`canvas_size`]), dispatching on its kind.
pub fn draw(chart: &Chart, root: &charts::Area<'_>) -> Result<(), RenderError> {
    theme::ensure_fonts();
    let kind = charts::kind(chart);
    kind.draw(root).map_err(|e| e.in_chart(kind.title()))
}
