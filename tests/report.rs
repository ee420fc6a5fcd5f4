//! Reports and charts through the binary: outputs, determinism, and errors before any write.

use std::fs;

use crate::common::{depbench, stdout_ok};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn stderr_of(args: &[&str]) -> (i32, String) {
    let out = depbench(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn charente_maritime_report_has_every_output_and_the_etat_des_lieux_values() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    stdout_ok(&[
        "report", "-d", "17", "--peers", "22,64,14", "--year", "2022", "--out", out,
    ]);
    let report = dir.path().join("17-charente-maritime");
    for f in ["index.html", "tableaux.xlsx", "sources.md"] {
        assert!(report.join(f).is_file(), "missing {f}");
    }
    let figures: Vec<_> = fs::read_dir(report.join("figures")).unwrap().collect();
    let data: Vec<_> = fs::read_dir(report.join("donnees")).unwrap().collect();
    let n = fs::read_dir(crate::common::repo("queries/figures"))
        .unwrap()
        .count();
    let tables = fs::read_dir(crate::common::repo("queries/figures"))
        .unwrap()
        .filter(|e| {
            fs::read_to_string(e.as_ref().unwrap().path())
                .unwrap()
                .contains("-- chart: table")
        })
        .count();
    assert_eq!(
        figures.len(),
        2 * n + tables,
        "an SVG and a PNG per figure, Markdown per table"
    );
    let md = fs::read_to_string(report.join("figures/02-tableau_evolutions.md")).unwrap();
    assert!(
        md.contains("| **Charente-Maritime** | **+47,5\u{a0}%** |"),
        "{md}"
    );
    assert_eq!(data.len(), n, "a CSV per figure");
    // The état des lieux table (seed 001, lines 296-301 and 372-377): peers and France from DREES.
    // French Excel dialect: BOM, `;`, decimal comma, CRLF.
    let bytes = fs::read(report.join("donnees/02-tableau_evolutions.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv.starts_with("territory;territoire;"), "{csv}");
    assert!(
        csv.contains("\r\n") && !csv.contains('.'),
        "decimal comma: {csv}"
    );
    let row = |code: &str| -> Vec<f64> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{code};")))
            .unwrap();
        line.split(';')
            .skip(2)
            .map(|v| v.replace(',', ".").parse::<f64>().unwrap())
            .collect()
    };
    let round1 = |v: f64| (v * 10.0).round() / 10.0;
    for (code, expected) in [
        ("22", [12.4, -0.7, 59.0]),
        ("64", [21.3, -3.5, 80.6]),
        ("14", [11.3, 36.7, 60.4]),
        ("FRM", [12.1, 4.6, 70.4]),
    ] {
        let got: Vec<f64> = row(code).into_iter().map(round1).collect();
        assert_eq!(got, expected, "territory {code}");
    }
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("Côtes-d'Armor (22)") || html.contains("Côtes-d&#39;Armor (22)"),
        "peers named"
    );
    for remote in ["src=\"http", "href=\"http", "<script", "<link", "url(http"] {
        assert!(
            !html.contains(remote),
            "self-contained page: found {remote}"
        );
    }
    let xlsx = fs::read(report.join("tableaux.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "xlsx is a zip");
    workbook_sheets_are_framed(&report.join("tableaux.xlsx"));
}

/// Every sheet of a report workbook: a title in A1, French headers (no raw `territory`,
/// `taux`), numbers with a display format, a `Source : …` row under the data.
fn workbook_sheets_are_framed(path: &std::path::Path) {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    assert!(names.len() >= 10, "{names:?}");
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let (r0, _) = range.start().unwrap();
        assert_eq!(r0, 0, "{name}: starts in row 1");
        assert!(!rows[0][0].is_empty(), "{name}: title in A1");
        for raw in [
            "territory",
            "taux",
            "publisher",
            "origin",
            "population_year",
        ] {
            assert!(
                !rows.iter().take(4).flatten().any(|c| c == raw),
                "{name}: raw column name `{raw}` in {:?}",
                &rows[..4]
            );
        }
        assert!(
            rows.iter()
                .rev()
                .take(2)
                .flatten()
                .any(|c| c.starts_with("Source")),
            "{name}: source row last: {:?}",
            rows.last()
        );
    }
    // The ranking data: per-thousand header with its unit, values as numbers rounded by format.
    let ranking = names.iter().find(|n| n.contains("classement")).unwrap();
    let range = wb.worksheet_range(ranking).unwrap();
    let header: Vec<String> = range
        .rows()
        .nth(3)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..2], ["Code", "Territoire"], "{header:?}");
    assert!(header[2].contains('‰'), "{header:?}");
}

#[test]
fn a_second_run_writes_identical_bytes() {
    let (a, b) = (tmp(), tmp());
    for d in [&a, &b] {
        stdout_ok(&[
            "report",
            "-d",
            "61",
            "--auto-peers",
            "3",
            "--out",
            d.path().to_str().unwrap(),
        ]);
    }
    let root_a = a.path().join("61-orne");
    let mut checked = 0;
    for sub in ["figures", "donnees"] {
        for entry in fs::read_dir(root_a.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            let rel = p.strip_prefix(&root_a).unwrap();
            assert_eq!(
                fs::read(&p).unwrap(),
                fs::read(b.path().join("61-orne").join(rel)).unwrap(),
                "{}",
                rel.display()
            );
            checked += 1;
        }
    }
    for f in ["index.html", "tableaux.xlsx", "sources.md"] {
        assert_eq!(
            fs::read(root_a.join(f)).unwrap(),
            fs::read(b.path().join("61-orne").join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(checked > 10);
}

#[test]
fn auto_peers_are_explained_in_the_report() {
    let dir = tmp();
    let stdout = stdout_ok(&[
        "report",
        "-d",
        "34",
        "--auto-peers",
        "4",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(stdout.contains("Hérault (34)"), "{stdout}");
    let html = fs::read_to_string(dir.path().join("34-herault/index.html")).unwrap();
    assert!(
        html.contains("Les 4 départements les plus proches en 2022"),
        "method printed"
    );
    assert!(html.contains("distance euclidienne"));
}

#[test]
fn wrong_parameters_fail_before_any_file_is_written() {
    let cases: [(&[&str], &str); 5] = [
        (&["report", "-d", "99"], "unknown département `99`"),
        (
            &["report", "-d", "17", "--peers", "22,17"],
            "17 is the focus département itself",
        ),
        (
            &["report", "-d", "17", "--peers", "22,98"],
            "unknown département `98`",
        ),
        (
            &["report", "-d", "17", "--year", "2031"],
            "--year 2031: out of range (DREES data cover 2002-2022)",
        ),
        (&["report", "-d", "17", "--year", "1990"], "out of range"),
    ];
    for (args, expected) in cases {
        let dir = tmp();
        let mut full = args.to_vec();
        let out = dir.path().join("out");
        full.extend(["--out", out.to_str().unwrap()]);
        let (code, stderr) = stderr_of(&full);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: expected «{expected}» in {stderr}"
        );
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
    }
}

#[test]
fn a_figure_header_naming_a_missing_column_is_an_error_before_writing() {
    let dir = tmp();
    let queries = dir.path().join("queries");
    let src = crate::common::repo("queries");
    for sub in ["views", "peers", "report", "figures"] {
        fs::create_dir_all(queries.join(sub)).unwrap();
        for e in fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, queries.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    let fig = queries.join("figures/03_taux_accueillis.sql");
    let text = fs::read_to_string(&fig)
        .unwrap()
        .replace("-- value: taux", "-- value: taux_manquant");
    fs::write(&fig, text).unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = stderr_of(&[
        "--queries-dir",
        queries.to_str().unwrap(),
        "report",
        "-d",
        "17",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the header names column `taux_manquant`, which the query does not return"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn chart_command_renders_one_figure_as_png_and_svg() {
    let dir = tmp();
    for ext in ["png", "svg"] {
        let path = dir.path().join(format!("fig.{ext}"));
        stdout_ok(&[
            "chart",
            "-f",
            "queries/figures/06_part_judiciaire.sql",
            "-p",
            "focus=61",
            "-p",
            "peers=14,50",
            "-p",
            "year=2022",
            "-o",
            path.to_str().unwrap(),
        ]);
        let bytes = fs::read(&path).unwrap();
        match ext {
            "png" => assert_eq!(&bytes[..4], b"\x89PNG"),
            _ => {
                let svg = String::from_utf8(bytes).unwrap();
                assert!(svg.contains("Orne"), "focus labelled");
                assert!(svg.contains("Taux de judiciarisation des actions éducatives à domicile"));
                assert!(svg.contains("Source : DREES"), "source under the chart");
            }
        }
    }
    let (code, stderr) = stderr_of(&[
        "chart",
        "-f",
        "queries/figures/06_part_judiciaire.sql",
        "-o",
        "x.gif",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("must end in .svg or .png"), "{stderr}");
}
