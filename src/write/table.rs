//! The aligned text table of `depbench query` and the shell, for people: numbers right-aligned
//! with a decimal comma and every digit ([`super::Value::reader_text`]), at most
//! `max_rows` rows kept (the rest are only counted, so memory stays bounded), and a footer
//! giving the total: `3 rows`, or `11800 rows (40 affichées ; --max-rows pour en voir plus)`.

use std::fmt::Write as _;
use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, io_err, is_numeric, names};
use crate::error::Result;

/// Streaming text table (rows are printed at the end, once the widths are known).
pub struct TableWriter<W: Write> {
    out: W,
    names: Vec<String>,
    numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
    total: usize,
    max_rows: usize,
}

impl<W: Write> TableWriter<W> {
    /// A table of `schema` keeping at most `max_rows` rows.
    pub fn new(schema: SchemaRef, out: W, max_rows: usize) -> Self {
        TableWriter {
            out,
            names: names(&schema),
            numeric: schema
                .fields()
                .iter()
                .map(|f| is_numeric(f.data_type()))
                .collect(),
            rows: Vec::new(),
            total: 0,
            max_rows,
        }
    }
}

/// The footer under a table of `total` rows of which `shown` are printed.
pub fn footer(total: usize, shown: usize) -> String {
    let rows = if total == 1 { "ligne" } else { "lignes" };
    if shown < total {
        format!("{total} {rows} ({shown} affichées ; --max-rows pour en voir plus)")
    } else {
        format!("{total} {rows}")
    }
}

impl<W: Write> BatchWriter for TableWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let room = self.max_rows.saturating_sub(self.rows.len());
        let keep = room.min(batch.num_rows());
        if keep > 0 {
            let columns = super::columns(batch)?;
            for i in 0..keep {
                self.rows
                    .push(columns.iter().map(|c| c.value(i).reader_text()).collect());
            }
        }
        self.total += batch.num_rows();
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let widths: Vec<usize> = (0..self.names.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([self.names[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let rule: String = widths
            .iter()
            .map(|w| format!("+{}", "-".repeat(w + 2)))
            .collect::<String>()
            + "+\n";
        let mut out = rule.clone();
        for (n, w) in self.names.iter().zip(&widths) {
            let _ = write!(out, "| {n:<w$} ");
        }
        out.push_str("|\n");
        out.push_str(&rule);
        for row in &self.rows {
            for ((text, w), numeric) in row.iter().zip(&widths).zip(&self.numeric) {
                if *numeric {
                    let _ = write!(out, "| {text:>w$} ");
                } else {
                    let _ = write!(out, "| {text:<w$} ");
                }
            }
            out.push_str("|\n");
        }
        out.push_str(&rule);
        out.push_str(&footer(self.total, self.rows.len()));
        out.push('\n');
        self.out.write_all(out.as_bytes()).map_err(io_err)?;
        self.out.flush().map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn footers() {
        assert_eq!(super::footer(1, 1), "1 ligne");
        assert_eq!(super::footer(3, 3), "3 lignes");
        assert_eq!(
            super::footer(11800, 40),
            "11800 lignes (40 affichées ; --max-rows pour en voir plus)"
        );
    }
}
