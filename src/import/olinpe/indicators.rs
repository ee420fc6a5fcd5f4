//! The OLINPE indicators computed once at import from the derived tables ([`Derived`]), so that
//! the views `queries/views/olinpe_*.sql` are thin SQL over small tables (a few rows per
//! département and year) instead of aggregates of millions of rows at each query.
//!
//! Each table equals, row for row, its reference query `queries/olinpe/reference/<name>.sql`
//! (the definition, over `olinpe_measure_rows`, `olinpe_period_rows`, `olinpe_sequence_rows`,
//! `olinpe_events`, `olinpe_extracts`), with the same integer and float operations in the same
//! order (Kaplan-Meier's cumulated logarithms added one by one, DataFusion's `median`: the mean of
//! the two middle values for an even count); the test `olinpe_indicators_equal_their_reference_sql`
//! checks it. Years are those of the extracts held (`olinpe_extracts`); rows are sorted by
//! département, year, then key. Counts only, plus the delays' medians (means of two day counts):
//! no NaN or infinity can be written; shares (sequences) and gaps (reconciliation) are computed
//! by the views, NULL without a base.
//!
//! Files: `olinpe/indicateurs/<table>.parquet`, written in the import's commit with the
//! derived tables ([`FILES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::datatypes::{DataType, Date32Type, Field, Int32Type, Int64Type, Schema};

use super::dates::civil_from_days;
use super::derived::Derived;
use crate::error::{Error, Result};

/// The indicator tables: (table name, file under the data directory).
pub const FILES: [(&str, &str); 9] = [
    ("olinpe_stock_counts", "olinpe/indicateurs/stock.parquet"),
    (
        "olinpe_family_counts",
        "olinpe/indicateurs/familles.parquet",
    ),
    ("olinpe_flow_counts", "olinpe/indicateurs/flux.parquet"),
    ("olinpe_exit_counts", "olinpe/indicateurs/motifs.parquet"),
    (
        "olinpe_duration_counts",
        "olinpe/indicateurs/durees.parquet",
    ),
    ("olinpe_entry_age_counts", "olinpe/indicateurs/ages.parquet"),
    (
        "olinpe_sequence_counts",
        "olinpe/indicateurs/parcours.parquet",
    ),
    ("olinpe_delay_counts", "olinpe/indicateurs/delais.parquet"),
    (
        "olinpe_placement_counts",
        "olinpe/indicateurs/changements.parquet",
    ),
];

/// Event-level counters of the placement changes per département and year of extract, over
/// every event held: renewals (`TYPEV` 2) with `CHGLIEU` 1 or 2, those with 2, ends (`TYPEV` 3)
/// with `NBCHGLIEU`, and the sum of their `NBCHGLIEU`.
#[derive(Debug, Default)]
pub struct EventCounts(BTreeMap<(String, i32), [i64; 4]>);

impl EventCounts {
    /// Count the events of `batch` (columns `departement`, `year`, `typev`, `chglieu`,
    /// `nbchglieu` of [`super::events::schema`]).
    pub fn add(&mut self, batch: &RecordBatch) -> Result<()> {
        let deps = text(batch, "departement")?;
        let (years, typev) = (i32s(batch, "year")?, i32s(batch, "typev")?);
        let (chglieu, nbchglieu) = (i32s(batch, "chglieu")?, i32s(batch, "nbchglieu")?);
        let mut current: Option<(&str, i32, &mut [i64; 4])> = None;
        for i in 0..batch.num_rows() {
            let (dep, year) = (deps.value(i), years.value(i));
            if current.as_ref().is_none_or(|c| c.0 != dep || c.1 != year) {
                let slot = self.0.entry((dep.to_string(), year)).or_default();
                current = Some((dep, year, slot));
            }
            let c = &mut current.as_mut().expect("set above").2;
            let t = typev.is_valid(i).then(|| typev.value(i));
            let ch = chglieu.is_valid(i).then(|| chglieu.value(i));
            let nb = nbchglieu.is_valid(i).then(|| nbchglieu.value(i));
            if t == Some(2) && matches!(ch, Some(1 | 2)) {
                c[0] += 1;
            }
            if t == Some(2) && ch == Some(2) {
                c[1] += 1;
            }
            if let (Some(3), Some(nb)) = (t, nb) {
                c[2] += 1;
                c[3] += i64::from(nb);
            }
        }
        Ok(())
    }
}

fn missing(name: &str) -> Error {
    Error::Invalid(format!("indicateurs OLINPE : colonne `{name}` attendue"))
}

/// The columns of the measures the indicators read.
struct Measures<'a> {
    dep: &'a StringArray,
    person: &'a Int64Array,
    measure_type: &'a StringArray,
    family: &'a StringArray,
    datdeb: &'a Date32Array,
    datfin: &'a Date32Array,
    ended: &'a BooleanArray,
    end_date: &'a Date32Array,
    censor: &'a Date32Array,
    stock_from: &'a Int32Array,
    stock_to: &'a Int32Array,
    dates: [&'a Date32Array; 4],
    anais: &'a Int32Array,
    mnais: &'a Int32Array,
}

fn col<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    b.column_by_name(name).ok_or_else(|| missing(name))
}
fn text<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    col(b, name)?.as_string_opt().ok_or_else(|| missing(name))
}
fn i32s<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a Int32Array> {
    col(b, name)?
        .as_primitive_opt::<Int32Type>()
        .ok_or_else(|| missing(name))
}
fn i64s<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a Int64Array> {
    col(b, name)?
        .as_primitive_opt::<Int64Type>()
        .ok_or_else(|| missing(name))
}
fn dates<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a Date32Array> {
    col(b, name)?
        .as_primitive_opt::<Date32Type>()
        .ok_or_else(|| missing(name))
}
fn bools<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a BooleanArray> {
    col(b, name)?.as_boolean_opt().ok_or_else(|| missing(name))
}

fn get<T: datafusion::arrow::datatypes::ArrowPrimitiveType>(
    a: &datafusion::arrow::array::PrimitiveArray<T>,
    i: usize,
) -> Option<T::Native> {
    a.is_valid(i).then(|| a.value(i))
}

fn year_of(days: i32) -> i32 {
    civil_from_days(days).0
}

impl<'a> Measures<'a> {
    fn new(b: &'a RecordBatch) -> Result<Self> {
        Ok(Self {
            dep: text(b, "departement")?,
            person: i64s(b, "person")?,
            measure_type: text(b, "measure_type")?,
            family: text(b, "drees_family")?,
            datdeb: dates(b, "datdeb")?,
            datfin: dates(b, "datfin")?,
            ended: bools(b, "ended")?,
            end_date: dates(b, "end_date")?,
            censor: dates(b, "censor_date")?,
            stock_from: i32s(b, "stock_from")?,
            stock_to: i32s(b, "stock_to")?,
            dates: [
                dates(b, "datip")?,
                dates(b, "notifeval")?,
                dates(b, "fineval")?,
                dates(b, "datdecpe")?,
            ],
            anais: i32s(b, "anais")?,
            mnais: i32s(b, "mnais")?,
        })
    }

    /// Row indices grouped by département (in order of first appearance), each sorted by person
    /// (stable: rows of one person keep their order).
    fn by_departement(&self) -> Vec<(&'a str, Vec<usize>)> {
        let mut groups: Vec<(&'a str, Vec<usize>)> = Vec::new();
        let mut index: BTreeMap<&'a str, usize> = BTreeMap::new();
        for i in 0..self.dep.len() {
            let d = self.dep.value(i);
            let g = *index.entry(d).or_insert_with(|| {
                groups.push((d, Vec::new()));
                groups.len() - 1
            });
            groups[g].1.push(i);
        }
        for (_, rows) in &mut groups {
            rows.sort_by_key(|&i| self.person.value(i));
        }
        groups.sort_by(|a, b| a.0.cmp(b.0));
        groups
    }

    /// Rows of one person (runs of equal `person` in a sorted group).
    fn persons<'r>(&self, rows: &'r [usize]) -> impl Iterator<Item = &'r [usize]> {
        let person = self.person;
        rows.chunk_by(move |&a, &b| person.value(a) == person.value(b))
    }

    /// End for the stock and the periods: the end, else the censoring date.
    fn fin(&self, i: usize) -> Option<i32> {
        get(self.end_date, i).or_else(|| get(self.censor, i))
    }

    /// `duration_days` of the view `olinpe_measures`.
    fn duration(&self, i: usize) -> Option<i32> {
        let ended = get_bool(self.ended, i);
        let deb = get(self.datdeb, i)?;
        match ended {
            Some(true) => get(self.datfin, i).map(|f| f - deb),
            Some(false) => get(self.censor, i).map(|c| c - deb),
            None => None,
        }
    }
}

fn get_bool(a: &BooleanArray, i: usize) -> Option<bool> {
    a.is_valid(i).then(|| a.value(i))
}

/// Compute every indicator table from the derived tables; (table name, file, batch) in the
/// order of [`FILES`].
pub fn compute(d: &Derived) -> Result<Vec<(&'static str, &'static str, RecordBatch)>> {
    let m = Measures::new(&d.measures)?;
    let groups = m.by_departement();
    let mut years: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    let (edeps, eyears) = (
        text(&d.extracts, "departement")?,
        i32s(&d.extracts, "year")?,
    );
    for i in 0..edeps.len() {
        years
            .entry(edeps.value(i).to_string())
            .or_default()
            .insert(eyears.value(i));
    }
    let none = BTreeSet::new();
    let mut stock = Stock::default();
    let mut family = Stock::default();
    let mut entries: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    let mut ages: BTreeMap<(&str, i32, &'static str), i64> = BTreeMap::new();
    let mut moves: BTreeMap<(&str, i32), i64> = BTreeMap::new();
    let mut durations = Vec::new();
    let mut delays = Vec::new();
    for (dep, rows) in &groups {
        let ys = years.get(*dep).unwrap_or(&none);
        for one in m.persons(rows) {
            stock.person(&m, dep, ys, one, |i| Some(m.measure_type.value(i)));
            family.person(&m, dep, ys, one, |i| {
                m.family.is_valid(i).then(|| m.family.value(i))
            });
            first_measure(&m, dep, ys, one, &mut entries, &mut ages);
            moved(&m, dep, one, &mut moves);
        }
        durations.extend(kaplan_meier(&m, dep, rows));
        delays.extend(delay_rows(&m, dep, rows));
    }
    let (exits, reasons) = exits(&d.periods, &years)?;
    let out = vec![
        stock.batch("olinpe_stock_counts", true)?,
        family.batch("olinpe_family_counts", false)?,
        flows_batch(&years, &entries, &exits)?,
        reasons_batch(&reasons)?,
        durations_batch(&durations)?,
        ages_batch(&ages)?,
        sequences_batch(&d.sequences)?,
        delays_batch(&delays)?,
        placements_batch(&d.counts, &moves)?,
    ];
    Ok(FILES
        .iter()
        .zip(out)
        .map(|((name, file), b)| (*name, *file, b))
        .collect())
}

fn field(name: &str, t: DataType, nullable: bool) -> Field {
    Field::new(name, t, nullable)
}

fn utf8(name: &str) -> Field {
    field(name, DataType::Utf8, false)
}

fn count(name: &str) -> Field {
    field(name, DataType::Int64, false)
}

/// Schema of the table `name` (one of [`FILES`]).
pub fn schema(name: &str) -> Option<SchemaRef> {
    static SCHEMAS: OnceLock<BTreeMap<&'static str, SchemaRef>> = OnceLock::new();
    SCHEMAS
        .get_or_init(|| {
            let year = || field("year", DataType::Int32, false);
            let int = |n: &str| field(n, DataType::Int32, true);
            let s = |f: Vec<Field>| Arc::new(Schema::new(f));
            BTreeMap::from([
                (
                    "olinpe_stock_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        utf8("measure_type"),
                        count("measures"),
                        count("persons"),
                    ]),
                ),
                (
                    "olinpe_family_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        utf8("family"),
                        count("measures"),
                        count("persons"),
                    ]),
                ),
                (
                    "olinpe_flow_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        count("entries"),
                        count("exits"),
                    ]),
                ),
                (
                    "olinpe_exit_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        int("motfinint"),
                        int("motifml"),
                        count("exits"),
                    ]),
                ),
                (
                    "olinpe_duration_counts",
                    s(vec![
                        utf8("departement"),
                        utf8("measure_type"),
                        count("n"),
                        count("censored"),
                        int("median_days"),
                        int("q1_days"),
                        int("q3_days"),
                        field("note", DataType::Utf8, true),
                    ]),
                ),
                (
                    "olinpe_entry_age_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        utf8("age_band"),
                        count("persons"),
                    ]),
                ),
                (
                    "olinpe_sequence_counts",
                    s(vec![
                        utf8("departement"),
                        utf8("sequence"),
                        count("persons"),
                    ]),
                ),
                (
                    "olinpe_delay_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        count("step"),
                        utf8("delay"),
                        count("n"),
                        count("negative"),
                        field("median_days", DataType::Float64, true),
                    ]),
                ),
                (
                    "olinpe_placement_counts",
                    s(vec![
                        utf8("departement"),
                        year(),
                        count("renewals_known"),
                        count("renewals_with_change"),
                        count("ends_known"),
                        count("changes_at_end"),
                        count("persons_moved"),
                    ]),
                ),
            ])
        })
        .get(name)
        .cloned()
}

fn batch(name: &str, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    let schema = schema(name).expect("a table of FILES");
    RecordBatch::try_new(schema, columns).map_err(|e| Error::Invalid(format!("{name} : {e}")))
}

fn strs<'k, K: 'k>(keys: impl Iterator<Item = &'k K>, f: impl Fn(&K) -> &str) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(keys.map(f)))
}

/// Measures and distinct persons in progress at 31/12 of each extract year, by key, and
/// their `total` (every measure counted, each person once).
#[derive(Default)]
struct Stock<'a> {
    /// (département, year, key) → (measures, persons).
    cells: BTreeMap<(&'a str, i32, &'a str), (i64, i64)>,
    /// (département, year) → (measures, persons).
    totals: BTreeMap<(&'a str, i32), (i64, i64)>,
}

impl<'a> Stock<'a> {
    /// One person's measures `rows`, each counted in the extract years `years` within
    /// `stock_from ≤ Y < stock_to`, under its key (none: not counted).
    fn person(
        &mut self,
        m: &Measures<'a>,
        dep: &'a str,
        years: &BTreeSet<i32>,
        rows: &[usize],
        key: impl Fn(usize) -> Option<&'a str>,
    ) {
        let mut seen: Vec<(i32, &'a str)> = Vec::new();
        for &i in rows {
            let (Some(k), Some(from), Some(to)) =
                (key(i), get(m.stock_from, i), get(m.stock_to, i))
            else {
                continue;
            };
            if from < to {
                seen.extend(years.range(from..to).map(|&y| (y, k)));
            }
        }
        if seen.is_empty() {
            return;
        }
        seen.sort_unstable();
        for same in seen.chunk_by(|a, b| a == b) {
            let c = self.cells.entry((dep, same[0].0, same[0].1)).or_default();
            c.0 += same.len() as i64;
            c.1 += 1;
        }
        for year in seen.chunk_by(|a, b| a.0 == b.0) {
            let t = self.totals.entry((dep, year[0].0)).or_default();
            t.0 += year.len() as i64;
            t.1 += 1;
        }
    }

    /// The rows: each key, then `total` when `total` is set.
    fn batch(self, name: &str, total: bool) -> Result<RecordBatch> {
        let mut rows: Vec<(&str, i32, &str, i64, i64)> = Vec::new();
        let mut totals = self.totals.into_iter().peekable();
        let mut cells = self.cells.into_iter().peekable();
        while let Some(((d, y, k), (m, p))) = cells.next() {
            rows.push((d, y, k, m, p));
            let last_of_year = cells
                .peek()
                .is_none_or(|((d2, y2, _), _)| (d2, y2) != (&d, &y));
            if last_of_year {
                let ((td, ty), (tm, tp)) = totals.next().expect("a total per year");
                if total {
                    rows.push((td, ty, "total", tm, tp));
                }
            }
        }
        batch(
            name,
            vec![
                strs(rows.iter(), |r| r.0),
                Arc::new(rows.iter().map(|r| r.1).collect::<Int32Array>()),
                strs(rows.iter(), |r| r.2),
                Arc::new(rows.iter().map(|r| r.3).collect::<Int64Array>()),
                Arc::new(rows.iter().map(|r| r.4).collect::<Int64Array>()),
            ],
        )
    }
}

/// The person's first measure (earliest `DATDEB`): an entry in its year, and the age band at
/// entry, when that year is an extract year.
fn first_measure<'a>(
    m: &Measures,
    dep: &'a str,
    years: &BTreeSet<i32>,
    rows: &[usize],
    entries: &mut BTreeMap<(&'a str, i32), i64>,
    ages: &mut BTreeMap<(&'a str, i32, &'static str), i64>,
) {
    let Some(first) = rows.iter().filter_map(|&i| get(m.datdeb, i)).min() else {
        return;
    };
    let anais = rows.iter().filter_map(|&i| get(m.anais, i)).max();
    let mnais = rows.iter().filter_map(|&i| get(m.mnais, i)).max();
    let (year, month, day) = civil_from_days(first);
    *entries.entry((dep, year)).or_default() += 1;
    if !years.contains(&year) {
        return;
    }
    let age = anais.map(|a| {
        let months = (year - a) * 12 + month as i32 - mnais.unwrap_or(7) - i32::from(day < 15);
        (f64::from(months) / 12.0).floor() as i32
    });
    let band = match age {
        None => "inconnu",
        Some(a) if !(0..=20).contains(&a) => "hors bornes",
        Some(0..=2) => "0-2",
        Some(3..=5) => "3-5",
        Some(6..=10) => "6-10",
        Some(11..=15) => "11-15",
        Some(16..=17) => "16-17",
        Some(_) => "18-20",
    };
    *ages.entry((dep, year, band)).or_default() += 1;
}

/// Whether the person passes from one accueil measure to another (a new one starting while
/// one was in progress or ended at most 30 days before), counted in the year of that start.
fn moved<'a>(
    m: &Measures,
    dep: &'a str,
    rows: &[usize],
    moves: &mut BTreeMap<(&'a str, i32), i64>,
) {
    let mut acc: Vec<(i32, Option<i32>)> = rows
        .iter()
        .filter(|&&i| m.family.is_valid(i) && m.family.value(i) == "accueil")
        .filter_map(|&i| get(m.datdeb, i).map(|d| (d, m.fin(i))))
        .collect();
    if acc.len() < 2 {
        return;
    }
    acc.sort_unstable();
    let mut prev: Option<i32> = None;
    let mut years: BTreeSet<i32> = BTreeSet::new();
    for (deb, fin) in acc {
        if prev.is_some_and(|p| i64::from(deb) - i64::from(p) - 1 <= 30) {
            years.insert(year_of(deb));
        }
        prev = match (prev, fin) {
            (Some(p), Some(f)) => Some(p.max(f)),
            (p, f) => p.or(f),
        };
    }
    for y in years {
        *moves.entry((dep, y)).or_default() += 1;
    }
}

/// One row of the durations: (département, type, n, censored, median, q1, q3, note).
type Duration = (
    String,
    String,
    i64,
    i64,
    Option<i32>,
    Option<i32>,
    Option<i32>,
);

/// Kaplan-Meier by measure type over the measures of one département, as
/// `queries/olinpe/reference/durations.sql` computes it.
fn kaplan_meier(m: &Measures, dep: &str, rows: &[usize]) -> Vec<Duration> {
    let mut by_type: BTreeMap<&str, Vec<(i32, i64)>> = BTreeMap::new();
    for &i in rows {
        if let Some(t) = m.duration(i).filter(|t| *t >= 0) {
            let ev = i64::from(get_bool(m.ended, i) == Some(true));
            by_type
                .entry(m.measure_type.value(i))
                .or_default()
                .push((t, ev));
        }
    }
    let mut out = Vec::new();
    for (ty, mut v) in by_type {
        v.sort_unstable();
        // (t, deaths, count) per distinct duration.
        let g: Vec<(i32, i64, i64)> = v
            .chunk_by(|a, b| a.0 == b.0)
            .map(|s| (s[0].0, s.iter().map(|e| e.1).sum(), s.len() as i64))
            .collect();
        let mut at_risk = vec![0i64; g.len()];
        let mut acc = 0i64;
        for (k, row) in g.iter().enumerate().rev() {
            acc += row.2;
            at_risk[k] = acc;
        }
        let (mut emptied, mut log_surv) = (0i64, 0.0f64);
        let mut q: [Option<i32>; 3] = [None; 3];
        for (k, &(t, d, _)) in g.iter().enumerate() {
            let r = at_risk[k];
            emptied += i64::from(d == r);
            log_surv += if d < r {
                (1.0 - d as f64 / r as f64).ln()
            } else {
                0.0
            };
            let surv = if emptied > 0 { 0.0 } else { log_surv.exp() };
            for (slot, p) in q.iter_mut().zip([0.75, 0.5, 0.25]) {
                if slot.is_none() && surv <= p + 1e-9 {
                    *slot = Some(t);
                }
            }
        }
        let n = v.len() as i64;
        let censored = v.iter().map(|e| 1 - e.1).sum();
        out.push((
            dep.to_string(),
            ty.to_string(),
            n,
            censored,
            q[1],
            q[0],
            q[2],
        ));
    }
    out
}

fn duration_note(r: &Duration) -> Option<&'static str> {
    if r.5.is_none() {
        Some("survie jamais sous 75 % : trop de mesures en cours pour estimer médiane et quartiles")
    } else if r.4.is_none() {
        Some("survie jamais sous 50 % : trop de mesures en cours pour estimer la médiane")
    } else if r.6.is_none() {
        Some("survie jamais sous 25 % : troisième quartile non estimable")
    } else {
        None
    }
}

fn durations_batch(rows: &[Duration]) -> Result<RecordBatch> {
    batch(
        "olinpe_duration_counts",
        vec![
            strs(rows.iter(), |r| &r.0),
            strs(rows.iter(), |r| &r.1),
            Arc::new(rows.iter().map(|r| r.2).collect::<Int64Array>()),
            Arc::new(rows.iter().map(|r| r.3).collect::<Int64Array>()),
            Arc::new(rows.iter().map(|r| r.4).collect::<Int32Array>()),
            Arc::new(rows.iter().map(|r| r.5).collect::<Int32Array>()),
            Arc::new(rows.iter().map(|r| r.6).collect::<Int32Array>()),
            Arc::new(rows.iter().map(duration_note).collect::<StringArray>()),
        ],
    )
}

/// The delays' steps: number, label, (from, to) among `Measures::dates` (4: `DATDEB`).
const STEPS: [(i64, &str, usize, usize); 4] = [
    (1, "IP → évaluation", 0, 1),
    (2, "évaluation", 1, 2),
    (3, "évaluation → décision", 2, 3),
    (4, "décision → début", 3, 4),
];

/// One row of the delays: (département, year, step, n, negative, median).
type Delay = (String, i32, i64, i64, i64, Option<f64>);

fn delay_rows(m: &Measures, dep: &str, rows: &[usize]) -> Vec<Delay> {
    let mut groups: BTreeMap<(i32, i64), (i64, Vec<f64>)> = BTreeMap::new();
    for &i in rows {
        let Some(deb) = get(m.datdeb, i) else {
            continue;
        };
        let d: [Option<i32>; 5] = [
            get(m.dates[0], i),
            get(m.dates[1], i),
            get(m.dates[2], i),
            get(m.dates[3], i),
            Some(deb),
        ];
        if d[..4].iter().all(Option::is_none) {
            continue;
        }
        for (step, _, from, to) in STEPS {
            if let (Some(a), Some(b)) = (d[from], d[to]) {
                let g = groups.entry((year_of(deb), step)).or_default();
                let days = b - a;
                if days < 0 {
                    g.0 += 1;
                } else {
                    g.1.push(f64::from(days));
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|((year, step), (negative, mut v))| {
            let n = v.len() as i64;
            (dep.to_string(), year, step, n, negative, median(&mut v))
        })
        .collect()
}

/// DataFusion's `median`: the middle value, or the mean of the two middle values
/// (`(low + high) / 2`) for an even count; NULL for none.
fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    Some(if n.is_multiple_of(2) {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    } else {
        v[n / 2]
    })
}

fn delays_batch(rows: &[Delay]) -> Result<RecordBatch> {
    let label = |s: i64| STEPS[(s - 1) as usize].1;
    batch(
        "olinpe_delay_counts",
        vec![
            strs(rows.iter(), |r| &r.0),
            Arc::new(rows.iter().map(|r| r.1).collect::<Int32Array>()),
            Arc::new(rows.iter().map(|r| r.2).collect::<Int64Array>()),
            strs(rows.iter(), |r| label(r.2)),
            Arc::new(rows.iter().map(|r| r.3).collect::<Int64Array>()),
            Arc::new(rows.iter().map(|r| r.4).collect::<Int64Array>()),
            Arc::new(rows.iter().map(|r| r.5).collect::<Float64Array>()),
        ],
    )
}

type ExitKey<'p> = (&'p str, i32, Option<i32>, Option<i32>);

/// Exits (ends of a period with a gap of 0 days) per département and year, and per reason,
/// in the extract years.
#[allow(clippy::type_complexity)]
fn exits<'p>(
    periods: &'p RecordBatch,
    years: &BTreeMap<String, BTreeSet<i32>>,
) -> Result<(BTreeMap<(&'p str, i32), i64>, BTreeMap<ExitKey<'p>, i64>)> {
    let (deps, gap) = (text(periods, "departement")?, i64s(periods, "gap_days")?);
    let (end, open) = (dates(periods, "period_end")?, bools(periods, "open")?);
    let (motfinint, motifml) = (
        i32s(periods, "exit_motfinint")?,
        i32s(periods, "exit_motifml")?,
    );
    let mut exits = BTreeMap::new();
    let mut reasons = BTreeMap::new();
    for i in 0..periods.num_rows() {
        if get(gap, i) != Some(0) || get_bool(open, i) != Some(false) {
            continue;
        }
        let Some(e) = get(end, i) else {
            continue;
        };
        let (dep, year) = (deps.value(i), year_of(e));
        if !years.get(dep).is_some_and(|y| y.contains(&year)) {
            continue;
        }
        *exits.entry((dep, year)).or_default() += 1;
        let key = (dep, year, get(motfinint, i), get(motifml, i));
        *reasons.entry(key).or_default() += 1;
    }
    Ok((exits, reasons))
}

fn flows_batch(
    years: &BTreeMap<String, BTreeSet<i32>>,
    entries: &BTreeMap<(&str, i32), i64>,
    exits: &BTreeMap<(&str, i32), i64>,
) -> Result<RecordBatch> {
    let rows: Vec<(&str, i32)> = years
        .iter()
        .flat_map(|(d, ys)| ys.iter().map(move |y| (d.as_str(), *y)))
        .collect();
    let n = |m: &BTreeMap<(&str, i32), i64>| -> ArrayRef {
        Arc::new(
            rows.iter()
                .map(|k| m.get(k).copied().unwrap_or(0))
                .collect::<Int64Array>(),
        )
    };
    batch(
        "olinpe_flow_counts",
        vec![
            strs(rows.iter(), |r| r.0),
            Arc::new(rows.iter().map(|r| r.1).collect::<Int32Array>()),
            n(entries),
            n(exits),
        ],
    )
}

fn reasons_batch(reasons: &BTreeMap<ExitKey, i64>) -> Result<RecordBatch> {
    batch(
        "olinpe_exit_counts",
        vec![
            strs(reasons.keys(), |k| k.0),
            Arc::new(reasons.keys().map(|k| k.1).collect::<Int32Array>()),
            Arc::new(reasons.keys().map(|k| k.2).collect::<Int32Array>()),
            Arc::new(reasons.keys().map(|k| k.3).collect::<Int32Array>()),
            Arc::new(reasons.values().copied().collect::<Int64Array>()),
        ],
    )
}

fn ages_batch(ages: &BTreeMap<(&str, i32, &'static str), i64>) -> Result<RecordBatch> {
    batch(
        "olinpe_entry_age_counts",
        vec![
            strs(ages.keys(), |k| k.0),
            Arc::new(ages.keys().map(|k| k.1).collect::<Int32Array>()),
            strs(ages.keys(), |k| k.2),
            Arc::new(ages.values().copied().collect::<Int64Array>()),
        ],
    )
}

fn sequences_batch(sequences: &RecordBatch) -> Result<RecordBatch> {
    let (deps, seqs) = (
        text(sequences, "departement")?,
        text(sequences, "sequence")?,
    );
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for i in 0..sequences.num_rows() {
        *counts.entry((deps.value(i), seqs.value(i))).or_default() += 1;
    }
    batch(
        "olinpe_sequence_counts",
        vec![
            strs(counts.keys(), |k| k.0),
            strs(counts.keys(), |k| k.1),
            Arc::new(counts.values().copied().collect::<Int64Array>()),
        ],
    )
}

fn placements_batch(
    counts: &EventCounts,
    moves: &BTreeMap<(&str, i32), i64>,
) -> Result<RecordBatch> {
    let c = &counts.0;
    let n = |k: usize| -> ArrayRef { Arc::new(c.values().map(|v| v[k]).collect::<Int64Array>()) };
    batch(
        "olinpe_placement_counts",
        vec![
            strs(c.keys(), |k| &k.0),
            Arc::new(c.keys().map(|k| k.1).collect::<Int32Array>()),
            n(0),
            n(1),
            n(2),
            n(3),
            Arc::new(
                c.keys()
                    .map(|k| moves.get(&(k.0.as_str(), k.1)).copied().unwrap_or(0))
                    .collect::<Int64Array>(),
            ),
        ],
    )
}
