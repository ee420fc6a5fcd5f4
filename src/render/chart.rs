//! Chart kinds other than maps: comparison bars, evolution lines, 100 % composition, ranking of
//! all départements, themes × départements matrix, and the comparison table as an image.
//!
//! Everything is laid out in pixels on a plotters drawing area (any backend), so that long French
//! names are measured with the embedded font and nothing is clipped. Numbers become text only
//! through [`crate::model::format`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::RenderError;
use super::model::{Bar, Chart, Line, Meta, Role, Stack, Table};
use super::theme::{self, text_width};
use crate::model::format;

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

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/// Canvas size (width, height) of a non-map chart; maps use [`theme::MAP_SIZE`].
pub fn canvas_size(chart: &Chart) -> (u32, u32) {
    let (w, h) = theme::CHART_SIZE;
    let head = |meta: &Meta| {
        header_layout(&meta.title, meta.subtitle.as_deref(), w).height
            + footer_layout(&meta.source, w).height
    };
    match chart {
        Chart::Bars { meta, bars } => {
            let needed = head(meta) + 90 + 34 * (bars.len() as i32 + 1);
            (w, h.max(needed as u32))
        }
        Chart::Composition { meta, stacks, .. } => {
            let needed = head(meta) + 150 + 34 * (stacks.len() as i32 + 1);
            (w, h.max(needed as u32))
        }
        Chart::Ranking { .. } => theme::RANKING_SIZE,
        Chart::Matrix {
            meta,
            rows,
            columns,
            ..
        } => {
            let header = matrix_header(columns, w).1;
            let needed = head(meta) + header + MATRIX_ROW * rows.len() as i32 + 8;
            (w, needed.max(300) as u32)
        }
        Chart::Table(t) => {
            let layout = table_layout(t);
            (theme::TABLE_WIDTH, layout.height as u32)
        }
        Chart::Lines { .. } | Chart::Map { .. } => (w, h),
    }
}

/// Draw a non-map chart on `root`; `Chart::Map` is drawn by `render::map`.
pub fn draw<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), RenderError> {
    theme::ensure_fonts();
    match chart {
        Chart::Bars { meta, bars } => draw_bars(root, meta, bars),
        Chart::Lines { meta, lines } => draw_lines(root, meta, lines),
        Chart::Composition {
            meta,
            parts,
            stacks,
        } => draw_composition(root, meta, parts, stacks),
        Chart::Ranking { meta, bars } => draw_ranking(root, meta, bars),
        Chart::Matrix {
            meta,
            rows,
            columns,
            cells,
        } => draw_matrix(root, meta, rows, columns, cells),
        Chart::Table(t) => draw_table(root, t),
        Chart::Map { meta, .. } => Err(RenderError::invalid(
            &meta.title,
            "maps are drawn by render::map, not render::chart",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Text and frame helpers (shared with the map module)

/// Draw `s` with its baseline at `baseline`, anchored horizontally by `h` at `x`.
///
/// plotters' bitmap and SVG backends place vertically-anchored text differently; anchoring at the
/// baseline through a small correction keeps both outputs within a pixel or two of each other.
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
fn line_height(size: f64) -> i32 {
    (1.3 * size).round() as i32
}

fn rect<DB: DrawingBackend>(
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

fn outline<DB: DrawingBackend>(
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

fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: Vec<(i32, i32)>,
    colour: RGBColor,
    width: u32,
) -> Result<(), RenderError> {
    area.draw(&PathElement::new(points, colour.stroke_width(width)))?;
    Ok(())
}

/// A dashed polyline (dash and gap lengths in pixels).
fn dashed<DB: DrawingBackend>(
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

/// The source line(s) under the chart.
#[derive(Debug, Clone)]
pub struct Footer {
    pub lines: Vec<String>,
    /// Height from the end of the plot to the bottom of the canvas.
    pub height: i32,
}

/// Lay out the source line (wrapped) for a canvas of `width`.
pub fn footer_layout(source: &str, width: u32) -> Footer {
    let avail = width - 2 * theme::MARGIN;
    let lines = if source.trim().is_empty() {
        Vec::new()
    } else {
        theme::wrap(source, theme::SOURCE_SIZE, false, avail)
    };
    let height = theme::MARGIN as i32
        + lines.len() as i32 * line_height(theme::SOURCE_SIZE)
        + 2 * theme::GAP as i32;
    Footer { lines, height }
}

/// Fill the canvas, write title, subtitle and source, and return the free area for the plot.
pub fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: Option<&str>,
    source: &str,
) -> Result<Rect, RenderError> {
    let (w, h) = area.dim_in_pixel();
    area.fill(&theme::BACKGROUND)?;
    let head = header_layout(title, subtitle, w);
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
    let foot = footer_layout(source, w);
    let mut sy =
        h as i32 - theme::MARGIN as i32 - foot.lines.len() as i32 * line_height(theme::SOURCE_SIZE);
    for l in &foot.lines {
        let baseline = sy + (0.85 * theme::SOURCE_SIZE).round() as i32;
        text(
            area,
            l,
            x,
            baseline,
            theme::SOURCE_SIZE,
            false,
            theme::TEXT_MUTED,
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

// ---------------------------------------------------------------------------------------------
// Scales

/// A linear axis with round ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
    /// Decimals needed to write the ticks.
    pub decimals: usize,
}

impl Scale {
    /// Axis from `lo` to `hi` extended to round bounds, about `target` intervals.
    pub fn nice(lo: f64, hi: f64, target: usize) -> Scale {
        let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-12 {
            if hi == 0.0 {
                hi = 1.0;
            } else if hi > 0.0 {
                lo = lo.min(0.0);
                hi *= 1.0 + 1e-9;
            } else {
                hi = 0.0;
            }
            if hi - lo < 1e-12 {
                hi = lo + 1.0;
            }
        }
        let rough = (hi - lo) / target.max(1) as f64;
        let mag = 10f64.powf(rough.log10().floor());
        let norm = rough / mag;
        let nice = if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 2.5 {
            2.5
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
        let step = nice * mag;
        let k0 = (lo / step + 1e-9).floor() as i64;
        let k1 = (hi / step - 1e-9).ceil() as i64;
        let ticks: Vec<f64> = (k0..=k1).map(|k| k as f64 * step).collect();
        Scale {
            lo: k0 as f64 * step,
            hi: k1 as f64 * step,
            step,
            ticks,
            decimals: format::tick_decimals(step),
        }
    }

    /// Pixel position of `v` when the axis runs from pixel `p0` (at `lo`) to `p1` (at `hi`).
    pub fn px(&self, v: f64, p0: i32, p1: i32) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (f64::from(p0) + t * f64::from(p1 - p0)).round() as i32
    }

    /// A tick label in French: `1 234`, `12,5`.
    pub fn label(&self, v: f64) -> String {
        format::number(v, self.decimals)
    }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of bar-like charts

/// Diagonal white hatching over a filled rectangle (reference bars).
fn hatch<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, r: Rect) -> Result<(), RenderError> {
    let h = r.height();
    let mut c = r.x0 - h;
    while c < r.x1 {
        // Points (c + t, y1 - t), t in [0, h], clipped to x0..=x1.
        let t0 = (r.x0 - c).max(0);
        let t1 = (r.x1 - c).min(h);
        if t1 > t0 {
            line(
                area,
                vec![(c + t0, r.y1 - t0), (c + t1, r.y1 - t1)],
                theme::BACKGROUND,
                2,
            )?;
        }
        c += 8;
    }
    Ok(())
}

/// A filled bar for a role: reference bars are hatched so they differ from focus in grey.
fn role_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: Rect,
    role: Role,
) -> Result<(), RenderError> {
    rect(area, r, theme::role_colour(role))?;
    if role == Role::Reference && r.width() > 2 && r.height() > 2 {
        hatch(area, r)?;
    }
    Ok(())
}

/// Category labels of horizontal bar charts: width of the label column and fitted labels.
fn label_column(labels: &[(&str, Role)], plot: Rect) -> (i32, Vec<String>) {
    let cap = (f64::from(plot.width()) * 0.38) as u32;
    let fitted: Vec<String> = labels
        .iter()
        .map(|(l, role)| theme::ellipsize(l, theme::TICK_SIZE, theme::role_bold(*role), cap))
        .collect();
    let width = fitted
        .iter()
        .zip(labels)
        .map(|(l, (_, role))| text_width(l, theme::TICK_SIZE, theme::role_bold(*role)))
        .max()
        .unwrap_or(0) as i32;
    (width, fitted)
}

/// Vertical slots of horizontal bars: main rows, then a gap, then reference rows at the bottom.
/// Returns the row order (indices into the input) and each row's centre y.
fn bar_slots(roles: &[Role], y0: i32, y1: i32) -> (Vec<usize>, Vec<i32>, i32, Option<i32>) {
    let mut order: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] != Role::Reference)
        .collect();
    let n_main = order.len();
    order.extend((0..roles.len()).filter(|&i| roles[i] == Role::Reference));
    let gap = if n_main > 0 && order.len() > n_main {
        0.6
    } else {
        0.0
    };
    let slots = order.len() as f64 + gap;
    let band = f64::from(y1 - y0) / slots.max(1.0);
    let centres = (0..order.len())
        .map(|k| {
            let extra = if k >= n_main { gap } else { 0.0 };
            (f64::from(y0) + band * (k as f64 + extra + 0.5)).round() as i32
        })
        .collect();
    let separator =
        (gap > 0.0).then(|| (f64::from(y0) + band * (n_main as f64 + gap / 2.0)).round() as i32);
    (order, centres, band.round() as i32, separator)
}

/// Vertical grid, tick labels under the plot and the axis title, for a horizontal value axis.
fn value_axis_x<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: &Scale,
    x0: i32,
    x1: i32,
    y0: i32,
    y1: i32,
    axis_label: &str,
) -> Result<(), RenderError> {
    for &t in &scale.ticks {
        let x = scale.px(t, x0, x1);
        line(area, vec![(x, y0), (x, y1)], theme::GRID, 1)?;
        let baseline = y1 + 8 + (0.8 * theme::TICK_SIZE).round() as i32;
        text(
            area,
            &scale.label(t),
            x,
            baseline,
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Center,
        )?;
    }
    let baseline =
        y1 + 14 + line_height(theme::TICK_SIZE) + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32;
    text(
        area,
        axis_label,
        (x0 + x1) / 2,
        baseline,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Center,
    )?;
    Ok(())
}

/// Room under a horizontal value axis: tick labels and the axis title.
fn x_axis_room() -> i32 {
    14 + line_height(theme::TICK_SIZE) + line_height(theme::AXIS_LABEL_SIZE) + 4
}

// ---------------------------------------------------------------------------------------------
// Bars

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    bars: &[Bar],
) -> Result<(), RenderError> {
    let values: Vec<f64> = bars
        .iter()
        .filter_map(|b| b.value)
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let plot = frame(area, &meta.title, meta.subtitle.as_deref(), &meta.source)?;
    let labels: Vec<(&str, Role)> = bars.iter().map(|b| (b.label.as_str(), b.role)).collect();
    let (label_w, fitted) = label_column(&labels, plot);

    let vmin = values.iter().copied().fold(0.0, f64::min);
    let vmax = values.iter().copied().fold(0.0, f64::max);
    let scale = Scale::nice(vmin, vmax, 6);
    let value_texts: Vec<String> = bars.iter().map(|b| meta.value_label(b.value)).collect();
    let room = |neg: bool| {
        bars.iter()
            .zip(&value_texts)
            .filter(|(b, _)| b.value.is_some_and(|v| v < 0.0) == neg)
            .map(|(b, t)| text_width(t, theme::VALUE_SIZE, theme::role_bold(b.role)) as i32 + 10)
            .max()
            .unwrap_or(0)
    };
    let (pos_room, neg_room) = (room(false), room(true));
    let label_x = plot.x0 + label_w;
    let bx0 = label_x + 14 + neg_room;
    let bx1 = plot.x1 - pos_room;
    let (y0, y1) = (plot.y0 + 4, plot.y1 - x_axis_room());
    // Value axis: only as wide as the scale needs, data ends stay inside [bx0, bx1].
    let map = |v: f64| {
        // Pixels per unit so that both the data and the round axis bounds fit.
        scale.px(v, bx0, bx1)
    };
    value_axis_x(area, &scale, bx0, bx1, y0, y1, meta.axis_label())?;

    let roles: Vec<Role> = bars.iter().map(|b| b.role).collect();
    let (order, centres, band, separator) = bar_slots(&roles, y0, y1);
    let bar_h = ((f64::from(band) * 0.64).round() as i32).clamp(4, 46);
    if let Some(sy) = separator {
        dashed(
            area,
            &[(plot.x0, sy), (plot.x1, sy)],
            theme::RULE,
            1,
            4.0,
            4.0,
        )?;
    }
    let zero = map(0.0);
    for (&i, &cy) in order.iter().zip(&centres) {
        let b = &bars[i];
        let bold = theme::role_bold(b.role);
        let colour = theme::role_text_colour(b.role);
        text(
            area,
            &fitted[i],
            label_x,
            middle(cy, theme::TICK_SIZE),
            theme::TICK_SIZE,
            bold,
            colour,
            HPos::Right,
        )?;
        match b.value.filter(|v| v.is_finite()) {
            Some(v) => {
                let x = map(v);
                let r = Rect {
                    x0: zero.min(x),
                    y0: cy - bar_h / 2,
                    x1: zero.max(x),
                    y1: cy - bar_h / 2 + bar_h,
                };
                role_bar(area, r, b.role)?;
                let (tx, h) = if v < 0.0 {
                    (r.x0 - 6, HPos::Right)
                } else {
                    (r.x1 + 6, HPos::Left)
                };
                text(
                    area,
                    &value_texts[i],
                    tx,
                    middle(cy, theme::VALUE_SIZE),
                    theme::VALUE_SIZE,
                    bold,
                    colour,
                    h,
                )?;
            }
            None => {
                text(
                    area,
                    "n.d.",
                    zero + 6,
                    middle(cy, theme::VALUE_SIZE),
                    theme::VALUE_SIZE,
                    false,
                    theme::TEXT_MUTED,
                    HPos::Left,
                )?;
            }
        }
    }
    // Zero line on top of the bars.
    line(area, vec![(zero, y0 - 4), (zero, y1)], theme::AXIS, 2)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Lines

/// Marker shapes that tell peers apart in grey print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    Dot,
    Circle,
    Square,
    Triangle,
    Diamond,
}

const PEER_MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    m: Marker,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> Result<(), RenderError> {
    let r = 6;
    match m {
        Marker::None => {}
        Marker::Dot => {
            area.draw(&Circle::new((x, y), 5, colour.filled()))?;
        }
        Marker::Circle => {
            area.draw(&Circle::new((x, y), r, theme::BACKGROUND.filled()))?;
            area.draw(&Circle::new((x, y), r, colour.stroke_width(2)))?;
        }
        Marker::Square => {
            rect(
                area,
                Rect {
                    x0: x - 5,
                    y0: y - 5,
                    x1: x + 5,
                    y1: y + 5,
                },
                colour,
            )?;
        }
        Marker::Triangle => {
            area.draw(&Polygon::new(
                vec![(x, y - 7), (x + 7, y + 5), (x - 7, y + 5)],
                colour.filled(),
            ))?;
        }
        Marker::Diamond => {
            area.draw(&Polygon::new(
                vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)],
                colour.filled(),
            ))?;
        }
    }
    Ok(())
}

/// How a line of a given role and rank among peers is drawn.
#[derive(Debug, Clone, Copy)]
struct LineStyle {
    colour: RGBColor,
    width: u32,
    dashed: bool,
    marker: Marker,
}

fn line_styles(lines: &[Line]) -> Vec<LineStyle> {
    let mut peer = 0;
    lines
        .iter()
        .map(|l| match l.role {
            Role::Focus => LineStyle {
                colour: theme::FOCUS,
                width: theme::FOCUS_STROKE,
                dashed: false,
                marker: Marker::Dot,
            },
            Role::Peer => {
                let m = PEER_MARKERS[peer % PEER_MARKERS.len()];
                peer += 1;
                LineStyle {
                    colour: theme::PEER,
                    width: theme::PEER_STROKE,
                    dashed: false,
                    marker: m,
                }
            }
            Role::Reference => LineStyle {
                colour: theme::REFERENCE,
                width: theme::REFERENCE_STROKE,
                dashed: true,
                marker: Marker::None,
            },
            Role::Other => LineStyle {
                colour: theme::OTHER,
                width: theme::PEER_STROKE,
                dashed: false,
                marker: Marker::None,
            },
        })
        .collect()
}

/// Drawing order: others below, then peers, reference, focus on top.
fn role_layer(role: Role) -> u8 {
    match role {
        Role::Other => 0,
        Role::Peer => 1,
        Role::Reference => 2,
        Role::Focus => 3,
    }
}

/// Spread label centres (sorted by wanted y) so they are at least `gap` apart inside [lo, hi].
fn spread(wanted: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let mut idx: Vec<usize> = (0..wanted.len()).collect();
    idx.sort_by_key(|&i| (wanted[i], i));
    let mut ys: Vec<i32> = idx.iter().map(|&i| wanted[i]).collect();
    for k in 0..ys.len() {
        let min = if k == 0 { lo } else { ys[k - 1] + gap };
        ys[k] = ys[k].max(min);
    }
    for k in (0..ys.len()).rev() {
        let max = if k + 1 == ys.len() {
            hi
        } else {
            ys[k + 1] - gap
        };
        ys[k] = ys[k].min(max);
    }
    let mut out = vec![0; wanted.len()];
    for (k, &i) in idx.iter().enumerate() {
        out[i] = ys[k];
    }
    out
}

fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    lines: &[Line],
) -> Result<(), RenderError> {
    let all: Vec<(i32, f64)> = lines
        .iter()
        .flat_map(|l| {
            l.points
                .iter()
                .filter_map(|&(y, v)| v.filter(|v| v.is_finite()).map(|v| (y, v)))
        })
        .collect();
    if all.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let plot = frame(area, &meta.title, meta.subtitle.as_deref(), &meta.source)?;
    let year_min = all.iter().map(|p| p.0).min().unwrap_or(0);
    let year_max = all.iter().map(|p| p.0).max().unwrap_or(0);
    let mut vmin = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let vmax = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    // Levels (rates, counts) read best from zero unless the data sit far from it; an index
    // (base 100) never starts at zero.
    if meta.unit != format::Unit::Index && vmin > 0.0 && vmin < 0.5 * vmax {
        vmin = 0.0;
    }
    let scale = Scale::nice(vmin, vmax, 6);
    let styles = line_styles(lines);

    // Lines that have a last value, highest first (the legend follows the line ends).
    let last = |l: &Line| {
        l.points
            .iter()
            .rev()
            .find_map(|&(y, v)| v.filter(|v| v.is_finite()).map(|v| (y, v)))
    };
    let mut legend: Vec<usize> = (0..lines.len())
        .filter(|&i| last(&lines[i]).is_some())
        .collect();
    legend.sort_by(|&a, &b| {
        let (va, vb) = (
            last(&lines[a]).map_or(0.0, |p| p.1),
            last(&lines[b]).map_or(0.0, |p| p.1),
        );
        vb.total_cmp(&va).then(a.cmp(&b))
    });
    let sample = 40;
    let name_cap = (f64::from(plot.width()) * 0.26) as u32;
    let names: Vec<String> = lines
        .iter()
        .map(|l| {
            theme::ellipsize(
                &l.label,
                theme::LEGEND_SIZE,
                theme::role_bold(l.role),
                name_cap,
            )
        })
        .collect();
    let legend_w = legend
        .iter()
        .map(|&i| {
            text_width(
                &names[i],
                theme::LEGEND_SIZE,
                theme::role_bold(lines[i].role),
            ) as i32
        })
        .max()
        .unwrap_or(0)
        + sample
        + 10;
    let values_w = lines
        .iter()
        .filter_map(|l| {
            last(l).map(|p| {
                text_width(
                    &meta.value_label(Some(p.1)),
                    theme::VALUE_SIZE,
                    theme::role_bold(l.role),
                ) as i32
            })
        })
        .max()
        .unwrap_or(0)
        + 12;
    let tick_w = scale
        .ticks
        .iter()
        .map(|&t| text_width(&scale.label(t), theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);

    // Unit over the value axis.
    let unit_baseline = plot.y0 + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32;
    text(
        area,
        meta.axis_label(),
        plot.x0,
        unit_baseline,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Left,
    )?;
    let x0 = plot.x0 + tick_w + 10;
    let x1 = plot.x1 - legend_w - values_w - 24;
    let y0 = plot.y0 + line_height(theme::AXIS_LABEL_SIZE) + 14;
    let y1 = plot.y1 - 12 - line_height(theme::TICK_SIZE);
    let (ya, yb) = (f64::from(year_min) - 0.3, f64::from(year_max) + 0.3);
    let xpx = |year: i32| {
        (f64::from(x0) + (f64::from(year) - ya) / (yb - ya) * f64::from(x1 - x0)).round() as i32
    };
    let ypx = |v: f64| scale.px(v, y1, y0);

    for &t in &scale.ticks {
        let y = ypx(t);
        let colour = if t == 0.0 { theme::AXIS } else { theme::GRID };
        line(area, vec![(x0, y), (x1, y)], colour, 1)?;
        text(
            area,
            &scale.label(t),
            x0 - 8,
            middle(y, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Right,
        )?;
    }
    line(area, vec![(x0, y1), (x1, y1)], theme::AXIS, 1)?;
    let span = year_max - year_min;
    let year_step = if span <= 12 { 1 } else { (span + 11) / 12 };
    let mut year = year_min;
    while year <= year_max {
        let x = xpx(year);
        line(area, vec![(x, y1), (x, y1 + 5)], theme::AXIS, 1)?;
        text(
            area,
            &format::year(year),
            x,
            y1 + 8 + (0.8 * theme::TICK_SIZE).round() as i32,
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Center,
        )?;
        year += year_step;
    }

    let mut layers: Vec<usize> = (0..lines.len()).collect();
    layers.sort_by_key(|&i| (role_layer(lines[i].role), i));
    for &i in &layers {
        let st = styles[i];
        let mut points: Vec<(i32, Option<f64>)> = lines[i].points.clone();
        points.sort_by_key(|p| p.0);
        // Split at NULL values: each run of consecutive values is one polyline.
        let mut runs: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
        for (yr, v) in points {
            match v.filter(|v| v.is_finite()) {
                Some(v) => runs
                    .last_mut()
                    .map(|r| r.push((xpx(yr), ypx(v))))
                    .unwrap_or(()),
                None => runs.push(Vec::new()),
            }
        }
        for run in runs.iter().filter(|r| !r.is_empty()) {
            if run.len() == 1 {
                marker(area, Marker::Dot, run[0], st.colour)?;
            } else if st.dashed {
                dashed(area, run, st.colour, st.width, 12.0, 7.0)?;
            } else {
                line(area, run.clone(), st.colour, st.width)?;
            }
            for &p in run {
                if st.marker != Marker::Dot {
                    marker(area, st.marker, p, st.colour)?;
                }
            }
        }
    }

    // Legend outside the plot on the right, one row per line at the height of its last value
    // (spread so rows never overlap): last value, line sample, name.
    let ends = &legend;
    let wanted: Vec<i32> = ends
        .iter()
        .map(|&i| ypx(last(&lines[i]).map_or(0.0, |p| p.1)))
        .collect();
    let row = line_height(theme::LEGEND_SIZE) + 6;
    let placed = spread(&wanted, row, y0, y1);
    let vx = x1 + 24;
    let sx0 = vx + values_w;
    let sx1 = sx0 + sample - 10;
    for (k, &i) in ends.iter().enumerate() {
        let l = &lines[i];
        let st = styles[i];
        let (yr, v) = last(l).unwrap_or((year_max, 0.0));
        let y = placed[k];
        line(
            area,
            vec![(xpx(yr) + 8, wanted[k]), (vx - 6, y)],
            theme::RULE,
            1,
        )?;
        let bold = theme::role_bold(l.role);
        let colour = if l.role == Role::Peer {
            theme::TEXT
        } else {
            theme::role_text_colour(l.role)
        };
        text(
            area,
            &meta.value_label(Some(v)),
            vx,
            middle(y, theme::VALUE_SIZE),
            theme::VALUE_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
        if st.dashed {
            dashed(area, &[(sx0, y), (sx1, y)], st.colour, st.width, 8.0, 5.0)?;
        } else {
            line(area, vec![(sx0, y), (sx1, y)], st.colour, st.width)?;
        }
        let m = if st.marker == Marker::Dot {
            Marker::None
        } else {
            st.marker
        };
        marker(area, m, ((sx0 + sx1) / 2, y), st.colour)?;
        text(
            area,
            &names[i],
            sx0 + sample,
            middle(y, theme::LEGEND_SIZE),
            theme::LEGEND_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Composition

fn draw_composition<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    parts: &[String],
    stacks: &[Stack],
) -> Result<(), RenderError> {
    if let Some(s) = stacks.iter().find(|s| s.parts.len() != parts.len()) {
        return Err(RenderError::invalid(
            &meta.title,
            format!(
                "`{}` has {} shares for {} parts",
                s.label,
                s.parts.len(),
                parts.len()
            ),
        ));
    }
    let total = |s: &Stack| {
        s.parts
            .iter()
            .flatten()
            .filter(|v| v.is_finite() && **v > 0.0)
            .sum::<f64>()
    };
    if stacks
        .iter()
        .all(|s| s.parts.iter().flatten().all(|v| !v.is_finite()))
    {
        return Err(RenderError::empty(&meta.title));
    }
    if stacks
        .iter()
        .flat_map(|s| s.parts.iter().flatten())
        .any(|v| *v < 0.0)
    {
        return Err(RenderError::invalid(&meta.title, "a share is negative"));
    }
    let mut plot = frame(area, &meta.title, meta.subtitle.as_deref(), &meta.source)?;

    // Legend of parts, wrapped in rows under the header.
    let sw = 16;
    let mut lx = plot.x0;
    let mut ly = plot.y0 + 8;
    let row_h = line_height(theme::LEGEND_SIZE) + 4;
    for (k, p) in parts.iter().enumerate() {
        let w = sw + 8 + text_width(p, theme::LEGEND_SIZE, false) as i32 + 24;
        if lx > plot.x0 && lx + w > plot.x1 {
            lx = plot.x0;
            ly += row_h;
        }
        let r = Rect {
            x0: lx,
            y0: ly - sw / 2,
            x1: lx + sw,
            y1: ly + sw / 2,
        };
        rect(area, r, theme::part_colour(k))?;
        outline(area, r, theme::TEXT_MUTED)?;
        text(
            area,
            p,
            lx + sw + 8,
            middle(ly, theme::LEGEND_SIZE),
            theme::LEGEND_SIZE,
            false,
            theme::TEXT,
            HPos::Left,
        )?;
        lx += w;
    }
    plot.y0 = ly + row_h;

    let labels: Vec<(&str, Role)> = stacks.iter().map(|s| (s.label.as_str(), s.role)).collect();
    let (label_w, fitted) = label_column(&labels, plot);
    let max_total = stacks.iter().map(total).fold(100.0, f64::max);
    let scale = Scale::nice(0.0, max_total, 5);
    let label_x = plot.x0 + label_w;
    let (bx0, bx1) = (label_x + 14, plot.x1 - 20);
    let (y0, y1) = (plot.y0 + 4, plot.y1 - x_axis_room());
    value_axis_x(area, &scale, bx0, bx1, y0, y1, meta.axis_label())?;
    let roles: Vec<Role> = stacks.iter().map(|s| s.role).collect();
    let (order, centres, band, separator) = bar_slots(&roles, y0, y1);
    let bar_h = ((f64::from(band) * 0.68).round() as i32).clamp(4, 48);
    if let Some(sy) = separator {
        dashed(
            area,
            &[(plot.x0, sy), (plot.x1, sy)],
            theme::RULE,
            1,
            4.0,
            4.0,
        )?;
    }
    for (&i, &cy) in order.iter().zip(&centres) {
        let s = &stacks[i];
        let bold = theme::role_bold(s.role);
        text(
            area,
            &fitted[i],
            label_x,
            middle(cy, theme::TICK_SIZE),
            theme::TICK_SIZE,
            bold,
            theme::role_text_colour(s.role),
            HPos::Right,
        )?;
        if s.parts.iter().flatten().all(|v| !v.is_finite()) {
            text(
                area,
                "n.d.",
                bx0 + 6,
                middle(cy, theme::VALUE_SIZE),
                theme::VALUE_SIZE,
                false,
                theme::TEXT_MUTED,
                HPos::Left,
            )?;
            continue;
        }
        let mut acc = 0.0;
        for (k, v) in s.parts.iter().enumerate() {
            let Some(v) = v.filter(|v| v.is_finite() && *v > 0.0) else {
                continue;
            };
            let (xa, xb) = (scale.px(acc, bx0, bx1), scale.px(acc + v, bx0, bx1));
            acc += v;
            let fill = theme::part_colour(k);
            let r = Rect {
                x0: xa,
                y0: cy - bar_h / 2,
                x1: xb,
                y1: cy - bar_h / 2 + bar_h,
            };
            rect(area, r, fill)?;
            // White separators between segments.
            line(area, vec![(xb, r.y0), (xb, r.y1)], theme::BACKGROUND, 2)?;
            let label = meta.unit.format_with(v, meta.decimals());
            if text_width(&label, theme::VALUE_SIZE, bold) as i32 + 8 <= r.width() {
                text(
                    area,
                    &label,
                    (xa + xb) / 2,
                    middle(cy, theme::VALUE_SIZE),
                    theme::VALUE_SIZE,
                    bold,
                    theme::text_on(fill),
                    HPos::Center,
                )?;
            }
        }
        if s.role == Role::Focus {
            let r = Rect {
                x0: bx0 - 3,
                y0: cy - bar_h / 2 - 3,
                x1: scale.px(acc, bx0, bx1) + 3,
                y1: cy - bar_h / 2 + bar_h + 3,
            };
            area.draw(&Rectangle::new(
                [(r.x0, r.y0), (r.x1, r.y1)],
                theme::TEXT.stroke_width(2),
            ))?;
        }
    }
    line(area, vec![(bx0, y0 - 4), (bx0, y1)], theme::AXIS, 2)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Ranking

/// Competition ranks (1 = highest value; ties share a rank) of `values`, NULLs excluded.
pub fn ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    values
        .iter()
        .map(|v| {
            v.filter(|v| v.is_finite()).map(|v| {
                1 + values
                    .iter()
                    .flatten()
                    .filter(|w| w.is_finite() && **w > v)
                    .count()
            })
        })
        .collect()
}

fn draw_ranking<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    bars: &[Bar],
) -> Result<(), RenderError> {
    let reference: Vec<&Bar> = bars.iter().filter(|b| b.role == Role::Reference).collect();
    let deps: Vec<&Bar> = bars.iter().filter(|b| b.role != Role::Reference).collect();
    let values: Vec<Option<f64>> = deps
        .iter()
        .map(|b| b.value.filter(|v| v.is_finite()))
        .collect();
    let rank = ranks(&values);
    let mut sorted: Vec<usize> = (0..deps.len()).filter(|&i| values[i].is_some()).collect();
    if sorted.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let total = sorted.len();
    sorted.sort_by(|&a, &b| {
        let (va, vb) = (values[a].unwrap_or(0.0), values[b].unwrap_or(0.0));
        vb.total_cmp(&va)
            .then_with(|| deps[a].label.cmp(&deps[b].label))
    });
    let plot = frame(area, &meta.title, meta.subtitle.as_deref(), &meta.source)?;
    let ref_values: Vec<f64> = reference
        .iter()
        .filter_map(|b| b.value)
        .filter(|v| v.is_finite())
        .collect();
    let vmin = values
        .iter()
        .flatten()
        .chain(&ref_values)
        .copied()
        .fold(0.0, f64::min);
    let vmax = values
        .iter()
        .flatten()
        .chain(&ref_values)
        .copied()
        .fold(0.0, f64::max);
    let scale = Scale::nice(vmin, vmax, 5);
    let tick_w = scale
        .ticks
        .iter()
        .map(|&t| text_width(&scale.label(t), theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);

    // Unit above the value axis, note under the bars.
    text(
        area,
        meta.axis_label(),
        plot.x0,
        plot.y0 + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Left,
    )?;
    let missing: Vec<&str> = deps
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(b, _)| b.label.as_str())
        .collect();
    let mut note = format!("{total} départements classés du plus élevé au plus faible");
    match missing.len() {
        0 => {}
        n if n <= 3 => note.push_str(&format!(" ; n.d. : {}", missing.join(", "))),
        n => note.push_str(&format!(" ; {n} départements n.d.")),
    }
    let x0 = plot.x0 + tick_w + 10;
    let x1 = plot.x1;
    let y_bottom = plot.y1 - line_height(theme::AXIS_LABEL_SIZE) - 8;
    text(
        area,
        &note,
        (x0 + x1) / 2,
        y_bottom + 8 + (0.8 * theme::AXIS_LABEL_SIZE).round() as i32,
        theme::AXIS_LABEL_SIZE,
        false,
        theme::TEXT,
        HPos::Center,
    )?;

    let band = f64::from(x1 - x0) / total as f64;
    let bar_x = |k: usize| -> (i32, i32) {
        let a = f64::from(x0) + band * k as f64;
        let gap = if band >= 5.0 { band * 0.2 } else { 0.0 };
        (
            (a + gap / 2.0).round() as i32,
            (a + band - gap / 2.0).round() as i32,
        )
    };

    // Labels of focus and peers: two lines, name then value and rank.
    struct Label {
        k: usize,
        lines: [String; 2],
        bold: bool,
        w: i32,
        h: i32,
    }
    let mut labels: Vec<Label> = sorted
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(deps[**i].role, Role::Focus | Role::Peer))
        .map(|(k, &i)| {
            let bold = deps[i].role == Role::Focus;
            let l2 = format!(
                "{} – {}",
                meta.value_label(values[i]),
                format::rank_of(rank[i].unwrap_or(0), total)
            );
            let lines = [deps[i].label.clone(), l2];
            let w = lines
                .iter()
                .map(|l| text_width(l, theme::VALUE_SIZE, bold) as i32)
                .max()
                .unwrap_or(0)
                + 10;
            let h = 2 * line_height(theme::VALUE_SIZE) + 6;
            Label {
                k,
                lines,
                bold,
                w,
                h,
            }
        })
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.k));

    // Find the top of the bar area so that every label fits above the bars (a few passes:
    // labels stack upwards when they collide).
    let y_axis_top = plot.y0 + line_height(theme::AXIS_LABEL_SIZE) + 14;
    let mut y0 = y_axis_top;
    let mut boxes: Vec<Rect> = Vec::new();
    for _ in 0..8 {
        let ypx = |v: f64| scale.px(v, y_bottom, y0);
        let zero = ypx(0.0);
        let tops: Vec<i32> = sorted
            .iter()
            .map(|&i| ypx(values[i].unwrap_or(0.0)).min(zero))
            .collect();
        boxes.clear();
        for l in &labels {
            let (bx0, bx1) = bar_x(l.k);
            let mut lx0 = (bx0 + bx1) / 2 - 6;
            if lx0 + l.w > x1 {
                lx0 = x1 - l.w;
            }
            let span = (lx0, lx0 + l.w);
            let highest = (0..total)
                .filter(|&k| {
                    let (a, b) = bar_x(k);
                    b >= span.0 && a <= span.1
                })
                .map(|k| tops[k])
                .min()
                .unwrap_or(zero);
            let mut r = Rect {
                x0: span.0,
                y0: highest - 14 - l.h,
                x1: span.1,
                y1: highest - 14,
            };
            while let Some(hit) = boxes.iter().filter(|b| b.overlaps(&r)).map(|b| b.y0).min() {
                r.y1 = hit - 4;
                r.y0 = r.y1 - l.h;
            }
            boxes.push(r);
        }
        let top = boxes.iter().map(|b| b.y0).min().unwrap_or(y0);
        if top >= y_axis_top || y0 > y_bottom - 120 {
            break;
        }
        y0 += y_axis_top - top;
    }
    let ypx = |v: f64| scale.px(v, y_bottom, y0);
    let zero = ypx(0.0);

    for &t in &scale.ticks {
        let y = ypx(t);
        line(area, vec![(x0, y), (x1, y)], theme::GRID, 1)?;
        text(
            area,
            &scale.label(t),
            x0 - 8,
            middle(y, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Right,
        )?;
    }
    for (k, &i) in sorted.iter().enumerate() {
        let (a, b) = bar_x(k);
        let y = ypx(values[i].unwrap_or(0.0));
        let r = Rect {
            x0: a,
            y0: y.min(zero),
            x1: b.max(a + 1),
            y1: y.max(zero),
        };
        rect(area, r, theme::role_colour(deps[i].role))?;
    }
    line(area, vec![(x0, zero), (x1, zero)], theme::AXIS, 2)?;

    // France métropolitaine as a dashed reference line, labelled at the right.
    for b in &reference {
        let Some(v) = b.value.filter(|v| v.is_finite()) else {
            continue;
        };
        let y = ypx(v);
        dashed(
            area,
            &[(x0, y), (x1, y)],
            theme::REFERENCE,
            theme::REFERENCE_STROKE,
            12.0,
            7.0,
        )?;
        let label = format!("{} : {}", b.label, meta.value_label(Some(v)));
        let w = text_width(&label, theme::VALUE_SIZE, false) as i32 + 8;
        let lh = line_height(theme::VALUE_SIZE);
        // Right above the line, else left above, right below, left below: away from labels.
        let candidates = [
            Rect {
                x0: x1 - w,
                y0: y - 4 - lh,
                x1,
                y1: y - 4,
            },
            Rect {
                x0,
                y0: y - 4 - lh,
                x1: x0 + w,
                y1: y - 4,
            },
            Rect {
                x0: x1 - w,
                y0: y + 4,
                x1,
                y1: y + 4 + lh,
            },
            Rect {
                x0,
                y0: y + 4,
                x1: x0 + w,
                y1: y + 4 + lh,
            },
        ];
        let r = candidates
            .iter()
            .find(|c| !boxes.iter().any(|b| b.overlaps(c)))
            .unwrap_or(&candidates[0]);
        rect(area, *r, theme::BACKGROUND)?;
        text(
            area,
            &label,
            r.x0 + 4,
            r.y1 - 6,
            theme::VALUE_SIZE,
            false,
            theme::REFERENCE,
            HPos::Left,
        )?;
    }

    // Leaders and labels on top.
    for (l, r) in labels.iter().zip(&boxes) {
        let (a, b) = bar_x(l.k);
        let cx = (a + b) / 2;
        let i = sorted[l.k];
        let top = ypx(values[i].unwrap_or(0.0)).min(zero);
        let colour = theme::role_text_colour(deps[i].role);
        line(area, vec![(cx, top - 2), (cx, r.y1)], colour, 1)?;
        rect(
            area,
            Rect {
                x0: r.x0,
                y0: r.y0,
                x1: r.x1,
                y1: r.y1,
            },
            theme::BACKGROUND,
        )?;
        line(area, vec![(cx, r.y1 - 2), (cx, r.y1)], colour, 1)?;
        let lh = line_height(theme::VALUE_SIZE);
        for (n, s) in l.lines.iter().enumerate() {
            let baseline = r.y0 + 4 + n as i32 * lh + (0.8 * theme::VALUE_SIZE).round() as i32;
            text(
                area,
                s,
                r.x0 + 4,
                baseline,
                theme::VALUE_SIZE,
                l.bold,
                colour,
                HPos::Left,
            )?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Matrix

const MATRIX_ROW: i32 = 40;

/// Column headers of a matrix: wrapped lines per column and the header height.
fn matrix_header(columns: &[String], width: u32) -> (Vec<Vec<String>>, i32) {
    let label_w = (f64::from(width) * 0.3) as u32;
    let col_w = (width - 2 * theme::MARGIN - label_w) / columns.len().max(1) as u32;
    let lines: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            // Break after hyphens too: "Pyrénées-Atlantiques" → "Pyrénées-" / "Atlantiques".
            let spaced = c.replace('-', "-\u{1}");
            let words: Vec<&str> = spaced
                .split([' ', '\u{1}'])
                .filter(|w| !w.is_empty())
                .collect();
            let mut out: Vec<String> = Vec::new();
            for w in words {
                let joined = match out.last() {
                    Some(l) if l.ends_with('-') => format!("{l}{w}"),
                    Some(l) => format!("{l} {w}"),
                    None => w.to_string(),
                };
                match out.last_mut() {
                    Some(last) if text_width(&joined, theme::TICK_SIZE, false) <= col_w - 8 => {
                        *last = joined;
                    }
                    _ => out.push(w.to_string()),
                }
            }
            out.into_iter()
                .map(|l| theme::ellipsize(&l, theme::TICK_SIZE, false, col_w - 6))
                .collect()
        })
        .collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
    (lines, n * line_height(theme::TICK_SIZE) + 12)
}

fn draw_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    meta: &Meta,
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<f64>>],
) -> Result<(), RenderError> {
    if rows.is_empty() || columns.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    if cells.len() != rows.len() {
        return Err(RenderError::invalid(
            &meta.title,
            format!("{} rows of cells for {} themes", cells.len(), rows.len()),
        ));
    }
    if let Some((r, row)) = rows
        .iter()
        .zip(cells)
        .find(|(_, c)| c.len() != columns.len())
    {
        return Err(RenderError::invalid(
            &meta.title,
            format!(
                "theme `{r}` has {} cells for {} départements",
                row.len(),
                columns.len()
            ),
        ));
    }
    let plot = frame(area, &meta.title, meta.subtitle.as_deref(), &meta.source)?;
    let (w, _) = area.dim_in_pixel();
    let (headers, header_h) = matrix_header(columns, w);
    let label_cap = (f64::from(w) * 0.3) as u32 - 16;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| theme::ellipsize(r, theme::TICK_SIZE, false, label_cap))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);
    let gx0 = plot.x0 + label_w + 16;
    let col_w = (plot.x1 - gx0) / columns.len() as i32;
    let max = cells
        .iter()
        .flatten()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let lh = line_height(theme::TICK_SIZE);
    for (c, lines) in headers.iter().enumerate() {
        let cx = gx0 + c as i32 * col_w + col_w / 2;
        let top = plot.y0 + header_h - 8 - lines.len() as i32 * lh;
        for (n, l) in lines.iter().enumerate() {
            let baseline = top + n as i32 * lh + (0.8 * theme::TICK_SIZE).round() as i32;
            text(
                area,
                l,
                cx,
                baseline,
                theme::TICK_SIZE,
                false,
                theme::TEXT,
                HPos::Center,
            )?;
        }
    }
    let row_h = ((plot.height() - header_h) / rows.len() as i32).clamp(16, MATRIX_ROW);
    // What the counts are, in the top-left corner.
    text(
        area,
        meta.axis_label(),
        plot.x0,
        plot.y0 + header_h - 8 - lh + (0.8 * theme::TICK_SIZE).round() as i32,
        theme::TICK_SIZE,
        false,
        theme::TEXT_MUTED,
        HPos::Left,
    )?;
    let gy0 = plot.y0 + header_h;
    line(
        area,
        vec![
            (plot.x0, gy0 - 2),
            (gx0 + col_w * columns.len() as i32, gy0 - 2),
        ],
        theme::AXIS,
        1,
    )?;
    for (r, (label, row)) in labels.iter().zip(cells).enumerate() {
        let y = gy0 + r as i32 * row_h;
        text(
            area,
            label,
            gx0 - 12,
            middle(y + row_h / 2, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT,
            HPos::Right,
        )?;
        for (c, v) in row.iter().enumerate() {
            let cell = Rect {
                x0: gx0 + c as i32 * col_w + 2,
                y0: y + 2,
                x1: gx0 + (c as i32 + 1) * col_w - 2,
                y1: y + row_h - 2,
            };
            match v.filter(|v| v.is_finite() && *v != 0.0) {
                Some(v) => {
                    let t = if max > 0.0 { v / max } else { 0.0 };
                    let fill = theme::shade(0.15 + 0.85 * t);
                    rect(area, cell, fill)?;
                    let label = format::number(v, meta.decimals.unwrap_or(0));
                    text(
                        area,
                        &label,
                        (cell.x0 + cell.x1) / 2,
                        middle((cell.y0 + cell.y1) / 2, theme::VALUE_SIZE),
                        theme::VALUE_SIZE,
                        false,
                        theme::text_on(fill),
                        HPos::Center,
                    )?;
                }
                None => outline(area, cell, theme::GRID)?,
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Table

const TABLE_ROW: i32 = 38;

struct TableLayout {
    label_w: i32,
    col_w: i32,
    headers: Vec<Vec<String>>,
    header_h: i32,
    height: i32,
}

fn table_layout(t: &Table) -> TableLayout {
    let w = theme::TABLE_WIDTH;
    let header = header_layout(&t.title, t.subtitle.as_deref(), w);
    let footer = footer_layout(&t.source, w);
    let inner = (w - 2 * theme::MARGIN) as i32;
    let label_w = t
        .rows
        .iter()
        .map(|r| text_width(&r.label, theme::TABLE_SIZE, true) as i32)
        .max()
        .unwrap_or(0)
        .clamp(140, inner * 2 / 5)
        + 24;
    let col_w = (inner - label_w) / t.columns.len().max(1) as i32;
    let headers: Vec<Vec<String>> = t
        .columns
        .iter()
        .map(|c| {
            theme::wrap(
                &c.header,
                theme::TABLE_SIZE,
                true,
                (col_w - 16).max(20) as u32,
            )
        })
        .collect();
    let n = headers.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let header_h = n * line_height(theme::TABLE_SIZE) + 18;
    let height = header.height + header_h + TABLE_ROW * t.rows.len() as i32 + footer.height;
    TableLayout {
        label_w,
        col_w,
        headers,
        header_h,
        height,
    }
}

fn draw_table<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Table,
) -> Result<(), RenderError> {
    if t.rows.is_empty() || t.columns.is_empty() {
        return Err(RenderError::empty(&t.title));
    }
    if let Some(r) = t.rows.iter().find(|r| r.cells.len() != t.columns.len()) {
        return Err(RenderError::invalid(
            &t.title,
            format!(
                "row `{}` has {} cells for {} columns",
                r.label,
                r.cells.len(),
                t.columns.len()
            ),
        ));
    }
    let layout = table_layout(t);
    let plot = frame(area, &t.title, t.subtitle.as_deref(), &t.source)?;
    let x0 = plot.x0;
    let x_end = x0 + layout.label_w + layout.col_w * t.columns.len() as i32;
    let mut y = plot.y0;
    rect(
        area,
        Rect {
            x0,
            y0: y,
            x1: x_end,
            y1: y + layout.header_h,
        },
        theme::HEADER,
    )?;
    let lh = line_height(theme::TABLE_SIZE);
    for (c, lines) in layout.headers.iter().enumerate() {
        let cx = x0 + layout.label_w + c as i32 * layout.col_w + layout.col_w / 2;
        let top = y + (layout.header_h - lines.len() as i32 * lh) / 2;
        for (n, l) in lines.iter().enumerate() {
            let baseline = top + n as i32 * lh + (0.8 * theme::TABLE_SIZE).round() as i32;
            text(
                area,
                l,
                cx,
                baseline,
                theme::TABLE_SIZE,
                true,
                theme::BACKGROUND,
                HPos::Center,
            )?;
        }
    }
    y += layout.header_h;
    for (k, row) in t.rows.iter().enumerate() {
        let bold = theme::role_bold(row.role);
        let r = Rect {
            x0,
            y0: y,
            x1: x_end,
            y1: y + TABLE_ROW,
        };
        if row.role == Role::Focus {
            rect(area, r, theme::FOCUS_ROW)?;
        }
        let rule_w = if row.role == Role::Reference && k > 0 {
            2
        } else {
            1
        };
        let rule = if rule_w == 2 {
            theme::AXIS
        } else {
            theme::RULE
        };
        if k > 0 {
            line(area, vec![(x0, y), (x_end, y)], rule, rule_w)?;
        }
        let colour = match row.role {
            Role::Focus => theme::FOCUS,
            Role::Reference => theme::REFERENCE,
            _ => theme::TEXT,
        };
        let cy = middle(y + TABLE_ROW / 2, theme::TABLE_SIZE);
        let label = theme::ellipsize(
            &row.label,
            theme::TABLE_SIZE,
            bold,
            (layout.label_w - 20) as u32,
        );
        text(
            area,
            &label,
            x0 + 10,
            cy,
            theme::TABLE_SIZE,
            bold,
            colour,
            HPos::Left,
        )?;
        for (c, (col, v)) in t.columns.iter().zip(&row.cells).enumerate() {
            let s = match v.filter(|v| v.is_finite()) {
                None => "n.d.".to_string(),
                Some(v) if col.signed => format::signed(v, col.unit, col.decimals),
                Some(v) => col.unit.format_with(v, col.decimals),
            };
            let right = x0 + layout.label_w + (c as i32 + 1) * layout.col_w - 14;
            let colour = if v.is_none() {
                theme::TEXT_MUTED
            } else {
                colour
            };
            text(
                area,
                &s,
                right,
                cy,
                theme::TABLE_SIZE,
                bold,
                colour,
                HPos::Right,
            )?;
        }
        y += TABLE_ROW;
    }
    line(area, vec![(x0, y), (x_end, y)], theme::AXIS, 2)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::format::Unit;
    use crate::render::model::{Column, Row};
    use crate::render::{ImageFormat, png, render};

    const SOURCE: &str = "Source : DREES, enquête Aide sociale ; Insee. Données au 31/12/2022.";

    fn bar(label: &str, value: Option<f64>, role: Role) -> Bar {
        Bar {
            label: label.into(),
            value,
            role,
        }
    }

    fn bars() -> Chart {
        let mut meta = Meta::new(
            "Évolution du nombre d'enfants confiés entre 2018 et 2022",
            Unit::Percent,
            SOURCE,
        );
        meta.signed = true;
        meta.subtitle = Some("Enfants confiés à l'ASE au 31 décembre".into());
        Chart::Bars {
            meta,
            bars: vec![
                bar("Charente-Maritime", Some(16.1), Role::Focus),
                bar("Côtes-d'Armor", Some(12.4), Role::Peer),
                bar("Pyrénées-Atlantiques", Some(-2.3), Role::Peer),
                bar("Calvados", None, Role::Peer),
                bar("France métropolitaine", Some(12.1), Role::Reference),
            ],
        }
    }

    fn lines() -> Chart {
        let pts = |vals: [Option<f64>; 4]| (2019..).zip(vals).collect::<Vec<_>>();
        Chart::Lines {
            meta: Meta::new("Taux d'enfants accueillis", Unit::PerThousand, SOURCE),
            lines: vec![
                Line {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    points: pts([Some(10.1), Some(10.6), Some(11.2), Some(11.8)]),
                },
                Line {
                    label: "Calvados".into(),
                    role: Role::Peer,
                    points: pts([Some(12.0), None, Some(12.4), Some(12.6)]),
                },
                Line {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    points: pts([Some(9.8), Some(10.0), Some(10.1), Some(10.4)]),
                },
            ],
        }
    }

    fn composition() -> Chart {
        Chart::Composition {
            meta: Meta::new("Répartition des mesures", Unit::Percent, SOURCE),
            parts: vec!["Placements".into(), "Actions éducatives".into()],
            stacks: vec![
                Stack {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    parts: vec![Some(52.5), Some(47.5)],
                },
                Stack {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    parts: vec![Some(49.2), Some(50.8)],
                },
            ],
        }
    }

    fn ranking() -> Chart {
        let mut bars: Vec<Bar> = (1..=12)
            .map(|k| {
                bar(
                    &format!("Département {k}"),
                    Some(f64::from(k * 7 % 13) + 2.5),
                    Role::Other,
                )
            })
            .collect();
        bars[3].role = Role::Focus;
        bars[3].label = "Charente-Maritime".into();
        bars[8].role = Role::Peer;
        bars[8].label = "Calvados".into();
        bars[10].value = None;
        bars.push(bar("France métropolitaine", Some(8.0), Role::Reference));
        Chart::Ranking {
            meta: Meta::new(
                "Taux d'enfants accueillis en 2022",
                Unit::PerThousand,
                SOURCE,
            ),
            bars,
        }
    }

    fn matrix() -> Chart {
        Chart::Matrix {
            meta: Meta::new("Actions des schémas par thème", Unit::Count, SOURCE),
            rows: vec!["Prévention".into(), "Accueil familial".into()],
            columns: vec![
                "Charente-Maritime".into(),
                "Calvados".into(),
                "Pyrénées-Atlantiques".into(),
            ],
            cells: vec![
                vec![Some(3.0), Some(0.0), None],
                vec![Some(1.0), Some(5.0), Some(2.0)],
            ],
        }
    }

    fn table() -> Chart {
        Chart::Table(Table {
            title: "Indicateurs clés 2022".into(),
            subtitle: None,
            columns: vec![
                Column {
                    header: "Enfants confiés".into(),
                    unit: Unit::Count,
                    decimals: 0,
                    signed: false,
                },
                Column {
                    header: "Évolution 2018-2022".into(),
                    unit: Unit::Percent,
                    decimals: 1,
                    signed: true,
                },
            ],
            rows: vec![
                Row {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    cells: vec![Some(2345.0), Some(16.1)],
                },
                Row {
                    label: "Calvados".into(),
                    role: Role::Peer,
                    cells: vec![None, Some(-0.7)],
                },
                Row {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    cells: vec![Some(198_765.0), Some(12.1)],
                },
            ],
            source: SOURCE.into(),
        })
    }

    fn all() -> Vec<(&'static str, Chart)> {
        vec![
            ("chart_bars", bars()),
            ("chart_lines", lines()),
            ("chart_composition", composition()),
            ("chart_ranking", ranking()),
            ("chart_matrix", matrix()),
            ("chart_table", table()),
        ]
    }

    fn svg(chart: &Chart) -> String {
        String::from_utf8(render(chart, ImageFormat::Svg).expect("render svg")).expect("utf-8")
    }

    #[test]
    fn svg_snapshots() {
        // Snapshot files are named after the chart only, so they keep their names once this
        // module is copied into the main crate.
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            for (name, chart) in all() {
                insta::assert_snapshot!(name, svg(&chart));
            }
        });
    }

    #[test]
    fn svg_contains_french_labels() {
        let s = svg(&bars());
        assert!(s.contains("+16,1\u{a0}%"), "signed value label");
        assert!(s.contains("-2,3\u{a0}%"), "negative value label");
        assert!(s.contains("n.d."), "NULL shown as n.d.");
        assert!(s.contains("Source : DREES"), "source line");
        let r = svg(&ranking());
        assert!(
            r.contains("1er sur 11") || r.contains("e sur 11"),
            "rank among non-NULL values"
        );
        let t = svg(&table());
        assert!(
            t.contains("198\u{a0}765") && t.contains("+16,1\u{a0}%") && t.contains("-0,7\u{a0}%")
        );
        let l = svg(&lines());
        assert!(
            l.contains("2019") && !l.contains("2\u{a0}019"),
            "years without separator"
        );
    }

    #[test]
    fn png_is_deterministic_and_valid() {
        for (name, chart) in all() {
            let a = render(&chart, ImageFormat::Png).expect("render png");
            assert_eq!(&a[..8], &png::SIGNATURE, "{name}");
            let (w, h) = crate::render::canvas_size(&chart);
            assert_eq!(
                &a[16..24],
                [w.to_be_bytes(), h.to_be_bytes()].concat().as_slice(),
                "{name}"
            );
            if name == "chart_bars" {
                let b = render(&chart, ImageFormat::Png).expect("render png");
                assert_eq!(a, b, "PNG bytes differ between runs");
            }
        }
        assert_eq!(svg(&lines()), svg(&lines()));
    }

    #[test]
    fn errors_name_the_chart() {
        let empty = Chart::Bars {
            meta: Meta::new("Taux vide", Unit::Percent, SOURCE),
            bars: vec![bar("Calvados", None, Role::Peer)],
        };
        let e = render(&empty, ImageFormat::Svg).unwrap_err();
        assert_eq!(e.to_string(), "chart `Taux vide`: no value to draw");

        let Chart::Composition {
            meta,
            parts,
            mut stacks,
        } = composition()
        else {
            unreachable!()
        };
        stacks[0].parts.pop();
        let e = render(
            &Chart::Composition {
                meta,
                parts,
                stacks,
            },
            ImageFormat::Png,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "chart `Répartition des mesures`: `Charente-Maritime` has 1 shares for 2 parts"
        );

        let Chart::Matrix {
            meta,
            rows,
            columns,
            mut cells,
        } = matrix()
        else {
            unreachable!()
        };
        cells[1].push(Some(1.0));
        let e = render(
            &Chart::Matrix {
                meta,
                rows,
                columns,
                cells,
            },
            ImageFormat::Svg,
        )
        .unwrap_err();
        assert!(matches!(e, RenderError::Invalid { .. }), "{e}");

        let Chart::Table(mut t) = table() else {
            unreachable!()
        };
        t.rows[1].cells.clear();
        let e = render(&Chart::Table(t), ImageFormat::Svg).unwrap_err();
        assert!(
            e.to_string()
                .contains("row `Calvados` has 0 cells for 2 columns"),
            "{e}"
        );

        let lines = Chart::Lines {
            meta: Meta::new("Sans données", Unit::Count, SOURCE),
            lines: vec![],
        };
        assert!(matches!(
            render(&lines, ImageFormat::Png),
            Err(RenderError::Empty { .. })
        ));
        let ranking = Chart::Ranking {
            meta: Meta::new("Classement", Unit::Count, SOURCE),
            bars: vec![bar("France métropolitaine", Some(3.0), Role::Reference)],
        };
        assert!(matches!(
            render(&ranking, ImageFormat::Svg),
            Err(RenderError::Empty { .. })
        ));
    }

    #[test]
    fn nice_scales() {
        let s = Scale::nice(0.0, 21.3, 6);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 25.0, 5.0));
        assert_eq!(s.ticks, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        let s = Scale::nice(-1.4, 2.6, 6);
        assert_eq!((s.lo, s.hi, s.step, s.decimals), (-2.0, 3.0, 1.0, 0));
        let s = Scale::nice(0.0, 1.3, 6);
        assert_eq!((s.step, s.decimals), (0.25, 2));
        assert_eq!(s.label(0.75), "0,75");
        let s = Scale::nice(0.0, 1402.5, 6);
        assert_eq!(s.label(1250.0), "1\u{a0}250");
        let s = Scale::nice(0.0, 0.0, 6);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        let s = Scale::nice(100.0, 100.0, 6);
        assert!(s.lo <= 0.0 && s.hi >= 100.0);
        assert_eq!(s.px(s.lo, 10, 110), 10);
        assert_eq!(s.px(s.hi, 10, 110), 110);
    }

    #[test]
    fn ranks_skip_nulls_and_share_ties() {
        let r = ranks(&[Some(3.0), None, Some(5.0), Some(3.0), Some(1.0)]);
        assert_eq!(r, vec![Some(2), None, Some(1), Some(2), Some(4)]);
    }

    #[test]
    fn spread_keeps_labels_apart() {
        let ys = spread(&[100, 102, 101, 300], 20, 0, 400);
        let mut sorted = ys.clone();
        sorted.sort();
        assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 20), "{ys:?}");
        assert_eq!(ys[3], 300);
        let ys = spread(&[395, 399], 20, 0, 400);
        assert!(ys.iter().all(|&y| y <= 400) && (ys[0] - ys[1]).abs() >= 20);
    }

    #[test]
    fn canvas_grows_with_rows() {
        let mut many = Vec::new();
        for k in 0..40 {
            many.push(bar(&format!("D{k}"), Some(1.0), Role::Other));
        }
        let chart = Chart::Bars {
            meta: Meta::new("Beaucoup", Unit::Count, SOURCE),
            bars: many,
        };
        assert!(canvas_size(&chart).1 > theme::CHART_SIZE.1);
        assert_eq!(canvas_size(&bars()), theme::CHART_SIZE);
    }
}
