//! Named query parameters (`$focus`, `$peers`, `$year`…) substituted as SQL literals.
//!
//! Parameters are typed by name: `year`, `from`, `to`, `base` and `k` are integers; every other
//! parameter is a list of codes or words written as quoted literals, so `IN ($peers)` and
//! `= $focus` both work. Values are validated before substitution: a quote or a semicolon in a
//! value is refused, so a parameter can never change the statement.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// Parameter names whose values are integers.
pub const INTEGER_PARAMS: [&str; 5] = ["year", "from", "to", "base", "k"];

/// Parameter values by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub BTreeMap<String, String>);

impl Params {
    /// Parse `name=value` pairs (as given to `--param`).
    pub fn parse<'a>(pairs: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let mut map = BTreeMap::new();
        for pair in pairs {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                Error::Invalid(format!(
                    "paramètre `{pair}` : attendu : la forme nom=valeur"
                ))
            })?;
            map.insert(
                k.trim().trim_start_matches('$').to_string(),
                v.trim().to_string(),
            );
        }
        Ok(Params(map))
    }

    /// Set a parameter.
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(name.to_string(), value.into());
        self
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The items of list parameter `name` (`peers=22, 64,14` → `22`, `64`, `14`: split on
    /// commas, trimmed, empty items left out); empty when it is not given.
    pub fn items(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The SQL literal(s) for parameter `name`.
    pub fn literal(&self, name: &str) -> Result<String> {
        let value = self.get(name).ok_or_else(|| {
            Error::Invalid(format!(
                "paramètre ${name} manquant (donnez-le avec --param {name}=…)"
            ))
        })?;
        if INTEGER_PARAMS.contains(&name) {
            let v: i32 = value.parse().map_err(|_| {
                Error::Invalid(format!(
                    "paramètre ${name} : attendu : un entier ; trouvé : `{value}`"
                ))
            })?;
            return Ok(v.to_string());
        }
        let items = self.items(name);
        if items.is_empty() {
            return Err(Error::Invalid(format!(
                "paramètre ${name} vide : donnez au moins une valeur (--param {name}=…)"
            )));
        }
        for item in &items {
            if item.contains(['\'', '"', ';', '\\']) || item.contains("--") {
                return Err(Error::Invalid(format!(
                    "paramètre ${name} : la valeur `{item}` contient un caractère non permis"
                )));
            }
        }
        Ok(items
            .iter()
            .map(|i| format!("'{i}'"))
            .collect::<Vec<_>>()
            .join(", "))
    }

    /// Names of the `$parameters` used in `sql` (outside string literals and comments).
    pub fn used(sql: &str) -> Vec<String> {
        let mut names = Vec::new();
        scan(sql, |name| {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
            None
        });
        names
    }

    /// `sql` with every `$name` replaced by its literal.
    pub fn substitute(&self, sql: &str) -> Result<String> {
        let mut error = None;
        let out = scan(sql, |name| match self.literal(name) {
            Ok(l) => Some(l),
            Err(e) => {
                error.get_or_insert(e);
                None
            }
        });
        match error {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

/// Walk `sql`, calling `f` for every `$name` outside quotes and comments; `f` returns the
/// replacement (or `None` to keep the text).
fn scan(sql: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(sql.len());
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                let quote = c;
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == quote {
                        break;
                    }
                }
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '$' if chars
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') =>
            {
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let name: String = chars[start..end].iter().collect();
                match f(&name) {
                    Some(rep) => out.push_str(&rep),
                    None => {
                        out.push('$');
                        out.push_str(&name);
                    }
                }
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params::parse(["focus=17", "peers=22, 64,14", "year=2022"]).unwrap()
    }

    #[test]
    fn substitutes_lists_strings_and_integers() {
        let sql = "SELECT * FROM t WHERE code = $focus OR code IN ($peers) AND year = $year";
        assert_eq!(
            params().substitute(sql).unwrap(),
            "SELECT * FROM t WHERE code = '17' OR code IN ('22', '64', '14') AND year = 2022"
        );
    }

    #[test]
    fn leaves_literals_and_comments_alone() {
        let sql = "SELECT '$focus' -- $peers\n, $focus";
        assert_eq!(
            params().substitute(sql).unwrap(),
            "SELECT '$focus' -- $peers\n, '17'"
        );
        assert_eq!(Params::used("x = $a AND y IN ($b) AND z = $a"), ["a", "b"]);
    }

    #[test]
    fn refuses_bad_values() {
        let p = Params::parse(["focus=17' OR 1=1 --", "year=20x"]).unwrap();
        assert!(
            p.substitute("$focus")
                .unwrap_err()
                .to_string()
                .contains("non permis")
        );
        assert_eq!(
            p.substitute("$year").unwrap_err().to_string(),
            "paramètre $year : attendu : un entier ; trouvé : `20x`"
        );
        assert_eq!(
            Params::default()
                .substitute("$focus")
                .unwrap_err()
                .to_string(),
            "paramètre $focus manquant (donnez-le avec --param focus=…)"
        );
    }
}
