//! Choropleth map of metropolitan France by département, for one indicator.
//!
//! * **Projection**: equirectangular with longitudes scaled by cos(46.5°) ([`geo::LON_SCALE`]),
//!   the mean latitude of metropolitan France, so the country keeps its familiar shape; the map
//!   is fitted into its area with the same scale on both axes.
//! * **Classes**: up to 5 **quantile** classes (about a fifth of the mapped départements in
//!   each), computed on the values rounded to the displayed decimals. Bounds are written as the
//!   ranges of rounded values they hold, so that a reader can place any printed value without
//!   ambiguity: "de 10,0 à 12,5 ‰", "de 12,6 à 14,1 ‰"… Ties never straddle two classes, so
//!   there may be fewer than 5 classes. Only départements that have an outline are classified
//!   (a value for an overseas code does not move the bounds of a metropolitan map).
//! * **NULL** values are drawn in light grey with a grey hatch and a "n.d." legend entry.
//! * **Roles**: peers are outlined in medium grey, the focus in a thick black line (drawn last,
//!   over everything), both over a thin white halo so they show on the darkest class; their
//!   names and values are listed in the legend.
//! * Fills are painted from the largest ring to the smallest, so enclaves (Enclave des Papes,
//!   Hautes-Pyrénées enclaves) appear over the département that surrounds them.
//! * The source line under the map ends with the outline attribution ([`geo::ATTRIBUTION`]).
//!
//! Layout: title and subtitle on top, map on the left, legend in a right-hand column aligned
//! with the bottom of the map, source at the bottom; every text is wrapped to the canvas.
//! Output bytes only depend on the input (ordered containers, integer pixel coordinates).

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::RenderError;
use super::model::{MapValue, Meta, Role, Shape};
use super::theme;
use crate::model::format::{self, Unit};
use crate::model::shape as geo;

/// Maximum number of classes.
pub const CLASS_COUNT: usize = 5;
/// Width of the legend column, in pixels.
pub const LEGEND_WIDTH: u32 = 300;
/// Narrowest legend column, in pixels (the legend title wraps within it).
pub const LEGEND_MIN_WIDTH: u32 = 200;
/// Hatch colour and spacing (pixels) for départements without value.
const HATCH: RGBColor = RGBColor(0xA8, 0xA8, 0xA8);
const HATCH_SPACING: i64 = 7;
/// Outline of legend swatches (so the lightest class shows on white paper).
const SWATCH_OUTLINE: RGBColor = RGBColor(0x80, 0x80, 0x80);
const SWATCH: (i32, i32) = (30, 20);

/// Quantile classes over values rounded to `decimals` decimals, held as integers in units of
/// 10^-decimals so that comparisons are exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    decimals: usize,
    min: i64,
    max: i64,
    /// Upper bound (inclusive) of every class but the last, strictly increasing, `< max`.
    cuts: Vec<i64>,
}

impl Classes {
    /// Up to [`CLASS_COUNT`] quantile classes of the finite `values`; `None` when there is none.
    pub fn quantiles(values: &[f64], decimals: usize) -> Option<Classes> {
        let mut keys: Vec<i64> = values
            .iter()
            .filter(|v| v.is_finite())
            .map(|&v| key(v, decimals))
            .collect();
        if keys.is_empty() {
            return None;
        }
        keys.sort_unstable();
        let n = keys.len();
        let (min, max) = (keys[0], keys[n - 1]);
        let mut cuts: Vec<i64> = Vec::new();
        for i in 1..CLASS_COUNT {
            // Upper end of the i-th fifth of the sorted values.
            let idx = (i * n).div_ceil(CLASS_COUNT).saturating_sub(1);
            let c = keys[idx];
            if c < max && cuts.last().is_none_or(|&last| c > last) {
                cuts.push(c);
            }
        }
        Some(Classes {
            decimals,
            min,
            max,
            cuts,
        })
    }

    /// Number of classes (1 to [`CLASS_COUNT`]).
    pub fn len(&self) -> usize {
        self.cuts.len() + 1
    }

    /// Always false: a classification has at least one class.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Class (0 = lowest) of a value.
    pub fn class_of(&self, v: f64) -> usize {
        let k = key(v, self.decimals);
        self.cuts.iter().take_while(|&&c| k > c).count()
    }

    /// (lowest, highest) rounded value of class `i`, in units of the value.
    pub fn bounds(&self, i: usize) -> (f64, f64) {
        let lo = if i == 0 {
            self.min
        } else {
            self.cuts[i - 1] + 1
        };
        let hi = self.cuts.get(i).copied().unwrap_or(self.max);
        (unkey(lo, self.decimals), unkey(hi, self.decimals))
    }

    /// French legend label of class `i`: "de 10,0 à 12,5 ‰" (or "12,5 ‰" for a single value);
    /// with `signed`, positive bounds carry a `+` ("de -3,5 à +4,6 %").
    pub fn label(&self, i: usize, unit: Unit, signed: bool) -> String {
        let (lo, hi) = self.bounds(i);
        let d = self.decimals;
        let hi_text = if signed {
            format::signed(hi, unit, d)
        } else {
            unit.format_with(hi, d)
        };
        if lo == hi {
            return hi_text;
        }
        // `Unit::Count` has no suffix: the lower bound is the bare number.
        let lo_text = if signed {
            format::signed(lo, Unit::Count, d)
        } else {
            format::number(lo, d)
        };
        format!("de {lo_text} à {hi_text}")
    }

    /// Fill colour of class `i`, spreading fewer classes over the whole palette.
    pub fn colour(&self, i: usize) -> RGBColor {
        let last = theme::MAP_CLASSES.len() - 1;
        let idx = match self.len() {
            1 => last / 2,
            n => (i * last + (n - 1) / 2) / (n - 1),
        };
        theme::class_colour(idx)
    }
}

fn key(v: f64, decimals: usize) -> i64 {
    (v * 10f64.powi(decimals as i32)).round() as i64
}

fn unkey(k: i64, decimals: usize) -> f64 {
    k as f64 / 10f64.powi(decimals as i32)
}

/// Pixel position of (lon, lat) on the map.
#[derive(Debug, Clone, Copy)]
struct Projection {
    x_min: f64,
    y_max: f64,
    scale: f64,
    left: f64,
    top: f64,
    bottom: f64,
}

impl Projection {
    /// Fit the shapes' bounding box into the rectangle (left, top, width, height): centred
    /// horizontally, top-aligned.
    fn fit(shapes: &[Shape], left: i32, top: i32, width: i32, height: i32) -> Projection {
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lon, lat) in shapes.iter().flat_map(|s| &s.rings).flatten() {
            let x = lon * geo::LON_SCALE;
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(lat);
            y1 = y1.max(lat);
        }
        let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
        let scale = (f64::from(width) / w).min(f64::from(height) / h);
        Projection {
            x_min: x0,
            y_max: y1,
            scale,
            left: f64::from(left) + (f64::from(width) - w * scale) / 2.0,
            top: f64::from(top),
            bottom: f64::from(top) + h * scale,
        }
    }

    /// Bottom of the drawn map, in pixels.
    fn bottom(&self) -> f64 {
        self.bottom
    }

    fn point(&self, (lon, lat): (f64, f64)) -> (i32, i32) {
        let x = self.left + (lon * geo::LON_SCALE - self.x_min) * self.scale;
        let y = self.top + (self.y_max - lat) * self.scale;
        (x.round() as i32, y.round() as i32)
    }

    fn ring(&self, ring: &[(f64, f64)]) -> Vec<(i32, i32)> {
        let mut out: Vec<(i32, i32)> = ring.iter().map(|&p| self.point(p)).collect();
        out.dedup();
        out
    }
}

/// Absolute area of a pixel ring (shoelace).
fn area(ring: &[(i32, i32)]) -> i64 {
    let n = ring.len();
    let twice: i64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i64::from(a.0) * i64::from(b.1) - i64::from(b.0) * i64::from(a.1)
        })
        .sum();
    twice.abs()
}

/// 45° hatch segments inside a pixel ring (even-odd), on lines x + y = k·spacing.
fn hatch(ring: &[(i32, i32)], spacing: i64) -> Vec<[(i32, i32); 2]> {
    let n = ring.len();
    if n < 3 {
        return Vec::new();
    }
    let s = |p: (i32, i32)| i64::from(p.0) + i64::from(p.1);
    let lo = ring.iter().map(|&p| s(p)).min().unwrap_or(0);
    let hi = ring.iter().map(|&p| s(p)).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut c = lo.div_euclid(spacing) * spacing + spacing;
    while c < hi {
        let mut xs: Vec<f64> = Vec::new();
        for i in 0..n {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            let (sp, sq) = (s(p), s(q));
            if (sp < c) != (sq < c) {
                let t = (c - sp) as f64 / (sq - sp) as f64;
                xs.push(f64::from(p.0) + t * f64::from(q.0 - p.0));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            let (x0, x1) = (pair[0].round() as i64, pair[1].round() as i64);
            if x1 > x0 {
                let pt = |x: i64| (x as i32, (c - x) as i32);
                out.push([pt(x0), pt(x1)]);
            }
        }
        c += spacing;
    }
    out
}

/// One line of text drawn at (x, y), top-left anchored unless `pos` says otherwise.
fn text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    colour: RGBColor,
) -> Result<(), RenderError> {
    let style = theme::font(size, bold)
        .color(&colour)
        .pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(s.to_string(), (x, y), style))?;
    Ok(())
}

fn line_height(size: f64) -> i32 {
    (size * 1.3).round() as i32
}

/// A wrapped block of text: its lines, size, weight, colour.
struct Block {
    lines: Vec<String>,
    size: f64,
    bold: bool,
    colour: RGBColor,
}

impl Block {
    fn new(s: &str, size: f64, bold: bool, colour: RGBColor, width: u32) -> Block {
        Block {
            lines: theme::wrap(s, size, bold, width),
            size,
            bold,
            colour,
        }
    }

    fn height(&self) -> i32 {
        self.lines.len() as i32 * line_height(self.size)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        x: i32,
        y: i32,
    ) -> Result<i32, RenderError> {
        let mut y = y;
        for l in &self.lines {
            text(root, l, (x, y), self.size, self.bold, self.colour)?;
            y += line_height(self.size);
        }
        Ok(y)
    }
}

/// What a legend entry shows on its left.
enum Swatch {
    Fill(RGBColor),
    Missing,
    Outline(RGBColor, u32),
}

struct Entry {
    swatch: Option<Swatch>,
    block: Block,
}

/// The source line under the map, ending with the outline attribution.
pub fn source_line(source: &str) -> String {
    let s = source.trim();
    if s.is_empty() {
        format!("Fond de carte : {}.", geo::ATTRIBUTION)
    } else {
        let sep = if s.ends_with('.') { "" } else { "." };
        format!("{s}{sep} Fond de carte : {}.", geo::ATTRIBUTION)
    }
}

/// Draw the choropleth of `values` over `shapes` on `root` (a [`theme::MAP_SIZE`] canvas).
///
/// Errors: no outline (`Invalid`), no mapped value (`Empty`).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    meta: &Meta,
    shapes: &[Shape],
    values: &[MapValue],
) -> Result<(), RenderError> {
    theme::ensure_fonts();
    if shapes.iter().all(|s| s.rings.iter().all(|r| r.len() < 3)) {
        return Err(RenderError::invalid(
            &meta.title,
            "no département outline to draw",
        ));
    }
    let decimals = meta.decimals();
    let by_code: BTreeMap<&str, &MapValue> = values.iter().map(|v| (v.code.as_str(), v)).collect();
    let value_of = |code: &str| {
        by_code
            .get(code)
            .and_then(|v| v.value)
            .filter(|v| v.is_finite())
    };
    let role_of = |code: &str| by_code.get(code).map_or(Role::Other, |v| v.role);
    let mapped: Vec<f64> = shapes.iter().filter_map(|s| value_of(&s.code)).collect();
    let classes =
        Classes::quantiles(&mapped, decimals).ok_or_else(|| RenderError::empty(&meta.title))?;

    let w = root.dim_in_pixel().0 as i32;
    let m = theme::MARGIN as i32;
    let gap = theme::GAP as i32;
    let text_width = (w - 2 * m).max(100) as u32;
    // The frame every chart has: background, title block, source lines (with the outline
    // attribution); the map and its legend go in the free area between.
    let plot = super::layout::frame_source(root, meta, &source_line(&meta.source))?;
    let (map_top, map_bottom) = (plot.y0, plot.y1);

    // Legend items: (swatch, text, bold, spacer line above).
    let mut counts = vec![0usize; classes.len()];
    for v in &mapped {
        counts[classes.class_of(*v)] += 1;
    }
    let mut items: Vec<(Swatch, String, bool, bool)> = Vec::new();
    for (i, n) in counts.iter().enumerate().rev() {
        let label = format!("{} ({n})", classes.label(i, meta.unit, meta.signed));
        items.push((Swatch::Fill(classes.colour(i)), label, false, false));
    }
    let missing = shapes.len() - mapped.len();
    if missing > 0 {
        items.push((Swatch::Missing, format!("n.d. ({missing})"), false, false));
    }
    let mut spacer = true;
    for (role, colour, stroke) in [
        (
            Role::Focus,
            theme::MAP_FOCUS_OUTLINE,
            theme::MAP_FOCUS_STROKE,
        ),
        (Role::Peer, theme::MAP_PEER_OUTLINE, theme::MAP_PEER_STROKE),
    ] {
        for s in shapes.iter().filter(|s| role_of(&s.code) == role) {
            let label = format!("{} : {}", s.name, meta.value_label(value_of(&s.code)));
            items.push((
                Swatch::Outline(colour, stroke),
                label,
                role == Role::Focus,
                spacer,
            ));
            spacer = false;
        }
    }

    // Legend column: as wide as its widest entry, within [LEGEND_MIN_WIDTH, LEGEND_WIDTH].
    let swatch_w = SWATCH.0 + gap;
    let widest = items
        .iter()
        .map(|(_, t, bold, _)| swatch_w + theme::text_width(t, theme::LEGEND_SIZE, *bold) as i32)
        .max()
        .unwrap_or(0);
    let legend_w = widest
        .clamp(LEGEND_MIN_WIDTH as i32, LEGEND_WIDTH as i32)
        .min(text_width as i32 / 2);
    let legend_x = w - m - legend_w;
    let entry_w = (legend_w - swatch_w).max(20) as u32;
    let mut entries: Vec<Entry> = vec![Entry {
        swatch: None,
        block: Block::new(
            meta.axis_label(),
            theme::LEGEND_SIZE,
            true,
            theme::TEXT,
            legend_w as u32,
        ),
    }];
    for (swatch, label, bold, spacer) in items {
        let mut block = Block::new(&label, theme::LEGEND_SIZE, bold, theme::TEXT, entry_w);
        if spacer {
            block.lines.insert(0, String::new());
        }
        entries.push(Entry {
            swatch: Some(swatch),
            block,
        });
    }

    // Map: top-aligned under the header, left of the legend, with room for the thick focus
    // outline on every side.
    let pad = theme::MAP_FOCUS_STROKE as i32;
    let map_left = m + pad;
    let map_w = legend_x - 3 * gap - map_left - pad;
    let map_h = map_bottom - map_top - 2 * pad;
    let proj = Projection::fit(
        shapes,
        map_left,
        map_top + pad,
        map_w.max(10),
        map_h.max(10),
    );
    let drawn_bottom = (proj.bottom().ceil() as i32 + pad).min(map_bottom);

    // Legend, its bottom aligned with the bottom of the drawn map.
    let row_h = |e: &Entry| e.block.height().max(SWATCH.1) + gap / 2;
    let legend_h: i32 = entries.iter().map(row_h).sum::<i32>() - gap / 2;
    let mut ly = (drawn_bottom - legend_h).max(map_top);
    for e in &entries {
        let lh = line_height(e.block.size);
        let text_x = match &e.swatch {
            None => legend_x,
            Some(_) => legend_x + swatch_w,
        };
        // The swatch sits by the last line (the first line of an outline entry may be a spacer).
        let sy = ly + e.block.height() - lh + (lh - SWATCH.1) / 2;
        let (x0, y0, x1, y1) = (legend_x, sy, legend_x + SWATCH.0, sy + SWATCH.1);
        match &e.swatch {
            None => {}
            Some(Swatch::Fill(c)) => {
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    SWATCH_OUTLINE.stroke_width(1),
                ))?;
            }
            Some(Swatch::Missing) => {
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    theme::MAP_MISSING.filled(),
                ))?;
                let sq = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
                for seg in hatch(&sq, HATCH_SPACING) {
                    root.draw(&PathElement::new(seg.to_vec(), HATCH.stroke_width(1)))?;
                }
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    SWATCH_OUTLINE.stroke_width(1),
                ))?;
            }
            Some(Swatch::Outline(c, stroke)) => {
                let i = (*stroke as i32) / 2;
                root.draw(&Rectangle::new(
                    [(x0 + i, y0 + i), (x1 - i, y1 - i)],
                    c.stroke_width(*stroke),
                ))?;
            }
        }
        e.block.draw(root, text_x, ly)?;
        ly += row_h(e);
    }

    struct Ring<'a> {
        shape: &'a Shape,
        px: Vec<(i32, i32)>,
        area: i64,
    }
    let mut rings: Vec<Ring> = Vec::new();
    for s in shapes {
        for r in &s.rings {
            let px = proj.ring(r);
            if px.len() >= 3 {
                rings.push(Ring {
                    shape: s,
                    area: area(&px),
                    px,
                });
            }
        }
    }
    // Largest first so that enclaves paint over their surroundings; ties by code for stability.
    rings.sort_by(|a, b| {
        b.area
            .cmp(&a.area)
            .then_with(|| a.shape.code.cmp(&b.shape.code))
    });
    for r in &rings {
        match value_of(&r.shape.code) {
            Some(v) => {
                let c = classes.colour(classes.class_of(v));
                root.draw(&Polygon::new(r.px.clone(), c.filled()))?;
            }
            None => {
                root.draw(&Polygon::new(r.px.clone(), theme::MAP_MISSING.filled()))?;
                for seg in hatch(&r.px, HATCH_SPACING) {
                    root.draw(&PathElement::new(seg.to_vec(), HATCH.stroke_width(1)))?;
                }
            }
        }
    }
    let closed = |px: &[(i32, i32)]| {
        let mut v = px.to_vec();
        if v.first() != v.last() {
            v.push(v[0]);
        }
        v
    };
    for r in &rings {
        root.draw(&PathElement::new(
            closed(&r.px),
            theme::MAP_BORDER.stroke_width(1),
        ))?;
    }
    for (role, colour, stroke) in [
        (Role::Peer, theme::MAP_PEER_OUTLINE, theme::MAP_PEER_STROKE),
        (
            Role::Focus,
            theme::MAP_FOCUS_OUTLINE,
            theme::MAP_FOCUS_STROKE,
        ),
    ] {
        // A white halo under the outline keeps it visible on the darkest classes.
        for r in rings.iter().filter(|r| role_of(&r.shape.code) == role) {
            root.draw(&PathElement::new(
                closed(&r.px),
                theme::BACKGROUND.stroke_width(stroke + 3),
            ))?;
        }
        for r in rings.iter().filter(|r| role_of(&r.shape.code) == role) {
            root.draw(&PathElement::new(
                closed(&r.px),
                colour.stroke_width(stroke),
            ))?;
        }
    }
    Ok(())
}

/// A choropleth map, as [`super::Body::Map`] holds it.
pub(crate) struct Map<'a> {
    pub meta: &'a Meta,
    pub shapes: &'a [Shape],
    pub values: &'a [MapValue],
}

impl<'a> super::charts::Kind<'a> for Map<'a> {
    fn title(&self) -> &'a str {
        &self.meta.title
    }

    fn canvas_size(&self) -> (u32, u32) {
        theme::MAP_SIZE
    }

    fn draw(&self, area: &super::charts::Area<'_>) -> Result<(), RenderError> {
        draw(area, self.meta, self.shapes, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::{Body, Chart, ImageFormat};

    fn square(code: &str, name: &str, lon: f64, lat: f64) -> Shape {
        let d = 1.0;
        Shape {
            code: code.into(),
            name: name.into(),
            rings: vec![vec![
                (lon, lat),
                (lon + d, lat),
                (lon + d, lat + d),
                (lon, lat + d),
                (lon, lat),
            ]],
        }
    }

    fn fixture() -> Chart {
        let shapes = vec![
            square("16", "Charente", 0.0, 45.0),
            square("17", "Charente-Maritime", -1.0, 45.0),
            square("79", "Deux-Sèvres", -1.0, 46.0),
        ];
        let v = |code: &str, value, role| MapValue {
            code: code.into(),
            value,
            role,
        };
        Chart::new(
            Meta {
                title: "Taux d'enfants confiés à l'ASE".into(),
                subtitle: Some("Pour 1 000 jeunes de 0 à 20 ans, au 31/12/2022".into()),
                unit: Unit::PerThousand,
                axis_label: Some("Enfants confiés pour 1 000 jeunes".into()),
                source: "Source : DREES, Insee".into(),
                decimals: None,
                signed: false,
                notes: Vec::new(),
            },
            Body::Map {
                shapes,
                values: vec![
                    v("16", Some(10.04), Role::Peer),
                    v("17", Some(12.5), Role::Focus),
                    v("79", None, Role::Other),
                ],
            },
        )
    }

    #[test]
    fn quantile_classes() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        let c = Classes::quantiles(&values, 1).unwrap();
        assert_eq!(c.len(), 5);
        assert_eq!(c.bounds(0), (1.0, 4.0));
        assert_eq!(c.bounds(1), (4.1, 8.0));
        assert_eq!(c.bounds(4), (16.1, 20.0));
        assert_eq!(c.class_of(4.0), 0);
        assert_eq!(c.class_of(4.04), 0);
        assert_eq!(c.class_of(4.06), 1);
        assert_eq!(c.class_of(20.0), 4);
        assert_eq!(c.label(1, Unit::PerThousand, false), "de 4,1 à 8,0\u{a0}‰");
        assert_eq!(c.colour(0), theme::MAP_CLASSES[0]);
        assert_eq!(c.colour(4), theme::MAP_CLASSES[4]);

        // Ties never straddle classes: fewer classes, palette spread.
        let c = Classes::quantiles(&[1.0, 1.0, 1.0, 1.0, 2.0], 0).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c.colour(0), c.colour(1)),
            (theme::MAP_CLASSES[0], theme::MAP_CLASSES[4])
        );
        let c = Classes::quantiles(&[3.0], 1).unwrap();
        assert_eq!(
            (c.len(), c.label(0, Unit::Percent, false)),
            (1, "3,0\u{a0}%".to_string())
        );
        assert!(Classes::quantiles(&[f64::NAN], 1).is_none());
        let c = Classes::quantiles(&[-3.5, -0.7, 4.6, 36.7, 41.3], 1).unwrap();
        assert_eq!(c.label(0, Unit::Percent, true), "-3,5\u{a0}%");
        assert_eq!(c.label(2, Unit::Percent, true), "de -0,6 à +4,6\u{a0}%");
        let c =
            Classes::quantiles(&[-3.5, -2.0, 4.6, 4.0, 36.7, 41.3, 1.0, 2.0, 3.0, 5.0], 1).unwrap();
        assert_eq!(c.label(0, Unit::Percent, true), "de -3,5 à -2,0\u{a0}%");
        assert_eq!(c.label(4, Unit::Percent, true), "de +5,1 à +41,3\u{a0}%");
    }

    #[test]
    fn hatch_stays_inside() {
        let sq = [(0, 0), (20, 0), (20, 20), (0, 20)];
        let segs = hatch(&sq, 5);
        assert!(!segs.is_empty());
        for [a, b] in segs {
            for p in [a, b] {
                assert!((0..=20).contains(&p.0) && (0..=20).contains(&p.1), "{p:?}");
            }
        }
    }

    #[test]
    fn source_line_has_attribution() {
        assert_eq!(
            source_line("Source : DREES."),
            format!("Source : DREES. Fond de carte : {}.", geo::ATTRIBUTION)
        );
        assert_eq!(
            source_line("Source : DREES"),
            format!("Source : DREES. Fond de carte : {}.", geo::ATTRIBUTION)
        );
    }

    #[test]
    fn svg_snapshot() {
        let svg = String::from_utf8(crate::render::render(&fixture(), ImageFormat::Svg).unwrap())
            .unwrap();
        assert!(svg.contains("Charente-Maritime : 12,5"));
        assert!(svg.contains("n.d. (1)"));
        assert!(svg.contains("Fond de carte : IGN"));
        let mut s = insta::Settings::clone_current();
        s.set_prepend_module_to_snapshot(false);
        s.bind(|| insta::assert_snapshot!("map_svg", svg));
    }

    #[test]
    fn png_is_deterministic() {
        let a = crate::render::render(&fixture(), ImageFormat::Png).unwrap();
        let b = crate::render::render(&fixture(), ImageFormat::Png).unwrap();
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        assert!(a == b, "two renders of the same map differ");
    }

    #[test]
    fn errors() {
        let mut chart = fixture();
        let Body::Map { values, .. } = &mut chart.body else {
            unreachable!()
        };
        for v in values.iter_mut() {
            v.value = None;
        }
        let e = crate::render::render(&chart, ImageFormat::Svg).unwrap_err();
        assert!(matches!(e, RenderError::Empty { .. }), "{e}");
        let Body::Map { shapes, .. } = &mut chart.body else {
            unreachable!()
        };
        shapes.clear();
        let e = crate::render::render(&chart, ImageFormat::Svg).unwrap_err();
        assert!(e.to_string().contains("no département outline"), "{e}");
    }

    /// Writes /tmp/render-look/map.png from the real IGN outlines (when present) for a visual
    /// check: `cargo test look_real_map -- --ignored`.
    #[test]
    #[ignore]
    fn look_real_map() {
        let Some(path) = crate::import::geo::tests::real_geojson() else {
            println!("skipped: real GeoJSON absent");
            return;
        };
        let shapes = crate::import::geo::simplify(
            &crate::import::geo::import_geojson(&path).unwrap(),
            crate::import::geo::DEFAULT_TOLERANCE,
        );
        let values: Vec<MapValue> = shapes
            .iter()
            .enumerate()
            .map(|(i, s)| MapValue {
                code: s.code.clone(),
                // Fixed fake values; two départements without value.
                value: match s.code.as_str() {
                    "48" | "2A" => None,
                    // The focus in the darkest class: the hardest case for its outline.
                    "17" => Some(17.5),
                    _ => Some(6.0 + ((i * 37) % 97) as f64 / 8.0),
                },
                role: match s.code.as_str() {
                    "17" => Role::Focus,
                    "22" | "64" | "14" => Role::Peer,
                    _ => Role::Other,
                },
            })
            .collect();
        let chart = Chart::new(
            Meta {
                title: "Taux d'enfants confiés à l'aide sociale à l'enfance pour 1 000 jeunes de 0 à 20 ans".into(),
                subtitle: Some("Au 31/12/2022, par département (valeurs fictives)".into()),
                unit: Unit::PerThousand,
                axis_label: Some("Enfants confiés pour 1 000 jeunes de 0 à 20 ans".into()),
                source: "Source : DREES, enquête Aide sociale ; Insee, estimations de population.".into(),
                decimals: None,
                signed: false,
                notes: Vec::new(),
            },
            Body::Map { shapes, values },
        );
        std::fs::create_dir_all("/tmp/render-look").unwrap();
        let png = crate::render::render(&chart, ImageFormat::Png).unwrap();
        std::fs::write("/tmp/render-look/map.png", &png).unwrap();
        let svg = crate::render::render(&chart, ImageFormat::Svg).unwrap();
        std::fs::write("/tmp/render-look/map.svg", &svg).unwrap();
    }
}
