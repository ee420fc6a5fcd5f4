//! Département outlines as the map draws them, and the constants of their map plane.
//!
//! The outlines come from IGN Admin Express (imported by [`mod@crate::import::geo`] into
//! `data/geo/departements.csv`, loaded as the `geo_departements` table); the render stage draws
//! them. Both sides agree on the projection through [`LON_SCALE`].

/// A département outline: rings of (longitude, latitude) in degrees (WGS84), outer rings only.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub code: String,
    pub name: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Attribution printed under every map and written to `data/geo/SOURCE.md`.
pub const ATTRIBUTION: &str =
    "IGN – Admin Express 2018, Licence Ouverte / Etalab ; simplification depbench";

/// Longitude scale of the map plane: cos(46.5°), the mean latitude of metropolitan France. The
/// maps use the same equirectangular projection, so simplification distances are map distances.
pub const LON_SCALE: f64 = 0.688_354_575_693_753_9;

/// True for the overseas départements (`971`…`976`): drawn in insets of the map, each in its
/// own plane ([`local_lon_scale`]), and committed in `data/geo/outre-mer.csv`.
pub fn is_overseas(code: &str) -> bool {
    code.starts_with("97")
}

/// Départements outside DREES's ASE field (Mayotte): drawn grey on the map and marked so,
/// never classed nor counted as «n.d.».
pub const OUTSIDE_DREES_FIELD: [&str; 1] = ["976"];

/// Territories without an outline of their own, drawn over the outlines of other codes: Corse
/// (`20`, from 2018) over Corse-du-Sud and Haute-Corse; the Métropole de Lyon and the Rhône
/// hors Métropole (`69M`, `69D`) over the Rhône (`69`), the only outline Admin Express 2018 has.
pub fn drawn_over(code: &str) -> Option<&'static [&'static str]> {
    match code {
        "20" => Some(&["2A", "2B"]),
        "69D" | "69M" => Some(&["69"]),
        _ => None,
    }
}

/// Longitude scale of an outline's own plane: the cosine of the middle latitude of its rings
/// (1.0 for no point). An overseas inset is projected with it, so that each département keeps
/// its shape at its own latitude, as metropolitan France does with [`LON_SCALE`].
pub fn local_lon_scale(rings: &[Vec<(f64, f64)>]) -> f64 {
    let (lo, hi) = rings
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if lo > hi {
        return 1.0;
    }
    ((lo + hi) / 2.0).to_radians().cos()
}

/// True for finite WGS84 coordinates.
pub fn valid_lon_lat(lon: f64, lat: f64) -> bool {
    lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat)
}

/// Builds outlines from vertex rows `(code, name, ring, point, lon, lat)` as stored in the geo
/// CSV and the `geo_departements` table: a département's rows contiguous, rings and points in
/// order from 0, every ring closed with at least 4 points.
///
/// Errors are `(line, message)`: the caller's line number (CSV line or row index) of the row at
/// fault — for a ring, the line of its first point.
#[derive(Debug, Default)]
pub struct ShapeBuilder {
    shapes: Vec<Shape>,
    ring_line: u64,
}

impl ShapeBuilder {
    /// Add one vertex.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        line: u64,
        code: &str,
        name: &str,
        ring: usize,
        point: usize,
        lon: f64,
        lat: f64,
    ) -> Result<(), (u64, String)> {
        let ring_line = self.ring_line;
        if code.is_empty() || name.is_empty() {
            return Err((line, "empty code or name".to_string()));
        }
        if !valid_lon_lat(lon, lat) {
            return Err((line, format!("invalid coordinates ({lon}, {lat})")));
        }
        let new_shape = self.shapes.last().is_none_or(|s| s.code != code);
        if new_shape {
            if let Some(prev) = self.shapes.last() {
                check_last_ring(prev).map_err(|m| (ring_line, m))?;
            }
            if self.shapes.iter().any(|s| s.code == code) {
                return Err((line, format!("rows of `{code}` are not contiguous")));
            }
            self.shapes.push(Shape {
                code: code.to_string(),
                name: name.to_string(),
                rings: Vec::new(),
            });
        }
        let shape = self.shapes.last_mut().expect("pushed above");
        if shape.name != name {
            return Err((
                line,
                format!("`{code}` is named `{}` above, `{name}` here", shape.name),
            ));
        }
        if ring == shape.rings.len() {
            if ring > 0 {
                check_last_ring(shape).map_err(|m| (ring_line, m))?;
            }
            shape.rings.push(Vec::new());
            self.ring_line = line;
        } else if ring + 1 != shape.rings.len() {
            return Err((line, format!("ring {ring} of `{code}` out of order")));
        }
        let pts = shape.rings.last_mut().expect("ring pushed");
        if point != pts.len() {
            return Err((
                line,
                format!(
                    "point {point} of ring {ring} of `{code}`, expected {}",
                    pts.len()
                ),
            ));
        }
        pts.push((lon, lat));
        Ok(())
    }

    /// The outlines, sorted by code, after checking the last ring.
    pub fn finish(mut self) -> Result<Vec<Shape>, (u64, String)> {
        if let Some(last) = self.shapes.last() {
            check_last_ring(last).map_err(|m| (self.ring_line, m))?;
        }
        self.shapes.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(self.shapes)
    }
}

fn check_last_ring(shape: &Shape) -> Result<(), String> {
    let ring = shape.rings.last().map(Vec::as_slice).unwrap_or_default();
    let r = shape.rings.len().saturating_sub(1);
    if ring.len() < 4 {
        return Err(format!(
            "ring {r} of `{}` has {} points, at least 4 needed",
            shape.code,
            ring.len()
        ));
    }
    if ring.first() != ring.last() {
        return Err(format!(
            "ring {r} of `{}` is not closed (last point differs from first)",
            shape.code
        ));
    }
    Ok(())
}
