//! SQL functions depbench adds to DataFusion's, so that queries write numbers for readers the
//! way the rest of depbench does ([`crate::model::format`]) instead of re-spelling it in SQL.
//!
//! - `fr_number(x, decimals)`: `x` as French text with at most `decimals` decimals, trailing
//!   zeros dropped: `fr_number(1693.0, 1)` → `1 693` (no-break space), `fr_number(2.04, 1)` →
//!   `2`, `fr_number(-12.25, 1)` → `-12,3` (halves away from zero, as Excel displays);
//!   NULL, NaN or ±inf in → NULL out.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Float64Array, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::prelude::SessionContext;

use crate::model::format;

/// Register depbench's SQL functions in `ctx`.
pub fn register(ctx: &SessionContext) {
    ctx.register_udf(fr_number());
}

/// `fr_number(DOUBLE, BIGINT) → VARCHAR`, see the module documentation.
fn fr_number() -> ScalarUDF {
    create_udf(
        "fr_number",
        vec![DataType::Float64, DataType::Int64],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(|args: &[ColumnarValue]| {
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
                        .then(|| text(values.value(i), decimals.value(i).clamp(0, 12) as usize))
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

    #[tokio::test]
    async fn fr_number_in_sql() {
        let ctx = SessionContext::new();
        register(&ctx);
        let batches = ctx
            .sql(
                "SELECT fr_number(x, 1) AS t FROM (VALUES (1693.0), (2.04), (-12.25), (0.5), \
                 (NULL), (1234567.891)) AS v(x)",
            )
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let t = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let got: Vec<Option<&str>> = t.iter().collect();
        assert_eq!(
            got,
            [
                Some("1\u{a0}693"),
                Some("2"),
                Some("-12,3"),
                Some("0,5"),
                None,
                Some("1\u{a0}234\u{a0}567,9")
            ]
        );
    }
}
