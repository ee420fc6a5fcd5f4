//! The user's own files beside the catalogue: `--table NAME=PATH` and the shell's
//! `\load NAME PATH`. CSV, Parquet, JSON (NDJSON or one array of objects) and an XLSX sheet
//! (`PATH#sheet`, the first sheet when no sheet is named), registered read-only under NAME. A
//! CSV up to 16 MiB ([`EAGER_BYTES`]), Parquet, JSON and sheets are read whole into memory; a
//! larger CSV is scanned lazily, its rows streamed from the file batch by batch at each query
//! (`LIMIT 1` reads one batch, `count(*)` holds one batch at a time). Workbooks are opened as
//! the importers open them ([`crate::import::book::open`]: protected, damaged, far-flung or
//! zip-bomb files refused by name).
//!
//! Column types are inferred from every value (from the first [`SAMPLE_ROWS`] rows of a large
//! CSV: a later value that does not read as its column's type stops the query naming its
//! line): integers (`Int64`), decimals with a dot (`Float64`), `true`/`false` (`Boolean`), else
//! text. A code column (named like the catalogue's `territory`, `code`, `departement`…, or any
//! header naming a territory or a code: `Département`, `Code département`, `dep`, `code_insee`,
//! see [`super::hints::names_a_code`]) and a column with a number written with a leading zero
//! (`01`, `061`) stay text, so département codes keep their form and join with the catalogue's
//! codes; cast in SQL to override (`CAST(x AS DOUBLE)`). A failed cast of a code (`2A`) in a
//! join hints the column and the `CAST(… AS VARCHAR)` to write. A formula cell without a stored
//! result is refused naming its cell. Errors name the file and
//! the line (CSV, JSON) or the sheet and cell (XLSX). A `.csv` whose header line has more `;`
//! than `,` is read as French Excel writes it (and depbench's own `donnees/*.csv`): `;`
//! separators, decimal comma, byte order mark.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
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
use crate::model::lines::{LineEnds, csv_line};

/// A user's table: its name in SQL, the file, and how its rows are read (held in memory, or
/// streamed from the file at each scan for a large CSV).
#[derive(Debug, Clone)]
pub struct UserTable {
    pub name: String,
    /// The path as given (with `#sheet` for a workbook).
    pub source: String,
    pub provider: Arc<dyn TableProvider>,
}

/// A CSV larger than this (16 MiB) is not read whole: its column types are inferred from its
/// first [`SAMPLE_ROWS`] rows and its rows are streamed from the file at each scan, one batch
/// at a time, so `LIMIT 1` reads one batch and `count(*)` holds one batch at a time.
pub const EAGER_BYTES: u64 = 16 << 20;

/// Rows of a large CSV its column types are inferred from.
pub const SAMPLE_ROWS: usize = 10_000;

/// Parse `NAME=PATH`.
pub fn parse_spec(spec: &str) -> Result<(String, String)> {
    let (name, path) = spec.split_once('=').ok_or_else(|| {
        Error::Invalid(format!(
            "--table `{spec}` : attendu : NOM=CHEMIN (par exemple --table ip=ip_2023.csv)"
        ))
    })?;
    let name = name.trim();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(Error::Invalid(format!(
            "--table `{spec}` : le nom s'écrit avec des lettres, des chiffres et `_`, sans commencer par un chiffre"
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
    let in_memory = |batch: RecordBatch| -> Result<Arc<dyn TableProvider>> {
        let provider = MemTable::try_new(batch.schema(), vec![vec![batch]])
            .map_err(|e| Error::query(format!("table `{name}`"), e))?;
        Ok(Arc::new(provider))
    };
    let provider = match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            read_csv(&path, if ext == "tsv" { b'\t' } else { b',' }, in_memory)?
        }
        "parquet" | "pq" => in_memory(read_parquet(&path)?)?,
        "json" | "ndjson" | "jsonl" => in_memory(super::json_file::read(&path)?)?,
        "xlsx" | "xlsm" | "xls" | "ods" => in_memory(read_sheet(&path, sheet.as_deref())?)?,
        _ => {
            return Err(Error::Invalid(format!(
                "{} : type de fichier inconnu `{ext}` (attendu : .csv, .tsv, .parquet, .json, .ndjson ou .xlsx#feuille)",
                path.display()
            )));
        }
    };
    Ok(UserTable {
        name: name.to_string(),
        source: source.to_string(),
        provider,
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
/// given twice is refused, naming the file and where the header is (`ligne 1`, `feuille `x`, ligne 1`).
fn check_header(path: &Path, place: &str, names: &[String]) -> Result<()> {
    let at = |m: String| Error::Invalid(format!("{} : {place} : {m}", path.display()));
    if names.iter().all(|n| n.is_empty()) {
        return Err(at(
            "vide : attendu : une ligne d'en-tête nommant les colonnes, puis une ligne par enregistrement".into(),
        ));
    }
    if let Some(i) = names.iter().position(|n| n.is_empty()) {
        return Err(at(format!(
            "la colonne {} n'a pas de nom dans l'en-tête (chaque colonne doit avoir un nom)",
            i + 1
        )));
    }
    // One pass (a file of 10 000 columns compared each name with every other before).
    let mut seen = std::collections::HashSet::with_capacity(names.len());
    for n in names {
        if !seen.insert(n.to_ascii_lowercase()) {
            return Err(at(format!(
                "la colonne `{n}` est nommée deux fois dans l'en-tête (les noms doivent être uniques)"
            )));
        }
    }
    Ok(())
}

/// Columns of texts (None = empty) as a typed batch, types inferred from every value.
fn typed_batch(names: Vec<String>, columns: Vec<Vec<Option<String>>>) -> Result<RecordBatch> {
    let fields: Vec<Field> = names
        .iter()
        .zip(&columns)
        .map(|(name, values)| Field::new(name, infer(name, values), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    batch_of(&schema, &columns).map_err(|(c, row, value)| {
        Error::Invalid(format!(
            "colonne `{}`, ligne {} : `{value}` ne se lit pas comme {}",
            schema.field(c).name(),
            row + 1,
            schema.field(c).data_type()
        ))
    })
}

/// Columns of texts as a batch of `schema`'s types; a value that does not read as its
/// column's type is `(column, row, value)`.
fn batch_of(
    schema: &Arc<Schema>,
    columns: &[Vec<Option<String>>],
) -> std::result::Result<RecordBatch, (usize, usize, String)> {
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (c, (field, values)) in schema.fields().iter().zip(columns).enumerate() {
        let bad = |row: usize| (c, row, values[row].clone().unwrap_or_default());
        fn parse<T: std::str::FromStr>(
            values: &[Option<String>],
        ) -> std::result::Result<Vec<Option<T>>, usize> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    None => Ok(None),
                    Some(s) => s.parse().map(Some).map_err(|_| i),
                })
                .collect()
        }
        let array: ArrayRef = match field.data_type() {
            DataType::Int64 => Arc::new(Int64Array::from(parse::<i64>(values).map_err(bad)?)),
            DataType::Float64 => Arc::new(Float64Array::from(parse::<f64>(values).map_err(bad)?)),
            DataType::Boolean => Arc::new(BooleanArray::from(parse::<bool>(values).map_err(bad)?)),
            _ => Arc::new(StringArray::from_iter(values.iter().map(|v| v.as_deref()))),
        };
        arrays.push(array);
    }
    RecordBatch::try_new(schema.clone(), arrays).map_err(|e| (0, 0, e.to_string()))
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

/// A field as depbench reads it: trimmed, a decimal comma read as a dot in a `;` file
/// (`12,5` → `12.5`), empty = `None`.
fn field_text(field: &str, decimal_comma: bool) -> Option<String> {
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
    (!field.is_empty()).then_some(field)
}

/// The message of a CSV reading error (the caller adds file and line).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} champs alors que la ligne d'en-tête en a {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => {
            "pas du texte UTF-8 (enregistrez le fichier en UTF-8)".into()
        }
        _ => e.to_string(),
    }
}

/// The header names of a CSV (trimmed, the byte order mark of the first removed).
fn header_names(record: &csv::StringRecord) -> Vec<String> {
    record
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_string()
        })
        .collect()
}

/// Read a CSV: whole into memory up to [`EAGER_BYTES`] (types inferred from every value, every
/// line checked now), else lazily ([`CsvStream`]).
fn read_csv(
    path: &Path,
    delimiter: u8,
    in_memory: impl FnOnce(RecordBatch) -> Result<Arc<dyn TableProvider>>,
) -> Result<Arc<dyn TableProvider>> {
    let delimiter = if delimiter == b',' {
        sniff_delimiter(path)?
    } else {
        delimiter
    };
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > EAGER_BYTES && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return CsvStream::open(path, delimiter);
    }
    in_memory(read_csv_whole(path, delimiter)?)
}

fn read_csv_whole(path: &Path, delimiter: u8) -> Result<RecordBatch> {
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
        Error::Invalid(format!(
            "{} : ligne {line} : {}",
            path.display(),
            csv_message(&e)
        ))
    };
    let names = header_names(reader.headers().map_err(csv_err)?);
    check_header(path, "ligne 1", &names)?;
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); names.len()];
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        for (c, field) in record.iter().enumerate() {
            columns[c].push(field_text(field, decimal_comma));
        }
    }
    typed_batch(names, columns).map_err(|e| Error::Invalid(format!("{} : {e}", path.display())))
}

/// A large CSV read at each scan: the column types of its sample, its rows streamed in
/// batches; a value that does not read as its column's type stops the query naming file,
/// line and column.
#[derive(Debug)]
struct CsvStream {
    path: PathBuf,
    delimiter: u8,
    schema: datafusion::arrow::datatypes::SchemaRef,
}

impl CsvStream {
    /// Read the header and the first [`SAMPLE_ROWS`] rows of `path` for the column types.
    fn open(path: &Path, delimiter: u8) -> Result<Arc<dyn TableProvider>> {
        let mut rows = CsvRows::open(path, delimiter)?;
        check_header(path, "ligne 1", &rows.names)?;
        let (columns, _) = rows.next_columns(SAMPLE_ROWS).map_err(Error::Invalid)?;
        let fields: Vec<Field> = rows
            .names
            .iter()
            .zip(&columns)
            .map(|(name, values)| Field::new(name, infer(name, values), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let stream = CsvStream {
            path: path.to_path_buf(),
            delimiter,
            schema: schema.clone(),
        };
        let table =
            datafusion::catalog::streaming::StreamingTable::try_new(schema, vec![Arc::new(stream)])
                .map_err(|e| Error::query(format!("{}", path.display()), e))?;
        Ok(Arc::new(table))
    }
}

/// Columns of texts (`None` = empty), one vector per column.
type Columns = Vec<Vec<Option<String>>>;

/// The rows of a CSV file read as a stream, with their lines.
struct CsvRows {
    path: PathBuf,
    decimal_comma: bool,
    reader: csv::Reader<LineEnds<BufReader<File>>>,
    names: Vec<String>,
    record: csv::StringRecord,
}

impl CsvRows {
    fn open(path: &Path, delimiter: u8) -> Result<CsvRows> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let source = LineEnds::new(BufReader::with_capacity(1 << 16, file));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(source);
        let names = match reader.headers() {
            Ok(h) => header_names(h),
            Err(e) => {
                return Err(Error::Invalid(format!(
                    "{} : ligne 1 : {}",
                    path.display(),
                    csv_message(&e)
                )));
            }
        };
        Ok(CsvRows {
            path: path.to_path_buf(),
            decimal_comma: delimiter == b';',
            reader,
            names,
            record: csv::StringRecord::new(),
        })
    }

    /// Up to `n` next rows as columns of texts, with the line of each row; errors name file
    /// and line.
    fn next_columns(&mut self, n: usize) -> std::result::Result<(Columns, Vec<u64>), String> {
        let mut columns: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(n); self.names.len()];
        let mut lines = Vec::with_capacity(n);
        while lines.len() < n {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {
                    let position = self.record.position().cloned();
                    lines.push(self.reader.get_mut().line(position.as_ref()));
                    for (c, field) in self.record.iter().enumerate() {
                        columns[c].push(field_text(field, self.decimal_comma));
                    }
                }
                Err(e) => {
                    let line = self.reader.get_mut().line(e.position());
                    return Err(format!(
                        "{} : ligne {line} : {}",
                        self.path.display(),
                        csv_message(&e)
                    ));
                }
            }
        }
        Ok((columns, lines))
    }
}

impl datafusion::physical_plan::streaming::PartitionStream for CsvStream {
    fn schema(&self) -> &datafusion::arrow::datatypes::SchemaRef {
        &self.schema
    }

    fn execute(
        &self,
        ctx: Arc<datafusion::execution::TaskContext>,
    ) -> datafusion::execution::SendableRecordBatchStream {
        use datafusion::error::DataFusionError;
        let batch_size = ctx.session_config().batch_size();
        let schema = self.schema.clone();
        let mut rows = CsvRows::open(&self.path, self.delimiter)
            .map_err(|e| DataFusionError::Execution(e.to_string()));
        let mut done = false;
        let batches = std::iter::from_fn(move || {
            if done {
                return None;
            }
            let rows = match rows.as_mut() {
                Ok(r) => r,
                Err(e) => {
                    done = true;
                    return Some(Err(DataFusionError::Execution(e.to_string())));
                }
            };
            let (columns, lines) = match rows.next_columns(batch_size) {
                Ok(c) => c,
                Err(e) => {
                    done = true;
                    return Some(Err(DataFusionError::Execution(e)));
                }
            };
            if lines.is_empty() {
                done = true;
                return None;
            }
            Some(batch_of(&schema, &columns).map_err(|(c, row, value)| {
                done = true;
                DataFusionError::Execution(format!(
                    "{} : ligne {}, colonne `{}` : `{value}` ne se lit pas comme {}, le type déduit des {SAMPLE_ROWS} premières lignes (au-delà de 16 Mio le fichier est lu au fil de l'eau ; écrivez CAST(… AS VARCHAR) en SQL, ou nommez la colonne comme un code)",
                    rows.path.display(),
                    lines[row],
                    schema.field(c).name(),
                    schema.field(c).data_type()
                ))
            }))
        });
        Box::pin(
            datafusion::physical_plan::stream::RecordBatchStreamAdapter::new(
                self.schema.clone(),
                futures::stream::iter(batches),
            ),
        )
    }
}

fn read_parquet(path: &Path) -> Result<RecordBatch> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let err =
        |e: &dyn std::fmt::Display| Error::Invalid(format!("{} : parquet : {e}", path.display()));
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
            .ok_or_else(|| werr("aucune feuille".into()))?,
    };
    if !names.contains(&sheet) {
        return Err(werr(format!(
            "aucune feuille `{sheet}` (feuilles : {})",
            names.join(", ")
        )));
    }
    let mut cells = crate::import::book::Sheet::read(&mut wb, path, &sheet)?;
    let range = cells.range.clone();
    let mut rows = range.rows();
    let mut header: Vec<String> = rows
        .next()
        .ok_or_else(|| werr(format!("la feuille `{sheet}` est vide")))?
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    // Formatted but empty cells right of the table widen the range: they are not columns,
    // unless a row holds a value there.
    while header.last().is_some_and(|h| h.is_empty()) {
        header.pop();
    }
    check_header(path, &format!("feuille `{sheet}`, ligne 1"), &header)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate().skip(1) {
        if let Some(c) = (header.len()..row.len()).find(|&c| row[c] != Data::Empty) {
            let cell = crate::model::cells::a1(top + r as u32, left + c as u32);
            return Err(Error::Invalid(format!(
                "{} : feuille `{sheet}`, cellule {cell} : une valeur dans une colonne sans nom en ligne 1 (nommez la colonne ou supprimez la valeur)",
                path.display()
            )));
        }
    }
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); header.len()];
    for (r, row) in rows.enumerate() {
        for (c, col) in columns.iter_mut().enumerate() {
            let text = match row.get(c) {
                None | Some(Data::Empty) => {
                    // A formula whose result was never stored (a file written by a program,
                    // never opened in a spreadsheet) is no empty cell: refused, as the
                    // importers refuse it.
                    let (at_row, at_col) = (top + 1 + r as u32, left + c as u32);
                    if let Some(f) = cells.formula(&mut wb, at_row, at_col) {
                        return Err(Error::Cell {
                            path: path.to_path_buf(),
                            sheet: sheet.clone(),
                            cell: crate::model::cells::a1(at_row, at_col),
                            message: format!(
                                "la formule ={f} n'a pas de résultat enregistré (ouvrez et enregistrez le classeur dans un tableur pour la calculer, ou écrivez la valeur)"
                            ),
                        });
                    }
                    None
                }
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
                "--table {}={} : `{}` est une table ou une vue du catalogue ; choisissez un autre nom",
                table.name, table.source, table.name
            )));
        }
        self.user
            .write()
            .insert(table.name, (table.source, table.provider));
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

    /// The numeric columns of the user's tables: (table, column, type), for the hint of a
    /// failed cast ([`super::hints::query_error`]).
    pub fn numeric_columns(&self) -> Vec<(String, String, String)> {
        self.user
            .read()
            .iter()
            .flat_map(|(table, (_, p))| {
                p.schema()
                    .fields()
                    .iter()
                    .filter(|f| f.data_type().is_numeric())
                    .map(|f| (table.clone(), f.name().clone(), f.data_type().to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The names of the text columns of the user's tables (for the hints of arithmetic on
    /// text).
    pub fn text_columns(&self) -> Vec<String> {
        self.user
            .read()
            .values()
            .flat_map(|(_, p)| {
                p.schema()
                    .fields()
                    .iter()
                    .filter(|f| !f.data_type().is_numeric())
                    .map(|f| f.name().clone())
                    .collect::<Vec<_>>()
            })
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
            "--table `ip` : attendu : NOM=CHEMIN (par exemple --table ip=ip_2023.csv)"
        );
        assert!(parse_spec("1x=a.csv").is_err());
    }
}
