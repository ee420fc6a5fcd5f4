//! Spreadsheet cell references, shared by the importers (which cite the cell of every value) and
//! the catalogue (which cites the cells of the population table it derives).

/// A1-style cell reference from 0-based row and column: (7, 3) → `D8`, (5, 26) → `AA6`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.insert(0, (b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}
