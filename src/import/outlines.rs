//! IGN commune outlines (Admin Express 2018, `communes-<dep>-*.geojson`, properties `code`,
//! `nom`) → the outlines of the département's EPCI: `context/epci-contours/epci-contours-<dep>.csv`
//! (`departement,code,name,ring,point,lon,lat`, one row per vertex) and the placement of every
//! commune outline read, `context/epci-placement/communes-2018-<dep>.csv`.
//!
//! * **Placement**: an outline's code is of 1 January 2018. It is followed through the COG
//!   history ([`super::cog`]) from 2018-01-01 to 1 January of the EPCI composition's edition,
//!   date by date (a merge sends it to the commune nouvelle, a code change to the new code; a
//!   commune re-established splits it in several), then to the EPCI of the resulting communes
//!   ([`super::epci`]). An outline whose communes end in no EPCI, or in several, cannot be placed:
//!   it is named with the reason in the placement file, the import's account and the report.
//! * **Dissolve**: communes of one EPCI share their border vertices (IGN's topology): an edge
//!   found twice among one EPCI's rings is interior and dropped; the edges left are walked into
//!   rings. A border edge of one commune without its twin in the commune beside it (the two
//!   outlines do not share their vertices there) is counted ([`unmatched_edges`], 0 for the
//!   five seed files) and said in the import's notes: the map would show a line there.
//!   Holes (rings inside another ring of the same EPCI) are dropped as for the départements:
//!   what they enclose is drawn over.
//! * **Simplification**: Douglas–Peucker at [`TOLERANCE`] (≈ 110 m) on each arc between two
//!   nodes (vertices where three borders meet), each arc simplified once whatever the EPCI whose
//!   ring holds it, so that neighbouring EPCI keep one common border (no gap, no overlap).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::Account;
use super::cog::Move;
use crate::error::{Error, Result};
use crate::model::shape::{local_lon_scale, valid_lon_lat};

/// Douglas–Peucker tolerance of the EPCI outlines, in degrees of latitude (≈ 110 m: a pixel of a
/// département drawn 800 pixels wide is about 200 m).
pub const TOLERANCE: f64 = 0.001;

/// Header of the EPCI outlines.
pub const CONTOURS_HEADER: [&str; 7] =
    ["departement", "code", "name", "ring", "point", "lon", "lat"];

/// Header of the placement of the communes' outlines.
pub const PLACEMENT_HEADER: [&str; 7] = [
    "commune_2018",
    "name",
    "communes_cog",
    "epci",
    "status",
    "reason",
    "source_ref",
];

/// Date of the outlines' commune codes (Admin Express 2018: COG of 1 January 2018).
pub const OUTLINES_DATE: &str = "2018-01-01";

type Point = (i64, i64);

fn key((lon, lat): (f64, f64)) -> Point {
    ((lon * 1e7).round() as i64, (lat * 1e7).round() as i64)
}

fn unkey((x, y): Point) -> (f64, f64) {
    (x as f64 / 1e7, y as f64 / 1e7)
}

/// One commune outline: every ring (outer rings and holes), as read.
#[derive(Debug, Clone)]
pub struct Commune {
    pub code: String,
    pub name: String,
    pub feature: usize,
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// Read a GeoJSON FeatureCollection of communes (5-character codes). Errors name file and
/// feature.
pub fn read_communes(path: &Path) -> Result<Vec<Commune>> {
    let file = super::file_name(path);
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let err = |m: String| Error::Invalid(format!("{file} : {m}"));
    let root: Value =
        serde_json::from_str(&text).map_err(|e| err(format!("JSON invalide : {e}")))?;
    let features = root
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| err("pas une FeatureCollection (pas de tableau `features`)".into()))?;
    let mut out = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let ferr = |m: &str| err(format!("entité {i} : {m}"));
        let prop = |k: &str| {
            f.get("properties")
                .and_then(|p| p.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| ferr(&format!("propriété `{k}` absente")))
        };
        let code = prop("code")?;
        if !super::cog::is_commune_code(&code) {
            return Err(ferr(&format!(
                "`code` «{code}» n'est pas un code de commune"
            )));
        }
        let geometry = f.get("geometry").ok_or_else(|| ferr("pas de `geometry`"))?;
        let coords = geometry.get("coordinates");
        let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
            Some("Polygon") => coords.into_iter().collect(),
            Some("MultiPolygon") => coords
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            other => {
                return Err(ferr(&format!(
                    "géométrie {other:?} : attendu Polygon ou MultiPolygon"
                )));
            }
        };
        let mut rings = Vec::new();
        for p in polygons {
            for ring in p.as_array().into_iter().flatten() {
                let mut pts = Vec::new();
                for pos in ring.as_array().into_iter().flatten() {
                    let xy = pos.as_array().filter(|a| a.len() >= 2);
                    match xy.and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?))) {
                        Some((lon, lat)) if valid_lon_lat(lon, lat) => pts.push((lon, lat)),
                        _ => return Err(ferr(&format!("position {pos} : attendu [lon, lat]"))),
                    }
                }
                if pts.first() != pts.last() {
                    pts.push(pts[0]);
                }
                if pts.len() < 4 {
                    return Err(ferr("anneau de moins de 4 positions"));
                }
                rings.push(pts);
            }
        }
        if rings.is_empty() {
            return Err(ferr("géométrie vide"));
        }
        out.push(Commune {
            code,
            name: prop("nom")?,
            feature: i,
            rings,
        });
    }
    Ok(out)
}

/// The département of a commune code (`17xxx` → 17, `97411` → 974, `2A004` → 2A).
pub fn departement_of(code: &str) -> &str {
    if code.starts_with("97") {
        &code[..3]
    } else {
        &code[..2]
    }
}

/// Where one 2018 commune goes: the communes it became at `until` (a date `AAAA-MM-JJ`) by
/// following `moves` from [`OUTLINES_DATE`], or why it cannot be followed.
pub fn follow(
    code: &str,
    moves: &BTreeMap<&str, Vec<&Move>>,
    until: &str,
) -> std::result::Result<BTreeSet<String>, String> {
    let mut dates: BTreeSet<&str> = BTreeSet::new();
    let mut current: BTreeSet<String> = BTreeSet::from([code.to_string()]);
    // Dates of the changes that touch a commune of the chain, in order.
    let mut pending: Vec<String> = vec![code.to_string()];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some(c) = pending.pop() {
        if !seen.insert(c.clone()) {
            continue;
        }
        for m in moves.get(c.as_str()).into_iter().flatten() {
            if m.date.as_str() >= OUTLINES_DATE && m.date.as_str() <= until {
                dates.insert(m.date.as_str());
                if m.type_after == "COM" && !m.after.is_empty() {
                    pending.push(m.after.clone());
                }
            }
        }
    }
    for date in dates {
        // Within one date, changes can chain (a merge then a code change): to a fixed point.
        for _ in 0..5 {
            let mut next = BTreeSet::new();
            for c in &current {
                let at: Vec<&&Move> = moves
                    .get(c.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|m| m.date == date && m.type_before == "COM")
                    .collect();
                if at.is_empty() {
                    next.insert(c.clone());
                    continue;
                }
                let to: Vec<&str> = at
                    .iter()
                    .filter(|m| m.type_after == "COM" && !m.after.is_empty())
                    .map(|m| m.after.as_str())
                    .collect();
                if to.is_empty() {
                    return Err(format!(
                        "commune {c} supprimée le {date} sans commune qui lui succède"
                    ));
                }
                next.extend(to.into_iter().map(str::to_string));
            }
            if next == current {
                break;
            }
            current = next;
        }
    }
    Ok(current)
}

/// The EPCI outlines of one département, before simplification.
#[derive(Debug, Default)]
pub struct Dissolved {
    /// Rings (closed, outer rings only) by EPCI SIREN.
    pub rings: BTreeMap<String, Vec<Vec<Point>>>,
}

/// How many times each edge (its two vertices, smallest first) is found in the communes' rings.
fn edge_counts<'c>(
    communes: impl IntoIterator<Item = &'c Commune>,
) -> BTreeMap<(Point, Point), usize> {
    let mut count: BTreeMap<(Point, Point), usize> = BTreeMap::new();
    for c in communes {
        for ring in &c.rings {
            for w in ring.windows(2) {
                let (a, b) = (key(w[0]), key(w[1]));
                if a != b {
                    *count.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
    }
    count
}

/// Edges of the communes' rings found once in the whole file that have communes on both sides
/// (a point just left and just right of their middle lies in a commune): borders where two
/// neighbours do not share their vertices. 0 when every interior border is one shared edge.
pub fn unmatched_edges(communes: &[Commune]) -> usize {
    let count = edge_counts(communes);
    let boxes: Vec<(f64, f64, f64, f64)> = communes
        .iter()
        .map(|c| {
            c.rings.iter().flatten().fold(
                (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                |(x0, y0, x1, y1), p| (x0.min(p.0), y0.min(p.1), x1.max(p.0), y1.max(p.1)),
            )
        })
        .collect();
    let in_commune = |p: (f64, f64)| {
        communes.iter().zip(&boxes).any(|(c, b)| {
            b.0 <= p.0 && p.0 <= b.2 && b.1 <= p.1 && p.1 <= b.3 && {
                let pts: Vec<Vec<Point>> = c
                    .rings
                    .iter()
                    .map(|r| r.iter().map(|&q| key(q)).collect())
                    .collect();
                pts.iter().filter(|r| contains(r, p)).count() % 2 == 1
            }
        })
    };
    count
        .into_iter()
        .filter(|(_, n)| *n == 1)
        .filter(|((a, b), _)| {
            let (a, b) = (unkey(*a), unkey(*b));
            let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = dx.hypot(dy);
            let (nx, ny) = (-dy / len * 1e-6, dx / len * 1e-6);
            in_commune((mx + nx, my + ny)) && in_commune((mx - nx, my - ny))
        })
        .count()
}

/// Dissolve the communes' rings by group: edges found twice in a group are interior.
pub fn dissolve(groups: &BTreeMap<String, Vec<&Commune>>) -> Dissolved {
    let mut out = Dissolved::default();
    for (siren, communes) in groups {
        let count = edge_counts(communes.iter().copied());
        let kept: Vec<(Point, Point)> = count
            .into_iter()
            .filter(|(_, n)| n % 2 == 1)
            .map(|(e, _)| e)
            .collect();
        let mut adjacent: BTreeMap<Point, Vec<usize>> = BTreeMap::new();
        for (i, (a, b)) in kept.iter().enumerate() {
            adjacent.entry(*a).or_default().push(i);
            adjacent.entry(*b).or_default().push(i);
        }
        let mut used = vec![false; kept.len()];
        let mut rings = Vec::new();
        for start in 0..kept.len() {
            if used[start] {
                continue;
            }
            used[start] = true;
            let (first, mut at) = kept[start];
            let mut ring = vec![first, at];
            while at != first {
                let Some(&e) = adjacent[&at].iter().find(|&&e| !used[e]) else {
                    break;
                };
                used[e] = true;
                at = if kept[e].0 == at {
                    kept[e].1
                } else {
                    kept[e].0
                };
                ring.push(at);
            }
            if ring.first() != ring.last() {
                ring.push(first);
            }
            if ring.len() >= 4 {
                rings.push(ring);
            }
        }
        // Holes: rings inside another ring of the same EPCI (even-odd count).
        let holes: Vec<bool> = (0..rings.len())
            .map(|i| {
                let (a, b) = (unkey(rings[i][0]), unkey(rings[i][1]));
                let probe = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                let inside = (0..rings.len())
                    .filter(|&j| j != i && contains(&rings[j], probe))
                    .count();
                inside % 2 == 1
            })
            .collect();
        let outer: Vec<Vec<Point>> = rings
            .into_iter()
            .zip(holes)
            .filter(|(_, hole)| !hole)
            .map(|(r, _)| r)
            .collect();
        out.rings.insert(siren.clone(), outer);
    }
    out
}

/// Even-odd point in polygon.
fn contains(ring: &[Point], (x, y): (f64, f64)) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (unkey(w[0]), unkey(w[1]));
        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
            inside = !inside;
        }
    }
    inside
}

/// Simplify every ring arc by arc (see the module's doc), `k` the longitude scale.
pub fn simplify(d: &Dissolved, k: f64) -> BTreeMap<String, Vec<Vec<(f64, f64)>>> {
    // Nodes: vertices of degree other than 2 in the union of all borders.
    let mut edges: BTreeSet<(Point, Point)> = BTreeSet::new();
    for rings in d.rings.values() {
        for r in rings {
            for w in r.windows(2) {
                edges.insert((w[0].min(w[1]), w[0].max(w[1])));
            }
        }
    }
    let mut degree: BTreeMap<Point, usize> = BTreeMap::new();
    for (a, b) in &edges {
        *degree.entry(*a).or_default() += 1;
        *degree.entry(*b).or_default() += 1;
    }
    let node = |p: &Point| degree.get(p).copied().unwrap_or(0) != 2;
    let mut out = BTreeMap::new();
    for (siren, rings) in &d.rings {
        let mut simplified = Vec::new();
        for ring in rings {
            let open = &ring[..ring.len() - 1];
            let n = open.len();
            // Start at a node, else at the smallest vertex (a ring no other border touches).
            let start = (0..n)
                .find(|&i| node(&open[i]))
                .unwrap_or_else(|| (0..n).min_by_key(|&i| open[i]).unwrap_or(0));
            let rotated: Vec<Point> = (0..=n).map(|i| open[(start + i) % n]).collect();
            let mut cuts: Vec<usize> = (0..=n)
                .filter(|&i| i == 0 || i == n || node(&rotated[i]))
                .collect();
            if cuts.len() == 2 {
                // No other node: cut at the vertex farthest from the start too, so that the
                // closed ring keeps a surface.
                let far = (1..n)
                    .max_by_key(|&i| {
                        let (a, b) = (unkey(rotated[0]), unkey(rotated[i]));
                        (((a.0 - b.0) * k).powi(2) + (a.1 - b.1).powi(2)).to_bits()
                    })
                    .unwrap_or(1);
                cuts.insert(1, far);
            }
            let mut pts: Vec<(f64, f64)> = vec![unkey(rotated[0])];
            for w in cuts.windows(2) {
                let arc = &rotated[w[0]..=w[1]];
                let kept = simplify_arc(arc, k);
                pts.extend(kept.into_iter().skip(1).map(unkey));
            }
            if pts.len() < 4 {
                pts = rotated.iter().copied().map(unkey).collect();
            }
            simplified.push(pts);
        }
        out.insert(siren.clone(), simplified);
    }
    out
}

/// Douglas–Peucker on one arc, the same whichever way it is walked.
fn simplify_arc(arc: &[Point], k: f64) -> Vec<Point> {
    let reversed = arc.last() < arc.first()
        || (arc.last() == arc.first() && arc.len() > 2 && arc[arc.len() - 2] < arc[1]);
    let mut pts: Vec<Point> = arc.to_vec();
    if reversed {
        pts.reverse();
    }
    let plane: Vec<(f64, f64)> = pts.iter().map(|&p| unkey(p)).collect();
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    super::geo::douglas_peucker(&plane, 0, pts.len() - 1, TOLERANCE, k, &mut keep);
    let mut out: Vec<Point> = pts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p)
        .collect();
    if reversed {
        out.reverse();
    }
    out
}

/// Longitude scale of a département's communes.
pub fn lon_scale(communes: &[Commune]) -> f64 {
    let rings: Vec<Vec<(f64, f64)>> = communes
        .iter()
        .flat_map(|c| c.rings.iter().cloned())
        .collect();
    local_lon_scale(&rings)
}

/// What one outline file gives.
#[derive(Debug)]
pub struct EpciOutlines {
    pub departement: String,
    pub contours: Vec<u8>,
    pub placement: Vec<u8>,
    pub account: Account,
    /// [`unmatched_edges`] of the file.
    pub unmatched_edges: usize,
    /// Communes not placed: (code, name, reason).
    pub unplaced: Vec<(String, String, String)>,
    pub epci_count: usize,
    pub points: usize,
}

/// Place, dissolve and simplify one file's communes. `members`: commune code (of the EPCI
/// edition) → (EPCI SIREN); `names`: SIREN → EPCI name; `until`: 1 January of the EPCI edition.
pub fn epci_outlines(
    path: &Path,
    moves: &[Move],
    members: &BTreeMap<String, String>,
    names: &BTreeMap<String, String>,
    until: &str,
) -> Result<EpciOutlines> {
    let file = super::file_name(path);
    let communes = read_communes(path)?;
    let departement = communes
        .first()
        .map(|c| departement_of(&c.code).to_string())
        .ok_or_else(|| Error::Invalid(format!("{file} : aucune commune")))?;
    if let Some(c) = communes
        .iter()
        .find(|c| departement_of(&c.code) != departement)
    {
        return Err(Error::Invalid(format!(
            "{file} : entité {} : commune {} hors du département {departement} des autres : attendu un fichier par département",
            c.feature, c.code
        )));
    }
    let mut by_before: BTreeMap<&str, Vec<&Move>> = BTreeMap::new();
    for m in moves {
        by_before.entry(m.before.as_str()).or_default().push(m);
    }
    let mut account = Account::new(&file);
    let mut groups: BTreeMap<String, Vec<&Commune>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PLACEMENT_HEADER).expect("in-memory write");
    for c in &communes {
        account.rows_read += 1;
        let followed = follow(&c.code, &by_before, until);
        let placed = followed.clone().and_then(|to| {
            let epci: BTreeSet<&String> = to.iter().filter_map(|t| members.get(t)).collect();
            let missing: Vec<&String> = to.iter().filter(|t| !members.contains_key(*t)).collect();
            match (epci.len(), missing.is_empty()) {
                (1, true) => Ok(epci.into_iter().next().expect("one").clone()),
                (_, false) => Err(format!(
                    "commune{} {} membre d'aucun EPCI au 1er janvier {}",
                    if missing.len() > 1 { "s" } else { "" },
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    &until[..4]
                )),
                _ => Err(format!(
                    "devenue des communes de plusieurs EPCI ({})",
                    epci.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        });
        let to = followed
            .map(|t| t.into_iter().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let source_ref = format!("{file} entité {}", c.feature);
        match placed {
            Ok(siren) => {
                w.write_record([&c.code, &c.name, &to, &siren, "placed", "", &source_ref])
                    .expect("in-memory write");
                groups.entry(siren).or_default().push(c);
                account.rows_loaded += 1;
            }
            Err(reason) => {
                w.write_record([&c.code, &c.name, &to, "", "unplaced", &reason, &source_ref])
                    .expect("in-memory write");
                account.skip(
                    format!("commune non placée dans un EPCI : {reason}"),
                    format!("{} {}", c.code, c.name),
                );
                unplaced.push((c.code.clone(), c.name.clone(), reason));
            }
        }
    }
    let placement = w.into_inner().expect("in-memory write");
    let dissolved = dissolve(&groups);
    let shapes = simplify(&dissolved, lon_scale(&communes));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(CONTOURS_HEADER).expect("in-memory write");
    let mut points = 0;
    for (siren, rings) in &shapes {
        let name = names.get(siren).map(String::as_str).unwrap_or_default();
        for (r, ring) in rings.iter().enumerate() {
            for (p, &(lon, lat)) in ring.iter().enumerate() {
                points += 1;
                w.write_record([
                    departement.as_str(),
                    siren,
                    name,
                    &r.to_string(),
                    &p.to_string(),
                    &super::number_text(lon),
                    &super::number_text(lat),
                ])
                .expect("in-memory write");
            }
        }
    }
    account.values_loaded = points;
    Ok(EpciOutlines {
        departement,
        contours: w.into_inner().expect("in-memory write"),
        placement,
        account,
        unmatched_edges: unmatched_edges(&communes),
        unplaced,
        epci_count: shapes.len(),
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, x: f64, y: f64) -> Commune {
        Commune {
            code: code.into(),
            name: code.into(),
            feature: 0,
            rings: vec![vec![
                (x, y),
                (x + 0.1, y),
                (x + 0.1, y + 0.1),
                (x, y + 0.1),
                (x, y),
            ]],
        }
    }

    /// Two communes of one EPCI side by side lose their common edge: one ring of 6 distinct
    /// vertices; in two EPCI each keeps its ring, and their common border stays one.
    #[test]
    fn communes_dissolve_by_epci_on_their_shared_edges() {
        let (a, b) = (square("17001", 0.0, 46.0), square("17002", 0.1, 46.0));
        let one = BTreeMap::from([("E1".to_string(), vec![&a, &b])]);
        let d = dissolve(&one);
        assert_eq!(unmatched_edges(&[a.clone(), b.clone()]), 0);
        assert_eq!(d.rings["E1"].len(), 1);
        assert_eq!(d.rings["E1"][0].len(), 7, "6 vertices, closed");
        let two = BTreeMap::from([("E1".to_string(), vec![&a]), ("E2".to_string(), vec![&b])]);
        let d = dissolve(&two);
        assert_eq!((d.rings["E1"].len(), d.rings["E2"].len()), (1, 1));
        let s = simplify(&d, 0.7);
        let shared = |r: &Vec<(f64, f64)>| r.iter().filter(|p| (p.0 - 0.1).abs() < 1e-9).count();
        assert_eq!(shared(&s["E1"][0]), shared(&s["E2"][0]));
        // An enclave of the same EPCI leaves no hole; a commune inside another EPCI's commune
        // leaves the surrounding EPCI one outer ring (its hole dropped).
        let mut outer = square("17003", 0.0, 46.0);
        outer.rings[0] = vec![
            (0.0, 46.0),
            (0.3, 46.0),
            (0.3, 46.3),
            (0.0, 46.3),
            (0.0, 46.0),
        ];
        outer.rings.push(vec![
            (0.1, 46.1),
            (0.1, 46.2),
            (0.2, 46.2),
            (0.2, 46.1),
            (0.1, 46.1),
        ]);
        let inner = square("17004", 0.1, 46.1);
        let d = dissolve(&BTreeMap::from([("E1".to_string(), vec![&outer, &inner])]));
        assert_eq!(d.rings["E1"].len(), 1);
        assert_eq!(d.rings["E1"][0].len(), 5);
        let d = dissolve(&BTreeMap::from([
            ("E1".to_string(), vec![&outer]),
            ("E2".to_string(), vec![&inner]),
        ]));
        assert_eq!((d.rings["E1"].len(), d.rings["E2"].len()), (1, 1));
        // A neighbour with a vertex of its own on the common border (no shared vertices
        // there): its edges and the other commune's have no twin, and are counted.
        let mut split = square("17002", 0.1, 46.0);
        split.rings[0].insert(4, (0.1, 46.05));
        assert_eq!(unmatched_edges(&[a.clone(), split]), 3);
    }

    fn mv(date: &str, before: &str, type_after: &str, after: &str) -> Move {
        Move {
            date: date.into(),
            type_before: "COM".into(),
            before: before.into(),
            type_after: type_after.into(),
            after: after.into(),
            name_after: String::new(),
        }
    }

    /// Merges are followed to the commune nouvelle, a split names every part, changes after
    /// the EPCI's edition are not applied, and a commune removed without successor is said.
    #[test]
    fn a_2018_commune_is_followed_through_the_cog_history() {
        let moves = [
            mv("2019-01-01", "61172", "COMD", "61172"),
            mv("2019-01-01", "61172", "COM", "61228"),
            mv("2019-01-01", "61228", "COM", "61228"),
            mv("2020-01-01", "61228", "COM", "61999"),
            mv("2026-01-01", "61999", "COM", "61500"),
            mv("2021-01-01", "17001", "COM", "17001"),
            mv("2021-01-01", "17001", "COM", "17002"),
            mv("2022-01-01", "17010", "", ""),
        ];
        let mut by: BTreeMap<&str, Vec<&Move>> = BTreeMap::new();
        for m in &moves {
            by.entry(m.before.as_str()).or_default().push(m);
        }
        let until = "2025-01-01";
        assert_eq!(
            follow("61172", &by, until).unwrap(),
            BTreeSet::from(["61999".to_string()])
        );
        assert_eq!(
            follow("17001", &by, until).unwrap(),
            BTreeSet::from(["17001".to_string(), "17002".to_string()])
        );
        assert_eq!(
            follow("17005", &by, until).unwrap(),
            BTreeSet::from(["17005".to_string()])
        );
        assert_eq!(
            follow("17010", &by, until).unwrap_err(),
            "commune 17010 supprimée le 2022-01-01 sans commune qui lui succède"
        );
    }
}
