//! Insee population estimates au 1er janvier by département, sex and 5-year age band (one sheet
//! per year; `.xlsx` today, `.xls` in earlier editions) → `data/population/insee-pop-<edition>.csv`,
//! one row per territory and year with the sheet's 63 columns (C:BM) in the same order. The
//! edition is the last year sheet.

use std::path::Path;

use calamine::{Data, Reader};

use super::book::{self, Book, Sheet, Value, is_blank};
use super::territories::{Known, aggregate_code, departement_code};
use super::{Account, a1, file_name, number_text};
use crate::error::{Error, Result};
use crate::model::numbers::{self, Measure};
use crate::model::schema::{AGE_BANDS, SEXES, population_wide};

/// Printed band labels, in column order within each sex block.
const BAND_LABELS: [&str; 21] = [
    "0 à 4 ans",
    "5 à 9 ans",
    "10 à 14 ans",
    "15 à 19 ans",
    "20 à 24 ans",
    "25 à 29 ans",
    "30 à 34 ans",
    "35 à 39 ans",
    "40 à 44 ans",
    "45 à 49 ans",
    "50 à 54 ans",
    "55 à 59 ans",
    "60 à 64 ans",
    "65 à 69 ans",
    "70 à 74 ans",
    "75 à 79 ans",
    "80 à 84 ans",
    "85 à 89 ans",
    "90 à 94 ans",
    "95 ans et plus",
    "Total",
];
const SEX_LABELS: [&str; 3] = ["Ensemble", "Hommes", "Femmes"];
const FIRST_COL: u32 = 2;

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// One Insee workbook read: its edition (the last year sheet), the wide CSV and the values by
/// (territory, year, column) for the import's comparison with editions already held.
#[derive(Debug)]
pub struct InseeEdition {
    pub edition: i32,
    pub source_id: String,
    pub csv: Vec<u8>,
    pub accounts: Vec<Account>,
    pub first_year: i32,
    pub last_year: i32,
    pub values: Vec<((String, i32, usize), String)>,
}

/// Is this workbook an Insee estimate by département, sex and age band? True when a sheet
/// named by a year has the age-band header («0 à 4 ans» in column C).
pub fn recognise(book: &mut Book, path: &Path) -> Result<bool> {
    let names = book.sheet_names().to_vec();
    let Some(name) = names.iter().find(|n| year_sheet(n).is_some()) else {
        return Ok(false);
    };
    let sheet = Sheet::read(book, path, name)?;
    let ((r0, _), (r1, _)) = sheet.bounds();
    Ok((r0..=r1.min(r0 + 20)).any(|r| text(sheet.get(r, FIRST_COL)) == BAND_LABELS[0]))
}

fn year_sheet(name: &str) -> Option<i32> {
    name.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

/// The year sheets of a workbook: one per year, none missing between the first and the last.
/// Errors name the sheets (and their positions, 1 = first tab) of a year given twice, or the
/// sheets around a missing year.
fn year_sheets(path: &Path, names: &[String]) -> Result<()> {
    let mut by_year: std::collections::BTreeMap<i32, Vec<(usize, &str)>> = Default::default();
    for (i, name) in names.iter().enumerate() {
        if let Some(year) = year_sheet(name) {
            by_year.entry(year).or_default().push((i + 1, name));
        }
    }
    let refuse = |message: String| Error::Workbook {
        path: path.to_path_buf(),
        message,
    };
    for (year, sheets) in &by_year {
        if sheets.len() > 1 {
            let listed: Vec<String> = sheets
                .iter()
                .map(|(i, n)| format!("`{n}` (feuille {i})"))
                .collect();
            return Err(refuse(format!(
                "l'année {year} est donnée par {} feuilles, {} : attendu : une feuille par année",
                sheets.len(),
                listed.join(" et ")
            )));
        }
    }
    let years: Vec<i32> = by_year.keys().copied().collect();
    for w in years.windows(2) {
        if w[1] != w[0] + 1 {
            let missing = if w[1] == w[0] + 2 {
                format!("aucune feuille pour {}", w[0] + 1)
            } else {
                format!("aucune feuille pour {} à {}", w[0] + 1, w[1] - 1)
            };
            return Err(refuse(format!(
                "{missing} entre les feuilles `{}` et `{}` : attendu : une feuille par année de {} à {}",
                by_year[&w[0]][0].1,
                by_year[&w[1]][0].1,
                years[0],
                years[years.len() - 1]
            )));
        }
    }
    Ok(())
}

/// Read the workbook into the wide CSV, one account per sheet.
pub fn read(path: &Path, book: &mut Book, known: &Known) -> Result<InseeEdition> {
    let file = file_name(path);
    let schema = population_wide();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
        .expect("in-memory write");
    let mut lines: Vec<(String, i32, Vec<String>)> = Vec::new();
    let mut accounts = Vec::new();
    let names = book.sheet_names().to_vec();
    year_sheets(path, &names)?;
    let mut sheet_years = Vec::new();
    for name in names {
        let Some(year) = year_sheet(&name) else {
            let mut a = Account::new(format!("{file} feuille `{name}`"));
            // Counted as one unit read and not loaded, so read = loaded + not loaded holds.
            a.rows_read += 1;
            a.skip("pas une feuille d'année (notes)", name.clone());
            accounts.push(a);
            continue;
        };
        sheet_years.push(year);
        let mut sheet = Sheet::read(book, path, &name)?;
        let mut account = Account::new(format!("{file} feuille `{name}`"));
        let cell_error = |r: u32, c: u32, message: String| Error::Cell {
            path: path.to_path_buf(),
            sheet: name.clone(),
            cell: a1(r, c),
            message,
        };
        let ((r0, _), (r1, _)) = sheet.bounds();
        let header = (r0..=r1)
            .find(|&r| text(sheet.get(r, FIRST_COL)) == BAND_LABELS[0])
            .ok_or_else(|| Error::Workbook {
                path: path.to_path_buf(),
                message: format!(
                    "feuille `{name}` : pas d'en-tête de tranches d'âge («0 à 4 ans» en colonne C)"
                ),
            })?;
        let last_col = FIRST_COL + (SEXES.len() * AGE_BANDS.len()) as u32 - 1;
        if let Some(region) = sheet.merged_in_row(header, FIRST_COL, last_col) {
            return Err(cell_error(
                header,
                FIRST_COL,
                format!(
                    "cellules d'en-tête fusionnées {region} : attendu : une tranche d'âge par colonne"
                ),
            ));
        }
        for (s, sex) in SEX_LABELS.iter().enumerate() {
            let c = FIRST_COL + (s * BAND_LABELS.len()) as u32;
            let above = text(sheet.get(header.saturating_sub(1), c));
            if header == 0 || above != *sex {
                return Err(cell_error(
                    header.saturating_sub(1),
                    c,
                    format!("attendu : l'en-tête «{sex}» ; trouvé : «{above}»"),
                ));
            }
            for (b, band) in BAND_LABELS.iter().enumerate() {
                let c = c + b as u32;
                let got = text(sheet.get(header, c));
                if got != *band {
                    return Err(cell_error(
                        header,
                        c,
                        format!("attendu : l'en-tête «{band}» ; trouvé : «{got}»"),
                    ));
                }
            }
        }
        for r in r0..=header {
            account.rows_read += 1;
            account.skip("bloc de titre ou en-tête", format!("ligne {}", r + 1));
        }
        for r in header + 1..=r1 {
            account.rows_read += 1;
            let label = text(sheet.get(r, 0));
            let has_numbers = (FIRST_COL..=last_col)
                .any(|c| matches!(sheet.get(r, c), Data::Float(_) | Data::Int(_)));
            let territory = if label.is_empty() {
                None
            } else if let Some(code) = aggregate_code(&label) {
                Some(code.to_string())
            } else if label.chars().next().is_some_and(|c| c.is_ascii_digit()) && label.len() <= 5 {
                let code = departement_code(&label);
                if !known.contains(&code) {
                    return Err(cell_error(
                        r,
                        0,
                        format!("code de territoire inconnu `{code}`"),
                    ));
                }
                Some(code)
            } else {
                None
            };
            let Some(territory) = territory else {
                if has_numbers && !label.is_empty() {
                    return Err(cell_error(
                        r,
                        0,
                        format!(
                            "attendu : un code de territoire ou un libellé de total ; trouvé : «{label}»"
                        ),
                    ));
                }
                if has_numbers {
                    let cells: Vec<String> = (FIRST_COL..=last_col)
                        .filter(|&c| !matches!(sheet.get(r, c), Data::Empty))
                        .map(|c| a1(r, c))
                        .collect();
                    account.skip(
                        "cellules isolées hors du bloc du tableau (non chargées)",
                        cells.join(" "),
                    );
                } else {
                    account.skip("ligne vide ou de note", format!("ligne {}", r + 1));
                }
                continue;
            };
            let mut values = Vec::with_capacity(63);
            for c in FIRST_COL..=last_col {
                let read = match sheet.get(r, c) {
                    cell if is_blank(cell) => match sheet.formula(book, r, c) {
                        Some(f) => Err(format!(
                            "{} ; trouvé : la formule ={f} sans résultat enregistré",
                            book::expected()
                        )),
                        None => Ok(Value::Marker("missing")),
                    },
                    other => book::value(other),
                };
                let read = read.and_then(|v| match v {
                    Value::Number(n) => numbers::check(n, Measure::InseeCount).map(|()| v),
                    marker => Ok(marker),
                });
                let v = match read.map_err(|m| {
                    let i = (c - FIRST_COL) as usize;
                    let (sex, band) = (SEX_LABELS[i / 21], BAND_LABELS[i % 21]);
                    cell_error(r, c, format!("{sex}, {band}, {year} de {territory} : {m}"))
                })? {
                    Value::Number(f) => number_text(f),
                    Value::Marker(_) => String::new(),
                };
                account.values_loaded += usize::from(!v.is_empty());
                values.push(v);
            }
            let source_ref = format!("{name}!{}:{}", a1(r, FIRST_COL), a1(r, last_col));
            values.insert(0, source_ref);
            lines.push((territory, year, values));
            account.rows_loaded += 1;
        }
        accounts.push(account);
    }
    let (Some(&first_year), Some(&last_year)) =
        (sheet_years.iter().min(), sheet_years.iter().max())
    else {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            message: "aucune feuille d'année (attendu : des feuilles nommées par année, par exemple 1975 … 2022)".into(),
        });
    };
    let edition = last_year;
    lines.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut compared = Vec::new();
    for (territory, year, values) in lines {
        for (i, v) in values.iter().skip(1).enumerate() {
            compared.push(((territory.clone(), year, i), v.clone()));
        }
        let mut record = vec![territory, year.to_string(), edition.to_string()];
        record.extend(values);
        w.write_record(&record).expect("in-memory write");
    }
    Ok(InseeEdition {
        edition,
        source_id: format!("insee-pop-{edition}"),
        csv: w.into_inner().expect("in-memory write"),
        accounts,
        first_year,
        last_year,
        values: compared,
    })
}
