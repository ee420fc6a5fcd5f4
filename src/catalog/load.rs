//! CSV → Arrow with an explicit schema: every field is parsed to its declared type, and a bad
//! field is an error naming file, line and column.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, SchemaRef};

use crate::error::{Error, Result};
use crate::model::numbers::{self, NotNumber};

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

/// Parse a decimal as printed in data files: optional sign (`+16.1`), dot decimal, finite,
/// `-0` read as `0` (the one number rule, [`crate::model::numbers::parse`]).
pub fn parse_f64(text: &str) -> Option<f64> {
    crate::model::numbers::parse(text).ok()
}

pub use crate::model::lines::LineCounter;

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
    read_csv_mode(path, bytes, schema, opts, Mode::FirstError).map(|l| l.batch)
}

/// How [`read_csv_all`] and [`read_csv_bytes`] treat a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Stop at the first bad row (loading for queries: all or nothing).
    FirstError,
    /// Keep going: every bad row's errors are collected, the good rows loaded (`depbench check`).
    CollectAll,
}

/// A file loaded in collect-all mode: the good rows, the file line of each, and the error of
/// every bad field of every bad row ([`Error::Csv`], naming file, line and field).
#[derive(Debug)]
pub struct Loaded {
    pub batch: RecordBatch,
    pub lines: Vec<u64>,
    pub errors: Vec<Error>,
}

impl Default for Loaded {
    fn default() -> Self {
        Loaded {
            batch: RecordBatch::new_empty(Arc::new(datafusion::arrow::datatypes::Schema::empty())),
            lines: Vec::new(),
            errors: Vec::new(),
        }
    }
}

/// As [`read_csv_bytes`], collecting every bad row instead of stopping at the first. A bad
/// header (missing or unexpected column) is still an error: no row can be read without it.
pub fn read_csv_all(
    path: &Path,
    bytes: &[u8],
    schema: &SchemaRef,
    opts: &LoadOptions,
) -> Result<Loaded> {
    read_csv_mode(path, bytes, schema, opts, Mode::CollectAll)
}

fn read_csv_mode(
    path: &Path,
    bytes: &[u8],
    schema: &SchemaRef,
    opts: &LoadOptions,
    mode: Mode,
) -> Result<Loaded> {
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
                message: format!(
                    "colonne manquante `{source}` (en-tête : {})",
                    header.join(",")
                ),
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
                    "colonne inattendue `{h}` (attendu : {})",
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
    let mut loaded = Loaded::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if mode == Mode::CollectAll => {
                loaded.errors.push(csv_err(e));
                continue;
            }
            Err(e) => return Err(csv_err(e)),
        }
        let line = lines.line(record.position());
        let mut cells: Vec<Cell> = Vec::with_capacity(columns.len());
        let mut bad_row = false;
        for (field, col) in schema.fields().iter().zip(&columns) {
            match parse_cell(path, line, field, col, &record, opts) {
                Ok(cell) => cells.push(cell),
                Err(e) if mode == Mode::CollectAll => {
                    loaded.errors.push(e);
                    bad_row = true;
                }
                Err(e) => return Err(e),
            }
        }
        if bad_row {
            continue;
        }
        loaded.lines.push(line);
        for (cell, builder) in cells.into_iter().zip(&mut builders) {
            match (builder, cell) {
                (Builder::Utf8(b), Cell::Text(t)) => b.append_option(t),
                (Builder::Int32(b), Cell::Int(v)) => b.append_option(v),
                (Builder::Float64(b), Cell::Float(v)) => b.append_option(v),
                (Builder::Boolean(b), Cell::Bool(v)) => b.append_option(v),
                _ => unreachable!("parse_cell follows the builder's type"),
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
    loaded.batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| Error::Arrow {
        context: format!("{} : construction de la table", path.display()),
        source: e,
    })?;
    Ok(loaded)
}

/// One parsed field, typed as its column.
enum Cell<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    Float(Option<f64>),
    Bool(Option<bool>),
}

/// Parse the field of `record` for `field`; errors name the file, line and field.
fn parse_cell<'a>(
    path: &Path,
    line: u64,
    field: &Field,
    col: &'a Column,
    record: &'a csv::ByteRecord,
    opts: &LoadOptions,
) -> Result<Cell<'a>> {
    let bad = |message: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        field: field.name().clone(),
        message,
    };
    let text: Option<&str> = match col {
        Column::Field(i) => {
            let raw = record.get(*i).unwrap_or(b"");
            let s = std::str::from_utf8(raw).map_err(|_| bad("pas de l'UTF-8 valide".into()))?;
            let s = s.trim();
            (!s.is_empty()).then_some(s)
        }
        Column::Constant(v) => Some(v.as_str()),
        Column::Absent => None,
    };
    let computed = opts.computed.contains(&field.name().as_str());
    if text.is_none() && !field.is_nullable() && !computed {
        return Err(bad("valeur vide dans une colonne obligatoire".into()));
    }
    Ok(match field.data_type() {
        DataType::Int32 => Cell::Int(match text {
            None => None,
            Some(t) => Some(
                t.parse()
                    .map_err(|_| bad(format!("pas un entier : `{t}`")))?,
            ),
        }),
        DataType::Float64 => Cell::Float(match text {
            None => None,
            Some(t) => Some(numbers::parse(t).map_err(|e| match e {
                NotNumber::Text => bad(format!("pas un nombre : `{t}`")),
                NotNumber::NotFinite => bad(numbers::not_finite_message(t)),
            })?),
        }),
        DataType::Boolean => Cell::Bool(match text {
            None if computed => Some(false),
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(t) => return Err(bad(format!("ni true ni false : `{t}`"))),
        }),
        _ => Cell::Text(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::Schema;

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
            "t.csv : ligne 3, champ `year` : pas un entier : `20x2`"
        );
    }

    #[test]
    fn collect_all_mode_returns_every_bad_row_and_the_good_rows_with_their_lines() {
        let loaded = read_csv_all(
            Path::new("t.csv"),
            b"code,year,value\n17,2022,1\n22,20x2,douze\n,2021,3\n64,2020,4\n",
            &schema(),
            &LoadOptions::default(),
        )
        .unwrap();
        let errors: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "t.csv : ligne 3, champ `year` : pas un entier : `20x2`",
                "t.csv : ligne 3, champ `value` : pas un nombre : `douze`",
                "t.csv : ligne 4, champ `code` : valeur vide dans une colonne obligatoire",
            ]
        );
        assert_eq!(loaded.lines, [2, 5]);
        assert_eq!(loaded.batch.num_rows(), 2);
        assert_eq!(loaded.batch.column(0).as_string::<i32>().value(1), "64");
    }

    #[test]
    fn collect_all_lines_are_physical_lines() {
        let lines = |bytes: &[u8]| {
            read_csv_all(
                Path::new("t.csv"),
                bytes,
                &schema(),
                &LoadOptions::default(),
            )
            .unwrap()
            .lines
        };
        assert_eq!(lines(b"code,year,value\n1,2,3\n3,4,5\n5,6,7\n"), [2, 3, 4]);
        // A CRLF header before LF records (some document files): csv reports the first
        // record at the `\n` of the header.
        assert_eq!(lines(b"code,year,value\r\n1,2,3\n3,4,5\n"), [2, 3]);
        assert_eq!(lines(b"code,year,value\r\n1,2,3\r\n3,4,5\r\n"), [2, 3]);
        assert_eq!(lines(b"code,year,value\n\"a\nb\",1,2\n9,1,2\n"), [2, 4]);
        // CR alone (old Mac exports), as `--table` and the importers read them.
        assert_eq!(
            lines(b"code,year,value\r1,2,3\r3,4,5\r\r5,6,7\r"),
            [2, 3, 5]
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
            err.to_string().contains("colonne inattendue `annee`"),
            "{err}"
        );
    }
}
