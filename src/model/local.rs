//! Local indicators: the figures a département keeps itself and DREES does not publish
//! (informations préoccupantes, contrats jeunes majeurs, MNA, places by kind, assistants
//! familiaux…), declared once here. The table `local_indicators` is built from
//! [`LOCAL_INDICATORS`]; the kit (`depbench template`) lists them in this order; the kit
//! importer checks each value against its [`Bounds`]; the views `local_rates` and
//! `local_reconciliation` read their population band and DREES counterpart.

use super::format::Unit;

/// What values of an indicator may be: the kit importer refuses any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounds {
    /// A whole number ≥ 0 (persons, measures, places).
    Count,
    /// A number ≥ 0 (an amount in k€, a number of days).
    NonNegative,
    /// A share in % : 0 to 100.
    Percent,
    /// A rate per 1 000 : 0 to 1 000.
    PerThousand,
}

impl Bounds {
    /// Why `v` is refused for an indicator with these bounds (French), or `None` when it fits.
    pub fn refuse(self, v: f64) -> Option<String> {
        match self {
            Bounds::Count if v < 0.0 => Some("un effectif ne peut pas être négatif".into()),
            Bounds::Count if v.fract() != 0.0 => {
                Some("un effectif est un nombre entier (pas de décimales)".into())
            }
            Bounds::NonNegative if v < 0.0 => Some("cette valeur ne peut pas être négative".into()),
            Bounds::Percent if !(0.0..=100.0).contains(&v) => {
                Some("une part en % est comprise entre 0 et 100".into())
            }
            Bounds::PerThousand if !(0.0..=1000.0).contains(&v) => {
                Some("un taux pour 1 000 est compris entre 0 et 1 000".into())
            }
            _ => None,
        }
    }

    /// What is expected, in French, for messages and the kit's validation prompts.
    pub fn expected(self) -> &'static str {
        match self {
            Bounds::Count => "un nombre entier positif ou nul",
            Bounds::NonNegative => "un nombre positif ou nul",
            Bounds::Percent => "une part en % entre 0 et 100",
            Bounds::PerThousand => "un taux pour 1 000 entre 0 et 1 000",
        }
    }
}

/// One local indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalIndicator {
    /// Id used in kits, `local_values.indicator` and figures (`ip_recues`).
    pub id: &'static str,
    /// French label, as the kit shows it.
    pub label: &'static str,
    /// Short French label for table rows and chart legends.
    pub short_label: &'static str,
    pub unit: Unit,
    /// What is counted, at which date, in French.
    pub definition: &'static str,
    /// Ages of the young people counted (`0-17`, `18-20`, `0-20`), empty when not a count of
    /// young people.
    pub ages: &'static str,
    /// Population band a rate divides the value by (`pop_0_17`, `pop_18_20`, `pop_0_20` of the
    /// view `local_rates`), `None` when no rate is computed.
    pub population: Option<&'static str>,
    /// The DREES indicator (`indicators.id`) the value reconciles with, when one exists.
    pub drees: Option<&'static str>,
    pub bounds: Bounds,
}

#[allow(clippy::too_many_arguments)]
const fn ind(
    id: &'static str,
    label: &'static str,
    short_label: &'static str,
    unit: Unit,
    definition: &'static str,
    ages: &'static str,
    population: Option<&'static str>,
    drees: Option<&'static str>,
    bounds: Bounds,
) -> LocalIndicator {
    LocalIndicator {
        id,
        label,
        short_label,
        unit,
        definition,
        ages,
        population,
        drees,
        bounds,
    }
}

/// Every local indicator, in the kit's order. Rates: informations préoccupantes and mineurs
/// concernés per 1 000 aged 0-17, contrats jeunes majeurs per 1 000 aged 18-20, places per
/// 1 000 aged 0-20.
pub const LOCAL_INDICATORS: [LocalIndicator; 22] = [
    ind(
        "ip_recues",
        "Informations préoccupantes reçues",
        "IP reçues",
        Unit::Count,
        "informations préoccupantes reçues par la CRIP dans l'année (du 1er janvier au 31 décembre)",
        "0-17",
        Some("pop_0_17"),
        None,
        Bounds::Count,
    ),
    ind(
        "taux_ip_recues",
        "Informations préoccupantes reçues pour 1 000 mineurs",
        "IP pour 1 000 mineurs",
        Unit::PerThousand,
        "informations préoccupantes reçues dans l'année pour 1 000 mineurs, tel que le département le publie (depbench calcule aussi le taux à partir de ip_recues)",
        "0-17",
        None,
        None,
        Bounds::PerThousand,
    ),
    ind(
        "ip_mineurs",
        "Mineurs concernés par une information préoccupante",
        "Mineurs concernés par une IP",
        Unit::Count,
        "mineurs distincts concernés par au moins une information préoccupante reçue dans l'année",
        "0-17",
        Some("pop_0_17"),
        None,
        Bounds::Count,
    ),
    ind(
        "evaluations",
        "Évaluations réalisées",
        "Évaluations",
        Unit::Count,
        "évaluations d'informations préoccupantes terminées dans l'année",
        "0-17",
        None,
        None,
        Bounds::Count,
    ),
    ind(
        "part_evaluations_3_mois",
        "Part des évaluations réalisées en 3 mois",
        "Évaluations en 3 mois",
        Unit::Percent,
        "part des évaluations terminées dans l'année qui l'ont été dans le délai légal de 3 mois",
        "0-17",
        None,
        None,
        Bounds::Percent,
    ),
    ind(
        "signalements_parquet",
        "Signalements au parquet",
        "Signalements au parquet",
        Unit::Count,
        "signalements transmis au procureur de la République dans l'année",
        "0-17",
        None,
        None,
        Bounds::Count,
    ),
    ind(
        "delai_ip_jours",
        "Délai moyen de traitement d'une IP",
        "Délai de traitement d'une IP",
        Unit::Days,
        "délai moyen, en jours, entre la réception d'une information préoccupante et la fin de son évaluation",
        "",
        None,
        None,
        Bounds::NonNegative,
    ),
    ind(
        "cjm",
        "Contrats jeunes majeurs",
        "Contrats jeunes majeurs",
        Unit::Count,
        "contrats jeunes majeurs (accueils provisoires jeunes majeurs) en cours au 31/12",
        "18-20",
        Some("pop_18_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "jeunes_majeurs_accompagnes",
        "Jeunes majeurs accompagnés",
        "Jeunes majeurs accompagnés",
        Unit::Count,
        "jeunes de 18 à 20 ans accompagnés par l'ASE au 31/12 (contrat jeune majeur, allocation ou autre aide)",
        "18-20",
        Some("pop_18_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "mna",
        "Mineurs non accompagnés pris en charge",
        "MNA",
        Unit::Count,
        "mineurs non accompagnés (MNA) confiés à l'ASE au 31/12",
        "0-17",
        Some("pop_0_17"),
        None,
        Bounds::Count,
    ),
    ind(
        "pead",
        "Placements éducatifs à domicile (PEAD)",
        "PEAD",
        Unit::Count,
        "enfants confiés à l'ASE en placement éducatif à domicile au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_mecs",
        "Places en MECS",
        "Places en MECS",
        Unit::Places,
        "places autorisées en maisons d'enfants à caractère social au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_lva",
        "Places en lieux de vie et d'accueil",
        "Places en LVA",
        Unit::Places,
        "places autorisées en lieux de vie et d'accueil (LVA) au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_fde",
        "Places au foyer départemental de l'enfance",
        "Places au foyer de l'enfance",
        Unit::Places,
        "places du foyer (ou centre) départemental de l'enfance au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_pouponniere",
        "Places en pouponnière",
        "Places en pouponnière",
        Unit::Places,
        "places en pouponnière à caractère social au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_village",
        "Places en village d'enfants",
        "Places en village d'enfants",
        Unit::Places,
        "places en villages d'enfants au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_urgence",
        "Places d'accueil d'urgence",
        "Places d'urgence",
        Unit::Places,
        "places dédiées à l'accueil d'urgence au 31/12",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "places_total",
        "Places d'accueil en établissement (total)",
        "Places (total)",
        Unit::Places,
        "places autorisées en établissement (MECS, LVA, foyer de l'enfance, pouponnière, village d'enfants, urgence) au 31/12, quand le département ne donne que le total",
        "0-20",
        Some("pop_0_20"),
        None,
        Bounds::Count,
    ),
    ind(
        "af_agrees",
        "Assistants familiaux agréés",
        "Assistants familiaux agréés",
        Unit::Count,
        "assistants familiaux titulaires d'un agrément en cours de validité au 31/12",
        "",
        None,
        None,
        Bounds::Count,
    ),
    ind(
        "af_employes",
        "Assistants familiaux employés par le département",
        "Assistants familiaux employés",
        Unit::Count,
        "assistants familiaux employés par le département au 31/12",
        "",
        None,
        Some("effpersassfam"),
        Bounds::Count,
    ),
    ind(
        "depenses_ase_brutes",
        "Dépenses brutes d'ASE (k€)",
        "Dépenses brutes d'ASE",
        Unit::ThousandEuro,
        "dépenses brutes d'aide sociale à l'enfance de l'année, en milliers d'euros (compte administratif)",
        "",
        None,
        Some("DepBruteASE"),
        Bounds::NonNegative,
    ),
    ind(
        "enfants_accueillis",
        "Enfants accueillis à l'ASE",
        "Enfants accueillis",
        Unit::Count,
        "enfants accueillis à l'ASE au 31/12 (confiés à l'ASE et placements directs par le juge)",
        "0-20",
        Some("pop_0_20"),
        Some("TotEnfAccueillisASE"),
        Bounds::Count,
    ),
];

/// The local indicator `id`.
pub fn local_indicator(id: &str) -> Option<&'static LocalIndicator> {
    LOCAL_INDICATORS.iter().find(|i| i.id == id)
}

/// Status of a local value that is there: as the département gives it (kit) or as its plan
/// prints it (seed).
pub const LOCAL_PUBLISHED: &str = "published";
/// Status of a value the same document prints a second time with another number for the same
/// indicator and year: kept beside the one retained, never current.
pub const LOCAL_CONFLICTING: &str = "conflicting";

/// Edition of the local values a plan prints (`data/local/<doc_id>.csv`): before every kit, so
/// that a kit the département fills becomes current.
pub const PLAN_EDITION: &str = "000";

/// Edition `n` of a département's kit (`001`, `002`…): text that sorts as the number.
pub fn kit_edition(n: u32) -> String {
    format!("{n:03}")
}

/// Source id of edition `n` of département `code`'s kit: `kit-17-001`.
pub fn kit_source_id(code: &str, n: u32) -> String {
    format!("kit-{code}-{}", kit_edition(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_rates_have_a_band() {
        let mut ids: Vec<_> = LOCAL_INDICATORS.iter().map(|i| i.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), LOCAL_INDICATORS.len());
        for id in ["ip_recues", "ip_mineurs", "cjm", "places_mecs", "mna"] {
            assert!(local_indicator(id).unwrap().population.is_some(), "{id}");
        }
        assert_eq!(
            local_indicator("cjm").unwrap().population,
            Some("pop_18_20")
        );
        assert_eq!(
            local_indicator("ip_mineurs").unwrap().population,
            Some("pop_0_17")
        );
        assert_eq!(
            local_indicator("places_lva").unwrap().population,
            Some("pop_0_20")
        );
    }

    #[test]
    fn bounds_refuse_out_of_range() {
        assert!(Bounds::Count.refuse(-1.0).is_some());
        assert!(Bounds::Count.refuse(2.5).is_some());
        assert!(Bounds::Count.refuse(0.0).is_none());
        assert!(Bounds::Percent.refuse(100.5).is_some());
        assert!(Bounds::Percent.refuse(100.0).is_none());
        assert!(Bounds::PerThousand.refuse(1000.1).is_some());
        assert!(Bounds::NonNegative.refuse(12.5).is_none());
        assert_eq!(kit_source_id("2A", 3), "kit-2A-003");
    }
}
