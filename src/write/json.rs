//! JSON and NDJSON: one object per row, keys in SELECT order; numbers are JSON numbers with the
//! same digits as the CSV ([`Value::machine_text`]), codes stay strings, NULL is `null`.
//! Non-finite floats (which depbench never stores) would be `null`.

use std::io::Write;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use super::{BatchWriter, Value, io_err, names};
use crate::error::Result;

/// Streaming JSON (an array, pretty-printed two spaces deep) or NDJSON (one object a line).
pub struct JsonWriter<W: Write> {
    out: W,
    /// Each key already JSON-quoted.
    keys: Vec<String>,
    lines: bool,
    rows: usize,
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("a string is valid JSON")
}

/// The JSON text of a value.
pub fn json_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Float(f) if !f.is_finite() => "null".into(),
        Value::Text(s) => quote(s),
        other => other.machine_text(),
    }
}

impl<W: Write> JsonWriter<W> {
    /// A JSON array writer.
    pub fn array(schema: SchemaRef, out: W) -> Self {
        Self::new(schema, out, false)
    }

    /// An NDJSON writer.
    pub fn lines(schema: SchemaRef, out: W) -> Self {
        Self::new(schema, out, true)
    }

    fn new(schema: SchemaRef, out: W, lines: bool) -> Self {
        JsonWriter {
            out,
            keys: names(&schema).iter().map(|n| quote(n)).collect(),
            lines,
            rows: 0,
        }
    }
}

impl<W: Write> BatchWriter for JsonWriter<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = super::columns(batch)?;
        let mut text = String::new();
        for i in 0..batch.num_rows() {
            text.clear();
            if self.lines {
                text.push('{');
                for (k, (key, c)) in self.keys.iter().zip(&columns).enumerate() {
                    if k > 0 {
                        text.push(',');
                    }
                    text.push_str(key);
                    text.push(':');
                    text.push_str(&json_value(&c.value(i)));
                }
                text.push_str("}\n");
            } else {
                text.push_str(if self.rows == 0 { "[\n  {" } else { ",\n  {" });
                for (k, (key, c)) in self.keys.iter().zip(&columns).enumerate() {
                    text.push_str(if k > 0 { ",\n    " } else { "\n    " });
                    text.push_str(key);
                    text.push_str(": ");
                    text.push_str(&json_value(&c.value(i)));
                }
                text.push_str("\n  }");
            }
            self.out.write_all(text.as_bytes()).map_err(io_err)?;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if !self.lines {
            let end: &[u8] = if self.rows == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(end).map_err(io_err)?;
        }
        self.out.flush().map_err(io_err)
    }
}
