//! Editions (issue 9): any edition of the DREES and Insee publications imports as itself, the
//! newest edition is current per key, older ones stay, revisions are shown, and every refusal
//! names file, sheet and cell (or line and field) with what was expected and found.
//!
//! Fixtures are built with rust_xlsxwriter; those reproducing the user cases copy real
//! cells of the ../shared workbooks (and skip with a message when ../shared is absent), trimmed
//! or reworded as an earlier or later DREES edition would be.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use depbench::Error;
use depbench::import::editions::{HeldEdition, import_paths};
use depbench::import::{Output, book};
use depbench::query::{Engine, Params, output};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

use crate::common;
use crate::common::copy_tree;
use crate::import_errors::snapshot_tree;

/// A copy of the committed data folder to import into.
fn data_copy(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    copy_tree(&common::repo("data"), &data);
    data
}

fn import(paths: &[&Path], data: &Path) -> depbench::Result<Output> {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    import_paths(&paths, Some(data))
}

/// Import and write.
fn import_commit(paths: &[&Path], data: &Path) -> Output {
    let out = import(paths, data).expect("import");
    out.commit(data).expect("commit");
    out
}

/// Rows of a query over `data`, as text.
fn rows(data: &Path, sql: &str) -> Vec<Vec<String>> {
    let engine = Engine::open(data, common::repo("queries")).expect("engine");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let batches = rt
        .block_on(engine.sql(sql, &Params::default(), "test"))
        .expect("query");
    let Some(first) = batches.first() else {
        return Vec::new();
    };
    let (_, cells) = output::cells(&first.schema(), &batches).expect("cells");
    cells
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.text).collect())
        .collect()
}

/// Write a cell read by calamine into a rust_xlsxwriter sheet.
fn put(ws: &mut Worksheet, r: u32, c: u16, v: &Data) {
    match v {
        Data::Float(f) => {
            ws.write_number(r, c, *f).unwrap();
        }
        Data::Int(i) => {
            ws.write_number(r, c, *i as f64).unwrap();
        }
        Data::String(s) => {
            ws.write_string(r, c, s).unwrap();
        }
        Data::Empty => {}
        other => {
            ws.write_string(r, c, other.to_string()).unwrap();
        }
    }
}

/// A real sheet's cells (0-based row, col) → value.
type Cells = BTreeMap<(u32, u32), Data>;

fn real_sheet(path: &Path, sheet: &str) -> Cells {
    let mut b = book::open(path).unwrap();
    let range = b.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap();
    let mut cells = BTreeMap::new();
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !matches!(v, Data::Empty) {
                cells.insert((r0 + r as u32, c0 + c as u32), v.clone());
            }
        }
    }
    cells
}

/// The header row of a real sheet: the first row with a year followed by the next year.
fn header_row(cells: &Cells) -> u32 {
    cells
        .iter()
        .find(|&(&(r, c), v)| {
            book::year_of(v).is_some_and(|y| {
                cells
                    .get(&(r, c + 1))
                    .and_then(book::year_of)
                    .is_some_and(|n| n == y + 1)
            })
        })
        .map(|(&(r, _), _)| r)
        .expect("a header row")
}

/// Columns whose header year is after `last`, removed (as in an earlier edition).
fn drop_years_after(cells: &mut Cells, last: i32) {
    let h = header_row(cells);
    let cols: Vec<u32> = cells
        .iter()
        .filter(|&(&(r, _), v)| r == h && matches!(book::year_of(v), Some(y) if y > last))
        .map(|(&(_, c), _)| c)
        .collect();
    cells.retain(|&(_, c), _| !cols.contains(&c));
}

fn write_sheet(wb: &mut Workbook, name: &str, cells: &Cells) {
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    for (&(r, c), v) in cells {
        put(ws, r, c as u16, v);
    }
}

fn summary(wb: &mut Workbook, title: &str, coverage: &str) {
    let ws = wb.add_worksheet();
    ws.set_name("Sommaire").unwrap();
    ws.write_string(0, 0, title).unwrap();
    ws.write_string(4, 0, coverage).unwrap();
}

fn report<'a>(out: &'a Output, source_id: &str) -> &'a depbench::import::editions::EditionReport {
    out.reports
        .iter()
        .find(|r| r.source_id == source_id)
        .unwrap_or_else(|| panic!("no report for {source_id}: {:?}", out.reports))
}

fn text(v: &Data) -> String {
    depbench::import::number_text(match v {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    })
}

/// Case 1: the personnel workbook of an earlier edition (2014-2018) imports as edition 2018;
/// the 2020 edition stays current, its 2019-2020 values stay; re-import de changes nothing.
#[test]
fn editions_earlier_personnel_is_its_own_edition() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let real = shared.join("drees/personnel-action-sociale-2014-2020.xlsx");
    let mut cells = real_sheet(&real, "eff - pers ass fam");
    drop_years_after(&mut cells, 2018);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("personnel.xlsx");
    let mut wb = Workbook::new();
    summary(
        &mut wb,
        "Le personnel de l'action sociale et médico-sociale des départements - séries longues 2014 à 2018",
        "Données nationales",
    );
    write_sheet(&mut wb, "eff - pers ass fam", &cells);
    wb.save(&path).unwrap();

    let data = data_copy(tmp.path());
    let out = import_commit(&[&path], &data);
    let r = report(&out, "drees-pers-2018");
    assert_eq!((r.edition, r.first_year, r.last_year), (2018, 2014, 2018));
    assert_eq!(r.new, 0, "every key is held by the 2020 edition");
    let written: Vec<String> = out.files.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(written, ["observations/drees-pers-2018.csv", "sources.csv"]);
    // Charente-Maritime: row 14 of the sheet (code 17), 2016 in column E.
    let (row, _) = cells
        .iter()
        .find(|((_, c), v)| *c == 0 && book::text(v) == "17")
        .map(|(k, _)| *k)
        .unwrap();
    let v2016 = text(&cells[&(row, 4)]);
    assert_eq!(
        rows(
            &data,
            "SELECT source_id, edition, value, is_current FROM observations \
             WHERE territory='17' AND indicator='effpersassfam' AND year=2016 \
             AND source_id LIKE 'drees-pers-%' ORDER BY edition"
        ),
        [
            vec![
                "drees-pers-2018".to_string(),
                "2018".into(),
                v2016.clone(),
                "false".into()
            ],
            vec![
                "drees-pers-2020".to_string(),
                "2020".into(),
                v2016,
                "true".into()
            ],
        ]
    );
    assert_eq!(
        rows(
            &data,
            "SELECT source_id FROM observations WHERE is_current AND territory='17' \
             AND indicator='effpersassfam' AND year=2020"
        ),
        [["drees-pers-2020".to_string()]]
    );
    assert_eq!(
        rows(
            &data,
            "SELECT edition, origin FROM sources WHERE id='drees-pers-2018'"
        ),
        [["2018".to_string(), "personnel.xlsx".into()]]
    );
    // `depbench check` lists each edition held.
    let check = common::depbench(&["--data-dir", data.to_str().unwrap(), "check"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("observations drees-pers-2018 édition 2018 (2014-2018) : ")
            && stdout.contains("observations drees-pers-2020 édition 2020 (2014-2020) : 749 valeurs, dont 749 courantes"),
        "{stdout}"
    );
    // Re-import de the same file writes the same bytes: nothing changes.
    let before = snapshot_tree(&data);
    assert_eq!(report(&out, "drees-pers-2018").held, HeldEdition::No);
    let again = import_commit(&[&path], &data);
    assert_eq!(
        report(&again, "drees-pers-2018").held,
        HeldEdition::Identical
    );
    assert!(report(&again, "drees-pers-2018").to_string().contains(
        "\n  édition déjà dans data/ avec ces mêmes valeurs : l'import ne la change pas\n"
    ));
    assert!(before == snapshot_tree(&data), "re-import changed data/");
}

/// Case 3: an earlier dépenses edition with reworded titles and a leftover check formula under
/// the table imports; the stray cell is reported, not loaded.
#[test]
fn editions_spending_reworded_titles_and_stray_formula() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let real = shared.join("drees/depenses-aide-sociale-series-longues-1999-2020.xlsx");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("depenses-ancienne.xlsx");
    let mut wb = Workbook::new();
    summary(
        &mut wb,
        "Les dépenses d'aide sociale départementale",
        "Données nationales de 1999 à 2018",
    );
    let mut tab2 = real_sheet(&real, "ASE-tab2");
    drop_years_after(&mut tab2, 2018);
    let mut tab6 = real_sheet(&real, "ASE-tab6");
    drop_years_after(&mut tab6, 2018);
    tab6.insert(
        (0, 0),
        Data::String("Tableau 6 – Dépenses brutes totales de placement(*) par département".into()),
    );
    let mut tab8 = real_sheet(&real, "ASE-tab8");
    drop_years_after(&mut tab8, 2018);
    tab8.insert(
        (0, 0),
        Data::String(
            "Tableau 8 – Dépenses brutes de placement en établissement par département".into(),
        ),
    );
    write_sheet(&mut wb, "ASE-tab2", &tab2);
    {
        let ws = wb.worksheet_from_name("ASE-tab2").unwrap();
        ws.write_formula(115, 3, Formula::new("=D115-D147").set_result("0"))
            .unwrap();
    }
    write_sheet(&mut wb, "ASE-tab6", &tab6);
    write_sheet(&mut wb, "ASE-tab8", &tab8);
    wb.save(&path).unwrap();

    let data = data_copy(tmp.path());
    let out = import(&[&path], &data).unwrap();
    let r = report(&out, "drees-dep-sl-2018");
    assert_eq!((r.edition, r.first_year, r.last_year), (2018, 1999, 2018));
    let tab2_account = out
        .accounts
        .iter()
        .find(|a| a.input == "depenses-ancienne.xlsx feuille `ASE-tab2`")
        .unwrap();
    assert_eq!(
        tab2_account.skipped["cellule isolée hors du bloc du tableau (non chargée)"],
        ["D116 (=D115-D147 → 0)"]
    );
    out.commit(&data).unwrap();
    // Charente-Maritime 2018 in each sheet: the real cells.
    for (sheet, cells, indicator) in [
        ("ASE-tab2", &tab2, "DepBruteASE"),
        ("ASE-tab6", &tab6, "DepBrutePlacementASE"),
        ("ASE-tab8", &tab8, "DepBrutePlacementetabASE"),
    ] {
        let (row, _) = *cells
            .keys()
            .find(|&&(r, c)| c == 1 && book::text(&cells[&(r, c)]) == "17")
            .unwrap();
        let col = cells
            .iter()
            .find(|&(&(r, _), v)| r == header_row(cells) && book::year_of(v) == Some(2018))
            .map(|(&(_, c), _)| c)
            .unwrap();
        let want = text(&cells[&(row, col)]);
        let cell = depbench::import::a1(row, col);
        assert_eq!(
            rows(
                &data,
                &format!(
                    "SELECT value, source_ref FROM observations WHERE source_id='drees-dep-sl-2018' \
                     AND territory='17' AND indicator='{indicator}' AND year=2018"
                )
            ),
            [[want, format!("{sheet}!{cell}")]]
        );
    }
}

/// Case 5 then an older edition: a workbook with 2021-2023 columns added is edition 2023 and
/// takes over exactly the keys it holds; an older edition imported after it changes nothing
/// that is current; revisions list the differing values.
#[test]
fn editions_newer_takes_over_its_keys_older_changes_nothing_current() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let real = shared.join("drees/beneficiaires-aide-sociale-series-longues-1996-2020.xlsx");
    let base = real_sheet(&real, "Tab1-ase");
    let tmp = tempfile::tempdir().unwrap();

    // Newer: years 2021-2023 added after 2020 (column V), values = 2020 + 1, 2, 3 (synthetic).
    let mut newer = base.clone();
    let col2020 = base
        .iter()
        .find(|&(&(r, _), v)| r == header_row(&base) && book::year_of(v) == Some(2020))
        .map(|(&(_, c), _)| c)
        .unwrap();
    let header_row = header_row(&base);
    for (&(r, c), v) in &base {
        if c != col2020 {
            continue;
        }
        for k in 1..=3u32 {
            let added = if r == header_row {
                Data::Float(f64::from(2020 + k))
            } else if let Data::Float(f) = v {
                Data::Float(f + f64::from(k))
            } else {
                v.clone()
            };
            newer.insert((r, c + k), added);
        }
    }
    let newer_path = tmp.path().join("newer.xlsx");
    let mut wb = Workbook::new();
    summary(
        &mut wb,
        "Bénéficiaires",
        "Données nationales de 1996 à 2023",
    );
    write_sheet(&mut wb, "Tab1-ase", &newer);
    wb.save(&newer_path).unwrap();

    let data = data_copy(tmp.path());
    let out = import_commit(&[&newer_path], &data);
    let r = report(&out, "drees-benef-sl-2023");
    assert_eq!((r.edition, r.first_year, r.last_year), (2023, 2002, 2023));
    assert!(r.revised > 0 && r.new > 0, "{r:?}");
    let current = |t: &str, i: &str, y: i32| {
        rows(
            &data,
            &format!(
                "SELECT source_id, edition FROM observations WHERE is_current \
                 AND territory='{t}' AND indicator='{i}' AND year={y}"
            ),
        )
    };
    let pair = |a: &str, b: &str| vec![vec![a.to_string(), b.to_string()]];
    assert_eq!(
        current("17", "TotEnfAccueillisASE", 2021),
        pair("drees-benef-sl-2023", "2023")
    );
    assert_eq!(
        current("17", "TotEnfAccueillisASE", 2023),
        pair("drees-benef-sl-2023", "2023")
    );
    // Not in the newer workbook: the 2022 tidy series stays current.
    assert_eq!(
        current("17", "TotEnfConfiesASE", 2021),
        pair("drees-benef-2022", "2022")
    );
    // 2021: tidy 2022 edition value vs the newer workbook's (2020 + 1).
    let revisions = rows(
        &data,
        "SELECT older_edition, newer_edition, older_value, newer_value FROM revisions \
         WHERE territory='17' AND indicator='TotEnfAccueillisASE' AND year=2021",
    );
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0][0..2], ["2022".to_string(), "2023".into()]);

    let all_current = "SELECT territory, indicator, year, source_id FROM observations \
                       WHERE is_current ORDER BY 1, 2, 3, 4";
    let before = rows(&data, all_current);

    // Older: the same sheet trimmed to 2019 and a 2019 summary, imported after.
    let mut older = base.clone();
    drop_years_after(&mut older, 2019);
    let older_path = tmp.path().join("older.xlsx");
    let mut wb = Workbook::new();
    summary(
        &mut wb,
        "Bénéficiaires",
        "Données nationales de 1996 à 2019",
    );
    write_sheet(&mut wb, "Tab1-ase", &older);
    wb.save(&older_path).unwrap();
    let out = import_commit(&[&older_path], &data);
    assert_eq!(report(&out, "drees-benef-sl-2019").edition, 2019);
    assert_eq!(
        rows(&data, all_current),
        before,
        "an older edition changed what is current"
    );
    assert_eq!(
        rows(
            &data,
            "SELECT count(*) FROM observations WHERE source_id='drees-benef-sl-2019' AND is_current"
        ),
        [["0".to_string()]]
    );
}

/// A minimal DREES series sheet (Tab1-ase layout) with synthetic values, for the refusals.
fn tab1_book(path: &Path, edit: impl FnOnce(&mut Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Tab1-ase").unwrap();
    ws.write_string(
        0,
        0,
        "Tableau 1 - Total des enfants accueillis à l'ASE, depuis 2018",
    )
    .unwrap();
    ws.write_string(1, 0, "Données au 31 décembre").unwrap();
    for (c, h) in ["Code région", "Code département", "Département"]
        .iter()
        .enumerate()
    {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    for (i, y) in [2018.0, 2019.0, 2020.0].iter().enumerate() {
        ws.write_number(4, 3 + i as u16, *y).unwrap();
    }
    for (r, (reg, dep, name, v)) in [
        (84.0, "01", "Ain", 1608.0),
        (75.0, "17", "Charente-Maritime", 2100.0),
    ]
    .iter()
    .enumerate()
    {
        let r = 5 + r as u32;
        ws.write_number(r, 0, *reg).unwrap();
        ws.write_string(r, 1, *dep).unwrap();
        ws.write_string(r, 2, *name).unwrap();
        for c in 0..3 {
            ws.write_number(r, 3 + c, v + f64::from(c)).unwrap();
        }
    }
    edit(ws);
    wb.save(path).unwrap();
}

fn refused(path: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let data = data_copy(tmp.path());
    let before = snapshot_tree(&data);
    let e = import(&[path], &data).unwrap_err();
    assert!(before == snapshot_tree(&data));
    e.to_string()
}

/// Cases 7-9: formula sans résultat enregistré, numbers stored as text with separators, a
/// date-formatted value, merged header cells: each refused naming file, sheet and cell.
#[test]
fn editions_workbook_refusals_say_what_was_expected_and_found() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("t.xlsx");
    let expect = |msg: &str| format!("{} : feuille `Tab1-ase`, {msg}", p.display());
    let expected = "attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /)";

    tab1_book(&p, |ws| {
        // No stored result: `<v></v>`, as a workbook written by a program and never opened.
        ws.set_formula_result_default("");
        ws.write_formula(5, 4, "=D6+1").unwrap();
    });
    assert_eq!(
        refused(&p),
        expect(&format!(
            "cellule E6 : TotEnfAccueillisASE 2019 de 01 : {expected} ; trouvé : la formule =D6+1 sans résultat enregistré (ouvrez et enregistrez le classeur dans un tableur pour la calculer)"
        ))
    );

    for t in ["1.234", "1,234"] {
        tab1_book(&p, |ws| {
            ws.write_string(6, 3, t).unwrap();
        });
        assert_eq!(
            refused(&p),
            expect(&format!(
                "cellule D7 : TotEnfAccueillisASE 2018 de 17 : {expected} ; trouvé : le texte «{t}» (un nombre stocké comme texte, avec des séparateurs que depbench ne devine pas)"
            ))
        );
    }

    tab1_book(&p, |ws| {
        let date = Format::new().set_num_format("dd/mm/yyyy");
        ws.write_number_with_format(5, 5, 298.0, &date).unwrap();
    });
    assert_eq!(
        refused(&p),
        expect(&format!(
            "cellule F6 : TotEnfAccueillisASE 2020 de 01 : {expected} ; trouvé : une cellule au format date (nombre stocké 298, affiché comme une date) : mettez la cellule au format nombre"
        ))
    );

    tab1_book(&p, |ws| {
        ws.merge_range(4, 0, 4, 1, "Code région", &Format::new())
            .unwrap();
    });
    assert_eq!(
        refused(&p),
        expect(
            "cellule A5 : cellules d'en-tête fusionnées A5:B5 : attendu : un libellé ou une année par colonne dans la ligne d'en-tête"
        )
    );

    // Years must be consecutive.
    tab1_book(&p, |ws| {
        ws.write_number(4, 4, 2021.0).unwrap();
    });
    let e = refused(&p);
    assert!(
        e.contains("cellule E5 : attendu : l'année 2019 après 2018"),
        "{e}"
    );
}

/// Cases 6 and 9: `NaN`/`inf` and latin-1 in the tidy CSV are refused with line and field.
#[test]
fn editions_tidy_csv_refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("serie.csv");
    let header =
        "code_region,code_departement,territoire,type_territoire,annee,variable,valeur,unite\n";
    for bad in ["NaN", "inf", "1,234"] {
        fs::write(
            &p,
            format!("{header}75,17,Charente-Maritime,Département,2020,TotEnfConfiesASE,\"{bad}\",personnes\n"),
        )
        .unwrap();
        let e = refused(&p);
        assert!(
            e.starts_with(&format!(
                "{} : ligne 2, champ `valeur` : attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : ",
                p.display()
            )),
            "{e}"
        );
        assert!(e.contains(&format!("«{bad}»")), "{e}");
    }
    let mut latin1 = header.as_bytes().to_vec();
    latin1.extend_from_slice(
        b"75,17,Charente-Maritime,D\xe9partement,2020,TotEnfConfiesASE,1,personnes\n",
    );
    fs::write(&p, latin1).unwrap();
    assert_eq!(
        refused(&p),
        format!(
            "{} : ligne 2, champ `type_territoire` : attendu : du texte UTF-8 ; trouvé : l'octet 0xE9 (un fichier latin-1 ou Windows-1252 ?) : enregistrez le fichier en UTF-8",
            p.display()
        )
    );
}

/// Case 2 (synthetic values): a reworded MNA title still names the series.
#[test]
fn editions_reworded_mna_title_reads_the_series() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("mna.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Tab11-ase").unwrap();
    ws.write_string(
        0,
        0,
        "Tableau 11 - Nombre de mineurs non accompagnés pris en charge par les départements, depuis 2015",
    )
    .unwrap();
    for (i, y) in (2015..=2019).enumerate() {
        ws.write_number(7, 3 + i as u16, f64::from(y)).unwrap();
    }
    ws.write_string(8, 0, "TOTAL estimé France entière (hors Mayotte)")
        .unwrap();
    for (i, v) in [14800.0, 18600.0, 28200.0, 35800.0, 41700.0]
        .iter()
        .enumerate()
    {
        ws.write_number(8, 3 + i as u16, *v).unwrap();
    }
    wb.save(&p).unwrap();
    let data = data_copy(tmp.path());
    let out = import(&[&p], &data).unwrap();
    let r = report(&out, "drees-benef-sl-2019");
    assert_eq!((r.edition, r.first_year, r.last_year), (2019, 2015, 2019));
    let csv =
        String::from_utf8(out.files[Path::new("observations/drees-benef-sl-2019.csv")].clone())
            .unwrap();
    assert!(
        csv.contains("FRE,NbMNA,2019,41700,estimated,drees-benef-sl-2019,Tab11-ase!H9,2019"),
        "{csv}"
    );
}

/// Case 4: an Insee workbook in `.xls` (committed fixture of real values, see
/// tests/fixtures/make_insee_xls.py) imports as edition 2021, also under an `.xlsx` name.
#[test]
fn editions_insee_xls_imports_as_its_edition() {
    let fixture = common::repo("tests/fixtures/estim-pop-dep-sexe-aq-2021-mini.xls");
    let tmp = tempfile::tempdir().unwrap();
    let renamed = tmp.path().join("estim-pop.xlsx");
    fs::copy(&fixture, &renamed).unwrap();
    for path in [fixture.as_path(), renamed.as_path()] {
        let data = data_copy(tmp.path().join(file_stem(path)).as_path());
        let out = import_commit(&[path], &data);
        let r = report(&out, "insee-pop-2021");
        assert_eq!((r.edition, r.first_year, r.last_year), (2021, 2020, 2021));
        // Same values as the 2022 edition for these 4 territories × 2 years × 63 columns.
        assert_eq!((r.new, r.unchanged, r.revised), (0, 4 * 2 * 63, 0));
        assert_eq!(
            rows(
                &data,
                "SELECT edition, is_current, count FROM population WHERE territory='17' \
                 AND year=2021 AND sex='ensemble' AND age_band='total' ORDER BY edition"
            ),
            rows(
                &common::repo("data"),
                "SELECT '2021', false, count FROM population WHERE territory='17' \
                 AND year=2021 AND sex='ensemble' AND age_band='total' \
                 UNION ALL SELECT '2022', true, count FROM population WHERE territory='17' \
                 AND year=2021 AND sex='ensemble' AND age_band='total'"
            )
        );
    }
}

fn file_stem(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().replace('.', "-")
}

/// In a folder, files that are not publications are listed as ignored with the reason; the
/// same file named explicitly is an error.
#[test]
fn editions_folder_ignores_unrecognised_files_explicit_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("in");
    fs::create_dir_all(folder.join("sub")).unwrap();
    tab1_book(&folder.join("sub/any-name.xlsx"), |_| {});
    fs::write(folder.join("notes.txt"), "à lire").unwrap();
    fs::write(folder.join("other.csv"), "a,b\n1,2\n").unwrap();
    let data = data_copy(tmp.path());
    let out = import(&[&folder], &data).unwrap();
    assert_eq!(report(&out, "drees-benef-sl-2020").edition, 2020);
    let ignored: Vec<(String, &str)> = out
        .ignored
        .iter()
        .map(|(p, r)| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                r.as_str(),
            )
        })
        .collect();
    assert_eq!(ignored.len(), 2, "{ignored:?}");
    assert_eq!(ignored[0].0, "notes.txt");
    assert_eq!(
        ignored[0].1,
        "ni un classeur ni un fichier CSV que depbench lit"
    );
    assert!(
        ignored[1]
            .1
            .starts_with("l'en-tête CSV «a,b» n'est aucun de ceux que depbench lit")
    );
    let e = import(&[&folder.join("other.csv")], &data).unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains("other.csv : pas un fichier que depbench importe : l'en-tête CSV «a,b»"),
        "{e}"
    );
}

/// A file of an edition data/ already holds with other values replaces it, and the import
/// says so (the counts compare with the other editions, not with the file replaced).
#[test]
fn editions_a_changed_file_of_a_held_edition_is_said_to_replace_it() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("t.xlsx");
    tab1_book(&p, |_| {});
    let data = data_copy(tmp.path());
    let out = import_commit(&[&p], &data);
    let first = report(&out, "drees-benef-sl-2020");
    assert_eq!(first.held, HeldEdition::Replaced);
    assert!(
        first.to_string().contains(
            "\n  édition déjà dans data/ avec d'autres valeurs : remplacée par celles de ce fichier\n"
        ),
        "{first}"
    );
    let again = import(&[&p], &data).unwrap();
    assert_eq!(
        report(&again, "drees-benef-sl-2020").held,
        HeldEdition::Identical
    );
}

/// The DREES variables list alone describes nothing: the error says to import it with the
/// tidy series it describes, and nothing is written.
#[test]
fn editions_variables_alone_say_to_import_them_with_the_tidy_series() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("drees");
    fs::create_dir_all(&folder).unwrap();
    let variables = folder.join("variables.csv");
    fs::write(
        &variables,
        "variable,intitule,intitule_court,source,champ,note,unite,population_reference\n\
         TotEnfAccueillisASE,Total des enfants accueillis,Enfants accueillis,DREES,France,,nombre,\n",
    )
    .unwrap();
    let data = data_copy(tmp.path());
    let e = import(&[&variables], &data).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{} : la liste des variables de la DREES décrit les séries mises en forme (ase-beneficiaires-*.csv, ase-depenses-*.csv, assistants-familiaux-*.csv) : importez-la avec elles, par exemple `depbench import {}`",
            variables.display(),
            folder.display()
        )
    );
}

/// A national summary sheet repeating a series is accounted for, not read twice.
#[test]
fn editions_national_summary_does_not_repeat_a_series() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("t.xlsx");
    tab1_book(&p, |_| {});
    let mut b = book::open(&p).unwrap();
    let tab1 = b.worksheet_range("Tab1-ase").unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Données nationales").unwrap();
    ws.write_string(
        0,
        0,
        "Tableau A - Total des enfants accueillis à l'ASE, France entière",
    )
    .unwrap();
    for (i, y) in [2018.0, 2019.0, 2020.0].iter().enumerate() {
        ws.write_number(3, 3 + i as u16, *y).unwrap();
    }
    ws.write_string(4, 0, "TOTAL estimé France entière (hors Mayotte)")
        .unwrap();
    ws.write_number(4, 3, 196014.0).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Tab1-ase").unwrap();
    for (r, row) in tab1.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            put(ws, r as u32, c as u16, v);
        }
    }
    let q = tmp.path().join("u.xlsx");
    wb.save(&q).unwrap();
    let data = data_copy(tmp.path());
    let out = import(&[&q], &data).unwrap();
    let national = out
        .accounts
        .iter()
        .find(|a| a.input == "u.xlsx feuille `Données nationales`")
        .unwrap();
    assert_eq!(
        national.skipped.keys().collect::<Vec<_>>(),
        [
            "tableau de synthèse nationale («Tableau A - Total des enfants accueillis à l'ASE, France entière») : séries lues dans les tableaux par département"
        ]
    );
    assert_eq!(
        report(&out, "drees-benef-sl-2020").unchanged + report(&out, "drees-benef-sl-2020").revised,
        6
    );
}
