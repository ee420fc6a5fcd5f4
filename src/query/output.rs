//! Query results as text, through the one writer per format of [`crate::write`].

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::error::Result;
use crate::write as writers;
pub use writers::Format;

/// A cell as text and whether it is a number.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
    pub null: bool,
}

/// Every row of `batches` as cells, with the column names.
///
/// Kept for the callers that read results as text until they move to the typed row accessor;
/// writers take Arrow batches directly.
pub fn cells(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<(Vec<String>, Vec<Vec<Cell>>)> {
    let names = writers::names(schema);
    let mut rows = Vec::new();
    for batch in batches {
        let columns = writers::columns(batch)?;
        for i in 0..batch.num_rows() {
            rows.push(
                columns
                    .iter()
                    .zip(batch.columns())
                    .map(|(c, a)| {
                        let v = c.value(i);
                        Cell {
                            text: v.machine_text(),
                            numeric: a.data_type().is_numeric(),
                            null: v == writers::Value::Null,
                        }
                    })
                    .collect(),
            );
        }
    }
    Ok((names, rows))
}

/// Render `batches` in a text `format` (every row; the table format shows them all).
pub fn render(schema: &SchemaRef, batches: &[RecordBatch], format: Format) -> Result<String> {
    writers::render(
        schema,
        batches,
        format,
        writers::Options {
            max_rows: usize::MAX,
        },
    )
}
