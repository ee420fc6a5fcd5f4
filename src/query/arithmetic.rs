//! Errors of arithmetic in the user's SQL, in French with what to write instead:
//! - a division (or `%`) by zero of integers: `NULLIF(diviseur, 0)` gives NULL instead;
//! - arithmetic, a sign or a sum/average over text (`name + 1`, `-code`, `SUM(name)`): which
//!   column is text and the `CAST(… AS DOUBLE)` that makes it a number.
//!
//! [`explain`] reads DataFusion's English message and the statement; [`super::hints`] adds
//! what it returns to the error of the query.

/// What an arithmetic error is, in the user's words, and the hints (`conseil : …` lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The first line after the context: `division par zéro`, `calcul sur du texte : …`.
    pub summary: String,
    /// One hint each.
    pub hints: Vec<String>,
}

/// The French explanation of DataFusion's `message` for `sql`, when it is an arithmetic error;
/// `text_columns`: names of columns known to hold text (the catalogue's tables, the user's
/// files), to say which operand is text. `None` for any other error.
pub fn explain(message: &str, sql: &str, text_columns: &[String]) -> Option<Explained> {
    if message.contains("Divide by zero") {
        return Some(division_by_zero(sql));
    }
    if let Some(rest) = message.split("Cannot coerce arithmetic expression ").nth(1) {
        let types = rest.split(" to valid types").next().unwrap_or(rest);
        return Some(text_operand(sql, types, text_columns));
    }
    if message.contains("Unary operator '-' only supports") {
        let column = operand_after(sql, "-", text_columns);
        return Some(Explained {
            summary: match &column {
                Some(c) => format!("signe - devant du texte : `{c}` est du texte"),
                None => "signe - devant une valeur qui n'est pas un nombre".to_string(),
            },
            hints: vec![cast_hint(column.as_deref())],
        });
    }
    // `SUM(name)`, `AVG(code)`: « Function 'sum' requires Int64, but received String ».
    if let Some(rest) = message.split("Function '").nth(1)
        && message.contains("but received String")
    {
        let function = rest.split('\'').next().unwrap_or_default();
        let column = argument_of(sql, function, text_columns);
        return Some(Explained {
            summary: match &column {
                Some(c) => format!("{function} demande des nombres : `{c}` est du texte"),
                None => format!("{function} demande des nombres et reçoit du texte"),
            },
            hints: vec![cast_hint(column.as_deref())],
        });
    }
    None
}

/// A division or remainder of integers by zero.
fn division_by_zero(sql: &str) -> Explained {
    let tokens = tokens(sql);
    // The division as written when its two sides are one token each (a column, a number);
    // else its general form.
    let example = tokens
        .iter()
        .position(|t| t == "/" || t == "%")
        .and_then(|i| {
            let dividend = tokens.get(i.checked_sub(1)?)?;
            let divisor = tokens.get(i + 1)?;
            let call = tokens.get(i + 2).is_some_and(|t| t == "(");
            (!is_operator(dividend) && !is_operator(divisor) && !call)
                .then(|| format!("{dividend} {} NULLIF({divisor}, 0)", tokens[i]))
        })
        .unwrap_or_else(|| "x / NULLIF(diviseur, 0)".to_string());
    Explained {
        summary: "division par zéro".to_string(),
        hints: vec![format!(
            "diviser un entier par 0 est une erreur ; NULLIF(diviseur, 0) vaut NULL quand le diviseur vaut 0, et la division par NULL donne NULL : écrivez `{example}`"
        )],
    }
}

/// Arithmetic between text and a number (`types`: `Utf8 + Int64`).
fn text_operand(sql: &str, types: &str, text_columns: &[String]) -> Explained {
    let op = types.split_whitespace().nth(1).unwrap_or("+").to_string();
    let column = operand_around(sql, &op, text_columns);
    let summary = match &column {
        Some(c) if c.starts_with('\'') => {
            format!("calcul sur du texte : {c} est un texte (entre apostrophes) dans `{op}`")
        }
        Some(c) => format!("calcul sur du texte : `{c}` est une colonne de texte dans `{op}`"),
        None => format!("calcul sur du texte : `{op}` porte sur du texte ({types})"),
    };
    Explained {
        summary,
        hints: vec![cast_hint(column.as_deref())],
    }
}

/// The hint of a text operand: the cast to write.
fn cast_hint(column: Option<&str>) -> String {
    let c = column.unwrap_or("colonne");
    format!(
        "convertissez le texte en nombre : CAST({c} AS DOUBLE) (TRY_CAST({c} AS DOUBLE) donne NULL pour un texte qui n'est pas un nombre)"
    )
}

/// The first operand of `op` in `sql` (either side) that is a text column or a quoted text.
fn operand_around(sql: &str, op: &str, text_columns: &[String]) -> Option<String> {
    let tokens = tokens(sql);
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| *t == op)
        .flat_map(|(i, _)| [i.checked_sub(1), Some(i + 1)])
        .flatten()
        .filter_map(|j| tokens.get(j))
        .find(|t| t.starts_with('\'') || is_text(t, text_columns))
        .cloned()
}

/// The text column right after `op` (`-code`).
fn operand_after(sql: &str, op: &str, text_columns: &[String]) -> Option<String> {
    let tokens = tokens(sql);
    tokens
        .windows(2)
        .find(|w| w[0] == op && is_text(&w[1], text_columns))
        .map(|w| w[1].clone())
}

/// The text column given to `function(` in `sql` (case ignored).
fn argument_of(sql: &str, function: &str, text_columns: &[String]) -> Option<String> {
    let tokens = tokens(sql);
    tokens
        .windows(3)
        .find(|w| {
            w[0].eq_ignore_ascii_case(function) && w[1] == "(" && is_text(&w[2], text_columns)
        })
        .map(|w| w[2].clone())
}

/// Whether the identifier `token` (`t.name`, `"Nom"`) names a text column.
fn is_text(token: &str, text_columns: &[String]) -> bool {
    let column = token.rsplit('.').next().unwrap_or(token).trim_matches('"');
    text_columns.iter().any(|c| c.eq_ignore_ascii_case(column))
}

fn is_operator(token: &str) -> bool {
    token.len() == 1 && "+-*/%(),;".contains(token)
}

/// The tokens of `sql` as written, read by sqlparser's tokenizer (DataFusion's own): identifiers
/// with their qualifier and double quotes joined (`t.name`, `"T"`), numbers, quoted texts with
/// their apostrophes, operators; comments and spaces dropped. A statement the tokenizer refuses
/// (an unclosed quote) gives no token, so no example is shown.
fn tokens(sql: &str) -> Vec<String> {
    use datafusion::sql::sqlparser::dialect::GenericDialect;
    use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    // After `word.`, the next word belongs to the same identifier.
    let mut qualified = false;
    let mut previous_word = false;
    for token in tokens {
        match &token {
            Token::Whitespace(_) => {
                qualified = false;
                previous_word = false;
            }
            Token::Period if previous_word => {
                if let Some(last) = out.last_mut() {
                    last.push('.');
                }
                qualified = true;
                previous_word = false;
            }
            Token::Word(_) if qualified => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&token.to_string());
                }
                qualified = false;
                previous_word = true;
            }
            _ => {
                previous_word = matches!(token, Token::Word(_));
                qualified = false;
                out.push(token.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Vec<String> {
        vec!["name".to_string(), "code".to_string()]
    }

    #[test]
    fn tokens_of_a_statement() {
        assert_eq!(
            tokens("SELECT t.name+1, 'a b' -- x\nFROM \"T\""),
            ["SELECT", "t.name", "+", "1", ",", "'a b'", "FROM", "\"T\""]
        );
    }

    #[test]
    fn division_by_zero_names_the_divisor() {
        let e = explain("Arrow error: Divide by zero error", "SELECT 1/0", &text()).unwrap();
        assert_eq!(e.summary, "division par zéro");
        assert_eq!(
            e.hints,
            [
                "diviser un entier par 0 est une erreur ; NULLIF(diviseur, 0) vaut NULL quand le diviseur vaut 0, et la division par NULL donne NULL : écrivez `1 / NULLIF(0, 0)`"
            ]
        );
    }

    #[test]
    fn arithmetic_on_text_names_the_column() {
        let e = explain(
            "Error during planning: Cannot coerce arithmetic expression Utf8 * Int64 to valid types",
            "SELECT t.name * 2 FROM territories t",
            &text(),
        )
        .unwrap();
        assert_eq!(
            e.summary,
            "calcul sur du texte : `t.name` est une colonne de texte dans `*`"
        );
        assert_eq!(
            e.hints,
            [
                "convertissez le texte en nombre : CAST(t.name AS DOUBLE) (TRY_CAST(t.name AS DOUBLE) donne NULL pour un texte qui n'est pas un nombre)"
            ]
        );
        let e = explain(
            "Cannot coerce arithmetic expression Utf8 + Int64 to valid types",
            "SELECT 'a' + 1",
            &text(),
        )
        .unwrap();
        assert_eq!(
            e.summary,
            "calcul sur du texte : 'a' est un texte (entre apostrophes) dans `+`"
        );
        let e = explain(
            "Cannot coerce arithmetic expression Utf8 + Int64 to valid types",
            "SELECT x + 1 FROM v",
            &text(),
        )
        .unwrap();
        assert_eq!(
            e.summary,
            "calcul sur du texte : `+` porte sur du texte (Utf8 + Int64)"
        );
    }

    #[test]
    fn sums_and_signs_of_text() {
        let e = explain(
            "Function 'sum' requires Int64, but received String (DataType: Utf8).",
            "SELECT SUM(name) FROM territories",
            &text(),
        )
        .unwrap();
        assert_eq!(e.summary, "sum demande des nombres : `name` est du texte");
        let e = explain(
            "Unary operator '-' only supports signed numeric, interval and timestamp types",
            "SELECT -code FROM territories",
            &text(),
        )
        .unwrap();
        assert_eq!(e.summary, "signe - devant du texte : `code` est du texte");
        assert!(explain("table 'x' not found", "SELECT 1", &text()).is_none());
        let e = explain("Divide by zero error", "SELECT 5 % 0", &text()).unwrap();
        assert!(e.hints[0].ends_with("écrivez `5 % NULLIF(0, 0)`"), "{e:?}");
        let e = explain("Divide by zero error", "SELECT a / CAST(b AS INT)", &text()).unwrap();
        assert!(
            e.hints[0].ends_with("écrivez `x / NULLIF(diviseur, 0)`"),
            "{e:?}"
        );
    }
}
