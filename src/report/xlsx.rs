//! The report's workbook: one sheet per table, one per figure's data, and the sources.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use super::Report;
use crate::error::{Error, Result};
use crate::render::Chart;
use crate::render::export::write_xlsx;
use crate::write::xlsx::Sheet;

fn xlsx_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("tableaux.xlsx: {e}"))
}

/// Write a query result as a sheet with the one XLSX writer: numbers as numbers (read from
/// Arrow, never from text), text as text, a bold header row.
fn data_sheet(
    wb: &mut Workbook,
    name: &str,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
) -> Result<()> {
    let mut sheet = Sheet::add(wb, name, schema)?;
    for b in batches {
        sheet.write(wb, b)?;
    }
    Ok(())
}

/// The workbook bytes; identical for identical reports (fixed creation date).
pub fn workbook(r: &Report) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "depbench — {} ({}) {}",
                r.request.focus_name, r.request.focus, r.request.year
            ))
            .set_creation_datetime(&date),
    );
    for (i, f) in r.figures.iter().enumerate() {
        let name = format!(
            "{:02} {}",
            i + 1,
            super::strip_number(&f.figure.name).replace('_', " ")
        );
        match &f.chart {
            Chart::Table(t) => write_xlsx(&mut wb, &name, t).map_err(xlsx_err)?,
            _ => data_sheet(&mut wb, &name, &f.schema, &f.batches)?,
        }
    }
    if let Some(d) = &r.document_figures {
        data_sheet(&mut wb, "Chiffres du schéma", &d.schema, &d.batches)?;
    }
    data_sheet(&mut wb, "Sources", &r.sources.schema, &r.sources.batches)?;
    wb.save_to_buffer().map_err(xlsx_err)
}
