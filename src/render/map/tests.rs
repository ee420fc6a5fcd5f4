//! Classes, legend, insets and snapshot of the map kind.

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
        square("971", "Guadeloupe", -61.8, 15.9),
        square("976", "Mayotte", 44.9, -13.0),
    ];
    let v = |code: &str, value, role| MapValue {
        code: code.into(),
        value,
        role,
        counted_as: Some(code.into()),
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
            period: None,
        },
        Body::Map {
            shapes,
            values: vec![
                v("16", Some(10.04), Role::Peer),
                v("17", Some(12.5), Role::Focus),
                v("79", None, Role::Other),
                v("971", Some(14.4), Role::Peer),
                v("976", None, Role::Other),
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
    let c = Classes::quantiles(&[-3.5, -2.0, 4.6, 4.0, 36.7, 41.3, 1.0, 2.0, 3.0, 5.0], 1).unwrap();
    assert_eq!(c.label(0, Unit::Percent, true), "de -3,5 à -2,0\u{a0}%");
    assert_eq!(c.label(4, Unit::Percent, true), "de +5,1 à +41,3\u{a0}%");
}

#[test]
fn outlines_follow_the_panel_and_never_swamp_an_islet() {
    let (focus, peer) = (theme::MAP_FOCUS_STROKE, theme::MAP_PEER_STROKE);
    let o = |stroke, halo| Outline { stroke, halo };
    // Metropolitan France (factor 1), a wide ring: the theme's widths.
    assert_eq!(Outline::of(focus, 1.0, 200.0), o(4, 7));
    assert_eq!(Outline::of(peer, 1.0, 200.0), o(2, 5));
    // An overseas box (half the full-stroke side): half as wide, at least 1 pixel.
    assert_eq!(Outline::of(focus, 0.5, 200.0), o(2, 4));
    assert_eq!(Outline::of(peer, 0.5, 200.0), o(1, 3));
    assert_eq!(Outline::of(peer, 0.1, 200.0), o(1, 2));
    // A ring at most a third of its width: an islet 4 px wide gets a 1 px line, a 2 px one
    // none (drawn at its size, by its fill alone).
    assert_eq!(Outline::of(focus, 1.0, 4.0), o(1, 2));
    assert_eq!(Outline::of(focus, 1.0, 7.0), o(2, 4));
    assert_eq!(Outline::of(focus, 1.0, 2.9), o(0, 0));
    assert_eq!(Outline::of(focus, 0.5, 0.4), o(0, 0));

    // 4 × area / perimeter: a square's side, a disc's diameter.
    assert_eq!(
        ring_width(&[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]),
        10.0
    );
    assert_eq!(
        ring_width(&[(0, 0), (40, 0), (40, 2), (0, 2), (0, 0)]),
        160.0 / 42.0
    );
    assert_eq!(ring_width(&[(3, 3), (3, 3)]), 0.0);
}

#[test]
fn corse_drawn_as_2a_and_2b_counts_once() {
    let Chart {
        meta,
        body: Body::Map {
            mut shapes,
            mut values,
        },
    } = fixture()
    else {
        unreachable!()
    };
    shapes.push(square("2A", "Corse-du-Sud", 8.5, 41.5));
    shapes.push(square("2B", "Haute-Corse", 9.0, 42.5));
    for code in ["2A", "2B"] {
        values.push(MapValue {
            code: code.into(),
            value: Some(8.1),
            role: Role::Other,
            counted_as: Some("20".into()),
        });
    }
    // Mayotte counts nowhere (outside the partition): neither classed nor n.d.
    for v in &mut values {
        if v.code == "976" {
            v.counted_as = None;
        }
    }
    let svg = String::from_utf8(
        crate::render::render(
            &Chart::new(meta, Body::Map { shapes, values }),
            ImageFormat::Svg,
        )
        .unwrap(),
    )
    .unwrap();
    // 16, 17, 971 and Corse once: four territories with a value in four classes, 79 n.d.
    let counts: Vec<&str> = svg
        .lines()
        .filter(|l| l.ends_with(')') && (l.starts_with("de ") || l.contains('‰')))
        .collect();
    assert_eq!(
        counts,
        [
            "de 12,6 à 14,4\u{a0}‰ (1)",
            "de 10,1 à 12,5\u{a0}‰ (1)",
            "de 8,2 à 10,0\u{a0}‰ (1)",
            "8,1\u{a0}‰ (1)"
        ]
    );
    assert!(svg.contains("\nn.d. (1)\n"), "Deux-Sèvres only");
    assert!(svg.contains("\n2A et 2B : un seul territoire (20)\n"));
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
    let svg =
        String::from_utf8(crate::render::render(&fixture(), ImageFormat::Svg).unwrap()).unwrap();
    assert!(svg.contains("Charente-Maritime : 12,5"));
    assert!(svg.contains("n.d. (1)"), "Deux-Sèvres; Mayotte is not n.d.");
    assert!(svg.contains("Mayotte : hors champ DREES"));
    assert!(svg.contains("\nGuadeloupe\n"), "inset label");
    assert!(svg.contains("Guadeloupe : 14,4"), "peer in the legend");
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
    let Chart {
        meta,
        body: Body::Map { shapes, mut values },
    } = fixture()
    else {
        unreachable!()
    };
    for v in &mut values {
        v.value = None;
    }
    let e = crate::render::render(
        &Chart::new(
            meta.clone(),
            Body::Map {
                shapes,
                values: values.clone(),
            },
        ),
        ImageFormat::Svg,
    )
    .unwrap_err();
    assert!(matches!(e, RenderError::Empty { .. }), "{e}");
    let e = crate::render::render(
        &Chart::new(
            meta,
            Body::Map {
                shapes: vec![],
                values,
            },
        ),
        ImageFormat::Svg,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("aucun contour de département à tracer"),
        "{e}"
    );
}

/// The committed outlines (`data/geo/*.csv`), read with the model's builder (the render stage
/// does not name the importer).
fn committed_shapes() -> Vec<Shape> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/geo");
    let mut builder = geo::ShapeBuilder::default();
    for file in ["departements.csv", "outre-mer.csv"] {
        let mut rdr = csv::Reader::from_path(dir.join(file)).unwrap();
        for (i, rec) in rdr.records().enumerate() {
            let r = rec.unwrap();
            let n = |k: usize| r[k].parse::<f64>().unwrap();
            builder
                .push(
                    i as u64 + 2,
                    &r[0],
                    &r[1],
                    n(2) as usize,
                    n(3) as usize,
                    n(4),
                    n(5),
                )
                .unwrap();
        }
    }
    builder.finish().unwrap()
}

/// Writes /tmp/render-look/map.png from the committed outlines (metropolitan and overseas) for a visual
/// check: `cargo test look_real_map -- --ignored`.
#[test]
#[ignore]
fn look_real_map() {
    let shapes = committed_shapes();
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
            counted_as: Some(s.code.clone()),
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
            period: None,
        },
        Body::Map { shapes, values },
    );
    std::fs::create_dir_all("/tmp/render-look").unwrap();
    let fixture = crate::render::render(&fixture(), ImageFormat::Png).unwrap();
    std::fs::write("/tmp/render-look/map-fixture.png", &fixture).unwrap();
    let png = crate::render::render(&chart, ImageFormat::Png).unwrap();
    std::fs::write("/tmp/render-look/map.png", &png).unwrap();
    let svg = crate::render::render(&chart, ImageFormat::Svg).unwrap();
    std::fs::write("/tmp/render-look/map.svg", &svg).unwrap();
}

/// The legend boxes of the focus and the peers are filled as their départements are on the
/// map (their value's class colour), inside their outline; without a value, hatched as n.d.
#[test]
fn focus_and_peer_legend_boxes_are_filled() {
    let chart = fixture();
    let svg = String::from_utf8(crate::render::render(&chart, ImageFormat::Svg).unwrap()).unwrap();
    let Body::Map { values, .. } = &chart.body else {
        unreachable!()
    };
    let mapped: Vec<f64> = values.iter().filter_map(|v| v.value).collect();
    let classes = Classes::quantiles(&mapped, 1).unwrap();
    // Filled swatches: `<rect … fill="#RRGGBB" …>` of the swatch's size.
    let filled: Vec<String> = svg
        .split("<rect")
        .skip(1)
        .filter(|r| {
            r.contains(&format!("width=\"{}\"", SWATCH.0))
                && r.contains(&format!("height=\"{}\"", SWATCH.1))
        })
        .filter_map(|r| {
            let i = r.find("fill=\"#")? + 6;
            Some(r[i..i + 7].to_string())
        })
        .collect();
    for v in values
        .iter()
        .filter(|v| matches!(v.role, Role::Focus | Role::Peer))
    {
        let Some(value) = v.value else { continue };
        let c = classes.colour(classes.class_of(value));
        let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        // The class's own swatch, and the box of the focus or peer.
        assert!(
            filled
                .iter()
                .filter(|f| f.eq_ignore_ascii_case(&hex))
                .count()
                >= 2,
            "{} ({value}) : no box filled with {hex} in {filled:?}",
            v.code
        );
    }
}
