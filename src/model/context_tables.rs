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
    ]
}
