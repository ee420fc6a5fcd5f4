//! HTML tables: one escaping and one cell layout for query results, the report's comparison
//! tables and its data tables (sources, document figures). Number cells carry `class="num"` and
//! are right-aligned inline, so a table reads right without a stylesheet.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, Value, io_err, is_numeric, names};
use crate::error::Result;

/// Attributes of a number cell.
pub const NUM: &str = r#"class="num" style="text-align:right""#;
/// Attributes of a text cell.
pub const TEXT: &str = r#"class="label" style="text-align:left""#;

/// Escape text for HTML element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn attrs(numeric: bool) -> &'static str {
    if numeric { NUM } else { TEXT }
}

/// A column header cell; `extra` is appended to the attributes (e.g. ` data-unit="percent"`).
pub fn header_cell(text: &str, numeric: bool, extra: &str) -> String {
    format!(
        "<th scope=\"col\" {}{extra}>{}</th>",
        attrs(numeric),
        escape(text)
    )
}

/// The start of a body row: `<tr>`, with `class="…"` and bold inline when asked.
pub fn row_start(class: Option<&str>, bold: bool) -> String {
    let mut out = String::from("<tr");
    if let Some(c) = class {
        out.push_str(&format!(" class=\"{}\"", escape(c)));
    }
    if bold {
        out.push_str(" style=\"font-weight:bold\"");
    }
    out.push('>');
    out
}

/// A row header cell (the label of a comparison row).
pub fn row_header(text: &str) -> String {
    format!("<th scope=\"row\" {TEXT}>{}</th>", escape(text))
}

/// A data cell.
pub fn cell(text: &str, numeric: bool) -> String {
    format!("<td {}>{}</td>", attrs(numeric), escape(text))
}

/// A whole table of `batches` for French readers: values through [`Value::french_text`]
/// (decimal comma, `n.d.` for NULL).
pub fn french_table(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<String> {
    let mut out = Vec::new();
    let mut w = HtmlWriter::with_text(schema.clone(), &mut out, Value::french_text)?;
    for b in batches {
        w.write(b)?;
    }
    w.finish()?;
    drop(w);
    Ok(String::from_utf8(out).expect("UTF-8 in, UTF-8 out"))
}

/// Streaming HTML table of a result.
pub struct HtmlWriter<W: Write> {
    out: W,
    numeric: Vec<bool>,
    text: fn(&Value) -> String,
}

impl<W: Write> HtmlWriter<W> {
    /// A table for people: numbers with a decimal comma and every digit
    /// ([`Value::reader_text`]).
    pub fn new(schema: SchemaRef, out: W) -> Result<Self> {
        Self::with_text(schema, out, Value::reader_text)
    }

    /// A table whose cells are written with `text`.
    pub fn with_text(schema: SchemaRef, mut out: W, text: fn(&Value) -> String) -> Result<Self> {
        let numeric: Vec<bool> = schema
            .fields()
            .iter()
            .map(|f| is_numeric(f.data_type()))
            .collect();
        let mut head = String::from("<table>\n<thead>\n<tr>");
        for (n, num) in names(&schema).iter().zip(&numeric) {
            head.push_str(&header_cell(n, *num, ""));
        }
        head.push_str("</tr>\n</thead>\n<tbody>\n");
        out.write_all(head.as_bytes()).map_err(io_err)?;
        Ok(HtmlWriter { out, numeric, text })
    }
}

impl<W: Write> BatchWriter for HtmlWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        for i in 0..batch.num_rows() {
            let mut line = row_start(None, false);
            for (c, num) in columns.iter().zip(&self.numeric) {
                line.push_str(&cell(&(self.text)(&c.value(i)), *num));
            }
            line.push_str("</tr>\n");
            self.out.write_all(line.as_bytes()).map_err(io_err)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        self.out
            .write_all(b"</tbody>\n</table>\n")
            .map_err(io_err)?;
        self.out.flush().map_err(io_err)
    }
}
