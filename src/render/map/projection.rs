//! From (longitude, latitude) to pixels, and the pixel geometry of the map: areas, hatching,
//! clipping to an inset's window.
//!
//! Every panel of the map (metropolitan France, each inset) is an equirectangular projection
//! with its own longitude scale: cos 46.5° ([`geo::LON_SCALE`]) for metropolitan France and the
//! Île-de-France inset, the cosine of its own mid-latitude ([`geo::local_lon_scale`]) for an
//! overseas département, so that each keeps its shape at its own latitude.

use crate::model::shape as geo;

/// A window in the projected plane: x = longitude × scale, y = latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Window {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Window {
    /// Bounding box of `rings` projected with longitude scale `k`; `None` without a point.
    pub fn of<'a>(rings: impl IntoIterator<Item = &'a Vec<(f64, f64)>>, k: f64) -> Option<Window> {
        let mut w = Window {
            x0: f64::MAX,
            x1: f64::MIN,
            y0: f64::MAX,
            y1: f64::MIN,
        };
        for &(lon, lat) in rings.into_iter().flatten() {
            let x = lon * k;
            w.x0 = w.x0.min(x);
            w.x1 = w.x1.max(x);
            w.y0 = w.y0.min(lat);
            w.y1 = w.y1.max(lat);
        }
        (w.x0 <= w.x1).then_some(w)
    }

    /// The window grown by `f` of its size on every side.
    pub fn padded(self, f: f64) -> Window {
        let (dx, dy) = ((self.x1 - self.x0) * f, (self.y1 - self.y0) * f);
        Window {
            x0: self.x0 - dx,
            x1: self.x1 + dx,
            y0: self.y0 - dy,
            y1: self.y1 + dy,
        }
    }
}

/// Pixel position of (lon, lat) in one panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Projection {
    /// Longitude scale of the panel's plane.
    pub k: f64,
    x_min: f64,
    y_max: f64,
    /// Pixels per unit of the plane (degree of latitude).
    pub scale: f64,
    left: f64,
    top: f64,
    /// Pixel box of the fitted window: (left, top, right, bottom).
    pub drawn: (f64, f64, f64, f64),
}

impl Projection {
    /// Fit `window` (plane of longitude scale `k`) into the pixel rectangle (left, top, width,
    /// height) with the same scale on both axes; centred horizontally, and vertically when
    /// `centre_v`, else top-aligned.
    pub fn fit(
        window: Window,
        k: f64,
        (left, top, width, height): (i32, i32, i32, i32),
        centre_v: bool,
    ) -> Projection {
        let (w, h) = (
            (window.x1 - window.x0).max(1e-9),
            (window.y1 - window.y0).max(1e-9),
        );
        let scale = (f64::from(width) / w).min(f64::from(height) / h);
        let left = f64::from(left) + (f64::from(width) - w * scale) / 2.0;
        let top = if centre_v {
            f64::from(top) + (f64::from(height) - h * scale) / 2.0
        } else {
            f64::from(top)
        };
        Projection {
            k,
            x_min: window.x0,
            y_max: window.y1,
            scale,
            left,
            top,
            drawn: (left, top, left + w * scale, top + h * scale),
        }
    }

    /// Pixel of (lon, lat).
    pub fn point(&self, (lon, lat): (f64, f64)) -> (i32, i32) {
        let (x, y) = self.exact((lon, lat));
        (x.round() as i32, y.round() as i32)
    }

    fn exact(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            self.left + (lon * self.k - self.x_min) * self.scale,
            self.top + (self.y_max - lat) * self.scale,
        )
    }

    /// The plane window a pixel rectangle (x0, y0, x1, y1) shows.
    pub fn window_of(&self, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Window {
        let x = |px: i32| self.x_min + (f64::from(px) - self.left) / self.scale;
        let y = |py: i32| self.y_max - (f64::from(py) - self.top) / self.scale;
        Window {
            x0: x(x0),
            x1: x(x1),
            y0: y(y1),
            y1: y(y0),
        }
    }
}

/// Absolute area of a pixel ring (shoelace), in pixels × 2.
pub(super) fn area(ring: &[(i32, i32)]) -> i64 {
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
pub(super) fn hatch(ring: &[(i32, i32)], spacing: i64) -> Vec<[(i32, i32); 2]> {
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

/// A (lon, lat) ring clipped to `window` (Sutherland–Hodgman, exact for a rectangle in the
/// plane of scale `k`), closed, with for every point the window's edges it lies on (one bit
/// per edge; so that an outline does not draw the inset's frame). Empty when the ring is
/// outside.
pub(super) fn clip(ring: &[(f64, f64)], window: Window, k: f64) -> Vec<((f64, f64), u8)> {
    // Work in the plane, where the window is a rectangle.
    let mut pts: Vec<(f64, f64)> = ring.iter().map(|&(lon, lat)| (lon * k, lat)).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    type Inside = fn(&(f64, f64), f64) -> bool;
    let edges: [(Inside, f64, bool); 4] = [
        (|p, v| p.0 >= v, window.x0, true),
        (|p, v| p.0 <= v, window.x1, true),
        (|p, v| p.1 >= v, window.y0, false),
        (|p, v| p.1 <= v, window.y1, false),
    ];
    for (inside, v, vertical) in edges {
        if pts.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(pts.len() + 4);
        for i in 0..pts.len() {
            let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
            let (pin, qin) = (inside(&p, v), inside(&q, v));
            if pin {
                out.push(p);
            }
            if pin != qin {
                out.push(if vertical {
                    let t = (v - p.0) / (q.0 - p.0);
                    (v, p.1 + t * (q.1 - p.1))
                } else {
                    let t = (v - p.1) / (q.1 - p.1);
                    (p.0 + t * (q.0 - p.0), v)
                });
            }
        }
        pts = out;
    }
    if pts.len() < 3 {
        return Vec::new();
    }
    pts.push(pts[0]);
    let on_edge = |p: &(f64, f64)| {
        u8::from(p.0 == window.x0)
            | u8::from(p.0 == window.x1) << 1
            | u8::from(p.1 == window.y0) << 2
            | u8::from(p.1 == window.y1) << 3
    };
    pts.iter().map(|p| ((p.0 / k, p.1), on_edge(p))).collect()
}

/// The parts of a closed pixel path worth outlining: the path split where both ends of a
/// segment lie on the same edge of the window (the inset's frame is not a border).
pub(super) fn outline_parts(px: &[((i32, i32), u8)]) -> Vec<Vec<(i32, i32)>> {
    let mut parts: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut cur: Vec<(i32, i32)> = Vec::new();
    for w in px.windows(2) {
        let ((a, ea), (b, eb)) = (w[0], w[1]);
        if ea & eb != 0 {
            if cur.len() >= 2 {
                parts.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        }
        if cur.is_empty() {
            cur.push(a);
        }
        cur.push(b);
    }
    if cur.len() >= 2 {
        parts.push(cur);
    }
    parts
}

/// Longitude scale of a panel showing `shapes`: metropolitan France's, or an overseas
/// département's own.
pub(super) fn lon_scale(code: &str, rings: &[Vec<(f64, f64)>]) -> f64 {
    if geo::is_overseas(code) {
        geo::local_lon_scale(rings)
    } else {
        geo::LON_SCALE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn clip_keeps_the_window_and_marks_its_edges() {
        let ring = vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)];
        let w = Window {
            x0: 1.0,
            x1: 2.0,
            y0: -1.0,
            y1: 2.0,
        };
        let c = clip(&ring, w, 1.0);
        assert_eq!(c.first(), c.last());
        assert!(
            c.iter()
                .all(|((x, y), _)| (1.0..=2.0).contains(x) && (0.0..=2.0).contains(y))
        );
        // The bottom side (y = 0) is a true border, the other three are the window's edges.
        let borders: Vec<_> = c.windows(2).filter(|p| p[0].1 & p[1].1 == 0).collect();
        assert_eq!(borders.len(), 1);
        assert!(
            clip(
                &ring,
                Window {
                    x0: 5.0,
                    x1: 6.0,
                    y0: 0.0,
                    y1: 1.0
                },
                1.0
            )
            .is_empty()
        );
        let px: Vec<_> = c
            .iter()
            .map(|&((x, y), e)| ((x as i32, y as i32), e))
            .collect();
        assert_eq!(outline_parts(&px).len(), 1);
    }

    #[test]
    fn fit_keeps_proportions_and_inverts() {
        let w = Window {
            x0: 0.0,
            x1: 2.0,
            y0: 0.0,
            y1: 1.0,
        };
        let p = Projection::fit(w, 1.0, (10, 10, 200, 200), true);
        assert_eq!(p.point((0.0, 1.0)), (10, 60));
        assert_eq!(p.point((2.0, 0.0)), (210, 160));
        let back = p.window_of((10, 60, 210, 160));
        assert!((back.x1 - 2.0).abs() < 1e-9 && (back.y1 - 1.0).abs() < 1e-9);
    }
}
