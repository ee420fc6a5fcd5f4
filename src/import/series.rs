//! The DREES series the séries longues workbooks hold, recognised by the keywords of their
//! sheet titles (reworded between editions), never by an exact sentence: indicator, publication
//! and the words a title must, may and must not hold.

use super::book::normalise;
use super::drees_workbook::Publication;

/// A series and the keywords its title must (`all`, one of `any`) and must not (`none`) hold,
/// compared lower-case with straight apostrophes.
#[derive(Debug, Clone, Copy)]
pub struct Series {
    pub indicator: &'static str,
    pub publication: Publication,
    pub all: &'static [&'static str],
    pub any: &'static [&'static str],
    pub none: &'static [&'static str],
}

const fn series(
    indicator: &'static str,
    publication: Publication,
    all: &'static [&'static str],
    any: &'static [&'static str],
    none: &'static [&'static str],
) -> Series {
    Series {
        indicator,
        publication,
        all,
        any,
        none,
    }
}

use Publication::{Beneficiaires as B, Depenses as D, Personnel as P};

/// Every series depbench reads, by title keywords (« placement(*) » and « placements(*) »,
/// « mineurs non accompagnés » and « mineurs et jeunes majeurs non accompagnés » read alike).
/// The most specific series come first and a title reads as the first series it names, so
/// « Enfants confiés à l'ASE placés en familles d'accueil » is the foster-family series, not
/// the total of children entrusted.
pub const SERIES: [Series; 20] = [
    series(
        "TotEnfASEPlacesFamillesAccueil",
        B,
        &[],
        &[
            "placés en famille",
            "chez un assistant familial",
            "chez des assistants familiaux",
        ],
        &["dépense"],
    ),
    series(
        "TotEnfASEPlacesEtab",
        B,
        &[],
        &[
            "placés en établissement",
            "accueillis en établissement",
            "hébergés en établissement",
        ],
        &["dépense"],
    ),
    series(
        "TotEnfASEDirectJuge",
        B,
        &["placements directs"],
        &[],
        &["dépense"],
    ),
    series(
        "TotEnfASEMesuresAdmin",
        B,
        &["mesures administratives"],
        &[],
        &["dépense"],
    ),
    series(
        "TotEnfASEMesuresJudic",
        B,
        &["mesures judiciaires"],
        &[],
        &["dépense"],
    ),
    series(
        "TotBenefAED",
        B,
        &["actions éducatives à domicile"],
        &[],
        &["dépense"],
    ),
    series("TotBenefAEMO", B, &["milieu ouvert"], &[], &["dépense"]),
    series(
        "TotBenefAE",
        B,
        &["actions éducatives", "aed et aemo"],
        &[],
        &["dépense"],
    ),
    series("NbMNA", B, &["non accompagnés"], &[], &["dépense"]),
    series(
        "TotEnfConfiesASE",
        B,
        &[],
        &[
            "enfants confiés",
            "jeunes confiés",
            "mineurs et jeunes majeurs confiés",
        ],
        &["dépense"],
    ),
    // Later editions may count the same series as « mesures d'accueil ».
    series(
        "TotEnfAccueillisASE",
        B,
        &[],
        &[
            "enfants accueillis",
            "jeunes accueillis",
            "mesures d'accueil",
        ],
        &["dépense"],
    ),
    series(
        "DepBrutePlacementFamASE",
        D,
        &["dépenses", "placement familial"],
        &[],
        &[],
    ),
    series(
        "DepBrutePlacementetabASE",
        D,
        &["dépenses", "placement"],
        &[
            "hors familles d'accueil",
            "placement en établissement",
            "placements en établissement",
        ],
        &["totales de placement", "placement familial"],
    ),
    series(
        "DepBrutePlacementASE",
        D,
        &["dépenses", "totales de placement"],
        &[],
        &[],
    ),
    series(
        "DepBruteAEDAEMO",
        D,
        &["dépenses", "actions éducatives"],
        &[],
        &[],
    ),
    series(
        "DepBrutePrevSpe",
        D,
        &["dépenses", "prévention spécialisée"],
        &[],
        &[],
    ),
    series(
        "DepBruteAllocASE",
        D,
        &["dépenses", "allocation"],
        &[],
        &["rsa", "personnes", "apa"],
    ),
    series("DepNetteASE", D, &["dépenses nettes", "enfance"], &[], &[]),
    series(
        "DepBruteASE",
        D,
        &["dépenses brutes totales", "enfance"],
        &[],
        &[],
    ),
    series(
        "effpersassfam",
        P,
        &["assistants familiaux"],
        &[],
        &[
            "hors assistants",
            "y.c.",
            "y compris",
            "etp",
            "total général",
            "dépense",
        ],
    ),
];

/// Fields of other sheets the all-in-one workbooks hold: a title naming one is never ASE.
const OTHER_FIELDS: [&str; 5] = [
    "personnes âgées",
    "personnes handicapées",
    "rsa",
    "revenu de solidarité",
    "aide médicale",
];

/// The series a title names, if any.
pub fn series_of(title: &str) -> Vec<&'static Series> {
    let t = normalise(title);
    if OTHER_FIELDS.iter().any(|k| t.contains(k)) {
        return Vec::new();
    }
    SERIES
        .iter()
        .filter(|s| {
            s.all.iter().all(|k| t.contains(k))
                && (s.any.is_empty() || s.any.iter().any(|k| t.contains(k)))
                && !s.none.iter().any(|k| t.contains(k))
        })
        .collect()
}
