//! Peers (départements de comparaison): named, the document's own comparison set, or the K
//! nearest départements on standardised features, like asdep's `departementsProches`.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Float64Type;

use crate::error::{Error, Result};
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

fn strings(batches: &[RecordBatch], col: usize) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column(col).as_string::<i32>();
            (0..a.len())
                .map(|i| a.value(i).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Check that `code` is a known département.
pub async fn check_departement(engine: &Engine, code: &str, what: &str) -> Result<String> {
    let mut p = Params::default();
    p.set("code", code);
    let b = crate::report::run_file(engine, "peers/departement.sql", &p).await?;
    strings(&b, 0).into_iter().next().ok_or_else(|| {
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
            let mut p = Params::default();
            p.set("focus", focus).set("year", year.to_string());
            let codes = strings(
                &crate::report::run_file(engine, "peers/document_sets.sql", &p).await?,
                0,
            );
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
        PeerChoice::Default => {
            match Box::pin(choose(engine, focus, year, &PeerChoice::Document)).await {
                Ok(p) => Ok(p),
                Err(_) => nearest(engine, focus, year, 4).await,
            }
        }
    }
}

/// The `k` départements nearest to `focus` on the standardised [`FEATURES`] of `year`.
pub async fn nearest(engine: &Engine, focus: &str, year: i32, k: usize) -> Result<Peers> {
    if k == 0 {
        return Err(Error::Invalid("--auto-peers must be at least 1".into()));
    }
    let mut p = Params::default();
    p.set("year", year.to_string());
    let batches = crate::report::run_file(engine, "peers/features.sql", &p).await?;
    let codes = strings(&batches, 0);
    let columns: Vec<Vec<f64>> = FEATURES
        .iter()
        .map(|(name, _)| {
            batches
                .iter()
                .flat_map(|b| {
                    let a = b
                        .column(b.schema().index_of(name).expect("features.sql columns"))
                        .as_primitive::<Float64Type>();
                    (0..a.len()).map(|i| a.value(i)).collect::<Vec<_>>()
                })
                .collect()
        })
        .collect();
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
