//! One writer per output format, fed from Arrow record batches (never from printed text):
//! CSV, JSON, NDJSON, Markdown, an aligned text table, an HTML table, XLSX and Parquet.
//!
//! Machine formats (CSV, JSON, NDJSON, Parquet) carry the values exactly: a float is written as
//! the shortest text that reads back as the same number ([`Value::machine_text`]), so the JSON
//! and the CSV of one result hold the same digits. Human formats (Markdown, HTML, the text
//! table) are read by people: `depbench query` and the shell write every digit with a decimal
//! comma ([`Value::reader_text`]), reports the French display ([`Value::french_text`], through
//! [`crate::model::format`]). XLSX stores numbers as numbers
//! with display formats; nothing is printed and parsed back.
//!
//! The streaming writers ([`BatchWriter`]) take one batch at a time, so a query's result never
//! needs to be held whole; [`write_stream`] drives one from a DataFusion stream.

pub mod atomic;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod parquet;
pub mod table;
pub mod xlsx;

use std::io::Write;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{
    DataType, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, SchemaRef,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

use crate::error::{Error, Result};
use crate::model::format;

/// Output formats of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned text table, at most `max_rows` rows, with a footer giving the total.
    #[default]
    Table,
    /// RFC 4180 CSV with a header row; raw numbers, empty field for NULL.
    Csv,
    /// CSV for French spreadsheets ([`csv::Dialect::French`]): UTF-8 byte order mark, `;`
    /// separator, decimal comma, CRLF line ends; numbers keep every digit, empty field for NULL.
    /// French Excel opens it with a double-click, accents and numbers intact.
    CsvFr,
    /// One JSON array of objects, keys in SELECT order.
    Json,
    /// One JSON object per line, keys in SELECT order.
    Ndjson,
    /// GitHub-flavoured Markdown table.
    Markdown,
    /// An HTML `<table>`.
    Html,
    /// An Excel workbook (needs an output file).
    Xlsx,
    /// A Parquet file (needs an output file).
    Parquet,
}

impl Format {
    /// Whether the format is binary and must go to a file.
    pub fn needs_file(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }
}

/// One cell of a result, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    /// An unsigned integer too large for `Int`.
    UInt(u64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl Value {
    /// Whether the value is a number (right-aligned, a JSON number, an XLSX number).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::UInt(_) | Value::Float(_))
    }

    /// The value as `f64` when it is a finite number.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(v) => Some(v as f64),
            Value::UInt(v) => Some(v as f64),
            Value::Float(v) if v.is_finite() => Some(v),
            _ => None,
        }
    }

    /// Text for machines: shortest round-trip decimal with a dot (`16.1`, `0`, `1234567`),
    /// `true`/`false`, empty for NULL and non-finite floats.
    pub fn machine_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(v) => v.to_string(),
            Value::UInt(v) => v.to_string(),
            Value::Float(v) => raw_number(*v),
            Value::Bool(b) => b.to_string(),
            Value::Text(s) => s.clone(),
        }
    }

    /// Text for people reading a result (`--format table`, `markdown`, `html`, the shell, the
    /// explorer's SQL page): [`Value::machine_text`] with a decimal comma, every digit kept
    /// (`8,485648378997022`, `2022`, `-0,5`); text, booleans and NULL (empty) unchanged.
    pub fn reader_text(&self) -> String {
        match self {
            Value::Float(_) => decimal_comma(&self.machine_text()),
            other => other.machine_text(),
        }
    }

    /// Text for French readers: decimal values (whole ones too: `2 279`) with a decimal comma
    /// and a thousands separator (at most two decimals, as printed), integer columns (years,
    /// lines, codes) unchanged,
    /// [`NOT_AVAILABLE`] for NULL.
    pub fn french_text(&self) -> String {
        match self {
            Value::Null => NOT_AVAILABLE.to_string(),
            Value::Float(v) if !v.is_finite() => NOT_AVAILABLE.to_string(),
            Value::Float(v) => {
                let text = raw_number(*v);
                let decimals = text.split_once('.').map_or(0, |(_, f)| f.len().min(2));
                // Whole numbers too: a count reads `2 279`, never `2279`.
                format::number(*v, decimals)
            }
            other => other.machine_text(),
        }
    }
}

/// What human formats print for NULL (the one constant, in the model).
pub use crate::model::format::NOT_AVAILABLE;

/// A finite float as the shortest decimal that reads back as the same number (`-0.0` → `0`);
/// empty for NaN and infinities.
pub fn raw_number(v: f64) -> String {
    if !v.is_finite() {
        String::new()
    } else if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// A number written for machines (`8.485648378997022`, `1e-7`) with a decimal comma instead
/// of its decimal point, every digit kept (`8,485648378997022`): the one rule of the formats
/// people read ([`Value::reader_text`], the French Excel CSV, the explorer's SQL page).
pub fn decimal_comma(machine: &str) -> String {
    machine.replacen('.', ",", 1)
}

/// The typed cell readers of every column of `batch`, in order.
pub fn columns(batch: &RecordBatch) -> Result<Vec<Column<'_>>> {
    batch.columns().iter().map(Column::new).collect()
}

/// Reads typed cells out of one Arrow column.
pub struct Column<'a> {
    array: &'a ArrayRef,
    fallback: ArrayFormatter<'a>,
}

impl<'a> Column<'a> {
    /// A reader over `array`.
    pub fn new(array: &'a ArrayRef) -> Result<Self> {
        let fallback =
            ArrayFormatter::try_new(array.as_ref(), &FORMAT_OPTIONS).map_err(|e| Error::Arrow {
                context: "formatting a result".into(),
                source: e,
            })?;
        Ok(Column { array, fallback })
    }

    /// The value at row `i`.
    pub fn value(&self, i: usize) -> Value {
        let a = self.array;
        if a.is_null(i) {
            return Value::Null;
        }
        match a.data_type() {
            DataType::Float64 => Value::Float(a.as_primitive::<Float64Type>().value(i)),
            DataType::Float32 => {
                // The float32's own shortest text, not the widened f64's digits.
                let v = a.as_primitive::<Float32Type>().value(i);
                Value::Float(format!("{v}").parse().unwrap_or(f64::from(v)))
            }
            DataType::Int8 => Value::Int(a.as_primitive::<Int8Type>().value(i).into()),
            DataType::Int16 => Value::Int(a.as_primitive::<Int16Type>().value(i).into()),
            DataType::Int32 => Value::Int(a.as_primitive::<Int32Type>().value(i).into()),
            DataType::Int64 => Value::Int(a.as_primitive::<Int64Type>().value(i)),
            DataType::UInt8 => Value::Int(a.as_primitive::<UInt8Type>().value(i).into()),
            DataType::UInt16 => Value::Int(a.as_primitive::<UInt16Type>().value(i).into()),
            DataType::UInt32 => Value::Int(a.as_primitive::<UInt32Type>().value(i).into()),
            DataType::UInt64 => {
                let v = a.as_primitive::<UInt64Type>().value(i);
                i64::try_from(v).map_or(Value::UInt(v), Value::Int)
            }
            DataType::Boolean => Value::Bool(a.as_boolean().value(i)),
            // Decimals (`CAST(x AS DECIMAL(10, 2))`, a Parquet file's decimal column) are
            // numbers: a number in XLSX and JSON, right-aligned, when `f64` holds every digit.
            DataType::Decimal128(..) | DataType::Decimal256(..) => {
                let text = self.fallback.value(i).to_string();
                exact_decimal(&text).map_or(Value::Text(text), Value::Float)
            }
            _ => Value::Text(self.fallback.value(i).to_string()),
        }
    }
}

/// The `f64` of a decimal's text (`12.50`, `-0.125`, `1234`) when it keeps every significant
/// digit (its shortest text equals the decimal's without trailing zeros), else `None` (the
/// decimal is written as its text, never rounded).
pub fn exact_decimal(text: &str) -> Option<f64> {
    let v: f64 = text.parse().ok()?;
    // -0 is 0.
    let v = if v == 0.0 { 0.0 } else { v };
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    };
    let trimmed = match trimmed {
        "-0" | "" | "-" => "0",
        t => t,
    };
    (v.is_finite() && format!("{v}") == trimmed).then_some(v)
}

const FORMAT_OPTIONS: FormatOptions<'static> = FormatOptions::new().with_null("");

/// Whether a column of this type holds numbers.
pub fn is_numeric(data_type: &DataType) -> bool {
    data_type.is_numeric()
}

/// The column names of `schema`.
pub fn names(schema: &SchemaRef) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

/// A writer that takes a result batch by batch.
pub trait BatchWriter {
    /// Write one batch.
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    /// Write what follows the last batch (closing bracket, footer) and flush.
    fn finish(&mut self) -> Result<()>;
}

/// Options of the streaming writers.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Rows shown by the text table before the footer.
    pub max_rows: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_rows: 40 }
    }
}

/// A streaming writer of `format` to `out` (text formats; XLSX and Parquet go to files through
/// [`xlsx::Sheet`] and [`parquet::ParquetFile`]).
pub fn text_writer<'w, W: Write + 'w>(
    format: Format,
    schema: SchemaRef,
    out: W,
    options: Options,
) -> Result<Box<dyn BatchWriter + 'w>> {
    Ok(match format {
        Format::Table => Box::new(table::TableWriter::new(schema, out, options.max_rows)),
        Format::Csv => Box::new(csv::CsvWriter::new(schema, out)?),
        Format::CsvFr => Box::new(csv::CsvWriter::with_dialect(
            schema,
            out,
            csv::Dialect::French,
        )?),
        Format::Json => Box::new(json::JsonWriter::array(schema, out)),
        Format::Ndjson => Box::new(json::JsonWriter::lines(schema, out)),
        Format::Markdown => Box::new(markdown::MarkdownWriter::new(schema, out)?),
        Format::Html => Box::new(html::HtmlWriter::new(schema, out)?),
        Format::Xlsx | Format::Parquet => {
            return Err(Error::Invalid(format!(
                "--format {} : une sortie binaire demande un fichier (-o FICHIER)",
                if format == Format::Xlsx {
                    "xlsx"
                } else {
                    "parquet"
                }
            )));
        }
    })
}

/// Render whole `batches` in a text `format` (for results already in memory).
pub fn render(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    format: Format,
    options: Options,
) -> Result<String> {
    let mut buf = Vec::new();
    {
        let mut w = text_writer(format, schema.clone(), &mut buf, options)?;
        for b in batches {
            w.write(b)?;
        }
        w.finish()?;
    }
    String::from_utf8(buf)
        .map_err(|e| Error::Invalid(format!("le résultat n'est pas de l'UTF-8 : {e}")))
}

/// Write every batch of `stream` with `writer`, then finish it; returns the number of rows.
/// Only one batch is held at a time. `error` turns an execution error into the library's
/// (with the query's context and hints).
pub async fn write_stream(
    mut stream: datafusion::execution::SendableRecordBatchStream,
    writer: &mut dyn BatchWriter,
    error: impl Fn(datafusion::error::DataFusionError) -> Error,
) -> Result<usize> {
    use futures::StreamExt;
    let mut rows = 0;
    while let Some(batch) = stream.next().await {
        let batch = batch.map_err(&error)?;
        rows += batch.num_rows();
        writer.write(&batch)?;
    }
    writer.finish()?;
    Ok(rows)
}

/// An I/O error while writing output; a closed pipe keeps its kind so the binary can end
/// quietly.
pub(crate) fn io_err(e: std::io::Error) -> Error {
    Error::io("<output>", e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal's text is a number when `f64` keeps every digit, else it stays text.
    #[test]
    fn exact_decimals() {
        assert_eq!(exact_decimal("12.50"), Some(12.5));
        assert_eq!(exact_decimal("1234"), Some(1234.0));
        assert_eq!(exact_decimal("-0.125"), Some(-0.125));
        assert_eq!(exact_decimal("0.00"), Some(0.0));
        assert_eq!(exact_decimal("-0.00"), Some(0.0));
        assert_eq!(exact_decimal("12345678901234567890.5"), None);
        assert_eq!(exact_decimal("0.12345678901234567891"), None);
        assert_eq!(exact_decimal("abc"), None);
    }

    #[test]
    fn numbers_for_machines_and_for_readers() {
        assert_eq!(Value::Float(16.1).machine_text(), "16.1");
        assert_eq!(Value::Float(-0.0).machine_text(), "0");
        assert_eq!(
            Value::Float(13.113454621052743).machine_text(),
            "13.113454621052743"
        );
        assert_eq!(Value::Float(f64::NAN).machine_text(), "");
        assert_eq!(Value::Float(1234567.0).machine_text(), "1234567");
        assert_eq!(Value::Float(47.5).french_text(), "47,5");
        assert_eq!(Value::Float(2279.0).french_text(), "2\u{a0}279");
        assert_eq!(Value::Int(2022).french_text(), "2022");
        assert_eq!(
            Value::Float(8.485648378997022).reader_text(),
            "8,485648378997022"
        );
        assert_eq!(Value::Float(-0.5).reader_text(), "-0,5");
        assert_eq!(Value::Float(1234567.25).reader_text(), "1234567,25");
        assert_eq!(Value::Int(2022).reader_text(), "2022");
        assert_eq!(Value::Text("1.5".into()).reader_text(), "1.5");
        assert_eq!(Value::Null.reader_text(), "");
        assert_eq!(Value::Float(1234.56789).french_text(), "1\u{a0}234,57");
        assert_eq!(Value::Int(2022).french_text(), "2022");
        assert_eq!(Value::Null.french_text(), "n.d.");
    }
}
