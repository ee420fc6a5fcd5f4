//! OLINPE dates as the files write them (§4.4 of the specification): `AAAA-MM-JJ`, unknown
//! `9999-99-99` or `0000-00-00`; `JJ/MM/AAAA`, `JJ-MM-AAAA` and `AAAA/MM/JJ` accepted but
//! « format erroné »; years starting with 19, 20 or 99 only. Days are counted from 1970-01-01
//! (Arrow's `Date32`).

/// What a date text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// A valid date, in the expected `AAAA-MM-JJ` form: days since 1970-01-01.
    Ok(i32),
    /// A valid date written in an accepted but wrong form (« format erroné »).
    WrongFormat(i32),
    /// « ne sait pas »: `9999-99-99` or `0000-00-00`.
    Unknown,
    /// Not a date (or a day that does not exist, or a year outside 19xx/20xx).
    Invalid,
}

impl DateValue {
    /// The days when the text is a date (well or wrongly written).
    pub fn days(self) -> Option<i32> {
        match self {
            DateValue::Ok(d) | DateValue::WrongFormat(d) => Some(d),
            _ => None,
        }
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), `None` when the day does not
/// exist.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe as u32 * 365 + yoe as u32 / 4 - yoe as u32 / 100 + doy;
    Some(era * 146_097 + doe as i32 - 719_468)
}

/// The civil date (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `AAAA-MM-JJ` of days since 1970-01-01.
pub fn iso(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// A year of a date or a year variable: 19xx or 20xx (99xx is the unknown, handled before).
pub fn plausible_year(y: i32) -> bool {
    (1900..=2099).contains(&y)
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Read a full date (§4.4).
pub fn parse_date(text: &str) -> DateValue {
    let t = text.trim();
    if t == "9999-99-99" || t == "0000-00-00" || t == "99/99/9999" || t == "00/00/0000" {
        return DateValue::Unknown;
    }
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    if parts.len() != 3 {
        return DateValue::Invalid;
    }
    let sep_dash = t.contains('-') && !t.contains('/');
    let sep_slash = t.contains('/') && !t.contains('-');
    let (y, m, d, wrong) = if let (Some(y), Some(m), Some(d)) = (
        digits(parts[0], 4),
        digits(parts[1], 2),
        digits(parts[2], 2),
    ) {
        if !(sep_dash || sep_slash) {
            return DateValue::Invalid;
        }
        // AAAA-MM-JJ, or AAAA/MM/JJ (format erroné)
        (y as i32, m, d, sep_slash)
    } else if let (Some(d), Some(m), Some(y)) = (
        digits(parts[0], 2),
        digits(parts[1], 2),
        digits(parts[2], 4),
    ) {
        if !(sep_dash || sep_slash) {
            return DateValue::Invalid;
        }
        // JJ/MM/AAAA or JJ-MM-AAAA (format erroné)
        (y as i32, m, d, true)
    } else {
        return DateValue::Invalid;
    };
    if y >= 9900 {
        return DateValue::Unknown;
    }
    if !plausible_year(y) {
        return DateValue::Invalid;
    }
    match days_from_civil(y, m, d) {
        Some(days) if wrong => DateValue::WrongFormat(days),
        Some(days) => DateValue::Ok(days),
        None => DateValue::Invalid,
    }
}

/// A text that is not a year or month-date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Read a year (`aaaa`): `Ok(Some(y))`, `Ok(None)` for the unknown `9999`, `Err` when not a
/// plausible year.
pub fn parse_year(text: &str) -> Result<Option<i32>, Unreadable> {
    let t = text.trim();
    match digits(t, 4) {
        Some(9999) => Ok(None),
        Some(y) if plausible_year(y as i32) => Ok(Some(y as i32)),
        _ => Err(Unreadable),
    }
}

/// Read a month-date (`AAAA-MM`): `Ok(Some((y, m)))`, `Ok(None)` for `9999-99`, `Err`
/// otherwise.
pub fn parse_month_date(text: &str) -> Result<Option<(i32, u32)>, Unreadable> {
    let t = text.trim();
    if t == "9999-99" {
        return Ok(None);
    }
    let (y, m) = t.split_once('-').ok_or(Unreadable)?;
    match (digits(y, 4), digits(m, 2)) {
        (Some(y), Some(m)) if plausible_year(y as i32) && (1..=12).contains(&m) => {
            Ok(Some((y as i32, m)))
        }
        _ => Err(Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2020, 2, 29), Some(18_321));
        assert_eq!(days_from_civil(2021, 2, 29), None);
        for d in [-1000, 0, 18_321, 19_000, 20_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), Some(d));
        }
        assert_eq!(iso(18_321), "2020-02-29");
    }

    #[test]
    fn dates_as_written() {
        let d = days_from_civil(2016, 3, 4).unwrap();
        assert_eq!(parse_date("2016-03-04"), DateValue::Ok(d));
        assert_eq!(parse_date("04/03/2016"), DateValue::WrongFormat(d));
        assert_eq!(parse_date("04-03-2016"), DateValue::WrongFormat(d));
        assert_eq!(parse_date("2016/03/04"), DateValue::WrongFormat(d));
        assert_eq!(parse_date("9999-99-99"), DateValue::Unknown);
        assert_eq!(parse_date("0000-00-00"), DateValue::Unknown);
        assert_eq!(parse_date("2016-02-30"), DateValue::Invalid);
        assert_eq!(parse_date("1816-02-03"), DateValue::Invalid);
        assert_eq!(parse_date("2016-3-4"), DateValue::Invalid);
        assert_eq!(parse_date("hier"), DateValue::Invalid);
        assert_eq!(parse_year("9999"), Ok(None));
        assert_eq!(parse_year("2004"), Ok(Some(2004)));
        assert_eq!(parse_year("204"), Err(Unreadable));
        assert_eq!(parse_month_date("2019-07"), Ok(Some((2019, 7))));
        assert_eq!(parse_month_date("9999-99"), Ok(None));
    }
}
