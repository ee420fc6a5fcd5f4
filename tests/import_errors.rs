//! The workbook importer on bad input: every failure names the file (and sheet, cell, value),
//! markers become NULL with a status (never 0), and a failed `depbench import` writes nothing.
//!
//! Fixtures are built with `rust_xlsxwriter` in a tempdir and mimic the DREES *séries longues*
//! layout (title in A1, header row 6, one row per département, a France métropolitaine total).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use depbench::Error;
use depbench::import::book;
use depbench::import::drees_workbook::{self, WorkbookEdition};
use depbench::import::territories::{Known, Territory};
use depbench::import::{ObservationRow, files};
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::common::{self, copy_tree};

const TITLE: &str = "Tableau 2 - Total des enfants confiés à l'ASE, depuis 2002, par département";

/// A cell of a fixture sheet.
#[derive(Clone, Copy)]
enum V<'a> {
    S(&'a str),
    N(f64),
    Blank,
}

use V::{Blank, N, S};

fn put(ws: &mut Worksheet, row: u32, col: u16, v: V) {
    match v {
        S(s) => {
            ws.write_string(row, col, s).expect("write string");
        }
        N(n) => {
            ws.write_number(row, col, n).expect("write number");
        }
        Blank => {}
    }
}

/// The `Tab2-ase` sheet as DREES lays it out, with `edit` applied to the cells (0-based row,
/// col) before writing. Rows: 6 header, 7 Ain, 8 Charente-Maritime, 9 Orne, 10 FRM, then the
/// region block (12 header, 13 Nouvelle-Aquitaine).
fn tab2_cells() -> BTreeMap<(u32, u16), V<'static>> {
    let mut cells = BTreeMap::new();
    let mut row = |r: u32, values: &[V<'static>]| {
        for (c, v) in values.iter().enumerate() {
            cells.insert((r, c as u16), *v);
        }
    };
    row(0, &[S(TITLE)]);
    row(1, &[S("Données au 31 décembre")]);
    row(2, &[S("Source : DREES, enquête Aide sociale ")]);
    row(
        3,
        &[S("Champ : France métropolitaine et DROM (Hors Mayotte)")],
    );
    row(
        5,
        &[
            S("Code\n région"),
            S("Code\ndépartement"),
            S("Département"),
            N(2018.0),
            N(2019.0),
            N(2020.0),
        ],
    );
    row(
        6,
        &[N(84.0), S("01"), S("Ain"), N(714.0), N(751.0), N(776.0)],
    );
    row(
        7,
        &[
            N(75.0),
            N(17.0),
            S("Charente-Maritime"),
            N(1857.0),
            N(1953.0),
            N(2001.0),
        ],
    );
    row(
        8,
        &[N(28.0), N(61.0), S("Orne"), N(560.0), N(571.0), N(602.0)],
    );
    row(
        9,
        &[
            S("TOTAL estimé France métropolitaine"),
            Blank,
            Blank,
            N(150000.0),
            N(155000.5),
            N(160000.0),
        ],
    );
    row(
        11,
        &[
            S("Code\n région"),
            S("Région"),
            Blank,
            N(2018.0),
            N(2019.0),
            N(2020.0),
        ],
    );
    row(
        12,
        &[
            N(75.0),
            S("Nouvelle-Aquitaine"),
            Blank,
            N(9000.0),
            N(9100.0),
            N(9200.0),
        ],
    );
    cells
}

/// Write a workbook with one sheet named `sheet` holding `cells`.
fn write_book(path: &Path, sheet: &str, cells: &BTreeMap<(u32, u16), V>) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    for (&(r, c), &v) in cells {
        put(ws, r, c, v);
    }
    wb.save(path).expect("saving the fixture workbook");
}

/// A fixture `Tab2-ase` workbook with some cells replaced.
fn tab2_book(dir: &Path, edits: &[((u32, u16), V<'static>)]) -> PathBuf {
    let mut cells = tab2_cells();
    for &(at, v) in edits {
        cells.insert(at, v);
    }
    let path = dir.join("beneficiaires-aide-sociale-series-longues-1996-2020.xlsx");
    write_book(&path, "Tab2-ase", &cells);
    path
}

fn territory(code: &str, kind: &'static str, region: Option<&str>) -> Territory {
    Territory {
        code: code.to_string(),
        name: code.to_string(),
        kind,
        region_code: region.map(str::to_string),
        valid_from: None,
        valid_to: None,
        source_ref: "fixture".to_string(),
    }
}

/// A minimal territory list: three départements, their regions and France métropolitaine.
fn known() -> Known {
    Known::from_rows(&[
        territory("01", "departement", Some("84")),
        territory("17", "departement", Some("75")),
        territory("61", "departement", Some("28")),
        territory("R84", "region", Some("84")),
        territory("R75", "region", Some("75")),
        territory("R28", "region", Some("28")),
        territory("FRM", "france_metropolitaine", None),
    ])
}

/// Read a DREES workbook fixture as `depbench import` does; not recognised is a panic.
pub fn read_book(path: &Path) -> depbench::Result<WorkbookEdition> {
    let mut b = book::open(path)?;
    drees_workbook::read(path, &mut b, &known())
        .map(|r| r.unwrap_or_else(|reason| panic!("not recognised: {reason}")))
}

fn read_tab2(path: &Path) -> depbench::Result<Vec<ObservationRow>> {
    read_book(path).map(|w| w.rows)
}

fn err_tab2(path: &Path) -> Error {
    match read_tab2(path) {
        Ok(rows) => panic!("expected an error, read {} rows", rows.len()),
        Err(e) => e,
    }
}

fn find<'a>(rows: &'a [ObservationRow], territory: &str, year: i32) -> &'a ObservationRow {
    rows.iter()
        .find(|r| r.territory == territory && r.year == year)
        .unwrap_or_else(|| panic!("no row for {territory} {year}"))
}

#[test]
fn import_fixture_reads_every_value_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[]);
    let w = read_book(&path).unwrap();
    let (rows, accounts) = (w.rows, w.accounts);
    // 3 départements + FRM + 1 region, 3 years each.
    assert_eq!(rows.len(), 15);
    let r = find(&rows, "17", 2018);
    assert_eq!(
        (
            r.indicator.as_str(),
            r.value.as_str(),
            r.status.as_str(),
            r.source_ref.as_str(),
            r.source_id.as_str(),
            r.edition.as_str()
        ),
        (
            "TotEnfConfiesASE",
            "1857",
            "published",
            "Tab2-ase!D8",
            "drees-benef-sl-2020",
            "2020"
        )
    );
    // Codes stored as text keep their leading zero.
    assert_eq!(find(&rows, "01", 2020).value, "776");
    assert_eq!(find(&rows, "01", 2020).source_ref, "Tab2-ase!F7");
    // Totals are DREES estimates, fractional or not (never «imputed»).
    let frm = find(&rows, "FRM", 2019);
    assert_eq!(
        (frm.value.as_str(), frm.status.as_str()),
        ("155000.5", "estimated")
    );
    assert_eq!(find(&rows, "FRM", 2018).status, "estimated");
    // The region block resolves region codes.
    let region = find(&rows, "R75", 2020);
    assert_eq!(
        (region.value.as_str(), region.source_ref.as_str()),
        ("9200", "Tab2-ase!F13")
    );
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].rows_loaded, 5);
    assert_eq!(accounts[0].values_loaded, 15);
}

#[test]
fn import_corrupt_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("beneficiaires-aide-sociale-series-longues-1996-2020.xlsx");
    // Deterministic noise (a small LCG): not a zip archive.
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    fs::write(&path, bytes).unwrap();
    let e = err_tab2(&path);
    match &e {
        Error::Workbook { path: p, message } => {
            assert_eq!(p, &path);
            assert!(
                message.starts_with(
                    "impossible d'ouvrir le classeur (attendu : un fichier xlsx ou xls) : "
                ),
                "{message}"
            );
        }
        other => panic!("expected Error::Workbook, got {other:?}"),
    }
    assert!(
        e.to_string().starts_with(&format!(
            "{} : impossible d'ouvrir le classeur (attendu : un fichier xlsx ou xls) : ",
            path.display()
        )),
        "{e}"
    );
}

#[test]
fn import_truncated_xlsx_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = tab2_book(dir.path(), &[]);
    let bytes = fs::read(&good).unwrap();
    let path = dir.path().join("truncated.xlsx");
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let e = err_tab2(&path);
    match &e {
        Error::Workbook { path: p, message } => {
            assert_eq!(p, &path);
            assert!(
                message.starts_with(&format!(
                    "classeur tronqué : l'archive zip du classeur n'a pas de fin (son répertoire central manque dans ses {} octets",
                    bytes.len() / 2
                )),
                "{message}"
            );
        }
        other => panic!("expected Error::Workbook, got {other:?}"),
    }
    assert!(e.to_string().contains("truncated.xlsx"), "{e}");
}

#[test]
fn import_renamed_header_names_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((5, 1), S("Code dept"))]);
    let e = err_tab2(&path);
    assert!(matches!(e, Error::Cell { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "{} : feuille `Tab2-ase`, cellule B6 : attendu : l'en-tête «Code département» or «Numéro de département» ; trouvé : «Code dept»",
            path.display()
        )
    );
}

#[test]
fn import_title_names_the_series_whatever_the_sheet_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(
        dir.path(),
        &[(
            (0, 0),
            S("Tableau 3 - Enfants placés en familles d'accueil"),
        )],
    );
    let rows = read_tab2(&path).unwrap();
    assert!(
        rows.iter()
            .all(|r| r.indicator == "TotEnfASEPlacesFamillesAccueil")
    );
}

#[test]
fn import_unknown_territory_code_names_sheet_cell_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((7, 1), N(99.0))]);
    assert_eq!(
        err_tab2(&path).to_string(),
        format!(
            "{} : feuille `Tab2-ase`, cellule B8 : code de territoire inconnu `99`",
            path.display()
        )
    );
}

#[test]
fn import_unknown_region_code_names_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((12, 0), N(99.0))]);
    assert_eq!(
        err_tab2(&path).to_string(),
        format!(
            "{} : feuille `Tab2-ase`, cellule A13 : code de région inconnu `99`",
            path.display()
        )
    );
}

#[test]
fn import_non_numeric_cell_names_sheet_cell_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((7, 3), S("abc"))]);
    let e = err_tab2(&path);
    match &e {
        Error::Cell {
            path: p,
            sheet,
            cell,
            ..
        } => {
            assert_eq!(
                (p, sheet.as_str(), cell.as_str()),
                (&path, "Tab2-ase", "D8")
            );
        }
        other => panic!("expected Error::Cell, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        format!(
            "{} : feuille `Tab2-ase`, cellule D8 : TotEnfConfiesASE 2018 de 17 : attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : le texte «abc»",
            path.display()
        )
    );
}

#[test]
fn import_values_without_a_territory_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((7, 0), Blank)]);
    assert_eq!(
        err_tab2(&path).to_string(),
        format!(
            "{} : feuille `Tab2-ase`, cellule A8 : des valeurs sans code de territoire",
            path.display()
        )
    );
}

#[test]
fn import_markers_become_null_with_a_status_never_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(
        dir.path(),
        &[
            ((7, 3), S("ND")),
            ((7, 4), S("NR")),
            ((7, 5), S("-")),
            ((8, 3), Blank),
        ],
    );
    let rows = read_tab2(&path).unwrap();
    let got: Vec<(i32, &str, &str, &str)> = rows
        .iter()
        .filter(|r| r.territory == "17")
        .map(|r| {
            (
                r.year,
                r.value.as_str(),
                r.status.as_str(),
                r.source_ref.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2018, "", "not_available", "Tab2-ase!D8"),
            (2019, "", "not_responding", "Tab2-ase!E8"),
            (2020, "", "missing", "Tab2-ase!F8"),
        ]
    );
    let empty = find(&rows, "61", 2018);
    assert_eq!(
        (empty.value.as_str(), empty.status.as_str()),
        ("", "missing")
    );
    // The other values of the row are unaffected.
    assert_eq!(find(&rows, "61", 2019).value, "571");
}

#[test]
fn import_fractional_count_is_imputed() {
    let dir = tempfile::tempdir().unwrap();
    let path = tab2_book(dir.path(), &[((7, 4), N(1953.25))]);
    let rows = read_tab2(&path).unwrap();
    let r = find(&rows, "17", 2019);
    assert_eq!(
        (r.value.as_str(), r.status.as_str()),
        ("1953.25", "imputed")
    );
    assert_eq!(find(&rows, "17", 2018).status, "published");
}

/// Staff-layout fixture (`eff - pers ass fam`) with a bad cell at C6.
fn bad_staff_book(path: &Path) {
    let mut cells = BTreeMap::new();
    cells.insert(
        (0, 0),
        S("Effectifs au 31/12 - Assistants familiaux employés par le conseil départemental"),
    );
    cells.insert((1, 0), S("> retour sommaire"));
    for (c, v) in [
        S("Numéro de département"),
        S("Département"),
        S("2014"),
        S("2015"),
    ]
    .into_iter()
    .enumerate()
    {
        cells.insert((3, c as u16), v);
    }
    for (c, v) in [S("01"), S("Ain"), S("ND"), S("ND")]
        .into_iter()
        .enumerate()
    {
        cells.insert((4, c as u16), v);
    }
    for (c, v) in [S("17"), S("Charente-Maritime"), S("abc"), N(460.0)]
        .into_iter()
        .enumerate()
    {
        cells.insert((5, c as u16), v);
    }
    write_book(path, "eff - pers ass fam", &cells);
}

/// Every file under `dir` with its bytes, by relative path.
pub(crate) fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(base).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn import_cli_bad_workbook_exits_2_and_writes_nothing() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&common::repo("data"), &data);
    let before = snapshot_tree(&data);

    // The official tree with the personnel workbook (read last of the DREES workbooks, after
    // the tidy series and two other workbooks succeeded) replaced by a bad one.
    let bad = tmp.path().join("shared-data");
    copy_tree(&shared, &bad);
    let staff = bad.join(files::STAFF_WORKBOOK);
    bad_staff_book(&staff);

    let out = common::depbench(&[
        "--data-dir",
        data.to_str().unwrap(),
        "import",
        "--from",
        bad.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let expected = format!(
        "{} : feuille `eff - pers ass fam`, cellule C6 : effpersassfam 2014 de 17 : attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : le texte «abc»",
        staff.display()
    );
    assert!(
        stderr.contains(&expected),
        "stderr should contain\n{expected}\ngot\n{stderr}"
    );
    assert!(stderr.starts_with("erreur : import de "), "{stderr}");

    let after = snapshot_tree(&data);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files added or removed under data/"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{} changed", path.display());
    }
}

#[test]
fn import_missing_input_file_is_an_io_error_on_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent");
    let e = depbench::import::import_all(&missing).unwrap_err();
    match &e {
        Error::Io { path, source } => {
            assert_eq!(path, &missing);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert!(
        e.to_string().starts_with(&format!(
            "{} : fichier ou dossier introuvable",
            missing.display()
        )),
        "{e}"
    );
}

#[test]
fn import_tidy_repeated_total_is_loaded_once_and_accounted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ase-depenses-1999-2019.csv");
    // As in ase-depenses-1999-2019.csv lines 5189/5192 and 9405/9408: the DROM total printed
    // twice, once with a different last decimal.
    fs::write(
        &path,
        "code_region,code_departement,territoire,type_territoire,annee,variable,valeur,unite\n\
         75,17,Charente-Maritime,Département,2019,DepBruteASE,75459.48109,milliers d'euros\n\
         ,,TOTAL estimé DROM (hors Mayotte),France,2019,DepBruteASE,260258.9112,milliers d'euros\n\
         ,,Total estimé DROM (hors Mayotte),France,2019,DepBruteASE,260258.9112,milliers d'euros\n\
         ,,TOTAL estimé DROM (hors Mayotte),France,2011,DepBruteASE,172102.2754,milliers d'euros\n\
         ,,Total estimé DROM (hors Mayotte),France,2011,DepBruteASE,172102.2755,milliers d'euros\n",
    )
    .unwrap();
    let mut rows = vec![territory("DROM", "drom_total", None)];
    rows.push(territory("17", "departement", Some("75")));
    let known = Known::from_rows(&rows);
    let mut units = BTreeMap::new();
    let t = depbench::import::drees_tidy::read_tidy(&path, &known, &mut units).unwrap();
    assert_eq!((t.source_id.as_str(), t.edition), ("drees-dep-2019", 2019));
    let (rows, account) = (t.rows, t.account);
    let got: Vec<(&str, i32, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.territory.as_str(),
                r.year,
                r.value.as_str(),
                r.status.as_str(),
                r.source_ref.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("17", 2019, "75459.48109", "published", "line 2"),
            ("DROM", 2019, "260258.9112", "estimated", "line 3"),
            ("DROM", 2011, "172102.2754", "estimated", "line 5"),
        ]
    );
    assert_eq!((account.rows_read, account.rows_loaded), (5, 3));
    let skipped: Vec<(&str, &[String])> = account
        .skipped
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "répète une ligne déjà lue",
                &["ligne 4 (d\'abord à la ligne 3)".to_string()][..]
            ),
            (
                "répète une ligne déjà lue avec une autre valeur (la première est gardée)",
                &["ligne 6 `172102.2755` (ligne 5 `172102.2754`)".to_string()][..]
            ),
        ]
    );
    assert_eq!(units.get("DepBruteASE"), Some(&"thousand_euro"));
}

/// A tidy file streams: repeated rows are counted, not held; distinct values are bounded, the
/// file refused at the line that passes the bound (memory stays bounded by design).
#[test]
fn import_tidy_distinct_values_are_bounded_and_repeats_counted() {
    use depbench::import::drees_tidy::{MAX_VALUES, read_tidy};
    let dir = tempfile::tempdir().unwrap();
    let known = Known::from_rows(&[territory("17", "departement", Some("75"))]);
    let header =
        "code_region,code_departement,territoire,type_territoire,annee,variable,valeur,unite\n";
    let row = |variable: usize, year: usize| {
        format!("75,17,Charente-Maritime,Département,{year},V{variable},12,personnes\n")
    };
    // 40 000 copies of 5 rows: 5 values, 199 995 repeats accounted with 20 locations.
    let repeated = dir.path().join("repeats.csv");
    let mut text = String::from(header);
    for _ in 0..40_000 {
        for year in 2018..2023 {
            text.push_str(&row(1, year));
        }
    }
    fs::write(&repeated, &text).unwrap();
    let t = read_tidy(&repeated, &known, &mut BTreeMap::new()).unwrap();
    assert_eq!(t.rows.len(), 5);
    assert_eq!(t.account.rows_read, 200_000);
    assert_eq!(t.account.rows_skipped(), 199_995);
    assert_eq!(
        t.account.skipped["répète une ligne déjà lue"].len(),
        depbench::import::Account::LOCATIONS_KEPT
    );
    // A byte that is not UTF-8, read as the file streams: named at its line and field.
    let latin1 = dir.path().join("latin1.csv");
    let mut bytes = format!("{header}{}", row(1, 2020)).into_bytes();
    bytes
        .extend_from_slice(b"75,17,Charente-Maritim\xe9,D\xc3\xa9partement,2021,V1,12,personnes\n");
    fs::write(&latin1, bytes).unwrap();
    assert_eq!(
        read_tidy(&latin1, &known, &mut BTreeMap::new())
            .unwrap_err()
            .to_string(),
        format!(
            "{} : ligne 3, champ `territoire` : attendu : du texte UTF-8 ; trouvé : l'octet 0xE9 (un fichier latin-1 ou Windows-1252 ?) : enregistrez le fichier en UTF-8",
            latin1.display()
        )
    );
    // One distinct value more than the bound: refused at its line.
    let distinct = dir.path().join("distinct.csv");
    let mut text = String::from(header);
    for i in 0..=MAX_VALUES {
        text.push_str(&row(i / 20, 2000 + i % 20));
    }
    fs::write(&distinct, &text).unwrap();
    let e = read_tidy(&distinct, &known, &mut BTreeMap::new())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "{} : ligne {}, champ `variable` : attendu : au plus 250000 valeurs distinctes (territoire, variable, année) dans un fichier ; trouvé : davantage ; les séries mises en forme de la DREES en comptent environ 25 000 : découpez le fichier par variable",
            distinct.display(),
            MAX_VALUES + 2
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Line ends and invisible characters (issue 20 §4)

#[test]
fn import_cr_only_tidy_file_reads_as_its_lf_original() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = common::data_copy();
    let written = data.path().join("observations/drees-benef-2022.csv");
    let before = fs::read(&written).unwrap();
    // The shared file with every line ending in CR alone (an old Mac export): same rows, same
    // lines, so the import writes the committed observations again, byte for byte (only
    // `sources.csv` names the file where it was found).
    let text = fs::read_to_string(shared.join(files::BENEF_TIDY)).unwrap();
    let file = tmp.path().join("ase-beneficiaires-2002-2022.csv");
    fs::write(&file, text.replace("\r\n", "\n").replace('\n', "\r")).unwrap();
    let out = common::depbench(&[
        "--data-dir",
        data.path().to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::read(&written).unwrap() == before,
        "a CR-only copy changed the values or their lines"
    );
}

/// The shared tidy file with every line ending in `end` and line `line` (1-based) changed by
/// `edit`.
fn tidy_lines(
    shared: &Path,
    dir: &Path,
    end: &str,
    line: usize,
    edit: impl Fn(&str) -> String,
) -> PathBuf {
    let text = fs::read_to_string(shared.join(files::BENEF_TIDY)).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect();
    let path = dir.join("ase-beneficiaires-2002-2022.csv");
    fs::write(&path, lines.join(end) + end).unwrap();
    path
}

#[test]
fn import_cr_only_and_invisible_characters_are_named_at_their_line() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let known = known_from_committed();
    let read = |path: &Path| {
        depbench::import::drees_tidy::read_tidy(path, &known, &mut BTreeMap::new())
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    // A bad value on line 5000 of a CR-only file is on line 5000.
    let path = tidy_lines(&shared, tmp.path(), "\r", 5000, |l| {
        let mut f: Vec<&str> = l.split(',').collect();
        f[6] = "abc";
        f.join(",")
    });
    let e = read(&path);
    assert!(
        e.starts_with(&format!(
            "{} : ligne 5000, champ `valeur` : ",
            path.display()
        )),
        "{e}"
    );
    // A zero-width space in `variable` on line 3000 (LF and CRLF alike), after the variable's
    // first letter or at its start (the start changed the publication and blamed line 1).
    for (end, at) in [("\n", 1), ("\r\n", 0), ("\r", 3)] {
        let path = tidy_lines(&shared, tmp.path(), end, 3000, |l| {
            let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
            f[5].insert(at, '\u{200B}');
            f.join(",")
        });
        let original = fs::read_to_string(shared.join(files::BENEF_TIDY)).unwrap();
        let variable = original
            .lines()
            .nth(2999)
            .unwrap()
            .split(',')
            .nth(5)
            .unwrap()
            .to_string();
        assert_eq!(
            read(&path),
            format!(
                "{} : ligne 3000, champ `variable` : attendu : un texte sans caractère invisible ; trouvé : U+200B au caractère {} de «{variable}» (espace sans chasse, trait d'union conditionnel, marque de direction ou semblable) : supprimez-le dans un éditeur qui les montre",
                path.display(),
                at + 1
            )
        );
    }
}

/// The territories of the committed `territories.csv`, as an import into `data/` knows them.
fn known_from_committed() -> Known {
    let text = fs::read_to_string(common::repo("data/territories.csv")).unwrap();
    let rows: Vec<Territory> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            let kind = match &r[2] {
                "departement" => "departement",
                "region" => "region",
                _ => "aggregate",
            };
            let mut t = territory(&r[0], kind, Some(&r[3]).filter(|s| !s.is_empty()));
            t.name = r[1].to_string();
            t
        })
        .collect();
    Known::from_rows(&rows)
}
