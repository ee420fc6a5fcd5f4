//! Département outlines as the map draws them, and the constants of their map plane.
//!
//! The outlines come from IGN Admin Express (imported by [`crate::import::geo`] into
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
