//! DREES « Minima sociaux : données départementales par dispositif » (allocataires at 31
//! December per département) → `observations/drees-minima-<edition>.csv`.
//!
//! Recognised by content: a sheet titled « Répartition des allocataires … au 31 décembre »
//! with a header block `N° Dep | Libelle Dep | years…` (the years on the same row or on the
//! next one, under group labels such as « Total RSA socle » / « Total RSA »). Only the series
//! the context indicators use are read ([`SERIES`]); the other tables are accounted for and
//! skipped. Year headers keep their footnote calls out of the year (`2010 (1)`, `2010*`); a year
//! printed twice (`2016` then `2016 (2)`, the CNAF break of 2016) is never merged nor "fixed":
//! the second column is its own series, `<indicator>_rupture2016` (« nouvelle série CNAF »), so
//! both values stay with their cells. Codes `20A`/`20B` are Corse-du-Sud and Haute-Corse (`2A`,
//! `2B`); rows without a code labelled « France métropolitaine », « DOM », « France » are DREES's
//! rounded totals (`FRM`, `DOM` and `FR`, Mayotte included), status `estimated`, whether the
//! workbook writes them as numbers or formulas (the stored result is read). Markers (`-`, `nd`…)
//! become NULL with their status ([`super::marker`]); a cell that is neither a number nor a
//! marker is an error naming sheet and cell. Columns that are not years (the ratio per
//! population aged 15-69) are not loaded: the context views compute rates on Insee's
//! populations themselves. The edition is the last year read (2019 for the 1995-2019 file).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

use super::book::{self, Book, Sheet, Value, is_blank, normalise, text};
use super::territories::{Known, departement_code};
use super::{Account, ObservationRow, a1, number_text, value_status};
use crate::error::{Error, Result};

/// Source id stem: `drees-minima-2019`.
pub const STEM: &str = "drees-minima";

/// Title of the publication, for `sources.csv` and the edition reports.
pub const TITLE: &str =
    "Minima sociaux : données départementales par dispositif (allocataires au 31 décembre)";

/// One series of the workbook read by depbench: the keywords its table title holds (all of
/// them, lower-case) and the indicator id its values get.
#[derive(Debug, Clone, Copy)]
pub struct MinimaSeries {
    pub keywords: &'static [&'static str],
    pub indicator: &'static str,
}

/// The series read (Tableaux 1, 6, 11, 13, 14 and 15 of the 1995-2019 edition). Titles of the
/// series DREES stopped (« … de 2009 à 2015 ») name no « depuis » and are not read.
pub const SERIES: [MinimaSeries; 6] = [
    MinimaSeries {
        keywords: &["allocataires de l'aah", "depuis"],
        indicator: "AllocAAH",
    },
    MinimaSeries {
        keywords: &["allocataires de l'ass", "depuis"],
        indicator: "AllocASS",
    },
    MinimaSeries {
        keywords: &["allocataires du rsa", "depuis"],
        indicator: "AllocRSA",
    },
    MinimaSeries {
        keywords: &["population couverte", "rsa", "depuis"],
        indicator: "PopCouverteRSA",
    },
    MinimaSeries {
        keywords: &["adultes bénéficiaires", "rsa", "depuis"],
        indicator: "BenefAdultesRSA",
    },
    MinimaSeries {
        keywords: &["allocataires des minima sociaux", "depuis"],
        indicator: "AllocMinimaSociaux",
    },
];

/// Rows without code that are collectivités d'outre-mer, not départements (skipped, named).
const COLLECTIVITES: [&str; 2] = ["saint-pierre-et-miquelon", "autres com"];

/// Suffix of the series holding a year's second column (the CNAF break of 2016).
pub const BREAK_SUFFIX: &str = "_rupture2016";

/// The workbook read: its edition and every value.
#[derive(Debug)]
pub struct MinimaEdition {
    pub edition: i32,
    pub source_id: String,
    pub rows: Vec<ObservationRow>,
    pub accounts: Vec<Account>,
    pub first_year: i32,
    pub last_year: i32,
}

impl MinimaEdition {
    /// The row of `sources.csv` (`origin`: the file's path under the shared folder).
    pub fn source(&self, origin: &str) -> super::Source {
        super::Source::open(
            &self.source_id,
            "DREES",
            &format!("{TITLE}, {}-{}", self.first_year, self.last_year),
            &self.edition.to_string(),
            origin,
        )
    }
}

/// The header of a table: its row, the row of its years, and the year columns (column,
/// year, whether it is a second column of that year).
struct Header {
    row: u32,
    years_row: u32,
    years: Vec<(u32, i32, bool)>,
    /// Header cells after the codes that are no year (ratio columns), as `P7 «…»`.
    other: Vec<String>,
}

/// The year of a header cell: 4 digits, then nothing or a footnote call (`2010 (1)`,
/// `2010*`, `2006(1)`).
fn header_year(cell: &Data) -> Option<i32> {
    if let Some(y) = book::year_of(cell) {
        return Some(y);
    }
    let t = text(cell);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim();
    let footnote = rest.is_empty()
        || rest.chars().all(|c| c == '*')
        || (rest.starts_with('(') && rest.ends_with(')') && rest.len() <= 4);
    let y: i32 = digits.parse().ok()?;
    (digits.len() == 4 && footnote && (1900..=2100).contains(&y)).then_some(y)
}

/// The `N° Dep | Libelle Dep` header of a sheet, if it has one.
fn find_header(sheet: &Sheet) -> Option<(u32, u32)> {
    let ((r0, c0), (r1, c1)) = sheet.bounds();
    for r in r0..=r1.min(r0 + 30) {
        for c in c0..=c1.min(5) {
            if normalise(&text(sheet.get(r, c))) == "n° dep"
                && normalise(&text(sheet.get(r, c + 1))) == "libelle dep"
            {
                return Some((r, c));
            }
        }
    }
    None
}

/// The title of a sheet: the first text cell of its first rows.
fn title(sheet: &Sheet) -> String {
    let ((r0, c0), (_, c1)) = sheet.bounds();
    for r in r0..r0 + 3 {
        for c in c0..=c1.min(c0 + 3) {
            let t = text(sheet.get(r, c));
            if normalise(&t).contains("répartition") {
                return t;
            }
        }
    }
    String::new()
}

/// Is this workbook DREES's minima sociaux by département? A sheet titled « Répartition … au 31
/// décembre » with a `N° Dep | Libelle Dep` header.
pub fn recognise(book: &mut Book, path: &Path) -> Result<bool> {
    for name in book.sheet_names().to_vec() {
        let sheet = Sheet::read(book, path, &name)?;
        let t = normalise(&title(&sheet));
        if t.contains("allocataires") && t.contains("31 décembre") && find_header(&sheet).is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The years of a header: on the header row after the name column, else on the next row.
fn header(path: &Path, sheet: &Sheet, row: u32, code_col: u32) -> Result<Header> {
    let (_, (_, c1)) = sheet.bounds();
    let first = code_col + 2;
    let on = |r: u32| {
        (first..=c1)
            .filter(|&c| header_year(sheet.get(r, c)).is_some())
            .count()
    };
    let years_row = if on(row) > 0 { row } else { row + 1 };
    let mut years = Vec::new();
    let mut other = Vec::new();
    let mut seen: BTreeMap<i32, u32> = BTreeMap::new();
    for c in first..=c1 {
        let cell = sheet.get(years_row, c);
        if is_blank(cell) {
            continue;
        }
        match header_year(cell) {
            Some(y) => {
                let second = match seen.get(&y) {
                    None => false,
                    Some(&prev) if years.iter().filter(|&&(_, yy, _)| yy == y).count() >= 2 => {
                        return Err(sheet.cell_error(path,
                            years_row,
                            c,
                            format!(
                                "année {y} présente une troisième fois dans l'en-tête (déjà en {}) : au plus deux colonnes par année (la seconde est la nouvelle série après une rupture)",
                                a1(years_row, prev)
                            ),
                        ));
                    }
                    Some(_) => true,
                };
                seen.entry(y).or_insert(c);
                years.push((c, y, second));
            }
            None => other.push(format!("{} «{}»", a1(years_row, c), text(cell))),
        }
    }
    if years.is_empty() {
        return Err(sheet.cell_error(path,
            row,
            first,
            "en-tête `N° Dep | Libelle Dep` sans années : attendu des années (2009, 2010 (1)…) sur la même ligne ou la suivante".into(),
        ));
    }
    Ok(Header {
        row,
        years_row,
        years,
        other,
    })
}

/// Territory of a data row: the code cell, or for a row without code its total label.
fn territory(
    path: &Path,
    sheet: &Sheet,
    r: u32,
    code_col: u32,
    known: &Known,
) -> Result<Option<(String, bool)>> {
    let code_text = text(sheet.get(r, code_col));
    let name = normalise(&text(sheet.get(r, code_col + 1)));
    if code_text.is_empty() {
        let code = match name.trim_end_matches('*') {
            "france métropolitaine" => "FRM",
            "dom" => "DOM",
            "france" | "france entière" => "FR",
            _ => return Ok(None),
        };
        return Ok(Some((code.to_string(), true)));
    }
    if !code_text.chars().next().is_some_and(|c| c.is_ascii_digit()) || code_text.len() > 4 {
        return Ok(None);
    }
    let code = match departement_code(&code_text).as_str() {
        "20A" => "2A".to_string(),
        "20B" => "2B".to_string(),
        other => other.to_string(),
    };
    if !known.contains(&code) {
        return Err(sheet.cell_error(path,
            r,
            code_col,
            format!(
                "code de territoire `{code_text}` inconnu : attendu un code de département (01…95, 2A/2B ou 20A/20B, 971…976)"
            ),
        ));
    }
    Ok(Some((code, false)))
}

/// Read the workbook. `Ok(Err(reason))`: not this publication (why); `Err`: a cell breaking
/// the rules, named by sheet and cell.
pub fn read(
    path: &Path,
    book: &mut Book,
    known: &Known,
) -> Result<std::result::Result<MinimaEdition, String>> {
    let file = super::file_name(path);
    let mut accounts = Vec::new();
    let mut rows = Vec::new();
    let mut years = (i32::MAX, i32::MIN);
    let mut found: BTreeMap<&str, String> = BTreeMap::new();
    for name in book.sheet_names().to_vec() {
        let mut sheet = Sheet::read(book, path, &name)?;
        let mut account = Account::new(format!("{file} sheet `{name}`"));
        let t = normalise(&title(&sheet));
        let header_at = find_header(&sheet);
        let series = SERIES
            .iter()
            .find(|s| s.keywords.iter().all(|k| t.contains(k)));
        let (Some((h, code_col)), Some(spec)) = (header_at, series) else {
            account.rows_read += 1;
            let reason = if header_at.is_none() {
                "pas de tableau `N° Dep | Libelle Dep` (sommaire ou notes)".to_string()
            } else {
                format!(
                    "série non lue par depbench (le contexte lit AAH, ASS, RSA, population couverte et adultes bénéficiaires du RSA, ensemble des minima) : «{}»",
                    title(&sheet)
                )
            };
            account.skip(reason, name.clone());
            accounts.push(account);
            continue;
        };
        if let Some(first) = found.insert(spec.indicator, name.clone()) {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                message: format!(
                    "la série {} est dans deux feuilles, `{first}` et `{name}` : attendu une feuille par série",
                    spec.indicator
                ),
            });
        }
        let head = header(path, &sheet, h, code_col)?;
        let ((r0, _), (r1, _)) = sheet.bounds();
        for r in r0..=r1 {
            account.rows_read += 1;
            if r <= head.years_row {
                let what = if r == head.row || r == head.years_row {
                    if head.other.is_empty() {
                        "en-tête".to_string()
                    } else {
                        format!(
                            "en-tête (colonnes non lues, pas des années : {})",
                            head.other.join(", ")
                        )
                    }
                } else {
                    "titre et avertissements au-dessus du tableau".to_string()
                };
                account.skip(what, format!("ligne {}", r + 1));
                continue;
            }
            let has_numbers = head
                .years
                .iter()
                .any(|&(c, _, _)| matches!(sheet.get(r, c), Data::Float(_) | Data::Int(_)));
            let label = normalise(&text(sheet.get(r, code_col + 1)));
            if is_blank(sheet.get(r, code_col)) && COLLECTIVITES.contains(&label.as_str()) {
                account.skip(
                    "collectivité d'outre-mer : hors des départements (comptée dans le total France)",
                    format!("ligne {}", r + 1),
                );
                continue;
            }
            let Some((territory, total)) = territory(path, &sheet, r, code_col, known)? else {
                if has_numbers {
                    return Err(sheet.cell_error(path,
                        r,
                        code_col,
                        format!(
                            "attendu un code de département ou un total (France métropolitaine, DOM, France), trouvé «{}» «{}»",
                            text(sheet.get(r, code_col)),
                            text(sheet.get(r, code_col + 1))
                        ),
                    ));
                }
                let empty =
                    is_blank(sheet.get(r, code_col)) && is_blank(sheet.get(r, code_col + 1));
                account.skip(
                    if empty {
                        "ligne vide"
                    } else {
                        "sources et notes sous le tableau"
                    },
                    format!("ligne {}", r + 1),
                );
                continue;
            };
            for &(c, year, second) in &head.years {
                let read = sheet.count(book, r, c).map_err(|m| {
                    sheet.cell_error(
                        path,
                        r,
                        c,
                        format!("{} {year} de {territory} : {m}", spec.indicator),
                    )
                })?;
                let (value, status) = match read {
                    Value::Number(v) => (number_text(v), value_status(v, true, total)),
                    Value::Marker(s) => (String::new(), s),
                };
                let indicator = if second {
                    format!("{}{BREAK_SUFFIX}", spec.indicator)
                } else {
                    spec.indicator.to_string()
                };
                years = (years.0.min(year), years.1.max(year));
                rows.push(ObservationRow {
                    territory: territory.clone(),
                    indicator,
                    year,
                    value,
                    status: status.to_string(),
                    source_id: String::new(),
                    source_ref: format!("{name}!{}", a1(r, c)),
                    edition: String::new(),
                });
                account.values_loaded += 1;
            }
            account.rows_loaded += 1;
        }
        accounts.push(account);
    }
    if found.is_empty() {
        return Ok(Err(
            "pas de tableau des minima sociaux (titre « Répartition des allocataires … au 31 décembre » et en-tête `N° Dep | Libelle Dep`)".into(),
        ));
    }
    let edition = years.1;
    let source_id = format!("{STEM}-{edition}");
    for r in &mut rows {
        r.source_id = source_id.clone();
        r.edition = edition.to_string();
    }
    Ok(Ok(MinimaEdition {
        edition,
        source_id,
        rows,
        accounts,
        first_year: years.0,
        last_year: years.1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_years_keep_their_footnotes_out() {
        assert_eq!(header_year(&Data::String("2010 (1)".into())), Some(2010));
        assert_eq!(header_year(&Data::String("2016 (2)".into())), Some(2016));
        assert_eq!(header_year(&Data::String("2009**".into())), Some(2009));
        assert_eq!(header_year(&Data::String("2006(1)".into())), Some(2006));
        assert_eq!(header_year(&Data::Float(2019.0)), Some(2019));
        assert_eq!(
            header_year(&Data::String("Proportion d'allocataires (3)".into())),
            None
        );
        assert_eq!(header_year(&Data::String("Total RSA".into())), None);
    }
}
