//! CSV: a header row, then one record per row; raw numbers ([`Value::machine_text`]), empty
//! fields for NULL, RFC 4180 quoting, `\n` line ends.
//!
//! The French dialect ([`Dialect::French`]) is what French Excel reads on a double-click: a
//! UTF-8 byte order mark (else accents come out garbled), `;` between fields (the comma is the
//! decimal separator there), decimal commas and CRLF line ends. Numbers keep every digit
//! (`19,76066489636859`), with no thousands separator, so the spreadsheet reads them as numbers.
//! [`french_excel`] writes a whole result in it: every French Excel CSV of depbench (`query
//! --format csv-fr`, the explorer's downloads, the reports' and charts' data) comes from here.
//!
//! CSV meant for spreadsheets ([`Dialect::French`], [`Dialect::Spreadsheet`]) is neutralised
//! ([`neutralise`]): a text cell (or header) beginning with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, which Excel or LibreOffice would run as a formula (`=HYPERLINK(…)`,
//! `@SUM(…)`, `+cmd|…`), is written with a leading apostrophe, which the spreadsheet shows as
//! text. Cells of numeric columns are never changed: `-12,5` stays a number. Plain machine CSV
//! ([`Dialect::Machine`], `depbench query --format csv`) is written as is.

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
    /// RFC 4180 with `,`, decimal points and `\n` line ends: for programs, written as is.
    #[default]
    Machine,
    /// The machine dialect with text cells [`neutralise`]d: for a CSV a browser hands to a
    /// spreadsheet (the explorer's `format=csv`).
    Spreadsheet,
    /// BOM, `;`, decimal comma, CRLF, text cells [`neutralise`]d: for French spreadsheets.
    French,
}

/// The characters that make a spreadsheet read a cell as a formula when they begin it.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet shows it as text: with a leading apostrophe when it begins with one
/// of [`FORMULA_STARTS`] (`=HYPERLINK("http://x")` → `'=HYPERLINK("http://x")`), else unchanged.
/// Only for text cells: numbers are written as numbers.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A whole result (`batches` of `schema`) as French Excel CSV ([`Dialect::French`]): UTF-8 BOM,
/// `;` separator, decimal comma, CRLF line ends, every digit of each number, empty fields for
/// NULL, text cells [`neutralise`]d; a header row of the schema's column names (rename the
/// fields first for French headers with units). Errors: a column type the writers cannot read
/// (`Error::Arrow`).
pub fn french_excel(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    to_bytes(schema, batches, Dialect::French)
}

/// A whole result as CSV in `dialect` (see [`french_excel`] for the French one).
pub fn to_bytes(schema: &SchemaRef, batches: &[RecordBatch], dialect: Dialect) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = CsvWriter::with_dialect(schema.clone(), &mut out, dialect)?;
    for b in batches {
        w.write(b)?;
    }
    w.finish()?;
    drop(w);
    Ok(out)
}

impl Dialect {
    /// Whether text cells are [`neutralise`]d.
    pub fn neutralises(self) -> bool {
        self != Dialect::Machine
    }

    /// A number cell's text in this dialect (`Machine`: `16.1`; `French`: `16,1`).
    pub fn number_text(self, value: &Value) -> String {
        match self {
            Dialect::French => value.reader_text(),
            Dialect::Machine | Dialect::Spreadsheet => value.machine_text(),
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
            Dialect::Machine | Dialect::Spreadsheet => Records::new(out),
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
    /// Per column: whether it holds numbers (never neutralised).
    numeric: Vec<bool>,
}

impl<W: Write> CsvWriter<W> {
    /// Write the header of `schema` to `out` (machine dialect).
    pub fn new(schema: SchemaRef, out: W) -> Result<Self> {
        Self::with_dialect(schema, out, Dialect::Machine)
    }

    /// Write the header of `schema` to `out` in `dialect`.
    pub fn with_dialect(schema: SchemaRef, out: W, dialect: Dialect) -> Result<Self> {
        let mut records = Records::with_dialect(out, dialect)?;
        let names = names(&schema);
        if dialect.neutralises() {
            records.record(names.iter().map(|n| neutralise(n).into_owned()))?;
        } else {
            records.record(names)?;
        }
        let numeric = schema
            .fields()
            .iter()
            .map(|f| super::is_numeric(f.data_type()))
            .collect();
        Ok(CsvWriter {
            records,
            dialect,
            numeric,
        })
    }
}

impl<W: Write> BatchWriter for CsvWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        let mut fields = Vec::with_capacity(columns.len());
        for i in 0..batch.num_rows() {
            fields.clear();
            fields.extend(columns.iter().zip(&self.numeric).map(|(c, &numeric)| {
                let mut text = self.dialect.number_text(&c.value(i));
                if self.dialect.neutralises() && !numeric && text.starts_with(FORMULA_STARTS) {
                    text.insert(0, '\'');
                }
                text
            }));
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

    /// Text cells and headers a spreadsheet would run as formulas get a leading apostrophe in
    /// the French and spreadsheet dialects; numbers (negative ones too) stay numbers; the
    /// machine dialect writes them as they are.
    #[test]
    fn formulas_are_neutralised_for_spreadsheets_only() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("=cmd", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
            Field::new("x", DataType::Float64, true),
        ]));
        let cells = [
            "=HYPERLINK(\"http://x\";\"y\")",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "\tx",
            "\rx",
            "a=b",
            "-",
        ];
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(cells.to_vec())),
                Arc::new(datafusion::arrow::array::Int64Array::from(vec![
                    -5, 1, 2, 3, 4, 5, 6, 7,
                ])),
                Arc::new(Float64Array::from(vec![
                    -12.5, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, -0.25,
                ])),
            ],
        )
        .unwrap();
        let french = french_excel(&schema, std::slice::from_ref(&batch)).unwrap();
        assert_eq!(
            String::from_utf8(french).unwrap(),
            "\u{feff}'=cmd;n;x\r\n\
             \"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";-5;-12,5\r\n\
             '@SUM(A1);1;0,5\r\n\
             '+cmd|' /C calc'!A0;2;1\r\n\
             '-2+3;3;2\r\n\
             '\tx;4;3\r\n\
             \"'\rx\";5;4\r\n\
             a=b;6;5\r\n\
             '-;7;-0,25\r\n"
        );
        let sheet = to_bytes(&schema, std::slice::from_ref(&batch), Dialect::Spreadsheet).unwrap();
        let sheet = String::from_utf8(sheet).unwrap();
        assert!(sheet.starts_with("'=cmd,n,x\n\"'=HYPERLINK("), "{sheet}");
        assert!(sheet.ends_with("\n'-,7,-0.25\n"), "{sheet}");
        let machine = to_bytes(&schema, &[batch], Dialect::Machine).unwrap();
        let machine = String::from_utf8(machine).unwrap();
        assert!(machine.starts_with("=cmd,n,x\n\"=HYPERLINK("), "{machine}");
        assert!(machine.contains("\n@SUM(A1),1,0.5\n"), "{machine}");
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
