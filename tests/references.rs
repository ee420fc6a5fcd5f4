//! References of the reports and the explorer (issue 11, point 5): France métropolitaine and the
//! région for a metropolitan département, France entière hors Mayotte and the DROM for an
//! overseas one (its région left out when it is the focus alone); région values summed from
//! its départements of the year; counts and changes in number next to rates; `--reference`.
//!
//! Expected values are recomputed from the committed CSV files of `data/` read directly (not
//! through the views) and, when `../shared` is present, from the official DREES file.

use std::collections::BTreeMap;
use std::fs;

use crate::common::{self, depbench, stdout_ok};

/// Rows of a `depbench query --format csv -f FILE` result, each as column → text.
fn figure_rows(file: &str, params: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut args = vec!["query", "--format", "csv", "-f", file];
    for p in params {
        args.push("-p");
        args.push(p);
    }
    let out = stdout_ok(&args);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} is not a number: {row:?}"))
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

/// Départements whose parent is `region` in the committed territories, valid in `year`.
fn members(region: &str, year: i32) -> Vec<String> {
    let mut reader = csv::Reader::from_path(common::repo("data/territories.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (code, parent, from, to) = (
        col("code"),
        col("parent_code"),
        col("valid_from"),
        col("valid_to"),
    );
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[parent] == region)
        .filter(|r| r[from].parse::<i32>().map_or(true, |f| f <= year))
        .filter(|r| r[to].parse::<i32>().map_or(true, |t| t >= year))
        .map(|r| r[code].to_string())
        .collect()
}

/// `(territory, indicator, year) → value` of the committed DREES tidy series (edition 2022, the
/// current one for every value it holds), read as a plain CSV file.
fn committed_benef() -> BTreeMap<(String, String, i32), f64> {
    let mut reader =
        csv::Reader::from_path(common::repo("data/observations/drees-benef-2022.csv")).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .filter_map(|r| {
            Some((
                (r[0].to_string(), r[1].to_string(), r[2].parse().ok()?),
                r[3].parse().ok()?,
            ))
        })
        .collect()
}

fn sum(
    values: &BTreeMap<(String, String, i32), f64>,
    codes: &[String],
    indicator: &str,
    year: i32,
) -> f64 {
    codes
        .iter()
        .map(|c| values[&(c.clone(), indicator.to_string(), year)])
        .sum()
}

/// The tableau de bord for Charente-Maritime: references FRM and its région, Nouvelle-Aquitaine,
/// whose counts are the sums of its 12 départements, its shares and change computed from those
/// sums (never averages), and equal to the régional total DREES publishes.
#[test]
fn references_metropolitan_focus_gets_frm_and_its_region_summed_from_its_departements() {
    let rows = figure_rows(
        "queries/figures/01_tableau_de_bord.sql",
        &["focus=17", "peers=22,64,14", "year=2022", "from=2018"],
    );
    let codes: Vec<&str> = rows.iter().map(|r| r["territory"].as_str()).collect();
    assert_eq!(codes, ["17", "14", "22", "64", "FRM", "R75"]);
    let r75 = &rows[5];
    assert_eq!(r75["territoire"], "Nouvelle-Aquitaine");
    let deps = members("R75", 2022);
    assert_eq!(deps.len(), 12, "{deps:?}");
    let v = committed_benef();
    let s = |ind: &str, year: i32| sum(&v, &deps, ind, year);
    close(
        number(r75, "accueillis"),
        s("TotEnfAccueillisASE", 2022),
        "accueillis",
    );
    // DREES's own régional total is the same sum.
    close(
        number(r75, "accueillis"),
        v[&("R75".into(), "TotEnfAccueillisASE".into(), 2022)],
        "DREES régional total",
    );
    close(
        number(r75, "ae"),
        s("TotBenefAE", 2022),
        "actions éducatives",
    );
    close(
        number(r75, "confies"),
        s("TotEnfConfiesASE", 2022),
        "confiés",
    );
    let (aed, aemo) = (s("TotBenefAED", 2022), s("TotBenefAEMO", 2022));
    close(
        number(r75, "part_judiciaire"),
        100.0 * aemo / (aed + aemo),
        "part judiciaire",
    );
    close(
        number(r75, "part_familles"),
        100.0 * s("TotEnfASEPlacesFamillesAccueil", 2022) / s("TotEnfConfiesASE", 2022),
        "part familles",
    );
    let (a18, a22) = (
        s("TotEnfAccueillisASE", 2018),
        s("TotEnfAccueillisASE", 2022),
    );
    close(number(r75, "evolution_accueillis"), a22 - a18, "change");
    close(
        number(r75, "evolution_accueillis_pct"),
        100.0 * (a22 - a18) / a18,
        "change %",
    );
    // The rate: the summed count over the summed population aged 0-20 of the départements
    // (1/1/2023 not in the committed Insee edition: its latest year, 2022, as for every
    // territory), not an average of their rates.
    assert_eq!(r75["population_year"], "2022");
    let pop = population_0_20(2022);
    let pop: f64 = deps.iter().map(|d| pop[d]).sum();
    close(
        number(r75, "taux_accueillis"),
        1000.0 * s("TotEnfAccueillisASE", 2022) / pop,
        "taux accueillis",
    );
    close(
        number(r75, "taux_ae"),
        1000.0 * s("TotBenefAE", 2022) / pop,
        "taux actions éducatives",
    );
}

/// `territory → population aged 0-20` (0-19 + 1/5 of 20-24) of the committed Insee file, `year`.
fn population_0_20(year: i32) -> BTreeMap<String, f64> {
    let mut reader =
        csv::Reader::from_path(common::repo("data/population/insee-pop-2022.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let bands = [
        col("ensemble_00_04"),
        col("ensemble_05_09"),
        col("ensemble_10_14"),
        col("ensemble_15_19"),
    ];
    let b20 = col("ensemble_20_24");
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| r[1].parse::<i32>().ok() == Some(year))
        .map(|r| {
            let n = |i: usize| r[i].parse::<f64>().unwrap();
            (
                r[0].to_string(),
                bands.iter().map(|&i| n(i)).sum::<f64>() + 0.2 * n(b20),
            )
        })
        .collect()
}

/// The report's files of `dir/<slug>/`: the tableau de bord's data (French CSV: BOM, `;`).
fn report_csv(dir: &std::path::Path, slug: &str, stem: &str) -> Vec<Vec<String>> {
    let text = fs::read_to_string(dir.join(slug).join(format!("donnees/{stem}.csv"))).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Guadeloupe: France entière hors Mayotte and the DROM; its région is Guadeloupe alone, so the
/// région row is left out and the report says so — on the terminal, in the page, in every
/// figure drawing references.
#[test]
fn references_drom_focus_gets_fre_and_drom_and_skips_its_single_departement_region() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let note = "Référence régionale omise : la région Guadeloupe ne compte en 2022 qu'un département, Guadeloupe (971) lui-même.";
    let stdout = stdout_ok(&["report", "-d", "971", "--peers", "972,974", "--out", out]);
    assert!(
        stdout.contains("références : France entière (hors Mayotte) et DROM (hors Mayotte)\n"),
        "{stdout}"
    );
    assert!(stdout.contains(note), "{stdout}");
    let html = fs::read_to_string(dir.path().join("971-guadeloupe/index.html")).unwrap();
    // No commune outlines for Guadeloupe: the EPCI map is absent, as the départements' own
    // figures are without their data (not listed among the figures not produced).
    assert!(
        !html.contains("Intercommunalités (EPCI)")
            && !html.contains("pas de carte des EPCI")
            && !stdout.contains("EPCI"),
        "EPCI map absent without outlines"
    );
    assert!(
        html.contains("Références : France entière (hors Mayotte) et DROM (hors Mayotte).")
            && html.contains(&note.replace('\'', "&#39;")),
        "references in the page"
    );
    let codes = |stem: &str| -> Vec<String> {
        report_csv(dir.path(), "971-guadeloupe", stem)
            .into_iter()
            .map(|r| r[0].clone())
            .collect()
    };
    assert_eq!(
        codes("01-tableau_de_bord"),
        ["971", "974", "972", "DROM", "FRE"],
        "focus, peers by name (La Réunion, Martinique), references"
    );
    assert_eq!(
        codes("02-tableau_evolutions"),
        ["971", "974", "972", "DROM", "FRE"]
    );
    // Bars by rate, references last.
    let bars = codes("03-taux_accueillis");
    let mut last = bars[3..].to_vec();
    last.sort();
    assert_eq!(last, ["DROM", "FRE"], "{bars:?}");
    assert!(
        !bars.iter().any(|c| c == "FRM" || c.starts_with('R')),
        "{bars:?}"
    );
    // FRM asked for explicitly replaces the default.
    let stdout = stdout_ok(&[
        "report",
        "-d",
        "971",
        "--peers",
        "972",
        "--reference",
        "FRM",
        "--out",
        out,
    ]);
    assert!(
        stdout.contains("références : France métropolitaine\n"),
        "{stdout}"
    );
    assert!(!stdout.contains(note), "{stdout}");
    assert_eq!(
        report_csv(dir.path(), "971-guadeloupe", "01-tableau_de_bord")
            .iter()
            .map(|r| r[0].as_str())
            .collect::<Vec<_>>(),
        ["971", "972", "FRM"]
    );
}

/// Corse in 2016 is 2A + 2B: its région row is computed for 2A; from 2018 Corse (20) is alone
/// in its région, which is then left out.
#[test]
fn references_region_of_corse_follows_the_partition_of_the_year() {
    let rows = figure_rows(
        "queries/figures/01_tableau_de_bord.sql",
        &["focus=2A", "peers=2B", "year=2016", "from=2012"],
    );
    let r94 = rows
        .iter()
        .find(|r| r["territory"] == "R94")
        .expect("R94 row");
    let v = committed_benef();
    let deps = members("R94", 2016);
    assert_eq!(deps, ["2A", "2B"]);
    close(
        number(r94, "accueillis"),
        sum(&v, &deps, "TotEnfAccueillisASE", 2016),
        "Corse 2016",
    );
    let rows = figure_rows(
        "queries/figures/01_tableau_de_bord.sql",
        &["focus=20", "peers=06", "year=2019", "from=2018"],
    );
    let codes: Vec<&str> = rows.iter().map(|r| r["territory"].as_str()).collect();
    assert_eq!(
        codes,
        ["20", "06", "FRM"],
        "Corse alone in its région in 2019"
    );
}

/// Lozère: a large % on a small count, so the change is also given in number (+132 children
/// 2015-2022, +105,6 %), as the official file gives it.
#[test]
fn references_lozere_changes_in_number_and_in_percent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    stdout_ok(&[
        "report", "-d", "48", "--peers", "15,12", "--from", "2015", "--out", out,
    ]);
    let v = committed_benef();
    let at = |y: i32| v[&("48".to_string(), "TotEnfAccueillisASE".to_string(), y)];
    assert_eq!((at(2015), at(2022)), (125.0, 257.0));
    if let Some(shared) = common::shared_data() {
        let text =
            fs::read_to_string(shared.join("drees/ase-beneficiaires-2002-2022.csv")).unwrap();
        for (year, want) in [(2015, "125"), (2022, "257")] {
            let line = format!("76,48,Lozère,Département,{year},TotEnfAccueillisASE,{want},");
            assert!(text.contains(&line), "official file: {line}");
        }
    }
    let md =
        fs::read_to_string(dir.path().join("48-lozere/figures/01-tableau_de_bord.md")).unwrap();
    let lozere = md
        .lines()
        .find(|l| l.contains("Lozère"))
        .expect("Lozère row");
    // The focus row is in bold.
    assert!(lozere.contains("| **257** |"), "{lozere}");
    // French format: decimal comma, a no-break space before the unit.
    assert!(
        lozere.contains("| **+132** | **+105,6\u{a0}%** |"),
        "{lozere}"
    );
    assert!(
        md.contains("Évolution des enfants accueillis 2015-2022 (nombre)")
            && md.contains("Enfants accueillis pour 1\u{a0}000 jeunes de 0 à 20 ans (‰)"),
        "units in the headers: {md}"
    );
    // Orne: counts beside rates, changes in number for confiés and AEMO too.
    let rows = figure_rows(
        "queries/figures/02_tableau_evolutions.sql",
        &["focus=61", "peers=14,50", "from=2018", "to=2022"],
    );
    let orne = rows.iter().find(|r| r["territory"] == "61").unwrap();
    let at = |ind: &str, y: i32| v[&("61".to_string(), ind.to_string(), y)];
    close(
        number(orne, "evolution_confies"),
        at("TotEnfConfiesASE", 2022) - at("TotEnfConfiesASE", 2018),
        "Orne confiés",
    );
    assert_eq!(number(orne, "evolution_confies"), 51.0);
    assert_eq!(number(orne, "evolution_aemo"), -40.0);
    let codes: Vec<&str> = rows.iter().map(|r| r["territory"].as_str()).collect();
    assert_eq!(codes, ["61", "14", "50", "FRM", "R28"]);
}

/// `--reference`: the accepted words, and a clear French error naming the option otherwise,
/// with nothing written.
#[test]
fn references_option_errors_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = out.to_str().unwrap();
    let run = |args: &[&str]| {
        let r = depbench(args);
        (
            r.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&r.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&[
        "report",
        "-d",
        "17",
        "--reference",
        "FRM,Bretagne",
        "--out",
        o,
    ]);
    assert_ne!(code, 0);
    assert_eq!(
        stderr,
        "erreur : --reference FRM,Bretagne : référence inconnue « Bretagne » ; valeurs acceptées, séparées par des virgules : FRM (France métropolitaine), FRE (France entière hors Mayotte), DROM (DROM hors Mayotte), region (la région du département) ; par exemple --reference FRM,region\n"
    );
    let (code, stderr) = run(&["report", "-d", "971", "--reference", "region", "--out", o]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("--reference region : aucune référence à tracer pour Guadeloupe (971) en 2022 (Référence régionale omise : la région Guadeloupe ne compte en 2022 qu'un département, Guadeloupe (971) lui-même.) : ajoutez FRM, FRE ou DROM, par exemple --reference FRE,DROM"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
    // Accepted in any case, repeated words once.
    let stdout = stdout_ok(&[
        "report",
        "-d",
        "17",
        "--peers",
        "22",
        "--reference",
        "region,FRE,Région",
        "--out",
        o,
    ]);
    assert!(
        stdout.contains("références : Nouvelle-Aquitaine et France entière (hors Mayotte)\n"),
        "{stdout}"
    );
}

/// The explorer's reference selector: the same words as `--reference`, kept in the URL (and in
/// every figure and download link), a bad word answered 400 with the message.
#[tokio::test]
async fn references_explorer_selector_lives_in_the_url() {
    use crate::serve::get;
    let page = |b: Vec<u8>| String::from_utf8(b).unwrap();
    let (status, _, body) = get("/?departement=971&peers=972&year=2022").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let html = page(body);
    assert!(
        html.contains("Références : France entière (hors Mayotte) et DROM (hors Mayotte)."),
        "default references of a DROM focus"
    );
    assert!(
        html.contains("ne compte en 2022 qu&#39;un département")
            || html.contains("ne compte en 2022 qu'un département")
    );
    assert!(
        html.contains(r#"<select name="reference">"#),
        "the selector is enabled"
    );
    assert!(
        html.contains(r#"<option value="" selected>"#),
        "default selected"
    );

    let (status, _, body) = get("/?departement=17&peers=22&year=2022&reference=FRE,region").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let html = page(body);
    assert!(
        html.contains("Références : France entière (hors Mayotte) et Nouvelle-Aquitaine."),
        "chosen references"
    );
    assert!(html.contains(r#"<option value="FRE,region" selected>"#));
    assert!(
        html.contains("/figure/03_taux_accueillis.png?departement=17&amp;peers=22&amp;year=2022&amp;reference=FRE,region"),
        "the choice stays in the links"
    );
    let (_, _, csv) = get(
        "/figure/01_tableau_de_bord.csv?departement=17&peers=22&year=2022&reference=FRE,region",
    )
    .await;
    let csv = page(csv);
    let codes: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.trim_start_matches('\u{feff}').split(';').next().unwrap())
        .collect();
    assert_eq!(codes, ["17", "22", "FRE", "R75"]);

    let (status, _, body) = get("/?departement=17&reference=Bretagne").await;
    assert_eq!(status, axum::http::StatusCode::BAD_REQUEST);
    assert!(
        page(body)
            .contains("reference=Bretagne : référence inconnue « Bretagne » ; valeurs acceptées"),
        "message shown"
    );
}

/// A région with a département that publishes nothing is n.d., never a partial sum, and the
/// report says which série, years and départements: Normandie's assistants familiaux in 2014
/// and 2015 (Calvados, Eure, Seine-Maritime ND, Manche ND in 2015 in the personnel workbook).
#[test]
fn references_region_without_a_departement_value_is_nd_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&[
        "report", "-d", "61", "--peers", "14,50", "--year", "2016", "--out", out,
    ]);
    assert!(
        stdout.contains("Normandie : Assistants familiaux employés par le conseil départemental n.d. en 2014, 2015 (la somme de ses départements n'est pas calculable, sans valeur : 14, 27, 50, 76)."),
        "{stdout}"
    );
    // Committed personnel file: the départements ND, read directly.
    let text = fs::read_to_string(common::repo("data/observations/drees-pers-2020.csv")).unwrap();
    for (code, year) in [("14", 2014), ("27", 2015), ("50", 2015), ("76", 2015)] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{code},effpersassfam,{year},,not_available,"))),
            "{code} {year} ND"
        );
    }
    let out = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "SELECT year, value, status, missing FROM region_sums \
         WHERE territory = 'R28' AND indicator = 'effpersassfam' AND year <= 2016 ORDER BY year",
    ]);
    // 2016: 714 + 461 + 401 + 416 + 624 (14, 27, 50, 61, 76, cells E18, E33, E56, E67, E84).
    assert_eq!(
        out,
        "year,value,status,missing\n\
         2014,,incomplete,\"14, 27, 76\"\n\
         2015,,incomplete,\"14, 27, 50, 76\"\n\
         2016,2616,sum of départements,\n"
    );
}

/// Automatic peers a user accepts (issue 21 §7): an overseas focus takes its peers among the
/// DROM by default; `among` chooses the pool; fewer candidates than asked are said, not padded;
/// 69M's method says the Rhône's features stand in.
#[tokio::test]
async fn references_automatic_peers_among_a_pool() {
    use depbench::bench::peers::{Among, PeerChoice, choose};
    let engine =
        depbench::query::Engine::open(common::repo("data"), common::repo("queries")).unwrap();
    let mut got = choose(&engine, "971", 2022, &PeerChoice::Default)
        .await
        .unwrap();
    got.codes.sort();
    assert_eq!(got.codes, ["972", "973", "974"], "{}", got.method);
    assert!(
        got.method.contains("Seuls 3 départements")
            && got.method.contains("moins que les 4 demandés")
            && got.method.contains("parmi les départements d'outre-mer"),
        "{}",
        got.method
    );
    // A metropolitan focus: metropolitan peers by default; its région when asked.
    let got = choose(&engine, "34", 2022, &PeerChoice::Auto(4, None))
        .await
        .unwrap();
    assert!(
        got.codes.iter().all(|c| !c.starts_with("97")),
        "{:?}",
        got.codes
    );
    let occitanie = [
        "09", "11", "12", "30", "31", "32", "46", "48", "65", "66", "81", "82",
    ];
    let got = choose(
        &engine,
        "34",
        2022,
        &PeerChoice::Auto(4, Some(Among::Region)),
    )
    .await
    .unwrap();
    assert_eq!(got.codes.len(), 4);
    assert!(
        got.codes.iter().all(|c| occitanie.contains(&c.as_str())),
        "{:?}",
        got.codes
    );
    assert!(
        got.method
            .contains("parmi les départements de la région Occitanie"),
        "{}",
        got.method
    );
    let got = choose(&engine, "971", 2022, &PeerChoice::Auto(3, Some(Among::All)))
        .await
        .unwrap();
    assert_eq!(got.codes.len(), 3);
    let got = choose(&engine, "69M", 2022, &PeerChoice::Auto(4, None))
        .await
        .unwrap();
    assert!(
        got.method.contains(
            "Les caractéristiques de Rhône (69) tiennent lieu de celles de Métropole de Lyon (69M)"
        ),
        "{}",
        got.method
    );
    assert!(Among::parse("outremer").is_err());
}

/// `depbench report --among` refuses an unknown pool with the words to type.
#[test]
fn references_among_option_words() {
    let out = common::depbench(&[
        "report",
        "-d",
        "34",
        "--among",
        "europe",
        "-o",
        "/nonexistent",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("attendu : metropole, drom, region ou all"),
        "{err}"
    );
}

/// The explorer's `among` parameter: a select on the page, kept in the URL; a bad word is a 400.
#[tokio::test]
async fn references_explorer_among_lives_in_the_url() {
    use crate::serve::get;
    let (status, _, body) = get("/?departement=34&among=region&year=2022").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains(r#"<select name="among">"#));
    assert!(
        html.contains(r#"<option value="region" selected>"#),
        "selected pool"
    );
    assert!(html.contains("among=region"), "kept in the links");
    assert!(html.contains("parmi les départements de la région Occitanie"));
    let (status, _, body) = get("/?departement=34&among=europe&year=2022").await;
    assert_eq!(status, axum::http::StatusCode::BAD_REQUEST);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("metropole, drom, region ou all")
    );
}
