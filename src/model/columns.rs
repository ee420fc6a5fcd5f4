//! What each column of the catalogue's tables and views holds, in French, for the shell's
//! `\\d NAME`, `depbench tables` and the explorer's SQL page.

/// What each column holds, by table (`*` for a column that means the same in every table), in
/// French: the readers of the shell's `\\d NAME`, `depbench tables` and the explorer's SQL page
/// are French. From the README's data model and docs/documents-format.md.
const COLUMNS: &[(&str, &str, &str)] = &[
    (
        "*",
        "value",
        "valeur (effectif, montant en k€, taux ou part selon `unit` ou l'indicateur) ; NULL avec la raison dans `status`",
    ),
    (
        "*",
        "status",
        "état de la valeur : `published` (publiée), un marqueur de la source (`missing`, `not_available`…) ou, pour une valeur calculée, `computed` ou la raison de son absence (`no value`, `base is zero`, `incomplete`…)",
    ),
    (
        "*",
        "unit",
        "unité : `count` (effectif), `keur` (milliers d'euros), `percent`, `per_thousand`, `euro`",
    ),
    (
        "local_indicators",
        "population",
        "tranche de population d'un taux pour 1 000 (`pop_0_17`, `pop_18_20`, `pop_0_20` de la vue `local_rates`) ; NULL : pas de taux",
    ),
    (
        "local_indicators",
        "drees_indicator",
        "indicateur DREES (`indicators.id`) avec lequel la valeur locale se rapproche ; NULL : aucun",
    ),
    (
        "local_indicators",
        "ages",
        "âges des jeunes comptés (`0-17`, `18-20`, `0-20`)",
    ),
    (
        "local_values",
        "source_id",
        "kit du département (`kit-17-001`, dans `sources`) ou schéma qui imprime la valeur (`doc_id` de `documents`)",
    ),
    (
        "local_values",
        "source_ref",
        "cellule du kit (`Valeurs!H2`) ou ligne du CSV ou du schéma (`line 906`)",
    ),
    (
        "local_values",
        "status",
        "`published` (donnée par le kit ou imprimée par le schéma), un marqueur (`not_available` ND…), `conflicting` (seconde valeur différente du même schéma, gardée, jamais courante)",
    ),
    (
        "local_values",
        "note",
        "« Source / commentaire » du kit, ou le texte imprimé par le schéma",
    ),
    (
        "local_rates",
        "band",
        "tranche de population du taux (`pop_0_17`, `pop_18_20` = 0-20 − 0-17, `pop_0_20`)",
    ),
    (
        "local_rates",
        "rate_status",
        "`computed`, ou pourquoi le taux manque : `no population band`, `no value`, `no population`",
    ),
    ("changes", "from_year", "année de départ de l'évolution"),
    ("changes", "to_year", "année d'arrivée de l'évolution"),
    ("changes", "value_from", "valeur l'année de départ"),
    ("changes", "value_to", "valeur l'année d'arrivée"),
    (
        "changes",
        "change",
        "évolution en nombre : valeur d'arrivée moins valeur de départ",
    ),
    (
        "changes",
        "change_pct",
        "évolution en % de la valeur de départ ; NULL quand elle vaut 0 (`status` `base is zero`)",
    ),
    (
        "shares",
        "aed",
        "bénéficiaires d'une AED (aide éducative à domicile, administrative) au 31/12",
    ),
    (
        "shares",
        "aemo",
        "bénéficiaires d'une AEMO (action éducative en milieu ouvert, judiciaire) au 31/12",
    ),
    ("shares", "confies", "enfants confiés à l'ASE au 31/12"),
    (
        "shares",
        "familles_accueil",
        "enfants confiés placés en famille d'accueil",
    ),
    (
        "shares",
        "etablissements",
        "enfants confiés placés en établissement",
    ),
    (
        "shares",
        "part_judiciaire_ae",
        "part judiciaire des actions éducatives, en % : AEMO / (AED + AEMO)",
    ),
    (
        "shares",
        "part_familles_accueil",
        "part des enfants confiés placés en famille d'accueil, en %",
    ),
    (
        "shares",
        "part_etablissements",
        "part des enfants confiés placés en établissement, en %",
    ),
    (
        "shares",
        "part_autres_modes",
        "part des enfants confiés dans les autres modes d'accueil, en % (le reste)",
    ),
    (
        "shares",
        "status_judiciaire",
        "`computed`, ou pourquoi `part_judiciaire_ae` est NULL (`no value`, `base is zero`)",
    ),
    (
        "shares",
        "status_modes",
        "`computed`, ou pourquoi les parts des modes d'accueil sont NULL (`no value`, `base is zero`)",
    ),
    (
        "spending_ratios",
        "depense_brute_keur",
        "dépense brute d'ASE de l'année, en milliers d'euros courants",
    ),
    (
        "spending_ratios",
        "population_year",
        "année de la population au 1er janvier utilisée (N+1)",
    ),
    (
        "spending_ratios",
        "accueillis",
        "enfants accueillis à l'ASE au 31/12",
    ),
    (
        "spending_ratios",
        "depense_par_jeune",
        "dépense brute par jeune de 0 à 19 ans, en euros",
    ),
    (
        "spending_ratios",
        "depense_par_enfant_accueilli",
        "dépense brute par enfant accueilli, en euros",
    ),
    (
        "spending_ratios",
        "depense_par_jeune_0_20",
        "dépense brute par jeune de 0 à 20 ans (convention DREES), en euros",
    ),
    (
        "spending_ratios",
        "status",
        "raison d'un ratio par jeune NULL : `computed`, `no value` (dépense absente), `no population` (population du 1/1/N+1 non publiée), `base is zero`",
    ),
    (
        "spending_ratios",
        "status_par_enfant_accueilli",
        "raison d'une dépense par enfant accueilli NULL : `computed`, `no value` (dépense absente), `no children count` (pas d'effectif d'enfants accueillis cette année-là : la DREES les compte depuis 2002), `base is zero`",
    ),
    (
        "region_sums",
        "departements",
        "départements de la région dans la partition de l'année",
    ),
    (
        "region_sums",
        "departements_with_value",
        "départements de la région qui ont une valeur",
    ),
    (
        "region_sums",
        "missing",
        "départements sans valeur (la somme est alors NULL, jamais partielle)",
    ),
    (
        "quality_flags",
        "kind",
        "règle qui signale la valeur (`series_break`, `near_zero`, `identity`… : docs/quality-flags.md)",
    ),
    (
        "quality_flags",
        "detail",
        "les nombres qui ont déclenché la règle, en français",
    ),
    (
        "territory_overlaps",
        "other",
        "code du département que `territory` recouvre en partie",
    ),
    (
        "territory_overlaps",
        "relation",
        "ce qu'est `territory` pour `other` : il le contient (`contains`), en fait partie, le remplace ou est remplacé par lui (codes anglais de la vue)",
    ),
    (
        "territory_overlaps",
        "since",
        "année du remplacement, quand l'un remplace l'autre ; NULL pour une inclusion",
    ),
    (
        "territory_partition",
        "scope",
        "ensemble partitionné : `FRM`, `DROM` ou `FRE`",
    ),
    ("current", "territory_name", "nom du territoire"),
    (
        "current",
        "territory_kind",
        "type du territoire (`departement`, `region`, `aggregate`)",
    ),
    (
        "current",
        "indicator_label",
        "libellé court de l'indicateur",
    ),
    (
        "populations",
        "pop_total",
        "population totale au 1er janvier",
    ),
    (
        "populations",
        "method",
        "comment les tranches sont obtenues (somme des tranches quinquennales, estimation)",
    ),
    (
        "*",
        "territory",
        "code du territoire : département (`17`, `2A`, `971`), `FRM` France métropolitaine, `FRE` France entière, `R84` région ; texte, à écrire entre apostrophes",
    ),
    (
        "*",
        "indicator",
        "identifiant d'indicateur de `indicators` (par ex. `TotEnfConfiesASE`, `taux_accueillis_0_19`)",
    ),
    (
        "*",
        "year",
        "année de référence (effectifs au 31/12 de l'année)",
    ),
    (
        "*",
        "source_id",
        "identifiant de la source publiée dans `sources`",
    ),
    (
        "*",
        "source_ref",
        "où se trouve le nombre dans sa source : feuille!cellule ou ligne du CSV",
    ),
    (
        "*",
        "doc_id",
        "identifiant du document (nom du fichier de texte) dans `documents`",
    ),
    ("*", "line", "ligne du texte du document (à partir de 1)"),
    ("*", "note", "ambiguïtés et remarques, telles quelles"),
    (
        "*",
        "edition",
        "édition (publication) de la source d'où vient la valeur",
    ),
    ("*", "period_start", "première année de la période"),
    ("*", "period_end", "dernière année de la période"),
    (
        "*",
        "rate_per_1000",
        "effectif au 31/12/N pour 1 000 jeunes de la tranche de référence `band` au 1/1/N+1",
    ),
    (
        "rates",
        "band",
        "population de référence : `0-20` (convention DREES, estimée) et `0-19` (exacte) pour les effectifs de 0 à 20 ans, `0-17` (mineurs, estimée) pour les seuls effectifs de mineurs",
    ),
    (
        "rates",
        "population",
        "population Insee de la tranche, dénominateur du taux",
    ),
    (
        "rates",
        "population_year",
        "année de la population au 1er janvier utilisée (N+1, ou la dernière publiée)",
    ),
    (
        "rates",
        "population_estimated",
        "vrai quand la tranche est estimée à partir des tranches quinquennales de l'Insee",
    ),
    (
        "rates",
        "population_method",
        "comment la population de la tranche est calculée",
    ),
    (
        "*",
        "pop_0_19",
        "population Insee de 0 à 19 ans au 1er janvier (exacte)",
    ),
    (
        "*",
        "pop_0_20",
        "population Insee de 0 à 20 ans au 1er janvier (0-19 ans + 1/5 des 20-24 ans, estimée)",
    ),
    (
        "*",
        "pop_0_17",
        "population Insee de 0 à 17 ans au 1er janvier (0-14 ans + 3/5 des 15-19 ans, estimée)",
    ),
    (
        "*",
        "population_fallback",
        "vrai quand la population de N+1 n'est pas publiée et que la dernière est utilisée",
    ),
    (
        "observations",
        "value",
        "valeur publiée ; NULL avec un statut quand elle n'est pas disponible",
    ),
    (
        "observations",
        "status",
        "`published` (publiée), `not_available` (ND), `not_responding` (NR), `missing` (-), `not_significant` (NS), `not_communicated` (NC), `secret` (s), `not_applicable` (territoire inexistant cette année-là, ou /), `estimated` (total DREES), `imputed` (effectif fractionnaire)",
    ),
    (
        "observations",
        "is_current",
        "vrai pour l'édition la plus récente de la valeur",
    ),
    (
        "territories",
        "code",
        "code du territoire (codification DREES) ; texte",
    ),
    ("territories", "name", "nom français"),
    (
        "territories",
        "kind",
        "`departement`, `region`, `aggregate` (ensemble national) ou un type de sous-territoire",
    ),
    (
        "territories",
        "region_code",
        "code Insee de la région (`75`) ; le territoire région correspondant a le code `R75` (voir `parent_code`)",
    ),
    (
        "territories",
        "source_ref",
        "d'où vient le code : fichier source et ligne (`liste-departements-drees.csv:18`), ou libellés DREES et Insee d'un ensemble national",
    ),
    ("territories", "parent_code", "territoire englobant"),
    (
        "territories",
        "valid_from",
        "première année de validité du code (Corse : 2A et 2B jusqu'en 2017, 20 depuis 2018)",
    ),
    (
        "territories",
        "valid_to",
        "dernière année de validité du code",
    ),
    ("indicators", "id", "identifiant de l'indicateur"),
    ("indicators", "label", "libellé français"),
    (
        "indicators",
        "short_label",
        "libellé français court, pour les graphiques",
    ),
    (
        "indicators",
        "unit",
        "identifiant d'unité (`count` effectif, `percent`, `per_thousand`, `euro`…)",
    ),
    ("indicators", "definition", "ce que compte l'indicateur"),
    (
        "indicators",
        "reference_population",
        "tranche d'âge de la population sur laquelle les taux sont calculés",
    ),
    ("sources", "id", "identifiant de la source"),
    (
        "sources",
        "publisher",
        "éditeur (DREES, Insee, département)",
    ),
    ("sources", "title", "titre de la publication"),
    ("sources", "edition", "édition ou date de la publication"),
    ("sources", "licence", "licence des données"),
    ("sources", "origin", "nom du fichier d'origine"),
    ("population", "date", "date de l'estimation (1er janvier)"),
    ("population", "sex", "`hommes`, `femmes` ou `ensemble`"),
    (
        "population",
        "age_band",
        "tranche d'âge quinquennale (`0-4` … `95+`)",
    ),
    ("population", "count", "estimation de population de l'Insee"),
    ("document_figures", "label", "le libellé tel qu'imprimé"),
    ("document_figures", "value_text", "le nombre tel qu'imprimé"),
    (
        "document_figures",
        "value",
        "le nombre, décimales après un point",
    ),
    (
        "document_figures",
        "unit",
        "identifiant d'unité (`count` effectif, `percent`, `per_thousand`…)",
    ),
    (
        "document_figures",
        "kind",
        "`stock` (effectif), `flow` (flux), `change` (évolution), `share` (part), `rate` (taux), `average` (moyenne), `rank` (rang), `target` (objectif), `ratio`",
    ),
];

/// The description of `column` of `table`, when known.
pub fn column_description(table: &str, column: &str) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, d)| *d)
        .or_else(|| super::context_tables::column_description(table, column))
        .or_else(|| {
            COLUMNS
                .iter()
                .find(|(t, c, _)| *t == "*" && *c == column)
                .map(|(_, _, d)| *d)
        })
}
