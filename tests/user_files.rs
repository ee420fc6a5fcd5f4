//! The user's own files (`--table`): code columns kept as text and the hint of a failed cast
//! (issue 21 §8), formula cells sans résultat enregistré, a large CSV read lazily, a file of
//! 10 000 columns (issue 20 §3, §4).

use std::io::Write;

use crate::common::{depbench, stdout_ok};
use crate::hostile_workbooks::rewrite;

fn failure(args: &[&str]) -> String {
    let out = depbench(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// A French Excel CSV (byte order mark, `;`, decimal comma, CRLF) whose headers name a
/// territory or a code: those columns stay text though every value looks like a number; a
/// count and a spending stay numbers.
#[test]
fn headers_naming_a_territory_or_a_code_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("observatoire.csv");
    std::fs::write(
        &csv,
        "\u{feff}Département;Code département;code_dep;Territoire;code_insee;CODGEO;N° dép;Nombre de départements;dep_brute\r\n\
         17;17;17;17;17300;17300;17;3;12,5\r\n\
         61;61;61;61;61001;61001;61;4;8\r\n",
    )
    .unwrap();
    let described = stdout_ok(&["--table", &format!("o={}", csv.display()), "tables", "o"]);
    assert_eq!(
        described,
        format!(
            "Département              Utf8      NULL possible\n\
             Code département         Utf8      NULL possible\n\
             code_dep                 Utf8      NULL possible\n\
             Territoire               Utf8      NULL possible\n\
             code_insee               Utf8      NULL possible\n\
             CODGEO                   Utf8      NULL possible\n\
             N° dép                   Utf8      NULL possible\n\
             Nombre de départements   Int64     NULL possible\n\
             dep_brute                Float64   NULL possible\n\
             (votre fichier {} : types des colonnes déduits de ses valeurs)\n",
            csv.display()
        )
    );
    // `dep` and `DEP` alone (one file each: a header names a column once, whatever the case).
    for header in ["dep", "DEP"] {
        let csv = tmp.path().join(format!("{header}.csv"));
        std::fs::write(&csv, format!("{header};n\r\n17;1\r\n61;2\r\n")).unwrap();
        let out = stdout_ok(&[
            "query",
            "--table",
            &format!("d={}", csv.display()),
            "--format",
            "csv",
            &format!(
                "SELECT t.name FROM d JOIN territories t ON t.code = d.\"{header}\" ORDER BY 1"
            ),
        ]);
        assert_eq!(out, "name\nCharente-Maritime\nOrne\n");
    }
}

/// A column read as a number joined with the catalogue's codes: the cast fails on `2A`, and
/// the hint names the column and the cast to write.
#[test]
fn failed_cast_in_a_join_names_the_column_and_the_cast() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("ip.csv");
    std::fs::write(&csv, "\u{feff}numéro;IP\r\n17;2210\r\n61;150\r\n").unwrap();
    let stderr = failure(&[
        "query",
        "--table",
        &format!("ip={}", csv.display()),
        "SELECT t.name, ip.\"IP\" FROM ip JOIN territories t ON t.code = ip.\"numéro\"",
    ]);
    assert!(
        stderr.ends_with(
            "conseil : `ip.numéro` a été lu dans votre fichier comme un nombre (Int64) alors que des codes comme '2A' sont du texte : comparez-le comme texte, CAST(ip.\"numéro\" AS VARCHAR) (un en-tête qui nomme le territoire ou le code, par exemple `code_departement`, garde une telle colonne en texte)\n"
        ),
        "{stderr}"
    );
    // The cast the hint gives works.
    let out = stdout_ok(&[
        "query",
        "--table",
        &format!("ip={}", csv.display()),
        "--format",
        "csv",
        "SELECT t.name, ip.\"IP\" FROM ip JOIN territories t ON t.code = CAST(ip.\"numéro\" AS VARCHAR) ORDER BY 1",
    ]);
    assert_eq!(out, "name,IP\nCharente-Maritime,2210\nOrne,150\n");
}

/// A sheet written by a program, never opened in a spreadsheet: its formulas have no stored
/// result. Read as a user's table, the first such cell is named, as the importers name it.
#[test]
fn formula_without_a_stored_result_names_the_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let written = tmp.path().join("written.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2023").unwrap();
    ws.write_string(0, 0, "code").unwrap();
    ws.write_string(0, 1, "mesures").unwrap();
    ws.write_string(1, 0, "61").unwrap();
    ws.write_number(1, 1, 412.0).unwrap();
    ws.write_string(2, 0, "17").unwrap();
    ws.write_formula(2, 1, "=B2*2").unwrap();
    wb.save(&written).unwrap();
    // rust_xlsxwriter stores 0 as the formula's result: drop it, as programs that write
    // formulas without computing them do.
    let book = tmp.path().join("mesures.xlsx");
    rewrite(&written, &book, |name, bytes| {
        let bytes = if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            assert!(xml.contains("<f>B2*2</f><v>0</v>"), "{xml}");
            xml.replace("<f>B2*2</f><v>0</v>", "<f>B2*2</f>")
                .into_bytes()
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    let stderr = failure(&[
        "query",
        "--table",
        &format!("m={}#2023", book.display()),
        "SELECT * FROM m",
    ]);
    assert_eq!(
        stderr,
        format!(
            "erreur : {} : feuille `2023`, cellule B3 : la formule =B2*2 n'a pas de résultat enregistré (ouvrez et enregistrez le classeur dans un tableur pour la calculer, ou écrivez la valeur)\n",
            book.display()
        )
    );
}

/// A CSV past 16 MiB is read lazily: `LIMIT 1` reads its first batch only (a line far down
/// that does not read as its column's type does not stop it), a full scan names that line,
/// counted right with CRLF line ends, a byte order mark, `;` and decimal commas.
#[test]
fn large_csv_is_scanned_lazily_and_names_its_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("large.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    out.write_all("\u{feff}Département;valeur;taux\r\n".as_bytes())
        .unwrap();
    let rows = 1_100_000u64;
    let bad = 1_000_000u64;
    let mut sum = 0u64;
    for i in 0..rows {
        let code = ["17", "61", "2A", "971"][(i % 4) as usize];
        if i + 2 == bad {
            write!(out, "{code};n.c.;1,5\r\n").unwrap();
        } else {
            sum += i;
            write!(out, "{code};{i};{},25\r\n", i % 100).unwrap();
        }
        // A blank line once: lines are counted as an editor shows them.
        if i == 10 {
            out.write_all(b"\r\n").unwrap();
        }
    }
    drop(out);
    assert!(std::fs::metadata(&csv).unwrap().len() > 16 << 20);
    let spec = format!("t={}", csv.display());
    let first = stdout_ok(&[
        "query",
        "--table",
        &spec,
        "--format",
        "csv",
        "SELECT * FROM t LIMIT 1",
    ]);
    assert_eq!(first, "Département,valeur,taux\n17,0,0.25\n");
    let stderr = failure(&["query", "--table", &spec, "SELECT sum(valeur) FROM t"]);
    // Line 1 is the header, one blank line after the row of index 10.
    assert!(
        stderr.contains(&format!(
            "{} : ligne {}, colonne `valeur` : `n.c.` ne se lit pas comme Int64, le type déduit des 10000 premières lignes",
            csv.display(),
            bad + 1
        )),
        "{stderr}"
    );
    // Without the bad line, the whole file is scanned batch by batch.
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("n.c.", &(bad - 2).to_string());
    std::fs::write(&csv, text).unwrap();
    let out = stdout_ok(&[
        "query",
        "--table",
        &spec,
        "--format",
        "csv",
        "SELECT count(*) AS n, sum(valeur) AS s, count(DISTINCT \"Département\") AS d FROM t",
    ]);
    assert_eq!(out, format!("n,s,d\n{rows},{},4\n", sum + bad - 2));
}

/// 10 000 columns load (the header is checked in one pass) and read.
#[test]
fn ten_thousand_columns_load() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("wide.csv");
    let header: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    std::fs::write(&csv, format!("{}\n{}\n", header.join(","), row.join(","))).unwrap();
    let out = stdout_ok(&[
        "query",
        "--table",
        &format!("w={}", csv.display()),
        "--format",
        "csv",
        "SELECT c0, c9999 FROM w",
    ]);
    assert_eq!(out, "c0,c9999\n0,9999\n");
}
