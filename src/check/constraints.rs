//! The catalogue pass: keys, vocabularies and references across tables.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{Issue, Rows};
use crate::catalog::Catalog;
use crate::model::format::Unit;
use crate::model::schema::vocab;

// ---------------------------------------------------------------------------------------------
// Catalogue validation

pub(super) fn codes<'a>(rows: &'a [Rows], col: &str) -> HashSet<&'a str> {
    rows.iter()
        .flat_map(|r| (0..r.len()).filter_map(move |i| r.str(col, i)))
        .collect()
}

/// Report rows whose key was already seen.
pub(super) fn duplicates(rows: &[Rows], cols: &[&str], what: &str, issues: &mut Vec<Issue>) {
    let mut seen: HashMap<Vec<String>, (PathBuf, u64)> = HashMap::new();
    for r in rows {
        for i in 0..r.len() {
            let key: Vec<String> = cols
                .iter()
                .map(|c| {
                    r.str(c, i)
                        .map(str::to_string)
                        .or_else(|| r.int(c, i).map(|v| v.to_string()))
                        .unwrap_or_default()
                })
                .collect();
            if let Some((path, line)) = seen.get(&key) {
                issues.push(r.issue(
                    i,
                    cols[cols.len() - 1],
                    format!(
                        "duplicate {what} ({}) already at {}: line {line}",
                        key.join(", "),
                        path.display()
                    ),
                ));
            } else {
                seen.insert(key, (r.path.clone(), r.lines[i]));
            }
        }
    }
}

/// Check a column against a vocabulary (NULLs are the loader's business).
pub(super) fn vocabulary(
    rows: &[Rows],
    col: &str,
    allowed: &dyn Fn(&str) -> bool,
    what: &str,
    issues: &mut Vec<Issue>,
) {
    for r in rows {
        for i in 0..r.len() {
            if let Some(v) = r.str(col, i)
                && !allowed(v)
            {
                issues.push(r.issue(i, col, format!("unknown {what} `{v}`")));
            }
        }
    }
}

pub(super) fn validate<'a>(
    catalog: &Catalog,
    t: &dyn Fn(&str) -> &'a [Rows],
    issues: &mut Vec<Issue>,
) {
    let territories = codes(t("territories"), "code");
    let indicators = codes(t("indicators"), "id");
    let sources = codes(t("sources"), "id");
    let themes = codes(t("themes"), "id");
    let documents = codes(t("documents"), "doc_id");
    let mut doc_territories: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in t("document_territories") {
        for i in 0..r.len() {
            if let (Some(d), Some(c)) = (r.str("doc_id", i), r.str("code", i)) {
                doc_territories.entry(d).or_default().insert(c);
            }
        }
    }
    let known_territory = |doc: Option<&str>, code: &str| {
        territories.contains(code)
            || doc.is_some_and(|d| doc_territories.get(d).is_some_and(|s| s.contains(code)))
    };

    // Keys.
    duplicates(t("sources"), &["id"], "source", issues);
    duplicates(t("territories"), &["code"], "territory", issues);
    duplicates(t("indicators"), &["id"], "indicator", issues);
    duplicates(
        t("observations"),
        &["territory", "indicator", "year", "edition"],
        "observation (territory, indicator, year, edition)",
        issues,
    );
    duplicates(t("documents"), &["doc_id"], "document", issues);
    duplicates(t("themes"), &["id"], "theme", issues);
    duplicates(t("themes"), &["position"], "theme position", issues);
    duplicates(t("plans"), &["doc_id", "plan_id"], "plan", issues);
    duplicates(
        t("plan_items"),
        &["doc_id", "plan_id", "item_id"],
        "plan item (doc_id, plan_id, item_id)",
        issues,
    );
    duplicates(
        t("document_territories"),
        &["doc_id", "code"],
        "sub-territory",
        issues,
    );
    duplicates(
        t("reconciliation_notes"),
        &["doc_id", "line", "territory", "indicator"],
        "reconciliation note (doc_id, line, territory, indicator)",
        issues,
    );

    // Vocabularies.
    let is_unit = |u: &str| u.parse::<Unit>().is_ok();
    vocabulary(t("indicators"), "unit", &is_unit, "unit", issues);
    vocabulary(t("document_figures"), "unit", &is_unit, "unit", issues);
    vocabulary(
        t("document_figures"),
        "kind",
        &|k| vocab::FIGURE_KINDS.contains(&k),
        "kind",
        issues,
    );
    vocabulary(
        t("document_figures"),
        "indicator",
        &|i| indicators.contains(i),
        "indicator id",
        issues,
    );
    vocabulary(
        t("plans"),
        "status",
        &|s| vocab::PLAN_STATUSES.contains(&s),
        "plan status",
        issues,
    );
    vocabulary(
        t("plan_items"),
        "level",
        &|l| vocab::ITEM_LEVELS.contains(&l),
        "level",
        issues,
    );
    vocabulary(
        t("document_territories"),
        "kind",
        &|k| vocab::TERRITORY_KINDS.contains(&k),
        "sub-territory kind",
        issues,
    );
    vocabulary(
        t("reconciliation_notes"),
        "status",
        &|s| vocab::RECONCILIATION_STATUSES.contains(&s),
        "reconciliation status",
        issues,
    );

    // References.
    let territory_of = |table: &str, col: &str, issues: &mut Vec<Issue>| {
        for r in t(table) {
            for i in 0..r.len() {
                if let Some(code) = r.str(col, i)
                    && !known_territory(r.str("doc_id", i), code)
                {
                    issues.push(r.issue(i, col, format!("unknown territory code `{code}`")));
                }
            }
        }
    };
    territory_of("observations", "territory", issues);
    territory_of("document_figures", "territory", issues);
    territory_of("comparison_sets", "territory", issues);
    territory_of("reconciliation_notes", "territory", issues);
    territory_of("documents", "department", issues);
    for r in t("document_territories") {
        for i in 0..r.len() {
            if let Some(p) = r.str("parent_code", i).filter(|p| !territories.contains(p)) {
                issues.push(r.issue(i, "parent_code", format!("unknown territory code `{p}`")));
            }
        }
    }
    vocabulary(
        t("observations"),
        "indicator",
        &|i| indicators.contains(i),
        "indicator id",
        issues,
    );
    vocabulary(
        t("observations"),
        "source_id",
        &|s| sources.contains(s),
        "source id",
        issues,
    );

    // Every document folder is a document of documents.csv.
    for name in [
        "document_figures",
        "plans",
        "plan_items",
        "document_territories",
        "comparison_sets",
    ] {
        for r in t(name) {
            if r.len() > 0 && !r.str("doc_id", 0).is_some_and(|d| documents.contains(d)) {
                issues.push(r.issue(
                    0,
                    "doc_id",
                    format!(
                        "document folder `{}` is not in {}",
                        r.str("doc_id", 0).unwrap_or(""),
                        catalog.data_dir().join("documents/documents.csv").display()
                    ),
                ));
            }
        }
    }

    // Plans, items, themes.
    let plans: HashSet<(&str, &str)> = t("plans")
        .iter()
        .flat_map(|r| {
            (0..r.len()).filter_map(move |i| Some((r.str("doc_id", i)?, r.str("plan_id", i)?)))
        })
        .collect();
    for r in t("plans") {
        for i in 0..r.len() {
            if let (Some(a), Some(b)) = (r.int("period_start", i), r.int("period_end", i))
                && a > b
            {
                issues.push(r.issue(
                    i,
                    "period_end",
                    format!("period ends ({b}) before it starts ({a})"),
                ));
            }
        }
    }
    let mut items: HashSet<(&str, &str, &str)> = HashSet::new();
    let mut parents: HashSet<(&str, &str, &str)> = HashSet::new();
    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(d), Some(p), Some(id)) =
                (r.str("doc_id", i), r.str("plan_id", i), r.str("item_id", i))
            else {
                continue;
            };
            items.insert((d, p, id));
            if let Some(parent) = r.str("parent_id", i) {
                parents.insert((d, p, parent));
            }
        }
    }
    for r in t("plan_items") {
        for i in 0..r.len() {
            let (Some(d), Some(p), Some(id)) =
                (r.str("doc_id", i), r.str("plan_id", i), r.str("item_id", i))
            else {
                continue;
            };
            if !plans.contains(&(d, p)) {
                issues.push(r.issue(i, "plan_id", format!("plan `{p}` is not in plans.csv")));
            }
            if let Some(parent) = r.str("parent_id", i)
                && !items.contains(&(d, p, parent))
            {
                issues.push(r.issue(
                    i,
                    "parent_id",
                    format!("parent item `{parent}` does not exist in plan `{p}`"),
                ));
            }
            match r.str("themes", i) {
                Some(list) => {
                    for theme in list.split(';').map(str::trim) {
                        if !themes.contains(theme) {
                            issues.push(r.issue(
                                i,
                                "themes",
                                format!("unknown theme id `{theme}`"),
                            ));
                        }
                    }
                }
                None if !parents.contains(&(d, p, id)) => {
                    issues.push(r.issue(i, "themes", "lowest-level item without themes"));
                }
                None => {}
            }
        }
    }

    // Reviewed notes point at a figure.
    let figures: HashSet<(&str, i32, &str)> = t("document_figures")
        .iter()
        .flat_map(|r| {
            (0..r.len()).filter_map(move |i| {
                Some((
                    r.str("doc_id", i)?,
                    r.int("line", i)?,
                    r.str("territory", i)?,
                ))
            })
        })
        .collect();
    for r in t("reconciliation_notes") {
        for i in 0..r.len() {
            if let (Some(d), Some(l), Some(c)) =
                (r.str("doc_id", i), r.int("line", i), r.str("territory", i))
                && !figures.contains(&(d, l, c))
            {
                issues.push(r.issue(
                    i,
                    "line",
                    format!("no figure of `{d}` for territory `{c}` on line {l}"),
                ));
            }
        }
    }
}
