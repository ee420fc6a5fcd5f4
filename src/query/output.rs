//! Query results as text: an aligned table, CSV, JSON or Markdown.
//!
//! Values are printed exactly (shortest text that reads back as the same number); French
//! formatting is for charts and reports, not for query output that users pipe elsewhere.

use std::fmt::Write;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{
    DataType, Float64Type, Int32Type, Int64Type, SchemaRef, UInt64Type,
};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

use crate::error::{Error, Result};

/// Output formats of `depbench query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned text table.
    #[default]
    Table,
    Csv,
    /// JSON array of objects, one per row.
    Json,
    Markdown,
}

/// A cell as text and whether it is a number (for alignment and JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
    pub null: bool,
}

/// Every row of `batches` as cells, with the column names.
pub fn cells(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<(Vec<String>, Vec<Vec<Cell>>)> {
    let names = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mut rows = Vec::new();
    let opts = FormatOptions::default().with_null("");
    for batch in batches {
        let mut cols: Vec<Vec<Cell>> = Vec::new();
        for array in batch.columns() {
            let numeric = array.data_type().is_numeric();
            let mut col = Vec::with_capacity(array.len());
            let fallback =
                ArrayFormatter::try_new(array.as_ref(), &opts).map_err(|e| Error::Arrow {
                    context: "formatting a result".into(),
                    source: e,
                })?;
            for i in 0..array.len() {
                let null = array.is_null(i);
                let text = if null {
                    String::new()
                } else {
                    match array.data_type() {
                        DataType::Float64 => {
                            format!("{}", array.as_primitive::<Float64Type>().value(i))
                        }
                        DataType::Int32 => array.as_primitive::<Int32Type>().value(i).to_string(),
                        DataType::Int64 => array.as_primitive::<Int64Type>().value(i).to_string(),
                        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(i).to_string(),
                        _ => fallback.value(i).to_string(),
                    }
                };
                col.push(Cell {
                    text,
                    numeric,
                    null,
                });
            }
            cols.push(col);
        }
        for i in 0..batch.num_rows() {
            rows.push(cols.iter().map(|c| c[i].clone()).collect());
        }
    }
    Ok((names, rows))
}

/// Render `batches` in `format`.
pub fn render(schema: &SchemaRef, batches: &[RecordBatch], format: Format) -> Result<String> {
    let (names, rows) = cells(schema, batches)?;
    Ok(match format {
        Format::Table => table(&names, &rows),
        Format::Csv => csv_text(&names, &rows),
        Format::Json => json(&names, &rows),
        Format::Markdown => markdown(&names, &rows),
    })
}

fn table(names: &[String], rows: &[Vec<Cell>]) -> String {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].text.chars().count())
            .chain([names[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..names.len()).map(width).collect();
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let mut out = rule.clone();
    for (n, w) in names.iter().zip(&widths) {
        let _ = write!(out, "| {n:<w$} ");
    }
    out.push_str("|\n");
    out.push_str(&rule);
    for row in rows {
        for (c, w) in row.iter().zip(&widths) {
            if c.numeric {
                let _ = write!(out, "| {:>w$} ", c.text);
            } else {
                let _ = write!(out, "| {:<w$} ", c.text);
            }
        }
        out.push_str("|\n");
    }
    out.push_str(&rule);
    let _ = writeln!(
        out,
        "{} row{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    out
}

fn csv_text(names: &[String], rows: &[Vec<Cell>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(names).expect("in-memory write");
    for row in rows {
        w.write_record(row.iter().map(|c| c.text.as_str()))
            .expect("in-memory write");
    }
    String::from_utf8(w.into_inner().expect("in-memory write")).expect("utf-8 in, utf-8 out")
}

fn json(names: &[String], rows: &[Vec<Cell>]) -> String {
    let array: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let obj = names
                .iter()
                .zip(row)
                .map(|(n, c)| {
                    let v = if c.null {
                        serde_json::Value::Null
                    } else if c.numeric {
                        serde_json::from_str(&c.text)
                            .unwrap_or(serde_json::Value::String(c.text.clone()))
                    } else if c.text == "true" || c.text == "false" {
                        serde_json::Value::Bool(c.text == "true")
                    } else {
                        serde_json::Value::String(c.text.clone())
                    };
                    (n.clone(), v)
                })
                .collect::<serde_json::Map<_, _>>();
            serde_json::Value::Object(obj)
        })
        .collect();
    serde_json::to_string_pretty(&array).expect("JSON of plain values") + "\n"
}

fn markdown(names: &[String], rows: &[Vec<Cell>]) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!(
        "| {} |\n",
        names.iter().map(|n| esc(n)).collect::<Vec<_>>().join(" | ")
    );
    let align: Vec<&str> = (0..names.len())
        .map(|i| {
            if rows.first().is_some_and(|r| r[i].numeric) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for row in rows {
        out.push_str(&format!(
            "| {} |\n",
            row.iter()
                .map(|c| esc(&c.text))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    out
}
