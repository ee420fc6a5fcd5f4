//! What the import derives once from every event held, so that the indicator views are simple
//! aggregates: the persons (union-find, [`persons::Linker`]), the measures and the continuous
//! care periods, written beside the events and rebuilt from every partition at each import.
//!
//! * `olinpe/mesures.parquet` (table `olinpe_measure_rows`, [`measures_schema`]): one row per
//!   person, département, `DECISION`, nature (`NATPDECADM` if administrative, `NATDECASSED` if
//!   judiciaire) and `DATDEB` — the start, renewals (`TYPEV` 2) and end (3) of one decision —,
//!   from the events with a `DATDEB` and a usable `NUMANONYM`; a measure without an end is
//!   censored at 31/12 of the département's last year of extract; the person's birth (largest
//!   `ANAIS` and `MNAIS` of all its events). The view `olinpe_measures` types it
//!   (`olinpe_measure_types`).
//! * `olinpe/prises_en_charge.parquet` (table `olinpe_period_rows`, [`periods_schema`]): the
//!   measures of a person that overlap or follow each other with a gap of at most 0 or 30 days
//!   (`gap_days`), in the order of their start then end; the first measure (earliest start)
//!   and the last (latest end, then latest start) named by their decision, nature and
//!   `TYPINTERDOM` for the view `olinpe_periods` to type them.
//!
//! Ties (two measures of one person with the same start and end) are broken on decision, then
//! nature, so that the same files always give the same tables.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use datafusion::arrow::datatypes::{DataType, Date32Type, Field, Int32Type, Schema, SchemaRef};

use super::dates::days_from_civil;
use super::persons::Linker;
use super::rules;
use crate::error::{Error, Result};

/// NULL in the compact rows.
const NULL: i32 = i32::MIN;

/// One event kept for the measures: a usable identifier and a `DATDEB`.
#[derive(Debug, Clone, Copy)]
struct Ev {
    id: u32,
    year: i32,
    typev: i32,
    decision: i32,
    nature: i32,
    typinterdom: i32,
    motfinint: i32,
    motifml: i32,
    datdeb: i32,
    datfin: i32,
    datdecpe: i32,
    datip: i32,
    notifeval: i32,
    fineval: i32,
}

#[derive(Debug, Default)]
struct Departement {
    last_year: i32,
    events: Vec<Ev>,
}

/// Every event read or held, gathered for [`Collector::finish`].
#[derive(Debug, Default)]
pub struct Collector {
    linker: Linker,
    /// Largest `ANAIS`, `MNAIS` of each identifier index.
    births: Vec<[i32; 2]>,
    departements: BTreeMap<String, Departement>,
    /// Events of each extract file: (département, year, events).
    extracts: BTreeMap<String, (String, i32, i64)>,
    /// Event-level counters of the placement changes ([`super::indicators`]).
    counts: super::indicators::EventCounts,
}

fn ints<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a Int32Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<Int32Type>())
        .ok_or_else(|| Error::Invalid(format!("événements OLINPE : colonne `{name}` attendue")))
}

fn days<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a Date32Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<Date32Type>())
        .ok_or_else(|| Error::Invalid(format!("événements OLINPE : colonne `{name}` attendue")))
}

fn texts<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_string_opt::<i32>())
        .ok_or_else(|| Error::Invalid(format!("événements OLINPE : colonne `{name}` attendue")))
}

fn at<T: Array>(a: &T, i: usize, v: impl Fn(usize) -> i32) -> i32 {
    if a.is_null(i) { NULL } else { v(i) }
}

fn min_of(a: i32, b: i32) -> i32 {
    match (a == NULL, b == NULL) {
        (true, _) => b,
        (_, true) => a,
        _ => a.min(b),
    }
}

impl Collector {
    /// Add the events of `batch` (columns of [`super::events::schema`], at least those the
    /// measures read).
    pub fn add(&mut self, batch: &RecordBatch) -> Result<()> {
        let n = batch.num_rows();
        if n == 0 {
            return Ok(());
        }
        let (deps, years) = (texts(batch, "departement")?, ints(batch, "year")?);
        let files = texts(batch, "file")?;
        self.counts.add(batch)?;
        for i in 0..n {
            let e = self
                .extracts
                .entry(files.value(i).to_string())
                .or_insert_with(|| (deps.value(i).to_string(), years.value(i), 0));
            e.2 += 1;
        }
        let (ids, ants) = (texts(batch, "numanonym")?, texts(batch, "numanonymant")?);
        let c = |name| ints(batch, name);
        let (typev, decision, adm, jud) = (
            c("typev")?,
            c("decision")?,
            c("natpdecadm")?,
            c("natdecassed")?,
        );
        let (typinterdom, motfinint, motifml) = (c("typinterdom")?, c("motfinint")?, c("motifml")?);
        let (anais, mnais) = (c("anais")?, c("mnais")?);
        let d = |name| days(batch, name);
        let (datdeb, datfin, datdecpe) = (d("datdeb")?, d("datfin")?, d("datdecpe")?);
        let (datip, notifeval, fineval) = (d("datip")?, d("notifeval")?, d("fineval")?);
        let mut current: Option<(&str, &mut Departement)> = None;
        for i in 0..n {
            let dep = deps.value(i);
            let year = years.value(i);
            if current.as_ref().is_none_or(|(d, _)| *d != dep) {
                current = Some((dep, self.departements.entry(dep.to_string()).or_default()));
            }
            let (_, dep_rows) = current.as_mut().expect("set above");
            dep_rows.last_year = dep_rows.last_year.max(year);
            let id = (!ids.is_null(i)).then(|| ids.value(i));
            let ant = (!ants.is_null(i)).then(|| ants.value(i));
            let Some(index) = self.linker.add_row(id, ant) else {
                continue;
            };
            if self.births.len() <= index as usize {
                self.births.resize(index as usize + 1, [NULL, NULL]);
            }
            let b = &mut self.births[index as usize];
            b[0] = b[0].max(at(anais, i, |i| anais.value(i)));
            b[1] = b[1].max(at(mnais, i, |i| mnais.value(i)));
            if datdeb.is_null(i) {
                continue;
            }
            let dec = at(decision, i, |i| decision.value(i));
            let nature = match dec {
                1 => at(adm, i, |i| adm.value(i)),
                2 => at(jud, i, |i| jud.value(i)),
                _ => NULL,
            };
            dep_rows.events.push(Ev {
                id: index,
                year,
                typev: at(typev, i, |i| typev.value(i)),
                decision: dec,
                nature,
                typinterdom: at(typinterdom, i, |i| typinterdom.value(i)),
                motfinint: at(motfinint, i, |i| motfinint.value(i)),
                motifml: at(motifml, i, |i| motifml.value(i)),
                datdeb: datdeb.value(i),
                datfin: at(datfin, i, |i| datfin.value(i)),
                datdecpe: at(datdecpe, i, |i| datdecpe.value(i)),
                datip: at(datip, i, |i| datip.value(i)),
                notifeval: at(notifeval, i, |i| notifeval.value(i)),
                fineval: at(fineval, i, |i| fineval.value(i)),
            });
        }
        Ok(())
    }

    /// The persons table, the measures and the periods (see the module's text).
    pub fn finish(self) -> Result<Derived> {
        let start = std::time::Instant::now();
        self.finish_timed(start, &mut start.clone())
    }

    /// [`Collector::finish`], its phases timed ([`super::timing`]) from `start`.
    pub fn finish_timed(
        self,
        start: std::time::Instant,
        last: &mut std::time::Instant,
    ) -> Result<Derived> {
        let Collector {
            linker,
            births,
            departements,
            extracts,
            counts,
        } = self;
        let (person_of, persons) = linker.finish();
        let mut birth_of_person: Vec<[i32; 2]> = vec![[NULL, NULL]; person_of.len() + 1];
        for (index, b) in births.iter().enumerate() {
            let p = &mut birth_of_person[person_of[index] as usize];
            p[0] = p[0].max(b[0]);
            p[1] = p[1].max(b[1]);
        }
        super::timing("personnes (union-find, rangs)", start, last);
        // The départements in two runs of about the same number of events, derived side by
        // side (each département is independent once the persons are known), then put back
        // in their order: the same rows as one run.
        let departements: Vec<(String, Departement)> = departements.into_iter().collect();
        let total: usize = departements.iter().map(|(_, d)| d.events.len()).sum();
        let mut split = 0;
        let mut seen = 0;
        while split < departements.len() && seen * 2 < total {
            seen += departements[split].1.events.len();
            split += 1;
        }
        let mut second = departements;
        let first: Vec<(String, Departement)> = second.drain(..split).collect();
        let (person_of, birth_of_person) = (&person_of[..], &birth_of_person[..]);
        let parts: [Part; 2] = std::thread::scope(|s| {
            let a = s.spawn(move || derive(first, person_of, birth_of_person));
            let b = derive(second, person_of, birth_of_person);
            [a.join().expect("derivation thread"), b]
        });
        super::timing("mesures, prises en charge, parcours", start, last);
        let (measures, periods, sequences) = std::thread::scope(|s| {
            let m = s.spawn(|| MeasureColumns::batch(&parts));
            let p = s.spawn(|| PeriodColumns::batch(&parts));
            let q = SequenceColumns::batch(&parts);
            (
                m.join().expect("measures thread"),
                p.join().expect("periods thread"),
                q,
            )
        });
        drop(parts);
        let d = Derived {
            persons,
            measures: measures?,
            periods: periods?,
            sequences: sequences?,
            extracts: extracts_batch(&extracts)?,
            counts,
        };
        super::timing("tables dérivées en Arrow", start, last);
        Ok(d)
    }
}

/// The measures, periods and parcours of a run of départements.
#[derive(Default)]
struct Part {
    m: MeasureColumns,
    p: PeriodColumns,
    q: SequenceColumns,
}

/// Derive the départements `deps` (in order): `person_of` gives the person of an identifier
/// index, `birth_of_person` the birth of a person.
fn derive(
    deps: Vec<(String, Departement)>,
    person_of: &[i64],
    birth_of_person: &[[i32; 2]],
) -> Part {
    let Part {
        mut m,
        mut p,
        mut q,
    } = Part::default();
    for (dep, rows) in deps {
        let censor = days_from_civil(rows.last_year, 12, 31).unwrap_or(NULL);
        let mut events = rows.events;
        // The person in place of the identifier (a person is at most the number of
        // identifiers: it fits), so that sorting reads each event only.
        for e in &mut events {
            e.id = person_of[e.id as usize] as u32;
        }
        let key = |e: &Ev| (e.id, e.decision, e.nature, e.datdeb);
        events.sort_unstable_by_key(key);
        let first = m.len();
        for group in events.chunk_by(|a, b| key(a) == key(b)) {
            let (person, decision, nature, datdeb) = key(&group[0]);
            let mut r = Measure {
                person: i64::from(person),
                decision,
                nature,
                datdeb,
                typinterdom: NULL,
                datdecpe: NULL,
                datip: NULL,
                notifeval: NULL,
                fineval: NULL,
                starts: 0,
                renewals: 0,
                ended: false,
                datfin: NULL,
                end_year: NULL,
                motfinint: NULL,
                motifml: NULL,
                end_date: NULL,
                censor,
                measure_type: "autre",
                family: None,
            };
            for e in group {
                r.typinterdom = r.typinterdom.max(e.typinterdom);
                r.datdecpe = min_of(r.datdecpe, e.datdecpe);
                r.datip = min_of(r.datip, e.datip);
                r.notifeval = min_of(r.notifeval, e.notifeval);
                r.fineval = min_of(r.fineval, e.fineval);
                match e.typev {
                    1 => r.starts += 1,
                    2 => r.renewals += 1,
                    3 => {
                        r.ended = true;
                        r.datfin = r.datfin.max(e.datfin);
                        r.end_year = r.end_year.max(e.year);
                        r.motfinint = r.motfinint.max(e.motfinint);
                        r.motifml = r.motifml.max(e.motifml);
                    }
                    _ => {}
                }
            }
            (r.measure_type, r.family) =
                rules::classify(opt(r.decision), opt(r.nature), opt(r.typinterdom));
            if r.ended {
                r.end_date = if r.datfin != NULL {
                    r.datfin
                } else {
                    days_from_civil(r.end_year, 12, 31).unwrap_or(NULL)
                };
            }
            m.push(&r, birth_of_person[person as usize]);
        }
        drop(events);
        let measures = &m.rows[first..];
        for person in measures.chunk_by(|a, b| a.person == b.person) {
            for gap in [0, 30] {
                p.person(&dep, person, gap);
            }
            q.person(&dep, person);
        }
        m.deps.push((dep, m.len() - first));
    }
    Part { m, p, q }
}

/// The derived tables.
pub struct Derived {
    pub persons: RecordBatch,
    pub measures: RecordBatch,
    pub periods: RecordBatch,
    pub sequences: RecordBatch,
    pub extracts: RecordBatch,
    /// Event-level counters for [`super::indicators`] (placement changes).
    pub counts: super::indicators::EventCounts,
}

#[derive(Debug, Clone)]
struct Measure {
    person: i64,
    decision: i32,
    nature: i32,
    datdeb: i32,
    typinterdom: i32,
    datdecpe: i32,
    datip: i32,
    notifeval: i32,
    fineval: i32,
    starts: i64,
    renewals: i64,
    ended: bool,
    datfin: i32,
    end_year: i32,
    motfinint: i32,
    motifml: i32,
    end_date: i32,
    censor: i32,
    measure_type: &'static str,
    family: Option<&'static str>,
}

impl Measure {
    /// End for the stock and the periods: the end, else the censoring date.
    fn fin(&self) -> i32 {
        if self.end_date == NULL {
            self.censor
        } else {
            self.end_date
        }
    }
}

#[derive(Default)]
struct MeasureColumns {
    rows: Vec<Measure>,
    births: Vec<[i32; 2]>,
    /// (département, number of rows), in row order.
    deps: Vec<(String, usize)>,
}

fn opt(v: i32) -> Option<i32> {
    (v != NULL).then_some(v)
}

fn int_col(rows: impl Iterator<Item = i32>) -> ArrayRef {
    Arc::new(rows.map(opt).collect::<Int32Array>())
}

fn date_col(rows: impl Iterator<Item = i32>) -> ArrayRef {
    Arc::new(rows.map(opt).collect::<Date32Array>())
}

fn dep_col<'a>(deps: impl Iterator<Item = &'a (String, usize)> + Clone) -> ArrayRef {
    let rows: usize = deps.clone().map(|(_, n)| n).sum();
    let mut b = datafusion::arrow::array::StringBuilder::with_capacity(rows, rows * 3);
    for (d, n) in deps {
        for _ in 0..*n {
            b.append_value(d);
        }
    }
    Arc::new(b.finish())
}

impl MeasureColumns {
    fn len(&self) -> usize {
        self.rows.len()
    }

    fn push(&mut self, m: &Measure, birth: [i32; 2]) {
        self.rows.push(m.clone());
        self.births.push(birth);
    }

    /// The measures of `parts`, in order, as a batch of [`measures_schema`].
    fn batch(parts: &[Part; 2]) -> Result<RecordBatch> {
        let r = || parts[0].m.rows.iter().chain(&parts[1].m.rows);
        let births = || parts[0].m.births.iter().chain(&parts[1].m.births);
        let columns: Vec<ArrayRef> = vec![
            dep_col(parts.iter().flat_map(|p| p.m.deps.iter())),
            Arc::new(r().map(|m| m.person).collect::<Int64Array>()),
            int_col(r().map(|m| m.decision)),
            int_col(r().map(|m| m.nature)),
            int_col(r().map(|m| m.typinterdom)),
            Arc::new(StringArray::from_iter_values(r().map(|m| m.measure_type))),
            Arc::new(r().map(|m| m.family).collect::<StringArray>()),
            date_col(r().map(|m| m.datdeb)),
            date_col(r().map(|m| m.datfin)),
            int_col(r().map(|m| m.end_year)),
            Arc::new(r().map(|m| Some(m.ended)).collect::<BooleanArray>()),
            date_col(r().map(|m| m.end_date)),
            date_col(r().map(|m| m.censor)),
            Arc::new(r().map(|m| civil_year(m.datdeb)).collect::<Int32Array>()),
            Arc::new(
                r().map(|m| {
                    if m.end_date == NULL {
                        civil_year(m.censor).map(|y| y + 1)
                    } else {
                        civil_year(m.end_date)
                    }
                })
                .collect::<Int32Array>(),
            ),
            Arc::new(r().map(|m| m.starts).collect::<Int64Array>()),
            Arc::new(r().map(|m| m.renewals).collect::<Int64Array>()),
            int_col(r().map(|m| m.motfinint)),
            int_col(r().map(|m| m.motifml)),
            date_col(r().map(|m| m.datdecpe)),
            date_col(r().map(|m| m.datip)),
            date_col(r().map(|m| m.notifeval)),
            date_col(r().map(|m| m.fineval)),
            int_col(births().map(|b| b[0])),
            int_col(births().map(|b| b[1])),
        ];
        RecordBatch::try_new(measures_schema(), columns)
            .map_err(|e| Error::Invalid(format!("mesures OLINPE : {e}")))
    }
}

/// Schema of `olinpe/mesures.parquet` (table `olinpe_measure_rows`): `departement`, `person`,
/// `decision`, `nature`, `typinterdom` (largest of the events), `measure_type`, `drees_family`
/// ([`rules::classify`]), `datdeb`, `datfin` (largest
/// `DATFIN` of the end events), `end_year` (year of the extract of the end), `ended`,
/// `end_date` (`datfin`, else 31/12 of `end_year`; NULL: in progress), `censor_date` (31/12
/// of the département's last year), `stock_from`, `stock_to` (the measure is in progress at
/// 31/12 of the years `stock_from ≤ Y < stock_to`: the year of `datdeb`, the year of
/// `end_date`, or the year after `censor_date` when in progress), `starts`, `renewals` (events `TYPEV` 1 and 2),
/// `motfinint`, `motifml` (of the end), `datdecpe`, `datip`, `notifeval`, `fineval` (earliest
/// of the events), `anais`, `mnais` (the person's birth, largest of all its events).
pub fn measures_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let int = |n: &str| Field::new(n, DataType::Int32, true);
            let date = |n: &str| Field::new(n, DataType::Date32, true);
            Arc::new(Schema::new(vec![
                Field::new("departement", DataType::Utf8, false),
                Field::new("person", DataType::Int64, false),
                int("decision"),
                int("nature"),
                int("typinterdom"),
                Field::new("measure_type", DataType::Utf8, false),
                Field::new("drees_family", DataType::Utf8, true),
                Field::new("datdeb", DataType::Date32, true),
                date("datfin"),
                int("end_year"),
                Field::new("ended", DataType::Boolean, true),
                date("end_date"),
                date("censor_date"),
                int("stock_from"),
                int("stock_to"),
                Field::new("starts", DataType::Int64, false),
                Field::new("renewals", DataType::Int64, false),
                int("motfinint"),
                int("motifml"),
                date("datdecpe"),
                date("datip"),
                date("notifeval"),
                date("fineval"),
                int("anais"),
                int("mnais"),
            ]))
        })
        .clone()
}

/// Schema of `olinpe/prises_en_charge.parquet` (table `olinpe_period_rows`): `departement`,
/// `person`, `gap_days` (0 or 30), `period` (1, 2… within the person), `period_start`,
/// `period_end` (NULL: in progress), `open`, `measures`, `first_type` (of the measure that
/// starts first), `last_type` (of the measure that ends last), `exit_motfinint`,
/// `exit_motifml` (its end).
pub fn periods_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let int = |n: &str| Field::new(n, DataType::Int32, true);
            let big = |n: &str| Field::new(n, DataType::Int64, false);
            Arc::new(Schema::new(vec![
                Field::new("departement", DataType::Utf8, false),
                big("person"),
                big("gap_days"),
                big("period"),
                Field::new("period_start", DataType::Date32, true),
                Field::new("period_end", DataType::Date32, true),
                Field::new("open", DataType::Boolean, true),
                big("measures"),
                Field::new("first_type", DataType::Utf8, false),
                Field::new("last_type", DataType::Utf8, false),
                int("exit_motfinint"),
                int("exit_motifml"),
            ]))
        })
        .clone()
}

#[derive(Default)]
struct PeriodColumns {
    deps: Vec<(String, usize)>,
    rows: Vec<Period>,
}

struct Period {
    person: i64,
    gap: i64,
    period: i64,
    start: i32,
    end: i32,
    open: bool,
    measures: i64,
    first: &'static str,
    last: &'static str,
    /// (end, start) of the last measure.
    last_key: (i32, i32),
    exit: (i32, i32),
}

impl PeriodColumns {
    /// The periods of one person's measures with a tolerated gap of `gap` days.
    fn person(&mut self, dep: &str, measures: &[Measure], gap: i32) {
        let mut order: Vec<&Measure> = measures.iter().collect();
        order.sort_by_key(|m| (m.datdeb, m.fin(), m.decision, m.nature));
        let before = self.rows.len();
        let mut prev_fin: Option<i32> = None;
        for m in order {
            let new =
                prev_fin.is_none_or(|p| i64::from(m.datdeb) - i64::from(p) - 1 > i64::from(gap));
            let open = m.end_date == NULL;
            let named = m.measure_type;
            if new {
                let period = self.rows.len() - before + 1;
                self.rows.push(Period {
                    person: m.person,
                    gap: i64::from(gap),
                    period: period as i64,
                    start: m.datdeb,
                    end: m.fin(),
                    open,
                    measures: 1,
                    first: named,
                    last: named,
                    last_key: (m.fin(), m.datdeb),
                    exit: (m.motfinint, m.motifml),
                });
            } else {
                let p = self.rows.last_mut().expect("a period");
                // The last measure: latest end, then latest start (then the later in order).
                if (m.fin(), m.datdeb) >= p.last_key {
                    p.last_key = (m.fin(), m.datdeb);
                    p.last = named;
                    p.exit = (m.motfinint, m.motifml);
                }
                p.end = p.end.max(m.fin());
                p.open |= open;
                p.measures += 1;
            }
            prev_fin = Some(prev_fin.map_or(m.fin(), |p| p.max(m.fin())));
        }
        let added = self.rows.len() - before;
        match self.deps.last_mut() {
            Some((d, n)) if d == dep => *n += added,
            _ => self.deps.push((dep.to_string(), added)),
        }
    }

    /// The periods of `parts`, in order, as a batch of [`periods_schema`].
    fn batch(parts: &[Part; 2]) -> Result<RecordBatch> {
        let r = || parts[0].p.rows.iter().chain(&parts[1].p.rows);
        let columns: Vec<ArrayRef> = vec![
            dep_col(parts.iter().flat_map(|p| p.p.deps.iter())),
            Arc::new(r().map(|p| p.person).collect::<Int64Array>()),
            Arc::new(r().map(|p| p.gap).collect::<Int64Array>()),
            Arc::new(r().map(|p| p.period).collect::<Int64Array>()),
            date_col(r().map(|p| p.start)),
            date_col(r().map(|p| if p.open { NULL } else { p.end })),
            Arc::new(r().map(|p| Some(p.open)).collect::<BooleanArray>()),
            Arc::new(r().map(|p| p.measures).collect::<Int64Array>()),
            Arc::new(StringArray::from_iter_values(r().map(|p| p.first))),
            Arc::new(StringArray::from_iter_values(r().map(|p| p.last))),
            int_col(r().map(|p| p.exit.0)),
            int_col(r().map(|p| p.exit.1)),
        ];
        RecordBatch::try_new(periods_schema(), columns)
            .map_err(|e| Error::Invalid(format!("prises en charge OLINPE : {e}")))
    }
}

/// Schema of `olinpe/parcours.parquet` (table `olinpe_sequence_rows`): `departement`,
/// `person`, `sequence` (the steps of [`rules::sequence_state`] of its measures in the order of
/// their start, then of the step's name, successive repeats merged, joined by ` → `).
pub fn sequences_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            Arc::new(Schema::new(vec![
                Field::new("departement", DataType::Utf8, false),
                Field::new("person", DataType::Int64, false),
                Field::new("sequence", DataType::Utf8, false),
            ]))
        })
        .clone()
}

#[derive(Default)]
struct SequenceColumns {
    deps: Vec<(String, usize)>,
    persons: Vec<i64>,
    sequences: Vec<String>,
}

impl SequenceColumns {
    /// The parcours of one person's measures.
    fn person(&mut self, dep: &str, measures: &[Measure]) {
        let mut steps: Vec<(i32, &'static str)> = measures
            .iter()
            .map(|m| (m.datdeb, rules::sequence_state(m.measure_type)))
            .collect();
        steps.sort_unstable();
        steps.dedup_by(|b, a| a.1 == b.1);
        let text: Vec<&str> = steps.iter().map(|s| s.1).collect();
        self.persons.push(measures[0].person);
        self.sequences.push(text.join(" → "));
        match self.deps.last_mut() {
            Some((d, n)) if d == dep => *n += 1,
            _ => self.deps.push((dep.to_string(), 1)),
        }
    }

    /// The parcours of `parts`, in order, as a batch of [`sequences_schema`].
    fn batch(parts: &[Part; 2]) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            dep_col(parts.iter().flat_map(|p| p.q.deps.iter())),
            Arc::new(
                parts[0]
                    .q
                    .persons
                    .iter()
                    .chain(&parts[1].q.persons)
                    .copied()
                    .collect::<Int64Array>(),
            ),
            Arc::new(StringArray::from_iter_values(
                parts[0].q.sequences.iter().chain(&parts[1].q.sequences),
            )),
        ];
        RecordBatch::try_new(sequences_schema(), columns)
            .map_err(|e| Error::Invalid(format!("parcours OLINPE : {e}")))
    }
}

fn civil_year(days: i32) -> Option<i32> {
    (days != NULL).then(|| super::dates::civil_from_days(days).0)
}

/// Schema of `olinpe/extractions.parquet` (table `olinpe_extracts`): `file` (the extract's file
/// name), `departement`, `year`, `events` (events held).
pub fn extracts_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            Arc::new(Schema::new(vec![
                Field::new("file", DataType::Utf8, false),
                Field::new("departement", DataType::Utf8, false),
                Field::new("year", DataType::Int32, false),
                Field::new("events", DataType::Int64, false),
            ]))
        })
        .clone()
}

fn extracts_batch(extracts: &BTreeMap<String, (String, i32, i64)>) -> Result<RecordBatch> {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(extracts.keys())),
        Arc::new(StringArray::from_iter_values(
            extracts.values().map(|e| e.0.as_str()),
        )),
        Arc::new(extracts.values().map(|e| e.1).collect::<Int32Array>()),
        Arc::new(extracts.values().map(|e| e.2).collect::<Int64Array>()),
    ];
    RecordBatch::try_new(extracts_schema(), columns)
        .map_err(|e| Error::Invalid(format!("extractions OLINPE : {e}")))
}
