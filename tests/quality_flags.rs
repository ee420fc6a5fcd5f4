//! The `quality_flags` view: every suspicious case the territories issue lists is flagged, and
//! each rule fires on a case planted in a copy of the data (the rules are general).

use crate::common::data_copy;
use crate::common::depbench;
use crate::territories::query_rows;

/// `(kind, edition)` pairs flagged for a territory, indicator and year on committed data.
fn kinds(territory: &str, indicator: &str, year: i32) -> Vec<String> {
    query_rows(&format!(
        "SELECT DISTINCT kind FROM quality_flags WHERE territory = '{territory}' \
         AND indicator = '{indicator}' AND year = {year} ORDER BY kind"
    ))
    .into_iter()
    .map(|r| r[0].clone())
    .collect()
}

fn assert_flagged(territory: &str, indicator: &str, year: i32, kind: &str) {
    let got = kinds(territory, indicator, year);
    assert!(
        got.iter().any(|k| k == kind),
        "{territory} {indicator} {year}: expected `{kind}`, got {got:?}"
    );
}

#[test]
fn quality_flags_the_issue_cases() {
    // Maine-et-Loire, assistants familiaux 2015 = 0 (500 the year after).
    assert_flagged("49", "effpersassfam", 2015, "near_zero");
    // Haute-Corse 2007: administrative 134 and judicial 5, against 38/95 and 33/82 around.
    assert_flagged("2B", "TotEnfASEMesuresAdmin", 2007, "admin_judicial_swap");
    assert_flagged("2B", "TotEnfASEMesuresJudic", 2007, "admin_judicial_swap");
    // Hautes-Pyrénées 2020, placements directs = 0.
    assert_flagged("65", "TotEnfASEDirectJuge", 2020, "near_zero");
    // Charente-Maritime confiés 1 693 → 1 464 → 1 880 (2017-2019).
    assert_flagged("17", "TotEnfConfiesASE", 2018, "series_break");
    // Yvelines placement familial 1999-2003, about 1 000 times below the rest of its series.
    for year in 1999..=2003 {
        assert_flagged("78", "DepBrutePlacementFamASE", year, "unit_slip");
    }
    assert!(kinds("78", "DepBrutePlacementFamASE", 2005).is_empty());
    // Breaks DREES documents: 2003→2004 spending questionnaire, 2018 villages d'enfants.
    assert_flagged("17", "DepBrutePlacementASE", 2004, "documented_break");
    assert_flagged("17", "TotEnfASEPlacesEtab", 2018, "documented_break");
    assert!(kinds("17", "TotEnfASEPlacesEtab", 2017).is_empty());
    // Values outside a territory's years.
    assert_flagged("69D", "DepBruteASE", 2014, "outside_validity");
    assert_flagged("2A", "DepBruteASE", 2018, "outside_validity");
    // A smooth series is not flagged.
    let smooth = query_rows(
        "SELECT count(*) FROM quality_flags WHERE territory = '61' \
         AND indicator = 'TotEnfAccueillisASE' AND kind <> 'documented_break'",
    );
    assert_eq!(smooth, [["0".to_string()]]);
}

#[test]
fn quality_flags_each_kind_states_its_detail_and_joins_on_codes() {
    let rows = query_rows(
        "SELECT f.kind, count(*), \
                sum(CASE WHEN f.detail IS NULL OR f.detail = '' THEN 1 ELSE 0 END), \
                sum(CASE WHEN i.id IS NULL OR t.code IS NULL THEN 1 ELSE 0 END) \
         FROM quality_flags f LEFT JOIN indicators i ON i.id = f.indicator \
         LEFT JOIN territories t ON t.code = f.territory GROUP BY f.kind ORDER BY f.kind",
    );
    let kinds: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "admin_judicial_swap",
            "composition_shift",
            "documented_break",
            "national_identity",
            "near_zero",
            "outside_validity",
            "series_break",
            "unit_slip"
        ]
    );
    for r in &rows {
        assert_eq!((r[2].as_str(), r[3].as_str()), ("0", "0"), "{r:?}");
    }
}

/// Plant one case per rule in a copy of the data (Orne 61, whose series are smooth) and check
/// that each is flagged with its kind.
#[test]
fn quality_flags_rules_fire_on_planted_cases() {
    let dir = data_copy();
    let file = dir.path().join("observations/drees-benef-2022.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    let value_of = |ind: &str, year: &str, records: &[csv::StringRecord]| -> f64 {
        records
            .iter()
            .find(|r| &r[0] == "61" && &r[1] == ind && &r[2] == year)
            .map(|r| r[3].parse().unwrap())
            .unwrap()
    };
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let admin_2010 = value_of("TotEnfASEMesuresAdmin", "2010", &records);
    let judic_2010 = value_of("TotEnfASEMesuresJudic", "2010", &records);
    for r in &records {
        let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
        if &r[0] == "61" {
            let v: f64 = r[3].parse().unwrap_or(f64::NAN);
            match (&r[1], &r[2]) {
                // a zero amid hundreds
                ("TotEnfASEPlacesEtab", "2008") => fields[3] = "0".into(),
                // typed in thousands
                ("TotBenefAEMO", "2006") => fields[3] = format!("{}", v / 1000.0),
                // a one-year dip of 40 %
                ("TotEnfAccueillisASE", "2012") => fields[3] = format!("{}", (v * 0.6).round()),
                // administrative and judicial swapped
                ("TotEnfASEMesuresAdmin", "2010") => fields[3] = judic_2010.to_string(),
                ("TotEnfASEMesuresJudic", "2010") => fields[3] = admin_2010.to_string(),
                // AED + AEMO no longer equal to actions éducatives
                ("TotBenefAE", "2014") => fields[3] = format!("{}", v + 40.0),
                _ => {}
            }
        }
        writer.write_record(&fields).unwrap();
    }
    std::fs::write(&file, writer.into_inner().unwrap()).unwrap();

    let out = depbench(&[
        "--data-dir",
        dir.path().to_str().unwrap(),
        "query",
        "--format",
        "csv",
        "SELECT DISTINCT indicator, year, kind FROM quality_flags \
         WHERE territory = '61' AND edition = '2022' AND kind <> 'documented_break' \
         ORDER BY indicator, year, kind",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for wanted in [
        "TotEnfASEPlacesEtab,2008,near_zero",
        "TotBenefAEMO,2006,unit_slip",
        "TotEnfAccueillisASE,2012,series_break",
        "TotEnfASEMesuresAdmin,2010,admin_judicial_swap",
        "TotEnfASEMesuresJudic,2010,admin_judicial_swap",
        "TotBenefAE,2014,identity",
    ] {
        assert!(text.contains(wanted), "expected `{wanted}` in:\n{text}");
    }
}

/// The `quality_flags` view run on small tables registered in a DataFusion session: the view's
/// own SQL (`queries/views/quality_flags.sql`, the one place of the rules) over an
/// `edition_observations` of the given `(territory, indicator, year, value)` rows (edition 2022,
/// counts), territories of kind `departement` unless their code starts with `R` or `F`. Returns
/// `(territory, indicator, year, kind)` of every flag.
mod session {
    use std::sync::Arc;

    use datafusion::arrow::array::{Float64Array, Int32Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::prelude::SessionContext;

    pub type Row = (String, String, i32, f64);

    fn strings(v: impl IntoIterator<Item = String>) -> Arc<StringArray> {
        Arc::new(StringArray::from_iter_values(v))
    }

    pub async fn flags(rows: &[Row]) -> Vec<(String, String, i32, String)> {
        let ctx = SessionContext::new();
        depbench::query::functions::register(&ctx);
        let obs = Schema::new(vec![
            Field::new("territory", DataType::Utf8, false),
            Field::new("indicator", DataType::Utf8, false),
            Field::new("year", DataType::Int32, false),
            Field::new("edition", DataType::Utf8, false),
            Field::new("value", DataType::Float64, true),
            Field::new("status", DataType::Utf8, false),
            Field::new("source_ref", DataType::Utf8, false),
            Field::new("unit", DataType::Utf8, false),
        ]);
        let n = rows.len();
        let batch = RecordBatch::try_new(
            Arc::new(obs),
            vec![
                strings(rows.iter().map(|r| r.0.clone())),
                strings(rows.iter().map(|r| r.1.clone())),
                Arc::new(Int32Array::from_iter_values(rows.iter().map(|r| r.2))),
                strings((0..n).map(|_| "2022".to_string())),
                Arc::new(Float64Array::from_iter_values(rows.iter().map(|r| r.3))),
                strings((0..n).map(|_| "published".to_string())),
                strings((0..n).map(|i| format!("line {}", i + 2))),
                strings((0..n).map(|_| "count".to_string())),
            ],
        )
        .unwrap();
        ctx.register_batch("edition_observations", batch).unwrap();
        let mut codes: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut indicators: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
        codes.sort();
        codes.dedup();
        indicators.sort();
        indicators.dedup();
        let territories = RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("code", DataType::Utf8, false),
                Field::new("name", DataType::Utf8, false),
                Field::new("kind", DataType::Utf8, false),
                Field::new("parent_code", DataType::Utf8, true),
                Field::new("valid_from", DataType::Int32, true),
                Field::new("valid_to", DataType::Int32, true),
            ])),
            vec![
                strings(codes.iter().cloned()),
                strings(codes.iter().cloned()),
                strings(codes.iter().map(|c| {
                    if c.starts_with('R') || c.starts_with('F') {
                        "region".to_string()
                    } else {
                        "departement".to_string()
                    }
                })),
                Arc::new(StringArray::from(vec![None::<&str>; codes.len()])),
                Arc::new(Int32Array::from(vec![None; codes.len()])),
                Arc::new(Int32Array::from(vec![None; codes.len()])),
            ],
        )
        .unwrap();
        ctx.register_batch("territories", territories).unwrap();
        let indicators = RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("id", DataType::Utf8, false),
                Field::new("definition", DataType::Utf8, false),
            ])),
            vec![
                strings(indicators.iter().cloned()),
                strings(indicators.iter().map(|_| String::new())),
            ],
        )
        .unwrap();
        ctx.register_batch("indicators", indicators).unwrap();
        let overlaps = RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("territory", DataType::Utf8, false),
                Field::new("other", DataType::Utf8, false),
                Field::new("relation", DataType::Utf8, false),
                Field::new("since", DataType::Int32, true),
            ])),
            vec![
                strings(Vec::new()),
                strings(Vec::new()),
                strings(Vec::new()),
                Arc::new(Int32Array::from(Vec::<Option<i32>>::new())),
            ],
        )
        .unwrap();
        ctx.register_batch("territory_overlaps", overlaps).unwrap();
        let sql =
            std::fs::read_to_string(crate::common::root().join("queries/views/quality_flags.sql"))
                .unwrap();
        let batches = ctx
            .sql(&format!(
                "SELECT territory, indicator, year, kind FROM ({sql}) ORDER BY 1, 2, 3, 4"
            ))
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let rows = depbench::query::rows::Rows::new(batches[0].schema(), batches);
        (0..rows.len())
            .map(|r| {
                (
                    rows.text("territory", r).unwrap(),
                    rows.text("indicator", r).unwrap(),
                    rows.int("year", r).unwrap() as i32,
                    rows.text("kind", r).unwrap(),
                )
            })
            .collect()
    }

    /// A series of `indicator` for `code`, 2010-2022, from 1 000 in 2010 by the yearly factors
    /// `factor(year)`.
    pub fn series(code: &str, indicator: &str, factor: impl Fn(i32) -> f64) -> Vec<Row> {
        let mut v = 1000.0;
        (2010..=2022)
            .map(|y| {
                if y > 2010 {
                    v *= factor(y);
                }
                (code.to_string(), indicator.to_string(), y, v)
            })
            .collect()
    }
}

fn run_session(rows: &[session::Row]) -> Vec<(String, String, i32, String)> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(session::flags(rows))
}

/// Rule (a) of `series_break` on series built to sit just inside and just outside its
/// thresholds, in the latest year (2022: no year after): 30 départements grow 2 % a year, so the
/// national movement is ln 1.02 and a steady territory's usual excess is 0.
#[test]
fn quality_flags_latest_year_step_against_the_nation_thresholds() {
    use session::series;
    const ACC: &str = "TotEnfAccueillisASE";
    const AE: &str = "TotBenefAE";
    let mut rows = Vec::new();
    for d in 1..=30 {
        let code = format!("{d:02}");
        rows.extend(series(&code, ACC, |_| 1.02));
        // a year when every département falls by a quarter (a change of definition)
        rows.extend(series(&code, AE, |y| if y == 2022 { 0.75 } else { 1.02 }));
    }
    // 20 % floor: excess of 1/1.21 (just outside) and 1/1.19 (just inside) in 2022.
    rows.extend(series("X1", ACC, |y| {
        if y == 2022 { 1.02 / 1.21 } else { 1.02 }
    }));
    rows.extend(series("X2", ACC, |y| {
        if y == 2022 { 1.02 / 1.19 } else { 1.02 }
    }));
    // 5 robust standard deviations: a usual excess alternating ±0.06 (MAD 0.06, 5 × 1.4826 ×
    // 0.06 = 0.445); a 2022 excess of -0.42 sits inside, -0.47 outside.
    let wobble = |last: f64| {
        move |y: i32| {
            if y == 2022 {
                1.02 * f64::exp(last)
            } else if y % 2 == 0 {
                1.02 * f64::exp(0.06)
            } else {
                1.02 * f64::exp(-0.06)
            }
        }
    };
    rows.extend(series("X3", ACC, wobble(-0.42)));
    rows.extend(series("X4", ACC, wobble(-0.47)));
    // falls with the nation: not flagged; falls 30 % beyond it: flagged
    rows.extend(series("X5", AE, |y| if y == 2022 { 0.75 } else { 1.02 }));
    rows.extend(series(
        "X6",
        AE,
        |y| if y == 2022 { 0.75 / 1.3 } else { 1.02 },
    ));
    let flags = run_session(&rows);
    // The latest year's flags (2021 here is a two-sided case: the national fall of 2022 makes
    // every 2021 value an isolated one for rule (b), which does not net out the nation).
    let breaks: Vec<(&str, &str, i32)> = flags
        .iter()
        .filter(|f| f.3 == "series_break" && f.2 == 2022)
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
        .collect();
    assert_eq!(
        breaks,
        [("X1", ACC, 2022), ("X4", ACC, 2022), ("X6", AE, 2022)],
        "{flags:?}"
    );
}

/// `composition_shift` on series built around its 10-point threshold: the départements keep
/// familles + établissements at 90 % of confiés; X1 moves to 79 % in 2022 (11 points: flagged),
/// X2 to 81 % (9 points: not flagged).
#[test]
fn quality_flags_composition_shift_thresholds() {
    use session::series;
    let mut rows = Vec::new();
    let mut add = |code: &str, last_share: f64| {
        let whole = series(code, "TotEnfConfiesASE", |_| 1.02);
        for (t, _, y, v) in &whole {
            let share = if *y == 2022 { last_share } else { 0.9 };
            rows.push((
                t.clone(),
                "TotEnfASEPlacesFamillesAccueil".to_string(),
                *y,
                v * share * 0.5,
            ));
            rows.push((
                t.clone(),
                "TotEnfASEPlacesEtab".to_string(),
                *y,
                v * share * 0.5,
            ));
        }
        rows.extend(whole);
    };
    for d in 1..=30 {
        add(&format!("{d:02}"), 0.9);
    }
    add("X1", 0.79);
    add("X2", 0.81);
    let flags = run_session(&rows);
    let shifts: Vec<(&str, &str, i32)> = flags
        .iter()
        .filter(|f| f.3 == "composition_shift")
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
        .collect();
    assert_eq!(shifts, [("X1", "TotEnfConfiesASE", 2022)], "{flags:?}");
}

/// The rule on the official tidy file (../shared, DREES ASE bénéficiaires 2002-2022, every
/// département): Hérault's 2022 accueillis (3 219 → 2 362) and confiés (2 971 → 2 141) are
/// flagged, and the flagged values of 2022 stay few (under one in ten of the file's 2022
/// département values).
#[test]
fn quality_flags_latest_year_on_the_official_file() {
    let Some(shared) = crate::common::shared_data() else {
        return;
    };
    let path = shared.join("drees/ase-beneficiaires-2002-2022.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut rows = Vec::new();
    for r in reader.records() {
        let r = r.unwrap();
        if &r[3] != "Département" {
            continue;
        }
        let value: f64 = r[6].parse().unwrap();
        rows.push((
            r[1].to_string(),
            r[5].to_string(),
            r[4].parse().unwrap(),
            value,
        ));
    }
    let v = |code: &str, ind: &str, y: i32| {
        rows.iter()
            .find(|r| r.0 == code && r.1 == ind && r.2 == y)
            .unwrap()
            .3
    };
    assert_eq!(
        (
            v("34", "TotEnfAccueillisASE", 2021),
            v("34", "TotEnfAccueillisASE", 2022)
        ),
        (3219.0, 2362.0)
    );
    assert_eq!(
        (
            v("34", "TotEnfConfiesASE", 2021),
            v("34", "TotEnfConfiesASE", 2022)
        ),
        (2971.0, 2141.0)
    );
    let values_2022 = rows.iter().filter(|r| r.2 == 2022).count();
    let flags = run_session(&rows);
    for ind in ["TotEnfAccueillisASE", "TotEnfConfiesASE"] {
        assert!(
            flags
                .iter()
                .any(|f| f.0 == "34" && f.1 == ind && f.2 == 2022 && f.3 == "series_break"),
            "Hérault {ind} 2022 not flagged"
        );
    }
    let mut flagged: Vec<(&str, &str)> = flags
        .iter()
        .filter(|f| f.2 == 2022)
        .map(|f| (f.0.as_str(), f.1.as_str()))
        .collect();
    flagged.sort();
    flagged.dedup();
    assert!(
        flagged.len() * 10 <= values_2022,
        "{} of {values_2022} values of 2022 flagged: {flagged:?}",
        flagged.len()
    );
}

/// The issue's reproduction: Hérault's accueillis of 2022 are flagged on the committed data.
#[test]
fn quality_flags_herault_2022_listed() {
    let rows = query_rows(
        "SELECT year, kind FROM quality_flags WHERE territory='34' \
         AND indicator='TotEnfAccueillisASE' ORDER BY year",
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == "2022" && r[1] == "series_break"),
        "{rows:?}"
    );
}
