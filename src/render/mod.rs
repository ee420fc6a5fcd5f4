//! The render stage: turns a [`Chart`] (plain data from the report stage) into SVG or PNG bytes.
//!
//! Every chart kind is drawn with plotters on an in-memory backend, using the embedded DejaVu Sans
//! font and the palette of [`theme`]. Output is deterministic: the same chart gives the same bytes
//! on every run (no timestamps, no hash-map iteration order).

pub mod chart;
pub mod export;
pub mod map;
pub mod model;
pub mod png;
pub mod theme;

pub use model::*;

use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;

/// What went wrong while drawing a chart; every variant names the chart by its title.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    /// Nothing to draw: no territory, or every value is NULL.
    #[error("chart `{title}`: no value to draw")]
    Empty { title: String },
    /// The chart data is inconsistent (e.g. a row with fewer cells than columns).
    #[error("chart `{title}`: {reason}")]
    Invalid { title: String, reason: String },
    /// plotters reported an error while drawing.
    #[error("chart `{title}`: drawing failed: {message}")]
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
        match self {
            Chart::Bars { meta, .. }
            | Chart::Lines { meta, .. }
            | Chart::Composition { meta, .. }
            | Chart::Ranking { meta, .. }
            | Chart::Map { meta, .. }
            | Chart::Matrix { meta, .. } => &meta.title,
            Chart::Table(t) => &t.title,
        }
    }
}

/// Canvas size in pixels (width, height) the chart is drawn on.
///
/// Fixed for most kinds ([`theme::CHART_SIZE`]); grows with the number of rows for long bar
/// charts, matrices and tables.
pub fn canvas_size(chart: &Chart) -> (u32, u32) {
    match chart {
        Chart::Map { .. } => theme::MAP_SIZE,
        other => chart::canvas_size(other),
    }
}

/// Render `chart` to SVG (UTF-8 text) or PNG bytes, entirely in memory.
pub fn render(chart: &Chart, format: ImageFormat) -> Result<Vec<u8>, RenderError> {
    theme::ensure_fonts();
    let title = chart.title().to_string();
    let size = canvas_size(chart);
    let result = match format {
        ImageFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                draw(chart, &root)?;
                root.present()?;
            }
            Ok(svg.into_bytes())
        }
        ImageFormat::Png => {
            let (w, h) = size;
            let mut rgb = vec![0xFF_u8; w as usize * h as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
                draw(chart, &root)?;
                root.present()?;
            }
            png::encode_rgb(w, h, &rgb).map_err(|e| RenderError::Draw {
                title: title.clone(),
                message: format!("PNG encoding: {e}"),
            })
        }
    };
    result.map_err(|e: RenderError| e.in_chart(&title))
}

/// Draw `chart` on `root` (any plotters backend), dispatching on its kind.
pub fn draw<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), RenderError> {
    let title = chart.title().to_string();
    let result = match chart {
        Chart::Map {
            meta,
            shapes,
            values,
        } => map::draw(root, meta, shapes, values),
        other => chart::draw(other, root),
    };
    result.map_err(|e| e.in_chart(&title))
}
