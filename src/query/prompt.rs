//! What the interactive shell understands, without the terminal: the commands typed at the
//! prompt, the table listing and the description of a table's columns (also used by
//! `depbench tables`). The line editor itself (rustyline) lives in the command-line crate.

use std::fmt::Write;

use crate::error::Result;
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

/// What each column holds, by table (`*` for a column that means the same in every table).
/// From the README's data model and docs/documents-format.md.
const COLUMNS: &[(&str, &str, &str)] = &[
    (
        "*",
        "territory",
        "territory code: département (`17`, `2A`, `971`), `FRM` France métropolitaine, `FRE` France entière, `R84` région; text, quote it",
    ),
    (
        "*",
        "indicator",
        "indicator id of `indicators` (e.g. `TotEnfConfiesASE`, `taux_accueillis_0_19`)",
    ),
    ("*", "year", "reference year (stocks at 31/12 of the year)"),
    ("*", "source_id", "id of the published source in `sources`"),
    (
        "*",
        "source_ref",
        "where the number is in its source: sheet!cell or CSV line",
    ),
    ("*", "doc_id", "document id (seed file stem) in `documents`"),
    ("*", "line", "1-based line of the document's seed text"),
    ("*", "note", "ambiguities and remarks, verbatim"),
    (
        "*",
        "edition",
        "edition (publication) of the source the value comes from",
    ),
    ("*", "period_start", "first year of the period"),
    ("*", "period_end", "last year of the period"),
    (
        "*",
        "rate_per_1000",
        "stock at 31/12/N per 1 000 young people of the reference `band` at 1/1/N+1",
    ),
    (
        "rates",
        "band",
        "reference population: `0-20` (DREES convention, estimated), `0-17` (minors, estimated), `0-19` (exact)",
    ),
    (
        "rates",
        "population",
        "Insee population of the band used as denominator",
    ),
    (
        "rates",
        "population_year",
        "year of the 1 January population used (N+1, or the latest published)",
    ),
    (
        "rates",
        "population_estimated",
        "true when the band is estimated from Insee's 5-year bands",
    ),
    (
        "rates",
        "population_method",
        "how the band's population is computed",
    ),
    (
        "*",
        "pop_0_19",
        "Insee population aged 0-19 at 1 January (exact)",
    ),
    (
        "*",
        "pop_0_20",
        "Insee population aged 0-20 at 1 January (0-19 + 1/5 of 20-24, estimated)",
    ),
    (
        "*",
        "pop_0_17",
        "Insee population aged 0-17 at 1 January (0-14 + 3/5 of 15-19, estimated)",
    ),
    (
        "*",
        "population_fallback",
        "true when N+1 population is not published and the latest is used",
    ),
    (
        "observations",
        "value",
        "published value; NULL with a status when not available",
    ),
    (
        "observations",
        "status",
        "`published`, `not_available` (ND), `not_responding` (NR), `missing` (-), `not_significant` (NS), `not_communicated` (NC), `secret` (s), `not_applicable` (territory not existing that year, or /), `estimated` (DREES total), `imputed` (fractional count)",
    ),
    (
        "observations",
        "is_current",
        "true for the newest edition of the value",
    ),
    ("territories", "code", "territory code (DREES coding); text"),
    ("territories", "name", "French name"),
    (
        "territories",
        "kind",
        "`departement`, `region`, `aggregate` or a sub-territory kind",
    ),
    (
        "territories",
        "region_code",
        "région code (`R84`) of a département",
    ),
    ("territories", "parent_code", "enclosing territory"),
    (
        "territories",
        "valid_from",
        "first year the code is valid (Corse 2A/2B until 2017, 20 from 2018)",
    ),
    ("territories", "valid_to", "last year the code is valid"),
    ("indicators", "id", "indicator id"),
    ("indicators", "label", "French label"),
    ("indicators", "short_label", "short French label for charts"),
    (
        "indicators",
        "unit",
        "unit id (`count`, `percent`, `per_thousand`, `euro`…)",
    ),
    ("indicators", "definition", "what the indicator counts"),
    (
        "indicators",
        "reference_population",
        "age band of the population rates are computed on",
    ),
    ("sources", "id", "source id"),
    (
        "sources",
        "publisher",
        "publisher (DREES, Insee, département)",
    ),
    ("sources", "title", "title of the publication"),
    ("sources", "edition", "edition or date of the publication"),
    ("sources", "licence", "licence of the data"),
    ("sources", "origin", "original file name"),
    ("population", "date", "date of the estimate (1 January)"),
    ("population", "sex", "`hommes`, `femmes` or `ensemble`"),
    ("population", "age_band", "5-year age band (`0-4` … `95+`)"),
    ("population", "count", "Insee population estimate"),
    (
        "document_figures",
        "label",
        "the label as printed, verbatim",
    ),
    ("document_figures", "value_text", "the number as printed"),
    ("document_figures", "value", "the number, dot decimal"),
    (
        "document_figures",
        "unit",
        "unit id (`count`, `percent`, `per_thousand`…)",
    ),
    (
        "document_figures",
        "kind",
        "`stock`, `flow`, `change`, `share`, `rate`, `average`, `rank`, `target`, `ratio`",
    ),
];

/// The description of `column` of `table`, when known.
pub fn column_description(table: &str, column: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .or_else(|| COLUMNS.iter().find(|(t, c, _)| *t == "*" && *c == column))
        .map(|(_, _, d)| *d)
}

/// `\d NAME`: the columns of a table, view or user's file: name, type, nullability and what
/// the column holds.
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
        let line = format!(
            "{:<width$}  {:<8}  {:<12}  {}",
            f.name(),
            f.data_type().to_string(),
            if f.is_nullable() {
                "NULL allowed"
            } else {
                "NOT NULL"
            },
            column_description(name, f.name()).unwrap_or("")
        );
        let _ = writeln!(out, "{}", line.trim_end());
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
pub const HELP: &str = "Statements end with `;` and may span lines.
\\d              list tables and views
\\d NAME         describe a table or view (columns, types, meaning)
\\load NAME PATH register a file (CSV, Parquet, JSON, XLSX#sheet) as table NAME
\\format NAME    table, csv, json, ndjson, markdown or html
\\max-rows N     rows shown by the table format
\\timing [on|off] show the time each statement takes
\\q              quit
Parameters given with --param are available as $name.
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
                "`published`, `not_available` (ND), `not_responding` (NR), `missing` (-), `not_significant` (NS), `not_communicated` (NC), `secret` (s), `not_applicable` (territory not existing that year, or /), `estimated` (DREES total), `imputed` (fractional count)"
            )
        );
        assert!(
            column_description("rates", "territory")
                .unwrap()
                .starts_with("territory code")
        );
        assert_eq!(column_description("observations", "nope"), None);
    }
}
