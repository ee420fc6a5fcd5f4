//! `depbench check`, the reconciliation view and the example queries over the document data.

use std::path::Path;

use crate::common::{data_copy, depbench, shared_seeds, stdout_ok};

const CM: &str = "001_fe0a428257ef45b4";

fn check_in(dir: &Path) -> (Option<i32>, String) {
    let out = depbench(&["--data-dir", dir.to_str().unwrap(), "check"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn assert_mentions(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "expected `{wanted}` in:\n{text}");
}

#[test]
fn check_passes_on_the_committed_data() {
    let out = stdout_ok(&["check"]);
    assert!(out.ends_with("tout est correct\n"), "{out}");
    if shared_seeds().is_some() {
        for doc in ["000_", "001_", "002_", "003_", "004_"] {
            assert_mentions(&out, doc);
        }
        assert_mentions(&out, "chiffres 378/378 sur leur ligne");
    }
}

#[test]
fn an_altered_figure_fails_naming_document_and_line() {
    if shared_seeds().is_none() {
        return;
    }
    let dir = data_copy();
    let path = dir.path().join(format!("documents/{CM}/figures.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    // Seed line 280 prints «2279 enfants confiés au 31.12.22»: change the value, not the label.
    let row = "\n280,2279 enfants confiés au 31.12.22,2279,";
    assert!(text.contains(row), "the figure 2279 of line 280 moved");
    let altered = text.replacen(row, "\n280,2279 enfants confiés au 31.12.22,2278,", 1);
    assert_ne!(altered, text);
    std::fs::write(&path, altered).unwrap();
    let (code, out) = check_in(dir.path());
    assert_eq!(code, Some(2), "{out}");
    assert_mentions(&out, &format!("{CM} : la ligne 280 n'imprime pas 2278"));
    assert_mentions(&out, "figures.csv : ligne ");
}

#[test]
fn bad_rows_are_reported_with_file_line_and_field() {
    let dir = data_copy();
    let doc = dir.path().join("documents/000_3a4bf3b151ac505c");
    let figures = doc.join("figures.csv");
    let mut text = std::fs::read_to_string(&figures).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let first = text.lines().count() + 1;
    text.push_str(",sans ligne,12,count,stock,2022,,,61,,\n");
    text.push_str("125,valeur illisible,douze,count,stock,2022,,,61,,\n");
    std::fs::write(&figures, &text).unwrap();

    let items = doc.join("plan_items.csv");
    let mut text = std::fs::read_to_string(&items).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let item_line = text.lines().count() + 1;
    text.push_str("61-2025-2029,Z.a1,,action,99,Action inventée,468,,,,loisirs_creatifs\n");
    std::fs::write(&items, &text).unwrap();

    let stray = dir.path().join("documents/999_not_listed");
    std::fs::create_dir_all(&stray).unwrap();
    std::fs::write(
        stray.join("figures.csv"),
        "line,label,value,unit,kind,year,period_start,period_end,territory,indicator,note\n1,x,1,count,stock,2022,,,61,,\n",
    )
    .unwrap();

    let (code, out) = check_in(dir.path());
    assert_eq!(code, Some(2), "{out}");
    let f = "000_3a4bf3b151ac505c/figures.csv";
    assert_mentions(
        &out,
        &format!("{f} : ligne {first}, champ `line` : valeur vide dans une colonne obligatoire"),
    );
    assert_mentions(
        &out,
        &format!(
            "{f} : ligne {}, champ `value` : pas un nombre : `douze`",
            first + 1
        ),
    );
    assert_mentions(
        &out,
        &format!(
            "000_3a4bf3b151ac505c/plan_items.csv : ligne {item_line}, champ `themes` : identifiant de thème inconnu `loisirs_creatifs`"
        ),
    );
    assert_mentions(
        &out,
        "999_not_listed/figures.csv : ligne 2, champ `doc_id` : le dossier de document `999_not_listed` n'est pas dans",
    );
}

#[test]
fn reconciliation_of_charente_maritime() {
    let out = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "SELECT line, territory, indicator, kind, value_text, drees_rounded, status \
         FROM reconciliation WHERE doc_id = '001_fe0a428257ef45b4' \
         ORDER BY line, territory, indicator, value_text",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn example_queries_return_their_kind_of_rows() {
    let herault = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "-f",
        "queries/examples/herault_assistants_familiaux.sql",
    ]);
    let rows: Vec<&str> = herault.lines().skip(1).collect();
    assert!(rows.len() >= 5, "{herault}");
    assert!(
        rows.iter().all(|r| r.to_lowercase().contains("assistant")),
        "{herault}"
    );
    assert_mentions(&herault, "898,");

    let themes = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "-f",
        "queries/examples/actions_par_theme.sql",
    ]);
    assert!(themes.starts_with("department,theme,label,position,actions\n"));
    for dep in ["17", "31", "34", "61", "95"] {
        assert!(
            themes.lines().any(|l| l.starts_with(&format!("{dep},"))),
            "{dep} missing:\n{themes}"
        );
    }
    assert_mentions(&themes, "17,accueil_placement,Accueil et placement,6,");

    let cd17 = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "-f",
        "queries/examples/cd17_ecarts_drees.sql",
    ]);
    assert_mentions(&cd17, "280,17,TotEnfConfiesASE,stock,2279,2160,");
    assert_mentions(&cd17, "different concept");
    assert!(
        cd17.lines()
            .skip(1)
            .all(|l| l.contains(",differs,") || l.contains(",different concept,")),
        "{cd17}"
    );
}

#[test]
fn observation_statuses_are_checked_against_the_declared_vocabulary_and_the_value() {
    let dir = data_copy();
    let path = dir.path().join("observations/drees-assfam-2020.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1],
        "01,effpersassfam,2016,298,published,drees-assfam-2020,line 127,2020"
    );
    assert_eq!(
        lines[2],
        "01,effpersassfam,2017,306,published,drees-assfam-2020,line 229,2020"
    );
    let altered = text
        .replacen(
            "01,effpersassfam,2016,298,published,",
            "01,effpersassfam,2016,298,publié,",
            1,
        )
        .replacen(
            "01,effpersassfam,2017,306,published,",
            "01,effpersassfam,2017,,published,",
            1,
        );
    std::fs::write(&path, altered).unwrap();
    let (code, out) = check_in(dir.path());
    assert_eq!(code, Some(2), "{out}");
    let f = "drees-assfam-2020.csv";
    assert_mentions(
        &out,
        &format!("{f} : ligne 2, champ `status` : statut d'observation : valeur inconnue `publié`"),
    );
    assert_mentions(
        &out,
        &format!("{f} : ligne 3, champ `value` : statut `published` sans valeur"),
    );
}

/// The row of `path` (under the data copy) whose text starts with `prefix`: its 1-based line
/// and text.
fn row_of(path: &Path, prefix: &str) -> (usize, String) {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, l)| (i + 1, l.to_string()))
        .unwrap_or_else(|| panic!("no row `{prefix}` in {}", path.display()))
}

/// Replace the row starting with `prefix` by `with(row)`; returns its line.
fn mend(path: &Path, prefix: &str, with: impl Fn(&str) -> String) -> usize {
    let (line, row) = row_of(path, prefix);
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, text.replacen(&row, &with(&row), 1)).unwrap();
    line
}

/// Append the row starting with `prefix` again at the end; returns (first line, new line).
fn repeat_row(path: &Path, prefix: &str) -> (usize, usize) {
    let (line, row) = row_of(path, prefix);
    let mut text = std::fs::read_to_string(path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let new = text.lines().count() + 1;
    text.push_str(&row);
    text.push('\n');
    std::fs::write(path, text).unwrap();
    (line, new)
}

/// A field of a CSV row replaced (no quoted commas in the rows used).
fn with_field(row: &str, index: usize, value: &str) -> String {
    let mut f: Vec<&str> = row.split(',').collect();
    f[index] = value;
    f.join(",")
}

#[test]
fn values_mended_by_hand_outside_the_number_rule_fail_check_at_their_line() {
    let dir = data_copy();
    let benef = dir.path().join("observations/drees-benef-2022.csv");
    let negative = mend(&benef, "17,TotEnfConfiesASE,2019,", |r| {
        with_field(r, 3, "-5")
    });
    let huge = mend(&benef, "17,TotBenefAE,2019,", |r| {
        with_field(r, 3, "2000000")
    });
    let poison = mend(&benef, "17,TotBenefAEMO,2019,", |r| {
        with_field(r, 3, &format!("1{}", "0".repeat(399)))
    });
    let spending = dir.path().join("observations/drees-dep-2019.csv");
    let money = mend(&spending, "17,DepBruteASE,2019,", |r| {
        with_field(r, 3, "1e300")
    });
    let population = dir.path().join("population/insee-pop-2022.csv");
    let (pop_line, pop_row) = row_of(&population, "17,2019,");
    let total: String = pop_row.split(',').nth(24).unwrap().to_string();
    let fraction = mend(&population, "16,2019,", |r| with_field(r, 4, "12.5"));

    let (code, out) = check_in(dir.path());
    assert_eq!(code, Some(2), "{out}");
    let count = "attendu : un effectif de personnes (un entier ou une imputation fractionnaire de la DREES) de 0 à 100000000 (plus que la population de la France)";
    for wanted in [
        format!(
            "observations/drees-benef-2022.csv : ligne {negative}, champ `value` : TotEnfConfiesASE 2019 de 17 : {count} ; trouvé : -5"
        ),
        format!(
            "observations/drees-benef-2022.csv : ligne {huge}, champ `value` : TotBenefAE 2019 de 17 : attendu : un effectif de personnes de 0 à {total}, la population de 17 au 1er janvier 2019 (Insee) ; trouvé : 2000000"
        ),
        format!(
            "observations/drees-benef-2022.csv : ligne {poison}, champ `value` : attendu : un nombre fini ; trouvé : «10000000000000000000… (400 caractères)» (au-delà de l'étendue des nombres)"
        ),
        format!(
            "observations/drees-dep-2019.csv : ligne {money}, champ `value` : DepBruteASE 2019 de 17 : attendu : une dépense en milliers d'euros de 0 à 100000000 (100 milliards d'euros) ; trouvé : 1e300"
        ),
        format!(
            "population/insee-pop-2022.csv : ligne {fraction}, champ `ensemble_00_04` : attendu : un effectif de personnes (un entier) de 0 à 100000000 (plus que la population de la France) ; trouvé : 12.5"
        ),
    ] {
        assert_mentions(&out, &wanted);
    }
    assert!(pop_line > 1);
    assert_mentions(&out, "5 problème(s)");
}

#[test]
fn duplicate_keys_fail_check_in_every_table() {
    let dir = data_copy();
    let d = dir.path();
    let cases = [
        (
            "population/insee-pop-2022.csv",
            "17,2019,",
            "edition",
            "ligne de population (territory, year, edition) (17, 2019, 2022)",
        ),
        (
            "geo/departements.csv",
            "17,",
            "point",
            "sommet de contour (code, ring, point)",
        ),
        (
            "documents/000_3a4bf3b151ac505c/comparisons.csv",
            "FRE,",
            "purpose",
            "ensemble de comparaison (doc_id, territory, purpose)",
        ),
        (
            "documents/000_3a4bf3b151ac505c/figures.csv",
            "276,",
            "period_end",
            "chiffre (doc_id, line, label, value, territory, year, period)",
        ),
        (
            "observations/drees-benef-2022.csv",
            "17,TotEnfConfiesASE,2019,",
            "source_id",
            "observation (territory, indicator, year, edition, source_id) (17, TotEnfConfiesASE, 2019, 2022, drees-benef-2022)",
        ),
    ];
    let mut expected = Vec::new();
    for (file, prefix, field, what) in cases {
        let (first, new) = repeat_row(&d.join(file), prefix);
        expected.push((file, new, field, what, first));
    }
    let (code, out) = check_in(d);
    assert_eq!(code, Some(2), "{out}");
    for (file, new, field, what, first) in expected {
        assert_mentions(
            &out,
            &format!("{file} : ligne {new}, champ `{field}` : doublon de {what}"),
        );
        assert_mentions(&out, &format!("{file} : ligne {first}\n"));
    }
}
