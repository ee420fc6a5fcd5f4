//! The « Parcours (OLINPE) » figures outside a report: `depbench chart` and the explorer's
//! figure files for a département without its OLINPE extract (or without the extract of the year
//! asked) say which extract is missing and how to load one, exit non-zero and write nothing; the
//! report's sources name each extract with its count of events in the French format.

use std::path::Path;

use crate::common::{data_copy, depbench, repo, stdout_ok};

/// `depbench chart` of figure `file` with `args` on the data folder `data`: exit code, stderr,
/// and the files of the output folder afterwards.
fn chart(data: &Path, file: &str, args: &[&str]) -> (Option<i32>, String, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    let image = out.path().join("figure.png");
    let data = data.to_string_lossy();
    let mut all = vec!["--data-dir", &data, "chart", "-f", file];
    all.extend(args);
    let image_arg = image.to_string_lossy();
    all.extend(["-o", &image_arg]);
    let res = depbench(&all);
    let files = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    (
        res.status.code(),
        String::from_utf8_lossy(&res.stderr).into_owned(),
        files,
    )
}

#[test]
fn chart_of_an_olinpe_figure_without_extract_says_how_to_load_one() {
    let data = data_copy();
    // No extract at all (the committed data): every OLINPE figure says so, nothing is written.
    for file in [
        "queries/figures/30_olinpe_stock.sql",
        "queries/figures/31_olinpe_flux.sql",
        "queries/figures/34_olinpe_rapprochement_drees.sql",
    ] {
        let (code, stderr, files) = chart(data.path(), file, &["-p", "focus=34"]);
        assert_eq!(code, Some(2), "{file}: {stderr}");
        assert_eq!(
            stderr.trim(),
            format!(
                "erreur : {file} : aucune extraction OLINPE n'est chargée pour l'Hérault (34) : cette figure lit les extractions OLINPE du département ; chargez-les avec `depbench import <fichiers OLINPE>` (fichiers XML ou CSV transmis à l'ONPE), puis relancez"
            )
        );
        assert!(files.is_empty(), "{file}: {files:?}");
    }
    // Charente-Maritime's extracts of 2021 and 2022 loaded: another département still has none,
    // a year without extract is named with the years loaded, a year loaded draws.
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &repo("tests/fixtures/olinpe").to_string_lossy(),
    ]);
    let stock = "queries/figures/30_olinpe_stock.sql";
    let (code, stderr, files) = chart(data.path(), stock, &["-p", "focus=orne"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("aucune extraction OLINPE n'est chargée pour l'Orne (61)"),
        "{stderr}"
    );
    assert!(files.is_empty(), "{files:?}");
    let (code, stderr, files) = chart(data.path(), stock, &["-p", "focus=17", "-p", "year=2019"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!(
            "erreur : {stock} : aucune extraction OLINPE de 2019 n'est chargée pour la Charente-Maritime (17) (années chargées : 2021, 2022) : chargez celle de 2019 avec `depbench import <fichiers OLINPE>`, ou omettez -p year (la figure montre toutes les années chargées)"
        )
    );
    assert!(files.is_empty(), "{files:?}");
    for year in [&["-p", "year=2022"][..], &[]] {
        let mut args = vec!["-p", "focus=17"];
        args.extend(year);
        let (code, stderr, mut files) = chart(data.path(), stock, &args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        files.sort();
        assert_eq!(files, ["figure.csv", "figure.png", "figure.xlsx"]);
    }
}

/// The explorer leaves an OLINPE figure without extract out of the page (as the report does);
/// its files answer 404 with the reason and the command, not « aucune valeur ».
#[tokio::test]
async fn explorer_olinpe_figure_without_extract_names_the_missing_extract() {
    for ext in ["csv", "png", "xlsx"] {
        let (status, page) = crate::serve::text(&format!(
            "/figure/30_olinpe_stock.{ext}?departement=17&peers=22,64&year=2022"
        ))
        .await;
        assert_eq!(status, axum::http::StatusCode::NOT_FOUND, "{page}");
        assert!(
            page.contains("aucune extraction OLINPE n'est chargée pour la Charente-Maritime (17)")
                && page.contains("depbench import"),
            "{page}"
        );
    }
}

/// `n` with the French thousands separator (a no-break space), written out here rather than
/// with depbench's own formatter.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// The report's sources name each OLINPE extract with its count of events grouped by thousands
/// (`11 238 événements`), as every other count of the report, in the HTML and in sources.md.
#[test]
fn report_sources_count_olinpe_events_with_the_thousands_separator() {
    let data = data_copy();
    let d = data.path().to_string_lossy().to_string();
    let synth = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &d,
        "olinpe",
        "synth",
        "--departements",
        "17",
        "--years",
        "2022",
        "-o",
        &synth.path().to_string_lossy(),
    ]);
    stdout_ok(&["--data-dir", &d, "import", &synth.path().to_string_lossy()]);
    let events: i64 = stdout_ok(&[
        "--data-dir",
        &d,
        "query",
        "--format",
        "csv",
        "SELECT events FROM olinpe_extracts WHERE departement = '17' AND year = 2022",
    ])
    .lines()
    .nth(1)
    .unwrap()
    .parse()
    .unwrap();
    assert!(
        events >= 1000,
        "{events} events: too few to need a separator"
    );
    let want = format!("Extraction OLINPE 2022 ({} événements)", grouped(events));
    let out = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &d,
        "report",
        "-d",
        "17",
        "--peers",
        "22,64",
        "--year",
        "2022",
        "--out",
        &out.path().to_string_lossy(),
    ]);
    let folder = out.path().join("17-charente-maritime");
    let md = std::fs::read_to_string(folder.join("sources.md")).unwrap();
    assert!(md.contains(&want), "{want} not in {md}");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        html.contains(&want) || html.contains(&want.replace('\u{a0}', "&nbsp;")),
        "{want} not in the HTML sources"
    );
}
