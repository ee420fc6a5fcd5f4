//! The editions held in the base, as `depbench check` lists them: per table and source id, the
//! edition, its years, how many values it holds and how many of them are current.

use std::collections::BTreeMap;
use std::fmt;

use crate::catalog::Catalog;
use crate::error::Result;

/// One edition held in the base, as `depbench check` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldEdition {
    /// `observations` or `population`.
    pub table: &'static str,
    pub source_id: String,
    pub edition: String,
    pub first_year: i32,
    pub last_year: i32,
    /// Values (rows of the long table).
    pub values: usize,
    /// Of which current (no newer edition holds their key).
    pub current: usize,
}

impl fmt::Display for HeldEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} édition {} ({}-{}) : {} valeurs, dont {} courantes",
            self.table,
            self.source_id,
            self.edition,
            self.first_year,
            self.last_year,
            self.values,
            self.current
        )
    }
}

/// Every edition held in `observations` and `population`, by source id.
pub fn held_editions(catalog: &Catalog) -> Result<Vec<HeldEdition>> {
    use datafusion::arrow::array::{Array, AsArray, BooleanArray};
    use datafusion::arrow::datatypes::Int32Type;
    let mut out: BTreeMap<(&'static str, String, String), HeldEdition> = BTreeMap::new();
    for table in ["observations", "population"] {
        let batch = catalog.table(table)?;
        let col = |name: &str| batch.column(batch.schema().index_of(name).expect("schema"));
        let year = col("year").as_primitive::<Int32Type>().clone();
        let edition = col("edition").as_string::<i32>().clone();
        let current = col("is_current")
            .as_any()
            .downcast_ref::<BooleanArray>()
            .expect("boolean")
            .clone();
        let source = if table == "observations" {
            Some(col("source_id").as_string::<i32>().clone())
        } else {
            None
        };
        for i in 0..batch.num_rows() {
            let id = match &source {
                Some(s) => s.value(i).to_string(),
                None => format!("insee-pop-{}", edition.value(i)),
            };
            let e = out
                .entry((table, id.clone(), edition.value(i).to_string()))
                .or_insert_with(|| HeldEdition {
                    table,
                    source_id: id,
                    edition: edition.value(i).to_string(),
                    first_year: i32::MAX,
                    last_year: i32::MIN,
                    values: 0,
                    current: 0,
                });
            e.first_year = e.first_year.min(year.value(i));
            e.last_year = e.last_year.max(year.value(i));
            e.values += 1;
            e.current += usize::from(current.is_valid(i) && current.value(i));
        }
    }
    Ok(out.into_values().collect())
}
