//! The « Lecture : » sentence under each figure of the HTML report, as DREES and Insee write
//! them: « Lecture : en 2022, la Charente-Maritime compte 17,7 enfants accueillis pour 1 000
//! jeunes de 0 à 20 ans, contre 13,1 en France métropolitaine. »
//!
//! A figure's header may give its sentence (`-- lecture: …`) with the placeholders below; a
//! figure without one gets a sentence by chart kind. The values are the figure's own: its first
//! value column for the focus and for the first reference of the request that the figure shows
//! (France métropolitaine…, whatever the order of the rows); for evolution lines, the last year
//! with a value; a composition, its first part.
//!
//! Placeholders (besides the figure's `$param` and `{column}`): `{focus}` (« la
//! Charente-Maritime »), `{Focus}` (capitalised), `{focus_in}` (« en Charente-Maritime »),
//! `{reference}`, `{reference_in}`, `{focus_value}` / `{reference_value}` (with unit:
//! « 17,7 ‰ », « +47,5 % »), `{focus_number}` / `{reference_number}` (number only: « 17,7 »),
//! `{last_year}`, `{part}` (first part of a composition), `{rank}` (« 12e rang sur 100 »).

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;

use crate::bench::figure::{self, ChartKind, Figure};
use crate::model::format;
use crate::model::territory::{Role, Roles};
use crate::query::Params;
use crate::query::rows::Rows;
use crate::render::Meta;

use super::flags::Flag;

/// How a territory's name takes its article, as Insee's Code officiel géographique classes
/// names (its `TNCC` column): none (« Paris »), `l'`, `le`, `la`, `les`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Article {
    None,
    Elided,
    Le,
    La,
    Les,
}

/// The article of a territory by its code (DREES coding; aggregates `FRM`, `FRE`, `DROM`), else
/// by its name for régions. Written from the usage of Insee's COG (TNCC) — the official file is
/// not among the imported sources; names absent from this table get a rule: a name starting
/// with a vowel or a silent h takes `l'`, one ending in `e` takes `la`, others `le`.
pub fn article(code: &str, name: &str) -> Article {
    use Article::*;
    match code {
        "75" | "976" | "974" => return None,
        "01" | "02" | "03" | "07" | "09" | "10" | "11" | "12" | "27" | "28" | "34" | "35"
        | "36" | "37" | "38" | "60" | "61" | "89" | "91" => return Elided,
        "04" | "05" | "06" | "08" | "13" | "22" | "40" | "64" | "65" | "66" | "78" | "79"
        | "88" | "92" | "DROM" => return Les,
        "14" | "15" | "18" | "25" | "29" | "30" | "32" | "39" | "41" | "45" | "46" | "47"
        | "49" | "56" | "59" | "62" | "63" | "67" | "68" | "69" | "69D" | "81" | "82" | "83"
        | "84" | "90" | "94" | "95" => return Le,
        "FRM" | "FRE" | "FR" => return La,
        _ => {}
    }
    if code.len() <= 3 && code.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        // Every other département of the table above is feminine (la Charente, la Manche…).
        return La;
    }
    match name {
        "Grand Est" | "Centre-Val de Loire" => Le,
        "Provence-Alpes-Côte d'Azur" | "Bourgogne-Franche-Comté" => La,
        "Hauts-de-France" | "Pays de la Loire" => Les,
        _ => {
            let first = name
                .chars()
                .next()
                .unwrap_or('x')
                .to_lowercase()
                .next()
                .unwrap_or('x');
            if "aeiouyéèêîôâh".contains(first) && !name.starts_with("Haut") {
                Elided
            } else if name.ends_with('e') {
                La
            } else {
                Le
            }
        }
    }
}

/// « la Charente-Maritime », « l'Orne », « le Val-d'Oise », « les Bouches-du-Rhône », « Paris ».
pub fn with_article(code: &str, name: &str) -> String {
    match article(code, name) {
        Article::None => name.to_string(),
        Article::Elided => format!("l'{name}"),
        Article::Le => format!("le {name}"),
        Article::La => format!("la {name}"),
        Article::Les => format!("les {name}"),
    }
}

/// « en Charente-Maritime », « dans l'Orne », « dans le Val-d'Oise », « dans les
/// Bouches-du-Rhône », « à Paris », « en France métropolitaine ».
pub fn located(code: &str, name: &str) -> String {
    match article(code, name) {
        Article::None => format!("à {name}"),
        Article::La if code == "69M" => format!("dans la {name}"),
        // Régions take « en » (en Provence-Alpes-Côte d'Azur, en Centre-Val de Loire), but for
        // the Grand Est and the plural ones.
        Article::Le if code.starts_with('R') && name != "Grand Est" => format!("en {name}"),
        // Feminine and vowel-initial régions and countries take « en »; départements « dans ».
        Article::La | Article::Elided
            if !code.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
        {
            format!("en {name}")
        }
        Article::La => format!("en {name}"),
        Article::Elided => format!("dans l'{name}"),
        Article::Le => format!("dans le {name}"),
        Article::Les => format!("dans les {name}"),
    }
}

/// One territory's value in a figure.
struct Point {
    code: String,
    name: String,
    value: Option<f64>,
}

/// The « Lecture : … » sentence of a figure, or `None` when the figure has no territory column
/// (the matrix of plans) or no reference row (the map of départements). When the focus's value
/// the sentence reads is flagged (one of `flags`, the figure's shown flags, for the focus at the
/// sentence's year), the sentence says so: « ⚑ Valeur signalée (rupture de série) : voir la
/// note sous la figure. »
pub fn sentence(
    fig: &Figure,
    meta: &Meta,
    params: &Params,
    roles: &Roles,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    flags: &[Flag],
) -> Option<String> {
    let code_col = fig.code.as_deref()?;
    let rows = Rows::new(schema.clone(), batches.to_vec());
    let value_col = fig.lecture_value.as_ref().or(fig.values.first())?;
    let has_year =
        fig.series.as_deref() == Some("year") && schema.fields().iter().any(|f| f.name() == "year");
    // The reference compared with: the first of the request's references (`$references`:
    // France métropolitaine before a région, France entière before the DROM) that the figure
    // shows, whatever the order of its rows, so that every sentence of a report compares with
    // the same one.
    let requested: Vec<String> = params
        .get("references")
        .map(|r| r.split(',').map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let order_of = |code: &str| {
        requested
            .iter()
            .position(|c| c == code)
            .unwrap_or(usize::MAX)
    };
    let reference_code = (0..rows.len())
        .filter_map(|r| rows.text(code_col, r))
        .filter(|c| roles.of(c) == Role::Reference)
        .min_by_key(|c| order_of(c));
    // The row read for a territory: for evolution lines, its last year with a value.
    let pick = |role: Role| -> Option<(Point, Option<i64>)> {
        let mut best: Option<(Point, Option<i64>)> = None;
        for r in 0..rows.len() {
            let code = rows.text(code_col, r)?;
            if roles.of(&code) != role
                || (role == Role::Reference && reference_code.as_deref() != Some(code.as_str()))
            {
                continue;
            }
            let point = Point {
                name: rows.text(&fig.category, r).unwrap_or_default(),
                value: rows.number(value_col, r).filter(|v| v.is_finite()),
                code,
            };
            let year = if has_year { rows.int("year", r) } else { None };
            let better = match &best {
                None => true,
                Some((b, y)) => {
                    has_year && point.value.is_some() && (b.value.is_none() || year > *y)
                }
            };
            if better {
                best = Some((point, year));
            }
        }
        best
    };
    // A table's columns have their own sign (`+` only on changes), unit and decimals.
    let mut meta = meta.clone();
    meta.signed = fig.signed.iter().any(|s| s == value_col);
    if let Some(i) = fig.values.iter().position(|v| v == value_col) {
        if let Some(unit) = fig.units.get(i) {
            meta.unit = *unit;
        }
        if let Some(d) = fig.decimals_of(i) {
            meta.decimals = Some(d);
        }
    }
    let meta = &meta;
    let (focus, last_year) = pick(Role::Focus)?;
    let Some((reference, _)) = pick(Role::Reference) else {
        // A département's own figure (its OLINPE extracts) has no reference row: its sentence
        // reads its own columns.
        // A sentence written for a comparison (`{focus_value}`, `{reference…}`) has nothing to
        // compare with: none, as before.
        let compares = fig.lecture.as_deref().is_some_and(|t| {
            ["{focus_value}", "{focus_number}", "{reference", "{rank}"]
                .iter()
                .any(|p| t.contains(p))
        });
        return (fig.local && !compares)
            .then(|| own_sentence(fig, params, schema, batches, &focus.code))
            .flatten();
    };
    let number = |v: Option<f64>| match v {
        Some(v) if meta.signed => format::signed(v, format::Unit::Ratio, meta.decimals()),
        Some(v) => format::number(v, meta.decimals()),
        None => format::NOT_AVAILABLE.to_string(),
    };
    let focus_name = with_article(&focus.code, &focus.name);
    let reference_name = with_article(&reference.code, &reference.name);
    let year = last_year
        .map(|y| y.to_string())
        .or_else(|| params.get("year").map(str::to_string))
        .unwrap_or_default();
    if focus.value.is_none() {
        let what = fig
            .values
            .iter()
            .position(|v| v == value_col)
            .and_then(|i| fig.headers.get(i))
            .map(|h| figure::fill(h, params, schema, batches))
            .unwrap_or_else(|| meta.title.clone());
        return Some(format!(
            "Lecture : en {year}, la valeur « {} » n'est pas disponible pour {focus_name} ({}) ; elle est de {} {}.",
            format::lower_first(&what),
            format::NOT_AVAILABLE,
            meta.value_label(reference.value),
            located(&reference.code, &reference.name)
        ));
    }
    let mut template = fig.lecture.clone().unwrap_or_else(|| default_template(fig));
    // A plural name takes a plural verb: « les Bouches-du-Rhône comptent ».
    if article(&focus.code, &focus.name) == Article::Les {
        template = template
            .replace("{focus} compte ", "{focus} comptent ")
            .replace("{Focus} compte ", "{Focus} comptent ");
    }
    // Without a reference value the comparison is dropped and said instead of « contre n.d. ».
    if reference.value.is_none() {
        for clause in [
            ", contre {reference_value} {reference_in}",
            ", contre {reference_number} {reference_in}",
        ] {
            template = template.replace(
                clause,
                " ; la valeur {reference_in} n'est pas disponible ({reference_value})",
            );
        }
    }
    let text = figure::fill(&template, params, schema, batches)
        .replace("{Focus}", &crate::model::format::capitalise(&focus_name))
        .replace("{focus}", &focus_name)
        .replace("{focus_in}", &located(&focus.code, &focus.name))
        .replace("{reference}", &reference_name)
        .replace("{reference_in}", &located(&reference.code, &reference.name))
        .replace("{focus_value}", &meta.value_label(focus.value))
        .replace("{reference_value}", &meta.value_label(reference.value))
        .replace("{focus_number}", &number(focus.value))
        .replace("{reference_number}", &number(reference.value))
        .replace("{last_year}", &year)
        .replace(
            "{part}",
            &fig.headers
                .first()
                .cloned()
                .unwrap_or_default()
                .to_lowercase(),
        )
        .replace(
            "{rank}",
            &rank(&rows, value_col, code_col, &focus.code).unwrap_or_default(),
        );
    Some(format!(
        "Lecture : {}{}",
        text.trim(),
        flagged(flags, &focus.code, &year)
    ))
}

/// The sentence of a figure without reference rows (`-- local: true`, e.g. the OLINPE
/// section) from its `-- lecture:` template and its first row: `{focus}`, `{Focus}`,
/// `{focus_in}` (the focus, named by the result's `territory_name` column), `{column}` (the column's text), `{column:nombre}`
/// (the number in French, « 1 147 », « 12,5 ») and `{column:pourcent}` (« 12,5 % »). A NULL
/// number reads «n.d.». The sentence reads the first row with no cell under statistical secret
/// (`-- secret:`), and when every row has one it says so: a hidden cell never reaches it, and
/// « s » is never printed as a number.
pub fn own_sentence(
    fig: &Figure,
    params: &Params,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    focus_code: &str,
) -> Option<String> {
    let mut text = fig.lecture.clone()?;
    let rows = Rows::new(schema.clone(), batches.to_vec());
    if rows.is_empty() {
        return None;
    }
    // The first row without any secret cell: a sentence never prints « s » as a number.
    match (0..rows.len()).find(|&r| !crate::bench::secret::row(fig, &rows, r)) {
        None => {
            return Some(
                "Lecture : toutes les lignes de ce tableau ont une cellule en secret statistique \
                 (moins de 5 personnes, ou secret secondaire) ; aucune phrase ne les cite."
                    .to_string(),
            );
        }
        Some(r) if r > 0 => {
            let batch = datafusion::arrow::compute::concat_batches(schema, batches)
                .ok()?
                .slice(r, 1);
            return own_sentence(fig, params, schema, &[batch], focus_code);
        }
        Some(_) => {}
    }
    for f in schema.fields() {
        for (suffix, percent) in [(":nombre", false), (":pourcent", true)] {
            let key = format!("{{{}{suffix}}}", f.name());
            if !text.contains(&key) {
                continue;
            }
            let value = match rows.number(f.name(), 0).filter(|v| v.is_finite()) {
                Some(v) => {
                    let decimals = usize::from(percent || v.fract() != 0.0);
                    let n = format::number(v, decimals);
                    if percent {
                        format!("{n}{}%", format::THOUSANDS)
                    } else {
                        n
                    }
                }
                None => format::NOT_AVAILABLE.to_string(),
            };
            text = text.replace(&key, &value);
        }
    }
    let name = rows
        .text("territory_name", 0)
        .unwrap_or_else(|| focus_code.to_string());
    let focus_name = with_article(focus_code, &name);
    let text = figure::fill(&text, params, schema, batches)
        .replace("{Focus}", &crate::model::format::capitalise(&focus_name))
        .replace("{focus}", &focus_name)
        .replace("{focus_in}", &located(focus_code, &name));
    Some(format!("Lecture : {}", text.trim()))
}

/// « ⚑ Valeur signalée (rupture de série) : voir la note sous la figure. » after a sentence
/// whose focus value (`code` at `year`) one of `flags` marks; empty otherwise.
fn flagged(flags: &[Flag], code: &str, year: &str) -> String {
    let mut natures: Vec<&str> = Vec::new();
    for f in flags {
        if f.territory == code
            && f.year.to_string() == year
            && !natures.contains(&f.nature.as_str())
        {
            natures.push(&f.nature);
        }
    }
    if natures.is_empty() {
        return String::new();
    }
    format!(
        " {} Valeur signalée ({}) : voir la note sous la figure.",
        super::flags::SIGN,
        natures.join(", ")
    )
}

/// « 12e rang sur 100 » (ties share a rank): the focus among the départements of a ranking.
fn rank(rows: &Rows, value_col: &str, code_col: &str, focus: &str) -> Option<String> {
    let mut values: Vec<(String, f64)> = (0..rows.len())
        .filter_map(|r| {
            let code = rows.text(code_col, r)?;
            let v = rows.number(value_col, r).filter(|v| v.is_finite())?;
            // Départements only: the references drawn beside them (France, DROM, the focus's
            // région) are not ranked.
            code.starts_with(|c: char| c.is_ascii_digit())
                .then_some((code, v))
        })
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    let v = values.iter().find(|(c, _)| c == focus)?.1;
    let k = values.iter().filter(|(_, x)| *x > v).count() + 1;
    let ordinal = if k == 1 {
        "1er".to_string()
    } else {
        format!("{k}e")
    };
    Some(format!("{ordinal} rang sur {}", values.len()))
}

/// The sentence of a figure without `-- lecture:`, by chart kind.
fn default_template(fig: &Figure) -> String {
    let what = format::lower_first(&fig.title);
    match fig.chart {
        ChartKind::Lines => format!(
            "en {{last_year}}, « {what} » atteint {{focus_value}} {{focus_in}}, contre {{reference_value}} {{reference_in}}."
        ),
        ChartKind::Composition => format!(
            "en $year, la part « {{part}} » est de {{focus_value}} {{focus_in}}, contre {{reference_value}} {{reference_in}} (« {what} »)."
        ),
        _ => format!(
            "en $year, « {what} » vaut {{focus_value}} {{focus_in}}, contre {{reference_value}} {{reference_in}}."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_and_places() {
        assert_eq!(
            with_article("17", "Charente-Maritime"),
            "la Charente-Maritime"
        );
        assert_eq!(with_article("61", "Orne"), "l'Orne");
        assert_eq!(with_article("95", "Val-d'Oise"), "le Val-d'Oise");
        assert_eq!(
            with_article("13", "Bouches-du-Rhône"),
            "les Bouches-du-Rhône"
        );
        assert_eq!(with_article("75", "Paris"), "Paris");
        assert_eq!(with_article("31", "Haute-Garonne"), "la Haute-Garonne");
        assert_eq!(with_article("34", "Hérault"), "l'Hérault");
        assert_eq!(with_article("971", "Guadeloupe"), "la Guadeloupe");
        assert_eq!(
            with_article("FRM", "France métropolitaine"),
            "la France métropolitaine"
        );
        assert_eq!(
            with_article("DROM", "DROM (hors Mayotte)"),
            "les DROM (hors Mayotte)"
        );
        assert_eq!(
            with_article("R84", "Auvergne-Rhône-Alpes"),
            "l'Auvergne-Rhône-Alpes"
        );
        assert_eq!(with_article("R44", "Grand Est"), "le Grand Est");
        assert_eq!(
            with_article("R32", "Hauts-de-France"),
            "les Hauts-de-France"
        );
        // Régions take « en », but the Grand Est and the plural ones.
        assert_eq!(
            located("R93", "Provence-Alpes-Côte d'Azur"),
            "en Provence-Alpes-Côte d'Azur"
        );
        assert_eq!(
            with_article("R27", "Bourgogne-Franche-Comté"),
            "la Bourgogne-Franche-Comté"
        );
        assert_eq!(
            located("R24", "Centre-Val de Loire"),
            "en Centre-Val de Loire"
        );
        assert_eq!(located("R44", "Grand Est"), "dans le Grand Est");
        assert_eq!(
            located("R32", "Hauts-de-France"),
            "dans les Hauts-de-France"
        );
        assert_eq!(located("17", "Charente-Maritime"), "en Charente-Maritime");
        assert_eq!(located("61", "Orne"), "dans l'Orne");
        assert_eq!(located("95", "Val-d'Oise"), "dans le Val-d'Oise");
        assert_eq!(
            located("13", "Bouches-du-Rhône"),
            "dans les Bouches-du-Rhône"
        );
        assert_eq!(
            located("FRM", "France métropolitaine"),
            "en France métropolitaine"
        );
        assert_eq!(located("974", "La Réunion"), "à La Réunion");
        assert_eq!(located("R11", "Île-de-France"), "en Île-de-France");
        assert_eq!(
            located("69M", "Métropole de Lyon"),
            "dans la Métropole de Lyon"
        );
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;
    use datafusion::arrow::array::{Float64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::sync::Arc;

    /// Rows in the order DROM, FRE, focus (as a table sorting by name may give them): the
    /// sentence compares with the first reference of the request, France entière, as every other
    /// figure of the report does.
    #[test]
    fn the_reference_is_the_requests_first_whatever_the_row_order() {
        let fig = Figure::parse(
            std::path::Path::new("t.sql"),
            "-- title: T\n-- chart: bars\n-- category: territoire\n-- code: territory\n\
             -- value: taux\n-- unit: per_thousand\n-- source: S\n\
             -- lecture: en 2022, {focus} compte {focus_number}, contre {reference_number} {reference_in}.\n\
             SELECT 1",
        )
        .unwrap();
        let schema = Arc::new(Schema::new(vec![
            Field::new("territory", DataType::Utf8, false),
            Field::new("territoire", DataType::Utf8, false),
            Field::new("taux", DataType::Float64, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["DROM", "FRE", "971"])),
                Arc::new(StringArray::from(vec![
                    "DROM (hors Mayotte)",
                    "France entière (hors Mayotte)",
                    "Guadeloupe",
                ])),
                Arc::new(Float64Array::from(vec![Some(11.7), Some(12.5), Some(14.4)])),
            ],
        )
        .unwrap();
        let mut params = Params::default();
        params.set("references", "FRE,DROM".to_string());
        let roles = Roles {
            focus: "971".into(),
            peers: vec![],
        };
        let meta = Meta {
            title: "T".into(),
            subtitle: None,
            unit: crate::model::format::Unit::PerThousand,
            axis_label: None,
            source: "S".into(),
            decimals: Some(1),
            signed: false,
            notes: Vec::new(),
            period: None,
        };
        let said = sentence(
            &fig,
            &meta,
            &params,
            &roles,
            &schema,
            std::slice::from_ref(&batch),
            &[],
        );
        assert_eq!(
            said.as_deref(),
            Some(
                "Lecture : en 2022, la Guadeloupe compte 14,4, contre 12,5 en France entière (hors Mayotte)."
            )
        );
        // Asked the other way round, the DROM come first.
        params.set("references", "DROM,FRE".to_string());
        let said = sentence(
            &fig,
            &meta,
            &params,
            &roles,
            &schema,
            std::slice::from_ref(&batch),
            &[],
        );
        assert_eq!(
            said.as_deref(),
            Some(
                "Lecture : en 2022, la Guadeloupe compte 14,4, contre 11,7 dans les DROM (hors Mayotte)."
            )
        );
        // A flag on the focus's value at the sentence's year is said; one of another year or
        // territory is not.
        let flag = |territory: &str, year: i32| Flag {
            territory: territory.into(),
            territoire: "Guadeloupe".into(),
            indicator: "TotEnfAccueillisASE".into(),
            indicateur: "Enfants accueillis à l'ASE".into(),
            year,
            edition: "2022".into(),
            kind: "series_break".into(),
            nature: "rupture de série".into(),
            detail: "d".into(),
        };
        params.set("year", "2022".to_string());
        let said = sentence(
            &fig,
            &meta,
            &params,
            &roles,
            &schema,
            std::slice::from_ref(&batch),
            &[flag("971", 2021), flag("972", 2022)],
        );
        assert!(!said.unwrap().contains('⚑'));
        let said = sentence(
            &fig,
            &meta,
            &params,
            &roles,
            &schema,
            &[batch],
            &[flag("971", 2022)],
        );
        assert_eq!(
            said.as_deref(),
            Some(
                "Lecture : en 2022, la Guadeloupe compte 14,4, contre 11,7 dans les DROM (hors Mayotte). ⚑ Valeur signalée (rupture de série) : voir la note sous la figure."
            )
        );
    }
}

#[cfg(test)]
mod own_tests {
    use super::*;
    use datafusion::arrow::array::{Float64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::sync::Arc;

    /// A département's own table (no reference row): its sentence reads its first row, in
    /// French numbers, and « s » for a cell hidden by the statistical secret, never its value.
    #[test]
    fn an_own_table_reads_its_first_row_without_a_secret_cell() {
        let fig = Figure::parse(
            std::path::Path::new("t.sql"),
            "-- title: T\n-- chart: table\n-- category: annee\n-- code: territory\n\
             -- value: aed, total\n-- unit: count\n-- source: S\n-- secret: secret\n-- local: true\n\
             -- lecture: au 31 décembre {annee}, {aed:nombre} jeunes en AED {focus_in}, {total:nombre} en tout, {part:pourcent}.\n\
             SELECT 1",
        )
        .unwrap();
        let schema = Arc::new(Schema::new(vec![
            Field::new("territory", DataType::Utf8, false),
            Field::new("annee", DataType::Utf8, false),
            Field::new("aed", DataType::Float64, true),
            Field::new("total", DataType::Float64, true),
            Field::new("part", DataType::Float64, true),
            Field::new("secret", DataType::Utf8, true),
            Field::new("territory_name", DataType::Utf8, true),
        ]));
        let batch = |aed: Option<f64>, secret: Option<&str>| {
            RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(StringArray::from(vec!["17"])),
                    Arc::new(StringArray::from(vec!["2022"])),
                    Arc::new(Float64Array::from(vec![aed])),
                    Arc::new(Float64Array::from(vec![Some(1147.0)])),
                    Arc::new(Float64Array::from(vec![Some(12.25)])),
                    Arc::new(StringArray::from(vec![secret])),
                    Arc::new(StringArray::from(vec![Some("Charente-Maritime")])),
                ],
            )
            .unwrap()
        };
        let params = Params::default();
        let said = own_sentence(&fig, &params, &schema, &[batch(Some(304.0), None)], "17");
        assert_eq!(
            said.as_deref(),
            Some(
                "Lecture : au 31 décembre 2022, 304 jeunes en AED en Charente-Maritime, 1\u{a0}147 en tout, 12,3\u{a0}%."
            )
        );
        // A row with a secret cell is skipped: the sentence reads the next one, never « s ».
        let hidden = own_sentence(
            &fig,
            &params,
            &schema,
            &[batch(None, Some("s")), batch(Some(304.0), None)],
            "17",
        );
        assert_eq!(
            hidden.as_deref(),
            Some(
                "Lecture : au 31 décembre 2022, 304 jeunes en AED en Charente-Maritime, 1\u{a0}147 en tout, 12,3\u{a0}%."
            )
        );
        let all = own_sentence(&fig, &params, &schema, &[batch(None, Some("s"))], "17").unwrap();
        assert!(
            all.contains("(secret statistique)") || all.contains("secret statistique"),
            "{all}"
        );
        assert!(!all.contains(" s "), "{all}");
        let unknown = own_sentence(&fig, &params, &schema, &[batch(None, None)], "17").unwrap();
        assert!(unknown.contains("n.d. jeunes"), "{unknown}");
    }
}
