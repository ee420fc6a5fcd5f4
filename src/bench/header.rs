//! The header of a figure file: `-- key: value` comments before the query, read into a
//! [`Figure`] ([`Figure::parse`]); errors name the file, the line and the key.
//!
//! ```sql
//! -- title: Taux d'enfants accueillis à l'ASE
//! -- subtitle: Pour 1 000 jeunes de 0 à 19 ans, au 31/12/{year}
//! -- chart: bars
//! -- category: territoire
//! -- code: territory
//! -- value: taux
//! -- unit: per_thousand
//! -- source: DREES, enquête Aide sociale ; Insee, estimations de population
//! -- params: focus, peers, year
//! SELECT …
//! ```
//!
//! Keys: `title`, `subtitle`, `chart` (bars, lines, composition, ranking, map, matrix, table,
//! scatter), `category` (label column), `code` (territory code column: gives focus/peer/France
//! roles), `value` (value column; several, comma-separated, for `table` and `composition`;
//! `scatter`: the x column, the y column, then optionally the bubbles' size column), `series`
//! (lines: the x column, usually `year`; matrix: the column of the matrix columns), `headers`
//! (display names of the value columns, comma-separated), `unit` (see [`Unit`]), `units` (tables:
//! one unit per value column, when they differ — counts next to rates), `decimals` (one number,
//! or one per value column), `signed` (`true`, or the value columns written with a `+`), `axis`
//! (axis label), `source`, `params` (parameters the query uses), `sort` (`value desc`,
//! `value asc`, `none`), `tables` (the user's tables the query needs, comma-separated: `NAME` —
//! given with `--table NAME=PATH` — or `NAME=PATH`, a file read from PATH relative to the figure
//! file unless `--table` gives NAME another file), `note` (ranking: the column saying why a row
//! has no value, written after its name in the chart's «n.d.» note), `partition` (map: the
//! column giving the territory of the year's partition each outline is counted as — 2A and 2B
//! count as Corse, 20, from 2018 — NULL for an outline counted nowhere; without it each outline
//! counts as itself), `sheet` (the figure's sheet name in the XLSX files: `tableaux.xlsx`,
//! after the figure's number — `03 Taux d'enfants accueillis` —, and the one-sheet workbook of
//! `depbench chart` and the explorer; at most [`SHEET_MAX`] characters, none of `[]:*?/\`;
//! without it, the title cut at a word).
//! In texts, `$param` is replaced by the parameter's value and `{column}` by that column's value
//! in the first result row.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::format::Unit;

use super::figure::{ChartKind, Figure};

/// The longest `-- sheet:` name: Excel's 31 characters less the report's figure number and
/// its space (`03 `), so the name is never cut.
pub const SHEET_MAX: usize = crate::write::xlsx::SHEET_NAME_MAX - 3;

/// A `-- sheet:` value checked for Excel: not empty, at most [`SHEET_MAX`] characters
/// (UTF-16 units, as Excel counts), none of `[]:*?/\`, no apostrophe at either end; the
/// error says what was expected, in French.
pub fn sheet_key(value: &str) -> std::result::Result<String, String> {
    let name = value.trim();
    let units = name.encode_utf16().count();
    if name.is_empty() {
        return Err("nom de feuille vide : donnez un nom court (`-- sheet: Taux d'accueillis`) ou retirez la clé".into());
    }
    if units > SHEET_MAX {
        return Err(format!(
            "`{name}` : {units} caractères ; un nom de feuille en a au plus {SHEET_MAX} (les 31 d'Excel moins le numéro de la figure)"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| "[]:*?/\\".contains(*c) || c.is_control())
    {
        return Err(format!(
            "`{name}` : Excel refuse le caractère `{c}` dans un nom de feuille (ni [ ] : * ? / \\)"
        ));
    }
    if name.starts_with('\'') || name.ends_with('\'') {
        return Err(format!(
            "`{name}` : Excel refuse un nom de feuille commençant ou finissant par une apostrophe"
        ));
    }
    Ok(name.to_string())
}

impl Figure {
    /// Read and parse a figure file.
    pub fn read(path: &Path) -> Result<Figure> {
        let sql = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Figure::parse(path, &sql)
    }

    /// Parse a figure's header; errors name the file and the key.
    pub fn parse(path: &Path, sql: &str) -> Result<Figure> {
        let mut keys: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (i, line) in sql.lines().enumerate() {
            let Some(comment) = line.trim().strip_prefix("--") else {
                if line.trim().is_empty() {
                    continue;
                }
                break;
            };
            if let Some((k, v)) = comment.split_once(':') {
                let k = k.trim();
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    keys.insert(k.to_string(), (v.trim().to_string(), i + 1));
                }
            }
        }
        let bad = |key: &str, message: String| Error::Csv {
            path: path.to_path_buf(),
            line: keys.get(key).map_or(1, |(_, l)| *l as u64),
            field: key.to_string(),
            message,
        };
        let get = |key: &str| keys.get(key).map(|(v, _)| v.clone());
        let required =
            |key: &str| get(key).ok_or_else(|| bad(key, format!("en-tête manquant `-- {key}: …`")));
        let list = |key: &str| -> Vec<String> {
            get(key)
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let chart = required("chart")?
            .parse::<ChartKind>()
            .map_err(|m| bad("chart", m))?;
        let unit = required("unit")?
            .parse::<Unit>()
            .map_err(|m| bad("unit", m))?;
        let values = list("value");
        if values.is_empty() {
            return Err(bad("value", "en-tête manquant `-- value: colonne`".into()));
        }
        let units = match get("units") {
            None => vec![unit; values.len()],
            Some(_) => {
                let units = list("units")
                    .iter()
                    .map(|u| u.parse::<Unit>())
                    .collect::<std::result::Result<Vec<Unit>, String>>()
                    .map_err(|m| bad("units", m))?;
                if units.len() != values.len() {
                    return Err(bad(
                        "units",
                        format!(
                            "{} unités pour {} colonnes de valeurs",
                            units.len(),
                            values.len()
                        ),
                    ));
                }
                units
            }
        };
        let decimals = list("decimals")
            .iter()
            .map(|d| {
                d.parse::<usize>()
                    .map_err(|_| bad("decimals", format!("pas un nombre : `{d}`")))
            })
            .collect::<Result<Vec<usize>>>()?;
        if decimals.len() > 1 && decimals.len() != values.len() {
            return Err(bad(
                "decimals",
                format!(
                    "{} décimales pour {} colonnes de valeurs (donnez-en une pour toutes, ou une par colonne)",
                    decimals.len(),
                    values.len()
                ),
            ));
        }
        let signed = match get("signed").as_deref() {
            Some("true") => values.clone(),
            Some("false") | None => Vec::new(),
            Some(_) => list("signed"),
        };
        let headers = list("headers");
        if !headers.is_empty() && headers.len() != values.len() {
            return Err(bad(
                "headers",
                format!(
                    "{} en-têtes pour {} colonnes de valeurs",
                    headers.len(),
                    values.len()
                ),
            ));
        }
        if matches!(chart, ChartKind::Lines | ChartKind::Matrix) && get("series").is_none() {
            return Err(bad(
                "series",
                format!("une figure {chart:?} demande `-- series: colonne`"),
            ));
        }
        let params = list("params");
        let mut indicators = Vec::new();
        for item in list("indicators") {
            let mut words = item.split_whitespace().map(str::to_string);
            let id = words.next().unwrap_or_default();
            let years: Vec<String> = words.collect();
            if let Some(y) = years.iter().find(|y| !params.contains(y)) {
                return Err(bad(
                    "indicators",
                    format!(
                        "`{id} … {y}` : `{y}` n'est pas un paramètre de cette figure (params : {})",
                        params.join(", ")
                    ),
                ));
            }
            indicators.push((id, years));
        }
        let lecture_value = match get("lecture_value") {
            Some(c) if !values.contains(&c) => {
                return Err(bad(
                    "lecture_value",
                    format!(
                        "`{c}` n'est pas une des colonnes de valeurs ({})",
                        values.join(", ")
                    ),
                ));
            }
            other => other,
        };
        let sheet = get("sheet")
            .map(|v| sheet_key(&v).map_err(|m| bad("sheet", m)))
            .transpose()?;
        Ok(Figure {
            path: path.to_path_buf(),
            name: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            title: required("title")?,
            subtitle: get("subtitle"),
            chart,
            category: required("category")?,
            code: get("code"),
            values,
            series: get("series"),
            headers,
            unit,
            units,
            decimals,
            signed,
            axis: get("axis"),
            source: required("source")?,
            params,
            sort: get("sort"),
            tables: list("tables")
                .into_iter()
                .map(|spec| {
                    let (name, file) = match spec.split_once('=') {
                        Some((n, f)) => (n.trim(), Some(f.trim())),
                        None => (spec.as_str(), None),
                    };
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        return Err(bad(
                            "tables",
                            format!("`{spec}` : attendu : NOM ou NOM=CHEMIN, NOM fait de lettres, de chiffres et de `_`"),
                        ));
                    }
                    let dir = path.parent().unwrap_or(Path::new("."));
                    Ok((name.to_lowercase(), file.map(|f| dir.join(f))))
                })
                .collect::<Result<_>>()?,
            note: get("note"),
            partition: get("partition"),
            indicators,
            lecture: get("lecture"),
            lecture_value,
            local: get("local").as_deref() == Some("true"),
            section: get("section"),
            section_note: get("section_note"),
            label_header: get("label_header"),
            sheet,
            sql: sql.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIG: &str = super::super::figure::tests::FIG;

    #[test]
    fn parses_header() {
        let f = Figure::parse(Path::new("f.sql"), FIG).unwrap();
        assert_eq!(f.chart, ChartKind::Bars);
        assert_eq!(f.values, ["taux"]);
        assert_eq!(f.unit, Unit::PerThousand);
        assert_eq!(f.params, ["focus", "peers", "year"]);
        assert_eq!(f.columns(), ["territoire", "territory", "taux"]);
    }

    #[test]
    fn header_errors_name_file_and_key() {
        let e = Figure::parse(Path::new("f.sql"), &FIG.replace("bars", "pie")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.sql : ligne 3, champ `chart` : type de graphique inconnu `pie`"),
            "{e}"
        );
        let e = Figure::parse(
            Path::new("f.sql"),
            &FIG.replace("-- unit: per_thousand\n", ""),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.sql : ligne 1, champ `unit` : en-tête manquant `-- unit: …`"
        );
    }

    /// A `-- sheet:` name is kept as written; one Excel would refuse or cut is an error naming
    /// the file, the line and the key; without the key, `None` (the title cut is the workbook's).
    #[test]
    fn sheet_key_is_checked_for_excel() {
        let with = |v: &str| FIG.replace("-- chart:", &format!("-- sheet: {v}\n-- chart:"));
        let f = Figure::parse(Path::new("f.sql"), &with("Taux d'accueillis")).unwrap();
        assert_eq!(f.sheet.as_deref(), Some("Taux d'accueillis"));
        assert_eq!(Figure::parse(Path::new("f.sql"), FIG).unwrap().sheet, None);
        let e = Figure::parse(Path::new("f.sql"), &with("Taux : accueillis")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.sql : ligne 3, champ `sheet` : `Taux : accueillis` : Excel refuse le caractère `:` dans un nom de feuille (ni [ ] : * ? / \\)"
        );
        let long = "Évolution du taux d'enfants accueillis";
        let e = Figure::parse(Path::new("f.sql"), &with(long)).unwrap_err();
        assert!(
            e.to_string().ends_with(&format!(
                "`{long}` : 38 caractères ; un nom de feuille en a au plus 28 (les 31 d'Excel moins le numéro de la figure)"
            )),
            "{e}"
        );
        // 28 characters exactly is the most.
        assert!(Figure::parse(Path::new("f.sql"), &with(&"é".repeat(28))).is_ok());
        assert!(Figure::parse(Path::new("f.sql"), &with(&"é".repeat(29))).is_err());
        for bad in ["", "'Taux", "a/b", "x[1]", "y?"] {
            assert!(
                Figure::parse(Path::new("f.sql"), &with(bad)).is_err(),
                "{bad:?}"
            );
        }
    }

    /// Every figure of `queries/figures/` names its sheet (the OLINPE figures' titles all start
    /// « Parcours (OLINPE) : », cut to one name), and no two figures share one.
    #[test]
    fn every_figure_names_its_own_sheet() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/figures");
        let mut seen: Vec<(String, String)> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "sql") {
                continue;
            }
            let f = Figure::read(&path).unwrap();
            let sheet = f
                .sheet
                .unwrap_or_else(|| panic!("{} : pas de `-- sheet:`", f.name));
            if let Some((other, _)) = seen
                .iter()
                .find(|(_, s)| s.to_lowercase() == sheet.to_lowercase())
            {
                panic!("{} et {other} : même feuille « {sheet} »", f.name);
            }
            seen.push((f.name, sheet));
        }
        assert!(seen.len() >= 28, "{seen:?}");
    }
}
