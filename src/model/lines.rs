//! Line numbers of CSV records as editors show them, for files ending lines with LF or CRLF.
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
        self.line += self.bytes[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = end;
        self.line
    }
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
        let text = "a,b\r\n1,2\r\n3,4,5\r\n";
        let e = csv::Reader::from_reader(text.as_bytes())
            .records()
            .find_map(|r| r.err())
            .unwrap();
        assert_eq!(csv_line(text.as_bytes(), e.position()), 3);
    }
}
