//! The catalogue: the committed CSV files under `data/` as Arrow tables, loaded on first use.
//!
//! A query only pays for the tables it names: [`provider::DepbenchSchema`] asks the catalogue
//! for a table when DataFusion plans a query that references it.

pub mod cache;
pub mod data_dir;
pub mod load;
pub mod olinpe;
pub mod provider;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{
    Array, AsArray, BooleanArray, Float64Builder, Int32Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{Float64Type, Int32Type, SchemaRef};

use crate::error::{Error, Result};
use crate::model::a1;
use crate::model::schema::{
    self, AGE_BANDS, LOCAL_FOLDER, POPULATION_FOLDER, SEXES, Storage, TableDef,
};
use load::{LoadOptions, read_csv};

/// The data directory: `$DEPBENCH_DATA`, else `./data` when present, else the crate's own
/// ([`data_dir::locate`]).
pub fn default_data_dir() -> PathBuf {
    data_dir::locate(None).0
}

/// Base tables loaded from a data directory, each loaded once.
#[derive(Debug)]
pub struct Catalog {
    data_dir: PathBuf,
    loaded: Mutex<HashMap<&'static str, RecordBatch>>,
}

impl Catalog {
    /// A catalogue over `data_dir` (nothing is read yet).
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Catalog {
            data_dir: data_dir.into(),
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The table `name`, loading it on first use.
    pub fn table(&self, name: &str) -> Result<RecordBatch> {
        let def = schema::table(name)
            .ok_or_else(|| Error::Invalid(format!("table inconnue `{name}`")))?;
        if let Some(b) = self.loaded.lock().expect("catalog lock").get(def.name) {
            return Ok(b.clone());
        }
        // Read under the data directory's shared lock: never while an import commits, never
        // a commit a dead run left half done (rolled forward first).
        let _reading = crate::import::commit::read_lock(&self.data_dir)?;
        let files: Vec<PathBuf> = self.files(&def)?.into_iter().map(|(p, _)| p).collect();
        // A table built from the model has no file to key a cache on: it is built each time.
        let cached = cache::dir()
            .filter(|_| def.storage != Storage::Model)
            .and_then(|d| cache::key(&d, def.name, &def.schema, &files));
        let batch = match cached.as_deref().and_then(|k| cache::read(k, &def.schema)) {
            Some(b) => b,
            None => {
                let b = self.load(&def)?;
                if let Some(k) = &cached {
                    cache::write(k, &b);
                }
                b
            }
        };
        let batch = shown_names(def.name, batch)?;
        self.loaded
            .lock()
            .expect("catalog lock")
            .insert(def.name, batch.clone());
        Ok(batch)
    }

    /// Load every table (what `depbench check` validates).
    pub fn load_all(&self) -> Result<Vec<(TableDef, RecordBatch)>> {
        // One lock for all: every table from the same state of the data directory.
        let _reading = crate::import::commit::read_lock(&self.data_dir)?;
        schema::tables()
            .into_iter()
            .map(|def| Ok((def.clone(), self.table(def.name)?)))
            .collect()
    }

    /// Files of a table, sorted, with the folder name for per-folder tables.
    pub fn files(&self, def: &TableDef) -> Result<Vec<(PathBuf, Option<String>)>> {
        let read_dir = |dir: &Path| -> Result<Vec<PathBuf>> {
            let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| Error::io(dir, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            v.sort();
            Ok(v)
        };
        Ok(match def.storage {
            Storage::File(f) => vec![(self.data_dir.join(f), None)],
            // A data folder without kits nor plans' local values has no `local/`.
            // Nor, without the context files, their folders.
            Storage::Folder(f)
                if (f == LOCAL_FOLDER || f.starts_with("context/"))
                    && !self.data_dir.join(f).is_dir() =>
            {
                Vec::new()
            }
            Storage::Folder(f) => read_dir(&self.data_dir.join(f))?
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .map(|p| (p, None))
                .collect(),
            Storage::PerFolder { folder, file } => read_dir(&self.data_dir.join(folder))?
                .into_iter()
                .filter(|p| p.join(file).is_file())
                .map(|p| {
                    let id = p.file_name().map(|n| n.to_string_lossy().into_owned());
                    (p.join(file), id)
                })
                .collect(),
            Storage::Derived => read_dir(&self.data_dir.join(POPULATION_FOLDER))?
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .map(|p| (p, None))
                .collect(),
            Storage::Model => Vec::new(),
        })
    }

    fn load(&self, def: &TableDef) -> Result<RecordBatch> {
        if def.name == "population" {
            // One wide file per Insee edition; the newest edition holding a territory-year
            // is current.
            let wide = Arc::new(schema::population_wide());
            let mut batches = Vec::new();
            for (path, _) in self.files(def)? {
                batches.push(read_csv(&path, &wide, &LoadOptions::default())?);
            }
            let all = concat(&wide, &batches)?;
            return population_long(&all, &def.schema);
        }
        if def.storage == Storage::Model {
            return local_indicators_batch(&def.schema);
        }
        let mut batches = Vec::new();
        for (path, folder) in self.files(def)? {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            batches.push(read_table_file(def, &path, folder.as_deref(), &bytes)?);
        }
        let batch = concat(&def.schema, &batches)?;
        if def.name == "observations" || def.name == "local_values" {
            return mark_current(batch);
        }
        Ok(batch)
    }
}

/// The names readers see, the one display rule over the committed data (which keep DREES's
/// text, re-imported byte for byte): territories get their official COG name
/// ([`crate::model::names::official_name`]: « Nouvelle-Aquitaine »), indicator labels and
/// definitions lose the footnote calls DREES glues to words
/// ([`crate::model::names::without_footnote_calls`]: « judiciaires1 » → « judiciaires »).
/// Other tables are returned as they are.
fn shown_names(table: &str, batch: RecordBatch) -> Result<RecordBatch> {
    use crate::model::names;
    use datafusion::arrow::array::{Array, StringArray};
    let columns: &[&str] = match table {
        "territories" => &["name"],
        "indicators" => &["label", "short_label", "definition"],
        _ => return Ok(batch),
    };
    let schema = batch.schema();
    let mut out = batch.columns().to_vec();
    for column in columns {
        let Ok(idx) = schema.index_of(column) else {
            continue;
        };
        let text = batch.column(idx).as_string::<i32>();
        let codes = (table == "territories").then(|| {
            batch
                .column(schema.index_of("code").expect("territories schema"))
                .as_string::<i32>()
                .clone()
        });
        let shown: StringArray = (0..text.len())
            .map(|i| {
                (!text.is_null(i)).then(|| match &codes {
                    Some(c) => names::official_name(c.value(i), text.value(i)).to_string(),
                    None => names::without_footnote_calls(text.value(i)),
                })
            })
            .collect();
        out[idx] = Arc::new(shown);
    }
    RecordBatch::try_new(schema, out).map_err(|e| Error::Arrow {
        context: format!("noms affichés de la table {table}"),
        source: e,
    })
}

/// Parse one file of table `def` as the catalogue does: `doc_id` from the folder name of
/// per-folder tables, `is_current` computed later, `value_text` the raw text of `value`.
pub fn read_table_file(
    def: &TableDef,
    path: &Path,
    folder: Option<&str>,
    bytes: &[u8],
) -> Result<RecordBatch> {
    with_table_options(folder, |opts| {
        load::read_csv_bytes(path, bytes, &def.schema, opts)
    })
}

/// As [`read_table_file`], collecting every bad row (with its file line) instead of stopping at
/// the first: `depbench check` reports them all.
pub fn read_table_file_all(
    def: &TableDef,
    path: &Path,
    folder: Option<&str>,
    bytes: &[u8],
) -> Result<load::Loaded> {
    with_table_options(folder, |opts| {
        load::read_csv_all(path, bytes, &def.schema, opts)
    })
}

/// The load options of a catalogue table file: `doc_id` from the folder of per-folder tables,
/// `is_current` computed later, `value_text` the raw text of `value`.
fn with_table_options<T>(folder: Option<&str>, read: impl FnOnce(&LoadOptions) -> T) -> T {
    let constants = folder
        .map(|f| vec![("doc_id", f.to_string())])
        .unwrap_or_default();
    read(&LoadOptions {
        constants: &constants,
        computed: &["is_current"],
        aliases: &[("value_text", "value")],
    })
}

fn concat(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<RecordBatch> {
    concat_batches(schema, batches).map_err(|e| Error::Arrow {
        context: "assemblage des fichiers de la table".into(),
        source: e,
    })
}

/// Mark, for each territory, indicator and year, the row of the newest edition as current;
/// older editions stay as vintages.
fn mark_current(batch: RecordBatch) -> Result<RecordBatch> {
    let col =
        |name: &str| batch.column(batch.schema().index_of(name).expect("observations schema"));
    let territory = col("territory").as_string::<i32>();
    let indicator = col("indicator").as_string::<i32>();
    let year = col("year").as_primitive::<Int32Type>();
    let edition = col("edition").as_string::<i32>();
    let source_ref = col("source_ref").as_string::<i32>();
    // Within one edition a workbook (`sheet!cell`) is the publication itself and outranks its
    // tidy CSV conversion (`line N`). A local value a document prints again with another
    // number (`conflicting`) is kept and never current.
    let status = col("status").as_string::<i32>();
    let rank = |i: usize| {
        (
            status.value(i) != crate::model::local::LOCAL_CONFLICTING,
            edition.value(i),
            source_ref.value(i).contains('!'),
        )
    };
    let mut newest: HashMap<(&str, &str, i32), usize> = HashMap::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        let key = (territory.value(i), indicator.value(i), year.value(i));
        newest
            .entry(key)
            .and_modify(|j| {
                if rank(i) > rank(*j) {
                    *j = i;
                }
            })
            .or_insert(i);
    }
    let mut current = vec![false; batch.num_rows()];
    for i in newest.into_values() {
        current[i] = true;
    }
    let idx = batch
        .schema()
        .index_of("is_current")
        .expect("observations schema");
    let mut columns = batch.columns().to_vec();
    columns[idx] = Arc::new(BooleanArray::from(current));
    RecordBatch::try_new(batch.schema(), columns).map_err(|e| Error::Arrow {
        context: "choix des éditions courantes".into(),
        source: e,
    })
}

/// The `local_indicators` table from the model's declaration
/// ([`crate::model::local::LOCAL_INDICATORS`]).
fn local_indicators_batch(schema: &SchemaRef) -> Result<RecordBatch> {
    use datafusion::arrow::array::{ArrayRef, StringArray};
    let all = &crate::model::local::LOCAL_INDICATORS;
    let text = |f: &dyn Fn(&crate::model::local::LocalIndicator) -> Option<&'static str>| {
        Arc::new(all.iter().map(f).collect::<StringArray>()) as ArrayRef
    };
    RecordBatch::try_new(
        schema.clone(),
        vec![
            text(&|i| Some(i.id)),
            text(&|i| Some(i.label)),
            text(&|i| Some(i.short_label)),
            text(&|i| Some(i.unit.id())),
            text(&|i| Some(i.definition)),
            text(&|i| Some(i.ages).filter(|a| !a.is_empty())),
            text(&|i| i.population),
            text(&|i| i.drees),
        ],
    )
    .map_err(|e| Error::Arrow {
        context: "construction de la table des indicateurs locaux".into(),
        source: e,
    })
}

/// Unpivot the wide population file (one column per sex × band) into the long table.
fn population_long(wide: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch> {
    let n = wide.num_rows() * SEXES.len() * AGE_BANDS.len();
    let mut territory = StringBuilder::with_capacity(n, n * 3);
    let mut year = Int32Builder::with_capacity(n);
    let mut date = StringBuilder::with_capacity(n, n * 10);
    let mut sex = StringBuilder::with_capacity(n, n * 7);
    let mut band = StringBuilder::with_capacity(n, n * 5);
    let mut count = Float64Builder::with_capacity(n);
    let mut source = StringBuilder::with_capacity(n, n * 10);
    let terr = wide.column(0).as_string::<i32>();
    let years = wide.column(1).as_primitive::<Int32Type>();
    let editions = wide.column(2).as_string::<i32>();
    let refs = wide.column(3).as_string::<i32>();
    let mut newest: HashMap<(&str, i32), usize> = HashMap::with_capacity(wide.num_rows());
    for r in 0..wide.num_rows() {
        newest
            .entry((terr.value(r), years.value(r)))
            .and_modify(|j| {
                if editions.value(r) > editions.value(*j) {
                    *j = r;
                }
            })
            .or_insert(r);
    }
    let current_rows: std::collections::HashSet<usize> = newest.into_values().collect();
    let mut edition = StringBuilder::with_capacity(n, n * 4);
    let mut is_current = datafusion::arrow::array::BooleanBuilder::with_capacity(n);
    for r in 0..wide.num_rows() {
        // `2022!C6:BM6` → sheet `2022`, row 6 (0-based 5).
        let (sheet, cells) = refs.value(r).split_once('!').unwrap_or(("", ""));
        let row: u32 = cells
            .split(':')
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap_or(1);
        for (s, sx) in SEXES.iter().enumerate() {
            for (b, bd) in AGE_BANDS.iter().enumerate() {
                let c = 4 + s * AGE_BANDS.len() + b;
                let values = wide.column(c).as_primitive::<Float64Type>();
                territory.append_value(terr.value(r));
                year.append_value(years.value(r));
                date.append_value(format!("{}-01-01", years.value(r)));
                sex.append_value(sx);
                band.append_value(bd);
                if values.is_null(r) {
                    count.append_null();
                } else {
                    count.append_value(values.value(r));
                }
                source.append_value(format!("{sheet}!{}", a1(row - 1, (c - 2) as u32)));
                edition.append_value(editions.value(r));
                is_current.append_value(current_rows.contains(&r));
            }
        }
    }
    RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(territory.finish()),
            Arc::new(year.finish()),
            Arc::new(date.finish()),
            Arc::new(sex.finish()),
            Arc::new(band.finish()),
            Arc::new(count.finish()),
            Arc::new(source.finish()),
            Arc::new(edition.finish()),
            Arc::new(is_current.finish()),
        ],
    )
    .map_err(|e| Error::Arrow {
        context: "construction de la table de population".into(),
        source: e,
    })
}
