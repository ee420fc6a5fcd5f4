//! Territories and measures: validity, partitions, national aggregates for every year, the
//! reference populations (0-20, 0-17, 0-19) and no non-finite value in any view.
//!
//! Expected values are recomputed from the official files in `../shared/data` (skipped with a
//! message when absent); the tests on committed data check what comes from `data/`.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};

use crate::common::{self, data_copy, stdout_ok};

/// Rows of a `depbench query --format csv` result (header excluded).
pub fn query_rows(sql: &str) -> Vec<Vec<String>> {
    let out = stdout_ok(&["query", "--format", "csv", sql]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn query_number(sql: &str) -> f64 {
    let rows = query_rows(sql);
    assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
    rows[0][0]
        .parse()
        .unwrap_or_else(|_| panic!("{sql}: not a number: {rows:?}"))
}

/// `(code or label, variable, year) → value text` of a tidy DREES CSV, read independently of
/// the importer: départements by code, national totals by their printed label.
pub fn read_tidy(path: &Path) -> BTreeMap<(String, String, i32), String> {
    let mut reader = csv::Reader::from_path(path).expect("reading the tidy series");
    let mut out = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("tidy record");
        let key = if &record[3] == "Département" {
            record[1].to_string()
        } else {
            record[2].to_string()
        };
        out.insert(
            (key, record[5].to_string(), record[4].parse().expect("year")),
            record[6].to_string(),
        );
    }
    out
}

/// The Insee sheet of `year`: `label in column A → (ensemble 0-4, 5-9, 10-14, 15-19, 20-24)`.
pub fn insee_bands(shared: &Path, year: i32) -> BTreeMap<String, [f64; 5]> {
    let mut book = open_workbook_auto(shared.join("insee/estim-pop-dep-sexe-aq-1975-2022.xlsx"))
        .expect("opening the Insee workbook");
    let range: Range<Data> = book.worksheet_range(&year.to_string()).unwrap();
    let mut out = BTreeMap::new();
    for r in 0..range.height() as u32 {
        let label = match range.get_value((r, 0)) {
            Some(Data::String(s)) => s.split_whitespace().collect::<Vec<_>>().join(" "),
            Some(Data::Float(v)) => format!("{:02}", *v as i64),
            Some(Data::Int(v)) => format!("{v:02}"),
            _ => continue,
        };
        let mut bands = [0.0; 5];
        let mut complete = true;
        for (i, b) in bands.iter_mut().enumerate() {
            match range.get_value((r, 2 + i as u32)) {
                Some(Data::Float(v)) => *b = *v,
                Some(Data::Int(v)) => *b = *v as f64,
                _ => complete = false,
            }
        }
        if complete {
            out.insert(label, bands);
        }
    }
    out
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

#[test]
fn territories_parent_codes() {
    let rows = query_rows(
        "SELECT code, COALESCE(parent_code, '') FROM territories \
         WHERE code IN ('69D', '69M', '69', '17', '2A', '20', '971', '976', 'R75', 'R101', \
                        'FRM', 'DROM', 'FRE') ORDER BY code",
    );
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("17", "R75"),
            ("20", "R94"),
            ("2A", "R94"),
            ("69", "R84"),
            ("69D", "69"),
            ("69M", "69"),
            ("971", "R101"),
            // Mayotte is outside DREES's field: no région, in no national scope.
            ("976", ""),
            ("DROM", "FRE"),
            ("FRE", ""),
            ("FRM", "FRE"),
            ("R101", "DROM"),
            ("R75", "FRM"),
        ]
    );
    // Every département but Mayotte and the collectivités has a parent.
    let orphans = query_rows(
        "SELECT code FROM territories WHERE kind = 'departement' AND parent_code IS NULL",
    );
    assert_eq!(orphans, [["976".to_string()]]);
}

#[test]
fn territories_values_outside_validity_are_not_applicable() {
    // Committed data: no value at all for a territory outside its years, whatever the file
    // printed — but in the minima sociaux, which print real counts of 2A and 2B to 2019 (they
    // are Corse's, summed by `context_indicators`).
    let bad = query_rows(
        "SELECT o.territory, o.indicator, o.year, o.edition, o.value, o.status \
         FROM observations o JOIN territories t ON t.code = o.territory \
         WHERE ((t.valid_from IS NOT NULL AND o.year < t.valid_from) \
             OR (t.valid_to IS NOT NULL AND o.year > t.valid_to)) \
           AND o.source_id NOT LIKE 'drees-minima-%' \
           AND (o.value IS NOT NULL OR o.status <> 'not_applicable') LIMIT 5",
    );
    assert!(bad.is_empty(), "{bad:?}");
    let corse = query_rows(
        "SELECT count(*) FROM observations WHERE source_id = 'drees-minima-2019' \
         AND territory IN ('2A', '2B') AND year > 2017 AND value IS NOT NULL AND status = 'published'",
    );
    assert_eq!(
        corse,
        [["24".to_string()]],
        "2A/2B × 2018-2019 × 6 minima series"
    );
    // No spending 0 for 69D/69M before 2015 or 2A/2B after 2017 (the 288 cells).
    let zeros = query_number(
        "SELECT count(*) FROM observations WHERE indicator LIKE 'Dep%' AND value = 0 \
         AND ((territory IN ('69D', '69M') AND year < 2015) \
           OR (territory IN ('2A', '2B') AND year > 2017))",
    );
    assert_eq!(zeros, 0.0);
    // And nothing is made not_applicable inside a territory's years.
    let inside = query_number(
        "SELECT count(*) FROM observations o JOIN territories t ON t.code = o.territory \
         WHERE o.status = 'not_applicable' \
           AND (t.valid_from IS NULL OR o.year >= t.valid_from) \
           AND (t.valid_to IS NULL OR o.year <= t.valid_to)",
    );
    assert_eq!(inside, 0.0);
}

#[test]
fn territories_spending_zeros_of_the_tidy_file_are_not_applicable() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    // Every cell the official file prints for a territory outside its years.
    let tidy = read_tidy(&shared.join("drees/ase-depenses-1999-2019.csv"));
    let outside: Vec<_> = tidy
        .iter()
        .filter(|((code, _, year), _)| {
            (matches!(code.as_str(), "69D" | "69M") && *year < 2015)
                || (matches!(code.as_str(), "2A" | "2B") && *year > 2017)
        })
        .collect();
    assert_eq!(outside.len(), 288, "the issue counts 288 such cells");
    assert!(outside.iter().all(|(_, v)| v.as_str() == "0"));
    let rows = query_rows(
        "SELECT territory, indicator, year, status FROM observations \
         WHERE source_id = 'drees-dep-2019' AND value IS NULL AND status = 'not_applicable' \
           AND territory IN ('69D', '69M', '2A', '2B')",
    );
    let got: std::collections::BTreeSet<(String, String, i32)> = rows
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].parse().unwrap()))
        .collect();
    let want: std::collections::BTreeSet<(String, String, i32)> =
        outside.into_iter().map(|(k, _)| k.clone()).collect();
    assert!(
        got == want,
        "{} cells not_applicable, {} expected",
        got.len(),
        want.len()
    );
}

#[test]
fn territories_changes_of_2a_over_2018_are_null_not_minus_100() {
    let rows = query_rows(
        "SELECT COALESCE(CAST(change_pct AS VARCHAR), 'NULL'), status FROM changes \
         WHERE territory = '2A' AND indicator = 'DepBruteASE' AND from_year = 2017 AND to_year = 2018",
    );
    assert_eq!(rows, [["NULL".to_string(), "no value".to_string()]]);
    let rows = query_rows(
        "SELECT COALESCE(CAST(change_pct AS VARCHAR), 'NULL'), status FROM changes \
         WHERE territory = '69D' AND indicator = 'DepBruteASE' AND from_year = 2014 AND to_year = 2015",
    );
    assert_eq!(rows, [["NULL".to_string(), "no value".to_string()]]);
}

/// Corse (20) before 2018 reads 2A + 2B for additive series, from the published rows of both
/// (so its evolutions and rates reach back); DREES's own 20 rows of those years are not
/// applicable, and non-additive series keep them.
#[test]
fn territories_corse_before_2018_is_the_sum_of_2a_and_2b() {
    let published = |code: &str, year: i32| {
        query_number(&format!(
            "SELECT value FROM observations WHERE is_current AND territory = '{code}' \
             AND indicator = 'TotEnfAccueillisASE' AND year = {year}"
        ))
    };
    for year in [2010, 2015, 2017] {
        let rows = query_rows(&format!(
            "SELECT CAST(value AS BIGINT), status FROM bench_observations \
             WHERE territory = '20' AND indicator = 'TotEnfAccueillisASE' AND year = {year}"
        ));
        let sum = published("2A", year) + published("2B", year);
        assert_eq!(
            rows,
            [[format!("{sum}"), "sum of 2A and 2B".to_string()]],
            "{year}"
        );
    }
    // 2015 as published: 160 (2A) + 200 (2B).
    assert_eq!(published("2A", 2015) + published("2B", 2015), 360.0);
    // From 2018 DREES publishes 20 itself.
    let rows = query_rows(
        "SELECT status FROM bench_observations \
         WHERE territory = '20' AND indicator = 'TotEnfAccueillisASE' AND year = 2018",
    );
    assert_eq!(rows, [["published".to_string()]]);
    // The evolution 2015-2019 of 20 has its base, and so has its rate in 2015.
    let rows = query_rows(
        "SELECT status, CAST(value_from AS BIGINT) FROM changes WHERE territory = '20' \
         AND indicator = 'TotEnfAccueillisASE' AND from_year = 2015 AND to_year = 2019",
    );
    assert_eq!(rows, [["computed".to_string(), "360".to_string()]]);
    let rows = query_rows(
        "SELECT COUNT(rate_per_1000) FROM rates WHERE territory = '20' \
         AND indicator = 'TotEnfAccueillisASE' AND year = 2015 AND band = '0-20'",
    );
    assert_eq!(rows, [["1".to_string()]]);
    // No key twice in the view the benchmarks read.
    let rows = query_rows(
        "SELECT COUNT(*) - COUNT(DISTINCT territory || '|' || indicator || '|' || CAST(year AS VARCHAR)) \
         FROM bench_observations",
    );
    assert_eq!(rows, [["0".to_string()]]);
}

#[test]
fn territories_partition_sums_equal_drees_totals() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let labels = [
        ("FRM", "TOTAL estimé France métropolitaine"),
        ("FRE", "TOTAL estimé France entière (hors Mayotte)"),
        ("DROM", "TOTAL estimé DROM (hors Mayotte)"),
    ];
    for year in [2016, 2020] {
        for (scope, label) in labels {
            let want: f64 = tidy[&(label.to_string(), "TotEnfAccueillisASE".to_string(), year)]
                .parse()
                .unwrap();
            let got = query_number(&format!(
                "SELECT sum(o.value) FROM territory_partition p \
                 JOIN observations o ON o.territory = p.territory AND o.year = p.year \
                  AND o.is_current AND o.indicator = 'TotEnfAccueillisASE' \
                 WHERE p.year = {year} AND p.scope = '{scope}'"
            ));
            assert_eq!(got, want, "{scope} {year}");
        }
    }
}

#[test]
fn territories_partition_members() {
    // Committed data: the partition of France hors Mayotte has 100 départements until 2017
    // (2A and 2B), 99 from 2018 (20); the Rhône is counted once, as 69.
    let rows = query_rows(
        "SELECT year, count(*), \
                sum(CASE WHEN territory IN ('69D', '69M', '976') THEN 1 ELSE 0 END), \
                sum(CASE WHEN territory = '20' THEN 1 ELSE 0 END), \
                sum(CASE WHEN territory IN ('2A', '2B') THEN 1 ELSE 0 END) \
         FROM territory_partition WHERE scope = 'FRE' AND year IN (2016, 2017, 2018, 2022) \
         GROUP BY year ORDER BY year",
    );
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["2016", "100", "0", "0", "2"],
            ["2017", "100", "0", "0", "2"],
            ["2018", "99", "0", "1", "0"],
            ["2022", "99", "0", "1", "0"],
        ]
    );
    // FRE = FRM + DROM, without overlap.
    let overlap = query_number(
        "SELECT count(*) FROM territory_partition a JOIN territory_partition b \
         ON a.year = b.year AND a.territory = b.territory \
         WHERE a.scope = 'FRM' AND b.scope = 'DROM'",
    );
    assert_eq!(overlap, 0.0);
}

#[test]
fn territories_fre_and_drom_have_rates_for_2010() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    // Before 2014 Insee publishes no Mayotte row: its «France métropolitaine et DOM» and «DOM»
    // already exclude Mayotte.
    let sheet = insee_bands(&shared, 2011);
    assert!(!sheet.contains_key("976"), "Mayotte in the 2011 sheet");
    for (scope, label, insee) in [
        (
            "FRE",
            "TOTAL estimé France entière (hors Mayotte)",
            "France métropolitaine et DOM",
        ),
        ("DROM", "TOTAL estimé DROM (hors Mayotte)", "DOM"),
    ] {
        let accueillis: f64 = tidy[&(label.to_string(), "TotEnfAccueillisASE".to_string(), 2010)]
            .parse()
            .unwrap();
        let b = sheet[insee];
        let pop_0_19 = b[0] + b[1] + b[2] + b[3];
        let pop_0_20 = pop_0_19 + b[4] / 5.0;
        for (band, pop) in [("0-19", pop_0_19), ("0-20", pop_0_20)] {
            let rows = query_rows(&format!(
                "SELECT rate_per_1000, population, population_year, population_fallback \
                 FROM rates WHERE territory = '{scope}' AND indicator = 'TotEnfAccueillisASE' \
                 AND year = 2010 AND band = '{band}'"
            ));
            assert_eq!(rows.len(), 1, "{scope} {band}: {rows:?}");
            assert_close(
                rows[0][0].parse().unwrap(),
                1000.0 * accueillis / pop,
                scope,
            );
            assert_close(rows[0][1].parse().unwrap(), pop, scope);
            assert_eq!(rows[0][2..], ["2011", "false"]);
        }
    }
}

#[test]
fn territories_reference_bands_of_the_populations_view() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let sheet = insee_bands(&shared, 2022);
    for (code, label) in [("17", "17"), ("FRM", "France métropolitaine")] {
        let b = sheet[label];
        let rows = query_rows(&format!(
            "SELECT pop_0_17, pop_0_19, pop_0_20 FROM populations \
             WHERE territory = '{code}' AND year = 2022"
        ));
        let got: Vec<f64> = rows[0].iter().map(|v| v.parse().unwrap()).collect();
        assert_close(got[0], b[0] + b[1] + b[2] + 0.6 * b[3], "0-17");
        assert_close(got[1], b[0] + b[1] + b[2] + b[3], "0-19");
        assert_close(got[2], b[0] + b[1] + b[2] + b[3] + 0.2 * b[4], "0-20");
    }
}

#[test]
fn territories_rates_state_band_population_date_and_method() {
    let rows = query_rows(
        "SELECT band, population_year, population_fallback, population_estimated, population_method \
         FROM rates WHERE territory = '17' AND indicator = 'TotEnfAccueillisASE' AND year = 2022 \
         ORDER BY band",
    );
    let got: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    // No 0-17 row: accueillis include 18-20-year-olds, and a band divides only the counts of
    // its age range.
    assert_eq!(
        got,
        [
            [
                "0-19",
                "2022",
                "true",
                "false",
                "0-4 + 5-9 + 10-14 + 15-19 ans (tranches quinquennales Insee, exact)"
            ],
            [
                "0-20",
                "2022",
                "true",
                "true",
                "0-19 ans + 1/5 des 20-24 ans (tranches quinquennales Insee, âges supposés répartis également)"
            ],
        ]
    );
}

/// The état des lieux of Charente-Maritime (seed 001, lines 307-311), from the official files:
/// enfants accueillis at 31/12/2022 per 100 aged 0-20 at the latest population of the Insee
/// edition (1/1/2022: 1/1/2023 is not in it).
#[test]
fn territories_placement_rate_figure_from_the_official_files() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let sheet = insee_bands(&shared, 2022);
    assert!(sheet.len() > 90, "{} rows in the 2022 sheet", sheet.len());
    let figure = placement_figure();
    for (code, tidy_key, insee, printed) in [
        ("17", "17", "17", "1.7"),
        ("22", "22", "22", "1.4"),
        ("64", "64", "64", "1.4"),
        ("14", "14", "14", "1.8"),
        (
            "FRM",
            "TOTAL estimé France métropolitaine",
            "France métropolitaine",
            "1.2",
        ),
    ] {
        let acc: f64 = tidy[&(
            tidy_key.to_string(),
            "TotEnfAccueillisASE".to_string(),
            2022,
        )]
            .parse()
            .unwrap();
        let b = sheet[insee];
        let want = 100.0 * acc / (b[0] + b[1] + b[2] + b[3] + b[4] / 5.0);
        assert_eq!(format!("{want:.1}"), printed, "{code}");
        let got = figure[code];
        assert_close(got, want, code);
    }
}

/// `territory → taux_placement` of the figure for 17 and its peers, checking its notes.
fn placement_figure() -> BTreeMap<String, f64> {
    let out = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "-f",
        "queries/figures/12_taux_placement.sql",
        "-p",
        "focus=17",
        "-p",
        "peers=22,64,14",
        "-p",
        "year=2022",
    ]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "territory",
            "territoire",
            "taux_placement",
            "population_year",
            "population_note"
        ]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(&r[3], "2022");
            assert_eq!(
                &r[4],
                "(la dernière publiée\u{a0}: celle du 1er janvier 2023 ne l'est pas encore)"
            );
            (r[0].to_string(), r[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn territories_placement_rate_figure_on_committed_data() {
    let figure = placement_figure();
    let shown: Vec<(String, String)> = figure
        .iter()
        .map(|(k, v)| (k.clone(), format!("{v:.1}")))
        .collect();
    let want = [
        ("14", "1.8"),
        ("17", "1.7"),
        ("22", "1.4"),
        ("64", "1.4"),
        ("FRM", "1.2"),
        // The focus's région (reference by default): Nouvelle-Aquitaine, its départements summed.
        ("R75", "1.5"),
    ];
    assert_eq!(shown, want.map(|(a, b)| (a.to_string(), b.to_string())));
    // The reconciliation says why France differs.
    let rows = query_rows(
        "SELECT line, territory, status, explanation FROM reconciliation \
         WHERE doc_id = '001_fe0a428257ef45b4' AND indicator = 'taux_accueillis_0_20' ORDER BY line",
    );
    let statuses: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("307", "17", "matches"),
            ("308", "22", "matches"),
            ("309", "64", "matches"),
            ("310", "14", "matches"),
            ("311", "FRM", "differs"),
        ]
    );
    assert!(
        rows[4][3].contains("1er janvier 2023") && rows[4][3].contains("population_fallback"),
        "{}",
        rows[4][3]
    );
}

/// Every view, every floating-point column: no NaN, no ±inf. `x - x = 0` holds for every
/// finite x and fails for NaN and ±inf (NULLs are not counted).
#[test]
fn territories_no_view_holds_a_non_finite_value() {
    // The predicate catches what it must.
    let probe = query_number(
        "SELECT count(*) FROM (VALUES (CAST('NaN' AS DOUBLE)), (CAST('inf' AS DOUBLE)), \
         (CAST('-inf' AS DOUBLE)), (1.5), (CAST(NULL AS DOUBLE))) AS t(x) WHERE NOT (x - x = 0.0)",
    );
    assert_eq!(probe, 3.0);
    let mut views: Vec<String> = std::fs::read_dir(common::repo("queries/views"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    views.sort();
    assert!(views.len() >= 10, "{views:?}");
    let mut checked = 0;
    for view in &views {
        let described = stdout_ok(&["tables", view]);
        let floats: Vec<&str> = described
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some("Float64"))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        if floats.is_empty() {
            continue;
        }
        let predicate = floats
            .iter()
            .map(|c| format!("NOT ({c} - {c} = 0.0)"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let n = query_number(&format!("SELECT count(*) FROM {view} WHERE {predicate}"));
        assert_eq!(n, 0.0, "{view}: non-finite values in {floats:?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} views with float columns");
}

/// Zero bases planted in a copy of the data (Orne 2010: AED, AEMO and confiés = 0): shares and
/// changes are NULL with the reason, never NaN or ±inf.
#[test]
fn territories_zero_bases_give_null_with_a_reason() {
    let dir = data_copy();
    let file = dir.path().join("observations/drees-benef-2022.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let zeroed = ["TotBenefAED", "TotBenefAEMO", "TotEnfConfiesASE"]
            .iter()
            .any(|i| line.starts_with(&format!("61,{i},2010,")));
        if zeroed {
            let mut f: Vec<&str> = line.split(',').collect();
            f[3] = "0";
            out.push_str(&f.join(","));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    std::fs::write(&file, out).unwrap();
    let run = |sql: &str| {
        let o = common::depbench(&[
            "--data-dir",
            dir.path().to_str().unwrap(),
            "query",
            "--format",
            "csv",
            sql,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(
        run(
            "SELECT COALESCE(CAST(part_judiciaire_ae AS VARCHAR), 'NULL') AS p, status_judiciaire, \
             COALESCE(CAST(part_familles_accueil AS VARCHAR), 'NULL') AS f, status_modes \
             FROM shares WHERE territory = '61' AND year = 2010"
        ),
        "p,status_judiciaire,f,status_modes\nNULL,base is zero,NULL,base is zero\n"
    );
    assert_eq!(
        run(
            "SELECT COALESCE(CAST(change_pct AS VARCHAR), 'NULL') AS c, status FROM changes \
             WHERE territory = '61' AND indicator = 'TotEnfConfiesASE' \
             AND from_year = 2010 AND to_year = 2011"
        ),
        "c,status\nNULL,base is zero\n"
    );
}

#[test]
fn territories_corse_20_before_2018_is_the_sum_of_2a_and_2b() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    // What validity sets aside for 20 before 2018 is exactly 2A + 2B in the official file, so
    // nothing is lost: the partition uses 2A and 2B for those years.
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let value = |code: &str, year: i32| -> f64 {
        tidy[&(code.to_string(), "TotEnfAccueillisASE".to_string(), year)]
            .parse()
            .unwrap()
    };
    for year in 2002..=2017 {
        assert_eq!(
            value("20", year),
            value("2A", year) + value("2B", year),
            "{year}"
        );
    }
    let rows = query_rows(
        "SELECT count(*) FROM observations WHERE territory = '20' AND year < 2018 \
         AND (value IS NOT NULL OR status <> 'not_applicable')",
    );
    assert_eq!(rows, [["0".to_string()]]);
    // The benchmarks read 20 before 2018 as 2A + 2B: the very value the tidy file prints for 20.
    let rows = query_rows(
        "SELECT year, value FROM bench_observations WHERE territory = '20' \
         AND indicator = 'TotEnfAccueillisASE' AND year < 2018 ORDER BY year",
    );
    assert_eq!(rows.len(), 16);
    for r in rows {
        let year: i32 = r[0].parse().unwrap();
        assert_eq!(r[1].parse::<f64>().unwrap(), value("20", year), "{year}");
    }
}

/// Measures honest at the edges (issue 21 §6): no row of a derived view names a territory
/// absent from `territories` (Mayotte's région R106 was one: populations grouped on 'R' ||
/// region_code), no rate divides a count of 0-20-year-olds by the minors, and every NULL ratio
/// of `spending_ratios` has a reason other than `computed`.
#[test]
fn territories_measures_honest_at_the_edges() {
    for view in [
        "populations",
        "indicator_values",
        "rates",
        "spending_ratios",
        "shares",
        "bench_observations",
    ] {
        let rows = query_rows(&format!(
            "SELECT DISTINCT v.territory FROM {view} v LEFT JOIN territories t ON t.code = v.territory \
             WHERE t.code IS NULL ORDER BY 1"
        ));
        assert!(
            rows.is_empty(),
            "{view}: territories absent from `territories`: {rows:?}"
        );
    }
    // No rate of a count of 0-20-year-olds on the 0-17 band (no count of minors is published).
    let rows = query_rows(
        "SELECT count(*) FROM rates r JOIN indicators i ON i.id = r.indicator \
         WHERE r.band = '0-17' AND i.reference_population <> '00-17'",
    );
    assert_eq!(rows, [["0"]]);
    let rows = query_rows(
        "SELECT count(*) FROM rates WHERE band = '0-17' AND indicator = 'TotEnfAccueillisASE'",
    );
    assert_eq!(rows, [["0"]]);
    // Every NULL ratio carries its reason.
    let rows = query_rows(
        "SELECT count(*) FROM spending_ratios WHERE \
         ((depense_par_jeune IS NULL OR depense_par_jeune_0_20 IS NULL) AND status = 'computed') \
         OR (depense_par_enfant_accueilli IS NULL AND status_par_enfant_accueilli = 'computed')",
    );
    assert_eq!(rows, [["0"]]);
    // 1999-2001: DREES publishes spending, not yet the count of children accueillis.
    let rows = query_rows(
        "SELECT DISTINCT status_par_enfant_accueilli FROM spending_ratios \
         WHERE territory = '17' AND year BETWEEN 1999 AND 2001",
    );
    assert_eq!(rows, [["no children count"]]);
}

/// Mayotte's population feeds no région (it has no declared parent), while the régions of the
/// official Insee file are the sums of their départements on declared parents: Occitanie (R76)
/// 2022 recomputed from the Insee workbook in ../shared.
#[test]
fn territories_region_populations_on_declared_parents() {
    let rows = query_rows("SELECT count(*) FROM populations WHERE territory = 'R106'");
    assert_eq!(rows, [["0"]]);
    let Some(shared) = common::shared_data() else {
        return;
    };
    let sheet = insee_bands(&shared, 2022);
    let occitanie = [
        "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
    ];
    let want: f64 = occitanie
        .iter()
        .map(|d| sheet[*d][..4].iter().sum::<f64>())
        .sum();
    let got =
        query_number("SELECT pop_0_19 FROM populations WHERE territory = 'R76' AND year = 2022");
    assert_close(got, want, "R76 pop_0_19 2022");
}

/// France entière ≠ France métropolitaine + DROM in the 2022 tidy file (établissements
/// 2002-2017): each such year is flagged on FRE with the gap recomputed from the official file
/// and the 2020 edition's value named; the Corse « 20 » rows before 2018 are reworded with the
/// sum 2A + 2B recomputed from the file.
#[test]
fn territories_national_identity_and_corse_flags_from_the_official_file() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    let value = |who: &str, ind: &str, y: i32| -> f64 {
        tidy[&(who.to_string(), ind.to_string(), y)]
            .parse()
            .unwrap()
    };
    const ETAB: &str = "TotEnfASEPlacesEtab";
    let mut broken = Vec::new();
    for y in 2002..=2022 {
        let gap = value("TOTAL estimé France entière (hors Mayotte)", ETAB, y)
            - value("TOTAL estimé France métropolitaine", ETAB, y)
            - value("TOTAL estimé DROM (hors Mayotte)", ETAB, y);
        if gap.abs() > 1.5 {
            broken.push((y, gap));
        }
    }
    assert_eq!(broken.first().map(|b| b.0), Some(2002));
    assert_eq!(broken.last().map(|b| b.0), Some(2017));
    let rows = query_rows(&format!(
        "SELECT year, detail FROM quality_flags WHERE kind = 'national_identity' \
         AND territory = 'FRE' AND indicator = '{ETAB}' AND edition = '2022' ORDER BY year"
    ));
    assert_eq!(rows.len(), broken.len(), "{rows:?}");
    for ((y, gap), row) in broken.iter().zip(&rows) {
        assert_eq!(row[0], y.to_string());
        assert!(
            row[1].contains(&format!("(écart {gap})"))
                && row[1].contains("l'édition 2020 publie France entière")
                && row[1].contains("(= France métropolitaine + DROM)"),
            "{y}: {}",
            row[1]
        );
    }
    let detail = &query_rows(
        "SELECT detail FROM quality_flags WHERE territory = '20' AND kind = 'outside_validity' \
         AND indicator = 'TotEnfConfiesASE' AND year = 2010 AND edition = '2022'",
    )[0][0];
    let (a, b) = (
        value("2A", "TotEnfConfiesASE", 2010),
        value("2B", "TotEnfConfiesASE", 2010),
    );
    assert!(!detail.contains("inexistant"), "{detail}");
    assert!(
        detail.contains(&format!(
            "Corse-du-Sud (2A) {a} + Haute-Corse (2B) {b} = {}",
            a + b
        )),
        "{detail}"
    );
}
