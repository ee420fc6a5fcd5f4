//! `depbench serve`: every route and error, through the router itself (tower `oneshot`).

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use depbench::query::{Engine, Params};
use depbench::serve::{self, Explorer};
use tower::ServiceExt;

use crate::common;

/// The explorer over the committed data, opened once for the whole test binary.
pub fn explorer() -> Arc<Explorer> {
    static EX: OnceLock<Arc<Explorer>> = OnceLock::new();
    EX.get_or_init(|| {
        // SAFETY-free: the cache folder is set before any engine reads it.
        let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache");
        unsafe { std::env::set_var("DEPBENCH_CACHE", cache) };
        std::thread::spawn(|| {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            let ex = rt
                .block_on(Explorer::open(
                    &common::repo("data"),
                    &common::repo("queries"),
                ))
                .expect("explorer opens over the committed data");
            Arc::new(ex)
        })
        .join()
        .expect("opening thread")
    })
    .clone()
}

/// GET `uri`: status, content type and body.
pub async fn get(uri: &str) -> (StatusCode, String, Vec<u8>) {
    get_from(explorer(), uri).await
}

/// GET `uri` from the explorer `ex`: status, content type and body.
pub async fn get_from(ex: Arc<Explorer>, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let resp = serve::router(ex)
        .oneshot(
            Request::get(uri)
                .header("host", "localhost")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let ctype = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    (status, ctype, body)
}

/// The `content-disposition` header of GET `uri`.
pub async fn disposition(uri: &str) -> String {
    let resp = serve::router(explorer())
        .oneshot(
            Request::get(uri)
                .header("host", "localhost")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    resp.headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

pub async fn text(uri: &str) -> (StatusCode, String) {
    let (s, _, b) = get(uri).await;
    (s, String::from_utf8(b).expect("utf-8 page"))
}

#[tokio::test]
async fn explorer_page_has_every_figure_of_the_report() {
    let (status, page) = text("/?departement=17&peers=22,64,14&year=2022").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(
        "Charente-Maritime (17) : diagnostic comparé de la protection de l'enfance, 2022"
    ));
    assert!(page.contains("Côtes-d'Armor (22), Pyrénées-Atlantiques (64), Calvados (14)"));
    // Every figure of the report, the départements' own figures (`-- local: true`) only where
    // Charente-Maritime's plan gives values (4 of them: not the mineurs concernés nor the CJM).
    let figures = std::fs::read_dir(common::repo("queries/figures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .contains("-- local: true")
        })
        .count()
        + 4;
    assert_eq!(page.matches("data-figure=").count(), figures);
    assert!(
        page.contains("kit-17.xlsx"),
        "the page names the kit to import"
    );
    // Every figure is drawn for this view (none left out), SVG inline or a table.
    assert!(!page.contains("figure non tracée"), "{page}");
    // Tables are HTML tables, every other kind an inline SVG.
    let tables = std::fs::read_dir(common::repo("queries/figures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .any(|l| l.trim() == "-- chart: table")
        })
        .count();
    assert!(page.matches("<svg").count() + tables >= figures);
    assert!(page.contains(
        "/figure/03_taux_accueillis.png?departement=17&amp;peers=22,64,14&amp;year=2022"
    ));
    assert!(page.contains("/report.zip?departement=17&amp;peers=22,64,14&amp;year=2022"));
    assert!(page.contains("/assets/app.js"));
}

#[tokio::test]
async fn fragment_is_the_content_only() {
    let (status, frag) = text("/?departement=61&peers=14,50&year=2021&fragment=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!frag.contains("<html"), "a fragment has no page around it");
    assert!(frag.contains("Orne (61) : diagnostic comparé de la protection de l'enfance, 2021"));
    assert!(frag.contains("Calvados (14), Manche (50)"));
}

#[tokio::test]
async fn departement_by_name_or_short_code() {
    let (status, page) = text("/?departement=orne&peers=manche,calvados&fragment=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Orne (61)"));
    assert!(page.contains("Manche (50), Calvados (14)"));
    let (status, page) = text("/?departement=1&peers=auto:3&fragment=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Ain (01)"));
    assert!(
        page.contains(
            "Distances au département (les plus faibles sont les profils les plus proches) : "
        ),
        "automatic peers print their distances"
    );
    assert!(page.contains("Les 3 départements les plus proches"));
}

#[tokio::test]
async fn document_peers_are_the_plans_set() {
    let (status, page) = text("/?departement=17&peers=document&fragment=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("retenus par le schéma départemental"));
    assert!(page.contains("Côtes-d'Armor (22)"));
}

#[tokio::test]
async fn unknown_departement_or_peer_is_said() {
    let (status, page) = text("/?departement=99").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("département : département inconnu « 99 »"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&peers=22,98").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : département inconnu « 98 »"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&peers=17").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Charente-Maritime (17) est le département étudié lui-même"));
    let (status, page) = text("/?departement=69M&peers=13,69").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : Rhône (69) recouvre le département étudié Métropole de Lyon (69M) : il contient le département étudié, les mêmes enfants seraient comptés deux fois ; retirez-le des départements de comparaison"),
        "{page}"
    );
    let (status, page) = text("/?departement=2A&year=2017&peers=20").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : Corse (20) recouvre le département étudié Corse-du-Sud (2A) : il a remplacé le département étudié en 2018, sur le même territoire"),
        "{page}"
    );
    let (status, page) = text("/?departement=61&peers=14,Calvados").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : Calvados (14) est nommé deux fois : nommez chaque département de comparaison une seule fois"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&year=1990").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("année 1990 hors de la période couverte par la DREES"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&year=deux").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("year=deux : une année est attendue"));
    let (status, page) = text("/?departement=17&peers=auto:500").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("doit être un entier de 1 à 10"));
    let (status, page) = text("/?departement=maritime").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains(
            "voulez-vous dire Alpes-Maritimes (06), Charente-Maritime (17), Seine-Maritime (76) ?"
        ),
        "{page}"
    );
}

/// Data-quality flags are marked in the explorer as in the reports: the sign after the
/// territory's name and the footnote saying what the flag is (Charente-Maritime's enfants
/// confiés 2018, a series break, on the evolutions table).
#[tokio::test]
async fn quality_flags_are_marked_as_in_the_reports() {
    let (status, page) = text("/?departement=17&peers=22,64,14&year=2022").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Charente-Maritime\u{a0}⚑"), "{page}");
    assert!(
        page.contains("⚑ Charente-Maritime, enfants confiés à l")
            && page.contains("ASE en 2018 : rupture de série (valeur isolée : 1\u{a0}693 → 1\u{a0}464 → 1\u{a0}880 (2017-2019)"),
        "{page}"
    );
}

/// Territories at the edges of DREES's field get a French page saying why, never the command
/// line's English: Mayotte (outside the field), Corse-du-Sud after 2017, a peer without data.
#[tokio::test]
async fn territories_without_data_are_said_in_french() {
    let (status, page) = text("/?departement=976").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("département : Mayotte (976) est hors du champ de la DREES (aucune série de protection de l&#39;enfance publiée) : choisissez un autre département")
            || page.contains("département : Mayotte (976) est hors du champ de la DREES (aucune série de protection de l'enfance publiée) : choisissez un autre département"),
        "{page}"
    );
    let (status, page) = text("/?departement=2A&year=2022").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("département : Corse-du-Sud (2A) n&#39;a pas de données DREES pour 2022 (données de 2002 à 2017)")
            || page.contains("département : Corse-du-Sud (2A) n'a pas de données DREES pour 2022 (données de 2002 à 2017)"),
        "{page}"
    );
    // The plan's own peers asked for a département without a plan: said as such.
    let (status, page) = text("/?departement=971&peers=document").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : aucun schéma de Guadeloupe (971) n'en nomme"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&peers=22,976").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : Mayotte (976) est hors du champ de la DREES"),
        "{page}"
    );
    // Without a year, the latest the focus has: Corse-du-Sud's page is for 2017.
    let (status, page) = text("/?departement=2A&peers=2B").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("2017"), "{page}");
}

#[tokio::test]
async fn parameter_injection_is_refused() {
    let (status, page) = text("/?departement=17'%20OR%201=1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("département inconnu « 17&#39; OR 1=1 »")
            || page.contains("département inconnu « 17' OR 1=1 »"),
        "{page}"
    );
    let (status, page) = text("/?departement=17&peers=22;DROP").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("départements de comparaison : département inconnu « 22;DROP »"),
        "{page}"
    );
    let (status, _) =
        text("/figure/03_taux_accueillis.csv?departement=17&peers=22%27)%20OR%20(%271").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = text("/?departement=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("<script>alert"), "user text is escaped");
}

/// The explorer's figure data are the report's: same figure file, same parameters, same CSV.
#[tokio::test]
async fn figure_downloads_match_the_report_pipeline() {
    let q = "departement=17&peers=22,64,14&year=2022";
    let (status, ctype, csv) = get(&format!("/figure/03_taux_accueillis.csv?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "text/csv; charset=utf-8");
    // Data files are saved, pictures open in the browser.
    assert_eq!(
        disposition(&format!("/figure/03_taux_accueillis.csv?{q}")).await,
        "attachment; filename=\"17-charente-maritime_taux-accueillis_2022.csv\""
    );
    assert_eq!(
        disposition(&format!("/figure/03_taux_accueillis.svg?{q}")).await,
        "inline; filename=\"17-charente-maritime_taux-accueillis_2022.svg\""
    );
    let engine = Engine::open(common::repo("data"), common::repo("queries")).unwrap();
    let fig = depbench::bench::figure::Figure::read(&common::repo(
        "queries/figures/03_taux_accueillis.sql",
    ))
    .unwrap();
    let mut p = Params::default();
    p.set("focus", "17")
        .set("peers", "22,64,14")
        .set("references", "FRM,R75")
        .set("year", "2022")
        .set("from", "2018")
        .set("to", "2022");
    let roles = depbench::model::territory::Roles {
        focus: "17".into(),
        peers: vec!["22".into(), "64".into(), "14".into()],
    };
    let shapes = depbench::report::shapes(&engine).await.unwrap();
    let r = depbench::report::render_figure(&engine, &fig, &p, &roles, &shapes)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(csv).unwrap(), r.csv);
    // The report's file: French headers with units.
    assert!(
        r.csv
            .starts_with("\u{feff}Code;Territoire;Taux (‰);Année de la population (1er janvier)"),
        "{}",
        r.csv
    );
    let (_, ctype, svg) = get(&format!("/figure/03_taux_accueillis.svg?{q}")).await;
    assert_eq!(ctype, "image/svg+xml");
    assert_eq!(svg, r.svg, "the same SVG as the report's");
    let (_, ctype, png) = get(&format!("/figure/03_taux_accueillis.png?{q}")).await;
    assert_eq!(ctype, "image/png");
    assert_eq!(png, r.png, "the same PNG as the report's");
    let (status, ctype, xlsx) = get(&format!("/figure/01_tableau_de_bord.xlsx?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("application/vnd.openxmlformats"));
    assert_eq!(&xlsx[..2], b"PK");
    // A chart's data as its sheet of the report's workbook: title, French headers with units.
    let (status, _, xlsx) = get(&format!("/figure/03_taux_accueillis.xlsx?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let name = calamine::Reader::sheet_names(&wb)[0].clone();
    let rows =
        crate::common::sheet_text(&calamine::Reader::worksheet_range(&mut wb, &name).unwrap());
    assert_eq!(rows[0][0], r.chart.title(), "title row");
    assert!(
        rows.iter().any(|r| r.starts_with(&[
            "Code".to_string(),
            "Territoire".to_string(),
            "Taux (‰)".to_string()
        ])),
        "French headers: {rows:?}"
    );
    let (status, _, _) = get(&format!("/figure/99_nope.svg?{q}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&format!("/figure/03_taux_accueillis.exe?{q}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn report_zip_holds_what_report_writes() {
    let (status, ctype, bytes) = get("/report.zip?departement=61&peers=14,50&year=2022").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    for expected in [
        "61-orne/index.html",
        "61-orne/tableaux.xlsx",
        "61-orne/sources.md",
        "61-orne/figures/03-taux_accueillis.svg",
        "61-orne/figures/03-taux_accueillis.png",
        "61-orne/donnees/03-taux_accueillis.csv",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    let mut index = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("61-orne/index.html").unwrap(), &mut index)
        .unwrap();
    assert!(index.contains("Orne (61) : diagnostic comparé"));
}

#[tokio::test]
async fn indicator_page_shows_every_departement() {
    let (status, page) =
        text("/indicateur?indicator=taux_accueillis_0_19&departement=17&peers=22,64,14&year=2022")
            .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Enfants accueillis à l&#39;ASE pour 1 000 jeunes de 0 à 19 ans")
            || page.contains("Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 19 ans")
    );
    assert_eq!(
        page.matches("data-figure=").count(),
        3,
        "map, ranking, evolution"
    );
    assert!(!page.contains("figure non tracée"), "{page}");
    // The distribution: the median line (solid and heavier, the theme's darkest orange) named
    // at its end; the default bands, interdecile and interquartile, filled (the wider the
    // lighter) and named in the legend row under the chart (bands: tests/serve_bands.rs).
    for name in [
        "Médiane",
        "1er au 9e décile (D1-D9)",
        "1er au 3e quartile (Q1-Q3)",
    ] {
        assert!(page.contains(&format!("\n{name}\n")), "legend: {name}");
    }
    assert!(page.contains("stroke=\"#8A3B00\" stroke-width=\"3\""));
    assert!(page.contains("<polygon opacity=\"0.18\" fill=\"#E0821E\""));
    assert!(page.contains("<polygon opacity=\"0.36\" fill=\"#E0821E\""));
    assert!(
        !page.contains("stroke=\"#CCCCCC\" stroke-width=\"2\""),
        "no grey quantile line"
    );
    let (status, page) = text("/indicateur?indicator=nope&departement=17").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("indicateur inconnu « nope »"));
}

/// The `<section>` of figure `id` in an explorer page.
pub fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("data-figure=\"{id}\""))
        .unwrap_or_else(|| panic!("figure {id} on the page"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn rates_of_69m_and_69d_are_left_out_with_the_reports_note() {
    for (code, name) in [
        ("69M", "Métropole de Lyon"),
        ("69D", "Rhône hors métropole de Lyon"),
    ] {
        let qs = format!("departement={code}&peers=13,59,33&year=2022");
        let (status, page) = text(&format!("/?{qs}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let page = page.replace("&#39;", "'");
        let why =
            format!("l'Insee publie la population du Rhône entier, pas celle de {name} ({code})");
        // The report's left-out figures (`depbench report -d 69M --peers 13,59,33`: 7 drawn,
        // 5 left out), each with the report's reason instead of a chart without the focus.
        for id in [
            "03_taux_accueillis",
            "07_classement_taux_accueillis",
            "08_carte_taux_accueillis",
            "12_taux_placement",
        ] {
            let s = section(&page, id);
            assert!(
                s.contains(&format!(
                    "figure non tracée : taux n.d. : {why}, et ce taux n'a donc pas de base"
                )),
                "{code} {id}: {s}"
            );
            assert!(
                !s.contains("<svg") && !s.contains("<table"),
                "{code} {id} not drawn"
            );
        }
        let s = section(&page, "09_depense_par_jeune");
        assert!(
            s.contains(&format!(
                "figure non tracée : n.d. : {why}, et cette valeur rapportée à la population n'a donc pas de base"
            )),
            "{code}: {s}"
        );
        assert!(!s.contains("<svg"));
        // Counts, shares and trends are drawn, with the focus.
        for id in [
            "01_tableau_de_bord",
            "02_tableau_evolutions",
            "04_evolution_accueillis",
            "05_modes_de_placement",
            "06_part_judiciaire",
            "10_assistants_familiaux",
        ] {
            let s = section(&page, id);
            assert!(!s.contains("figure non tracée"), "{code} {id}: {s}");
            assert!(s.contains(name), "{code} {id} shows the focus");
        }
        // A figure left out has no file either.
        let (status, _, body) = get(&format!("/figure/03_taux_accueillis.svg?{qs}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(String::from_utf8_lossy(&body).contains("taux n.d."));
    }
    // The indicator page: a rate indicator is left out with the same note; a count is drawn,
    // the Métropole outlined over the Rhône on the map and ranked.
    let (status, page) =
        text("/indicateur?indicator=taux_accueillis_0_19&departement=69M&peers=13&year=2022").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let page = page.replace("&#39;", "'");
    assert_eq!(
        page.matches("figure non tracée : taux n.d. : l'Insee publie la population du Rhône entier, pas celle de Métropole de Lyon (69M)").count(),
        3,
        "map, ranking, evolution"
    );
    let (status, page) =
        text("/indicateur?indicator=TotEnfAccueillisASE&departement=69M&peers=13&year=2022").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(!page.contains("figure non tracée"), "{page}");
    assert_eq!(
        page.matches("Métropole de Lyon : ").count(),
        1,
        "map legend"
    );
}

#[tokio::test]
async fn sql_page_describes_the_catalogue_in_french() {
    let (status, page) = text("/sql").await;
    assert_eq!(status, StatusCode::OK);
    // A table's and a view's description, a column's.
    for french in [
        "Valeurs DREES par territoire, indicateur, année et édition",
        "Valeurs DREES courantes (édition la plus récente de chaque territoire",
        "code du territoire (codification DREES) ; texte",
        "population de référence : <code>0-20</code> (convention DREES, estimée)",
    ] {
        let escaped = french.replace('\'', "&#39;");
        assert!(page.contains(french) || page.contains(&escaped), "{french}");
    }
    // Every description the page shows is French: none of English's commonest words.
    for t in explorer().tables() {
        let texts = std::iter::once(t.description.as_str()).chain(t.columns.iter().map(|c| c.3));
        for text in texts {
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .collect();
            for english in ["the", "of", "and", "with", "when", "by", "its"] {
                assert!(
                    !words.contains(&english),
                    "{}: « {text} » reads English",
                    t.name
                );
            }
        }
    }
}

#[tokio::test]
async fn sql_page_runs_read_only_queries_paginated() {
    let (status, page) = text("/sql").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("observations"), "the catalogue is listed");
    let (status, page) =
        text("/sql?sql=SELECT%20code%20FROM%20territories%20ORDER%20BY%20code&page=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let engine = Engine::open(common::repo("data"), common::repo("queries")).unwrap();
    let total: usize = engine
        .sql("SELECT code FROM territories", &Params::default(), "t")
        .await
        .unwrap()
        .iter()
        .map(|b| b.num_rows())
        .sum();
    assert!(
        page.contains(&format!("Lignes 101–{} sur {total}", total.min(200))),
        "{page}"
    );
    let (status, page) = text("/sql?sql=SELECT%20*%20FROM%20nope").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("table &#39;nope&#39; not found") || page.contains("nope"),
        "{page}"
    );
    let (status, page) = text("/sql?sql=DROP%20TABLE%20observations").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        page.contains("refusé : les instructions <code>DROP</code> ne sont pas permises"),
        "{page}"
    );
}

#[tokio::test]
async fn api_query_for_scripts() {
    let sql = "SELECT%20code,%20name%20FROM%20territories%20WHERE%20code%20IN%20('17','61')%20ORDER%20BY%20code";
    let (status, ctype, csv) = get(&format!("/api/query?format=csv&sql={sql}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "text/csv; charset=utf-8");
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "code,name\n17,Charente-Maritime\n61,Orne\n"
    );
    let (status, ctype, json) = get(&format!("/api/query?format=json&sql={sql}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "application/json");
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v[1]["name"], "Orne");
    let (status, _, xlsx) = get(&format!("/sql/download?format=xlsx&sql={sql}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&xlsx[..2], b"PK");
    let (status, _, body) = get("/api/query?format=csv&sql=DELETE%20FROM%20observations").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("les instructions `DELETE` ne sont pas permises")
    );
    let (status, _, body) = get("/api/query?format=csv&sql=SELEC%201").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8(body).unwrap().contains("SELEC"));
    let (status, _, _) = get(&format!("/api/query?format=xml&sql={sql}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = get("/api/query").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// `format=csv-fr` on `/api/query` and the SQL page's CSV download are French Excel CSV; every
/// CSV the explorer hands out neutralises text cells a spreadsheet would run as formulas, and
/// leaves numbers (negative ones too) as numbers.
#[tokio::test]
async fn csv_downloads_are_french_excel_and_neutralise_formulas() {
    let sql = "SELECT%20name,%20'=HYPERLINK(%22http://x%22)'%20AS%20lien,%20'@SUM(A1)'%20AS%20a,\
               %20'%2Bcmd%7Cx'%20AS%20b,%20-1.5%20AS%20taux,%20-2%20AS%20n%20FROM%20territories\
               %20WHERE%20code%20IN%20('17','61')%20ORDER%20BY%20code";
    let expected = "\u{feff}name;lien;a;b;taux;n\r\n\
                    Charente-Maritime;\"'=HYPERLINK(\"\"http://x\"\")\";'@SUM(A1);'+cmd|x;-1,5;-2\r\n\
                    Orne;\"'=HYPERLINK(\"\"http://x\"\")\";'@SUM(A1);'+cmd|x;-1,5;-2\r\n";
    for uri in [
        format!("/api/query?format=csv-fr&sql={sql}"),
        format!("/sql/download?format=csv-fr&sql={sql}"),
        format!("/sql/download?format=csv&sql={sql}"),
    ] {
        let (status, ctype, csv) = get(&uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(ctype, "text/csv; charset=utf-8");
        assert_eq!(String::from_utf8(csv).unwrap(), expected, "{uri}");
        assert_eq!(
            disposition(&uri).await,
            "attachment; filename=\"requete.csv\""
        );
    }
    let (status, _, csv) = get(&format!("/api/query?format=csv&sql={sql}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        String::from_utf8(csv).unwrap(),
        "name,lien,a,b,taux,n\n\
         Charente-Maritime,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'+cmd|x,-1.5,-2\n\
         Orne,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'+cmd|x,-1.5,-2\n"
    );
    let (_, page) = text(&format!("/sql?sql={sql}")).await;
    assert!(
        page.contains("/sql/download?format=csv-fr&amp;sql="),
        "{page}"
    );
}

#[tokio::test]
async fn documents_with_figures_actions_and_reconciliation() {
    let (status, page) = text("/documents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("/documents/001_fe0a428257ef45b4"));
    let (status, page) = text("/documents/001_fe0a428257ef45b4").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Chiffres publiés et rapprochement avec la DREES"));
    assert!(page.contains("Actions par thème"));
    assert!(page.contains("concorde") || page.contains("diffère"));
    let (status, _) = text("/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn assets_are_embedded_and_nothing_else_is_served() {
    let (status, ctype, js) = get("/assets/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/javascript"));
    assert_eq!(js, include_bytes!("../assets/explorer/app.js"));
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/..%5CCargo.toml",
        "/assets/%252e%252e%252fCargo.toml",
        "/../Cargo.toml",
        "/assets/",
        "/nowhere",
    ] {
        let (status, _, body) = get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            !String::from_utf8_lossy(&body).contains("[package]"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn oversized_requests_are_refused() {
    let long = format!("/sql?sql={}", "x".repeat(serve::MAX_URI_BYTES));
    let (status, _, _) = get(&long).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    let resp = serve::router(explorer())
        .oneshot(
            Request::post("/sql")
                .header("host", "localhost")
                .header("content-length", "1000000")
                .body(Body::from(vec![b'a'; 1_000_000]))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn slow_queries_are_stopped() {
    let ex = Explorer::open(&common::repo("data"), &common::repo("queries"))
        .await
        .unwrap()
        .with_timeout(std::time::Duration::from_millis(50));
    let resp = serve::router(Arc::new(ex))
        .oneshot(
            Request::get("/api/query?format=csv&sql=SELECT%20SUM(v)%20FROM%20range(1,%201000000000000)%20AS%20t(v)")
                .header("host", "127.0.0.1:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&body),
        "requête : délai de 50 ms dépassé ; la requête a été interrompue\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_are_answered_correctly() {
    let codes = [
        "01", "13", "17", "29", "33", "44", "59", "61", "69", "75", "95", "971",
    ];
    let tasks: Vec<_> = codes
        .iter()
        .map(|c| {
            let c = c.to_string();
            tokio::spawn(async move {
                let (status, _, body) = get(&format!(
                    "/figure/03_taux_accueillis.csv?departement={c}&peers=auto:2&year=2022"
                ))
                .await;
                (c, status, String::from_utf8(body).unwrap())
            })
        })
        .collect();
    for t in tasks {
        let (c, status, csv) = t.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{c}: {csv}");
        // The focus département's own row is in its figure's data, and no other focus's.
        assert!(
            csv.lines().any(|l| l.starts_with(&format!("{c};"))),
            "{c}: {csv}"
        );
    }
}

#[tokio::test]
async fn same_view_gives_the_same_bytes_from_the_cache() {
    let uri = "/figure/07_classement_taux_accueillis.svg?departement=34&peers=30,11&year=2021";
    let (s1, _, first) = get(uri).await;
    let (s2, _, again) = get(uri).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first, again);
    let (_, _, other) = get(&uri.replace("year=2021", "year=2020")).await;
    assert_ne!(first, other, "another year is another figure");
}

/// `depbench serve --port 0` prints its address on the loopback and answers there.
#[test]
fn cli_serves_on_the_loopback() {
    use std::io::{BufRead, Read, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_depbench"))
        .args(["serve", "--port", "0"])
        .current_dir(common::root())
        .env(
            "DEPBENCH_CACHE",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("explorateur depbench : http://")
        .and_then(|l| l.split('/').next())
        .unwrap_or_else(|| panic!("address line: {line}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/query?format=csv&sql=SELECT%20name%20FROM%20territories%20WHERE%20code%20=%20'61' HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(resp.starts_with("HTTP/1.1 200 OK"), "{resp}");
    assert!(resp.ends_with("name\nOrne\n"), "{resp}");
}

/// A figure without data for the view is left out with its reason; the others are drawn.
#[tokio::test]
async fn figure_without_data_is_left_out_with_its_reason() {
    let (status, page) = text("/?departement=61&peers=14,50&year=2010&fragment=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let omitted = page.matches("figure non tracée").count();
    assert!(
        omitted >= 1,
        "the foster-carers figure has no data before 2014"
    );
    assert!(page.matches("<svg").count() >= 5, "{page}");
    let (status, body) =
        text("/figure/10_assistants_familiaux.png?departement=61&peers=14,50&year=2010").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.starts_with("figure non tracée"), "{body}");
}

/// As in the reports, a reference the figure cannot show is named under it: no DROM count of
/// assistants familiaux (figure 10) for Martinique's view.
#[tokio::test]
async fn references_without_values_are_named_under_the_figure() {
    let (status, page) = text("/?departement=972&year=2019&fragment=1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Sans valeur dans cette figure : DROM (hors Mayotte)."),
        "note under figure 10"
    );
}

/// The SQL page reads as French (decimal comma) with every digit of the result, as its CSV
/// download holds it; the machine CSV keeps its decimal point.
#[tokio::test]
async fn sql_page_numbers_have_a_decimal_comma_and_every_digit() {
    let (status, page) =
        text("/sql?sql=SELECT%208.485648378997022%20AS%20x,%202022%20AS%20y").await;
    assert_eq!(status, axum::http::StatusCode::OK, "{page}");
    assert!(page.contains(">8,485648378997022<"), "{page}");
    assert!(page.contains(">2022<"), "{page}");
}
