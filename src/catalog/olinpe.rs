//! The OLINPE tables DataFusion sees, read from the data directory's Parquet files at each
//! scan, only the columns the query uses (projection pushed into the Parquet reader):
//! `olinpe_events` (every partition of `olinpe/evenements/*.parquet`, schema
//! [`crate::import::olinpe::events::schema`]), `olinpe_persons` (`olinpe/personnes.parquet`),
//! and what the import derives from every event held ([`crate::import::olinpe::derived`]):
//! `olinpe_measure_rows` (`olinpe/mesures.parquet`) and `olinpe_period_rows`
//! (`olinpe/prises_en_charge.parquet`), and the indicator tables computed from them
//! ([`crate::import::olinpe::indicators`]: `olinpe_stock_counts`… under
//! `olinpe/indicateurs/`, read by the views `olinpe_stock`…). Empty tables when no extract was imported, so that
//! the `olinpe_*` views always plan. Read under the data directory's shared lock, dealt into a
//! few partitions so that queries run on every core.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::TableType;
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{Error, Result};
use crate::import::olinpe::{
    EVENTS_FOLDER, EXTRACTS_FILE, MEASURES_FILE, PERIODS_FILE, PERSONS_FILE, SEQUENCES_FILE,
    derived, events, indicators, persons, rules,
};

/// Names of the OLINPE tables.
pub const TABLES: [&str; 16] = [
    "olinpe_events",
    "olinpe_extracts",
    "olinpe_persons",
    "olinpe_measure_rows",
    "olinpe_period_rows",
    "olinpe_sequence_rows",
    "olinpe_measure_types",
    "olinpe_stock_counts",
    "olinpe_family_counts",
    "olinpe_flow_counts",
    "olinpe_exit_counts",
    "olinpe_duration_counts",
    "olinpe_entry_age_counts",
    "olinpe_sequence_counts",
    "olinpe_delay_counts",
    "olinpe_placement_counts",
];

/// What each OLINPE table holds, in French (for `\d` and the table lists).
pub fn description(name: &str) -> Option<&'static str> {
    Some(match name {
        "olinpe_events" => {
            "Événements OLINPE importés (un par <DONNEE>), variables utilisées par les indicateurs typées"
        }
        "olinpe_persons" => {
            "Identifiants OLINPE (NUMANONYM) et personne suivie (union-find sur NUMANONYMANT)"
        }
        "olinpe_measure_rows" => {
            "Mesures OLINPE calculées à l'import (début, renouvellements et fin d'une décision, typées par olinpe_measure_types), lues par la vue olinpe_measures"
        }
        "olinpe_period_rows" => {
            "Prises en charge continues OLINPE calculées à l'import (écart de 0 et de 30 jours), lues par la vue olinpe_periods"
        }
        "olinpe_extracts" => {
            "Extractions OLINPE importées : fichier, département, année, nombre d'événements"
        }
        "olinpe_sequence_rows" => {
            "Parcours OLINPE de chaque personne calculé à l'import (types de mesure dans l'ordre), lu par la vue olinpe_sequences"
        }
        "olinpe_measure_types" => {
            "Classement des mesures OLINPE : (DECISION, nature, TYPINTERDOM) → type de mesure et famille DREES (la table de src/import/olinpe/rules.rs, appliquée à l'import)"
        }
        "olinpe_stock_counts" => {
            "Stock OLINPE au 31/12 calculé à l'import (mesures en cours et personnes distinctes par département, année d'extraction, type de mesure et `total`), lu par la vue olinpe_stock ; définition : queries/olinpe/reference/stock.sql"
        }
        "olinpe_family_counts" => {
            "Stock OLINPE au 31/12 par famille DREES (aed, aemo, accueil) calculé à l'import, lu par la vue olinpe_reconciliation ; définition : queries/olinpe/reference/family_stock.sql"
        }
        "olinpe_flow_counts" => {
            "Entrées et sorties OLINPE par département et année d'extraction calculées à l'import, lues par la vue olinpe_flows ; définition : queries/olinpe/reference/flows.sql"
        }
        "olinpe_exit_counts" => {
            "Sorties OLINPE par département, année et motif (MOTFININT, MOTIFML) calculées à l'import, lues par la vue olinpe_exit_reasons ; définition : queries/olinpe/reference/exit_reasons.sql"
        }
        "olinpe_duration_counts" => {
            "Durées des mesures OLINPE (Kaplan-Meier : n, en cours, médiane, quartiles, note) calculées à l'import, lues par la vue olinpe_durations ; définition : queries/olinpe/reference/durations.sql"
        }
        "olinpe_entry_age_counts" => {
            "Personnes entrées par département, année et tranche d'âge à l'entrée, calculées à l'import, lues par la vue olinpe_entry_ages ; définition : queries/olinpe/reference/entry_ages.sql"
        }
        "olinpe_sequence_counts" => {
            "Personnes par département et parcours OLINPE, calculées à l'import, lues par la vue olinpe_sequences ; définition : queries/olinpe/reference/sequences.sql"
        }
        "olinpe_delay_counts" => {
            "Délais OLINPE (n, négatifs, médiane en jours) par département, année de début et étape, calculés à l'import, lus par la vue olinpe_delays ; définition : queries/olinpe/reference/delays.sql"
        }
        "olinpe_placement_counts" => {
            "Changements de lieu d'accueil OLINPE (CHGLIEU, NBCHGLIEU, personnes passées d'un accueil à un autre) par département et année d'extraction, calculés à l'import, lus par la vue olinpe_placement_changes ; définition : queries/olinpe/reference/placement_changes.sql"
        }
        _ => return None,
    })
}

/// The schema of the OLINPE table `name` (one of [`TABLES`]), without reading any partition;
/// `None` for another name.
pub fn schema(name: &str) -> Option<SchemaRef> {
    match name {
        "olinpe_events" => Some(events::schema()),
        "olinpe_persons" => Some(persons::schema()),
        "olinpe_measure_rows" => Some(derived::measures_schema()),
        "olinpe_period_rows" => Some(derived::periods_schema()),
        "olinpe_sequence_rows" => Some(derived::sequences_schema()),
        "olinpe_extracts" => Some(derived::extracts_schema()),
        "olinpe_measure_types" => Some(measure_types_schema()),
        _ => indicators::schema(name),
    }
}

fn measure_types_schema() -> SchemaRef {
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    Arc::new(Schema::new(vec![
        Field::new("decision", DataType::Int64, false),
        Field::new("nature", DataType::Int64, false),
        Field::new("typinterdom", DataType::Int64, true),
        Field::new("measure_type", DataType::Utf8, false),
        Field::new("drees_family", DataType::Utf8, true),
        Field::new("confidence", DataType::Utf8, false),
    ]))
}

/// `olinpe_measure_types`: the rows of [`rules::MEASURE_TYPES`].
fn measure_types() -> Result<Arc<dyn TableProvider>> {
    use datafusion::arrow::array::{ArrayRef, Int64Array, StringArray};
    let t = rules::MEASURE_TYPES;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(
            t.iter()
                .map(|r| i64::from(r.decision))
                .collect::<Int64Array>(),
        ),
        Arc::new(
            t.iter()
                .map(|r| i64::from(r.nature))
                .collect::<Int64Array>(),
        ),
        Arc::new(
            t.iter()
                .map(|r| r.typinterdom.map(i64::from))
                .collect::<Int64Array>(),
        ),
        Arc::new(StringArray::from_iter_values(
            t.iter().map(|r| r.measure_type),
        )),
        Arc::new(t.iter().map(|r| r.drees_family).collect::<StringArray>()),
        Arc::new(StringArray::from_iter_values(
            t.iter().map(|r| r.confidence),
        )),
    ];
    let err = |e: &dyn std::fmt::Display| Error::Invalid(format!("olinpe_measure_types : {e}"));
    let batch = RecordBatch::try_new(measure_types_schema(), columns).map_err(|e| err(&e))?;
    let table = datafusion::catalog::MemTable::try_new(batch.schema(), vec![vec![batch]])
        .map_err(|e| err(&e))?;
    Ok(Arc::new(table))
}

/// The table `name` (one of [`TABLES`]) over `data_dir`, read at each scan.
pub fn provider(data_dir: &Path, name: &str) -> Result<Arc<dyn TableProvider>> {
    if name == "olinpe_measure_types" {
        return measure_types();
    }
    let schema =
        schema(name).ok_or_else(|| Error::Invalid(format!("table OLINPE `{name}` inconnue")))?;
    Ok(Arc::new(OlinpeTable {
        name: name.to_string(),
        schema,
        data_dir: data_dir.to_path_buf(),
    }))
}

/// One OLINPE table: its Parquet files read at each scan, only the projected columns.
#[derive(Debug)]
struct OlinpeTable {
    name: String,
    schema: SchemaRef,
    data_dir: PathBuf,
}

impl OlinpeTable {
    /// The files of the table; an error when events are held but a derived file is missing
    /// (imported by an earlier version).
    fn files(&self) -> Result<Vec<PathBuf>> {
        let dir = self.data_dir.join(EVENTS_FOLDER);
        let mut events: Vec<PathBuf> = if dir.is_dir() {
            std::fs::read_dir(&dir)
                .map_err(|e| Error::io(&dir, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
                .collect()
        } else {
            Vec::new()
        };
        events.sort();
        let single = match self.name.as_str() {
            "olinpe_events" => return Ok(events),
            "olinpe_persons" => PERSONS_FILE,
            "olinpe_measure_rows" => MEASURES_FILE,
            "olinpe_sequence_rows" => SEQUENCES_FILE,
            "olinpe_extracts" => EXTRACTS_FILE,
            "olinpe_period_rows" => PERIODS_FILE,
            name => indicators::FILES
                .iter()
                .find(|(t, _)| *t == name)
                .map(|(_, f)| *f)
                .ok_or_else(|| Error::Invalid(format!("table OLINPE `{name}` inconnue")))?,
        };
        let p = self.data_dir.join(single);
        if p.is_file() {
            Ok(vec![p])
        } else if events.is_empty() {
            Ok(Vec::new())
        } else {
            Err(Error::Invalid(format!(
                "{} absent alors que des extractions OLINPE sont importées (importées par une version antérieure de depbench ?) : réimporter les extractions",
                p.display()
            )))
        }
    }
}

#[async_trait]
impl TableProvider for OlinpeTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let external = |e: Error| DataFusionError::External(Box::new(e));
        let columns: Vec<usize> = projection
            .cloned()
            .unwrap_or_else(|| (0..self.schema.fields().len()).collect());
        let projected = Arc::new(self.schema.project(&columns)?);
        let batches = {
            let _reading = crate::import::commit::read_lock(&self.data_dir).map_err(external)?;
            let mut batches = Vec::new();
            for f in self.files().map_err(external)? {
                read_parquet(&f, &self.schema, &columns, &mut batches).map_err(external)?;
            }
            batches
        };
        let n = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new(); n];
        for (i, b) in batches.into_iter().enumerate() {
            parts[i % n].push(b);
        }
        Ok(MemorySourceConfig::try_new_exec(&parts, projected, None)?)
    }
}

/// Read the `columns` (indices in `schema`) of the Parquet file `path`, checking that the
/// file holds them with the declared types.
fn read_parquet(
    path: &Path,
    schema: &SchemaRef,
    columns: &[usize],
    out: &mut Vec<RecordBatch>,
) -> Result<()> {
    let err =
        |e: &dyn std::fmt::Display| Error::Invalid(format!("{} : parquet : {e}", path.display()));
    let stale = || {
        Error::Invalid(format!(
            "{} : colonnes OLINPE inattendues (importé par une autre version de depbench ?) : réimporter les extractions",
            path.display()
        ))
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| err(&e))?;
    if builder.schema().fields() != schema.fields() {
        return Err(stale());
    }
    // No column asked (COUNT(*)): read the first, then keep only the row counts.
    let read: Vec<usize> = if columns.is_empty() {
        vec![0]
    } else {
        columns.to_vec()
    };
    let mask = ProjectionMask::roots(builder.parquet_schema(), read.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(65_536)
        .build()
        .map_err(|e| err(&e))?;
    // The reader gives the columns in file order; put them in the order asked.
    let mut sorted = read.clone();
    sorted.sort_unstable();
    let order: Vec<usize> = columns
        .iter()
        .map(|c| sorted.iter().position(|s| s == c).expect("column read"))
        .collect();
    for b in reader {
        let b = b.map_err(|e| err(&e))?;
        out.push(b.project(&order).map_err(|e| err(&e))?);
    }
    Ok(())
}
