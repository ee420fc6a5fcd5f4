//! Peers (départements de comparaison): named, the document's own comparison set, or the K
//! nearest départements on standardised features, like asdep's `departementsProches`.

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
                "--among: unknown pool `{other}` (expected metropole, drom, region or all)"
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

/// Features used by [`PeerChoice::Auto`], as (column, French label).
pub const FEATURES: [(&str, &str); 4] = [
    ("log_pop_0_19", "population de 0 à 19 ans (logarithme)"),
    (
        "taux_accueillis",
        "enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 19 ans",
    ),
    (
        "taux_ae",
        "actions éducatives (AED + AEMO) pour 1 000 jeunes de 0 à 19 ans",
    ),
    (
        "part_judiciaire_ae",
        "part judiciaire des actions éducatives (AEMO / (AED + AEMO))",
    ),
];

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
            "{option}: empty département: give a DREES code or a name (e.g. {option} 61 or {option} Orne)"
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
        format!("separate départements with commas, e.g. {option} 14,50")
    } else if near.is_empty() {
        "codes are DREES codes: 01…95, 2A, 2B, 20, 69D, 69M, 971…974, 976, or a département name"
            .into()
    } else {
        format!("did you mean {}?", near.join(", "))
    };
    Err(Error::Invalid(format!(
        "{option}: unknown département `{}` ({hint})",
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

/// Choose the peers of `focus` for `year`.
pub async fn choose(engine: &Engine, focus: &str, year: i32, choice: &PeerChoice) -> Result<Peers> {
    match choice {
        PeerChoice::Named(codes) => {
            let mut out = Vec::new();
            if codes.iter().all(|c| c.trim().is_empty()) {
                return Err(Error::Invalid(
                    "--peers: no département given: list DREES codes or names separated by commas (e.g. --peers 14,50), or leave --peers out for the default choice".into(),
                ));
            }
            let overlapping = overlaps(engine, focus).await?;
            let mut typed: Vec<&str> = Vec::new();
            for input in codes {
                let (code, name) = resolve(engine, input, "--peers").await?;
                if code == focus {
                    return Err(Error::Invalid(format!(
                        "--peers: {name} ({code}) is the focus département itself: leave it out of --peers"
                    )));
                }
                if let Some(i) = out.iter().position(|c| c == &code) {
                    return Err(Error::Invalid(format!(
                        "--peers: {name} ({code}) is named twice (`{}` and `{}`): name each peer once",
                        typed[i].trim(),
                        input.trim()
                    )));
                }
                if let Some(o) = overlapping.iter().find(|o| o.code == code) {
                    let (_, focus_name) = resolve(engine, focus, "--department").await?;
                    return Err(Error::Invalid(format!(
                        "--peers: {name} ({code}) overlaps the focus {focus_name} ({focus}): {}, so the same children would be counted twice; leave {code} out of --peers (--auto-peers never picks an overlapping département)",
                        o.relation.why()
                    )));
                }
                if !has_data(engine, &code, year).await? {
                    return Err(Error::Invalid(format!(
                        "--peers: {name} ({code}) has no DREES data for {year}: choose another peer"
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
                    "no comparison set in the documents of département {focus}: use --peers or --auto-peers"
                )));
            }
            Ok(Peers {
                method: "Départements de comparaison retenus par le schéma départemental du département.".into(),
                codes,
                distances: Vec::new(),
            })
        }
        PeerChoice::Auto(k, among) => nearest(engine, focus, year, *k, *among).await,
        // Only the absence of a document set falls back to the nearest départements: a query or
        // I/O error is the user's to see, not a reason to choose other peers silently.
        PeerChoice::Default => {
            if document_set(engine, focus, year).await?.is_empty() {
                nearest(engine, focus, year, 4, None).await
            } else {
                Box::pin(choose(engine, focus, year, &PeerChoice::Document)).await
            }
        }
    }
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
    /// Why a peer standing so to the focus overlaps it, for the command line's messages
    /// (`it contains the focus`).
    pub fn why(&self) -> String {
        match self {
            Relation::Contains => "it contains the focus".into(),
            Relation::PartOf => "it is part of the focus".into(),
            Relation::Replaces(y) => format!("it replaced the focus in {y}, on the same ground"),
            Relation::ReplacedBy(y) => {
                format!("the focus replaced it in {y}, on the same ground")
            }
        }
    }

    /// The same in French, for the explorer's pages (`il contient le département étudié`).
    pub fn pourquoi(&self) -> String {
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
                        "{FILE}: unknown relation {other:?} (expected contains, part_of, replaces or replaced_by)"
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
    if !(1..=MAX_AUTO_PEERS).contains(&k) {
        return Err(Error::Invalid(format!(
            "--auto-peers {k}: give a number of peers from 1 to {MAX_AUTO_PEERS}"
        )));
    }
    // The year's list serves every focus: `run_file` keeps it for the other reports of the run.
    const FILE: &str = "peers/features.sql";
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, FILE, &p).await?;
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
    .chain(FEATURES.iter().map(|(name, _)| *name))
    {
        rows.require(column, FILE)?;
    }
    let code = rows.schema().field(0).name().clone();
    let codes: Vec<String> = (0..rows.len())
        .map(|r| rows.text(&code, r).unwrap_or_default())
        .collect();
    // One column per feature; a row is complete when it has all of them.
    let values: Vec<Vec<Option<f64>>> = FEATURES
        .iter()
        .map(|(name, _)| (0..rows.len()).map(|r| rows.number(name, r)).collect())
        .collect();
    let complete = |r: usize| values.iter().all(|col| col[r].is_some());
    let columns: Vec<Vec<f64>> = values
        .iter()
        .map(|col| col.iter().map(|v| v.unwrap_or(0.0)).collect())
        .collect();
    let row_of = |c: &str| rows.position(&code, c);
    let focus_row = row_of(focus);
    // 69D/69M have no rate of their own (Insee publishes the Rhône whole): the Rhône's features
    // stand in for them, and the method text says so.
    let me = focus_row.filter(|&r| complete(r)).or_else(|| {
        let parent = rows.text("parent_code", focus_row?)?;
        row_of(&parent).filter(|&r| complete(r))
    });
    let Some(me) = me else {
        return Err(Error::Invalid(format!(
            "--auto-peers: département {focus} has no complete features for {year} (population, rates and shares): name its peers with --peers"
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
            "--among {}: no département with complete features for {year} {} besides the focus {focus}: choose another pool (--among metropole, drom, region or all) or name the peers with --peers",
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
    let mut dist: Vec<(String, f64)> = candidates
        .iter()
        .copied()
        .map(|i| {
            let d = z.iter().map(|f| (f[i] - f[me]).powi(2)).sum::<f64>().sqrt();
            (codes[i].clone(), d)
        })
        .collect();
    dist.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    dist.truncate(k);
    let labels: Vec<&str> = FEATURES.iter().map(|(_, l)| *l).collect();
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
    let flagged = flagged_peers(engine, &codes, year).await?;
    Ok(Peers {
        codes,
        method: format!(
            "{chosen} sur {f} indicateurs centrés-réduits : {labels} ; distance euclidienne.{stand_in}{flagged}",
            f = FEATURES.len(),
            labels = labels.join(", "),
            stand_in = stand_in.unwrap_or_default(),
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
