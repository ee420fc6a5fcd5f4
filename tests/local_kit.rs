//! The local data kit end to end: `depbench template` writes it, a filled copy (workbook or
//! French CSV) imports, the report compares the départements that gave values and names the
//! others, a corrected kit becomes current and shows in `revisions`; every refusal leaves the
//! data directory byte for byte as it was.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common;

/// Run depbench on the data folder `data`.
fn run(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--data-dir", data.to_str().unwrap()];
    all.extend_from_slice(args);
    common::depbench(&all)
}

fn ok(data: &Path, args: &[&str]) -> String {
    let out = run(data, args);
    assert!(
        out.status.success(),
        "depbench {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every file under `dir` with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// The template workbook with cells filled as a user would: `sheet` 1 is « Valeurs », 2 is
/// « Département »; a value that parses as a number is written as a number, else as text.
fn fill(template: &[u8], edits: &[(u32, &str, &str)]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        for sheet in [1, 2] {
            if name != format!("xl/worksheets/sheet{sheet}.xml") {
                continue;
            }
            let mut xml = String::from_utf8(data).unwrap();
            for (_, cell, value) in edits.iter().filter(|(s, _, _)| *s == sheet) {
                let start = xml
                    .find(&format!("<c r=\"{cell}\""))
                    .unwrap_or_else(|| panic!("cell {cell} not in the template"));
                let rest = &xml[start..];
                let gt = rest.find('>').unwrap();
                let end = if rest[..gt].ends_with('/') {
                    start + gt + 1
                } else {
                    start + rest.find("</c>").unwrap() + 4
                };
                let style = rest
                    .get(..gt)
                    .and_then(|head| head.split_once(" s=\""))
                    .map(|(_, after)| format!(" s=\"{}\"", &after[..after.find('"').unwrap()]))
                    .unwrap_or_default();
                let new = if value.parse::<f64>().is_ok() {
                    format!("<c r=\"{cell}\"{style}><v>{value}</v></c>")
                } else {
                    format!("<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t>{value}</t></is></c>")
                };
                xml.replace_range(start..end, &new);
            }
            data = xml.into_bytes();
        }
        zout.start_file(name, options).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// Rows 2.. of « Valeurs » follow `LOCAL_INDICATORS`; columns E.. are the years.
fn row_of(id: &str) -> u32 {
    depbench::model::local::LOCAL_INDICATORS
        .iter()
        .position(|i| i.id == id)
        .unwrap() as u32
        + 2
}

fn cell(id: &str, year: i32) -> String {
    let col = (b'E' + (year - 2019) as u8) as char;
    format!("{col}{}", row_of(id))
}

struct Kits {
    dir: tempfile::TempDir,
    xlsx17: Vec<u8>,
    csv22: String,
}

/// The two templates written by `depbench template` (17 as workbook, 22 as CSV).
fn templates(data: &Path) -> Kits {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("kit-17.xlsx");
    let c = dir.path().join("kit-22.csv");
    ok(
        data,
        &[
            "template",
            "-d",
            "17",
            "--from",
            "2019",
            "--to",
            "2023",
            "-o",
            x.to_str().unwrap(),
        ],
    );
    ok(
        data,
        &[
            "template",
            "-d",
            "22",
            "--from",
            "2019",
            "--to",
            "2023",
            "-o",
            c.to_str().unwrap(),
        ],
    );
    Kits {
        xlsx17: std::fs::read(&x).unwrap(),
        csv22: std::fs::read_to_string(&c).unwrap(),
        dir,
    }
}

fn filled17(k: &Kits, ip_2022: &str) -> Vec<u8> {
    let (c21, c22, c23) = (
        cell("ip_recues", 2021),
        cell("ip_recues", 2022),
        cell("ip_recues", 2023),
    );
    let mna = cell("mna", 2022);
    fill(
        &k.xlsx17,
        &[
            (1, c21.as_str(), "3570"),
            (1, c22.as_str(), ip_2022),
            (1, c23.as_str(), "3434"),
            (1, mna.as_str(), "367"),
        ],
    )
}

fn filled22(k: &Kits) -> String {
    k.csv22
        .replace(
            "22;ip_recues;2022;;",
            "22;ip_recues;2022;2 140;extraction IODAS",
        )
        .replace("22;cjm;2022;;", "22;cjm;2022;310,0;")
}

fn write(k: &Kits, name: &str, bytes: &[u8]) -> String {
    let p = k.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn kit_template_filled_imports_reports_and_revises() {
    let data = common::data_copy();
    let k = templates(data.path());
    assert!(
        k.csv22
            .starts_with("\u{feff}departement;indicateur;annee;valeur;source\r\n")
    );
    // The template names the département and shows DREES's value beside (af_employes ↔
    // effpersassfam has DREES values up to 2020).
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(k.xlsx17.clone())).unwrap();
    use calamine::Reader;
    let dep = book.worksheet_range("Département").unwrap();
    assert_eq!(dep.get_value((2, 1)).unwrap().to_string(), "17");
    assert_eq!(
        dep.get_value((3, 1)).unwrap().to_string(),
        "Charente-Maritime"
    );
    let values = book.worksheet_range("Valeurs").unwrap();
    let header: Vec<String> = common::sheet_text(&values)[0].clone();
    assert_eq!(
        &header[..9],
        [
            "indicateur",
            "libellé",
            "unité",
            "définition",
            "2019",
            "2020",
            "2021",
            "2022",
            "2023"
        ]
    );
    assert_eq!(header[9], "Source / commentaire");
    assert_eq!(header[10], "DREES 2019");

    let x = write(&k, "kit-17.xlsx", &filled17(&k, "3355"));
    let c = write(&k, "kit-22.csv", filled22(&k).as_bytes());
    let out = ok(data.path(), &["import", &x, &c]);
    assert!(out.contains("kit-17-001"), "{out}");
    assert!(out.contains("kit-22-001"), "{out}");
    let local = std::fs::read_to_string(data.path().join("local/kit-17-001.csv")).unwrap();
    assert!(
        local.contains(&format!(
            "17,ip_recues,2022,3355,published,kit-17-001,Valeurs!{},001,",
            cell("ip_recues", 2022)
        )),
        "{local}"
    );
    let local22 = std::fs::read_to_string(data.path().join("local/kit-22-001.csv")).unwrap();
    assert!(
        local22.contains("22,ip_recues,2022,2140,published,kit-22-001,line "),
        "{local22}"
    );
    assert!(local22.contains("22,cjm,2022,310,published"), "{local22}");

    // The report compares 17 and 22 and names 64 and 14 as without values.
    let reports = tempfile::tempdir().unwrap();
    ok(
        data.path(),
        &[
            "report",
            "-d",
            "17",
            "--peers",
            "22,64,14",
            "-o",
            reports.path().to_str().unwrap(),
        ],
    );
    let folder = reports.path().join("17-charente-maritime");
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(html.contains("Informations préoccupantes reçues pour 1 000 mineurs"));
    assert!(
        html.contains("Sans valeur dans cette figure : Pyrénées-Atlantiques (64), Calvados (14)."),
        "absent peers not named"
    );
    let csv_name = std::fs::read_dir(folder.join("donnees"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("ip_pour_1000_mineurs"))
        .expect("IP figure data");
    let figure_csv = std::fs::read_to_string(csv_name).unwrap();
    // Rates recomputed: IP 2022 ÷ Insee 0-17 (0-14 + 3/5 of 15-19) au 1er janvier 2023, else the last.
    let pop = ok(
        data.path(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT territory, pop_0_17 FROM populations WHERE territory IN ('17','22') AND year = 2022 ORDER BY territory",
        ],
    );
    let p: Vec<f64> = pop
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    for (code, ip, pop) in [("17", 3355.0, p[0]), ("22", 2140.0, p[1])] {
        // Figure data carry the chart's decimals (one for ‰) plus one.
        let rate = format!("{:.2}", 1000.0 * ip / pop).replace('.', ",");
        assert!(
            figure_csv.contains(&format!(";{rate};")),
            "{code}: {rate} not in {figure_csv}"
        );
    }
    assert!(figure_csv.contains("Côtes-d'Armor") && figure_csv.contains("Charente-Maritime"));

    // A corrected kit of 17 is edition 2, current, and its change is in `revisions`.
    let x2 = write(&k, "kit-17-corrige.xlsx", &filled17(&k, "3360"));
    let out = ok(data.path(), &["import", &x2]);
    assert!(
        out.contains("révision 17 ip_recues 2022: 3355 (édition 001) → 3360"),
        "{out}"
    );
    assert!(data.path().join("local/kit-17-002.csv").is_file());
    let rev = ok(
        data.path(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT older_source_id, older_value, newer_source_id, newer_value FROM revisions WHERE territory = '17' AND indicator = 'ip_recues'",
        ],
    );
    assert!(
        rev.contains("kit-17-001,3355.0,kit-17-002,3360.0")
            || rev.contains("kit-17-001,3355,kit-17-002,3360"),
        "{rev}"
    );
    let cur = ok(
        data.path(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT value, source_id FROM local_values WHERE is_current AND territory = '17' AND indicator = 'ip_recues' AND year = 2022",
        ],
    );
    assert!(cur.contains("kit-17-002"), "{cur}");
    // The same corrected kit again changes nothing.
    let before = tree(data.path());
    let out = ok(data.path(), &["import", &x2]);
    assert!(out.contains("ne la change pas"), "{out}");
    assert_eq!(before, tree(data.path()));
}

/// A cell to fill: sheet (1 « Valeurs », 2 « Département »), cell, value.
type Edit<'a> = (u32, &'a str, &'a str);

/// Import `file` into a copy of data/ and expect a refusal mentioning every `needle`, with the
/// data folder unchanged byte for byte.
fn refused(file: &str, needles: &[&str]) {
    let data = common::data_copy();
    let before = tree(data.path());
    let out = run(data.path(), &["import", file]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{file} was accepted");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in: {err}");
    }
    assert_eq!(
        before,
        tree(data.path()),
        "data/ changed after a refused import"
    );
}

#[test]
fn kit_refusals_name_the_cell_or_line_and_write_nothing() {
    let data = common::data_copy();
    let k = templates(data.path());
    let ip = cell("ip_recues", 2022);
    let a = format!("A{}", row_of("ip_recues"));
    let taux = cell("taux_ip_recues", 2022);
    let part = cell("part_evaluations_3_mois", 2022);
    let cases: Vec<(&str, Vec<Edit>, Vec<String>)> = vec![
        (
            "unknown",
            vec![(1, a.as_str(), "ip_recue")],
            vec![
                format!("cellule {a}"),
                "indicateur inconnu `ip_recue`".into(),
            ],
        ),
        (
            "other-dep",
            vec![(2, "B4", "Côtes-d'Armor")],
            vec![
                "feuille `Département`, cellule B4".into(),
                "Charente-Maritime (17)".into(),
            ],
        ),
        (
            "text",
            vec![(1, ip.as_str(), "environ 300")],
            vec![format!("cellule {ip}"), "environ 300".into()],
        ),
        (
            "negative",
            vec![(1, ip.as_str(), "-5")],
            vec![format!("cellule {ip}"), "ne peut pas être négatif".into()],
        ),
        (
            "rate",
            vec![(1, taux.as_str(), "1200")],
            vec![format!("cellule {taux}"), "entre 0 et 1 000".into()],
        ),
        (
            "share",
            vec![(1, part.as_str(), "120")],
            vec![format!("cellule {part}"), "entre 0 et 100".into()],
        ),
        (
            "year",
            vec![(1, "I1", "2024")],
            vec![
                "cellule I1".into(),
                "l'année 2024 n'est pas couverte par ce kit (2019-2023".into(),
            ],
        ),
    ];
    for (name, edits, needles) in cases {
        let f = write(&k, &format!("{name}.xlsx"), &fill(&k.xlsx17, &edits));
        refused(&f, &needles.iter().map(String::as_str).collect::<Vec<_>>());
    }
    // The CSV form: another département on a line, text, a year no kit covers.
    let base = filled22(&k);
    let other = base.replacen("22;mna;2020;;", "17;mna;2020;12;", 1);
    let f = write(&k, "other.csv", other.as_bytes());
    refused(&f, &["champ `departement`", "mais ce kit est celui de 22"]);
    let text = base.replacen("22;mna;2020;;", "22;mna;2020;une dizaine;", 1);
    let f = write(&k, "text.csv", text.as_bytes());
    refused(&f, &["champ `valeur`", "une dizaine"]);
    let year = base.replacen("22;mna;2020;;", "22;mna;2999;4;", 1);
    let f = write(&k, "year.csv", year.as_bytes());
    refused(&f, &["champ `annee`", "l'année 2999 n'est pas couverte"]);
    let unknown = base.replacen("22;mna;2020;;", "22;mnas;2020;4;", 1);
    let f = write(&k, "unknown.csv", unknown.as_bytes());
    refused(&f, &["champ `indicateur`", "indicateur inconnu `mnas`"]);
}

#[test]
fn check_verifies_the_seed_lines_of_the_plans_local_values() {
    let Some(seeds) = common::shared_seeds() else {
        return;
    };
    let data = common::data_copy();
    let seeds = seeds.to_str().unwrap();
    let out = ok(data.path(), &["check", "--seeds", seeds]);
    assert!(
        out.contains("003_32d93a013213354f : valeurs locales 11/11 sur leur ligne"),
        "{out}"
    );
    // Hérault's 846 MECS places cited one line off: check names the file, line and value.
    let path = data.path().join("local/003_32d93a013213354f.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "846,published,003_32d93a013213354f,line 906",
            "846,published,003_32d93a013213354f,line 905",
        ),
    )
    .unwrap();
    let out = run(data.path(), &["check", "--seeds", seeds]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success());
    assert!(all.contains("la ligne 905 n'imprime pas 846"), "{all}");
}

#[test]
fn hérault_report_shows_its_places_and_contrats_jeunes_majeurs_without_a_kit() {
    let reports = tempfile::tempdir().unwrap();
    let out = common::depbench(&["report", "-d", "34", "-o", reports.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(reports.path().join("34-herault/index.html")).unwrap();
    assert!(html.contains("Contrats jeunes majeurs pour 1 000 jeunes de 18 à 20 ans"));
    assert!(
        html.contains("Places d&#39;accueil pour 1 000 jeunes de 0 à 20 ans, par type")
            || html.contains("Places d'accueil pour 1 000 jeunes de 0 à 20 ans, par type")
    );
}
