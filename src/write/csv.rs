//! CSV: a header row, then one record per row; raw numbers ([`Value::machine_text`]), empty
//! fields for NULL, RFC 4180 quoting, `\n` line ends.
//!
//! The French dialect ([`Dialect::French`]) is what French Excel reads on a double-click: a
//! UTF-8 byte order mark (else accents come out garbled), `;` between fields (the comma is the
//! decimal separator there), decimal commas and CRLF line ends. Numbers keep every digit
//! (`19,76066489636859`), with no thousands separator, so the spreadsheet reads them as numbers.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, Value, names};
use crate::error::{Error, Result};

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => super::io_err(e),
        other => Error::Invalid(format!("csv: {other:?}")),
    }
}

/// The byte order mark written first by [`Dialect::French`].
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How fields, numbers and lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180 with `,`, decimal points and `\n` line ends: for programs.
    #[default]
    Machine,
    /// BOM, `;`, decimal comma, CRLF: for French spreadsheets.
    French,
}

impl Dialect {
    /// A number cell's text in this dialect (`Machine`: `16.1`; `French`: `16,1`).
    pub fn number_text(self, value: &Value) -> String {
        let text = value.machine_text();
        match (self, value) {
            (Dialect::French, Value::Float(_)) => text.replace('.', ","),
            _ => text,
        }
    }
}

/// A CSV writer of plain text records (used by every CSV output of depbench).
pub struct Records<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Records<W> {
    /// A writer to `out` in the machine dialect.
    pub fn new(out: W) -> Self {
        Records {
            inner: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out),
        }
    }

    /// A writer to `out` in `dialect`; the French dialect writes its byte order mark first.
    pub fn with_dialect(mut out: W, dialect: Dialect) -> Result<Self> {
        Ok(match dialect {
            Dialect::Machine => Records::new(out),
            Dialect::French => {
                out.write_all(BOM).map_err(super::io_err)?;
                Records {
                    inner: csv::WriterBuilder::new()
                        .delimiter(b';')
                        .terminator(csv::Terminator::CRLF)
                        .from_writer(out),
                }
            }
        })
    }

    /// Write one record.
    pub fn record<I, F>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = F>,
        F: AsRef<[u8]>,
    {
        self.inner.write_record(fields).map_err(csv_err)
    }

    /// Flush.
    pub fn flush(&mut self) -> Result<()> {
        self.inner.flush().map_err(super::io_err)
    }
}

/// Streaming CSV of a result.
pub struct CsvWriter<W: Write> {
    records: Records<W>,
    dialect: Dialect,
}

impl<W: Write> CsvWriter<W> {
    /// Write the header of `schema` to `out` (machine dialect).
    pub fn new(schema: SchemaRef, out: W) -> Result<Self> {
        Self::with_dialect(schema, out, Dialect::Machine)
    }

    /// Write the header of `schema` to `out` in `dialect`.
    pub fn with_dialect(schema: SchemaRef, out: W, dialect: Dialect) -> Result<Self> {
        let mut records = Records::with_dialect(out, dialect)?;
        records.record(names(&schema))?;
        Ok(CsvWriter { records, dialect })
    }
}

impl<W: Write> BatchWriter for CsvWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        let mut fields = Vec::with_capacity(columns.len());
        for i in 0..batch.num_rows() {
            fields.clear();
            fields.extend(
                columns
                    .iter()
                    .map(|c| self.dialect.number_text(&c.value(i))),
            );
            self.records.record(&fields)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.records.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Float64Array, Int32Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn batch() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("territoire", DataType::Utf8, false),
            Field::new("annee", DataType::Int32, false),
            Field::new("taux", DataType::Float64, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["Côtes-d'Armor", "Orne; Manche"])),
                Arc::new(Int32Array::from(vec![2022, 2022])),
                Arc::new(Float64Array::from(vec![Some(19.76066489636859), None])),
            ],
        )
        .unwrap()
    }

    fn write(dialect: Dialect) -> Vec<u8> {
        let b = batch();
        let mut out = Vec::new();
        let mut w = CsvWriter::with_dialect(b.schema(), &mut out, dialect).unwrap();
        w.write(&b).unwrap();
        w.finish().unwrap();
        drop(w);
        out
    }

    #[test]
    fn french_dialect_opens_in_french_excel() {
        let bytes = write(Dialect::French);
        assert!(bytes.starts_with(BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "territoire;annee;taux\r\nCôtes-d'Armor;2022;19,76066489636859\r\n\"Orne; Manche\";2022;\r\n"
        );
    }

    #[test]
    fn machine_dialect_is_plain_rfc4180() {
        let text = String::from_utf8(write(Dialect::Machine)).unwrap();
        assert_eq!(
            text,
            "territoire,annee,taux\nCôtes-d'Armor,2022,19.76066489636859\nOrne; Manche,2022,\n"
        );
    }
}
