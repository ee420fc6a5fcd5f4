//! Territory validité : one post-processing step over every importer's observations.
//!
//! Some DREES codes exist only for part of the series: `69D` (Rhône hors Métropole) and `69M`
//! (Métropole de Lyon) from 2015, `2A`/`2B` until 2017, `20` (Collectivité de Corse) from 2018
//! (`territories.csv`, `valid_from`/`valid_to`). The workbooks still print a cell for every
//! year — 0 displayed as "-" in the spending tables, "-" or ND elsewhere — which would read as
//! a published zero. Whatever the file prints, a value of a territory outside its validity is
//! NULL with status [`NOT_APPLICABLE`]; `source_ref` still names the cell that was read.
//!
//! The step works on the CSV bytes each importer hands to [`Output`] (any file under
//! `observations/` with `territory`, `year`, `value` and `status` columns), so it does not
//! depend on how the readers are written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::territories::{Territory, is_valid_in};
use super::{Account, Output};
use crate::error::{Error, Result};
use crate::model::lines::{LineCounter, csv_line};

/// Status of a value whose territory did not exist that year.
pub use crate::model::schema::vocab::NOT_APPLICABLE;

/// Whether `territory` did not exist in `year` (a code with validity years outside them).
pub fn outside(territories: &[&Territory], territory: &str, year: i32) -> bool {
    territories
        .iter()
        .find(|t| t.code == territory)
        .is_some_and(|t| !is_valid_in(t, year))
}

/// Null every observation of a territory outside its validity years, in every observation file
/// of `out` but those of `own_codes` (publications that print a territory's real counts past
/// DREES's ASE validity years: the minima sociaux keep 2A and 2B to 2019), and add an account
/// saying how many values were set to `not_applicable`.
///
/// Errors when an observation file lacks one of the columns it needs or holds a year that is
/// not an integer (both would be importer bugs: the loader would refuse the file later).
pub fn apply(
    out: &mut Output,
    territories: &[Territory],
    own_codes: &BTreeSet<PathBuf>,
) -> Result<()> {
    let bounded: BTreeMap<&str, &Territory> = territories
        .iter()
        .filter(|t| t.valid_from.is_some() || t.valid_to.is_some())
        .map(|t| (t.code.as_str(), t))
        .collect();
    let mut account = Account::default();
    let mut all_changed = Vec::new();
    for (path, bytes) in out.files.iter_mut() {
        let is_observations = path.starts_with("observations")
            && path.extension().is_some_and(|e| e == "csv")
            && !own_codes.contains(path);
        if !is_observations {
            continue;
        }
        let name = path.display().to_string();
        let (rewritten, examined, changed) = rewrite(bytes, &name, &bounded)?;
        account.rows_read += examined;
        account.rows_loaded += examined;
        if !changed.is_empty() {
            all_changed.extend(changed);
            *bytes = rewritten;
        }
    }
    if account.rows_read == 0 {
        // No observation file in this import (OLINPE extracts, a kit, outlines only): nothing
        // to say about territories' years.
        return Ok(());
    }
    account.values_loaded = all_changed.len();
    let shown: Vec<&str> = all_changed.iter().take(3).map(String::as_str).collect();
    account.input = if all_changed.is_empty() {
        "validité : aucune valeur d'un territoire hors de ses années".to_string()
    } else {
        format!(
            "validité : {} valeurs d'un territoire hors de ses années mises à NULL `{NOT_APPLICABLE}` (par exemple {})",
            all_changed.len(),
            shown.join(", ")
        )
    };
    out.accounts.push(account);
    Ok(())
}

/// Rewrite one observation CSV; returns the new bytes, the number of rows read and the
/// locations (`territory year indicator`) that were set to `not_applicable`.
fn rewrite(
    bytes: &[u8],
    name: &str,
    bounded: &BTreeMap<&str, &Territory>,
) -> Result<(Vec<u8>, usize, Vec<String>)> {
    let invalid = |line: u64, field: &str, message: String| {
        Error::Invalid(format!("{name}, ligne {line}, champ `{field}` : {message}"))
    };
    let mut reader = csv::Reader::from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let header = reader
        .headers()
        .map_err(|e| invalid(1, "-", e.to_string()))?
        .clone();
    let col = |wanted: &str| {
        header.iter().position(|h| h == wanted).ok_or_else(|| {
            invalid(
                1,
                wanted,
                format!("attendu : une colonne d'observation `{wanted}`"),
            )
        })
    };
    let (c_terr, c_year, c_value, c_status) = (
        col("territory")?,
        col("year")?,
        col("value")?,
        col("status")?,
    );
    let c_indicator = header.iter().position(|h| h == "indicator");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("in-memory write");
    let mut examined = 0;
    let mut changed = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| invalid(csv_line(bytes, e.position()), "-", e.to_string()))?;
        let line = lines.line(record.position());
        examined += 1;
        let territory = &record[c_terr];
        let outside = match bounded.get(territory) {
            Some(t) => {
                let year: i32 = record[c_year].parse().map_err(|_| {
                    invalid(
                        line,
                        "year",
                        format!(
                            "attendu : une année entière ; trouvé : «{}»",
                            &record[c_year]
                        ),
                    )
                })?;
                !is_valid_in(t, year)
            }
            None => false,
        };
        if outside {
            let fields: Vec<&str> = (0..record.len())
                .map(|i| match i {
                    i if i == c_value => "",
                    i if i == c_status => NOT_APPLICABLE,
                    i => &record[i],
                })
                .collect();
            writer.write_record(&fields).expect("in-memory write");
            let indicator = c_indicator.map_or("", |c| &record[c]);
            changed.push(format!("{territory} {} {indicator}", &record[c_year]));
        } else {
            writer.write_record(&record).expect("in-memory write");
        }
    }
    Ok((
        writer.into_inner().expect("in-memory write"),
        examined,
        changed,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn territory(code: &str, from: Option<i32>, to: Option<i32>) -> Territory {
        Territory {
            code: code.into(),
            name: code.into(),
            kind: "departement",
            region_code: None,
            valid_from: from,
            valid_to: to,
            source_ref: String::new(),
        }
    }

    #[test]
    fn values_outside_validity_become_not_applicable() {
        let csv = "territory,indicator,year,value,status,source_id,source_ref,edition\n\
                   69D,DepBruteASE,2014,0,published,s,ASE-tab1!D8,2020\n\
                   69D,DepBruteASE,2015,12,published,s,ASE-tab1!E8,2020\n\
                   2A,DepBruteASE,2018,0,published,s,ASE-tab1!F9,2020\n\
                   17,DepBruteASE,1999,0,published,s,ASE-tab1!A2,2020\n";
        let mut out = Output::default();
        out.file("observations/x.csv", csv.as_bytes().to_vec());
        // A publication that prints its own codes (the minima sociaux: 2A in 2018) stays as is.
        out.file("observations/minima.csv", csv.as_bytes().to_vec());
        out.file("indicators.csv", b"id\n".to_vec());
        let terr = [
            territory("69D", Some(2015), None),
            territory("2A", None, Some(2017)),
            territory("17", None, None),
        ];
        let own = BTreeSet::from([PathBuf::from("observations/minima.csv")]);
        apply(&mut out, &terr, &own).unwrap();
        assert_eq!(
            out.files[std::path::Path::new("observations/minima.csv")],
            csv.as_bytes()
        );
        let got = String::from_utf8(out.files[std::path::Path::new("observations/x.csv")].clone())
            .unwrap();
        assert_eq!(
            got,
            "territory,indicator,year,value,status,source_id,source_ref,edition\n\
             69D,DepBruteASE,2014,,not_applicable,s,ASE-tab1!D8,2020\n\
             69D,DepBruteASE,2015,12,published,s,ASE-tab1!E8,2020\n\
             2A,DepBruteASE,2018,,not_applicable,s,ASE-tab1!F9,2020\n\
             17,DepBruteASE,1999,0,published,s,ASE-tab1!A2,2020\n"
        );
        let account = out.accounts.last().unwrap();
        assert_eq!(account.rows_read, 4);
        assert_eq!(account.values_loaded, 2);
    }

    #[test]
    fn a_file_without_a_year_column_is_an_error() {
        let mut out = Output::default();
        out.file(
            "observations/y.csv",
            b"territory,value,status\n17,1,published\n".to_vec(),
        );
        let err = apply(
            &mut out,
            &[territory("2A", None, Some(2017))],
            &BTreeSet::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("attendu : une colonne d'observation `year`"),
            "{err}"
        );
    }
}
