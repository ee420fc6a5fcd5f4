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
}

/// One 100 % bar of a composition chart: `parts[i]` is the share (in %) of `Chart::Composition::parts[i]`.
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
}

/// A comparison table (the KPMG table): rows are territories, columns indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub subtitle: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub source: String,
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

/// A row of a comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub role: Role,
    pub cells: Vec<Option<f64>>,
}

/// Everything the render stage can draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Comparison bars: focus highlighted, peers, France as reference, values written on the bars.
    Bars { meta: Meta, bars: Vec<Bar> },
    /// Evolution lines over years (absolute or indexed; the index is computed upstream).
    Lines { meta: Meta, lines: Vec<Line> },
    /// 100 % composition bars, `parts` names the segments.
    Composition {
        meta: Meta,
        parts: Vec<String>,
        stacks: Vec<Stack>,
    },
    /// All départements on one axis, focus and peers marked.
    Ranking { meta: Meta, bars: Vec<Bar> },
    /// Choropleth of metropolitan France in classes, focus and peers outlined.
    Map {
        meta: Meta,
        shapes: Vec<Shape>,
        values: Vec<MapValue>,
    },
    /// Themes × départements matrix (counts of actions).
    Matrix {
        meta: Meta,
        rows: Vec<String>,
        columns: Vec<String>,
        cells: Vec<Vec<Option<f64>>>,
    },
    /// A comparison table drawn as an image for slides.
    Table(Table),
}

/// Image formats a chart renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}
