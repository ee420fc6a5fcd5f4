//! Reading published workbooks (`.xlsx` and `.xls`, recognised by their bytes, never by their
//! extension) and the value cells every importer shares: numbers, documented markers, and the
//! refusals (numbers stored as text, `NaN`, dates, formulas sans résultat enregistré, merged
//! header cells) with the cell, what was expected and what was found.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, Sheets, open_workbook_auto_from_rs};

use super::{a1, number_text};
use crate::error::{Error, Result};
use crate::model::numbers::{self, Measure};

/// An open workbook read from memory.
pub type Book = Sheets<Cursor<Vec<u8>>>;

/// Largest workbook file depbench opens (512 MiB): read whole into memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Open `path` as a workbook, whatever its extension says (an `.xls` saved as `.xlsx` opens).
///
/// The container is checked first ([`super::package::check`]): a workbook protected by a
/// password, cut short or damaged is named so with the part; its parts' decompressed sizes and
/// ratios and its sheets' ranges are bounded by what the file holds, so opening and reading
/// any sheet then costs memory in proportion to the cells present.
pub fn open(path: &Path) -> Result<Book> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            message: format!(
                "le fichier fait {size} octets, plus que les {} Mio que depbench lit d'un classeur",
                MAX_FILE_BYTES >> 20
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    super::package::check(path, &bytes)?;
    open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| Error::Workbook {
        path: path.to_path_buf(),
        message: match e {
            calamine::Error::Xls(calamine::XlsError::Password) => format!(
                "{} : le classeur xls est chiffré, depbench ne peut pas le lire ; dans Excel, retirez le mot de passe et enregistrez une copie",
                super::package::ENCRYPTED
            ),
            e => format!("impossible d'ouvrir le classeur (attendu : un fichier xlsx ou xls) : {e}"),
        },
    })
}

/// The cell ranges of one sheet: values, and formulas / merged regions read on demand.
pub struct Sheet {
    pub name: String,
    pub range: Range<Data>,
    formulas: Option<Range<String>>,
    merged: Vec<Dimensions>,
}

impl Sheet {
    /// Read sheet `name` (values and merged regions; formulas are read by [`Sheet::formula`]
    /// the first time an empty value cell needs explaining).
    pub fn read(book: &mut Book, path: &Path, name: &str) -> Result<Sheet> {
        let range = book.worksheet_range(name).map_err(|e| Error::Workbook {
            path: path.to_path_buf(),
            message: format!("feuille `{name}` : illisible : {e}"),
        })?;
        let merged = match book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
            _ => Vec::new(),
        };
        Ok(Sheet {
            name: name.to_string(),
            range,
            formulas: None,
            merged,
        })
    }

    /// The cell at 0-based (row, col) of the sheet (not of the range).
    pub fn get(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    /// First and last (row, col) holding anything.
    pub fn bounds(&self) -> ((u32, u32), (u32, u32)) {
        (
            self.range.start().unwrap_or((0, 0)),
            self.range.end().unwrap_or((0, 0)),
        )
    }

    /// The formula of a cell, if it has one (read from the workbook once per sheet).
    pub fn formula(&mut self, book: &mut Book, row: u32, col: u32) -> Option<String> {
        if self.formulas.is_none() {
            self.formulas = Some(book.worksheet_formula(&self.name).unwrap_or_default());
        }
        let f = self.formulas.as_ref()?.get_value((row, col))?;
        (!f.trim().is_empty()).then(|| f.clone())
    }

    /// The error of cell (`row`, `col`) of this sheet of the workbook at `path`.
    pub fn cell_error(&self, path: &Path, row: u32, col: u32, message: String) -> Error {
        Error::Cell {
            path: path.to_path_buf(),
            sheet: self.name.clone(),
            cell: a1(row, col),
            message,
        }
    }

    /// A cell holding a count of persons: a number within [`Measure::DreesCount`]'s rule or a
    /// documented marker; an empty cell is `missing`, unless it holds a formula without a
    /// stored result (an error saying so). Errors say what was expected and found.
    pub fn count(
        &mut self,
        book: &mut Book,
        row: u32,
        col: u32,
    ) -> std::result::Result<Value, String> {
        let cell = self.get(row, col);
        let read = if is_blank(cell) {
            match self.formula(book, row, col) {
                Some(f) => Err(format!(
                    "{}, trouvé la formule ={f} sans résultat enregistré (ouvrir et enregistrer le classeur dans un tableur pour la calculer)",
                    expected()
                )),
                None => Ok(Value::Marker("missing")),
            }
        } else {
            value(cell)
        };
        read.and_then(|v| match v {
            Value::Number(n) => numbers::check(n, Measure::DreesCount).map(|()| v),
            m => Ok(m),
        })
    }

    /// A merged region crossing row `row` between columns `c0` and `c1`, as `A9:C9`.
    pub fn merged_in_row(&self, row: u32, c0: u32, c1: u32) -> Option<String> {
        self.merged
            .iter()
            .find(|d| d.start.0 <= row && row <= d.end.0 && d.start.1 <= c1 && c0 <= d.end.1)
            .map(|d| format!("{}:{}", a1(d.start.0, d.start.1), a1(d.end.0, d.end.1)))
    }
}

/// An empty cell, or a text of blanks (what a formula sans résultat enregistré can read as).
pub fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Text of a cell, numbers included (`10.0` reads `10`), whitespace squashed.
pub fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => squash(s),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Collapse runs of whitespace (line breaks inside headers) into single spaces.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-case, typographic apostrophes straightened, whitespace squashed: titles compared by
/// keywords read the same whatever their typography.
pub fn normalise(s: &str) -> String {
    squash(&s.replace(['’', '`'], "'")).to_lowercase()
}

/// A year header cell: an integer 1900-2100 as a number or as text.
pub fn year_of(cell: &Data) -> Option<i32> {
    let y: i32 = match cell {
        Data::Float(f) if f.fract() == 0.0 => *f as i32,
        Data::Int(i) => *i as i32,
        Data::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (1900..=2100).contains(&y).then_some(y)
}

/// The markers the DREES and Insee workbooks document in their notes (« ND : non disponible »,
/// « NR : non répondant », « - » no value, « NS » not significant, « NC » not communicated,
/// « s » statistical secret, « / » not applicable) and the status each value gets: NULL with
/// this status, never 0.
pub fn marker(text: &str) -> Option<&'static str> {
    match text.trim() {
        "ND" | "nd" | "n.d." | "N.D." => Some("not_available"),
        "NR" | "nr" => Some("not_responding"),
        "-" | "–" | "—" | "" => Some("missing"),
        "NS" | "ns" => Some("not_significant"),
        "NC" | "nc" => Some("not_communicated"),
        "s" | "S" => Some("secret"),
        "/" => Some("not_applicable"),
        _ => None,
    }
}

/// The documented markers, for messages.
pub const MARKERS: &str = "-, ND, NR, NS, NC, s, /";

/// A value cell read: a finite number or a documented marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f64),
    Marker(&'static str),
}

/// What a value cell must hold, for messages.
pub fn expected() -> String {
    format!("attendu : un nombre ou un marqueur documenté ({MARKERS})")
}

/// Read a value cell. `Data::Empty` is the caller's to explain (empty, or a formula without a
/// stored result). Errors say what was found.
pub fn value(cell: &Data) -> std::result::Result<Value, String> {
    match cell {
        Data::Float(v) if v.is_finite() => Ok(Value::Number(*v)),
        Data::Int(i) => Ok(Value::Number(*i as f64)),
        Data::Float(v) => Err(format!("{} ; trouvé : le nombre non fini {v}", expected())),
        Data::Empty => Ok(Value::Marker("missing")),
        Data::String(s) => match marker(s) {
            Some(status) => Ok(Value::Marker(status)),
            None => Err(format!("{} ; trouvé : {}", expected(), describe_text(s))),
        },
        Data::DateTime(d) => Err(format!(
            "{} ; trouvé : une cellule au format date (nombre stocké {}, affiché comme une date) : mettez la cellule au format nombre",
            expected(),
            number_text(d.as_f64())
        )),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Err(format!(
            "{} ; trouvé : une date ou une durée «{s}»",
            expected()
        )),
        Data::Bool(b) => Err(format!("{} ; trouvé : le booléen {b}", expected())),
        Data::Error(e) => Err(format!("{} ; trouvé : l'erreur de tableur {e}", expected())),
    }
}

/// How a text that is not a marker reads in an error: numbers stored as text are named so.
pub fn describe_text(s: &str) -> String {
    let t = s.trim();
    let lower = t.to_lowercase();
    if ["nan", "inf", "-inf", "+inf", "infinity", "-infinity"].contains(&lower.as_str()) {
        return format!("«{t}» (pas un nombre)");
    }
    let digits_and_separators = !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '-')
        });
    if digits_and_separators {
        format!(
            "le texte «{t}» (un nombre stocké comme texte, avec des séparateurs que depbench ne devine pas)"
        )
    } else {
        format!("le texte «{t}»")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_null_statuses() {
        assert_eq!(marker("ND"), Some("not_available"));
        assert_eq!(marker(" NR "), Some("not_responding"));
        assert_eq!(marker("-"), Some("missing"));
        assert_eq!(marker("/"), Some("not_applicable"));
        assert_eq!(marker("12"), None);
    }

    #[test]
    fn refusals_say_what_was_found() {
        assert_eq!(
            value(&Data::String("1.234".into())).unwrap_err(),
            "attendu : un nombre ou un marqueur documenté (-, ND, NR, NS, NC, s, /) ; trouvé : le texte «1.234» (un nombre stocké comme texte, avec des séparateurs que depbench ne devine pas)"
        );
        assert!(
            value(&Data::String("NaN".into()))
                .unwrap_err()
                .ends_with("trouvé : «NaN» (pas un nombre)")
        );
        assert_eq!(value(&Data::Float(3.0)), Ok(Value::Number(3.0)));
    }

    #[test]
    fn titles_normalise() {
        assert_eq!(
            normalise("Dépenses  brutes d’aide\nsociale"),
            "dépenses brutes d'aide sociale"
        );
    }
}
