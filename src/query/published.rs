//! The published session (the explorer's SQL page, `/api/query`, `/sql/download`, its table
//! listing): the catalogue without the raw OLINPE data. OLINPE extracts are personal data
//! (pseudonymised individual rows, CASF D226-3-x) and their raw indicator views hold the small
//! cells the published outputs show as « s » (docs/olinpe.md, « Secret statistique »); they
//! stay with the data's owner (`depbench query`, the shell), which keep the full session.
//!
//! The session simply does not contain them: its `public` schema ([`PublishedSchema`]) lists
//! and resolves every non-OLINPE table and view of the catalogue, and of OLINPE only the
//! published views (`olinpe_*_public`) and the reference table `olinpe_measure_types` (the
//! classification of measure codes, no person in it). A published view is handed over as a
//! table computed through the full session (`DataFrame::into_view`): its plan was resolved
//! there, so no raw table name can be resolved in this one, whatever the spelling (upper case,
//! quotes, `datafusion.public.…`), the nesting (CTE, subquery, UNION) or the listing
//! (`information_schema`, `SHOW TABLES`). A statement naming a raw OLINPE table is refused
//! before planning with [`refusal`] (HTTP 403 in the explorer); `EXPLAIN ANALYZE` and
//! `EXPLAIN VERBOSE`, whose row counts and statistics of the inner operators would give the
//! counts a published view hides, are refused too.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use datafusion::catalog::{SchemaProvider, TableProvider};
use datafusion::error::Result as DfResult;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use tokio::sync::OnceCell;

use crate::error::{Error, Result};

/// The explorer's own reference table of OLINPE that holds no person: the measure codes'
/// classification (`import::olinpe::rules`).
const REFERENCE_TABLES: [&str; 1] = ["olinpe_measure_types"];

/// Whether `name` (any case) is an OLINPE table or view: every name starting with `olinpe`,
/// including those added later (`olinpe_*_counts`…).
pub fn is_olinpe(name: &str) -> bool {
    name.to_ascii_lowercase().starts_with("olinpe")
}

/// Whether the published session may read table or view `name`: any non-OLINPE name; of
/// OLINPE, the published views `olinpe_*_public` and the reference tables (names compared
/// exactly: a quoted `"OLINPE_STOCK_PUBLIC"` is no view).
pub fn readable(name: &str) -> bool {
    !is_olinpe(name)
        || (name.starts_with("olinpe_") && name.ends_with("_public"))
        || REFERENCE_TABLES.contains(&name)
}

/// The French refusal of a raw OLINPE table or view `name` read from `context`.
pub fn refusal(context: &str, name: &str) -> Error {
    Error::Refused(format!(
        "{context} : `{name}` est une table ou une vue OLINPE brute (données individuelles \
         pseudonymisées ou effectifs avant secret statistique) : elle reste locale, pour le \
         propriétaire des données (`depbench query`, le shell) ; l'explorateur ne lit que les \
         vues diffusables `olinpe_*_public` (les effectifs de moins de 5 personnes y sont en « s »)"
    ))
}

/// The OLINPE names a view's SQL reads that the published session may not (`olinpe_stock` in
/// a view `my_summary`): such a view is as raw as its table.
pub fn raw_names_in(sql: &str) -> Vec<String> {
    let lower = sql.to_ascii_lowercase();
    let mut out = BTreeSet::new();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("olinpe") {
        let before_ok = lower.len() - rest.len() + at == 0
            || !rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let word: String = rest[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        rest = &rest[at + word.len()..];
        if before_ok && !readable(&word) {
            out.insert(word);
        }
    }
    out.into_iter().collect()
}

/// Refuse the planned statement `plan` of the published session when it is an
/// `EXPLAIN ANALYZE` (row counts of every operator, a published view's hidden cells among
/// them) or an `EXPLAIN VERBOSE` (statistics of the raw tables).
pub fn check_plan(plan: &LogicalPlan, context: &str) -> Result<()> {
    let what = match plan {
        LogicalPlan::Analyze(_) => "EXPLAIN ANALYZE",
        LogicalPlan::Explain(e) if e.verbose => "EXPLAIN VERBOSE",
        _ => return Ok(()),
    };
    Err(Error::Refused(format!(
        "{context} : `{what}` n'est pas permis dans l'explorateur : les comptes de lignes de \
         chaque étape redonneraient des effectifs que le secret statistique cache ; \
         utilisez `EXPLAIN` seul, ou `depbench query` en local"
    )))
}

/// A table or view of the published session once built.
type Built = Arc<OnceCell<Arc<dyn TableProvider>>>;

/// The published session's `public` schema: the catalogue's (`inner`) less the raw OLINPE
/// names, the published OLINPE views computed through the full session (`full`).
pub struct PublishedSchema {
    inner: Arc<dyn SchemaProvider>,
    full: SessionContext,
    /// Non-OLINPE views that read a raw OLINPE name, hidden like it.
    tainted: BTreeSet<String>,
    built: Mutex<BTreeMap<String, Built>>,
}

impl std::fmt::Debug for PublishedSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishedSchema")
            .field("tainted", &self.tainted)
            .finish()
    }
}

impl PublishedSchema {
    /// The published schema over the full session's schema `inner` and session `full`;
    /// `views` (name, SQL) are the catalogue's views, those reading a raw OLINPE name hidden.
    pub fn new(
        inner: Arc<dyn SchemaProvider>,
        full: SessionContext,
        views: &[(String, String)],
    ) -> Self {
        let tainted = views
            .iter()
            .filter(|(name, sql)| !is_olinpe(name) && !raw_names_in(sql).is_empty())
            .map(|(name, _)| name.clone())
            .collect();
        PublishedSchema {
            inner,
            full,
            tainted,
            built: Mutex::new(BTreeMap::new()),
        }
    }

    /// Whether this schema holds `name`.
    pub fn visible(&self, name: &str) -> bool {
        readable(name) && !self.tainted.contains(name)
    }
}

#[async_trait]
impl SchemaProvider for PublishedSchema {
    fn table_names(&self) -> Vec<String> {
        self.inner
            .table_names()
            .into_iter()
            .filter(|n| self.visible(n))
            .collect()
    }

    async fn table(&self, name: &str) -> DfResult<Option<Arc<dyn TableProvider>>> {
        if !self.visible(name) || !self.inner.table_exist(name) {
            return Ok(None);
        }
        if !is_olinpe(name) {
            return self.inner.table(name).await;
        }
        let cell = self
            .built
            .lock()
            .expect("published schema lock")
            .entry(name.to_string())
            .or_default()
            .clone();
        let provider: &Arc<dyn TableProvider> = cell
            .get_or_try_init::<datafusion::error::DataFusionError, _, _>(|| async {
                let df = self.full.table(name).await?;
                Ok(df.into_view())
            })
            .await?;
        Ok(Some(provider.clone()))
    }

    fn table_exist(&self, name: &str) -> bool {
        self.visible(name) && self.inner.table_exist(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_published_views_and_reference_tables_of_olinpe_are_readable() {
        for name in [
            "olinpe_stock_public",
            "olinpe_sequences_public",
            "olinpe_measure_types",
            "territories",
            "rates",
        ] {
            assert!(readable(name), "{name}");
        }
        for name in [
            "olinpe_events",
            "olinpe_persons",
            "olinpe_measure_rows",
            "olinpe_stock",
            "olinpe_stock_counts",
            "OLINPE_EVENTS",
            "OLINPE_STOCK_PUBLIC",
            "olinpe",
            "olinpeevents",
        ] {
            assert!(!readable(name), "{name}");
        }
    }

    #[test]
    fn raw_names_read_by_a_view_are_found_in_any_case() {
        assert_eq!(
            raw_names_in("SELECT * FROM OLINPE_Stock s JOIN olinpe_stock_public p USING (year)"),
            vec!["olinpe_stock".to_string()]
        );
        assert!(raw_names_in("SELECT * FROM olinpe_flows_public").is_empty());
        assert!(raw_names_in("SELECT no_olinpe_here FROM t").is_empty());
    }
}
