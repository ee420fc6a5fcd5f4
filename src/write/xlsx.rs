//! XLSX: a sheet per result, a bold header row, numbers stored as numbers with display formats
//! (a French Excel shows `1 234,5`), text as text, empty cells for NULL. The workbook is written
//! all or nothing ([`super::atomic`]).

use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{BatchWriter, Value};
use crate::error::{Error, Result};

/// Excel's hard limit on sheet-name length (UTF-16 code units).
pub const SHEET_NAME_MAX: usize = 31;
/// Excel's last row (0-based index of row 1 048 576).
const LAST_ROW: u32 = 1_048_575;

/// Display format of integer columns (years, counts, line numbers): digits only, no separator.
pub const INTEGER_FORMAT: &str = "0";
/// Display format of decimal columns: thousands separator, one to three decimals.
pub const DECIMAL_FORMAT: &str = "#,##0.0##";

/// A valid, readable Excel sheet name from any text: `[]:*?/\` become `-`, control characters
/// are dropped, leading/trailing apostrophes and spaces are trimmed, the result is cut to 31
/// UTF-16 units, and an empty or reserved (`History`) name becomes `Feuille`. Uniqueness within a
/// workbook is the caller's business.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let mut out = String::new();
    let mut units = 0;
    for c in cleaned
        .trim_matches(|c: char| c == '\'' || c.is_whitespace())
        .chars()
    {
        units += c.len_utf16();
        if units > SHEET_NAME_MAX {
            break;
        }
        out.push(c);
    }
    let out = out
        .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string();
    if out.is_empty() || out.eq_ignore_ascii_case("history") {
        "Feuille".to_string()
    } else {
        out
    }
}

/// `name` made unique among the sheets of `workbook` as Excel compares them (case ignored):
/// ` (2)`, ` (3)`… appended, the name cut to keep within [`SHEET_NAME_MAX`].
pub fn unique_sheet_name(workbook: &mut Workbook, name: &str) -> String {
    let taken: Vec<String> = workbook
        .worksheets()
        .iter()
        .map(|w| w.name().to_lowercase())
        .collect();
    let mut candidate = name.to_string();
    let mut n = 1;
    while taken.contains(&candidate.to_lowercase()) {
        n += 1;
        let suffix = format!(" ({n})");
        let room = SHEET_NAME_MAX - suffix.len();
        let mut base = String::new();
        for c in name.chars() {
            if base.encode_utf16().count() + c.len_utf16() > room {
                break;
            }
            base.push(c);
        }
        candidate = format!("{}{suffix}", base.trim_end());
    }
    candidate
}

/// Words a sheet name cut short must not end on (`de la`, `des`, `à`, `et`…).
const DANGLING: [&str; 16] = [
    "de", "du", "des", "la", "le", "les", "l'", "d'", "à", "au", "aux", "et", "en", "pour", "par",
    "sur",
];

/// A sheet name for readers from a title (`prefix` first, `03`): Unicode kept (accents), the
/// characters Excel refuses (`[]:*?/\`) dropped, cut at a word within [`SHEET_NAME_MAX`]
/// without a dangling article, preposition or number: `("03", "Enfants accueillis à l'ASE pour 1 000
/// jeunes de 0 à 20 ans")` → `03 Enfants accueillis à l'ASE`; `("07", "Où se situe le
/// département ? …")` → `07 Où se situe le département`.
pub fn sheet_name_from_title(prefix: &str, title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let mut words: Vec<&str> = Vec::new();
    let mut units = prefix.encode_utf16().count();
    for w in cleaned.split_whitespace() {
        let add = w.encode_utf16().count() + usize::from(units > 0);
        if units + add > SHEET_NAME_MAX {
            break;
        }
        units += add;
        words.push(w);
    }
    let cut = words.len() < cleaned.split_whitespace().count();
    while cut
        && words.len() > 1
        && words.last().is_some_and(|w| {
            DANGLING.contains(&w.to_lowercase().as_str())
                || w.chars().all(|c| c.is_ascii_digit() || c == '-')
        })
    {
        words.pop();
    }
    let text = words.join(" ");
    let text = text.trim_end_matches([',', ';', '-', ' ', '(']);
    sheet_name(
        &[prefix, text]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The bold header format, bottom border, aligned like its column.
pub fn header_format(numeric: bool) -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(if numeric {
            FormatAlign::Right
        } else {
            FormatAlign::Left
        })
        .set_align(FormatAlign::Bottom)
        .set_border_bottom(FormatBorder::Thin)
}

/// Write one value at (`row`, `col`) with `number_format` for numbers; NULL leaves the cell
/// empty, or writes `null_text` when given.
pub fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    number: &Format,
    null_text: Option<(&str, &Format)>,
) -> Result<(), XlsxError> {
    match value {
        Value::Null => {
            if let Some((text, f)) = null_text {
                sheet.write_string_with_format(row, col, text, f)?;
            }
        }
        Value::Float(v) if !v.is_finite() => {
            if let Some((text, f)) = null_text {
                sheet.write_string_with_format(row, col, text, f)?;
            }
        }
        Value::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Value::Text(s) => {
            sheet.write_string(row, col, s)?;
        }
        v => {
            let n = v.as_f64().unwrap_or_default();
            sheet.write_number_with_format(row, col, n, number)?;
        }
    }
    Ok(())
}

fn number_format(data_type: &DataType) -> Format {
    if data_type.is_integer() {
        Format::new().set_num_format(INTEGER_FORMAT)
    } else {
        Format::new().set_num_format(DECIMAL_FORMAT)
    }
}

/// Give `workbook` a fixed creation date (1 January 2000), so the same content gives the same
/// bytes on every run (reports, explorer downloads).
pub fn fixed_date(workbook: &mut Workbook) -> Result<()> {
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)
        .map_err(|e| xlsx_err("properties", e))?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    Ok(())
}

/// What frames a sheet meant for readers: a title row, an optional subtitle, French column
/// headers (with their units), a display format per column and a source row under the data.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Bold title written in A1.
    pub title: String,
    /// Italic line under the title.
    pub subtitle: Option<String>,
    /// One header per column, in schema order (a missing one falls back to the column name).
    pub headers: Vec<String>,
    /// Excel number format per column (`#,##0.0`); `None` keeps the type's default.
    pub number_formats: Vec<Option<String>>,
    /// Footnotes (e.g. flagged values), one row each under the data, before the source.
    pub notes: Vec<String>,
    /// Written in italics one row under the last data row (and the notes), as `Source : …`.
    pub source: String,
}

/// Widest column a sheet's content sets (characters); longer texts overflow or are cut.
pub const COLUMN_WIDTH_MAX: f64 = 60.0;

/// A result sheet being written batch by batch; each column is as wide as its longest value
/// (up to [`COLUMN_WIDTH_MAX`]), so text reads without widening columns by hand.
pub struct Sheet {
    name: String,
    formats: Vec<Format>,
    row: u32,
    notes: Vec<String>,
    source: Option<String>,
    widths: Vec<f64>,
}

/// The characters `value` takes on screen (French display: thousands separators, decimals of
/// [`DECIMAL_FORMAT`] at most three).
fn display_chars(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Text(s) => s.chars().count(),
        Value::Bool(_) => 4,
        v => {
            let text = v.machine_text();
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            let digits = int.trim_start_matches('-').chars().count();
            int.chars().count()
                + digits.saturating_sub(1) / 3
                + frac.len().min(3)
                + usize::from(!frac.is_empty())
        }
    }
}

impl Sheet {
    /// Add a sheet named after `name` (sanitized) to `workbook` with the header of `schema`.
    pub fn add(workbook: &mut Workbook, name: &str, schema: &SchemaRef) -> Result<Sheet> {
        let name = unique_sheet_name(workbook, &sheet_name(name));
        let err = |e| xlsx_err(&name, e);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(err)?;
        let mut widths = Vec::new();
        for (c, f) in schema.fields().iter().enumerate() {
            let fmt = header_format(f.data_type().is_numeric());
            sheet
                .write_string_with_format(0, col(c), f.name(), &fmt)
                .map_err(err)?;
            let width = (f.name().chars().count() as f64 + 2.0).clamp(8.0, 40.0);
            sheet.set_column_width(col(c), width).map_err(err)?;
            widths.push(width);
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        Ok(Sheet {
            formats: schema
                .fields()
                .iter()
                .map(|f| number_format(f.data_type()))
                .collect(),
            name,
            row: 1,
            notes: Vec::new(),
            source: None,
            widths,
        })
    }

    /// Add a sheet for readers: `frame`'s title (A1), subtitle, a blank row, its headers, then
    /// the data with its number formats; [`Sheet::finish`] writes the source row.
    pub fn add_framed(
        workbook: &mut Workbook,
        name: &str,
        schema: &SchemaRef,
        frame: &Frame,
    ) -> Result<Sheet> {
        let name = unique_sheet_name(workbook, &sheet_name(name));
        let err = |e| xlsx_err(&name, e);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(err)?;
        let mut row = 0;
        sheet
            .write_string_with_format(
                row,
                0,
                &frame.title,
                &Format::new().set_bold().set_font_size(13),
            )
            .map_err(err)?;
        row += 1;
        if let Some(sub) = &frame.subtitle {
            sheet
                .write_string_with_format(row, 0, sub, &Format::new().set_italic())
                .map_err(err)?;
            row += 1;
        }
        row += 1;
        let mut formats = Vec::new();
        let mut widths = Vec::new();
        for (c, f) in schema.fields().iter().enumerate() {
            let header = frame.headers.get(c).unwrap_or(f.name());
            let fmt = header_format(f.data_type().is_numeric());
            sheet
                .write_string_with_format(row, col(c), header, &fmt)
                .map_err(err)?;
            // Headers wrap (a row of three lines): their longest word sets the least width.
            let word = header
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            let width = (header.chars().count() as f64 * 0.6 + 2.0)
                .max(word as f64 + 2.0)
                .clamp(10.0, 40.0);
            sheet.set_column_width(col(c), width).map_err(err)?;
            widths.push(width);
            formats.push(match frame.number_formats.get(c).cloned().flatten() {
                Some(n) => Format::new().set_num_format(n),
                None => number_format(f.data_type()),
            });
        }
        sheet.set_row_height(row, 45).map_err(err)?;
        sheet.set_freeze_panes(row + 1, 0).map_err(err)?;
        Ok(Sheet {
            formats,
            name,
            row: row + 1,
            notes: frame.notes.clone(),
            source: Some(frame.source.clone()),
            widths,
        })
    }

    /// Write the notes and the source row of a framed sheet, one blank row under the data.
    pub fn finish(&mut self, workbook: &mut Workbook) -> Result<()> {
        let Some(source) = self.source.take() else {
            return Ok(());
        };
        let name = self.name.clone();
        let sheet = workbook
            .worksheet_from_name(&self.name)
            .map_err(|e| xlsx_err(&name, e))?;
        let mut row = self.row + 1;
        for note in std::mem::take(&mut self.notes) {
            sheet
                .write_string_with_format(row, 0, note, &Format::new().set_font_size(9))
                .map_err(|e| xlsx_err(&name, e))?;
            row += 1;
        }
        sheet
            .write_string_with_format(
                row,
                0,
                format!("Source : {source}"),
                &Format::new().set_italic().set_font_size(9),
            )
            .map_err(|e| xlsx_err(&name, e))?;
        Ok(())
    }

    /// Append the rows of `batch` to this sheet of `workbook`.
    pub fn write(&mut self, workbook: &mut Workbook, batch: &RecordBatch) -> Result<()> {
        let name = self.name.clone();
        let err = |e| xlsx_err(&name, e);
        let sheet = workbook.worksheet_from_name(&self.name).map_err(err)?;
        let columns = super::columns(batch)?;
        for i in 0..batch.num_rows() {
            if self.row > LAST_ROW {
                return Err(Error::Invalid(format!(
                    "feuille xlsx `{}` : plus de {} lignes, la limite d'Excel ; utilisez --format csv ou parquet",
                    self.name, LAST_ROW
                )));
            }
            for (c, (column, fmt)) in columns.iter().zip(&self.formats).enumerate() {
                let value = column.value(i);
                write_value(sheet, self.row, col(c), &value, fmt, None).map_err(err)?;
                if let Some(w) = self.widths.get_mut(c) {
                    *w = w.max((display_chars(&value) as f64 + 2.0).min(COLUMN_WIDTH_MAX));
                }
            }
            self.row += 1;
        }
        for (c, w) in self.widths.iter().enumerate() {
            sheet.set_column_width(col(c), *w).map_err(err)?;
        }
        Ok(())
    }
}

/// The error of a sheet.
pub fn xlsx_err(sheet: &str, e: XlsxError) -> Error {
    let what = match e {
        XlsxError::MaxStringLengthExceeded => {
            "texte de plus de 32 767 caractères, la limite d'une cellule d'Excel".to_string()
        }
        XlsxError::RowColumnLimitError => {
            "plus de 1 048 576 lignes ou 16 384 colonnes, les limites d'une feuille d'Excel"
                .to_string()
        }
        e => e.to_string(),
    };
    Error::Render(format!("feuille xlsx `{sheet}` : {what}"))
}

/// A column index for rust_xlsxwriter.
pub fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A one-sheet workbook written to a file when finished.
pub struct XlsxFile {
    target: PathBuf,
    workbook: Workbook,
    sheet: Sheet,
}

impl XlsxFile {
    /// Start a workbook for `target` with one sheet named after the file stem.
    pub fn create(target: &Path, schema: &SchemaRef) -> Result<XlsxFile> {
        let mut workbook = Workbook::new();
        let stem = target
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let sheet = Sheet::add(&mut workbook, &stem, schema)?;
        Ok(XlsxFile {
            target: target.to_path_buf(),
            workbook,
            sheet,
        })
    }
}

impl BatchWriter for XlsxFile {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.sheet.write(&mut self.workbook, batch)
    }

    fn finish(&mut self) -> Result<()> {
        let bytes = self
            .workbook
            .save_to_buffer()
            .map_err(|e| Error::Render(format!("{}: {e}", self.target.display())))?;
        super::atomic::AtomicFile::write_all(&self.target, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sheet names keep their accents, lose only what Excel refuses, stop at a word without a
    /// dangling article, and stay within 31 UTF-16 units.
    #[test]
    fn sheet_names_from_titles() {
        let cases = [
            (
                "03",
                "Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans",
                "03 Enfants accueillis à l'ASE",
            ),
            (
                "07",
                "Où se situe le département ? Enfants accueillis pour 1 000 jeunes",
                "07 Où se situe le département",
            ),
            (
                "01",
                "Tableau de bord de la protection de l'enfance en 2022",
                "01 Tableau de bord",
            ),
            (
                "09",
                "Dépense brute d'aide sociale à l'enfance par jeune de 0 à 20 ans",
                "09 Dépense brute d'aide sociale",
            ),
            (
                "21",
                "Profil du département : contexte socio-démographique",
                "21 Profil du département",
            ),
            (
                "",
                "Évolution des assistants familiaux employés",
                "Évolution des assistants",
            ),
            ("", "a/b [c]", "ab c"),
            (
                "16",
                "Places d'accueil pour 1 000 jeunes de 0 à 20 ans, par type",
                "16 Places d'accueil",
            ),
        ];
        for (prefix, title, expected) in cases {
            let name = sheet_name_from_title(prefix, title);
            assert_eq!(name, expected, "{title}");
            assert!(name.encode_utf16().count() <= SHEET_NAME_MAX);
        }
    }

    /// A column is as wide as its longest value (header words, texts, numbers with their
    /// separators), up to [`COLUMN_WIDTH_MAX`]: « Synthèse » of `controle.xlsx` reads without
    /// widening columns.
    #[test]
    fn columns_fit_their_values() {
        use datafusion::arrow::array::{ArrayRef, Float64Array, StringArray};
        use datafusion::arrow::datatypes::{Field, Schema};
        use std::io::Read;
        let schema = std::sync::Arc::new(Schema::new(vec![
            Field::new("fichier", DataType::Utf8, false),
            Field::new("categorie", DataType::Utf8, false),
            Field::new("n", DataType::Float64, false),
        ]));
        let columns: Vec<ArrayRef> = vec![
            std::sync::Arc::new(StringArray::from(vec!["ONED-017-20220301_2021.xml"])),
            std::sync::Arc::new(StringArray::from(vec![
                "variables réservées aux mineurs renseignées pour un majeur",
            ])),
            std::sync::Arc::new(Float64Array::from(vec![1234567.5])),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
        let mut wb = Workbook::new();
        let frame = Frame {
            title: "Contrôle des fichiers OLINPE : synthèse, un titre bien plus long que tout"
                .into(),
            headers: vec!["Fichier".into(), "Catégorie".into(), "Anomalies".into()],
            ..Frame::default()
        };
        let mut sheet = Sheet::add_framed(&mut wb, "Synthèse", &schema, &frame).unwrap();
        sheet.write(&mut wb, &batch).unwrap();
        sheet.finish(&mut wb).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let widths: Vec<&str> = xml
            .split("width=\"")
            .skip(1)
            .map(|w| w.split('"').next().unwrap())
            .collect();
        // 26 + 2, 58 + 2, « 1 234 567,5 » 11 + 2 (Excel adds its padding to each).
        assert_eq!(widths, ["28.7109375", "60.7109375", "13.7109375"]);
    }

    /// A name already taken (case ignored, as Excel compares) gets ` (2)`, ` (3)`, cut to fit.
    #[test]
    fn sheet_names_are_unique() {
        let mut wb = Workbook::new();
        let long = "Évolution des enfants accueillis";
        for expected in [
            "Évolution des enfants accueilli",
            "Évolution des enfants accue (2)",
        ] {
            let name = unique_sheet_name(&mut wb, &sheet_name(long));
            assert_eq!(name, expected);
            wb.add_worksheet().set_name(&name).unwrap();
        }
        assert_eq!(
            unique_sheet_name(&mut wb, "ÉVOLUTION DES ENFANTS ACCUEILLI"),
            "ÉVOLUTION DES ENFANTS ACCUE (3)"
        );
        wb.add_worksheet().set_name("Synthèse").unwrap();
        assert_eq!(unique_sheet_name(&mut wb, "synthèse"), "synthèse (2)");
    }
}
