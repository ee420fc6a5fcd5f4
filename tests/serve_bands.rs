//! The indicator page's bands (issue 22 §2): the median and the interdecile, interquartile,
//! median ± 10 % and ± 20 % bands of the départements over time, unweighted or weighted by
//! population, kept in the URL, in the chart (titled on hover), its data table and its CSV and
//! XLSX downloads. The band values are recomputed here from the départements' values and
//! populations, by the definitions the page states.

use axum::http::StatusCode;

use crate::serve::{get, section, text};

const INDICATOR: &str = "taux_accueillis_0_19";
const VIEW: &str = "departement=17&peers=22,64,14&year=2022";
const ALL_BANDS: &str = "bands=d1d9,q1q3,m20,m10";

/// A French CSV number (`1 234,5`) and its count of decimals.
fn french(s: &str) -> Option<(f64, usize)> {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if s.is_empty() {
        return None;
    }
    let decimals = s.split_once(',').map_or(0, |(_, f)| f.len());
    Some((s.replace(',', ".").parse().ok()?, decimals))
}

/// Rows of a French Excel CSV (BOM, `;`).
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect()
}

/// `(value, population of 0 to 19 years)` of every département counted in `year` (Rhône
/// whole: 69D and 69M left out; no région, no national total), read through the explorer's
/// own SQL route.
async fn departements(year: i32) -> Vec<(f64, Option<f64>)> {
    let values = format!(
        "SELECT v.territory, v.value FROM indicator_values v JOIN territories t ON t.code = v.territory \
         WHERE v.indicator = '{INDICATOR}' AND v.year = {year} AND v.value IS NOT NULL \
         AND t.kind = 'departement' AND t.code NOT IN ('69D', '69M') ORDER BY v.territory"
    );
    let pops = format!(
        "SELECT territory, value FROM indicator_values WHERE indicator = 'pop_0_19' AND year = {year}"
    );
    let fetch = |sql: String| async move {
        let (status, _, body) = get(&format!(
            "/api/query?format=csv&sql={}",
            depbench::serve::pages::urlencode(&sql)
        ))
        .await;
        assert_eq!(status, StatusCode::OK);
        String::from_utf8(body)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let (code, v) = l.split_once(',').unwrap();
                (code.to_string(), v.parse::<f64>().unwrap())
            })
            .collect::<Vec<_>>()
    };
    let pops = fetch(pops).await;
    let out: Vec<(f64, Option<f64>)> = fetch(values)
        .await
        .into_iter()
        .map(|(code, v)| (v, pops.iter().find(|(c, _)| *c == code).map(|p| p.1)))
        .collect();
    assert!(out.len() >= 95, "{} départements", out.len());
    out
}

/// Quantile `p` of `values`, interpolated between the two nearest ranks (R's type 7).
fn interpolated(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// The lower weighted quantile `p`: the smallest value whose département and those below it
/// hold at least the share `p` of the population.
fn lower_weighted(pairs: &[(f64, Option<f64>)], p: f64) -> f64 {
    let mut v: Vec<(f64, f64)> = pairs
        .iter()
        .filter_map(|(x, w)| w.filter(|w| *w > 0.0).map(|w| (*x, w)))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|x| x.1).sum();
    let mut below = 0.0;
    for (i, (x, w)) in v.iter().enumerate() {
        below += w;
        // Ties count together: the share is reached at the last of equal values.
        if v.get(i + 1).is_some_and(|n| n.0 == *x) {
            continue;
        }
        if below >= p * total - 1e-6 {
            return *x;
        }
    }
    unreachable!("the whole population is reached")
}

/// Code → expected value of every band edge and the median.
fn expected(pairs: &[(f64, Option<f64>)], weighted: bool) -> Vec<(&'static str, f64)> {
    let values: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let q = |p: f64| {
        if weighted {
            lower_weighted(pairs, p)
        } else {
            interpolated(&values, p)
        }
    };
    let m = q(0.5);
    vec![
        ("D1", q(0.1)),
        ("Q1", q(0.25)),
        ("M-20", m - 0.2 * m.abs()),
        ("M-10", m - 0.1 * m.abs()),
        ("Q2", m),
        ("M+10", m + 0.1 * m.abs()),
        ("M+20", m + 0.2 * m.abs()),
        ("Q3", q(0.75)),
        ("D9", q(0.9)),
    ]
}

/// The evolution query's own rows (unrounded) for 2022: code → value.
async fn query_rows(weighting: &str) -> Vec<(String, f64)> {
    let engine =
        depbench::query::Engine::open(crate::common::repo("data"), crate::common::repo("queries"))
            .unwrap();
    let path = crate::common::repo("queries/explorer/indicator_evolution.sql");
    let sql = std::fs::read_to_string(&path).unwrap();
    let mut p = depbench::query::Params::default();
    p.set("indicator", INDICATOR)
        .set("focus", "17")
        .set("peers", "22,64,14")
        .set("references", "FRM")
        .set("year", "2022")
        .set("from", "2022")
        .set("bands", "mediane,d1d9,q1q3,m10,m20")
        .set("weighting", weighting);
    let batches = engine.sql(&sql, &p, "test").await.unwrap();
    let schema = batches[0].schema();
    let rows = depbench::query::rows::Rows::new(schema, batches);
    (0..rows.len())
        .map(|r| {
            (
                rows.text("territory", r).unwrap(),
                rows.number("valeur", r).unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn band_values_are_the_stated_quantiles_unweighted_and_weighted() {
    // The query's values, unrounded, to the last digits.
    let pairs = departements(2022).await;
    for (weighted, weighting) in [(false, "aucune"), (true, "population")] {
        let rows = query_rows(weighting).await;
        for (code, want) in expected(&pairs, weighted) {
            let got = rows.iter().find(|r| r.0 == code).unwrap().1;
            assert!(
                (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{code} weighted={weighted}: {got} from the query, {want} recomputed"
            );
        }
    }
    for (weighted, weight) in [(false, ""), (true, "&weight=population")] {
        let uri = format!(
            "/indicateur/figure/indicator_evolution.csv?{VIEW}&indicator={INDICATOR}&{ALL_BANDS}{weight}"
        );
        let (status, _, csv) = get(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let rows = csv_rows(&csv);
        let header = &rows[0];
        assert_eq!(&header[..3], ["Code", "Territoire", "Mesure"]);
        assert_eq!(rows[1][2], "Valeur (‰)", "the indicator's unit");
        for year in [2016, 2022] {
            let col = header.iter().position(|h| *h == year.to_string()).unwrap();
            let pairs = departements(year).await;
            for (code, want) in expected(&pairs, weighted) {
                let row = rows
                    .iter()
                    .find(|r| r[0] == code)
                    .unwrap_or_else(|| panic!("{code} in {uri}"));
                // Rates leave with two decimals (the chart's one plus one).
                let (got, decimals) = french(&row[col]).unwrap();
                assert!(decimals <= 2, "{}", row[col]);
                assert!(
                    (got - want).abs() <= 0.005 + 1e-9,
                    "{code} {year} weighted={weighted}: {got} in the CSV, {want} recomputed"
                );
                if weighted {
                    assert!(row[1].contains("pondér"), "{row:?}");
                } else {
                    assert!(!row[1].contains("pondér"), "{row:?}");
                }
            }
        }
        // The weighted median is one département's own value (a lower quantile), the
        // unweighted one of 96 values the mean of the two middle ones.
        let pairs = departements(2022).await;
        let m = expected(&pairs, weighted)[4].1;
        assert_eq!(
            pairs.iter().any(|p| p.0 == m),
            weighted || pairs.len() % 2 == 1
        );
    }
    // The XLSX holds the same rows.
    let (status, _, xlsx) = get(&format!(
        "/indicateur/figure/indicator_evolution.xlsx?{VIEW}&indicator={INDICATOR}&{ALL_BANDS}&weight=population"
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let name = calamine::Reader::sheet_names(&wb)[0].clone();
    let cells =
        crate::common::sheet_text(&calamine::Reader::worksheet_range(&mut wb, &name).unwrap());
    for label in [
        "1er décile pondéré (D1)",
        "1er quartile pondéré (Q1)",
        "Médiane pondérée − 20 %",
        "Médiane pondérée",
        "Médiane pondérée + 10 %",
        "9e décile pondéré (D9)",
    ] {
        assert!(
            cells.iter().any(|r| r.iter().any(|c| c == label)),
            "{label} in the workbook"
        );
    }
}

#[tokio::test]
async fn the_indicator_page_draws_the_bands_asked_for_in_its_url() {
    let q = format!("{VIEW}&indicator={INDICATOR}");
    // By default: the interdecile and interquartile bands, unweighted.
    let (status, page) = text(&format!("/indicateur?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"bands\" value=\"q1q3\" checked"));
    assert!(page.contains("name=\"bands\" value=\"d1d9\" checked"));
    assert!(page.contains("name=\"bands\" value=\"m10\">"));
    assert!(page.contains("name=\"weight\" value=\"population\">"));
    assert!(
        page.contains("&amp;bands=d1d9,q1q3\""),
        "the canonical URL says the bands"
    );
    // The pool of automatic peers is said in the users' words.
    assert!(page.contains("Départements de comparaison automatiques parmi"));
    assert!(!page.contains("Pairs automatiques"));
    // All four, weighted: each band titled on hover year by year, with the values of the
    // CSV; the data table under the chart holds them; every download keeps the choice.
    let (status, page) = text(&format!(
        "/indicateur?{q}&bands=m10&bands=q1q3,d1d9&bands=m20&bands=aucune&weight=population"
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    for word in ["q1q3", "d1d9", "m10", "m20"] {
        assert!(
            page.contains(&format!("name=\"bands\" value=\"{word}\" checked")),
            "{word}"
        );
    }
    assert!(page.contains("name=\"weight\" value=\"population\" checked"));
    let evolution = section(&page, "indicator_evolution");
    let pairs = departements(2022).await;
    let want = expected(&pairs, true);
    let fr = |v: f64| depbench::model::format::Unit::PerThousand.format_with(v, 1);
    let value = |code: &str| want.iter().find(|w| w.0 == code).unwrap().1;
    // Weighted, each band's title says so.
    for (label, low, high) in [
        (
            "1er au 9e décile (D1-D9) pondéré par la population de 0 à 19 ans",
            "D1",
            "D9",
        ),
        (
            "1er au 3e quartile (Q1-Q3) pondéré par la population de 0 à 19 ans",
            "Q1",
            "Q3",
        ),
        (
            "Médiane pondérée par la population de 0 à 19 ans ± 20 %",
            "M-20",
            "M+20",
        ),
        (
            "Médiane pondérée par la population de 0 à 19 ans ± 10 %",
            "M-10",
            "M+10",
        ),
    ] {
        let title = format!(
            "<title>{label}, 2022 : de {} à {}</title>",
            fr(value(low)),
            fr(value(high))
        );
        assert!(evolution.contains(&title), "{title}");
        // One title a year (2012 to 2022), and its legend row.
        assert_eq!(
            evolution.matches(&format!("<title>{label}, ")).count(),
            11,
            "{label}"
        );
    }
    assert!(!evolution.contains("<title>1er au 3e quartile (Q1-Q3), "));
    let table = &evolution[evolution.find("<details class=\"data\">").unwrap()..];
    for label in [
        "Médiane pondérée",
        "1er quartile pondéré (Q1)",
        "9e décile pondéré (D9)",
    ] {
        assert!(
            table.contains(&format!(">{label}<")),
            "{label} in the data table"
        );
    }
    let links: Vec<&str> = page
        .split("href=\"/indicateur/figure/")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 12);
    assert!(
        links
            .iter()
            .all(|l| l.contains("bands=d1d9,q1q3,m20,m10&amp;weight=population")),
        "{links:?}"
    );
    assert!(
        page.contains("quantile pondéré inférieur"),
        "the definition is stated"
    );
    assert!(page.contains("plus ou moins 10 % ou 20 % de sa valeur absolue"));
    // No band: the median alone.
    let (_, page) = text(&format!("/indicateur?{q}&bands=aucune")).await;
    let evolution = section(&page, "indicator_evolution");
    assert!(evolution.contains("<title>Médiane, 2022 : "));
    assert!(!evolution.contains("quartile"), "no band drawn");
    assert!(page.contains("interpolé linéairement"));
    // An unknown band or weighting is refused in French.
    let (status, page) = text(&format!("/indicateur?{q}&bands=iq")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("bands=iq : bande inconnue"), "{page}");
    let (status, _, body) = get(&format!(
        "/indicateur/figure/indicator_evolution.csv?{q}&weight=poids"
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .starts_with("weight=poids : pondération inconnue")
    );
}
