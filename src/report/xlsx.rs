//! The report's workbook: one sheet per table, one per figure's data, and the sources.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::Report;
use crate::error::{Error, Result};
use crate::query::output;
use crate::render::Chart;
use crate::render::export::{sheet_name, write_xlsx};

fn xlsx_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("tableaux.xlsx: {e}"))
}

/// Write a query result as a sheet: numbers as numbers, text as text.
fn data_sheet(
    wb: &mut Workbook,
    name: &str,
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[datafusion::arrow::array::RecordBatch],
) -> Result<()> {
    let (names, rows) = output::cells(schema, batches)?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(name)).map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, n, &bold)
            .map_err(xlsx_err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if cell.null {
                continue;
            }
            match (cell.numeric, cell.text.parse::<f64>()) {
                (true, Ok(v)) => ws.write_number(r, c, v).map_err(xlsx_err)?,
                _ => ws.write_string(r, c, &cell.text).map_err(xlsx_err)?,
            };
        }
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
