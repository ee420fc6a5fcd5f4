//! How automatic peers are chosen: the features (socio-demographic context by default, the
//! ASE outcomes by name), their weights (`--features rsa=2,densite,pop`, `--features
//! resultats`), and the method text that says which were used and which other choices exist.

use crate::error::{Error, Result};

/// Features of the former outcome-based choice ([`PeerMethod::Outcome`]), as (column, French label).
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

/// One feature of an automatic choice of peers: the column of its SQL file, the word of
/// `--features`, its French label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feature {
    pub column: &'static str,
    pub word: &'static str,
    pub label: &'static str,
}

/// The socio-demographic features of the default choice of peers (six: the method text says
/// « les six caractéristiques ») (`peers/context_features.sql`,
/// values of `context_indicators`): size, density, poverty (RSA), disability (AAH), share of
/// young people and its change. Each is standardised (centred, divided by its standard
/// deviation) over the candidates, then weighted.
pub const CONTEXT_FEATURES: [Feature; 6] = [
    Feature {
        column: "log_pop",
        word: "pop",
        label: "population totale (logarithme)",
    },
    Feature {
        column: "log_densite",
        word: "densite",
        label: "densité de population (logarithme)",
    },
    Feature {
        column: "taux_rsa",
        word: "rsa",
        label: "allocataires du RSA pour 1 000 habitants",
    },
    Feature {
        column: "taux_aah",
        word: "aah",
        label: "allocataires de l'AAH pour 1 000 habitants de 20 à 64 ans",
    },
    Feature {
        column: "part_0_19",
        word: "jeunes",
        label: "part des 0-19 ans dans la population",
    },
    Feature {
        column: "evol_0_19",
        word: "evolution",
        label: "évolution des 0-19 ans sur cinq ans",
    },
];

/// Features with their weights.
pub type Weighted = Vec<(Feature, f64)>;

/// How automatic peers are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum PeerMethod {
    /// On the socio-demographic context (the default: every [`CONTEXT_FEATURES`] weighted 1),
    /// with the features and weights given (`--features rsa=2,densite,pop`).
    Context(Vec<(Feature, f64)>),
    /// The former method, on the ASE outcomes themselves ([`FEATURES`]; `--features resultats`):
    /// choosing peers on the rates compared hides the differences a diagnosis looks for.
    Outcome,
}

// Weights are finite and positive ([`PeerMethod::parse`]): equality is an equivalence.
impl Eq for PeerMethod {}

impl Default for PeerMethod {
    fn default() -> Self {
        PeerMethod::Context(CONTEXT_FEATURES.iter().map(|f| (*f, 1.0)).collect())
    }
}

impl PeerMethod {
    /// Words of `--features`, for messages.
    pub fn words() -> String {
        let w: Vec<&str> = CONTEXT_FEATURES.iter().map(|f| f.word).collect();
        w.join(", ")
    }

    /// Parse `--features`: `resultats` (the former outcome-based method), or context features
    /// separated by commas, each `word` (weight 1) or `word=weight` (a positive number, `2`,
    /// `0.5` or `0,5`). Errors name the word and say what to type.
    pub fn parse(text: &str) -> Result<PeerMethod> {
        let t = text.trim().to_lowercase();
        if ["resultats", "résultats", "outcome", "outcomes"].contains(&t.as_str()) {
            return Ok(PeerMethod::Outcome);
        }
        let mut chosen: Vec<(Feature, f64)> = Vec::new();
        for part in split_features(&t) {
            let (word, weight) = match part.split_once('=') {
                Some((w, v)) => (w.trim(), Some(v.trim())),
                None => (part.trim(), None),
            };
            let word = if word == "densité" { "densite" } else { word };
            let Some(feature) = CONTEXT_FEATURES.iter().find(|f| f.word == word) else {
                return Err(Error::Invalid(format!(
                    "--features : caractéristique « {word} » inconnue (attendu parmi {} avec un poids facultatif, ex. --features rsa=2,densite,pop ; ou --features resultats pour l'ancienne méthode sur les taux de l'ASE)",
                    Self::words()
                )));
            };
            let weight = match weight {
                None => 1.0,
                Some(v) => match v.replace(',', ".").parse::<f64>() {
                    Ok(w) if w.is_finite() && w > 0.0 => w,
                    _ => {
                        return Err(Error::Invalid(format!(
                            "--features : poids « {v} » de {word} invalide (attendu un nombre positif, ex. {word}=2 ou {word}=0,5)"
                        )));
                    }
                },
            };
            if chosen.iter().any(|(f, _)| f.word == feature.word) {
                return Err(Error::Invalid(format!(
                    "--features : {word} est donné deux fois : donnez chaque caractéristique une fois"
                )));
            }
            chosen.push((*feature, weight));
        }
        if chosen.is_empty() {
            return Err(Error::Invalid(format!(
                "--features : aucune caractéristique (attendu parmi {}, ex. --features rsa=2,densite,pop)",
                Self::words()
            )));
        }
        Ok(PeerMethod::Context(chosen))
    }
}

/// The parts of `--features` text: commas separate features, except a decimal comma inside a
/// weight (`rsa=0,5,pop` is `rsa=0,5` and `pop`).
fn split_features(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for piece in text.split(',') {
        let piece = piece.trim();
        let glue = piece.chars().all(|c| c.is_ascii_digit())
            && !piece.is_empty()
            && parts
                .last()
                .is_some_and(|p| p.contains('=') && !p.contains('.') && !p.contains(','));
        match parts.last_mut() {
            Some(last) if glue => {
                last.push(',');
                last.push_str(piece);
            }
            _ if piece.is_empty() => {}
            _ => parts.push(piece.to_string()),
        }
    }
    parts
}

/// An example of `--features` for the « Autres choix » of a method text, never the choice
/// taken: `rsa=2,densite,pop`, else `aah=2,jeunes,evolution`.
const EXAMPLES: [&str; 2] = ["rsa=2,densite,pop", "aah=2,jeunes,evolution"];

/// A weight in French, as short as it is exact to two decimals: `2`, `0,5`, `1,25`.
pub fn weight_text(w: f64) -> String {
    let t = crate::model::format::number(w, 2);
    if t.contains(',') {
        t.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        t
    }
}

impl PeerMethod {
    /// The `--features` text of this choice: `rsa=2,densite,pop` (weight 1 unwritten),
    /// `resultats`.
    pub fn spec(&self) -> String {
        match self {
            PeerMethod::Outcome => "resultats".into(),
            PeerMethod::Context(chosen) => chosen
                .iter()
                .map(|(f, w)| {
                    if *w == 1.0 {
                        f.word.to_string()
                    } else {
                        format!("{}={}", f.word, weight_text(*w).replace(',', "."))
                    }
                })
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// Whether this is the default choice: every context feature, each of weight 1, in any
    /// order.
    pub fn is_default(&self) -> bool {
        match self {
            PeerMethod::Outcome => false,
            PeerMethod::Context(chosen) => {
                chosen.len() == CONTEXT_FEATURES.len()
                    && CONTEXT_FEATURES
                        .iter()
                        .all(|f| chosen.iter().any(|(c, w)| c.word == f.word && *w == 1.0))
            }
        }
    }

    /// « Autres choix : … » of the method text: the choices not taken (the default, another
    /// set of features and weights, the former outcome-based method), never the one taken.
    pub fn other_choices(&self) -> String {
        let mut others: Vec<String> = Vec::new();
        if !self.is_default() {
            others.push(
                "le choix par défaut (sans --features : les six caractéristiques du contexte, poids 1)"
                    .into(),
            );
        }
        let spec = self.spec();
        let example = EXAMPLES
            .iter()
            .find(|e| PeerMethod::parse(e).map(|m| m.spec()).ok().as_ref() != Some(&spec))
            .expect("two different examples");
        let other_set = if matches!(self, PeerMethod::Context(_)) {
            "d'autres caractéristiques et poids"
        } else {
            "des caractéristiques du contexte et leurs poids"
        };
        others.push(format!("--features {example} ({other_set})"));
        if matches!(self, PeerMethod::Context(_)) {
            others.push("--features resultats (ancienne méthode, sur les taux de l'ASE)".into());
        }
        format!(" Autres choix : {}.", others.join(", "))
    }
}

/// The features of a choice with their weights, in French: « allocataires du RSA pour 1 000
/// habitants (poids 2), densité de population (logarithme ; poids 1) ».
pub fn weighted_labels(features: &[(Feature, f64)]) -> String {
    features
        .iter()
        .map(|(f, w)| {
            let w = weight_text(*w);
            match f.label.strip_suffix(')') {
                Some(open) => format!("{open} ; poids {w})"),
                None => format!("{} (poids {w})", f.label),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl PeerMethod {
    /// What this choice is made on, in French, for the explorer's suggestion: « sur le contexte
    /// socio-démographique (--features rsa=2,densite,pop) : allocataires du RSA … (poids 2), … ;
    /// les taux de l'ASE comparés n'entrent pas dans le choix ».
    pub fn criteria(&self) -> String {
        match self {
            PeerMethod::Context(chosen) => format!(
                "sur le contexte socio-démographique (--features {}) : {} ; les taux de l'ASE comparés n'entrent pas dans le choix",
                self.spec(),
                weighted_labels(chosen)
            ),
            PeerMethod::Outcome => {
                let labels: Vec<&str> = FEATURES.iter().map(|(_, l)| *l).collect();
                format!(
                    "sur les taux de l'ASE eux-mêmes (--features resultats, ancienne méthode) : {}, de même poids",
                    labels.join(", ")
                )
            }
        }
    }
}

/// The method text ([`PeerMethod::criteria`], the peers' method) as the explorer says it: its
/// users choose the features in the field « Critères des départements automatiques »
/// (`features=` in the address), not with the command line's `--features`. « --features
/// rsa=2,densite,pop » becomes « critères « rsa=2,densite,pop » », « sans --features » «
/// critères vides ».
pub fn explorer_words(text: &str) -> String {
    const OPTION: &str = "--features ";
    let text = text.replace("sans --features", "critères vides");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(OPTION) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPTION.len()..];
        let end = after
            .find(|c: char| c.is_whitespace() || c == ')' || c == ';')
            .unwrap_or(after.len());
        // A comma ending the word is the sentence's (« --features resultats, ancienne méthode »).
        let spec = after[..end].trim_end_matches(',');
        // No-break spaces inside the guillemets, as the report writes them: « never alone.
        out.push_str(&format!("critères «\u{a0}{spec}\u{a0}»"));
        rest = &after[spec.len()..];
    }
    out.push_str(rest);
    out
}

/// `a`, `a et b`, `a, b et c`.
fn french_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

/// The dates of the values of the context features used, for the method text: « RSA au 31
/// décembre 2019 (dernière année publiée par la DREES, antérieure à 2022) ; population et
/// densité au 1er janvier 2022. » — only the features in `features`; `minima`: the year of the
/// minima sociaux read, `population`: the year of the population (1 January). Empty when none
/// applies.
pub fn dates_text(
    features: &[(Feature, f64)],
    year: i32,
    minima: Option<i32>,
    population: Option<i32>,
) -> String {
    let has = |word: &str| features.iter().any(|(f, _)| f.word == word);
    let minima_words: Vec<&str> = [("rsa", "RSA"), ("aah", "AAH")]
        .iter()
        .filter(|(w, _)| has(w))
        .map(|(_, l)| *l)
        .collect();
    let population_words: Vec<&str> = [
        ("pop", "population"),
        ("densite", "densité"),
        ("jeunes", "part des 0-19 ans"),
    ]
    .iter()
    .filter(|(w, _)| has(w))
    .map(|(_, l)| *l)
    .collect();
    let mut parts: Vec<String> = Vec::new();
    if let (false, Some(m)) = (minima_words.is_empty(), minima) {
        let older = if m < year {
            format!(" (dernière année publiée par la DREES, antérieure à {year})")
        } else {
            String::new()
        };
        parts.push(format!(
            "{} au 31 décembre {m}{older}",
            french_list(&minima_words)
        ));
    }
    if let Some(p) = population {
        if !population_words.is_empty() {
            parts.push(format!(
                "{} au 1er janvier {p}",
                french_list(&population_words)
            ));
        }
        if has("evolution") {
            parts.push(format!(
                "évolution des 0-19 ans du 1er janvier {} au 1er janvier {p}",
                p - 5
            ));
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut text = parts.join(" ; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    format!(" {text}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_text_names_the_features_used_and_only_the_other_choices() {
        let weighted = PeerMethod::parse("rsa=2,densite,pop").unwrap();
        let PeerMethod::Context(chosen) = &weighted else {
            panic!("context");
        };
        assert_eq!(
            dates_text(chosen, 2022, Some(2019), Some(2022)),
            " RSA au 31 décembre 2019 (dernière année publiée par la DREES, antérieure à 2022) ; population et densité au 1er janvier 2022."
        );
        assert_eq!(weighted.spec(), "rsa=2,densite,pop");
        let others = weighted.other_choices();
        assert!(!others.contains("rsa=2,densite,pop"), "{others}");
        assert!(
            others.contains("le choix par défaut (sans --features"),
            "{others}"
        );
        assert!(
            others.contains("--features aah=2,jeunes,evolution"),
            "{others}"
        );
        assert!(others.contains("--features resultats"), "{others}");
        let default = PeerMethod::default();
        assert!(default.is_default());
        let others = default.other_choices();
        assert!(!others.contains("par défaut"), "{others}");
        assert!(others.contains("--features rsa=2,densite,pop"), "{others}");
        let PeerMethod::Context(all) = &default else {
            panic!("context");
        };
        assert_eq!(
            dates_text(all, 2019, Some(2019), Some(2019)),
            " RSA et AAH au 31 décembre 2019 ; population, densité et part des 0-19 ans au 1er janvier 2019 ; évolution des 0-19 ans du 1er janvier 2014 au 1er janvier 2019."
        );
        let outcome = PeerMethod::Outcome.other_choices();
        assert!(!outcome.contains("resultats"), "{outcome}");
        assert!(outcome.contains("le choix par défaut"), "{outcome}");
        assert_eq!(weight_text(0.5), "0,5");
        assert_eq!(weight_text(2.0), "2");
        assert_eq!(weight_text(1.25), "1,25");
        assert_eq!(
            PeerMethod::parse("rsa=0,5,pop").unwrap().spec(),
            "rsa=0.5,pop"
        );
    }

    /// In the explorer, the method text names the field the user has (« critères »), never the
    /// command line's `--features`.
    #[test]
    fn explorer_words_name_the_field_not_the_option() {
        let m = PeerMethod::parse("rsa=2,densite,pop").unwrap();
        let said = explorer_words(&format!("{}.{}", m.criteria(), m.other_choices()));
        assert!(!said.contains("--features"), "{said}");
        assert!(
            said.starts_with(
                "sur le contexte socio-démographique (critères «\u{a0}rsa=2,densite,pop\u{a0}») : allocataires du RSA"
            ),
            "{said}"
        );
        assert!(
            said.ends_with(
                "Autres choix : le choix par défaut (critères vides : les six caractéristiques du contexte, poids 1), critères «\u{a0}aah=2,jeunes,evolution\u{a0}» (d'autres caractéristiques et poids), critères «\u{a0}resultats\u{a0}» (ancienne méthode, sur les taux de l'ASE)."
            ),
            "{said}"
        );
        let outcome = explorer_words(&PeerMethod::Outcome.criteria());
        assert!(
            outcome.starts_with(
                "sur les taux de l'ASE eux-mêmes (critères «\u{a0}resultats\u{a0}», ancienne méthode) : "
            ),
            "{outcome}"
        );
    }
}
