//! Line numbers of CSV records as editors show them, for files ending lines with LF, CRLF or CR
//! alone (old Mac exports, which the `csv` crate reads as line ends too).
//!
//! The `csv` crate takes a record's position before it consumes the end of the previous line:
//! after a CRLF (Windows, French Excel) the `\n` is still ahead, so every record but the first
//! is reported one line too early, and blank lines skipped before a record shift it the same
//! way. The position's byte offset is right: lines are counted from the bytes, past the line
//! ends ahead of the record's first byte. The one place every CSV reader numbers its lines
//! (catalogue tables, importers, the user's `--table` files).

/// 1-based line where each record starts, counted from its byte offset. Offsets only grow
/// within a file, so counting is incremental (a smaller offset starts again from the top).
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over `bytes`, the whole text the CSV reader was given.
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// Line of the record (or error) at `position`; 0 when unknown.
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let mut end = (p.byte() as usize).min(self.bytes.len());
        // No record starts on a line end: the `\n` of a CRLF, a blank line.
        while matches!(self.bytes.get(end), Some(b'\n' | b'\r')) {
            end += 1;
        }
        if end < self.offset {
            *self = LineCounter::new(self.bytes);
        }
        self.line += line_ends(self.bytes, self.offset, end);
        self.offset = end;
        self.line
    }
}

/// Line ends in `bytes[from..to]`: `\n`, and `\r` not followed by `\n` (a CR-only file).
fn line_ends(bytes: &[u8], from: usize, to: usize) -> u64 {
    (from..to)
        .filter(|&i| match bytes[i] {
            b'\n' => true,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        })
        .count() as u64
}

/// 1-based line of the byte at `offset` (LF, CRLF or CR line ends).
pub fn line_at(bytes: &[u8], offset: usize) -> u64 {
    line_ends(bytes, 0, offset.min(bytes.len())) + 1
}

/// Where the first line of `bytes` ends (its first LF or CR), or its length.
pub fn first_line_end(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len())
}

/// Line of the one record or error at `position` in `bytes` ([`LineCounter`], for an error).
pub fn csv_line(bytes: &[u8], position: Option<&csv::Position>) -> u64 {
    LineCounter::new(bytes).line(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut counter = LineCounter::new(text.as_bytes());
        reader
            .records()
            .map(|r| counter.line(r.unwrap().position()))
            .collect()
    }

    /// Records are on lines 2, 3, 5 whatever the line ends; a quoted field spanning two lines
    /// moves the next record down; a CRLF header with LF records (seen in document files).
    #[test]
    fn lines_with_lf_and_crlf() {
        assert_eq!(lines("a,b\n1,2\n3,4\n\n5,6\n"), [2, 3, 5]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n\r\n5,6\r\n"), [2, 3, 5]);
        assert_eq!(lines("a,b\r\n\"1\r\nx\",2\r\n3,4\r\n"), [2, 4]);
        assert_eq!(lines("a,b\n\"1\nx\",2\n3,4"), [2, 4]);
        assert_eq!(lines("a,b\r\n1,2\n3,4\n"), [2, 3]);
        // CR alone (old Mac exports): each CR ends a line.
        assert_eq!(lines("a,b\r1,2\r3,4\r\r5,6\r"), [2, 3, 5]);
        assert_eq!(lines("a,b\r\"1\rx\",2\r3,4\r"), [2, 4]);
        assert_eq!(line_at(b"a\rb\r\nc\nd", 7), 4);
        assert_eq!(first_line_end(b"a,b\r1,2"), 3);
        let text = "a,b\r\n1,2\r\n3,4,5\r\n";
        let e = csv::Reader::from_reader(text.as_bytes())
            .records()
            .find_map(|r| r.err())
            .unwrap();
        assert_eq!(csv_line(text.as_bytes(), e.position()), 3);
    }
}
