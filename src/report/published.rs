//! The table of « Chiffres publiés par le département » as readers see it: the published value
//! with the decimals it was printed with, the DREES value with the decimals of its unit
//! (`effectif` 0, `%` and `‰` 1: the same DREES value reads the same on every line, `47,5`,
//! never `48` on the line of a figure printed without decimals), both in the French format
//! (`2 279`, `16,1`). Display only: the values themselves are never rounded (the workbook holds
//! them as numbers, the DREES value displayed with one decimal: `47,5`, `2 160,0`).

use std::fmt::Write as _;

use super::Sourced;
use crate::error::Result;
use crate::model::format::{self, Unit};
use crate::write::html::{cell, header_cell, row_start};
use crate::write::{self as writers, Value};

/// Column of the published value (`queries/report/document_figures.sql`).
const PUBLISHED: &str = "valeur publiée";
/// Column of the DREES value.
pub const DREES: &str = "valeur DREES";
/// Column of the unit, in French (`effectif`, `%`, `‰`: SQL `fr_unit`).
const UNIT: &str = "unité";

/// Decimals of the DREES value of a figure in unit `label` (French, as `fr_unit` writes it):
/// the unit's [`Unit::default_decimals`] (`effectif` 0, `%` 1); 1 for a label that is no unit.
pub fn drees_decimals(label: &str) -> usize {
    Unit::ALL
        .into_iter()
        .find(|u| u.label() == label)
        .map_or(1, Unit::default_decimals)
}

/// Decimals a published value was printed with, read from its shortest form (`16.1` → 1,
/// `2279` → 0).
pub fn printed_decimals(v: f64) -> usize {
    writers::raw_number(v)
        .split_once('.')
        .map_or(0, |(_, f)| f.len())
}

/// The text of cell `value` of column `name` on a row whose unit is `unit`.
fn text(name: &str, value: &Value, unit: &str) -> String {
    match (name, value.as_f64()) {
        (PUBLISHED, Some(v)) => format::number(v, printed_decimals(v)),
        (DREES, Some(v)) => format::number(v, drees_decimals(unit)),
        _ => value.french_text(),
    }
}

/// `s` as an HTML table for readers: French headers (`header` of each column), text cells as
/// [`Value::french_text`], the two values formatted as the module says. Errors: a column type
/// the writers cannot read.
pub fn table(s: &Sourced, header: impl Fn(&str) -> String) -> Result<String> {
    let names: Vec<String> = s.schema.fields().iter().map(|f| f.name().clone()).collect();
    let numeric: Vec<bool> = s
        .schema
        .fields()
        .iter()
        .map(|f| writers::is_numeric(f.data_type()))
        .collect();
    let unit_col = names.iter().position(|n| n == UNIT);
    let mut h = String::from("<table>\n<thead>\n<tr>");
    for (n, num) in names.iter().zip(&numeric) {
        h.push_str(&header_cell(&header(n), *num, ""));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for batch in &s.batches {
        let columns = writers::columns(batch)?;
        for i in 0..batch.num_rows() {
            let unit = unit_col
                .map(|c| columns[c].value(i).machine_text())
                .unwrap_or_default();
            h.push_str(&row_start(None, false));
            for ((c, name), num) in columns.iter().zip(&names).zip(&numeric) {
                h.push_str(&cell(&text(name, &c.value(i), &unit), *num));
            }
            let _ = writeln!(h, "</tr>");
        }
    }
    h.push_str("</tbody>\n</table>\n");
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts with the thousands space, the DREES value with its unit's decimals on every
    /// line, the published value as printed.
    #[test]
    fn values_read_the_same_on_every_line() {
        assert_eq!(
            text(PUBLISHED, &Value::Float(2279.0), "effectif"),
            "2\u{a0}279"
        );
        assert_eq!(text(DREES, &Value::Float(2160.0), "effectif"), "2\u{a0}160");
        assert_eq!(text(PUBLISHED, &Value::Float(16.1), "%"), "16,1");
        assert_eq!(text(PUBLISHED, &Value::Float(16.0), "%"), "16");
        let drees = 47.540983606557376;
        assert_eq!(text(DREES, &Value::Float(drees), "%"), "47,5");
        assert_eq!(text(DREES, &Value::Float(79.0), "%"), "79,0");
        assert_eq!(text(DREES, &Value::Null, "%"), "n.d.");
        assert_eq!(text("ligne", &Value::Int(1809), ""), "1809");
    }
}
