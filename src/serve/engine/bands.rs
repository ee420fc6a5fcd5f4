//! The indicator page's bands: which bands of the distribution of the départements the
//! evolution chart draws around the median, and whether the quantiles are weighted by
//! population (`queries/explorer/indicator_evolution.sql` computes them; its header says the
//! definitions). Kept in the URL: `bands=d1d9,q1q3,m20,m10` (`bands=aucune`: the median alone)
//! and `weight=population`. Part of the one door into the library ([`super`]).

pub use crate::render::Band;

use super::{ExplorerError, Result};

/// Each band: the word naming it in the URL and in the query's `$bands`, and its label on the
/// page's checkbox.
pub const BAND_CHOICES: [(Band, &str, &str); 4] = [
    (Band::Interquartile, "q1q3", "interquartile (Q1-Q3)"),
    (Band::Interdecile, "d1d9", "interdécile (D1-D9)"),
    (Band::Median10, "m10", "médiane ± 10 %"),
    (Band::Median20, "m20", "médiane ± 20 %"),
];

/// The URL word asking for no band (the median alone).
pub const NO_BAND: &str = "aucune";

/// How the weighted quantiles are defined, in the reader's words (the page's note, the
/// docs).
pub const WEIGHTED_DEFINITION: &str = "Quantiles pondérés : chaque département pèse sa population de 0 à 19 ans au 1er janvier de l'année (Insee) ; le quantile p est le quantile pondéré inférieur, la plus petite valeur v telle que les départements de valeur inférieure ou égale à v réunissent au moins la part p de cette population (médiane pondérée : la moitié des jeunes vivent dans un département de valeur inférieure ou égale).";

/// How the unweighted quantiles are defined.
pub const PLAIN_DEFINITION: &str = "Quantiles non pondérés : chaque département compte une fois ; le quantile p est interpolé linéairement entre les deux rangs les plus proches (rang (n − 1) × p en partant de 0, la définition par défaut de R et d'Excel).";

/// The bands of the median ± x %, said once.
pub const MEDIAN_BANDS_DEFINITION: &str = "Médiane ± 10 % et ± 20 % : la médiane (pondérée ou non) plus ou moins 10 % ou 20 % de sa valeur absolue.";

/// The bands drawn and the weighting of the quantiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bands {
    /// The bands drawn around the median, in [`Band::ALL`] order.
    pub shown: Vec<Band>,
    /// Quantiles weighted by the population of 0 to 19 years ([`WEIGHTED_DEFINITION`]).
    pub weighted: bool,
}

impl Default for Bands {
    /// The interdecile and interquartile bands, unweighted (the quantile lines the page drew
    /// before bands existed).
    fn default() -> Self {
        Bands {
            shown: vec![Band::Interdecile, Band::Interquartile],
            weighted: false,
        }
    }
}

fn word(band: Band) -> &'static str {
    BAND_CHOICES
        .iter()
        .find(|(b, _, _)| *b == band)
        .map_or("", |(_, w, _)| w)
}

impl Bands {
    /// From the URL: every value of `bands` (a checkbox each, or one comma-separated list;
    /// [`NO_BAND`] adds none; no value at all: [`Bands::default`]) and `weight` (`population`,
    /// or empty / absent / `aucune`). An unknown word is a 400 naming it.
    pub fn from_url(bands: &[&str], weight: Option<&str>) -> Result<Bands> {
        let mut out = Bands::default();
        if !bands.is_empty() {
            out.shown.clear();
            for w in bands.iter().flat_map(|v| v.split(',')).map(str::trim) {
                if w.is_empty() || w == NO_BAND {
                    continue;
                }
                let (band, _, _) = BAND_CHOICES.iter().find(|(_, word, _)| *word == w).ok_or_else(|| {
                    ExplorerError::BadRequest(format!(
                        "bands={w} : bande inconnue ; bandes possibles : q1q3 (interquartile), d1d9 (interdécile), m10 (médiane ± 10 %), m20 (médiane ± 20 %), ou {NO_BAND}"
                    ))
                })?;
                if !out.shown.contains(band) {
                    out.shown.push(*band);
                }
            }
            out.shown.sort();
        }
        out.weighted = match weight.map(str::trim).unwrap_or("") {
            "" | NO_BAND => false,
            "population" => true,
            other => {
                return Err(ExplorerError::BadRequest(format!(
                    "weight={other} : pondération inconnue ; « population » pondère les quantiles par la population de 0 à 19 ans"
                )));
            }
        };
        Ok(out)
    }

    /// Whether `band` is drawn.
    pub fn has(&self, band: Band) -> bool {
        self.shown.contains(&band)
    }

    /// The URL form: `bands=d1d9,q1q3` (`bands=aucune`), then `&weight=population` when
    /// weighted.
    pub fn to_query(&self) -> String {
        let words: Vec<&str> = self.shown.iter().map(|b| word(*b)).collect();
        let mut q = format!(
            "bands={}",
            if words.is_empty() {
                NO_BAND.to_string()
            } else {
                words.join(",")
            }
        );
        if self.weighted {
            q.push_str("&weight=population");
        }
        q
    }

    /// The query's `$bands`: `mediane` and each band's word.
    pub(super) fn param(&self) -> String {
        std::iter::once("mediane")
            .chain(self.shown.iter().map(|b| word(*b)))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The query's `$weighting`: `population` or `aucune`.
    pub(super) fn weighting(&self) -> &'static str {
        if self.weighted { "population" } else { NO_BAND }
    }

    /// The evolution chart's subtitle: what the distribution drawn is.
    pub fn subtitle(&self) -> String {
        let mut s = String::from(
            "Le département, ses pairs, ses références et la médiane des départements",
        );
        if self.weighted {
            s.push_str(" pondérée par la population de 0 à 19 ans");
        }
        if !self.shown.is_empty() {
            let names: Vec<&str> = self.shown.iter().map(|b| b.label()).collect();
            s.push_str(&format!(
                " ; bandes : {}",
                names.join(", ").replace("Médiane", "médiane")
            ));
        }
        s
    }

    /// The definitions of what is drawn, for the page's note.
    pub fn definitions(&self) -> String {
        let mut s = String::from(if self.weighted {
            WEIGHTED_DEFINITION
        } else {
            PLAIN_DEFINITION
        });
        if self.has(Band::Median10) || self.has(Band::Median20) {
            s.push(' ');
            s.push_str(MEDIAN_BANDS_DEFINITION);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_from_the_url() {
        assert_eq!(Bands::from_url(&[], None).unwrap(), Bands::default());
        let b = Bands::from_url(&["aucune", "m20", "q1q3"], Some("population")).unwrap();
        assert_eq!(b.shown, vec![Band::Interquartile, Band::Median20]);
        assert!(b.weighted);
        assert_eq!(b.to_query(), "bands=q1q3,m20&weight=population");
        assert_eq!(b.param(), "mediane,q1q3,m20");
        assert_eq!(
            Bands::from_url(
                &[b.to_query()
                    .trim_start_matches("bands=")
                    .split('&')
                    .next()
                    .unwrap()],
                Some("population")
            )
            .unwrap(),
            b
        );
        let none = Bands::from_url(&["aucune"], None).unwrap();
        assert!(none.shown.is_empty());
        assert_eq!(none.to_query(), "bands=aucune");
        assert_eq!(none.param(), "mediane");
        assert_eq!(
            Bands::from_url(&["iq"], None).unwrap_err().to_string(),
            "bands=iq : bande inconnue ; bandes possibles : q1q3 (interquartile), d1d9 (interdécile), m10 (médiane ± 10 %), m20 (médiane ± 20 %), ou aucune"
        );
        assert!(Bands::from_url(&[], Some("poids")).is_err());
    }
}
