//! What the interactive shell understands, without the terminal: the commands typed at the
//! prompt, the table listing and the description of a table's columns (also used by
//! `depbench tables`). The line editor itself (rustyline) lives in the command-line crate.

use std::fmt::Write;

use crate::error::Result;
use crate::model::schema::column_description;
use crate::query::Engine;

/// `\d`: every table and view with its description (the user's files last, with their path).
pub fn list_tables(engine: &Engine) -> String {
    let tables = engine.tables();
    let width = tables.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for t in tables {
        let _ = writeln!(out, "{:<width$}  {:<5}  {}", t.name, t.kind, t.description);
    }
    out
}

/// `\d NAME`: the columns of a table, view or user's file: name, type, nullability (« NULL
/// possible » / « jamais NULL ») and what the column holds, in French.
pub async fn describe(engine: &Engine, name: &str) -> Result<String> {
    let schema = engine.describe(name).await?;
    // A user's file is described by its path: its columns are the user's, whatever their
    // names, so the catalogue's descriptions would mislead.
    let user_file = engine
        .user_tables()
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, path)| path);
    let description = |column: &str| match &user_file {
        Some(_) => "",
        None => column_description(name, column).unwrap_or(""),
    };
    let width = schema
        .fields()
        .iter()
        .map(|f| f.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for f in schema.fields() {
        let line = format!(
            "{:<width$}  {:<8}  {:<13}  {}",
            f.name(),
            f.data_type().to_string(),
            if f.is_nullable() {
                "NULL possible"
            } else {
                "jamais NULL"
            },
            description(f.name())
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(path) = user_file {
        let _ = writeln!(
            out,
            "(votre fichier {path} : types des colonnes déduits de ses valeurs)"
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
    /// `\timing [on|off]`: toggle, or set, the elapsed-time line.
    Timing(Option<bool>),
    /// `\format NAME`: output format of the following statements.
    Format(String),
    /// `\max-rows N`: rows shown by the table format.
    MaxRows(String),
    /// `\load NAME PATH`: register a file as a table.
    Load {
        name: String,
        path: String,
    },
    /// An unknown backslash command.
    Unknown(String),
    /// A complete statement (ends with `;`).
    Statement(String),
    /// More lines are needed.
    Incomplete,
}

/// Interpret `line` given the statement typed so far in `buffer` (which it extends).
/// Backslash commands are recognised only at the start of a statement.
pub fn interpret(buffer: &mut String, line: &str) -> Input {
    let trimmed = line.trim();
    if buffer.is_empty() {
        match trimmed {
            "\\q" | "quit" | "exit" => return Input::Quit,
            "\\d" => return Input::ListTables,
            "\\?" | "help" => return Input::Help,
            _ => {}
        }
        if let Some(command) = trimmed.strip_prefix('\\') {
            let (word, rest) = command
                .split_once(char::is_whitespace)
                .map_or((command, ""), |(w, r)| (w, r.trim()));
            return match word {
                "d" => Input::Describe(rest.to_string()),
                "timing" => Input::Timing(match rest {
                    "on" => Some(true),
                    "off" => Some(false),
                    _ => None,
                }),
                "format" => Input::Format(rest.to_string()),
                "max-rows" => Input::MaxRows(rest.to_string()),
                "load" => match rest.split_once(char::is_whitespace) {
                    Some((name, path)) => Input::Load {
                        name: name.to_string(),
                        path: path.trim().to_string(),
                    },
                    None => Input::Unknown(trimmed.to_string()),
                },
                _ => Input::Unknown(trimmed.to_string()),
            };
        }
        if trimmed.is_empty() {
            return Input::Incomplete;
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

/// The help text of `\?`.
pub const HELP: &str = "Les instructions finissent par `;` et peuvent tenir sur plusieurs lignes.
\\d                lister les tables et les vues
\\d NOM            décrire une table ou une vue (colonnes, types, contenu)
\\load NOM CHEMIN  ajouter un fichier (CSV, Parquet, JSON, XLSX#feuille) comme table NOM
\\format NOM       table, csv, csv-fr, json, ndjson, markdown ou html
\\max-rows N       lignes affichées par le format table
\\timing [on|off]  afficher la durée de chaque instruction
\\q                quitter
Les paramètres donnés par --param sont disponibles sous la forme $nom.
";

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
        assert_eq!(interpret(&mut buf, "\\timing"), Input::Timing(None));
        assert_eq!(
            interpret(&mut buf, "\\timing off"),
            Input::Timing(Some(false))
        );
        assert_eq!(
            interpret(&mut buf, "\\format csv"),
            Input::Format("csv".into())
        );
        assert_eq!(
            interpret(&mut buf, "\\max-rows 5"),
            Input::MaxRows("5".into())
        );
        assert_eq!(
            interpret(&mut buf, "\\load ip  /tmp/ip 2023.csv"),
            Input::Load {
                name: "ip".into(),
                path: "/tmp/ip 2023.csv".into()
            }
        );
        assert_eq!(interpret(&mut buf, "\\x"), Input::Unknown("\\x".into()));
        assert_eq!(interpret(&mut buf, "SELECT 1"), Input::Incomplete);
        assert_eq!(
            interpret(&mut buf, "  + 1;"),
            Input::Statement("SELECT 1\n  + 1".into())
        );
        assert!(buf.is_empty());
        assert_eq!(interpret(&mut buf, "\\q"), Input::Quit);
    }

    #[test]
    fn column_descriptions() {
        assert_eq!(
            column_description("observations", "status"),
            Some(
                "`published` (publiée), `not_available` (ND), `not_responding` (NR), `missing` (-), `not_significant` (NS), `not_communicated` (NC), `secret` (s), `not_applicable` (territoire inexistant cette année-là, ou /), `estimated` (total DREES), `imputed` (effectif fractionnaire)"
            )
        );
        assert!(
            column_description("rates", "territory")
                .unwrap()
                .starts_with("code du territoire")
        );
        assert_eq!(column_description("observations", "nope"), None);
    }
}
