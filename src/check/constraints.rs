//! The catalogue pass: keys, vocabularies and references across tables.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::{Issue, Rows};
use crate::catalog::Catalog;
use crate::model::format::Unit;
use crate::model::schema::{self, Domain, vocab};

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
                        "doublon de {what} ({}) : déjà à {} : ligne {line}",
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

pub(super) fn validate<'a>(
    catalog: &Catalog,
    t: &dyn Fn(&str) -> &'a [Rows],
    issues: &mut Vec<Issue>,
) {
    let territories = codes(t("territories"), "code");
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

    // Declared keys, vocabularies and foreign keys (model::schema).
    let tables = schema::tables();
    for def in &tables {
        for key in schema::keys(def.name) {
            duplicates(t(def.name), key.columns, key.what, issues);
        }
    }
    let mut referenced: HashMap<(&str, &str), HashSet<&str>> = HashMap::new();
    for def in &tables {
        for rule in schema::column_rules(def.name) {
            let known: &dyn Fn(&Rows, usize, &str) -> bool = match rule.domain {
                Domain::Words(words) => &move |_, _, v| words.contains(&v),
                Domain::Unit => &|_, _, v| v.parse::<Unit>().is_ok(),
                Domain::Territory => &|r, i, v| known_territory(r.str("doc_id", i), v),
                Domain::Reference { table, column } => {
                    let set = referenced
                        .entry((table, column))
                        .or_insert_with(|| codes(t(table), column));
                    let set = set.clone();
                    &move |_, _, v| set.contains(v)
                }
            };
            for r in t(def.name) {
                for i in 0..r.len() {
                    if let Some(v) = r.str(rule.column, i)
                        && !known(r, i, v)
                    {
                        issues.push(r.issue(
                            i,
                            rule.column,
                            format!("{} : valeur inconnue `{v}`", rule.what),
                        ));
                    }
                }
            }
        }
    }

    // A value's status says whether it is there: a number for published, estimated and imputed
    // values; NULL for the markers.
    for r in t("observations") {
        for i in 0..r.len() {
            let Some(status) = r.str("status", i) else {
                continue;
            };
            let value = r.float("value", i);
            if vocab::OBSERVATION_VALUE_STATUSES.contains(&status) && value.is_none() {
                issues.push(r.issue(i, "value", format!("statut `{status}` sans valeur")));
            } else if (vocab::OBSERVATION_MARKER_STATUSES.contains(&status)
                || status == vocab::NOT_APPLICABLE)
                && let Some(v) = value
            {
                issues.push(r.issue(
                    i,
                    "value",
                    format!("statut `{status}` (un marqueur, valeur NULL) avec la valeur {v}"),
                ));
            }
        }
    }

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
                        "le dossier de document `{}` n'est pas dans {}",
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
                    format!("la période finit ({b}) avant de commencer ({a})"),
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
                issues.push(r.issue(
                    i,
                    "plan_id",
                    format!("le plan `{p}` n'est pas dans plans.csv"),
                ));
            }
            if let Some(parent) = r.str("parent_id", i)
                && !items.contains(&(d, p, parent))
            {
                issues.push(r.issue(
                    i,
                    "parent_id",
                    format!("l'élément parent `{parent}` n'existe pas dans le plan `{p}`"),
                ));
            }
            match r.str("themes", i) {
                Some(list) => {
                    for theme in list.split(';').map(str::trim) {
                        if !themes.contains(theme) {
                            issues.push(r.issue(
                                i,
                                "themes",
                                format!("identifiant de thème inconnu `{theme}`"),
                            ));
                        }
                    }
                }
                None if !parents.contains(&(d, p, id)) => {
                    issues.push(r.issue(i, "themes", "élément de dernier niveau sans thème"));
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
                    format!("aucun chiffre de `{d}` pour le territoire `{c}` à la ligne {l}"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::schema::{self, Domain, vocab};

    #[test]
    fn every_import_marker_is_a_declared_marker_status() {
        for m in ["ND", "NR", "-", "NS", "s"] {
            let status = crate::import::marker(m).unwrap();
            assert!(
                vocab::OBSERVATION_MARKER_STATUSES.contains(&status),
                "{status}"
            );
            assert!(vocab::OBSERVATION_STATUSES.contains(&status), "{status}");
        }
        for (v, count, est) in [(1.0, true, false), (1.5, true, false), (1.0, false, true)] {
            let status = crate::import::value_status(v, count, est);
            assert!(
                vocab::OBSERVATION_VALUE_STATUSES.contains(&status),
                "{status}"
            );
        }
    }

    #[test]
    fn declared_rules_name_real_columns_and_tables() {
        let tables = schema::tables();
        for def in &tables {
            for key in schema::keys(def.name) {
                for c in key.columns {
                    assert!(def.schema.index_of(c).is_ok(), "{}.{c}", def.name);
                }
            }
            for rule in schema::column_rules(def.name) {
                assert!(
                    def.schema.index_of(rule.column).is_ok(),
                    "{}.{}",
                    def.name,
                    rule.column
                );
                if let Domain::Reference { table, column } = rule.domain {
                    let target = schema::table(table).unwrap();
                    assert!(target.schema.index_of(column).is_ok(), "{table}.{column}");
                }
            }
        }
    }
}
