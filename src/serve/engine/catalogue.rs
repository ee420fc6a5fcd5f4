//! The explorer's catalogue pages: one indicator for every département, read-only SQL and its
//! downloads, the documents. Part of the one door into the library ([`super`]).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use futures::StreamExt;

use crate::write::csv;

use super::{
    Bands, ChartKind, DocumentInfo, Explorer, ExplorerError, FigureOut, Grid, Indicator,
    MAX_COUNTED_ROWS, MAX_DOWNLOAD_ROWS, Params, Result, SqlPage, Unit, View, format, grid,
    limited, output, result_workbook, run_file,
};

impl Explorer {
    /// The indicator page's figures: map, ranking and evolution with the median and `bands`
    /// of the départements, for one indicator, the view's focus and peers, `view.year` (clamped
    /// to the indicator's years).
    pub async fn indicator_figures(
        &self,
        indicator: &str,
        view: &View,
        bands: &Bands,
    ) -> Result<(Indicator, Vec<FigureOut>)> {
        let ind = self
            .indicators
            .iter()
            .find(|i| i.id == indicator)
            .cloned()
            .ok_or_else(|| {
                ExplorerError::NotFound(format!("indicateur inconnu « {indicator} »"))
            })?;
        let unit: Unit = ind.unit.parse().unwrap_or(Unit::Ratio);
        let year = view.year.clamp(ind.first_year, ind.last_year);
        let from = (year - 10).max(ind.first_year);
        let mut params = view.params.clone();
        params
            .set("indicator", ind.id.clone())
            .set("year", year.to_string())
            .set("from", from.to_string());
        let out = limited(self.timeout, "indicateur", async {
            let mut out = Vec::new();
            for f in &self.indicator_figures {
                let mut f = f.clone();
                f.title = f.title.replace("{indicateur}", &ind.label);
                f.unit = unit;
                // The data's headers and decimals follow the indicator's unit too.
                f.units = vec![unit; f.values.len()];
                if f.chart == ChartKind::Lines {
                    if from == year {
                        continue;
                    }
                    f.subtitle = Some(bands.subtitle());
                    let mut params = params.clone();
                    params
                        .set("bands", bands.param())
                        .set("weighting", bands.weighting());
                    out.push(self.compute(&f, &params, view).await);
                    continue;
                }
                out.push(self.compute(&f, &params, view).await);
            }
            Ok(out)
        })
        .await?;
        Ok((ind, out))
    }

    /// One page of a read-only SQL statement's result (rows `offset..offset + limit`), and the
    /// number of rows (counted up to [`MAX_COUNTED_ROWS`]).
    pub async fn sql_page(&self, sql: &str, offset: usize, limit: usize) -> Result<SqlPage> {
        limited(self.timeout, "requête", async {
            let mut kept = Vec::new();
            let mut seen = 0usize;
            let mut more = false;
            let schema = self
                .each_batch(sql, |batch| {
                    let n = batch.num_rows();
                    let (start, end) = (offset.max(seen), (offset + limit).min(seen + n));
                    if start < end {
                        kept.push(batch.slice(start - seen, end - start));
                    }
                    seen += n;
                    more = seen >= MAX_COUNTED_ROWS;
                    Ok(!more)
                })
                .await?;
            Ok(SqlPage {
                grid: grid(&schema, &kept, true)?,
                total: seen,
                more,
            })
        })
        .await
    }

    /// Run the read-only statement `sql` and hand its batches, in order, to `take`, which says
    /// whether to read on (the rest of the result is then never computed). Returns the schema.
    async fn each_batch(
        &self,
        sql: &str,
        mut take: impl FnMut(RecordBatch) -> Result<bool>,
    ) -> Result<SchemaRef> {
        let df = self
            .sql_engine
            .plan(sql, &Params::default(), "requête")
            .await?;
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let mut stream = df
            .execute_stream()
            .await
            .map_err(|e| self.sql_engine.error("requête", sql, e))?;
        while let Some(batch) = stream.next().await {
            if !take(batch.map_err(|e| self.sql_engine.error("requête", sql, e))?)? {
                break;
            }
        }
        Ok(schema)
    }

    /// A read-only statement's result (at most [`MAX_DOWNLOAD_ROWS`] rows) as CSV (`csv`:
    /// `,` and decimal points; `csv-fr`: French Excel CSV), JSON or XLSX.
    pub async fn sql_export(&self, sql: &str, format: &str) -> Result<Vec<u8>> {
        limited(self.timeout, "requête", async {
            let mut batches = Vec::new();
            let mut seen = 0;
            let schema = self
                .each_batch(sql, |batch| {
                    seen += batch.num_rows();
                    batches.push(batch);
                    if seen > MAX_DOWNLOAD_ROWS {
                        return Err(ExplorerError::BadRequest(format!(
                            "résultat de plus de {MAX_DOWNLOAD_ROWS} lignes : ajoutez un LIMIT ou un filtre"
                        )));
                    }
                    Ok(true)
                })
                .await?;
            // A download goes to a spreadsheet: text cells that would run as formulas are
            // neutralised in both CSV forms (`write::csv::neutralise`).
            match format {
                "csv" => Ok(csv::to_bytes(&schema, &batches, csv::Dialect::Spreadsheet)?),
                "csv-fr" => Ok(csv::french_excel(&schema, &batches)?),
                "json" => Ok(output::render(&schema, &batches, output::Format::Json)?.into_bytes()),
                "xlsx" => result_workbook("requête", &schema, &batches),
                other => Err(ExplorerError::BadRequest(format!(
                    "format « {other} » inconnu (csv, csv-fr, json, xlsx)"
                ))),
            }
        })
        .await
    }

    /// A document's figures (with seed lines and DREES) and its actions by theme.
    pub async fn document(&self, id: &str) -> Result<(DocumentInfo, Grid, Grid)> {
        let doc = self
            .documents
            .iter()
            .find(|d| d.id == id)
            .cloned()
            .ok_or_else(|| ExplorerError::NotFound(format!("document inconnu « {id} »")))?;
        let mut p = Params::default();
        p.set("doc", doc.id.clone());
        limited(self.timeout, "document", async {
            let figures = self.french(run_file(&self.engine, "document_figures.sql", &p).await?);
            let actions = run_file(&self.engine, "plan_actions.sql", &p).await?;
            Ok((doc, figures, actions))
        })
        .await
    }

    fn french(&self, mut g: Grid) -> Grid {
        for row in &mut g.rows {
            for (text, numeric) in row.iter_mut() {
                if *numeric
                    && let Some((_, frac)) = text.split_once('.')
                    && let Ok(v) = text.parse::<f64>()
                {
                    *text = format::number(v, frac.len().min(2));
                }
            }
        }
        g
    }
}
