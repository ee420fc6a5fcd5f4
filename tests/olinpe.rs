//! OLINPE: hand-written synthetic extracts (tests/fixtures/olinpe, invented identifiers) read,
//! stored and turned into the indicators, each value computed by hand in the comments.
//!
//! The two files of département 17: 2021 in XML (UTF-8, scheme 2016), 2022 in the ONPE's `;`
//! CSV (cp1252). Nine measures of six persons, the censoring date 31/12/2022:
//! * P1 (A1) AED 2021-02-01 → 2021-10-31 (272 days): ended before 31/12, not in the stock;
//! * P2 (B1 in 2021, B2 in 2022 with NUMANONYMANT = B1): AEMO 2021-03-01 renewed twice (one
//!   renewal in each file), ended 2022-06-30 (486 days), then a placement ASE from 2022-07-01,
//!   open (censored, 183 days): one entry, no exit;
//! * P3 (C1) accueil provisoire 2022-05-10 → 2022-11-20 (194 days), then an AED 19 days later,
//!   open: two periods with no gap allowed, one with 30 days;
//! * P4 (D1) placement direct 2021-01-10 → 2022-01-20 (375 days), mainlevée at majority;
//! * P5 (E1) MJIE (autre) 2021-04-01 → 2021-07-31 (121 days), then accueil jeune majeur from
//!   2021-08-01, open;
//! * P6 (F1) birth year unknown: TISF (autre) from 2022-02-01 and AEMO from 2022-03-01, both open.

use std::path::Path;

use crate::common::{data_copy, depbench, repo, stdout_ok};

fn csv(data: &Path, sql: &str) -> String {
    stdout_ok(&[
        "--data-dir",
        &data.to_string_lossy(),
        "query",
        "--format",
        "csv",
        "--max-rows",
        "1000",
        sql,
    ])
}

fn imported() -> tempfile::TempDir {
    let data = data_copy();
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &repo("tests/fixtures/olinpe").to_string_lossy(),
    ]);
    data
}

#[test]
fn olinpe_files_are_stored_per_departement_and_year() {
    let data = data_copy();
    let out = stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &repo("tests/fixtures/olinpe").to_string_lossy(),
    ]);
    assert!(
        out.contains("ONED-017-20220301_2021.xml (OLINPE, département 17, année 2021, schéma 2016, XML UTF-8) : 9 lignes lues, 9 chargées"),
        "{out}"
    );
    assert!(
        out.contains("ONED-017-20230301_2022.csv (OLINPE, département 17, année 2022, schéma 2016, CSV windows-1252) : 9 lignes lues, 9 chargées"),
        "{out}"
    );
    for f in [
        "olinpe/evenements/17_2021.parquet",
        "olinpe/evenements/17_2022.parquet",
        "olinpe/personnes.parquet",
    ] {
        assert!(data.path().join(f).is_file(), "{f}");
    }
    // The link B1 → B2 makes one person of both ids; the free text was read from cp1252.
    assert_eq!(
        csv(
            data.path(),
            "SELECT COUNT(DISTINCT person) AS persons, COUNT(*) AS ids FROM olinpe_persons"
        ),
        "persons,ids\n6,7\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, COUNT(*) AS events FROM olinpe_events GROUP BY year ORDER BY year"
        ),
        "year,events\n2021,9\n2022,9\n"
    );
}

#[test]
fn olinpe_stock_at_31_december() {
    let data = imported();
    let got = csv(
        data.path(),
        "SELECT * FROM olinpe_stock ORDER BY year, measure_type",
    );
    // 2021: the AED of P1 ended in October and the MJIE of P5 in July are out; the AEMO of P2,
    // the placement direct of P4 and the accueil jeune majeur of P5 are in.
    // 2022: P6 holds two measures (TISF = autre, AEMO): 5 measures, 4 persons.
    assert_eq!(
        got,
        "departement,year,measure_type,measures,persons\n\
         17,2021,aemo,1,1\n\
         17,2021,jeune_majeur,1,1\n\
         17,2021,placement_direct,1,1\n\
         17,2021,total,3,3\n\
         17,2022,aed,1,1\n\
         17,2022,aemo,1,1\n\
         17,2022,autre,1,1\n\
         17,2022,jeune_majeur,1,1\n\
         17,2022,placement_ase,1,1\n\
         17,2022,total,5,4\n"
    );
}

#[test]
fn olinpe_measures_keep_renewals_inside_one_measure() {
    let data = imported();
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, datdeb, end_date, renewals, censored, duration_days FROM olinpe_measures ORDER BY datdeb, measure_type"
        ),
        "measure_type,datdeb,end_date,renewals,censored,duration_days\n\
         placement_direct,2021-01-10,2022-01-20,1,false,375\n\
         aed,2021-02-01,2021-10-31,0,false,272\n\
         aemo,2021-03-01,2022-06-30,2,false,486\n\
         autre,2021-04-01,2021-07-31,0,false,121\n\
         jeune_majeur,2021-08-01,,0,true,517\n\
         autre,2022-02-01,,0,true,333\n\
         aemo,2022-03-01,,0,true,305\n\
         accueil_administratif,2022-05-10,2022-11-20,0,false,194\n\
         placement_ase,2022-07-01,,0,true,183\n\
         aed,2022-12-10,,0,true,21\n"
    );
}

#[test]
fn olinpe_flows_count_one_entry_per_person_and_no_exit_between_aemo_and_placement() {
    let data = imported();
    // Entries 2021: P1, P2, P4, P5 (P2 counted once although its id changed); 2022: P3, P6.
    // Exits (no gap allowed): 2021 P1; 2022 P3 (accueil ended 20/11, AED 19 days later) and
    // P4. P2's AEMO ends 30/06/2022 and its placement starts 01/07: no exit.
    assert_eq!(
        csv(data.path(), "SELECT * FROM olinpe_flows ORDER BY year"),
        "departement,year,entries,exits\n17,2021,4,1\n17,2022,2,2\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, motif, motif_mainlevee, exits FROM olinpe_exit_reasons ORDER BY year, motif"
        ),
        "year,motif,motif_mainlevee,exits\n\
         2021,arrivée à échéance,non renseigné,1\n\
         2022,arrivée à échéance,non renseigné,1\n\
         2022,mainlevée,majorité,1\n"
    );
    // Periods: 7 with no gap allowed, 6 with 30 days (P3's two measures join).
    assert_eq!(
        csv(
            data.path(),
            "SELECT gap_days, COUNT(*) AS periods, SUM(CASE WHEN open THEN 1 ELSE 0 END) AS open FROM olinpe_periods GROUP BY gap_days ORDER BY gap_days"
        ),
        "gap_days,periods,open\n0,7,4\n30,6,4\n"
    );
}

#[test]
fn olinpe_durations_are_kaplan_meier_with_censoring() {
    let data = imported();
    // aed: 272 ended, 21 censored → S(21) = 1, S(272) = 0: every quantile 272.
    // autre: 121 ended, 333 censored → S(121) = 1/2: median and Q1 121, Q3 never reached.
    // placement ASE, jeune majeur: only censored measures, nothing estimable.
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, n, censored, median_days, q1_days, q3_days, note IS NOT NULL AS noted FROM olinpe_durations ORDER BY measure_type"
        ),
        "measure_type,n,censored,median_days,q1_days,q3_days,noted\n\
         accueil_administratif,1,0,194,194,194,false\n\
         aed,2,1,272,272,272,false\n\
         aemo,2,1,486,486,486,false\n\
         autre,2,1,121,121,,true\n\
         jeune_majeur,1,1,,,,true\n\
         placement_ase,1,1,,,,true\n\
         placement_direct,1,0,375,375,375,false\n"
    );
}

#[test]
fn olinpe_ages_sequences_delays_and_reconciliation() {
    let data = imported();
    // Ages at the first measure: P1 10 (born 05/2010, 01/02/2021), P2 2, P4 7, P5 18; P3 16,
    // P6 unknown.
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, age_band, persons FROM olinpe_entry_ages ORDER BY year, age_band"
        ),
        "year,age_band,persons\n2021,0-2,1\n2021,18-20,1\n2021,6-10,2\n2022,16-17,1\n2022,inconnu,1\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT sequence, persons FROM olinpe_sequences ORDER BY sequence"
        ),
        "sequence,persons\nAED,1\nAEMO → placement,1\naccueil administratif → AED,1\nautre → AEMO,1\nautre → jeune majeur,1\nplacement,1\n"
    );
    // P2: IP 04/01, notification 11/01 (7), end of evaluation 10/02 (30), decision 20/02 (10),
    // start 01/03 (9); P1 decision 25/01, start 01/02 (7): median 8.
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, delay, n, median_days FROM olinpe_delays ORDER BY year, step"
        ),
        "year,delay,n,median_days\n2021,IP → évaluation,1,7\n2021,évaluation,1,30\n2021,évaluation → décision,1,10\n2021,décision → début,2,8\n2022,décision → début,1,9\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, renewals_known, renewals_with_change, ends_known, changes_at_end FROM olinpe_placement_changes ORDER BY year"
        ),
        "year,renewals_known,renewals_with_change,ends_known,changes_at_end\n2021,1,1,0,0\n2022,0,0,1,3\n"
    );
    // DREES (data/observations/drees-benef-2022.csv): 17 TotBenefAEMO 2022 = 1147 (line 7538),
    // TotEnfAccueillisASE 2022 = 2279 (line 22820). OLINPE 2022: one AEMO; accueillis P2
    // (placement ASE) and P5 (accueil jeune majeur).
    assert_eq!(
        csv(
            data.path(),
            "SELECT family, counted, olinpe, drees, gap FROM olinpe_reconciliation WHERE year = 2022 ORDER BY family"
        ),
        "family,counted,olinpe,drees,gap\nAED,mesures,1,304,-303\nAEMO,mesures,1,1147,-1146\naccueillis,personnes,2,2279,-2277\n"
    );
}

#[test]
fn olinpe_unreadable_files_are_refused_in_french_and_nothing_is_written() {
    let data = data_copy();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo("tests/fixtures/olinpe/ONED-017-20220301_2021.xml"),
        dir.path().join("ONED-017-20220301_2021.xml"),
    )
    .unwrap();
    // Cut at the end of the third <DONNEE>, before its closing tag.
    let good =
        std::fs::read_to_string(repo("tests/fixtures/olinpe/ONED-017-20220301_2021.xml")).unwrap();
    let cut: String = good.lines().take(6).collect::<Vec<_>>().join("\n");
    let cut = &cut[..cut.rfind("</DONNEE>").unwrap()];
    std::fs::write(dir.path().join("ONED-022-20220301_2021.xml"), cut).unwrap();
    let before = crate::import_errors::snapshot_tree(data.path());
    let out = depbench(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &dir.path().to_string_lossy(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "ONED-022-20220301_2021.xml : ligne 6 : fichier OLINPE illisible : fichier coupé : </"
        ) && err.contains("attendu avant la fin du fichier"),
        "{err}"
    );
    assert_eq!(crate::import_errors::snapshot_tree(data.path()), before);
    assert!(!data.path().join("olinpe").exists());

    // A CSV row with a field too many names its line.
    std::fs::remove_file(dir.path().join("ONED-022-20220301_2021.xml")).unwrap();
    std::fs::write(
        dir.path().join("extraction.csv"),
        "NUMANONYM;TYPEV;DATDEB\nab;1;2020-01-01\ncd;1;2020-01-01;x\n",
    )
    .unwrap();
    let out = depbench(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &dir.path().to_string_lossy(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("extraction.csv : ligne 3 : ligne OLINPE illisible : 3 champs attendus (comme l'en-tête), 4 trouvés"),
        "{err}"
    );
    assert_eq!(crate::import_errors::snapshot_tree(data.path()), before);
}

#[test]
fn olinpe_views_plan_without_any_extract() {
    for view in [
        "olinpe_stock",
        "olinpe_flows",
        "olinpe_durations",
        "olinpe_reconciliation",
    ] {
        let out = stdout_ok(&[
            "query",
            "--format",
            "csv",
            &format!("SELECT COUNT(*) AS n FROM {view}"),
        ]);
        assert_eq!(out, "n\n0\n", "{view}");
    }
}

#[test]
fn olinpe_folder_is_ignored_by_git() {
    let ignore = std::fs::read_to_string(repo(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l.trim() == "olinpe/"), "{ignore}");
}
