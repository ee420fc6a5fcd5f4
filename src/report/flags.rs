//! Data-quality flags in a report: values of the focus and peers that `quality_flags` lists
//! (docs/quality-flags.md) get a sign on the charts and tables that show them, a footnote saying
//! what the flag is, and a line in the report's « Qualité des données » section.
//!
//! Which values a figure shows comes from its header: `-- indicators:` names the DREES series it
//! is computed from and the years it reads them at (see [`Figure::indicators`]); the territories
//! are the rows of its `code` column.

use std::collections::BTreeSet;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::bench::figure::Figure;
use crate::error::Result;
use crate::model::format;
use crate::query::rows::Rows;
use crate::query::run::run_file;
use crate::query::{Engine, Params};
use crate::render::{Body, Chart};

/// The sign written after the label of a flagged value (U+2691, in the embedded DejaVu Sans, so
/// it shows in the PNG as in the SVG, the HTML and the workbook).
pub const SIGN: &str = crate::render::model::FLAG_SIGN;

/// One flag of `quality_flags` on a value of the focus or a peer (row of `queries/report/flags.sql`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Flag {
    /// Territory code (DREES coding) and French name.
    pub territory: String,
    pub territoire: String,
    /// Indicator id and its French short label (`Enfants confiés à l'ASE`).
    pub indicator: String,
    pub indicateur: String,
    pub year: i32,
    /// Edition whose series the rule looked at (the edition the value is read from).
    pub edition: String,
    /// Rule id (`series_break`…) and its French name (`rupture de série`).
    pub kind: String,
    pub nature: String,
    /// The numbers that triggered the rule, in French.
    pub detail: String,
}

impl Flag {
    /// The footnote of the flag, in French: `⚑ Charente-Maritime, enfants confiés à l'ASE en
    /// 2018 : rupture de série (valeur isolée : …).`
    pub fn note(&self) -> String {
        format!(
            "{SIGN} {}, {} en {} : {} ({}).",
            self.territoire,
            format::lower_first(&self.indicateur),
            self.year,
            self.nature,
            self.detail.trim_end_matches('.')
        )
    }
}

/// Every flag of the focus, peers and references of `params` (`focus`, `peers`, `references`,
/// `year`) up to `year`, the focus's first. A région's flags include `member_flagged` notes: a
/// département of the région whose value is flagged feeds its sum (`report/flags.sql`). `report/flags.sql` lists every territory's (it reads only `$year`, so one
/// result serves every report of a year: [`run_file`] keeps it).
pub async fn load(engine: &Engine, params: &Params) -> Result<Vec<Flag>> {
    const FILE: &str = "report/flags.sql";
    let rows = run_file(engine, FILE, params).await?;
    for c in [
        "territory",
        "territoire",
        "indicator",
        "indicateur",
        "year",
        "edition",
        "kind",
        "nature",
        "detail",
    ] {
        rows.require(c, FILE)?;
    }
    let focus = params.get("focus").unwrap_or_default();
    let peers = params.items("peers");
    let references = params.items("references");
    let mut flags: Vec<Flag> = (0..rows.len())
        .filter(|&r| {
            rows.text("territory", r).is_some_and(|t| {
                t == focus || peers.contains(&t.as_str()) || references.contains(&t.as_str())
            })
        })
        .map(|r| {
            let t = |c: &str| rows.text(c, r).unwrap_or_default();
            Flag {
                territory: t("territory"),
                territoire: t("territoire"),
                indicator: t("indicator"),
                indicateur: t("indicateur"),
                year: rows.int("year", r).unwrap_or_default() as i32,
                edition: t("edition"),
                kind: t("kind"),
                nature: t("nature"),
                detail: t("detail"),
            }
        })
        .collect();
    // The focus's first, then the peers' (by name, indicator, year, rule: the file's order).
    flags.sort_by_key(|f| f.territory != focus);
    Ok(flags)
}

/// The flags a figure shows, in `flags` order, each with the label of the row it marks: a flag
/// of a territory in the figure's `code` column, of one of its `-- indicators:`, at a year it
/// reads (the indicator's year parameters, else the row's `year` column, else `$year`).
pub fn shown<'a>(
    flags: &'a [Flag],
    fig: &Figure,
    params: &Params,
    schema: &SchemaRef,
    batches: &[RecordBatch],
) -> Vec<(&'a Flag, String)> {
    let Some(code) = &fig.code else {
        return Vec::new();
    };
    if fig.indicators.is_empty() || flags.is_empty() {
        return Vec::new();
    }
    let rows = Rows::new(schema.clone(), batches.to_vec());
    let has_year = schema.fields().iter().any(|f| f.name() == "year");
    let param_year = |p: &str| params.get(p).and_then(|v| v.trim().parse::<i32>().ok());
    // (territory, indicator, year) → label of the row showing it.
    let mut keys: Vec<(String, &str, i32, String)> = Vec::new();
    for r in 0..rows.len() {
        let Some(territory) = rows.text(code, r) else {
            continue;
        };
        let label = rows.text(&fig.category, r).unwrap_or_default();
        for (indicator, at) in &fig.indicators {
            let years: Vec<i32> = if !at.is_empty() {
                at.iter().filter_map(|p| param_year(p)).collect()
            } else if has_year {
                rows.int("year", r).map(|y| y as i32).into_iter().collect()
            } else {
                param_year("year").into_iter().collect()
            };
            for y in years {
                keys.push((territory.clone(), indicator, y, label.clone()));
            }
        }
    }
    let mut seen = BTreeSet::new();
    flags
        .iter()
        .filter_map(|f| {
            keys.iter()
                .find(|(t, i, y, _)| *t == f.territory && *i == f.indicator && *y == f.year)
                .map(|(_, _, _, label)| (f, label.clone()))
        })
        .filter(|(f, _)| seen.insert((*f).clone()))
        .collect()
}

/// Mark `chart`: the sign after the label of each flagged row (bars, ranking, lines,
/// composition, table; the map has no labels) and one footnote per flag in `meta.notes`.
pub fn mark(chart: &mut Chart, shown: &[(&Flag, String)]) {
    if shown.is_empty() {
        return;
    }
    let labels: BTreeSet<&str> = shown.iter().map(|(_, l)| l.as_str()).collect();
    let sign = |label: &mut String| {
        if labels.contains(label.as_str()) {
            label.push_str(crate::render::model::FLAG_MARK);
        }
    };
    match &mut chart.body {
        Body::Bars { bars } | Body::Ranking { bars } => {
            bars.iter_mut().for_each(|b| sign(&mut b.label))
        }
        Body::Lines { lines } => lines.iter_mut().for_each(|l| sign(&mut l.label)),
        Body::Composition { stacks, .. } => stacks.iter_mut().for_each(|s| sign(&mut s.label)),
        Body::Table(t) => t.rows.iter_mut().for_each(|r| sign(&mut r.label)),
        Body::Scatter { points, .. } => points.iter_mut().for_each(|p| sign(&mut p.label)),
        Body::Map { .. } | Body::Areas { .. } | Body::Matrix { .. } => {}
    }
    chart.meta.notes.extend(shown.iter().map(|(f, _)| f.note()));
}

/// The sentence of the « Qualité des données » section when no flag applies.
pub const NONE: &str = "Aucune valeur affichée dans ce rapport pour le département ou ses départements de comparaison ne fait l'objet d'un signalement de qualité (vue quality_flags).";

/// The introduction of the « Qualité des données » section.
pub const INTRO: &str = "Valeurs affichées dans ce rapport (département et départements de comparaison, indicateurs et années des figures) que les règles de contrôle de depbench signalent (vue quality_flags, docs/quality-flags.md) : elles sont marquées du signe ⚑ sur les figures et les tableaux. Un signalement est un avertissement, jamais une correction : les valeurs restent celles publiées.";

/// Headers of the section's table, in French.
pub const HEADERS: [&str; 5] = ["Territoire", "Indicateur", "Année", "Nature", "Détail"];

/// The cells of a flag's row in the section's table, in [`HEADERS`] order.
pub fn cells(f: &Flag) -> [String; 5] {
    [
        format!("{} ({})", f.territoire, f.territory),
        f.indicateur.clone(),
        f.year.to_string(),
        f.nature.clone(),
        f.detail.clone(),
    ]
}

/// The section's table as one Arrow batch of columns named [`HEADERS`], text but the year
/// (Int32, a number in the workbook), for the HTML and XLSX writers; `None` when no flag
/// applies.
pub fn table(flags: &[Flag]) -> Option<(SchemaRef, Vec<RecordBatch>)> {
    use datafusion::arrow::array::{ArrayRef, Int32Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    if flags.is_empty() {
        return None;
    }
    // The year is a number (an XLSX number cell), the others text.
    const YEAR: usize = 2;
    let schema: SchemaRef = std::sync::Arc::new(Schema::new(
        HEADERS
            .iter()
            .enumerate()
            .map(|(c, h)| {
                let t = if c == YEAR {
                    DataType::Int32
                } else {
                    DataType::Utf8
                };
                Field::new(*h, t, false)
            })
            .collect::<Vec<_>>(),
    ));
    let rows: Vec<[String; 5]> = flags.iter().map(cells).collect();
    let columns: Vec<ArrayRef> = (0..HEADERS.len())
        .map(|c| {
            if c == YEAR {
                std::sync::Arc::new(Int32Array::from_iter_values(flags.iter().map(|f| f.year)))
                    as ArrayRef
            } else {
                std::sync::Arc::new(StringArray::from_iter_values(rows.iter().map(|r| &r[c])))
                    as ArrayRef
            }
        })
        .collect();
    // Columns of equal length matching the schema always make a batch.
    let batch = RecordBatch::try_new(schema.clone(), columns).expect("flags batch");
    Some((schema, vec![batch]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag() -> Flag {
        Flag {
            territory: "17".into(),
            territoire: "Charente-Maritime".into(),
            indicator: "TotEnfConfiesASE".into(),
            indicateur: "Enfants confiés à l'ASE".into(),
            year: 2018,
            edition: "2022".into(),
            kind: "series_break".into(),
            nature: "rupture de série".into(),
            detail: "valeur isolée : 1693 → 1464 → 1880 (2017-2019)".into(),
        }
    }

    #[test]
    fn note_in_french() {
        assert_eq!(
            flag().note(),
            "⚑ Charente-Maritime, enfants confiés à l'ASE en 2018 : rupture de série (valeur isolée : 1693 → 1464 → 1880 (2017-2019))."
        );
        assert_eq!(format::lower_first("AEMO"), "AEMO");
        assert_eq!(
            format::lower_first("Assistants familiaux"),
            "assistants familiaux"
        );
    }
}
