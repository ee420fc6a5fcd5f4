//! The events of one file that build no measure, for the import's account: without a usable
//! `NUMANONYM` (empty, or the all-`f` re-hash of an empty id) or without a readable `DATDEB`
//! (absent, unknown `9999-99-99` or `0000-00-00`, or not a date) — the rules of
//! [`super::derived`] —, and those whose `DATFIN` is before `DATDEB`, whose negative duration
//! the durations leave out ([`super::indicators`]).

use datafusion::arrow::array::{Array, Date32Array, Int32Array, RecordBatch, StringArray};

use super::persons::Linker;

/// French notes on the events of `batch` (one file's typed events, [`super::events::schema`])
/// that build no measure or no duration, each with its count and first positions.
pub fn notes(file: &str, batch: &RecordBatch) -> Vec<String> {
    let col = |name: &str| batch.column_by_name(name);
    let (Some(pos), Some(ids), Some(deb), Some(fin)) = (
        col("position").and_then(|c| c.as_any().downcast_ref::<Int32Array>()),
        col("numanonym").and_then(|c| c.as_any().downcast_ref::<StringArray>()),
        col("datdeb").and_then(|c| c.as_any().downcast_ref::<Date32Array>()),
        col("datfin").and_then(|c| c.as_any().downcast_ref::<Date32Array>()),
    ) else {
        return Vec::new();
    };
    let mut no_id = Vec::new();
    let mut no_deb = Vec::new();
    let mut negative = Vec::new();
    for i in 0..batch.num_rows() {
        let p = pos.value(i);
        if ids.is_null(i) || !Linker::usable(ids.value(i)) {
            no_id.push(p);
        } else if deb.is_null(i) {
            no_deb.push(p);
        } else if !fin.is_null(i) && fin.value(i) < deb.value(i) {
            negative.push(p);
        }
    }
    let note = |p: &[i32], what: &str| {
        let shown: Vec<String> = p.iter().take(5).map(|n| format!("n° {n}")).collect();
        format!(
            "{file} : {} événement{} {what} : <DONNEE> {}{}",
            p.len(),
            if p.len() > 1 { "s" } else { "" },
            shown.join(", "),
            if p.len() > 5 { ", …" } else { "" }
        )
    };
    let mut out = Vec::new();
    if !no_id.is_empty() {
        out.push(note(
            &no_id,
            "sans NUMANONYM utilisable (vide ou re-haché d'un vide) : aucune mesure",
        ));
    }
    if !no_deb.is_empty() {
        out.push(note(
            &no_deb,
            "sans DATDEB lisible (absente, inconnue 9999-99-99 ou 0000-00-00, ou illisible) : aucune mesure",
        ));
    }
    if !negative.is_empty() {
        out.push(note(
            &negative,
            "avec DATFIN avant DATDEB : durée négative laissée hors des durées",
        ));
    }
    out
}
