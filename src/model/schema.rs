//! The data model: every table's Arrow schema and the CSV file it is stored in, in one place.
//!
//! Base tables are CSV files under `data/` (UTF-8, header row, one row per fact) loaded with
//! exactly these schemas; derived measures are SQL views in `queries/views/`. The README's
//! "Data model" section describes each table; `depbench tables` lists them.

pub use super::columns::column_description;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// Where a base table's rows come from under the data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// One CSV file, path relative to `data/`.
    File(&'static str),
    /// Every CSV file with this name in the sub-folders of a folder (e.g. one per document).
    PerFolder {
        folder: &'static str,
        file: &'static str,
    },
    /// Every `*.csv` file directly in a folder (e.g. one per imported source file).
    Folder(&'static str),
    /// Built in memory from another table (the long population table from its wide file).
    Derived,
    /// Built from a declaration of the model, no file (`local_indicators` from
    /// [`super::local::LOCAL_INDICATORS`]).
    Model,
}

/// A base table: its name in SQL, its storage and its schema.
#[derive(Debug, Clone)]
pub struct TableDef {
    pub name: &'static str,
    pub storage: Storage,
    pub description: &'static str,
    pub schema: SchemaRef,
}

pub(super) fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}
pub(super) fn int(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Int32, nullable)
}
pub(super) fn float(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Float64, nullable)
}

/// `sources`: the published documents and files every number comes from.
pub fn sources() -> Schema {
    Schema::new(vec![
        utf8("id", false),
        utf8("publisher", false),
        utf8("title", false),
        utf8("edition", false),
        utf8("licence", false),
        utf8("origin", false),
    ])
}

/// `territories`: départements, régions, national aggregates and named sub-territories.
pub fn territories() -> Schema {
    Schema::new(vec![
        utf8("code", false),
        utf8("name", false),
        utf8("kind", false),
        utf8("region_code", true),
        utf8("parent_code", true),
        int("valid_from", true),
        int("valid_to", true),
        utf8("source_ref", false),
    ])
}

/// `indicators`: what each series measures.
pub fn indicators() -> Schema {
    Schema::new(vec![
        utf8("id", false),
        utf8("label", false),
        utf8("short_label", false),
        utf8("unit", false),
        utf8("definition", false),
        utf8("reference_population", true),
        utf8("source_id", false),
    ])
}

/// `observations`: one published value per territory, indicator, year and edition.
pub fn observations() -> Schema {
    Schema::new(vec![
        utf8("territory", false),
        utf8("indicator", false),
        int("year", false),
        float("value", true),
        utf8("status", false),
        utf8("source_id", false),
        utf8("source_ref", false),
        utf8("edition", false),
        Field::new("is_current", DataType::Boolean, false),
    ])
}

/// The wide population file as stored (`population/insee-pop-<edition>.csv`, one per
/// edition): one row per territory and year, one column per sex × age band, mirroring the
/// Insee sheet (columns C to BM).
pub fn population_wide() -> Schema {
    let mut fields = vec![
        utf8("territory", false),
        int("year", false),
        utf8("edition", false),
        utf8("source_ref", false),
    ];
    for sex in SEXES {
        for band in AGE_BANDS {
            fields.push(Field::new(
                format!("{}_{}", sex, band.replace('-', "_").replace('+', "plus")),
                DataType::Float64,
                true,
            ));
        }
    }
    Schema::new(fields)
}

/// `population`: Insee estimate at 1 January, long form, every edition held; `is_current`
/// marks, per territory and year, the newest edition holding it.
pub fn population() -> Schema {
    Schema::new(vec![
        utf8("territory", false),
        int("year", false),
        utf8("date", false),
        utf8("sex", false),
        utf8("age_band", false),
        float("count", true),
        utf8("source_ref", false),
        utf8("edition", false),
        Field::new("is_current", DataType::Boolean, false),
    ])
}

/// Sexes in Insee column order.
pub const SEXES: [&str; 3] = ["ensemble", "hommes", "femmes"];

/// Age bands in Insee column order; `total` is the all-ages column.
pub const AGE_BANDS: [&str; 21] = [
    "00-04", "05-09", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95+",
    "total",
];

/// `local_indicators`: the figures départements keep themselves ([`super::local`]), one row per
/// [`super::local::LOCAL_INDICATORS`] entry.
pub fn local_indicators() -> Schema {
    Schema::new(vec![
        utf8("id", false),
        utf8("label", false),
        utf8("short_label", false),
        utf8("unit", false),
        utf8("definition", false),
        utf8("ages", true),
        utf8("population", true),
        utf8("drees_indicator", true),
    ])
}

/// `local_values`: one value of a local indicator per territory and year, from a département's
/// kit (`local/kit-<code>-<edition>.csv`, cited by sheet!cell or line) or printed by its plan
/// (`local/<doc_id>.csv`, cited by seed line); `is_current` marks, per territory, indicator and
/// year, the newest edition's value (a `conflicting` print never).
pub fn local_values() -> Schema {
    Schema::new(vec![
        utf8("territory", false),
        utf8("indicator", false),
        int("year", false),
        float("value", true),
        utf8("value_text", true),
        utf8("status", false),
        utf8("source_id", false),
        utf8("source_ref", false),
        utf8("edition", false),
        utf8("note", true),
        Field::new("is_current", DataType::Boolean, false),
    ])
}

/// Vocabularies of the document files (`docs/documents-format.md`), checked by `depbench check`.
/// Units are [`crate::model::format::Unit`] ids.
pub mod vocab {
    /// `document_figures.kind`.
    pub const FIGURE_KINDS: [&str; 9] = [
        "stock", "flow", "change", "share", "rate", "average", "rank", "target", "ratio",
    ];
    /// `plan_items.level`, from the top of a plan down to its actions.
    pub const ITEM_LEVELS: [&str; 5] = ["axe", "orientation", "objectif", "fiche", "action"];
    /// `plans.status`.
    pub const PLAN_STATUSES: [&str; 2] = ["current", "previous"];
    /// `document_territories.kind`.
    pub const TERRITORY_KINDS: [&str; 7] = [
        "delegation",
        "mds",
        "epci",
        "commune",
        "canton",
        "arrondissement",
        "other",
    ];
    /// `reconciliation_notes.status`: the reviewed verdicts (the view adds `matches` and
    /// `no DREES value`, computed).
    pub const RECONCILIATION_STATUSES: [&str; 2] = ["different concept", "differs"];
    /// `observations.status` of a value that is there: as published, a DREES estimate (national
    /// totals), a DREES imputation (fractional counts of non-responding départements).
    pub const OBSERVATION_VALUE_STATUSES: [&str; 3] = ["published", "estimated", "imputed"];
    /// `observations.status` of a NULL value: the marker the official file prints (`-`, `ND`,
    /// `NR`, `NS`, `NC`, `s`; `/` is [`NOT_APPLICABLE`]).
    pub const OBSERVATION_MARKER_STATUSES: [&str; 6] = [
        "missing",
        "not_available",
        "not_responding",
        "not_significant",
        "not_communicated",
        "secret",
    ];
    /// `observations.status` of a value that is NULL for another reason than a marker: the
    /// territory did not exist that year, whatever the file prints (`import::validity`).
    pub const NOT_APPLICABLE: &str = "not_applicable";
    /// `local_values.status`: the value as given, a second print of the same document that
    /// differs (kept, never current), or the marker statuses.
    pub const LOCAL_STATUSES: [&str; 8] = [
        "published",
        "conflicting",
        "missing",
        "not_available",
        "not_responding",
        "not_significant",
        "not_communicated",
        "secret",
    ];
    /// Every `observations.status`: the value statuses, the marker statuses and
    /// [`NOT_APPLICABLE`].
    pub const OBSERVATION_STATUSES: [&str; 10] = [
        "published",
        "estimated",
        "imputed",
        "missing",
        "not_available",
        "not_responding",
        "not_significant",
        "not_communicated",
        "secret",
        NOT_APPLICABLE,
    ];
}

/// A key of a table: the columns whose values identify a row; `what` names it in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub columns: &'static [&'static str],
    pub what: &'static str,
}

/// Where the values of a column must come from (NULLs are the loader's business).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// One of these words ([`vocab`]).
    Words(&'static [&'static str]),
    /// A unit id of [`crate::model::format::Unit`].
    Unit,
    /// A value of `table.column` (a foreign key).
    Reference {
        table: &'static str,
        column: &'static str,
    },
    /// A code of `territories`, or a sub-territory that the row's document (`doc_id`) declares
    /// in `document_territories`.
    Territory,
}

/// A declared constraint on one column; `what` names the expected thing in messages
/// (`{what} : valeur inconnue `value``).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnRule {
    pub column: &'static str,
    pub domain: Domain,
    pub what: &'static str,
}

const TERRITORY: Domain = Domain::Territory;
const INDICATOR: Domain = Domain::Reference {
    table: "indicators",
    column: "id",
};

/// The declared keys of table `name` (none for an unknown table). `depbench check` reports every
/// row whose key was already seen.
pub fn keys(name: &str) -> &'static [Key] {
    match name {
        "sources" => &[Key {
            columns: &["id"],
            what: "source",
        }],
        "territories" => &[Key {
            columns: &["code"],
            what: "territoire",
        }],
        "indicators" => &[Key {
            columns: &["id"],
            what: "indicateur",
        }],
        "observations" => &[Key {
            columns: &["territory", "indicator", "year", "edition", "source_id"],
            what: "observation (territory, indicator, year, edition, source_id)",
        }],
        "documents" => &[Key {
            columns: &["doc_id"],
            what: "document",
        }],
        "themes" => &[
            Key {
                columns: &["id"],
                what: "thème",
            },
            Key {
                columns: &["position"],
                what: "position de thème",
            },
        ],
        "plans" => &[Key {
            columns: &["doc_id", "plan_id"],
            what: "plan",
        }],
        "plan_items" => &[Key {
            columns: &["doc_id", "plan_id", "item_id"],
            what: "élément de plan (doc_id, plan_id, item_id)",
        }],
        "document_territories" => &[Key {
            columns: &["doc_id", "code"],
            what: "sous-territoire",
        }],
        "document_figures" => &[Key {
            columns: &[
                "doc_id",
                "line",
                "label",
                "value_text",
                "territory",
                "year",
                "period_start",
                "period_end",
            ],
            what: "chiffre (doc_id, line, label, value, territory, year, period)",
        }],
        "comparison_sets" => &[Key {
            columns: &["doc_id", "territory", "purpose"],
            what: "ensemble de comparaison (doc_id, territory, purpose)",
        }],
        // Checked on the wide files (one row per territory, year and edition; the long table
        // has one row per sex and age band of each).
        "population" => &[Key {
            columns: &["territory", "year", "edition"],
            what: "ligne de population (territory, year, edition)",
        }],
        "geo_departements" => &[Key {
            columns: &["code", "ring", "point"],
            what: "sommet de contour (code, ring, point)",
        }],
        "reconciliation_notes" => &[Key {
            columns: &["doc_id", "line", "territory", "indicator"],
            what: "note de rapprochement (doc_id, line, territory, indicator)",
        }],
        "local_indicators" => &[Key {
            columns: &["id"],
            what: "indicateur local",
        }],
        "epci" => &[Key {
            columns: &["siren", "edition"],
            what: "EPCI (siren, edition)",
        }],
        "epci_communes" => &[Key {
            columns: &["commune", "edition"],
            what: "commune membre (commune, edition)",
        }],
        "geo_epci" => &[Key {
            columns: &["departement", "code", "ring", "point"],
            what: "sommet de contour d'EPCI (departement, code, ring, point)",
        }],
        "prestations_mensuelles" => &[Key {
            columns: &["departement", "prestation", "mois", "edition"],
            what: "allocataires d'un mois (departement, prestation, mois, edition)",
        }],
        "aide_sociale_nationale" => &[Key {
            columns: &[
                "domaine", "niveau2", "niveau3", "niveau4", "annee", "edition",
            ],
            what: "valeur nationale (domaine, niveaux, annee, edition)",
        }],
        "local_values" => &[Key {
            columns: &["territory", "indicator", "year", "source_id", "source_ref"],
            what: "valeur locale (territory, indicator, year, source_id, source_ref)",
        }],
        _ => &[],
    }
}

/// The declared vocabularies and foreign keys of table `name`'s columns.
pub fn column_rules(name: &str) -> &'static [ColumnRule] {
    use Domain::*;
    match name {
        "indicators" => &[ColumnRule {
            column: "unit",
            domain: Unit,
            what: "unité",
        }],
        "observations" => &[
            ColumnRule {
                column: "territory",
                domain: TERRITORY,
                what: "code de territoire",
            },
            ColumnRule {
                column: "indicator",
                domain: INDICATOR,
                what: "identifiant d'indicateur",
            },
            ColumnRule {
                column: "source_id",
                domain: Reference {
                    table: "sources",
                    column: "id",
                },
                what: "identifiant de source",
            },
            ColumnRule {
                column: "status",
                domain: Words(&vocab::OBSERVATION_STATUSES),
                what: "statut d'observation",
            },
        ],
        "documents" => &[ColumnRule {
            column: "department",
            domain: TERRITORY,
            what: "code de territoire",
        }],
        "document_figures" => &[
            ColumnRule {
                column: "unit",
                domain: Unit,
                what: "unité",
            },
            ColumnRule {
                column: "kind",
                domain: Words(&vocab::FIGURE_KINDS),
                what: "nature",
            },
            ColumnRule {
                column: "indicator",
                domain: INDICATOR,
                what: "identifiant d'indicateur",
            },
            ColumnRule {
                column: "territory",
                domain: TERRITORY,
                what: "code de territoire",
            },
        ],
        "plans" => &[ColumnRule {
            column: "status",
            domain: Words(&vocab::PLAN_STATUSES),
            what: "statut de plan",
        }],
        "plan_items" => &[ColumnRule {
            column: "level",
            domain: Words(&vocab::ITEM_LEVELS),
            what: "niveau",
        }],
        "document_territories" => &[
            ColumnRule {
                column: "kind",
                domain: Words(&vocab::TERRITORY_KINDS),
                what: "nature de sous-territoire",
            },
            ColumnRule {
                column: "parent_code",
                domain: Reference {
                    table: "territories",
                    column: "code",
                },
                what: "code de territoire",
            },
        ],
        "comparison_sets" => &[ColumnRule {
            column: "territory",
            domain: TERRITORY,
            what: "code de territoire",
        }],
        "local_indicators" => &[ColumnRule {
            column: "unit",
            domain: Unit,
            what: "unité",
        }],
        "local_values" => &[
            ColumnRule {
                column: "territory",
                domain: TERRITORY,
                what: "code de territoire",
            },
            ColumnRule {
                column: "indicator",
                domain: Reference {
                    table: "local_indicators",
                    column: "id",
                },
                what: "identifiant d'indicateur local",
            },
            ColumnRule {
                column: "status",
                domain: Words(&vocab::LOCAL_STATUSES),
                what: "statut de valeur locale",
            },
        ],
        "prestations_mensuelles" => &[
            ColumnRule {
                column: "departement",
                domain: Reference {
                    table: "territories",
                    column: "code",
                },
                what: "code de département",
            },
            ColumnRule {
                column: "statut",
                domain: Words(&super::context_tables::PRESTATION_STATUSES),
                what: "statut d'allocataires",
            },
            ColumnRule {
                column: "source_id",
                domain: Reference {
                    table: "sources",
                    column: "id",
                },
                what: "identifiant de source",
            },
        ],
        "aide_sociale_nationale" => &[
            ColumnRule {
                column: "statut",
                domain: Words(&vocab::OBSERVATION_STATUSES),
                what: "statut de valeur nationale",
            },
            ColumnRule {
                column: "source_id",
                domain: Reference {
                    table: "sources",
                    column: "id",
                },
                what: "identifiant de source",
            },
        ],
        "reconciliation_notes" => &[
            ColumnRule {
                column: "status",
                domain: Words(&vocab::RECONCILIATION_STATUSES),
                what: "statut de rapprochement",
            },
            ColumnRule {
                column: "territory",
                domain: TERRITORY,
                what: "code de territoire",
            },
        ],
        _ => &[],
    }
}

/// `documents`: the five plans (and later ones) held as data.
pub fn documents() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        utf8("department", false),
        utf8("title", false),
        utf8("source_file", false),
        utf8("note", true),
    ])
}

/// `document_figures`: every statistic a document prints, with its line.
pub fn document_figures() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        int("line", false),
        utf8("label", false),
        utf8("value_text", false),
        float("value", false),
        utf8("unit", false),
        utf8("kind", false),
        int("year", true),
        int("period_start", true),
        int("period_end", true),
        utf8("territory", false),
        utf8("indicator", true),
        utf8("note", true),
    ])
}

/// `plans`: the plans a document adopts or reviews.
pub fn plans() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        utf8("plan_id", false),
        utf8("status", false),
        utf8("title", false),
        int("title_line", true),
        int("period_start", true),
        int("period_end", true),
        utf8("adopted_on", true),
        int("adopted_line", true),
        utf8("vote", true),
        int("vote_line", true),
        utf8("author", true),
        int("author_line", true),
        float("completion_percent", true),
        int("completion_line", true),
        utf8("note", true),
    ])
}

/// `plan_items`: the hierarchy of a plan down to each action.
pub fn plan_items() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        utf8("plan_id", false),
        utf8("item_id", false),
        utf8("parent_id", true),
        utf8("level", false),
        utf8("number", true),
        utf8("title", false),
        int("line", false),
        utf8("pilot", true),
        utf8("calendar", true),
        utf8("indicators", true),
        utf8("themes", true),
    ])
}

/// `themes`: the fixed vocabulary actions are tagged with.
pub fn themes() -> Schema {
    Schema::new(vec![
        utf8("id", false),
        utf8("label", false),
        int("position", false),
    ])
}

/// `document_territories`: named sub-territories (délégations, MDS…) documents print figures for.
pub fn document_territories() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        utf8("code", false),
        utf8("name", false),
        utf8("kind", false),
        utf8("parent_code", false),
        int("line", true),
    ])
}

/// `comparison_sets`: which territories each document compares itself with.
pub fn comparison_sets() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        utf8("territory", false),
        utf8("purpose", false),
        int("line", true),
    ])
}

/// `reconciliation_status`: the reviewed state of a document figure against DREES.
pub fn reconciliation_notes() -> Schema {
    Schema::new(vec![
        utf8("doc_id", false),
        int("line", false),
        utf8("territory", false),
        // Optional: which figure of the line, when the line prints several for the territory.
        utf8("indicator", true),
        utf8("status", false),
        utf8("explanation", false),
    ])
}

/// `geo_departements`: simplified outlines of the départements, metropolitan
/// (`geo/departements.csv`) and overseas (`geo/outre-mer.csv`), one row per vertex.
pub fn geo_departements() -> Schema {
    Schema::new(vec![
        utf8("code", false),
        utf8("name", false),
        int("ring", false),
        int("point", false),
        float("lon", false),
        float("lat", false),
    ])
}

/// Every base table, in the order `depbench tables` lists them.
pub fn tables() -> Vec<TableDef> {
    let mut all = base_tables();
    all.extend(super::context_tables::tables());
    all
}

fn base_tables() -> Vec<TableDef> {
    use Storage::*;
    let def = |name, storage, description, schema: Schema| TableDef {
        name,
        storage,
        description,
        schema: Arc::new(schema),
    };
    vec![
        def(
            "sources",
            File("sources.csv"),
            "Sources publiées (éditeur, édition, licence)",
            sources(),
        ),
        def(
            "territories",
            File("territories.csv"),
            "Départements, régions et ensembles nationaux, avec leurs années de validité",
            territories(),
        ),
        def(
            "indicators",
            File("indicators.csv"),
            "Catalogue des indicateurs : libellé, unité, définition, population de référence",
            indicators(),
        ),
        def(
            "observations",
            Folder("observations"),
            "Valeurs DREES par territoire, indicateur, année et édition (is_current marque la plus récente)",
            observations(),
        ),
        def(
            "population",
            Derived,
            "Population Insee au 1er janvier par territoire, sexe, tranche d'âge quinquennale et édition (is_current marque la plus récente)",
            population(),
        ),
        def(
            "documents",
            File("documents/documents.csv"),
            "Schémas départementaux tenus en données",
            documents(),
        ),
        def(
            "document_figures",
            PerFolder {
                folder: "documents",
                file: "figures.csv",
            },
            "Chaque chiffre imprimé dans un document, avec sa ligne",
            document_figures(),
        ),
        def(
            "plans",
            PerFolder {
                folder: "documents",
                file: "plans.csv",
            },
            "Schémas adoptés ou révisés par chaque document",
            plans(),
        ),
        def(
            "plan_items",
            PerFolder {
                folder: "documents",
                file: "plan_items.csv",
            },
            "Axes, orientations, fiches et actions de chaque schéma, avec leurs thèmes",
            plan_items(),
        ),
        def(
            "themes",
            File("documents/themes.csv"),
            "Vocabulaire fixe des thèmes des actions",
            themes(),
        ),
        def(
            "document_territories",
            PerFolder {
                folder: "documents",
                file: "territories.csv",
            },
            "Sous-territoires nommés par les chiffres des documents",
            document_territories(),
        ),
        def(
            "comparison_sets",
            PerFolder {
                folder: "documents",
                file: "comparisons.csv",
            },
            "Territoires auxquels chaque document se compare",
            comparison_sets(),
        ),
        def(
            "reconciliation_notes",
            File("documents/reconciliation.csv"),
            "Explications vérifiées des chiffres des documents qui diffèrent de la DREES",
            reconciliation_notes(),
        ),
        def(
            "local_indicators",
            Model,
            "Indicateurs locaux : chiffres que les départements tiennent eux-mêmes (IP, CJM, MNA, places…), unité, âges, population du taux, indicateur DREES correspondant",
            local_indicators(),
        ),
        def(
            "local_values",
            Folder(LOCAL_FOLDER),
            "Valeurs locales par territoire, indicateur et année : kits remplis par les départements et chiffres de leurs schémas (is_current marque la plus récente)",
            local_values(),
        ),
        def(
            "geo_departements",
            Folder("geo"),
            "Contours simplifiés des départements (IGN Admin Express 2018)",
            geo_departements(),
        ),
    ]
}

/// The base table called `name`.
pub fn table(name: &str) -> Option<TableDef> {
    tables().into_iter().find(|t| t.name == name)
}

/// Folder of the wide population CSV files under `data/`, one per Insee edition.
pub const POPULATION_FOLDER: &str = "population";

/// Folder of the local values under `data/`: one CSV per kit edition (`kit-17-001.csv`) and one
/// per plan (`<doc_id>.csv`).
pub const LOCAL_FOLDER: &str = "local";
