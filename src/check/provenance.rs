//! The provenance pass: every document figure printed on its cited seed line, every plan item's
//! title on its line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;

use super::spellings::{
    clean_line, contains_number, excerpt, normalise_text, ocr_quote_matches, spellings,
};
use super::{DocumentSummary, Issue, Rows};

pub(super) fn provenance<'a>(
    seeds: &Path,
    t: &dyn Fn(&str) -> &'a [Rows],
) -> (Vec<DocumentSummary>, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut docs: BTreeMap<String, DocumentSummary> = BTreeMap::new();
    // Each seed is read once; rows share it (Rc), whatever their number.
    let mut texts: HashMap<String, Option<Rc<Vec<String>>>> = HashMap::new();
    let mut seed =
        |doc: &str, issues: &mut Vec<Issue>, r: &Rows, i: usize| -> Option<Rc<Vec<String>>> {
            texts
                .entry(doc.to_string())
                .or_insert_with(|| {
                    let path = seeds.join(format!("{doc}.txt"));
                    match std::fs::read_to_string(&path) {
                        Ok(text) => Some(Rc::new(text.lines().map(str::to_string).collect())),
                        Err(e) => {
                            issues.push(r.issue(i, "doc_id", format!("{}: {e}", path.display())));
                            None
                        }
                    }
                })
                .clone()
        };
    let entry = |docs: &mut BTreeMap<String, DocumentSummary>, doc: &str| {
        docs.entry(doc.to_string())
            .or_insert_with(|| DocumentSummary {
                doc_id: doc.to_string(),
                ..Default::default()
            })
            .doc_id
            .clone()
    };
    for r in t("documents") {
        for i in 0..r.len() {
            if let Some(d) = r.str("doc_id", i) {
                entry(&mut docs, d);
                if !seeds.join(format!("{d}.txt")).is_file() {
                    issues.push(r.issue(
                        i,
                        "doc_id",
                        format!(
                            "texte source absent : {}",
                            seeds.join(format!("{d}.txt")).display()
                        ),
                    ));
                }
            }
        }
    }

    for r in t("document_figures") {
        for i in 0..r.len() {
            let (Some(doc), Some(line_no), Some(value)) =
                (r.str("doc_id", i), r.int("line", i), r.str("value_text", i))
            else {
                continue;
            };
            let key = entry(&mut docs, doc);
            docs.get_mut(&key).expect("entry").figures += 1;
            let Some(printed) = seed_line(&mut seed, doc, line_no, &mut issues, r, i) else {
                continue;
            };
            let cleaned = clean_line(&printed);
            let spelled = spellings(value);
            if spelled.iter().any(|s| contains_number(&cleaned, s))
                || ocr_quote_matches(r.str("note", i), &cleaned, &spelled)
            {
                docs.get_mut(&key).expect("entry").figures_ok += 1;
            } else {
                issues.push(r.issue(
                    i,
                    "value",
                    format!(
                        "{doc} : la ligne {line_no} n'imprime pas {value} (sous la forme {}) : `{}`",
                        spelled.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" / "),
                        excerpt(&cleaned)
                    ),
                ));
            }
        }
    }

    // Local values a plan prints (`data/local/<doc_id>.csv`): the value on the cited line
    // (`line N`), in any French spelling. A local value of a kit cites its kit's file.
    let doc_ids: Vec<String> = docs.keys().cloned().collect();
    for r in t("local_values") {
        for i in 0..r.len() {
            let (Some(doc), Some(reference), Some(value)) = (
                r.str("source_id", i),
                r.str("source_ref", i),
                r.str("value_text", i),
            ) else {
                continue;
            };
            if !doc_ids.iter().any(|d| d == doc) {
                continue;
            }
            let key = entry(&mut docs, doc);
            docs.get_mut(&key).expect("entry").local_values += 1;
            let Some(line_no) = reference
                .strip_prefix("line ")
                .and_then(|n| n.trim().parse::<i32>().ok())
            else {
                issues.push(r.issue(
                    i,
                    "source_ref",
                    format!("{doc} : `{reference}` n'est pas une ligne du texte source : attendu : `line N`"),
                ));
                continue;
            };
            let Some(printed) = seed_line(&mut seed, doc, line_no, &mut issues, r, i) else {
                continue;
            };
            let cleaned = clean_line(&printed);
            let spelled = spellings(value);
            if spelled.iter().any(|s| contains_number(&cleaned, s)) {
                docs.get_mut(&key).expect("entry").local_values_ok += 1;
            } else {
                issues.push(r.issue(
                    i,
                    "value",
                    format!(
                        "{doc} : la ligne {line_no} n'imprime pas {value} (sous la forme {}) : `{}`",
                        spelled.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" / "),
                        excerpt(&cleaned)
                    ),
                ));
            }
        }
    }

    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(doc), Some(line_no), Some(title)) =
                (r.str("doc_id", i), r.int("line", i), r.str("title", i))
            else {
                continue;
            };
            let key = entry(&mut docs, doc);
            docs.get_mut(&key).expect("entry").items += 1;
            let Some(printed) = seed_line(&mut seed, doc, line_no, &mut issues, r, i) else {
                continue;
            };
            // Titles printed over several lines are joined in the data and cited at their first
            // line, so only the start of the title must be on it.
            let title = normalise_text(title);
            let start: String = title.chars().take(TITLE_START).collect();
            if title_starts_on(&normalise_text(&printed), &title) {
                docs.get_mut(&key).expect("entry").items_ok += 1;
            } else {
                issues.push(r.issue(
                    i,
                    "line",
                    format!(
                        "{doc} : la ligne {line_no} ne commence pas le titre `{start}…` : `{}`",
                        excerpt(&printed)
                    ),
                ));
            }
        }
    }

    let line_refs: [(&str, &[&str]); 3] = [
        (
            "plans",
            &[
                "title_line",
                "adopted_line",
                "vote_line",
                "author_line",
                "completion_line",
            ],
        ),
        ("document_territories", &["line"]),
        ("comparison_sets", &["line"]),
    ];
    for (table, cols) in line_refs {
        for r in t(table) {
            for i in 0..r.len() {
                let Some(doc) = r.str("doc_id", i) else {
                    continue;
                };
                for col in cols {
                    let Some(line_no) = r.int(col, i) else {
                        continue;
                    };
                    let key = entry(&mut docs, doc);
                    docs.get_mut(&key).expect("entry").line_refs += 1;
                    let Some(lines) = seed(doc, &mut issues, r, i) else {
                        continue;
                    };
                    if line_no >= 1 && (line_no as usize) <= lines.len() {
                        docs.get_mut(&key).expect("entry").line_refs_ok += 1;
                    } else {
                        issues.push(r.issue(
                            i,
                            col,
                            format!(
                                "{doc} : la ligne {line_no} est hors du texte source ({} lignes)",
                                lines.len()
                            ),
                        ));
                    }
                }
            }
        }
    }
    (docs.into_values().collect(), issues)
}

/// How much of a plan item's title must be printed on its line.
pub(super) const TITLE_START: usize = 24;

/// The title starts on `line` (both normalised): the line holds its first [`TITLE_START`]
/// characters, or the line ends with words (8 characters at least) that begin the title (a
/// title wrapped over several lines, `ANIMER ET COORDONNER` / `L'OFFRE DE SOUTIEN…`).
pub(super) fn title_starts_on(line: &str, title: &str) -> bool {
    let start: String = title.chars().take(TITLE_START).collect();
    if line.contains(start.trim_end()) {
        return true;
    }
    let line = line.trim_end();
    line.char_indices()
        .filter(|(i, _)| *i == 0 || line[..*i].ends_with(' '))
        .map(|(i, _)| &line[i..])
        .any(|tail| tail.len() >= 8 && title.starts_with(tail))
}

/// The seed line row `i` of `r` cites in document `doc`; a missing seed or a line outside it
/// is reported as an issue.
pub(super) fn seed_line(
    seed: &mut impl FnMut(&str, &mut Vec<Issue>, &Rows, usize) -> Option<Rc<Vec<String>>>,
    doc: &str,
    line_no: i32,
    issues: &mut Vec<Issue>,
    r: &Rows,
    i: usize,
) -> Option<String> {
    let lines = seed(doc, issues, r, i)?;
    match cited_line(&lines, line_no) {
        Ok(line) => Some(line.clone()),
        Err(m) => {
            issues.push(r.issue(i, "line", format!("{doc} : {m}")));
            None
        }
    }
}

/// The seed line a row cites (1-based), or why it cannot be read.
pub(super) fn cited_line(lines: &[String], line_no: i32) -> std::result::Result<&String, String> {
    usize::try_from(line_no)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|n| lines.get(n))
        .ok_or_else(|| {
            format!(
                "la ligne {line_no} est hors du texte source ({} lignes)",
                lines.len()
            )
        })
}
