//! Line numbers of CSV records as editors show them, for files ending lines with LF, CRLF or CR
//! alone (old Mac exports, which the `csv` crate reads as line ends too).
//!
//! The `csv` crate takes a record's position before it consumes the end of the previous line:
//! after a CRLF (Windows, French Excel) the `\n` is still ahead, so every record but the first
//! is reported one line too early, and blank lines skipped before a record shift it the same
//! way. The position's byte offset is right: lines are counted from the bytes, past the line
//! ends ahead of the record's first byte. The one place every CSV reader numbers its lines
//! (catalogue tables, importers, the user's `--table` files).

/// 1-based line where each record starts, for a CSV text held whole: [`LineEnds`] fed from the
/// slice as far as each asked position (and the line ends just past it), so both count lines
/// the one same way. Offsets only grow within a file; a smaller one starts again from the top.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    ends: LineEnds<&'a [u8]>,
    /// Bytes of `bytes` fed to `ends` so far.
    fed: usize,
    last: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over `bytes`, the whole text the CSV reader was given.
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            ends: LineEnds::new(bytes),
            fed: 0,
            last: 0,
        }
    }

    /// Line of the record (or error) at `position`; 0 when unknown.
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        if p.byte() < self.last {
            *self = LineCounter::new(self.bytes);
        }
        self.last = p.byte();
        // Feed past the position, through the line ends that follow it, and one byte more (a
        // `\r` is settled by the byte after it).
        let mut to = (p.byte() as usize).min(self.bytes.len());
        while matches!(self.bytes.get(to), Some(b'\n' | b'\r')) {
            to += 1;
        }
        let to = (to + 1).min(self.bytes.len());
        if to > self.fed {
            let mut ahead = std::io::Read::take(&mut self.ends, (to - self.fed) as u64);
            std::io::copy(&mut ahead, &mut std::io::sink()).expect("a slice reads whole");
            self.fed = to;
        }
        self.ends.line(position)
    }
}

/// A reader that notes where lines end as its bytes pass, so that a CSV file is numbered the
/// way a file held whole is numbered ([`LineCounter`]) without being held whole in memory: give it to the CSV reader
/// and ask [`LineEnds::line`] with each record's position (`csv::Reader::get_mut`). It keeps only
/// the line ends the CSV reader has read ahead of its last record (its buffer's worth).
pub struct LineEnds<R> {
    inner: R,
    /// Offset of the next byte to read.
    read: u64,
    /// `\n` and `\r` bytes read and not yet passed by [`LineEnds::line`], with whether each ends
    /// a line (a `\r` followed by `\n` does not; the `\n` does).
    ends: std::collections::VecDeque<(u64, bool)>,
    /// The last of `ends` is a `\r` whose next byte is not read yet.
    open_cr: bool,
    line: u64,
}

impl<R> LineEnds<R> {
    /// A counter over the bytes `inner` gives, from the start of a file.
    pub fn new(inner: R) -> Self {
        LineEnds {
            inner,
            read: 0,
            ends: std::collections::VecDeque::new(),
            open_cr: false,
            line: 1,
        }
    }

    /// 1-based line of the record (or error) at `position`, past the line ends ahead of it;
    /// 0 when unknown. Positions only grow; an earlier one gets the line last given.
    pub fn line(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let mut end = p.byte();
        // No record starts on a line end: the `\n` of a CRLF, a blank line.
        while let Some(&(at, ends)) = self.ends.front() {
            if at > end {
                break;
            }
            if at == end {
                end += 1;
            }
            self.line += u64::from(ends);
            self.ends.pop_front();
        }
        self.line
    }
}

impl<R: std::io::Read> std::io::Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if self.open_cr {
                self.open_cr = false;
                if b == b'\n'
                    && let Some(last) = self.ends.back_mut()
                {
                    last.1 = false;
                }
            }
            match b {
                b'\n' => self.ends.push_back((self.read + i as u64, true)),
                b'\r' => {
                    self.ends.push_back((self.read + i as u64, true));
                    self.open_cr = true;
                }
                _ => {}
            }
        }
        self.read += n as u64;
        Ok(n)
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
        let whole: Vec<u64> = reader
            .records()
            .map(|r| counter.line(r.unwrap().position()))
            .collect();
        // The same lines, counted as the bytes stream through a reader (a tiny buffer, so that
        // a CRLF is cut between two reads).
        let mut streamed = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1)
            .from_reader(LineEnds::new(text.as_bytes()));
        let mut record = csv::ByteRecord::new();
        let mut again = Vec::new();
        while streamed.read_byte_record(&mut record).unwrap() {
            let position = record.position().cloned();
            again.push(streamed.get_mut().line(position.as_ref()));
        }
        assert_eq!(again, whole, "streamed line numbers of {text:?}");
        whole
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
