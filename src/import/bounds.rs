//! DREES counts of persons against the population of their territory
//! ([`crate::model::numbers::Populations`]), once every file of an import run is read: the
//! Insee workbook of the same run counts, else the population editions held. A count above
//! its territory's population is refused at its cell or line.

use std::path::Path;

use super::ObservationRow;
use super::territories::Territory;
use crate::error::{Error, Result};
use crate::model::numbers::{self, Populations};

/// The Insee column of the population of all ages, both sexes (`population/insee-pop-*.csv`).
pub const TOTAL_COLUMN: &str = "ensemble_total";

/// The populations of `totals` (territory, year, edition, value text of [`TOTAL_COLUMN`]):
/// the newest edition of each territory and year holding a number; territories' kinds and
/// regions from `territories`.
pub fn populations<'a>(
    totals: impl IntoIterator<Item = (&'a str, i32, &'a str, &'a str)>,
    territories: &[Territory],
) -> Populations {
    let mut p = Populations::new();
    p.add_newest_totals(
        totals
            .into_iter()
            .filter_map(|(territory, year, edition, value)| {
                numbers::parse(value)
                    .ok()
                    .map(|v| (territory, year, edition, v))
            }),
    );
    for t in territories {
        p.add_territory(&t.code, t.kind, t.region_code.as_deref());
    }
    p
}

/// Every count of `rows` (read from `path`) within its territory's population; the error
/// names the cell (`sheet!A1`) or line the row was read from.
pub fn check_counts(path: &Path, rows: &[ObservationRow], populations: &Populations) -> Result<()> {
    for r in rows {
        let Ok(v) = numbers::parse(&r.value) else {
            continue;
        };
        if let Err(m) = populations.check_count(&r.territory, r.year, v) {
            let message = format!("{} {} de {} : {m}", r.indicator, r.year, r.territory);
            return Err(located(path, &r.source_ref, message));
        }
    }
    Ok(())
}

/// An error at a source reference: `Tab2-ase!D8` (a cell) or `line 12` (a tidy CSV line,
/// field `valeur`).
fn located(path: &Path, source_ref: &str, message: String) -> Error {
    if let Some(line) = source_ref
        .strip_prefix("line ")
        .and_then(|l| l.parse().ok())
    {
        return Error::Csv {
            path: path.to_path_buf(),
            line,
            field: "valeur".into(),
            message,
        };
    }
    match source_ref.rsplit_once('!') {
        Some((sheet, cell)) => Error::Cell {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            cell: cell.to_string(),
            message,
        },
        None => Error::Invalid(format!("{}: {source_ref}: {message}", path.display())),
    }
}
