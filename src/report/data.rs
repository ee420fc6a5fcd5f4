//! A figure's data as it leaves beside its chart — `donnees/*.csv` and the data sheets of a
//! report, `depbench chart`'s `fig.csv` and `fig.xlsx`, the explorer's downloads — in one shape:
//! French headers with units ([`super::figure_headers`]), value columns rounded to the
//! figure's decimals plus one (the chart shows `8,4`, the data say `8,38`; query results keep
//! every digit), time series wide (one row per territory, one column per year, as Excel users
//! chart them) and, when the chart marks flagged values (⚑), a last column `Signalement` giving
//! each row's flags.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use crate::bench::figure::{ChartKind, Figure};
use crate::error::{Error, Result};
use crate::query::rows::Rows;
use crate::render::model::FLAG_SIGN;

/// Header of the column of a wide time series naming what its values are (`Taux (‰)`).
pub const MEASURE: &str = "Mesure";
/// Header of the last column, giving the flags (⚑) of the row's territory.
pub const FLAGS: &str = "Signalement";

/// A figure's data ready to write: columns named with their French headers, and the number
/// of decimals of each column (`None`: not a figure value, written as it is).
#[derive(Debug, Clone)]
pub struct FigureData {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub decimals: Vec<Option<usize>>,
}

/// The decimals figure data carry for value column `i`: the chart's (`decimals:`, else the
/// unit's default) plus one.
pub fn data_decimals(fig: &Figure, i: usize) -> usize {
    let unit = fig.units.get(i).copied().unwrap_or(fig.unit);
    fig.decimals_of(i)
        .unwrap_or_else(|| unit.default_decimals())
        + 1
}

/// `v` rounded to `decimals` decimals (half away from zero), non-finite values as NULL.
pub fn round(v: f64, decimals: usize) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    let p = 10f64.powi(decimals as i32);
    let r = (v * p).round() / p;
    r.is_finite().then_some(r)
}

/// The data of `fig`'s result (`schema`, `batches`, French `headers` in schema order) as it
/// leaves beside the chart. `notes` are the chart's footnotes: those of flags (`⚑ Hérault, …`)
/// fill the `Signalement` column of their territory's rows (by the row's label, as the chart
/// marks it). Errors only when Arrow refuses a column (never for a figure's own result).
pub fn figure_data(
    fig: &Figure,
    headers: &[String],
    schema: &SchemaRef,
    batches: &[RecordBatch],
    notes: &[String],
) -> Result<FigureData> {
    let err = |e: datafusion::arrow::error::ArrowError| {
        Error::Render(format!("{}: {e}", fig.path.display()))
    };
    let rows = Rows::new(schema.clone(), batches.to_vec());
    let flags: Vec<&str> = notes
        .iter()
        .map(String::as_str)
        .filter(|n| n.starts_with(FLAG_SIGN))
        .collect();
    let flags_of = |label: &str| -> Option<String> {
        let prefix = format!("{FLAG_SIGN} {label},");
        let mine: Vec<&str> = flags
            .iter()
            .copied()
            .filter(|n| n.starts_with(&prefix))
            .collect();
        (!mine.is_empty()).then(|| mine.join(" "))
    };
    let wide = fig.chart == ChartKind::Lines
        && fig
            .series
            .as_deref()
            .is_some_and(|s| schema.index_of(s).is_ok())
        && fig
            .code
            .as_deref()
            .is_some_and(|c| schema.index_of(c).is_ok());
    let (mut fields, mut columns, mut decimals): (Vec<Field>, Vec<ArrayRef>, Vec<Option<usize>>) =
        (Vec::new(), Vec::new(), Vec::new());
    let labels: Vec<String> = if wide {
        let code = fig.code.as_deref().unwrap_or_default();
        let x = fig.series.as_deref().unwrap_or_default();
        let value = &fig.values[0];
        let header_of = |name: &str| {
            schema
                .index_of(name)
                .ok()
                .and_then(|i| headers.get(i).cloned())
                .unwrap_or_else(|| super::xlsx::header(name))
        };
        // Territories in the order of the result, years ascending.
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut years: Vec<i64> = Vec::new();
        for r in 0..rows.len() {
            let k = (
                rows.text(code, r).unwrap_or_default(),
                rows.text(&fig.category, r).unwrap_or_default(),
            );
            if !keys.contains(&k) {
                keys.push(k);
            }
            if let Some(y) = rows.int(x, r)
                && !years.contains(&y)
            {
                years.push(y);
            }
        }
        years.sort_unstable();
        let d = data_decimals(fig, 0);
        fields.push(Field::new(header_of(code), DataType::Utf8, true));
        columns.push(Arc::new(StringArray::from_iter_values(
            keys.iter().map(|(c, _)| c.as_str()),
        )));
        fields.push(Field::new(header_of(&fig.category), DataType::Utf8, true));
        columns.push(Arc::new(StringArray::from_iter_values(
            keys.iter().map(|(_, n)| n.as_str()),
        )));
        fields.push(Field::new(MEASURE, DataType::Utf8, true));
        let measure = header_of(value);
        columns.push(Arc::new(StringArray::from_iter_values(
            keys.iter().map(|_| measure.as_str()),
        )));
        decimals.extend([None, None, None]);
        for y in &years {
            let cells: Float64Array = keys
                .iter()
                .map(|(c, _)| {
                    (0..rows.len())
                        .find(|&r| {
                            rows.text(code, r).as_deref() == Some(c.as_str())
                                && rows.int(x, r) == Some(*y)
                        })
                        .and_then(|r| rows.number(value, r))
                        .and_then(|v| round(v, d))
                })
                .collect();
            fields.push(Field::new(y.to_string(), DataType::Float64, true));
            columns.push(Arc::new(cells));
            decimals.push(Some(d - 1));
        }
        keys.into_iter().map(|(_, n)| n).collect()
    } else {
        let batch = concat_batches(schema, batches).map_err(err)?;
        // A table's text columns that only fill its title, subtitle, headers or lecture
        // (`{rang_taux_rsa}`, `{attendu_txt}`) are said there: its data is the table as shown.
        let said_in_texts = |name: &str| {
            fig.chart == ChartKind::Table
                && name != fig.category
                && fig.code.as_deref() != Some(name)
                && !fig.values.iter().any(|v| v == name)
                && text_placeholders(fig).contains(&name)
        };
        for (i, field) in schema.fields().iter().enumerate() {
            if said_in_texts(field.name()) {
                continue;
            }
            let header = headers
                .get(i)
                .cloned()
                .unwrap_or_else(|| field.name().clone());
            let value = fig.values.iter().position(|v| v == field.name());
            let column = batch.column(i).clone();
            match value {
                Some(v) if field.data_type().is_floating() => {
                    let d = data_decimals(fig, v);
                    let rounded: Float64Array = (0..batch.num_rows())
                        .map(|r| rows.number(field.name(), r).and_then(|x| round(x, d)))
                        .collect();
                    fields.push(Field::new(header, DataType::Float64, true));
                    columns.push(Arc::new(rounded));
                    decimals.push(Some(d - 1));
                }
                Some(v) => {
                    fields.push(field.as_ref().clone().with_name(header));
                    columns.push(column);
                    decimals.push(Some(data_decimals(fig, v) - 1));
                }
                None => {
                    fields.push(field.as_ref().clone().with_name(header));
                    columns.push(column);
                    decimals.push(None);
                }
            }
        }
        (0..rows.len())
            .map(|r| rows.text(&fig.category, r).unwrap_or_default())
            .collect()
    };
    if !flags.is_empty() {
        fields.push(Field::new(FLAGS, DataType::Utf8, true));
        columns.push(Arc::new(
            labels.iter().map(|l| flags_of(l)).collect::<StringArray>(),
        ));
        decimals.push(None);
    }
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(err)?;
    Ok(FigureData {
        schema,
        batches: vec![batch],
        decimals,
    })
}

/// `data` (the [`figure_data`] of `fig`'s result `schema`, `batches`, French `headers`) as
/// text to read on a page, for a figure with a `-- secret:` column: its value columns in French
/// (`1 147`), « s » for a missing value of a row under statistical secret, «n.d.» for another
/// missing value, and the secret column empty or « s » (never «n.d.»). Other figures' data
/// are returned as they are.
pub fn secret_as_text(
    fig: &Figure,
    headers: &[String],
    schema: &SchemaRef,
    batches: &[RecordBatch],
    data: FigureData,
) -> Result<FigureData> {
    let Some(column) = crate::bench::secret::column(fig) else {
        return Ok(data);
    };
    let Ok(at) = schema.index_of(column) else {
        return Ok(data);
    };
    let rows = Rows::new(schema.clone(), batches.to_vec());
    let secret: Vec<bool> = (0..rows.len())
        .map(|r| crate::bench::secret::row(fig, &rows, r))
        .collect();
    let secret_header = headers
        .get(at)
        .cloned()
        .unwrap_or_else(|| column.to_string());
    let batch = concat_batches(&data.schema, &data.batches)
        .map_err(|e| Error::Render(format!("{}: {e}", fig.path.display())))?;
    if batch.num_rows() != secret.len() {
        return Ok(data);
    }
    let shown = Rows::new(data.schema.clone(), vec![batch.clone()]);
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (i, f) in data.schema.fields().iter().enumerate() {
        if f.name() == &secret_header {
            let cells: StringArray = (0..secret.len())
                .map(|r| {
                    Some(if secret[r] {
                        crate::model::format::SECRET
                    } else {
                        ""
                    })
                })
                .collect();
            fields.push(Field::new(f.name(), DataType::Utf8, true));
            columns.push(Arc::new(cells));
        } else if f.data_type().is_numeric() && data.decimals.get(i).is_some_and(Option::is_some) {
            let cells: StringArray = (0..secret.len())
                .map(|r| {
                    Some(match shown.number(f.name(), r) {
                        Some(v) => crate::write::Value::Float(v).french_text(),
                        None if secret[r] => crate::model::format::SECRET.to_string(),
                        None => crate::model::format::NOT_AVAILABLE.to_string(),
                    })
                })
                .collect();
            fields.push(Field::new(f.name(), DataType::Utf8, true));
            columns.push(Arc::new(cells));
        } else {
            fields.push(f.as_ref().clone());
            columns.push(batch.column(i).clone());
        }
    }
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| Error::Render(format!("{}: {e}", fig.path.display())))?;
    Ok(FigureData {
        schema,
        batches: vec![batch],
        decimals: data.decimals,
    })
}

/// Column names a figure's texts fill (`{name}` in title, subtitle, headers, axis, lecture,
/// note and section note), in order of first appearance.
fn text_placeholders(fig: &Figure) -> Vec<&str> {
    let texts = [&fig.title]
        .into_iter()
        .chain(&fig.subtitle)
        .chain(&fig.headers)
        .chain(&fig.axis)
        .chain(&fig.lecture)
        .chain(&fig.note)
        .chain(&fig.section_note);
    let mut names = Vec::new();
    for text in texts {
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let Some(close) = rest.find('}') else { break };
            let name = &rest[..close];
            if !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !names.contains(&name)
            {
                names.push(name);
            }
            rest = &rest[close + 1..];
        }
    }
    // `{focus}`, `{Focus}` and `{focus_in}` name the focus from its `territory_name` column
    // (`lecture::own_sentence`).
    if names
        .iter()
        .any(|n| matches!(*n, "focus" | "Focus" | "focus_in"))
    {
        names.push("territory_name");
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_one_more_decimal_than_the_chart() {
        assert_eq!(round(8.380881653060264, 2), Some(8.38));
        assert_eq!(round(-22.6548, 2), Some(-22.65));
        assert_eq!(round(2362.0, 1), Some(2362.0));
        assert_eq!(round(f64::NAN, 2), None);
        assert_eq!(
            crate::write::raw_number(round(8.380881653060264, 2).unwrap()),
            "8.38"
        );
    }
}
