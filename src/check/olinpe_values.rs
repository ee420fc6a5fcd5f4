//! What `check --olinpe` reports beyond the national validator's categories: the rows the
//! import refuses or cannot keep as read, so that a file is never checked silent and imported
//! short. `NUMDEP` values that disagree ([`identity::disagreements`]), values the import keeps
//! NULL (not an integer, a code outside its variable's list [`rules::CODES`], a year or month
//! that cannot be), a variable given twice in one `<DONNEE>` (the first kept), `DATFIN` before
//! `DATDEB` (a negative duration, left out of the durations).

use super::olinpe::{Category, Finding};
use crate::import::olinpe::dates::{self, parse_date};
use crate::import::olinpe::events::INT_COLUMNS;
use crate::import::olinpe::read::Donnee;
use crate::import::olinpe::{Extract, identity, rules};

/// Why the import keeps `value` of the typed integer variable `var` NULL, as its account says
/// it; `None` when kept (or « ne sait pas » kept NULL by design: ANAIS 9999, MNAIS 99).
pub fn unkept(var: &str, value: &str) -> Option<String> {
    let v = value.trim();
    match var {
        "ANAIS" => dates::parse_year(v)
            .is_err()
            .then(|| "année attendue (aaaa, 19xx ou 20xx ; 9999 inconnue)".into()),
        "MNAIS" => (!matches!(v.parse::<i32>(), Ok(99 | 1..=12)))
            .then(|| "mois attendu (01 à 12 ; 99 inconnu)".into()),
        "NBCHGLIEU" if v == "99" => None,
        _ => match v.parse::<i32>() {
            Ok(c) if v.bytes().all(|b| b.is_ascii_digit()) => rules::out_of_list(var, c),
            _ => Some("code entier attendu".into()),
        },
    }
}

/// The findings of `extract`, its rows as checked (`rows`: 2011 rows converted).
pub fn findings(extract: &Extract, rows: &[Donnee]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (d, n, why) in
        identity::disagreements(&extract.raw.donnees, &extract.departement, &extract.file)
    {
        out.push(Finding::at(Category::Numdep, d, "NUMDEP", n, why));
    }
    for d in rows {
        for (i, (var, value)) in d.vars.iter().enumerate() {
            if let Some((_, first)) = d.vars[..i].iter().find(|(v, _)| v == var) {
                out.push(Finding::at(
                    Category::Unkept,
                    d,
                    var,
                    value,
                    format!(
                        "variable donnée deux fois dans ce <DONNEE> : la première valeur, « {first} », gardée ; une seule attendue"
                    ),
                ));
                continue;
            }
            if value.is_empty() || !INT_COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(var)) {
                continue;
            }
            if let Some(why) = unkept(var, value) {
                out.push(Finding::at(
                    Category::Unkept,
                    d,
                    var,
                    value,
                    format!("{why} : valeur non retenue (vide à l'import)"),
                ));
            }
        }
        let day = |v| d.get(v).and_then(|t| parse_date(t).days());
        if let (Some(deb), Some(fin)) = (day("DATDEB"), day("DATFIN"))
            && fin < deb
        {
            out.push(Finding::at(
                Category::DateOrder,
                d,
                "DATFIN",
                d.get("DATFIN").unwrap_or_default(),
                format!(
                    "fin avant le début (DATDEB = {}) : une date de fin au moins égale à DATDEB attendue ; la durée négative est laissée hors des durées",
                    d.get("DATDEB").unwrap_or_default()
                ),
            ));
        }
    }
    out
}

/// A 2011 file's findings as its file says them: a finding on a variable the file gives shows
/// the value written (not the converted one: NIVSCO « 360 », not « 399 »), and a filter whose
/// parent variable the row does not give as written (`TYPEV`, made by the converter from `CODEV`;
/// a 2016-only parent) is no finding: the file could not satisfy it.
pub fn as_written(extract: &Extract, findings: &mut Vec<Finding>) {
    if extract.scheme != crate::import::olinpe::events::Scheme::V2011 {
        return;
    }
    let original = |position: usize| extract.raw.donnees.get(position.wrapping_sub(1));
    findings.retain(|f| {
        if f.category != Category::Unexpected {
            return true;
        }
        let parent = rules::FILTERS
            .iter()
            .find(|(children, _, _)| children.contains(&f.variable.as_str()))
            .map(|(_, parent, _)| *parent);
        match (parent, original(f.position)) {
            (Some(parent), Some(d)) => d.get(parent).is_some(),
            _ => true,
        }
    });
    for f in findings.iter_mut() {
        if let Some(v) = original(f.position).and_then(|d| d.get(&f.variable)) {
            f.value = v.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_the_import_does_not_keep() {
        assert_eq!(
            unkept("TYPEV", "9").as_deref(),
            Some("code hors de la liste de TYPEV : 1, 2, 3 attendu")
        );
        assert_eq!(unkept("TYPEV", "2"), None);
        assert_eq!(
            unkept("NATDECASSED", "abc").as_deref(),
            Some("code entier attendu")
        );
        assert_eq!(
            unkept("MNAIS", "13").as_deref(),
            Some("mois attendu (01 à 12 ; 99 inconnu)")
        );
        assert_eq!(unkept("MNAIS", "99"), None);
        assert_eq!(unkept("NBCHGLIEU", "99"), None);
        assert_eq!(unkept("NBCHGLIEU", "3"), None);
        // 0000-00-00 is an unknown date: not « renseignée » in the completeness table.
        assert!(rules::is_nsp("DATDEB", "0000-00-00"));
        assert!(!rules::is_nsp("DATDEB", "2021-01-01"));
    }
}
