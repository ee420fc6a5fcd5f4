//! The socio-demographic context (issue 23): minima sociaux values pinned against their
//! workbook cells (read from the DREES xlsx by hand), the import's account of every row, the
//! second 2016 column kept as its own series, and the context indicators (densities against
//! their published orders of magnitude) computed from the committed data.

use std::path::PathBuf;

use crate::common;

const MINIMA: &str = "drees/minima-sociaux-donnees-departementales-par-dispositif-1995-2019.xlsx";

/// `../shared/context` when present; tests that need it print why they skip otherwise.
pub(crate) fn shared_context() -> Option<PathBuf> {
    let p = common::root().join("../shared/context");
    if p.join(MINIMA).is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: ../shared/context is absent (the official files are not part of the clone)"
        );
        None
    }
}

/// The value and cell of `territory, indicator, year` in the committed minima file.
fn committed(territory: &str, indicator: &str, year: i32) -> (String, String, String) {
    let text = std::fs::read_to_string(common::repo("data/observations/drees-minima-2019.csv"))
        .expect("committed minima file");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for r in reader.records() {
        let r = r.unwrap();
        if &r[0] == territory && &r[1] == indicator && r[2].parse::<i32>().unwrap() == year {
            return (r[3].to_string(), r[4].to_string(), r[6].to_string());
        }
    }
    panic!("no {territory} {indicator} {year} in drees-minima-2019.csv");
}

#[test]
fn minima_values_are_their_workbook_cells() {
    // Read from the xlsx by hand (Tableau 11 row 69 Orne, row 108 Réunion, column O = 2019;
    // Tableau 1 row 38 Hérault, column X = 2015).
    let cases = [
        ("61", "AllocRSA", 2019, "7031", "Tableau 11!O69"),
        ("974", "AllocRSA", 2019, "100688", "Tableau 11!O108"),
        ("34", "AllocAAH", 2015, "23164", "Tableau 1!X38"),
        ("37", "PopCouverteRSA", 2019, "27524", "Tableau 14!O44"),
    ];
    for (territory, indicator, year, value, cell) in cases {
        let (v, status, source_ref) = committed(territory, indicator, year);
        assert_eq!((v.as_str(), source_ref.as_str()), (value, cell));
        assert_eq!(status, "published");
    }
    // The second 2016 column is its own series, next to the first, both as published.
    assert_eq!(committed("61", "AllocRSA", 2016).0, "7051");
    assert_eq!(committed("61", "AllocRSA", 2016).2, "Tableau 11!K69");
    assert_eq!(committed("61", "AllocRSA_rupture2016", 2016).0, "7217");
    assert_eq!(
        committed("61", "AllocRSA_rupture2016", 2016).2,
        "Tableau 11!L69"
    );
    // Markers are NULL with a status, never 0: Guadeloupe's RSA socle 2009 is `-`.
    assert_eq!(
        committed("971", "AllocRSA", 2009),
        (
            String::new(),
            "missing".to_string(),
            "Tableau 11!D105".to_string()
        )
    );
    // DREES's rounded totals are aggregates, marked estimated.
    assert_eq!(committed("FRM", "AllocRSA", 2019).1, "estimated");
}

#[test]
fn minima_import_accounts_for_every_row_and_reads_the_cells() {
    let Some(context) = shared_context() else {
        return;
    };
    let Some(data) = common::shared_data() else {
        return;
    };
    let out = depbench::import::editions::import_paths(&[data, context.join(MINIMA)], None)
        .expect("import");
    let minima: Vec<_> = out
        .accounts
        .iter()
        .filter(|a| a.input.starts_with("minima-sociaux"))
        .collect();
    assert_eq!(minima.len(), 20, "one account per sheet");
    for a in &minima {
        assert_eq!(a.rows_read, a.rows_loaded + a.rows_skipped(), "{a}");
    }
    let rsa = minima
        .iter()
        .find(|a| a.input.ends_with("`Tableau 11`"))
        .unwrap();
    // 101 départements + 2A/2B counted once each, Mayotte, and the three totals = 104 rows.
    assert_eq!(rsa.rows_loaded, 104);
    assert!(
        rsa.skipped.keys().any(|k| k.contains("P7")),
        "the ratio column is named as not read: {rsa}"
    );
    let file = &out.files[&PathBuf::from("observations/drees-minima-2019.csv")];
    let text = String::from_utf8_lossy(file);
    assert!(text.contains("61,AllocRSA,2019,7031,published,drees-minima-2019,Tableau 11!O69,2019"));
    assert!(
        text.contains("974,AllocRSA,2019,100688,published,drees-minima-2019,Tableau 11!O108,2019")
    );
    assert!(text.contains("34,AllocAAH,2015,23164,published,drees-minima-2019,Tableau 1!X38,2019"));
}

#[test]
fn a_minima_cell_that_is_no_number_is_located() {
    let Some(context) = shared_context() else {
        return;
    };
    let Some(data) = common::shared_data() else {
        return;
    };
    // Mutate the real workbook: Orne's 2019 RSA becomes the text «7 031».
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("minima.xlsx");
    crate::hostile_workbooks::rewrite(&context.join(MINIMA), &copy, |name, bytes| {
        let bytes = if name == "xl/worksheets/sheet12.xml" {
            mutate_cell(bytes, "O69", "7 031")
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    let err = depbench::import::editions::import_paths(&[data, copy.clone()], None)
        .expect_err("a text in a value cell is refused")
        .to_string();
    assert!(
        err.contains(
            "feuille `Tableau 11`, cellule O69 : AllocRSA 2019 de 61 : attendu : un nombre"
        ) && err.contains("trouvé : le texte «7 031»"),
        "{err}"
    );
}

/// `sheet`'s XML with the cell `cell` replaced by the inline text `text`.
pub(crate) fn mutate_cell(xml: Vec<u8>, cell: &str, text: &str) -> Vec<u8> {
    let s = String::from_utf8(xml).unwrap();
    let start = s.find(&format!("<c r=\"{cell}\"")).expect("cell present");
    let end = start + s[start..].find("</c>").unwrap() + 4;
    format!(
        "{}<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>{}",
        &s[..start],
        &s[end..]
    )
    .into_bytes()
}

/// `SELECT` through the binary, as CSV.
pub(crate) fn query(sql: &str) -> Vec<Vec<String>> {
    let out = common::stdout_ok(&["query", "--format", "csv", sql]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn densities_have_their_published_orders_of_magnitude() {
    let rows = query(
        "SELECT territory, value FROM context_indicators WHERE indicator = 'densite' AND year = 2020 AND territory IN ('75', '48', '17', '974') ORDER BY territory",
    );
    let density = |code: &str| -> f64 {
        rows.iter().find(|r| r[0] == code).unwrap()[1]
            .parse()
            .unwrap()
    };
    // Insee: Paris ≈ 20 000 /km², Lozère ≈ 15, Charente-Maritime ≈ 95, La Réunion ≈ 340.
    assert!((19_000.0..23_000.0).contains(&density("75")), "{rows:?}");
    assert!((13.0..17.0).contains(&density("48")), "{rows:?}");
    assert!((85.0..100.0).contains(&density("17")), "{rows:?}");
    assert!((310.0..370.0).contains(&density("974")), "{rows:?}");
    let areas = query(
        "SELECT territory, area_km2 FROM context_surfaces WHERE territory IN ('17', '33') ORDER BY territory",
    );
    // IGN areas: Charente-Maritime 6 864 km², Gironde 9 976 km² (within 2 %).
    let area = |i: usize| areas[i][1].parse::<f64>().unwrap();
    assert!((area(0) / 6864.0 - 1.0).abs() < 0.02, "{areas:?}");
    assert!((area(1) / 9976.0 - 1.0).abs() < 0.02, "{areas:?}");
}

#[test]
fn context_rates_recompute_from_their_counts_and_populations() {
    // Orne's RSA allocataires at 31/12/2019 per 1 000 inhabitants at 1/1/2020.
    let rows = query(
        "SELECT c.value, c.base_year, c.last_year, p.count FROM context_indicators c JOIN population p ON p.territory = c.territory AND p.year = c.base_year AND p.is_current AND p.sex = 'ensemble' AND p.age_band = 'total' WHERE c.territory = '61' AND c.indicator = 'taux_rsa' AND c.year = 2019",
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (rate, base, last, pop): (f64, &str, &str, f64) = (
        rows[0][0].parse().unwrap(),
        &rows[0][1],
        &rows[0][2],
        rows[0][3].parse().unwrap(),
    );
    assert_eq!((base, last), ("2020", "2019"));
    assert!((rate - 1000.0 * 7031.0 / pop).abs() < 1e-9, "{rate} {pop}");
    // No NaN nor infinity anywhere in the view.
    let bad = query(
        "SELECT COUNT(*) FROM context_indicators WHERE isnan(value) OR value = 'Infinity'::double OR value = '-Infinity'::double",
    );
    assert_eq!(bad[0][0], "0");
}

#[test]
fn corse_minima_of_2018_2019_are_corse_du_sud_plus_haute_corse() {
    // The minima workbook prints 2A and 2B to 2019 (Tableau 11 rows 27 and 28, column O = 2019;
    // Tableau 1 row 23, column AC), while DREES's ASE series code Corse 20 from 2018: the counts
    // are kept as printed, and Corse's rate sums them.
    assert_eq!(
        committed("2A", "AllocRSA", 2019),
        ("2375".into(), "published".into(), "Tableau 11!O27".into())
    );
    assert_eq!(
        committed("2B", "AllocRSA", 2019),
        ("3860".into(), "published".into(), "Tableau 11!O28".into())
    );
    assert_eq!(committed("2A", "AllocAAH", 2019).0, "3449");
    let rows = query(
        "SELECT c.numerator, c.denominator, c.value, p.total FROM context_indicators c \
         JOIN (SELECT year, SUM(count) AS total FROM population WHERE is_current AND sex = 'ensemble' \
               AND age_band = 'total' AND territory IN ('2A', '2B') GROUP BY year) p ON p.year = c.base_year \
         WHERE c.territory = '20' AND c.indicator = 'taux_rsa' AND c.year = 2019",
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let n: f64 = rows[0][0].parse().unwrap();
    let d: f64 = rows[0][1].parse().unwrap();
    let rate: f64 = rows[0][2].parse().unwrap();
    let pop: f64 = rows[0][3].parse().unwrap();
    assert_eq!(n, 2375.0 + 3860.0);
    assert_eq!(d, pop);
    assert!((rate - 1000.0 * 6235.0 / pop).abs() < 1e-9, "{rate}");
    // France métropolitaine's RSA rate of 2019 now sums every département of its partition.
    let refs = query(
        "SELECT n_departements, n_expected FROM context_references WHERE territory = 'FRM' \
         AND indicator = 'taux_rsa' AND year = 2019",
    );
    assert_eq!(refs, [["95".to_string(), "95".to_string()]]);
}

/// Automatic peers are chosen on the context by default; `--features` changes the features and
/// weights, `resultats` brings back the former outcome-based method; the method text lists
/// features, weights and each peer's distance.
#[tokio::test]
async fn context_peers_follow_the_features_and_weights() {
    use depbench::bench::peers::{PeerChoice, PeerMethod, choose, choose_by};
    let engine =
        depbench::query::Engine::open(common::repo("data"), common::repo("queries")).unwrap();
    let auto = PeerChoice::Auto(4, None);
    let context = choose(&engine, "17", 2022, &auto).await.unwrap();
    assert!(
        context
            .method
            .contains("sur le contexte socio-démographique")
            && context
                .method
                .contains("allocataires du RSA pour 1 000 habitants (poids 1)")
            && context.method.contains("RSA et AAH au 31 décembre 2019")
            && context.method.contains(
                "(choix par défaut : 6 caractéristiques centrées-réduites sur les départements comparés, de même poids)"
            )
            && context.method.contains("Distances au département : "),
        "{}",
        context.method
    );
    assert_eq!(context.codes.len(), 4);
    for (code, d) in &context.distances {
        assert!(d.is_finite() && *d >= 0.0, "{code} {d}");
    }
    let weighted = PeerMethod::parse("rsa=2,densite,pop").unwrap();
    let other = choose_by(&engine, "17", 2022, &auto, &weighted)
        .await
        .unwrap();
    assert_ne!(other.codes, context.codes, "{}", other.method);
    assert!(
        other
            .method
            .contains("allocataires du RSA pour 1 000 habitants (poids 2)")
    );
    assert!(
        !other.method.contains("part des 0-19 ans"),
        "{}",
        other.method
    );
    // The method text says what was used (RSA only among the minima, no ages) and lists as
    // other choices only those not taken.
    let (used, others) = other.method.split_once(" Autres choix : ").unwrap();
    assert!(
        used.contains("(--features rsa=2,densite,pop : 3 caractéristiques")
            && used.contains(" RSA au 31 décembre 2019 (dernière année publiée par la DREES, antérieure à 2022) ; population et densité au 1er janvier 2022.")
            && !used.contains("AAH")
            && used.contains("densité de population (logarithme ; poids 1)"),
        "{used}"
    );
    for (code, d) in &other.distances {
        let shown = format!("({code}) {}", depbench::model::format::number(*d, 2));
        assert!(used.contains(&shown), "{shown} in {used}");
    }
    assert!(
        !others.contains("rsa=2,densite,pop")
            && others.contains("le choix par défaut")
            && others.contains("--features resultats"),
        "{others}"
    );
    // One feature alone: singular, and no weighting to speak of.
    let alone = choose_by(
        &engine,
        "17",
        2022,
        &auto,
        &PeerMethod::parse("RSA=2").unwrap(),
    )
    .await
    .unwrap();
    assert!(
        alone.method.contains(
            "(--features rsa=2 : 1 caractéristique centrée-réduite sur les départements comparés, sans pondération)"
        ),
        "{}",
        alone.method
    );
    let (_, default_others) = context.method.split_once(" Autres choix : ").unwrap();
    assert!(!default_others.contains("par défaut"), "{default_others}");
    let outcome = choose_by(&engine, "17", 2022, &auto, &PeerMethod::Outcome)
        .await
        .unwrap();
    assert!(
        outcome.method.contains("sur 4 indicateurs centrés-réduits"),
        "{}",
        outcome.method
    );
    // The plan's own set stays the default; the context choice is named beside it.
    let plan = choose(&engine, "17", 2022, &PeerChoice::Default)
        .await
        .unwrap();
    assert!(
        plan.method
            .starts_with("Départements de comparaison retenus par le schéma départemental")
            && plan
                .method
                .contains("Pour comparaison, choix automatique (non retenu ici) : ")
            && plan.method.contains(&context.codes.join(", ")),
        "{}",
        plan.method
    );
    // Weights: a decimal comma is read; unknown words and bad weights are refused by name.
    assert_eq!(
        PeerMethod::parse("rsa=0,5,pop").unwrap(),
        PeerMethod::parse("rsa=0.5,pop").unwrap()
    );
    let err = PeerMethod::parse("chomage=2").unwrap_err().to_string();
    assert!(err.contains("« chomage » inconnue"), "{err}");
    let err = PeerMethod::parse("rsa=-1").unwrap_err().to_string();
    assert!(err.contains("poids « -1 » de rsa invalide"), "{err}");
}

/// The leave-one-out expected value of Charente-Maritime's children in care per 1 000 aged 0-20
/// in 2022, recomputed here by an independent least-squares computation (normal equations
/// built and solved by hand, Charente-Maritime left out), equals the view's.
#[test]
#[allow(clippy::needless_range_loop)] // the normal equations written by hand, index by index
fn expected_value_is_the_leave_one_out_least_squares_prediction() {
    let rows = query(
        "WITH o AS (
             SELECT v.territory, v.value FROM indicator_values v
             JOIN territory_partition p ON p.territory = v.territory AND p.year = 2022 AND p.scope IN ('FRM', 'DROM')
             WHERE v.indicator = 'taux_accueillis_0_20' AND v.year = 2022 AND v.value > 0
         ),
         c AS (
             SELECT territory,
                    MAX(CASE WHEN indicator = 'taux_rsa' AND year = 2019 THEN value END) AS rsa,
                    MAX(CASE WHEN indicator = 'taux_aah_20_64' AND year = 2019 THEN value END) AS aah,
                    MAX(CASE WHEN indicator = 'part_0_19' AND year = 2022 THEN value END) AS jeunes,
                    MAX(CASE WHEN indicator = 'evol_0_19_5ans' AND year = 2022 THEN value END) AS evolution,
                    MAX(CASE WHEN indicator = 'densite' AND year = 2022 THEN value END) AS densite
             FROM context_indicators GROUP BY territory
         )
         SELECT o.territory, o.value, c.rsa, c.aah, c.jeunes, c.evolution, c.densite
         FROM o JOIN c ON c.territory = o.territory
         WHERE c.rsa IS NOT NULL AND c.aah IS NOT NULL AND c.jeunes IS NOT NULL
           AND c.evolution IS NOT NULL AND c.densite IS NOT NULL
         ORDER BY o.territory",
    );
    let parse = |s: &str| s.parse::<f64>().unwrap();
    // Design rows: 1, rsa, aah, jeunes, evolution, ln(densite); y = ln(rate).
    let data: Vec<(String, Vec<f64>, f64)> = rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                vec![
                    1.0,
                    parse(&r[2]),
                    parse(&r[3]),
                    parse(&r[4]),
                    parse(&r[5]),
                    parse(&r[6]).ln(),
                ],
                parse(&r[1]).ln(),
            )
        })
        .collect();
    assert!(data.len() > 90, "{} départements", data.len());
    let focus = data
        .iter()
        .position(|d| d.0 == "17")
        .expect("17 has all values");
    let p = 6;
    // Normal equations over every other département: A b = c, A = XᵀX, c = Xᵀy.
    let mut a = vec![vec![0.0; p + 1]; p];
    for (i, (_, x, y)) in data.iter().enumerate() {
        if i == focus {
            continue;
        }
        for r in 0..p {
            for s in 0..p {
                a[r][s] += x[r] * x[s];
            }
            a[r][p] += x[r] * y;
        }
    }
    // Gaussian elimination with back substitution.
    for col in 0..p {
        let pivot = (col..p)
            .max_by(|&i, &j| a[i][col].abs().partial_cmp(&a[j][col].abs()).unwrap())
            .unwrap();
        a.swap(col, pivot);
        for row in col + 1..p {
            let f = a[row][col] / a[col][col];
            for k in col..=p {
                a[row][k] -= f * a[col][k];
            }
        }
    }
    let mut b = vec![0.0; p];
    for row in (0..p).rev() {
        let s: f64 = (row + 1..p).map(|k| a[row][k] * b[k]).sum();
        b[row] = (a[row][p] - s) / a[row][row];
    }
    let prediction: f64 = data[focus].1.iter().zip(&b).map(|(x, b)| x * b).sum();
    let expected_by_hand = prediction.exp();
    let view = query(
        "SELECT expected, n, lower, upper FROM context_expected WHERE territory = '17' AND outcome = 'taux_accueillis_0_20' AND year = 2022",
    );
    let expected: f64 = parse(&view[0][0]);
    assert!(
        (expected - expected_by_hand).abs() < 1e-9 * expected,
        "view {expected}, by hand {expected_by_hand}"
    );
    assert_eq!(view[0][1], data.len().to_string(), "n of the full fit");
    assert!(parse(&view[0][2]) < expected && expected < parse(&view[0][3]));
}

/// A table's data file is the table as it shows: the text columns that fill its subtitle,
/// headers and lecture (`{r2_accueillis}`, `{attendu_txt}`, `{rang_taux_rsa}`) are not columns
/// of its CSV (found trying the reports as a new user).
#[test]
fn table_csv_holds_the_table_not_its_text_helpers() {
    let dir = tempfile::tempdir().unwrap();
    for (fig, absent) in [
        ("22_observe_et_attendu", ["R2_accueillis", "Attendu_txt"]),
        ("21_profil_du_departement", ["Minima_year", "Rang_taux_rsa"]),
    ] {
        let svg = dir.path().join(format!("{fig}.svg"));
        crate::common::stdout_ok(&[
            "chart",
            "-f",
            &format!("queries/figures/{fig}.sql"),
            "-p",
            "focus=17",
            "-p",
            "year=2019",
            "-o",
            svg.to_str().unwrap(),
        ]);
        let csv = std::fs::read_to_string(svg.with_extension("csv")).unwrap();
        let header = csv
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(header.starts_with("Code;Territoire;"), "{header}");
        for a in absent {
            assert!(!header.contains(a), "{fig}: {a} in {header}");
        }
    }
}
