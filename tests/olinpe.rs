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

/// The result of `sql` over `data` as CSV (at most 1 000 rows).
pub fn csv(data: &Path, sql: &str) -> String {
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

/// Without any OLINPE extract (the committed data), the « Parcours (OLINPE) » figures are left
/// out silently, as the départements' own figures are: no error, no « figure non produite »
/// line, no word of OLINPE in the report or on the explorer's page; the SQL page still describes the
/// OLINPE tables.
#[test]
fn olinpe_figures_are_left_out_silently_without_any_extract() {
    let out = tempfile::tempdir().unwrap();
    let stdout = stdout_ok(&[
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
    assert!(!stdout.contains("OLINPE"), "{stdout}");
    let html = std::fs::read_to_string(out.path().join("17-charente-maritime/index.html")).unwrap();
    assert!(
        !html.contains("OLINPE"),
        "OLINPE named in a report without extract"
    );
    let figures: Vec<String> = std::fs::read_dir(out.path().join("17-charente-maritime/figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!figures.iter().any(|f| f.contains("olinpe")), "{figures:?}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (status, page) = rt.block_on(crate::serve::text("/?departement=17&peers=22,64&year=2022"));
    assert_eq!(status, axum::http::StatusCode::OK, "{page}");
    assert!(
        !page.contains("OLINPE"),
        "OLINPE named on the explorer's page"
    );
    assert!(!page.contains("figure non tracée"), "{page}");
    let (status, sql) = rt.block_on(crate::serve::text("/sql"));
    assert_eq!(status, axum::http::StatusCode::OK);
    // The explorer's SQL lists the published OLINPE views only: the raw tables stay local.
    assert!(
        sql.contains("olinpe_stock_public") && !sql.contains("olinpe_events"),
        "the SQL page lists the published OLINPE views, not the raw tables"
    );
}

#[test]
fn olinpe_folder_is_ignored_by_git() {
    let ignore = std::fs::read_to_string(repo(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l.trim() == "olinpe/"), "{ignore}");
}

#[test]
fn olinpe_validator_names_position_and_variable_of_each_defect() {
    let file = repo("tests/fixtures/olinpe-defauts/ONED-022-20220301_2021.xml");
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("controle.xlsx");
    let out = depbench(&[
        "check",
        "--olinpe",
        &file.to_string_lossy(),
        "--xlsx",
        &xlsx.to_string_lossy(),
    ]);
    // Defects found: a non-zero exit, like every check.
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let cab = "ab".repeat(20);
    for expected in [
        "ONED-022-20220301_2021.xml : OLINPE, département 22, année 2021, schéma 2016, 10 lignes".to_string(),
        "dates au format erroné : 3".into(),
        "<DONNEE> n° 2 (ligne 5), DATDEB = « 01/03/2021 » : date au format erroné : AAAA-MM-JJ attendu".into(),
        "<DONNEE> n° 2 (ligne 5), DATFIN = « 2021-02-30 » : date illisible".into(),
        "<DONNEE> n° 10 (ligne 13), ANSPERE = « 1915 » : année de naissance d'un parent avant 1920".into(),
        "NUMANONYM incohérents : 2".into(),
        "<DONNEE> n° 3 (ligne 6), NUMANONYM = « xyz » : 40 caractères hexadécimaux attendus".into(),
        "<DONNEE> n° 4 (ligne 7), SEXE = « 2 » : même NUMANONYM que le <DONNEE> n° 1 où SEXE = « 1 »".into(),
        "doublons : 1".into(),
        "<DONNEE> n° 5 (ligne 8), <DONNEE> : ligne identique au <DONNEE> n° 1".into(),
        "incohérences de date de naissance : 1".into(),
        "<DONNEE> n° 6 (ligne 9), ANAIS = « 1990 » : 30 ou 31 ans au 02/05/2021 (DATDECPE) : 20 ans au plus attendu".into(),
        "variables non attendues : 2".into(),
        "<DONNEE> n° 7 (ligne 10), NATDECASSED = « 15 » : attendue seulement si DECISION ∈ {2} ; ici DECISION = 1".into(),
        "<DONNEE> n° 7 (ligne 10), CHGLIEU = « 2 » : attendue seulement si TYPEV ∈ {2} ; ici TYPEV = 1".into(),
        "variables réservées aux mineurs renseignées pour un majeur : 1".into(),
        "<DONNEE> n° 8 (ligne 11), DANGER = « 2 »".into(),
        "modalités réservées aux majeurs utilisées pour un mineur : 1".into(),
        "<DONNEE> n° 9 (ligne 12), NATPDECADM = « 20 »".into(),
        "modalités réservées aux mineurs utilisées pour un majeur : 1".into(),
        "<DONNEE> n° 8 (ligne 11), NATPDECADM = « 14 »".into(),
        "variables inconnues : 1".into(),
        "<DONNEE> n° 10 (ligne 13), ZZZ = « 7 »".into(),
    ] {
        assert!(text.contains(&expected), "missing «{expected}» in:\n{text}");
    }
    assert!(!text.contains(&format!("NUMANONYM = « {cab} »")), "{text}");
    // The workbook: the same findings, and the completeness of each variable.
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Synthèse", "Anomalies", "Complétude"]);
    let rows = crate::common::sheet_text(&book.worksheet_range("Anomalies").unwrap());
    let header = rows.iter().position(|r| r[0] == "Fichier").unwrap();
    // 3 + 2 + 1 + 1 + 2 + 1 + 1 + 1 + 1 findings.
    let data: Vec<&Vec<String>> = rows[header + 1..]
        .iter()
        .filter(|r| r[0].starts_with("ONED"))
        .collect();
    assert_eq!(data.len(), 13);
    assert!(
        data.iter()
            .any(|r| r[1] == "variables non attendues" && r[2] == "7" && r[4] == "CHGLIEU")
    );
    let comp = crate::common::sheet_text(&book.worksheet_range("Complétude").unwrap());
    // CHGLIEU: present once (row 7), expected on the one renewal (row 4).
    let chglieu = comp
        .iter()
        .find(|r| r.get(1).is_some_and(|v| v == "CHGLIEU"))
        .unwrap();
    assert_eq!(&chglieu[2..7], ["10", "1", "1", "1", "1"]);
    // NATPDECADM: rows with DECISION = 1 are 7, 8 and 9.
    let nat = comp
        .iter()
        .find(|r| r.get(1).is_some_and(|v| v == "NATPDECADM"))
        .unwrap();
    assert_eq!(&nat[2..7], ["10", "2", "2", "2", "3"]);
}

/// A 2022 extract of département 17 written here: `n` open measures of each (decision,
/// nature), one person each, started in 2022.
pub fn extract_with(counts: &[(u8, u8, usize)]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DECRET><INTRO><VERSIONXSD>2.01</VERSIONXSD></INTRO>\n",
    );
    let mut person = 0;
    for (decision, nature, n) in counts {
        let var = if *decision == 1 {
            "NATPDECADM"
        } else {
            "NATDECASSED"
        };
        for _ in 0..*n {
            person += 1;
            x.push_str(&format!(
                "<DONNEE><NUMDEP>017</NUMDEP><NUMANONYM>{person:040x}</NUMANONYM><TYPEV>1</TYPEV><ANAIS>2012</ANAIS><MNAIS>05</MNAIS><DECISION>{decision}</DECISION><{var}>{nature}</{var}><TYPINTERDOM>2</TYPINTERDOM><DATDEB>2022-03-01</DATDEB></DONNEE>\n"
            ));
        }
    }
    x.push_str("</DECRET>\n");
    x
}

#[test]
fn olinpe_synth_matches_drees_and_is_deterministic() {
    let data = data_copy();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let d = data.path().to_string_lossy().to_string();
    for dir in [&a, &b] {
        let out = stdout_ok(&[
            "--data-dir",
            &d,
            "olinpe",
            "synth",
            "--departements",
            "17",
            "--years",
            "2020-2022",
            "--seed",
            "7",
            "--defauts",
            "0.02",
            "-o",
            &dir.path().to_string_lossy(),
        ]);
        assert!(out.starts_with("3 fichiers OLINPE synthétiques"), "{out}");
    }
    for year in 2020..=2022 {
        let name = format!("ONED-017-{}0301_{year}.xml", year + 1);
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name} differs between two runs of the same seed"
        );
    }
    stdout_ok(&["--data-dir", &d, "import", &a.path().to_string_lossy()]);
    // Stock at 31/12 against DREES (data/observations/drees-benef-2022.csv, département 17):
    // AED 398/322/304, AEMO 984/1084/1147, accueillis 2016/2178/2279 (2020/2021/2022).
    let got = csv(
        data.path(),
        "SELECT year, family, olinpe, drees, gap_pct FROM olinpe_reconciliation ORDER BY year, family",
    );
    for line in got.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let gap: f64 = f[4].parse().unwrap();
        assert!(gap.abs() <= 3.0, "{line}");
    }
    assert_eq!(got.lines().count(), 10, "{got}");
    // The defects are caught by the validator.
    let out = depbench(&["check", "--olinpe", &a.path().to_string_lossy()]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("variables inconnues : ") && text.contains("doublons : "),
        "{text}"
    );
    // Without defects, the validator finds nothing: jeunes majeurs decided at 18 or later, an
    // age the file cannot decide (day of birth never sent, month sometimes 99) is no anomaly.
    let clean = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &d,
        "olinpe",
        "synth",
        "--departements",
        "17",
        "--years",
        "2018-2023",
        "--seed",
        "7",
        "--echelle",
        "0.05",
        "-o",
        &clean.path().to_string_lossy(),
    ]);
    let out = depbench(&["check", "--olinpe", &clean.path().to_string_lossy()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The cells of the row of a Markdown table whose label is `label` (bold marks taken off).
fn md_row(md: &str, label: &str) -> Vec<String> {
    md.lines()
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('*').to_string())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells.first().is_some_and(|c| c == label))
        .unwrap_or_else(|| panic!("no row {label} in\n{md}"))
}

/// How a published count reads: « s » under 5 (1 to 4), else the French number.
fn published(n: f64) -> String {
    if (1.0..5.0).contains(&n) {
        "s".into()
    } else {
        depbench::model::format::number(n, 0)
    }
}

/// A synthetic extract of 17 at a hundredth of DREES's counts (small cells), imported, then
/// `depbench report -d 17`: the section « Parcours (OLINPE) » (heading, sentence, entry of the
/// table of contents) holds the five figures; every count under 5 of the raw views reads « s »
/// (stock by type, measures in progress), the others their value or « s » (secondary secret),
/// and the reconciliation sets OLINPE beside DREES's own counts of the data directory.
#[test]
fn olinpe_report_has_the_parcours_section_with_small_cells_and_drees_counts() {
    let data = data_copy();
    let d = data.path().to_string_lossy().to_string();
    let x = tempfile::tempdir().unwrap();
    let xs = x.path().to_string_lossy().to_string();
    stdout_ok(&[
        "--data-dir",
        &d,
        "olinpe",
        "synth",
        "--departements",
        "17",
        "--years",
        "2021-2022",
        "--echelle",
        "0.01",
        "--seed",
        "7",
        "-o",
        &xs,
    ]);
    stdout_ok(&["--data-dir", &d, "import", &xs]);
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
    // The data files say in French what the tables show: the focus's name, which only fills
    // the « Lecture » sentence, is not an English column of them.
    let mut olinpe_files = 0;
    for entry in std::fs::read_dir(folder.join("donnees")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains("olinpe") || !name.ends_with(".csv") {
            continue;
        }
        olinpe_files += 1;
        let csv = std::fs::read_to_string(&path).unwrap();
        let header = csv.lines().next().unwrap_or_default().to_lowercase();
        assert!(!header.contains("territory_name"), "{name}: {header}");
    }
    assert_eq!(olinpe_files, 5);
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(html.contains("<li><a href=\"#parcours-olinpe\">Parcours (OLINPE)</a></li>"));
    let start = html
        .find("<section class=\"part\" id=\"parcours-olinpe\"><h2>Parcours (OLINPE)</h2>")
        .expect("the section « Parcours (OLINPE) »");
    let part = &html[start..];
    let part = &part[..part.find("<section id=").unwrap()];
    assert!(part.contains("<p class=\"meta\">Ces figures lisent les extractions OLINPE"));
    assert_eq!(
        part.matches("<section class=\"figure\"").count(),
        5,
        "{part}"
    );
    for title in [
        "jeunes suivis au 31 décembre",
        "entrées et sorties",
        "durée des mesures par type",
        "suites de mesures les plus fréquentes",
        "stock au 31 décembre et dénombrements de la DREES",
    ] {
        assert!(part.contains(title), "{title} outside the section");
    }
    let md = |stem: &str| {
        let p = std::fs::read_dir(folder.join("figures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.to_string_lossy().contains(stem) && p.extension().is_some_and(|e| e == "md")
            })
            .unwrap_or_else(|| panic!("{stem} not drawn"));
        std::fs::read_to_string(p).unwrap()
    };
    let raw = |sql: &str| -> Vec<Vec<String>> {
        csv(data.path(), sql)
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    // Stock at 31/12/2022 by type: a count of 1 to 4 persons is « s », others their value or
    // « s » as secondary secret; at least one small cell.
    let stock = md("olinpe_stock");
    let row = md_row(&stock, "2022");
    let types = [
        "aed",
        "aemo",
        "accueil_administratif",
        "placement_ase",
        "placement_direct",
        "jeune_majeur",
        "autre",
    ];
    let mut small = 0;
    for (i, t) in types.iter().enumerate() {
        let n: f64 = raw(&format!(
            "SELECT persons FROM olinpe_stock WHERE year = 2022 AND measure_type = '{t}'"
        ))
        .first()
        .map_or(0.0, |r| r[0].parse().unwrap());
        if (1.0..5.0).contains(&n) {
            small += 1;
            assert_eq!(row[i + 1], "s", "{t}: {n} persons\n{stock}");
        } else if row[i + 1] != "s" {
            assert_eq!(
                row[i + 1],
                depbench::model::format::number(n, 0),
                "{t}\n{stock}"
            );
        }
    }
    assert!(small > 0, "no small cell to check\n{stock}");
    // The total of a year with a hidden cell is hidden too: measures add up across types, and
    // the total less the cells shown would give the sum of the hidden ones.
    assert_eq!(row[types.len() + 1], "s", "Ensemble 2022\n{stock}");
    // Durations: the measures in progress under 5 read « s ».
    let durations = md("olinpe_durees");
    let labels = [
        ("aed", "AED"),
        ("aemo", "AEMO"),
        ("placement_ase", "Placement ASE"),
    ];
    for (t, label) in labels {
        let r = &raw(&format!(
            "SELECT n, censored FROM olinpe_durations WHERE measure_type = '{t}'"
        ))[0];
        let row = md_row(&durations, label);
        assert_eq!(row[1], published(r[0].parse().unwrap()), "{t}\n{durations}");
        // In progress: « s » too when the last year's stock hides the type's cell.
        let stock_hidden = !raw(&format!(
            "SELECT 1 FROM olinpe_stock_public WHERE year = 2022 AND measure_type = '{t}' AND secret IS NOT NULL"
        ))
        .is_empty();
        let in_progress = if stock_hidden {
            "s".to_string()
        } else {
            published(r[1].parse().unwrap())
        };
        assert_eq!(row[2], in_progress, "{t}\n{durations}");
    }
    // Reconciliation: DREES's counts of 17 (the data directory's current values) beside the
    // OLINPE stock, « s » under 5 and whenever the published stock of that year hides a cell
    // (its AED and AEMO are the stock's measures, its accueillis the sum of the accueil types:
    // shown, they would give the hidden cell back).
    let rec = md("olinpe_rapprochement_drees");
    let hides = |year: i32, family: &str| {
        let fam = [("AED", "aed"), ("AEMO", "aemo")]
            .iter()
            .find(|f| f.0 == family)
            .map_or("accueil", |f| f.1);
        !raw(&format!(
            "SELECT 1 FROM olinpe_stock_public p JOIN olinpe_measure_types m ON m.measure_type = p.measure_type \
             WHERE p.year = {year} AND p.secret IS NOT NULL AND m.drees_family = '{fam}'"
        ))
        .is_empty()
    };
    assert!(
        hides(2022, "AED") || hides(2022, "AEMO") || hides(2022, "accueillis"),
        "the 2022 stock above has a small cell"
    );
    assert!(rec.contains("| DREES |"), "{rec}");
    // Each table names its first column, and its « Lecture » reads its own first row, « s »
    // where the figure hides the cell.
    for (stem, header) in [
        ("olinpe_stock", "Année"),
        ("olinpe_flux", "Année"),
        ("olinpe_durees", "Type de mesure"),
        ("olinpe_parcours", "Parcours"),
        ("olinpe_rapprochement_drees", "Famille et année"),
    ] {
        assert!(md(stem).contains(&format!("| {header} |")), "{stem}");
    }
    // The sentence reads the first row without a secret cell (never « s » as a number).
    let first = raw(
        "SELECT CAST(year AS VARCHAR) AS y, family, olinpe, drees, counted FROM olinpe_reconciliation_public \
         WHERE departement = '17' AND drees IS NOT NULL AND secret IS NULL \
         ORDER BY year, CASE family WHEN 'AED' THEN 1 WHEN 'AEMO' THEN 2 ELSE 3 END LIMIT 1",
    );
    let sentence = match first.first() {
        Some(r) => format!(
            "Lecture : au 31 décembre {}, les extractions OLINPE comptent {} {} ({}) en Charente-Maritime, pour {} dans les dénombrements publiés par la DREES.",
            r[0],
            published(r[2].parse().unwrap()),
            r[4],
            r[1],
            depbench::model::format::number(r[3].parse().unwrap(), 0)
        ),
        None => "secret statistique".to_string(),
    };
    assert!(part.contains(&sentence), "{sentence}\n{part}");
    for (family, indicator) in [
        ("AED", "TotBenefAED"),
        ("AEMO", "TotBenefAEMO"),
        ("accueillis", "TotEnfAccueillisASE"),
    ] {
        for year in [2021, 2022] {
            let drees: f64 = raw(&format!(
                "SELECT value FROM current WHERE territory = '17' AND indicator = '{indicator}' AND year = {year}"
            ))[0][0]
                .parse()
                .unwrap();
            let olinpe: f64 = raw(&format!(
                "SELECT olinpe FROM olinpe_reconciliation WHERE year = {year} AND family = '{family}'"
            ))[0][0]
                .parse()
                .unwrap();
            let row = md_row(&rec, &format!("{family} {year}"));
            let shown = if hides(year, family)
                || (family == "accueillis" && (1.0..5.0).contains(&olinpe))
            {
                "s".to_string()
            } else {
                published(olinpe)
            };
            assert_eq!(row[1], shown, "{family} {year}\n{rec}");
            assert_eq!(
                row[2],
                depbench::model::format::number(drees, 0),
                "{family} {year}\n{rec}"
            );
        }
    }
    // The explorer's page of 17 over the same data: the section's heading above its figures.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let page = rt.block_on(async {
        use tower::ServiceExt;
        let ex = depbench::serve::Explorer::open(data.path(), &repo("queries"))
            .await
            .unwrap();
        let resp = depbench::serve::router(std::sync::Arc::new(ex))
            .oneshot(
                axum::http::Request::get("/?departement=17&peers=22,64&year=2022")
                    .header("host", "localhost")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(body.to_vec()).unwrap()
    });
    let start = page
        .find("<h2 class=\"part\" id=\"parcours-olinpe\">Parcours (OLINPE)</h2>")
        .expect("the section on the explorer's page");
    assert_eq!(
        page[start..].matches("data-figure=\"3").count(),
        5,
        "the five OLINPE figures under the heading"
    );
    assert!(!page.contains("figure non tracée"));
}
