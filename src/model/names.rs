//! Département names and codes as users type them: `17`, `1` (→ `01`), `2a`, `Orne`, `orne`,
//! `Côtes d'Armor`, `Charente-Maritime (17)`. The one place that resolves them, for the report
//! command and the web explorer alike.

/// Lower-case, accents and punctuation folded: `Côtes-d'Armor` → `cotes d armor`.
pub fn fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let c = match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' | 'ä' => 'a',
            'ô' | 'ö' => 'o',
            'î' | 'ï' => 'i',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'œ' => {
                out.push_str("oe");
                continue;
            }
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Index in `list` (code, name) of the département `input` designates: its code (one digit
/// padded: `1` → `01`; case ignored: `2a` → `2A`), its name (case, accents and punctuation
/// folded), or `Name (code)` as the explorer's list shows it. `None` when nothing matches.
pub fn find<'a>(
    list: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    input: &str,
) -> Option<usize> {
    let t = input.trim();
    let upper = t.to_uppercase();
    let code = if upper.len() == 1 && upper.chars().all(|c| c.is_ascii_digit()) {
        format!("0{upper}")
    } else {
        upper
    };
    if let Some(i) = list.clone().into_iter().position(|(c, _)| c == code) {
        return Some(i);
    }
    if let Some(inner) = t
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once('('))
        .map(|(_, c)| c.trim().to_uppercase())
        && let Some(i) = list.clone().into_iter().position(|(c, _)| c == inner)
    {
        return Some(i);
    }
    let f = fold(t);
    list.into_iter().position(|(_, n)| fold(n) == f)
}

/// Up to three départements whose folded name contains, or is one edit away from, the folded
/// `input`: the suggestions of an unknown name (`Ornee` → Orne).
pub fn near<'a>(list: impl IntoIterator<Item = (&'a str, &'a str)>, input: &str) -> Vec<usize> {
    let f = fold(input);
    if f.is_empty() {
        return Vec::new();
    }
    list.into_iter()
        .enumerate()
        .filter(|(_, (_, n))| {
            let n = fold(n);
            n.contains(&f) || edits_at_most_one(&n, &f)
        })
        .map(|(i, _)| i)
        .take(3)
        .collect()
}

/// Whether `a` and `b` differ by at most one inserted, deleted or replaced character.
fn edits_at_most_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = long.iter().zip(&short).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        true
    } else if long.len() == short.len() {
        long[prefix + 1..] == short[prefix + 1..]
    } else {
        long[prefix + 1..] == short[prefix..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: [(&str, &str); 3] = [("01", "Ain"), ("61", "Orne"), ("22", "Côtes-d'Armor")];

    #[test]
    fn folds_names() {
        assert_eq!(fold("Côtes-d'Armor"), "cotes d armor");
        assert_eq!(fold("  ORNE "), "orne");
    }

    #[test]
    fn finds_codes_and_names() {
        assert_eq!(find(LIST, "1"), Some(0));
        assert_eq!(find(LIST, "orne"), Some(1));
        assert_eq!(find(LIST, "Orne (61)"), Some(1));
        assert_eq!(find(LIST, "cotes d'armor"), Some(2));
        assert_eq!(find(LIST, "Ornes"), None);
        assert_eq!(near(LIST, "Ornes"), vec![1]);
        assert_eq!(near(LIST, "Orme"), vec![1]);
        assert!(near(LIST, "Paris").is_empty());
    }
}
