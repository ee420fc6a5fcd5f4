//! The OLINPE rules in one place: which variable has which type, the « ne sait pas » codes, the
//! 2011 → 2016 conversion, the filters of the national validator (« variables non attendues »),
//! the variables and modalities reserved to minors or to majeurs.
//!
//! Source: `../shared/notes/olinpe.md` (§4.4 dates, §5 dictionary, §6 validator and converter).
//! Everything beyond the opening of the 2016 annex is **inferred** there (from the ONPE's import
//! code, provenance unverified): these tables are meant to be corrected as the texts are read,
//! without touching the reader. The classification of measures (codes → `aed`, `aemo`, …) is
//! [`MEASURE_TYPES`] at the end, applied at import (a correction needs a new import) and read
//! by SQL as the table `olinpe_measure_types`. `docs/olinpe.md` describes them.

/// Full dates (`AAAA-MM-JJ`; unknown `9999-99-99`, `0000-00-00` also occurs) (§4.4, §5).
pub const DATE_VARS: &[&str] = &[
    "DATIP",
    "DATSIGN",
    "DATJE",
    "DATAVIS",
    "NOTIFEVAL",
    "FINEVAL",
    "DATDECPE",
    "DATDECAP",
    "DATDEB",
    "DATFIN",
    "DATPPE",
    "DATSIGNPROJ",
    "DATDECMDPH",
    "DATEXDECMDPH",
    "DATDEBAD",
    "DATFINAD",
    "DATDEBACC",
    "DATFINACC",
    "DATDEBINTER",
    "DATFININTER",
    "DATDEBPLAC",
    "DATFINPLAC",
];

/// Month dates (`AAAA-MM`, unknown `9999-99`) (§4.4).
pub const MONTH_DATE_VARS: &[&str] = &["DATDCMERE", "DATDCPERE", "DATDECMIN"];

/// Years (`aaaa`, unknown `9999`) (§4.4).
pub const YEAR_VARS: &[&str] = &["ANAIS", "ANSMERE", "ANSPERE", "ANSA1", "ANSA2"];

/// Parents' (and adults') birth years: below this year they are flagged (§4.4).
pub const PARENT_YEAR_VARS: &[&str] = &["ANSMERE", "ANSPERE", "ANSA1", "ANSA2"];

/// First parents' birth year not flagged (§4.4, « parents' birth years below 1920 »).
pub const PARENT_YEAR_MIN: i32 = 1920;

/// Free or numeric variables: no list of modalities, no « ne sait pas » code of a list (§6.1).
pub const FREE_VARS: &[&str] = &[
    "NUMDEP",
    "NUMANONYM",
    "NUMANONYMANT",
    "MNAIS",
    "ANAIS",
    "NBPER",
    "NBFRAT",
    "ANSMERE",
    "ANSPERE",
    "DATDCMERE",
    "DATDCPERE",
    "AUTREDA",
    "AUTREDJ",
    "DATDECMIN",
    "ANSA1",
    "ANSA2",
    "NBCHGLIEU",
    "NBENF",
];

/// The « ne sait pas » spelling of a value: `9`, `99`, `999`, `9999`, `9999-99-99`, `9999-99`
/// (§5.1), and the full date `0000-00-00`. Whether such a value is NSP or a real code depends on the variable's list; for the
/// completeness table a value made only of `9`s (and dashes) is « ne sait pas », except for
/// the free variables ([`FREE_VARS`]) where only the documented unknowns count (ANAIS `9999`,
/// MNAIS `99`, month dates `9999-99`).
pub fn is_nsp(var: &str, value: &str) -> bool {
    let v = value.trim();
    // The other unknown date seen in files (§4.4).
    if v == "0000-00-00" && DATE_VARS.contains(&var) {
        return true;
    }
    let nines = !v.is_empty() && v.chars().all(|c| c == '9' || c == '-');
    if !nines {
        return false;
    }
    match var {
        "ANAIS" | "ANSMERE" | "ANSPERE" | "ANSA1" | "ANSA2" => v == "9999",
        "MNAIS" => v == "99",
        "NBFRAT" | "NBCHGLIEU" => v == "99",
        _ if MONTH_DATE_VARS.contains(&var) => v == "9999-99",
        _ if FREE_VARS.contains(&var) => false,
        _ => true,
    }
}

/// Every variable of the 2011 and 2016 lists (§5). An element not in this list is kept out of
/// the typed columns and reported (« variables inconnues »).
pub const KNOWN_VARS: &[&str] = &[
    // block 1
    "NUMDEP",
    "NUMANONYM",
    "NUMANONYMANT",
    "CODEV",
    "TYPEV",
    // block 2
    "SEXE",
    "ANAIS",
    "MNAIS",
    "MODACC",
    "SCODTCOM",
    "NIVSCO",
    "SCOCLASPE",
    "TYPCLASSPE",
    "ETABSCOSPE",
    "TYPETABSPE",
    "NONSCO",
    "FREQSCO",
    "HANDICAP",
    "DATDECMDPH",
    "DATEXDECMDPH",
    "CSPJM",
    // block 3
    "DATIP",
    "DATSIGN",
    "DATJE",
    "ORIGIP",
    "TRANSIP",
    "TRAITINFO",
    "SUITSIGNCG",
    "SUITSIGOPP",
    "SUITSIGJE",
    "SUITSIGSS",
    "DATAVIS",
    "ENQPENAL",
    "SAISJUR",
    // block 4
    "COMPOMENAG",
    "AUTREHEBER",
    "NBPER",
    "NBFRAT",
    "STATOCLOG",
    "TITAP",
    "DECAP",
    "DATDECAP",
    "CONTMERE",
    "CONTPERE",
    "LIENA1",
    "LIENA2",
    "SEXA1",
    "SEXA2",
    "ANSA1",
    "ANSA2",
    "EMPLA1",
    "EMPLA2",
    "CSPA1",
    "CSPA2",
    "RESMENAG",
    "REVTRAV",
    "MINIMA",
    "ALLOC",
    "AUTRE",
    "MEREINC",
    "PEREINC",
    "ANSMERE",
    "ANSPERE",
    "DCMERE",
    "DCPERE",
    "DATDCMERE",
    "DATDCPERE",
    // block 5
    "NOTIFEVAL",
    "FINEVAL",
    "MESANT",
    "ACCFAM",
    "SUITEVAL",
    "MOTIFSIG",
    "ORIENTDEC",
    "ORIENTEFF",
    "CONDADD",
    "DEFINTEL",
    "CONFL",
    "VIOLFAM",
    "VIOLCONJ",
    "VIOLPERS",
    "VIOLFAMPHYS",
    "SOUTSOC",
    // block 6
    "SANTE",
    "SECURITE",
    "MORALITE",
    "CONDEDUC",
    "CONDEDEV",
    "DANGER",
    "VIOLSEX",
    "VIOLPHYS",
    "NEGLIG",
    "VIOLPSY",
    "LIENAUT1",
    "LIENAUT2",
    "SEXAUT1",
    "SEXAUT2",
    "MINAUT1",
    "MINAUT2",
    // block 7
    "DATDECPE",
    "INTERANT",
    "PROJET",
    "SIGNPAR",
    "SIGNMIN",
    "DATSIGNPROJ",
    "DATPPE",
    "DECISION",
    "NATPDECADM",
    "AUTREDA",
    "AUTREDJ",
    "NATDECASSED",
    "NATDECPLAC",
    "INSTITPLAC",
    "TYPINTERDOM",
    "LIEUACC",
    "ACCMOD",
    "AUTRLIEUACC",
    "TYPDECJUD",
    "LIEUPLAC",
    "PLACMOD",
    "AUTRLIEUAR",
    "DATDEB",
    "DATFIN",
    "DATDEBAD",
    "DATFINAD",
    "DATDEBACC",
    "DATFINACC",
    "DATDEBINTER",
    "DATFININTER",
    "DATDEBPLAC",
    "DATFINPLAC",
    "CHGLIEU",
    // block 7.9
    "MOTFININT",
    "NOUVDECPE",
    "NATNOUVDECPE",
    "MOTIFML",
    "SITAPML",
    "TYPINTERV",
    "DATDECMIN",
    "DIPLOME",
    "NBCHGLIEU",
    "NBENF",
    // the ONPE CSV's own column (§6.1)
    "DOUBLON",
];

/// 2011 → 2016: the four pairs of start and end dates collapse into `DATDEB`/`DATFIN`, the
/// first one filled in this order (§6.6).
pub const DATE_PAIRS_2011: &[(&str, &str)] = &[
    ("DATDEBAD", "DATFINAD"),
    ("DATDEBACC", "DATFINACC"),
    ("DATDEBINTER", "DATFININTER"),
    ("DATDEBPLAC", "DATFINPLAC"),
];

/// 2011 → 2016 renamed variables (§6.6).
pub const RENAMES_2011: &[(&str, &str)] = &[("DATSIGNPROJ", "DATPPE")];

/// 2011 → 2016 recodes: variable, 2011 codes, 2016 code (empty: the value is emptied) (§6.6).
pub const RECODES_2011: &[(&str, &[&str], &str)] = &[
    ("NUMDEP", &["69"], "69D"),
    ("NIVSCO", &["360"], "399"),
    ("NIVSCO", &["450"], "499"),
    ("NIVSCO", &["570"], "599"),
    ("NIVSCO", &["640"], "699"),
    ("TYPCLASSPE", &["1", "2", "3"], "12"),
    ("TYPCLASSPE", &["4"], "13"),
    ("TYPCLASSPE", &["5", "6"], "15"),
    ("TYPCLASSPE", &["9"], "99"),
    (
        "TYPETABSPE",
        &["810", "820", "830", "840", "890", "999"],
        "890",
    ),
    ("FREQSCO", &["2"], "6"),
    ("FREQSCO", &["3", "4"], "8"),
    ("FREQSCO", &["5"], "7"),
    ("FREQSCO", &["1"], ""),
    ("TITAP", &["10", "20"], "11"),
    ("EMPLA1", &["10"], "6"),
    ("EMPLA1", &["11"], "7"),
    ("EMPLA1", &["12"], "5"),
    ("EMPLA1", &["13"], "3"),
    ("EMPLA1", &["40"], ""),
    ("EMPLA2", &["10"], "6"),
    ("EMPLA2", &["11"], "7"),
    ("EMPLA2", &["12"], "5"),
    ("EMPLA2", &["13"], "3"),
    ("EMPLA2", &["40"], ""),
    ("VIOLSEX", &["3", "4"], "2"),
    ("VIOLPHYS", &["3", "4"], "2"),
];

/// 2011 `CODEV` 1-3 (IP, signalement, saisine directe) become a 2016 start (`TYPEV` 1) only with
/// one of these administrative natures … (§6.6).
pub const CODEV_IN_SCOPE_ADM: &[i32] = &[10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21];
/// … or one of these judicial natures; otherwise the row is out of the 2016 scope (§6.6).
pub const CODEV_IN_SCOPE_JUD: &[i32] = &[11, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24];
/// 2011 `CODEV` 5 is an end (`TYPEV` 3) when `MOTFININT` is one of these and `DATFIN` is known,
/// otherwise a renewal (`TYPEV` 2) (§6.6).
pub const CODEV_END_MOTIVES: &[i32] = &[1, 2, 3];

/// The codes of the coded variables the import types (2016 lists, §5; « ne sait pas » codes
/// included): a value outside its list is not kept (NULL, in the import's account) and reported
/// by the validator. Read: (variable, codes).
pub const CODES: &[(&str, &[i32])] = &[
    ("TYPEV", &[1, 2, 3]),
    ("SEXE", &[1, 2, 9]),
    ("DECISION", &[1, 2]),
    (
        "NATPDECADM",
        &[10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 99],
    ),
    // 10 (non-lieu): dropped in 2016 by the ONPE's converter [inferred], still sent and
    // classified « autre » (MEASURE_TYPES), so kept.
    (
        "NATDECASSED",
        &[10, 11, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 99],
    ),
    ("TYPINTERDOM", &[1, 2, 3, 4, 5, 6, 7, 9]),
    ("MOTFININT", &[1, 2, 3, 9]),
    ("MOTIFML", &[10, 11, 12, 13, 14, 15, 16, 18, 19, 99]),
    ("CHGLIEU", &[1, 2, 9]),
];

/// The list of codes of `var` ([`CODES`]), `None` for a variable without one here.
pub fn codes(var: &str) -> Option<&'static [i32]> {
    CODES.iter().find(|(v, _)| *v == var).map(|(_, c)| *c)
}

/// The reason a code `c` of `var` is not kept, in French (« code hors de la liste de TYPEV :
/// 1, 2, 3 attendu »), `None` when it is in the list or `var` has none.
pub fn out_of_list(var: &str, c: i32) -> Option<String> {
    let list = codes(var)?;
    (!list.contains(&c)).then(|| {
        let l: Vec<String> = list.iter().map(i32::to_string).collect();
        format!("code hors de la liste de {var} : {} attendu", l.join(", "))
    })
}

/// The filters of the national validator: a child variable is expected only when its parent
/// variable holds one of the listed codes (§6.3). Read: (children, parent, codes).
pub const FILTERS: &[(&[&str], &str, &[i32])] = &[
    (&["NATPDECADM"], "DECISION", &[1]),
    (&["NATDECASSED"], "DECISION", &[2]),
    (&["TYPINTERDOM"], "NATPDECADM", &[10, 18, 20]),
    (
        &["LIEUACC", "ACCMOD", "AUTRLIEUACC"],
        "NATPDECADM",
        &[11, 12, 13, 14, 15, 16, 18, 19, 21],
    ),
    (&["TYPDECJUD"], "NATDECASSED", &[11, 14, 15, 16, 19, 21, 24]),
    (
        &["LIEUPLAC", "PLACMOD", "AUTRLIEUAR"],
        "NATDECASSED",
        &[17, 18, 21, 22, 23],
    ),
    (&["NATDECPLAC"], "NATDECASSED", &[17, 18, 21]),
    (&["NIVSCO", "SCOCLASPE"], "SCODTCOM", &[2]),
    (&["TYPCLASSPE", "TYPETABSPE"], "SCOCLASPE", &[2]),
    (&["MOTIFSIG"], "TRAITINFO", &[3]),
    (&["TRANSIP"], "TRAITINFO", &[1, 2]),
    (&["TRAITINFO"], "TYPEV", &[1]),
    (&["MOTIFML"], "MOTFININT", &[1, 2]),
    (&["CHGLIEU"], "TYPEV", &[2]),
    (
        &["NBCHGLIEU", "MOTFININT", "MOTIFML", "DATDECMIN", "DIPLOME"],
        "TYPEV",
        &[3],
    ),
    (&["ORIENTEFF"], "ORIENTDEC", &[2]),
];

/// Variables reserved to minors: filled for a majeur they are flagged (§6.4). A name ending in
/// `*` stands for every variable starting with it.
pub const MINOR_ONLY_VARS: &[&str] = &[
    "ANSMERE",
    "ANSPERE",
    "DATDC*",
    "TITAP",
    "DATDECAP",
    "COMPOMENAG",
    "CSPA*",
    "AUTREHEBER",
    "NBFRAT",
    "PEREINC",
    "PROJET",
    "SEXA*",
    "SANTE",
    "SECURITE",
    "DANGER",
    "CONDEDUC",
    "CONDEDEV",
    "NEGLIG",
    "VIOL*",
    "CONFL",
    "CONDADD",
    "CHGLIEU",
    "NBCHGLIEU",
];

/// Whether `var` is reserved to minors ([`MINOR_ONLY_VARS`], with its `*` prefixes).
pub fn is_minor_only(var: &str) -> bool {
    MINOR_ONLY_VARS.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => var.starts_with(prefix),
        None => var == *p,
    })
}

/// Modalities reserved to majeurs: (variable, codes) used for a minor are flagged (§6.4).
pub const MAJOR_ONLY_CODES: &[(&str, &[i32])] =
    &[("NATPDECADM", &[20, 21]), ("NATDECASSED", &[24])];

/// Modalities a majeur may hold: a majeur with a nature outside these lists holds a modality
/// reserved to minors (§6.4: NATPDECADM ∉ {18, 20, 21}, NATDECASSED ∉ {21, 24}).
pub const MAJOR_ALLOWED_CODES: &[(&str, &[i32])] =
    &[("NATPDECADM", &[18, 20, 21]), ("NATDECASSED", &[21, 24])];

/// Age of majority, in full years between the birth (ANAIS, MNAIS, day 1) and the reference
/// date (DATDECPE, else DATDEB) (§6.4).
pub const MAJORITY_YEARS: i32 = 18;

/// Oldest age at a decision the validator accepts (§6.2: « age > 20 at the decision »).
pub const MAX_AGE_AT_DECISION: i32 = 20;

/// A parent must be at least this many years older than the child (§6.2).
pub const MIN_PARENT_GAP_YEARS: i32 = 10;

/// The all-`f` identifier the national re-hash gives to an empty id: never a link (§4.5).
pub const EMPTY_ID_REHASH: &str = "ffffffffffffffffffffffffffffffffffffffff";

/// One row of the measure classification ([`MEASURE_TYPES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureType {
    /// `DECISION`: 1 administrative, 2 judiciaire.
    pub decision: i32,
    /// `NATPDECADM` if administrative, `NATDECASSED` if judiciaire.
    pub nature: i32,
    /// `TYPINTERDOM`; `None`: any value.
    pub typinterdom: Option<i32>,
    pub measure_type: &'static str,
    /// The DREES count at 31/12 it is set against (`aed`, `aemo`, `accueil`); `None`: none.
    pub drees_family: Option<&'static str>,
    pub confidence: &'static str,
}

const fn mt(
    decision: i32,
    nature: i32,
    typinterdom: Option<i32>,
    measure_type: &'static str,
    drees_family: Option<&'static str>,
    confidence: &'static str,
) -> MeasureType {
    MeasureType {
        decision,
        nature,
        typinterdom,
        measure_type,
        drees_family,
        confidence,
    }
}

const STOCK: &str = "définition du stock (§7.3)";

/// The measure classification (§7.1, codes 2016 partly inferred: correct them here): (DECISION,
/// nature, TYPINTERDOM) → measure type and DREES family. The one table of correspondence of the
/// OLINPE indicators: the import types each measure with it ([`classify`]; measures and periods
/// derived at import) and SQL reads it as the table `olinpe_measure_types`. A measure it does not
/// list is `autre`.
pub const MEASURE_TYPES: &[MeasureType] = &[
    mt(1, 10, Some(2), "aed", Some("aed"), STOCK),
    mt(1, 10, Some(3), "aed", Some("aed"), STOCK),
    mt(1, 10, Some(4), "aed", Some("aed"), STOCK),
    mt(1, 10, Some(5), "aed", Some("aed"), STOCK),
    mt(2, 15, None, "aemo", Some("aemo"), STOCK),
    mt(2, 16, None, "aemo", Some("aemo"), STOCK),
    mt(1, 11, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(1, 12, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(1, 13, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(1, 14, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(1, 15, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(1, 16, None, "accueil_administratif", Some("accueil"), STOCK),
    mt(2, 17, None, "placement_ase", Some("accueil"), STOCK),
    mt(2, 18, None, "placement_direct", Some("accueil"), STOCK),
    mt(1, 20, None, "jeune_majeur", None, "code 2016 inféré"),
    mt(
        1,
        21,
        None,
        "jeune_majeur",
        Some("accueil"),
        "code 2016 inféré ; accueil jeune majeur compté parmi les accueils (hypothèse)",
    ),
    mt(2, 24, None, "jeune_majeur", None, "code 2016 inféré"),
];

/// The type and DREES family of a measure ([`MEASURE_TYPES`]); `autre` without family when no
/// row matches (or a code is unknown).
pub fn classify(
    decision: Option<i32>,
    nature: Option<i32>,
    typinterdom: Option<i32>,
) -> (&'static str, Option<&'static str>) {
    MEASURE_TYPES
        .iter()
        .find(|t| {
            Some(t.decision) == decision
                && Some(t.nature) == nature
                && (t.typinterdom.is_none() || t.typinterdom == typinterdom)
        })
        .map_or(("autre", None), |t| (t.measure_type, t.drees_family))
}

/// The step of a parcours a measure type is (`olinpe_sequences`): AED, AEMO, accueil
/// administratif, placement (ASE and direct together), jeune majeur, autre.
pub fn sequence_state(measure_type: &str) -> &'static str {
    match measure_type {
        "aed" => "AED",
        "aemo" => "AEMO",
        "accueil_administratif" => "accueil administratif",
        "placement_ase" | "placement_direct" => "placement",
        "jeune_majeur" => "jeune majeur",
        _ => "autre",
    }
}
