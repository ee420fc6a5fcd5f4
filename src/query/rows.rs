//! The one typed accessor over query results: cells by column name and row number, as text or
//! as numbers, across however many record batches DataFusion returned.
//!
//! Used by the figures (chart data), the peers (feature vectors), the report (years, codes,
//! outlines) and check (loaded tables). An empty result is a [`Rows`] with its columns and no
//! row, never a panic.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{
    DataType, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, SchemaRef,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

use crate::error::{Error, Result};

/// A query result: its schema and batches. Cheap to build (batches are reference-counted).
#[derive(Debug, Clone)]
pub struct Rows {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    /// Row offset of each batch, for addressing rows across batches.
    starts: Vec<usize>,
    len: usize,
}

impl Rows {
    /// A result from its schema (kept even when there is no batch) and batches.
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Rows {
        let mut starts = Vec::with_capacity(batches.len());
        let mut len = 0;
        for b in &batches {
            starts.push(len);
            len += b.num_rows();
        }
        Rows {
            schema,
            batches,
            starts,
            len,
        }
    }

    /// The result's schema.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The result's batches.
    pub fn batches(&self) -> &[RecordBatch] {
        &self.batches
    }

    /// Number of rows over every batch.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the result has no row.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Index of `column`, or an error naming the column and `context` (a file name).
    pub fn require(&self, column: &str, context: &str) -> Result<usize> {
        self.schema.index_of(column).map_err(|_| {
            Error::Invalid(format!(
                "{context} : le résultat n'a pas de colonne `{column}` (colonnes : {})",
                self.schema
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    /// The array and local row of (`column`, `row`); `None` for an unknown column or a row out of
    /// range.
    fn locate(&self, column: &str, row: usize) -> Option<(&ArrayRef, usize)> {
        if row >= self.len {
            return None;
        }
        let idx = self.schema.index_of(column).ok()?;
        let b = self.starts.partition_point(|&s| s <= row) - 1;
        Some((self.batches[b].column(idx), row - self.starts[b]))
    }

    /// True when the cell is NULL, the column unknown or the row out of range.
    pub fn is_null(&self, column: &str, row: usize) -> bool {
        self.locate(column, row).is_none_or(|(a, i)| a.is_null(i))
    }

    /// A string cell without copy (`Utf8`, `LargeUtf8`, `Utf8View`); `None` for NULL or another type.
    pub fn str(&self, column: &str, row: usize) -> Option<&str> {
        let (a, i) = self.locate(column, row)?;
        if a.is_null(i) {
            return None;
        }
        match a.data_type() {
            DataType::Utf8 => Some(a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => Some(a.as_string::<i64>().value(i)),
            DataType::Utf8View => Some(a.as_string_view().value(i)),
            _ => None,
        }
    }

    /// A cell as text: strings as they are, numbers as the shortest text that reads back
    /// (`19.5`, `2022`), other types as Arrow displays them; `None` for NULL.
    pub fn text(&self, column: &str, row: usize) -> Option<String> {
        if let Some(s) = self.str(column, row) {
            return Some(s.to_string());
        }
        let (a, i) = self.locate(column, row)?;
        if a.is_null(i) {
            return None;
        }
        if let Some(v) = int(a, i) {
            return Some(v.to_string());
        }
        if let Some(v) = float(a, i) {
            return Some(v.to_string());
        }
        let opts = FormatOptions::default();
        let f = ArrayFormatter::try_new(a.as_ref(), &opts).ok()?;
        Some(f.value(i).to_string())
    }

    /// A numeric cell as `f64` (any integer or float type); `None` for NULL or a non-number.
    pub fn number(&self, column: &str, row: usize) -> Option<f64> {
        let (a, i) = self.locate(column, row)?;
        if a.is_null(i) {
            return None;
        }
        float(a, i).or_else(|| int(a, i).map(|v| v as f64))
    }

    /// An integer cell as `i64`; `None` for NULL or a non-integer type.
    pub fn int(&self, column: &str, row: usize) -> Option<i64> {
        let (a, i) = self.locate(column, row)?;
        if a.is_null(i) {
            return None;
        }
        int(a, i)
    }

    /// Every non-NULL cell of `column` as text, in row order.
    pub fn texts(&self, column: &str) -> Vec<String> {
        (0..self.len).filter_map(|r| self.text(column, r)).collect()
    }

    /// Whether every non-NULL cell of `column` holds the same text (true without any).
    pub fn same(&self, column: &str) -> bool {
        let texts = self.texts(column);
        texts.iter().all(|t| *t == texts[0])
    }

    /// The first row whose `column` holds the text `value` (a code in a list that serves
    /// every territory); `None` when no row does.
    pub fn position(&self, column: &str, value: &str) -> Option<usize> {
        (0..self.len).find(|&r| self.text(column, r).as_deref() == Some(value))
    }
}

fn int(a: &ArrayRef, i: usize) -> Option<i64> {
    Some(match a.data_type() {
        DataType::Int8 => a.as_primitive::<Int8Type>().value(i).into(),
        DataType::Int16 => a.as_primitive::<Int16Type>().value(i).into(),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i).into(),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i),
        DataType::UInt8 => a.as_primitive::<UInt8Type>().value(i).into(),
        DataType::UInt16 => a.as_primitive::<UInt16Type>().value(i).into(),
        DataType::UInt32 => a.as_primitive::<UInt32Type>().value(i).into(),
        DataType::UInt64 => i64::try_from(a.as_primitive::<UInt64Type>().value(i)).ok()?,
        _ => return None,
    })
}

fn float(a: &ArrayRef, i: usize) -> Option<f64> {
    match a.data_type() {
        DataType::Float64 => Some(a.as_primitive::<Float64Type>().value(i)),
        DataType::Float32 => Some(a.as_primitive::<Float32Type>().value(i).into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Float64Array, Int32Array, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema};

    use super::*;

    fn two_batches() -> Rows {
        let schema = Arc::new(Schema::new(vec![
            Field::new("code", DataType::Utf8, true),
            Field::new("year", DataType::Int32, true),
            Field::new("taux", DataType::Float64, true),
        ]));
        let b1 = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("17"), None])),
                Arc::new(Int32Array::from(vec![Some(2022), Some(2021)])),
                Arc::new(Float64Array::from(vec![Some(19.5), None])),
            ],
        )
        .unwrap();
        let b2 = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("2A")])),
                Arc::new(Int32Array::from(vec![None])),
                Arc::new(Float64Array::from(vec![Some(0.1)])),
            ],
        )
        .unwrap();
        Rows::new(schema, vec![b1, b2])
    }

    #[test]
    fn cells_across_batches() {
        let r = two_batches();
        assert_eq!(r.len(), 3);
        assert_eq!(r.str("code", 0), Some("17"));
        assert_eq!(r.str("code", 1), None);
        assert_eq!(r.str("code", 2), Some("2A"));
        assert_eq!(r.int("year", 1), Some(2021));
        assert_eq!(r.int("year", 2), None);
        assert_eq!(r.number("year", 0), Some(2022.0));
        assert_eq!(r.text("taux", 0).as_deref(), Some("19.5"));
        assert_eq!(r.number("taux", 2), Some(0.1));
        assert!(r.is_null("taux", 1));
        assert_eq!(r.texts("code"), ["17", "2A"]);
        assert_eq!(r.position("code", "2A"), Some(2));
        assert_eq!(r.position("year", "2021"), Some(1));
        assert_eq!(r.position("code", "61"), None);
        assert_eq!(r.position("nope", "17"), None);
    }

    #[test]
    fn unknown_column_and_row_out_of_range_are_none() {
        let r = two_batches();
        assert_eq!(r.text("nope", 0), None);
        assert_eq!(r.text("code", 3), None);
        assert!(r.is_null("code", 99));
        assert_eq!(
            r.require("nope", "peers/features.sql")
                .unwrap_err()
                .to_string(),
            "peers/features.sql : le résultat n'a pas de colonne `nope` (colonnes : code, year, taux)"
        );
    }

    #[test]
    fn empty_result_keeps_its_columns() {
        let r = Rows::new(two_batches().schema().clone(), Vec::new());
        assert!(r.is_empty());
        assert_eq!(r.text("code", 0), None);
        assert!(r.texts("code").is_empty());
        assert_eq!(r.require("year", "x").unwrap(), 1);
    }
}
