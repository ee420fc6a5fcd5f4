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

/// The variables [`Rows::push`] reads, in slot order: `NUMANONYM`, `NUMANONYMANT`, then
/// [`INT_COLUMNS`] and [`DATE_COLUMNS`] in upper case.
pub fn typed_vars() -> &'static [String] {
    static VARS: OnceLock<Vec<String>> = OnceLock::new();
    VARS.get_or_init(|| {
        ["NUMANONYM", "NUMANONYMANT"]
            .iter()
            .map(|s| s.to_string())
            .chain(INT_COLUMNS.iter().map(|c| c.to_ascii_uppercase()))
            .chain(DATE_COLUMNS.iter().map(|c| c.to_ascii_uppercase()))
            .collect()
    })
}

/// The events of one file being typed, row by row: the columns of [`schema`] without the
/// constant ones (file, département, year, scheme, added by [`Rows::finish`]), and what could
/// not be typed.
pub struct Rows {
    positions: Int32Builder,
    ids: StringBuilder,
    ants: StringBuilder,
    ints: Vec<Int32Builder>,
    dates: Vec<Date32Builder>,
    /// What typing made of the rows so far (its `batch` is set by [`Rows::finish`]).
    pub typed: Typed,
}

impl Rows {
    /// Room for about `n` rows.
    pub fn with_capacity(n: usize) -> Rows {
        Rows {
            positions: Int32Builder::with_capacity(n),
            ids: StringBuilder::with_capacity(n, n * 40),
            ants: StringBuilder::with_capacity(n, n * 8),
            ints: INT_COLUMNS
                .iter()
                .map(|_| Int32Builder::with_capacity(n))
                .collect(),
            dates: DATE_COLUMNS
                .iter()
                .map(|_| Date32Builder::with_capacity(n))
                .collect(),
            typed: Typed::default(),
        }
    }

    /// Type one kept row (2016 scheme) at `position`: `get(slot)` gives the text (trimmed,
    /// not empty) of the variable `typed_vars()[slot]`, `None` when absent or empty.
    pub fn push<'a>(&mut self, position: usize, get: impl Fn(usize) -> Option<&'a str>) {
        let vars = typed_vars();
        let untyped = &mut self.typed.untyped;
        let mut untyped = |var: &str, reason: &str| {
            untyped
                .entry((var.to_string(), reason.to_string()))
                .or_default()
                .push(position);
        };
        self.positions
            .append_value(i32::try_from(position).unwrap_or(i32::MAX));
        append_id(&mut self.ids, get(0));
        append_id(&mut self.ants, get(1));
        for (i, b) in self.ints.iter_mut().enumerate() {
            let var = vars[2 + i].as_str();
            let value = get(2 + i).map(str::trim);
            let typed = match (var, value) {
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
                    Ok(c) if v.bytes().all(|b| b.is_ascii_digit()) => {
                        match rules::out_of_list(var, c) {
                            Some(why) => {
                                untyped(var, &why);
                                None
                            }
                            None => Some(c),
                        }
                    }
                    _ => {
                        untyped(var, "code entier attendu");
                        None
                    }
                },
            };
            b.append_option(typed);
        }
        let first_date = 2 + INT_COLUMNS.len();
        for (i, b) in self.dates.iter_mut().enumerate() {
            let typed = match get(first_date + i).map(parse_date) {
                None | Some(DateValue::Unknown) => None,
                Some(DateValue::Ok(days)) | Some(DateValue::WrongFormat(days)) => Some(days),
                Some(DateValue::Invalid) => {
                    untyped(&vars[first_date + i], "date attendue (AAAA-MM-JJ)");
                    None
                }
            };
            b.append_option(typed);
        }
        self.typed.rows_loaded += 1;
    }

    /// The rows as a batch of [`schema`] for the extract `file`, `departement`, `year`.
    pub fn finish(
        mut self,
        file: &str,
        departement: &str,
        year: i32,
        scheme: Scheme,
    ) -> Result<Typed> {
        let n = self.typed.rows_loaded;
        let constant = |v: &str| -> ArrayRef {
            Arc::new(datafusion::arrow::array::StringArray::from_iter_values(
                std::iter::repeat_n(v, n),
            ))
        };
        let mut columns: Vec<ArrayRef> = vec![
            constant(file),
            Arc::new(self.positions.finish()),
            constant(departement),
            Arc::new(datafusion::arrow::array::Int32Array::from_value(year, n)),
            constant(scheme.label()),
            Arc::new(self.ids.finish()),
            Arc::new(self.ants.finish()),
        ];
        columns.extend(
            self.ints
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef),
        );
        columns.extend(
            self.dates
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef),
        );
        let batch = RecordBatch::try_new(schema(), columns)
            .map_err(|e| Error::Invalid(format!("{file} : événements OLINPE : {e}")))?;
        self.typed.batch = Some(batch);
        Ok(self.typed)
    }
}

/// An identifier as stored: trimmed, lower case (no copy when it already is).
fn append_id(b: &mut StringBuilder, v: Option<&str>) {
    match v.map(str::trim) {
        None => b.append_null(),
        Some(t) if !t.bytes().any(|c| c.is_ascii_uppercase()) => b.append_value(t),
        Some(t) => b.append_value(t.to_ascii_lowercase()),
    }
}

/// Whether `var` is a variable of some list ([`rules::KNOWN_VARS`]), by a hashed look-up.
pub fn is_known(var: &str) -> bool {
    static KNOWN: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    KNOWN
        .get_or_init(|| rules::KNOWN_VARS.iter().copied().collect())
        .contains(var)
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
    let mut rows = Rows::with_capacity(donnees.len());
    rows.typed.rows_read = donnees.len();
    let vars = typed_vars();
    for mut d in donnees {
        let position = d.position;
        for (i, (var, _)) in d.vars.iter().enumerate() {
            if !is_known(var) {
                rows.typed
                    .unknown
                    .entry(var.clone())
                    .or_default()
                    .push(position);
            } else if d.vars[..i].iter().any(|(v, _)| v == var) {
                let reason =
                    "variable donnée deux fois dans un <DONNEE> : la première valeur gardée";
                rows.typed
                    .untyped
                    .entry((var.clone(), reason.into()))
                    .or_default()
                    .push(position);
            }
        }
        if scheme == Scheme::V2011
            && let Err(reason) = convert_2011(&mut d)
        {
            rows.typed
                .skipped
                .entry(reason.into())
                .or_default()
                .push(position);
            continue;
        }
        rows.push(position, |slot| d.get(&vars[slot]));
    }
    rows.finish(file, departement, year, scheme)
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
