//! CSV: a header row, then one record per row; raw numbers ([`Value::machine_text`]), empty
//! fields for NULL, RFC 4180 quoting, `\n` line ends.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, names};
use crate::error::{Error, Result};

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => super::io_err(e),
        other => Error::Invalid(format!("csv: {other:?}")),
    }
}

/// A CSV writer of plain text records (used by every CSV output of depbench).
pub struct Records<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Records<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        Records {
            inner: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out),
        }
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
}

impl<W: Write> CsvWriter<W> {
    /// Write the header of `schema` to `out`.
    pub fn new(schema: SchemaRef, out: W) -> Result<Self> {
        let mut records = Records::new(out);
        records.record(names(&schema))?;
        Ok(CsvWriter { records })
    }
}

impl<W: Write> BatchWriter for CsvWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        let mut fields = Vec::with_capacity(columns.len());
        for i in 0..batch.num_rows() {
            fields.clear();
            fields.extend(columns.iter().map(|c| c.value(i).machine_text()));
            self.records.record(&fields)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.records.flush()
    }
}
