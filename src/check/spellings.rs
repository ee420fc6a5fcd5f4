//! How a number may be printed in a seed text (French spellings, PDF-conversion noise), and
//! whether a line prints it.

// ---------------------------------------------------------------------------------------------
// Provenance

/// Strip what the PDF conversion adds around printed text: `**` bold markers and HTML tags
/// (replaced by a space so that table cells stay apart).
pub(super) fn clean_line(line: &str) -> String {
    let line = line.replace("**", "");
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        match after.find('>') {
            Some(end) if is_tag => {
                out.push_str(&rest[..start]);
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// Every French spelling of a value as stored (`value_text`: dot decimal, optional sign,
/// printed trailing zeros kept), without its sign (printed signs vary: `+`, `-`, `−`, `- `).
pub(super) fn spellings(value_text: &str) -> Vec<String> {
    let t = value_text.trim().trim_start_matches(['+', '-']);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut end = digits.len();
    while end > 0 {
        let start = end.saturating_sub(3);
        groups.insert(0, digits[start..end].iter().collect());
        end = start;
    }
    let separators: &[&str] = if groups.len() > 1 {
        &["", " ", "\u{a0}", "\u{202f}", "."]
    } else {
        &[""]
    };
    let mut out: Vec<String> = Vec::new();
    for sep in separators {
        let i = groups.join(sep);
        match frac {
            None => out.push(i),
            Some(f) => {
                for mark in [",", "."] {
                    if *sep == "." && mark == "." {
                        continue;
                    }
                    out.push(format!("{i}{mark}{f}"));
                }
            }
        }
    }
    out.dedup();
    out
}

/// Whether `spelling` occurs in `line` as a whole number, not as part of a longer one: no digit
/// next to it, no decimal mark + digit next to it, and no thousands group (`2 279` holds no
/// `279` and no `2`).
pub(super) fn contains_number(line: &str, spelling: &str) -> bool {
    let leading_run = spelling.chars().take_while(char::is_ascii_digit).count();
    let has_mark = spelling.contains([',', '.']) || spelling.contains(SPACES);
    line.match_indices(spelling).any(|(start, m)| {
        let mut before = line[..start].chars().rev();
        let (b1, b2) = (before.next(), before.next());
        let mut after = line[start + m.len()..].chars();
        let (a1, a2) = (after.next(), after.next());
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        if digit(b1) || digit(a1) {
            return false;
        }
        if b1.is_some_and(|c| c == ',' || c == '.') && digit(b2) {
            return false;
        }
        if a1.is_some_and(|c| c == ',' || c == '.') && digit(a2) {
            return false;
        }
        // `2 279`: a three-digit run after a digit and a space continues that number.
        if b1.is_some_and(|c| SPACES.contains(&c)) && digit(b2) && leading_run == 3 {
            return false;
        }
        // `2 279` again, from the other side: a space then exactly three digits.
        if !has_mark && a1.is_some_and(|c| SPACES.contains(&c)) {
            let tail: String = line[start + m.len()..].chars().skip(1).take(4).collect();
            let run = tail.chars().take_while(char::is_ascii_digit).count();
            if run == 3 {
                return false;
            }
        }
        true
    })
}

/// The OCR exception. Some conversions put a stray space after the decimal comma (Haute-Garonne
/// line 864 prints `43, 2 %`). Accepting `, ` in general would let `43, 2` match `43` or `2` in
/// any list, so the spaced spelling is accepted only when the figure's note quotes it as
/// `OCR: "43, 2"`: the quote must be on the line and be the value once the space after the
/// comma is removed.
pub(super) fn ocr_quote_matches(note: Option<&str>, line: &str, spellings: &[String]) -> bool {
    let Some(note) = note else { return false };
    let Some(start) = note.find("OCR: \"") else {
        return false;
    };
    let rest = &note[start + 6..];
    let Some(end) = rest.find('"') else {
        return false;
    };
    let quoted = &rest[..end];
    let fixed: String = quoted
        .replace(", ", ",")
        .trim_start_matches(['+', '-'])
        .to_string();
    quoted.contains(", ") && line.contains(quoted) && spellings.contains(&fixed)
}

pub(super) fn normalise_text(s: &str) -> String {
    clean_line(s)
        .replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn excerpt(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str, value: &str) -> bool {
        spellings(value)
            .iter()
            .any(|s| contains_number(&clean_line(line), s))
    }

    #[test]
    fn french_spellings_are_found() {
        assert!(found("**2 279** enfants confiés au 31.12.22", "2279"));
        assert!(found("soit 2\u{a0}279 enfants", "2279"));
        assert!(found("soit 2\u{202f}279 enfants", "2279"));
        assert!(found("soit 2.279 enfants", "2279"));
        assert!(found("<td>2279</td>", "2279"));
        assert!(found("+16,1% entre 2018 et 2022", "+16.1"));
        assert!(found("-0,7 %", "-0.7"));
        assert!(found("un taux de 0,50", "0.50"));
        assert!(found("212 139 607 €", "212139607"));
    }

    #[test]
    fn part_of_a_longer_number_is_not_a_match() {
        assert!(!found("2 279 enfants", "279"));
        assert!(!found("2 279 enfants", "2"));
        assert!(!found("12 279 enfants", "2279"));
        assert!(!found("43,2 %", "43"));
        assert!(!found("43,2 %", "2"));
        assert!(!found("0,50", "0.5"));
        assert!(!found("16,15 %", "16.1"));
        assert!(found("en 2022 2 279 enfants", "2279"));
    }

    #[test]
    fn stray_ocr_space_needs_the_quote_in_the_note() {
        let line = "+ 43, 2 % de MNA";
        assert!(!found(line, "43.2"));
        let s = spellings("43.2");
        assert!(ocr_quote_matches(
            Some("OCR: \"43, 2\" (stray space)"),
            line,
            &s
        ));
        assert!(!ocr_quote_matches(Some("printed 43, 2"), line, &s));
        assert!(!ocr_quote_matches(Some("OCR: \"43, 3\""), line, &s));
    }
}
