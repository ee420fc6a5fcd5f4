//! Chart kinds: SVG snapshots, French labels, deterministic PNGs, errors naming the chart.

use super::lines::spread;
use super::ranking::ranks;
use crate::model::format::Unit;
use crate::render::model::{
    Bar, Body, Chart, Column, Line, Meta, Point, Role, Row, Stack, Table, XAxis,
};
use crate::render::scales::Scale;
use crate::render::{ImageFormat, RenderError, canvas_size, png, render, theme};

const SOURCE: &str = "Source : DREES, enquête Aide sociale ; Insee. Données au 31/12/2022.";

fn bar(label: &str, value: Option<f64>, role: Role) -> Bar {
    Bar {
        label: label.into(),
        value,
        role,
    }
}

fn bars() -> Chart {
    let mut meta = Meta::new(
        "Évolution du nombre d'enfants confiés entre 2018 et 2022",
        Unit::Percent,
        SOURCE,
    );
    meta.signed = true;
    meta.subtitle = Some("Enfants confiés à l'ASE au 31 décembre".into());
    Chart::new(
        meta,
        Body::Bars {
            bars: vec![
                bar("Charente-Maritime", Some(16.1), Role::Focus),
                bar("Côtes-d'Armor", Some(12.4), Role::Peer),
                bar("Pyrénées-Atlantiques", Some(-2.3), Role::Peer),
                bar("Calvados", None, Role::Peer),
                bar("France métropolitaine", Some(12.1), Role::Reference),
            ],
        },
    )
}

fn lines() -> Chart {
    let pts = |vals: [Option<f64>; 4]| (2019..).zip(vals).collect::<Vec<_>>();
    Chart::new(
        Meta::new("Taux d'enfants accueillis", Unit::PerThousand, SOURCE),
        Body::Lines {
            lines: vec![
                Line {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    points: pts([Some(10.1), Some(10.6), Some(11.2), Some(11.8)]),
                    quantile: None,
                },
                Line {
                    label: "Calvados".into(),
                    role: Role::Peer,
                    points: pts([Some(12.0), None, Some(12.4), Some(12.6)]),
                    quantile: None,
                },
                Line {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    points: pts([Some(9.8), Some(10.0), Some(10.1), Some(10.4)]),
                    quantile: None,
                },
            ],
        },
    )
}

fn composition() -> Chart {
    Chart::new(
        Meta::new("Répartition des mesures", Unit::Percent, SOURCE),
        Body::Composition {
            parts: vec!["Placements".into(), "Actions éducatives".into()],
            stacks: vec![
                Stack {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    parts: vec![Some(52.5), Some(47.5)],
                },
                Stack {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    parts: vec![Some(49.2), Some(50.8)],
                },
            ],
        },
    )
}

fn ranking() -> Chart {
    let mut bars: Vec<Bar> = (1..=12)
        .map(|k| {
            bar(
                &format!("Département {k}"),
                Some(f64::from(k * 7 % 13) + 2.5),
                Role::Other,
            )
        })
        .collect();
    bars[3].role = Role::Focus;
    bars[3].label = "Charente-Maritime".into();
    bars[8].role = Role::Peer;
    bars[8].label = "Calvados".into();
    bars[10].value = None;
    bars.push(bar("France métropolitaine", Some(8.0), Role::Reference));
    Chart::new(
        Meta::new(
            "Taux d'enfants accueillis en 2022",
            Unit::PerThousand,
            SOURCE,
        ),
        Body::Ranking { bars },
    )
}

fn matrix() -> Chart {
    Chart::new(
        Meta::new("Actions des schémas par thème", Unit::Count, SOURCE),
        Body::Matrix {
            rows: vec!["Prévention".into(), "Accueil familial".into()],
            columns: vec![
                "Charente-Maritime".into(),
                "Calvados".into(),
                "Pyrénées-Atlantiques".into(),
            ],
            cells: vec![
                vec![Some(3.0), Some(0.0), None],
                vec![Some(1.0), Some(5.0), Some(2.0)],
            ],
        },
    )
}

fn table() -> Chart {
    Chart::new(
        Meta::new("Indicateurs clés 2022", Unit::Count, SOURCE),
        Body::Table(Table {
            label_header: None,
            columns: vec![
                Column {
                    header: "Enfants confiés".into(),
                    unit: Unit::Count,
                    decimals: 0,
                    signed: false,
                },
                Column {
                    header: "Évolution 2018-2022".into(),
                    unit: Unit::Percent,
                    decimals: 1,
                    signed: true,
                },
            ],
            rows: vec![
                Row {
                    label: "Charente-Maritime".into(),
                    role: Role::Focus,
                    cells: vec![Some(2345.0), Some(16.1)],
                    secret: false,
                },
                Row {
                    label: "Calvados".into(),
                    role: Role::Peer,
                    cells: vec![None, Some(-0.7)],
                    secret: false,
                },
                Row {
                    label: "France métropolitaine".into(),
                    role: Role::Reference,
                    cells: vec![Some(198_765.0), Some(12.1)],
                    secret: false,
                },
            ],
        }),
    )
}

/// Ten départements on two rates, bubbles sized by population, a reference.
fn scatter() -> Chart {
    let mut meta = Meta::new(
        "Part judiciaire des actions éducatives selon le taux d'enfants accueillis",
        Unit::Percent,
        SOURCE,
    );
    meta.axis_label = Some("Part judiciaire des actions éducatives (%)".into());
    meta.period = Some("2022".into());
    let point = |label: &str, x: f64, y: f64, size: f64, role: Role| Point {
        label: label.into(),
        role,
        x: Some(x),
        y: Some(y),
        size: Some(size),
    };
    let mut points = vec![
        point("Charente-Maritime", 16.9, 79.0, 120_000.0, Role::Focus),
        point("Côtes-d'Armor", 14.1, 59.0, 115_000.0, Role::Peer),
        point("Calvados", 18.2, 60.4, 130_000.0, Role::Peer),
        point(
            "France métropolitaine",
            12.5,
            70.4,
            15_000_000.0,
            Role::Reference,
        ),
    ];
    for k in 0..7 {
        let k = f64::from(k);
        points.push(point(
            &format!("Département {k}"),
            8.0 + 2.0 * k,
            55.0 + 3.5 * k,
            40_000.0 + 60_000.0 * k,
            Role::Other,
        ));
    }
    points.push(Point {
        label: "Mayotte".into(),
        role: Role::Other,
        x: None,
        y: Some(50.0),
        size: None,
    });
    Chart::new(
        meta,
        Body::Scatter {
            x: XAxis {
                label: "Enfants accueillis pour 1 000 jeunes (‰)".into(),
                unit: Unit::PerThousand,
                decimals: 1,
                size_label: "population de 0 à 19 ans".into(),
            },
            points,
        },
    )
}

#[test]
fn scatter_bubbles_titles_and_fitted_line() {
    let s = svg(&scatter());
    // One bubble per département with both values (10, Mayotte without x left out): fill and
    // edge circles, each group titled with both values and the population.
    assert_eq!(
        s.matches("<g class=\"mark\"><title>").count(),
        10 + 1 + 2,
        "{s}"
    );
    assert!(s.contains(
        "<title>Charente-Maritime, 2022 : Enfants accueillis pour 1 000 jeunes (‰) : 16,9\u{a0}‰ ; Part judiciaire des actions éducatives (%) : 79,0\u{a0}% ; population de 0 à 19 ans : 120\u{a0}000</title>"
    ), "{s}");
    assert!(s.contains("Droite des moindres carrés des départements (r = "));
    assert!(!s.contains("Mayotte"));
    // The bubbles' areas follow the population: the largest département has the largest radius.
    let (a, b, r) = super::scatter::least_squares(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]).unwrap();
    assert!((a - 0.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12 && (r - 1.0).abs() < 1e-12);
    assert_eq!(
        super::scatter::least_squares(&[(1.0, 2.0), (1.0, 3.0), (1.0, 4.0)]),
        None
    );
    assert_eq!(
        super::scatter::least_squares(&[(1.0, 2.0), (2.0, 3.0)]),
        None
    );
}

fn all() -> Vec<(&'static str, Chart)> {
    vec![
        ("chart_bars", bars()),
        ("chart_lines", lines()),
        ("chart_composition", composition()),
        ("chart_ranking", ranking()),
        ("chart_matrix", matrix()),
        ("chart_table", table()),
        ("chart_scatter", scatter()),
    ]
}

fn svg(chart: &Chart) -> String {
    String::from_utf8(render(chart, ImageFormat::Svg).expect("render svg")).expect("utf-8")
}

#[test]
fn svg_snapshots() {
    // Snapshot files are named after the chart only, so they keep their names once this
    // module is copied into the main crate.
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| {
        for (name, chart) in all() {
            insta::assert_snapshot!(name, svg(&chart));
        }
    });
}

#[test]
fn svg_contains_french_labels() {
    let s = svg(&bars());
    assert!(s.contains("+16,1\u{a0}%"), "signed value label");
    assert!(s.contains("-2,3\u{a0}%"), "negative value label");
    assert!(s.contains("n.d."), "NULL shown as n.d.");
    assert!(s.contains("Source : DREES"), "source line");
    let r = svg(&ranking());
    assert!(
        r.contains("1er sur 11") || r.contains("e sur 11"),
        "rank among non-NULL values"
    );
    let t = svg(&table());
    assert!(t.contains("198\u{a0}765") && t.contains("+16,1\u{a0}%") && t.contains("-0,7\u{a0}%"));
    let l = svg(&lines());
    assert!(
        l.contains("2019") && !l.contains("2\u{a0}019"),
        "years without separator"
    );
}

#[test]
fn every_mark_has_its_value_on_hover_and_the_png_does_not_change() {
    for (name, chart) in all() {
        let with = svg(&chart);
        let bare = crate::render::marks::without(|| svg(&chart));
        assert!(!bare.contains("<title>"), "{name}");
        assert_eq!(crate::render::marks::for_raster(&with), bare, "{name}");
        assert_eq!(
            render(&chart, ImageFormat::Png).unwrap(),
            crate::render::png::rasterise(&bare).unwrap(),
            "{name}: the PNG is the picture without titles"
        );
    }
    let titles = |s: &str| -> Vec<String> {
        s.split("<title>")
            .skip(1)
            .map(|t| t[..t.find("</title>").unwrap()].to_string())
            .collect()
    };
    let b = titles(&svg(&bars()));
    assert!(b.len() >= 4, "{b:?}");
    assert!(b.iter().any(|t| t.ends_with(" : n.d.")), "{b:?}");
    let l = titles(&svg(&lines()));
    assert!(l.iter().any(|t| t.contains(", 2019 : ")), "{l:?}");
    let t = titles(&svg(&table()));
    assert!(
        t.contains(&"Calvados — Évolution 2018-2022 : -0,7\u{a0}%".to_string())
            || t.iter()
                .any(|x| x.starts_with("Calvados — ") && x.ends_with(": n.d.")),
        "{t:?}"
    );
}

#[test]
fn png_is_deterministic_and_valid() {
    for (name, chart) in all() {
        let a = render(&chart, ImageFormat::Png).expect("render png");
        assert_eq!(&a[..8], &png::SIGNATURE, "{name}");
        let (w, h) = crate::render::canvas_size(&chart);
        assert_eq!(
            &a[16..24],
            [w.to_be_bytes(), h.to_be_bytes()].concat().as_slice(),
            "{name}"
        );
        if name == "chart_bars" {
            let b = render(&chart, ImageFormat::Png).expect("render png");
            assert_eq!(a, b, "PNG bytes differ between runs");
        }
    }
    assert_eq!(svg(&lines()), svg(&lines()));
}

#[test]
fn errors_name_the_chart() {
    let empty = Chart::new(
        Meta::new("Taux vide", Unit::Percent, SOURCE),
        Body::Bars {
            bars: vec![bar("Calvados", None, Role::Peer)],
        },
    );
    let e = render(&empty, ImageFormat::Svg).unwrap_err();
    assert_eq!(
        e.to_string(),
        "graphique « Taux vide » : aucune valeur à tracer"
    );

    let mut c = composition();
    let Body::Composition { stacks, .. } = &mut c.body else {
        unreachable!()
    };
    stacks[0].parts.pop();
    let e = render(&c, ImageFormat::Png).unwrap_err();
    assert_eq!(
        e.to_string(),
        "graphique « Répartition des mesures » : `Charente-Maritime` a 1 valeurs pour 2 parties"
    );

    let mut m = matrix();
    let Body::Matrix { cells, .. } = &mut m.body else {
        unreachable!()
    };
    cells[1].push(Some(1.0));
    let e = render(&m, ImageFormat::Svg).unwrap_err();
    assert!(matches!(e, RenderError::Invalid { .. }), "{e}");

    let mut t = table();
    let Body::Table(tb) = &mut t.body else {
        unreachable!()
    };
    tb.rows[1].cells.clear();
    let e = render(&t, ImageFormat::Svg).unwrap_err();
    assert!(
        e.to_string().contains(
            "graphique « Indicateurs clés 2022 » : la ligne `Calvados` a 0 cellules pour 2 colonnes"
        ),
        "{e}"
    );

    let lines = Chart::new(
        Meta::new("Sans données", Unit::Count, SOURCE),
        Body::Lines { lines: vec![] },
    );
    assert!(matches!(
        render(&lines, ImageFormat::Png),
        Err(RenderError::Empty { .. })
    ));
    let ranking = Chart::new(
        Meta::new("Classement", Unit::Count, SOURCE),
        Body::Ranking {
            bars: vec![bar("France métropolitaine", Some(3.0), Role::Reference)],
        },
    );
    assert!(matches!(
        render(&ranking, ImageFormat::Svg),
        Err(RenderError::Empty { .. })
    ));
}

#[test]
fn nice_scales() {
    let s = Scale::nice(0.0, 21.3, 6);
    assert_eq!((s.lo, s.hi, s.step), (0.0, 25.0, 5.0));
    assert_eq!(s.ticks, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
    let s = Scale::nice(-1.4, 2.6, 6);
    assert_eq!((s.lo, s.hi, s.step, s.decimals), (-2.0, 3.0, 1.0, 0));
    let s = Scale::nice(0.0, 1.3, 6);
    assert_eq!((s.step, s.decimals), (0.25, 2));
    assert_eq!(s.label(0.75), "0,75");
    let s = Scale::nice(0.0, 1402.5, 6);
    assert_eq!(s.label(1250.0), "1\u{a0}250");
    let s = Scale::nice(0.0, 0.0, 6);
    assert_eq!((s.lo, s.hi), (0.0, 1.0));
    let s = Scale::nice(100.0, 100.0, 6);
    assert!(s.lo <= 0.0 && s.hi >= 100.0);
    assert_eq!(s.px(s.lo, 10, 110), 10);
    assert_eq!(s.px(s.hi, 10, 110), 110);
}

#[test]
fn ranks_skip_nulls_and_share_ties() {
    let r = ranks(&[Some(3.0), None, Some(5.0), Some(3.0), Some(1.0)]);
    assert_eq!(r, vec![Some(2), None, Some(1), Some(2), Some(4)]);
}

#[test]
fn spread_keeps_labels_apart() {
    let ys = spread(&[100, 102, 101, 300], 20, 0, 400);
    let mut sorted = ys.clone();
    sorted.sort();
    assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 20), "{ys:?}");
    assert_eq!(ys[3], 300);
    let ys = spread(&[395, 399], 20, 0, 400);
    assert!(ys.iter().all(|&y| y <= 400) && (ys[0] - ys[1]).abs() >= 20);
}

#[test]
fn canvas_grows_with_rows() {
    let mut many = Vec::new();
    for k in 0..40 {
        many.push(bar(&format!("D{k}"), Some(1.0), Role::Other));
    }
    let chart = Chart::new(
        Meta::new("Beaucoup", Unit::Count, SOURCE),
        Body::Bars { bars: many },
    );
    assert!(canvas_size(&chart).1 > theme::CHART_SIZE.1);
    assert_eq!(canvas_size(&bars()), theme::CHART_SIZE);
}

#[test]
fn notes_are_written_between_the_plot_and_the_source() {
    for (name, mut chart) in all() {
        let plain = canvas_size(&chart);
        chart.meta.notes = vec!["(a) Rupture de série : valeur signalée.".into()];
        let s = svg(&chart);
        let note = s.find("(a) Rupture de série : valeur signalée.");
        let source = s.find("Source : DREES");
        assert!(
            matches!((note, source), (Some(n), Some(src)) if n < src),
            "{name}: note missing or after the source"
        );
        // Fixed-size charts keep their canvas (the plot gives up the room); growing ones grow.
        assert!(canvas_size(&chart).1 >= plain.1, "{name}");
    }
}
