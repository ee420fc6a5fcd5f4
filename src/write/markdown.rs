//! Markdown (GitHub-flavoured) tables: one escaping and one row layout for query results and
//! the report's comparison tables.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, io_err, is_numeric, names};
use crate::error::Result;

/// Escape text for a Markdown paragraph or table cell (pipes, emphasis and link markers);
/// line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The header line and the alignment line: `| a | b |\n|:---|---:|\n` (numbers right-aligned).
pub fn header<S: AsRef<str>>(names: &[S], right: &[bool]) -> String {
    let mut out = String::from("|");
    for n in names {
        out.push(' ');
        out.push_str(&escape(n.as_ref()));
        out.push_str(" |");
    }
    out.push_str("\n|");
    for r in right {
        out.push_str(if *r { "---:|" } else { ":---|" });
    }
    out.push('\n');
    out
}

/// One body row; each cell is escaped, and wrapped in `**` when `bold`.
pub fn row<S: AsRef<str>>(cells: &[S], bold: bool) -> String {
    let mut out = String::from("|");
    for c in cells {
        let text = escape(c.as_ref());
        out.push(' ');
        if bold {
            out.push_str("**");
            out.push_str(&text);
            out.push_str("**");
        } else {
            out.push_str(&text);
        }
        out.push_str(" |");
    }
    out.push('\n');
    out
}

/// Streaming Markdown table of a result, for people: numbers with a decimal comma and every
/// digit ([`super::Value::reader_text`]).
pub struct MarkdownWriter<W: Write> {
    out: W,
}

impl<W: Write> MarkdownWriter<W> {
    /// Write the header of `schema`.
    pub fn new(schema: SchemaRef, mut out: W) -> Result<Self> {
        let right: Vec<bool> = schema
            .fields()
            .iter()
            .map(|f| is_numeric(f.data_type()))
            .collect();
        out.write_all(header(&names(&schema), &right).as_bytes())
            .map_err(io_err)?;
        Ok(MarkdownWriter { out })
    }
}

impl<W: Write> BatchWriter for MarkdownWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        for i in 0..batch.num_rows() {
            let cells: Vec<String> = columns.iter().map(|c| c.value(i).reader_text()).collect();
            self.out
                .write_all(row(&cells, false).as_bytes())
                .map_err(io_err)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(io_err)
    }
}
