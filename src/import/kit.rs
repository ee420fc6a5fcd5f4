//! The local data kit a département fills (`depbench template`), read back: the workbook
//! (sheet « Valeurs », one row per local indicator and one column per year, and sheet
//! « Département » naming the département and the years) or the long CSV in French Excel form
//! (`departement;indicateur;annee;valeur;source`, BOM, `;`, decimal comma).
//!
//! Every value is checked against its indicator ([`crate::model::local`]): a known id, a
//! number within the indicator's bounds (a count whole and ≥ 0, a share 0-100, a rate per
//! 1 000 0-1 000) or a documented marker, the kit's département, a year the kit covers. The
//! first value that breaks a rule stops the import with its sheet and cell (or its line) and
//! what was expected, so nothing is written. Empty value cells are values not given: read,
//! accounted for, not stored.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

use super::book::{self, Book, Sheet};
use super::territories::Territory;
use super::{Account, a1, file_name, number_text};
use crate::error::{Error, Result};
use crate::model::local::{LOCAL_INDICATORS, LOCAL_PUBLISHED, local_indicator};

/// Name of the kit's value sheet.
pub const VALUES_SHEET: &str = "Valeurs";
/// Name of the kit's sheet naming the département and the years.
pub const DEPARTEMENT_SHEET: &str = "Département";
/// Header of the long CSV form.
pub const CSV_HEADER: [&str; 5] = ["departement", "indicateur", "annee", "valeur", "source"];
/// Header of the « Valeurs » sheet's comment column.
pub const COMMENT_HEADER: &str = "Source / commentaire";
/// Prefix of the « Valeurs » sheet's columns that show DREES's value (read-only, not imported).
pub const DREES_PREFIX: &str = "DREES";
/// The « Valeurs » sheet's first four headers, before the years.
pub const VALUE_HEADERS: [&str; 4] = ["indicateur", "libellé", "unité", "définition"];
/// Cells of the « Département » sheet: code, name, first year, last year (column B).
pub const DEPARTEMENT_CELLS: [(u32, &str); 4] = [
    (2, "Code du département"),
    (3, "Département"),
    (4, "Première année"),
    (5, "Dernière année"),
];

/// One local value read from a kit.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRow {
    pub indicator: String,
    pub year: i32,
    /// Exact text of the number (`number_text`), empty for a marker.
    pub value: String,
    pub status: String,
    /// `Valeurs!F3` or `line 12`.
    pub source_ref: String,
    /// The « Source / commentaire » the département wrote, if any.
    pub note: String,
}

/// A kit read whole: its département, years and values.
#[derive(Debug, Clone)]
pub struct Kit {
    pub file: String,
    pub territory: String,
    pub territory_name: String,
    pub first_year: i32,
    pub last_year: i32,
    pub rows: Vec<LocalRow>,
    pub account: Account,
}

/// Whether the first line of a CSV (BOM and blanks removed) is the kit's long form.
pub fn is_csv_header(line: &str) -> bool {
    let fields: Vec<String> = line
        .split(';')
        .map(|f| f.trim().trim_matches('"').to_lowercase())
        .collect();
    fields.len() == CSV_HEADER.len() && fields.iter().zip(CSV_HEADER).all(|(a, b)| a == b)
}

/// Whether an open workbook is a kit: it has the sheets « Valeurs » and « Département ».
pub fn recognise(book: &Book) -> bool {
    let names = book.sheet_names();
    names.iter().any(|n| n == VALUES_SHEET) && names.iter().any(|n| n == DEPARTEMENT_SHEET)
}

/// The département `code` of the territory list, or why it cannot hold a kit.
fn departement<'a>(
    territories: &'a [Territory],
    code: &str,
) -> std::result::Result<&'a Territory, String> {
    territories
        .iter()
        .find(|t| t.code == code && t.kind == "departement")
        .ok_or_else(|| {
            format!("«{code}» n'est pas un code de département de la liste des territoires : attendu : un code comme 17, 2A ou 971")
        })
}

/// A value as given: a number within the indicator's bounds, a documented marker, or nothing
/// (empty). `Err` says what was expected and what was found (French for the bounds).
fn check_value(
    indicator: &str,
    found: std::result::Result<Option<f64>, String>,
    marker: Option<&'static str>,
) -> std::result::Result<Option<(String, String)>, String> {
    let ind = local_indicator(indicator).expect("checked before");
    if let Some(status) = marker {
        return Ok(Some((String::new(), status.to_string())));
    }
    match found {
        Ok(None) => Ok(None),
        Ok(Some(v)) => match ind.bounds.refuse(v) {
            Some(why) => Err(format!(
                "`{indicator}` = {}: {why}; attendu : {}",
                number_text(v),
                ind.bounds.expected()
            )),
            None => Ok(Some((number_text(v), LOCAL_PUBLISHED.to_string()))),
        },
        Err(found) => Err(format!(
            "`{indicator}`: attendu {}, un marqueur ({}) ou une case vide ; trouvé {found}",
            ind.bounds.expected(),
            book::MARKERS
        )),
    }
}

fn unknown_indicator(id: &str) -> String {
    format!(
        "indicateur inconnu `{id}` : attendu : un des identifiants du kit ({})",
        LOCAL_INDICATORS
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Read a kit workbook. Errors name the sheet and cell and say what was expected.
pub fn read_workbook(path: &Path, book: &mut Book, territories: &[Territory]) -> Result<Kit> {
    let cell_error = |sheet: &str, row: u32, col: u32, message: String| Error::Cell {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        cell: a1(row, col),
        message,
    };
    let dep = Sheet::read(book, path, DEPARTEMENT_SHEET)?;
    let text_at = |row: u32| book::text(dep.get(row, 1));
    let code = text_at(DEPARTEMENT_CELLS[0].0);
    let territory = departement(territories, &code)
        .map_err(|m| cell_error(DEPARTEMENT_SHEET, DEPARTEMENT_CELLS[0].0, 1, m))?;
    let name = text_at(DEPARTEMENT_CELLS[1].0);
    if !name.is_empty() && book::normalise(&name) != book::normalise(&territory.name) {
        return Err(cell_error(
            DEPARTEMENT_SHEET,
            DEPARTEMENT_CELLS[1].0,
            1,
            format!(
                "« {name} » n'est pas {} ({}), le département de ce kit (cellule B{}) : un kit contient les valeurs d'un seul département ; écrivez-en un pour « {name} » avec `depbench template -d CODE`",
                territory.name,
                territory.code,
                DEPARTEMENT_CELLS[0].0 + 1
            ),
        ));
    }
    let year_at = |row: u32| {
        book::year_of(dep.get(row, 1)).ok_or_else(|| {
            cell_error(
                DEPARTEMENT_SHEET,
                row,
                1,
                format!(
                    "attendu : une année ; trouvé : «{}»",
                    book::text(dep.get(row, 1))
                ),
            )
        })
    };
    let (first, last) = (
        year_at(DEPARTEMENT_CELLS[2].0)?,
        year_at(DEPARTEMENT_CELLS[3].0)?,
    );
    if first > last {
        return Err(cell_error(
            DEPARTEMENT_SHEET,
            DEPARTEMENT_CELLS[3].0,
            1,
            format!("la dernière année {last} précède la première année {first}"),
        ));
    }

    let sheet = Sheet::read(book, path, VALUES_SHEET)?;
    let ((_, _), (last_row, last_col)) = sheet.bounds();
    // Header row: the four descriptive columns, the years, the comment, DREES's columns.
    for (c, expected) in VALUE_HEADERS.iter().enumerate() {
        let found = book::text(sheet.get(0, c as u32));
        if book::normalise(&found) != *expected {
            return Err(cell_error(
                VALUES_SHEET,
                0,
                c as u32,
                format!(
                    "attendu : l'en-tête «{expected}» ; trouvé : «{found}» : gardez les colonnes du kit telles que `depbench template` les écrit"
                ),
            ));
        }
    }
    let mut years: Vec<(u32, i32)> = Vec::new();
    let mut comment_col = None;
    for c in VALUE_HEADERS.len() as u32..=last_col {
        let cell = sheet.get(0, c);
        let header = book::text(cell);
        if let Some(y) = book::year_of(cell) {
            if y < first || y > last {
                return Err(cell_error(
                    VALUES_SHEET,
                    0,
                    c,
                    format!(
                        "l'année {y} n'est pas couverte par ce kit ({first}-{last}, feuille `{DEPARTEMENT_SHEET}` B{}:B{}) : attendu : une année de {first} à {last} ; écrivez un kit pour d'autres années avec `depbench template --from … --to …`",
                        DEPARTEMENT_CELLS[2].0 + 1,
                        DEPARTEMENT_CELLS[3].0 + 1
                    ),
                ));
            }
            if let Some((c0, _)) = years.iter().find(|(_, y0)| *y0 == y) {
                return Err(cell_error(
                    VALUES_SHEET,
                    0,
                    c,
                    format!(
                        "l'année {y} est déjà l'en-tête de {} : une colonne par année",
                        a1(0, *c0)
                    ),
                ));
            }
            years.push((c, y));
        } else if book::normalise(&header) == book::normalise(COMMENT_HEADER) {
            comment_col = Some(c);
        } else if header.is_empty()
            || header.starts_with(DREES_PREFIX)
            || header.starts_with("Indicateur DREES")
        {
            // DREES's values are shown for reference, never imported.
        } else {
            return Err(cell_error(
                VALUES_SHEET,
                0,
                c,
                format!(
                    "colonne inattendue «{header}» : attendu : une année de {first} à {last}, «{COMMENT_HEADER}» ou les colonnes de la DREES"
                ),
            ));
        }
    }
    let mut account = Account::new(format!("{} feuille `{VALUES_SHEET}`", file_name(path)));
    let mut rows = Vec::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for r in 1..=last_row {
        let id = book::text(sheet.get(r, 0));
        let row_empty = (0..=last_col).all(|c| book::is_blank(sheet.get(r, c)));
        if row_empty {
            continue;
        }
        account.rows_read += 1;
        if local_indicator(&id).is_none() {
            return Err(cell_error(VALUES_SHEET, r, 0, unknown_indicator(&id)));
        }
        if let Some(first_row) = seen.insert(id.clone(), r) {
            return Err(cell_error(
                VALUES_SHEET,
                r,
                0,
                format!(
                    "l'indicateur `{id}` est déjà à la ligne {} : une ligne par indicateur",
                    first_row + 1
                ),
            ));
        }
        let note = comment_col
            .map(|c| book::text(sheet.get(r, c)))
            .unwrap_or_default();
        let mut given = 0;
        for &(c, year) in &years {
            let cell = sheet.get(r, c);
            let (found, marker) = match cell {
                Data::Empty => (Ok(None), None),
                Data::String(s) if s.trim().is_empty() => (Ok(None), None),
                Data::String(s) => match book::marker(s) {
                    Some(m) => (Ok(None), Some(m)),
                    None => (Err(book::describe_text(s)), None),
                },
                Data::Float(v) if v.is_finite() => (Ok(Some(*v)), None),
                Data::Int(i) => (Ok(Some(*i as f64)), None),
                other => (Err(format!("«{other}»")), None),
            };
            if let Some((value, status)) =
                check_value(&id, found, marker).map_err(|m| cell_error(VALUES_SHEET, r, c, m))?
            {
                given += 1;
                rows.push(LocalRow {
                    indicator: id.clone(),
                    year,
                    value,
                    status,
                    source_ref: format!("{VALUES_SHEET}!{}", a1(r, c)),
                    note: note.clone(),
                });
            }
        }
        // Rows are accounted per indicator; an empty value cell is a value not given.
        if given > 0 {
            account.rows_loaded += 1;
            account.values_loaded += given;
        } else {
            account.skip(
                "ligne d'indicateur sans aucune valeur (non renseignée)",
                format!("{VALUES_SHEET}!A{}", r + 1),
            );
        }
    }
    Ok(Kit {
        file: file_name(path),
        territory: territory.code.clone(),
        territory_name: territory.name.clone(),
        first_year: first,
        last_year: last,
        rows,
        account,
    })
}

/// Parse a French number: decimal comma (or dot), blanks as thousands separators.
fn french_number(text: &str) -> std::result::Result<f64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.contains(',') && t.contains('.') {
        return Err(format!(
            "le texte «{}» (une virgule et un point : lequel sépare les décimales ?)",
            text.trim()
        ));
    }
    let t = t.replace(',', ".");
    match t.parse::<f64>() {
        Ok(v)
            if v.is_finite()
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+')) =>
        {
            Ok(v)
        }
        _ => Err(book::describe_text(text)),
    }
}

/// The current civil year (UTC) from the system clock: the one place the project reads it (the
/// last year a CSV kit may give values for, the latest year of an OLINPE extract).
pub fn current_year() -> i32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil year of a day count (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

/// First year a kit may give values for: the first of DREES's series.
pub const FIRST_YEAR: i32 = 1996;

/// Read a kit in its long CSV form. The kit's département is the first row's; its years run from
/// [`FIRST_YEAR`] to the current year. Errors name the line and field.
pub fn read_csv(path: &Path, bytes: &[u8], territories: &[Territory]) -> Result<Kit> {
    let text = super::drees_tidy::utf8_text(path, bytes)?;
    let body = text.trim_start_matches('\u{feff}');
    let line_error = |line: u64, field: &str, message: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(false)
        .from_reader(body.as_bytes());
    let mut lines = crate::model::lines::LineCounter::new(body.as_bytes());
    let (first, last) = (FIRST_YEAR, current_year());
    let mut account = Account::new(file_name(path));
    let mut rows: Vec<LocalRow> = Vec::new();
    let mut kit_territory: Option<(&Territory, u64)> = None;
    let mut seen: BTreeMap<(String, i32), u64> = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            line_error(
                crate::model::lines::csv_line(body.as_bytes(), e.position()),
                "-",
                format!("pas un enregistrement CSV `;` valide : {e}"),
            )
        })?;
        if !more {
            break;
        }
        let line = lines.line(record.position());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        account.rows_read += 1;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let code = field(0);
        let territory =
            departement(territories, &code).map_err(|m| line_error(line, CSV_HEADER[0], m))?;
        match kit_territory {
            None => kit_territory = Some((territory, line)),
            Some((t, first_line)) if t.code != territory.code => {
                return Err(line_error(
                    line,
                    CSV_HEADER[0],
                    format!(
                        "département {} ({}), mais ce kit est celui de {} ({}, ligne {first_line}) : attendu : un seul département par kit",
                        territory.code, territory.name, t.code, t.name
                    ),
                ));
            }
            Some(_) => {}
        }
        let id = field(1);
        if local_indicator(&id).is_none() {
            return Err(line_error(line, CSV_HEADER[1], unknown_indicator(&id)));
        }
        let year_text = field(2);
        let year = year_text.parse::<i32>().map_err(|_| {
            line_error(
                line,
                CSV_HEADER[2],
                format!("attendu : une année ; trouvé : «{year_text}»"),
            )
        })?;
        if year < first || year > last {
            return Err(line_error(
                line,
                CSV_HEADER[2],
                format!(
                    "l'année {year} n'est pas couverte par le kit : attendu : une année de {first} à {last}"
                ),
            ));
        }
        if let Some(before) = seen.insert((id.clone(), year), line) {
            return Err(line_error(
                line,
                CSV_HEADER[2],
                format!(
                    "`{id}` {year} est déjà donné à la ligne {before} : une valeur par indicateur et par année"
                ),
            ));
        }
        let raw = field(3);
        let (found, marker) = if raw.is_empty() {
            (Ok(None), None)
        } else if let Some(m) = book::marker(&raw) {
            (Ok(None), Some(m))
        } else {
            (french_number(&raw).map(Some), None)
        };
        match check_value(&id, found, marker).map_err(|m| line_error(line, CSV_HEADER[3], m))? {
            None => account.skip("valeur vide : non renseignée", format!("ligne {line}")),
            Some((value, status)) => {
                account.rows_loaded += 1;
                account.values_loaded += 1;
                rows.push(LocalRow {
                    indicator: id,
                    year,
                    value,
                    status,
                    source_ref: format!("line {line}"),
                    note: field(4),
                });
            }
        }
    }
    let Some((territory, _)) = kit_territory else {
        return Err(Error::Invalid(format!(
            "{} : le kit ne contient aucune valeur (seulement son en-tête `{}`)",
            path.display(),
            CSV_HEADER.join(";")
        )));
    };
    let years = rows.iter().map(|r| r.year);
    Ok(Kit {
        file: file_name(path),
        territory: territory.code.clone(),
        territory_name: territory.name.clone(),
        first_year: years.clone().min().unwrap_or(first),
        last_year: years.max().unwrap_or(first),
        rows,
        account,
    })
}

/// Header of `data/local/*.csv`.
pub const LOCAL_HEADER: [&str; 9] = [
    "territory",
    "indicator",
    "year",
    "value",
    "status",
    "source_id",
    "source_ref",
    "edition",
    "note",
];

/// A kit's values as `data/local/<source id>.csv`, sorted by indicator and year.
pub fn local_csv(kit: &Kit, source_id: &str, edition: &str) -> Vec<u8> {
    let mut rows = kit.rows.clone();
    rows.sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(LOCAL_HEADER).expect("in-memory write");
    for r in rows {
        w.write_record([
            kit.territory.as_str(),
            &r.indicator,
            &r.year.to_string(),
            &r.value,
            &r.status,
            source_id,
            &r.source_ref,
            edition,
            &r.note,
        ])
        .expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_header_and_numbers() {
        assert!(is_csv_header("departement;indicateur;annee;valeur;source"));
        assert!(is_csv_header(
            "Departement ; indicateur;annee;valeur;source"
        ));
        assert!(!is_csv_header("departement,indicateur,annee,valeur,source"));
        assert_eq!(french_number("1 234,5"), Ok(1234.5));
        assert_eq!(french_number("25,8"), Ok(25.8));
        assert!(french_number("1.234,5").is_err());
        assert!(french_number("environ 300").is_err());
        assert!(current_year() >= 2025);
    }
}

/// Where a kit goes in `data/`: its file, its source row and how it compares with what is held.
#[derive(Debug)]
pub struct Placed {
    /// `local/kit-17-002.csv`.
    pub rel: std::path::PathBuf,
    pub bytes: Vec<u8>,
    pub source: super::Source,
    pub report: super::editions::EditionReport,
}

/// A held local value: (edition, value text, source id), by (indicator, year).
type HeldLocal = BTreeMap<(String, i32), Vec<(String, String, String)>>;

/// Place `kit` in the data held in `data_dir`: the same values as the département's newest kit
/// edition keep that edition (same bytes, nothing changes); other values are a new edition
/// (`kit-<code>-<n+1>`), current from then on, the former kept for `revisions`. The report
/// compares each value with the newest other edition holding it (a former kit, the plan's own
/// figure).
pub fn place(kit: &Kit, origin: &str, data_dir: Option<&Path>) -> Result<Placed> {
    use super::editions::{EditionReport, HeldEdition, Revision};
    use crate::model::local::{LOCAL_CONFLICTING, kit_edition, kit_source_id};
    use crate::model::schema::LOCAL_FOLDER;
    let prefix = format!("kit-{}-", kit.territory);
    let mut newest: Option<(u32, Vec<u8>)> = None;
    let mut held = HeldLocal::new();
    if let Some(dir) = data_dir
        .map(|d| d.join(LOCAL_FOLDER))
        .filter(|d| d.is_dir())
    {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let stem = file_name(&path).trim_end_matches(".csv").to_string();
            if let Some(n) = stem
                .strip_prefix(&prefix)
                .and_then(|n| n.parse::<u32>().ok())
                && newest.as_ref().is_none_or(|(m, _)| n > *m)
            {
                newest = Some((n, bytes.clone()));
            }
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            for record in reader.records() {
                let record = record.map_err(|e| Error::Csv {
                    path: path.clone(),
                    line: crate::model::lines::csv_line(&bytes, e.position()),
                    field: "-".into(),
                    message: e.to_string(),
                })?;
                let get = |i: usize| record.get(i).unwrap_or("").to_string();
                if get(0) != kit.territory || get(4) == LOCAL_CONFLICTING {
                    continue;
                }
                let year = get(2).parse::<i32>().unwrap_or(0);
                held.entry((get(1), year))
                    .or_default()
                    .push((get(7), get(3), get(5)));
            }
        }
    }
    let (n, held_edition, bytes) = match &newest {
        Some((n, held_bytes)) => {
            let same = local_csv(kit, &kit_source_id(&kit.territory, *n), &kit_edition(*n));
            if same == *held_bytes {
                (*n, HeldEdition::Identical, same)
            } else {
                let next = n + 1;
                let b = local_csv(
                    kit,
                    &kit_source_id(&kit.territory, next),
                    &kit_edition(next),
                );
                (next, HeldEdition::No, b)
            }
        }
        None => (
            1,
            HeldEdition::No,
            local_csv(kit, &kit_source_id(&kit.territory, 1), &kit_edition(1)),
        ),
    };
    let source_id = kit_source_id(&kit.territory, n);
    let mut report = EditionReport {
        file: kit.file.clone(),
        publication: format!(
            "Kit de données locales, {} ({})",
            kit.territory_name, kit.territory
        ),
        source_id: source_id.clone(),
        edition: n as i32,
        first_year: kit.first_year,
        last_year: kit.last_year,
        new: 0,
        unchanged: 0,
        revised: 0,
        absent: 0,
        largest: Vec::new(),
        held: held_edition,
    };
    let mut revisions = Vec::new();
    for r in &kit.rows {
        let other = held.get(&(r.indicator.clone(), r.year)).and_then(|v| {
            v.iter()
                .filter(|(_, _, s)| *s != source_id)
                .max_by(|a, b| a.0.cmp(&b.0))
        });
        match other {
            None => report.new += 1,
            Some((_, v, _)) if *v == r.value => report.unchanged += 1,
            Some((e, v, _)) => {
                report.revised += 1;
                let diff = match (v.parse::<f64>(), r.value.parse::<f64>()) {
                    (Ok(a), Ok(b)) => (b - a).abs(),
                    _ => f64::MAX,
                };
                revisions.push((
                    diff,
                    Revision {
                        territory: kit.territory.clone(),
                        indicator: r.indicator.clone(),
                        year: r.year,
                        other_edition: e.clone(),
                        other_value: if v.is_empty() {
                            "NULL".into()
                        } else {
                            v.clone()
                        },
                        value: if r.value.is_empty() {
                            "NULL".into()
                        } else {
                            r.value.clone()
                        },
                    },
                ));
            }
        }
    }
    let mine: std::collections::BTreeSet<(String, i32)> = kit
        .rows
        .iter()
        .map(|r| (r.indicator.clone(), r.year))
        .collect();
    report.absent = held
        .iter()
        .filter(|(k, v)| {
            !mine.contains(*k)
                && v.iter()
                    .any(|(_, _, s)| s.starts_with(&prefix) && *s != source_id)
        })
        .count();
    revisions.sort_by(|a, b| b.0.total_cmp(&a.0));
    report.largest = revisions.into_iter().take(5).map(|(_, r)| r).collect();
    let source = super::Source {
        id: source_id.clone(),
        publisher: format!("Département : {} ({})", kit.territory_name, kit.territory),
        title: format!(
            "Kit de données locales depbench, {} ({}), {}-{}, édition {}",
            kit.territory_name,
            kit.territory,
            kit.first_year,
            kit.last_year,
            kit_edition(n)
        ),
        edition: kit_edition(n),
        licence: "données transmises par le département".into(),
        origin: origin.to_string(),
    };
    Ok(Placed {
        rel: std::path::PathBuf::from(LOCAL_FOLDER).join(format!("{source_id}.csv")),
        bytes,
        source,
        report,
    })
}
