//! Map of the areas inside one département (its EPCI): each area filled by its value's class
//! (quantile classes of [`Classes`]), white borders, its value written on it (French number
//! format, at the point of the area farthest from its border), and a legend: the classes, then
//! every area by decreasing value with its name.
//!
//! Projection: equirectangular, longitudes scaled by the cosine of the areas' middle latitude,
//! fitted into the free area left of the legend with one scale on both axes. Rings are filled
//! from the largest to the smallest (an enclave paints over its surroundings). Output bytes only
//! depend on the input.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::RenderError;
use super::super::model::{MapValue, Meta, Shape};
use super::super::theme;
use super::{Classes, SWATCH, SWATCH_OUTLINE, line_height, text};
use crate::model::shape::local_lon_scale;

/// Size of the values written on the areas.
const VALUE_SIZE: f64 = 15.0;
/// Distance in pixels from a label's spot to its area's border below which the value is not
/// written on the map (the legend gives it).
const MIN_ROOM: f64 = 9.0;
/// Width of the legend column.
const LEGEND_WIDTH: i32 = 380;

/// Even-odd test of a point in a pixel ring.
fn inside(ring: &[(i32, i32)], x: f64, y: f64) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (
            (w[0].0 as f64, w[0].1 as f64),
            (w[1].0 as f64, w[1].1 as f64),
        );
        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

/// Point of a pixel ring farthest from its edges among a grid of candidates (a label spot that
/// stays inside a concave area) and that distance, or its first point and 0.
fn label_point(ring: &[(i32, i32)]) -> ((i32, i32), f64) {
    let (x0, x1) = ring
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = ring
        .iter()
        .fold((i32::MAX, i32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let inside = |x: f64, y: f64| inside(ring, x, y);
    let edge_distance = |x: f64, y: f64| {
        ring.windows(2)
            .map(|w| {
                let (a, b) = (
                    (w[0].0 as f64, w[0].1 as f64),
                    (w[1].0 as f64, w[1].1 as f64),
                );
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let len2 = dx * dx + dy * dy;
                let t = if len2 == 0.0 {
                    0.0
                } else {
                    (((x - a.0) * dx + (y - a.1) * dy) / len2).clamp(0.0, 1.0)
                };
                (x - a.0 - t * dx).hypot(y - a.1 - t * dy)
            })
            .fold(f64::MAX, f64::min)
    };
    let steps = 24;
    let mut best = (ring[0], 0.0);
    for i in 0..=steps {
        for j in 0..=steps {
            let x = x0 as f64 + (x1 - x0) as f64 * i as f64 / steps as f64;
            let y = y0 as f64 + (y1 - y0) as f64 * j as f64 / steps as f64;
            if inside(x, y) {
                let d = edge_distance(x, y);
                if d > best.1 {
                    best = ((x.round() as i32, y.round() as i32), d);
                }
            }
        }
    }
    best
}

/// Twice the signed area of a pixel ring, as a magnitude.
fn area2(ring: &[(i32, i32)]) -> i64 {
    ring.windows(2)
        .map(|w| i64::from(w[0].0) * i64::from(w[1].1) - i64::from(w[1].0) * i64::from(w[0].1))
        .sum::<i64>()
        .abs()
}

/// Draw the areas' map on `root`.
///
/// Errors: no outline (`Invalid`), no value (`Empty`).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    meta: &Meta,
    shapes: &[Shape],
    values: &[MapValue],
) -> Result<(), RenderError> {
    theme::ensure_fonts();
    if shapes.is_empty() {
        return Err(RenderError::invalid(&meta.title, "aucun contour à tracer"));
    }
    let value_of = |code: &str| {
        values
            .iter()
            .find(|v| v.code == code)
            .and_then(|v| v.value)
            .filter(|v| v.is_finite())
    };
    let decimals = meta.decimals();
    let mapped: Vec<f64> = shapes.iter().filter_map(|s| value_of(&s.code)).collect();
    let classes =
        Classes::quantiles(&mapped, decimals).ok_or_else(|| RenderError::empty(&meta.title))?;
    let fill_of = |code: &str| match value_of(code) {
        Some(v) => classes.colour(classes.class_of(v)),
        None => theme::MAP_MISSING,
    };
    let plot = super::super::layout::frame(root, meta)?;
    let gap = theme::GAP as i32;
    let legend_x = plot.x1 - LEGEND_WIDTH;

    // Legend: title, classes, then the areas by decreasing value.
    let mut ly = plot.y0;
    for l in theme::wrap(
        meta.axis_label(),
        theme::LEGEND_SIZE,
        true,
        LEGEND_WIDTH as u32,
    ) {
        text(
            root,
            &l,
            (legend_x, ly),
            theme::LEGEND_SIZE,
            true,
            theme::TEXT,
        )?;
        ly += line_height(theme::LEGEND_SIZE);
    }
    ly += gap / 2;
    let swatch = |y: i32, c: RGBColor| -> Result<(), RenderError> {
        let (x0, y0) = (legend_x, y);
        let (x1, y1) = (x0 + SWATCH.0, y0 + SWATCH.1);
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
        root.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            SWATCH_OUTLINE.stroke_width(1),
        ))?;
        Ok(())
    };
    let text_x = legend_x + SWATCH.0 + gap;
    let text_w = (LEGEND_WIDTH - SWATCH.0 - gap) as u32;
    for i in (0..classes.len()).rev() {
        swatch(ly, classes.colour(i))?;
        let label = classes.label(i, meta.unit, meta.signed);
        text(
            root,
            &label,
            (text_x, ly + 1),
            theme::LEGEND_SIZE,
            false,
            theme::TEXT,
        )?;
        ly += SWATCH.1 + gap / 2;
    }
    ly += gap;
    let mut listed: Vec<&Shape> = shapes.iter().collect();
    listed.sort_by(|a, b| {
        value_of(&b.code)
            .partial_cmp(&value_of(&a.code))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.name.cmp(&b.name))
    });
    for s in listed {
        let label = format!("{} : {}", s.name, meta.value_label(value_of(&s.code)));
        let lines = theme::wrap(&label, theme::LEGEND_SIZE, false, text_w);
        swatch(ly, fill_of(&s.code))?;
        for l in &lines {
            text(
                root,
                l,
                (text_x, ly + 1),
                theme::LEGEND_SIZE,
                false,
                theme::TEXT,
            )?;
            ly += line_height(theme::LEGEND_SIZE);
        }
        ly += gap / 2;
    }

    // Projection into the area left of the legend.
    let all: Vec<Vec<(f64, f64)>> = shapes
        .iter()
        .flat_map(|s| s.rings.iter().cloned())
        .collect();
    let k = local_lon_scale(&all);
    let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for &(lon, lat) in all.iter().flatten() {
        lo = (lo.0.min(lon * k), lo.1.min(lat));
        hi = (hi.0.max(lon * k), hi.1.max(lat));
    }
    let (bx0, by0, bx1, by1) = (plot.x0, plot.y0, legend_x - 2 * gap, plot.y1);
    let scale = ((bx1 - bx0) as f64 / (hi.0 - lo.0)).min((by1 - by0) as f64 / (hi.1 - lo.1));
    let (w, h) = ((hi.0 - lo.0) * scale, (hi.1 - lo.1) * scale);
    let (ox, oy) = (
        bx0 as f64 + ((bx1 - bx0) as f64 - w) / 2.0,
        by0 as f64 + ((by1 - by0) as f64 - h) / 2.0,
    );
    let project = |(lon, lat): (f64, f64)| {
        (
            (ox + (lon * k - lo.0) * scale).round() as i32,
            (oy + (hi.1 - lat) * scale).round() as i32,
        )
    };
    // (shape, pixel ring, twice its area)
    type PixelRing<'s> = (&'s Shape, Vec<(i32, i32)>, i64);
    let mut rings: Vec<PixelRing> = Vec::new();
    for s in shapes {
        for r in &s.rings {
            let mut px: Vec<(i32, i32)> = r.iter().map(|&p| project(p)).collect();
            px.dedup();
            if px.len() >= 4 {
                let a = area2(&px);
                rings.push((s, px, a));
            }
        }
    }
    rings.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.code.cmp(&b.0.code)));
    for (s, px, _) in &rings {
        let title = super::super::marks::title(
            &s.name,
            meta.period.as_deref(),
            &meta.value_label(value_of(&s.code)),
        );
        super::super::marks::titled(root, &title, || {
            root.draw(&Polygon::new(px.clone(), fill_of(&s.code).filled()))?;
            Ok(())
        })?;
    }
    for (_, px, _) in &rings {
        root.draw(&PathElement::new(
            px.clone(),
            theme::MAP_BORDER.stroke_width(2),
        ))?;
    }
    // Each area's value on its largest ring, dark on a white halo (it reads on every class
    // and across a border), largest areas first; a value that would not fit in its area (its
    // box's corners outside, or less than [`MIN_ROOM`] around its spot) or would cover one
    // already written is left to the legend.
    let mut written: Vec<(i32, i32, i32, i32)> = Vec::new();
    let mut tried: Vec<&str> = Vec::new();
    for (s, px, _) in &rings {
        // Rings come largest first: an area's first ring is its largest.
        if tried.contains(&s.code.as_str()) {
            continue;
        }
        tried.push(&s.code);
        let value = meta.value_label(value_of(&s.code));
        let ((x, y), room) = label_point(px);
        let (w, h) = (
            theme::text_width(&value, VALUE_SIZE, true) as i32,
            line_height(VALUE_SIZE),
        );
        let rect = (x - w / 2 - 2, y - h / 2, x + w / 2 + 2, y + h / 2);
        let overlaps = written
            .iter()
            .any(|o| rect.0 < o.2 && o.0 < rect.2 && rect.1 < o.3 && o.1 < rect.3);
        let corners = [
            (rect.0, rect.1),
            (rect.2, rect.1),
            (rect.0, rect.3),
            (rect.2, rect.3),
        ];
        let fits = corners
            .iter()
            .all(|&(cx, cy)| inside(px, cx as f64, cy as f64));
        if room < MIN_ROOM || !fits || overlaps {
            continue;
        }
        written.push(rect);
        for (dx, dy) in [
            (-1, -1),
            (-1, 1),
            (1, -1),
            (1, 1),
            (0, -2),
            (0, 2),
            (-2, 0),
            (2, 0),
        ] {
            let halo = theme::font(VALUE_SIZE, true)
                .color(&theme::BACKGROUND)
                .pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(value.clone(), (x + dx, y + dy), halo))?;
        }
        let style = theme::font(VALUE_SIZE, true)
            .color(&theme::TEXT)
            .pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(value, (x, y), style))?;
    }
    Ok(())
}

/// A map of areas, as [`super::super::model::Body::Areas`] holds it.
pub(crate) struct Areas<'a> {
    pub meta: &'a Meta,
    pub shapes: &'a [Shape],
    pub values: &'a [MapValue],
}

impl<'a> super::super::charts::Kind<'a> for Areas<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    fn canvas_size(&self) -> (u32, u32) {
        (1300, 1000)
    }

    fn draw(&self, area: &super::super::charts::Area<'_>) -> Result<(), RenderError> {
        draw(area, self.meta, self.shapes, self.values)
    }
}
