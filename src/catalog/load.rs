//! CSV → Arrow with an explicit schema: every field is parsed to its declared type, and a bad
//! field is an error naming file, line and column.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef};

use crate::error::{Error, Result};

/// Where a schema field's values come from in a file.
enum Column {
    /// Index in the CSV record.
    Field(usize),
    /// A constant for every row (e.g. `doc_id` from the folder name).
    Constant(String),
    /// Not in the file: NULL (nullable fields) or filled later (e.g. `is_current`).
    Absent,
}

enum Builder {
    Utf8(StringBuilder),
    Int32(Int32Builder),
    Float64(Float64Builder),
    Boolean(BooleanBuilder),
}

/// Options for one file.
#[derive(Default)]
pub struct LoadOptions<'a> {
    /// Schema fields filled with a constant (not present in the file).
    pub constants: &'a [(&'a str, String)],
    /// Schema fields computed after loading (not present in the file, filled with false/NULL).
    pub computed: &'a [&'a str],
    /// Schema field whose text is taken from another column (`value_text` ← `value`).
    pub aliases: &'a [(&'a str, &'a str)],
}

/// Parse a decimal as printed in data files: optional sign (`+16.1`), dot decimal.
pub fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() {
        return None;
    }
    t.parse().ok().filter(|v: &f64| v.is_finite())
}

/// 1-based line where each record starts, counted from its byte offset: the csv crate's own
/// line counter runs one line behind after a `\r\n` header followed by `\n` records (seen on
/// the document files). Offsets only grow, so counting is incremental.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// Line of the record at `position` (0 when unknown).
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let mut end = (p.byte() as usize).min(self.bytes.len());
        // After a `\r\n` header csv's offset can point at the `\n`: no record starts there.
        if self.bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        if end < self.offset {
            *self = LineCounter::new(self.bytes);
        }
        self.line += self.bytes[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = end;
        self.line
    }
}

/// Read `path` into one batch of `schema`. The header must name exactly the file's columns:
/// a missing required column or an unknown one is an error.
pub fn read_csv(path: &Path, schema: &SchemaRef, opts: &LoadOptions) -> Result<RecordBatch> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    read_csv_bytes(path, &bytes, schema, opts)
}

/// As [`read_csv`], from bytes already read (`path` is for messages).
pub fn read_csv_bytes(
    path: &Path,
    bytes: &[u8],
    schema: &SchemaRef,
    opts: &LoadOptions,
) -> Result<RecordBatch> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let csv_err = |e: csv::Error| Error::Csv {
        path: path.to_path_buf(),
        line: LineCounter::new(bytes).line(e.position()),
        field: "-".into(),
        message: e.to_string(),
    };
    let header = reader.byte_headers().map_err(csv_err)?.clone();
    let header: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();

    let mut columns = Vec::new();
    for field in schema.fields() {
        let name = field.name().as_str();
        let source = opts
            .aliases
            .iter()
            .find(|(f, _)| *f == name)
            .map_or(name, |(_, s)| *s);
        let col = if let Some((_, v)) = opts.constants.iter().find(|(f, _)| *f == name) {
            Column::Constant(v.clone())
        } else if let Some(i) = header.iter().position(|h| h == source) {
            Column::Field(i)
        } else if opts.computed.contains(&name) || field.is_nullable() {
            Column::Absent
        } else {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: source.to_string(),
                message: format!("missing column `{source}` (header: {})", header.join(",")),
            });
        };
        columns.push(col);
    }
    for (i, h) in header.iter().enumerate() {
        let used = columns
            .iter()
            .any(|c| matches!(c, Column::Field(j) if *j == i));
        if !used {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: h.clone(),
                message: format!(
                    "unexpected column `{h}` (expected: {})",
                    schema
                        .fields()
                        .iter()
                        .map(|f| f.name().as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            });
        }
    }

    let mut builders: Vec<Builder> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => Builder::Utf8(StringBuilder::new()),
            DataType::Int32 => Builder::Int32(Int32Builder::new()),
            DataType::Float64 => Builder::Float64(Float64Builder::new()),
            DataType::Boolean => Builder::Boolean(BooleanBuilder::new()),
            other => unreachable!("schema uses only Utf8, Int32, Float64, Boolean, not {other}"),
        })
        .collect();

    let mut lines = LineCounter::new(bytes);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(csv_err)? {
        let line = lines.line(record.position());
        for ((field, col), builder) in schema.fields().iter().zip(&columns).zip(&mut builders) {
            let text: Option<&str> = match col {
                Column::Field(i) => {
                    let raw = record.get(*i).unwrap_or(b"");
                    let s = std::str::from_utf8(raw).map_err(|_| Error::Csv {
                        path: path.to_path_buf(),
                        line,
                        field: field.name().clone(),
                        message: "not valid UTF-8".into(),
                    })?;
                    let s = s.trim();
                    (!s.is_empty()).then_some(s)
                }
                Column::Constant(v) => Some(v.as_str()),
                Column::Absent => None,
            };
            let bad = |message: String| Error::Csv {
                path: path.to_path_buf(),
                line,
                field: field.name().clone(),
                message,
            };
            let computed = opts.computed.contains(&field.name().as_str());
            if text.is_none() && !field.is_nullable() && !computed {
                return Err(bad("empty value in a required column".into()));
            }
            match builder {
                Builder::Utf8(b) => b.append_option(text),
                Builder::Int32(b) => match text {
                    None => b.append_null(),
                    Some(t) => b.append_value(
                        t.parse()
                            .map_err(|_| bad(format!("not an integer: `{t}`")))?,
                    ),
                },
                Builder::Float64(b) => match text {
                    None => b.append_null(),
                    Some(t) => b.append_value(
                        parse_f64(t).ok_or_else(|| bad(format!("not a number: `{t}`")))?,
                    ),
                },
                Builder::Boolean(b) => match text {
                    None if computed => b.append_value(false),
                    None => b.append_null(),
                    Some("true") => b.append_value(true),
                    Some("false") => b.append_value(false),
                    Some(t) => return Err(bad(format!("not true/false: `{t}`"))),
                },
            }
        }
    }
    let arrays: Vec<ArrayRef> = builders
        .into_iter()
        .map(|b| -> ArrayRef {
            match b {
                Builder::Utf8(mut b) => Arc::new(b.finish()),
                Builder::Int32(mut b) => Arc::new(b.finish()),
                Builder::Float64(mut b) => Arc::new(b.finish()),
                Builder::Boolean(mut b) => Arc::new(b.finish()),
            }
        })
        .collect();
    RecordBatch::try_new(schema.clone(), arrays).map_err(|e| Error::Arrow {
        context: format!("{}: building table", path.display()),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::{Field, Schema};

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("code", DataType::Utf8, false),
            Field::new("year", DataType::Int32, true),
            Field::new("value", DataType::Float64, true),
        ]))
    }

    #[test]
    fn parses_typed_fields_and_nulls() {
        let b = read_csv_bytes(
            Path::new("t.csv"),
            b"code,year,value\n17,2022,+16.1\n22,,\n",
            &schema(),
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(b.num_rows(), 2);
        assert_eq!(b.column(1).null_count(), 1);
        assert_eq!(b.column(2).null_count(), 1);
    }

    #[test]
    fn bad_field_names_file_line_and_column() {
        let err = read_csv_bytes(
            Path::new("t.csv"),
            b"code,year,value\n17,2022,1\n22,20x2,3\n",
            &schema(),
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv: line 3, field `year`: not an integer: `20x2`"
        );
    }

    #[test]
    fn renamed_header_is_refused() {
        let err = read_csv_bytes(
            Path::new("t.csv"),
            b"code,annee,value\n17,2022,1\n",
            &schema(),
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("unexpected column `annee`"),
            "{err}"
        );
    }
}
