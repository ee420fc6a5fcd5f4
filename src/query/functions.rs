//! SQL functions depbench adds to DataFusion's, so that queries write numbers for readers the
//! way the rest of depbench does ([`crate::model::format`]) instead of re-spelling it in SQL.
//!
//! - `fr_number(x, decimals)`: `x` as French text with at most `decimals` decimals, trailing
//!   zeros dropped: `fr_number(1693.0, 1)` → `1 693` (no-break space), `fr_number(2.04, 1)` →
//!   `2`, `fr_number(-12.25, 1)` → `-12,3` (halves away from zero, as Excel displays);
//!   NULL, NaN or ±inf in → NULL out.
//! - `fr_decimal(x, decimals)`: the same with exactly `decimals` decimals, as a table column
//!   shows them: `fr_decimal(15.0, 1)` → `15,0`, `fr_decimal(1693.04, 1)` → `1 693,0`.
//! - `loo_ols(make_array(y, x1, …, xk)) OVER (PARTITION BY …)`: for each row, the least-squares
//!   fit of `y` on `x1…xk` (with an intercept) over the other rows of its partition whose `y`
//!   and `x` are known — leave-one-out ([`crate::model::least_squares`]) — as a list
//!   `[expected, lower, upper, r2, n, sigma]`: the prediction at the row's `x`, its 95 %
//!   prediction interval, the R² and row count of the fit on every known row of the partition,
//!   and the leave-one-out fit's residual standard error. NULL for a row with an `x` missing or
//!   when a fit is singular (never NaN nor ±inf). Read the parts with `l[1]` … `l[6]`.
//! - `fr_unit(unit)`: the French word of a unit id for readers ([`format::unit_word`]):
//!   `fr_unit('count')` → `effectif`, `fr_unit('percent')` → `%`, `fr_unit('per_thousand')` →
//!   `‰`; an id that is no unit is returned as it is, NULL stays NULL.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Float64Array, Int64Array, ListArray, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::datatypes::Float64Type;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, PartitionEvaluator, ScalarUDF, Volatility, WindowUDF, create_udf, create_udwf,
};
use datafusion::prelude::SessionContext;

use crate::model::{format, least_squares};

/// Register depbench's SQL functions in `ctx`.
pub fn register(ctx: &SessionContext) {
    ctx.register_udf(fr_number());
    ctx.register_udf(fr_decimal());
    ctx.register_udwf(loo_ols());
    ctx.register_udf(fr_unit());
}

/// `fr_unit(VARCHAR) → VARCHAR`, see the module documentation.
fn fr_unit() -> ScalarUDF {
    create_udf(
        "fr_unit",
        vec![DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(|args: &[ColumnarValue]| {
            let scalar = matches!(args[0], ColumnarValue::Scalar(_));
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let ids = cast(&arrays[0], &DataType::Utf8)?;
            let ids = ids
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| DataFusionError::Internal("fr_unit: unit".into()))?;
            let out: StringArray = ids.iter().map(|u| u.map(format::unit_word)).collect();
            let out: ArrayRef = Arc::new(out);
            Ok(if scalar {
                ColumnarValue::Scalar(datafusion::scalar::ScalarValue::try_from_array(&out, 0)?)
            } else {
                ColumnarValue::Array(out)
            })
        }),
    )
}

/// The `List<Float64>` type of `make_array(DOUBLE, …)`.
fn f64_list() -> DataType {
    DataType::List(Arc::new(
        datafusion::arrow::datatypes::Field::new_list_field(DataType::Float64, true),
    ))
}

/// `loo_ols(LIST<DOUBLE>) OVER (…) → LIST<DOUBLE>`, see the module documentation.
fn loo_ols() -> WindowUDF {
    create_udwf(
        "loo_ols",
        f64_list(),
        Arc::new(f64_list()),
        Volatility::Immutable,
        Arc::new(|| Ok(Box::new(LooOls))),
    )
}

/// The evaluator of `loo_ols`: the whole partition at once.
#[derive(Debug)]
struct LooOls;

impl PartitionEvaluator for LooOls {
    fn evaluate_all(&mut self, values: &[ArrayRef], num_rows: usize) -> Result<ArrayRef> {
        let list = values
            .first()
            .and_then(|a| a.as_any().downcast_ref::<ListArray>())
            .ok_or_else(|| {
                DataFusionError::Plan(
                    "loo_ols : attendu une liste de nombres, make_array(y, x1, …, xk)".into(),
                )
            })?;
        let mut ys: Vec<Option<f64>> = Vec::with_capacity(num_rows);
        let mut xs: Vec<Option<Vec<f64>>> = Vec::with_capacity(num_rows);
        for i in 0..num_rows {
            if list.is_null(i) {
                ys.push(None);
                xs.push(None);
                continue;
            }
            let row = list.value(i);
            let row = as_f64(&row)?;
            let get =
                |j: usize| (row.is_valid(j) && row.value(j).is_finite()).then(|| row.value(j));
            ys.push(if row.is_empty() { None } else { get(0) });
            let x: Option<Vec<f64>> = (1..row.len()).map(get).collect();
            xs.push(x.filter(|x| !x.is_empty()));
        }
        let loo = least_squares::leave_one_out(&xs, &ys);
        let known: Vec<usize> = (0..num_rows)
            .filter(|&i| xs[i].is_some() && ys[i].is_some())
            .collect();
        let full = least_squares::fit(
            &known
                .iter()
                .map(|&i| xs[i].clone().unwrap_or_default())
                .collect::<Vec<_>>(),
            &known
                .iter()
                .map(|&i| ys[i].unwrap_or_default())
                .collect::<Vec<_>>(),
        );
        let out = ListArray::from_iter_primitive::<Float64Type, _, _>(loo.iter().map(|l| {
            let l = (*l)?;
            let f = full.as_ref()?;
            Some(vec![
                Some(l.expected),
                Some(l.lower),
                Some(l.upper),
                f.r2,
                Some(f.n as f64),
                Some(l.sigma),
            ])
        }));
        Ok(Arc::new(out))
    }
}

/// `fr_number(DOUBLE, BIGINT) → VARCHAR`, see the module documentation.
fn fr_number() -> ScalarUDF {
    french_number("fr_number", text)
}

/// `fr_decimal(DOUBLE, BIGINT) → VARCHAR`, see the module documentation.
fn fr_decimal() -> ScalarUDF {
    french_number("fr_decimal", format::number)
}

/// A `(DOUBLE, BIGINT) → VARCHAR` function named `name` writing each value with `write`.
fn french_number(name: &'static str, write: fn(f64, usize) -> String) -> ScalarUDF {
    create_udf(
        name,
        vec![DataType::Float64, DataType::Int64],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(move |args: &[ColumnarValue]| {
            let rows = args
                .iter()
                .find_map(|a| match a {
                    ColumnarValue::Array(a) => Some(a.len()),
                    ColumnarValue::Scalar(_) => None,
                })
                .unwrap_or(1);
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let values = as_f64(&arrays[0])?;
            let decimals = cast(&arrays[1], &DataType::Int64)?;
            let decimals = decimals
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| DataFusionError::Internal("fr_number: decimals".into()))?;
            let out: StringArray = (0..rows)
                .map(|i| {
                    (values.is_valid(i) && values.value(i).is_finite() && decimals.is_valid(i))
                        .then(|| write(values.value(i), decimals.value(i).clamp(0, 12) as usize))
                })
                .collect();
            let out: ArrayRef = Arc::new(out);
            Ok(
                if rows == 1 && args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_))) {
                    ColumnarValue::Scalar(datafusion::scalar::ScalarValue::try_from_array(&out, 0)?)
                } else {
                    ColumnarValue::Array(out)
                },
            )
        }),
    )
}

fn as_f64(a: &ArrayRef) -> Result<Float64Array> {
    let c = cast(a, &DataType::Float64)?;
    c.as_any()
        .downcast_ref::<Float64Array>()
        .cloned()
        .ok_or_else(|| DataFusionError::Internal("fr_number: value".into()))
}

/// `v` with at most `decimals` decimals, trailing zeros (and a bare comma) dropped.
fn text(v: f64, decimals: usize) -> String {
    let s = format::number(v, decimals);
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text column of `sql` run with depbench's functions.
    async fn texts(sql: &str) -> Vec<Option<String>> {
        let ctx = SessionContext::new();
        register(&ctx);
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let t = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        t.iter().map(|v| v.map(str::to_string)).collect()
    }

    fn some(words: &[Option<&str>]) -> Vec<Option<String>> {
        words.iter().map(|w| w.map(str::to_string)).collect()
    }

    #[tokio::test]
    async fn fr_unit_in_sql() {
        let got = texts(
            "SELECT fr_unit(u) AS t FROM (VALUES ('count'), ('percent'), ('per_thousand'), \
             ('thousand_euro'), ('pieces'), (NULL)) AS v(u)",
        )
        .await;
        let want = [
            Some("effectif"),
            Some("%"),
            Some("‰"),
            Some("milliers d'euros"),
            Some("pieces"),
            None,
        ];
        assert_eq!(got, some(&want));
    }

    #[tokio::test]
    async fn fr_number_in_sql() {
        let got = texts(
            "SELECT fr_number(x, 1) AS t FROM (VALUES (1693.0), (2.04), (-12.25), (0.5), \
             (NULL), (1234567.891)) AS v(x)",
        )
        .await;
        let want = [
            Some("1\u{a0}693"),
            Some("2"),
            Some("-12,3"),
            Some("0,5"),
            None,
            Some("1\u{a0}234\u{a0}567,9"),
        ];
        assert_eq!(got, some(&want));
    }

    #[tokio::test]
    async fn fr_decimal_keeps_its_decimals() {
        let got = texts(
            "SELECT fr_decimal(x, 1) AS t FROM (VALUES (15.0), (2.04), (1693.04), (NULL)) AS v(x)",
        )
        .await;
        let want = [Some("15,0"), Some("2,0"), Some("1\u{a0}693,0"), None];
        assert_eq!(got, some(&want));
    }
}
