//! The annual report's first questions (issue 21 §1-3): the rate of children accueillis per
//! 1 000 aged 0-20 over time, the levels of two years side by side, `--year latest`, each
//! indicator's years per edition, and `depbench chart` writing its data beside the image.
//!
//! Expected values are recomputed from the official files in `../shared/data` (the DREES tidy
//! CSV and the Insee workbook; skipped with a message when absent), never from `data/`. The
//! population convention is DREES's, as the `rates` view applies it: children accueillis at
//! 31/12/N per 1 000 aged 0-20 at 1/1/N+1 (0-19 + 1/5 of 20-24), the latest population of the
//! Insee edition when N+1 is not in it (1/1/2022 for 2022).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{self, depbench, stdout_ok};
use crate::territories::{insee_bands, read_tidy};

/// Children accueillis at 31/12/`year` per 1 000 aged 0-20, from the official files: `tidy_key`
/// is the territory's key in the tidy CSV (code, or the printed label of a national total),
/// `insee` its label in the Insee sheets.
fn official_rate(shared: &Path, tidy_key: &str, insee: &str, year: i32) -> f64 {
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let accueillis: f64 = tidy[&(
        tidy_key.to_string(),
        "TotEnfAccueillisASE".to_string(),
        year,
    )]
        .parse()
        .unwrap();
    // 1/1/N+1, else the latest sheet of the edition (its last year is 2022).
    let sheet_year = (year + 1).min(2022);
    let b = insee_bands(shared, sheet_year)[insee];
    1000.0 * accueillis / (b[0] + b[1] + b[2] + b[3] + b[4] / 5.0)
}

/// `value` rounded to `decimals`, as figure data carry it (the chart's decimals plus one).
fn rounded(value: f64, decimals: i32) -> f64 {
    let p = 10f64.powi(decimals);
    (value * p).round() / p
}

/// Rows of a French Excel CSV (BOM, `;`, decimal comma, CRLF), checking its dialect: header
/// first, then `code → cells`.
fn french_csv(path: &Path) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{}: BOM",
        path.display()
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF"
    );
    // A cell holding `;` (a flag's footnote) is quoted: read it as a CSV reader does.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let cells: Vec<String> = r.unwrap().iter().map(str::to_string).collect();
            (cells[0].clone(), cells)
        })
        .collect();
    (header, rows)
}

fn number(cell: &str) -> f64 {
    assert!(!cell.contains('.'), "decimal comma: {cell}");
    cell.replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {cell}"))
}

/// `depbench report -d 34 --from 2012`: the rate over time 2012-2022 for Hérault, Occitanie,
/// France métropolitaine and its peers, written wide (years in columns) with two decimals (the
/// chart's one plus one); the levels of 2012 and 2022 side by side with the change.
#[test]
fn figures_herault_rate_over_time_and_levels_of_2012_and_2022() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&["report", "-d", "34", "--from", "2012", "--out", out]);
    assert!(
        stdout.contains(
            "année : 2022 (--year latest : la dernière avec des données DREES pour l'Hérault)"
        ),
        "{stdout}"
    );
    let report = dir.path().join("34-herault");
    let (header, rows) = french_csv(&report.join("donnees/13-taux_accueillis_evolution.csv"));
    let years: Vec<String> = (2012..=2022).map(|y| y.to_string()).collect();
    assert_eq!(header[..3], ["Code", "Territoire", "Mesure"]);
    assert_eq!(header[3..14], years[..], "years in columns: {header:?}");
    for code in ["34", "R76", "FRM"] {
        assert!(rows.contains_key(code), "{code} in {:?}", rows.keys());
    }
    let peers = rows
        .keys()
        .filter(|c| !["34", "R76", "FRM"].contains(&c.as_str()));
    assert_eq!(peers.count(), 4, "the 4 default peers: {:?}", rows.keys());
    assert_eq!(rows["34"][1], "Hérault");
    assert_eq!(
        rows["34"][2],
        "Enfants accueillis pour 1\u{a0}000 jeunes de 0 à 20 ans (‰)"
    );
    // The page shows the figure, its title naming the span.
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(
        html.contains("Évolution du taux d&#39;enfants accueillis à l&#39;ASE pour 1 000 jeunes de 0 à 20 ans, 2012-2022"),
        "rate figure in the page"
    );
    let (levels_header, levels) = french_csv(&report.join("donnees/14-niveaux_deux_annees.csv"));
    assert_eq!(
        levels_header[2..5],
        [
            "Enfants accueillis 2012 (effectif)",
            "Enfants accueillis 2022 (effectif)",
            "Évolution des accueillis 2012-2022 (%)"
        ]
    );
    let Some(shared) = common::shared_data() else {
        return;
    };
    for (code, tidy, insee) in [
        ("34", "34", "34"),
        (
            "FRM",
            "TOTAL estimé France métropolitaine",
            "France métropolitaine",
        ),
    ] {
        for (i, year) in [(3, 2012), (13, 2022)] {
            let want = rounded(official_rate(&shared, tidy, insee, year), 2);
            assert_eq!(number(&rows[code][i]), want, "{code} {year}");
        }
    }
    // Hérault: 2 230 accueillis in 2012, 2 362 in 2022 (tidy CSV), +5,9 %; rates 8,3 ‰ and 8,1 ‰.
    let t = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let acc = |y: i32| -> f64 {
        t[&("34".to_string(), "TotEnfAccueillisASE".to_string(), y)]
            .parse()
            .unwrap()
    };
    let h = &levels["34"];
    assert_eq!(number(&h[2]), acc(2012));
    assert_eq!(number(&h[3]), acc(2022));
    assert_eq!(
        number(&h[4]),
        rounded(100.0 * (acc(2022) - acc(2012)) / acc(2012), 2)
    );
    assert_eq!(
        number(&h[5]),
        rounded(official_rate(&shared, "34", "34", 2012), 2)
    );
    assert_eq!(
        number(&h[6]),
        rounded(official_rate(&shared, "34", "34", 2022), 2)
    );
}

/// `depbench chart -f <the rate figure> -p focus=34 -o x.png` chooses the year (latest), the
/// span and the peers as the report does, says so, and writes `x.csv` (French Excel) and
/// `x.xlsx` beside `x.png`; Hérault's 2019 break is marked and footnoted in all three.
#[test]
fn figures_chart_writes_its_data_beside_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("x.png");
    let out = depbench(&[
        "chart",
        "-f",
        "queries/figures/13_taux_accueillis_evolution.sql",
        "-p",
        "focus=34",
        "-o",
        png.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("année 2022 : la dernière avec des données DREES pour l'Hérault (34)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("départements de comparaison : "),
        "{stderr}"
    );
    assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let (header, rows) = french_csv(&dir.path().join("x.csv"));
    assert_eq!(header[3], "2012", "ten years back: {header:?}");
    assert_eq!(header[13], "2022");
    assert_eq!(header.last().unwrap(), "Signalement");
    assert!(
        rows["34"]
            .last()
            .unwrap()
            .starts_with("⚑ Hérault, enfants accueillis à l'ASE en 2019"),
        "{:?}",
        rows["34"]
    );
    // The workbook: title in A1, the same numbers, the flag's footnote under the data.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("x.xlsx")).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let text = common::sheet_text(&range);
    assert!(
        text[0][0].starts_with("Évolution du taux d'enfants accueillis"),
        "{:?}",
        text[0]
    );
    let herault: Vec<&Data> = range
        .rows()
        .find(|r| r[0] == Data::String("34".into()))
        .unwrap()
        .iter()
        .collect();
    for (i, cell) in rows["34"].iter().enumerate().skip(3).take(11) {
        assert_eq!(*herault[i], Data::Float(number(cell)), "column {i}");
    }
    assert!(
        text.iter()
            .flatten()
            .any(|c| c.starts_with("⚑ Hérault, enfants accueillis")),
        "flag footnote in the workbook"
    );
    if let Some(shared) = common::shared_data() {
        assert_eq!(
            number(&rows["34"][3]),
            rounded(official_rate(&shared, "34", "34", 2012), 2)
        );
    }
}

/// `--year latest` (the default) is the latest year with DREES data for the focus: 2022 for
/// Charente-Maritime (the last year of its count in the tidy CSV), said on the terminal.
#[test]
fn figures_year_latest_is_the_focus_latest_drees_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let stdout = stdout_ok(&[
        "report", "-d", "17", "--year", "latest", "--peers", "22", "--out", out,
    ]);
    let mut want = 2022;
    if let Some(shared) = common::shared_data() {
        let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
        want = tidy
            .keys()
            .filter(|(t, v, _)| t == "17" && v == "TotEnfAccueillisASE")
            .map(|(_, _, y)| *y)
            .max()
            .unwrap();
    }
    assert!(
        stdout.contains(&format!(
            "année : {want} (--year latest : la dernière avec des données DREES pour la Charente-Maritime)"
        )),
        "{stdout}"
    );
    let html = fs::read_to_string(dir.path().join("17-charente-maritime/index.html")).unwrap();
    assert!(
        html.contains(&format!(
            "Tableau de bord de la protection de l&#39;enfance en {want}"
        )) || html.contains(&format!(
            "Tableau de bord de la protection de l'enfance en {want}"
        )),
        "the {want} report"
    );
    // Corse's 2A ends in 2017: its latest year is 2017, not the data's.
    let out = depbench(&["report", "-d", "2A", "--peers", "2B", "--out", out]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("année : 2017 (--year latest"), "{stdout}");
    let e = depbench(&["report", "-d", "17", "--year", "dernier"]);
    assert!(!e.status.success());
    assert!(
        String::from_utf8_lossy(&e.stderr)
            .contains("`dernier` n'est pas une année : donnez une année (2022) ou `latest`"),
        "{}",
        String::from_utf8_lossy(&e.stderr)
    );
}

/// `depbench tables indicators` lists each indicator's years per edition: the DREES tidy file
/// of 2022 publishes children accueillis 2002-2022, the 2020 workbook 2002-2020.
#[test]
fn figures_tables_indicators_lists_years_per_edition() {
    let out = stdout_ok(&["tables", "indicators"]);
    let block = |id: &str| -> String {
        let start = out
            .find(&format!("\n{id} — "))
            .unwrap_or_else(|| panic!("{id} in {out}"));
        out[start + 1..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut span = (2002, 2022);
    if let Some(shared) = common::shared_data() {
        let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
        let years: Vec<i32> = tidy
            .iter()
            .filter(|((_, v, _), value)| v == "TotEnfAccueillisASE" && !value.is_empty())
            .map(|((_, _, y), _)| *y)
            .collect();
        span = (*years.iter().min().unwrap(), *years.iter().max().unwrap());
    }
    let acc = block("TotEnfAccueillisASE");
    assert!(
        acc.contains(&format!(
            "  édition 2022 (drees-benef-2022) : {}-{}",
            span.0, span.1
        )),
        "{acc}"
    );
    assert!(
        acc.contains("  édition 2020 (drees-benef-sl-2020) : 2002-2020"),
        "{acc}"
    );
    assert!(block("effpersassfam").contains(" : 2014-2020"));
    assert!(block("taux_accueillis_0_20").starts_with("  calculé : "));
}
