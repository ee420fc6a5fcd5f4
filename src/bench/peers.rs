//! Peers (départements de comparaison): named, the document's own comparison set, or the K
//! nearest départements on standardised features, like asdep's `departementsProches`.

use super::features::Weighted;
pub use super::features::{CONTEXT_FEATURES, FEATURES, Feature, PeerMethod};
use crate::error::{Error, Result};
use crate::model::names;
use crate::query::run::run_file;
use crate::query::{Engine, Params};

/// How the peers of a report are chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerChoice {
    /// Given codes (`--peers 22,64,14`).
    Named(Vec<String>),
    /// The comparison set of the focus département's own plan.
    Document,
    /// The K nearest départements (`--auto-peers K`), among a pool (`--among`; `None`: the
    /// focus's default, [`Among::default_for`]).
    Auto(usize, Option<Among>),
    /// The document's set when there is one, else the 4 nearest among the focus's default pool.
    Default,
    /// The inner choice, its automatic peers chosen by this method instead of the default
    /// ([`PeerMethod::default`], the context): `--features rsa=2,densite,pop` or `--features
    /// resultats`.
    Method(Box<PeerChoice>, PeerMethod),
}

/// The pool automatic peers are chosen among (`--among`): a user compares a département with
/// départements of the same kind, never Guadeloupe with the Tarn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Among {
    /// Départements of metropolitan France (the default for a metropolitan focus).
    Metropole,
    /// Overseas départements, DROM (the default for an overseas focus).
    Drom,
    /// Départements of the focus's région.
    Region,
    /// Every département of France entière (hors Mayotte).
    All,
}

impl Among {
    /// The words of `--among` and of the explorer's `among` parameter.
    pub const WORDS: [&'static str; 4] = ["metropole", "drom", "region", "all"];

    /// Parse `metropole`, `drom`, `region` or `all` (case and spaces ignored); the error says
    /// what to type.
    pub fn parse(text: &str) -> Result<Among> {
        match text.trim().to_lowercase().as_str() {
            "metropole" | "métropole" => Ok(Among::Metropole),
            "drom" => Ok(Among::Drom),
            "region" | "région" => Ok(Among::Region),
            "all" => Ok(Among::All),
            other => Err(Error::Invalid(format!(
                "--among : ensemble inconnu `{other}` (attendu : metropole, drom, region ou all)"
            ))),
        }
    }

    /// The word of `--among` (`metropole`).
    pub fn word(self) -> &'static str {
        match self {
            Among::Metropole => "metropole",
            Among::Drom => "drom",
            Among::Region => "region",
            Among::All => "all",
        }
    }

    /// The focus's default pool from its national scope (`DROM` or `FRM`, column `scope` of
    /// `peers/features.sql`): the DROM for an overseas département, metropolitan France
    /// otherwise.
    pub fn default_for(scope: Option<&str>) -> Among {
        if scope == Some("DROM") {
            Among::Drom
        } else {
            Among::Metropole
        }
    }

    /// In French, for the method text: « parmi les départements de métropole ».
    pub fn parmi(self, region: &str) -> String {
        match self {
            Among::Metropole => "parmi les départements de France métropolitaine".into(),
            Among::Drom => "parmi les départements d'outre-mer (DROM hors Mayotte)".into(),
            Among::Region => format!("parmi les départements de la région {region}"),
            Among::All => "parmi tous les départements (France entière hors Mayotte)".into(),
        }
    }

    /// Whether a candidate of national scope `scope` and région `region` is in the pool of a
    /// focus of région `focus_region`.
    fn admits(self, scope: Option<&str>, region: Option<&str>, focus_region: Option<&str>) -> bool {
        match self {
            Among::Metropole => scope == Some("FRM"),
            Among::Drom => scope == Some("DROM"),
            Among::Region => region.is_some() && region == focus_region,
            Among::All => true,
        }
    }
}

/// Most peers `--auto-peers` may choose (charts stay readable).
pub const MAX_AUTO_PEERS: usize = 10;

/// The chosen peers and how they were chosen, in French for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Peers {
    pub codes: Vec<String>,
    pub method: String,
    /// For automatic peers: (code, distance) of each chosen peer.
    pub distances: Vec<(String, f64)>,
}

/// Resolve what a user typed for `option` (`61`, `1` → `01`, `Orne`, `orne`) to a département's
/// (code, name), by [`crate::model::names`]. Errors name the option and say what to type,
/// with up to three suggestions on a near miss (`Ornes` → Orne (61)).
pub async fn resolve(engine: &Engine, input: &str, option: &str) -> Result<(String, String)> {
    let rows = run_file(engine, "peers/departements.sql", &Params::default()).await?;
    rows.require("code", "peers/departements.sql")?;
    let list: Vec<(String, String)> = rows
        .texts("code")
        .into_iter()
        .zip(rows.texts("name"))
        .collect();
    let pairs = list.iter().map(|(c, n)| (c.as_str(), n.as_str()));
    if input.trim().is_empty() {
        return Err(Error::Invalid(format!(
            "{option} : département vide : donnez un code DREES ou un nom (par exemple {option} 61 ou {option} Orne)"
        )));
    }
    if let Some(i) = names::find(pairs.clone(), input) {
        return Ok(list[i].clone());
    }
    let near: Vec<String> = names::near(pairs, input)
        .into_iter()
        .map(|i| format!("{} ({})", list[i].1, list[i].0))
        .collect();
    let hint = if input.contains(';')
        || input.contains(' ') && input.chars().any(|c| c.is_ascii_digit())
    {
        format!("séparez les départements par des virgules, par exemple {option} 14,50")
    } else if near.is_empty() {
        "les codes sont ceux de la DREES : 01…95, 2A, 2B, 20, 69D, 69M, 971…974, 976, ou un nom de département"
            .into()
    } else {
        format!("vouliez-vous dire {} ?", near.join(", "))
    };
    Err(Error::Invalid(format!(
        "{option} : département inconnu `{}` ({hint})",
        input.trim()
    )))
}

/// Whether DREES publishes a count of children in care for `code` in `year`.
pub async fn has_data(engine: &Engine, code: &str, year: i32) -> Result<bool> {
    const FILE: &str = "peers/has_data.sql";
    let mut p = Params::default();
    p.set("year", year.to_string());
    // The year's list serves every code: `run_file` keeps it for the other reports of the run.
    let rows = run_file(engine, FILE, &p).await?;
    rows.require("territory", FILE)?;
    Ok(rows.position("territory", code).is_some())
}

/// The départements on the same ground as `code` (`territory_overlaps`) that DREES publishes in
/// `year`, as (code, name): the codes to suggest for a code outside its validity (`2A` in
/// 2019 → `20`; `20` in 2015 → `2A`, `2B`; `69D` in 2012 → `69`). Empty when none has data.
pub async fn valid_instead(
    engine: &Engine,
    code: &str,
    year: i32,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for o in overlaps(engine, code).await? {
        if has_data(engine, &o.code, year).await? {
            out.push((o.code, o.name));
        }
    }
    Ok(out)
}

/// The advice of a code outside its years: « en 2019 la DREES publie ce territoire sous le code
/// 20 (Corse) : vouliez-vous dire 20 ? », each suggested code written after `option`
/// (`-d ` for the focus: « vouliez-vous dire -d 2A ou -d 2B ? »); `None` when `valid`
/// ([`valid_instead`]) is empty.
pub fn valid_instead_advice(year: i32, valid: &[(String, String)], option: &str) -> Option<String> {
    if valid.is_empty() {
        return None;
    }
    let named: Vec<String> = valid.iter().map(|(c, n)| format!("{c} ({n})")).collect();
    let codes: Vec<String> = valid.iter().map(|(c, _)| format!("{option}{c}")).collect();
    let which = if valid.len() > 1 {
        "les codes"
    } else {
        "le code"
    };
    Some(format!(
        "en {year} la DREES publie ce territoire sous {which} {} : vouliez-vous dire {} ?",
        named.join(" et "),
        codes.join(" ou ")
    ))
}

/// Choose the peers of `focus` for `year`; automatic peers on the context
/// ([`PeerMethod::default`]) unless the choice says otherwise ([`PeerChoice::Method`]).
pub async fn choose(engine: &Engine, focus: &str, year: i32, choice: &PeerChoice) -> Result<Peers> {
    choose_by(engine, focus, year, choice, &PeerMethod::default()).await
}

/// [`choose`] with automatic peers chosen by `method`.
pub async fn choose_by(
    engine: &Engine,
    focus: &str,
    year: i32,
    choice: &PeerChoice,
    method: &PeerMethod,
) -> Result<Peers> {
    match choice {
        PeerChoice::Method(inner, m) => Box::pin(choose_by(engine, focus, year, inner, m)).await,
        PeerChoice::Named(codes) => {
            let mut out = Vec::new();
            if codes.iter().all(|c| c.trim().is_empty()) {
                return Err(Error::Invalid(
                    "--peers : aucun département donné : listez des codes DREES ou des noms séparés par des virgules (par exemple --peers 14,50), ou omettez --peers pour le choix par défaut".into(),
                ));
            }
            let overlapping = overlaps(engine, focus).await?;
            let mut typed: Vec<&str> = Vec::new();
            for input in codes {
                let (code, name) = resolve(engine, input, "--peers").await?;
                if code == focus {
                    return Err(Error::Invalid(format!(
                        "--peers : {name} ({code}) est le département étudié lui-même : retirez-le de --peers"
                    )));
                }
                if let Some(i) = out.iter().position(|c| c == &code) {
                    return Err(Error::Invalid(format!(
                        "--peers : {name} ({code}) est nommé deux fois (`{}` et `{}`) : nommez chaque département de comparaison une seule fois",
                        typed[i].trim(),
                        input.trim()
                    )));
                }
                if let Some(o) = overlapping.iter().find(|o| o.code == code) {
                    let (_, focus_name) = resolve(engine, focus, "--department").await?;
                    return Err(Error::Invalid(format!(
                        "--peers : {name} ({code}) recouvre le département étudié {focus_name} ({focus}) : {}, les mêmes enfants seraient donc comptés deux fois ; retirez {code} de --peers (--auto-peers ne choisit jamais un département qui le recouvre)",
                        o.relation.why()
                    )));
                }
                if !has_data(engine, &code, year).await? {
                    let valid = valid_instead(engine, &code, year).await?;
                    let advice = valid_instead_advice(year, &valid, "").unwrap_or_else(|| {
                        "choisissez un autre département de comparaison".to_string()
                    });
                    return Err(Error::Invalid(format!(
                        "--peers : {name} ({code}) n'a pas de données DREES pour {year} : {advice}"
                    )));
                }
                out.push(code);
                typed.push(input);
            }
            Ok(Peers {
                method: "Départements de comparaison choisis par l'utilisateur.".into(),
                codes: out,
                distances: Vec::new(),
            })
        }
        PeerChoice::Document => {
            let codes = document_set(engine, focus, year).await?;
            if codes.is_empty() {
                return Err(Error::Invalid(format!(
                    "aucun ensemble de départements de comparaison dans les documents du département {focus} : utilisez --peers ou --auto-peers"
                )));
            }
            Ok(Peers {
                method: "Départements de comparaison retenus par le schéma départemental du département.".into(),
                codes,
                distances: Vec::new(),
            })
        }
        PeerChoice::Auto(k, among) => nearest_by(engine, focus, year, *k, *among, method).await,
        // Only the absence of a document set falls back to the nearest départements: a query or
        // I/O error is the user's to see, not a reason to choose other peers silently.
        PeerChoice::Default => {
            if document_set(engine, focus, year).await?.is_empty() {
                nearest_by(engine, focus, year, 4, None, method).await
            } else {
                let mut plan = Box::pin(choose(engine, focus, year, &PeerChoice::Document)).await?;
                // The plan's set stays the peers; the départements nearest on the context are
                // named beside it, and which of them the plan also retains.
                match nearest_by(engine, focus, year, 4, None, method).await {
                    Ok(auto) => plan.method.push_str(&beside_plan(&plan.codes, &auto)),
                    Err(Error::Invalid(_)) => {}
                    Err(e) => return Err(e),
                }
                Ok(plan)
            }
        }
    }
}

/// « Pour comparaison, choix automatique : … » after a plan's set: the automatic peers, their
/// method and distances, and those the plan retains too.
fn beside_plan(plan: &[String], auto: &Peers) -> String {
    let common: Vec<&str> = auto
        .codes
        .iter()
        .filter(|c| plan.contains(c))
        .map(String::as_str)
        .collect();
    let common = match common.len() {
        0 => "aucun n'est dans l'ensemble du schéma".to_string(),
        1 => format!("{} est aussi dans l'ensemble du schéma", common[0]),
        _ => format!("{} sont aussi dans l'ensemble du schéma", common.join(", ")),
    };
    format!(
        " Pour comparaison, choix automatique (non retenu ici) : {} ; {common}. {}",
        auto.codes.join(", "),
        auto.method
    )
}

/// How a département stands to another it overlaps (`territory_overlaps.relation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The whole the other is part of (the Rhône 69 for 69M).
    Contains,
    /// A part of the other (69M of 69).
    PartOf,
    /// Took over the other's ground in `since` (Corse 20 for 2A and 2B, 2018).
    Replaces(i32),
    /// Ground taken over by the other in `since` (2A by 20, 2018).
    ReplacedBy(i32),
}

impl Relation {
    /// Why a peer standing so to the focus overlaps it, in French, for the command line's
    /// messages and the explorer's pages (« il contient le département étudié »).
    pub fn why(&self) -> String {
        match self {
            Relation::Contains => "il contient le département étudié".into(),
            Relation::PartOf => "il fait partie du département étudié".into(),
            Relation::Replaces(y) => {
                format!("il a remplacé le département étudié en {y}, sur le même territoire")
            }
            Relation::ReplacedBy(y) => {
                format!("le département étudié l'a remplacé en {y}, sur le même territoire")
            }
        }
    }
}

/// A département overlapping a focus: its code, name and how it stands to the focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub code: String,
    pub name: String,
    pub relation: Relation,
}

/// The départements overlapping `focus` (view `territory_overlaps`, by `peers/overlaps.sql`):
/// its whole, its parts, the territories it replaced or that replaced it. Empty for most
/// départements; the same rule keeps them out of the automatic peers (`peers/features.sql`).
pub async fn overlaps(engine: &Engine, focus: &str) -> Result<Vec<Overlap>> {
    const FILE: &str = "peers/overlaps.sql";
    let mut p = Params::default();
    p.set("focus", focus);
    let rows = run_file(engine, FILE, &p).await?;
    rows.require("relation", FILE)?;
    (0..rows.len())
        .map(|r| {
            let since = rows.int("since", r).unwrap_or(0) as i32;
            let relation = match rows.text("relation", r).as_deref() {
                Some("contains") => Relation::Contains,
                Some("part_of") => Relation::PartOf,
                Some("replaces") => Relation::Replaces(since),
                Some("replaced_by") => Relation::ReplacedBy(since),
                other => {
                    return Err(Error::Invalid(format!(
                        "{FILE} : relation inconnue {other:?} (attendu : contains, part_of, replaces ou replaced_by)"
                    )));
                }
            };
            Ok(Overlap {
                code: rows.text("territory", r).unwrap_or_default(),
                name: rows.text("name", r).unwrap_or_default(),
                relation,
            })
        })
        .collect()
}

/// The comparison set of the focus département's own plan for `year` (empty when it has none).
pub async fn document_set(engine: &Engine, focus: &str, year: i32) -> Result<Vec<String>> {
    let mut p = Params::default();
    p.set("focus", focus).set("year", year.to_string());
    let rows = run_file(engine, "peers/document_sets.sql", &p).await?;
    let name = rows.schema().field(0).name().clone();
    Ok(rows.texts(&name))
}

/// The `k` départements nearest to `focus` on the standardised [`FEATURES`] of `year`, among
/// `among` (`None`: [`Among::default_for`] the focus). Fewer candidates than `k` gives them all
/// and the method text says so (never padded from outside the pool); the text also says when
/// the Rhône's features stand in for 69D/69M, and names the chosen peers whose values of the
/// features' indicators are flagged that year (`quality_flags`, docs/quality-flags.md).
/// Errors: `k` outside 1..=[`MAX_AUTO_PEERS`], a focus without complete features, an empty pool.
pub async fn nearest(
    engine: &Engine,
    focus: &str,
    year: i32,
    k: usize,
    among: Option<Among>,
) -> Result<Peers> {
    nearest_by(engine, focus, year, k, among, &PeerMethod::Outcome).await
}

/// The `k` départements nearest to `focus` by `method`: on the context features and weights of
/// [`PeerMethod::Context`] (`peers/context_features.sql`), or on the outcomes ([`nearest`]).
/// A context feature the focus has no value of (Corse's minima sociaux from 2018) is left out
/// of its choice and the method text says so. The method text lists the features, their
/// weights, the years of their values and each peer's distance.
pub async fn nearest_by(
    engine: &Engine,
    focus: &str,
    year: i32,
    k: usize,
    among: Option<Among>,
    method: &PeerMethod,
) -> Result<Peers> {
    if !(1..=MAX_AUTO_PEERS).contains(&k) {
        return Err(Error::Invalid(format!(
            "--auto-peers {k} : donnez un nombre de départements de comparaison de 1 à {MAX_AUTO_PEERS}"
        )));
    }
    // The year's list serves every focus: `run_file` keeps it for the other reports of the run.
    let (file, features): (&str, Vec<(Feature, f64)>) = match method {
        PeerMethod::Outcome => (
            "peers/features.sql",
            FEATURES
                .iter()
                .map(|&(column, label)| {
                    (
                        Feature {
                            column,
                            word: column,
                            label,
                        },
                        1.0,
                    )
                })
                .collect(),
        ),
        PeerMethod::Context(chosen) => ("peers/context_features.sql", chosen.clone()),
    };
    let context = matches!(method, PeerMethod::Context(_));
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, file, &p).await?;
    for column in [
        "name",
        "parent_code",
        "in_partition",
        "overlapping",
        "region",
        "region_name",
        "scope",
    ]
    .into_iter()
    .chain(features.iter().map(|(f, _)| f.column))
    {
        rows.require(column, file)?;
    }
    let code = rows.schema().field(0).name().clone();
    let codes: Vec<String> = (0..rows.len())
        .map(|r| rows.text(&code, r).unwrap_or_default())
        .collect();
    let row_of = |c: &str| rows.position(&code, c);
    // A context feature the focus (or the Rhône for 69D/69M) has no value of is left out.
    let focus_row = row_of(focus);
    let has = |r: Option<usize>, column: &str| r.and_then(|r| rows.number(column, r)).is_some();
    let stand_row = focus_row
        .and_then(|r| rows.text("parent_code", r))
        .and_then(|p| row_of(&p));
    let (features, dropped): (Weighted, Weighted) = if context {
        features.into_iter().partition(|(f, _)| {
            has(focus_row, f.column) || (!has(focus_row, "log_pop") && has(stand_row, f.column))
        })
    } else {
        (features, Vec::new())
    };
    if features.is_empty() {
        return Err(Error::Invalid(format!(
            "--auto-peers: département {focus} has none of the chosen context features for {year}: name its peers with --peers"
        )));
    }
    // One column per feature; a row is complete when it has all of them.
    let values: Vec<Vec<Option<f64>>> = features
        .iter()
        .map(|(f, _)| (0..rows.len()).map(|r| rows.number(f.column, r)).collect())
        .collect();
    let complete = |r: usize| values.iter().all(|col| col[r].is_some());
    let columns: Vec<Vec<f64>> = values
        .iter()
        .map(|col| col.iter().map(|v| v.unwrap_or(0.0)).collect())
        .collect();
    // 69D/69M have no rate of their own (Insee publishes the Rhône whole): the Rhône's features
    // stand in for them, and the method text says so.
    let me = focus_row.filter(|&r| complete(r)).or_else(|| {
        let parent = rows.text("parent_code", focus_row?)?;
        row_of(&parent).filter(|&r| complete(r))
    });
    let Some(me) = me else {
        return Err(Error::Invalid(format!(
            "--auto-peers : le département {focus} n'a pas de caractéristiques complètes pour {year} (population, taux et parts) : nommez ses départements de comparaison avec --peers"
        )));
    };
    let stand_in = (Some(me) != focus_row).then(|| {
        format!(
            " Les caractéristiques de {} ({}) tiennent lieu de celles de {} ({}), qui n'en a pas en propre (population et taux publiés pour le département entier).",
            rows.text("name", me).unwrap_or_default(),
            codes[me],
            focus_row
                .and_then(|r| rows.text("name", r))
                .unwrap_or_else(|| focus.to_string()),
            focus
        )
    });
    let focus_scope = focus_row.and_then(|r| rows.text("scope", r));
    let focus_region = focus_row.and_then(|r| rows.text("region", r));
    let among = among.unwrap_or_else(|| Among::default_for(focus_scope.as_deref()));
    // The candidates: the year's partition, each territory once, in the pool, less the focus
    // and what overlaps it.
    let overlapping: Vec<String> = focus_row
        .and_then(|r| rows.text("overlapping", r))
        .map(|o| o.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let candidates: Vec<usize> = (0..rows.len())
        .filter(|&r| {
            rows.int("in_partition", r) == Some(1)
                && complete(r)
                && codes[r] != focus
                && !overlapping.contains(&codes[r])
                && among.admits(
                    rows.text("scope", r).as_deref(),
                    rows.text("region", r).as_deref(),
                    focus_region.as_deref(),
                )
        })
        .collect();
    let region_name = focus_row
        .and_then(|r| rows.text("region_name", r))
        .unwrap_or_default();
    if candidates.is_empty() {
        return Err(Error::Invalid(format!(
            "--among {} : aucun département n'a de caractéristiques complètes pour {year} {} en dehors du département étudié {focus} : choisissez un autre ensemble (--among metropole, drom, region ou all) ou nommez les départements de comparaison avec --peers",
            among.word(),
            match among {
                Among::Region => format!("in its région ({region_name})"),
                Among::Drom => "in the DROM".to_string(),
                Among::Metropole => "in metropolitan France".to_string(),
                Among::All => "in France".to_string(),
            }
        )));
    }
    // Standardised over the candidates only: the year's partition, each territory once.
    let z: Vec<Vec<f64>> = columns
        .iter()
        .map(|col| {
            let n = candidates.len().max(1) as f64;
            let mean = candidates.iter().map(|&i| col[i]).sum::<f64>() / n;
            let sd = (candidates
                .iter()
                .map(|&i| (col[i] - mean).powi(2))
                .sum::<f64>()
                / n)
                .sqrt();
            col.iter()
                .map(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 })
                .collect()
        })
        .collect();
    let weights: Vec<f64> = features.iter().map(|(_, w)| *w).collect();
    let mut dist: Vec<(String, f64)> = candidates
        .iter()
        .copied()
        .map(|i| {
            let d = z
                .iter()
                .zip(&weights)
                .map(|(f, w)| w * (f[i] - f[me]).powi(2))
                .sum::<f64>()
                .sqrt();
            (codes[i].clone(), d)
        })
        .collect();
    dist.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    dist.truncate(k);
    let n = candidates.len();
    let chosen = if dist.len() < k {
        format!(
            "Seuls {n} départements ont des caractéristiques complètes en {year} {parmi} (hors le département lui-même et ceux qui le recouvrent) : les {n} sont retenus, moins que les {k} demandés",
            parmi = among.parmi(&region_name)
        )
    } else {
        format!(
            "Les {k} départements les plus proches en {year} {parmi} ({n} départements comparés)",
            parmi = among.parmi(&region_name)
        )
    };
    let codes: Vec<String> = dist.iter().map(|(c, _)| c.clone()).collect();
    // Flags concern the ASE values the outcome method chooses on, not the context.
    let flagged = if context {
        String::new()
    } else {
        flagged_peers(engine, &codes, year).await?
    };
    let described = match method {
        PeerMethod::Context(_) => {
            let equal = features.iter().all(|(_, w)| *w == features[0].1);
            let minima_year = rows.int("minima_year", me).map(|y| y as i32);
            let pop_year = rows.int("population_year", me).map(|y| y as i32);
            let years = super::features::dates_text(&features, year, minima_year, pop_year);
            let left: Vec<&str> = dropped.iter().map(|(f, _)| f.label).collect();
            let left = if left.is_empty() {
                String::new()
            } else {
                format!(
                    " Sans valeur pour le département en {year}, ces caractéristiques ne sont pas utilisées : {}.",
                    left.join(", ")
                )
            };
            let (weighting, distance) = if features.len() == 1 {
                (
                    "sans pondération",
                    "distance : l'écart absolu sur cette seule caractéristique",
                )
            } else if equal {
                (
                    "de même poids",
                    "distance euclidienne (racine de la somme des écarts au carré)",
                )
            } else {
                (
                    "pondérées",
                    "distance euclidienne pondérée (racine de la somme des écarts au carré multipliés par les poids)",
                )
            };
            format!(
                "{chosen} sur le contexte socio-démographique ({spec} : {f} centrée{s}-réduite{s} sur les départements comparés, {weighting}) : {labels} ; {distance}.{years}{left} Les taux de l'ASE comparés n'entrent pas dans le choix.",
                spec = if method.is_default() {
                    "choix par défaut".to_string()
                } else {
                    format!("--features {}", method.spec())
                },
                f = match features.len() {
                    1 => "1 caractéristique".to_string(),
                    n => format!("{n} caractéristiques"),
                },
                s = if features.len() == 1 { "" } else { "s" },
                labels = super::features::weighted_labels(&features),
            )
        }
        PeerMethod::Outcome => {
            let labels: Vec<&str> = features.iter().map(|(f, _)| f.label).collect();
            format!(
                "{chosen} sur {f} indicateurs centrés-réduits : {labels} ; distance euclidienne (méthode « résultats » : choisir les pairs sur les taux comparés masque les écarts que le diagnostic cherche).",
                f = features.len(),
                labels = labels.join(", "),
            )
        }
    };
    let named: Vec<String> = dist
        .iter()
        .map(|(c, d)| {
            let name = row_of(c)
                .and_then(|r| rows.text("name", r))
                .unwrap_or_default();
            format!("{name} ({c}) {}", crate::model::format::number(*d, 2))
        })
        .collect();
    Ok(Peers {
        codes,
        method: format!(
            "{described} Distances au département : {}.{stand_in}{flagged}{others}",
            named.join(" ; "),
            stand_in = stand_in.unwrap_or_default(),
            others = method.other_choices(),
        ),
        distances: dist,
    })
}

/// « Valeurs signalées de l'année parmi les indicateurs du choix : Hérault (34) (enfants
/// accueillis à l'ASE). » for the chosen `codes` whose values of `year` of the features'
/// indicators `quality_flags` lists (`peers/flagged.sql`); empty when none.
async fn flagged_peers(engine: &Engine, codes: &[String], year: i32) -> Result<String> {
    const FILE: &str = "peers/flagged.sql";
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, FILE, &p).await?;
    for c in ["territory", "name", "indicators"] {
        rows.require(c, FILE)?;
    }
    let named: Vec<String> = codes
        .iter()
        .filter_map(|c| {
            let r = rows.position("territory", c)?;
            Some(format!(
                "{} ({c}) : {}",
                rows.text("name", r).unwrap_or_default(),
                rows.text("indicators", r).unwrap_or_default()
            ))
        })
        .collect();
    if named.is_empty() {
        return Ok(String::new());
    }
    Ok(format!(
        " Parmi eux, des valeurs de {year} des indicateurs du choix sont signalées (⚑, vue quality_flags) : {} ; le département reste un pair, ses caractéristiques sont à lire avec ces réserves.",
        named.join(" ; ")
    ))
}
