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
            "documented_break",
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
