//! OLINPE reading: what an extract is of (département, year) and what cannot be one, refused
//! in French with the file and where the value came from, nothing written; what the import
//! cannot keep reported by `check --olinpe` with its position. Synthetic files written here
//! from the hand-written fixture (tests/fixtures/olinpe, invented identifiers).

use std::path::Path;

use crate::common::{data_copy, depbench, repo};
use crate::import_errors::snapshot_tree;

fn fixture() -> String {
    std::fs::read_to_string(repo("tests/fixtures/olinpe/ONED-017-20220301_2021.xml")).unwrap()
}

/// Import `files` (name, content) written in a fresh folder into a copy of the data: (exit
/// success, stdout, stderr, whether the data directory is unchanged).
fn import(files: &[(&str, Vec<u8>)]) -> (bool, String, String, bool) {
    let data = data_copy();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let before = snapshot_tree(data.path());
    let target = if files.len() == 1 {
        dir.path().join(files[0].0)
    } else {
        dir.path().to_path_buf()
    };
    let out = depbench(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &target.to_string_lossy(),
    ]);
    let same = snapshot_tree(data.path()) == before;
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        same,
    )
}

fn check(path: &Path) -> (bool, String, String) {
    let out = depbench(&["check", "--olinpe", &path.to_string_lossy()]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn olinpe_an_extract_of_a_future_year_is_refused() {
    let now = depbench::import::kit::current_year();
    let next = now + 1;
    // The year from the file name.
    let name = format!("ONED-017-{now}0301_{next}.xml");
    let (ok, _, err, same) = import(&[(&name, fixture().into_bytes())]);
    assert!(!ok && same, "{err}");
    assert!(
        err.contains(&format!("{name} : année de l'extraction {next} (nom du fichier, « _{next} ») postérieure à l'année en cours ({now}) : une année écoulée ou en cours attendue")),
        "{err}"
    );
    // From DATEXPORT, in a file named without a year.
    let text = fixture().replace(
        "<DATEXPORT>2022-03-01</DATEXPORT>",
        &format!("<DATEXPORT>{}-03-01</DATEXPORT>", now + 2),
    );
    let (ok, _, err, same) = import(&[("extraction.xml", text.clone().into_bytes())]);
    assert!(!ok && same, "{err}");
    assert!(
        err.contains(&format!("extraction.xml : année de l'extraction {next} (DATEXPORT {}-03-01) postérieure à l'année en cours ({now})", now + 2)),
        "{err}"
    );
    // A past year in the name, an export date to come.
    let (ok, _, err, same) = import(&[("ONED-017-20220301_2021.xml", text.into_bytes())]);
    assert!(!ok && same, "{err}");
    assert!(
        err.contains(&format!("ONED-017-20220301_2021.xml : DATEXPORT « {}-03-01 » postérieure à l'année en cours ({now}) : une date d'export passée attendue", now + 2)),
        "{err}"
    );
    // From the latest date of the events, without a name or DATEXPORT.
    let text = fixture()
        .replace("<DATEXPORT>2022-03-01</DATEXPORT>", "")
        .replace("2021-10-31", &format!("{next}-10-31"));
    let (ok, _, err, same) = import(&[("extraction.xml", text.into_bytes())]);
    assert!(!ok && same, "{err}");
    assert!(
        err.contains(&format!("extraction.xml : année de l'extraction {next} (date la plus récente des événements, DATFIN du <DONNEE> n° 2) postérieure à l'année en cours ({now})")),
        "{err}"
    );
    // The generator refuses a future year too, and says in French what else it cannot take.
    let years = format!("2020-{next}");
    for (args, expected) in [
        (
            ["--departements", "17", "--years", years.as_str()],
            format!(
                "--years 2020-{next} : année {next} postérieure à l'année en cours ({now}) : des années écoulées ou en cours attendues"
            ),
        ),
        (
            ["--departements", "17", "--years", "abc"],
            "--years abc : année de début illisible (2015-2023 attendu)".to_string(),
        ),
        (
            ["--departements", "99", "--years", "2020"],
            "--departements : département « 99 » inconnu : un code du COG attendu".to_string(),
        ),
        (
            ["--departements", "17", "--echelle", "-1"],
            "--echelle -1 : une part entre 0 (exclu) et 1 attendue".to_string(),
        ),
    ] {
        let mut all = vec!["olinpe", "synth", "--out", "/nonexistent"];
        all.extend(args);
        let out = depbench(&all);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&expected) && !err.contains("invalid digit"),
            "{err}"
        );
    }
}

#[test]
fn olinpe_numdep_must_be_one_known_departement() {
    // Two rows of another département in a file of 17.
    let mixed = fixture()
        .replacen("<NUMDEP>017</NUMDEP>", "<NUMDEP>022</NUMDEP>", 3)
        .replacen("<NUMDEP>022</NUMDEP>", "<NUMDEP>017</NUMDEP>", 1);
    let name = "ONED-017-20220301_2021.xml";
    let (ok, _, err, same) = import(&[(name, mixed.clone().into_bytes())]);
    assert!(!ok && same, "{err}");
    assert!(
        err.contains(&format!("{name} : <DONNEE> n° 2 (ligne 5), NUMDEP « 022 » : département 22, quand le nom du fichier et l'extraction donnent 17 : un seul département par fichier attendu ; 2 ligne(s) en tout dans ce cas, dont n° 3 (« 022 »)")),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &mixed).unwrap();
    let (ok, out, _) = check(&path);
    assert!(!ok);
    assert!(out.contains("NUMDEP incohérents : 2"), "{out}");
    assert!(
        out.contains("<DONNEE> n° 3 (ligne 6), NUMDEP = « 022 » : département 22, quand le nom du fichier et l'extraction donnent 17"),
        "{out}"
    );
    // A code outside the COG, from the name or from the rows (3-character forms, Corsica,
    // DROM accepted).
    let (ok, _, err, same) = import(&[("ONED-999-20220301_2021.xml", fixture().into_bytes())]);
    assert!(!ok && same);
    assert!(
        err.contains("ONED-999-20220301_2021.xml : département « 999 » (nom du fichier) inconnu : un code du COG attendu (01 à 95, 2A, 2B, 20 pour la Collectivité de Corse, 69D, 69M, 971 à 976 ; sur 3 caractères : 017, 02A)"),
        "{err}"
    );
    let text = fixture().replace("<NUMDEP>017</NUMDEP>", "<NUMDEP>099</NUMDEP>");
    let (ok, _, err, same) = import(&[("extraction.xml", text.into_bytes())]);
    assert!(!ok && same);
    assert!(
        err.contains("extraction.xml : département « 99 » (NUMDEP du <DONNEE> n° 1) inconnu"),
        "{err}"
    );
    for (numdep, code) in [("02A", "2A"), ("976", "976"), ("069", "69"), ("20R", "20")] {
        let text = fixture().replace(
            "<NUMDEP>017</NUMDEP>",
            &format!("<NUMDEP>{numdep}</NUMDEP>"),
        );
        let (ok, out, err, _) = import(&[("extraction.xml", text.into_bytes())]);
        assert!(ok, "{numdep}: {err}");
        assert!(
            out.contains(&format!(
                "extraction.xml (OLINPE, département {code}, année 2021"
            )),
            "{out}"
        );
    }
}

#[test]
fn olinpe_xml_that_is_no_extract_gets_a_french_reason() {
    let utf16: Vec<u8> = std::iter::once([0xFF, 0xFE])
        .chain(
            "<?xml version=\"1.0\"?><DECRET/>"
                .encode_utf16()
                .map(u16::to_le_bytes),
        )
        .flatten()
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "vide.xml",
            Vec::new(),
            "fichier vide : un extrait OLINPE commence par <DECRET>",
        ),
        (
            "flux.xml",
            b"<?xml version=\"1.0\"?>\n<rss><channel/></rss>".to_vec(),
            "XML dont la racine est <rss> : un extrait OLINPE commence par <DECRET>",
        ),
        (
            "dtd.xml",
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE DECRET [<!ENTITY a \"aa\">]>\n<DECRET/>".to_vec(),
            "XML avec une DTD interne (<!DOCTYPE … [ … ]>), non lue (ses entités ne sont pas développées) : un extrait OLINPE commence par <DECRET>, sans DTD",
        ),
        (
            "utf16.xml",
            utf16,
            "encodage UTF-16 non lu : UTF-8 ou Windows-1252 attendu",
        ),
    ];
    for (name, bytes, reason) in &cases {
        let (ok, _, err, same) = import(&[(name, bytes.clone())]);
        assert!(!ok && same, "{name}");
        assert!(
            err.contains(&format!(
                "{name} : pas un fichier que depbench importe : {reason}"
            )),
            "{err}"
        );
        assert!(!err.contains("Cannot detect"), "{err}");
    }
    // In a folder: listed as ignored with the reason, the extract beside them imported; the
    // checker says the same of what it skipped.
    let mut files: Vec<(&str, Vec<u8>)> = cases.iter().map(|(n, b, _)| (*n, b.clone())).collect();
    files.push(("ONED-017-20220301_2021.xml", fixture().into_bytes()));
    let (ok, out, err, _) = import(&files);
    assert!(ok, "{err}");
    for (name, _, reason) in &cases {
        assert!(out.contains(&format!("{name} : {reason}")), "{out}");
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let (_, out, _) = check(dir.path());
    for (name, _, reason) in &cases {
        assert!(
            out.contains(&format!(
                "ignoré {} : {reason}",
                dir.path().join(name).display()
            )),
            "{out}"
        );
    }
}

#[test]
fn olinpe_check_reports_what_the_import_does_not_keep() {
    let text = fixture()
        .replacen("<TYPEV>1</TYPEV>", "<TYPEV>9</TYPEV>", 1)
        .replacen("<SEXE>2</SEXE>", "<SEXE>3</SEXE>", 1)
        .replacen("<MNAIS>06</MNAIS>", "<MNAIS>13</MNAIS>", 1)
        .replacen(
            "<DATDEB>2021-01-10</DATDEB>",
            "<DATDEB>9999-99-99</DATDEB>",
            1,
        )
        .replacen(
            "<NATDECASSED>15</NATDECASSED><DATDEB>2021-03-01</DATDEB></DONNEE>",
            "<NATDECASSED>15</NATDECASSED><NATDECASSED>17</NATDECASSED><DATDEB>2021-03-01</DATDEB><DATFIN>2021-02-01</DATFIN></DONNEE>",
            1,
        );
    let name = "ONED-017-20220301_2021.xml";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &text).unwrap();
    let xlsx = dir.path().join("controle.xlsx");
    let out = depbench(&[
        "check",
        "--olinpe",
        &path.to_string_lossy(),
        "--xlsx",
        &xlsx.to_string_lossy(),
    ]);
    assert!(!out.status.success());
    let out = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "valeurs non retenues par l'import : 4",
        "<DONNEE> n° 1 (ligne 4), TYPEV = « 9 » : code hors de la liste de TYPEV : 1, 2, 3 attendu : valeur non retenue (vide à l'import)",
        "<DONNEE> n° 3 (ligne 6), SEXE = « 3 » : code hors de la liste de SEXE : 1, 2, 9 attendu : valeur non retenue (vide à l'import)",
        "<DONNEE> n° 4 (ligne 7), NATDECASSED = « 17 » : variable donnée deux fois dans ce <DONNEE> : la première valeur, « 15 », gardée ; une seule attendue",
        "<DONNEE> n° 5 (ligne 8), MNAIS = « 13 » : mois attendu (01 à 12 ; 99 inconnu) : valeur non retenue (vide à l'import)",
        "dates de fin avant le début : 1",
        "<DONNEE> n° 4 (ligne 7), DATFIN = « 2021-02-01 » : fin avant le début (DATDEB = 2021-03-01)",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    let rows = crate::common::sheet_text(&book.worksheet_range("Anomalies").unwrap());
    assert!(
        rows.iter()
            .any(|r| r[1] == "valeurs non retenues par l'import"
                && r[2] == "3"
                && r[4] == "SEXE"
                && r[5] == "3")
    );
    // The import says what it kept NULL.
    let (ok, out, err, _) = import(&[(name, text.into_bytes())]);
    assert!(ok, "{err}");
    assert!(
        out.contains("ONED-017-20220301_2021.xml : 1 valeur(s) de TYPEV gardée(s) vides (code hors de la liste de TYPEV : 1, 2, 3 attendu) : <DONNEE> n° 1"),
        "{out}"
    );
    // And which events build no measure, or no duration.
    for expected in [
        "ONED-017-20220301_2021.xml : 1 événement sans DATDEB lisible (absente, inconnue 9999-99-99 ou 0000-00-00, ou illisible) : aucune mesure : <DONNEE> n° 5",
        "ONED-017-20220301_2021.xml : 1 événement avec DATFIN avant DATDEB : durée négative laissée hors des durées : <DONNEE> n° 4",
        "ONED-017-20220301_2021.xml : 1 valeur(s) de NATDECASSED gardée(s) vides (variable donnée deux fois dans un <DONNEE> : la première valeur gardée) : <DONNEE> n° 4",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
}

#[test]
fn olinpe_check_workbook_of_a_national_run_keeps_cells_under_excel_limit() {
    use depbench::check::olinpe::{FileReport, write_xlsx};
    use depbench::import::olinpe::events::Scheme;
    use depbench::import::olinpe::read::Format;
    let reports: Vec<FileReport> = (0..1030)
        .map(|i| FileReport {
            file: format!(
                "ONED-{:03}-20220301_2021_{i:04}_avec_un_nom_long.xml",
                i % 95 + 1
            ),
            departement: format!("{:02}", i % 95 + 1),
            year: 2021,
            scheme: Scheme::V2016,
            format: Format::Xml,
            encoding: "UTF-8",
            rows: 10,
            findings: Vec::new(),
            completeness: Vec::new(),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("controle.xlsx");
    write_xlsx(&reports, &target).unwrap();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&target).unwrap();
    let rows = crate::common::sheet_text(&book.worksheet_range("Synthèse").unwrap());
    assert!(rows.iter().flatten().all(|c| c.chars().count() < 32_767));
    let last = rows.iter().rfind(|r| r[0].starts_with("ONED-")).unwrap();
    assert_eq!(
        last[..7],
        [
            "ONED-080-20220301_2021_1029_avec_un_nom_long.xml",
            "80",
            "2021",
            "2016",
            "10",
            "dates de fin avant le début",
            "0"
        ]
    );
}

#[test]
fn olinpe_a_2011_file_is_checked_as_written() {
    let id = |c: char| c.to_string().repeat(40);
    let row = |body: &str| format!("<DONNEE><NUMDEP>69</NUMDEP>{body}</DONNEE>\n");
    let text = format!(
        "<?xml version=\"1.0\"?>\n<DECRET>\n<INTRO><VERSIONXSD>1.22</VERSIONXSD><DATEXPORT>2011-03-01</DATEXPORT></INTRO>\n{}{}{}{}</DECRET>\n",
        row(&format!(
            "<NUMANONYM>{}</NUMANONYM><CODEV>4</CODEV><SEXE>1</SEXE><ANAIS>2008</ANAIS><DECISION>2</DECISION><NATDECASSED>15</NATDECASSED><DATDEBINTER>2010-02-01</DATDEBINTER>",
            id('a')
        )),
        row(&format!(
            "<NUMANONYM>{}</NUMANONYM><CODEV>5</CODEV><DECISION>2</DECISION><NATDECASSED>15</NATDECASSED><DATDEBINTER>2010-02-01</DATDEBINTER><MOTFININT>1</MOTFININT>",
            id('a')
        )),
        row(&format!(
            "<NUMANONYM>{}</NUMANONYM><CODEV>4</CODEV><SEXE>1</SEXE><ANAIS>2008</ANAIS><DECISION>2</DECISION><NATDECASSED>17</NATDECASSED><DATDEBPLAC>2010-02-01</DATDEBPLAC><NIVSCO>360</NIVSCO>",
            id('c')
        )),
        row(&format!(
            "<NUMANONYM>{}</NUMANONYM><CODEV>4</CODEV><SEXE>1</SEXE><ANAIS>2008</ANAIS><DECISION>1</DECISION><NATPDECADM>17</NATPDECADM><DATDEBACC>2010-02-01</DATDEBACC>",
            id('d')
        )),
    );
    let name = "ONED-069-20110301_2010.xml";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &text).unwrap();
    let (_, out, _) = check(&path);
    // No filter on TYPEV (made by the converter) nor on a 2016-only parent; the dropped 2011
    // code reported as the file writes it; 69 is the Rhône as DREES counts it (not recoded).
    for expected in [
        "ONED-069-20110301_2010.xml : OLINPE, département 69, année 2010, schéma 2011, 4 lignes",
        "variables non attendues : 0",
        "valeurs non retenues par l'import : 1",
        "<DONNEE> n° 4 (ligne 7), NATPDECADM = « 17 » : code hors de la liste de NATPDECADM : 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 99 attendu : valeur non retenue (vide à l'import)",
    ] {
        assert!(out.contains(expected), "missing «{expected}» in:\n{out}");
    }
    let (ok, out, err, _) = import(&[(name, text.into_bytes())]);
    assert!(ok, "{err}");
    assert!(
        out.contains("ONED-069-20110301_2010.xml (OLINPE, département 69, année 2010, schéma 2011"),
        "{out}"
    );
    assert!(
        out.contains("1 valeur(s) de NATPDECADM gardée(s) vides (code hors de la liste de NATPDECADM : 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 99 attendu) : <DONNEE> n° 4"),
        "{out}"
    );
}
