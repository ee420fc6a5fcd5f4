//! Errors of the user's SQL in French, with hints on common mistakes (`conseil : …` lines):
//! - an unknown table or view: the nearest names of the catalogue, its views and the user's
//!   files (`observation` → `observations`), never DataFusion's internal schema name;
//! - a code column (`territory`, `code`, `indicator`…) compared to a number fails to cast
//!   (`'2A'` is not a number): suggest quoting the code;
//! - an unknown column: every French word of the statement that is no column, with the
//!   columns it names ([`FRENCH_WORDS`]: `taux` → `rate_per_1000`), else the nearest column
//!   names; never DataFusion's advice about a setting the user cannot change;
//! - the memory limit reached: how to raise it;
//! - a division by zero, arithmetic on text ([`super::arithmetic`]): `NULLIF`, `CAST`.

use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;

use crate::error::Error;
use crate::model::names;

/// Columns that hold codes as text, though many look like numbers (`01`, `61`, `2A`, `R84`).
const CODE_COLUMNS: [&str; 10] = [
    "territory",
    "territoire_code",
    "dep",
    "code",
    "region_code",
    "parent_code",
    "indicator",
    "source_id",
    "doc_id",
    "departement",
];

/// French words users type for a column, and the catalogue's columns (English) they mean: the
/// figure files alias `rate_per_1000 AS taux`, reports show « Année », « Département »…, so
/// `SELECT taux FROM rates` is a common first try. Words are folded ([`names::fold`]: lower
/// case, no accents, `_` as a space); only the columns present in the query's tables are
/// suggested, in this order.
pub const FRENCH_WORDS: &[(&str, &[&str])] = &[
    ("taux", &["rate_per_1000"]),
    ("taux pour 1000", &["rate_per_1000"]),
    ("annee", &["year"]),
    ("an", &["year"]),
    ("millesime", &["year", "edition"]),
    ("departement", &["territory", "department", "code"]),
    ("dep", &["territory", "department", "code"]),
    ("code departement", &["territory", "code"]),
    ("territoire", &["territory", "code"]),
    ("region", &["region_code", "parent_code"]),
    ("valeur", &["value"]),
    ("nombre", &["value", "number", "count"]),
    ("effectif", &["value", "count"]),
    ("indicateur", &["indicator"]),
    ("nom", &["name", "territory_name", "label"]),
    ("libelle", &["label", "name", "indicator_label"]),
    ("statut", &["status"]),
    ("tranche", &["band", "age_band"]),
    ("tranche d age", &["band", "age_band"]),
    ("evolution", &["change", "change_pct"]),
    ("variation", &["change", "change_pct"]),
    ("periode", &["period_start", "period_end"]),
    ("unite", &["unit"]),
    ("source", &["source_id", "source_ref"]),
];

/// The columns of `names` (present in the query's tables) that the French word `name` means,
/// by [`FRENCH_WORDS`]; empty when it is no such word or none of them is there.
pub fn french_word(name: &str, names: &[String]) -> Vec<String> {
    let folded = names::fold(name);
    FRENCH_WORDS
        .iter()
        .filter(|(word, _)| *word == folded)
        .flat_map(|(_, columns)| columns.iter())
        .filter(|c| names.iter().any(|n| n.eq_ignore_ascii_case(c)))
        .map(|c| c.to_string())
        .fold(Vec::new(), |mut out, c| {
            if !out.contains(&c) {
                out.push(c);
            }
            out
        })
}

/// Whether a column of this name holds codes (text that may look like a number): the
/// catalogue's code columns, and any header that names a territory or a code in French or
/// English ([`names_a_code`]).
pub fn is_code_column(name: &str) -> bool {
    CODE_COLUMNS.contains(&name.to_lowercase().as_str()) || names_a_code(name)
}

/// Words of a header naming a territory (folded: lower case, no accents).
const TERRITORY_WORDS: [&str; 21] = [
    "dep",
    "dept",
    "depart",
    "departement",
    "departements",
    "department",
    "departments",
    "reg",
    "region",
    "regions",
    "territoire",
    "territoires",
    "territory",
    "commune",
    "com",
    "canton",
    "arrondissement",
    "epci",
    "codgeo",
    "cog",
    "insee",
];

/// Words of a header naming a code (`code_insee`, `siren`).
const CODE_WORDS: [&str; 6] = ["code", "codes", "cod", "siren", "siret", "finess"];

/// Words that may sit beside those in a code header: qualifiers (`num`, `n°`, `id`, `nom`,
/// `libelle`), articles, a year (`dep_2022`).
const QUALIFIER_WORDS: [&str; 16] = [
    "num", "numero", "no", "n", "id", "nom", "name", "libelle", "lib", "de", "du", "des", "d",
    "la", "le", "of",
];

/// Whether a header names a territory or a code: every word of it is a territory word, a
/// code word, a qualifier or a number, and one at least is a territory or a code word:
/// `Département`, `Code département`, `dep`, `DEP`, `code_dep`, `N° dép`, `Territoire`,
/// `code_insee`, `CODGEO`, `num_dep` are; `Nombre de départements` and `dep_brute` (a
/// spending) are not. Such columns stay text in the user's files, so `2A`, `01` and `971`
/// keep their form and join the catalogue's codes.
pub fn names_a_code(name: &str) -> bool {
    let folded = names::fold(name);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let strong = |w: &&str| TERRITORY_WORDS.contains(w) || CODE_WORDS.contains(w);
    words.iter().any(strong)
        && words.iter().all(|w| {
            strong(w) || QUALIFIER_WORDS.contains(w) || w.chars().all(|c| c.is_ascii_digit())
        })
}

/// The library error for `e`, raised by `sql` run from `context`, in French: what went wrong
/// in the user's words, the hints that apply (`conseil : …` lines) and, where it helps,
/// DataFusion's own text as a last `détail : …` line. `memory_limit` is the runtime's limit in
/// bytes; `tables`: the names of the tables and views the query may read (catalogue, views,
/// the user's files), suggested for an unknown table.
///
/// `numeric`: the numeric columns of the user's tables (table, column, type), named in the
/// hint of a failed cast (`Cannot cast string '2A' to value of Int64 type` in a join of the
/// user's file with the catalogue's codes). `text_columns`: names of the text columns of the
/// catalogue's tables and the user's files, named when arithmetic meets text
/// ([`super::arithmetic`]).
pub fn query_error(
    context: &str,
    sql: &str,
    e: DataFusionError,
    memory_limit: usize,
    numeric: &[(String, String, String)],
    tables: &[String],
    text_columns: &[String],
) -> Error {
    if let Some(too_large) = super::limits::value_too_large(&e) {
        return Error::TooLarge(format!("{context} : {too_large}"));
    }
    let text = e.to_string();
    let root = e.find_root();
    let mut hints: Vec<String> = Vec::new();
    let arithmetic = super::arithmetic::explain(&text, sql, text_columns);
    let (summary, detail) = match root {
        _ if arithmetic.is_some() => {
            let explained = arithmetic.unwrap_or_else(|| unreachable!("matched as some"));
            hints.extend(explained.hints);
            (explained.summary, None)
        }
        DataFusionError::ResourcesExhausted(_) => {
            hints.push(format!(
                "la requête demande plus que la limite de mémoire de {} (relevez-la avec --memory-limit, par exemple --memory-limit 4GB)",
                human_bytes(memory_limit)
            ));
            ("mémoire insuffisante".to_string(), Some(text.clone()))
        }
        DataFusionError::SchemaError(schema_error, _) => match schema_error.as_ref() {
            SchemaError::FieldNotFound {
                field,
                valid_fields,
            } => {
                let names: Vec<String> =
                    valid_fields.iter().map(|c| c.name().to_string()).collect();
                hints.extend(column_hints(field.name(), sql, &names, tables));
                let mut summary = format!("colonne inconnue `{}`", field.name());
                if !names.is_empty() {
                    let mut shown: Vec<String> = Vec::new();
                    for f in valid_fields {
                        let n = f.flat_name();
                        if !shown.contains(&n) {
                            shown.push(n);
                        }
                    }
                    summary.push_str(&format!("\ncolonnes disponibles : {}", shown.join(", ")));
                }
                (summary, None)
            }
            _ => ("la requête a échoué".to_string(), Some(text.clone())),
        },
        DataFusionError::Plan(message) if unknown_table(message).is_some() => {
            let name = unknown_table(message).unwrap_or_default();
            let near = nearest_best(&name, tables);
            let summary = if near.is_empty() {
                format!("table inconnue {name} (voir `depbench tables`)")
            } else {
                format!("table inconnue {name} ; {}", did_you_mean(&near))
            };
            (summary, None)
        }
        // A user's file read as a stream stops with depbench's own French message.
        DataFusionError::Execution(message) if message.contains(" : ligne ") => {
            (message.clone(), None)
        }
        DataFusionError::SQL(..) => ("erreur de syntaxe SQL".to_string(), Some(text.clone())),
        _ => ("la requête a échoué".to_string(), Some(text.clone())),
    };
    if text.contains("Cannot cast string") || text.contains("Cast error") {
        if let Some((column, number)) = code_compared_to_number(sql) {
            hints.push(format!(
                "`{column}` contient des codes écrits en texte (`'01'`, `'2A'`, `'FRM'`) : mettez le code entre apostrophes, {column} = '{number}'"
            ));
        } else if let Some(h) = cast_hint(sql, numeric) {
            hints.push(h);
        }
    }
    let mut message = format!("{context} : {summary}");
    if let Some(detail) = detail {
        message.push_str(&format!("\ndétail : {}", detail.trim_end()));
    }
    for h in hints {
        message.push_str(&format!("\nconseil : {h}"));
    }
    Error::Invalid(message)
}

/// The table an error of the planner says is unknown (`table 'datafusion.public.observation'
/// not found` → `observation`), without the catalogue and schema names DataFusion adds.
fn unknown_table(message: &str) -> Option<String> {
    let rest = message.split("table '").nth(1)?;
    let (qualified, after) = rest.split_once('\'')?;
    after.trim_start().starts_with("not found").then(|| {
        qualified
            .rsplit('.')
            .next()
            .unwrap_or(qualified)
            .to_string()
    })
}

/// The hints of an unknown column `field` of `sql` whose tables hold `names`: every French
/// word of the statement ([`FRENCH_WORDS`]) that is no column there, each with the columns it
/// means (`taux` → `rate_per_1000`, `année` → `year`, `département` → `territory`); else the
/// nearest names of `field`; and when only the case differs, the double quotes to write.
/// `tables`: the names of tables and views, never taken for columns.
pub fn column_hints(field: &str, sql: &str, names: &[String], tables: &[String]) -> Vec<String> {
    let mut hints = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for w in identifiers(sql) {
        if !words.iter().any(|k| names::fold(k) == names::fold(&w)) {
            words.push(w);
        }
    }
    if !words.iter().any(|k| names::fold(k) == names::fold(field)) {
        words.insert(0, field.to_string());
    }
    let meant: Vec<(String, Vec<String>)> = words
        .into_iter()
        .filter(|w| !names.iter().any(|n| n == w))
        .filter(|w| *w == field || !tables.iter().any(|t| t.eq_ignore_ascii_case(w)))
        .map(|w| {
            let cols = french_word(&w, names);
            (w, cols)
        })
        .filter(|(_, cols)| !cols.is_empty())
        .collect();
    if !meant.is_empty() {
        let said: Vec<String> = meant
            .iter()
            .map(|(w, cols)| {
                format!(
                    "`{w}` est {}",
                    cols.iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" ou ")
                )
            })
            .collect();
        hints.push(format!(
            "les colonnes sont nommées en anglais : {}",
            said.join(" ; ")
        ));
    } else if let Some(same) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(field) && n.as_str() != field)
    {
        hints.push(format!(
            "les noms de colonnes distinguent les majuscules : écrivez \"{same}\" entre guillemets doubles"
        ));
    } else {
        let near = nearest(field, names);
        if !near.is_empty() {
            hints.push(format!(
                "colonnes les plus proches : {}",
                near.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    hints
}

/// The identifiers of `sql` outside string literals and comments, as written (double-quoted
/// ones without their quotes), without the aliases given after `AS`.
fn identifiers(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut after_as = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i.min(chars.len())].iter().collect();
            if !after_as {
                out.push(word);
            }
            after_as = false;
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word.eq_ignore_ascii_case("as") {
                after_as = true;
                continue;
            }
            if !after_as {
                out.push(word);
            }
            after_as = false;
        } else {
            if !c.is_whitespace() {
                after_as = false;
            }
            i += 1;
        }
    }
    out
}

/// The hint of a failed cast of a code to a number: the user's numeric columns the query
/// names (table, column, type), each with the `CAST(… AS VARCHAR)` that compares it as text.
fn cast_hint(sql: &str, numeric: &[(String, String, String)]) -> Option<String> {
    // The columns on either side of a comparison (`a = b`, `a <> b`, `a IN (…)`): the cast
    // happens there; any column the query names when none is compared.
    let mut spaced = sql.to_string();
    for op in ["<>", "!=", "=", "(", ")", ","] {
        spaced = spaced.replace(op, &format!(" {op} "));
    }
    let spaced = spaced.replace("<  >", "<>").replace("!  =", "!=");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let column_of = |t: &str| {
        t.rsplit('.')
            .next()
            .unwrap_or("")
            .trim_matches('"')
            .to_lowercase()
    };
    let mut compared: Vec<String> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if ["=", "<>", "!="].contains(t) {
            compared.extend(i.checked_sub(1).map(|j| column_of(tokens[j])));
            compared.extend(tokens.get(i + 1).map(|n| column_of(n)));
        } else if t.eq_ignore_ascii_case("in") && i > 0 {
            compared.push(column_of(tokens[i - 1]));
        }
    }
    let mentioned: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let in_comparison = numeric
        .iter()
        .any(|(_, c, _)| compared.contains(&c.to_lowercase()));
    let words = if in_comparison { compared } else { mentioned };
    let named: Vec<String> = numeric
        .iter()
        .filter(|(_, column, _)| words.contains(&column.to_lowercase()))
        .map(|(table, column, kind)| {
            let plain = column
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !column.starts_with(|c: char| c.is_ascii_digit());
            let quoted = if plain {
                column.clone()
            } else {
                format!("\"{}\"", column.replace('"', "\"\""))
            };
            format!(
                "`{table}.{column}` a été lu dans votre fichier comme un nombre ({kind}) alors que des codes comme '2A' sont du texte : comparez-le comme texte, CAST({table}.{quoted} AS VARCHAR)"
            )
        })
        .collect();
    (!named.is_empty()).then(|| {
        format!(
            "{} (un en-tête qui nomme le territoire ou le code, par exemple `code_departement`, garde une telle colonne en texte)",
            named.join("; ")
        )
    })
}

/// At most three names of `names` nearest to `name` (edit distance at most half the longer).
/// Names are also compared with their `_`-separated words sorted, so that words written in
/// another order are near (`from_value` → `value_from`).
pub fn nearest(name: &str, names: &[String]) -> Vec<String> {
    let target = name.to_lowercase();
    let words = |s: &str| {
        let mut w: Vec<&str> = s.split('_').filter(|w| !w.is_empty()).collect();
        w.sort_unstable();
        w.join("_")
    };
    let target_words = words(&target);
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|n| {
            let lower = n.to_lowercase();
            let d = strsim::levenshtein(&target, &lower)
                .min(strsim::levenshtein(&target_words, &words(&lower)));
            let longer = target.chars().count().max(n.chars().count());
            (d * 2 <= longer).then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

/// The one French way of suggesting names, for every command and message (flags, commands,
/// tables and views, figures): `vouliez-vous dire « rates » ?`, `vouliez-vous dire « a », « b »
/// ou « c » ?`; empty when `names` is.
pub fn did_you_mean<S: AsRef<str>>(names: &[S]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| format!("« {} »", n.as_ref()))
        .collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => format!("vouliez-vous dire {one} ?"),
        [rest @ .., last] => format!("vouliez-vous dire {} ou {last} ?", rest.join(", ")),
    }
}

/// The names of `names` nearest to `name` ([`nearest`]) at the smallest distance only: an
/// unknown table `observation` suggests `observations`, not every view ending in
/// `_observations`.
pub fn nearest_best(name: &str, names: &[String]) -> Vec<String> {
    let near = nearest(name, names);
    let distance = |n: &String| strsim::levenshtein(&name.to_lowercase(), &n.to_lowercase());
    let best = near.iter().map(distance).min();
    near.iter()
        .filter(|n| Some(distance(n)) == best)
        .cloned()
        .collect()
}

/// The first `column = 123` (or `<>`, `!=`, `IN (123`) in `sql` where the column holds codes.
pub fn code_compared_to_number(sql: &str) -> Option<(String, String)> {
    // Tokens: identifiers (with dots), numbers, quoted strings skipped, operators.
    let mut tokens: Vec<String> = Vec::new();
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            tokens.push("'".into());
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c.is_whitespace() {
            i += 1;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            if two == "<>" || two == "!=" {
                tokens.push(two);
                i += 2;
            } else {
                tokens.push(c.to_string());
                i += 1;
            }
        }
    }
    // Padding, so a comparison at the very end still fills a window.
    tokens.push(String::new());
    let is_number = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    for w in tokens.windows(4) {
        let column = w[0].rsplit('.').next().unwrap_or("").to_lowercase();
        if !CODE_COLUMNS.contains(&column.as_str()) {
            continue;
        }
        let op = w[1].to_uppercase();
        if (op == "=" || op == "<>" || op == "!=") && is_number(&w[2]) {
            return Some((column, w[2].clone()));
        }
        if op == "IN" && w[2] == "(" && is_number(&w[3]) {
            return Some((column, w[3].clone()));
        }
    }
    None
}

/// `2147483648` → `2 GB` (binary units, as the limit is given).
pub fn human_bytes(n: usize) -> String {
    const UNITS: [(&str, usize); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size {
            let v = n as f64 / size as f64;
            return if v.fract() == 0.0 {
                format!("{v} {unit}")
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{n} B")
}

/// Parse a memory size: `2GB`, `512MB`, `1.5G`, `300m`, `65536` (bytes); binary units.
pub fn parse_bytes(text: &str) -> Result<usize, Error> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let bad = || {
        Error::Invalid(format!(
            "limite de mémoire `{text}` : attendu : une taille comme 2GB, 512MB ou 1.5G"
        ))
    };
    let v: f64 = number.parse().map_err(|_| bad())?;
    let scale: f64 = match unit.trim().to_uppercase().as_str() {
        "" | "B" => 1.0,
        "K" | "KB" | "KIB" => 1024.0,
        "M" | "MB" | "MIB" => 1024.0 * 1024.0,
        "G" | "GB" | "GIB" => 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad()),
    };
    let bytes = v * scale;
    if !bytes.is_finite() || bytes < 1.0 {
        return Err(bad());
    }
    Ok(bytes as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_columns_compared_to_numbers() {
        assert_eq!(
            code_compared_to_number("SELECT * FROM observations WHERE territory = 61"),
            Some(("territory".into(), "61".into()))
        );
        assert_eq!(
            code_compared_to_number("select 1 from t o where o.code in (17, 61)"),
            Some(("code".into(), "17".into()))
        );
        assert_eq!(
            code_compared_to_number("SELECT * FROM t WHERE territory = '61' AND year = 2022"),
            None
        );
    }

    #[test]
    fn nearest_names() {
        let names: Vec<String> = ["territory", "indicator", "year", "value", "status"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest("valeu", &names), ["value"]);
        assert_eq!(nearest("territoire", &names), ["territory"]);
        assert!(nearest("zzzzzz", &names).is_empty());
        // Words in another order are nearer than a name sharing one word.
        let changes: Vec<String> = ["from_year", "to_year", "value_from", "value_to"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest("from_value", &changes)[0], "value_from");
    }

    /// French words name the English columns present, whatever the case and accents; a
    /// word whose columns are absent, or no French word, gives nothing.
    #[test]
    fn french_words_name_the_columns() {
        let rates: Vec<String> = ["territory", "year", "rate_per_1000", "band", "status"]
            .map(String::from)
            .to_vec();
        assert_eq!(french_word("taux", &rates), ["rate_per_1000"]);
        assert_eq!(french_word("Année", &rates), ["year"]);
        assert_eq!(french_word("DÉPARTEMENT", &rates), ["territory"]);
        assert_eq!(french_word("tranche_d_age", &rates), ["band"]);
        assert!(french_word("valeur", &rates).is_empty());
        assert!(french_word("rate", &rates).is_empty());
        let territories: Vec<String> = ["code", "name", "parent_code"].map(String::from).to_vec();
        assert_eq!(french_word("departement", &territories), ["code"]);
        assert_eq!(french_word("région", &territories), ["parent_code"]);
    }

    /// DataFusion's text of an unknown table gives the table as typed, without its internal
    /// catalogue and schema; the nearest names at the smallest distance are suggested.
    #[test]
    fn unknown_tables() {
        assert_eq!(
            unknown_table("table 'datafusion.public.observation' not found").as_deref(),
            Some("observation")
        );
        assert_eq!(unknown_table("No field named x"), None);
        let tables: Vec<String> = [
            "observations",
            "bench_observations",
            "edition_observations",
            "rates",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(nearest_best("observation", &tables), ["observations"]);
        assert_eq!(nearest_best("rate", &tables), ["rates"]);
    }

    /// Every French word of the statement is hinted, in its order; aliases, strings, comments
    /// and table names are not columns.
    #[test]
    fn every_french_column_is_hinted() {
        let rates: Vec<String> = ["territory", "year", "rate_per_1000", "band", "status"]
            .map(String::from)
            .to_vec();
        let tables = vec!["rates".to_string(), "taux".to_string()];
        assert_eq!(
            column_hints(
                "département",
                "SELECT taux, année FROM rates WHERE département = '17'",
                &rates,
                &tables[..1]
            ),
            [
                "les colonnes sont nommées en anglais : `taux` est `rate_per_1000` ; `année` est `year` ; `département` est `territory`"
            ]
        );
        assert_eq!(
            column_hints(
                "annee",
                "SELECT t.territory AS taux, annee FROM taux t -- taux\nWHERE band = 'taux'",
                &rates,
                &tables
            ),
            ["les colonnes sont nommées en anglais : `annee` est `year`"]
        );
        let mixed: Vec<String> = ["Nombre".to_string()].to_vec();
        assert_eq!(
            column_hints("nombre", "SELECT Nombre FROM m", &mixed, &[]),
            [
                "les noms de colonnes distinguent les majuscules : écrivez \"Nombre\" entre guillemets doubles"
            ]
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_bytes("2GB").unwrap(), 2 << 30);
        assert_eq!(parse_bytes("512m").unwrap(), 512 << 20);
        assert_eq!(parse_bytes("1.5G").unwrap(), 3 << 29);
        assert_eq!(
            parse_bytes("lots").unwrap_err().to_string(),
            "limite de mémoire `lots` : attendu : une taille comme 2GB, 512MB ou 1.5G"
        );
        assert_eq!(human_bytes(2 << 30), "2 GB");
        assert_eq!(human_bytes(300 << 20), "300 MB");
    }
}
