//! The chart kinds a figure file asks for (`-- chart: …`), read from their header keyword.

use std::str::FromStr;

/// Chart kinds a figure file can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bars,
    Lines,
    Composition,
    Ranking,
    Map,
    /// The areas inside the focus (its EPCI), their key in `-- series:`.
    Areas,
    Matrix,
    Table,
    /// Two value columns as x and y, an optional third as the bubbles' size.
    Scatter,
}

impl FromStr for ChartKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s.trim() {
            "bars" => ChartKind::Bars,
            "lines" => ChartKind::Lines,
            "composition" => ChartKind::Composition,
            "ranking" => ChartKind::Ranking,
            "map" => ChartKind::Map,
            "areas" => ChartKind::Areas,
            "matrix" => ChartKind::Matrix,
            "table" => ChartKind::Table,
            "scatter" => ChartKind::Scatter,
            other => {
                return Err(format!(
                    "type de graphique inconnu `{other}` (bars, lines, composition, ranking, map, areas, matrix, table, scatter)"
                ));
            }
        })
    }
}
