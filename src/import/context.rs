//! Catalogue rows of the socio-demographic context: the DREES minima sociaux series read by
//! [`super::minima`] and the context indicators computed by the view
//! `queries/views/context_indicators.sql`, written to `indicators.csv` beside the DREES
//! variables ([`super::drees_tidy::read_variables`]).
//!
//! Each row is `[id, label, short_label, unit, definition, reference_population, source]`, the
//! source being a source-id stem (`drees-minima`, `insee-pop`) that the import replaces by the
//! newest edition held, or `derived`. The last year of each indicator is not written here: it
//! is the last year of its values (`context_indicators`), stated wherever a figure shows an
//! indicator older than the report's year.

/// The catalogue rows (see the module doc for the columns).
pub const CONTEXT_INDICATORS: [[&str; 7]; 20] = [
    minima(
        "AllocAAH",
        "Allocataires de l'allocation aux adultes handicapés (AAH) au 31 décembre",
        "Allocataires de l'AAH",
        "DREES, Minima sociaux : données départementales par dispositif, Tableau 1 (sources CNAF et MSA ; répartition CNAF selon le département de la caisse de gestion). Première série 2016 : ancien système de production statistique de la CNAF.",
    ),
    minima(
        "AllocAAH_rupture2016",
        "Allocataires de l'AAH au 31 décembre 2016, nouvelle série CNAF (seconde colonne 2016)",
        "Allocataires de l'AAH (série 2016 après rupture)",
        "DREES, Minima sociaux, Tableau 1, colonne « 2016 (1) » : rupture de série, la CNAF a amélioré en 2016 son système de production statistique ; ces données 2016 sont comparables aux années suivantes, la série principale 2016 aux années précédentes. Les deux valeurs sont gardées telles que publiées.",
    ),
    minima(
        "AllocASS",
        "Allocataires de l'allocation de solidarité spécifique (ASS) au 31 décembre",
        "Allocataires de l'ASS",
        "DREES, Minima sociaux : données départementales par dispositif, Tableau 6 (source Pôle emploi).",
    ),
    minima(
        "AllocRSA",
        "Allocataires du revenu de solidarité active (RSA) au 31 décembre",
        "Allocataires du RSA",
        "DREES, Minima sociaux, Tableau 11 : RSA socle de 2009 à 2015, RSA (le RSA activité ayant été remplacé par la prime d'activité) à partir de 2016 ; première série 2016 : ancien système de production statistique de la CNAF. Sources CNAF et MSA.",
    ),
    minima(
        "AllocRSA_rupture2016",
        "Allocataires du RSA au 31 décembre 2016, nouvelle série CNAF (colonne « 2016 (2) »)",
        "Allocataires du RSA (série 2016 après rupture)",
        "DREES, Minima sociaux, Tableau 11, colonne « 2016 (2) » : rupture de série CNAF 2016, comparable aux années suivantes. Gardée telle que publiée, à côté de la série principale.",
    ),
    minima(
        "PopCouverteRSA",
        "Population couverte par le RSA (allocataires, conjoints et personnes à charge) au 31 décembre",
        "Population couverte par le RSA",
        "DREES, Minima sociaux, Tableau 14 : RSA socle jusqu'en 2015, RSA ensuite ; première série 2016 : ancien système CNAF.",
    ),
    minima(
        "PopCouverteRSA_rupture2016",
        "Population couverte par le RSA au 31 décembre 2016, nouvelle série CNAF (colonne « 2016 (2) »)",
        "Population couverte par le RSA (série 2016 après rupture)",
        "DREES, Minima sociaux, Tableau 14, colonne « 2016 (2) » : rupture de série CNAF 2016.",
    ),
    minima(
        "BenefAdultesRSA",
        "Adultes bénéficiaires du RSA (allocataires et conjoints) au 31 décembre",
        "Adultes bénéficiaires du RSA",
        "DREES, Minima sociaux, Tableau 15 : RSA socle jusqu'en 2015, RSA ensuite ; première série 2016 : ancien système CNAF.",
    ),
    minima(
        "BenefAdultesRSA_rupture2016",
        "Adultes bénéficiaires du RSA au 31 décembre 2016, nouvelle série CNAF (colonne « 2016 (2) »)",
        "Adultes bénéficiaires du RSA (série 2016 après rupture)",
        "DREES, Minima sociaux, Tableau 15, colonne « 2016 (2) » : rupture de série CNAF 2016.",
    ),
    minima(
        "AllocMinimaSociaux",
        "Allocataires de l'ensemble des minima sociaux au 31 décembre",
        "Allocataires des minima sociaux",
        "DREES, Minima sociaux, Tableau 13 ; première série 2016 : ancien système CNAF.",
    ),
    minima(
        "AllocMinimaSociaux_rupture2016",
        "Allocataires des minima sociaux au 31 décembre 2016, nouvelle série CNAF (colonne « 2016 (2) »)",
        "Allocataires des minima sociaux (série 2016 après rupture)",
        "DREES, Minima sociaux, Tableau 13, colonne « 2016 (2) » : rupture de série CNAF 2016.",
    ),
    derived(
        "taux_rsa",
        "Allocataires du RSA pour 1 000 habitants",
        "Allocataires du RSA pour 1 000 habitants",
        "per_thousand",
        "AllocRSA au 31/12/N pour 1 000 habitants au 1/1/N+1 (population Insee la plus récente à défaut), vue `context_indicators`. Dernière année : celle de l'édition DREES des minima sociaux (2019 pour l'édition 1995-2019).",
        "total",
    ),
    derived(
        "taux_rsa_couverte",
        "Population couverte par le RSA pour 1 000 habitants",
        "Population couverte par le RSA (‰)",
        "per_thousand",
        "PopCouverteRSA au 31/12/N pour 1 000 habitants au 1/1/N+1 (population Insee la plus récente à défaut), vue `context_indicators`.",
        "total",
    ),
    derived(
        "taux_aah_20_64",
        "Allocataires de l'AAH pour 1 000 habitants de 20 à 64 ans",
        "AAH pour 1 000 habitants de 20-64 ans",
        "per_thousand",
        "AllocAAH au 31/12/N pour 1 000 habitants de 20 à 64 ans au 1/1/N+1 (tranches quinquennales Insee 20-24 à 60-64), vue `context_indicators`.",
        "20-64",
    ),
    derived(
        "taux_ass_15_64",
        "Allocataires de l'ASS pour 1 000 habitants de 15 à 64 ans",
        "ASS pour 1 000 habitants de 15-64 ans",
        "per_thousand",
        "AllocASS au 31/12/N pour 1 000 habitants de 15 à 64 ans au 1/1/N+1 (tranches quinquennales Insee 15-19 à 60-64), vue `context_indicators`.",
        "15-64",
    ),
    derived(
        "part_0_19",
        "Part des 0-19 ans dans la population au 1er janvier",
        "Part des 0-19 ans",
        "percent",
        "Population de 0 à 19 ans / population totale au 1/1/N, en % (estimations Insee), vue `context_indicators`.",
        "00-19",
    ),
    derived(
        "part_0_4",
        "Part des 0-4 ans dans la population au 1er janvier",
        "Part des moins de 5 ans",
        "percent",
        "Population de 0 à 4 ans / population totale au 1/1/N, en % (estimations Insee). Les tranches quinquennales Insee ne permettent pas les 0-5 ans : la tranche publiée la plus proche est 0-4 ans. Vue `context_indicators`.",
        "00-04",
    ),
    derived(
        "evol_0_19_5ans",
        "Évolution du nombre de 0-19 ans sur cinq ans",
        "Évolution des 0-19 ans sur 5 ans",
        "percent",
        "(Population de 0 à 19 ans au 1/1/N − celle au 1/1/N−5) / celle au 1/1/N−5, en % (estimations Insee), vue `context_indicators`.",
        "00-19",
    ),
    derived(
        "part_75_plus",
        "Part des 75 ans et plus dans la population au 1er janvier",
        "Part des 75 ans et plus",
        "percent",
        "Population de 75 ans et plus / population totale au 1/1/N, en % (estimations Insee), vue `context_indicators`.",
        "75+",
    ),
    derived(
        "densite",
        "Densité de population (habitants par km²)",
        "Densité (hab./km²)",
        "per_km2",
        "Population totale au 1/1/N / superficie. Superficie calculée par depbench sur les contours IGN Admin Express 2018 de data/geo (simplifiés à 0,005°, trous retirés) : aire de chaque anneau par la formule du lacet sur la projection cylindrique équivalente de Lambert (x = R·λ, y = R·sin φ, R = 6 371,0072 km, rayon authalique), qui conserve les aires ; écart de quelques pour cent possible avec la superficie officielle pour les plus petits départements (Paris, petite couronne). Vue `context_surfaces`.",
        "",
    ),
];

/// A row of a minima sociaux series (a count of allocataires or persons at 31 December).
const fn minima(
    id: &'static str,
    label: &'static str,
    short: &'static str,
    definition: &'static str,
) -> [&'static str; 7] {
    [id, label, short, "count", definition, "", "drees-minima"]
}

/// A row of an indicator computed by a view.
const fn derived(
    id: &'static str,
    label: &'static str,
    short: &'static str,
    unit: &'static str,
    definition: &'static str,
    population: &'static str,
) -> [&'static str; 7] {
    [id, label, short, unit, definition, population, "derived"]
}

/// Ids of the context indicators computed by `context_indicators` (those the profile, the
/// context peers and the model read), in the order the profile shows them.
pub const PROFILE: [&str; 9] = [
    "taux_rsa",
    "taux_rsa_couverte",
    "taux_aah_20_64",
    "taux_ass_15_64",
    "part_0_19",
    "part_0_4",
    "evol_0_19_5ans",
    "part_75_plus",
    "densite",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::format::Unit;

    #[test]
    fn every_row_has_a_known_unit_and_a_unique_id() {
        let mut ids = std::collections::BTreeSet::new();
        for row in CONTEXT_INDICATORS {
            assert!(row[3].parse::<Unit>().is_ok(), "{}", row[0]);
            assert!(ids.insert(row[0]), "{} twice", row[0]);
        }
        for id in PROFILE {
            assert!(ids.contains(id), "{id}");
        }
    }
}
