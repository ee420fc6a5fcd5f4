//! What a chart or table shows, independent of how it is drawn: plain data filled by the report stage.

use crate::model::format::Unit;

pub use crate::model::shape::Shape;
pub use crate::model::territory::Role;

/// Texts and unit shared by every chart kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// French title, e.g. "Taux d'enfants accueillis à l'ASE".
    pub title: String,
    pub subtitle: Option<String>,
    pub unit: Unit,
    /// Axis label; defaults to `unit.label()` when `None`.
    pub axis_label: Option<String>,
    /// Written under the chart, e.g. "Source : DREES, enquête Aide sociale ; Insee. Données au 31/12/2022."
    pub source: String,
    /// Decimals for value labels; defaults to `unit.default_decimals()`.
    pub decimals: Option<usize>,
    /// Write a `+` on positive value labels (changes over a period, e.g. `+16,1 %`).
    pub signed: bool,
    /// Footnotes written under the chart, before the source line, one paragraph each (e.g. the
    /// meaning of a sign marking a flagged value). Empty for most charts.
    pub notes: Vec<String>,
    /// The period the values are for (`2022`, `2018-2022`), said in each mark's hover title
    /// (« Charente-Maritime, 2022 : 12,1 ‰ »); lines give each point's own year. `None`: no
    /// period is said.
    pub period: Option<String>,
}

impl Meta {
    /// Texts for a chart with `title`, values in `unit`, and the `source` line; no subtitle,
    /// default axis label and decimals, unsigned values.
    pub fn new(title: impl Into<String>, unit: Unit, source: impl Into<String>) -> Self {
        Meta {
            title: title.into(),
            subtitle: None,
            unit,
            axis_label: None,
            source: source.into(),
            decimals: None,
            signed: false,
            notes: Vec::new(),
            period: None,
        }
    }

    /// Decimals used for value labels.
    pub fn decimals(&self) -> usize {
        self.decimals.unwrap_or(self.unit.default_decimals())
    }

    /// Axis label: `axis_label`, or the unit's generic label.
    pub fn axis_label(&self) -> &str {
        self.axis_label.as_deref().unwrap_or(self.unit.label())
    }

    /// A value label in French: `12,1 ‰`, `1 234`, `+16,1 %` when `signed`, `n.d.` for NULL.
    pub fn value_label(&self, v: Option<f64>) -> String {
        match v {
            None => crate::model::format::NOT_AVAILABLE.to_string(),
            Some(v) if self.signed => crate::model::format::signed(v, self.unit, self.decimals()),
            Some(v) => self.unit.format_with(v, self.decimals()),
        }
    }
}

/// One bar of a comparison or ranking chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub role: Role,
}

/// One line of an evolution chart: (year, value) points, NULL values leave a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub role: Role,
    pub points: Vec<(i32, Option<f64>)>,
    /// A line of the distribution of all départements (the explorer's indicator page): the
    /// median, or an edge of a band filled with its other edge; `None` for a territory.
    pub quantile: Option<Quantile>,
}

/// A line of the distribution of the départements: the median, or an edge of a [`Band`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantile {
    /// The median, drawn as a line.
    Median,
    /// The lower (`upper: false`) or upper edge of a band: the two edges of a band are filled
    /// between, never drawn as lines of their own.
    Edge { band: Band, upper: bool },
}

impl Quantile {
    /// The quantile a figure row's territory code names: `Q2` the median; `D1`/`D9`,
    /// `Q1`/`Q3`, `M-20`/`M+20`, `M-10`/`M+10` the edges of the bands ([`Band::codes`]);
    /// `None` for any other code.
    pub fn of_code(code: &str) -> Option<Quantile> {
        if code == "Q2" {
            return Some(Quantile::Median);
        }
        Band::ALL.into_iter().find_map(|band| {
            let (low, high) = band.codes();
            (code == low || code == high).then_some(Quantile::Edge {
                band,
                upper: code == high,
            })
        })
    }
}

/// A band of the distribution of the départements over time (the explorer's indicator page,
/// as asdep draws them): filled between its two edges, year by year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    /// 1st to 9th decile (D1 to D9).
    Interdecile,
    /// 1st to 3rd quartile (Q1 to Q3).
    Interquartile,
    /// The median − 20 % to the median + 20 %.
    Median20,
    /// The median − 10 % to the median + 10 %.
    Median10,
}

impl Band {
    /// Every band, widest first (the drawing order: a narrower band is drawn over a wider one).
    pub const ALL: [Band; 4] = [
        Band::Interdecile,
        Band::Interquartile,
        Band::Median20,
        Band::Median10,
    ];

    /// The territory codes of its lower and upper edges in a figure's rows.
    pub fn codes(self) -> (&'static str, &'static str) {
        match self {
            Band::Interdecile => ("D1", "D9"),
            Band::Interquartile => ("Q1", "Q3"),
            Band::Median20 => ("M-20", "M+20"),
            Band::Median10 => ("M-10", "M+10"),
        }
    }

    /// Its name in the hover title of each year's band, saying when the quantiles are
    /// weighted (the explorer's only weighting, by the population of 0 to 19 years):
    /// « 1er au 3e quartile (Q1-Q3) pondéré par la population de 0 à 19 ans », « Médiane
    /// pondérée par la population de 0 à 19 ans ± 20 % »; unweighted, its [`Band::label`].
    pub fn hover_label(self, weighted: bool) -> String {
        const BY: &str = "par la population de 0 à 19 ans";
        match (weighted, self) {
            (false, _) => self.label().to_string(),
            (true, Band::Median20) => format!("Médiane pondérée {BY} ± 20 %"),
            (true, Band::Median10) => format!("Médiane pondérée {BY} ± 10 %"),
            (true, _) => format!("{} pondéré {BY}", self.label()),
        }
    }

    /// Its name in the chart's legend and hover titles, in French.
    pub fn label(self) -> &'static str {
        match self {
            Band::Interdecile => "1er au 9e décile (D1-D9)",
            Band::Interquartile => "1er au 3e quartile (Q1-Q3)",
            Band::Median20 => "Médiane ± 20 %",
            Band::Median10 => "Médiane ± 10 %",
        }
    }
}

/// One 100 % bar of a composition chart: `parts[i]` is the share (in %) of `Body::Composition::parts[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub label: String,
    pub role: Role,
    pub parts: Vec<Option<f64>>,
}

/// A map value for one département code.
#[derive(Debug, Clone, PartialEq)]
pub struct MapValue {
    pub code: String,
    pub value: Option<f64>,
    pub role: Role,
    /// The territory of the year's partition this outline is counted as, once however many
    /// outlines it has, in the map's classes and legend counts: the code itself, or Corse
    /// (`20`) for 2A and 2B from 2018; `None`: counted nowhere (overlays, Mayotte).
    pub counted_as: Option<String>,
}

/// A comparison table (the KPMG table): rows are territories, columns indicators. Its title,
/// subtitle, notes and source are the [`Meta`] of the chart holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Header of the label column (« Année », « Type de mesure »…); `None`: « Territoire »
    /// ([`crate::render::export::LABEL_HEADER_FR`]).
    pub label_header: Option<String>,
}

/// A column of a comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub unit: Unit,
    pub decimals: usize,
    /// Write a `+` on positive values (changes over a period).
    pub signed: bool,
}

/// The sign of a data-quality flag (report::flags), and the mark set after the label of a
/// flagged row: a no-break space then the sign. Exports that are data (the XLSX sheet of a
/// table) take it off the label and say it in a column of its own.
pub const FLAG_SIGN: &str = "⚑";
pub const FLAG_MARK: &str = "\u{a0}⚑";

/// A row of a comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub role: Role,
    pub cells: Vec<Option<f64>>,
    /// The row's missing cells are under statistical secret: written « s », not «n.d.»
    /// (figure header `-- secret:`).
    pub secret: bool,
}

/// One territory of a scatter chart: its value on each axis and the size of its bubble.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub role: Role,
    pub x: Option<f64>,
    pub y: Option<f64>,
    /// What the bubble's area is proportional to (a population); `None`: the smallest bubble.
    pub size: Option<f64>,
}

/// The horizontal axis of a scatter chart (the vertical one is the chart's [`Meta`]: its
/// unit, axis label and decimals).
#[derive(Debug, Clone, PartialEq)]
pub struct XAxis {
    /// Axis title, e.g. « Enfants accueillis pour 1 000 jeunes (‰) ».
    pub label: String,
    pub unit: Unit,
    pub decimals: usize,
    /// What the bubbles' sizes are, e.g. « population de 0 à 20 ans » (said in the hover
    /// titles and the chart's note); empty: bubbles all of one size.
    pub size_label: String,
}

/// Everything the render stage can draw: the texts every kind shares ([`Meta`]) and the data of
/// its kind ([`Body`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub meta: Meta,
    pub body: Body,
}

impl Chart {
    /// A chart of `body` with the texts `meta`. A time series whose first or last years have
    /// no value anywhere draws its axis without them: a note says which
    /// ([`dropped_years_note`]), so a year never leaves a chart unsaid.
    pub fn new(mut meta: Meta, body: Body) -> Self {
        if let Some(note) = dropped_years_note(&body)
            && !meta.notes.contains(&note)
        {
            meta.notes.push(note);
        }
        Chart { meta, body }
    }

    /// The comparison table, when the chart is one.
    pub fn as_table(&self) -> Option<&Table> {
        match &self.body {
            Body::Table(t) => Some(t),
            _ => None,
        }
    }
}

/// The years of a time series (lines) that its data hold but that no line has a value for,
/// before its first or after its last year with one: the lines chart draws its axis from the
/// years with values, so these years are not drawn. Sorted; empty for other kinds.
pub fn dropped_years(body: &Body) -> Vec<i32> {
    let Body::Lines { lines } = body else {
        return Vec::new();
    };
    let valued: Vec<i32> = lines
        .iter()
        .flat_map(|l| &l.points)
        .filter(|(_, v)| v.is_some_and(f64::is_finite))
        .map(|(y, _)| *y)
        .collect();
    let (Some(&first), Some(&last)) = (valued.iter().min(), valued.iter().max()) else {
        return Vec::new();
    };
    let mut dropped: Vec<i32> = lines
        .iter()
        .flat_map(|l| &l.points)
        .map(|(y, _)| *y)
        .filter(|y| *y < first || *y > last)
        .collect();
    dropped.sort_unstable();
    dropped.dedup();
    dropped
}

/// The note naming the [`dropped_years`] of a chart, in French: « Aucune valeur en 2023 :
/// année non tracée. », « Aucune valeur en 2022 et 2023 : années non tracées. »; `None` when
/// no year is dropped.
pub fn dropped_years_note(body: &Body) -> Option<String> {
    let years: Vec<String> = dropped_years(body).iter().map(i32::to_string).collect();
    match years.as_slice() {
        [] => None,
        [one] => Some(format!("Aucune valeur en {one} : année non tracée.")),
        [rest @ .., last] => Some(format!(
            "Aucune valeur en {} et {last} : années non tracées.",
            rest.join(", ")
        )),
    }
}

/// The data of each chart kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Comparison bars: focus highlighted, peers, France as reference, values written on the bars.
    Bars { bars: Vec<Bar> },
    /// Evolution lines over years (absolute or indexed; the index is computed upstream).
    Lines { lines: Vec<Line> },
    /// 100 % composition bars, `parts` names the segments.
    Composition {
        parts: Vec<String>,
        stacks: Vec<Stack>,
    },
    /// All départements on one axis, focus and peers marked.
    Ranking { bars: Vec<Bar> },
    /// Choropleth of metropolitan France in classes, focus and peers outlined.
    Map {
        shapes: Vec<Shape>,
        values: Vec<MapValue>,
    },
    /// Areas inside one département (its EPCI), each filled by its value's class and labelled
    /// with its value; `shapes` are the areas' outlines (codes of `values`).
    Areas {
        shapes: Vec<Shape>,
        values: Vec<MapValue>,
    },
    /// Themes × départements matrix (counts of actions).
    Matrix {
        rows: Vec<String>,
        columns: Vec<String>,
        cells: Vec<Vec<Option<f64>>>,
    },
    /// A comparison table drawn as an image for slides (and written as HTML, Markdown, XLSX).
    Table(Table),
    /// Two indicators, one bubble per territory (area proportional to its size), focus and
    /// peers highlighted, references drawn as lines at their values, the least-squares line of
    /// the départements.
    Scatter { x: XAxis, points: Vec<Point> },
}

/// Image formats a chart renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}
