//! The panels of the map: metropolitan France, an Île-de-France inset and one inset per
//! overseas département.
//!
//! * **Metropolitan France** is fitted top-aligned into the map area, above the row of overseas
//!   insets.
//! * **Île-de-France**: Paris and the petite couronne ([`IDF`]) enlarged in a box drawn over the
//!   sea west of the Cotentin and north of Brittany ([`IDF_CORNER`]), where no département lies;
//!   the neighbouring départements are clipped to the box so that it reads as a zoom.
//! * **Overseas départements** (`971`…`976`, whatever the outlines hold): one box each, in code
//!   order, in a row under metropolitan France, each at its own scale and in its own plane
//!   ([`geo::local_lon_scale`]), labelled with its name under the box; a département outside
//!   DREES's field (Mayotte) gets a second label line «hors champ DREES».
//!
//! The boxes' scales differ from metropolitan France's: insets show where a territory is and
//! its class, not its size. An inset is a small map: its outlines are drawn thinner, in
//! proportion to its box ([`Panel::stroke_factor`]).

use super::projection::{Projection, Window, lon_scale};
use crate::model::shape::{self as geo, Shape};

/// Départements enlarged in the Île-de-France inset: Paris and the petite couronne.
pub const IDF: [&str; 4] = ["75", "92", "93", "94"];
/// Label of the Île-de-France inset.
pub const IDF_LABEL: &str = "Paris et petite couronne";
/// The corner of metropolitan France's frame (north-west, open sea) where the Île-de-France
/// inset is drawn when the legend column has no room for it: from (lon, lat) to (lon, lat).
pub const IDF_CORNER: ((f64, f64), (f64, f64)) = ((-5.3, 51.2), (-2.1, 49.1));
/// Where the Île-de-France inset writes each département's code (lon, lat): a point well inside
/// it, away from its borders (Hauts-de-Seine is a crescent: its centroid would fall in Paris;
/// its code sits on Suresnes, west of the Bois de Boulogne, clear of the Val-d'Oise's border
/// that crossed it on Nanterre).
pub const IDF_CODE_POINTS: [(&str, (f64, f64)); 4] = [
    ("75", (2.345, 48.862)),
    ("92", (2.215, 48.862)),
    ("93", (2.475, 48.925)),
    ("94", (2.470, 48.780)),
];
/// Second label line of an inset outside DREES's field.
pub const OUTSIDE_FIELD_LABEL: &str = "hors champ DREES";
/// Smallest side (pixels) of the Île-de-France inset in the legend column: with less room it
/// goes over the sea corner of the map.
pub const IDF_MIN_SIDE: i32 = 180;
/// Size of inset labels, in pixels.
pub const LABEL_SIZE: f64 = 13.0;
/// Widest overseas box, and the height of every overseas box, in pixels.
const BOX_MAX_W: i32 = 160;
const BOX_H: i32 = 112;
/// Space between boxes, and inside a box around its outlines, in pixels.
const GAP: i32 = 12;
const INNER: i32 = 4;
/// Shorter side (pixels) from which an inset draws the outlines as wide as metropolitan France
/// does; a smaller box draws them thinner in proportion (an overseas box, [`BOX_H`] high, at
/// half the width).
pub const FULL_STROKE_SIDE: i32 = 2 * BOX_H;

/// One panel of the map.
pub(super) struct Panel<'a> {
    /// The inset's box (x0, y0, x1, y1); `None` for metropolitan France.
    pub frame: Option<(i32, i32, i32, i32)>,
    /// Label lines: under the box (overseas) or inside it at the top (Île-de-France).
    pub label: Vec<String>,
    pub label_inside: bool,
    pub proj: Projection,
    /// Shapes drawn in the panel (overlays included, see [`geo::drawn_over`]).
    pub shapes: Vec<&'a Shape>,
    /// The plane window the shapes are clipped to (Île-de-France); `None`: drawn whole.
    pub clip: Option<Window>,
    /// Codes written over the shapes, at (lon, lat) (Île-de-France).
    pub codes: Vec<(&'static str, (f64, f64))>,
    /// Pixel box, on metropolitan France, of the area the inset enlarges.
    pub marks: Option<(i32, i32, i32, i32)>,
}

impl Panel<'_> {
    /// Factor (0 to 1] applied to the map's outline widths in this panel: 1 for metropolitan
    /// France; for an inset, its box's shorter side over [`FULL_STROKE_SIDE`], at most 1.
    pub fn stroke_factor(&self) -> f64 {
        match self.frame {
            None => 1.0,
            Some((x0, y0, x1, y1)) => {
                (f64::from((x1 - x0).min(y1 - y0)) / f64::from(FULL_STROKE_SIDE)).clamp(0.0, 1.0)
            }
        }
    }
}

fn line_h() -> i32 {
    (LABEL_SIZE * 1.3).round() as i32
}

/// Lay the panels out in the map area (left, top, width, height): metropolitan France first,
/// then the insets. `None` when no shape has a point.
///
/// `idf_box`: where the Île-de-France inset goes (x0, y0, x1, y1), the free top of the legend
/// column when there is room; `None`: over the sea corner of metropolitan France
/// ([`IDF_CORNER`]).
pub(super) fn layout(
    shapes: &[Shape],
    area: (i32, i32, i32, i32),
    idf_box: Option<(i32, i32, i32, i32)>,
) -> Option<Vec<Panel<'_>>> {
    let (left, top, width, height) = area;
    let (overseas, metro): (Vec<&Shape>, Vec<&Shape>) =
        shapes.iter().partition(|s| geo::is_overseas(&s.code));
    let mut overseas: Vec<&Shape> = overseas
        .into_iter()
        .filter(|s| s.rings.iter().any(|r| r.len() >= 3))
        .collect();
    overseas.sort_by(|a, b| a.code.cmp(&b.code));
    let row_h = if overseas.is_empty() {
        0
    } else {
        BOX_H + 2 * line_h() + 6
    };
    let mut panels = Vec::new();
    // Overlays (Corse 20 over 2A/2B…) do not move the frame.
    let base = metro.iter().filter(|s| geo::drawn_over(&s.code).is_none());
    let metro_window = Window::of(base.flat_map(|s| &s.rings), geo::LON_SCALE);
    let mut row_top = top;
    let mut centre = left + width / 2;
    if let Some(window) = metro_window {
        let h = (height - row_h - if row_h > 0 { GAP } else { 0 }).max(10);
        let proj = Projection::fit(window, geo::LON_SCALE, (left, top, width, h), false);
        row_top = proj.drawn.3.ceil() as i32 + GAP;
        centre = ((proj.drawn.0 + proj.drawn.2) / 2.0).round() as i32;
        let idf = idf_panel(&metro, &proj, idf_box);
        panels.push(Panel {
            frame: None,
            label: Vec::new(),
            label_inside: false,
            proj,
            shapes: metro.clone(),
            clip: None,
            codes: Vec::new(),
            marks: None,
        });
        panels.extend(idf);
    }
    let n = overseas.len() as i32;
    if n > 0 {
        let box_w = ((width - (n - 1) * GAP) / n).clamp(40, BOX_MAX_W);
        let total = n * box_w + (n - 1) * GAP;
        let x_start = (centre - total / 2).clamp(left, (left + width - total).max(left));
        for (i, s) in overseas.into_iter().enumerate() {
            let x0 = x_start + i as i32 * (box_w + GAP);
            let frame = (x0, row_top, x0 + box_w, row_top + BOX_H);
            let k = lon_scale(&s.code, &s.rings);
            let Some(window) = Window::of(&s.rings, k) else {
                continue;
            };
            let proj = Projection::fit(
                window.padded(0.04),
                k,
                (
                    x0 + INNER,
                    row_top + INNER,
                    box_w - 2 * INNER,
                    BOX_H - 2 * INNER,
                ),
                true,
            );
            let mut label = vec![s.name.clone()];
            if geo::OUTSIDE_DREES_FIELD.contains(&s.code.as_str()) {
                label.push(OUTSIDE_FIELD_LABEL.to_string());
            }
            panels.push(Panel {
                frame: Some(frame),
                label,
                label_inside: false,
                proj,
                shapes: vec![s],
                clip: None,
                codes: Vec::new(),
                marks: None,
            });
        }
    }
    (!panels.is_empty()).then_some(panels)
}

/// The Île-de-France inset over the sea corner of metropolitan France, when the outlines have
/// Paris or the petite couronne.
fn idf_panel<'a>(
    metro: &[&'a Shape],
    proj: &Projection,
    idf_box: Option<(i32, i32, i32, i32)>,
) -> Option<Panel<'a>> {
    let inner: Vec<&Shape> = metro
        .iter()
        .copied()
        .filter(|s| IDF.contains(&s.code.as_str()))
        .collect();
    let window = Window::of(inner.iter().flat_map(|s| &s.rings), geo::LON_SCALE)?;
    let (x0, y0, x1, y1) = idf_box.unwrap_or_else(|| {
        let (a, b) = (proj.point(IDF_CORNER.0), proj.point(IDF_CORNER.1));
        (
            a.0.max(proj.drawn.0.round() as i32),
            a.1.max(proj.drawn.1.round() as i32),
            b.0,
            b.1,
        )
    });
    if x1 - x0 < 60 || y1 - y0 < 60 {
        return None;
    }
    let label_h = line_h() + 4;
    let body = (
        x0 + INNER,
        y0 + label_h,
        x1 - x0 - 2 * INNER,
        y1 - y0 - label_h - INNER,
    );
    let zoom = Projection::fit(window.padded(0.06), geo::LON_SCALE, body, true);
    let clip = zoom.window_of((body.0, body.1, body.0 + body.2, body.1 + body.3));
    let k = geo::LON_SCALE;
    let (m0, m1) = (
        proj.point((clip.x0 / k, clip.y1)),
        proj.point((clip.x1 / k, clip.y0)),
    );
    let codes = IDF_CODE_POINTS
        .iter()
        .filter(|(c, _)| inner.iter().any(|s| s.code == *c))
        .copied()
        .collect();
    Some(Panel {
        frame: Some((x0, y0, x1, y1)),
        label: vec![IDF_LABEL.to_string()],
        label_inside: true,
        proj: zoom,
        shapes: metro.to_vec(),
        clip: Some(clip),
        codes,
        marks: Some((m0.0 - 1, m0.1 - 1, m1.0 + 1, m1.1 + 1)),
    })
}

/// Bottom of everything the panels draw (labels included), in pixels.
pub(super) fn bottom(panels: &[Panel<'_>]) -> i32 {
    panels
        .iter()
        .map(|p| match (p.frame, p.label_inside) {
            (Some(f), false) => f.3 + 4 + p.label.len() as i32 * line_h(),
            (Some(f), true) => f.3,
            (None, _) => p.proj.drawn.3.ceil() as i32,
        })
        .max()
        .unwrap_or(0)
}
