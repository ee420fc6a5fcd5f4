//! The map and the ranking show the focus and its peers wherever they are: overseas insets,
//! the Île-de-France inset, Corse as 2A/2B or 20, Mayotte marked outside DREES's field.

use crate::common::{repo, stdout_ok};

/// A rectangle (x, y, width, height) or a polyline's points, read from plotters' SVG.
type Rect = (i32, i32, i32, i32);

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = element[start..].find('"')? + start;
    Some(&element[start..end])
}

fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    svg.split(&format!("<{tag}"))
        .skip(1)
        // Keep the space before the first attribute, so that `attr` finds it like the others.
        .map(|s| &s[..s.find("/>").unwrap_or(s.len())])
        .collect()
}

/// Frames of the insets (drawn in a mid grey, in order: Île-de-France, then the overseas
/// départements by code, then the mark of the enlarged area on metropolitan France).
fn frames(svg: &str) -> Vec<Rect> {
    elements(svg, "rect")
        .into_iter()
        .filter(|r| attr(r, "stroke") == Some("#9A9A9A"))
        .map(|r| {
            let n = |k| attr(r, k).unwrap().parse::<i32>().unwrap();
            (n("x"), n("y"), n("width"), n("height"))
        })
        .collect()
}

/// Polylines drawn with `stroke` at `width`, as points.
fn outlines(svg: &str, stroke: &str, width: &str) -> Vec<Vec<(i32, i32)>> {
    elements(svg, "polyline")
        .into_iter()
        .filter(|p| attr(p, "stroke") == Some(stroke) && attr(p, "stroke-width") == Some(width))
        .map(|p| {
            attr(p, "points")
                .unwrap()
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

fn inside(points: &[(i32, i32)], (x, y, w, h): Rect) -> bool {
    points
        .iter()
        .all(|&(px, py)| px >= x && px <= x + w && py >= y && py <= y + h)
}

/// Whether a text element of the SVG is exactly `s` (plotters writes the text on its own line).
fn has_text(svg: &str, s: &str) -> bool {
    svg.contains(&format!("\n{s}\n"))
}

const FOCUS: &str = "#000000";
const PEER: &str = "#555555";

fn chart(figure: &str, focus: &str, peers: &str, year: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.svg");
    stdout_ok(&[
        "chart",
        "-f",
        &format!("queries/figures/{figure}"),
        "-p",
        &format!("focus={focus}"),
        "-p",
        &format!("peers={peers}"),
        "-p",
        &format!("year={year}"),
        "-o",
        out.to_str().unwrap(),
    ]);
    std::fs::read_to_string(out).unwrap()
}

fn map(focus: &str, peers: &str, year: &str) -> String {
    chart("08_carte_taux_accueillis.sql", focus, peers, year)
}

#[test]
fn drom_focus_and_peers_are_outlined_in_their_insets() {
    let svg = map("971", "972,973", "2022");
    let f = frames(&svg);
    // Île-de-France, 971, 972, 973, 974, 976, and the mark of the enlarged area.
    assert_eq!(f.len(), 7, "{f:?}");
    // An overseas box draws the outlines at half metropolitan France's widths (4 and 2).
    let focus = outlines(&svg, FOCUS, "2");
    assert!(!focus.is_empty());
    assert!(
        focus.iter().all(|p| inside(p, f[1])),
        "Guadeloupe in its inset"
    );
    assert!(
        outlines(&svg, FOCUS, "4").is_empty(),
        "nothing else in black"
    );
    let peers = outlines(&svg, PEER, "1");
    assert!(peers.iter().any(|p| inside(p, f[2])), "Martinique outlined");
    assert!(peers.iter().any(|p| inside(p, f[3])), "Guyane outlined");
    assert!(peers.iter().all(|p| inside(p, f[2]) || inside(p, f[3])));
    for name in [
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ] {
        assert!(has_text(&svg, name), "inset label {name}");
    }
    // Values from the committed data: rates per 1 000 aged 0-20 at 31/12/2022.
    assert!(svg.contains("Guadeloupe : 14,4"), "focus in the legend");
    assert!(svg.contains("Martinique : 17,1"));
    assert!(svg.contains("Guyane : 5,2"));
}

#[test]
fn mayotte_is_drawn_grey_and_marked_outside_the_field() {
    let svg = map("17", "22,64,14", "2022");
    assert!(
        has_text(&svg, "hors champ DREES"),
        "second line of its inset label"
    );
    assert!(svg.contains("Mayotte : hors champ DREES"), "legend entry");
    // Mayotte is neither classed nor n.d.: five classes of 99 + 1 outlines of the partition
    // (Corse drawn as 2A and 2B), no n.d. entry.
    assert!(!svg.contains("n.d. ("));
    assert!(svg.contains("fill=\"#C8C8C8\""), "Mayotte's grey");
}

#[test]
fn corse_is_outlined_as_2a_in_2016_and_as_20_in_2019() {
    let svg = map("2A", "90,19", "2016");
    assert!(svg.contains("Corse-du-Sud : 5,3"), "2A's own value in 2016");
    let focus = outlines(&svg, FOCUS, "4");
    assert!(!focus.is_empty());
    // Corse is the south-east of the map: every focus point right of and below the centre.
    assert!(
        focus.iter().flatten().all(|&(x, y)| x > 600 && y > 600),
        "{focus:?}"
    );

    let svg = map("20", "07,28", "2019");
    assert!(
        svg.contains("Corse : 7,9"),
        "Corse (20) named in the legend"
    );
    let focus = outlines(&svg, FOCUS, "4");
    assert!(focus.len() >= 2, "2A and 2B outlined as Corse");
    assert!(focus.iter().flatten().all(|&(x, y)| x > 600 && y > 600));
}

#[test]
fn paris_is_outlined_on_the_map_and_in_the_ile_de_france_inset() {
    let svg = map("75", "92,93,94", "2022");
    assert!(has_text(&svg, "Paris et petite couronne"));
    let f = frames(&svg);
    let idf = f[0];
    // Île-de-France's box (at the top of the legend column, as large as the column) draws the
    // focus as wide as metropolitan France does, 4 px; Paris on metropolitan France, a few
    // pixels across, gets a line a third of its width at most (2 px), not a blob.
    let drawn = role_outlines(&svg, FOCUS);
    let widths: Vec<(u32, bool)> = drawn.iter().map(|(w, p)| (*w, inside(p, idf))).collect();
    assert_eq!(widths, [(2, false), (4, true)]);
    // The inset is larger than the sea corner of the map it used to sit in (150 px).
    assert!(idf.2 >= 200 && idf.3 >= 200, "{idf:?}");
    let focus: Vec<Vec<(i32, i32)>> = drawn.into_iter().map(|(_, p)| p).collect();
    assert!(focus.iter().any(|p| inside(p, idf)), "Paris enlarged");
    assert!(focus.iter().any(|p| !inside(p, idf)), "Paris on the map");
    // Paris is larger in the inset than on the map.
    let width = |p: &Vec<(i32, i32)>| {
        p.iter().map(|q| q.0).max().unwrap() - p.iter().map(|q| q.0).min().unwrap()
    };
    let big = focus.iter().filter(|p| inside(p, idf)).map(width).max();
    let small = focus.iter().filter(|p| !inside(p, idf)).map(width).max();
    assert!(big > small.map(|w| 3 * w), "{big:?} vs {small:?}");
    for code in ["75", "92", "93", "94"] {
        assert!(has_text(&svg, code), "code {code} in the inset");
    }
    // The petite couronne: 2 px on metropolitan France and in the inset.
    assert_eq!(outlines(&svg, PEER, "2").len(), 6);
}

#[test]
fn ranking_labels_corse_du_sud_in_2016_and_names_a_peer_without_rate() {
    let svg = chart("07_classement_taux_accueillis.sql", "2A", "2B", "2016");
    assert!(has_text(&svg, "Corse-du-Sud"), "focus labelled");
    assert!(
        svg.contains("5,3\u{a0}‰ – 99e sur 100"),
        "its value and rank"
    );
    assert!(has_text(&svg, "Haute-Corse"), "peer labelled");

    let svg = chart("07_classement_taux_accueillis.sql", "971", "69M,2A", "2022");
    assert!(has_text(&svg, "Guadeloupe"));
    assert!(
        svg.contains("n.d. : Corse-du-Sud (code publié par la DREES jusqu&apos;en 2017), Métropole de Lyon (taux n.d. : l&apos;Insee publie la population du"),
        "{}",
        svg.lines().filter(|l| l.contains("n.d.")).collect::<String>()
    );
}

#[test]
fn a_drom_report_has_its_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let stdout = stdout_ok(&[
        "report",
        "-d",
        "971",
        "--peers",
        "972,973",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!stdout.contains("carte"), "{stdout}");
    let figures = out.join("971-guadeloupe/figures");
    let map = std::fs::read_dir(&figures)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("carte_taux_accueillis.svg"));
    assert!(map.is_some(), "map drawn for a DROM focus");
    assert!(repo("data/geo/outre-mer.csv").is_file());
}

/// Every focus or peer outline of `svg` (colour `stroke`) with its width and points.
fn role_outlines(svg: &str, stroke: &str) -> Vec<(u32, Vec<(i32, i32)>)> {
    (1..=8)
        .flat_map(|w| {
            outlines(svg, stroke, &w.to_string())
                .into_iter()
                .map(move |p| (w, p))
        })
        .collect()
}

/// Mean width of a closed polyline in pixels: 4 × area / perimeter.
fn ring_width(p: &[(i32, i32)]) -> f64 {
    let twice_area: i64 = p
        .windows(2)
        .map(|w| i64::from(w[0].0) * i64::from(w[1].1) - i64::from(w[1].0) * i64::from(w[0].1))
        .sum();
    let perimeter: f64 = p
        .windows(2)
        .map(|w| f64::from(w[1].0 - w[0].0).hypot(f64::from(w[1].1 - w[0].1)))
        .sum();
    2.0 * twice_area.abs() as f64 / perimeter
}

#[test]
fn islets_keep_their_size_and_inset_lines_are_thinner() {
    // Guadeloupe (the Saintes, Petite-Terre, la Désirade), Martinique's islets, Finistère
    // (Ouessant, Sein, the Glénan), Morbihan (Belle-Île, Groix, Houat) and the Charente-Maritime
    // islands; Paris and Seine-Saint-Denis in the Île-de-France inset.
    let svg = map("971", "972,29,56,17,75,93", "2022");
    let f = frames(&svg);
    let (idf, guadeloupe, martinique) = (f[0], f[1], f[2]);
    for (stroke, base) in [(FOCUS, 4u32), (PEER, 2)] {
        let drawn = role_outlines(&svg, stroke);
        assert!(!drawn.is_empty());
        for (w, p) in &drawn {
            // No line wider than a third of the ring it goes round: an islet is never a blob.
            if p.first() == p.last() {
                assert!(
                    ring_width(p) >= 3.0 * f64::from(*w),
                    "{stroke} {w} px round a ring {:.1} px wide: {p:?}",
                    ring_width(p)
                );
            }
            // Overseas boxes draw half metropolitan France's widths; Île-de-France's box
            // (about 150 px) two thirds.
            let max = if inside(p, guadeloupe) || inside(p, martinique) {
                base / 2
            } else if inside(p, idf) {
                (base * 2).div_ceil(3)
            } else {
                base
            };
            assert!(*w <= max, "{stroke} {w} px > {max}: {p:?}");
        }
    }
    // Guadeloupe: its main islands outlined at 2 px; its islets too small for a line drawn
    // by their fill alone, so there are more filled rings than outlined ones in its box.
    let in_box = |b| {
        elements(&svg, "polygon")
            .into_iter()
            .filter(|e| attr(e, "fill") == Some("#6BA1D6"))
            .filter(|e| {
                let pts: Vec<(i32, i32)> = attr(e, "points")
                    .unwrap()
                    .split_whitespace()
                    .map(|xy| {
                        let (x, y) = xy.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect();
                inside(&pts, b)
            })
            .count()
    };
    let outlined = outlines(&svg, FOCUS, "2")
        .into_iter()
        .filter(|p| inside(p, guadeloupe))
        .count();
    assert!(outlined >= 2, "Basse-Terre and Grande-Terre");
    assert!(
        in_box(guadeloupe) > outlined,
        "{} fills",
        in_box(guadeloupe)
    );
}

/// The legend's classes, top to bottom: (lowest, highest) rounded value and count.
fn legend_classes(svg: &str) -> Vec<(f64, f64, usize)> {
    let num = |s: &str| s.replace(',', ".").parse::<f64>().unwrap();
    svg.lines()
        .filter_map(|l| {
            let (label, n) = l.strip_suffix(')')?.rsplit_once(" (")?;
            let n = n.parse::<usize>().ok()?;
            let range = label.strip_suffix("\u{a0}‰")?;
            Some(match range.strip_prefix("de ") {
                Some(r) => {
                    let (lo, hi) = r.split_once(" à ")?;
                    (num(lo), num(hi), n)
                }
                None => (num(range), num(range), n),
            })
        })
        .collect()
}

/// The count of the legend's «n.d.» entry, 0 without one.
fn legend_missing(svg: &str) -> usize {
    svg.lines()
        .find_map(|l| l.strip_prefix("n.d. (")?.strip_suffix(')')?.parse().ok())
        .unwrap_or(0)
}

/// The rates per 1 000 aged 0-20 of the year's partition (France entière hors Mayotte), from
/// the `rates` and `territory_partition` views, rounded to the map's one decimal; NULL rates
/// are `None`.
fn partition_rates(year: &str) -> Vec<(String, Option<i64>)> {
    let sql = format!(
        "SELECT p.territory, r.rate_per_1000 FROM territory_partition p \
         LEFT JOIN rates r ON r.territory = p.territory AND r.year = p.year \
         AND r.indicator = 'TotEnfAccueillisASE' AND r.band = '0-20' \
         WHERE p.year = {year} AND p.scope = 'FRE' ORDER BY p.territory"
    );
    stdout_ok(&["query", "--format", "csv", &sql])
        .lines()
        .skip(1)
        .map(|l| {
            let (code, v) = l.split_once(',').unwrap();
            let v = (!v.is_empty()).then(|| (v.parse::<f64>().unwrap() * 10.0).round() as i64);
            (code.to_string(), v)
        })
        .collect()
}

#[test]
fn legend_counts_each_territory_of_the_partition_once() {
    // (year, territories of the partition, the legend's counts top to bottom): Corse is 2A and
    // 2B until 2017 (100 territories), 20 from 2018 (99), drawn as 2A and 2B and counted once.
    for (year, territories, counts) in [
        ("2010", 100, [20, 19, 20, 21, 20]),
        ("2016", 100, [19, 21, 18, 21, 21]),
        ("2017", 100, [20, 20, 20, 19, 21]),
        ("2018", 99, [19, 20, 19, 21, 20]),
        ("2022", 99, [19, 20, 19, 21, 20]),
    ] {
        let svg = map("61", "14", year);
        let classes = legend_classes(&svg);
        let shown: Vec<usize> = classes.iter().map(|c| c.2).collect();
        assert_eq!(shown, counts, "{year}");
        let rates = partition_rates(year);
        assert_eq!(rates.len(), territories, "{year}");
        assert_eq!(
            shown.iter().sum::<usize>() + legend_missing(&svg),
            territories,
            "{year}: the counts add up to the territories of the partition"
        );
        // Each class holds exactly the partition's territories whose rounded rate lies in
        // its bounds.
        for (lo, hi, n) in &classes {
            let (lo, hi) = ((lo * 10.0).round() as i64, (hi * 10.0).round() as i64);
            let held = rates
                .iter()
                .filter(|(_, v)| v.is_some_and(|v| (lo..=hi).contains(&v)))
                .count();
            assert_eq!(held, *n, "{year}: class {lo}..={hi}");
        }
        let corse_once = svg.contains("\n2A et 2B : un seul territoire (20)\n");
        assert_eq!(corse_once, territories == 99, "{year}");
    }
}
