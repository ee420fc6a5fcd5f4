//! Territories a figure was asked to show but cannot: the peers and references of a report with
//! no value in a figure (no row, or no value in any of its value columns), named in a French note
//! under the chart so that a reader does not take their absence for an oversight.
//!
//! A peer counts when the figure's query takes `$peers`, a reference when it takes
//! `$references` (the `-- params:` header); the focus is not listed here, since a figure without
//! it is left out of the report with its own note. Maps are not concerned: they draw every
//! territory, those without a value in the « n.d. » class. A ranking's row without a value but
//! with its reason (`-- note:`) is shown in the chart's own « n.d. » note.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::bench::figure::{ChartKind, Figure};
use crate::query::rows::Rows;

/// The note « Sans valeur dans cette figure : Calvados (14), Normandie. » for `peers` and
/// `references` ((code, name) pairs) without a value in the figure's result, or `None` when every
/// one has a value (or the figure has no territory column).
pub fn note(
    fig: &Figure,
    peers: &[(String, String)],
    references: &[(String, String)],
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Option<String> {
    let code = fig.code.as_deref()?;
    if fig.chart == ChartKind::Map {
        return None;
    }
    let rows = Rows::new(schema.clone(), batches.to_vec());
    // A ranking's row without a value but with its reason is shown in the chart's « n.d. » note.
    let shown = |territory: &str| has_value(fig, code, &rows, territory, fig.note.is_some());
    let takes = |param: &str| fig.params.iter().any(|p| p == param);
    let mut missing: Vec<String> = Vec::new();
    if takes("peers") {
        missing.extend(
            peers
                .iter()
                .filter(|(c, _)| !shown(c))
                .map(|(c, n)| format!("{n} ({c})")),
        );
    }
    if takes("references") {
        missing.extend(
            references
                .iter()
                .filter(|(c, _)| !shown(c))
                .map(|(_, n)| n.clone()),
        );
    }
    (!missing.is_empty())
        .then(|| format!("Sans valeur dans cette figure : {}.", missing.join(", ")))
}

/// Whether `rows` hold a row for `territory` (in the `code` column) with a value in one of the
/// figure's value columns; with `any_row`, any row of the territory counts.
pub(super) fn has_value(
    fig: &Figure,
    code: &str,
    rows: &Rows,
    territory: &str,
    any_row: bool,
) -> bool {
    (0..rows.len()).any(|i| {
        rows.text(code, i).as_deref() == Some(territory)
            && (any_row || fig.values.iter().any(|v| rows.number(v, i).is_some()))
    })
}
