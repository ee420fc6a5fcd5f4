//! The `depbench` command line: query output formats (snapshots), table listings, read-only
//! refusals, SQL and parameter errors (exit code 2, a message, never a panic).

use rstest::rstest;

use crate::common::{depbench, stdout_ok};

const COMPARISON: [&str; 12] = [
    "query",
    "-f",
    "queries/figures/02_tableau_evolutions.sql",
    "-p",
    "focus=17",
    "-p",
    "peers=22,64,14",
    "-p",
    "from=2018",
    "-p",
    "to=2022",
    "--format",
];

fn comparison(format: &str) -> String {
    let mut args = COMPARISON.to_vec();
    args.push(format);
    stdout_ok(&args)
}

/// stderr of a run that must fail with exit code 2, an `error:` line and no panic.
fn stderr_of_failure(args: &[&str]) -> String {
    let out = depbench(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "depbench {args:?} should exit with 2; stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.starts_with("erreur : "), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

#[test]
fn cli_comparison_table_csv() {
    insta::assert_snapshot!(comparison("csv"));
}

#[test]
fn cli_comparison_table_markdown() {
    insta::assert_snapshot!(comparison("markdown"));
}

/// The Charente-Maritime état des lieux (seed 001, lines 296-301 and 372-377) prints, to one
/// decimal: confiés 2018-2022, AEMO 2018-2022 and the judicial share in 2022 of its peers and
/// France métropolitaine. depbench reproduces them from DREES data alone.
#[test]
fn cli_comparison_table_reproduces_the_cd17_figures() {
    let out = comparison("csv");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<(String, [f64; 3])> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let num = |i: usize| r[i].parse::<f64>().unwrap();
            // The % columns; the changes in number are beside them.
            (r[0].to_string(), [num(3), num(5), num(6)])
        })
        .collect();
    let codes: Vec<&str> = rows.iter().map(|(c, _)| c.as_str()).collect();
    // Focus first, then peers by name, then France métropolitaine and the région.
    assert_eq!(codes, ["17", "14", "22", "64", "FRM", "R75"]);
    let expected = [
        ("22", [12.4, -0.7, 59.0]),
        ("64", [21.3, -3.5, 80.6]),
        ("14", [11.3, 36.7, 60.4]),
        ("FRM", [12.1, 4.6, 70.4]),
    ];
    for (code, want) in expected {
        let (_, got) = rows.iter().find(|(c, _)| c == code).unwrap();
        for (g, w) in got.iter().zip(want) {
            assert!(
                ((g * 10.0).round() / 10.0 - w).abs() < 1e-9,
                "{code}: {got:?} rounds to {want:?}?"
            );
        }
    }
}

#[test]
fn cli_tables_lists_tables_and_views() {
    insta::assert_snapshot!(stdout_ok(&["tables"]));
}

#[test]
fn cli_tables_describes_observations() {
    insta::assert_snapshot!(stdout_ok(&["tables", "observations"]));
}

#[test]
fn cli_tables_unknown_name_is_an_error() {
    let stderr = stderr_of_failure(&["tables", "nope"]);
    assert_eq!(
        stderr,
        "erreur : table ou vue inconnue `nope` (voir `depbench tables`)\n"
    );
}

const MARKERS_SQL: &str = "SELECT territory, year, value, status, is_current FROM observations \
     WHERE territory = '01' AND indicator = 'effpersassfam' AND year IN (2014, 2016) \
     AND source_id = 'drees-pers-2020' ORDER BY year";

#[test]
fn cli_json_output_shape() {
    let out = stdout_ok(&["query", "--format", "json", MARKERS_SQL]);
    insta::assert_snapshot!(out);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(
        v,
        serde_json::json!([
            {"territory": "01", "year": 2014, "value": null, "status": "not_available", "is_current": true},
            {"territory": "01", "year": 2016, "value": 298, "status": "published", "is_current": true},
        ])
    );
    // Numbers are JSON numbers, codes stay strings (leading zero kept), NULL is null.
    assert!(v[0]["territory"].is_string());
    assert!(v[1]["value"].is_number());
}

#[test]
fn cli_table_output() {
    insta::assert_snapshot!(stdout_ok(&["query", MARKERS_SQL]));
}

#[rstest]
#[case::create("CREATE TABLE x AS SELECT 1", "CREATE")]
#[case::insert("INSERT INTO observations SELECT * FROM observations", "INSERT")]
#[case::drop("DROP TABLE observations", "DROP")]
#[case::copy("COPY observations TO '{tmp}/x.csv'", "COPY")]
#[case::second_statement("SELECT 1; DROP TABLE observations", "DROP")]
#[case::after_comment("-- a comment\n  create view v AS SELECT 1", "CREATE")]
#[case::set("SET datafusion.execution.batch_size = 1", "SET")]
fn cli_writes_are_refused(#[case] sql: &str, #[case] keyword: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let sql = sql.replace("{tmp}", tmp.path().to_str().unwrap());
    // `--`: a statement starting with a `--` comment is not an option.
    let stderr = stderr_of_failure(&["query", "--", &sql]);
    assert_eq!(
        stderr,
        format!(
            "erreur : refusé : les instructions `{keyword}` ne sont pas permises : depbench est en lecture seule \
             (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)\n"
        )
    );
    assert!(!tmp.path().join("x.csv").exists(), "COPY wrote a file");
}

/// The guard reads the parsed statement, not the text: a write after a block comment or under
/// EXPLAIN is refused by its kind, and nothing is written.
#[rstest]
#[case::create_after_block_comment(
    "/* c */ CREATE TABLE x AS SELECT 1",
    "les instructions `CREATE` ne sont pas permises"
)]
#[case::copy_after_block_comment(
    "/* c */ COPY observations TO '{tmp}/x.csv'",
    "les instructions `COPY` ne sont pas permises"
)]
#[case::explain_copy(
    "EXPLAIN COPY observations TO '{tmp}/x.csv'",
    "les instructions `COPY` ne sont pas permises, pas même sous EXPLAIN"
)]
#[case::explain_insert(
    "EXPLAIN INSERT INTO observations SELECT * FROM observations",
    "les instructions `INSERT` ne sont pas permises, pas même sous EXPLAIN"
)]
#[case::explain_analyze_create(
    "EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1",
    "les instructions `CREATE` ne sont pas permises, pas même sous EXPLAIN"
)]
fn cli_hidden_writes_are_refused_as_read_only(#[case] sql: &str, #[case] refusal: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let sql = sql.replace("{tmp}", tmp.path().to_str().unwrap());
    let stderr = stderr_of_failure(&["query", &sql]);
    assert_eq!(
        stderr,
        format!(
            "erreur : refusé : {refusal} : depbench est en lecture seule (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE)\n"
        )
    );
    assert!(!tmp.path().join("x.csv").exists(), "a file was written");
}

#[test]
fn cli_explain_copy_is_refused_as_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("y.csv");
    let sql = format!("EXPLAIN COPY observations TO '{}'", target.display());
    let stderr = stderr_of_failure(&["query", &sql]);
    assert!(stderr.contains("lecture seule"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn cli_bad_sql_gives_the_parser_message() {
    let stderr = stderr_of_failure(&["query", "SELEC 1"]);
    assert_eq!(
        stderr,
        "erreur : requête : erreur de syntaxe SQL\n\
         détail : SQL error: ParserError(\"Expected: an SQL statement, found: SELEC at Line: 1, Column: 1\")\n"
    );
}

#[test]
fn cli_unknown_column_gives_the_schema_message_once() {
    let stderr = stderr_of_failure(&["query", "SELECT nope FROM observations"]);
    assert!(
        stderr.starts_with("erreur : requête : colonne inconnue `nope`\n"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("colonne inconnue `nope`").count(),
        1,
        "the message is printed once:\n{stderr}"
    );
}

#[test]
fn cli_query_file_errors_name_the_file() {
    let stderr = stderr_of_failure(&["query", "-f", "queries/figures/02_tableau_evolutions.sql"]);
    assert_eq!(
        stderr,
        "erreur : paramètre $focus manquant (donnez-le avec --param focus=…)\n"
    );
    let stderr = stderr_of_failure(&["query", "-f", "queries/figures/absent.sql"]);
    assert!(
        stderr == "erreur : queries/figures/absent.sql : fichier introuvable\n",
        "{stderr}"
    );
}

#[test]
fn cli_missing_parameter_is_named() {
    let stderr = stderr_of_failure(&["query", "SELECT * FROM territories WHERE code = $focus"]);
    assert!(stderr.contains("paramètre $focus manquant"), "{stderr}");
}

#[rstest]
#[case::quote("focus=17' OR '1'='1")]
#[case::semicolon("focus=17;DROP TABLE x")]
#[case::comment("focus=17 --")]
fn cli_parameter_injection_is_refused(#[case] param: &str) {
    let stderr = stderr_of_failure(&[
        "query",
        "-p",
        param,
        "SELECT code FROM territories WHERE code = $focus",
    ]);
    let value = param.strip_prefix("focus=").unwrap();
    assert_eq!(
        stderr,
        format!(
            "erreur : paramètre $focus : la valeur `{value}` contient un caractère non permis\n"
        )
    );
}

#[test]
fn cli_integer_parameter_must_be_an_integer() {
    let stderr = stderr_of_failure(&["query", "-p", "year=2022a", "SELECT $year AS y"]);
    assert_eq!(
        stderr,
        "erreur : paramètre $year : attendu : un entier ; trouvé : `2022a`\n"
    );
    assert_eq!(
        stdout_ok(&[
            "query",
            "--format",
            "csv",
            "-p",
            "year=2022",
            "SELECT $year AS y"
        ]),
        "y\n2022\n"
    );
}

#[test]
fn cli_missing_data_dir_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let stderr = stderr_of_failure(&[
        "--data-dir",
        tmp.path().to_str().unwrap(),
        "query",
        "SELECT count(*) FROM observations",
    ]);
    assert!(stderr.contains("observations"), "{stderr}");
}
