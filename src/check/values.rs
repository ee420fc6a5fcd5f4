//! The number rule on the base ([`crate::model::numbers`]), for files mended by hand: DREES
//! counts of persons from 0 to their territory's Insee population, spending in k€ within its
//! bound, Insee counts integers within theirs. The loader already refuses what is not a finite
//! number.

use std::collections::HashMap;

use super::{Issue, Rows};
use crate::import::bounds::TOTAL_COLUMN;
use crate::model::numbers::{self, Measure, Populations};
use crate::model::schema::population_wide;

/// The populations held (newest edition of each territory and year) and the territories'
/// kinds and regions.
fn populations(population: &[Rows], territories: &[Rows]) -> Populations {
    let mut p = Populations::new();
    p.add_newest_totals(population.iter().flat_map(|r| {
        (0..r.len()).filter_map(move |i| {
            Some((
                r.str("territory", i)?,
                r.int("year", i)?,
                r.str("edition", i)?,
                r.float(TOTAL_COLUMN, i)?,
            ))
        })
    }));
    for r in territories {
        for i in 0..r.len() {
            if let (Some(code), Some(kind)) = (r.str("code", i), r.str("kind", i)) {
                p.add_territory(code, kind, r.str("region_code", i));
            }
        }
    }
    p
}

/// Report every observation and population value outside the number rule.
pub(super) fn validate<'a>(t: &dyn Fn(&str) -> &'a [Rows], issues: &mut Vec<Issue>) {
    let populations = populations(t("population"), t("territories"));
    let units: HashMap<&str, &str> = t("indicators")
        .iter()
        .flat_map(|r| (0..r.len()).filter_map(move |i| Some((r.str("id", i)?, r.str("unit", i)?))))
        .collect();
    for r in t("observations") {
        for i in 0..r.len() {
            let (Some(territory), Some(indicator), Some(year), Some(v)) = (
                r.str("territory", i),
                r.str("indicator", i),
                r.int("year", i),
                r.float("value", i),
            ) else {
                continue;
            };
            let verdict = match units.get(indicator).copied() {
                Some("count") => populations.check_count(territory, year, v),
                Some("thousand_euro") => numbers::check(v, Measure::ThousandEuro),
                _ => Ok(()),
            };
            if let Err(m) = verdict {
                issues.push(r.issue(
                    i,
                    "value",
                    format!("{indicator} {year} de {territory} : {m}"),
                ));
            }
        }
    }
    let wide = population_wide();
    let counts: Vec<&str> = wide.fields()[4..]
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    for r in t("population") {
        for i in 0..r.len() {
            for column in &counts {
                if let Some(v) = r.float(column, i)
                    && let Err(m) = numbers::check(v, Measure::InseeCount)
                {
                    issues.push(r.issue(i, column, m));
                }
            }
        }
    }
}
