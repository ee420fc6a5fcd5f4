//! `depbench query` returns exactly the published value: the text of the tidy DREES series, the
//! cell of the DREES workbooks (2020 edition, kept as a vintage) and of the Insee workbook.
//!
//! With `../shared` the expectations are read from the official files themselves; without it a
//! smaller set of hard-coded values, each citing its file and line (or sheet and cell), runs.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use rstest::rstest;

use crate::common;

/// The ten DREES ASE beneficiaries variables.
const ASE_VARIABLES: [&str; 10] = [
    "TotEnfAccueillisASE",
    "TotEnfConfiesASE",
    "TotEnfASEPlacesFamillesAccueil",
    "TotEnfASEPlacesEtab",
    "TotEnfASEDirectJuge",
    "TotBenefAE",
    "TotBenefAED",
    "TotBenefAEMO",
    "TotEnfASEMesuresAdmin",
    "TotEnfASEMesuresJudic",
];

/// Rows of a `depbench query --format csv` result (header excluded).
fn query_rows(sql: &str) -> Vec<Vec<String>> {
    let out = common::stdout_ok(&["query", "--format", "csv", sql]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| r.expect("csv output").iter().map(str::to_string).collect())
        .collect()
}

/// The single value printed by `depbench query --format csv "SELECT value …"`.
fn query_value(sql: &str) -> String {
    let out = common::stdout_ok(&["query", "--format", "csv", sql]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "expected a header and one row for {sql}:\n{out}"
    );
    lines[1].to_string()
}

fn current_value(territory: &str, indicator: &str, year: i32) -> String {
    query_value(&format!(
        "SELECT value FROM observations WHERE is_current AND territory='{territory}' \
         AND indicator='{indicator}' AND year={year}"
    ))
}

/// A tidy DREES file: (territory code, variable, year) → (value text, 1-based line).
type Tidy = BTreeMap<(String, String, i32), (String, u64)>;

/// Read a tidy DREES CSV independently of the importer: départements by their printed code,
/// France métropolitaine by its label.
fn read_tidy(path: &Path) -> Tidy {
    let mut reader = csv::Reader::from_path(path).expect("reading the tidy series");
    let mut out = Tidy::new();
    for record in reader.records() {
        let record = record.expect("tidy record");
        let line = record.position().expect("position").line();
        let code = match (&record[3], &record[2]) {
            ("Département", _) => record[1].to_string(),
            ("France", "TOTAL estimé France métropolitaine") => "FRM".to_string(),
            _ => continue,
        };
        let year: i32 = record[4].parse().expect("year");
        out.insert(
            (code, record[5].to_string(), year),
            (record[6].to_string(), line),
        );
    }
    out
}

/// Compare every (variable, year) of `territory` with the tidy file: the query gives the
/// exact text, from the 2022-edition source, at the cited line.
fn check_against_tidy(
    tidy: &Tidy,
    source_id: &str,
    territory: &str,
    variables: &[&str],
    years: &[i32],
) {
    let list = |v: &[&str]| {
        v.iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let years_sql = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let rows = query_rows(&format!(
        "SELECT indicator, year, value, status, source_id, source_ref FROM observations \
         WHERE source_id = '{source_id}' AND territory='{territory}' AND indicator IN ({}) \
         AND year IN ({years_sql}) ORDER BY indicator, year",
        list(variables)
    ));
    let mut got = BTreeMap::new();
    for r in &rows {
        let key = (r[0].clone(), r[1].parse::<i32>().unwrap());
        assert!(
            got.insert(key.clone(), r.clone()).is_none(),
            "two current rows for {territory} {key:?}"
        );
    }
    let mut expected_count = 0;
    let mut others = 0;
    for variable in variables {
        for &year in years {
            let key = (territory.to_string(), variable.to_string(), year);
            let Some((text, line)) = tidy.get(&key) else {
                // Not in the tidy file: a current value may only come from another source
                // (the 2020 workbook, e.g. effpersassfam 2014-2015).
                if let Some(row) = got.get(&(variable.to_string(), year)) {
                    assert_ne!(
                        row[4], source_id,
                        "{territory} {variable} {year}: not in the file"
                    );
                    others += 1;
                }
                continue;
            };
            expected_count += 1;
            let row = got
                .get(&(variable.to_string(), year))
                .unwrap_or_else(|| panic!("{territory} {variable} {year}: no current row"));
            assert_eq!(
                (row[2].as_str(), row[4].as_str(), row[5].as_str()),
                (text.as_str(), source_id, format!("line {line}").as_str()),
                "{territory} {variable} {year}: value, source, line"
            );
            let status = if territory == "FRM" {
                "estimated"
            } else if text.contains('.') && source_id != "drees-dep-2019" {
                "imputed"
            } else {
                "published"
            };
            assert_eq!(row[3], status, "{territory} {variable} {year}: status");
        }
    }
    assert_eq!(
        rows.len(),
        expected_count + others,
        "{territory}: rows returned"
    );
    assert!(expected_count > 0, "{territory}: nothing compared");
}

#[rstest]
#[case::orne("61", &[2002, 2018, 2022])]
#[case::charente_maritime("17", &[2002, 2018, 2022])]
#[case::val_d_oise("95", &[2002, 2018, 2022])]
#[case::herault("34", &[2002, 2018, 2022])]
#[case::haute_garonne("31", &[2002, 2018, 2022])]
#[case::nord("59", &[2002, 2018, 2022])]
#[case::corse_du_sud("2A", &[2002, 2010, 2017])]
#[case::france_metropolitaine("FRM", &[2002, 2018, 2022])]
fn values_ase_beneficiaries_match_the_tidy_file(#[case] territory: &str, #[case] years: &[i32]) {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-beneficiaires-2002-2022.csv"));
    check_against_tidy(&tidy, "drees-benef-2022", territory, &ASE_VARIABLES, years);
}

#[rstest]
#[case::charente_maritime("17")]
#[case::orne("61")]
#[case::france_metropolitaine("FRM")]
fn values_ase_spending_match_the_tidy_file(#[case] territory: &str) {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/ase-depenses-1999-2019.csv"));
    let variables = [
        "DepBruteASE",
        "DepNetteASE",
        "DepBruteAEDAEMO",
        "DepBrutePlacementFamASE",
        "DepBrutePlacementetabASE",
    ];
    check_against_tidy(
        &tidy,
        "drees-dep-2019",
        territory,
        &variables,
        &[1999, 2010, 2019],
    );
}

#[rstest]
#[case::charente_maritime("17")]
#[case::herault("34")]
#[case::val_d_oise("95")]
fn values_assistants_familiaux_match_the_tidy_file(#[case] territory: &str) {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tidy = read_tidy(&shared.join("drees/assistants-familiaux-2014-2020.csv"));
    check_against_tidy(
        &tidy,
        "drees-assfam-2020",
        territory,
        &["effpersassfam"],
        &[2014, 2016, 2018, 2020],
    );
}

/// Values hard-coded from the shared files, so they are checked on a fresh clone too.
#[rstest]
// ase-beneficiaires-2002-2022.csv line 25367: 75,17,Charente-Maritime,Département,2022,TotEnfConfiesASE,2160
#[case("17", "TotEnfConfiesASE", 2022, "2160", "line 25367")]
// ase-beneficiaires-2002-2022.csv line 22820: 75,17,Charente-Maritime,Département,2022,TotEnfAccueillisASE,2279
#[case("17", "TotEnfAccueillisASE", 2022, "2279", "line 22820")]
// ase-beneficiaires-2002-2022.csv line 22941: 75,17,Charente-Maritime,Département,2002,TotEnfConfiesASE,1126
#[case("17", "TotEnfConfiesASE", 2002, "1126", "line 22941")]
// ase-beneficiaires-2002-2022.csv line 20440: 28,61,Orne,Département,2002,TotEnfAccueillisASE,977
#[case("61", "TotEnfAccueillisASE", 2002, "977", "line 20440")]
// ase-beneficiaires-2002-2022.csv line 25411: 28,61,Orne,Département,2022,TotEnfConfiesASE,1052
#[case("61", "TotEnfConfiesASE", 2022, "1052", "line 25411")]
// ase-beneficiaires-2002-2022.csv line 23922: 94,2A,Corse-du-Sud,Département,2010,TotEnfConfiesASE,152
#[case("2A", "TotEnfConfiesASE", 2010, "152", "line 23922")]
// ase-beneficiaires-2002-2022.csv line 25454: ,,TOTAL estimé France métropolitaine,France,2022,TotEnfConfiesASE,186485
#[case("FRM", "TotEnfConfiesASE", 2022, "186485", "line 25454")]
// ase-beneficiaires-2002-2022.csv line 7625: ,,TOTAL estimé France métropolitaine,France,2022,TotBenefAEMO,116761
#[case("FRM", "TotBenefAEMO", 2022, "116761", "line 7625")]
// ase-depenses-1999-2019.csv line 2622: 75,17,Charente-Maritime,Département,1999,DepBruteASE,30329.97087
#[case("17", "DepBruteASE", 1999, "30329.97087", "line 2622")]
// ase-depenses-1999-2019.csv line 5102: 75,17,Charente-Maritime,Département,2019,DepBruteASE,75459.48109
#[case("17", "DepBruteASE", 2019, "75459.48109", "line 5102")]
// ase-depenses-1999-2019.csv line 5191: ,,TOTAL estimé France métropolitaine,France,2019,DepBruteASE,8313922.56
#[case("FRM", "DepBruteASE", 2019, "8313922.56", "line 5191")]
// assistants-familiaux-2014-2020.csv line 12: ,17,Charente-Maritime,Département,2014,effpersassfam,542
#[case("17", "effpersassfam", 2014, "542", "line 12")]
// assistants-familiaux-2014-2020.csv line 561: ,17,Charente-Maritime,Département,2020,effpersassfam,474
#[case("17", "effpersassfam", 2020, "474", "line 561")]
fn values_hard_coded_current(
    #[case] territory: &str,
    #[case] indicator: &str,
    #[case] year: i32,
    #[case] value: &str,
    #[case] source_ref: &str,
) {
    // The tidy series is the edition of its last year: beneficiaries 2022 (current), spending
    // 2019 and assistants familiaux 2020 (the 2020 workbooks are current there).
    let edition = match indicator {
        i if i.starts_with("Dep") => "2019",
        "effpersassfam" => "2020",
        _ => "2022",
    };
    if edition == "2022" {
        assert_eq!(current_value(territory, indicator, year), value);
    }
    let rows = query_rows(&format!(
        "SELECT value, source_ref, edition FROM observations WHERE source_ref LIKE 'line %' \
         AND territory='{territory}' AND indicator='{indicator}' AND year={year}"
    ));
    assert_eq!(rows, [[value, source_ref, edition].map(str::to_string)]);
}

/// The 2020-edition workbook values are kept as vintages: (territory, indicator, year, value,
/// sheet!cell), read from beneficiaires-aide-sociale-series-longues-1996-2020.xlsx.
const VINTAGES: [(&str, &str, i32, &str, &str); 7] = [
    // Tab2-ase row 23: 75 | 17 | Charente-Maritime; D = 2002, T = 2018, V = 2020.
    ("17", "TotEnfConfiesASE", 2002, "1126", "Tab2-ase!D23"),
    ("17", "TotEnfConfiesASE", 2018, "1464", "Tab2-ase!T23"),
    ("17", "TotEnfConfiesASE", 2020, "1926", "Tab2-ase!V23"),
    // Tab2-ase row 69: 28 | 61 | Orne.
    ("61", "TotEnfConfiesASE", 2020, "1121", "Tab2-ase!V69"),
    // Tab8-ase row 23: Charente-Maritime AEMO.
    ("17", "TotBenefAEMO", 2018, "879", "Tab8-ase!T23"),
    // Tab2-ase row 110: TOTAL estimé France métropolitaine.
    ("FRM", "TotEnfConfiesASE", 2020, "178827", "Tab2-ase!V110"),
    // Tab8-ase row 110: an estimated total with DREES's imputed decimals.
    (
        "FRM",
        "TotBenefAEMO",
        2002,
        "93788.9964454976",
        "Tab8-ase!D110",
    ),
];

#[test]
fn values_vintage_2020_edition_hard_coded() {
    for (territory, indicator, year, value, cell) in VINTAGES {
        let rows = query_rows(&format!(
            "SELECT value, source_id, source_ref, edition FROM observations WHERE NOT is_current \
             AND territory='{territory}' AND indicator='{indicator}' AND year={year}"
        ));
        assert_eq!(
            rows,
            [[value, "drees-benef-sl-2020", cell, "2020"].map(String::from)],
            "{territory} {indicator} {year}"
        );
    }
}

/// Text of a workbook cell as the importer must print it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// 0-based (row, col) of an A1 reference.
fn parse_a1(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: u32 = a1[letters.len()..].parse().expect("row number");
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (row - 1, col - 1)
}

fn cell_at<'a>(range: &'a Range<Data>, a1: &str) -> &'a Data {
    let (r, c) = parse_a1(a1);
    range.get_value((r, c)).unwrap_or(&Data::Empty)
}

#[test]
fn values_vintage_2020_edition_match_the_workbook_cells() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let mut book = open_workbook_auto(
        shared.join("drees/beneficiaires-aide-sociale-series-longues-1996-2020.xlsx"),
    )
    .expect("opening the beneficiaries workbook");
    // Every vintage of Charente-Maritime, Orne and France métropolitaine.
    let rows = query_rows(
        "SELECT territory, indicator, year, value, status, source_ref FROM observations \
         WHERE NOT is_current AND territory IN ('17', '61', 'FRM') \
         AND source_id = 'drees-benef-sl-2020' ORDER BY source_ref",
    );
    assert!(rows.len() > 500, "only {} vintages", rows.len());
    let mut sheets: BTreeMap<String, Range<Data>> = BTreeMap::new();
    for r in &rows {
        let (sheet, a1) = r[5].split_once('!').expect("sheet!cell");
        let range = sheets.entry(sheet.to_string()).or_insert_with(|| {
            book.worksheet_range(sheet)
                .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"))
        });
        let cell = cell_at(range, a1);
        let label = format!("{} {} {} at {}", r[0], r[1], r[2], r[5]);
        match cell {
            Data::String(s) => {
                let status = match s.trim() {
                    "ND" => "not_available",
                    "NR" => "not_responding",
                    "-" => "missing",
                    other => panic!("{label}: unexpected text «{other}»"),
                };
                assert_eq!((r[3].as_str(), r[4].as_str()), ("", status), "{label}");
            }
            _ => assert_eq!(r[3], cell_text(cell), "{label}"),
        }
    }
    // The cell of the hard-coded vintages really is where the workbook prints them.
    for (territory, _, _, value, cell) in VINTAGES {
        let (sheet, a1) = cell.split_once('!').unwrap();
        let range = sheets
            .entry(sheet.to_string())
            .or_insert_with(|| book.worksheet_range(sheet).unwrap());
        assert_eq!(cell_text(cell_at(range, a1)), value, "{cell}");
        let code_row = parse_a1(a1).0;
        let label = cell_text(
            range
                .get_value((code_row, if territory == "FRM" { 0 } else { 1 }))
                .unwrap(),
        );
        let want = if territory == "FRM" {
            "TOTAL estimé France métropolitaine"
        } else {
            territory
        };
        assert_eq!(label, want, "{cell}: row of {territory}");
    }
}

#[test]
fn values_markers_are_null_never_zero() {
    // personnel-action-sociale-2014-2020.xlsx, sheet `eff - pers ass fam`, row 5:
    // 01 | Ain | ND | ND | 298 | 306 | 312 | 311 | 313 (the tidy series starts in 2016 for Ain).
    let rows = query_rows(
        "SELECT year, value, value IS NULL AS is_null, status, source_id, source_ref, is_current \
         FROM observations WHERE territory='01' AND indicator='effpersassfam' \
         AND year IN (2014, 2015) ORDER BY year",
    );
    let expected = [
        [
            "2014",
            "",
            "true",
            "not_available",
            "drees-pers-2020",
            "eff - pers ass fam!C5",
            "true",
        ],
        [
            "2015",
            "",
            "true",
            "not_available",
            "drees-pers-2020",
            "eff - pers ass fam!D5",
            "true",
        ],
    ];
    assert_eq!(rows, expected.map(|r| r.map(String::from)));
    // Aggregations skip them rather than counting zeros.
    let rows = query_rows(
        "SELECT count(value) AS n, count(*) AS total FROM observations \
         WHERE territory='01' AND indicator='effpersassfam' AND source_id='drees-pers-2020'",
    );
    assert_eq!(rows, [["5", "7"].map(String::from)]);
    // No marker status ever comes with a value, and no value is stored as 0 for a marker.
    let rows = query_rows(
        "SELECT count(*) FROM observations WHERE status IN ('not_available', 'not_responding', \
         'missing') AND value IS NOT NULL",
    );
    assert_eq!(rows, [["0".to_string()]]);
}

#[test]
fn values_markers_match_the_personnel_workbook() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let mut book = open_workbook_auto(shared.join("drees/personnel-action-sociale-2014-2020.xlsx"))
        .expect("opening the personnel workbook");
    let range = book.worksheet_range("eff - pers ass fam").unwrap();
    let nd: Vec<String> = range
        .used_cells()
        .filter(|(_, _, c)| matches!(c, Data::String(s) if s.trim() == "ND"))
        .map(|(r, c, _)| depbench::model::a1(r as u32, c as u32))
        .collect();
    assert!(nd.len() > 50, "only {} ND cells", nd.len());
    let cells = |status: &str| -> Vec<String> {
        let mut v: Vec<String> = query_rows(&format!(
            "SELECT source_ref FROM observations WHERE source_id='drees-pers-2020' \
             AND status='{status}' AND value IS NULL"
        ))
        .into_iter()
        .map(|r| r[0].trim_start_matches("eff - pers ass fam!").to_string())
        .collect();
        v.sort();
        v
    };
    // A cell of a territory outside its years (Corse 20 before 2018) is `not_applicable`
    // whatever it prints, ND included; every other ND cell is `not_available`.
    let not_applicable = cells("not_applicable");
    assert!(
        not_applicable.contains(&"D24".to_string()),
        "{not_applicable:?}"
    );
    let mut want: Vec<String> = nd
        .into_iter()
        .filter(|c| !not_applicable.contains(c))
        .collect();
    want.sort();
    assert_eq!(
        cells("not_available"),
        want,
        "every ND cell is a NULL not_available value"
    );
}

/// Insee population: (territory, year, sex, band, count, source cell), from
/// estim-pop-dep-sexe-aq-1975-2022.xlsx.
const POPULATION: [(&str, i32, &str, &str, &str, &str); 7] = [
    // Sheet 1975, row 67 (61 Orne), C = ensemble 0-4.
    ("61", 1975, "ensemble", "00-04", "24941", "1975!C67"),
    // Sheet 2000, row 67, C.
    ("61", 2000, "ensemble", "00-04", "17347", "2000!C67"),
    // Sheet 2022, row 67, C.
    ("61", 2022, "ensemble", "00-04", "11721", "2022!C67"),
    // Sheet 2022, row 67, D = ensemble 5-9.
    ("61", 2022, "ensemble", "05-09", "14153", "2022!D67"),
    // Sheet 1975, row 25 (2A Corse-du-Sud), C.
    ("2A", 1975, "ensemble", "00-04", "6205", "1975!C25"),
    // Sheet 2022, row 102 (France métropolitaine), C.
    ("FRM", 2022, "ensemble", "00-04", "3401295", "2022!C102"),
    // Sheet 2000, row 102, C.
    ("FRM", 2000, "ensemble", "00-04", "3604654", "2000!C102"),
];

#[test]
fn values_population_hard_coded() {
    for (territory, year, sex, band, count, cell) in POPULATION {
        let rows = query_rows(&format!(
            "SELECT count, source_ref FROM population WHERE territory='{territory}' \
             AND year={year} AND sex='{sex}' AND age_band='{band}'"
        ));
        assert_eq!(
            rows,
            [[count, cell].map(String::from)],
            "{territory} {year} {sex} {band}"
        );
    }
}

#[rstest]
#[case::orne("61", "61")]
#[case::corse_du_sud("2A", "2A")]
#[case::guadeloupe("971", "971")]
#[case::france_metropolitaine("FRM", "France métropolitaine")]
fn values_population_match_the_insee_workbook(#[case] territory: &str, #[case] label: &str) {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let mut book = open_workbook_auto(shared.join("insee/estim-pop-dep-sexe-aq-1975-2022.xlsx"))
        .expect("opening the Insee workbook");
    let sexes = ["ensemble", "hommes", "femmes"];
    let bands = [
        "00-04", "05-09", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
        "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95+",
        "total",
    ];
    for year in [1975, 2000, 2022] {
        let range = book.worksheet_range(&year.to_string()).unwrap();
        let rows = query_rows(&format!(
            "SELECT sex, age_band, count, source_ref FROM population \
             WHERE territory='{territory}' AND year={year}"
        ));
        if territory == "971" && year == 1975 {
            // The DROM are estimated from 1990 on: no row, not zeros.
            assert!(rows.is_empty(), "971 1975: {rows:?}");
            continue;
        }
        assert_eq!(rows.len(), 63, "{territory} {year}");
        let sheet_row = (0..range.height() as u32)
            .find(|&r| {
                range
                    .get_value((r, 0))
                    .is_some_and(|c| cell_text(c).trim() == label)
            })
            .unwrap_or_else(|| panic!("sheet {year}: no row «{label}»"));
        for (s, sex) in sexes.iter().enumerate() {
            for (b, band) in bands.iter().enumerate() {
                let col = 2 + (s * bands.len() + b) as u32;
                let want = cell_text(range.get_value((sheet_row, col)).unwrap_or(&Data::Empty));
                let cell = format!("{year}!{}", depbench::model::a1(sheet_row, col));
                let row = rows
                    .iter()
                    .find(|r| r[0] == *sex && r[1] == *band)
                    .unwrap_or_else(|| panic!("{territory} {year} {sex} {band}: no row"));
                assert_eq!(
                    (row[2].as_str(), row[3].as_str()),
                    (want.as_str(), cell.as_str()),
                    "{territory} {year} {sex} {band}"
                );
            }
        }
    }
}

#[test]
fn values_one_row_per_key_and_edition() {
    // ase-depenses-1999-2019.csv prints the DROM total twice (lines 5189 and 5192 for
    // DepBruteASE 2019): loaded once, the repeat must not pass for a vintage.
    let rows = query_rows(
        "SELECT value, status, source_id, source_ref, is_current FROM observations \
         WHERE territory='DROM' AND indicator='DepBruteASE' AND year=2019 ORDER BY edition",
    );
    assert_eq!(
        rows,
        [
            [
                "260258.9112",
                "estimated",
                "drees-dep-2019",
                "line 5189",
                "false"
            ],
            // depenses-aide-sociale-series-longues-1999-2020.xlsx, ASE-tab2!X114.
            [
                "260258.91124",
                "estimated",
                "drees-dep-sl-2020",
                "ASE-tab2!X114",
                "true"
            ],
        ]
        .map(|r| r.map(String::from))
    );
    let rows = query_rows(
        "SELECT count(*) AS n FROM (SELECT territory, indicator, year, edition, source_id \
         FROM observations GROUP BY territory, indicator, year, edition, source_id HAVING count(*) > 1)",
    );
    assert_eq!(rows, [["0".to_string()]]);
}
