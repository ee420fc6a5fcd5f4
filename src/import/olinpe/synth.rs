//! Synthetic OLINPE extracts in the transmission format (`<DECRET>` XML, scheme 2016), for
//! tests, demos and the scale bench. Nothing here describes a real person: identifiers are
//! 40-hex strings drawn from the seed, births and measures are simulated.
//!
//! The simulation follows each département year by year (from eight years before the first
//! extract, so that long placements are in place) and type by type. At each 31 December the
//! number of measures of each type in progress is brought exactly to its target — new measures
//! start in the year until enough of them are still open, or measures in excess end during the
//! year — so that the stock the indicators compute from the files equals the targets, which the
//! CLI takes from DREES's published counts (AED, AEMO, accueillis split between accueil
//! administratif, placements ASE and directs and accueils jeunes majeurs). Some measures follow
//! another of the same person (AED → AEMO → placement, placement → jeune majeur), a few
//! identifiers change from one year to the next (with `NUMANONYMANT`), context variables are
//! often « ne sait pas » or missing, and `defects` of the events carry a defect for the
//! validator (a date in a wrong form, a duplicate row, a variable not expected under its filter,
//! an unknown element, a parent born before 1920) — none that changes a measure.
//!
//! Modelling choices (specification §8, all assumptions): lognormal durations around the
//! medians of [`TYPES`], renewals every 12 or 24 months, age at first entry by the bands of
//! §8.3, 55 % boys, end motives 55 % échéance / 40 % mainlevée / 5 % transfert, measures of
//! minors ending at 18 (mainlevée, majorité). The first extract of a département also carries
//! the start of every measure in progress on its 1 January (a first transmission describes the
//! measures under way).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::dates::{civil_from_days, days_from_civil, iso};
use crate::error::{Error, Result};

/// A deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i32
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal draw (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// One of `choices` by weight.
    pub fn pick<T: Copy>(&mut self, choices: &[(T, f64)]) -> T {
        let total: f64 = choices.iter().map(|c| c.1).sum();
        let mut x = self.unit() * total;
        for (v, w) in choices {
            if x < *w {
                return *v;
            }
            x -= w;
        }
        choices[choices.len() - 1].0
    }
}

/// One measure type of the simulation: its codes and its duration.
#[derive(Debug, Clone, Copy)]
pub struct TypeSpec {
    pub name: &'static str,
    /// `DECISION`: 1 administrative, 2 judicial.
    pub decision: i32,
    /// (nature code, weight): `NATPDECADM` or `NATDECASSED`.
    pub natures: &'static [(i32, f64)],
    /// (`TYPINTERDOM`, weight), empty when the variable is not filled.
    pub typinterdom: &'static [(i32, f64)],
    /// Median duration of one measure, in days.
    pub median_days: f64,
    /// Months between renewals.
    pub renewal_months: i32,
    /// An accueil (LIEUACC or LIEUPLAC filled, CHGLIEU on renewals).
    pub accueil: bool,
    /// Types whose end this one may follow, with the probability of doing so.
    pub follows: &'static [&'static str],
    pub follow_share: f64,
}

/// The simulated types, in the order they are calibrated each year (a type follows only types
/// calibrated before it).
pub const TYPES: [TypeSpec; 7] = [
    TypeSpec {
        name: "autre",
        decision: 2,
        natures: &[(14, 0.6), (19, 0.2), (10, 0.2)],
        typinterdom: &[],
        median_days: 180.0,
        renewal_months: 12,
        accueil: false,
        follows: &[],
        follow_share: 0.0,
    },
    TypeSpec {
        name: "aed",
        decision: 1,
        natures: &[(10, 1.0)],
        typinterdom: &[(2, 0.7), (3, 0.15), (4, 0.1), (5, 0.05)],
        median_days: 300.0,
        renewal_months: 12,
        accueil: false,
        follows: &["autre"],
        follow_share: 0.1,
    },
    TypeSpec {
        name: "aemo",
        decision: 2,
        natures: &[(15, 0.9), (16, 0.1)],
        typinterdom: &[],
        median_days: 420.0,
        renewal_months: 12,
        accueil: false,
        follows: &["aed", "autre"],
        follow_share: 0.25,
    },
    TypeSpec {
        name: "accueil_administratif",
        decision: 1,
        natures: &[
            (14, 0.8),
            (11, 0.05),
            (12, 0.05),
            (13, 0.04),
            (15, 0.03),
            (16, 0.03),
        ],
        typinterdom: &[],
        median_days: 240.0,
        renewal_months: 12,
        accueil: true,
        follows: &["aed"],
        follow_share: 0.15,
    },
    TypeSpec {
        name: "placement_ase",
        decision: 2,
        natures: &[(17, 1.0)],
        typinterdom: &[],
        median_days: 700.0,
        renewal_months: 24,
        accueil: true,
        follows: &["aemo", "aed", "accueil_administratif"],
        follow_share: 0.35,
    },
    TypeSpec {
        name: "placement_direct",
        decision: 2,
        natures: &[(18, 1.0)],
        typinterdom: &[],
        median_days: 550.0,
        renewal_months: 12,
        accueil: true,
        follows: &["aemo"],
        follow_share: 0.2,
    },
    TypeSpec {
        name: "jeune_majeur",
        decision: 1,
        natures: &[(21, 1.0)],
        typinterdom: &[],
        median_days: 330.0,
        renewal_months: 12,
        accueil: true,
        follows: &["placement_ase", "placement_direct", "accueil_administratif"],
        follow_share: 0.6,
    },
];

/// How DREES's « enfants accueillis » is split between the accueil types (assumption, §8.1:
/// 78 % judicial).
pub const ACCUEIL_SPLIT: [(&str, f64); 4] = [
    ("accueil_administratif", 0.14),
    ("placement_ase", 0.70),
    ("placement_direct", 0.09),
    ("jeune_majeur", 0.07),
];

/// Stock of `autre` measures (MJIE, TISF…) as a share of AED + AEMO (assumption).
pub const AUTRE_SHARE: f64 = 0.10;

/// Stock targets at 31 December of one département and year: AED and AEMO measures, persons
/// accueillis (DREES `TotBenefAED`, `TotBenefAEMO`, `TotEnfAccueillisASE`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub aed: f64,
    pub aemo: f64,
    pub accueillis: f64,
}

impl Anchor {
    /// Target stock of each type of [`TYPES`].
    pub fn per_type(&self) -> [usize; 7] {
        let mut out = [0usize; 7];
        for (i, t) in TYPES.iter().enumerate() {
            let v = match t.name {
                "aed" => self.aed,
                "aemo" => self.aemo,
                "autre" => AUTRE_SHARE * (self.aed + self.aemo),
                other => {
                    ACCUEIL_SPLIT
                        .iter()
                        .find(|(n, _)| *n == other)
                        .map_or(0.0, |(_, s)| *s)
                        * self.accueillis
                }
            };
            out[i] = v.round().max(0.0) as usize;
        }
        // The accueil types sum to the accueillis exactly (rounding left on placements ASE).
        let acc: usize = TYPES
            .iter()
            .zip(out)
            .filter(|(t, _)| t.accueil)
            .map(|(_, v)| v)
            .sum();
        let want = self.accueillis.round().max(0.0) as usize;
        let ase = TYPES
            .iter()
            .position(|t| t.name == "placement_ase")
            .expect("type");
        out[ase] = (out[ase] + want).saturating_sub(acc);
        out
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Params {
    /// Département code → targets by year (years without a target take the nearest year's).
    pub departements: BTreeMap<String, BTreeMap<i32, Anchor>>,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
    /// Share of events carrying a defect for the validator (0 to 1).
    pub defects: f64,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: Vec<PathBuf>,
    pub persons: usize,
    pub measures: usize,
    pub events: usize,
    pub defects: usize,
    pub bytes: u64,
}

#[derive(Debug, Clone)]
struct Person {
    id: String,
    birth: i32,
    sexe: i32,
    /// From this day on, the person's id is `new_id` (NUMANONYMANT = `id`).
    change: Option<(i32, String)>,
    last_end: i32,
}

#[derive(Debug, Clone)]
struct Measure {
    person: usize,
    kind: usize,
    nature: i32,
    typinterdom: Option<i32>,
    start: i32,
    end: i32,
    majority: bool,
    ip: bool,
    followed: bool,
}

fn hex_id(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(40);
    while s.len() < 40 {
        let _ = write!(s, "{:016x}", rng.next_u64());
    }
    s.truncate(40);
    s
}

fn jan1(y: i32) -> i32 {
    days_from_civil(y, 1, 1).expect("date")
}

fn dec31(y: i32) -> i32 {
    days_from_civil(y, 12, 31).expect("date")
}

fn year_of(d: i32) -> i32 {
    civil_from_days(d).0
}

fn add_months(d: i32, months: i32) -> i32 {
    let (y, m, day) = civil_from_days(d);
    let total = y * 12 + (m as i32 - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let mut dd = day;
    loop {
        if let Some(x) = days_from_civil(ny, nm, dd) {
            return x;
        }
        dd -= 1;
    }
}

/// The 3-character NUMDEP of a département code (`17` → `017`).
pub fn numdep(code: &str) -> String {
    if code.len() == 2 {
        format!("0{code}")
    } else {
        code.to_string()
    }
}

fn anchor_for(targets: &BTreeMap<i32, Anchor>, year: i32) -> Option<Anchor> {
    targets
        .iter()
        .min_by_key(|(y, _)| ((**y - year).abs(), -**y))
        .map(|(_, a)| *a)
}

/// Simulate one département: its persons and measures.
fn simulate(
    code: &str,
    targets: &BTreeMap<i32, Anchor>,
    p: &Params,
    rng: &mut Rng,
) -> (Vec<Person>, Vec<Measure>) {
    let horizon = dec31(p.last_year);
    let warmup = p.first_year - 8;
    let mut persons: Vec<Person> = Vec::new();
    let mut measures: Vec<Measure> = Vec::new();
    let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); TYPES.len()];
    let _ = code;
    for year in warmup..=p.last_year {
        let Some(anchor) = anchor_for(targets, year.max(p.first_year)) else {
            continue;
        };
        let wanted = anchor.per_type();
        let (y0, y1) = (jan1(year), dec31(year));
        for (k, spec) in TYPES.iter().enumerate() {
            let target = wanted[k];
            let mut active: Vec<usize> = by_kind[k]
                .iter()
                .copied()
                .filter(|&i| measures[i].start <= y1 && measures[i].end > y1)
                .collect();
            if active.len() > target {
                // End the excess during the year.
                let excess = active.len() - target;
                for _ in 0..excess {
                    let j = rng.range(0, active.len() as i32 - 1) as usize;
                    let i = active.swap_remove(j);
                    let m = &mut measures[i];
                    let lo = (m.start + 1).max(y0).min(y1);
                    let old_end = m.end;
                    m.end = rng.range(lo, y1);
                    m.majority = false;
                    let (person, end) = (m.person, m.end);
                    let pe = &mut persons[person];
                    if pe.last_end == old_end {
                        pe.last_end = end;
                    }
                }
                continue;
            }
            // Predecessors: measures of the types this one follows, ended in the year (or the
            // last days of the previous one), the last of their person, not yet followed.
            let mut pool: Vec<usize> = Vec::new();
            if spec.follow_share > 0.0 {
                for (kk, other) in TYPES.iter().enumerate() {
                    if !spec.follows.contains(&other.name) {
                        continue;
                    }
                    pool.extend(by_kind[kk].iter().copied().filter(|&i| {
                        let m = &measures[i];
                        !m.followed
                            && m.end >= y0 - 30
                            && m.end < y1
                            && persons[m.person].last_end == m.end
                            && (spec.name != "jeune_majeur" || m.majority)
                    }));
                }
            }
            let mut have = active.len();
            let mut guard = 0usize;
            while have < target && guard < 200 * (target + 10) {
                guard += 1;
                let mut reuse = None;
                if !pool.is_empty() && rng.chance(spec.follow_share) {
                    let j = rng.range(0, pool.len() as i32 - 1) as usize;
                    let i = pool.swap_remove(j);
                    let gap = if rng.chance(0.5) { 0 } else { rng.range(1, 20) };
                    let start = measures[i].end + 1 + gap;
                    if start >= y0 && start <= y1 && !measures[i].followed {
                        reuse = Some((measures[i].person, start, i));
                    }
                }
                let (person, start) = match reuse {
                    Some((person, start, i)) => {
                        measures[i].followed = true;
                        (person, start)
                    }
                    None => {
                        let start = rng.range(y0, y1);
                        let age_years = if spec.name == "jeune_majeur" {
                            rng.range(18, 20)
                        } else {
                            rng.pick(&[
                                ((0, 2), 0.12),
                                ((3, 5), 0.12),
                                ((6, 10), 0.28),
                                ((11, 15), 0.33),
                                ((16, 17), 0.15),
                            ])
                            .pipe(|(lo, hi)| rng.range(lo, hi))
                        };
                        let birth = start - age_years * 365 - rng.range(0, 364);
                        let boy = if spec.accueil { 0.6 } else { 0.55 };
                        persons.push(Person {
                            id: hex_id(rng),
                            birth,
                            sexe: if rng.chance(boy) { 1 } else { 2 },
                            change: None,
                            last_end: i32::MIN,
                        });
                        (persons.len() - 1, start)
                    }
                };
                let birth = persons[person].birth;
                let eighteen = add_months(birth, 18 * 12);
                let twenty_one = add_months(birth, 21 * 12);
                if spec.name == "jeune_majeur" && (start < eighteen || start >= twenty_one) {
                    continue;
                }
                if spec.name != "jeune_majeur" && start >= eighteen {
                    continue;
                }
                let days = (spec.median_days * (0.8 * rng.normal()).exp()).round() as i32;
                let mut end = start + days.max(7);
                let mut majority = false;
                let cap = if spec.name == "jeune_majeur" {
                    twenty_one
                } else {
                    eighteen
                };
                if end >= cap {
                    end = cap - 1;
                    majority = true;
                }
                if end > horizon + 3650 {
                    end = horizon + 3650;
                }
                let kind_nature = rng.pick(spec.natures);
                let typinterdom =
                    (!spec.typinterdom.is_empty()).then(|| rng.pick(spec.typinterdom));
                measures.push(Measure {
                    person,
                    kind: k,
                    nature: kind_nature,
                    typinterdom,
                    start,
                    end,
                    majority,
                    ip: rng.chance(0.6),
                    followed: false,
                });
                let pe = &mut persons[person];
                pe.last_end = pe.last_end.max(end);
                by_kind[k].push(measures.len() - 1);
                if end > y1 {
                    have += 1;
                }
            }
        }
    }
    // A few identifiers change from one extract to the next (corrected first name…).
    for pe in persons.iter_mut() {
        if rng.chance(0.02) {
            let day = rng.range(jan1(p.first_year + 1), horizon);
            pe.change = Some((day, hex_id(rng)));
        }
    }
    (persons, measures)
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

struct Event {
    day: i32,
    measure: usize,
    typev: i32,
}

fn element(out: &mut String, name: &str, value: &str) {
    if value.is_empty() {
        let _ = write!(out, "<{name} />");
    } else {
        let _ = write!(out, "<{name}>{value}</{name}>");
    }
}

/// A context code: « ne sait pas » 30 %, missing 20 %, otherwise one of `codes`.
fn context(out: &mut String, rng: &mut Rng, name: &str, codes: &[i32], nsp: &str) {
    let x = rng.unit();
    if x < 0.2 {
        return;
    }
    if x < 0.5 {
        element(out, name, nsp);
    } else {
        let c = codes[rng.range(0, codes.len() as i32 - 1) as usize];
        element(out, name, &c.to_string());
    }
}

/// Generate the files of every département of `p` under `out_dir` (created): one
/// `ONED-<NUMDEP>-<AAAA+1>0301_<AAAA>.xml` per département and year.
pub fn generate(p: &Params, out_dir: &Path) -> Result<Summary> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let mut summary = Summary::default();
    for (code, targets) in &p.departements {
        let mut seed = p.seed;
        for b in code.bytes() {
            seed = seed.wrapping_mul(1_000_003).wrapping_add(u64::from(b));
        }
        let mut rng = Rng::new(seed);
        let (persons, measures) = simulate(code, targets, p, &mut rng);
        let horizon = dec31(p.last_year);
        let first = jan1(p.first_year);
        let mut events: BTreeMap<i32, Vec<Event>> = BTreeMap::new();
        let mut seen_persons = vec![false; persons.len()];
        for (i, m) in measures.iter().enumerate() {
            if m.end < first || m.start > horizon {
                continue;
            }
            seen_persons[m.person] = true;
            summary.measures += 1;
            let start_year = year_of(m.start).max(p.first_year);
            events.entry(start_year).or_default().push(Event {
                day: m.start.max(first),
                measure: i,
                typev: 1,
            });
            let spec = &TYPES[m.kind];
            let mut r = add_months(m.start, spec.renewal_months);
            while r < m.end && r <= horizon {
                if r >= first {
                    events.entry(year_of(r)).or_default().push(Event {
                        day: r,
                        measure: i,
                        typev: 2,
                    });
                }
                r = add_months(r, spec.renewal_months);
            }
            if m.end <= horizon {
                events.entry(year_of(m.end)).or_default().push(Event {
                    day: m.end,
                    measure: i,
                    typev: 3,
                });
            }
        }
        summary.persons += seen_persons.iter().filter(|s| **s).count();
        let dep = numdep(code);
        for (year, mut list) in events {
            list.sort_by_key(|e| (e.day, e.measure, e.typev));
            let mut x = String::with_capacity(list.len() * 420);
            let _ = write!(
                x,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DECRET>\n<INTRO><VERSIONXSD>2.01</VERSIONXSD><DATEXPORT>{}-03-01</DATEXPORT></INTRO>\n",
                year + 1
            );
            for e in &list {
                let m = &measures[e.measure];
                let pe = &persons[m.person];
                let spec = &TYPES[m.kind];
                let mut row = String::with_capacity(420);
                row.push_str("<DONNEE>");
                element(&mut row, "NUMDEP", &dep);
                match &pe.change {
                    Some((day, new)) if e.day >= *day => {
                        element(&mut row, "NUMANONYM", new);
                        element(&mut row, "NUMANONYMANT", &pe.id);
                    }
                    _ => {
                        element(&mut row, "NUMANONYM", &pe.id);
                        element(&mut row, "NUMANONYMANT", "");
                    }
                }
                element(&mut row, "TYPEV", &e.typev.to_string());
                element(&mut row, "SEXE", &pe.sexe.to_string());
                let (by, bm, _) = civil_from_days(pe.birth);
                element(&mut row, "ANAIS", &by.to_string());
                if rng.chance(0.03) {
                    element(&mut row, "MNAIS", "99");
                } else {
                    element(&mut row, "MNAIS", &format!("{bm:02}"));
                }
                element(&mut row, "DECISION", &spec.decision.to_string());
                let nat_var = if spec.decision == 1 {
                    "NATPDECADM"
                } else {
                    "NATDECASSED"
                };
                element(&mut row, nat_var, &m.nature.to_string());
                if let Some(t) = m.typinterdom {
                    element(&mut row, "TYPINTERDOM", &t.to_string());
                }
                let minor = spec.name != "jeune_majeur";
                let mut defect = p.defects > 0.0 && rng.chance(p.defects);
                let datdeb = if defect && rng.chance(0.3) {
                    defect = false;
                    summary.defects += 1;
                    let (y, mo, d) = civil_from_days(m.start);
                    format!("{d:02}/{mo:02}/{y}")
                } else {
                    iso(m.start)
                };
                element(&mut row, "DATDEB", &datdeb);
                match e.typev {
                    1 => {
                        // A jeune majeur's decision is taken at 18 or later (the validator
                        // reads majority at DATDECPE).
                        let decided = (m.start - rng.range(0, 20)).max(if minor {
                            i32::MIN
                        } else {
                            add_months(pe.birth, 18 * 12)
                        });
                        element(&mut row, "DATDECPE", &iso(decided));
                        if m.ip && (!spec.accueil || rng.chance(0.3)) {
                            let fin = decided - rng.range(5, 40);
                            let notif = fin - rng.range(20, 90);
                            let ip = notif - rng.range(1, 15);
                            element(&mut row, "TRAITINFO", "1");
                            element(&mut row, "DATIP", &iso(ip));
                            element(&mut row, "NOTIFEVAL", &iso(notif));
                            element(&mut row, "FINEVAL", &iso(fin));
                            context(&mut row, &mut rng, "ORIGIP", &[20, 31, 32, 34, 40], "99");
                        }
                        if spec.accueil {
                            let var = if spec.decision == 1 {
                                "LIEUACC"
                            } else {
                                "LIEUPLAC"
                            };
                            context(&mut row, &mut rng, var, &[1, 1, 1, 2, 2, 3, 6], "99");
                        }
                        if minor {
                            context(&mut row, &mut rng, "COMPOMENAG", &[2, 3, 3, 4, 6, 8], "99");
                            context(&mut row, &mut rng, "SANTE", &[1, 2], "9");
                            context(&mut row, &mut rng, "SECURITE", &[1, 2], "9");
                            context(&mut row, &mut rng, "CONDEDUC", &[1, 2, 2], "9");
                            context(&mut row, &mut rng, "NEGLIG", &[1, 1, 2], "9");
                            context(&mut row, &mut rng, "VIOLPSY", &[1, 1, 2], "9");
                            context(&mut row, &mut rng, "RESMENAG", &[1, 2, 3], "9");
                        }
                        context(&mut row, &mut rng, "SCODTCOM", &[1, 2, 2, 2], "9");
                    }
                    2 => {
                        element(&mut row, "DATDECPE", &iso(e.day));
                        if spec.accueil && minor {
                            context(&mut row, &mut rng, "CHGLIEU", &[1, 1, 1, 2], "9");
                        }
                    }
                    _ => {
                        element(&mut row, "DATFIN", &iso(m.end));
                        let motive = if m.majority {
                            2
                        } else {
                            rng.pick(&[(1, 0.55), (2, 0.40), (3, 0.05)])
                        };
                        element(&mut row, "MOTFININT", &motive.to_string());
                        if motive != 3 {
                            let ml = if m.majority {
                                15
                            } else {
                                rng.pick(&[(10, 0.6), (11, 0.1), (12, 0.1), (19, 0.1), (99, 0.1)])
                            };
                            element(&mut row, "MOTIFML", &ml.to_string());
                        }
                        if spec.accueil && minor {
                            context(&mut row, &mut rng, "NBCHGLIEU", &[0, 0, 1, 1, 2, 3], "99");
                        }
                    }
                }
                let mut duplicate = false;
                if defect {
                    summary.defects += 1;
                    match rng.range(0, 3) {
                        0 => duplicate = true,
                        1 if e.typev != 2 => element(&mut row, "CHGLIEU", "1"),
                        1 | 2 => element(&mut row, "COMMENTAIRE", "à revoir"),
                        _ => element(&mut row, "ANSMERE", "1915"),
                    }
                }
                row.push_str("</DONNEE>\n");
                x.push_str(&row);
                summary.events += 1;
                if duplicate {
                    x.push_str(&row);
                    summary.events += 1;
                }
            }
            x.push_str("</DECRET>\n");
            let path = out_dir.join(format!("ONED-{dep}-{}0301_{year}.xml", year + 1));
            std::fs::write(&path, x.as_bytes()).map_err(|e| Error::io(&path, e))?;
            summary.bytes += x.len() as u64;
            summary.files.push(path);
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_to_the_last_day_of_short_months() {
        let d = days_from_civil(2020, 1, 31).unwrap();
        assert_eq!(iso(add_months(d, 1)), "2020-02-29");
        assert_eq!(iso(add_months(d, 24)), "2022-01-31");
    }

    #[test]
    fn accueil_types_sum_to_the_accueillis() {
        let a = Anchor {
            aed: 304.0,
            aemo: 1147.0,
            accueillis: 2279.0,
        };
        let t = a.per_type();
        let acc: usize = TYPES
            .iter()
            .zip(t)
            .filter(|(s, _)| s.accueil)
            .map(|(_, v)| v)
            .sum();
        assert_eq!(acc, 2279);
        assert_eq!(t[1], 304);
        assert_eq!(t[2], 1147);
    }
}
