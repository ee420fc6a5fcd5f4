//! What a new user read in the last trial, pinned: numbers of the formats people read (decimal
//! comma, every digit), suggestions of unknown names, French errors of arithmetic, the data
//! folder said when it is not the current one's.

use crate::common::{depbench, stdout_ok};

/// stderr of a run that fails with exit code 2 and writes nothing on stdout.
fn failure(args: &[&str]) -> String {
    let out = depbench(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

const NUMBERS: &str = "SELECT 8.485648378997022 AS x, -0.5 AS y, 2022 AS year, 'a.b' AS t";

/// Table, Markdown and HTML are read by people: a decimal comma and every digit; integers and
/// text as they are.
#[test]
fn formats_people_read_have_a_decimal_comma_and_every_digit() {
    assert_eq!(
        stdout_ok(&["query", NUMBERS]),
        "+-------------------+------+------+-----+\n\
         | x                 | y    | year | t   |\n\
         +-------------------+------+------+-----+\n\
         | 8,485648378997022 | -0,5 | 2022 | a.b |\n\
         +-------------------+------+------+-----+\n\
         1 ligne\n"
    );
    assert_eq!(
        stdout_ok(&["query", "--format", "markdown", NUMBERS]),
        "| x | y | year | t |\n|---:|---:|---:|:---|\n| 8,485648378997022 | -0,5 | 2022 | a.b |\n"
    );
    let html = stdout_ok(&["query", "--format", "html", NUMBERS]);
    assert!(
        html.contains(">8,485648378997022</td><td class=\"num\" style=\"text-align:right\">-0,5<"),
        "{html}"
    );
}

/// CSV, JSON and NDJSON are for programs: the decimal point stays.
#[test]
fn machine_formats_keep_the_decimal_point() {
    assert_eq!(
        stdout_ok(&["query", "--format", "csv", NUMBERS]),
        "x,y,year,t\n8.485648378997022,-0.5,2022,a.b\n"
    );
    assert_eq!(
        stdout_ok(&["query", "--format", "ndjson", NUMBERS]),
        "{\"x\":8.485648378997022,\"y\":-0.5,\"year\":2022,\"t\":\"a.b\"}\n"
    );
    let help = stdout_ok(&["query", "--help"]);
    assert!(
        help.contains("nombres à virgule décimale avec tous leurs chiffres (8,485648378997022)"),
        "{help}"
    );
}

/// An unknown table or view of `depbench tables` names the nearest, as the flags do.
#[test]
fn unknown_tables_and_files_suggest_the_nearest() {
    assert_eq!(
        failure(&["tables", "rate"]),
        "erreur : table ou vue inconnue `rate` (voir `depbench tables`) ; vouliez-vous dire « rates » ?\n"
    );
    assert_eq!(
        failure(&["tables", "observation"]),
        "erreur : table ou vue inconnue `observation` (voir `depbench tables`) ; vouliez-vous dire « observations » ?\n"
    );
    assert_eq!(
        failure(&["query", "-f", "queries/figures/03_taux_acueillis.sql"]),
        "erreur : queries/figures/03_taux_acueillis.sql : fichier introuvable ; vouliez-vous dire « queries/figures/03_taux_accueillis.sql » ?\n"
    );
    assert_eq!(
        failure(&[
            "chart",
            "-f",
            "queries/figures/12_taux_placements.sql",
            "-o",
            "x.png"
        ]),
        "erreur : queries/figures/12_taux_placements.sql : fichier introuvable ; vouliez-vous dire « queries/figures/12_taux_placement.sql » ?\n"
    );
}

/// A division by zero and arithmetic on text get French errors with what to write.
#[test]
fn arithmetic_errors_say_what_to_write() {
    assert_eq!(
        failure(&["query", "SELECT 1/0"]),
        "erreur : requête : division par zéro\n\
         conseil : diviser un entier par 0 est une erreur ; NULLIF(diviseur, 0) vaut NULL quand le diviseur vaut 0, et la division par NULL donne NULL : écrivez `1 / NULLIF(0, 0)`\n"
    );
    assert_eq!(
        failure(&["query", "SELECT name + 1 FROM territories"]),
        "erreur : requête : calcul sur du texte : `name` est une colonne de texte dans `+`\n\
         conseil : convertissez le texte en nombre : CAST(name AS DOUBLE) (TRY_CAST(name AS DOUBLE) donne NULL pour un texte qui n'est pas un nombre)\n"
    );
    assert_eq!(
        failure(&["query", "SELECT SUM(code) FROM territories"]),
        "erreur : requête : sum demande des nombres : `code` est du texte\n\
         conseil : convertissez le texte en nombre : CAST(code AS DOUBLE) (TRY_CAST(code AS DOUBLE) donne NULL pour un texte qui n'est pas un nombre)\n"
    );
}

/// Run from a folder without `./data`, the binary says which data and queries folders it reads
/// (its sources'); a data or queries folder that is not there is a French error naming it.
#[test]
fn outside_the_repository_the_data_folder_is_said() {
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |args: &[&str], data: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_depbench"));
        command
            .args(args)
            .current_dir(elsewhere.path())
            .env_remove("DEPBENCH_DATA")
            .env_remove("DEPBENCH_QUERIES")
            .env(
                "DEPBENCH_CACHE",
                std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
            );
        if let Some(d) = data {
            command.env("DEPBENCH_DATA", d);
        }
        command.output().unwrap()
    };
    let built = crate::common::root().join("data");
    let out = run(
        &[
            "query",
            "--format",
            "csv",
            "SELECT count(*) > 0 AS some FROM territories",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "some\ntrue\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "données : {} (le dossier des sources de depbench ; pas de ./data ici ; --data-dir DOSSIER ou $DEPBENCH_DATA pour un autre)\n\
             requêtes : {} (le dossier des sources de depbench ; pas de ./queries ici ; --queries-dir DOSSIER ou $DEPBENCH_QUERIES pour un autre)\n",
            built.display(),
            crate::common::root().join("queries").display()
        )
    );
    // A queries folder that is not there (a binary copied out of its sources, a wrong
    // --queries-dir) is a French error naming it, never « table inconnue ».
    let no_queries = elsewhere.path().join("pas-de-requetes");
    let out = run(
        &["--queries-dir", no_queries.to_str().unwrap(), "tables"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).ends_with(&format!(
            "erreur : dossier des requêtes introuvable : {} (donné par --queries-dir) : un dossier queries/ avec views/ et figures/ attendu ; donnez le dossier queries/ de depbench par --queries-dir DOSSIER ou $DEPBENCH_QUERIES, ou lancez depbench depuis le dossier qui le contient\n",
            no_queries.display()
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let absent = elsewhere.path().join("absent");
    let out = run(&["tables"], Some(absent.to_str().unwrap()));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "erreur : dossier des données introuvable : {} (donné par $DEPBENCH_DATA) ; donnez le dossier data/ de depbench par --data-dir DOSSIER ou $DEPBENCH_DATA, ou lancez depbench depuis le dossier qui le contient\n",
            absent.display()
        )
    );
    let out = run(
        &["--data-dir", absent.to_str().unwrap(), "report", "-d", "17"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(donné par --data-dir)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The SQL page keeps an error's line breaks (what went wrong, then each `conseil : …`) and
/// wraps long words at 390 px: the message is text with `\n`, its box `white-space: pre-wrap`.
#[tokio::test]
async fn sql_page_errors_keep_their_lines() {
    let (status, page) = crate::serve::text("/sql?sql=SELECT%201%2F0").await;
    assert_eq!(status.as_u16(), 400, "{page}");
    assert!(
        page.contains(
            "<p class=\"error\">requête : division par zéro\nconseil : diviser un entier par 0"
        ),
        "{page}"
    );
    // The SQL to write, between backquotes in the terminal, is code on the page.
    let error = page
        .split("<p class=\"error\">")
        .nth(1)
        .and_then(|p| p.split("</p>").next())
        .unwrap();
    assert!(
        error.contains("écrivez <code>1 / NULLIF(0, 0)</code>") && !error.contains('`'),
        "{error}"
    );
    let (_, css) = depbench::serve::assets::get("style.css").unwrap();
    let css = String::from_utf8_lossy(css);
    let rule = css.lines().find(|l| l.starts_with(".error{")).unwrap();
    assert!(rule.contains("white-space:pre-wrap"), "{rule}");
    assert!(rule.contains("overflow-wrap:anywhere"), "{rule}");
}

/// The shell writes its tables as `depbench query` does: a decimal comma, every digit; its
/// `\d NAME` of an unknown name suggests the nearest.
#[test]
fn the_shell_reads_as_the_query_command() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_depbench"))
        .arg("shell")
        .current_dir(crate::common::root())
        .env("HOME", home.path())
        .env_remove("DEPBENCH_DATA")
        .env_remove("DEPBENCH_QUERIES")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT 8.485648378997022 AS x;\n\\format markdown\nSELECT 0.1 + 0.2 AS y;\n\\d rate\n\\q\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stdout.contains("| 8,485648378997022 |"), "{stdout}");
    assert!(stdout.contains("| 0,30000000000000004 |"), "{stdout}");
    assert!(
        stderr.contains(
            "table ou vue inconnue `rate` (voir `depbench tables`) ; vouliez-vous dire « rates » ?"
        ),
        "{stderr}"
    );
}
