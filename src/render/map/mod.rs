//! Choropleth map of the départements for one indicator: metropolitan France, an
//! Île-de-France inset (Paris and the petite couronne enlarged) and one inset per overseas
//! département (`insets`), each projected in its own plane (`projection`).
//!
//! * **Projection**: equirectangular; longitudes scaled by cos(46.5°) ([`geo::LON_SCALE`]) for
//!   metropolitan France and Île-de-France, by the cosine of its own latitude for an overseas
//!   département, so that each keeps its familiar shape; each panel is fitted into its box with
//!   the same scale on both axes.
//! * **Classes**: up to 5 **quantile** classes (about a fifth of the mapped territories in
//!   each, each territory of the year's partition once: Corse, drawn as 2A and 2B from 2018,
//!   counts once and the legend says so, see [`MapValue::counted_as`]), computed on the values rounded to the displayed decimals. Bounds are written as the
//!   ranges of rounded values they hold, so that a reader can place any printed value without
//!   ambiguity: "de 10,0 à 12,5 ‰", "de 12,6 à 14,1 ‰"… Ties never straddle two classes, so
//!   there may be fewer than 5 classes. Only départements that have an outline of their own
//!   and are in DREES's field are classified (the DROM are, Mayotte is not).
//! * **NULL** values are drawn in light grey with a grey hatch and a "n.d." legend entry;
//!   Mayotte (outside DREES's field) in plain grey, «hors champ DREES» in its inset and legend.
//! * **Roles**: peers are outlined in medium grey, the focus in a thick black line (drawn last,
//!   over everything), both over a thin white halo so they show on the darkest class, in every
//!   panel where they appear (Paris in metropolitan France and in the Île-de-France inset);
//!   their names and values are listed in the legend. Corse (`20`), `69D` and `69M` are
//!   outlined over the outlines of their parts ([`geo::drawn_over`]).
//! * **Line widths** follow the panel: an inset draws its outlines thinner in proportion to its
//!   box (`insets::Panel::stroke_factor`), and no line is wider than a third of the ring it
//!   goes round (`Outline::of`): an islet (the Saintes in Guadeloupe, Sein off Finistère) is
//!   drawn at its size, without border nor outline, instead of a blob of ink.
//! * Fills are painted from the largest ring to the smallest, so enclaves (Enclave des Papes,
//!   Hautes-Pyrénées enclaves) appear over the département that surrounds them.
//! * The source line under the map ends with the outline attribution ([`geo::ATTRIBUTION`]).
//!
//! Layout: title and subtitle on top, metropolitan France on the left with the row of overseas
//! insets under it, legend in a right-hand column aligned with the bottom of the map, source at
//! the bottom; every text is wrapped to the canvas. Output bytes only depend on the input
//! (ordered containers, integer pixel coordinates).

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(crate) mod areas;
mod insets;
mod projection;

use projection::{area, clip, hatch, outline_parts};

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
/// Fill of a département outside DREES's field (Mayotte): plain mid grey, unlike the hatched
/// «n.d.».
const OUTSIDE: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);
/// Size of the département codes written in the Île-de-France inset.
const CODE_SIZE: f64 = 12.0;
/// Frame of an inset.
const INSET_FRAME: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);

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
    OutsideField,
    /// The focus's or a peer's outline around the colour the département has on the map (its
    /// class, or the n.d. hatch when `None`).
    Outline(RGBColor, u32, Option<RGBColor>),
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

/// Draw the choropleth of `values` over `shapes` on `root` (a [`theme::MAP_SIZE`] canvas):
/// metropolitan France, the Île-de-France inset and one inset per overseas département (see
/// `insets`). Values whose code has no outline of its own (Corse `20`, `69D`, `69M`) come
/// with an overlay shape of that code ([`geo::drawn_over`]): never filled nor classed, outlined
/// when focus or peer. Départements outside DREES's field (Mayotte) are grey, marked in their
/// inset's label and in the legend, never classed nor counted «n.d.».
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
            "aucun contour de département à tracer",
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
    let classed: Vec<&Shape> = shapes.iter().filter(|s| is_classed(s)).collect();
    let counted = counted_territories(&classed, &by_code);
    let mapped: Vec<f64> = counted.values().filter_map(|t| t.value).collect();
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
    let mut items: Vec<(Option<Swatch>, String, bool, bool)> = Vec::new();
    for (i, n) in counts.iter().enumerate().rev() {
        let label = format!("{} ({n})", classes.label(i, meta.unit, meta.signed));
        items.push((Some(Swatch::Fill(classes.colour(i))), label, false, false));
    }
    let missing = counted.len() - mapped.len();
    if missing > 0 {
        items.push((
            Some(Swatch::Missing),
            format!("n.d. ({missing})"),
            false,
            false,
        ));
    }
    for s in shapes.iter().filter(|s| outside_field(s)) {
        let label = format!("{} : {}", s.name, insets::OUTSIDE_FIELD_LABEL);
        items.push((Some(Swatch::OutsideField), label, false, false));
    }
    // A territory drawn in several outlines is counted once: say so, so that the counts add
    // up to the territories and not to the outlines.
    for (code, t) in counted.iter().filter(|(_, t)| t.outlines.len() > 1) {
        items.push((None, once_label(code, &t.outlines), false, false));
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
            // The box is filled as the département is on the map, whose colour its value's
            // class gives (the legend said only the outline before, an empty box).
            let fill = value_of(&s.code).map(|v| classes.colour(classes.class_of(v)));
            items.push((
                Some(Swatch::Outline(colour, stroke, fill)),
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
        .map(|(swatch, t, bold, _)| {
            let indent = if swatch.is_some() { swatch_w } else { 0 };
            indent + theme::text_width(t, theme::LEGEND_SIZE, *bold) as i32
        })
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
        let width = if swatch.is_some() {
            entry_w
        } else {
            legend_w as u32
        };
        let mut block = Block::new(&label, theme::LEGEND_SIZE, bold, theme::TEXT, width);
        if spacer {
            block.lines.insert(0, String::new());
        }
        entries.push(Entry { swatch, block });
    }

    // Panels: left of the legend, with room for the thick focus outline on every side.
    let pad = theme::MAP_FOCUS_STROKE as i32;
    let map_left = m + pad;
    let map_w = legend_x - 3 * gap - map_left - pad;
    let map_h = map_bottom - map_top - 2 * pad;
    let area = (map_left, map_top + pad, map_w.max(10), map_h.max(10));
    let no_outline = || RenderError::invalid(&meta.title, "aucun contour de département à tracer");
    let panels = insets::layout(shapes, area, None).ok_or_else(no_outline)?;
    let drawn_bottom = (insets::bottom(&panels) + pad).min(map_bottom);
    // The Île-de-France inset goes to the top of the legend column when the legend leaves it
    // room: a box as wide as the column, larger than the sea corner of the map allows, so that
    // the petite couronne's départements and codes read.
    let legend_top = (drawn_bottom - legend_height(&entries)).max(map_top);
    let side = legend_w.min(legend_top - 2 * gap - (map_top + pad));
    let panels = if side >= insets::IDF_MIN_SIDE {
        let top = map_top + pad;
        insets::layout(
            shapes,
            area,
            Some((legend_x, top, legend_x + legend_w, top + side)),
        )
        .ok_or_else(no_outline)?
    } else {
        panels
    };
    draw_legend(root, &entries, legend_x, swatch_w, map_top, drawn_bottom)?;

    let fill_of = |code: &str| match value_of(code) {
        Some(v) => Fill::Class(classes.colour(classes.class_of(v))),
        None => Fill::Missing,
    };
    // Each area says its value on hover.
    let title_of = |s: &Shape| {
        let value = if outside_field(s) {
            insets::OUTSIDE_FIELD_LABEL.to_string()
        } else {
            meta.value_label(value_of(&s.code))
        };
        super::marks::title(&s.name, meta.period.as_deref(), &value)
    };
    for panel in &panels {
        draw_panel(root, panel, &fill_of, &role_of, &title_of)?;
    }
    // The area an inset enlarges, framed on metropolitan France.
    for (x0, y0, x1, y1) in panels.iter().filter_map(|p| p.marks) {
        root.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            INSET_FRAME.stroke_width(1),
        ))?;
    }
    Ok(())
}

/// A territory of the year's partition on the map: its value and the codes of its outlines.
struct Counted<'a> {
    value: Option<f64>,
    outlines: Vec<&'a str>,
}

/// The territories the classes and the legend's counts are made of, by code: each classed
/// outline counted as its value's [`MapValue::counted_as`] (itself when it has no value row;
/// not at all when `None`), each territory once with the value of its first outline in code
/// order (Corse, `20`, drawn as 2A and 2B from 2018).
fn counted_territories<'a>(
    classed: &[&'a Shape],
    by_code: &BTreeMap<&str, &'a MapValue>,
) -> BTreeMap<&'a str, Counted<'a>> {
    let mut outlines: Vec<&'a Shape> = classed.to_vec();
    outlines.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out: BTreeMap<&'a str, Counted<'a>> = BTreeMap::new();
    for s in outlines {
        let row = by_code.get(s.code.as_str()).copied();
        let key = match row {
            Some(v) => match v.counted_as.as_deref() {
                Some(k) => k,
                None => continue,
            },
            None => s.code.as_str(),
        };
        let value = row.and_then(|v| v.value).filter(|v| v.is_finite());
        let entry = out.entry(key).or_insert(Counted {
            value,
            outlines: Vec::new(),
        });
        entry.outlines.push(&s.code);
    }
    out
}

/// Legend line for a territory drawn in several outlines, which the counts take once: "2A et
/// 2B : un seul territoire (20)".
fn once_label(code: &str, outlines: &[&str]) -> String {
    let names = match outlines.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
        None => String::new(),
    };
    format!("{names} : un seul territoire ({code})")
}

/// A ring is outlined (focus, peers, borders) only when it is at least this many times as wide
/// as the line, so that an islet keeps its own size instead of turning into a blob of ink.
const RING_PER_STROKE: f64 = 3.0;

/// Mean width in pixels of a closed pixel ring: 4 × area / perimeter (a disc's diameter, a
/// square's side, twice a thin strip's width); 0 for a degenerate ring.
fn ring_width(ring: &[(i32, i32)]) -> f64 {
    let perimeter: f64 = ring
        .windows(2)
        .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
        .sum();
    if perimeter == 0.0 {
        return 0.0;
    }
    // `area` is twice the area.
    2.0 * area(ring) as f64 / perimeter
}

/// Widths in pixels of a focus or peer outline around one ring and of the white halo under it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Outline {
    stroke: u32,
    halo: u32,
}

impl Outline {
    /// The outline of a ring `ring_width` pixels wide ([`ring_width`]) for a role drawn
    /// `base` pixels wide on metropolitan France, in a panel of stroke factor `factor`
    /// ([`insets::Panel::stroke_factor`]): the base and the halo's extra width
    /// ([`theme::MAP_HALO_EXTRA`]) times the factor, at least 1 pixel each; never more than a
    /// [`RING_PER_STROKE`]th of the ring's width, nor the halo's extra: `stroke` 0 (nothing
    /// drawn) for a ring narrower than [`RING_PER_STROKE`] pixels.
    fn of(base: u32, factor: f64, ring_width: f64) -> Outline {
        let scaled = |w: u32| ((f64::from(w) * factor).round() as u32).max(1);
        let cap = (ring_width / RING_PER_STROKE).floor().max(0.0) as u32;
        let stroke = scaled(base).min(cap);
        let extra = scaled(theme::MAP_HALO_EXTRA).min(cap);
        Outline {
            stroke,
            halo: stroke + extra,
        }
    }
}

/// A shape whose value is classed: not an overlay, not outside DREES's field.
fn is_classed(s: &Shape) -> bool {
    geo::drawn_over(&s.code).is_none() && !outside_field(s)
}

fn outside_field(s: &Shape) -> bool {
    geo::OUTSIDE_DREES_FIELD.contains(&s.code.as_str())
}

/// How a shape is filled.
#[derive(Clone, Copy)]
enum Fill {
    Class(RGBColor),
    Missing,
}

/// Height of the legend column, in pixels.
fn legend_height(entries: &[Entry]) -> i32 {
    let gap = theme::GAP as i32;
    entries
        .iter()
        .map(|e| e.block.height().max(SWATCH.1) + gap / 2)
        .sum::<i32>()
        - gap / 2
}

/// The legend column, its bottom aligned with the bottom of the drawn map.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    legend_x: i32,
    swatch_w: i32,
    map_top: i32,
    drawn_bottom: i32,
) -> Result<(), RenderError> {
    let gap = theme::GAP as i32;
    let row_h = |e: &Entry| e.block.height().max(SWATCH.1) + gap / 2;
    let mut ly = (drawn_bottom - legend_height(entries)).max(map_top);
    for e in entries {
        let lh = line_height(e.block.size);
        let text_x = match &e.swatch {
            None => legend_x,
            Some(_) => legend_x + swatch_w,
        };
        // The swatch sits by the last line (the first line of an outline entry may be a spacer).
        let sy = ly + e.block.height() - lh + (lh - SWATCH.1) / 2;
        let (x0, y0, x1, y1) = (legend_x, sy, legend_x + SWATCH.0, sy + SWATCH.1);
        let sq = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
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
                fill_missing(root, &sq)?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    SWATCH_OUTLINE.stroke_width(1),
                ))?;
            }
            Some(Swatch::OutsideField) => {
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], OUTSIDE.filled()))?;
                root.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    SWATCH_OUTLINE.stroke_width(1),
                ))?;
            }
            Some(Swatch::Outline(c, stroke, fill)) => {
                match fill {
                    Some(f) => {
                        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], f.filled()))?;
                    }
                    None => fill_missing(root, &sq)?,
                }
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
    Ok(())
}

/// Light grey with a grey hatch: a département without value.
fn fill_missing<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    px: &[(i32, i32)],
) -> Result<(), RenderError> {
    root.draw(&Polygon::new(px.to_vec(), theme::MAP_MISSING.filled()))?;
    for seg in hatch(px, HATCH_SPACING) {
        root.draw(&PathElement::new(seg.to_vec(), HATCH.stroke_width(1)))?;
    }
    Ok(())
}

/// One panel: its box, fills (largest ring first, so that enclaves paint over their
/// surroundings), white borders, then peers' and the focus's outlines over a white halo, and
/// its label.
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panel: &insets::Panel<'_>,
    fill_of: &dyn Fn(&str) -> Fill,
    role_of: &dyn Fn(&str) -> Role,
    title_of: &dyn Fn(&Shape) -> String,
) -> Result<(), RenderError> {
    if let Some((x0, y0, x1, y1)) = panel.frame {
        root.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            theme::BACKGROUND.filled(),
        ))?;
    }
    struct Ring<'a> {
        shape: &'a Shape,
        /// Pixel ring, closed, each point with whether it lies on the clip window's edge.
        px: Vec<((i32, i32), u8)>,
        area: i64,
        /// Mean width in pixels ([`ring_width`]).
        width: f64,
    }
    let mut rings: Vec<Ring> = Vec::new();
    for s in &panel.shapes {
        for r in &s.rings {
            let pts: Vec<((f64, f64), u8)> = match panel.clip {
                Some(w) => clip(r, w, panel.proj.k),
                None => r.iter().map(|&p| (p, 0)).collect(),
            };
            let mut px: Vec<((i32, i32), u8)> =
                pts.iter().map(|&(p, e)| (panel.proj.point(p), e)).collect();
            px.dedup_by_key(|p| p.0);
            if px.first().map(|p| p.0) != px.last().map(|p| p.0)
                && let Some(&first) = px.first()
            {
                px.push(first);
            }
            if px.len() >= 4 {
                let plain: Vec<(i32, i32)> = px.iter().map(|p| p.0).collect();
                rings.push(Ring {
                    shape: s,
                    area: area(&plain),
                    width: ring_width(&plain),
                    px,
                });
            }
        }
    }
    rings.sort_by(|a, b| {
        b.area
            .cmp(&a.area)
            .then_with(|| a.shape.code.cmp(&b.shape.code))
    });
    let plain = |r: &Ring| -> Vec<(i32, i32)> { r.px.iter().map(|p| p.0).collect() };
    let filled: Vec<&Ring> = rings
        .iter()
        .filter(|r| geo::drawn_over(&r.shape.code).is_none())
        .collect();
    for r in &filled {
        let px = plain(r);
        super::marks::titled(root, &title_of(r.shape), || {
            if outside_field(r.shape) {
                root.draw(&Polygon::new(px, OUTSIDE.filled()))?;
                return Ok(());
            }
            match fill_of(&r.shape.code) {
                Fill::Class(c) => root.draw(&Polygon::new(px, c.filled()))?,
                Fill::Missing => fill_missing(root, &px)?,
            }
            Ok(())
        })?;
    }
    // A border line would eat an islet narrower than three of its own widths.
    for r in filled.iter().filter(|r| r.width >= RING_PER_STROKE) {
        for part in outline_parts(&r.px) {
            root.draw(&PathElement::new(part, theme::MAP_BORDER.stroke_width(1)))?;
        }
    }
    for (role, colour, stroke) in [
        (Role::Peer, theme::MAP_PEER_OUTLINE, theme::MAP_PEER_STROKE),
        (
            Role::Focus,
            theme::MAP_FOCUS_OUTLINE,
            theme::MAP_FOCUS_STROKE,
        ),
    ] {
        let outlined: Vec<(&Ring, Outline)> = rings
            .iter()
            .filter(|r| role_of(&r.shape.code) == role)
            .map(|r| (r, Outline::of(stroke, panel.stroke_factor(), r.width)))
            .filter(|(_, o)| o.stroke > 0)
            .collect();
        // A white halo under the outline keeps it visible on the darkest classes.
        for halo in [true, false] {
            for (r, o) in &outlined {
                let (c, s) = if halo {
                    (theme::BACKGROUND, o.halo)
                } else {
                    (colour, o.stroke)
                };
                for part in outline_parts(&r.px) {
                    root.draw(&PathElement::new(part, c.stroke_width(s)))?;
                }
            }
        }
    }
    for &(code, at) in &panel.codes {
        let (x, y) = panel.proj.point(at);
        let w = theme::text_width(code, CODE_SIZE, true) as i32;
        let h = line_height(CODE_SIZE);
        // White on the two darkest classes, where black would not read.
        let colour = match fill_of(code) {
            Fill::Class(c) if u32::from(c.0) + u32::from(c.1) + u32::from(c.2) < 3 * 110 => {
                theme::BACKGROUND
            }
            _ => theme::TEXT,
        };
        text(root, code, (x - w / 2, y - h / 2), CODE_SIZE, true, colour)?;
    }
    if let Some((x0, y0, x1, y1)) = panel.frame {
        root.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            INSET_FRAME.stroke_width(1),
        ))?;
        let lh = (insets::LABEL_SIZE * 1.3).round() as i32;
        let mut y = if panel.label_inside { y0 + 3 } else { y1 + 4 };
        for l in &panel.label {
            let x = if panel.label_inside {
                x0 + 5
            } else {
                (x0 + x1 - theme::text_width(l, insets::LABEL_SIZE, false) as i32) / 2
            };
            text(root, l, (x, y), insets::LABEL_SIZE, false, theme::TEXT)?;
            y += lh;
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
mod tests;
