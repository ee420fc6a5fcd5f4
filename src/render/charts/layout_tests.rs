//! Layout checks read from the SVG a chart writes: text boxes computed from each `<text>`'s
//! position, anchor and size with the font metrics the layout uses ([`theme::text_width`]),
//! so that overlaps a reader would see fail here — table headers within their columns, the
//! ranking's labels, leaders and reference labels apart, the table's label header, the years
//! a time series drops named.

use crate::model::format::Unit;
use crate::render::model::{Bar, Body, Chart, Column, Line, Meta, Role, Row, Table};
use crate::render::{ImageFormat, render, theme};

/// A text of the SVG and its box (x0, y0, x1, y1) in pixels.
#[derive(Debug)]
struct TextBox {
    text: String,
    b: (f64, f64, f64, f64),
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every `<text>` of `svg` with its box: the SVG's `y` is the baseline raised by a tenth of the
/// size (`layout::text`), its font size the layout's size over 1.24 (plotters' points); a
/// line's box runs from 0.8 size above the baseline to 0.2 below.
fn text_boxes(svg: &str) -> Vec<TextBox> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text ") {
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..tag_end];
        let close = rest[tag_end..].find("</text>").unwrap() + tag_end;
        let text = unescape(rest[tag_end + 1..close].trim());
        rest = &rest[close..];
        let num = |n: &str| attr(tag, n).and_then(|v| v.parse::<f64>().ok()).unwrap();
        let size = (num("font-size") * 1.24 * 100.0).round() / 100.0;
        let bold = attr(tag, "font-weight").is_some_and(|w| w == "bold");
        let w = f64::from(theme::text_width(&text, size, bold));
        let (x, baseline) = (num("x"), num("y") + (0.1 * size).round());
        let x0 = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        out.push(TextBox {
            text,
            b: (x0, baseline - 0.8 * size, x0 + w, baseline + 0.2 * size),
        });
    }
    out
}

fn intersect(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    // Half a pixel of rounding either way is no overlap.
    a.0 + 0.5 < b.2 && b.0 + 0.5 < a.2 && a.1 + 0.5 < b.3 && b.1 + 0.5 < a.3
}

/// Pairs of texts whose boxes intersect.
fn overlaps(boxes: &[TextBox]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if intersect(a.b, b.b) {
                out.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    out
}

/// Vertical segments (x, y0, y1) of the SVG's polylines: the ranking's leaders.
fn vertical_segments(svg: &str) -> Vec<(f64, f64, f64)> {
    let mut out = Vec::new();
    for tag in svg.split("<polyline").skip(1) {
        let Some(points) = attr(&format!(" {}", tag.trim_start()), "points") else {
            continue;
        };
        let pts: Vec<(f64, f64)> = points
            .split_whitespace()
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            })
            .collect();
        for w in pts.windows(2) {
            if w[0].0 == w[1].0 && w[0].1 != w[1].1 {
                out.push((w[0].0, w[0].1.min(w[1].1), w[0].1.max(w[1].1)));
            }
        }
    }
    out
}

fn svg(chart: &Chart) -> String {
    String::from_utf8(render(chart, ImageFormat::Svg).expect("render svg")).expect("utf-8")
}

/// A custom table of twelve columns (AED+AEMO and placements, 2018 to 2023): every header
/// stays in its column, no text runs into another, the label column has its header.
#[test]
fn table_headers_wrap_within_their_columns() {
    let mut columns = Vec::new();
    for what in ["AED+AEMO", "Placements"] {
        for year in 2018..=2023 {
            columns.push(Column {
                header: format!("{what} {year}"),
                unit: Unit::Count,
                decimals: 0,
                signed: false,
            });
        }
    }
    let row = |label: &str, role| Row {
        label: label.into(),
        role,
        cells: (0..12)
            .map(|i| Some(1000.0 + 137.0 * f64::from(i)))
            .collect(),
        secret: false,
    };
    let chart = Chart::new(
        Meta::new("Mesures par année", Unit::Count, "Source : DREES."),
        Body::Table(Table {
            label_header: None,
            columns,
            rows: vec![
                row("Seine-Saint-Denis", Role::Focus),
                row("Bouches-du-Rhône", Role::Peer),
                row("France métropolitaine", Role::Reference),
            ],
        }),
    );
    let s = svg(&chart);
    let boxes = text_boxes(&s);
    assert_eq!(overlaps(&boxes), Vec::<(String, String)>::new());
    assert!(boxes.iter().any(|b| b.text == "Territoire"), "{s}");
    // Each header's pieces sit side by side with the other columns' pieces: the widest piece
    // of a column is narrower than the column.
    let width = f64::from(theme::TABLE_WIDTH - 2 * theme::MARGIN);
    for b in boxes.iter().filter(|b| b.text.starts_with("AED")) {
        assert!(
            b.b.2 - b.b.0 < width / 12.0,
            "{} is wider than its column",
            b.text
        );
    }
}

/// The table PNG is the SVG rasterised: its header keeps « Territoire » (the tableau de bord
/// PNG had lost it).
#[test]
fn table_image_keeps_its_label_header() {
    let chart = Chart::new(
        Meta::new("Tableau de bord", Unit::Count, "Source : DREES."),
        Body::Table(Table {
            label_header: None,
            columns: vec![Column {
                header: "Enfants accueillis (nombre)".into(),
                unit: Unit::Count,
                decimals: 0,
                signed: false,
            }],
            rows: vec![Row {
                label: "Charente-Maritime".into(),
                role: Role::Focus,
                cells: vec![Some(1880.0)],
                secret: false,
            }],
        }),
    );
    let boxes = text_boxes(&svg(&chart));
    let header = boxes
        .iter()
        .find(|b| b.text == "Territoire")
        .expect("Territoire");
    let column = boxes
        .iter()
        .find(|b| b.text.starts_with("Enfants"))
        .expect("column header");
    // In the header band, left of the value columns, on the same band as their header.
    assert!(header.b.2 < column.b.0);
    assert!(header.b.1 < column.b.3 + 40.0 && column.b.1 < header.b.3 + 40.0);
    assert!(!render(&chart, ImageFormat::Png).unwrap().is_empty());
}

/// 99 départements, the focus and four peers next to each other in the ranking, two
/// references 0,2 apart: labels, leaders and both reference labels never cross.
#[test]
fn ranking_labels_leaders_and_close_references_never_cross() {
    let mut bars: Vec<Bar> = (0..99)
        .map(|i| Bar {
            label: format!("Département {i:02}"),
            value: Some(26.0 - 0.2 * f64::from(i)),
            role: Role::Other,
        })
        .collect();
    for (i, (label, role)) in [
        (73, ("Moselle", Role::Peer)),
        (75, ("Bouches-du-Rhône", Role::Peer)),
        (76, ("Seine-Saint-Denis", Role::Focus)),
        (85, ("Loire-Atlantique", Role::Peer)),
        (88, ("Val-d'Oise", Role::Peer)),
    ] {
        bars[i].label = label.into();
        bars[i].role = role;
    }
    bars.push(Bar {
        label: "France métropolitaine".into(),
        value: Some(12.5),
        role: Role::Reference,
    });
    bars.push(Bar {
        label: "Île-de-France".into(),
        value: Some(12.3),
        role: Role::Reference,
    });
    let chart = Chart::new(
        Meta::new(
            "Où se situe le département ?",
            Unit::PerThousand,
            "Source : DREES.",
        ),
        Body::Ranking { bars },
    );
    let s = svg(&chart);
    let boxes = text_boxes(&s);
    assert_eq!(overlaps(&boxes), Vec::<(String, String)>::new());
    for reference in [
        "France métropolitaine : 12,5\u{a0}‰",
        "Île-de-France : 12,3\u{a0}‰",
    ] {
        assert!(
            boxes.iter().any(|b| b.text == reference),
            "{reference} lost: {:?}",
            boxes.iter().map(|b| &b.text).collect::<Vec<_>>()
        );
    }
    for (x, y0, y1) in vertical_segments(&s) {
        for b in &boxes {
            assert!(
                !intersect((x - 0.5, y0, x + 0.5, y1), b.b),
                "a leader at x = {x} ({y0}–{y1}) crosses « {} »",
                b.text
            );
        }
    }
}

/// A time series whose last year has no value anywhere: the axis stops before it and a note
/// names it.
#[test]
fn a_chart_names_the_years_it_drops() {
    let pts = |v: [Option<f64>; 3]| (2021..).zip(v).collect::<Vec<_>>();
    let chart = Chart::new(
        Meta::new("Mesures", Unit::Count, "Source : DREES."),
        Body::Lines {
            lines: vec![
                Line {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    points: pts([Some(10.0), Some(11.0), None]),
                    quantile: None,
                },
                Line {
                    label: "Calvados".into(),
                    role: Role::Peer,
                    points: pts([Some(9.0), Some(9.5), None]),
                    quantile: None,
                },
            ],
        },
    );
    assert_eq!(
        chart.meta.notes,
        ["Aucune valeur en 2023 : année non tracée."]
    );
    assert!(svg(&chart).contains("Aucune valeur en 2023 : année non tracée."));
    // Two years, and none when every year has a value somewhere.
    let body = |last: Option<f64>| Body::Lines {
        lines: vec![Line {
            label: "Orne".into(),
            role: Role::Focus,
            points: vec![(2020, None), (2021, Some(3.0)), (2022, None), (2023, last)],
            quantile: None,
        }],
    };
    assert_eq!(
        crate::render::dropped_years_note(&body(None)).as_deref(),
        Some("Aucune valeur en 2020, 2022 et 2023 : années non tracées.")
    );
    assert_eq!(crate::render::dropped_years(&body(Some(4.0))), [2020]);
}

/// Every bubble of a scatter's SVG: centre and radius (the transparent hit circles left out).
fn bubbles(svg: &str) -> Vec<(f64, f64, f64)> {
    svg.split("<circle ")
        .skip(1)
        .map(|c| &c[..c.find('>').unwrap()])
        .filter(|tag| !tag.contains("class=\"hit\""))
        .filter_map(|tag| {
            let num = |n: &str| attr(&format!(" {tag}"), n)?.parse::<f64>().ok();
            Some((num("cx")?, num("cy")?, num("r")?))
        })
        .collect()
}

/// Whether the circle `(cx, cy, r)` reaches inside the box.
fn circle_meets((cx, cy, r): (f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    let (nx, ny) = (cx.clamp(b.0, b.2), cy.clamp(b.1, b.3));
    (cx - nx).powi(2) + (cy - ny).powi(2) < (r - 0.5).max(0.0).powi(2)
}

#[test]
fn scatter_line_and_reference_labels_lie_where_no_bubble_is() {
    use crate::render::model::{Point, XAxis};
    // A dense cloud along y = x (the least-squares line runs through it, end to end), big
    // bubbles at its upper end, and a reference whose lines cross the cloud.
    let mut points: Vec<Point> = (0..120)
        .map(|i| {
            let x = f64::from(i) / 4.0;
            Point {
                label: format!("D{i}"),
                role: Role::Other,
                x: Some(x),
                y: Some(x + if i % 2 == 0 { 0.6 } else { -0.6 }),
                size: Some(if i > 100 {
                    900_000.0
                } else {
                    60_000.0 + f64::from(i) * 3000.0
                }),
            }
        })
        .collect();
    points.push(Point {
        label: "France métropolitaine".into(),
        role: Role::Reference,
        x: Some(20.0),
        y: Some(27.0),
        size: None,
    });
    let chart = Chart::new(
        Meta::new("Nuage", Unit::PerThousand, "Source : test"),
        Body::Scatter {
            x: XAxis {
                label: "Indicateur en abscisse (‰)".into(),
                unit: Unit::PerThousand,
                decimals: 1,
                size_label: "population".into(),
            },
            points,
        },
    );
    let svg = svg(&chart);
    let circles = bubbles(&svg);
    assert!(circles.len() >= 120, "{}", circles.len());
    let boxes = text_boxes(&svg);
    // The line's label once, the reference's twice (its horizontal and vertical lines).
    for (wanted, count) in [
        ("Droite des moindres carrés", 1),
        ("France métropolitaine", 2),
    ] {
        let labels: Vec<_> = boxes
            .iter()
            .filter(|b| b.text.starts_with(wanted))
            .collect();
        assert_eq!(labels.len(), count, "{wanted}");
        for label in labels {
            let hit: Vec<_> = circles
                .iter()
                .filter(|&&c| circle_meets(c, label.b))
                .collect();
            assert!(
                hit.is_empty(),
                "{wanted} {:?} under bubbles {hit:?}",
                label.b
            );
        }
    }
    assert!(overlaps(&boxes).is_empty(), "{:?}", overlaps(&boxes));
}
