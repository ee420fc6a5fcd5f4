//! The limits every query runs within, wherever it comes from (`depbench query`, the shell, the
//! explorer's API, SQL page and figures):
//!
//! - **time** ([`within`]): a query past its time limit, or stopped with Ctrl-C, ends with
//!   [`Error::Stopped`] and a French message; the explorer's 20 s and `query --timeout` are
//!   this one function;
//! - **values built** ([`register`]): DataFusion's memory pool counts what sorts, joins and
//!   aggregates hold, not the values a function builds (apache/datafusion#12919:
//!   `repeat('x', 2000000000)` allocated 7,9 GB under a 2 GB limit). Every function that can
//!   build a value much larger than its inputs (`repeat`, `lpad`, `rpad`, `concat`,
//!   `concat_ws`, `||`, `replace`, `regexp_replace`, `overlay`, `array_repeat`,
//!   `array_resize`, `array_concat`, `array_to_string`, `range`, `generate_series`) estimates
//!   the bytes it would build from its arguments before building anything, and refuses above
//!   [`MAX_BUILT_BYTES`] per batch of rows with [`ValueTooLarge`] (a French message naming
//!   the function). What it built is checked against the same bound afterwards.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::{
    BinaryExpr, ColumnarValue, Expr, LogicalPlan, Operator, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility,
};
use datafusion::optimizer::AnalyzerRule;
use datafusion::prelude::SessionContext;
use datafusion::scalar::ScalarValue;

use crate::error::{Error, Result};
use crate::model::format;

/// Most bytes one call of a value-building function may build for one batch of rows (8 192
/// rows): 64 MiB. A query's real values are a few dozen bytes.
pub const MAX_BUILT_BYTES: usize = 64 << 20;

/// The functions bounded by [`MAX_BUILT_BYTES`], by DataFusion name (aliases follow).
pub const BOUNDED_FUNCTIONS: [&str; 16] = [
    "repeat",
    "lpad",
    "rpad",
    "concat",
    "concat_ws",
    "replace",
    "regexp_replace",
    "overlay",
    "array_repeat",
    "array_resize",
    "array_concat",
    "array_append",
    "array_prepend",
    "array_to_string",
    "range",
    "generate_series",
];

/// A function refused to build a value larger than [`MAX_BUILT_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTooLarge {
    /// The SQL function (`repeat`, `||`…).
    pub function: String,
    /// Bytes it would have built (an estimate from its arguments, or what it built).
    pub bytes: u128,
}

impl std::fmt::Display for ValueTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} : valeur trop grande refusée (environ {} octets à construire, au plus {} par lot de lignes) ; \
             réduisez la taille demandée (repeat, lpad, rpad, concat, ||, array_repeat, range, generate_series…)",
            self.function,
            format::number(self.bytes as f64, 0),
            format::number(MAX_BUILT_BYTES as f64, 0),
        )
    }
}

impl std::error::Error for ValueTooLarge {}

/// The [`ValueTooLarge`] at the root of a DataFusion error, if that is what it is.
pub fn value_too_large(e: &DataFusionError) -> Option<&ValueTooLarge> {
    match e.find_root() {
        DataFusionError::External(inner) => inner.downcast_ref::<ValueTooLarge>(),
        _ => None,
    }
}

fn too_large(function: &str, bytes: u128) -> DataFusionError {
    DataFusionError::External(Box::new(ValueTooLarge {
        function: function.to_string(),
        bytes,
    }))
}

/// Run `fut` within `limit` (when given) and until Ctrl-C (when `interrupt` is true); past
/// the limit or on Ctrl-C the future is dropped, which stops the query (its streams end with
/// it), and the error is [`Error::Stopped`]: « {what} : délai de 20 s dépassé ; la requête a
/// été interrompue » or « {what} : interrompue (Ctrl-C) ».
pub async fn within<T, E: From<Error>>(
    limit: Option<Duration>,
    interrupt: bool,
    what: &str,
    fut: impl Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, E> {
    let timeout = async {
        match limit {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
    };
    let ctrl_c = async {
        if interrupt && ctrl_c::watch() {
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if ctrl_c::taken() {
                    return;
                }
            }
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        r = fut => r,
        () = timeout => Err(Error::Stopped(format!(
            "{what} : délai de {} dépassé ; la requête a été interrompue",
            duration_text(limit.unwrap_or_default())
        ))
        .into()),
        () = ctrl_c => Err(Error::Stopped(format!("{what} : interrompue (Ctrl-C)")).into()),
    }
}

/// Ctrl-C (SIGINT) as a flag: once [`watch`](ctrl_c::watch) has installed the handler, the
/// signal no longer ends the process; [`within`] polls the flag.
mod ctrl_c {
    use std::sync::atomic::{AtomicBool, Ordering};

    static PRESSED: AtomicBool = AtomicBool::new(false);

    /// Install the handler (once) and forget an earlier Ctrl-C; false where it cannot be.
    #[cfg(unix)]
    pub fn watch() -> bool {
        static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        const SIGINT: std::os::raw::c_int = 2;
        let ok = *INSTALLED.get_or_init(|| {
            // SAFETY: the action only stores to an atomic, which is async-signal-safe.
            unsafe {
                signal_hook_registry::register(SIGINT, || PRESSED.store(true, Ordering::SeqCst))
            }
            .is_ok()
        });
        PRESSED.store(false, Ordering::SeqCst);
        ok
    }

    #[cfg(not(unix))]
    pub fn watch() -> bool {
        false
    }

    /// Whether Ctrl-C was pressed since the last call.
    pub fn taken() -> bool {
        PRESSED.swap(false, Ordering::SeqCst)
    }
}

/// `20 s`, `1 min 30 s`, `50 ms`.
pub fn duration_text(d: Duration) -> String {
    let s = d.as_secs();
    if s == 0 {
        format!("{} ms", d.as_millis())
    } else if s >= 60 && !s.is_multiple_of(60) {
        format!("{} min {} s", s / 60, s % 60)
    } else if s >= 60 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// Parse a duration as `--timeout` takes it: `30s`, `500ms`, `2m`, `1h`, or seconds (`30`).
pub fn parse_duration(text: &str) -> Result<Duration> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let bad = || {
        Error::Invalid(format!(
            "durée « {text} » illisible : écrivez par exemple 30s, 500ms, 2m ou 1h"
        ))
    };
    let n: u64 = n.parse().map_err(|_| bad())?;
    let d = match unit.trim() {
        "" | "s" => Duration::from_secs(n),
        "ms" => Duration::from_millis(n),
        "m" | "min" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err(bad()),
    };
    if d.is_zero() {
        return Err(Error::Invalid(format!(
            "durée « {text} » : une durée de plus de zéro est attendue"
        )));
    }
    Ok(d)
}

/// Bound every value-building function of `ctx`'s plans (see the module documentation).
pub fn register(ctx: &SessionContext) {
    ctx.add_analyzer_rule(Arc::new(BoundValues));
}

/// Analyzer rule: every call of a [`BOUNDED_FUNCTIONS`] function becomes its [`Bounded`]
/// version, and `a || b` on text becomes [`ConcatOp`] (same name, same result).
#[derive(Debug)]
struct BoundValues;

impl AnalyzerRule for BoundValues {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> DfResult<LogicalPlan> {
        let out = plan.transform_up_with_subqueries(|plan| {
            let preserver = NamePreserver::new(&plan);
            let t = plan.map_expressions(|expr| {
                let name = preserver.save(&expr);
                let t = expr.transform_up(bound_expr)?;
                Ok(t.update_data(|e| name.restore(e)))
            })?;
            if t.transformed {
                t.map_data(|p| p.recompute_schema())
            } else {
                Ok(t)
            }
        })?;
        Ok(out.data)
    }

    fn name(&self) -> &str {
        "depbench_bound_values"
    }
}

fn bound_expr(expr: Expr) -> DfResult<Transformed<Expr>> {
    match expr {
        Expr::ScalarFunction(ScalarFunction { func, args })
            if BOUNDED_FUNCTIONS.contains(&func.name())
                && func.inner().downcast_ref::<Bounded>().is_none() =>
        {
            let bounded = ScalarUDF::new_from_impl(Bounded::new((*func).clone()));
            Ok(Transformed::yes(Expr::ScalarFunction(ScalarFunction {
                func: Arc::new(bounded),
                args,
            })))
        }
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::StringConcat,
            right,
        }) => Ok(Transformed::yes(Expr::ScalarFunction(ScalarFunction {
            func: Arc::new(ScalarUDF::new_from_impl(ConcatOp::default())),
            args: vec![*left, *right],
        }))),
        other => Ok(Transformed::no(other)),
    }
}

/// A DataFusion function that estimates what it would build before building it.
///
/// It is volatile for the planner: a constant call (`repeat('x', 60000000)`) is not folded
/// into a literal at planning time, where it would be built for one row and then copied into
/// every row of every batch unchecked; it runs per batch and is estimated for all its rows.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Bounded {
    inner: ScalarUDF,
    signature: Signature,
}

impl Bounded {
    fn new(inner: ScalarUDF) -> Self {
        let mut signature = inner.signature().clone();
        signature.volatility = Volatility::Volatile;
        Bounded { inner, signature }
    }
}

impl ScalarUDFImpl for Bounded {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn aliases(&self) -> &[String] {
        self.inner.aliases()
    }
    fn schema_name(&self, args: &[Expr]) -> DfResult<String> {
        self.inner.inner().schema_name(args)
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, arg_types: &[DataType]) -> DfResult<DataType> {
        self.inner.return_type(arg_types)
    }
    fn return_field_from_args(
        &self,
        args: datafusion::logical_expr::ReturnFieldArgs,
    ) -> DfResult<datafusion::arrow::datatypes::FieldRef> {
        self.inner.return_field_from_args(args)
    }
    fn coerce_types(&self, arg_types: &[DataType]) -> DfResult<Vec<DataType>> {
        self.inner.coerce_types(arg_types)
    }
    fn is_strict(&self) -> bool {
        self.inner.inner().is_strict()
    }
    fn short_circuits(&self) -> bool {
        self.inner.short_circuits()
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let name = self.inner.name().to_string();
        let estimate = estimate(&name, &args.args, args.number_rows);
        if estimate > MAX_BUILT_BYTES as u128 {
            return Err(too_large(&name, estimate));
        }
        let out = self.inner.invoke_with_args(args)?;
        let built = match &out {
            ColumnarValue::Array(a) => a.get_array_memory_size(),
            ColumnarValue::Scalar(s) => s.size(),
        };
        if built > MAX_BUILT_BYTES {
            return Err(too_large(&name, built as u128));
        }
        Ok(out)
    }
}

/// `a || b` on text with its estimate: NULL when either side is NULL, as the operator.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ConcatOp {
    signature: Signature,
}

impl Default for ConcatOp {
    fn default() -> Self {
        ConcatOp {
            // Volatile, as [`Bounded`]: estimated per batch, never folded into a literal.
            signature: Signature::any(2, Volatility::Volatile),
        }
    }
}

impl ScalarUDFImpl for ConcatOp {
    fn name(&self) -> &str {
        "||"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    /// The operands' type: type coercion made both sides one type before this rule runs.
    fn return_type(&self, arg_types: &[DataType]) -> DfResult<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Utf8))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let rows = args.number_rows;
        let estimate = estimate("||", &args.args, rows);
        if estimate > MAX_BUILT_BYTES as u128 {
            return Err(too_large("||", estimate));
        }
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let n = if scalar { 1 } else { rows };
        let ret = args.return_field.data_type().clone();
        let binary = matches!(
            ret,
            DataType::Binary
                | DataType::LargeBinary
                | DataType::BinaryView
                | DataType::FixedSizeBinary(_)
        );
        let work = if binary {
            DataType::Binary
        } else {
            DataType::Utf8
        };
        let [l, r] = [&args.args[0], &args.args[1]]
            .map(|a| -> DfResult<ArrayRef> { Ok(cast(&a.to_array(n)?, &work)?) });
        let (l, r) = (l?, r?);
        let out: ArrayRef = if binary {
            let (l, r) = (l.as_binary::<i32>(), r.as_binary::<i32>());
            let mut b = BinaryBuilder::with_capacity(n, estimate as usize);
            for i in 0..n {
                if l.is_null(i) || r.is_null(i) {
                    b.append_null();
                } else {
                    b.append_value([l.value(i), r.value(i)].concat());
                }
            }
            Arc::new(b.finish())
        } else {
            let (l, r) = (l.as_string::<i32>(), r.as_string::<i32>());
            let mut b = StringBuilder::with_capacity(n, estimate as usize);
            for i in 0..n {
                if l.is_null(i) || r.is_null(i) {
                    b.append_null();
                } else {
                    b.append_value(format!("{}{}", l.value(i), r.value(i)));
                }
            }
            Arc::new(b.finish())
        };
        let out = cast(&out, &ret)?;
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

/// One argument of a call, as the estimates read it.
struct Arg<'a> {
    value: &'a ColumnarValue,
    ints: Option<ArrayRef>,
}

impl<'a> Arg<'a> {
    fn new(value: &'a ColumnarValue) -> Self {
        let ints = match value {
            ColumnarValue::Array(a) if a.data_type().is_integer() => cast(a, &DataType::Int64).ok(),
            _ => None,
        };
        Arg { value, ints }
    }

    /// Bytes of row `i` (text length, list elements × their width, a scalar's size).
    fn bytes(&self, i: usize) -> u128 {
        match self.value {
            ColumnarValue::Scalar(s) => scalar_bytes(s),
            ColumnarValue::Array(a) => array_bytes(a, i),
        }
    }

    /// Row `i` as an integer (counts, lengths, bounds), when it is one.
    fn int(&self, i: usize) -> Option<i64> {
        match self.value {
            ColumnarValue::Scalar(s) => match s.cast_to(&DataType::Int64).ok()? {
                ScalarValue::Int64(v) => v,
                _ => None,
            },
            ColumnarValue::Array(_) => {
                let a = self.ints.as_ref()?.as_primitive::<Int64Type>();
                a.is_valid(i).then(|| a.value(i))
            }
        }
    }

    /// Text of row `i` when it is text (for the few estimates that read it).
    fn text(&self, i: usize) -> Option<String> {
        match self.value {
            ColumnarValue::Scalar(
                ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s),
            ) => s.clone(),
            ColumnarValue::Scalar(_) => None,
            ColumnarValue::Array(a) => {
                let a = cast(&a.slice(i, 1), &DataType::Utf8).ok()?;
                let a = a.as_string::<i32>();
                a.is_valid(0).then(|| a.value(0).to_string())
            }
        }
    }
}

fn scalar_bytes(s: &ScalarValue) -> u128 {
    match s {
        ScalarValue::Utf8(Some(t))
        | ScalarValue::LargeUtf8(Some(t))
        | ScalarValue::Utf8View(Some(t)) => t.len() as u128,
        ScalarValue::List(a) => array_bytes(&(a.clone() as ArrayRef), 0),
        ScalarValue::LargeList(a) => array_bytes(&(a.clone() as ArrayRef), 0),
        ScalarValue::FixedSizeList(a) => array_bytes(&(a.clone() as ArrayRef), 0),
        other => other
            .data_type()
            .primitive_width()
            .map_or(other.size(), |w| w) as u128,
    }
}

/// Bytes of row `i` of `a`.
fn array_bytes(a: &ArrayRef, i: usize) -> u128 {
    if a.is_null(i) {
        return 0;
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(i).len() as u128,
        DataType::LargeUtf8 => a.as_string::<i64>().value(i).len() as u128,
        DataType::Utf8View => a.as_string_view().value(i).len() as u128,
        DataType::Binary => a.as_binary::<i32>().value(i).len() as u128,
        DataType::List(_) => list_bytes(&a.as_list::<i32>().value(i)),
        DataType::LargeList(_) => list_bytes(&a.as_list::<i64>().value(i)),
        DataType::FixedSizeList(..) => list_bytes(&a.as_fixed_size_list().value(i)),
        other => other.primitive_width().unwrap_or(8) as u128,
    }
}

/// Bytes of the elements of one list value.
fn list_bytes(values: &ArrayRef) -> u128 {
    (0..values.len())
        .map(|j| array_bytes(values, j).max(1))
        .sum()
}

/// Bytes a call of `function` would build over `rows` rows (a generous upper estimate).
fn estimate(function: &str, args: &[ColumnarValue], rows: usize) -> u128 {
    let args: Vec<Arg> = args.iter().map(Arg::new).collect();
    // Constant arguments build one value, copied into each of the batch's rows.
    let all_scalar = args
        .iter()
        .all(|a| matches!(a.value, ColumnarValue::Scalar(_)));
    let (copies, rows) = if all_scalar {
        (rows.max(1), 1)
    } else {
        (1, rows)
    };
    let count = |a: Option<&Arg>, i| a.and_then(|a| a.int(i)).unwrap_or(0).max(0) as u128;
    let bytes = |a: Option<&Arg>, i| a.map_or(0, |a| a.bytes(i));
    let sum = |i| args.iter().map(|a| a.bytes(i)).sum::<u128>();
    let mut total: u128 = 0;
    for i in 0..rows {
        let row = match function {
            "repeat" => bytes(args.first(), i) * count(args.get(1), i),
            // Characters asked for, up to 4 bytes each.
            "lpad" | "rpad" => count(args.get(1), i) * 4,
            "array_repeat" => bytes(args.first(), i).max(8) * count(args.get(1), i),
            "array_resize" => {
                let width = args
                    .first()
                    .map_or(8, |a| a.bytes(i).max(8))
                    .max(bytes(args.get(2), i));
                width * count(args.get(1), i)
            }
            "range" | "generate_series" => {
                let ints: Vec<Option<i64>> = args.iter().map(|a| a.int(i)).collect();
                let (start, stop, step) = match ints.as_slice() {
                    [Some(stop)] => (0, *stop, 1),
                    [Some(start), Some(stop)] => (*start, *stop, 1),
                    [Some(start), Some(stop), Some(step)] => (*start, *stop, *step),
                    // Dates and timestamps: checked on what was built.
                    _ => (0, 0, 1),
                };
                let span = (i128::from(stop) - i128::from(start)).unsigned_abs();
                (span / u128::from(step.unsigned_abs().max(1)) + 1) * 8
            }
            "replace" => {
                let s = bytes(args.first(), i);
                let from = bytes(args.get(1), i);
                let to = bytes(args.get(2), i);
                s + (s / from.max(1) + 1) * to
            }
            "regexp_replace" => {
                let s = bytes(args.first(), i);
                let repl = args.get(2).and_then(|a| a.text(i)).unwrap_or_default();
                // `$1`, `\1` expand to matched text: at most the input per replacement.
                let each = if repl.contains(['$', '\\']) {
                    repl.len() as u128 * s.max(1)
                } else {
                    repl.len() as u128
                };
                s + (s + 1) * each
            }
            "array_to_string" => {
                let elements = match args.first().map(|a| a.value) {
                    Some(ColumnarValue::Array(a)) if !a.is_null(i) => match a.data_type() {
                        DataType::List(_) => a.as_list::<i32>().value_length(i) as u128,
                        DataType::LargeList(_) => a.as_list::<i64>().value_length(i) as u128,
                        _ => 1,
                    },
                    Some(ColumnarValue::Scalar(ScalarValue::List(a))) => a.value_length(0) as u128,
                    _ => 1,
                };
                // Each element printed (a number takes at most 24 characters) and separated.
                bytes(args.first(), i)
                    + elements * (24 + bytes(args.get(1), i) + bytes(args.get(2), i))
            }
            "concat_ws" => {
                let sep = bytes(args.first(), i);
                sum(i) + sep * (args.len().saturating_sub(2) as u128)
            }
            // concat, ||, overlay, array_concat, array_append, array_prepend: the inputs.
            _ => sum(i),
        };
        total = total.saturating_add(row);
        if total > MAX_BUILT_BYTES as u128 {
            break;
        }
    }
    total.saturating_mul(copies as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(
        sql: &str,
    ) -> std::result::Result<Vec<datafusion::arrow::array::RecordBatch>, DataFusionError> {
        let ctx = SessionContext::new();
        register(&ctx);
        ctx.sql(sql).await?.collect().await
    }

    async fn refusal(sql: &str) -> ValueTooLarge {
        let e = run(sql).await.expect_err(sql);
        value_too_large(&e)
            .unwrap_or_else(|| panic!("{sql}: {e}"))
            .clone()
    }

    /// Every function of the class is refused from its arguments, before it builds anything
    /// (two billion bytes are never allocated: the test would abort otherwise).
    #[tokio::test]
    async fn huge_values_are_refused_before_they_are_built() {
        for (sql, function) in [
            ("SELECT repeat('x', 2000000000)", "repeat"),
            ("SELECT length(repeat('ab', 1000000000))", "repeat"),
            ("SELECT lpad('x', 2000000000)", "lpad"),
            ("SELECT rpad('x', 2000000000, 'yz')", "rpad"),
            ("SELECT array_repeat(1, 2000000000)", "array_repeat"),
            ("SELECT array_resize([1], 2000000000, 0)", "array_resize"),
            ("SELECT range(1, 2000000000)", "range"),
            ("SELECT generate_series(1, 2000000000)", "generate_series"),
            (
                "SELECT cardinality(range(0, 9000000000000000000, 1))",
                "range",
            ),
            (
                "WITH a AS (SELECT repeat('x', 40000000) s) SELECT s || s || s FROM a",
                "||",
            ),
            (
                "WITH a AS (SELECT repeat('x', 40000000) s) SELECT concat(s, s) FROM a",
                "concat",
            ),
            (
                "WITH a AS (SELECT repeat('x', 40000000) s) SELECT concat_ws(s, 'a', 'b', 'c') FROM a",
                "concat_ws",
            ),
            (
                "WITH a AS (SELECT repeat('x', 10000) s) SELECT replace(s, 'x', s) FROM a",
                "replace",
            ),
            (
                "WITH a AS (SELECT repeat('x', 10000) s) SELECT regexp_replace(s, '', s, 'g') FROM a",
                "regexp_replace",
            ),
            (
                "SELECT array_to_string(array_repeat(1, 4000000), repeat('-', 100))",
                "array_to_string",
            ),
        ] {
            let e = refusal(sql).await;
            assert_eq!(e.function, function, "{sql}");
            assert!(e.bytes > MAX_BUILT_BYTES as u128, "{sql}");
        }
    }

    /// Over many rows the bound is per batch: small values times many rows are refused too.
    #[tokio::test]
    async fn the_bound_counts_every_row_of_a_batch() {
        let e =
            refusal("SELECT length(repeat('x', 20000)) FROM (SELECT * FROM range(8000)) AS t(v)")
                .await;
        assert_eq!(e.function, "repeat");
    }

    /// Ordinary uses give exactly what DataFusion gives without the bounds: values, NULLs
    /// and column names.
    #[tokio::test]
    async fn ordinary_values_are_unchanged() {
        let sql = "SELECT 'a' || 'b' AS ab, 'a' || NULL AS n, repeat('ab', 3), lpad('7', 3, '0'), \
                   concat('x', NULL, 'y'), cardinality(range(1, 5)), 'c' || v || 'd', \
                   replace(v, '1', 'un'), array_to_string([1, 2], '-'), \
                   v || CAST(2 AS VARCHAR) AS v2 FROM (VALUES ('1'), ('2'), (NULL)) AS t(v)";
        let shown = |b: &[datafusion::arrow::array::RecordBatch]| {
            datafusion::arrow::util::pretty::pretty_format_batches(b)
                .unwrap()
                .to_string()
        };
        let bounded = shown(&run(sql).await.unwrap());
        let plain = SessionContext::new();
        let plain = shown(&plain.sql(sql).await.unwrap().collect().await.unwrap());
        assert_eq!(bounded, plain);
        assert!(bounded.contains("| ab | "), "{bounded}");
        assert!(bounded.contains("| c1d "), "{bounded}");
    }

    #[test]
    fn the_refusal_is_french_and_names_the_function() {
        let e = ValueTooLarge {
            function: "repeat".into(),
            bytes: 2_000_000_000,
        };
        assert_eq!(
            e.to_string(),
            "repeat : valeur trop grande refusée (environ 2\u{a0}000\u{a0}000\u{a0}000 octets à construire, au plus 67\u{a0}108\u{a0}864 par lot de lignes) ; \
             réduisez la taille demandée (repeat, lpad, rpad, concat, ||, array_repeat, range, generate_series…)"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("trente").is_err());
        assert_eq!(duration_text(Duration::from_secs(20)), "20 s");
        assert_eq!(duration_text(Duration::from_millis(50)), "50 ms");
        assert_eq!(duration_text(Duration::from_secs(90)), "1 min 30 s");
    }
}
