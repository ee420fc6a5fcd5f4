//! Typing the events after parsing: the 2011 scheme converted to 2016 ([`rules`] §6.6), the
//! variables the indicators use typed (codes as integers, dates as days), what could not be
//! typed recorded rather than failing, and the events as Arrow / Parquet.
//!
//! The stored table (`olinpe/evenements/<département>_<année>.parquet`, table `olinpe_events`)
//! holds one row per `<DONNEE>` kept; its columns are [`schema`].

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{ArrayRef, Date32Builder, Int32Builder, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use super::dates::{DateValue, parse_date, parse_year};
use super::read::Donnee;
use super::rules;
use crate::error::{Error, Result};

/// Which variable list a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Décret 2011-222: `CODEV`, `VERSIONXSD` 1.22.
    V2011,
    /// Décret 2016-1966: `TYPEV`, `VERSIONXSD` 2.01.
    V2016,
}

impl Scheme {
    /// `2011` or `2016`.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::V2011 => "2011",
            Scheme::V2016 => "2016",
        }
    }

    /// The scheme from `VERSIONXSD` (1.x → 2011, 2.x → 2016), else from the event key present
    /// in the rows (`CODEV` → 2011, `TYPEV` → 2016), else 2016 (assumption, §1 of the
    /// specification).
    pub fn detect(version_xsd: Option<&str>, donnees: &[Donnee]) -> Scheme {
        match version_xsd.map(str::trim) {
            Some(v) if v.starts_with('1') => return Scheme::V2011,
            Some(v) if v.starts_with('2') => return Scheme::V2016,
            _ => {}
        }
        let codev = donnees.iter().filter(|d| d.has("CODEV")).count();
        let typev = donnees.iter().filter(|d| d.has("TYPEV")).count();
        if codev > typev {
            Scheme::V2011
        } else {
            Scheme::V2016
        }
    }
}

/// Integer columns typed from the variable of the same name (upper case).
pub const INT_COLUMNS: [&str; 15] = [
    "typev",
    "sexe",
    "anais",
    "mnais",
    "decision",
    "natpdecadm",
    "natdecassed",
    "typinterdom",
    "motfinint",
    "motifml",
    "chglieu",
    "nbchglieu",
    "lieuacc",
    "lieuplac",
    "institplac",
];

/// Date columns typed from the variable of the same name (upper case), days since 1970-01-01.
pub const DATE_COLUMNS: [&str; 6] = [
    "datdecpe",
    "datdeb",
    "datfin",
    "datip",
    "notifeval",
    "fineval",
];

/// Arrow schema of the stored events: `file` (file name), `position` (of the `<DONNEE>`),
/// `departement` (COG code of the file), `year` (year of the extract), `scheme` (`2011`/`2016`,
/// 2011 rows converted), `numanonym`, `numanonymant`, then [`INT_COLUMNS`] (Int32, NULL when
/// absent, empty or not an integer; « ne sait pas » codes kept as codes, except the unknown
/// birth year 9999, month 99 and NBCHGLIEU 99, NULL) and [`DATE_COLUMNS`] (Date32, NULL when
/// unknown or not a date).
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let mut fields = vec![
                Field::new("file", DataType::Utf8, false),
                Field::new("position", DataType::Int32, false),
                Field::new("departement", DataType::Utf8, false),
                Field::new("year", DataType::Int32, false),
                Field::new("scheme", DataType::Utf8, false),
                Field::new("numanonym", DataType::Utf8, true),
                Field::new("numanonymant", DataType::Utf8, true),
            ];
            fields.extend(
                INT_COLUMNS
                    .iter()
                    .map(|c| Field::new(*c, DataType::Int32, true)),
            );
            fields.extend(
                DATE_COLUMNS
                    .iter()
                    .map(|c| Field::new(*c, DataType::Date32, true)),
            );
            Arc::new(Schema::new(fields))
        })
        .clone()
}

/// What typing made of one file's rows.
#[derive(Debug, Default)]
pub struct Typed {
    pub batch: Option<RecordBatch>,
    pub rows_read: usize,
    pub rows_loaded: usize,
    /// Rows not kept, by reason, with their `<DONNEE>` positions.
    pub skipped: BTreeMap<String, Vec<usize>>,
    /// Values kept as NULL because they could not be typed: (variable, reason) → positions.
    pub untyped: BTreeMap<(String, String), Vec<usize>>,
    /// Elements no list knows: variable → positions.
    pub unknown: BTreeMap<String, Vec<usize>>,
}

/// Convert one 2011 row to the 2016 scheme in place (§6.6): `TYPEV` from `CODEV`, the four
/// date pairs collapsed into `DATDEB`/`DATFIN`, renames and recodes of [`rules`]. `Err` with
/// the reason when the row is out of the 2016 scope.
pub fn convert_2011(d: &mut Donnee) -> std::result::Result<(), &'static str> {
    let int = |d: &Donnee, v: &str| d.get(v).and_then(|t| t.trim().parse::<i32>().ok());
    for (deb, fin) in rules::DATE_PAIRS_2011 {
        let start = d.take(deb);
        let end = d.take(fin);
        if d.get("DATDEB").is_none()
            && let Some(s) = start.filter(|s| !s.is_empty())
        {
            d.set("DATDEB", s);
            if let Some(e) = end.filter(|e| !e.is_empty()) {
                d.set("DATFIN", e);
            }
        }
    }
    for (from, to) in rules::RENAMES_2011 {
        if let Some(v) = d.take(from) {
            d.set(to, v);
        }
    }
    for (var, codes, to) in rules::RECODES_2011 {
        if let Some(v) = d.get(var)
            && codes.contains(&v.trim())
        {
            d.set(var, to.to_string());
        }
    }
    let typev = match int(d, "CODEV") {
        Some(1..=3) => {
            let adm = int(d, "NATPDECADM").is_some_and(|c| rules::CODEV_IN_SCOPE_ADM.contains(&c));
            let jud = int(d, "NATDECASSED").is_some_and(|c| rules::CODEV_IN_SCOPE_JUD.contains(&c));
            if !(adm || jud) {
                return Err("CODEV 1-3 sans mesure du champ 2016 (hors champ de la conversion)");
            }
            1
        }
        Some(4) => 1,
        Some(5) => {
            let end = int(d, "MOTFININT").is_some_and(|c| rules::CODEV_END_MOTIVES.contains(&c))
                && d.get("DATFIN")
                    .is_some_and(|t| parse_date(t).days().is_some());
            if end { 3 } else { 2 }
        }
        _ => return Err("CODEV absent ou hors de 1-5"),
    };
    d.take("CODEV");
    d.set("TYPEV", typev.to_string());
    Ok(())
}

/// The département code of a `NUMDEP`: `017` → `17`, `2A`, `971`, `69D` kept.
pub fn departement_code(numdep: &str) -> String {
    let t = numdep.trim().to_ascii_uppercase();
    if t.len() == 3 && t.starts_with('0') {
        t[1..].to_string()
    } else if t.len() == 1 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{t}")
    } else {
        t
    }
}

/// Type the rows of one file (already read) into the events table. `file`, `departement` and
/// `year` identify the extract.
pub fn type_rows(
    file: &str,
    departement: &str,
    year: i32,
    scheme: Scheme,
    donnees: Vec<Donnee>,
) -> Result<Typed> {
    let mut t = Typed {
        rows_read: donnees.len(),
        ..Default::default()
    };
    let n = donnees.len();
    let mut files = StringBuilder::with_capacity(n, n * file.len());
    let mut positions = Int32Builder::with_capacity(n);
    let mut deps = StringBuilder::with_capacity(n, n * departement.len());
    let mut years = Int32Builder::with_capacity(n);
    let mut schemes = StringBuilder::with_capacity(n, n * 4);
    let mut ids = StringBuilder::with_capacity(n, n * 40);
    let mut ants = StringBuilder::with_capacity(n, n * 8);
    let mut ints: Vec<Int32Builder> = INT_COLUMNS
        .iter()
        .map(|_| Int32Builder::with_capacity(n))
        .collect();
    let mut dates: Vec<Date32Builder> = DATE_COLUMNS
        .iter()
        .map(|_| Date32Builder::with_capacity(n))
        .collect();
    let upper_ints: Vec<String> = INT_COLUMNS.iter().map(|c| c.to_ascii_uppercase()).collect();
    let upper_dates: Vec<String> = DATE_COLUMNS
        .iter()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for mut d in donnees {
        let position = d.position;
        for (var, _) in &d.vars {
            if !rules::KNOWN_VARS.contains(&var.as_str()) {
                t.unknown.entry(var.clone()).or_default().push(position);
            }
        }
        if scheme == Scheme::V2011
            && let Err(reason) = convert_2011(&mut d)
        {
            t.skipped.entry(reason.into()).or_default().push(position);
            continue;
        }
        let mut untyped = |var: &str, reason: &str| {
            t.untyped
                .entry((var.to_string(), reason.to_string()))
                .or_default()
                .push(position);
        };
        files.append_value(file);
        positions.append_value(i32::try_from(position).unwrap_or(i32::MAX));
        deps.append_value(departement);
        years.append_value(year);
        schemes.append_value(scheme.label());
        ids.append_option(d.get("NUMANONYM").map(|s| s.trim().to_ascii_lowercase()));
        ants.append_option(d.get("NUMANONYMANT").map(|s| s.trim().to_ascii_lowercase()));
        for (i, var) in upper_ints.iter().enumerate() {
            let value = d.get(var).map(str::trim);
            let typed = match (var.as_str(), value) {
                (_, None) => None,
                ("ANAIS", Some(v)) => match parse_year(v) {
                    Ok(y) => y,
                    Err(_) => {
                        untyped(var, "année attendue (aaaa, 19xx ou 20xx ; 9999 inconnue)");
                        None
                    }
                },
                ("MNAIS", Some(v)) => match v.parse::<i32>() {
                    Ok(99) => None,
                    Ok(m @ 1..=12) => Some(m),
                    _ => {
                        untyped(var, "mois attendu (01 à 12 ; 99 inconnu)");
                        None
                    }
                },
                ("NBCHGLIEU", Some("99")) => None,
                (_, Some(v)) => match v.parse::<i32>() {
                    Ok(c) if v.bytes().all(|b| b.is_ascii_digit()) => Some(c),
                    _ => {
                        untyped(var, "code entier attendu");
                        None
                    }
                },
            };
            ints[i].append_option(typed);
        }
        for (i, var) in upper_dates.iter().enumerate() {
            let typed = match d.get(var).map(parse_date) {
                None | Some(DateValue::Unknown) => None,
                Some(DateValue::Ok(days)) | Some(DateValue::WrongFormat(days)) => Some(days),
                Some(DateValue::Invalid) => {
                    untyped(var, "date attendue (AAAA-MM-JJ)");
                    None
                }
            };
            dates[i].append_option(typed);
        }
        t.rows_loaded += 1;
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(files.finish()),
        Arc::new(positions.finish()),
        Arc::new(deps.finish()),
        Arc::new(years.finish()),
        Arc::new(schemes.finish()),
        Arc::new(ids.finish()),
        Arc::new(ants.finish()),
    ];
    columns.extend(ints.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    columns.extend(dates.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    let batch = RecordBatch::try_new(schema(), columns)
        .map_err(|e| Error::Invalid(format!("{file} : événements OLINPE : {e}")))?;
    t.batch = Some(batch);
    Ok(t)
}

/// The batches as one Parquet file (zstd), in memory.
pub fn parquet_bytes(batches: &[RecordBatch], schema: SchemaRef, what: &str) -> Result<Vec<u8>> {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .build();
    let err = |e: &dyn std::fmt::Display| Error::Invalid(format!("{what} : parquet : {e}"));
    let mut w = ArrowWriter::try_new(Vec::new(), schema, Some(props)).map_err(|e| err(&e))?;
    for b in batches {
        w.write(b).map_err(|e| err(&e))?;
    }
    w.into_inner().map_err(|e| err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn donnee(vars: &[(&str, &str)]) -> Donnee {
        Donnee {
            position: 1,
            line: 1,
            vars: vars
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        }
    }

    #[test]
    fn the_2011_scheme_becomes_2016() {
        let mut d = donnee(&[
            ("CODEV", "5"),
            ("NUMDEP", "69"),
            ("MOTFININT", "2"),
            ("DATDEBPLAC", "2010-01-05"),
            ("DATFINPLAC", "2011-06-30"),
            ("NIVSCO", "450"),
        ]);
        convert_2011(&mut d).unwrap();
        assert_eq!(d.get("TYPEV"), Some("3"));
        assert_eq!(d.get("DATDEB"), Some("2010-01-05"));
        assert_eq!(d.get("DATFIN"), Some("2011-06-30"));
        assert_eq!(d.get("NUMDEP"), Some("69D"));
        assert_eq!(d.get("NIVSCO"), Some("499"));
        assert!(!d.has("CODEV") && !d.has("DATDEBPLAC"));
        let mut renewal = donnee(&[("CODEV", "5"), ("MOTFININT", "9")]);
        convert_2011(&mut renewal).unwrap();
        assert_eq!(renewal.get("TYPEV"), Some("2"));
        let mut ip = donnee(&[("CODEV", "1"), ("DECISION", "2"), ("NATDECASSED", "12")]);
        assert!(convert_2011(&mut ip).is_err());
        assert_eq!(departement_code("017"), "17");
        assert_eq!(departement_code("2a"), "2A");
        assert_eq!(departement_code("971"), "971");
    }
}
