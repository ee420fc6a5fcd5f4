//! `depbench shell` driven through a pipe: without a terminal rustyline reads plain lines, so
//! the commands, multi-line statements and errors can be checked end to end.

use std::io::Write;
use std::process::{Command, Stdio};

use depbench::query::prompt::{Input, interpret};

use crate::common;

/// Run the shell with `input` on stdin and HOME in a tempdir (history is written there).
fn shell(input: &str) -> (String, String, Option<i32>) {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_depbench"))
        .arg("shell")
        .current_dir(common::root())
        .env("HOME", home.path())
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
    assert!(
        stdout.contains("observations          table  DREES values by territory"),
        "{stdout}"
    );
    assert!(stdout.contains("rates                 view "), "{stdout}");
    // The statement spanning two lines.
    assert!(
        stdout.contains("+-----+\n| two |\n+-----+\n|   2 |\n+-----+\n1 row\n"),
        "{stdout}"
    );
    // \d territories: its columns.
    assert!(
        stdout
            .contains("code         Utf8      NOT NULL      territory code (DREES coding); text\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "valid_from   Int32     NULL allowed  first year the code is valid (Corse 2A/2B until 2017, 20 from 2018)\n"
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
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(errors[0].contains("SELEC"), "{stderr}");
    assert!(errors[1].contains("read-only"), "{stderr}");
    assert_eq!(
        errors[2],
        "error: unknown table or view `nope` (see `depbench tables`)"
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
