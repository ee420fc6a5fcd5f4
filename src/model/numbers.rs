//! The one number rule: what a value read from an official file (DREES tidy CSV, DREES
//! workbooks, Insee workbooks) or from a data file of `data/` may be. Every importer and the
//! loader (`catalog::load`) go through here, so nothing an import writes can fail to load.
//!
//! - A value parses to a **finite** number: `NaN`, `inf`, a 400-digit integer (beyond `f64`,
//!   read as infinity) are refused. `-0` and `-0.0` are zero, written `0`.
//! - **Counts of persons** are never negative and never above la population de their
//!   territory ([`Populations`]: Insee's population au 1er janvier of the same year, all ages).
//!   DREES counts are integers or DREES's fractional imputations of non-responding
//!   départements ([`Measure::DreesCount`]); Insee's estimates are integers
//!   ([`Measure::InseeCount`]). Before any population is known, and for Insee's own counts,
//!   the ceiling is [`MAX_PERSONS`].
//! - **Spending** in thousands of euros lies from 0 to [`MAX_THOUSAND_EURO`]: 100 billion
//!   euros (100 000 000 k€) for one territory and one year, more than the whole yearly budget
//!   of all départements together (about 70 billion euros in 2022) and more than ten times
//!   France's ASE spending (8 574 181 k€ in 2019, the largest value DREES publishes). DREES has
//!   never published a negative spending (1999-2020): a sign there is a typing error.

use std::collections::{BTreeMap, HashMap};

/// Ceiling of any count of persons: 100 million, above France's population ever (68 million
/// in 2022, Insee).
pub const MAX_PERSONS: f64 = 100_000_000.0;

/// Ceiling of une dépense en milliers d'euros: 100 000 000 k€ = 100 billion euros (see the
/// module's documentation for why).
pub const MAX_THOUSAND_EURO: f64 = 100_000_000.0;

/// What a number measures, which decides its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Persons counted by DREES: an integer, or a fractional DREES imputation; from 0 to the
    /// territory's population.
    DreesCount,
    /// Persons counted by Insee (population estimates): an integer from 0 to [`MAX_PERSONS`].
    InseeCount,
    /// Spending in thousands of euros, from 0 to [`MAX_THOUSAND_EURO`].
    ThousandEuro,
}

impl Measure {
    /// The measure of a DREES value: counts of persons, or spending in k€.
    pub fn drees(is_count: bool) -> Measure {
        if is_count {
            Measure::DreesCount
        } else {
            Measure::ThousandEuro
        }
    }
}

/// Why a text is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNumber {
    /// Not written as a number at all.
    Text,
    /// Written as a number too large (or too small) for a 64-bit float: it would read as
    /// infinity, or it spells `NaN`/`inf`.
    NotFinite,
}

/// A number as data files print it (`-12.5`, `+16.1`, `38379`, `1e3`): surrounding spaces
/// allowed, finite, `-0` read as `0`.
pub fn parse(text: &str) -> Result<f64, NotNumber> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() {
        return Err(NotNumber::Text);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v + 0.0),
        Ok(_) => Err(NotNumber::NotFinite),
        Err(_) => Err(NotNumber::Text),
    }
}

/// A plain decimal as the DREES tidy files print them (`-12.5`, `38379`): no `+`, exponent,
/// separator or spaces inside; finite, `-0` read as `0`.
pub fn parse_plain(text: &str) -> Result<f64, NotNumber> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit())
        && (!digits.contains('.') || !frac.is_empty());
    if !plain {
        return Err(NotNumber::Text);
    }
    parse(text)
}

/// The text written for a value read as a number: `-0` and `-0.0` are `0`, anything else the
/// text as printed (never rounded).
pub fn zero_unsigned(text: &str) -> &str {
    if text.starts_with('-') && parse(text) == Ok(0.0) {
        "0"
    } else {
        text
    }
}

/// Shortest text that reads back as exactly `v` (no rounding, no trailing `.0`); zero is `0`
/// whatever its sign.
pub fn text(v: f64) -> String {
    format!("{}", v + 0.0)
}

/// A text shown in a message: at most 24 characters, longer ones cut with their length.
pub fn shown_text(text: &str) -> String {
    let t = text.trim();
    let n = t.chars().count();
    if n <= 24 {
        t.to_string()
    } else {
        format!(
            "{}… ({n} caractères)",
            t.chars().take(20).collect::<String>()
        )
    }
}

/// A number shown in a message: as written when short, in scientific notation when huge
/// (`1e300`, not 301 digits).
pub fn shown(v: f64) -> String {
    let t = text(v);
    if t.len() > 18 { format!("{v:e}") } else { t }
}

/// What a value cell or field must be, for messages about [`NotNumber`].
pub fn not_finite_message(text: &str) -> String {
    format!(
        "attendu : un nombre fini ; trouvé : «{}» (au-delà de l'étendue des nombres)",
        shown_text(text)
    )
}

/// The bounds of `measure` that hold whatever the territory: finite, not negative, below
/// the ceiling, an integer for Insee counts. `Err`: what was expected and found.
pub fn check(v: f64, measure: Measure) -> Result<(), String> {
    let (what, max) = match measure {
        Measure::DreesCount => (
            "un effectif de personnes (un entier ou une imputation fractionnaire de la DREES)",
            MAX_PERSONS,
        ),
        Measure::InseeCount => ("un effectif de personnes (un entier)", MAX_PERSONS),
        Measure::ThousandEuro => ("une dépense en milliers d'euros", MAX_THOUSAND_EURO),
    };
    let integer_needed = measure == Measure::InseeCount && v.fract() != 0.0;
    if !v.is_finite() || v < 0.0 || v > max || integer_needed {
        let ceiling = match measure {
            Measure::ThousandEuro => format!("{} (100 milliards d'euros)", text(max)),
            _ => format!("{} (plus que la population de la France)", text(max)),
        };
        return Err(format!(
            "attendu : {what} de 0 à {ceiling} ; trouvé : {}",
            shown(v)
        ));
    }
    Ok(())
}

/// The population bound of one count: the population and what it is the population of.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub population: f64,
    /// Year of the population used (the count's, else the nearest year held).
    pub year: i32,
    /// `17`, `R84 (somme de ses départements)`, `69 … which holds 69D`.
    pub of: String,
}

/// Insee populations (all ages, both sexes, newest edition) by territory and year, with the
/// territories' kinds and regions, to bound counts of persons by their territory's
/// population.
///
/// A territory Insee publishes is bounded by its own population; a région (`R84`) by the
/// sum of its départements'; a territory Insee does not publish by the smallest one holding
/// it: a département by its région (69D and 69M by Auvergne-Rhône-Alpes, Corse `20` by
/// `R94` = 2A + 2B), `DROM` by `DOM` (with Mayotte), `FRE` and any other aggregate by `FR`
/// (France with Mayotte). The year is the count's, else the nearest year held. With no
/// population held at all, [`MAX_PERSONS`] alone bounds counts.
#[derive(Debug, Default, Clone)]
pub struct Populations {
    totals: HashMap<String, BTreeMap<i32, f64>>,
    regions: HashMap<String, String>,
    region_departements: HashMap<String, Vec<String>>,
}

impl Populations {
    /// No population known yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Any population held?
    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Adds the totals of `totals` (territory, year, edition, population): for each territory
    /// and year, the one of the newest edition (editions compare as text, `insee-pop-2023` after
    /// `insee-pop-2022`).
    pub fn add_newest_totals<'a>(
        &mut self,
        totals: impl IntoIterator<Item = (&'a str, i32, &'a str, f64)>,
    ) {
        let mut newest: std::collections::BTreeMap<(&str, i32), (&str, f64)> = Default::default();
        for (territory, year, edition, v) in totals {
            let slot = newest.entry((territory, year)).or_insert((edition, v));
            if edition > slot.0 {
                *slot = (edition, v);
            }
        }
        for ((territory, year), (_, v)) in newest {
            self.add_total(territory, year, v);
        }
    }

    /// The population of `territory` au 1er janvier `year` (all ages).
    pub fn add_total(&mut self, territory: &str, year: i32, population: f64) {
        self.totals
            .entry(territory.to_string())
            .or_default()
            .insert(year, population);
    }

    /// A territory of the list: its kind (`departement`, `region`, other) and region code.
    pub fn add_territory(&mut self, code: &str, kind: &str, region_code: Option<&str>) {
        let Some(region) = region_code.filter(|r| !r.is_empty()) else {
            return;
        };
        match kind {
            "departement" => {
                self.regions.insert(code.to_string(), format!("R{region}"));
                self.region_departements
                    .entry(format!("R{region}"))
                    .or_default()
                    .push(code.to_string());
            }
            "region" => {
                self.regions.insert(code.to_string(), code.to_string());
            }
            _ => {}
        }
    }

    /// Population of a territory Insee publishes, the given year or the nearest held.
    fn direct(&self, territory: &str, year: i32) -> Option<(f64, i32)> {
        let years = self.totals.get(territory)?;
        let after = years.range(year..).next();
        let before = years.range(..year).next_back();
        let (y, v) = match (before, after) {
            (Some(b), Some(a)) if year - b.0 <= a.0 - year => b,
            (_, Some(a)) => a,
            (Some(b), None) => b,
            (None, None) => return None,
        };
        Some((*v, *y))
    }

    /// Sum of the départements of a région Insee publishes, each its nearest year.
    fn region_sum(&self, region: &str, year: i32) -> Option<(f64, i32)> {
        let deps = self.region_departements.get(region)?;
        let found: Vec<(f64, i32)> = deps.iter().filter_map(|d| self.direct(d, year)).collect();
        let y = found.first()?.1;
        Some((found.iter().map(|f| f.0).sum(), y))
    }

    /// The population bounding a count of `territory` in `year`, `None` when no population
    /// is held for it nor for France.
    pub fn bound(&self, territory: &str, year: i32) -> Option<Bound> {
        let make = |(population, y): (f64, i32), of: String| Bound {
            population,
            year: y,
            of,
        };
        if let Some(p) = self.direct(territory, year) {
            return Some(make(p, territory.to_string()));
        }
        if territory.starts_with('R')
            && let Some(p) = self.region_sum(territory, year)
        {
            return Some(make(p, format!("{territory} (somme de ses départements)")));
        }
        if let Some(region) = self.regions.get(territory).filter(|r| *r != territory)
            && let Some(p) = self
                .direct(region, year)
                .or_else(|| self.region_sum(region, year))
        {
            return Some(make(
                p,
                format!("{region} (somme de ses départements), qui contient {territory}"),
            ));
        }
        let wider = if territory == "DROM" { "DOM" } else { "FR" };
        for code in [wider, "FR"] {
            if let Some(p) = self.direct(code, year) {
                return Some(make(p, format!("{code}, qui contient {territory}")));
            }
        }
        None
    }

    /// A DREES count of `territory` in `year` within [`check`]'s bounds and the territory's
    /// population. `Err`: what was expected (the population and whose) and found.
    pub fn check_count(&self, territory: &str, year: i32, v: f64) -> Result<(), String> {
        check(v, Measure::DreesCount)?;
        if let Some(b) = self.bound(territory, year)
            && v > b.population
        {
            let nearest = if b.year == year {
                String::new()
            } else {
                " (l'année détenue la plus proche)".to_string()
            };
            return Err(format!(
                "attendu : un effectif de personnes de 0 à {}, la population de {} au 1er janvier {}{nearest} (Insee) ; trouvé : {}",
                text(b.population),
                b.of,
                b.year,
                shown(v)
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_must_be_finite_and_zero_has_no_sign() {
        assert_eq!(parse(" +16.1 "), Ok(16.1));
        assert_eq!(parse("1e3"), Ok(1000.0));
        assert_eq!(parse("douze"), Err(NotNumber::Text));
        assert_eq!(parse("NaN"), Err(NotNumber::NotFinite));
        assert_eq!(parse("-inf"), Err(NotNumber::NotFinite));
        assert_eq!(parse("1e309"), Err(NotNumber::NotFinite));
        assert_eq!(parse(&"9".repeat(400)), Err(NotNumber::NotFinite));
        assert_eq!(parse_plain(&"9".repeat(400)), Err(NotNumber::NotFinite));
        assert_eq!(parse_plain("1e3"), Err(NotNumber::Text));
        assert_eq!(parse_plain("12.50"), Ok(12.5));
        let zero = parse("-0.0").unwrap();
        assert!(zero == 0.0 && zero.is_sign_positive());
        assert_eq!(text(-0.0), "0");
        assert_eq!(zero_unsigned("-0"), "0");
        assert_eq!(zero_unsigned("-0.000"), "0");
        assert_eq!(zero_unsigned("0.0"), "0.0");
        assert_eq!(zero_unsigned("-0.5"), "-0.5");
        assert_eq!(shown(1e300), "1e300");
        assert_eq!(shown(9223372036854775808.0), "9.223372036854776e18");
        assert_eq!(
            shown_text(&"1".repeat(400)),
            "11111111111111111111… (400 caractères)"
        );
    }

    #[test]
    fn bounds_by_measure() {
        assert_eq!(check(1953.25, Measure::DreesCount), Ok(()));
        assert_eq!(
            check(-5.0, Measure::DreesCount).unwrap_err(),
            "attendu : un effectif de personnes (un entier ou une imputation fractionnaire de la DREES) de 0 à 100000000 (plus que la population de la France) ; trouvé : -5"
        );
        assert!(check(1e15, Measure::DreesCount).is_err());
        assert!(check(2f64.powi(63), Measure::DreesCount).is_err());
        assert!(check(12.5, Measure::InseeCount).is_err());
        assert_eq!(check(8574181.471059997, Measure::ThousandEuro), Ok(()));
        assert_eq!(
            check(1e300, Measure::ThousandEuro).unwrap_err(),
            "attendu : une dépense en milliers d'euros de 0 à 100000000 (100 milliards d'euros) ; trouvé : 1e300"
        );
    }

    #[test]
    fn counts_are_bounded_by_the_population_of_their_territory() {
        let mut p = Populations::new();
        for (code, kind, region) in [
            ("17", "departement", Some("75")),
            ("16", "departement", Some("75")),
            ("69", "departement", Some("84")),
            ("69D", "departement", Some("84")),
            ("R75", "region", Some("75")),
            ("R84", "region", Some("84")),
            ("FRE", "aggregate", None),
        ] {
            p.add_territory(code, kind, region);
        }
        p.add_total("17", 2019, 650_000.0);
        p.add_total("17", 2020, 651_000.0);
        p.add_total("16", 2019, 350_000.0);
        p.add_total("69", 2019, 1_800_000.0);
        p.add_total("FR", 2019, 67_000_000.0);
        assert_eq!(p.check_count("17", 2019, 2000.0), Ok(()));
        assert_eq!(
            p.check_count("17", 2019, 700_000.0).unwrap_err(),
            "attendu : un effectif de personnes de 0 à 650000, la population de 17 au 1er janvier 2019 (Insee) ; trouvé : 700000"
        );
        assert_eq!(
            p.check_count("17", 2022, 700_000.0).unwrap_err(),
            "attendu : un effectif de personnes de 0 à 651000, la population de 17 au 1er janvier 2020 (l'année détenue la plus proche) (Insee) ; trouvé : 700000"
        );
        assert_eq!(p.bound("R75", 2019).unwrap().population, 1_000_000.0);
        let b = p.bound("69D", 2019).unwrap();
        assert_eq!(
            (b.population, b.of.as_str()),
            (
                1_800_000.0,
                "R84 (somme de ses départements), qui contient 69D"
            )
        );
        assert_eq!(p.bound("FRE", 2019).unwrap().of, "FR, qui contient FRE");
        assert!(Populations::new().check_count("17", 2019, 1e6).is_ok());
        assert!(Populations::new().check_count("17", 2019, 1e15).is_err());
    }
}
