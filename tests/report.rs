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
    // The départements' own figures (`-- local: true`) are there only where Charente-Maritime's
    // plan gives values: IP reçues, places (total), their changes and the IP rate it prints; not
    // the mineurs concernés nor the contrats jeunes majeurs (its plan gives neither).
    let local_shown = [
        "ip_pour_1000_mineurs",
        "places_pour_1000_jeunes",
        "evolutions_locales",
        "rapprochement_local_drees",
    ];
    let shown = |e: &fs::DirEntry| {
        let text = fs::read_to_string(e.path()).unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        !text.contains("-- local: true") || local_shown.iter().any(|l| name.contains(l))
    };
    let files: Vec<fs::DirEntry> = fs::read_dir(crate::common::repo("queries/figures"))
        .unwrap()
        .map(Result::unwrap)
        .filter(shown)
        .collect();
    let n = files.len();
    let tables = files
        .iter()
        .filter(|e| {
            fs::read_to_string(e.path())
                .unwrap()
                .contains("-- chart: table")
        })
        .count();
    for absent in ["mineurs_concernes_ip", "cjm_pour_1000_jeunes"] {
        assert!(
            !figures.iter().any(|f| f
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(absent)),
            "{absent} drawn without local values"
        );
    }
    assert_eq!(
        figures.len(),
        2 * n + tables,
        "an SVG and a PNG per figure, Markdown per table"
    );
    let md = fs::read_to_string(report.join("figures/02-tableau_evolutions.md")).unwrap();
    // Charente-Maritime's confiés 2018 (1 464 between 1 693 and 1 880) is a flagged series break:
    // the focus row carries the sign and the table a footnote saying what the flag is.
    assert!(
        // +696 enfants confiés 2018-2022, +47,5 %: in number, then in %; the sign of the flag.
        md.contains("| **Charente-Maritime\u{a0}⚑** | **+696** | **+47,5\u{a0}%** |"),
        "{md}"
    );
    assert!(
        md.contains("\n⚑ Charente-Maritime, enfants confiés à l'ASE en 2018 : rupture de série (valeur isolée : 1\u{a0}693 → 1\u{a0}464 → 1\u{a0}880 (2017-2019) : écart de -17,9 % à la moyenne géométrique de ses deux voisines, pour un écart habituel de ± 4,6 %).\n") && md.contains("\n\nSource : DREES"),
        "{md}"
    );
    // A peer's flag (Côtes-d'Armor, assistants familiaux 469 in 2019 between 541 and 560) on the
    // assistants familiaux chart: sign on its line, footnote under the chart.
    let svg = fs::read_to_string(report.join("figures/10-assistants_familiaux.svg")).unwrap();
    assert!(
        svg.contains("Côtes-d&apos;Armor\u{a0}⚑") || svg.contains("Côtes-d'Armor\u{a0}⚑"),
        "sign on the peer's line"
    );
    assert!(
        svg.contains("assistants familiaux employés par le conseil départemental en 2019 : rupture de série (valeur isolée : 541 → 469 → 560 (2018-2020)"),
        "peer footnote"
    );
    assert_eq!(data.len(), n, "a CSV per figure");
    // The map of Charente-Maritime's 13 EPCI, each with its population (DGCL, epcicom2025.xlsx
    // G5882 for La Rochelle), written on the map in French format.
    let epci = data
        .iter()
        .map(|e| e.as_ref().unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("carte_epci.csv"))
        .expect("EPCI map data");
    let epci = fs::read_to_string(epci).unwrap();
    assert_eq!(epci.lines().count(), 1 + 13, "{epci}");
    assert!(
        epci.contains("\n241700434;CA de La Rochelle;185015;"),
        "{epci}"
    );
    let svg = figures
        .iter()
        .map(|e| e.as_ref().unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("carte_epci.svg"))
        .expect("EPCI map");
    let svg = fs::read_to_string(svg).unwrap();
    assert!(svg.contains("185\u{a0}015"), "population on the map");
    // The état des lieux table (seed 001, lines 296-301 and 372-377): peers and France from DREES.
    // French Excel dialect: BOM, `;`, decimal comma, CRLF.
    let bytes = fs::read(report.join("donnees/02-tableau_evolutions.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    // French headers with units, `$from`/`$to` filled, as the workbook shows them.
    assert_eq!(
        csv.lines().next().unwrap(),
        "Code;Territoire;Évolution des enfants confiés 2018-2022 (nombre);Évolution des enfants confiés 2018-2022 (%);Évolution des AEMO 2018-2022 (nombre);Évolution des AEMO 2018-2022 (%);Taux de judiciarisation des actions éducatives 2022 (%);Signalement",
        "{csv}"
    );
    // Numbers with a decimal comma (the last column, `Signalement`, is the flags' French text,
    // quoted when it holds a `;`): read as a CSV reader does.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.as_bytes());
    assert!(
        csv.contains("\r\n")
            && reader.records().all(|r| {
                let r = r.unwrap();
                r.iter().take(r.len() - 1).all(|cell| !cell.contains('.'))
            }),
        "decimal comma: {csv}"
    );
    let row = |code: &str| -> Vec<f64> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{code};")))
            .unwrap();
        // The % columns (3, 5, 6); each change is also given in number beside them.
        let cells: Vec<&str> = line.split(';').collect();
        [3, 5, 6]
            .iter()
            .map(|&i| cells[i].replace(',', ".").parse::<f64>().unwrap())
            .collect()
    };
    for (code, expected) in [
        ("22", [12.4, -0.7, 59.0]),
        ("64", [21.3, -3.5, 80.6]),
        ("14", [11.3, 36.7, 60.4]),
        ("FRM", [12.1, 4.6, 70.4]),
    ] {
        // The CSV carries the chart's decimals plus one (12,45 for the plan's 12,4): within half
        // a tenth of the plan's one-decimal figure.
        let got = row(code);
        assert!(
            got.iter()
                .zip(expected)
                .all(|(g, e)| (g - e).abs() <= 0.05 + 1e-9),
            "territory {code}: {got:?} against {expected:?}"
        );
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
    // A deliverable page: a table of contents linking every figure and section, a « Lecture : »
    // sentence under each figure from its own values, French headers.
    assert!(
        html.contains("<nav class=\"toc\"><h2>Sommaire</h2>"),
        "table of contents"
    );
    for i in 0..n {
        let id = format!("figure-{}", i + 1);
        assert!(
            html.contains(&format!("<li><a href=\"#{id}\">Figure {}", i + 1))
                && html.contains(&format!("<section class=\"figure\" id=\"{id}\">")),
            "anchor {id}"
        );
    }
    for id in ["qualite", "sources", "chiffres-du-departement"] {
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")) && html.contains(&format!("id=\"{id}\"")),
            "{id}"
        );
    }
    assert!(
        html.contains("<p class=\"lecture\">Lecture : en 2022, la Charente-Maritime compte 16,9 enfants accueillis à l&#39;ASE pour 1 000 jeunes de 0 à 20 ans, contre 12,5 en France métropolitaine.</p>"),
        "lecture of the rate figure"
    );
    assert!(
        html.contains("<p class=\"lecture\">Lecture : entre 2018 et 2022, le nombre d&#39;enfants confiés à l&#39;ASE évolue de +47,5\u{a0}% en Charente-Maritime, contre +12,1\u{a0}% en France métropolitaine.</p>"),
        "lecture of the evolutions table"
    );
    assert_eq!(
        html.matches("<p class=\"lecture\">").count(),
        // The départements' own figures have no reference row to read against, nor the EPCI
        // map (its rows are EPCI).
        n - 3 - local_shown.len(),
        "a sentence under every figure but the matrix of plans, the map and the EPCI map (no reference row)"
    );
    assert!(!html.contains("( "), "no space after an opening bracket");
    // « Qualité des données »: the flags of the focus and peers for the indicators and years shown
    // (the year a number, right-aligned).
    let quality = &html[html
        .find("<h2>Qualité des données</h2>")
        .expect("quality section")..];
    let quality = &quality[..quality.find("<h2>Sources</h2>").unwrap()];
    for header in ["Territoire", "Indicateur", "Année", "Nature", "Détail"] {
        assert!(quality.contains(&format!(">{header}</th>")), "{header}");
    }
    for row in [
        "Charente-Maritime (17)</td><td class=\"label\" style=\"text-align:left\">Enfants confiés à l&#39;ASE</td><td class=\"num\" style=\"text-align:right\">2018</td><td class=\"label\" style=\"text-align:left\">rupture de série",
        "Charente-Maritime (17)</td><td class=\"label\" style=\"text-align:left\">Enfants accueillis à l&#39;ASE</td><td class=\"num\" style=\"text-align:right\">2018",
        "Côtes-d&#39;Armor (22)</td><td class=\"label\" style=\"text-align:left\">Assistants familiaux employés par le conseil départemental</td><td class=\"num\" style=\"text-align:right\">2019",
    ] {
        assert!(quality.contains(row), "missing flag row {row}");
    }
    // Only the years shown: Calvados's 2018 établissements break is not on a 2022 figure.
    assert!(!quality.contains("Calvados"), "{quality}");
    let xlsx = fs::read(report.join("tableaux.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "xlsx is a zip");
    workbook_sheets_are_framed(&report.join("tableaux.xlsx"));
    donnees_have_the_sheets_headers_and_load_as_tables(&report);
    // The workbook's « Qualité des données » sheet holds the same flags, one row each.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(report.join("tableaux.xlsx")).unwrap();
    // Numbers are number cells: the flags' years, the plan's published values (line 280:
    // 2 279 enfants; line 282: 16,1 %, its unit beside it).
    let schema = wb.worksheet_range("Chiffres du schéma").unwrap();
    let rows: Vec<&[calamine::Data]> = schema.rows().collect();
    assert_eq!(
        rows[2].iter().map(|c| c.to_string()).collect::<Vec<_>>()[3..5],
        ["Valeur publiée", "Unité"]
    );
    let line = |n: f64| {
        rows.iter()
            .find(|r| r[0] == calamine::Data::Float(n))
            .unwrap()
            .to_vec()
    };
    assert_eq!(line(280.0)[3], calamine::Data::Float(2279.0));
    assert_eq!(line(282.0)[3], calamine::Data::Float(16.1));
    assert_eq!(line(282.0)[4], calamine::Data::String("%".into()));
    // In a comparison table the name stays a lookup key: the flag's sign has a column of its
    // own (Charente-Maritime's confiés 2018, above).
    let rows =
        crate::common::sheet_text(&wb.worksheet_range("02 Évolutions confiés et AEMO").unwrap());
    let header = rows.iter().find(|r| r[0] == "Territoire").unwrap();
    let focus = rows.iter().find(|r| r[0].starts_with("Charente")).unwrap();
    assert_eq!(focus[0], "Charente-Maritime");
    assert_eq!(header.last().unwrap(), "Signalement qualité");
    assert_eq!(focus[header.len() - 1], "⚑");
    let range = wb.worksheet_range("Qualité des données").unwrap();
    let rows = crate::common::sheet_text(&range);
    assert!(
        rows.iter().any(|r| r.len() >= 4
            && r[..4]
                == [
                    "Charente-Maritime (17)",
                    "Enfants confiés à l'ASE",
                    "2018",
                    "rupture de série"
                ]),
        "{rows:?}"
    );
    let years: Vec<&calamine::Data> = range.rows().skip(4).map(|r| &r[2]).collect();
    assert!(
        years.iter().any(|y| **y == calamine::Data::Float(2018.0))
            && years.iter().all(
                |y| matches!(y, calamine::Data::Float(_) | calamine::Data::Empty)
                    || y.to_string().starts_with("Source")
            ),
        "{years:?}"
    );
}

/// A figure's `donnees/*.csv` carries the headers of its data sheet in `tableaux.xlsx` (row 4,
/// under the title, subtitle and a blank row), and loads back with `--table` under them,
/// every digit kept: Charente-Maritime's rate is the sheet's number.
fn donnees_have_the_sheets_headers_and_load_as_tables(report: &std::path::Path) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let path = report.join("donnees/03-taux_accueillis.csv");
    let text = fs::read_to_string(&path).unwrap();
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        header,
        "Code;Territoire;Taux (‰);Année de la population (1er janvier);Note sur la population"
    );
    let mut wb: Xlsx<_> = open_workbook(report.join("tableaux.xlsx")).unwrap();
    let range = wb.worksheet_range("03 Taux d'enfants accueillis").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let sheet_header: Vec<String> = rows[3].iter().map(|c| c.to_string()).collect();
    assert_eq!(sheet_header.join(";"), header);
    let sheet_rate = rows
        .iter()
        .find(|r| r[0] == Data::String("17".into()))
        .map(|r| r[2].clone())
        .unwrap();
    let out = stdout_ok(&[
        "query",
        "--table",
        &format!("taux={}", path.display()),
        "--format",
        "csv",
        "SELECT \"Code\", \"Taux (‰)\", \"Année de la population (1er janvier)\" FROM taux WHERE \"Code\" = '17'",
    ]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("Code,Taux (‰),Année de la population (1er janvier)")
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(row[0], "17");
    assert_eq!(Data::Float(row[1].parse().unwrap()), sheet_rate);
    assert_eq!(row[2], "2022");
}

/// Every sheet of a report workbook: a title in A1, French headers (no raw `territory`,
/// `taux`), numbers with a display format, a `Source : …` row under the data.
fn workbook_sheets_are_framed(path: &std::path::Path) {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    assert!(names.len() >= 10, "{names:?}");
    // Sheets are named after the figures' French titles, accents kept (Excel takes Unicode).
    for name in [
        "03 Taux d'enfants accueillis",
        "09 Dépense ASE par jeune",
        "Qualité des données",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        let rows = crate::common::sheet_text(&range);
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
    let ranking = names
        .iter()
        .find(|n| n.as_str() == "07 Rang du taux d'accueillis")
        .unwrap();
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
    let codes = "les codes sont ceux de la DREES : 01…95, 2A, 2B, 20, 69D, 69M, 971…974, 976, ou un nom de département";
    let unknown_99 = format!("--department : département inconnu `99` ({codes})");
    let unknown_975 = format!("--department : département inconnu `975` ({codes})");
    let cases: &[(&[&str], &str)] = &[
        (&["report", "-d", "99"], &unknown_99),
        (&["report", "-d", "975"], &unknown_975),
        (
            &["report", "-d", "Ornes"],
            "--department : département inconnu `Ornes` (vouliez-vous dire Orne (61) ?)",
        ),
        // A name typed with abbreviations and without its hyphens still finds nothing when
        // misspelt, and the suggestions list the nearest names.
        (
            &["report", "-d", "seine denis"],
            "--department : département inconnu `seine denis` (vouliez-vous dire Seine-Saint-Denis (93) ?)",
        ),
        (
            &["report", "-d", "17", "--peers", "22,17"],
            "--peers : Charente-Maritime (17) est le département étudié lui-même : retirez-le de --peers",
        ),
        (
            &["report", "-d", "69M", "--peers", "13,69"],
            "--peers : Rhône (69) recouvre le département étudié Métropole de Lyon (69M) : il contient le département étudié, les mêmes enfants seraient donc comptés deux fois ; retirez 69 de --peers (--auto-peers ne choisit jamais un département qui le recouvre)",
        ),
        (
            &["report", "-d", "69", "--peers", "69D"],
            "--peers : Rhône hors métropole de Lyon (69D) recouvre le département étudié Rhône (69) : il fait partie du département étudié, les mêmes enfants seraient donc comptés deux fois ; retirez 69D de --peers (--auto-peers ne choisit jamais un département qui le recouvre)",
        ),
        (
            &["report", "-d", "20", "--peers", "2A"],
            "--peers : Corse-du-Sud (2A) recouvre le département étudié Corse (20) : le département étudié l'a remplacé en 2018, sur le même territoire, les mêmes enfants seraient donc comptés deux fois ; retirez 2A de --peers (--auto-peers ne choisit jamais un département qui le recouvre)",
        ),
        (
            &["report", "-d", "2B", "--year", "2017", "--peers", "20"],
            "--peers : Corse (20) recouvre le département étudié Haute-Corse (2B) : il a remplacé le département étudié en 2018, sur le même territoire, les mêmes enfants seraient donc comptés deux fois ; retirez 20 de --peers (--auto-peers ne choisit jamais un département qui le recouvre)",
        ),
        (
            &["report", "-d", "61", "--peers", "14,50,calvados"],
            "--peers : Calvados (14) est nommé deux fois (`14` et `calvados`) : nommez chaque département de comparaison une seule fois",
        ),
        (
            &["report", "-d", "17", "--peers", "22,98"],
            "--peers : département inconnu `98`",
        ),
        (
            &["report", "-d", "17", "--peers", ""],
            "--peers : aucun département donné : listez des codes DREES ou des noms séparés par des virgules (par exemple --peers 14,50), ou omettez --peers pour le choix par défaut",
        ),
        (
            &["report", "-d", "61", "--peers", "14;50"],
            "--peers : département inconnu `14;50` (séparez les départements par des virgules, par exemple --peers 14,50)",
        ),
        (
            &["report", "-d", "17", "--peers", "976"],
            "--peers : Mayotte (976) n'a pas de données DREES pour 2022 : choisissez un autre département de comparaison",
        ),
        // A code outside its validity: the code DREES publishes that year is suggested.
        (
            &["report", "-d", "17", "--peers", "14,2A"],
            "--peers : Corse-du-Sud (2A) n'a pas de données DREES pour 2022 : en 2022 la DREES publie ce territoire sous le code 20 (Corse) : vouliez-vous dire 20 ?",
        ),
        (
            &["report", "-d", "2A", "--year", "2019"],
            "--department 2A : Corse-du-Sud (2A) n'a pas de données DREES pour 2019 : en 2019 la DREES publie ce territoire sous le code 20 (Corse) : vouliez-vous dire -d 20 ?",
        ),
        (
            &["report", "-d", "20", "--year", "2015"],
            "--department 20 : Corse (20) n'a pas de données DREES pour 2015 : en 2015 la DREES publie ce territoire sous les codes 2A (Corse-du-Sud) et 2B (Haute-Corse) : vouliez-vous dire -d 2A ou -d 2B ?",
        ),
        (
            &["report", "-d", "69M", "--year", "2012"],
            "--department 69M : Métropole de Lyon (69M) n'a pas de données DREES pour 2012 : en 2012 la DREES publie ce territoire sous le code 69 (Rhône) : vouliez-vous dire -d 69 ?",
        ),
        (
            &["report", "-d", "976"],
            "--department 976 : Mayotte (976) est hors du champ de la DREES (la DREES ne publie pour lui aucune série de protection de l'enfance) : choisissez un autre département",
        ),
        (
            &["report", "-d", "61", "--auto-peers", "500"],
            "--auto-peers 500 : donnez un nombre de départements de comparaison de 1 à 10",
        ),
        (
            &["report", "-d", "61", "--auto-peers", "0"],
            "--auto-peers 0 : donnez un nombre de départements de comparaison de 1 à 10",
        ),
        (
            &["report", "-d", "17", "--year", "2031"],
            "--year 2031 : hors limites : les données DREES couvrent 2002-2022, donnez une année dans cet intervalle",
        ),
        (&["report", "-d", "17", "--year", "1990"], "hors limites"),
        (
            &["report", "-d", "17", "--year", "2010", "--from", "2010"],
            "--from 2010 : doit précéder --year 2010 : donnez un --from antérieur ou omettez-le",
        ),
    ];
    for &(args, expected) in cases {
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
        stderr
            .contains("l'en-tête nomme la colonne `taux_manquant`, que la requête ne renvoie pas"),
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
    assert!(
        stderr.contains("la sortie doit finir par .svg ou .png"),
        "{stderr}"
    );
}

/// Any territory and year of DREES's field: a figure without data is left out with a note; the
/// focus names and one-digit codes are read as users type them.
#[test]
fn reports_leave_out_figures_without_data_and_say_why() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&[
        "report", "-d", "orne", "--peers", "14,50", "--year", "2010", "--out", out,
    ]);
    assert!(
        stdout.contains("Orne (61) : 16 figures, départements de comparaison 14, 50"),
        "{stdout}"
    );
    assert!(
        stdout.contains("figure non produite : Évolution des assistants familiaux employés par le département (aucune valeur pour Orne (61) dans cette figure en 2010 (requête 10_assistants_familiaux.sql))"),
        "{stdout}"
    );
    let html = fs::read_to_string(dir.path().join("61-orne/index.html")).unwrap();
    assert!(
        html.contains("<h2>Figures non produites</h2>"),
        "note in the page"
    );
    let stdout = stdout_ok(&["report", "-d", "69M", "--peers", "13,59,33", "--out", out]);
    assert!(
        stdout.contains("taux n.d. : l'Insee publie la population du Rhône entier, pas celle de Métropole de Lyon (69M)"),
        "{stdout}"
    );
    // `--year 2002` alone: the evolutions start with the data, no error about --from.
    let stdout = stdout_ok(&[
        "report", "-d", "1", "--peers", "14", "--year", "2002", "--out", out,
    ]);
    assert!(stdout.starts_with("Ain (01) :"), "{stdout}");
    // No plan held for the Ain: one sentence, not an empty section.
    let html = fs::read_to_string(dir.path().join("01-ain/index.html")).unwrap();
    assert!(
        html.contains("<p class=\"meta\">depbench ne détient aucun document publié par l&#39;Ain (01) : pas de chiffres du département à rapprocher des séries DREES.</p>"),
        "no empty « Chiffres publiés par le département »"
    );
    // 69M: its rate is n.d. (Insee publishes the Rhône whole); the dashboard says so in words.
    let html = fs::read_to_string(dir.path().join("69M-metropole-de-lyon/index.html")).unwrap();
    assert!(
        // The sentence reads the dashboard's rate column (`lecture_value`), not its first
        // column (the count, which 69M has).
        html.contains("Lecture : en 2022, la valeur « enfants accueillis pour 1\u{a0}000 jeunes de 0 à 20 ans (‰) » n&#39;est pas disponible pour la Métropole de Lyon (n.d.) ; elle est de 12,5\u{a0}‰ en France métropolitaine."),
        "n.d. lecture"
    );
}

/// Automatic peers come from the year's partition: never a territory overlapping the focus
/// (view `territory_overlaps`). 2A and 2B are the two halves of Corse, side by side in the 2017
/// partition: 2A is a candidate for 2B (the nearest, as it happens), 20 is not.
#[test]
fn automatic_peers_never_overlap_the_focus() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    for (focus, year, overlapping, included) in [
        ("2B", "2017", &["20"][..], Some("2A")),
        ("20", "2022", &["2A", "2B"][..], None),
        ("69M", "2022", &["69", "69D"][..], None),
    ] {
        let stdout = stdout_ok(&[
            "report",
            "-d",
            focus,
            "--auto-peers",
            "10",
            "--year",
            year,
            "--out",
            out,
        ]);
        let peers = stdout
            .split("départements de comparaison ")
            .nth(1)
            .unwrap()
            .split(" →")
            .next()
            .unwrap();
        for o in overlapping {
            assert!(!peers.split(", ").any(|p| p == *o), "{focus}: {peers}");
        }
        if let Some(i) = included {
            assert!(peers.split(", ").any(|p| p == i), "{focus}: {peers}");
        }
        assert_eq!(peers.split(", ").count(), 10, "{peers}");
    }
}

/// A file the user put in a report folder survives: refused without --force, kept with it; a
/// bad --out says what to do.
#[test]
fn a_users_file_in_a_report_folder_survives() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    let args = ["report", "-d", "61", "--peers", "14", "--out", out];
    stdout_ok(&args);
    let notes = dir.path().join("61-orne/mes-notes.docx");
    fs::write(&notes, "notes").unwrap();
    let (code, stderr) = stderr_of(&args);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "--out {out}: the folder {out}/61-orne holds files depbench did not write (mes-notes.docx): move them, choose another --out, or add --force to rewrite the report and keep them"
        )),
        "{stderr}"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout_ok(&forced);
    assert_eq!(fs::read_to_string(&notes).unwrap(), "notes");
    assert!(dir.path().join("61-orne/index.html").is_file());
    let file = dir.path().join("un-fichier");
    fs::write(&file, "x").unwrap();
    let (code, stderr) = stderr_of(&[
        "report",
        "-d",
        "61",
        "--peers",
        "14",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "un-fichier : c'est un fichier, pas un dossier : donnez un dossier pour les rapports"
        ),
        "{stderr}"
    );
    // A refused request leaves no folder behind, however deep.
    let deeper = dir.path().join("new/deeper");
    let (code, _) = stderr_of(&["report", "-d", "976", "--out", deeper.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(!dir.path().join("new").exists());
}

/// A peer or reference the figure cannot show is named under the chart: DREES publishes no
/// count of assistants familiaux for the DROM total, so Martinique's figure 10 draws France
/// entière but not the DROM, and says so.
#[test]
fn references_and_peers_without_values_are_named_under_the_figure() {
    let drom = crate::territories::query_rows(
        "SELECT COUNT(value) FROM bench_observations WHERE territory = 'DROM' \
         AND indicator = 'effpersassfam' AND year BETWEEN 2002 AND 2019",
    );
    assert_eq!(drom, [["0".to_string()]]);
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    stdout_ok(&["report", "-d", "972", "--year", "2019", "--out", out]);
    let figures = dir.path().join("972-martinique/figures");
    let svg = fs::read_to_string(figures.join("10-assistants_familiaux.svg")).unwrap();
    assert!(
        svg.contains("Sans valeur dans cette figure : DROM (hors Mayotte)."),
        "note under figure 10"
    );
    // The rate figures have both references: no note there.
    let svg = fs::read_to_string(figures.join("03-taux_accueillis.svg")).unwrap();
    assert!(!svg.contains("Sans valeur"), "no note where all are drawn");
}

/// Corse (20) in 2019: its 2015 bases are 2A + 2B, so no evolution figure is left out, and the
/// flag on DREES's not-applicable 2015 row says what the figures read instead.
#[test]
fn corse_in_2019_has_its_2015_bases_from_2a_and_2b() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&["report", "-d", "20", "--year", "2019", "--out", out]);
    assert!(stdout.starts_with("Corse (20) : 16 figures"), "{stdout}");
    assert!(!stdout.contains("figure non produite"), "{stdout}");
    let md = fs::read_to_string(dir.path().join("20-corse/figures/01-tableau_de_bord.md")).unwrap();
    assert!(
        md.contains("⚑ Corse, enfants accueillis à l'ASE en 2015 : valeur recomposée (somme de la Corse-du-Sud (2A) et de la Haute-Corse (2B) : 360 ; la Collectivité de Corse (20) n'existe qu'à partir de 2018, sa ligne de la source est tenue pour non applicable)"),
        "{md}"
    );
}

/// Figures left out are named once each, their titles' parameters filled: for 69M the rate
/// figures of one title (a chart and its map) were said twice, and the evolution's title kept
/// `$since`.
#[test]
fn figures_left_out_are_named_once_with_their_titles_filled() {
    let dir = tmp();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&["report", "-d", "69M", "--year", "2022", "--out", out]);
    let notes: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("figure non produite : "))
        .collect();
    assert!(!notes.is_empty(), "{stdout}");
    for n in &notes {
        assert_eq!(
            notes.iter().filter(|m| *m == n).count(),
            1,
            "said twice: {n}\n{stdout}"
        );
        assert!(!n.contains('$'), "a parameter left in a title: {n}");
    }
    assert!(
        stdout.contains("figure non produite : Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans (taux n.d. : l'Insee publie la population du Rhône entier, pas celle de Métropole de Lyon (69M), et ce taux n'a donc pas de base)"),
        "{stdout}"
    );
}
