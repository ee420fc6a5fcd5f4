//! The context's other DREES sources (issue 23 §1): the monthly follow-up of the prestations
//! (`prestations_mensuelles`, each value its cell, read by hand from the xlsx) set beside the
//! minima sociaux at 31 December (`prestations_ecarts`), and the national series
//! (`aide_sociale_nationale`, each value its line); every row accounted for, the committed
//! files reproduced byte for byte, and a mutated file refused at its cell or line with nothing
//! written.

use std::path::{Path, PathBuf};

use crate::common;
use crate::context::{mutate_cell, query, shared_context};

const MONTHLY: &str = "drees/suivi-mensuel-prestations-solidarite-2017-2020.xlsx";
const NATIONAL: &str = "drees/aide-sociale-nationale-1996-2022.csv";
const MONTHLY_FILE: &str = "data/context/prestations-mensuelles/prestations-mensuelles-2020-10.csv";
const NATIONAL_FILE: &str = "data/context/aide-sociale-nationale/aide-sociale-nationale-2022.csv";

/// Rows of a committed CSV whose first fields are `key`, as text.
fn committed(file: &str, key: &[&str]) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(common::repo(file)).expect("committed file");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .filter(|r| r.iter().zip(key).all(|(a, b)| a == b))
        .collect()
}

#[test]
fn monthly_values_are_their_workbook_cells() {
    // Read from the xlsx by hand: Tableau 2 (RSA), column DT = Orne (code 61 in DT5), row 43
    // = December 2019 (A43 holds the date 43800); GR = La Réunion; AN = Corse-du-Sud, row 53 =
    // « oct-20* », a provisional month; Tableau 3 (AAH), Tableau 4 (ASS).
    let cases = [
        (
            "61",
            "rsa",
            "2019-12",
            "7030",
            "published",
            "Tableau 2!DT43",
        ),
        (
            "974",
            "rsa",
            "2019-12",
            "100690",
            "published",
            "Tableau 2!GR43",
        ),
        (
            "2A",
            "rsa",
            "2020-10",
            "2760",
            "provisional",
            "Tableau 2!AN53",
        ),
        (
            "61",
            "aah",
            "2019-12",
            "5040",
            "published",
            "Tableau 3!DT43",
        ),
        (
            "61",
            "ass",
            "2017-12",
            "1780",
            "published",
            "Tableau 4!DT19",
        ),
        ("01", "aah", "2017-01", "6690", "published", "Tableau 3!B8"),
    ];
    for (dep, prestation, month, value, status, cell) in cases {
        let rows = committed(MONTHLY_FILE, &[dep, prestation, month]);
        assert_eq!(rows.len(), 1, "{dep} {prestation} {month}");
        let r = &rows[0];
        assert_eq!(
            (r[4].as_str(), r[5].as_str(), r[8].as_str()),
            (value, status, cell)
        );
        assert_eq!(r[7], "drees-prestations-mensuelles-2020-10");
    }
    // The ASS stops in September 2020 (provisional from May), the others in October 2020.
    assert!(committed(MONTHLY_FILE, &["61", "ass", "2020-10"]).is_empty());
    assert_eq!(
        committed(MONTHLY_FILE, &["61", "ass", "2020-05"])[0][5],
        "provisional"
    );
    assert_eq!(
        committed(MONTHLY_FILE, &["61", "ass", "2020-04"])[0][5],
        "published"
    );
}

#[test]
fn december_of_the_monthly_series_is_kept_beside_the_minima_with_its_gap() {
    let rows = query(
        "SELECT prestation, annee, mensuel, minima, ecart, source_mensuel, source_minima
         FROM prestations_ecarts WHERE departement = '61' AND annee = 2019 ORDER BY prestation",
    );
    let expected = [
        // AAH: the monthly series counts the Caf's allocataires only.
        [
            "aah",
            "2019",
            "5040",
            "5197",
            "-157",
            "drees-prestations-mensuelles Tableau 3!DT43",
            "drees-minima-2019 Tableau 1!AC65",
        ],
        [
            "ass",
            "2019",
            "1460",
            "1460",
            "0",
            "drees-prestations-mensuelles Tableau 4!DT43",
            "drees-minima-2019 Tableau 6!AB66",
        ],
        // RSA: rounded to ten in the monthly series (7 030), exact in the minima (7 031).
        [
            "rsa",
            "2019",
            "7030",
            "7031",
            "-1",
            "drees-prestations-mensuelles Tableau 2!DT43",
            "drees-minima-2019 Tableau 11!O69",
        ],
    ];
    assert_eq!(rows, expected.map(|r| r.map(str::to_string)).to_vec());
    // Corse-du-Sud: the minima print 2A to 2019 (Tableau 11!O27, 2 375), beside the monthly
    // December (rounded to ten, 2 380).
    let corse = query(
        "SELECT mensuel, minima, ecart, ecart_pct FROM prestations_ecarts
         WHERE departement = '2A' AND prestation = 'rsa' AND annee = 2019",
    );
    assert_eq!(
        corse,
        vec![vec!["2380", "2375", "5", "0.21052631578947367"]]
    );
}

#[test]
fn national_values_are_their_lines() {
    // Lines of the records in the CSV (read by hand; a record's `champ` spans lines where it
    // carries footnotes).
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &[
                "Aide aux personnes âgées",
                "Ensemble",
                "Ensemble",
                "Ensemble",
                "1996",
            ],
            "218995",
            "ligne 2",
        ),
        (
            &[
                "Aide aux personnes handicapées",
                "Ensemble",
                "Ensemble",
                "Ensemble",
                "2022",
            ],
            "607648",
            "ligne 351",
        ),
        (
            &[
                "Aide sociale à l'enfance (ASE)",
                "Enfants accueillis à l'ASE",
                "Pupilles",
                "",
                "2022",
            ],
            "4203",
            "ligne 1292",
        ),
        (
            &[
                "Aide sociale à l'enfance (ASE)",
                "Enfants accueillis à l'ASE",
                "Accueil provisoire de jeunes majeurs",
                "",
                "2022",
            ],
            "31211",
            "ligne 1508",
        ),
        (
            &[
                "Aide sociale à l'enfance (ASE)",
                "Enfants accueillis à l'ASE",
                "Tutelle",
                "",
                "1996",
            ],
            "2434",
            "ligne 1728",
        ),
    ];
    for (key, value, line) in cases {
        let rows = committed(NATIONAL_FILE, key);
        assert_eq!(rows.len(), 1, "{key:?}");
        assert_eq!((rows[0][5].as_str(), rows[0][11].as_str()), (value, line));
        assert_eq!(rows[0][6], "estimated");
    }
    // Its 2022 totals are DREES's (the tidy series' FRE values).
    let rows = query(
        "SELECT n.niveau3, n.beneficiaires, o.value FROM aide_sociale_nationale n
         JOIN observations o ON o.territory = 'FRE' AND o.year = n.annee AND o.is_current
          AND o.indicator = CASE n.niveau3 WHEN 'Ensemble' THEN 'TotEnfAccueillisASE' ELSE 'TotEnfConfiesASE' END
         WHERE n.annee = 2022 AND n.niveau2 = 'Enfants accueillis à l''ASE'
           AND n.niveau3 IN ('Ensemble', 'Enfants confiés à l''aide sociale à l''enfance')
         ORDER BY 2",
    );
    assert_eq!(
        rows,
        vec![
            vec![
                "Enfants confiés à l'aide sociale à l'enfance",
                "191514",
                "191514"
            ],
            vec!["Ensemble", "208064", "208064"],
        ]
    );
}

#[test]
fn context_sources_import_accounts_for_every_row_and_reproduce_the_committed_files() {
    let Some(context) = shared_context() else {
        return;
    };
    let Some(data) = common::shared_data() else {
        return;
    };
    let out = depbench::import::editions::import_paths(
        &[data, context.join(MONTHLY), context.join(NATIONAL)],
        None,
    )
    .expect("import");
    let accounts: Vec<_> = out
        .accounts
        .iter()
        .filter(|a| a.input.starts_with("suivi-mensuel") || a.input.starts_with("aide-sociale"))
        .collect();
    assert_eq!(accounts.len(), 11, "one account per sheet, one for the CSV");
    for a in &accounts {
        assert_eq!(a.rows_read, a.rows_loaded + a.rows_skipped(), "{a}");
    }
    let rsa = accounts
        .iter()
        .find(|a| a.input.ends_with("`Tableau 2`"))
        .unwrap();
    // 46 months (January 2017 – October 2020) × 101 départements.
    assert_eq!((rsa.rows_loaded, rsa.values_loaded), (46, 4646));
    let national = accounts
        .iter()
        .find(|a| a.input.starts_with("aide-sociale"))
        .unwrap();
    assert_eq!((national.rows_read, national.rows_loaded), (1159, 1159));
    for file in [MONTHLY_FILE, NATIONAL_FILE] {
        let rel = PathBuf::from(file.strip_prefix("data/").unwrap());
        assert!(
            out.files[&rel] == std::fs::read(common::repo(file)).unwrap(),
            "{file} is reproduced byte for byte"
        );
    }
}

/// A data folder holding only the territories (what an import of one file needs).
fn small_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["territories.csv", "sources.csv"] {
        std::fs::copy(common::repo(&format!("data/{f}")), dir.path().join(f)).unwrap();
    }
    dir
}

/// `depbench import --data-dir DATA FILE` must fail with `message` and leave DATA as it was.
fn refused_and_nothing_written(file: &Path, message: &[&str]) {
    let data = small_data();
    let before = crate::local_kit::tree(data.path());
    let out = common::depbench(&[
        "import",
        "--data-dir",
        data.path().to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused: {err}");
    for m in message {
        assert!(err.contains(m), "«{m}» in {err}");
    }
    assert_eq!(
        crate::local_kit::tree(data.path()),
        before,
        "nothing written"
    );
}

#[test]
fn a_mutated_monthly_cell_is_located_and_nothing_is_written() {
    let Some(context) = shared_context() else {
        return;
    };
    // Orne's RSA of December 2019 (Tableau 2 is sheet4.xml) becomes the text «7 030».
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("suivi.xlsx");
    crate::hostile_workbooks::rewrite(&context.join(MONTHLY), &copy, |name, bytes| {
        let bytes = if name == "xl/worksheets/sheet4.xml" {
            mutate_cell(bytes, "DT43", "7 030")
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    refused_and_nothing_written(
        &copy,
        &[
            "suivi.xlsx",
            "feuille `Tableau 2`, cellule DT43 : allocataires rsa de 61 en 2019-12 : attendu : un nombre",
            "trouvé : le texte «7 030»",
        ],
    );
    // A month out of sequence: December 2019's label becomes « juin-20* ».
    let copy2 = dir.path().join("suivi2.xlsx");
    crate::hostile_workbooks::rewrite(&context.join(MONTHLY), &copy2, |name, bytes| {
        let bytes = if name == "xl/worksheets/sheet4.xml" {
            mutate_cell(bytes, "A43", "juin-20*")
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    refused_and_nothing_written(
        &copy2,
        &[
            "feuille `Tableau 2`, cellule A43 : mois 2020-06 après 2019-11 (ligne 42) : attendu le mois suivant, 2019-12",
        ],
    );
}

#[test]
fn a_mutated_national_line_is_located_and_nothing_is_written() {
    let Some(context) = shared_context() else {
        return;
    };
    let text = std::fs::read_to_string(context.join(NATIONAL)).unwrap();
    // Line 1292 (Pupilles 2022): the value becomes «4 203».
    let mutated: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == 1292 {
                l.replace(",4203.0,", ",4 203,")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_ne!(mutated, text);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("nationale.csv");
    std::fs::write(&copy, mutated).unwrap();
    refused_and_nothing_written(
        &copy,
        &[
            "nationale.csv : ligne 1292, champ `nb_benef` : attendu : un nombre de bénéficiaires",
            "«4 203»",
        ],
    );
}
