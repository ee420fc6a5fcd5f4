//! Chart kinds, one file each, behind one trait ([`Kind`]) and one dispatch point ([`kind`]).
//!
//! Everything is laid out in pixels with the shared [`layout`](crate::render::layout), so that
//! long French names are measured with the embedded font and nothing is clipped. Numbers become
//! text only through [`crate::model::format`].
//!
//! Adding a chart kind: a variant in [`Body`] (model.rs), a file here with a view struct
//! implementing [`Kind`], and one arm in [`kind`].

use plotters::coord::Shift;
use plotters::prelude::*;

use super::RenderError;
use super::layout::{footer_layout, header_layout};
use super::model::{Body, Chart, Meta};

pub(crate) mod bars;
pub(crate) mod composition;
#[cfg(test)]
mod layout_tests;
pub(crate) mod lines;
pub(crate) mod matrix;
pub(crate) mod ranking;
pub(crate) mod scatter;
pub(crate) mod shared;
pub(crate) mod table;
#[cfg(test)]
mod tests;

/// The canvas every picture is drawn on: plotters' SVG backend (the PNG is this SVG rasterised).
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// What the render stage needs from a chart kind.
pub trait Kind<'a> {
    /// The chart's title (error messages, file names).
    fn title(&self) -> &'a str;
    /// Canvas size in pixels (width, height).
    fn canvas_size(&self) -> (u32, u32);
    /// Draw the whole picture (frame, texts, plot) on `area`, which has the canvas size.
    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError>;
}

/// The one place that matches on the chart kind: `chart` seen as its [`Kind`].
pub fn kind<'a>(chart: &'a Chart) -> Box<dyn Kind<'a> + 'a> {
    let meta = &chart.meta;
    match &chart.body {
        Body::Bars { bars } => Box::new(bars::Bars { meta, bars }),
        Body::Lines { lines } => Box::new(lines::Lines { meta, lines }),
        Body::Composition { parts, stacks } => Box::new(composition::Composition {
            meta,
            parts,
            stacks,
        }),
        Body::Ranking { bars } => Box::new(ranking::Ranking { meta, bars }),
        Body::Map { shapes, values } => Box::new(super::map::Map {
            meta,
            shapes,
            values,
        }),
        Body::Areas { shapes, values } => Box::new(super::map::areas::Areas {
            meta,
            shapes,
            values,
        }),
        Body::Matrix {
            rows,
            columns,
            cells,
        } => Box::new(matrix::Matrix {
            meta,
            rows,
            columns,
            cells,
        }),
        Body::Table(table) => Box::new(table::TableChart { meta, table }),
        Body::Scatter { x, points } => Box::new(scatter::Scatter { meta, x, points }),
    }
}

/// Height taken by the title block, the notes and the source lines of `meta` on a canvas `width` wide.
pub(crate) fn text_height(meta: &Meta, width: u32) -> i32 {
    header_layout(&meta.title, meta.subtitle.as_deref(), width).height
        + footer_layout(&meta.notes, &meta.source, width).height
}
