//! `depbench check --olinpe FILE…`: the national validator's categories on one OLINPE
//! transmission (specification §6.2), each finding with the position of its `<DONNEE>` (and
//! its line), the variable and the value; a completeness table per variable; a French XLSX of
//! all of it for the département's information-system team.
//!
//! The rules (filters, reserved variables and modalities, date forms, NSP codes) are those of
//! [`crate::import::olinpe::rules`]; a 2011 file is checked once converted to 2016 (values are
//! moved, not rewritten, so dates are checked as written).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use rust_xlsxwriter::Workbook;

use crate::error::{Error, Result};
use crate::import::olinpe::dates::{self, DateValue};
use crate::import::olinpe::events::{Scheme, convert_2011};
use crate::import::olinpe::read::{Donnee, Format};
use crate::import::olinpe::{Extract, read_extract, recognise_path, rules};
use crate::write::xlsx::{Frame, Sheet, xlsx_err};

/// A category of the national validator (§6.2), plus the variables no list knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// 1. dates au format erroné (accepted forms, unreadable dates, implausible years).
    DateFormat,
    /// 2. NUMANONYM incohérents (missing, not 40 hex, one id with two births or sexes).
    Numanonym,
    /// 3. doublons (identical rows).
    Duplicate,
    /// 4. incohérences de date de naissance (over 20 at the decision, born before a parent + 10).
    Birth,
    /// 6. variables non attendues (a filter fails, §6.3).
    Unexpected,
    /// 7. variables réservées aux mineurs renseignées pour un majeur (§6.4).
    MinorOnlyVariable,
    /// 8a. modalités réservées aux majeurs utilisées pour un mineur (§6.4).
    MajorOnlyModality,
    /// 8b. modalités réservées aux mineurs utilisées pour un majeur (§6.4).
    MinorOnlyModality,
    /// Elements of no variable list (kept out of the stored events).
    UnknownVariable,
    /// `NUMDEP` outside the COG or not the file's département (refused by the import).
    Numdep,
    /// Values the import keeps NULL, or a variable given twice ([`super::olinpe_values`]).
    Unkept,
    /// `DATFIN` before `DATDEB`.
    DateOrder,
}

impl Category {
    /// Every category, in the order of the specification.
    pub const ALL: [Category; 12] = [
        Category::DateFormat,
        Category::Numanonym,
        Category::Duplicate,
        Category::Birth,
        Category::Unexpected,
        Category::MinorOnlyVariable,
        Category::MajorOnlyModality,
        Category::MinorOnlyModality,
        Category::UnknownVariable,
        Category::Numdep,
        Category::Unkept,
        Category::DateOrder,
    ];

    /// The French label (the validator's own wording).
    pub fn label(self) -> &'static str {
        match self {
            Category::DateFormat => "dates au format erroné",
            Category::Numanonym => "NUMANONYM incohérents",
            Category::Duplicate => "doublons",
            Category::Birth => "incohérences de date de naissance",
            Category::Unexpected => "variables non attendues",
            Category::MinorOnlyVariable => {
                "variables réservées aux mineurs renseignées pour un majeur"
            }
            Category::MajorOnlyModality => {
                "modalités réservées aux majeurs utilisées pour un mineur"
            }
            Category::MinorOnlyModality => {
                "modalités réservées aux mineurs utilisées pour un majeur"
            }
            Category::UnknownVariable => "variables inconnues",
            Category::Numdep => "NUMDEP incohérents",
            Category::Unkept => "valeurs non retenues par l'import",
            Category::DateOrder => "dates de fin avant le début",
        }
    }
}

/// One defect: where (the `<DONNEE>`'s position and line, the variable), what was found and
/// what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub category: Category,
    /// 1-based position of the `<DONNEE>` (the CSV's data row).
    pub position: usize,
    pub line: u64,
    pub variable: String,
    pub value: String,
    pub message: String,
}

impl Finding {
    /// A finding of `category` on the row `d`.
    pub fn at(
        category: Category,
        d: &Donnee,
        variable: &str,
        value: &str,
        message: String,
    ) -> Self {
        Finding {
            category,
            position: d.position,
            line: d.line,
            variable: variable.to_string(),
            value: value.to_string(),
            message,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<DONNEE> n° {} (ligne {}), ", self.position, self.line)?;
        // A finding on the whole row (a duplicate) has no value to show.
        if self.variable == "DONNEE" && self.value.is_empty() {
            write!(f, "<DONNEE>")?;
        } else {
            write!(f, "{} = « {} »", self.variable, self.value)?;
        }
        write!(f, " : {} ({})", self.message, self.category.label())
    }
}

/// Completion of one variable over the rows of a file (§6.2, category 5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completeness {
    pub variable: String,
    /// Rows where the element is present (possibly empty).
    pub present: usize,
    /// Rows where it is not empty.
    pub filled: usize,
    /// Rows where it is filled with something other than « ne sait pas » ([`rules::is_nsp`]).
    pub informed: usize,
    /// Rows where it is expected: its filter holds ([`rules::FILTERS`]), every row otherwise.
    pub relevant: usize,
}

/// The validator's report of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: String,
    pub departement: String,
    pub year: i32,
    pub scheme: Scheme,
    pub format: Format,
    pub encoding: &'static str,
    pub rows: usize,
    pub findings: Vec<Finding>,
    /// One row per variable seen, sorted by name.
    pub completeness: Vec<Completeness>,
}

impl FileReport {
    /// Findings of `category`.
    pub fn of(&self, category: Category) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.category == category)
    }

    /// The report as text: a line per category with its count, then the first findings of each.
    pub fn render(&self, shown: usize) -> String {
        let mut out = format!(
            "{} : OLINPE, département {}, année {}, schéma {}, {} ligne{}\n",
            self.file,
            self.departement,
            self.year,
            self.scheme.label(),
            self.rows,
            if self.rows > 1 { "s" } else { "" }
        );
        for c in Category::ALL {
            let all: Vec<&Finding> = self.of(c).collect();
            out.push_str(&format!("  {} : {}\n", c.label(), all.len()));
            for f in all.iter().take(shown) {
                out.push_str(&format!("    {f}\n"));
            }
            if all.len() > shown {
                out.push_str(&format!("    … et {} autre(s)\n", all.len() - shown));
            }
        }
        out
    }
}

/// A date as French readers write it in a message: `02/05/2021`.
fn french_date(days: i32) -> String {
    let (y, m, d) = dates::civil_from_days(days);
    format!("{d:02}/{m:02}/{y:04}")
}

fn int(d: &Donnee, var: &str) -> Option<i32> {
    d.get(var).and_then(|t| t.trim().parse().ok())
}

/// Where an identifier was first seen: position, SEXE, ANAIS, MNAIS.
type FirstSeen = (usize, Option<String>, Option<String>, Option<String>);

/// The youngest and oldest ages in full years, at `days`, of someone born in `year`-`month`
/// (the day of birth is not transmitted, §6.4; an unknown month, `MNAIS` 99, may be any). A
/// rule on age flags a row only when every possible age breaks it: an age that cannot be
/// decided is no anomaly.
fn ages_at(year: i32, month: Option<u32>, days: i32) -> (i32, i32) {
    let (y, m, _) = dates::civil_from_days(days);
    // Born on the last day of the latest possible month: not yet had the birthday in it.
    let youngest = y - year - i32::from(m <= month.unwrap_or(12));
    // Born on the 1st of the earliest possible month.
    let oldest = y - year - i32::from(m < month.unwrap_or(1));
    (youngest, oldest)
}

/// Check one file read by [`read_extract`].
pub fn validate(extract: &Extract) -> FileReport {
    let mut findings = Vec::new();
    let mut push = |category, d: &Donnee, variable: &str, value: &str, message: String| {
        findings.push(Finding::at(category, d, variable, value, message));
    };
    // Rows as checked: 2011 rows converted (out-of-scope rows are checked as written).
    let rows: Vec<Donnee> = extract
        .raw
        .donnees
        .iter()
        .map(|d| {
            let mut c = d.clone();
            if extract.scheme == Scheme::V2011 && convert_2011(&mut c).is_err() {
                return d.clone();
            }
            c
        })
        .collect();

    // 3. duplicates: identical rows as read.
    let mut seen: HashMap<Vec<(String, String)>, usize> = HashMap::new();
    for d in &extract.raw.donnees {
        let mut key = d.vars.clone();
        key.sort();
        if let Some(first) = seen.get(&key) {
            push(
                Category::Duplicate,
                d,
                "DONNEE",
                "",
                format!("ligne identique au <DONNEE> n° {first}"),
            );
        } else {
            seen.insert(key, d.position);
        }
    }

    // 2. identifiers: one id, one person (sex, birth).
    let mut persons: HashMap<String, FirstSeen> = HashMap::new();
    for d in &rows {
        // 1. dates
        for (var, value) in &d.vars {
            if value.is_empty() {
                continue;
            }
            if rules::DATE_VARS.contains(&var.as_str()) {
                match dates::parse_date(value) {
                    DateValue::WrongFormat(_) => push(
                        Category::DateFormat,
                        d,
                        var,
                        value,
                        "date au format erroné : AAAA-MM-JJ attendu".into(),
                    ),
                    DateValue::Invalid => push(
                        Category::DateFormat,
                        d,
                        var,
                        value,
                        "date illisible : AAAA-MM-JJ attendu (année en 19, 20 ou 99)".into(),
                    ),
                    _ => {}
                }
            } else if rules::MONTH_DATE_VARS.contains(&var.as_str()) {
                if dates::parse_month_date(value).is_err() {
                    push(
                        Category::DateFormat,
                        d,
                        var,
                        value,
                        "mois illisible : AAAA-MM attendu (9999-99 inconnu)".into(),
                    );
                }
            } else if rules::YEAR_VARS.contains(&var.as_str()) {
                match dates::parse_year(value) {
                    Err(_) => push(
                        Category::DateFormat,
                        d,
                        var,
                        value,
                        "année illisible : aaaa attendu, commençant par 19, 20 ou 99".into(),
                    ),
                    Ok(Some(y))
                        if rules::PARENT_YEAR_VARS.contains(&var.as_str())
                            && y < rules::PARENT_YEAR_MIN =>
                    {
                        push(
                            Category::DateFormat,
                            d,
                            var,
                            value,
                            format!(
                                "année de naissance d'un parent avant {}",
                                rules::PARENT_YEAR_MIN
                            ),
                        )
                    }
                    _ => {}
                }
            }
        }
        let hex40 = |s: &str| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
        match d.get("NUMANONYM") {
            None => push(
                Category::Numanonym,
                d,
                "NUMANONYM",
                "",
                "NUMANONYM absent ou vide : un identifiant de 40 caractères hexadécimaux attendu".into(),
            ),
            Some(id) if !hex40(id.trim()) => push(
                Category::Numanonym,
                d,
                "NUMANONYM",
                id,
                "40 caractères hexadécimaux attendus".into(),
            ),
            Some(id) if id.trim().eq_ignore_ascii_case(rules::EMPTY_ID_REHASH) => push(
                Category::Numanonym,
                d,
                "NUMANONYM",
                id,
                "identifiant tout en f : celui d'un identifiant vide après la seconde anonymisation".into(),
            ),
            Some(id) => {
                let id = id.trim().to_ascii_lowercase();
                let sexe = d.get("SEXE").filter(|s| *s != "9").map(str::to_string);
                let anais = d.get("ANAIS").filter(|s| *s != "9999").map(str::to_string);
                let mnais = d.get("MNAIS").filter(|s| *s != "99").map(str::to_string);
                match persons.get(&id) {
                    None => {
                        persons.insert(id, (d.position, sexe, anais, mnais));
                    }
                    Some((first, s0, a0, m0)) => {
                        for (var, now, before) in [
                            ("SEXE", &sexe, s0),
                            ("ANAIS", &anais, a0),
                            ("MNAIS", &mnais, m0),
                        ] {
                            if let (Some(n), Some(b)) = (now, before)
                                && n != b
                            {
                                push(
                                    Category::Numanonym,
                                    d,
                                    var,
                                    n,
                                    format!(
                                        "même NUMANONYM que le <DONNEE> n° {first} où {var} = « {b} » : un identifiant pour deux personnes ?"
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
        if let Some(ant) = d.get("NUMANONYMANT")
            && !hex40(ant.trim())
        {
            push(
                Category::Numanonym,
                d,
                "NUMANONYMANT",
                ant,
                "40 caractères hexadécimaux attendus (ou vide)".into(),
            );
        }

        // 4. birth
        let anais = d
            .get("ANAIS")
            .and_then(|t| dates::parse_year(t).ok().flatten());
        let mnais = int(d, "MNAIS")
            .filter(|m| (1..=12).contains(m))
            .map(|m| m as u32);
        let reference = ["DATDECPE", "DATDEB"].iter().find_map(|v| {
            d.get(v)
                .and_then(|t| dates::parse_date(t).days())
                .map(|x| (*v, x))
        });
        if let (Some(y), Some((refvar, days))) = (anais, reference) {
            let (age, oldest) = ages_at(y, mnais, days);
            if age > rules::MAX_AGE_AT_DECISION {
                push(
                    Category::Birth,
                    d,
                    "ANAIS",
                    &y.to_string(),
                    format!(
                        "{} ans au {} ({refvar}) : {} ans au plus attendu",
                        if age == oldest {
                            age.to_string()
                        } else {
                            format!("{age} ou {oldest}")
                        },
                        french_date(days),
                        rules::MAX_AGE_AT_DECISION
                    ),
                );
            } else if oldest < 0 {
                push(
                    Category::Birth,
                    d,
                    "ANAIS",
                    &y.to_string(),
                    format!("naissance après le {} ({refvar})", french_date(days)),
                );
            }
        }
        if let Some(y) = anais {
            for parent in ["ANSMERE", "ANSPERE"] {
                if let Some(p) = d
                    .get(parent)
                    .and_then(|t| dates::parse_year(t).ok().flatten())
                    && y < p + rules::MIN_PARENT_GAP_YEARS
                {
                    push(
                        Category::Birth,
                        d,
                        "ANAIS",
                        &y.to_string(),
                        format!(
                            "né(e) moins de {} ans après son parent ({parent} = {p})",
                            rules::MIN_PARENT_GAP_YEARS
                        ),
                    );
                }
            }
        }

        // 6. filters
        for (children, parent, codes) in rules::FILTERS {
            let holds = int(d, parent).is_some_and(|c| codes.contains(&c));
            if holds {
                continue;
            }
            for child in *children {
                if let Some(v) = d.get(child) {
                    let parent_text = d.get(parent).unwrap_or("vide");
                    push(
                        Category::Unexpected,
                        d,
                        child,
                        v,
                        format!(
                            "attendue seulement si {parent} ∈ {{{}}} ; ici {parent} = {parent_text}",
                            codes
                                .iter()
                                .map(i32::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
        }

        // 7, 8: minors and majeurs
        let major = match (anais, reference) {
            (Some(y), Some((_, days))) => match ages_at(y, mnais, days) {
                (youngest, _) if youngest >= rules::MAJORITY_YEARS => Some(true),
                (_, oldest) if oldest < rules::MAJORITY_YEARS => Some(false),
                _ => None,
            },
            _ => None,
        };
        match major {
            Some(true) => {
                for (var, value) in &d.vars {
                    if !value.is_empty() && rules::is_minor_only(var) {
                        push(
                            Category::MinorOnlyVariable,
                            d,
                            var,
                            value,
                            "variable réservée aux mineurs, renseignée pour un majeur".into(),
                        );
                    }
                }
                for (var, allowed) in rules::MAJOR_ALLOWED_CODES {
                    if let Some(c) = int(d, var)
                        && !allowed.contains(&c)
                        && c != 99
                    {
                        push(
                            Category::MinorOnlyModality,
                            d,
                            var,
                            &c.to_string(),
                            format!(
                                "modalité réservée aux mineurs pour un majeur (attendu : {})",
                                allowed
                                    .iter()
                                    .map(i32::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
            }
            Some(false) => {
                for (var, codes) in rules::MAJOR_ONLY_CODES {
                    if let Some(c) = int(d, var)
                        && codes.contains(&c)
                    {
                        push(
                            Category::MajorOnlyModality,
                            d,
                            var,
                            &c.to_string(),
                            "modalité réservée aux majeurs, utilisée pour un mineur".into(),
                        );
                    }
                }
            }
            None => {}
        }

        for (var, value) in &d.vars {
            if !rules::KNOWN_VARS.contains(&var.as_str()) {
                push(
                    Category::UnknownVariable,
                    d,
                    var,
                    value,
                    "variable d'aucune liste (2011 ou 2016) : non stockée".into(),
                );
            }
        }
    }
    findings.extend(super::olinpe_values::findings(extract, &rows));
    super::olinpe_values::as_written(extract, &mut findings);
    findings.sort_by_key(|f| (f.position, f.category));

    // 5. completeness
    let mut table: BTreeMap<String, Completeness> = BTreeMap::new();
    for d in &rows {
        for (var, value) in &d.vars {
            let c = table.entry(var.clone()).or_insert_with(|| Completeness {
                variable: var.clone(),
                ..Default::default()
            });
            c.present += 1;
            if !value.is_empty() {
                c.filled += 1;
                if !rules::is_nsp(var, value) {
                    c.informed += 1;
                }
            }
        }
    }
    for c in table.values_mut() {
        let filter = rules::FILTERS
            .iter()
            .find(|(children, _, _)| children.contains(&c.variable.as_str()));
        c.relevant = match filter {
            Some((_, parent, codes)) => rows
                .iter()
                .filter(|d| int(d, parent).is_some_and(|v| codes.contains(&v)))
                .count(),
            None => rows.len(),
        };
    }
    FileReport {
        file: extract.file.clone(),
        departement: extract.departement.clone(),
        year: extract.year,
        scheme: extract.scheme,
        format: extract.raw.format,
        encoding: extract.raw.encoding,
        rows: rows.len(),
        findings,
        completeness: table.into_values().collect(),
    }
}

/// Read and check the OLINPE file at `path` (recognised by content).
pub fn check_file(path: &Path) -> Result<FileReport> {
    let format = recognise_path(path)?.map_or_else(
        || {
            let why =
                crate::import::olinpe::read::not_transmission_path(path)?.unwrap_or_else(|| {
                    "ni XML <DECRET>, ni CSV ; avec NUMANONYM et TYPEV ou CODEV".into()
                });
            Err(Error::Invalid(format!(
                "{} : pas un fichier OLINPE : {why}",
                path.display()
            )))
        },
        Ok,
    )?;
    Ok(validate(&read_extract(path, format)?))
}

fn text_col(values: Vec<String>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

fn int_col(values: Vec<i64>) -> ArrayRef {
    let mut b = Int64Builder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

/// The reports as a French workbook: « Synthèse » (a row per file and category), « Anomalies »
/// (every finding: file, category, position, line, variable, value, message) and
/// « Complétude » (a row per file and variable). Written to `target` whole or not at all.
pub fn write_xlsx(reports: &[FileReport], target: &Path) -> Result<()> {
    let mut workbook = Workbook::new();
    let source =
        "fichiers OLINPE transmis, contrôlés par depbench check --olinpe (règles : docs/olinpe.md)";
    // One row per file and category: every file described in its own cells (never one cell
    // for all, which a national run of a thousand files would take past Excel's limit).
    let summary_schema = Arc::new(Schema::new(vec![
        Field::new("fichier", DataType::Utf8, false),
        Field::new("departement", DataType::Utf8, false),
        Field::new("annee", DataType::Int64, false),
        Field::new("schema", DataType::Utf8, false),
        Field::new("lignes", DataType::Int64, false),
        Field::new("categorie", DataType::Utf8, false),
        Field::new("anomalies", DataType::Int64, false),
    ]));
    let (mut f, mut d, mut y, mut s, mut l, mut c, mut n) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for r in reports {
        for cat in Category::ALL {
            f.push(r.file.clone());
            d.push(r.departement.clone());
            y.push(i64::from(r.year));
            s.push(r.scheme.label().to_string());
            l.push(r.rows as i64);
            c.push(cat.label().to_string());
            n.push(r.of(cat).count() as i64);
        }
    }
    let batch = RecordBatch::try_new(
        summary_schema.clone(),
        vec![
            text_col(f),
            text_col(d),
            int_col(y),
            text_col(s),
            int_col(l),
            text_col(c),
            int_col(n),
        ],
    )
    .map_err(|e| Error::Invalid(format!("synthèse : {e}")))?;
    let frame = Frame {
        title: "Contrôle des fichiers OLINPE : synthèse".into(),
        subtitle: Some(format!(
            "{} fichier{} contrôlé{} : une ligne par fichier et par catégorie d'anomalies",
            reports.len(),
            if reports.len() > 1 { "s" } else { "" },
            if reports.len() > 1 { "s" } else { "" }
        )),
        headers: vec![
            "Fichier".into(),
            "Département".into(),
            "Année".into(),
            "Schéma".into(),
            "Lignes".into(),
            "Catégorie".into(),
            "Anomalies".into(),
        ],
        number_formats: vec![
            None,
            None,
            Some("0".into()),
            None,
            Some("#,##0".into()),
            None,
            Some("#,##0".into()),
        ],
        notes: Vec::new(),
        source: source.into(),
    };
    let mut sheet = Sheet::add_framed(&mut workbook, "Synthèse", &summary_schema, &frame)?;
    sheet.write(&mut workbook, &batch)?;
    sheet.finish(&mut workbook)?;

    let schema = Arc::new(Schema::new(vec![
        Field::new("fichier", DataType::Utf8, false),
        Field::new("categorie", DataType::Utf8, false),
        Field::new("position", DataType::Int64, false),
        Field::new("ligne", DataType::Int64, false),
        Field::new("variable", DataType::Utf8, false),
        Field::new("valeur", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
    ]));
    let all: Vec<(&FileReport, &Finding)> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
        .collect();
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            text_col(all.iter().map(|(r, _)| r.file.clone()).collect()),
            text_col(
                all.iter()
                    .map(|(_, f)| f.category.label().to_string())
                    .collect(),
            ),
            int_col(all.iter().map(|(_, f)| f.position as i64).collect()),
            int_col(all.iter().map(|(_, f)| f.line as i64).collect()),
            text_col(all.iter().map(|(_, f)| f.variable.clone()).collect()),
            text_col(all.iter().map(|(_, f)| f.value.clone()).collect()),
            text_col(all.iter().map(|(_, f)| f.message.clone()).collect()),
        ],
    )
    .map_err(|e| Error::Invalid(format!("anomalies : {e}")))?;
    let frame = Frame {
        title: "Anomalies, une ligne par valeur en cause".into(),
        subtitle: Some(
            "Position : rang du <DONNEE> dans le fichier (ligne de données du CSV)".into(),
        ),
        headers: vec![
            "Fichier".into(),
            "Catégorie".into(),
            "Position du <DONNEE>".into(),
            "Ligne".into(),
            "Variable".into(),
            "Valeur".into(),
            "Constat".into(),
        ],
        number_formats: vec![None, None, Some("0".into()), Some("0".into())],
        notes: Vec::new(),
        source: source.into(),
    };
    let mut sheet = Sheet::add_framed(&mut workbook, "Anomalies", &schema, &frame)?;
    sheet.write(&mut workbook, &batch)?;
    sheet.finish(&mut workbook)?;

    let schema = Arc::new(Schema::new(vec![
        Field::new("fichier", DataType::Utf8, false),
        Field::new("variable", DataType::Utf8, false),
        Field::new("lignes", DataType::Int64, false),
        Field::new("presentes", DataType::Int64, false),
        Field::new("non_vides", DataType::Int64, false),
        Field::new("renseignees", DataType::Int64, false),
        Field::new("pertinentes", DataType::Int64, false),
    ]));
    let all: Vec<(&FileReport, &Completeness)> = reports
        .iter()
        .flat_map(|r| r.completeness.iter().map(move |c| (r, c)))
        .collect();
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            text_col(all.iter().map(|(r, _)| r.file.clone()).collect()),
            text_col(all.iter().map(|(_, c)| c.variable.clone()).collect()),
            int_col(all.iter().map(|(r, _)| r.rows as i64).collect()),
            int_col(all.iter().map(|(_, c)| c.present as i64).collect()),
            int_col(all.iter().map(|(_, c)| c.filled as i64).collect()),
            int_col(all.iter().map(|(_, c)| c.informed as i64).collect()),
            int_col(all.iter().map(|(_, c)| c.relevant as i64).collect()),
        ],
    )
    .map_err(|e| Error::Invalid(format!("complétude : {e}")))?;
    let frame = Frame {
        title: "Complétude par variable".into(),
        subtitle: Some(
            "Présentes : élément présent ; non vides : valeur écrite ; renseignées : ni vide ni « ne sait pas » ; pertinentes : lignes où la variable est attendue (son filtre est rempli)".into(),
        ),
        headers: vec![
            "Fichier".into(),
            "Variable".into(),
            "Lignes".into(),
            "Présentes".into(),
            "Non vides".into(),
            "Renseignées (≠ ne sait pas)".into(),
            "Pertinentes".into(),
        ],
        number_formats: vec![None, None, Some("#,##0".into()), Some("#,##0".into()), Some("#,##0".into()), Some("#,##0".into()), Some("#,##0".into())],
        notes: Vec::new(),
        source: source.into(),
    };
    let mut sheet = Sheet::add_framed(&mut workbook, "Complétude", &schema, &frame)?;
    sheet.write(&mut workbook, &batch)?;
    sheet.finish(&mut workbook)?;
    let bytes = workbook
        .save_to_buffer()
        .map_err(|e| xlsx_err("classeur", e))?;
    crate::write::atomic::AtomicFile::write_all(target, &bytes)
}
