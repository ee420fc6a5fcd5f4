//! The user's JSON files (`--table NAME=x.json`, `\\load`): NDJSON or one array of objects, read
//! whole into one Arrow batch with the types Arrow infers; every error names the file and the
//! line of the object it is in.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::record_batch::RecordBatch;

use crate::error::{Error, Result};

/// A JSON file (NDJSON, or one array of objects) read whole; every error names the line of the
/// object it is in (the line its `{` opens on, for an array).
pub fn read(path: &Path) -> Result<RecordBatch> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let at = |line: usize, e: &dyn std::fmt::Display| {
        Error::Invalid(format!("{} : ligne {line} : {e}", path.display()))
    };
    // (line of the file, object's text), in the file's order.
    let objects: Vec<(usize, &str)> = if text.trim_start().starts_with('[') {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| at(e.line(), &syntax(&e)))?;
        array_objects(&text)
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l))
            .collect()
    };
    // Each object on its own first, so that a syntax error names its line.
    let mut lines = String::new();
    for (line, object) in &objects {
        let value = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(object)
            .map_err(|e| at(*line, &syntax(&e)))?;
        lines.push_str(&serde_json::Value::Object(value).to_string());
        lines.push('\n');
    }
    let infer = |text: &str| {
        datafusion::arrow::json::reader::infer_json_schema(Cursor::new(text.as_bytes()), None)
    };
    // Types that cannot join are first looked for field by field: the message names the object
    // whose value has another JSON kind than the field's first value.
    let conflict = || -> Option<Error> {
        let mut first: std::collections::HashMap<String, (&'static str, usize)> =
            std::collections::HashMap::new();
        for ((line, _), row) in objects.iter().zip(lines.lines()) {
            let Ok(serde_json::Value::Object(map)) = serde_json::from_str(row) else {
                continue;
            };
            for (field, value) in map {
                let Some(kind) = json_kind(&value) else {
                    continue;
                };
                let (was, at_line) = *first.entry(field.clone()).or_insert((kind, *line));
                if was != kind {
                    return Some(at(
                        *line,
                        &format!(
                            "champ `{field}` : attendu : {was} comme à la ligne {at_line} ; trouvé : {kind}"
                        ),
                    ));
                }
            }
        }
        None
    };
    let schema = match infer(&lines) {
        Ok((schema, _)) => Arc::new(schema),
        Err(e) => {
            if let Some(e) = conflict() {
                return Err(e);
            }
            // The first object whose types cannot join the others': the shortest failing prefix.
            let rows: Vec<&str> = lines.lines().collect();
            let (mut ok, mut bad) = (0, rows.len());
            while bad - ok > 1 {
                let mid = (ok + bad) / 2;
                match infer(&rows[..mid].join("\n")) {
                    Ok(_) => ok = mid,
                    Err(_) => bad = mid,
                }
            }
            let line = objects.get(bad - 1).map_or(0, |o| o.0);
            return Err(at(line, &unreadable(&e)));
        }
    };
    let read = |text: &str| -> std::result::Result<Vec<RecordBatch>, String> {
        datafusion::arrow::json::ReaderBuilder::new(schema.clone())
            .build(Cursor::new(text.as_bytes()))
            .map_err(|e| e.to_string())?
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| e.to_string())
    };
    let batches = match read(&lines) {
        Ok(b) => b,
        Err(e) => {
            if let Some(e) = conflict() {
                return Err(e);
            }
            // Read object by object to name the one the reader refused.
            let line = lines
                .lines()
                .zip(&objects)
                .find(|(object, _)| read(object).is_err())
                .map_or(0, |(_, o)| o.0);
            return Err(at(line, &unreadable(&e)));
        }
    };
    datafusion::arrow::compute::concat_batches(&schema, &batches)
        .map_err(|e| Error::Invalid(format!("{} : {}", path.display(), unreadable(&e))))
}

/// Arrow's refusal of the objects' values, said in French with its own text as a detail.
fn unreadable(e: &dyn std::fmt::Display) -> String {
    format!("valeurs JSON illisibles comme colonnes (détail : {e})")
}

/// A JSON syntax error in French, at its column: what was expected; serde_json's text as a
/// detail when it is none of the usual ones.
fn syntax(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let said = [
        ("trailing comma", "une virgule en trop"),
        ("EOF while parsing", "le texte s'arrête avant la fin de l'objet"),
        ("expected value", "une valeur attendue (texte entre guillemets, nombre, true, false, null, liste ou objet)"),
        ("key must be a string", "une clé entre guillemets attendue"),
        ("expected `,` or `}`", "`,` ou `}` attendu"),
        ("expected `,` or `]`", "`,` ou `]` attendu"),
        ("expected `:`", "`:` attendu après la clé"),
        ("expected a map", "un objet JSON { … } attendu"),
        ("trailing characters", "du texte après la fin de l'objet"),
        ("control character", "un caractère de contrôle dans un texte (échappez-le : \\n, \\t)"),
        ("invalid escape", "un échappement `\\` invalide"),
        ("invalid number", "un nombre mal écrit"),
    ]
    .iter()
    .find(|(en, _)| text.contains(en))
    .map(|(_, fr)| *fr);
    match said {
        Some(fr) => format!("JSON mal formé, colonne {} : {fr}", e.column()),
        None => format!("JSON mal formé, colonne {} (détail : {text})", e.column()),
    }
}

/// The kind of a JSON value as a column sees it (integers and decimals are both numbers);
/// `None` for null, which joins any kind.
fn json_kind(value: &serde_json::Value) -> Option<&'static str> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::Bool(_) => Some("un booléen"),
        Value::Number(_) => Some("un nombre"),
        Value::String(_) => Some("un texte"),
        Value::Array(_) => Some("une liste"),
        Value::Object(_) => Some("un objet"),
    }
}

/// The top-level values of a JSON array (valid JSON), each with the line it starts on.
fn array_objects(text: &str) -> Vec<(usize, &str)> {
    let (mut depth, mut in_string, mut escaped, mut line) = (0usize, false, false, 1usize);
    let mut element: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && element.is_none() && !b.is_ascii_whitespace() && !matches!(b, b',' | b']')
        {
            element = Some((i, line));
        }
        let ends = match b {
            b'"' => {
                in_string = true;
                false
            }
            b'[' | b'{' => {
                depth += 1;
                false
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                depth == 0
            }
            b',' => depth == 1,
            _ => false,
        };
        if ends && let Some((from, at)) = element.take() {
            out.push((at, text[from..i].trim()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        std::fs::write(&path, text).unwrap();
        read(&path)
            .unwrap_err()
            .to_string()
            .replace(&path.display().to_string(), "x.json")
    }

    /// A value of another type than the others', a syntax error, an object that is no object:
    /// each named at its line, in both shapes of file.
    #[test]
    fn errors_name_the_line_of_their_object() {
        let nd = "{\"code\": \"61\", \"n\": 1}\n\n{\"code\": \"17\", \"n\": 2}\n{\"code\": \"95\", \"n\": [3]}\n";
        assert_eq!(
            error_of(nd),
            "x.json : ligne 4 : champ `n` : attendu : un nombre comme à la ligne 1 ; trouvé : une liste"
        );
        let array = "[\n  {\"code\": \"61\", \"n\": 1},\n  {\"code\": \"17\",\n   \"n\": 2},\n  {\"code\": \"95\", \"n\": {\"a\": 1}}\n]";
        assert_eq!(
            error_of(array),
            "x.json : ligne 5 : champ `n` : attendu : un nombre comme à la ligne 2 ; trouvé : un objet"
        );
        let syntax = "{\"code\": \"61\"}\n{\"code\": 17,}\n";
        assert_eq!(
            error_of(syntax),
            "x.json : ligne 2 : JSON mal formé, colonne 13 : une virgule en trop"
        );
        let scalar = "[\n  {\"code\": \"61\"},\n  \"17\"\n]";
        assert_eq!(
            error_of(scalar),
            "x.json : ligne 3 : JSON mal formé, colonne 4 : un objet JSON { … } attendu"
        );
    }

    #[test]
    fn array_elements_and_their_lines() {
        let text = "[ {\"a\": \"x,]}\"},\n  {\"b\": [1, 2]} ,\n 3 ]";
        assert_eq!(
            array_objects(text),
            [(1, "{\"a\": \"x,]}\"}"), (2, "{\"b\": [1, 2]}"), (3, "3")]
        );
    }

    #[test]
    fn good_files_read_in_both_shapes() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            (
                "a.json",
                "[{\"code\": \"61\", \"n\": 3}, {\"code\": \"17\", \"n\": 4}]",
            ),
            (
                "b.ndjson",
                "{\"code\": \"61\", \"n\": 3}\n{\"code\": \"17\", \"n\": 4}\n",
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let batch = read(&path).unwrap();
            assert_eq!((batch.num_rows(), batch.num_columns()), (2, 2), "{name}");
        }
    }
}
