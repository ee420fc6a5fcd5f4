//! The one number rule on real files mutated one value at a time (issue 20 §2): the shared DREES
//! tidy CSV, DREES workbooks and Insee workbook copied to a temporary folder, one line or cell
//! changed; `depbench import` refuses naming file, line or sheet and cell, field, what it found
//! and what it expected, exits 2 and leaves the data directory byte-identical. Skipped when
//! `../shared` is absent.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common;
use crate::import_errors::snapshot_tree;

/// Run `depbench --data-dir data import file`, expect a refusal (exit 2) whose message is
/// `expected`, and the data directory unchanged.
fn refused(data: &Path, file: &Path, expected: &str) {
    let before = snapshot_tree(data);
    let out = common::depbench(&[
        "--data-dir",
        data.to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("erreur : import de {} : {expected}", file.display()),
    );
    assert!(
        snapshot_tree(data) == before,
        "data/ changed after a refusal"
    );
}

/// The shared tidy file `name` copied to `dir` with the `valeur` of (territory, variable,
/// year) replaced by `value`; returns the copy and the line changed.
fn tidy_with(
    shared: &Path,
    name: &str,
    dir: &Path,
    (territory, variable, year): (&str, &str, &str),
    value: &str,
) -> (PathBuf, usize) {
    let text = fs::read_to_string(shared.join("drees").join(name)).unwrap();
    let mut changed = None;
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            let mut f: Vec<&str> = line.split(',').collect();
            if f.len() == 8 && f[1] == territory && f[4] == year && f[5] == variable {
                changed = Some(i + 1);
                f[6] = value;
                f.join(",")
            } else {
                line.to_string()
            }
        })
        .collect();
    let path = dir.join(name);
    fs::write(&path, lines.concat()).unwrap();
    (path, changed.expect("the line exists"))
}

const BENEF_TIDY: &str = "ase-beneficiaires-2002-2022.csv";
const SPENDING_TIDY: &str = "ase-depenses-1999-2019.csv";
const CONFIES_17_2019: (&str, &str, &str) = ("17", "TotEnfConfiesASE", "2019");

#[test]
fn number_rule_tidy_values_that_would_poison_the_base_are_refused() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = common::data_copy();
    let count = "attendu : un effectif de personnes (un entier ou une imputation fractionnaire de la DREES) de 0 à 100000000 (plus que la population de la France)";
    let population = committed_population("17", 2019);
    let cases: Vec<(String, String)> = vec![
        (
            format!("1{}", "0".repeat(399)),
            "attendu : un nombre fini ; trouvé : «10000000000000000000… (400 caractères)» (au-delà de l'étendue des nombres)".into(),
        ),
        ("-5".into(), format!("{count} ; trouvé : -5")),
        ("1000000000000000".into(), format!("{count} ; trouvé : 1000000000000000")),
        (
            "9223372036854775808".into(),
            format!("{count} ; trouvé : 9.223372036854776e18"),
        ),
        (
            "NaN".into(),
            "attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : «NaN» (pas un nombre)".into(),
        ),
        (
            "1e300".into(),
            "attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : le texte «1e300»".into(),
        ),
        (
            format!("{}", population + 1),
            format!(
                "attendu : un effectif de personnes de 0 à {population}, la population de 17 au 1er janvier 2019 (Insee) ; trouvé : {}",
                population + 1
            ),
        ),
    ];
    for (value, expected) in cases {
        let (file, line) = tidy_with(&shared, BENEF_TIDY, tmp.path(), CONFIES_17_2019, &value);
        // Text that is no number is refused as before, without the series in front.
        let series = if expected.starts_with("attendu : un nombre ou") {
            ""
        } else {
            "TotEnfConfiesASE 2019 de 17 : "
        };
        refused(
            data.path(),
            &file,
            &format!(
                "{} : ligne {line}, champ `valeur` : {series}{expected}",
                file.display()
            ),
        );
    }
    let (file, line) = tidy_with(
        &shared,
        SPENDING_TIDY,
        tmp.path(),
        ("17", "DepBruteASE", "2019"),
        "200000000",
    );
    refused(
        data.path(),
        &file,
        &format!(
            "{} : ligne {line}, champ `valeur` : DepBruteASE 2019 de 17 : attendu : une dépense en milliers d'euros de 0 à 100000000 (100 milliards d'euros) ; trouvé : 200000000",
            file.display()
        ),
    );
}

/// The Insee population of `territory` au 1er janvier `year` held in the committed data.
fn committed_population(territory: &str, year: i32) -> u64 {
    let text = fs::read_to_string(common::repo("data/population/insee-pop-2022.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "ensemble_total").unwrap();
    text.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f[0] == territory && f[1] == year.to_string())
        .map(|f| f[col].parse().unwrap())
        .unwrap()
}

#[test]
fn number_rule_negative_zero_is_written_zero() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = common::data_copy();
    let (file, line) = tidy_with(&shared, BENEF_TIDY, tmp.path(), CONFIES_17_2019, "-0.0");
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
    let written =
        fs::read_to_string(data.path().join("observations/drees-benef-2022.csv")).unwrap();
    let row = written
        .lines()
        .find(|l| l.starts_with("17,TotEnfConfiesASE,2019,"))
        .unwrap();
    assert_eq!(
        row,
        format!("17,TotEnfConfiesASE,2019,0,published,drees-benef-2022,line {line},2022")
    );
}

// ---------------------------------------------------------------------------------------------
// Workbooks mutated in their XML parts

/// Copy the workbook `src` to `dst`, every zip entry as is except those `edit` changes
/// (`edit(name, text)` returns the new text, or `None` to keep the entry).
fn rewrite_xlsx(src: &Path, dst: &Path, edit: impl Fn(&str, &str) -> Option<String>) {
    let mut zin = zip::ZipArchive::new(fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(fs::File::create(dst).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8(bytes.clone()).ok();
        let new = text.and_then(|t| edit(&name, &t));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zout.start_file(name, options).unwrap();
        zout.write_all(new.map(String::into_bytes).as_deref().unwrap_or(&bytes))
            .unwrap();
    }
    zout.finish().unwrap();
}

/// The part (`xl/worksheets/sheetN.xml`) of the sheet named `sheet`.
fn sheet_part(src: &Path, sheet: &str) -> String {
    let mut zin = zip::ZipArchive::new(fs::File::open(src).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zin.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    let rels = read("xl/_rels/workbook.xml.rels");
    let at = workbook
        .find(&format!("name=\"{sheet}\""))
        .expect("sheet in workbook.xml");
    let tag_end = at + workbook[at..].find("/>").unwrap();
    let tag = &workbook[at..tag_end];
    let id = tag
        .split("r:id=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let rel = rels
        .split("<Relationship ")
        .find(|r| r.contains(&format!("Id=\"{id}\"")))
        .unwrap();
    let target = rel
        .split("Target=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

/// `xml` with the cell `cell` holding the number `value` (its style kept, any type dropped).
fn set_number(xml: &str, cell: &str, value: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("cell {cell} in the sheet"));
    let open_end = start + xml[start..].find('>').unwrap();
    let self_closing = xml[..open_end].ends_with('/');
    let end = if self_closing {
        open_end + 1
    } else {
        open_end + xml[open_end..].find("</c>").unwrap() + 4
    };
    let style = xml[start..open_end]
        .split(" s=\"")
        .nth(1)
        .map(|s| format!(" s=\"{}\"", s.split('"').next().unwrap()))
        .unwrap_or_default();
    format!(
        "{}<c r=\"{cell}\"{style}><v>{value}</v></c>{}",
        &xml[..start],
        &xml[end..]
    )
}

/// The shared workbook `rel` (under `shared/data`) copied into `dir` with one cell changed.
fn workbook_with(
    shared: &Path,
    rel: &str,
    dir: &Path,
    sheet: &str,
    cell: &str,
    value: &str,
) -> PathBuf {
    let src = shared.join(rel);
    let dst = dir.join(src.file_name().unwrap());
    let part = sheet_part(&src, sheet);
    rewrite_xlsx(&src, &dst, |name, text| {
        (name == part).then(|| set_number(text, cell, value))
    });
    dst
}

/// The `source_ref` of (territory, indicator, year) in the committed observation file `file`.
fn committed_ref(file: &str, territory: &str, indicator: &str, year: i32) -> (String, String) {
    let text = fs::read_to_string(common::repo("data/observations").join(file)).unwrap();
    let prefix = format!("{territory},{indicator},{year},");
    let row = text.lines().find(|l| l.starts_with(&prefix)).unwrap();
    let source_ref = row.split(',').nth(6).unwrap();
    let (sheet, cell) = source_ref.rsplit_once('!').unwrap();
    (sheet.to_string(), cell.to_string())
}

#[test]
fn number_rule_workbook_cells_out_of_bounds_are_refused_naming_the_cell() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = common::data_copy();
    use depbench::import::files;
    let (sheet, cell) = committed_ref("drees-benef-sl-2020.csv", "17", "TotEnfConfiesASE", 2019);
    let file = workbook_with(
        &shared,
        files::BENEF_WORKBOOK,
        tmp.path(),
        &sheet,
        &cell,
        "9223372036854775808",
    );
    refused(
        data.path(),
        &file,
        &format!(
            "{} : feuille `{sheet}`, cellule {cell} : TotEnfConfiesASE 2019 de 17 : attendu : un effectif de personnes (un entier ou une imputation fractionnaire de la DREES) de 0 à 100000000 (plus que la population de la France) ; trouvé : 9.223372036854776e18",
            file.display()
        ),
    );
    let (sheet, cell) = committed_ref("drees-dep-sl-2020.csv", "17", "DepBruteASE", 2019);
    let file = workbook_with(
        &shared,
        files::SPENDING_WORKBOOK,
        tmp.path(),
        &sheet,
        &cell,
        "1e300",
    );
    refused(
        data.path(),
        &file,
        &format!(
            "{} : feuille `{sheet}`, cellule {cell} : DepBruteASE 2019 de 17 : attendu : une dépense en milliers d'euros de 0 à 100000000 (100 milliards d'euros) ; trouvé : 1e300",
            file.display()
        ),
    );
}

#[test]
fn number_rule_insee_year_sheets_once_each_and_none_missing() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    use depbench::import::files;
    let tmp = tempfile::tempdir().unwrap();
    let data = common::data_copy();
    let src = shared.join(files::POPULATION);
    let file = tmp.path().join(src.file_name().unwrap());
    // Two sheets named `2022`: the `2021` tab renamed.
    rewrite_xlsx(&src, &file, |name, text| {
        (name == "xl/workbook.xml").then(|| text.replace("name=\"2021\"", "name=\"2022\""))
    });
    refused(
        data.path(),
        &file,
        &format!(
            "{} : l'année 2022 est donnée par 2 feuilles, `2022` (feuille 2) et `2022` (feuille 3) : attendu : une feuille par année",
            file.display()
        ),
    );
    // No `2010` sheet between 1975 and 2022.
    rewrite_xlsx(&src, &file, |name, text| {
        (name == "xl/workbook.xml").then(|| {
            let at = text.find("<sheet name=\"2010\"").unwrap();
            let end = at + text[at..].find("/>").unwrap() + 2;
            format!("{}{}", &text[..at], &text[end..])
        })
    });
    refused(
        data.path(),
        &file,
        &format!(
            "{} : aucune feuille pour 2010 entre les feuilles `2009` et `2011` : attendu : une feuille par année de 1975 à 2022",
            file.display()
        ),
    );
    // A population cell of Charente-Maritime in 2019 (row 22, «0 à 4 ans», column C).
    let file = workbook_with(&shared, files::POPULATION, tmp.path(), "2019", "C22", "-5");
    refused(
        data.path(),
        &file,
        &format!(
            "{} : feuille `2019`, cellule C22 : Ensemble, 0 à 4 ans, 2019 de 17 : attendu : un effectif de personnes (un entier) de 0 à 100000000 (plus que la population de la France) ; trouvé : -5",
            file.display()
        ),
    );
}
