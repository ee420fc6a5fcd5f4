//! `depbench shell` driven through a pipe: without a terminal rustyline reads plain lines, so
//! the commands, multi-line statements and errors can be checked end to end.

use std::io::Write;
use std::process::{Command, Stdio};

use depbench::query::prompt::{Input, interpret};

use crate::common;

/// Run the shell with `input` on stdin and HOME in a tempdir (history is written there).
fn shell(input: &str) -> (String, String, Option<i32>) {
    let home = tempfile::tempdir().unwrap();
    shell_in(home.path(), input)
}

/// Run the shell with `input` on stdin and HOME = `home`.
fn shell_in(home: &std::path::Path, input: &str) -> (String, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_depbench"))
        .arg("shell")
        .current_dir(common::root())
        .env("HOME", home)
        .env_remove("DEPBENCH_DATA")
        .env_remove("DEPBENCH_QUERIES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting depbench shell");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn shell_reads_commands_and_multi_line_statements_from_a_pipe() {
    let (stdout, stderr, code) = shell("\\d\nSELECT 1\n+1 AS two;\n\\d territories\n\\q\n");
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // \d: the table list.
    // Names are padded to the longest name listed.
    let listed = |name: &str, kind: &str, start: &str| {
        stdout.lines().any(|l| {
            l.strip_prefix(name)
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix(kind))
                .is_some_and(|r| r.trim_start().starts_with(start))
        })
    };
    assert!(
        listed("observations", "table", "Valeurs DREES par territoire"),
        "{stdout}"
    );
    assert!(listed("rates", "view", ""), "{stdout}");
    // The statement spanning two lines.
    assert!(
        stdout.contains("+-----+\n| two |\n+-----+\n|   2 |\n+-----+\n1 ligne\n"),
        "{stdout}"
    );
    // \d territories: its columns.
    assert!(
        stdout.contains(
            "code         Utf8      jamais NULL    code du territoire (codification DREES) ; texte\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "valid_from   Int32     NULL possible  première année de validité du code (Corse : 2A et 2B jusqu'en 2017, 20 depuis 2018)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn shell_reports_errors_and_goes_on() {
    let (stdout, stderr, code) = shell(
        "SELEC 1;\nDROP TABLE observations;\n\\d nope\nSELECT count(*) AS n FROM territories WHERE code = 'FRM';\n",
    );
    // End of input quits cleanly, like \q.
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("erreur : "))
        .collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert_eq!(
        errors[0], "erreur : requête : erreur de syntaxe SQL",
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "\ndétail : SQL error: ParserError(\"Expected: an SQL statement, found: SELEC"
        ),
        "{stderr}"
    );
    assert!(errors[1].contains("lecture seule"), "{stderr}");
    assert_eq!(
        errors[2],
        "erreur : table ou vue inconnue `nope` (voir `depbench tables`)"
    );
    assert!(stdout.contains("| n |\n+---+\n| 1 |\n"), "{stdout}");
}

#[test]
fn shell_interpret_commands_only_at_statement_start() {
    let mut buf = String::new();
    assert_eq!(interpret(&mut buf, "  \\q  "), Input::Quit);
    assert_eq!(interpret(&mut buf, "exit"), Input::Quit);
    assert_eq!(interpret(&mut buf, "\\?"), Input::Help);
    assert_eq!(
        interpret(&mut buf, "\\d   rates "),
        Input::Describe("rates".into())
    );
    // Inside a statement, `\q` and `\d` are text, not commands.
    assert_eq!(interpret(&mut buf, "SELECT 1"), Input::Incomplete);
    assert_eq!(interpret(&mut buf, "\\q"), Input::Incomplete);
    assert_eq!(interpret(&mut buf, "\\d"), Input::Incomplete);
    assert_eq!(
        interpret(&mut buf, "+ 1;"),
        Input::Statement("SELECT 1\n\\q\n\\d\n+ 1".into())
    );
    assert!(buf.is_empty());
    // The trailing semicolon and spaces are not part of the statement.
    assert_eq!(
        interpret(&mut buf, "SELECT 2;  "),
        Input::Statement("SELECT 2".into())
    );
}

/// `\load` a user's CSV, switch `\format` and `\max-rows`, `\timing`; the history keeps the
/// whole multi-line statement.
#[test]
fn shell_loads_files_sets_formats_and_keeps_whole_statements_in_history() {
    let home = tempfile::tempdir().unwrap();
    let csv = home.path().join("ip.csv");
    std::fs::write(&csv, "departement,ip\n61,980\n17,2210\n").unwrap();
    let input = format!(
        "\\load ip {}\n\\format csv\nSELECT i.departement, t.name\nFROM ip i JOIN territories t ON t.code = i.departement\nORDER BY 1;\n\\format table\n\\max-rows 1\nSELECT code FROM territories WHERE code IN ('61', '17') ORDER BY code;\n\\timing on\nSELECT 1 AS one;\n\\format yaml\n\\d ip\n",
        csv.display()
    );
    let (stdout, stderr, code) = shell_in(home.path(), &input);
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(
        stdout.contains(&format!(
            "fichier {} chargé comme table ip\n",
            csv.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("departement,name\n17,Charente-Maritime\n61,Orne\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "| code |\n+------+\n| 17   |\n+------+\n2 lignes (1 affichées ; --max-rows pour en voir plus)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("chronométrage activé\n"), "{stdout}");
    assert!(stdout.contains("1 ligne\ndurée : "), "{stdout}");
    assert!(stdout.contains("departement  Utf8"), "{stdout}");
    assert_eq!(
        stderr.trim_end(),
        "erreur : \\format `yaml` : attendu : table, csv, csv-fr, json, ndjson, markdown ou html"
    );
    let history = std::fs::read_to_string(home.path().join(".depbench_history")).unwrap();
    assert!(
        history.contains(
            "SELECT i.departement, t.name\\nFROM ip i JOIN territories t ON t.code = i.departement\\nORDER BY 1;"
        ) || history.contains(
            "SELECT i.departement, t.name\nFROM ip i JOIN territories t ON t.code = i.departement\nORDER BY 1;"
        ),
        "{history}"
    );
}

#[test]
fn shell_notices_and_help_are_french() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ip.csv");
    std::fs::write(&csv, "departement,ip\n17,1200\n").unwrap();
    let (stdout, stderr, code) = shell(&format!(
        "\\timing\nSELECT 1 AS un;\n\\timing off\n\\load IP {}\n\\?\n\\q\n",
        csv.display()
    ));
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(stdout.contains("\nchronométrage activé\n"), "{stdout}");
    assert!(stdout.contains("\nchronométrage désactivé\n"), "{stdout}");
    // The time of a statement, with a decimal comma.
    let time = stdout
        .lines()
        .find(|l| l.starts_with("durée : "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        time.ends_with(" s") && time.contains(',') && !time.contains('.'),
        "{time}"
    );
    assert!(
        stdout.contains(&format!(
            "\nfichier {} chargé comme table ip\n",
            csv.display()
        )),
        "{stdout}"
    );
    // \? lists the commands in French.
    for line in [
        "Les instructions finissent par `;` et peuvent tenir sur plusieurs lignes.",
        "\\d                lister les tables et les vues",
        "\\q                quitter",
    ] {
        assert!(stdout.contains(line), "{line}: {stdout}");
    }
    for english in ["Time:", "loaded ", "timing on", "list tables"] {
        assert!(!stdout.contains(english), "{english}: {stdout}");
    }
}
