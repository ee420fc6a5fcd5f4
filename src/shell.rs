//! The interactive SQL shell (`depbench shell`) and the table listings it shares with
//! `depbench tables`.

use std::fmt::Write;
use std::sync::Arc;

use rustyline::error::ReadlineError;

use crate::error::{Error, Result};
use crate::query::{Engine, Params, output};

/// `\d`: every table and view with its description.
pub fn list_tables(engine: &Engine) -> String {
    let tables = engine.tables();
    let width = tables.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for t in tables {
        let _ = writeln!(out, "{:<width$}  {:<5}  {}", t.name, t.kind, t.description);
    }
    out
}

/// `\d NAME`: the columns of a table or view.
pub async fn describe(engine: &Engine, name: &str) -> Result<String> {
    let schema = engine.describe(name).await?;
    let width = schema
        .fields()
        .iter()
        .map(|f| f.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in schema.fields() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {}",
            f.name(),
            f.data_type().to_string(),
            if f.is_nullable() {
                "NULL allowed"
            } else {
                "NOT NULL"
            }
        );
    }
    Ok(out)
}

/// What a line typed at the prompt asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    Quit,
    ListTables,
    Describe(String),
    Help,
    /// A complete statement (ends with `;`).
    Statement(String),
    /// More lines are needed.
    Incomplete,
}

/// Interpret `line` given the statement typed so far in `buffer` (which it extends).
pub fn interpret(buffer: &mut String, line: &str) -> Input {
    let trimmed = line.trim();
    if buffer.is_empty() {
        match trimmed {
            "\\q" | "quit" | "exit" => return Input::Quit,
            "\\d" => return Input::ListTables,
            "\\?" | "help" => return Input::Help,
            _ => {}
        }
        if let Some(name) = trimmed.strip_prefix("\\d ") {
            return Input::Describe(name.trim().to_string());
        }
    }
    if !buffer.is_empty() {
        buffer.push('\n');
    }
    buffer.push_str(line);
    if trimmed.ends_with(';') {
        let statement = std::mem::take(buffer);
        Input::Statement(statement.trim().trim_end_matches(';').to_string())
    } else {
        Input::Incomplete
    }
}

const HELP: &str = "Statements end with `;` and may span lines.\n\\d         list tables and views\n\\d NAME    describe a table or view\n\\q         quit\nParameters given with --param are available as $name.\n";

/// Run the prompt until `\q` or end of input.
pub async fn run(engine: &Engine, params: &Params) -> Result<()> {
    let mut editor =
        rustyline::DefaultEditor::new().map_err(|e| Error::Invalid(format!("shell: {e}")))?;
    let history =
        std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".depbench_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!("depbench shell: SQL ending with `;`, \\d to list tables, \\q to quit.");
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
            Err(e) => return Err(Error::Invalid(format!("shell: {e}"))),
        };
        let input = interpret(&mut buffer, &line);
        if !matches!(input, Input::Incomplete) {
            let _ = editor.add_history_entry(line.as_str());
        }
        match input {
            Input::Quit => break,
            Input::Incomplete => {}
            Input::Help => print!("{HELP}"),
            Input::ListTables => print!("{}", list_tables(engine)),
            Input::Describe(name) => match describe(engine, &name).await {
                Ok(text) => print!("{text}"),
                Err(e) => eprintln!("error: {e}"),
            },
            Input::Statement(sql) => match execute(engine, &sql, params).await {
                Ok(text) => print!("{text}"),
                Err(e) => eprintln!("error: {e}"),
            },
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(())
}

async fn execute(engine: &Engine, sql: &str, params: &Params) -> Result<String> {
    let df = engine.plan(sql, params, "shell").await?;
    let schema = Arc::new(df.schema().as_arrow().clone());
    let batches = df.collect().await.map_err(|e| Error::query("shell", e))?;
    output::render(&schema, &batches, output::Format::Table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_statements_and_commands() {
        let mut buf = String::new();
        assert_eq!(interpret(&mut buf, "\\d"), Input::ListTables);
        assert_eq!(
            interpret(&mut buf, "\\d observations"),
            Input::Describe("observations".into())
        );
        assert_eq!(interpret(&mut buf, "SELECT 1"), Input::Incomplete);
        assert_eq!(
            interpret(&mut buf, "  + 1;"),
            Input::Statement("SELECT 1\n  + 1".into())
        );
        assert!(buf.is_empty());
        assert_eq!(interpret(&mut buf, "\\q"), Input::Quit);
    }
}
