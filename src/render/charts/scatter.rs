//! Two indicators on two axes, one bubble per territory: area proportional to its size (a
//! population), focus and peers highlighted and named, references (France métropolitaine…) as
//! dashed lines at their values, and the least-squares line of the départements.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::shared::{value_axis_x, x_axis_room};
use super::{Area, Kind};
use crate::model::format::{self, Unit};
use crate::render::layout::Rect;
use crate::render::layout::*;
use crate::render::model::*;
use crate::render::scales::*;
use crate::render::theme::{self, text_width};
use crate::render::{RenderError, marks};

/// Radius (px) of the smallest bubble and of the largest one.
const R_MIN: f64 = 4.0;
const R_MAX: f64 = 24.0;

/// A one-line label's width and line height at `size`, and the box it takes written with its
/// baseline at a point.
fn label_box(label: &str, size: f64) -> (i32, i32, impl Fn((i32, i32)) -> Rect + use<>) {
    let w = text_width(label, size, false) as i32;
    let lh = line_height(size);
    (w, lh, move |(x, y): (i32, i32)| Rect {
        x0: x,
        y0: y - lh,
        x1: x + w,
        y1: y + 4,
    })
}

/// A reference's line: its two ends and the places its name may take.
type RefLine = ([(i32, i32); 2], Vec<(i32, i32)>);

/// Whether the circle `(cx, cy, r)` and the rectangle `b` share any point.
fn covers((cx, cy, r): (i32, i32, i32), b: &Rect) -> bool {
    let (nx, ny) = (cx.clamp(b.x0, b.x1), cy.clamp(b.y0, b.y1));
    let (dx, dy) = (i64::from(cx - nx), i64::from(cy - ny));
    dx * dx + dy * dy < i64::from(r) * i64::from(r)
}

/// The first of `candidates` (text positions; `rect_of` gives each one's box) inside the plot
/// whose box meets no bubble and no label placed; else the one inside meeting the fewest (a
/// label over a label counting as ten bubbles); else the first.
fn free_place(
    candidates: &[(i32, i32)],
    rect_of: &impl Fn((i32, i32)) -> Rect,
    boxes: &[Rect],
    bubbles: &[(i32, i32, i32)],
    inside: impl Fn(&Rect) -> bool,
) -> (i32, i32) {
    let cost = |c: (i32, i32)| {
        let r = rect_of(c);
        bubbles.iter().filter(|&&b| covers(b, &r)).count()
            + 10 * boxes.iter().filter(|o| o.overlaps(&r)).count()
    };
    candidates
        .iter()
        .copied()
        .filter(|&c| inside(&rect_of(c)))
        .min_by_key(|&c| cost(c))
        .or_else(|| candidates.first().copied())
        .unwrap_or((0, 0))
}

/// A scatter chart, as [`Body::Scatter`](crate::render::Body::Scatter) holds it.
pub(crate) struct Scatter<'a> {
    pub meta: &'a Meta,
    pub x: &'a XAxis,
    pub points: &'a [Point],
}

/// The least-squares line `y = a + b x` of `(x, y)` pairs and their correlation `r`; `None`
/// for fewer than three pairs or no spread of `x`.
pub fn least_squares(pairs: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let syy: f64 = pairs.iter().map(|p| (p.1 - my).powi(2)).sum();
    let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    let r = if syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        0.0
    };
    [a, b, r].iter().all(|v| v.is_finite()).then_some((a, b, r))
}

impl Scatter<'_> {
    fn value(&self, v: f64, unit: Unit, decimals: usize) -> String {
        unit.format_with(v, decimals)
    }

    fn hover(&self, p: &Point) -> String {
        let x = p.x.map_or(format::NOT_AVAILABLE.to_string(), |v| {
            self.value(v, self.x.unit, self.x.decimals)
        });
        let y = self.meta.value_label(p.y);
        let mut what = format!("{} : {x} ; {} : {y}", self.x.label, self.meta.axis_label());
        if let Some(s) = p.size.filter(|s| s.is_finite())
            && !self.x.size_label.is_empty()
        {
            what.push_str(&format!(
                " ; {} : {}",
                self.x.size_label,
                format::number(s, 0)
            ));
        }
        marks::title(&p.label, self.meta.period.as_deref(), &what)
    }
}

impl<'a> Kind<'a> for Scatter<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    fn canvas_size(&self) -> (u32, u32) {
        (theme::CHART_SIZE.0, 820)
    }

    fn draw(&self, area: &Area<'_>) -> Result<(), RenderError> {
        draw_scatter(area, self)
    }
}

fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Scatter<'_>,
) -> Result<(), RenderError> {
    let meta = s.meta;
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    let shown: Vec<&Point> = s
        .points
        .iter()
        .filter(|p| p.role != Role::Reference && finite(p.x).is_some() && finite(p.y).is_some())
        .collect();
    if shown.is_empty() {
        return Err(RenderError::empty(&meta.title));
    }
    let refs: Vec<&Point> = s
        .points
        .iter()
        .filter(|p| p.role == Role::Reference)
        .collect();
    let plot = frame(area, meta)?;
    let xs: Vec<f64> = shown
        .iter()
        .filter_map(|p| p.x)
        .chain(refs.iter().filter_map(|p| finite(p.x)))
        .collect();
    let ys: Vec<f64> = shown
        .iter()
        .filter_map(|p| p.y)
        .chain(refs.iter().filter_map(|p| finite(p.y)))
        .collect();
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = ((hi - lo) * 0.04).max(hi.abs() * 1e-6);
        (lo - pad, hi + pad)
    };
    let (x_lo, x_hi) = range(&xs);
    let (y_lo, y_hi) = range(&ys);
    let xscale = Scale::nice(x_lo, x_hi, 6);
    let yscale = Scale::nice(y_lo, y_hi, 6);
    let tick_w = yscale
        .ticks
        .iter()
        .map(|&t| text_width(&yscale.label(t), theme::TICK_SIZE, false) as i32)
        .max()
        .unwrap_or(0);
    // The vertical axis's title above it, on the left.
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
    let (px0, px1) = (plot.x0 + tick_w + 14, plot.x1 - 10);
    let (py0, py1) = (
        plot.y0 + line_height(theme::AXIS_LABEL_SIZE) + 14,
        plot.y1 - x_axis_room(),
    );
    let xp = |v: f64| xscale.px(v, px0, px1);
    let yp = |v: f64| yscale.px(v, py1, py0);
    for &t in &yscale.ticks {
        let y = yp(t);
        line(area, vec![(px0, y), (px1, y)], theme::GRID, 1)?;
        text(
            area,
            &yscale.label(t),
            px0 - 8,
            middle(y, theme::TICK_SIZE),
            theme::TICK_SIZE,
            false,
            theme::TEXT_MUTED,
            HPos::Right,
        )?;
    }
    value_axis_x(area, &xscale, px0, px1, py0, py1, &s.x.label)?;
    line(
        area,
        vec![(px0, py0), (px0, py1), (px1, py1)],
        theme::AXIS,
        1,
    )?;

    // Bubbles' places and sizes, known before any label is placed: the references' and the
    // least-squares line's labels go where no bubble lies.
    let max_size = shown
        .iter()
        .filter_map(|p| finite(p.size))
        .fold(0.0, f64::max);
    let radius = |p: &Point| -> i32 {
        match finite(p.size) {
            Some(v) if max_size > 0.0 && v > 0.0 => {
                (R_MIN + (R_MAX - R_MIN) * (v / max_size).sqrt()).round() as i32
            }
            _ => R_MIN as i32,
        }
    };
    let layer = |r: Role| match r {
        Role::Focus => 2,
        Role::Peer => 1,
        _ => 0,
    };
    let mut order = shown.clone();
    // Larger bubbles under smaller ones within a layer, so none hides another.
    order.sort_by(|a, b| {
        layer(a.role)
            .cmp(&layer(b.role))
            .then(radius(b).cmp(&radius(a)))
            .then(a.label.cmp(&b.label))
    });
    let bubbles: Vec<(i32, i32, i32)> = order
        .iter()
        .map(|p| (xp(p.x.unwrap_or(0.0)), yp(p.y.unwrap_or(0.0)), radius(p)))
        .collect();
    let in_plot = |b: &Rect| b.x0 >= px0 && b.x1 <= px1 && b.y0 >= py0 && b.y1 <= py1;

    // Labels placed so far (reference names, the least-squares line's, bubbles' names), kept
    // apart; drawn after the bubbles, so that none is hidden.
    let mut boxes: Vec<Rect> = Vec::new();
    let mut labels: Vec<(String, i32, i32, f64, RGBColor)> = Vec::new();

    // References: a dashed line at each of their values, named along it where no bubble lies
    // (beside the vertical line from its top down; above or below the horizontal one from its
    // right end).
    for p in &refs {
        let hover = s.hover(p);
        let (w, lh, rect_of) = label_box(&p.label, theme::VALUE_SIZE);
        let lines: [Option<RefLine>; 2] = [
            finite(p.x).map(xp).map(|x| {
                let places = (0..=8)
                    .flat_map(|k| {
                        let ly = py0 + lh + 2 + k * (py1 - py0 - lh - 8).max(0) / 8;
                        [(x + 5, ly), (x - w - 5, ly)]
                    })
                    .collect();
                ([(x, py0), (x, py1)], places)
            }),
            finite(p.y).map(yp).map(|y| {
                let places = (0..=8)
                    .flat_map(|k| {
                        let lx = px1 - w - 4 - k * (px1 - px0 - w - 8).max(0) / 8;
                        [(lx, y - 8), (lx, y + lh + 2)]
                    })
                    .collect();
                ([(px0, y), (px1, y)], places)
            }),
        ];
        for (ends, candidates) in lines.into_iter().flatten() {
            marks::titled(area, &hover, || {
                dashed(
                    area,
                    &ends,
                    theme::REFERENCE,
                    theme::REFERENCE_STROKE,
                    12.0,
                    7.0,
                )
            })?;
            let (lx, ly) = free_place(&candidates, &rect_of, &boxes, &bubbles, in_plot);
            boxes.push(rect_of((lx, ly)));
            labels.push((p.label.clone(), lx, ly, theme::VALUE_SIZE, theme::REFERENCE));
        }
    }

    // The least-squares line of the départements, clipped to the plot, named along it (or in
    // a corner of the plot) where no bubble and no reference's name lies.
    let pairs: Vec<(f64, f64)> = shown.iter().filter_map(|p| Some((p.x?, p.y?))).collect();
    if let Some((a, b, r)) = least_squares(&pairs) {
        let at = |x: f64| a + b * x;
        let (mut x0, mut x1) = (xscale.lo, xscale.hi);
        // Clip to yscale: where the line leaves the plot's height.
        if b != 0.0 {
            let xa = (yscale.lo - a) / b;
            let xb = (yscale.hi - a) / b;
            let (lo, hi) = if xa < xb { (xa, xb) } else { (xb, xa) };
            x0 = x0.max(lo);
            x1 = x1.min(hi);
        }
        if x0 < x1 {
            let label = format!(
                "Droite des moindres carrés des départements (r = {})",
                format::number(r, 2)
            );
            let end = (xp(x1), yp(at(x1)));
            marks::titled(area, &label, || {
                dashed(
                    area,
                    &[(xp(x0), yp(at(x0))), end],
                    theme::TEXT_MUTED,
                    2,
                    10.0,
                    6.0,
                )
            })?;
            let (w, lh, rect_of) = label_box(&label, theme::LEGEND_SIZE);
            // Ending or starting at points along the line, from its upper end, above or below
            // it; then the plot's corners.
            let mut candidates: Vec<(i32, i32)> = Vec::new();
            for k in 0..=10 {
                let x = x1 - (x1 - x0) * f64::from(k) / 10.0;
                let (cx, cy) = (xp(x), yp(at(x)));
                for lx in [cx - w, cx + 4] {
                    let lx = lx.clamp(px0 + 4, (px1 - w - 4).max(px0 + 4));
                    candidates.extend([(lx, cy - 8), (lx, cy + lh + 4)]);
                }
            }
            candidates.extend([
                (px0 + 8, py0 + lh + 4),
                (px1 - w - 8, py0 + lh + 4),
                (px0 + 8, py1 - 8),
                (px1 - w - 8, py1 - 8),
            ]);
            let (lx, ly) = free_place(&candidates, &rect_of, &boxes, &bubbles, in_plot);
            boxes.push(rect_of((lx, ly)));
            labels.push((label, lx, ly, theme::LEGEND_SIZE, theme::TEXT_MUTED));
        }
    }

    // Bubbles: others first, then peers, the focus on top.
    for p in &order {
        let (cx, cy) = (xp(p.x.unwrap_or(0.0)), yp(p.y.unwrap_or(0.0)));
        let r = radius(p) as u32;
        let colour = theme::role_colour(p.role);
        let opacity = if p.role == Role::Other { 0.55 } else { 0.9 };
        marks::titled(area, &s.hover(p), || {
            area.draw(&Circle::new((cx, cy), r, colour.mix(opacity).filled()))?;
            let edge = if p.role == Role::Focus {
                theme::TEXT.stroke_width(2)
            } else {
                theme::BACKGROUND.stroke_width(1)
            };
            area.draw(&Circle::new((cx, cy), r, edge))?;
            Ok(())
        })?;
    }
    for (label, x, y, size, colour) in &labels {
        text(area, label, *x, *y, *size, false, *colour, HPos::Left)?;
    }
    // Names of the focus and peers beside their bubbles, away from other names.
    let mut named: Vec<&&Point> = order
        .iter()
        .filter(|p| matches!(p.role, Role::Focus | Role::Peer))
        .collect();
    named.reverse();
    for p in named {
        let (cx, cy) = (xp(p.x.unwrap_or(0.0)), yp(p.y.unwrap_or(0.0)));
        let r = radius(p);
        let bold = theme::role_bold(p.role);
        let w = text_width(&p.label, theme::VALUE_SIZE, bold) as i32;
        let lh = line_height(theme::VALUE_SIZE);
        let candidates = [
            (cx + r + 5, cy + lh / 3),
            (cx - r - 5 - w, cy + lh / 3),
            (cx - w / 2, cy - r - 6),
            (cx - w / 2, cy + r + lh),
        ];
        let rect_of = |(x, y): (i32, i32)| Rect {
            x0: x,
            y0: y - lh + 4,
            x1: x + w,
            y1: y + 4,
        };
        let inside = |b: &Rect| b.x0 >= px0 && b.x1 <= px1 && b.y0 >= py0 - lh && b.y1 <= py1;
        let place = candidates
            .iter()
            .copied()
            .find(|&c| {
                let b = rect_of(c);
                inside(&b) && !boxes.iter().any(|o| o.overlaps(&b))
            })
            .unwrap_or(candidates[0]);
        boxes.push(rect_of(place));
        text(
            area,
            &p.label,
            place.0,
            place.1,
            theme::VALUE_SIZE,
            bold,
            theme::role_text_colour(p.role),
            HPos::Left,
        )?;
    }
    Ok(())
}
