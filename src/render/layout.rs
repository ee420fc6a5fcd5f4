//! The one layout of every picture (charts and map): a canvas with a title block (title shrunk
//! then wrapped, subtitle), the free plot area, and the notes and source line(s) at the bottom; text placed
//! by its baseline with the embedded font; rectangles, outlines, lines and dashes in pixels.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::render::RenderError;
use crate::render::model::Meta;
use crate::render::theme::{self, text_width};

/// A rectangle in pixels, `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    /// Width in pixels.
    pub fn width(&self) -> i32 {
        self.x1 - self.x0
    }

    /// Height in pixels.
    pub fn height(&self) -> i32 {
        self.y1 - self.y0
    }

    pub(crate) fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Draw `s` with its baseline at `baseline`, anchored horizontally by `h` at `x`.
///
/// plotters' SVG backend centres text with `dy="0.5ex"`; the small correction puts the baseline
/// where the layout expects it (the PNG is this SVG rasterised, so both agree).
#[allow(clippy::too_many_arguments)]
pub fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    x: i32,
    baseline: i32,
    size: f64,
    bold: bool,
    colour: RGBColor,
    h: HPos,
) -> Result<(), RenderError> {
    if s.is_empty() {
        return Ok(());
    }
    let style = theme::font(size, bold)
        .color(&colour)
        .pos(Pos::new(h, VPos::Center));
    area.draw_text(s, &style, (x, baseline - (0.1 * size).round() as i32))?;
    Ok(())
}

/// Baseline that centres text of `size` vertically on `y` (visual middle of capitals and digits).
pub fn middle(y: i32, size: f64) -> i32 {
    y + (0.3 * size).round() as i32
}

/// Line height for wrapped text of `size`.
pub(crate) fn line_height(size: f64) -> i32 {
    (1.3 * size).round() as i32
}

pub(crate) fn rect<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
    colour: RGBColor,
) -> Result<(), RenderError> {
    if r.width() <= 0 || r.height() <= 0 {
        return Ok(());
    }
    area.draw(&Rectangle::new(
        [(r.x0, r.y0), (r.x1, r.y1)],
        colour.filled(),
    ))?;
    Ok(())
}

pub(crate) fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
    colour: RGBColor,
) -> Result<(), RenderError> {
    area.draw(&Rectangle::new(
        [(r.x0, r.y0), (r.x1, r.y1)],
        colour.stroke_width(1),
    ))?;
    Ok(())
}

pub(crate) fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: Vec<(i32, i32)>,
    colour: RGBColor,
    width: u32,
) -> Result<(), RenderError> {
    area.draw(&PathElement::new(points, colour.stroke_width(width)))?;
    Ok(())
}

/// A dashed polyline (dash and gap lengths in pixels).
pub(crate) fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    colour: RGBColor,
    width: u32,
    dash: f64,
    gap: f64,
) -> Result<(), RenderError> {
    let mut on = true;
    let mut left = dash;
    let mut current: Vec<(i32, i32)> = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (
            (f64::from(w[0].0), f64::from(w[0].1)),
            (f64::from(w[1].0), f64::from(w[1].1)),
        );
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        if on && current.is_empty() {
            current.push(w[0]);
        }
        while len - t > left {
            t += left;
            let p = (
                (a.0 + (b.0 - a.0) * t / len).round() as i32,
                (a.1 + (b.1 - a.1) * t / len).round() as i32,
            );
            if on {
                current.push(p);
                line(area, std::mem::take(&mut current), colour, width)?;
                left = gap;
            } else {
                current.push(p);
                left = dash;
            }
            on = !on;
        }
        left -= len - t;
        if on {
            current.push(w[1]);
        }
    }
    if on && current.len() > 1 {
        line(area, current, colour, width)?;
    }
    Ok(())
}

/// Title and subtitle as laid out for a canvas `width` pixels wide.
#[derive(Debug, Clone)]
pub struct Header {
    /// Title font size, shrunk from [`theme::TITLE_SIZE`] for long titles.
    pub title_size: f64,
    pub title: Vec<String>,
    pub subtitle: Vec<String>,
    /// Height from the top of the canvas to where the plot may start.
    pub height: i32,
}

/// Lay out the title (shrunk, then wrapped) and subtitle (wrapped) for a canvas of `width`.
pub fn header_layout(title: &str, subtitle: Option<&str>, width: u32) -> Header {
    let avail = width - 2 * theme::MARGIN;
    let mut size = theme::TITLE_SIZE;
    while size > theme::TITLE_MIN_SIZE && text_width(title, size, true) > avail {
        size -= 1.0;
    }
    let title_lines = theme::wrap(title, size, true, avail);
    let subtitle_lines = subtitle
        .filter(|s| !s.trim().is_empty())
        .map(|s| theme::wrap(s, theme::SUBTITLE_SIZE, false, avail))
        .unwrap_or_default();
    let height = theme::MARGIN as i32
        + title_lines.len() as i32 * line_height(size)
        + subtitle_lines.len() as i32 * line_height(theme::SUBTITLE_SIZE)
        + 2 * theme::GAP as i32;
    Header {
        title_size: size,
        title: title_lines,
        subtitle: subtitle_lines,
        height,
    }
}

/// The notes and source line(s) under the chart.
#[derive(Debug, Clone)]
pub struct Footer {
    /// Wrapped lines of the notes, each note starting a new line, written before the source.
    pub notes: Vec<String>,
    pub lines: Vec<String>,
    /// Height from the end of the plot to the bottom of the canvas.
    pub height: i32,
}

/// Lay out the notes and the source line (wrapped) for a canvas of `width`.
pub fn footer_layout(notes: &[String], source: &str, width: u32) -> Footer {
    let avail = width - 2 * theme::MARGIN;
    let notes: Vec<String> = notes
        .iter()
        .filter(|n| !n.trim().is_empty())
        .flat_map(|n| theme::wrap(n, theme::SOURCE_SIZE, false, avail))
        .collect();
    let lines = if source.trim().is_empty() {
        Vec::new()
    } else {
        theme::wrap(source, theme::SOURCE_SIZE, false, avail)
    };
    let height = theme::MARGIN as i32
        + (notes.len() + lines.len()) as i32 * line_height(theme::SOURCE_SIZE)
        + 2 * theme::GAP as i32;
    Footer {
        notes,
        lines,
        height,
    }
}

/// Fill the canvas, write the title, subtitle, notes and source of `meta`, and return the free
/// area for the plot.
pub fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
) -> Result<Rect, RenderError> {
    frame_source(area, meta, &meta.source)
}

/// [`frame`] with another source line than `meta.source` (the map adds its outline attribution).
pub fn frame_source<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    source: &str,
) -> Result<Rect, RenderError> {
    let (w, h) = area.dim_in_pixel();
    area.fill(&theme::BACKGROUND)?;
    let head = header_layout(&meta.title, meta.subtitle.as_deref(), w);
    let x = theme::MARGIN as i32;
    let mut y = theme::MARGIN as i32;
    for l in &head.title {
        let baseline = y + (0.85 * head.title_size).round() as i32;
        text(
            area,
            l,
            x,
            baseline,
            head.title_size,
            true,
            theme::TEXT,
            HPos::Left,
        )?;
        y += line_height(head.title_size);
    }
    for l in &head.subtitle {
        let baseline = y + (0.85 * theme::SUBTITLE_SIZE).round() as i32;
        text(
            area,
            l,
            x,
            baseline,
            theme::SUBTITLE_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Left,
        )?;
        y += line_height(theme::SUBTITLE_SIZE);
    }
    let foot = footer_layout(&meta.notes, source, w);
    let mut sy = h as i32
        - theme::MARGIN as i32
        - (foot.notes.len() + foot.lines.len()) as i32 * line_height(theme::SOURCE_SIZE);
    // Notes in the text colour (they qualify values), the source muted.
    let styled = foot
        .notes
        .iter()
        .map(|l| (l, theme::TEXT))
        .chain(foot.lines.iter().map(|l| (l, theme::TEXT_MUTED)));
    for (l, colour) in styled {
        let baseline = sy + (0.85 * theme::SOURCE_SIZE).round() as i32;
        text(
            area,
            l,
            x,
            baseline,
            theme::SOURCE_SIZE,
            false,
            colour,
            HPos::Left,
        )?;
        sy += line_height(theme::SOURCE_SIZE);
    }
    Ok(Rect {
        x0: x,
        y0: head.height,
        x1: w as i32 - theme::MARGIN as i32,
        y1: h as i32 - foot.height,
    })
}
