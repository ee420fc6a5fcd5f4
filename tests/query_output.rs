//! `depbench query` output: streaming formats (JSON key order, float text equal to the CSV,
//! NDJSON), the table's truncation footer, XLSX and Parquet files read back, the memory
//! limit, a closed pipe, the user's own files (`--table`) and hints on common mistakes.

use std::io::Read;
use std::process::{Command, Stdio};

use calamine::{Data, Reader};

use crate::common::{depbench, root, stdout_ok};

/// stderr of a run that must fail with exit code 2 and nothing on stdout.
fn failure(args: &[&str]) -> String {
    let out = depbench(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// Values with long decimal expansions: the JSON must carry the CSV's digits.
const THIRDS: &str = "SELECT value / 7 AS seventh, territory, year, value * 1000 / 3 AS per_mille \
     FROM observations WHERE territory = '17' AND value IS NOT NULL \
     ORDER BY indicator, year, edition LIMIT 20";

#[test]
fn json_keys_in_select_order_and_floats_as_in_csv() {
    let csv = stdout_ok(&["query", "--format", "csv", THIRDS]);
    let json = stdout_ok(&["query", "--format", "json", THIRDS]);
    let ndjson = stdout_ok(&["query", "--format", "ndjson", THIRDS]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("seventh,territory,year,per_mille"));
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 20);
    // NDJSON: one object a line, keys in SELECT order, the CSV's number text verbatim.
    let nd: Vec<&str> = ndjson.lines().collect();
    assert_eq!(nd.len(), 20);
    for (line, row) in nd.iter().zip(&rows) {
        assert_eq!(
            *line,
            format!(
                "{{\"seventh\":{},\"territory\":\"{}\",\"year\":{},\"per_mille\":{}}}",
                row[0], row[1], row[2], row[3]
            )
        );
    }
    // JSON: the same keys in the same order, the same number text.
    let first_keys: Vec<&str> = json
        .lines()
        .skip(2)
        .take(4)
        .map(|l| l.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(
        first_keys,
        ["\"seventh\"", "\"territory\"", "\"year\"", "\"per_mille\""]
    );
    for row in &rows {
        assert!(
            json.contains(&format!("\"seventh\": {},", row[0])),
            "{}",
            row[0]
        );
        assert!(
            json.contains(&format!("\"per_mille\": {}\n", row[3])),
            "{}",
            row[3]
        );
    }
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 20);
}

#[test]
fn table_truncates_with_a_footer_giving_the_total() {
    let total: usize = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "SELECT count(*) AS n FROM territories",
    ])
    .lines()
    .nth(1)
    .unwrap()
    .parse()
    .unwrap();
    assert!(total > 100);
    let out = stdout_ok(&[
        "query",
        "--max-rows",
        "3",
        "SELECT code FROM territories ORDER BY code",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    // Rule, header, rule, 3 rows, rule, footer.
    assert_eq!(lines.len(), 8, "{out}");
    assert_eq!(
        lines[7],
        format!("{total} lignes (3 affichées ; --max-rows pour en voir plus)")
    );
    // The default shows 40.
    let out = stdout_ok(&["query", "SELECT code FROM territories"]);
    assert!(out.ends_with(&format!(
        "{total} lignes (40 affichées ; --max-rows pour en voir plus)\n"
    )));
}

#[test]
fn xlsx_output_reads_back_with_numbers_as_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("resultat.xlsx");
    let sql = "SELECT territory, year, value, value / 7 AS seventh, is_current FROM observations \
         WHERE territory = '17' AND value IS NOT NULL ORDER BY indicator, year, edition LIMIT 5";
    let out = stdout_ok(&[
        "query",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
        sql,
    ]);
    assert!(out.is_empty());
    let csv = stdout_ok(&["query", "--format", "csv", sql]);
    let mut wb = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["resultat"]);
    let range = wb.worksheet_range("resultat").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        ["territory", "year", "value", "seventh", "is_current"]
    );
    for (row, line) in range.rows().skip(1).zip(csv.lines().skip(1)) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(row[0], Data::String(fields[0].into()), "codes stay text");
        assert_eq!(row[1], Data::Float(fields[1].parse().unwrap()));
        assert_eq!(row[2], Data::Float(fields[2].parse().unwrap()));
        assert_eq!(
            row[3],
            Data::Float(fields[3].parse().unwrap()),
            "the exact value"
        );
        assert_eq!(row[4], Data::Bool(fields[4] == "true"));
    }
    assert_eq!(range.rows().count(), 6);
    // Nothing half-written beside it.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

/// Decimals (a cast, a Parquet file's decimal column) are numbers in the workbook; a decimal
/// `f64` cannot hold exactly stays its text (never rounded); integers (years, counts) are
/// numbers; codes stay text.
#[test]
fn xlsx_output_writes_decimals_and_counts_as_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("d.xlsx");
    let sql = "SELECT '01' AS code, CAST(12.5 AS DECIMAL(10, 2)) AS taux, \
         CAST(1234 AS DECIMAL(12, 0)) AS montant, CAST(-0.125 AS DECIMAL(6, 3)) AS ecart, \
         CAST('12345678901234567890.5' AS DECIMAL(38, 1)) AS grand, 2022 AS year, \
         COUNT(*) AS n FROM (VALUES (1), (2)) AS t(x)";
    stdout_ok(&[
        "query",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
        sql,
    ]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("d").unwrap();
    let row: Vec<Data> = range.rows().nth(1).unwrap().to_vec();
    assert_eq!(
        row,
        [
            Data::String("01".into()),
            Data::Float(12.5),
            Data::Float(1234.0),
            Data::Float(-0.125),
            Data::String("12345678901234567890.5".into()),
            Data::Float(2022.0),
            Data::Float(2.0),
        ]
    );
}

#[test]
fn parquet_output_reads_back() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("r.parquet");
    let sql = "SELECT territory, year, value FROM observations WHERE territory = '61' \
         ORDER BY indicator, year, edition";
    stdout_ok(&[
        "query",
        "--format",
        "parquet",
        "-o",
        path.to_str().unwrap(),
        sql,
    ]);
    let csv = stdout_ok(&["query", "--format", "csv", sql]);
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    let schema = batches[0].schema();
    let text =
        depbench::query::output::render(&schema, &batches, depbench::write::Format::Csv).unwrap();
    assert_eq!(text, csv);
    assert!(csv.lines().count() > 100);
}

#[test]
fn binary_formats_need_a_file() {
    assert_eq!(
        failure(&["query", "--format", "parquet", "SELECT 1"]),
        "erreur : --format parquet : une sortie binaire demande un fichier (-o FICHIER)\n"
    );
}

#[test]
fn memory_limit_ends_a_runaway_query_with_a_clear_error() {
    let stderr = failure(&[
        "query",
        "--memory-limit",
        "1MB",
        "SELECT count(*) FROM observations a JOIN observations b ON a.territory = b.territory",
    ]);
    assert!(
        stderr
            .starts_with("erreur : requête : mémoire insuffisante\ndétail : Resources exhausted: "),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "\nconseil : la requête demande plus que la limite de mémoire de 1 MB (relevez-la avec --memory-limit, par exemple --memory-limit 4GB)\n"
        ),
        "{stderr}"
    );
    assert_eq!(
        failure(&["query", "--memory-limit", "lots", "SELECT 1"])
            .lines()
            .next(),
        Some(
            "erreur : --memory-limit <TAILLE> : valeur invalide « lots » : limite de mémoire `lots` : attendu : une taille comme 2GB, 512MB ou 1.5G"
        )
    );
}

/// The cross join of observations and territories (millions of rows) read by a reader that
/// stops after a few lines: the query ends quietly (exit 0) instead of running to the end.
#[test]
fn a_closed_pipe_ends_the_query_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_depbench"))
        .args([
            "query",
            "--format",
            "csv",
            "SELECT * FROM observations CROSS JOIN territories",
        ])
        .current_dir(root())
        .env(
            "DEPBENCH_CACHE",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 4096];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(head.starts_with(b"territory,indicator,year,value,"));
}

#[test]
fn hint_on_a_code_compared_to_a_number() {
    let stderr = failure(&["query", "SELECT * FROM observations WHERE territory = 61"]);
    assert_eq!(
        stderr,
        "erreur : requête : la requête a échoué\n\
         détail : Arrow error: Cast error: Cannot cast string '2A' to value of Int64 type\n\
         conseil : `territory` contient des codes écrits en texte (`'01'`, `'2A'`, `'FRM'`) : mettez le code entre apostrophes, territory = '61'\n"
    );
}

#[test]
fn hint_on_an_unknown_column() {
    let stderr = failure(&["query", "SELECT valeur, territorie FROM observations"]);
    assert!(
        stderr.starts_with("erreur : requête : colonne inconnue `valeur`\n"),
        "{stderr}"
    );
    assert!(
        stderr
            .ends_with("\nconseil : les colonnes sont nommées en anglais : `valeur` est `value`\n"),
        "{stderr}"
    );
    // The figure files alias `rate_per_1000 AS taux`: the French word names the real column;
    // the message is French from end to end, DataFusion's English text left out.
    assert_eq!(
        failure(&["query", "SELECT taux FROM rates"]),
        "erreur : requête : colonne inconnue `taux`\n\
         colonnes disponibles : rates.territory, rates.indicator, rates.year, rates.value, rates.band, \
         rates.population_year, rates.population, rates.rate_per_1000, rates.population_fallback, \
         rates.population_estimated, rates.population_method, rates.pop_0_19, rates.status\n\
         conseil : les colonnes sont nommées en anglais : `taux` est `rate_per_1000`\n"
    );
    // Accents and case folded; only the columns of the query's tables are named.
    let stderr = failure(&["query", "SELECT Département FROM territories"]);
    assert!(
        stderr.ends_with(
            "\nconseil : les colonnes sont nommées en anglais : `Département` est `code`\n"
        ),
        "{stderr}"
    );
    let stderr = failure(&["query", "SELECT r.Annee FROM rates r"]);
    assert!(
        stderr.ends_with("\nconseil : les colonnes sont nommées en anglais : `Annee` est `year`\n"),
        "{stderr}"
    );
    // No French word: the nearest names by spelling.
    let stderr = failure(&["query", "SELECT territorie FROM observations"]);
    assert!(
        stderr.ends_with("\nconseil : colonnes les plus proches : `territory`\n"),
        "{stderr}"
    );
}

/// Every French word of the statement that is no column is hinted, in the statement's order,
/// not only the first one DataFusion stops at.
#[test]
fn hint_names_every_unknown_french_column() {
    let stderr = failure(&[
        "query",
        "SELECT taux, année FROM rates WHERE département = '17'",
    ]);
    assert!(
        stderr.starts_with("erreur : requête : colonne inconnue `"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "\nconseil : les colonnes sont nommées en anglais : `taux` est `rate_per_1000` ; `année` est `year` ; `département` est `territory`\n"
        ),
        "{stderr}"
    );
    // A French word used as an alias (`AS taux`) or inside a string is no column to hint.
    let stderr = failure(&[
        "query",
        "SELECT rate_per_1000 AS taux, valeur FROM rates WHERE status = 'taux'",
    ]);
    assert!(
        stderr
            .ends_with("\nconseil : les colonnes sont nommées en anglais : `valeur` est `value`\n"),
        "{stderr}"
    );
}

/// An unknown table names the nearest tables and views, without DataFusion's internal
/// catalogue and schema names (`datafusion.public.`).
#[test]
fn hint_on_an_unknown_table() {
    assert_eq!(
        failure(&["query", "SELECT * FROM observation"]),
        "erreur : requête : table inconnue observation ; vouliez-vous dire « observations » ?\n"
    );
    assert_eq!(
        failure(&["query", "SELECT * FROM rate WHERE year = 2022"]),
        "erreur : requête : table inconnue rate ; vouliez-vous dire « rates » ?\n"
    );
    assert_eq!(
        failure(&["query", "SELECT * FROM zzzzzz"]),
        "erreur : requête : table inconnue zzzzzz (voir `depbench tables`)\n"
    );
}

/// A column whose case differs from the typed one (a user's header `Nombre`): the hint says
/// to quote it, never DataFusion's advice to change a setting the user cannot change.
#[test]
fn hint_on_a_column_whose_case_differs_gives_no_setting_advice() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("m.csv");
    std::fs::write(&csv, "Nombre,annee_mesure\n12,2022\n").unwrap();
    let table = format!("m={}", csv.display());
    let stderr = failure(&["query", "--table", &table, "SELECT Nombre FROM m"]);
    assert!(!stderr.contains("enable_ident_normalization"), "{stderr}");
    assert!(!stderr.contains("datafusion."), "{stderr}");
    assert!(
        stderr.ends_with(
            "\nconseil : les noms de colonnes distinguent les majuscules : écrivez \"Nombre\" entre guillemets doubles\n"
        ),
        "{stderr}"
    );
}

/// A user's CSV beside the catalogue: codes keep their leading zero and join `observations`.
#[test]
fn a_users_csv_joins_the_catalogue() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("ip.csv");
    std::fs::write(
        &csv,
        "departement,ip_2023,note\n01,1520,\n61,980.5,estimé\n17,2210,\n",
    )
    .unwrap();
    let spec = format!("ip={}", csv.display());
    let out = stdout_ok(&[
        "query",
        "--table",
        &spec,
        "--format",
        "csv",
        "SELECT i.departement, i.ip_2023, t.name FROM ip i JOIN territories t ON t.code = i.departement ORDER BY 1",
    ]);
    assert_eq!(
        out,
        "departement,ip_2023,name\n01,1520,Ain\n17,2210,Charente-Maritime\n61,980.5,Orne\n"
    );
    let described = stdout_ok(&["--table", &spec, "tables", "ip"]);
    // The user's columns are not given the catalogue's descriptions (a `departement` column of
    // the user's file is whatever the user put in it); the file is named instead.
    assert_eq!(
        described,
        format!(
            "departement  Utf8      NULL possible\n\
             ip_2023      Float64   NULL possible\n\
             note         Utf8      NULL possible\n\
             (votre fichier {} : types des colonnes déduits de ses valeurs)\n",
            csv.display()
        )
    );
}

/// A CSV as French Excel saves it (and as depbench writes `donnees/*.csv`): byte order mark,
/// `;` separators, decimal comma, CRLF. It reads with its numbers as numbers.
#[test]
fn a_french_excel_csv_reads_with_decimal_commas() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("fr.csv");
    std::fs::write(
        &csv,
        "\u{feff}departement;taux;note\r\n17;16,9;a\r\n61;12,25;\r\n",
    )
    .unwrap();
    let out = stdout_ok(&[
        "query",
        "--table",
        &format!("d={}", csv.display()),
        "--format",
        "csv",
        "SELECT d.departement, d.taux * 2 AS double, t.name FROM d JOIN territories t ON t.code = d.departement ORDER BY 1",
    ]);
    assert_eq!(
        out,
        "departement,double,name\n17,33.8,Charente-Maritime\n61,24.5,Orne\n"
    );
}

#[test]
fn user_tables_errors_name_the_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("bad.csv");
    // What `query` says of the file `bad.csv` holding `text`, registered as table `bad`.
    let error_of = |text: &[u8], sql: &str| {
        std::fs::write(&csv, text).unwrap();
        failure(&["query", "--table", &format!("bad={}", csv.display()), sql])
    };
    // The same line whatever the line ends (Windows and French Excel write CRLF), after a
    // blank line too, and for a text that is not UTF-8.
    for (text, expected) in [
        (
            &b"a,b\n1,2\n3,4,5\n"[..],
            "ligne 3 : 3 champs alors que la ligne d'en-tête en a 2",
        ),
        (
            &b"a,b\r\n1,2\r\n3,4,5\r\n"[..],
            "ligne 3 : 3 champs alors que la ligne d'en-tête en a 2",
        ),
        (
            &b"a;b\r\n1;2\r\n\r\n3;4;5\r\n"[..],
            "ligne 4 : 3 champs alors que la ligne d'en-tête en a 2",
        ),
        (
            &b"a,b\r\n1,2\r\n3,\xe9t\xe9\r\n"[..],
            "ligne 3 : pas du texte UTF-8 (enregistrez le fichier en UTF-8)",
        ),
        (
            &b"a,b\n1,2\n3,\xe9t\xe9\n"[..],
            "ligne 3 : pas du texte UTF-8 (enregistrez le fichier en UTF-8)",
        ),
    ] {
        assert_eq!(
            error_of(text, "SELECT * FROM bad"),
            format!("erreur : {} : {expected}\n", csv.display())
        );
    }
    // An empty file, a column without a name, a name given twice: the file and the header
    // line are named, and what is expected.
    for (text, expected) in [
        (
            "",
            "ligne 1 : vide : attendu : une ligne d'en-tête nommant les colonnes, puis une ligne par enregistrement",
        ),
        (
            "a,,c\n1,2,3\n",
            "ligne 1 : la colonne 2 n'a pas de nom dans l'en-tête (chaque colonne doit avoir un nom)",
        ),
        (
            "code,n,Code\n1,2,3\n",
            "ligne 1 : la colonne `Code` est nommée deux fois dans l'en-tête (les noms doivent être uniques)",
        ),
    ] {
        assert_eq!(
            error_of(text.as_bytes(), "SELECT 1"),
            format!("erreur : {} : {expected}\n", csv.display())
        );
    }
    let stderr = failure(&[
        "query",
        "--table",
        &format!("observations={}", csv.display()),
        "SELECT 1",
    ]);
    assert_eq!(
        stderr,
        format!(
            "erreur : --table observations={} : `observations` est une table ou une vue du catalogue ; choisissez un autre nom\n",
            csv.display()
        )
    );
}

#[test]
fn user_tables_from_xlsx_json_and_parquet() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("unites.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2023").unwrap();
    ws.write_string(0, 0, "code").unwrap();
    ws.write_string(0, 1, "mesures").unwrap();
    ws.write_string(1, 0, "61").unwrap();
    ws.write_number(1, 1, 412.0).unwrap();
    ws.write_string(2, 0, "17").unwrap();
    ws.write_number(2, 1, 97.5).unwrap();
    wb.save(&xlsx).unwrap();
    let json = tmp.path().join("j.json");
    std::fs::write(&json, r#"[{"code": "61", "n": 3}, {"code": "17", "n": 4}]"#).unwrap();
    let parquet = tmp.path().join("p.parquet");
    stdout_ok(&[
        "query",
        "--format",
        "parquet",
        "-o",
        parquet.to_str().unwrap(),
        "SELECT code, name FROM territories WHERE code IN ('61', '17')",
    ]);
    let out = stdout_ok(&[
        "query",
        "--table",
        &format!("u={}#2023", xlsx.display()),
        "--table",
        &format!("j={}", json.display()),
        "--table",
        &format!("p={}", parquet.display()),
        "--format",
        "csv",
        "SELECT u.code, u.mesures, j.n, p.name FROM u JOIN j USING (code) JOIN p USING (code) ORDER BY u.code",
    ]);
    assert_eq!(
        out,
        "code,mesures,n,name\n17,97.5,4,Charente-Maritime\n61,412,3,Orne\n"
    );
    let stderr = failure(&[
        "query",
        "--table",
        &format!("u={}#2024", xlsx.display()),
        "SELECT 1",
    ]);
    assert_eq!(
        stderr,
        format!(
            "erreur : {} : aucune feuille `2024` (feuilles : 2023)\n",
            xlsx.display()
        )
    );
}

/// A figure file reading a user's CSV joined with `observations` (chart --table).
#[test]
fn a_figure_joins_a_users_csv_with_observations() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("ip.csv");
    std::fs::write(&csv, "departement,ip\n17,2210\n61,980\n").unwrap();
    let sql = tmp.path().join("ip.sql");
    std::fs::write(
        &sql,
        "-- title: Informations préoccupantes pour 100 enfants confiés\n\
         -- chart: bars\n-- category: territoire\n-- code: territory\n-- value: ip_pour_100\n\
         -- unit: ratio\n-- source: Observatoire (fichier fourni) ; DREES\n-- params: focus, peers\n\
         SELECT t.code AS territory, t.name AS territoire, 100.0 * i.ip / o.value AS ip_pour_100\n\
         FROM ip i JOIN territories t ON t.code = i.departement\n\
         JOIN observations o ON o.territory = i.departement AND o.indicator = 'TotEnfConfiesASE'\n\
           AND o.year = 2022 AND o.is_current\n\
         WHERE t.code = $focus OR t.code IN ($peers) ORDER BY t.name\n",
    )
    .unwrap();
    let svg = tmp.path().join("ip.svg");
    stdout_ok(&[
        "chart",
        "--table",
        &format!("ip={}", csv.display()),
        "-f",
        sql.to_str().unwrap(),
        "-p",
        "focus=17",
        "-p",
        "peers=61",
        "-o",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Charente-Maritime"), "{text}");
    assert!(text.contains("Orne"));
}

/// A figure file declaring the user's tables it needs (`-- tables:`): a file named beside the
/// figure is read from there; a table without a file must be given, and the error says how.
#[test]
fn a_figure_declares_the_tables_it_needs() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("ip.csv"),
        "departement,ip\n17,2210\n61,980\n",
    )
    .unwrap();
    let header = "-- title: Informations préoccupantes\n-- chart: bars\n-- category: territoire\n\
         -- code: territory\n-- value: ip\n-- unit: count\n-- source: Observatoire\n";
    let body = "SELECT t.code AS territory, t.name AS territoire, i.ip\n\
         FROM ip i JOIN territories t ON t.code = i.departement ORDER BY t.name\n";
    let with_file = tmp.path().join("with_file.sql");
    std::fs::write(&with_file, format!("{header}-- tables: ip=ip.csv\n{body}")).unwrap();
    let svg = tmp.path().join("ip.svg");
    stdout_ok(&[
        "chart",
        "-f",
        with_file.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Charente-Maritime") && text.contains("Orne"));
    let without = tmp.path().join("without.sql");
    std::fs::write(&without, format!("{header}-- tables: ip\n{body}")).unwrap();
    let stderr = failure(&[
        "chart",
        "-f",
        without.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(
        stderr,
        format!(
            "erreur : {} : la figure a besoin de votre table `ip` (`-- tables:`) : donnez-la avec --table ip=CHEMIN\n",
            without.display()
        )
    );
}

/// Reads the guard lets through (EXPLAIN of a SELECT, SHOW, DESCRIBE), and one statement at a
/// time.
#[test]
fn reads_pass_the_guard_and_one_statement_runs_at_a_time() {
    let out = stdout_ok(&[
        "query",
        "--format",
        "csv",
        "EXPLAIN SELECT count(*) FROM territories",
    ]);
    assert!(out.starts_with("plan_type,plan\n"), "{out}");
    let out = stdout_ok(&["query", "--format", "csv", "DESCRIBE territories"]);
    assert!(out.contains("\ncode,Utf8,NO\n"), "{out}");
    let out = stdout_ok(&["query", "--format", "csv", "SHOW TABLES"]);
    assert!(out.contains(",public,observations,"), "{out}");
    assert_eq!(
        failure(&["query", "SELECT 1; SELECT 2"]),
        "erreur : requête : attendu : une seule instruction SQL ; trouvé : 2\n"
    );
}

/// `--format csv-fr` is French Excel CSV (BOM, `;`, decimal comma, CRLF) with text cells that
/// a spreadsheet would run as formulas neutralised and numbers left as numbers; plain `csv`
/// writes the same cells as they are.
#[test]
fn csv_fr_is_french_excel_csv_with_formulas_neutralised() {
    let sql = "SELECT name, '=HYPERLINK(\"http://x\")' AS lien, '-3' AS texte, -1.5 AS taux, \
               -2 AS ecart FROM territories WHERE code IN ('17', '2A') ORDER BY code";
    let out = depbench(&["query", "--format", "csv-fr", sql]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\u{feff}name;lien;texte;taux;ecart\r\n\
         Charente-Maritime;\"'=HYPERLINK(\"\"http://x\"\")\";'-3;-1,5;-2\r\n\
         Corse-du-Sud;\"'=HYPERLINK(\"\"http://x\"\")\";'-3;-1,5;-2\r\n"
    );
    assert_eq!(
        stdout_ok(&["query", "--format", "csv", sql]),
        "name,lien,texte,taux,ecart\n\
         Charente-Maritime,\"=HYPERLINK(\"\"http://x\"\")\",-3,-1.5,-2\n\
         Corse-du-Sud,\"=HYPERLINK(\"\"http://x\"\")\",-3,-1.5,-2\n"
    );
}
