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

/// Official names (Insee's COG: hyphens, accents) of the territories whose name in the DREES
/// files differs, by code: DREES writes « Nouvelle Aquitaine », the COG « Nouvelle-Aquitaine ».
/// The committed data keep DREES's spelling (they are re-imported byte for byte from
/// `../shared`); the catalogue shows these names instead when it loads `territories`
/// ([`official_name`]), and DREES's spelling is still found as input ([`find`] folds
/// hyphens and accents).
pub const OFFICIAL_NAMES: &[(&str, &str)] = &[("R75", "Nouvelle-Aquitaine")];

/// The name to show for territory `code` whose data name is `name`: its official COG name when
/// DREES spells it otherwise ([`OFFICIAL_NAMES`]), else `name`.
pub fn official_name<'a>(code: &str, name: &'a str) -> &'a str {
    OFFICIAL_NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(name, |(_, official)| official)
}

/// `label` without the footnote calls DREES glues to a word (« mesures judiciaires1
/// d'accueil » → « mesures judiciaires d'accueil »): one digit 1 to 9 right after a word of
/// at least three lower-case letters and before a space, a punctuation mark or the end. Years,
/// ages and codes (`0-20 ans`, `2A`, `AED+AEMO 2018`) are left alone. The catalogue applies it
/// to indicator labels when it loads `indicators` (the committed data keep DREES's text).
pub fn without_footnote_calls(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    let mut out = String::with_capacity(label.len());
    for (i, &c) in chars.iter().enumerate() {
        let call = ('1'..='9').contains(&c)
            && i >= 3
            && chars[i - 3..i].iter().all(|p| p.is_lowercase())
            && chars
                .get(i + 1)
                .is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ';' | '.' | ':' | ')'));
        if !call {
            out.push(c);
        }
    }
    out
}

/// Articles a name may begin with, as users type it or not (`La Réunion`, `reunion`; the
/// COG's `L'` of « l'Orne » is not in the name, but a user may type it).
const ARTICLES: [&str; 4] = ["la", "le", "les", "l"];

/// A folded name with the abbreviations users type spelt out (`st` → `saint`, `ste` →
/// `sainte`) and a leading article dropped (`La Réunion` → `reunion`), without spaces:
/// `Seine-St-Denis`, `seine saint denis` and `SEINE-SAINT-DENIS` all give `seinesaintdenis`.
pub fn canonical(s: &str) -> String {
    let folded = fold(s);
    let words: Vec<&str> = folded.split(' ').collect();
    let skip = usize::from(words.len() > 1 && ARTICLES.contains(&words[0]));
    words[skip..]
        .iter()
        .map(|w| match *w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect()
}

/// Index in `list` (code, name) of the département `input` designates: its code (one digit
/// padded: `1` → `01`; case ignored: `2a` → `2A`), its name (case, accents, hyphens and
/// spaces folded, `st`/`ste` read as `saint`/`sainte`: [`canonical`]), or `Name (code)` as the
/// explorer's list shows it. `None` when nothing matches.
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
    let f = canonical(t);
    list.into_iter().position(|(_, n)| canonical(n) == f)
}

/// Up to five départements whose name ([`canonical`]) contains the typed one, is one edit
/// away from it, or holds every word typed (`seine denis` → Seine-Saint-Denis, `val` →
/// Val-de-Marne, Val-d'Oise): the suggestions of an unknown name (`Ornee` → Orne), the nearest
/// first.
pub fn near<'a>(list: impl IntoIterator<Item = (&'a str, &'a str)>, input: &str) -> Vec<usize> {
    let f = canonical(input);
    if f.is_empty() {
        return Vec::new();
    }
    let typed: Vec<String> = fold(input).split(' ').map(canonical).collect();
    let mut found: Vec<(usize, usize)> = list
        .into_iter()
        .enumerate()
        .filter_map(|(i, (_, n))| {
            let c = canonical(n);
            let words: Vec<String> = fold(n).split(' ').map(canonical).collect();
            let rank = if edits_at_most_one(&c, &f) {
                0
            } else if c.contains(&f) {
                1
            } else if typed
                .iter()
                .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            {
                2
            } else {
                return None;
            };
            Some((rank, i))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, i)| i).take(5).collect()
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

    /// Abbreviations, hyphens, spaces and accents: `seine-st-denis` is Seine-Saint-Denis (93),
    /// DREES's « Nouvelle Aquitaine » is the COG's « Nouvelle-Aquitaine ».
    #[test]
    fn finds_names_as_users_type_them() {
        let list = [
            ("93", "Seine-Saint-Denis"),
            ("94", "Val-de-Marne"),
            ("95", "Val-d'Oise"),
            ("R75", "Nouvelle-Aquitaine"),
            ("26", "Drôme"),
        ];
        assert_eq!(find(list, "seine-st-denis"), Some(0));
        assert_eq!(find(list, "Seine St Denis"), Some(0));
        assert_eq!(find(list, "seinesaintdenis"), Some(0));
        assert_eq!(find(list, "Nouvelle Aquitaine"), Some(3));
        assert_eq!(find(list, "drome"), Some(4));
        assert_eq!(near(list, "seine denis"), vec![0]);
        assert_eq!(near(list, "val"), vec![1, 2]);
        assert_eq!(find(list, "val-d-oise"), Some(2));
        assert_eq!(find(list, "VAL D OISE"), Some(2));
        assert_eq!(
            official_name("R75", "Nouvelle Aquitaine"),
            "Nouvelle-Aquitaine"
        );
        assert_eq!(
            official_name("17", "Charente-Maritime"),
            "Charente-Maritime"
        );
    }

    /// A leading article is no part of what users type: `reunion`, `Réunion`, `la reunion`
    /// and `La Réunion` are La Réunion (974); `l'orne` is the Orne; an article alone is no
    /// name.
    #[test]
    fn finds_names_with_or_without_their_article() {
        let list = [("974", "La Réunion"), ("61", "Orne"), ("34", "Hérault")];
        for typed in [
            "reunion",
            "Réunion",
            "la reunion",
            "La Réunion",
            "LA RÉUNION",
        ] {
            assert_eq!(find(list, typed), Some(0), "{typed}");
        }
        assert_eq!(find(list, "l'orne"), Some(1));
        assert_eq!(find(list, "herault"), Some(2));
        assert_eq!(find(list, "HÉRAULT"), Some(2));
        assert_eq!(find(list, "la"), None);
        assert_eq!(near(list, "reunon"), vec![0]);
    }

    /// Footnote calls glued to a word go; years, ages and codes stay.
    #[test]
    fn footnote_calls_leave_labels() {
        assert_eq!(
            without_footnote_calls("Total des mesures judiciaires1 d'accueil à l'ASE"),
            "Total des mesures judiciaires d'accueil à l'ASE"
        );
        assert_eq!(
            without_footnote_calls("placements2, hors"),
            "placements, hors"
        );
        assert_eq!(without_footnote_calls("judiciaires1"), "judiciaires");
        for kept in [
            "AED+AEMO 2018",
            "jeunes de 0 à 20 ans",
            "Corse 2A",
            "T1 2022",
            "pop_0_19",
        ] {
            assert_eq!(without_footnote_calls(kept), kept);
        }
    }
}
