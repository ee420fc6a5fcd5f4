//! Département outlines of metropolitan France for maps: import from GeoJSON, simplification,
//! and the compact CSV committed in `data/geo/departements.csv` that the maps load at run time.
//!
//! Source: IGN – Admin Express 2018 (`departements-version-simplifiee.geojson`, 96 metropolitan
//! départements, WGS84 longitude/latitude), Licence Ouverte / Etalab; simplified by depbench.
//! See [`ATTRIBUTION`], which every map prints under its source line.
//!
//! What the pipeline does to the geometry (this is a *cartographic simplification*, not an exact
//! boundary — never use it to compute areas or to decide which commune is where):
//!
//! * only **outer rings** are kept: holes are dropped. Enclaves (Enclave des Papes, the
//!   Hautes-Pyrénées enclaves in the Pyrénées-Atlantiques, …) survive because they are outer
//!   rings of their own département; the map draws rings from the largest to the smallest so an
//!   enclave paints over the département around it;
//! * **all islands are kept**, however small (about twenty rings; Porquerolles is the smallest):
//!   they cost a handful of points and their absence would look like an error on Ré or Oléron;
//! * every ring is simplified with Douglas–Peucker at [`DEFAULT_TOLERANCE`] (0.005°, about
//!   550 m), measured in the map plane (longitude scaled by cos 46.5°, see [`LON_SCALE`]), and
//!   never below 4 points (a closed triangle);
//! * coordinates are rounded to 5 decimals (about 1 m), which is what the CSV stores.
//!
//! Rings are **closed**, as in GeoJSON: the last point repeats the first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use serde_json::Value;

use crate::model::lines::{LineCounter, csv_line};
use crate::model::shape::{
    ATTRIBUTION, LON_SCALE, Shape, ShapeBuilder, is_overseas, local_lon_scale, valid_lon_lat,
};

/// Douglas–Peucker tolerance used for the committed CSV, in degrees of latitude (≈ 550 m): below
/// one pixel on a 1 000-pixel map of France.
pub const DEFAULT_TOLERANCE: f64 = 0.005;

/// Decimals kept for longitude and latitude (1e-5° ≈ 1 m).
pub const DECIMALS: usize = 5;

/// Name of the committed CSV inside the geo data folder.
pub const CSV_FILE: &str = "departements.csv";

/// Header of the geo CSV.
pub const CSV_HEADER: [&str; 6] = ["code", "name", "ring", "point", "lon", "lat"];

/// Errors of the geography import and of the geo CSV; every message names the file and the
/// feature index (GeoJSON) or the 1-based line (CSV).
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: invalid JSON: {source}")]
    Json {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file}: {message}")]
    Collection { file: String, message: String },
    #[error("{file}: feature {index}: {message}")]
    Feature {
        file: String,
        index: usize,
        message: String,
    },
    #[error("{file}: line {line}: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    #[error("writing geo CSV: {0}")]
    Write(#[from] csv::Error),
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

// ---------------------------------------------------------------------------------------------
// GeoJSON import

/// Read a GeoJSON `FeatureCollection` of départements (properties `code` and `nom`, geometry
/// `Polygon` or `MultiPolygon`, WGS84 lon/lat) into shapes sorted by code, outer rings only,
/// coordinates untouched (apply [`simplify`] next). Rings are closed if the file left them open.
///
/// Source of the committed data: IGN – Admin Express 2018, Licence Ouverte / Etalab.
pub fn import_geojson(path: &Path) -> Result<Vec<Shape>, GeoError> {
    let file = file_name(path);
    let text = fs::read_to_string(path).map_err(|source| GeoError::Io {
        file: file.clone(),
        source,
    })?;
    parse_geojson(&text, &file)
}

/// [`import_geojson`] on text already in memory; `file` names it in errors.
pub fn parse_geojson(text: &str, file: &str) -> Result<Vec<Shape>, GeoError> {
    let root: Value = serde_json::from_str(text).map_err(|source| GeoError::Json {
        file: file.to_string(),
        source,
    })?;
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| GeoError::Collection {
            file: file.to_string(),
            message: "not a FeatureCollection (no `features` array)".to_string(),
        })?;
    let mut by_code: BTreeMap<String, (usize, Shape)> = BTreeMap::new();
    for (index, feature) in features.iter().enumerate() {
        let err = |message: String| GeoError::Feature {
            file: file.to_string(),
            index,
            message,
        };
        let shape = parse_feature(feature).map_err(err)?;
        if let Some((first, _)) = by_code.get(&shape.code) {
            return Err(err(format!(
                "duplicate code `{}` (also feature {first})",
                shape.code
            )));
        }
        by_code.insert(shape.code.clone(), (index, shape));
    }
    Ok(by_code.into_values().map(|(_, s)| s).collect())
}

fn parse_feature(feature: &Value) -> Result<Shape, String> {
    let props = feature
        .get("properties")
        .and_then(Value::as_object)
        .ok_or("missing `properties`")?;
    let text_prop = |key: &str| -> Result<String, String> {
        match props.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Some(Value::String(_)) => Err(format!("empty property `{key}`")),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(_) => Err(format!("property `{key}` is not a string")),
            None => Err(format!("missing property `{key}`")),
        }
    };
    let code = text_prop("code")?;
    let name = text_prop("nom")?;
    let geometry = feature
        .get("geometry")
        .and_then(Value::as_object)
        .ok_or("missing `geometry`")?;
    let kind = geometry
        .get("type")
        .and_then(Value::as_str)
        .ok_or("geometry without `type`")?;
    let coords = geometry
        .get("coordinates")
        .ok_or("geometry without `coordinates`")?;
    let polygons: Vec<&Value> = match kind {
        "Polygon" => vec![coords],
        "MultiPolygon" => coords
            .as_array()
            .ok_or("MultiPolygon `coordinates` is not an array")?
            .iter()
            .collect(),
        other => {
            return Err(format!(
                "unsupported geometry type `{other}` (expected Polygon or MultiPolygon)"
            ));
        }
    };
    let mut rings = Vec::with_capacity(polygons.len());
    for (p, polygon) in polygons.into_iter().enumerate() {
        let outer = polygon
            .as_array()
            .and_then(|rings| rings.first())
            .ok_or_else(|| format!("polygon {p} has no outer ring"))?;
        rings.push(parse_ring(outer).map_err(|e| format!("polygon {p}: {e}"))?);
    }
    if rings.is_empty() {
        return Err("empty geometry".to_string());
    }
    Ok(Shape { code, name, rings })
}

fn parse_ring(ring: &Value) -> Result<Vec<(f64, f64)>, String> {
    let positions = ring.as_array().ok_or("ring is not an array")?;
    let mut out = Vec::with_capacity(positions.len() + 1);
    for (i, pos) in positions.iter().enumerate() {
        let xy = pos.as_array().filter(|a| a.len() >= 2);
        let lon = xy.and_then(|a| a[0].as_f64());
        let lat = xy.and_then(|a| a[1].as_f64());
        match (lon, lat) {
            (Some(lon), Some(lat)) if valid_lon_lat(lon, lat) => out.push((lon, lat)),
            _ => return Err(format!("position {i} is not a valid [lon, lat]: {pos}")),
        }
    }
    if out.first() != out.last() {
        out.push(out[0]);
    }
    if out.len() < 4 {
        return Err(format!(
            "ring has {} positions, a closed ring needs at least 4",
            out.len()
        ));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Simplification

/// Douglas–Peucker simplification of every ring at `tolerance` (degrees of latitude, measured
/// in the map plane where longitudes are scaled by [`LON_SCALE`] for metropolitan France, by
/// the cosine of its own mid-latitude ([`local_lon_scale`]) for an overseas département, as the
/// map's insets project it), then rounding to
/// [`DECIMALS`] decimals. A ring never goes below 4 points (closed triangle): when the
/// tolerance would collapse it, its first point and the two points that span it best are kept.
/// Every ring is kept (islands included); shape order is unchanged.
pub fn simplify(shapes: &[Shape], tolerance: f64) -> Vec<Shape> {
    shapes
        .iter()
        .map(|s| {
            let k = if is_overseas(&s.code) {
                local_lon_scale(&s.rings)
            } else {
                LON_SCALE
            };
            Shape {
                code: s.code.clone(),
                name: s.name.clone(),
                rings: s
                    .rings
                    .iter()
                    .map(|r| simplify_ring(r, tolerance, k))
                    .collect(),
            }
        })
        .collect()
}

fn round(v: f64) -> f64 {
    let f = 10f64.powi(DECIMALS as i32);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

fn plane(p: (f64, f64), k: f64) -> (f64, f64) {
    (p.0 * k, p.1)
}

/// Distance from `p` to the segment `a`–`b`, in the map plane of longitude scale `k`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64), k: f64) -> f64 {
    let (p, a, b) = (plane(p, k), plane(a, k), plane(b, k));
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

/// Mark the points of `pts[first..=last]` that Douglas–Peucker keeps (iterative, no recursion).
pub(crate) fn douglas_peucker(
    pts: &[(f64, f64)],
    first: usize,
    last: usize,
    tolerance: f64,
    k: f64,
    keep: &mut [bool],
) {
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut far, mut dmax) = (a, -1.0);
        for i in a + 1..b {
            let d = segment_distance(pts[i], pts[a], pts[b], k);
            if d > dmax {
                (far, dmax) = (i, d);
            }
        }
        if dmax > tolerance {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
}

fn simplify_ring(ring: &[(f64, f64)], tolerance: f64, k: f64) -> Vec<(f64, f64)> {
    // Work on the open ring (closing point removed), anchored at point 0 and the point farthest
    // from it, so that the split does not depend on a degenerate first/last segment.
    let closed = ring.len() > 1 && ring.first() == ring.last();
    let open = if closed {
        &ring[..ring.len() - 1]
    } else {
        ring
    };
    let n = open.len();
    let mut out: Vec<(f64, f64)> = if n <= 3 {
        open.to_vec()
    } else {
        let dist = |i: usize| {
            let (a, b) = (plane(open[0], k), plane(open[i], k));
            (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
        };
        let far = (1..n).fold(1, |best, i| if dist(i) > dist(best) { i } else { best });
        // Index n stands for the closing point (= point 0).
        let mut pts = open.to_vec();
        pts.push(open[0]);
        let mut keep = vec![false; n + 1];
        keep[0] = true;
        keep[far] = true;
        keep[n] = true;
        douglas_peucker(&pts, 0, far, tolerance, k, &mut keep);
        douglas_peucker(&pts, far, n, tolerance, k, &mut keep);
        let mut kept: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
        if kept.len() < 3 {
            // Keep the triangle of point 0, the farthest point, and the point farthest from
            // the segment joining them.
            let third = (1..n)
                .filter(|&i| i != far)
                .map(|i| (i, segment_distance(open[i], open[0], open[far], k)))
                .fold(
                    (0, -1.0),
                    |best, (i, d)| if d > best.1 { (i, d) } else { best },
                )
                .0;
            kept = vec![0, far, third];
            kept.sort_unstable();
            kept.dedup();
        }
        kept.into_iter().map(|i| open[i]).collect()
    };
    for p in &mut out {
        *p = (round(p.0), round(p.1));
    }
    out.dedup();
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// CSV

fn coord(v: f64) -> String {
    let s = format!("{:.*}", DECIMALS, v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Write shapes as the geo CSV: header `code,name,ring,point,lon,lat`, one row per vertex
/// (ring and point indices 0-based, closing point included), lon/lat with at most
/// [`DECIMALS`] decimals, in the order given (use sorted shapes for a deterministic file).
pub fn write_csv(shapes: &[Shape], w: impl Write) -> Result<(), GeoError> {
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    wtr.write_record(CSV_HEADER)?;
    for s in shapes {
        for (r, ring) in s.rings.iter().enumerate() {
            for (p, &(lon, lat)) in ring.iter().enumerate() {
                wtr.write_record([
                    s.code.as_str(),
                    s.name.as_str(),
                    &r.to_string(),
                    &p.to_string(),
                    &coord(lon),
                    &coord(lat),
                ])?;
            }
        }
    }
    wtr.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// Read the geo CSV written by [`write_csv`] (e.g. the committed `data/geo/departements.csv`).
pub fn read_csv(path: &Path) -> Result<Vec<Shape>, GeoError> {
    let file = file_name(path);
    let f = fs::File::open(path).map_err(|source| GeoError::Io {
        file: file.clone(),
        source,
    })?;
    read_csv_from(f, &file)
}

/// [`read_csv`] from any reader; `file` names the source in errors. Checks the header, that
/// rows of a département are contiguous with one name, that ring and point indices count up
/// from 0 without gaps, that coordinates are valid, and that every ring is closed with at
/// least 4 points. Shapes come back sorted by code.
pub fn read_csv_from(mut reader: impl Read, file: &str) -> Result<Vec<Shape>, GeoError> {
    // Read whole so that lines are numbered from the bytes ([`crate::model::lines`]).
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| GeoError::Csv {
        file: file.to_string(),
        line: 0,
        message: e.to_string(),
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut lines = LineCounter::new(&bytes);
    let mut builder = ShapeBuilder::default();
    let err = |line: u64, message: String| GeoError::Csv {
        file: file.to_string(),
        line,
        message,
    };
    let mut records = rdr.records();
    match records.next() {
        Some(Ok(h)) if h.iter().eq(CSV_HEADER) => {}
        Some(Ok(h)) => {
            let got: Vec<&str> = h.iter().collect();
            return Err(err(
                1,
                format!(
                    "header is `{}`, expected `{}`",
                    got.join(","),
                    CSV_HEADER.join(",")
                ),
            ));
        }
        Some(Err(e)) => return Err(err(1, e.to_string())),
        None => return Err(err(1, "empty file (no header)".to_string())),
    }
    for rec in records {
        let rec = rec.map_err(|e| {
            let line = csv_line(&bytes, e.position());
            err(line, e.to_string())
        })?;
        let line = lines.line(rec.position());
        if rec.len() != CSV_HEADER.len() {
            return Err(err(
                line,
                format!("{} fields, expected {}", rec.len(), CSV_HEADER.len()),
            ));
        }
        let index = |i: usize| -> Result<usize, GeoError> {
            rec[i].parse::<usize>().map_err(|_| {
                err(
                    line,
                    format!("`{}` is not a {} index", &rec[i], CSV_HEADER[i]),
                )
            })
        };
        let number = |i: usize| -> Result<f64, GeoError> {
            rec[i].parse::<f64>().map_err(|_| {
                err(
                    line,
                    format!("`{}` is not a number ({})", &rec[i], CSV_HEADER[i]),
                )
            })
        };
        let (ring, point, lon, lat) = (index(2)?, index(3)?, number(4)?, number(5)?);
        builder
            .push(line, &rec[0], &rec[1], ring, point, lon, lat)
            .map_err(|(l, m)| err(l, m))?;
    }
    builder.finish().map_err(|(l, m)| err(l, m))
}

// ---------------------------------------------------------------------------------------------
// Committed dataset

/// The outlines a GeoJSON file gives to `data/geo/`, decided by its content: a file without
/// overseas code gives the metropolitan outlines (`departements.csv`, `SOURCE.md`); a file with
/// overseas départements (`departements-avec-outre-mer.geojson`) gives those only
/// (`outre-mer.csv`, `SOURCE-outre-mer.md`), its metropolitan features being accounted as not
/// loaded (they come from the simplified metropolitan file). Each file writes its own CSV, so
/// importing one never rewrites the other; the `geo_departements` table reads both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    Metropolitan,
    Overseas,
}

impl Coverage {
    /// What a file holding `shapes` contributes.
    pub fn of(shapes: &[Shape]) -> Coverage {
        if shapes.iter().any(|s| is_overseas(&s.code)) {
            Coverage::Overseas
        } else {
            Coverage::Metropolitan
        }
    }

    /// Whether a shape of the file is committed.
    pub fn keeps(self, shape: &Shape) -> bool {
        self == Coverage::Metropolitan || is_overseas(&shape.code)
    }

    /// The CSV written under `data/geo/`.
    pub fn csv_file(self) -> &'static str {
        match self {
            Coverage::Metropolitan => CSV_FILE,
            Coverage::Overseas => OVERSEAS_CSV_FILE,
        }
    }

    /// The description written under `data/geo/`.
    pub fn source_md_file(self) -> &'static str {
        match self {
            Coverage::Metropolitan => "SOURCE.md",
            Coverage::Overseas => "SOURCE-outre-mer.md",
        }
    }

    /// Id of the source in `data/sources.csv`.
    pub fn source_id(self) -> &'static str {
        match self {
            Coverage::Metropolitan => "ign-admin-express-2018",
            Coverage::Overseas => "ign-admin-express-2018-outre-mer",
        }
    }

    /// Title of the source in `data/sources.csv`.
    pub fn source_title(self) -> &'static str {
        match self {
            Coverage::Metropolitan => "Admin Express 2018, départements (version simplifiée)",
            Coverage::Overseas => {
                "Admin Express 2018, départements avec outre-mer (DROM et Mayotte)"
            }
        }
    }
}

/// Name of the overseas outlines' CSV inside the geo data folder.
pub const OVERSEAS_CSV_FILE: &str = "outre-mer.csv";

/// The text of `data/geo/SOURCE.md` (or `SOURCE-outre-mer.md`) describing where the outlines
/// come from and how they were simplified.
pub fn source_md(source_file: &str, tolerance: f64, shapes: &[Shape]) -> String {
    let coverage = Coverage::of(shapes);
    let rings: usize = shapes.iter().map(|s| s.rings.len()).sum();
    let points: usize = shapes.iter().flat_map(|s| &s.rings).map(Vec::len).sum();
    let mut s = String::new();
    let (title, content, scale) = match coverage {
        Coverage::Metropolitan => (
            "Contours des départements (cartes)",
            format!("France métropolitaine, {} départements", shapes.len()),
            "longitudes pondérées par cos 46,5°",
        ),
        Coverage::Overseas => (
            "Contours des départements d'outre-mer (encarts des cartes)",
            format!(
                "{} départements d'outre-mer retenus : {} ; les départements métropolitains du fichier ne sont pas repris",
                shapes.len(),
                shapes
                    .iter()
                    .map(|s| format!("{} {}", s.code, s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "longitudes pondérées par le cosinus de la latitude moyenne de chaque département, projection de son encart",
        ),
    };
    let _ = writeln!(s, "# {title}\n");
    let _ = writeln!(s, "{ATTRIBUTION}.\n");
    let _ = writeln!(
        s,
        "- Source : IGN, Admin Express 2018, fichier `{source_file}` ({content}, WGS84)."
    );
    let _ = writeln!(s, "- Licence : Licence Ouverte / Open Licence (Etalab).");
    let _ = writeln!(
        s,
        "- Simplification depbench : anneaux extérieurs seulement (trous supprimés, îles et enclaves conservées), \
         Douglas–Peucker à {}° ({scale}), au moins 4 points par anneau, \
         coordonnées arrondies à {DECIMALS} décimales.",
        tolerance.to_string().replace('.', ",")
    );
    let _ = writeln!(
        s,
        "- `{}` : {rings} anneaux, {points} sommets ; colonnes `{}`.",
        coverage.csv_file(),
        CSV_HEADER.join(",")
    );
    let _ = writeln!(
        s,
        "\nGénéralisation cartographique pour l'illustration : ne pas utiliser pour des calculs de surface ou de limites."
    );
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;

    use super::*;

    const FIXTURE: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"code":"17","nom":"Charente-Maritime"},
       "geometry":{"type":"MultiPolygon","coordinates":[
         [[[-1.0,46.0],[-0.5,46.0],[-0.5,45.5],[-1.0,45.5],[-1.0,46.0]]],
         [[[-1.5,46.2],[-1.3,46.2],[-1.3,46.1],[-1.5,46.2]]]]}},
      {"type":"Feature","properties":{"code":"16","nom":"Charente"},
       "geometry":{"type":"Polygon","coordinates":[
         [[-0.5,46.0],[0.0,46.0],[0.0,45.5],[-0.5,45.5]],
         [[-0.3,45.8],[-0.2,45.8],[-0.2,45.7],[-0.3,45.8]]]}}
    ]}"#;

    #[test]
    fn lon_scale_is_cos_46_5() {
        assert!((LON_SCALE - 46.5f64.to_radians().cos()).abs() < 1e-15);
    }

    #[test]
    fn imports_polygon_and_multipolygon_sorted() {
        let shapes = parse_geojson(FIXTURE, "fixture.geojson").unwrap();
        assert_eq!(
            shapes.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
            ["16", "17"]
        );
        // Polygon: hole dropped, open ring closed.
        assert_eq!(shapes[0].rings.len(), 1);
        assert_eq!(shapes[0].rings[0].len(), 5);
        assert_eq!(shapes[0].rings[0][0], shapes[0].rings[0][4]);
        // MultiPolygon: both outer rings.
        assert_eq!(shapes[1].name, "Charente-Maritime");
        assert_eq!(shapes[1].rings.len(), 2);
        assert_eq!(shapes[1].rings[1].len(), 4);
    }

    #[test]
    fn import_from_file_and_errors_name_file_and_feature() {
        let dir = std::env::temp_dir().join(format!("depbench-geo-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("departements.geojson");
        fs::write(&path, FIXTURE).unwrap();
        assert_eq!(import_geojson(&path).unwrap().len(), 2);

        let broken = FIXTURE.replacen(r#""code":"16","#, "", 1);
        fs::write(&path, broken).unwrap();
        let e = import_geojson(&path).unwrap_err().to_string();
        assert_eq!(
            e,
            "departements.geojson: feature 1: missing property `code`"
        );

        let e =
            parse_geojson(&FIXTURE.replace("\"Polygon\"", "\"Point\""), "f.geojson").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.geojson: feature 1: unsupported geometry type `Point`"),
            "{e}"
        );
        let e = parse_geojson(&FIXTURE.replace("[0.0,46.0]", "[0.0]"), "f.geojson").unwrap_err();
        assert!(
            e.to_string()
                .contains("feature 1: polygon 0: position 1 is not a valid"),
            "{e}"
        );
        let e = parse_geojson(&FIXTURE.replace("\"16\"", "\"17\""), "f.geojson").unwrap_err();
        assert!(
            e.to_string()
                .contains("feature 1: duplicate code `17` (also feature 0)"),
            "{e}"
        );
        let e = parse_geojson("{", "f.geojson").unwrap_err();
        assert!(e.to_string().starts_with("f.geojson: invalid JSON"), "{e}");
        let e = import_geojson(&dir.join("absent.geojson")).unwrap_err();
        assert!(e.to_string().starts_with("absent.geojson: "), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A wiggly circle of `n` points around (lon, lat).
    fn circle(lon: f64, lat: f64, radius: f64, n: usize) -> Vec<(f64, f64)> {
        let mut r: Vec<_> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                let wiggle = 1.0 + 0.002 * ((i % 3) as f64 - 1.0);
                (
                    lon + radius * wiggle * a.cos() / LON_SCALE,
                    lat + radius * wiggle * a.sin(),
                )
            })
            .collect();
        r.push(r[0]);
        r
    }

    #[test]
    fn simplify_reduces_and_keeps_four_points() {
        let shapes = vec![Shape {
            code: "01".into(),
            name: "Ain".into(),
            rings: vec![circle(5.0, 46.0, 0.5, 400), circle(5.0, 47.0, 0.001, 50)],
        }];
        let out = simplify(&shapes, 0.005);
        let big = &out[0].rings[0];
        assert!(big.len() < 100 && big.len() >= 20, "{}", big.len());
        // Tiny island: collapses to a closed triangle, never fewer than 4 points.
        let small = &out[0].rings[1];
        assert_eq!(small.len(), 4);
        assert_eq!(small[0], small[3]);
        // A huge tolerance still leaves a triangle.
        for r in &simplify(&shapes, 10.0)[0].rings {
            assert!(r.len() >= 4 && r.first() == r.last());
        }
        // Every kept point is an original point, rounded.
        assert!(
            big.iter().all(|p| (p.0 * 1e5).round() == p.0 * 1e5
                || (p.0 * 1e5 - (p.0 * 1e5).round()).abs() < 1e-6)
        );
    }

    #[test]
    fn csv_round_trip_and_errors_name_the_line() {
        let shapes = simplify(&parse_geojson(FIXTURE, "f").unwrap(), 0.005);
        let mut buf = Vec::new();
        write_csv(&shapes, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(
            text.starts_with("code,name,ring,point,lon,lat\n16,Charente,0,0,-0.5,46\n"),
            "{text}"
        );
        assert_eq!(read_csv_from(text.as_bytes(), "d.csv").unwrap(), shapes);

        let bad = text.replacen("16,Charente,0,1,0,46", "16,Charente,0,1,x,46", 1);
        let e = read_csv_from(bad.as_bytes(), "d.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "d.csv: line 3: `x` is not a number (lon)");
        let bad = text.replacen("16,Charente,0,2,", "16,Charente,0,7,", 1);
        let e = read_csv_from(bad.as_bytes(), "d.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "d.csv: line 4: point 7 of ring 0 of `16`, expected 2");
        // The same lines when the file ends its lines with CRLF (saved on Windows).
        let crlf = bad.replace('\n', "\r\n");
        let e = read_csv_from(crlf.as_bytes(), "d.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "d.csv: line 4: point 7 of ring 0 of `16`, expected 2");
        let e = read_csv_from("code,nom\n".as_bytes(), "d.csv")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.csv: line 1: header is `code,nom`"), "{e}");
        // An unclosed ring: drop the closing row of Charente's ring.
        let bad: String = text
            .lines()
            .filter(|l| !l.starts_with("16,Charente,0,4,"))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = read_csv_from(bad.as_bytes(), "d.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "d.csv: line 2: ring 0 of `16` is not closed (last point differs from first)"
        );
    }

    /// The real IGN file: present in the development checkout (`/work/shared` or `../shared`),
    /// absent from a plain clone of the project, where the test says so and passes.
    pub(crate) fn real_geojson() -> Option<PathBuf> {
        let candidates = [
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/geo/departements-version-simplifiee.geojson"),
            PathBuf::from("/work/shared/data/geo/departements-version-simplifiee.geojson"),
        ];
        candidates.into_iter().find(|p| p.is_file())
    }

    #[test]
    fn real_admin_express_file() {
        let Some(path) = real_geojson() else {
            println!(
                "skipped: departements-version-simplifiee.geojson not found (../shared absent)"
            );
            return;
        };
        let raw = import_geojson(&path).unwrap();
        assert_eq!(raw.len(), 96);
        assert!(raw.iter().any(|s| s.code == "2A") && raw.iter().any(|s| s.code == "2B"));
        assert!(raw.windows(2).all(|w| w[0].code < w[1].code));
        let simple = simplify(&raw, DEFAULT_TOLERANCE);
        let before: usize = raw.iter().flat_map(|s| &s.rings).map(Vec::len).sum();
        let after: usize = simple.iter().flat_map(|s| &s.rings).map(Vec::len).sum();
        assert!(after < before, "{after} >= {before}");
        assert!(
            simple
                .iter()
                .flat_map(|s| &s.rings)
                .all(|r| r.len() >= 4 && r.first() == r.last())
        );
        let mut buf = Vec::new();
        write_csv(&simple, &mut buf).unwrap();
        assert!(buf.len() < 1_000_000, "{} bytes", buf.len());
        assert_eq!(
            read_csv_from(buf.as_slice(), "departements.csv").unwrap(),
            simple
        );
        let cm = simple.iter().find(|s| s.code == "17").unwrap();
        assert_eq!(cm.name, "Charente-Maritime");
        assert_eq!(cm.rings.len(), 3, "mainland, Ré, Oléron");
        assert_eq!(Coverage::of(&raw), Coverage::Metropolitan);
    }

    #[test]
    fn real_overseas_file_gives_the_drom_and_mayotte() {
        let Some(path) = real_geojson()
            .map(|p| p.with_file_name("departements-avec-outre-mer.geojson"))
            .filter(|p| p.is_file())
        else {
            println!("skipped: departements-avec-outre-mer.geojson not found (../shared absent)");
            return;
        };
        let raw = import_geojson(&path).unwrap();
        assert_eq!(raw.len(), 101);
        let coverage = Coverage::of(&raw);
        assert_eq!(coverage, Coverage::Overseas);
        let kept: Vec<&Shape> = raw.iter().filter(|s| coverage.keeps(s)).collect();
        assert_eq!(
            kept.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
            ["971", "972", "973", "974", "976"]
        );
        let simple = simplify(
            &kept.into_iter().cloned().collect::<Vec<_>>(),
            DEFAULT_TOLERANCE,
        );
        // Each simplified in its own plane: Guyane keeps its shape at 4° N.
        let guyane = simple.iter().find(|s| s.code == "973").unwrap();
        let mainland = guyane.rings.iter().map(Vec::len).max().unwrap();
        assert!(mainland >= 20, "{mainland}");
        let mut buf = Vec::new();
        write_csv(&simple, &mut buf).unwrap();
        assert!(buf.len() < 100_000, "{} bytes", buf.len());
        let md = source_md(
            "departements-avec-outre-mer.geojson",
            DEFAULT_TOLERANCE,
            &simple,
        );
        assert!(
            md.contains("971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte"),
            "{md}"
        );
        assert!(md.contains("`outre-mer.csv`"), "{md}");
    }
}
