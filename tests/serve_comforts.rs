//! The explorer's comforts (issue 22 §1): values on hover in every figure, each figure's data
//! as a folded table (the rows of its CSV), downloads on every page named with the
//! département, the subject and the year, and the peer picker.

use axum::http::StatusCode;

use crate::serve::{disposition, get, text};

const VIEW: &str = "departement=17&peers=22,64,14&year=2022";

/// The texts of the `<title>` elements of `svg`.
fn titles(svg: &str) -> Vec<&str> {
    svg.split("<title>")
        .skip(1)
        .map(|t| &t[..t.find("</title>").expect("closed title")])
        .collect()
}

#[tokio::test]
async fn every_chart_mark_says_its_value_on_hover() {
    let (status, page) = text(&format!("/?{VIEW}")).await;
    assert_eq!(status, StatusCode::OK);
    // The rate figure: a bar per territory, each titled with name, year and value in French.
    let (_, _, svg) = get(&format!("/figure/03_taux_accueillis.svg?{VIEW}")).await;
    let svg = String::from_utf8(svg).unwrap();
    let t = titles(&svg);
    assert!(
        t.iter()
            .any(|t| t.starts_with("Charente-Maritime, 2022 : ") && t.ends_with('‰')),
        "{t:?}"
    );
    for peer in ["Côtes-d&apos;Armor", "Pyrénées-Atlantiques", "Calvados"] {
        assert!(
            t.iter().any(|t| t.starts_with(&format!("{peer}, 2022 : "))),
            "{peer}: {t:?}"
        );
    }
    // The downloaded SVG is the page's: the titles travel with the file.
    assert!(page.contains(&svg[svg.find("<svg").unwrap()..][..200]));
    // Lines: one title per point with its own year; map: one per area; ranking: rank said.
    let (_, _, lines) = get(&format!("/figure/04_evolution_accueillis.svg?{VIEW}")).await;
    let lines = String::from_utf8(lines).unwrap();
    assert!(
        titles(&lines)
            .iter()
            .any(|t| t.starts_with("Charente-Maritime, 2018 : "))
    );
    let (_, _, map) = get(&format!("/figure/08_carte_taux_accueillis.svg?{VIEW}")).await;
    let map = String::from_utf8(map).unwrap();
    assert!(titles(&map).len() >= 96, "{}", titles(&map).len());
    assert!(
        titles(&map)
            .iter()
            .any(|t| t.starts_with("Gironde, 2022 : "))
    );
    let (_, _, ranking) = get(&format!("/figure/07_classement_taux_accueillis.svg?{VIEW}")).await;
    let ranking = String::from_utf8(ranking).unwrap();
    assert!(
        titles(&ranking)
            .iter()
            .any(|t| t.starts_with("Charente-Maritime, 2022 : ") && t.contains(" sur ")),
        "{:?}",
        titles(&ranking)
    );
    // No title reaches the PNG's picture: it is the SVG without them (same bytes as the
    // report's PNG is checked in `serve::figure_downloads_match_the_report_pipeline`).
}

#[tokio::test]
async fn each_figure_has_its_data_as_a_folded_table_of_its_csv_rows() {
    let (_, page) = text(&format!("/?{VIEW}")).await;
    let section = crate::serve::section(&page, "03_taux_accueillis");
    let start = section
        .find("<details class=\"data\">")
        .expect("folded data table");
    let details = &section[start..];
    assert!(!details[..30].contains("open"), "folded by default");
    let table = &details[..details.find("</details>").unwrap()];
    let (_, _, csv) = get(&format!("/figure/03_taux_accueillis.csv?{VIEW}")).await;
    let csv = String::from_utf8(csv).unwrap();
    let csv_rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    let html_rows = table.matches("<tr").count();
    assert_eq!(html_rows, csv_rows.len(), "header and one row per CSV row");
    // The same French numbers as the CSV (decimal comma), header words included.
    let header: Vec<&str> = csv_rows[0].split(';').collect();
    for h in &header {
        assert!(
            table.contains(&h.replace('\'', "&#39;")) || table.contains(h),
            "header {h}"
        );
    }
    for row in &csv_rows[1..] {
        let value = row.split(';').nth(2).unwrap();
        assert!(table.contains(&format!(">{value}<")), "{value} in {table}");
    }
    // Every drawn figure of the page has one.
    let drawn = page.matches("<figure>").count();
    assert!(drawn > 5);
    assert_eq!(page.matches("<details class=\"data\">").count(), drawn);
    // Wide tables scroll inside their box.
    assert!(page.contains("<div class=\"scroll\">"));
    let (_, _, css) = get("/assets/style.css").await;
    let css = String::from_utf8(css).unwrap();
    assert!(css.contains(".scroll{overflow-x:auto"));
    assert!(css.contains("@media (max-width:700px)"));
}

#[tokio::test]
async fn downloads_are_named_with_departement_subject_and_year_on_every_page() {
    let (_, page) = text(&format!("/?{VIEW}")).await;
    assert!(page.contains("download=\"17-charente-maritime_taux-accueillis_2022.csv\""));
    assert!(page.contains("download=\"17-charente-maritime_carte-taux-accueillis_2022.png\""));
    // The indicator page: every figure in the four formats, its own names.
    let q = format!("indicator=taux_accueillis_0_19&{VIEW}");
    let (status, page) = text(&format!("/indicateur?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    for (id, word) in [
        ("indicator_map", "carte"),
        ("indicator_ranking", "classement"),
        ("indicator_evolution", "evolution"),
    ] {
        for ext in ["svg", "png", "csv", "xlsx"] {
            let name = format!("17-charente-maritime_taux-accueillis-0-19-{word}_2022.{ext}");
            assert!(page.contains(&format!("download=\"{name}\"")), "{name}");
            let uri = format!("/indicateur/figure/{id}.{ext}?{q}");
            let (status, ctype, bytes) = get(&uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(!bytes.is_empty());
            let d = disposition(&uri).await;
            assert!(d.ends_with(&format!("filename=\"{name}\"")), "{d}");
            match ext {
                "svg" => assert!(String::from_utf8(bytes).unwrap().contains("<title>")),
                "png" => assert_eq!(&bytes[..4], b"\x89PNG"),
                "csv" => {
                    assert_eq!(ctype, "text/csv; charset=utf-8");
                    let csv = String::from_utf8(bytes).unwrap();
                    assert!(csv.starts_with('\u{feff}'), "French Excel CSV");
                    assert!(csv.contains("Charente-Maritime"));
                    if id == "indicator_ranking" {
                        // One row per ranked département and the references.
                        assert!(csv.lines().count() > 95, "{}", csv.lines().count());
                    }
                }
                _ => assert_eq!(&bytes[..2], b"PK"),
            }
        }
    }
    // Another département and year, other names: files never overwrite each other.
    let uri = "/indicateur/figure/indicator_map.csv?indicator=taux_accueillis_0_19&departement=61&year=2020";
    assert!(
        disposition(uri)
            .await
            .ends_with("filename=\"61-orne_taux-accueillis-0-19-carte_2020.csv\""),
    );
    let (status, _, _) =
        get("/indicateur/figure/nope.csv?indicator=taux_accueillis_0_19&departement=17").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get("/indicateur/figure/indicator_map.csv?indicator=nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn peer_picker_adds_removes_and_suggests() {
    let (_, page) = text(&format!("/?{VIEW}")).await;
    let start = page.find("<section class=\"picker\"").expect("picker");
    let picker = &page[start..start + page[start..].find("</section>").unwrap()];
    // The peers as chips, each with a link to the view without it.
    for (code, rest) in [("22", "64,14"), ("64", "22,14"), ("14", "22,64")] {
        assert!(picker.contains(&format!("data-peer=\"{code}\"")));
        assert!(
            picker.contains(&format!(
                "href=\"/?departement=17&amp;peers={rest}&amp;year=2022\""
            )),
            "remove {code}: {picker}"
        );
    }
    // A field finding a département by name or code in the list of every département.
    assert!(picker.contains("name=\"add\" list=\"departements\""));
    assert!(page.contains("<option value=\"33\">Gironde (33)</option>"));
    // The automatic suggestion (the documented method, 4 nearest) and a link taking it.
    assert!(picker.contains("Suggestion automatique"), "{picker}");
    assert!(picker.contains("distance "));
    assert!(picker.contains("utiliser cette suggestion"));
    // Adding by name: the page's address then says the peers (state in the URL).
    let (status, _, _) = get("/?departement=17&peers=22,64,14&year=2022&add=gironde").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = text("/?departement=17&peers=22,64,14&year=2022&add=33&fragment=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("data-url=\"/?departement=17&amp;peers=22,64,14,33&amp;year=2022\""));
    assert!(page.contains("data-peer=\"33\""));
    // A name that is no département: the page says so, with suggestions.
    let (status, page) = text("/?departement=17&peers=22&add=girond").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Gironde (33)"), "{page}");
}

#[tokio::test]
async fn comparison_page_scatters_two_indicators_with_downloads() {
    let q = format!("indicator=taux_accueillis_0_19&indicator2=part_judiciaire_ae&{VIEW}");
    let (status, page) = text(&format!("/comparaison?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(
        "Part judiciaire des actions éducatives (AEMO / (AED + AEMO)) selon Enfants accueillis"
    ));
    let section = crate::serve::section(&page, "indicator_scatter");
    assert!(!section.contains("figure non tracée"), "{section}");
    // The page's heading is the figure's title: not said a second time above the chart.
    assert!(!section.contains("<h2>"), "{section}");
    // One bubble a département, its values and population on hover; focus and peers named.
    let t = titles(section);
    assert!(t.len() > 95, "{}", t.len());
    let focus = t
        .iter()
        .find(|t| t.starts_with("Charente-Maritime, 2022 : "))
        .expect("the focus's bubble");
    assert!(
        focus.contains("‰") && focus.contains("%") && focus.contains("population de 0 à 19 ans"),
        "{focus}"
    );
    assert!(section.contains("Droite des moindres carrés des départements (r = "));
    for name in ["Côtes-d&apos;Armor", "Pyrénées-Atlantiques", "Calvados"] {
        assert!(section.contains(&format!("\n{name}\n")), "{name} named");
    }
    assert!(page.contains("<details class=\"data\">"));
    let name = "17-charente-maritime_taux-accueillis-0-19-part-judiciaire-ae_2022";
    for ext in ["svg", "png", "csv", "xlsx"] {
        assert!(
            page.contains(&format!("download=\"{name}.{ext}\"")),
            "{ext}"
        );
        let uri = format!("/comparaison/figure/indicator_scatter.{ext}?{q}");
        let (status, _, bytes) = get(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(
            disposition(&uri)
                .await
                .ends_with(&format!("filename=\"{name}.{ext}\""))
        );
        if ext == "csv" {
            let csv = String::from_utf8(bytes).unwrap();
            let header = csv.lines().next().unwrap();
            assert!(header.contains("population de 0 à 19 ans"), "{header}");
            assert!(
                csv.lines().any(|l| l.starts_with("17;Charente-Maritime;")),
                "{csv}"
            );
        }
    }
    // The picker keeps the two indicators.
    assert!(page.contains("name=\"indicator2\" value=\"part_judiciaire_ae\""));
    let (status, _) = text(&format!(
        "/comparaison?indicator=taux_accueillis_0_19&indicator2=taux_accueillis_0_19&{VIEW}"
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = text(&format!("/comparaison?indicator=nope&{VIEW}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Without indicators: the first of the list against another one.
    let (status, _) = text("/comparaison?departement=61").await;
    assert_eq!(status, StatusCode::OK);
}

/// A select cannot wrap its chosen option: on a 390 px phone the view's selects showed « Selon le
/// département (France métropolitaine et région ; outre-mer : … » and « par défaut (DROM pour un
/// DROM, sinon métropole) » cut. Their options are short (the longest, « France entière hors
/// Mayotte, DROM et région », fits a phone's select), and what the defaults mean is said in a
/// hint under the select, which wraps.
#[tokio::test]
async fn view_selects_have_short_options_and_say_their_defaults_in_hints() {
    let (_, page) = text(&format!("/?{VIEW}")).await;
    let page = page.replace("&#39;", "'");
    let mut selects = 0;
    for select in page.split("<select").skip(1) {
        let select = &select[..select.find("</select>").expect("closed select")];
        if select.contains("name=\"year\"") {
            continue;
        }
        selects += 1;
        for option in select.split("<option").skip(1) {
            let label = &option[option.find('>').unwrap() + 1..option.find("</option>").unwrap()];
            assert!(
                label.chars().count() <= 43,
                "option too long for a phone's select: « {label} »"
            );
        }
    }
    assert_eq!(selects, 2, "the among and reference selects");
    assert!(page.contains(">par défaut</option>"), "{page}");
    assert!(page.contains(
        "<span class=\"hint\">par défaut : les DROM pour un DROM, sinon la métropole</span>"
    ));
    assert!(page.contains(">Selon le département</option>"));
    assert!(page.contains("<span class=\"hint\">selon le département : France métropolitaine et région ; outre-mer : France entière, DROM et région</span>"));
}
