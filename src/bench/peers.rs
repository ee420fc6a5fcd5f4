//! Peers (départements de comparaison): named, the document's own comparison set, or the K
//! nearest départements on standardised features, like asdep's `departementsProches`.

use crate::error::{Error, Result};
use crate::query::run::run_file;
use crate::query::{Engine, Params};

/// How the peers of a report are chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerChoice {
    /// Given codes (`--peers 22,64,14`).
    Named(Vec<String>),
    /// The comparison set of the focus département's own plan.
    Document,
    /// The K nearest départements (`--auto-peers K`).
    Auto(usize),
    /// The document's set when there is one, else the 4 nearest.
    Default,
}

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

/// Check that `code` is a known département.
pub async fn check_departement(engine: &Engine, code: &str, what: &str) -> Result<String> {
    let mut p = Params::default();
    p.set("code", code);
    let rows = run_file(engine, "peers/departement.sql", &p).await?;
    let name = rows.schema().field(0).name().clone();
    rows.text(&name, 0).ok_or_else(|| {
        Error::Invalid(format!(
            "{what}: unknown département `{code}` (codes are DREES codes: 01…95, 2A, 2B, 20, 971…976)"
        ))
    })
}

/// Choose the peers of `focus` for `year`.
pub async fn choose(engine: &Engine, focus: &str, year: i32, choice: &PeerChoice) -> Result<Peers> {
    match choice {
        PeerChoice::Named(codes) => {
            let mut out = Vec::new();
            for code in codes {
                if code == focus {
                    return Err(Error::Invalid(format!(
                        "--peers: {code} is the focus département itself"
                    )));
                }
                check_departement(engine, code, "--peers").await?;
                if !out.contains(code) {
                    out.push(code.clone());
                }
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
        PeerChoice::Auto(k) => nearest(engine, focus, year, *k).await,
        // Only the absence of a document set falls back to the nearest départements: a query or
        // I/O error is the user's to see, not a reason to choose other peers silently.
        PeerChoice::Default => {
            if document_set(engine, focus, year).await?.is_empty() {
                nearest(engine, focus, year, 4).await
            } else {
                Box::pin(choose(engine, focus, year, &PeerChoice::Document)).await
            }
        }
    }
}

/// The comparison set of the focus département's own plan for `year` (empty when it has none).
pub async fn document_set(engine: &Engine, focus: &str, year: i32) -> Result<Vec<String>> {
    let mut p = Params::default();
    p.set("focus", focus).set("year", year.to_string());
    let rows = run_file(engine, "peers/document_sets.sql", &p).await?;
    let name = rows.schema().field(0).name().clone();
    Ok(rows.texts(&name))
}

/// The `k` départements nearest to `focus` on the standardised [`FEATURES`] of `year`.
pub async fn nearest(engine: &Engine, focus: &str, year: i32, k: usize) -> Result<Peers> {
    if k == 0 {
        return Err(Error::Invalid("--auto-peers must be at least 1".into()));
    }
    let mut p = Params::default();
    p.set("year", year.to_string());
    let rows = run_file(engine, "peers/features.sql", &p).await?;
    const FILE: &str = "peers/features.sql";
    let code = rows.schema().field(0).name().clone();
    let codes: Vec<String> = (0..rows.len())
        .map(|r| rows.text(&code, r).unwrap_or_default())
        .collect();
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(FEATURES.len());
    for (name, _) in FEATURES {
        rows.require(name, FILE)?;
        let col = (0..rows.len())
            .map(|r| {
                rows.number(name, r).ok_or_else(|| {
                    Error::Invalid(format!(
                        "{FILE}: `{name}` is NULL for département {} (features must be complete)",
                        codes[r]
                    ))
                })
            })
            .collect::<Result<Vec<f64>>>()?;
        columns.push(col);
    }
    let Some(me) = codes.iter().position(|c| c == focus) else {
        return Err(Error::Invalid(format!(
            "département {focus} has no complete features for {year}: use --peers"
        )));
    };
    let z: Vec<Vec<f64>> = columns
        .iter()
        .map(|col| {
            let n = col.len() as f64;
            let mean = col.iter().sum::<f64>() / n;
            let sd = (col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
            col.iter()
                .map(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 })
                .collect()
        })
        .collect();
    let mut dist: Vec<(String, f64)> = (0..codes.len())
        .filter(|&i| i != me)
        .map(|i| {
            let d = z.iter().map(|f| (f[i] - f[me]).powi(2)).sum::<f64>().sqrt();
            (codes[i].clone(), d)
        })
        .collect();
    dist.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    dist.truncate(k);
    let labels: Vec<&str> = FEATURES.iter().map(|(_, l)| *l).collect();
    Ok(Peers {
        codes: dist.iter().map(|(c, _)| c.clone()).collect(),
        method: format!(
            "Les {k} départements les plus proches en {year} ({n} départements comparés) sur {f} indicateurs centrés-réduits : {labels} ; distance euclidienne.",
            n = codes.len(),
            f = FEATURES.len(),
            labels = labels.join(", ")
        ),
        distances: dist,
    })
}
