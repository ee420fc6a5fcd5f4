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

/// A result sheet being written batch by batch.
pub struct Sheet {
    name: String,
    formats: Vec<Format>,
    row: u32,
    notes: Vec<String>,
    source: Option<String>,
}

impl Sheet {
    /// Add a sheet named after `name` (sanitized) to `workbook` with the header of `schema`.
    pub fn add(workbook: &mut Workbook, name: &str, schema: &SchemaRef) -> Result<Sheet> {
        let name = sheet_name(name);
        let err = |e| xlsx_err(&name, e);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(err)?;
        for (c, f) in schema.fields().iter().enumerate() {
            let fmt = header_format(f.data_type().is_numeric());
            sheet
                .write_string_with_format(0, col(c), f.name(), &fmt)
                .map_err(err)?;
            let width = (f.name().chars().count() as f64 + 2.0).clamp(8.0, 40.0);
            sheet.set_column_width(col(c), width).map_err(err)?;
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
        let name = sheet_name(name);
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
        for (c, f) in schema.fields().iter().enumerate() {
            let header = frame.headers.get(c).unwrap_or(f.name());
            let fmt = header_format(f.data_type().is_numeric());
            sheet
                .write_string_with_format(row, col(c), header, &fmt)
                .map_err(err)?;
            let width = (header.chars().count() as f64 * 0.6 + 2.0).clamp(10.0, 40.0);
            sheet.set_column_width(col(c), width).map_err(err)?;
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
                write_value(sheet, self.row, col(c), &column.value(i), fmt, None).map_err(err)?;
            }
            self.row += 1;
        }
        Ok(())
    }
}

/// The error of a sheet.
pub fn xlsx_err(sheet: &str, e: XlsxError) -> Error {
    Error::Render(format!("feuille xlsx `{sheet}` : {e}"))
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
