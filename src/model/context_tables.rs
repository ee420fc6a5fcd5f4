//! The tables of the EPCI map (issue 23 §6), declared like the others of
//! [`super::schema`]: the DGCL composition of the EPCI, the Insee COG and its history, the EPCI
//! outlines and the placement of the IGN commune outlines (all under `data/context/`).

use std::sync::Arc;

use datafusion::arrow::datatypes::Schema;

use super::schema::{Storage, TableDef, float, int, utf8};

/// `epci`: the EPCI à fiscalité propre (DGCL, `context/epci/epci-<edition>.csv`), one row per
/// EPCI: its département of seat, members and populations, its cells.
pub fn epci() -> Schema {
    Schema::new(vec![
        utf8("siren", false),
        utf8("name", false),
        utf8("nature", false),
        utf8("financing", false),
        utf8("departement", false),
        int("members", false),
        int("population_totale", false),
        int("population_municipale", false),
        int("edition", false),
        utf8("source_ref", false),
    ])
}

/// `epci_communes`: each member commune of an EPCI (DGCL), with its populations.
pub fn epci_communes() -> Schema {
    Schema::new(vec![
        utf8("commune", false),
        utf8("departement", false),
        utf8("name", false),
        utf8("epci", false),
        utf8("siren_membre", false),
        int("population_totale", false),
        int("population_municipale", false),
        int("edition", false),
        utf8("source_ref", false),
    ])
}

/// `cog_communes`: the Insee COG's communes (and communes associées, déléguées,
/// arrondissements, by `type`).
pub fn cog_communes() -> Schema {
    Schema::new(vec![
        utf8("code", false),
        utf8("type", false),
        utf8("departement", true),
        utf8("region", true),
        utf8("name", false),
        utf8("parent", true),
        int("edition", false),
        utf8("source_ref", false),
    ])
}

/// `cog_mouvements`: the COG's history of commune changes (merges, code changes, renames).
pub fn cog_mouvements() -> Schema {
    Schema::new(vec![
        utf8("mod", false),
        utf8("date", false),
        utf8("type_before", true),
        utf8("before", true),
        utf8("name_before", true),
        utf8("type_after", true),
        utf8("after", true),
        utf8("name_after", true),
        int("edition", false),
        utf8("source_ref", false),
    ])
}

/// `geo_epci`: outlines of the EPCI of the départements with commune outlines, one row per
/// vertex (`context/epci-contours/epci-contours-<dep>.csv`).
pub fn geo_epci() -> Schema {
    Schema::new(vec![
        utf8("departement", false),
        utf8("code", false),
        utf8("name", false),
        int("ring", false),
        int("point", false),
        float("lon", false),
        float("lat", false),
    ])
}

/// `epci_placement`: each 2018 commune outline, the communes it became and its EPCI, or why it
/// could not be placed.
pub fn epci_placement() -> Schema {
    Schema::new(vec![
        utf8("commune_2018", false),
        utf8("name", false),
        utf8("communes_cog", true),
        utf8("epci", true),
        utf8("status", false),
        utf8("reason", true),
        utf8("source_ref", false),
    ])
}

/// `prestations_mensuelles`: allocataires of the RSA, AAH, ASS, prime d'activité and aides au
/// logement per département at the end of each month (DREES « Suivi mensuel des prestations
/// de solidarité », `context/prestations-mensuelles/prestations-mensuelles-<edition>.csv`),
/// January 2017 – October 2020, counts rounded to ten by DREES; `source_ref` = sheet!cell.
pub fn prestations_mensuelles() -> Schema {
    Schema::new(vec![
        utf8("departement", false),
        utf8("prestation", false),
        utf8("mois", false),
        int("annee", false),
        float("allocataires", true),
        utf8("statut", false),
        utf8("edition", false),
        utf8("source_id", false),
        utf8("source_ref", false),
    ])
}

/// `aide_sociale_nationale`: DREES's national series of the aide sociale départementale
/// (bénéficiaires at 31 December, France métropolitaine and DROM hors Mayotte, 1996-2022), one
/// row per series (up to four levels of labels, as printed) and year; `source_ref` = the line
/// of the record in the file named by `source_id`.
pub fn aide_sociale_nationale() -> Schema {
    Schema::new(vec![
        utf8("domaine", false),
        utf8("niveau2", false),
        utf8("niveau3", false),
        utf8("niveau4", true),
        int("annee", false),
        float("beneficiaires", true),
        utf8("statut", false),
        utf8("champ", false),
        utf8("source", false),
        int("edition", false),
        utf8("source_id", false),
        utf8("source_ref", false),
    ])
}

/// Statuses of a value of `prestations_mensuelles`: published, provisional (a month DREES
/// prints with `*`), or a marker of the source.
pub const PRESTATION_STATUSES: [&str; 4] = ["published", "provisional", "not_available", "missing"];

/// What the columns of this module's tables hold, in French (see [`super::columns`]).
const COLUMNS: &[(&str, &str, &str)] = &[
    (
        "prestations_mensuelles",
        "departement",
        "code du département (DREES : 01…95, 2A, 2B, 971…976 ; le suivi mensuel garde 2A et 2B après 2018)",
    ),
    ("prestations_mensuelles", "annee", "année du mois"),
    (
        "aide_sociale_nationale",
        "niveau4",
        "quatrième niveau (personnes âgées et handicapées : type d'établissement…) ; NULL : la série n'en a pas",
    ),
    (
        "aide_sociale_nationale",
        "annee",
        "année (bénéficiaires au 31 décembre)",
    ),
    (
        "aide_sociale_nationale",
        "statut",
        "`estimated` (estimation nationale de la DREES) ou un marqueur (`missing`, `not_available`…)",
    ),
    (
        "aide_sociale_nationale",
        "source",
        "source imprimée par le fichier (`DREES, enquête Aide sociale.`)",
    ),
    (
        "prestations_mensuelles",
        "prestation",
        "`rsa`, `aah` (allocataires des Caf seulement), `ass`, `prime_activite`, `aides_logement` (Caf seulement)",
    ),
    (
        "prestations_mensuelles",
        "mois",
        "mois (`2019-12`) : allocataires au dernier jour du mois",
    ),
    (
        "prestations_mensuelles",
        "allocataires",
        "allocataires (foyers pour le RSA, la prime d'activité et les aides au logement ; personnes pour l'AAH et l'ASS), arrondis à la dizaine par la DREES ; NULL avec la raison dans `statut`",
    ),
    (
        "prestations_mensuelles",
        "statut",
        "`published`, `provisional` (mois marqué * : données provisoires, estimées par la DREES), `not_available` (nd)",
    ),
    (
        "prestations_mensuelles",
        "source_ref",
        "cellule du classeur (`Tableau 2!DT43`)",
    ),
    (
        "aide_sociale_nationale",
        "domaine",
        "domaine de l'aide sociale tel qu'imprimé (`Aide sociale à l'enfance (ASE)`, personnes âgées, handicapées)",
    ),
    (
        "aide_sociale_nationale",
        "niveau2",
        "deuxième niveau du libellé (`Enfants accueillis à l'ASE`, `Actions éducatives`…)",
    ),
    (
        "aide_sociale_nationale",
        "niveau3",
        "troisième niveau : le détail par statut (`Pupilles`, `Accueil provisoire de jeunes majeurs`, `Tutelle`…) ; un chiffre final appelle une note de `champ`",
    ),
    (
        "aide_sociale_nationale",
        "beneficiaires",
        "bénéficiaires au 31 décembre, France métropolitaine et DROM hors Mayotte ; NULL avec la raison dans `statut`",
    ),
    (
        "aide_sociale_nationale",
        "champ",
        "champ de la série et ses notes, tels qu'imprimés",
    ),
    (
        "aide_sociale_nationale",
        "source_ref",
        "ligne où commence l'enregistrement dans le fichier (`ligne 1082`)",
    ),
];

/// The description of `column` of one of this module's tables, when known.
pub fn column_description(table: &str, column: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, d)| *d)
}

/// The tables of this module, in the order `depbench tables` lists them (after the others).
pub fn tables() -> Vec<TableDef> {
    use Storage::*;
    let def = |name, storage, description, schema: Schema| TableDef {
        name,
        storage,
        description,
        schema: Arc::new(schema),
    };
    vec![
        def(
            "epci",
            Folder("context/epci"),
            "EPCI à fiscalité propre (DGCL) : nature, département du siège, membres, populations",
            epci(),
        ),
        def(
            "epci_communes",
            Folder("context/epci-communes"),
            "Communes membres de chaque EPCI (DGCL), avec leurs populations",
            epci_communes(),
        ),
        def(
            "cog_communes",
            Folder("context/cog"),
            "Communes du Code officiel géographique (Insee)",
            cog_communes(),
        ),
        def(
            "cog_mouvements",
            Folder("context/cog-mouvements"),
            "Historique des communes du COG (Insee) : fusions, changements de code et de nom",
            cog_mouvements(),
        ),
        def(
            "geo_epci",
            Folder("context/epci-contours"),
            "Contours des EPCI des départements dont les contours des communes sont importés (IGN 2018, regroupés par depbench)",
            geo_epci(),
        ),
        def(
            "epci_placement",
            Folder("context/epci-placement"),
            "Chaque commune des contours IGN 2018, la commune qu'elle est devenue et son EPCI, ou pourquoi elle n'est pas placée",
            epci_placement(),
        ),
        def(
            "prestations_mensuelles",
            Folder("context/prestations-mensuelles"),
            "Allocataires du RSA, de l'AAH, de l'ASS, de la prime d'activité et des aides au logement par département et par mois (DREES, suivi mensuel, janvier 2017 – octobre 2020)",
            prestations_mensuelles(),
        ),
        def(
            "aide_sociale_nationale",
            Folder("context/aide-sociale-nationale"),
            "Séries nationales de l'aide sociale départementale (DREES, 1996-2022) : le détail publié au niveau national seulement (pupilles, accueils provisoires, tutelles…)",
            aide_sociale_nationale(),
        ),
    ]
}
