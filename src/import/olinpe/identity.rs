//! Which département and year an OLINPE extract is of, and whether they can be: the file name
//! `ONED-<NUMDEP>-<AAAAMMJJ>_<année>` (§4.2), the `NUMDEP` of its rows, `DATEXPORT` and the dates
//! of its events. A département outside the COG, rows whose `NUMDEP` disagree with each other or
//! with the name, or a year after the current one are refused by the import (nothing written)
//! and reported by `check --olinpe`, each with the file and where the value came from.

use std::collections::BTreeMap;
use std::path::Path;

use super::dates;
use super::events::departement_code;
use super::read::{Donnee, RawFile};
use crate::error::{Error, Result};

/// The COG code of a `NUMDEP` as written (`017` → `17`, `2a` → `2A`; `20R`, the COG's code of
/// the Collectivité de Corse, → `20`, as DREES codes Corse from 2018). `69` stays `69`, the
/// Rhône as DREES counts it (the project's territory `69`, whole): the ONPE converter's
/// recoding 69 → 69D (§6.6, inferred) is not applied, since the stock is set against DREES's
/// counts of the same code.
pub fn code(numdep: &str) -> String {
    let c = departement_code(numdep);
    if c == "20R" { "20".into() } else { c }
}

/// Whether `code` ([`code`]) is a département or collectivité that transmits: `01`…`95`
/// (`20`: the Collectivité de Corse, which holds child protection from 2018; `69`: the Rhône
/// whole), `2A`, `2B` (to 2017), `69D`, `69M`, `971`…`976` (the départements of the project's
/// territories, `crate::model::territory`).
pub fn is_known(code: &str) -> bool {
    match code {
        "2A" | "2B" | "69D" | "69M" => true,
        c if c.len() == 2 => c.parse::<u32>().is_ok_and(|n| (1..=95).contains(&n)),
        c if c.len() == 3 => c.parse::<u32>().is_ok_and(|n| (971..=976).contains(&n)),
        _ => false,
    }
}

const EXPECTED: &str = "un code du COG attendu (01 à 95, 2A, 2B, 20 pour la Collectivité de Corse, 69D, 69M, 971 à 976 ; sur 3 caractères : 017, 02A)";

/// The département and year of one extract, and where the year came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub departement: String,
    pub year: i32,
    /// In French: « nom du fichier (_2021) », « DATEXPORT 2022-03-01 »…
    pub year_source: String,
}

/// The département (the file name's, else the most frequent `NUMDEP`) and year (the name's
/// `_<année>`, else the `DATEXPORT` year less one when the export is in the first half of the
/// year, else the latest year of `DATDEB`/`DATFIN`/`DATDEBPLAC`/`DATFINPLAC`) of the file read
/// as `raw`. Errors (French, naming `path`): no département, one outside the COG ([`is_known`]),
/// no year, a year or `DATEXPORT` after the current year ([`crate::import::kit::current_year`]).
pub fn identify(path: &Path, file: &str, raw: &RawFile) -> Result<Identity> {
    let (name_dep, name_year) = super::name_parts(file);
    let mut deps: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in &raw.donnees {
        if let Some(n) = d.get("NUMDEP") {
            deps.entry(code(n)).or_insert((0, d.position)).0 += 1;
        }
    }
    let majority = deps
        .iter()
        .max_by_key(|(c, (n, _))| (*n, std::cmp::Reverse((*c).clone())))
        .map(|(c, (_, first))| (c.clone(), *first));
    let (departement, from) = match (name_dep.map(|c| code(&c)), majority) {
        (Some(c), _) => (c, "nom du fichier".to_string()),
        (None, Some((c, first))) => (c, format!("NUMDEP du <DONNEE> n° {first}")),
        (None, None) => {
            return Err(Error::Invalid(format!(
                "{} : département introuvable : aucun NUMDEP renseigné et un nom de fichier qui n'est pas ONED-<département>-<AAAAMMJJ>_<année>",
                path.display()
            )));
        }
    };
    if !is_known(&departement) {
        return Err(Error::Invalid(format!(
            "{} : département « {departement} » ({from}) inconnu : {EXPECTED}",
            path.display()
        )));
    }
    let current = crate::import::kit::current_year();
    let export = raw
        .date_export
        .as_deref()
        .and_then(|t| Some((t, dates::parse_date(t).days()?)));
    let from_export = export.map(|(t, days)| {
        let (y, m, _) = dates::civil_from_days(days);
        (if m <= 6 { y - 1 } else { y }, format!("DATEXPORT {t}"))
    });
    let latest = || {
        raw.donnees
            .iter()
            .flat_map(|d| {
                ["DATDEB", "DATFIN", "DATDEBPLAC", "DATFINPLAC"]
                    .map(|v| d.get(v).map(|t| (v, t, d.position)))
            })
            .flatten()
            .filter_map(|(v, t, p)| Some((dates::parse_date(t).days()?, v, p)))
            .max()
            .map(|(days, v, p)| {
                (
                    dates::civil_from_days(days).0,
                    format!("date la plus récente des événements, {v} du <DONNEE> n° {p}"),
                )
            })
    };
    let (year, year_source) = name_year
        .map(|y| (y, format!("nom du fichier, « _{y} »")))
        .or(from_export)
        .or_else(latest)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{} : année de l'extraction introuvable : ni nom de fichier en _<année>, ni DATEXPORT, ni date de début ou de fin lisible",
                path.display()
            ))
        })?;
    if year > current {
        return Err(Error::Invalid(format!(
            "{} : année de l'extraction {year} ({year_source}) postérieure à l'année en cours ({current}) : une année écoulée ou en cours attendue",
            path.display()
        )));
    }
    if let Some((t, days)) = export
        && dates::civil_from_days(days).0 > current
    {
        return Err(Error::Invalid(format!(
            "{} : DATEXPORT « {t} » postérieure à l'année en cours ({current}) : une date d'export passée attendue",
            path.display()
        )));
    }
    Ok(Identity {
        departement,
        year,
        year_source,
    })
}

/// One row whose `NUMDEP` is not the extract's département: the row, its `NUMDEP` as written,
/// and what is wrong with it (French).
pub fn disagreements<'a>(
    donnees: &'a [Donnee],
    departement: &str,
    file: &str,
) -> Vec<(&'a Donnee, &'a str, String)> {
    let named = super::name_parts(file).0.is_some();
    donnees
        .iter()
        .filter_map(|d| {
            let n = d.get("NUMDEP")?;
            let c = code(n);
            if c == departement {
                return None;
            }
            let why = if !is_known(&c) {
                format!("département inconnu : {EXPECTED}")
            } else if named {
                format!("département {c}, quand le nom du fichier et l'extraction donnent {departement} : un seul département par fichier attendu")
            } else {
                format!("département {c}, quand les autres lignes donnent {departement} : un seul département par fichier attendu")
            };
            Some((d, n, why))
        })
        .collect()
}

/// Refuse (import) a file whose rows' `NUMDEP` disagree ([`disagreements`]): the first five
/// named, with their count.
pub fn agree(extract: &super::Extract) -> Result<()> {
    let bad = disagreements(&extract.raw.donnees, &extract.departement, &extract.file);
    let Some((d, n, why)) = bad.first() else {
        return Ok(());
    };
    let others: Vec<String> = bad
        .iter()
        .skip(1)
        .take(4)
        .map(|(d, n, _)| format!("n° {} (« {n} »)", d.position))
        .collect();
    Err(Error::Invalid(format!(
        "{} : <DONNEE> n° {} (ligne {}), NUMDEP « {n} » : {why}{}",
        extract.path.display(),
        d.position,
        d.line,
        if others.is_empty() {
            String::new()
        } else {
            format!(
                " ; {} ligne(s) en tout dans ce cas, dont {}{}",
                bad.len(),
                others.join(", "),
                if bad.len() > 5 { ", …" } else { "" }
            )
        }
    )))
}

/// Whether the streaming path ([`super::fast`]) may keep what it found (`deps`: the codes of
/// [`departement_code`] and their counts; `year`; `date_export` as written): one known
/// département agreeing with the name, a year and export not in the future.
/// Otherwise the general path reads the file and refuses it with its reason.
pub fn plain(
    deps: &BTreeMap<String, usize>,
    file: &str,
    year: i32,
    date_export: Option<&str>,
) -> bool {
    let name = super::name_parts(file).0;
    let one = match (deps.len(), name) {
        (0, Some(n)) => Some(n),
        (1, n) => deps
            .keys()
            .next()
            .filter(|c| n.is_none_or(|n| n == **c))
            .cloned(),
        _ => None,
    };
    let current = crate::import::kit::current_year();
    let export_ok = date_export
        .and_then(|t| dates::parse_date(t).days())
        .is_none_or(|d| dates::civil_from_days(d).0 <= current);
    one.is_some_and(|c| is_known(&c)) && year <= current && export_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cog_codes() {
        for c in [
            "01", "17", "20", "2A", "2B", "69D", "69M", "95", "971", "976",
        ] {
            assert!(is_known(c), "{c}");
        }
        for c in ["00", "96", "99", "970", "977", "999", "2C", ""] {
            assert!(!is_known(c), "{c}");
        }
        assert_eq!(code("017"), "17");
        assert_eq!(code("02a"), "2A");
        assert_eq!(code("069"), "69");
        assert_eq!(code("69M"), "69M");
        assert_eq!(code("20R"), "20");
    }
}
