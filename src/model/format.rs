//! French number, unit and date formatting: the one place where values become text for readers.
//!
//! Readers of a schéma départemental expect `1 234,5`, `12,1 %`, `3,4 ‰`, `12 345 €` and
//! `31/12/2022`. Machine outputs (CSV, XLSX cells) keep raw numbers; only labels go through here.

use std::fmt;
use std::str::FromStr;

/// Text shown for a value that is not available (NULL) wherever people read numbers: labels,
/// tables, Markdown, HTML and XLSX cells, map legends. «n.d.» is the French «non disponible».
pub const NOT_AVAILABLE: &str = "n.d.";

/// Text shown for a value under statistical secret (a count of fewer than 5 persons, or a
/// secondary secret protecting one: OLINPE outputs) wherever people read numbers.
pub const SECRET: &str = "s";

/// Thousands separator: a no-break space, so `1 234` never wraps and every font has the glyph.
pub const THOUSANDS: char = '\u{a0}';

/// The unit a value is expressed in. Spelled in data files as the snake-case id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Count,
    Percent,
    PercentagePoints,
    PerThousand,
    Euro,
    ThousandEuro,
    MillionEuro,
    BillionEuro,
    Places,
    Fte,
    Days,
    Months,
    Years,
    Hours,
    Rank,
    Ratio,
    /// An index (base 100 in a reference year).
    Index,
    /// Inhabitants per square kilometre (density).
    PerKm2,
}

impl Unit {
    /// Every unit, in the order documented in `docs/`.
    pub const ALL: [Unit; 18] = [
        Unit::Count,
        Unit::Percent,
        Unit::PercentagePoints,
        Unit::PerThousand,
        Unit::Euro,
        Unit::ThousandEuro,
        Unit::MillionEuro,
        Unit::BillionEuro,
        Unit::Places,
        Unit::Fte,
        Unit::Days,
        Unit::Months,
        Unit::Years,
        Unit::Hours,
        Unit::Rank,
        Unit::Ratio,
        Unit::Index,
        Unit::PerKm2,
    ];

    /// The id used in data files and query headers.
    pub fn id(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::PercentagePoints => "percentage_points",
            Unit::PerThousand => "per_thousand",
            Unit::Euro => "euro",
            Unit::ThousandEuro => "thousand_euro",
            Unit::MillionEuro => "million_euro",
            Unit::BillionEuro => "billion_euro",
            Unit::Places => "places",
            Unit::Fte => "fte",
            Unit::Days => "days",
            Unit::Months => "months",
            Unit::Years => "years",
            Unit::Hours => "hours",
            Unit::Rank => "rank",
            Unit::Ratio => "ratio",
            Unit::Index => "index",
            Unit::PerKm2 => "per_km2",
        }
    }

    /// Short French suffix written after a value (`%`, `‰`, `€`, `k€`…); empty for plain counts.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Count | Unit::Rank | Unit::Ratio | Unit::Index => "",
            Unit::Percent => "%",
            Unit::PercentagePoints => "pts",
            Unit::PerThousand => "‰",
            Unit::Euro => "€",
            Unit::ThousandEuro => "k€",
            Unit::MillionEuro => "M€",
            Unit::BillionEuro => "Md€",
            Unit::Places => "places",
            Unit::Fte => "ETP",
            Unit::Days => "jours",
            Unit::Months => "mois",
            Unit::Years => "ans",
            Unit::Hours => "heures",
            Unit::PerKm2 => "/km²",
        }
    }

    /// French axis label for the unit, e.g. `pour 1 000 jeunes de 0 à 20 ans` is given by the
    /// query header; this is the generic fallback.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Count => "effectif",
            Unit::Percent => "%",
            Unit::PercentagePoints => "points de %",
            Unit::PerThousand => "‰",
            Unit::Euro => "euros",
            Unit::ThousandEuro => "milliers d'euros",
            Unit::MillionEuro => "millions d'euros",
            Unit::BillionEuro => "milliards d'euros",
            Unit::Places => "places",
            Unit::Fte => "ETP",
            Unit::Days => "jours",
            Unit::Months => "mois",
            Unit::Years => "années",
            Unit::Hours => "heures",
            Unit::Rank => "rang",
            Unit::Ratio => "ratio",
            Unit::Index => "indice",
            Unit::PerKm2 => "habitants par km²",
        }
    }

    /// Decimals shown by default for the unit.
    pub fn default_decimals(self) -> usize {
        match self {
            Unit::Count | Unit::Rank | Unit::Places | Unit::Euro | Unit::ThousandEuro => 0,
            Unit::Fte | Unit::Index => 1,
            Unit::Ratio => 2,
            _ => 1,
        }
    }

    /// Format `v` with this unit's suffix and default decimals, French style.
    pub fn format(self, v: f64) -> String {
        self.format_with(v, self.default_decimals())
    }

    /// Format `v` with this unit's suffix and `decimals` decimals, French style.
    pub fn format_with(self, v: f64, decimals: usize) -> String {
        let n = number(v, decimals);
        match self.suffix() {
            "" => n,
            s => format!("{n}{THOUSANDS}{s}"),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Unit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::ALL.into_iter().find(|u| u.id() == s).ok_or_else(|| {
            let ids: Vec<_> = Unit::ALL.iter().map(|u| u.id()).collect();
            format!("unité inconnue `{s}` (attendu : une de {})", ids.join(", "))
        })
    }
}

/// The French word of unit id `id` for readers, wherever a published value shows its unit
/// beside it (the plans' figures in reports and the explorer, through the SQL function
/// `fr_unit`): the unit's [`Unit::label`] (`count` → `effectif`, `percent` → `%`,
/// `per_thousand` → `‰`, `thousand_euro` → `milliers d'euros`); an id that is no unit is
/// returned as it is.
pub fn unit_word(id: &str) -> String {
    id.parse::<Unit>()
        .map_or_else(|_| id.to_string(), |u| u.label().to_string())
}

/// `1234.56` with 1 decimal → `1 234,6` (no-break space, decimal comma, `-` for negatives).
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let s = round_half_away(v.abs(), decimals);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::with_capacity(s.len() + 4);
    // A value that rounds to zero is printed without a sign: "-0,0" reads as an error.
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(THOUSANDS);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// `v` (finite, ≥ 0) rounded to `decimals` decimals, written `123.45`, as Excel displays it.
///
/// Rounds half away from zero on the *decimal* digits, as French statistical tables and Excel
/// do. Multiplying the binary float by 10^d (or `format!`, which rounds half to even on the exact
/// binary value) prints 1,005 as «1,00» and 2,675 as «2,67»: those literals are stored just below
/// the half. Like Excel, the value is first read to 15 significant digits (`{:.14e}`), which gives
/// back the decimal the user typed or computed, then that digit string is rounded.
fn round_half_away(v: f64, decimals: usize) -> String {
    let sci = format!("{v:.14e}");
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let mut exp: i64 = exp.parse().expect("`{:e}` writes an integer exponent");
    let mut digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if digits.iter().all(|&d| d == 0) {
        exp = 0;
    }
    // Digits kept: those before the decimal point (exp + 1) plus the requested decimals.
    let mut keep = exp + 1 + decimals as i64;
    if keep < 0 {
        digits = vec![0];
        keep = 1;
    } else if keep == 0 {
        digits.insert(0, 0);
        keep = 1;
    }
    let keep = keep as usize;
    if digits.len() > keep {
        let up = digits[keep] >= 5;
        digits.truncate(keep);
        if up {
            let mut i = keep;
            loop {
                if i == 0 {
                    digits.insert(0, 1);
                    break;
                }
                i -= 1;
                if digits[i] == 9 {
                    digits[i] = 0;
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    } else {
        digits.resize(keep, 0);
    }
    // `digits` is now the value × 10^decimals as an integer: place the decimal point.
    let mut text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    let trimmed = text.trim_start_matches('0');
    text = if trimmed.len() > decimals {
        trimmed.to_string()
    } else {
        format!("{}{trimmed}", "0".repeat(decimals + 1 - trimmed.len()))
    };
    if decimals > 0 {
        text.insert(text.len() - decimals, '.');
    }
    text
}

/// A change written with its sign: `+16,1 %`, `-0,7 %`, `0,0 %`.
pub fn signed(v: f64, unit: Unit, decimals: usize) -> String {
    let body = unit.format_with(v, decimals);
    if v > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{body}")
    } else {
        body
    }
}

/// A value or [`NOT_AVAILABLE`] for NULL.
pub fn optional(v: Option<f64>, unit: Unit, decimals: usize) -> String {
    match v {
        Some(v) => unit.format_with(v, decimals),
        None => NOT_AVAILABLE.to_string(),
    }
}

/// `s` with its first letter upper-case (« dernière année… » → « Dernière année… »).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `31/12/2022` for the stock date of year `year` (DREES counts are at 31 December).
pub fn year_end(year: i32) -> String {
    format!("31/12/{year}")
}

/// `01/01/2023` for the population estimate of 1 January.
pub fn year_start(year: i32) -> String {
    format!("01/01/{year}")
}

/// French ordinal of a rank: `1er`, `2e`, `17e`.
pub fn ordinal(n: usize) -> String {
    if n == 1 {
        "1er".to_string()
    } else {
        format!("{n}e")
    }
}

/// A rank among `total` territories, French style: `17e sur 101`, `1er sur 96`.
pub fn rank_of(rank: usize, total: usize) -> String {
    format!("{} sur {total}", ordinal(rank))
}

/// A year as written on axes: `2022` (no thousands separator, unlike [`number`]).
pub fn year(y: i32) -> String {
    y.to_string()
}

/// Decimals needed to write ticks spaced by `step` without losing precision: 0 for 5 or 1 000,
/// 1 for 0,5, 2 for 0,25.
pub fn tick_decimals(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// A label inside a sentence: `Enfants confiés` → `enfants confiés`; acronyms (`AEMO`, `ASE`) keep their capitals.
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a
            .to_lowercase()
            .chain(std::iter::once(b))
            .chain(chars)
            .collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(number(1234.5, 1), "1\u{a0}234,5");
        assert_eq!(number(1234567.0, 0), "1\u{a0}234\u{a0}567");
        assert_eq!(number(-0.04, 1), "0,0");
        assert_eq!(number(-12.25, 1), "-12,3");
        assert_eq!(number(1402.5, 0), "1\u{a0}403");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(f64::NAN, 1), "–");
    }

    #[test]
    fn rounds_halves_away_from_zero_as_excel_displays() {
        let cases: &[(f64, usize, &str)] = &[
            (0.125, 2, "0,13"),
            (2.675, 2, "2,68"),
            (1.005, 2, "1,01"),
            (1.015, 2, "1,02"),
            (1.045, 2, "1,05"),
            (8.345, 2, "8,35"),
            (0.285, 2, "0,29"),
            (1.255, 2, "1,26"),
            (10.005, 2, "10,01"),
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),
            (0.05, 1, "0,1"),
            (0.15, 1, "0,2"),
            (0.35, 1, "0,4"),
            (0.45, 1, "0,5"),
            (19.76066489636859, 1, "19,8"),
            (9.995, 2, "10,00"),
            (99.95, 1, "100,0"),
            (999.5, 0, "1\u{a0}000"),
            (0.004, 2, "0,00"),
            (0.0049, 2, "0,00"),
            (0.005, 2, "0,01"),
            (0.0005, 2, "0,00"),
            (0.0, 2, "0,00"),
            (123456.785, 2, "123\u{a0}456,79"),
            (1e-12, 1, "0,0"),
            (17.7, 3, "17,700"),
            (-1.005, 2, "-1,01"),
            (-2.675, 2, "-2,68"),
            (-0.5, 0, "-1"),
            (-0.125, 2, "-0,13"),
            (-0.004, 2, "0,00"),
        ];
        for &(v, d, want) in cases {
            assert_eq!(number(v, d), want, "number({v}, {d})");
        }
        // Every n/1000 with a 5 in the third decimal rounds up at 2 decimals, never down.
        for n in 0..2000 {
            let v = (n * 10 + 5) as f64 / 1000.0;
            let want = (n + 1) as f64 / 100.0;
            assert_eq!(number(v, 2), number(want, 2), "number({v}, 2)");
            assert_eq!(number(-v, 2), number(-want, 2), "number(-{v}, 2)");
        }
    }

    #[test]
    fn units_and_signs() {
        assert_eq!(Unit::Percent.format(12.06), "12,1\u{a0}%");
        assert_eq!(Unit::PerThousand.format(3.44), "3,4\u{a0}‰");
        assert_eq!(Unit::Euro.format(12345.4), "12\u{a0}345\u{a0}€");
        assert_eq!(signed(16.1, Unit::Percent, 1), "+16,1\u{a0}%");
        assert_eq!(signed(-0.7, Unit::Percent, 1), "-0,7\u{a0}%");
        assert_eq!(signed(0.01, Unit::Percent, 1), "0,0\u{a0}%");
        assert_eq!(optional(None, Unit::Count, 0), "n.d.");
        assert_eq!(year_end(2022), "31/12/2022");
    }

    #[test]
    fn ranks_years_and_ticks() {
        assert_eq!(ordinal(1), "1er");
        assert_eq!(ordinal(2), "2e");
        assert_eq!(rank_of(17, 101), "17e sur 101");
        assert_eq!(year(2022), "2022");
        assert_eq!(tick_decimals(5.0), 0);
        assert_eq!(tick_decimals(1000.0), 0);
        assert_eq!(tick_decimals(0.5), 1);
        assert_eq!(tick_decimals(0.25), 2);
        assert_eq!(tick_decimals(2.5), 1);
    }

    #[test]
    fn unit_ids_round_trip() {
        for u in Unit::ALL {
            assert_eq!(u.id().parse::<Unit>().unwrap(), u);
        }
        assert!(
            "pourcent"
                .parse::<Unit>()
                .unwrap_err()
                .contains("unité inconnue")
        );
    }
}
