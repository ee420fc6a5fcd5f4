//! Statistical secret in figures (OLINPE outputs): a table figure whose header has
//! `-- secret: COLUMN` marks the rows holding `s` in that column; their missing cells read « s »
//! (not «n.d.») in the chart and every export (`render::model::Row::secret`).

use super::figure::Figure;
use crate::query::rows::Rows;

/// The column named by the figure's `-- secret:` header line, if any.
pub fn column(fig: &Figure) -> Option<&str> {
    fig.sql
        .lines()
        .map(str::trim)
        .take_while(|l| l.starts_with("--") || l.is_empty())
        .find_map(|l| l.trim_start_matches('-').trim().strip_prefix("secret:"))
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Whether row `r` of the figure's result is under secret.
pub fn row(fig: &Figure, cols: &Rows, r: usize) -> bool {
    column(fig).is_some_and(|c| cols.text(c, r).as_deref() == Some("s"))
}
