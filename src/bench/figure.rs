//! Figures as SQL files: a header of `-- key: value` comments describing the chart (read by
//! [`super::header`], where the keys are listed), then the query; [`build`] turns the query's
//! result into chart data. Adding a figure to the standard report means adding one file to
//! `queries/figures/`.

use std::path::PathBuf;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::error::{Error, Result};
use crate::model::format::Unit;
use crate::model::shape::Shape;
use crate::model::territory::{Role, Roles};
use crate::query::Params;
use crate::query::rows::Rows;
use crate::render::model::{
    Bar, Body, Chart, Column, Line, MapValue, Meta, Point, Quantile, Row, Stack, Table, XAxis,
};

pub use super::chart_kind::ChartKind;

/// A figure file: its header and its SQL.
/// The views whose values are Insee populations or measured against them
/// ([`Figure::reads_population`]).
pub const POPULATION_VIEWS: [&str; 3] = ["populations", "rates", "spending_ratios"];

#[derive(Debug, Clone)]
pub struct Figure {
    pub path: PathBuf,
    /// File stem, used for output file names.
    pub name: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub chart: ChartKind,
    pub category: String,
    pub code: Option<String>,
    pub values: Vec<String>,
    pub series: Option<String>,
    pub headers: Vec<String>,
    pub unit: Unit,
    /// Tables: the unit of each value column (`units:`), else `unit` for all.
    pub units: Vec<Unit>,
    /// Decimals of each value column (`decimals:` one number for all, or one per column);
    /// empty: the unit's default.
    pub decimals: Vec<usize>,
    pub signed: Vec<String>,
    pub axis: Option<String>,
    pub source: String,
    pub params: Vec<String>,
    pub sort: Option<String>,
    /// The user's tables the query needs (`-- tables:`): name, and the file to read it from
    /// (relative paths resolved from the figure file's folder) when the figure names one.
    pub tables: Vec<(String, Option<PathBuf>)>,
    /// Column saying why a row has no value (ranking: written after the territory's name in
    /// the chart's «n.d.» note).
    pub note: Option<String>,
    /// Map: the column giving the territory of the year's partition (`territory_partition`)
    /// each outline is counted as in the classes and the legend's counts (`-- partition:`).
    pub partition: Option<String>,
    /// DREES indicators the figure's values are computed from, from the optional
    /// `-- indicators: ID [param…], …` header: an indicator id of `indicators`, then the year
    /// parameters at which the figure reads it (`TotEnfConfiesASE from to`); without any, the
    /// row's `year` column, else `$year`. The report marks values whose source is flagged in
    /// `quality_flags`. Empty when the figure reads no DREES series.
    pub indicators: Vec<(String, Vec<String>)>,
    /// The « Lecture : » sentence of the report, from the optional `-- lecture:` header (French,
    /// with the placeholders of `report::lecture`); `None`: a sentence by chart kind.
    pub lecture: Option<String>,
    /// The value column the « Lecture : » sentence reads (`-- lecture_value:`), by default the
    /// first of `values` (a table may list counts before the rate its sentence is about).
    pub lecture_value: Option<String>,
    /// The figure reads the départements' own figures (`local_values`, or their OLINPE
    /// extracts; header `-- local: true`): a report includes it only when the focus has a
    /// value, and leaves it out without a note otherwise (most départements have given none).
    pub local: bool,
    /// The section the figure belongs to (`-- section: Parcours (OLINPE)`): figures of one
    /// section follow each other under its heading, in the report and the explorer.
    pub section: Option<String>,
    /// The sentence under the section's heading (`-- section_note:`), from its first figure.
    pub section_note: Option<String>,
    /// Tables: the header of the label column (`-- label_header: Année`), when it holds
    /// something else than territories; `None`: « Territoire ».
    pub label_header: Option<String>,
    /// The figure's sheet name in the XLSX files (`-- sheet:`, checked by
    /// [`super::header::sheet_key`]); `None`: the title cut at a word.
    pub sheet: Option<String>,
    pub sql: String,
}

impl Figure {
    /// Make the user's tables the figure declares (`-- tables:`) available in `engine`: a
    /// table already given (`--table`, `\\load`) is kept; one the figure gives a file for is
    /// read from it; one without is an error saying how to give it.
    pub fn register_tables(&self, engine: &crate::query::Engine) -> Result<()> {
        let given = engine.user_tables();
        for (name, file) in &self.tables {
            if given.iter().any(|(n, _)| n == name) {
                continue;
            }
            match file {
                Some(file) => engine.add_file(name, &file.to_string_lossy())?,
                None => {
                    return Err(Error::Invalid(format!(
                        "{} : la figure a besoin de votre table `{name}` (`-- tables:`) : donnez-la avec --table {name}=CHEMIN",
                        self.path.display()
                    )));
                }
            }
        }
        Ok(())
    }

    /// The anchor of the figure's section in a page (`parcours-olinpe` for « Parcours
    /// (OLINPE) »): its words folded (`model::names::fold`) joined by `-`.
    pub fn section_id(&self) -> Option<String> {
        let s = self.section.as_deref()?;
        Some(crate::model::names::fold(s).replace(' ', "-"))
    }

    /// Decimals of value column `i`: `decimals:` (one for all, or the column's), else `None`.
    pub fn decimals_of(&self, i: usize) -> Option<usize> {
        match self.decimals.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => many.get(i).copied(),
        }
    }

    /// Whether the figure's values are measured against a population (rates per 1 000, a
    /// spending per young person…): its unit is per thousand, or its query reads one of the
    /// views of Insee populations ([`POPULATION_VIEWS`]). Such a value has no base for a part of
    /// a département whose population Insee does not publish (69D, 69M).
    pub fn reads_population(&self) -> bool {
        self.unit == Unit::PerThousand
            || self
                .sql
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| POPULATION_VIEWS.iter().any(|v| w.eq_ignore_ascii_case(v)))
    }

    /// Whether the figure reads the OLINPE extracts: its query names a table or view
    /// `olinpe_…` (a word of its own, as [`Figure::reads_population`] reads them).
    pub fn reads_olinpe(&self) -> bool {
        self.sql
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(|w| w.len() > 7 && w[..7].eq_ignore_ascii_case("olinpe_"))
    }

    /// Every column the header names: they must be in the query's result.
    pub fn columns(&self) -> Vec<&str> {
        let mut v = vec![self.category.as_str()];
        v.extend(self.code.as_deref());
        v.extend(self.values.iter().map(String::as_str));
        v.extend(self.series.as_deref());
        v.extend(self.note.as_deref());
        v.extend(self.partition.as_deref());
        v
    }

    /// Check that the result schema has every column the header names.
    pub fn check_columns(&self, schema: &SchemaRef) -> Result<()> {
        for col in self.columns() {
            if schema.index_of(col).is_err() {
                let have: Vec<_> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                return Err(Error::Invalid(format!(
                    "{} : l'en-tête nomme la colonne `{col}`, que la requête ne renvoie pas (colonnes : {})",
                    self.path.display(),
                    have.join(", ")
                )));
            }
        }
        Ok(())
    }
}

/// Replace `$param` with parameter values and `{column}` with the first row's values.
pub fn fill(text: &str, params: &Params, schema: &SchemaRef, batches: &[RecordBatch]) -> String {
    let mut out = text.to_string();
    for (k, v) in &params.0 {
        out = out.replace(&format!("${k}"), v);
    }
    let cols = Rows::new(schema.clone(), batches.to_vec());
    if !cols.is_empty() {
        for f in schema.fields() {
            let key = format!("{{{}}}", f.name());
            if out.contains(&key) {
                out = out.replace(&key, &cols.text(f.name(), 0).unwrap_or_default());
            }
        }
    }
    out
}

/// `Source : …` followed by the period of the data (`Données 2022.`, `Données 2018-2022.`)
/// unless the text already states it.
pub fn source_line(source: &str, period: Option<String>) -> String {
    let mut line = if source.starts_with("Source") {
        source.to_string()
    } else {
        format!("Source : {source}")
    };
    if let Some(period) = period
        && !line.contains(&period)
    {
        line.push_str(&format!(". Données {period}."));
    }
    line
}

/// The period a figure's data cover: first-last year for evolutions, else the `year` column of
/// the result (a figure may pick the latest published year), else `$year`.
fn period(fig: &Figure, params: &Params, cols: &Rows) -> Option<String> {
    // A figure that does not use `$year` (the plans' themes) has no data year to state.
    if !fig.params.iter().any(|p| p == "year") {
        return None;
    }
    let year = params.get("year")?;
    if fig.chart == ChartKind::Lines {
        let years: Vec<i64> = (0..cols.len())
            .filter_map(|r| cols.number(fig.series.as_deref().unwrap_or("year"), r))
            .map(|y| y as i64)
            .collect();
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            return Some(if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            });
        }
    }
    if cols.schema().index_of("year").is_ok() && !cols.is_empty() {
        return Some(cols.text("year", 0).unwrap_or_default());
    }
    Some(year.to_string())
}

/// Build the chart a figure describes from its query result.
pub fn build(
    fig: &Figure,
    params: &Params,
    roles: &Roles,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    shapes: &[Shape],
) -> Result<Chart> {
    fig.check_columns(schema)?;
    let cols = Rows::new(schema.clone(), batches.to_vec());
    let n = cols.len();
    let period = period(fig, params, &cols);
    let meta = Meta {
        title: fill(&fig.title, params, schema, batches),
        subtitle: fig
            .subtitle
            .as_ref()
            .map(|s| fill(s, params, schema, batches)),
        unit: fig.unit,
        axis_label: fig.axis.as_ref().map(|s| fill(s, params, schema, batches)),
        source: source_line(&fill(&fig.source, params, schema, batches), period.clone()),
        decimals: fig.decimals_of(0),
        signed: !fig.signed.is_empty(),
        notes: Vec::new(),
        period,
    };
    // A table of one territory's own rows (its years, types, parcours) highlights none.
    let own = fig.label_header.is_some() && fig.code.as_deref().is_some_and(|c| cols.same(c));
    let role = |row: usize| match &fig.code {
        Some(c) if !own => roles.of(&cols.text(c, row).unwrap_or_default()),
        _ => Role::Other,
    };
    let value = &fig.values[0];
    let headers: Vec<String> = if fig.headers.is_empty() {
        fig.values.clone()
    } else {
        fig.headers
            .iter()
            .map(|h| fill(h, params, schema, batches))
            .collect()
    };
    let mut bars: Vec<Bar> = (0..n)
        .map(|r| {
            let label = cols.text(&fig.category, r).unwrap_or_default();
            let value = cols.number(value, r);
            // A row without value carries its reason into the chart's «n.d.» note.
            let why = fig.note.as_deref().and_then(|c| cols.text(c, r));
            let label = match why.filter(|w| value.is_none() && !w.trim().is_empty()) {
                Some(w) => format!("{label} ({})", w.trim()),
                None => label,
            };
            Bar {
                label,
                value,
                role: role(r),
            }
        })
        .collect();
    match fig.sort.as_deref() {
        Some("value desc") => bars.sort_by(|a, b| {
            b.value
                .partial_cmp(&a.value)
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        Some("value asc") => bars.sort_by(|a, b| {
            a.value
                .partial_cmp(&b.value)
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        _ => {}
    }
    // A scatter's y axis: the second value column's unit, decimals and header.
    let scatter_y = (
        fig.units.get(1).copied().unwrap_or(fig.unit),
        fig.decimals_of(1),
        headers.get(1).cloned(),
    );
    let body = match fig.chart {
        ChartKind::Bars => Body::Bars { bars },
        ChartKind::Scatter => {
            if fig.values.len() < 2 {
                return Err(Error::Invalid(format!(
                    "{}: a scatter needs `-- value: x, y[, size]` (two or three columns)",
                    fig.path.display()
                )));
            }
            let x_unit = fig.units.first().copied().unwrap_or(fig.unit);
            Body::Scatter {
                x: XAxis {
                    label: headers.first().cloned().unwrap_or_default(),
                    unit: x_unit,
                    decimals: fig.decimals_of(0).unwrap_or(x_unit.default_decimals()),
                    size_label: headers.get(2).cloned().unwrap_or_default(),
                },
                points: (0..n)
                    .map(|r| Point {
                        label: cols.text(&fig.category, r).unwrap_or_default(),
                        role: role(r),
                        x: cols.number(&fig.values[0], r),
                        y: cols.number(&fig.values[1], r),
                        size: fig.values.get(2).and_then(|c| cols.number(c, r)),
                    })
                    .collect(),
            }
        }
        ChartKind::Ranking => Body::Ranking { bars },
        ChartKind::Lines => {
            let x = fig.series.as_deref().unwrap_or("year");
            let mut lines: Vec<Line> = Vec::new();
            for r in 0..n {
                let label = cols.text(&fig.category, r).unwrap_or_default();
                let point = (
                    cols.number(x, r).unwrap_or(0.0) as i32,
                    cols.number(value, r),
                );
                match lines.iter_mut().find(|l| l.label == label) {
                    Some(l) => l.points.push(point),
                    None => lines.push(Line {
                        label,
                        role: role(r),
                        points: vec![point],
                        quantile: fig
                            .code
                            .as_deref()
                            .and_then(|c| cols.text(c, r))
                            .and_then(|c| Quantile::of_code(&c)),
                    }),
                }
            }
            Body::Lines { lines }
        }
        ChartKind::Composition => Body::Composition {
            parts: headers,
            stacks: (0..n)
                .map(|r| Stack {
                    label: cols.text(&fig.category, r).unwrap_or_default(),
                    role: role(r),
                    parts: fig.values.iter().map(|v| cols.number(v, r)).collect(),
                })
                .collect(),
        },
        ChartKind::Map => {
            let code = fig.code.as_deref().ok_or_else(|| {
                Error::Invalid(format!(
                    "{} : une carte demande `-- code: colonne`",
                    fig.path.display()
                ))
            })?;
            let code_col = code;
            let values: Vec<MapValue> = (0..n)
                .map(|r| {
                    let code = cols.text(code, r).unwrap_or_default();
                    MapValue {
                        counted_as: match &fig.partition {
                            Some(c) => cols.text(c, r),
                            None => Some(code.clone()),
                        },
                        code,
                        value: cols.number(value, r),
                        role: role(r),
                    }
                })
                .collect();
            let mut shapes = shapes.to_vec();
            shapes.extend(overlays(&shapes, &values, |code| {
                (0..n)
                    .find(|&r| cols.text(code_col, r).as_deref() == Some(code))
                    .and_then(|r| cols.text(&fig.category, r))
            }));
            Body::Map { shapes, values }
        }
        ChartKind::Areas => {
            let key = fig.series.as_deref().unwrap_or("code");
            let values: Vec<MapValue> = (0..n)
                .map(|r| MapValue {
                    code: cols.text(key, r).unwrap_or_default(),
                    value: cols.number(value, r),
                    role: Role::Other,
                    counted_as: None,
                })
                .collect();
            let shapes = (shapes.iter())
                .filter(|s| values.iter().any(|v| v.code == s.code))
                .cloned()
                .collect();
            Body::Areas { shapes, values }
        }
        ChartKind::Matrix => {
            let col_key = fig.series.as_deref().unwrap_or_default();
            let mut rows: Vec<String> = Vec::new();
            let mut columns: Vec<String> = Vec::new();
            for r in 0..n {
                let (row, col) = (
                    cols.text(&fig.category, r).unwrap_or_default(),
                    cols.text(col_key, r).unwrap_or_default(),
                );
                if !rows.contains(&row) {
                    rows.push(row);
                }
                if !columns.contains(&col) {
                    columns.push(col);
                }
            }
            let mut cells = vec![vec![None; columns.len()]; rows.len()];
            for r in 0..n {
                let i = rows
                    .iter()
                    .position(|x| *x == cols.text(&fig.category, r).unwrap_or_default())
                    .unwrap_or(0);
                let j = columns
                    .iter()
                    .position(|x| *x == cols.text(col_key, r).unwrap_or_default())
                    .unwrap_or(0);
                cells[i][j] = cols.number(value, r);
            }
            Body::Matrix {
                rows,
                columns,
                cells,
            }
        }
        ChartKind::Table => Body::Table(Table {
            label_header: fig.label_header.clone(),
            columns: fig
                .values
                .iter()
                .zip(&headers)
                .enumerate()
                .map(|(i, (v, h))| {
                    let unit = fig.units.get(i).copied().unwrap_or(fig.unit);
                    Column {
                        header: h.clone(),
                        unit,
                        decimals: fig.decimals_of(i).unwrap_or(unit.default_decimals()),
                        signed: fig.signed.contains(v),
                    }
                })
                .collect(),
            rows: (0..n)
                .map(|r| Row {
                    label: cols.text(&fig.category, r).unwrap_or_default(),
                    role: role(r),
                    cells: fig.values.iter().map(|v| cols.number(v, r)).collect(),
                    secret: super::secret::row(fig, &cols, r),
                })
                .collect(),
        }),
    };
    let mut chart = Chart::new(meta, body);
    if fig.chart == ChartKind::Scatter {
        let (unit, decimals, header) = scatter_y;
        chart.meta.unit = unit;
        chart.meta.decimals = decimals;
        if chart.meta.axis_label.is_none() {
            chart.meta.axis_label = header;
        }
    }
    if let Some(note) = series_ends(fig, params, &chart.body, &cols) {
        chart.meta.subtitle = Some(match chart.meta.subtitle.take() {
            Some(s) if !s.trim().is_empty() => format!("{} ; {note}", s.trim_end()),
            _ => crate::model::format::capitalise(&note),
        });
    }
    Ok(chart)
}

/// Where the series a chart shows stop before the year asked (`$year`, else `$to`), in French,
/// for its subtitle; `None` when every series reaches it. Read from the chart's own data, so
/// every figure says it without a word in its file:
/// - lines: each line's last year with a value; all ending the same year E give
///   « dernière année publiée : E (pas de données Y) », else the lines that stop early are
///   named: « séries arrêtées avant Y : Hérault (2019), Gard (2020) »;
/// - other charts with a `year` column (a figure reading the latest published year ≤ `$year`):
///   « dernière année publiée : E (pas de données Y) » when every row's year is before Y.
pub fn series_ends(fig: &Figure, params: &Params, body: &Body, cols: &Rows) -> Option<String> {
    if !fig.params.iter().any(|p| p == "year" || p == "to") {
        return None;
    }
    let asked: i32 = params
        .get("year")
        .or_else(|| params.get("to"))
        .and_then(|y| y.trim().parse().ok())?;
    match body {
        Body::Lines { lines } => {
            let ends: Vec<(&str, i32)> = lines
                .iter()
                .filter(|l| l.quantile.is_none())
                .filter_map(|l| {
                    let last = l
                        .points
                        .iter()
                        .filter(|(_, v)| v.is_some())
                        .map(|(x, _)| *x)
                        .max()?;
                    Some((l.label.as_str(), last))
                })
                .collect();
            let early: Vec<&(&str, i32)> = ends.iter().filter(|(_, e)| *e < asked).collect();
            if early.is_empty() {
                return None;
            }
            let first_end = early[0].1;
            if early.len() == ends.len() && early.iter().all(|(_, e)| *e == first_end) {
                return Some(format!(
                    "dernière année publiée : {first_end} (pas de données {asked})"
                ));
            }
            let named: Vec<String> = early.iter().map(|(l, e)| format!("{l} ({e})")).collect();
            Some(format!(
                "séries arrêtées avant {asked} : {}",
                named.join(", ")
            ))
        }
        _ if fig.series.is_none() && cols.schema().index_of("year").is_ok() => {
            let years: Vec<i32> = (0..cols.len())
                .filter_map(|r| cols.int("year", r))
                .map(|y| y as i32)
                .collect();
            let last = *years.iter().max()?;
            (last < asked)
                .then(|| format!("dernière année publiée : {last} (pas de données {asked})"))
        }
        _ => None,
    }
}

/// Overlay outlines for the map values whose code has no outline of its own (Corse `20`, `69D`,
/// `69M`, see [`crate::model::shape::drawn_over`]): the rings of their parts, under the name
/// `name_of(code)` gives (the figure's label column), so that the map can outline and name a
/// focus or peer wherever it is. Codes without all their parts among `shapes` get none.
fn overlays(
    shapes: &[Shape],
    values: &[MapValue],
    name_of: impl Fn(&str) -> Option<String>,
) -> Vec<Shape> {
    let mut out: Vec<Shape> = Vec::new();
    for v in values {
        if shapes.iter().chain(&out).any(|s| s.code == v.code) {
            continue;
        }
        let Some(parts) = crate::model::shape::drawn_over(&v.code) else {
            continue;
        };
        let found: Vec<&Shape> = shapes
            .iter()
            .filter(|s| parts.contains(&s.code.as_str()))
            .collect();
        if found.len() != parts.len() {
            continue;
        }
        out.push(Shape {
            code: v.code.clone(),
            name: name_of(&v.code).unwrap_or_else(|| v.code.clone()),
            rings: found.iter().flat_map(|s| s.rings.iter().cloned()).collect(),
        });
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::path::Path;

    /// A figure file's header and query, for the tests of the header and of the figure.
    pub(in crate::bench) const FIG: &str = "-- title: Taux en $year\n-- subtitle: au 31/12/{year}\n-- chart: bars\n-- category: territoire\n-- code: territory\n-- value: taux\n-- unit: per_thousand\n-- source: DREES\n-- params: focus, peers, year\nSELECT 1";

    #[test]
    fn population_based_figures_are_recognised() {
        let read = |name: &str| {
            Figure::read(
                &Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("queries/figures")
                    .join(name),
            )
            .unwrap()
            .reads_population()
        };
        // Rates per 1 000, the placement rate in % and the spending per young person have a
        // population for base; counts, shares of measures and actions do not.
        for f in [
            "03_taux_accueillis.sql",
            "07_classement_taux_accueillis.sql",
            "08_carte_taux_accueillis.sql",
            "09_depense_par_jeune.sql",
            "12_taux_placement.sql",
        ] {
            assert!(read(f), "{f}");
        }
        for f in [
            "05_modes_de_placement.sql",
            "06_part_judiciaire.sql",
            "10_assistants_familiaux.sql",
            "11_themes_des_schemas.sql",
        ] {
            assert!(!read(f), "{f}");
        }
        // A word that merely contains a view's name is not a read of it.
        let f = Figure::parse(
            Path::new("f.sql"),
            &FIG.replace("per_thousand", "count")
                .replace("SELECT 1", "SELECT 1 AS my_rates_x"),
        )
        .unwrap();
        assert!(!f.reads_population());
    }

    #[test]
    fn roles() {
        let r = Roles {
            focus: "17".into(),
            peers: vec!["22".into(), "64".into()],
        };
        assert_eq!(r.of("17"), Role::Focus);
        assert_eq!(r.of("64"), Role::Peer);
        assert_eq!(r.of("FRM"), Role::Reference);
        assert_eq!(r.of("33"), Role::Other);
    }
}
