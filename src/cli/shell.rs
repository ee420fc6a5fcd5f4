//! `depbench shell`: an interactive SQL prompt with history and tab completion. What the
//! prompt understands is in the library ([`depbench::query::prompt`]); the line editor is here.

use std::cell::RefCell;
use std::io::Write;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use depbench::query::prompt::{self, HELP, Input, interpret};
use depbench::query::{Engine, Params};
use depbench::write::{self as writers, Format};
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use super::Cli;

/// SQL interactif : les instructions finissent par `;` et peuvent tenir sur plusieurs lignes ;
/// `\d` liste les tables, `\d NOM` en décrit une, `\load NOM CHEMIN` ajoute un fichier,
/// `\format`, `\max-rows`, `\timing`, `\q` quitte. Tab complète les mots-clés, tables, vues et
/// colonnes. L'historique (instructions entières) est gardé dans ~/.depbench_history.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Paramètre nommé disponible pour toutes les instructions, ex. --param focus=17.
    #[arg(short, long = "param", value_name = "NOM=VALEUR")]
    pub params: Vec<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let params = Params::parse(args.params.iter().map(String::as_str))?;
    let engine = cli.engine()?;
    let rt = super::runtime()?;
    rt.block_on(shell(&engine, &params))?;
    Ok(ExitCode::SUCCESS)
}

const KEYWORDS: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "GROUP BY",
    "ORDER BY",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "JOIN",
    "LEFT JOIN",
    "INNER JOIN",
    "CROSS JOIN",
    "ON",
    "USING",
    "AS",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS NULL",
    "IS NOT NULL",
    "BETWEEN",
    "LIKE",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "WITH",
    "UNION ALL",
    "DISTINCT",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "ROUND",
    "COALESCE",
    "CAST",
    "DESC",
    "ASC",
    "OVER",
    "PARTITION BY",
    "EXPLAIN",
    "DESCRIBE",
    "SHOW TABLES",
];

/// Completion of keywords, table and view names, and column names.
struct SqlHelper {
    words: Rc<RefCell<Vec<String>>>,
}

impl Completer for SqlHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let prefix = &line[start..pos];
        if prefix.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let lower = prefix.to_lowercase();
        let upper = prefix.chars().next().is_some_and(char::is_uppercase);
        let mut out: Vec<String> = self
            .words
            .borrow()
            .iter()
            .filter(|w| w.to_lowercase().starts_with(&lower))
            .map(|w| {
                // Keywords follow the case the user types in.
                if KEYWORDS.contains(&w.as_str()) && !upper {
                    w.to_lowercase()
                } else {
                    w.clone()
                }
            })
            .collect();
        out.sort();
        out.dedup();
        Ok((start, out))
    }
}
impl Hinter for SqlHelper {
    type Hint = String;
}
impl Highlighter for SqlHelper {}
impl Validator for SqlHelper {}
impl Helper for SqlHelper {}

/// Keywords, every table and view, and the columns of tables and files.
async fn completion_words(engine: &Engine) -> Vec<String> {
    let mut words: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    for t in engine.tables() {
        // Views are planned on demand (some are computed): their columns are not listed,
        // only the columns of base tables and the user's files.
        if t.kind != "view"
            && let Ok(schema) = engine.describe(&t.name).await
        {
            words.extend(schema.fields().iter().map(|f| f.name().clone()));
        }
        words.push(t.name);
    }
    words.sort();
    words.dedup();
    words
}

/// The shell's settings changed by backslash commands.
struct Settings {
    format: Format,
    max_rows: usize,
    timing: bool,
}

fn parse_format(name: &str) -> Option<Format> {
    Some(match name {
        "table" => Format::Table,
        "csv" => Format::Csv,
        "csv-fr" => Format::CsvFr,
        "json" => Format::Json,
        "ndjson" => Format::Ndjson,
        "markdown" => Format::Markdown,
        "html" => Format::Html,
        _ => return None,
    })
}

/// Run the prompt until `\q` or end of input.
async fn shell(engine: &Engine, params: &Params) -> anyhow::Result<()> {
    let words = Rc::new(RefCell::new(completion_words(engine).await));
    let mut editor: Editor<SqlHelper, DefaultHistory> = Editor::new()?;
    editor.set_helper(Some(SqlHelper {
        words: words.clone(),
    }));
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".depbench_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!(
        "shell depbench : du SQL terminé par `;`, \\d pour lister les tables, \\? pour l'aide, \\q pour quitter."
    );
    let mut settings = Settings {
        format: Format::Table,
        max_rows: 40,
        timing: false,
    };
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            "depbench> "
        } else {
            "      ..> "
        };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        };
        let input = interpret(&mut buffer, &line);
        // History keeps whole statements (all their lines) and commands, not fragments.
        match &input {
            Input::Incomplete => {}
            Input::Statement(sql) => {
                let _ = editor.add_history_entry(format!("{sql};"));
            }
            _ => {
                let _ = editor.add_history_entry(line.trim());
            }
        }
        match input {
            Input::Quit => break,
            Input::Incomplete => {}
            Input::Help => print!("{HELP}"),
            Input::ListTables => print!("{}", prompt::list_tables(engine)),
            Input::Describe(name) => match prompt::describe(engine, &name).await {
                Ok(text) => print!("{text}"),
                Err(e) => eprintln!("erreur : {e}"),
            },
            Input::Timing(on) => {
                settings.timing = on.unwrap_or(!settings.timing);
                println!(
                    "chronométrage {}",
                    if settings.timing {
                        "activé"
                    } else {
                        "désactivé"
                    }
                );
            }
            Input::Format(name) => match parse_format(&name) {
                Some(f) => settings.format = f,
                None => eprintln!(
                    "erreur : \\format `{name}` : attendu : table, csv, csv-fr, json, ndjson, markdown ou html"
                ),
            },
            Input::MaxRows(n) => match n.parse::<usize>() {
                Ok(n) => settings.max_rows = n,
                Err(_) => eprintln!("erreur : \\max-rows `{n}` : attendu : un nombre de lignes"),
            },
            Input::Load { name, path } => match engine.add_file(&name.to_lowercase(), &path) {
                Ok(()) => {
                    println!("fichier {path} chargé comme table {}", name.to_lowercase());
                    *words.borrow_mut() = completion_words(engine).await;
                }
                Err(e) => eprintln!("erreur : {e}"),
            },
            Input::Unknown(cmd) => {
                eprintln!("erreur : commande inconnue `{cmd}` (\\? pour l'aide)")
            }
            Input::Statement(sql) => {
                let started = Instant::now();
                // Ctrl-C stops the statement and comes back to the prompt.
                let run = execute(engine, &sql, params, &settings);
                if let Err(e) = depbench::query::limits::within(None, true, "requête", run).await {
                    eprintln!("erreur : {e}");
                }
                if settings.timing {
                    println!(
                        "durée : {} s",
                        depbench::model::format::number(started.elapsed().as_secs_f64(), 3)
                    );
                }
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(())
}

async fn execute(
    engine: &Engine,
    sql: &str,
    params: &Params,
    settings: &Settings,
) -> depbench::Result<()> {
    let stream = engine.stream(sql, params, "requête").await?;
    let schema = stream.schema();
    let mut out = std::io::stdout().lock();
    let options = writers::Options {
        max_rows: settings.max_rows,
    };
    let mut w = writers::text_writer(settings.format, schema, &mut out, options)?;
    writers::write_stream(stream, w.as_mut(), |e| engine.error("requête", sql, e)).await?;
    drop(w);
    out.flush().map_err(|e| depbench::Error::io("<stdout>", e))
}
