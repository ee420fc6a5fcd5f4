//! The user's own files beside the catalogue: `--table NAME=PATH` and the shell's
//! `\load NAME PATH`. CSV, Parquet, JSON (NDJSON or one array of objects) and an XLSX sheet
//! (`PATH#sheet`, the first sheet when no sheet is named), read whole into memory and registered
//! read-only under NAME.
//!
//! Column types are inferred from every value: integers (`Int64`), decimals with a dot
//! (`Float64`), `true`/`false` (`Boolean`), else text. A code column (named `territory`,
//! `code`, `departement`, `region_code`, `indicator`…) and a column with a number written with a
//! leading zero (`01`, `061`) stay text, so département codes keep their form and join with the
//! catalogue's codes; cast in SQL to override (`CAST(x AS DOUBLE)`). Errors name the file and
//! the line (CSV, JSON) or the sheet and cell (XLSX). A `.csv` whose header line has more `;`
//! than `,` is read as French Excel writes it (and depbench's own `donnees/*.csv`): `;`
//! separators, decimal comma, byte order mark.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::catalog::{MemTable, SchemaProvider, TableProvider};
use datafusion::error::Result as DfResult;
use parking_lot::RwLock;

use crate::error::{Error, Result};
use crate::model::lines::csv_line;

/// A user's table: its name in SQL, the file, and its rows.
#[derive(Debug, Clone)]
pub struct UserTable {
    pub name: String,
    /// The path as given (with `#sheet` for a workbook).
    pub source: String,
    pub batch: RecordBatch,
}

/// Parse `NAME=PATH`.
pub fn parse_spec(spec: &str) -> Result<(String, String)> {
    let (name, path) = spec.split_once('=').ok_or_else(|| {
        Error::Invalid(format!(
            "--table `{spec}`: expected NAME=PATH (e.g. --table ip=ip_2023.csv)"
        ))
    })?;
    let name = name.trim();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(Error::Invalid(format!(
            "--table `{spec}`: the name must be letters, digits and `_`, not starting with a digit"
        )));
    }
    Ok((name.to_lowercase(), path.trim().to_string()))
}

/// Read `source` (a path, `PATH#sheet` for a workbook) as a table named `name`.
pub fn read(name: &str, source: &str) -> Result<UserTable> {
    let (path, sheet) = match source.rsplit_once('#') {
        Some((p, s)) if is_workbook(Path::new(p)) => (PathBuf::from(p), Some(s.to_string())),
        _ => (PathBuf::from(source), None),
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let batch = match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(&path, if ext == "tsv" { b'\t' } else { b',' })?,
        "parquet" | "pq" => read_parquet(&path)?,
        "json" | "ndjson" | "jsonl" => read_json(&path)?,
        "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(&path, sheet.as_deref())?,
        _ => {
            return Err(Error::Invalid(format!(
                "{}: unknown file type `{ext}` (expected .csv, .tsv, .parquet, .json, .ndjson or .xlsx#sheet)",
                path.display()
            )));
        }
    };
    Ok(UserTable {
        name: name.to_string(),
        source: source.to_string(),
        batch,
    })
}

fn is_workbook(p: &Path) -> bool {
    p.extension().is_some_and(|e| {
        matches!(
            e.to_string_lossy().to_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    })
}

/// The type a column of texts reads as; a code column (named like the catalogue's code
/// columns: `territory`, `code`, `departement`…) is always text.
fn infer(name: &str, values: &[Option<String>]) -> DataType {
    if super::hints::is_code_column(name) {
        return DataType::Utf8;
    }
    let present = || values.iter().flatten();
    if present().next().is_none() {
        return DataType::Utf8;
    }
    let leading_zero = |s: &str| {
        let digits = s.trim_start_matches('-');
        digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.")
    };
    if present().any(|s| leading_zero(s)) {
        return DataType::Utf8;
    }
    if present().all(|s| s.parse::<i64>().is_ok()) {
        return DataType::Int64;
    }
    if present().all(|s| {
        s.parse::<f64>().is_ok_and(f64::is_finite) && !s.contains(['e', 'E', 'i', 'n', 'N'])
    }) {
        return DataType::Float64;
    }
    if present().all(|s| s == "true" || s == "false") {
        return DataType::Boolean;
    }
    DataType::Utf8
}

/// A header must name every column once: an empty file, a column without a name or a name
/// given twice is refused, naming the file and where the header is (`line 1`, `sheet `x`, row 1`).
fn check_header(path: &Path, place: &str, names: &[String]) -> Result<()> {
    let at = |m: String| Error::Invalid(format!("{}: {place}: {m}", path.display()));
    if names.iter().all(|n| n.is_empty()) {
        return Err(at(
            "empty: expected a header line naming the columns, then one line per row".into(),
        ));
    }
    if let Some(i) = names.iter().position(|n| n.is_empty()) {
        return Err(at(format!(
            "column {} has no name in the header (every column needs a name)",
            i + 1
        )));
    }
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.eq_ignore_ascii_case(n)) {
            return Err(at(format!(
                "column `{n}` is named twice in the header (names must be unique)"
            )));
        }
    }
    Ok(())
}

/// Columns of texts (None = empty) as a typed batch.
fn typed_batch(names: Vec<String>, columns: Vec<Vec<Option<String>>>) -> Result<RecordBatch> {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (name, values) in names.into_iter().zip(columns) {
        let t = infer(&name, &values);
        let array: ArrayRef = match t {
            DataType::Int64 => Arc::new(Int64Array::from_iter(
                values
                    .iter()
                    .map(|v| v.as_ref().and_then(|s| s.parse().ok())),
            )),
            DataType::Float64 => Arc::new(Float64Array::from_iter(
                values
                    .iter()
                    .map(|v| v.as_ref().and_then(|s| s.parse().ok())),
            )),
            DataType::Boolean => Arc::new(BooleanArray::from_iter(
                values.iter().map(|v| v.as_ref().map(|s| s == "true")),
            )),
            _ => Arc::new(StringArray::from_iter(values.iter().map(|v| v.as_deref()))),
        };
        fields.push(Field::new(name, t, true));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| Error::Arrow {
        context: "building a user table".into(),
        source: e,
    })
}

/// The separator of a `.csv`: `;` when the header line has more `;` than `,` (French Excel's
/// CSV, and depbench's own `donnees/*.csv`), else `,`.
fn sniff_delimiter(path: &Path) -> Result<u8> {
    use std::io::BufRead;
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut first = Vec::new();
    BufReader::new(file)
        .read_until(b'\n', &mut first)
        .map_err(|e| Error::io(path, e))?;
    let count = |b: u8| first.iter().filter(|&&c| c == b).count();
    Ok(if count(b';') > count(b',') {
        b';'
    } else {
        b','
    })
}

fn read_csv(path: &Path, delimiter: u8) -> Result<RecordBatch> {
    let delimiter = if delimiter == b',' {
        sniff_delimiter(path)?
    } else {
        delimiter
    };
    // With `;` separators numbers are written with a decimal comma (`12,5`): read as `12.5`.
    let decimal_comma = delimiter == b';';
    // The bytes are kept to number lines right with CRLF ends ([`crate::model::lines`]).
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes.as_slice());
    // A whole-record error names no field: the message names the line only.
    let csv_err = |e: csv::Error| {
        let line = csv_line(&bytes, e.position());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("{len} fields where the header line has {expected_len}"),
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text (save the file as UTF-8)".into(),
            _ => e.to_string(),
        };
        Error::Invalid(format!("{}: line {line}: {message}", path.display()))
    };
    let names: Vec<String> = reader
        .headers()
        .map_err(csv_err)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    check_header(path, "line 1", &names)?;
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); names.len()];
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        for (c, field) in record.iter().enumerate() {
            let field = field.trim();
            let field = match field.split_once(',') {
                Some((int, frac))
                    if decimal_comma
                        && !int.is_empty()
                        && int
                            .trim_start_matches('-')
                            .chars()
                            .all(|c| c.is_ascii_digit())
                        && !frac.is_empty()
                        && frac.chars().all(|c| c.is_ascii_digit()) =>
                {
                    format!("{int}.{frac}")
                }
                _ => field.to_string(),
            };
            columns[c].push((!field.is_empty()).then_some(field));
        }
    }
    typed_batch(names, columns)
}

fn read_parquet(path: &Path) -> Result<RecordBatch> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let err =
        |e: &dyn std::fmt::Display| Error::Invalid(format!("{}: parquet: {e}", path.display()));
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| err(&e))?
        .build()
        .map_err(|e| err(&e))?;
    let schema = datafusion::arrow::array::RecordBatchReader::schema(&reader);
    let batches: Vec<RecordBatch> = reader
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| err(&e))?;
    datafusion::arrow::compute::concat_batches(&schema, &batches).map_err(|e| err(&e))
}

fn read_json(path: &Path) -> Result<RecordBatch> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    // One array of objects is turned into lines first, so both shapes read the same way.
    let lines = if text.trim_start().starts_with('[') {
        let values: Vec<serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| Error::Invalid(format!("{}: line {}: {e}", path.display(), e.line())))?;
        values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        text
    };
    // Validate each line first so an error names its line.
    for (i, line) in lines.lines().enumerate() {
        if !line.trim().is_empty() {
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
                .map_err(|e| Error::Invalid(format!("{}: line {}: {e}", path.display(), i + 1)))?;
        }
    }
    let err = |e: &dyn std::fmt::Display| Error::Invalid(format!("{}: json: {e}", path.display()));
    let (schema, _) =
        datafusion::arrow::json::reader::infer_json_schema(Cursor::new(lines.as_bytes()), None)
            .map_err(|e| err(&e))?;
    let schema = Arc::new(schema);
    let reader = datafusion::arrow::json::ReaderBuilder::new(schema.clone())
        .build(Cursor::new(lines.as_bytes()))
        .map_err(|e| err(&e))?;
    let batches: Vec<RecordBatch> = reader
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| err(&e))?;
    datafusion::arrow::compute::concat_batches(&schema, &batches).map_err(|e| err(&e))
}

fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<RecordBatch> {
    use calamine::{Data, Reader};
    let werr = |m: String| Error::Workbook {
        path: path.to_path_buf(),
        message: m,
    };
    // Opened as the importers open workbooks: protected, cut short, damaged, far-flung or
    // over-full workbooks are refused by name before any sheet is read.
    let mut wb = crate::import::book::open(path)?;
    let names = wb.sheet_names();
    let sheet = match sheet {
        Some(s) => s.to_string(),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| werr("no sheet".into()))?,
    };
    if !names.contains(&sheet) {
        return Err(werr(format!(
            "no sheet `{sheet}` (sheets: {})",
            names.join(", ")
        )));
    }
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| werr(format!("sheet `{sheet}`: {e}")))?;
    let mut rows = range.rows();
    let mut header: Vec<String> = rows
        .next()
        .ok_or_else(|| werr(format!("sheet `{sheet}` is empty")))?
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    // Formatted but empty cells right of the table widen the range: they are not columns,
    // unless a row holds a value there.
    while header.last().is_some_and(|h| h.is_empty()) {
        header.pop();
    }
    check_header(path, &format!("sheet `{sheet}`, row 1"), &header)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate().skip(1) {
        if let Some(c) = (header.len()..row.len()).find(|&c| row[c] != Data::Empty) {
            let cell = crate::model::cells::a1(top + r as u32, left + c as u32);
            return Err(Error::Invalid(format!(
                "{}: sheet `{sheet}`, cell {cell}: a value in a column without a name in row 1 (name the column or delete the value)",
                path.display()
            )));
        }
    }
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); header.len()];
    for row in rows {
        for (c, col) in columns.iter_mut().enumerate() {
            let text = match row.get(c) {
                None | Some(Data::Empty) => None,
                Some(Data::Float(f)) => Some(crate::write::raw_number(*f)),
                Some(Data::Int(i)) => Some(i.to_string()),
                Some(Data::Bool(b)) => Some(b.to_string()),
                Some(d) => Some(d.to_string().trim().to_string()).filter(|s| !s.is_empty()),
            };
            col.push(text);
        }
    }
    typed_batch(header, columns)
}

/// The user's tables by name: the file they come from and their provider.
type UserProviders = BTreeMap<String, (String, Arc<dyn TableProvider>)>;

/// The session's `public` schema: the catalogue's (tables and views) plus the user's tables.
/// A user's table may not take the name of a catalogue table or view.
pub struct WithUserTables {
    base: Arc<dyn SchemaProvider>,
    user: RwLock<UserProviders>,
}

impl std::fmt::Debug for WithUserTables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithUserTables")
            .field("user", &self.user.read().keys().collect::<Vec<_>>())
            .finish()
    }
}

impl WithUserTables {
    /// The catalogue's schema with no user table yet.
    pub fn new(base: Arc<dyn SchemaProvider>) -> Self {
        WithUserTables {
            base,
            user: RwLock::new(BTreeMap::new()),
        }
    }

    /// Register `table`; a catalogue name is refused, a user name is replaced (`\load` again).
    pub fn add(&self, table: UserTable) -> Result<()> {
        if self.base.table_exist(&table.name) {
            return Err(Error::Invalid(format!(
                "--table {}={}: `{}` is a catalogue table or view; choose another name",
                table.name, table.source, table.name
            )));
        }
        let provider = MemTable::try_new(table.batch.schema(), vec![vec![table.batch]])
            .map_err(|e| Error::query(format!("table `{}`", table.name), e))?;
        self.user
            .write()
            .insert(table.name, (table.source, Arc::new(provider)));
        Ok(())
    }

    /// The user's tables: name and source.
    pub fn user_tables(&self) -> Vec<(String, String)> {
        self.user
            .read()
            .iter()
            .map(|(n, (s, _))| (n.clone(), s.clone()))
            .collect()
    }

    /// The schema of a user's table.
    pub fn user_schema(&self, name: &str) -> Option<datafusion::arrow::datatypes::SchemaRef> {
        self.user.read().get(name).map(|(_, p)| p.schema())
    }
}

#[async_trait]
impl SchemaProvider for WithUserTables {
    fn table_names(&self) -> Vec<String> {
        let mut names = self.base.table_names();
        names.extend(self.user.read().keys().cloned());
        names
    }

    async fn table(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        if let Some((_, p)) = self.user.read().get(name) {
            return Ok(Some(p.clone()));
        }
        self.base.table(name).await
    }

    fn table_exist(&self, name: &str) -> bool {
        self.user.read().contains_key(name) || self.base.table_exist(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[&str]) -> Vec<Option<String>> {
        v.iter()
            .map(|s| (!s.is_empty()).then(|| s.to_string()))
            .collect()
    }

    #[test]
    fn types_are_inferred_and_codes_stay_text() {
        assert_eq!(infer("n", &texts(&["61", "17", ""])), DataType::Int64);
        assert_eq!(infer("departement", &texts(&["61", "17"])), DataType::Utf8);
        assert_eq!(infer("n", &texts(&["01", "17"])), DataType::Utf8);
        assert_eq!(infer("n", &texts(&["2A", "17"])), DataType::Utf8);
        assert_eq!(infer("n", &texts(&["12.5", "3", "0.5"])), DataType::Float64);
        assert_eq!(infer("n", &texts(&["true", "false"])), DataType::Boolean);
        assert_eq!(infer("n", &texts(&["NaN", "1"])), DataType::Utf8);
        assert_eq!(infer("n", &texts(&["12,5"])), DataType::Utf8);
    }

    #[test]
    fn specs() {
        assert_eq!(
            parse_spec("ip=data/ip.csv").unwrap(),
            ("ip".into(), "data/ip.csv".into())
        );
        assert_eq!(
            parse_spec("ip").unwrap_err().to_string(),
            "--table `ip`: expected NAME=PATH (e.g. --table ip=ip_2023.csv)"
        );
        assert!(parse_spec("1x=a.csv").is_err());
    }
}
