//! Insee population estimates at 1 January by département, sex and 5-year age band (one sheet
//! per year) → `data/population/insee-estimations-1975-2022.csv`, one row per territory and
//! year with the sheet's 63 columns (C:BM) in the same order.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::territories::{Known, aggregate_code, departement_code};
use super::{Account, Output, a1, file_name, files, marker, number_text};
use crate::error::{Error, Result};
use crate::model::schema::{AGE_BANDS, POPULATION_FILE, SEXES, population_wide};

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

/// Import every year sheet of the Insee workbook.
pub fn import(shared_data: &Path, known: &Known) -> Result<Output> {
    let path = shared_data.join(files::POPULATION);
    let (csv, accounts) = read(&path, known)?;
    let mut out = Output::default();
    out.file(POPULATION_FILE, csv);
    out.accounts.extend(accounts);
    Ok(out)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Read the workbook into the wide CSV, one account per sheet.
pub fn read(path: &Path, known: &Known) -> Result<(Vec<u8>, Vec<Account>)> {
    let file = file_name(path);
    let mut book = open_workbook_auto(path).map_err(|e| Error::Workbook {
        path: path.to_path_buf(),
        message: format!("cannot open workbook (corrupt or not xlsx?): {e}"),
    })?;
    let schema = population_wide();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
        .expect("in-memory write");
    let mut lines: Vec<(String, i32, Vec<String>)> = Vec::new();
    let mut accounts = Vec::new();
    let names = book.sheet_names().to_vec();
    let mut year_sheets = 0;
    for sheet in names {
        let Ok(year) = sheet.trim().parse::<i32>() else {
            let mut a = Account::new(format!("{file} sheet `{sheet}`"));
            // Counted as one unit read and not loaded, so read = loaded + not loaded holds.
            a.rows_read += 1;
            a.skip("not a year sheet (notes)", sheet.clone());
            accounts.push(a);
            continue;
        };
        year_sheets += 1;
        let range = book.worksheet_range(&sheet).map_err(|e| Error::Workbook {
            path: path.to_path_buf(),
            message: format!("sheet `{sheet}`: cannot read: {e}"),
        })?;
        let mut account = Account::new(format!("{file} sheet `{sheet}`"));
        let cell_error = |r: u32, c: u32, message: String| Error::Cell {
            path: path.to_path_buf(),
            sheet: sheet.clone(),
            cell: a1(r, c),
            message,
        };
        let get = |r: u32, c: u32| range.get_value((r, c)).unwrap_or(&Data::Empty);
        let (r0, _) = range.start().unwrap_or((0, 0));
        let (r1, _) = range.end().unwrap_or((0, 0));
        let header = (r0..=r1)
            .find(|&r| text(get(r, FIRST_COL)) == BAND_LABELS[0])
            .ok_or_else(|| Error::Workbook {
                path: path.to_path_buf(),
                message: format!("sheet `{sheet}`: no age-band header («0 à 4 ans» in column C)"),
            })?;
        for (s, sex) in SEX_LABELS.iter().enumerate() {
            let c = FIRST_COL + (s * BAND_LABELS.len()) as u32;
            if header == 0 || text(get(header - 1, c)) != *sex {
                return Err(cell_error(
                    header.saturating_sub(1),
                    c,
                    format!(
                        "expected header «{sex}», found «{}»",
                        text(get(header.saturating_sub(1), c))
                    ),
                ));
            }
            for (b, band) in BAND_LABELS.iter().enumerate() {
                let c = c + b as u32;
                let got = text(get(header, c));
                if got != *band {
                    return Err(cell_error(
                        header,
                        c,
                        format!("expected header «{band}», found «{got}»"),
                    ));
                }
            }
        }
        for r in r0..=header {
            account.rows_read += 1;
            account.skip("title block or header", format!("row {}", r + 1));
        }
        let last_col = FIRST_COL + (SEXES.len() * AGE_BANDS.len()) as u32 - 1;
        for r in header + 1..=r1 {
            account.rows_read += 1;
            let a = get(r, 0);
            let label = text(a);
            let has_numbers =
                (FIRST_COL..=last_col).any(|c| matches!(get(r, c), Data::Float(_) | Data::Int(_)));
            let territory = if label.is_empty() {
                None
            } else if let Some(code) = aggregate_code(&label) {
                Some(code.to_string())
            } else if label.chars().next().is_some_and(|c| c.is_ascii_digit()) && label.len() <= 5 {
                let code = departement_code(&label);
                if !known.contains(&code) {
                    return Err(cell_error(r, 0, format!("unknown territory code `{code}`")));
                }
                Some(code)
            } else {
                None
            };
            let Some(territory) = territory else {
                if has_numbers {
                    return Err(cell_error(
                        r,
                        0,
                        format!("values for an unknown territory «{label}»"),
                    ));
                }
                account.skip("empty or note row", format!("row {}", r + 1));
                continue;
            };
            let mut values = Vec::with_capacity(63);
            for c in FIRST_COL..=last_col {
                let v = match get(r, c) {
                    Data::Float(f) => number_text(*f),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    Data::String(s) if marker(s).is_some() => String::new(),
                    Data::String(s) => match s.trim().parse::<f64>() {
                        Ok(f) => number_text(f),
                        Err(_) => return Err(cell_error(r, c, format!("non-numeric value «{s}»"))),
                    },
                    other => return Err(cell_error(r, c, format!("unexpected cell «{other}»"))),
                };
                account.values_loaded += usize::from(!v.is_empty());
                values.push(v);
            }
            let source_ref = format!("{sheet}!{}:{}", a1(r, FIRST_COL), a1(r, last_col));
            values.insert(0, source_ref);
            lines.push((territory, year, values));
            account.rows_loaded += 1;
        }
        accounts.push(account);
    }
    if year_sheets == 0 {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            message: "no year sheet (expected sheets named 1975 … 2022)".into(),
        });
    }
    lines.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for (territory, year, values) in lines {
        let mut record = vec![territory, year.to_string()];
        record.extend(values);
        w.write_record(&record).expect("in-memory write");
    }
    Ok((w.into_inner().expect("in-memory write"), accounts))
}
