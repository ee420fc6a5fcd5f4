//! DREES tidy series (CSV, extended to 2022) and the variable catalogue → `observations/`,
//! `indicators.csv`.

use std::collections::BTreeMap;
use std::path::Path;

use super::book::{describe_text, expected, marker};
use super::drees_workbook::Publication;
use super::territories::{Known, aggregate_code, csv_error, csv_error_at, departement_code};
use super::{Account, ObservationRow, file_name};
use crate::error::{Error, Result};
use crate::model::lines::{LineCounter, LineEnds};
use crate::model::numbers::{self, Measure, NotNumber};

/// Header of the tidy series files.
pub const HEADER: [&str; 8] = [
    "code_region",
    "code_departement",
    "territoire",
    "type_territoire",
    "annee",
    "variable",
    "valeur",
    "unite",
];

/// Indicators that are not DREES variables: the MNA national count and the derived measures
/// computed by the views in `queries/views/` (id, label, short label, unit, definition,
/// reference population, source stem: the newest edition held of that source is cited).
pub const EXTRA_INDICATORS: [[&str; 7]; 16] = [
    [
        "NbMNA",
        "Nombre de mineurs et jeunes majeurs non accompagnés pris en charge par les départements",
        "Mineurs non accompagnés (MNA)",
        "count",
        "Données au 31 décembre. France entière hors Mayotte uniquement.",
        "",
        "drees-benef-sl",
    ],
    [
        "pop_0_19",
        "Population de 0 à 19 ans au 1er janvier (Insee)",
        "Population 0-19 ans",
        "count",
        "Somme des tranches quinquennales 0-4 à 15-19 ans des estimations Insee. Les tranches quinquennales ne permettent pas d'isoler les 20 ans inclus dans la population de référence DREES (0-20 ans).",
        "",
        "insee-pop",
    ],
    [
        "pop_total",
        "Population totale au 1er janvier (Insee)",
        "Population totale",
        "count",
        "Estimations de population Insee, tous âges.",
        "",
        "insee-pop",
    ],
    [
        "taux_accueillis_0_19",
        "Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'enfants accueillis",
        "per_thousand",
        "TotEnfAccueillisASE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1 (convention DREES ; population la plus récente disponible à défaut). Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "taux_confies_0_19",
        "Enfants confiés à l'ASE pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'enfants confiés",
        "per_thousand",
        "TotEnfConfiesASE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1. Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "taux_ae_0_19",
        "Actions éducatives (AED et AEMO) pour 1 000 jeunes de 0 à 19 ans",
        "Taux d'actions éducatives",
        "per_thousand",
        "TotBenefAE au 31/12/N pour 1 000 habitants de 0 à 19 ans au 1/1/N+1. Vue `rates`.",
        "00-19",
        "derived",
    ],
    [
        "part_judiciaire_ae",
        "Part des mesures judiciaires (AEMO) parmi les actions éducatives à domicile",
        "Taux de judiciarisation des actions éducatives",
        "percent",
        "TotBenefAEMO / (TotBenefAED + TotBenefAEMO) × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "part_familles_accueil",
        "Part des enfants confiés placés en famille d'accueil",
        "Part en famille d'accueil",
        "percent",
        "TotEnfASEPlacesFamillesAccueil / TotEnfConfiesASE × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "part_etablissements",
        "Part des enfants confiés placés en établissement",
        "Part en établissement",
        "percent",
        "TotEnfASEPlacesEtab / TotEnfConfiesASE × 100. Vue `shares`.",
        "",
        "derived",
    ],
    [
        "depense_par_jeune",
        "Dépense brute d'ASE par jeune de 0 à 19 ans",
        "Dépense par jeune",
        "euro",
        "DepBruteASE (k€) × 1 000 / population de 0 à 19 ans au 1/1/N+1, euros courants. Vue `spending_ratios`, qui donne aussi la dépense par enfant accueilli.",
        "00-19",
        "derived",
    ],
    [
        "pop_0_20",
        "Population de 0 à 20 ans au 1er janvier (Insee, estimation)",
        "Population 0-20 ans",
        "count",
        "Population de référence DREES (moins de 21 ans), estimée : 0-19 ans + 1/5 des 20-24 ans des estimations Insee par tranche quinquennale (âges supposés répartis également). Vue `populations`.",
        "",
        "insee-pop",
    ],
    [
        "pop_0_17",
        "Population de 0 à 17 ans au 1er janvier (Insee, estimation)",
        "Population 0-17 ans",
        "count",
        "Mineurs, estimés : 0-14 ans + 3/5 des 15-19 ans des estimations Insee par tranche quinquennale (âges supposés répartis également). Vue `populations`.",
        "",
        "insee-pop",
    ],
    [
        "taux_accueillis_0_20",
        "Enfants accueillis à l'ASE pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'enfants accueillis",
        "per_thousand",
        "TotEnfAccueillisASE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (convention DREES ; population estimée : 0-19 ans + 1/5 des 20-24 ans ; population la plus récente disponible à défaut). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "taux_confies_0_20",
        "Enfants confiés à l'ASE pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'enfants confiés",
        "per_thousand",
        "TotEnfConfiesASE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (population estimée). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "taux_ae_0_20",
        "Actions éducatives (AED et AEMO) pour 1 000 jeunes de 0 à 20 ans",
        "Taux d'actions éducatives",
        "per_thousand",
        "TotBenefAE au 31/12/N pour 1 000 habitants de 0 à 20 ans au 1/1/N+1 (population estimée). Vue `rates`, band 0-20.",
        "00-20",
        "derived",
    ],
    [
        "depense_par_jeune_0_20",
        "Dépense brute d'ASE par jeune de 0 à 20 ans",
        "Dépense par jeune",
        "euro",
        "DepBruteASE (k€) × 1 000 / population de 0 à 20 ans au 1/1/N+1 (estimée : 0-19 ans + 1/5 des 20-24 ans), euros courants. Vue `spending_ratios`.",
        "00-20",
        "derived",
    ],
];

fn unit_of(text: &str) -> Option<&'static str> {
    match text.trim() {
        "personnes" => Some("count"),
        "milliers d'euros" | "milliers d’euros" => Some("thousand_euro"),
        _ => None,
    }
}

/// Distinct values (territory, variable, year) one tidy file may hold. Repeated rows stream
/// (counted, never kept), but each distinct value is held until the import compares it with the
/// editions held and writes its file sorted, at about 1,3 kB each: the bound keeps an import
/// within about 600 MB. DREES's largest tidy series holds 25 470 values.
pub const MAX_VALUES: usize = 250_000;

/// One tidy file read: its publication, edition (its last year: the tidy series extended to
/// 2022 is edition 2022) and values.
#[derive(Debug)]
pub struct TidyEdition {
    pub publication: Publication,
    pub edition: i32,
    pub source_id: String,
    pub rows: Vec<ObservationRow>,
    pub account: Account,
    pub first_year: i32,
    pub last_year: i32,
}

/// The bytes of a CSV file as UTF-8, or an error naming the line and field of the first byte
/// that is not (a latin-1 / Windows-1252 export). The field is found by reading the records as
/// [`utf8_record`] does in a streamed import; the delimiter is `;` when the header has `;` and
/// no `,` (the French files of the kit), `,` otherwise.
pub fn utf8_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let Err(e) = std::str::from_utf8(bytes) else {
        return Ok(String::from_utf8_lossy(bytes).into_owned());
    };
    let header_line = &bytes[..crate::model::lines::first_line_end(bytes)];
    let delimiter = if header_line.contains(&b';') && !header_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LineEnds::new(bytes));
    let mut header = None;
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let position = record.position().cloned();
        let line = reader.get_mut().line(position.as_ref());
        let text = utf8_record(path, std::mem::take(&mut record), line, header.as_ref())?;
        header.get_or_insert(text);
    }
    // Not inside a record the reader could read: the line alone.
    let at = e.valid_up_to();
    Err(Error::Csv {
        path: path.to_path_buf(),
        line: crate::model::lines::line_at(bytes, at),
        field: "-".into(),
        message: not_utf8_message(bytes[at]),
    })
}

/// The first invisible character of a text, with its position (1 = first character): zero-width
/// spaces and joiners, soft hyphen, direction marks, word joiner, a byte-order mark inside a
/// field. They make `TotBenefAE` another word while showing it unchanged.
pub fn invisible(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| {
            matches!(c,
                '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        })
        .map(|(i, c)| (i + 1, c))
}

/// The message for an invisible character in `text`.
fn invisible_message(text: &str, (position, c): (usize, char)) -> String {
    let shown: String = text.chars().filter(|&x| x != c).collect();
    format!(
        "attendu : un texte sans caractère invisible ; trouvé : U+{:04X} au caractère {position} de «{shown}» (espace sans chasse, trait d'union conditionnel, marque de direction ou semblable) : supprimez-le dans un éditeur qui les montre",
        c as u32
    )
}

/// A CSV record as text, or the error [`utf8_text`] gives, at the record's `line` (plus the line
/// ends inside the field before the first byte that is not UTF-8).
fn utf8_record(
    path: &Path,
    record: csv::ByteRecord,
    line: u64,
    header: Option<&csv::StringRecord>,
) -> Result<csv::StringRecord> {
    csv::StringRecord::from_byte_record(record).map_err(|e| {
        let (field_index, at) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
        let record = e.into_byte_record();
        let field = record.get(field_index).unwrap_or_default();
        let line = line + crate::model::lines::line_at(&field[..at], at) - 1;
        Error::Csv {
            path: path.to_path_buf(),
            line,
            field: header
                .and_then(|h| h.get(field_index))
                .map(|h| h.trim().to_string())
                .unwrap_or_else(|| format!("#{}", field_index + 1)),
            message: not_utf8_message(field[at]),
        }
    })
}

/// What a byte that is not UTF-8 makes the file.
fn not_utf8_message(byte: u8) -> String {
    format!(
        "attendu : du texte UTF-8 ; trouvé : l'octet 0x{byte:02X} (un fichier latin-1 ou Windows-1252 ?) : enregistrez le fichier en UTF-8"
    )
}

/// Is this CSV header the tidy series'?
pub fn is_tidy_header(first_line: &str) -> bool {
    first_line
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(str::trim)
        .eq(HEADER)
}

/// Read one tidy CSV file; every row is loaded or the import fails naming line and field. The
/// file streams through the CSV reader (never held whole); repeated rows are counted, not kept.
pub fn read_tidy(
    path: &Path,
    known: &Known,
    units: &mut BTreeMap<String, &'static str>,
) -> Result<TidyEdition> {
    let name = file_name(path);
    let mut account = Account::new(&name);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = csv::Reader::from_reader(LineEnds::new(file));
    let header_bytes = reader
        .byte_headers()
        .map_err(|e| csv_error_at(path, 1, e))?
        .clone();
    let header = utf8_record(path, header_bytes, 1, None)?;
    for (i, want) in HEADER.iter().enumerate() {
        if header.get(i).map(|h| h.trim_start_matches('\u{feff}')) != Some(*want) {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: want.to_string(),
                message: format!(
                    "attendu : la colonne `{want}` en position {} ; trouvé : `{}`",
                    i + 1,
                    header.get(i).unwrap_or("(none)")
                ),
            });
        }
    }
    let mut rows: Vec<ObservationRow> = Vec::new();
    let mut publications = BTreeMap::new();
    // (territory, variable, year) → index in `rows` and line of its first row.
    let mut seen: BTreeMap<(String, String, i32), (usize, u64)> = BTreeMap::new();
    let mut bytes = csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut bytes);
        let position = match &more {
            Ok(_) => bytes.position().cloned(),
            Err(e) => e.position().cloned(),
        };
        let line = reader.get_mut().line(position.as_ref());
        if !more.map_err(|e| csv_error_at(path, line, e))? {
            break;
        }
        let record = utf8_record(path, std::mem::take(&mut bytes), line, Some(&header))?;
        account.rows_read += 1;
        let bad = |field: &str, message: String| Error::Csv {
            path: path.to_path_buf(),
            line,
            field: field.to_string(),
            message,
        };
        for (field, text) in HEADER.iter().zip(record.iter()) {
            if let Some(found) = invisible(text) {
                return Err(bad(field, invisible_message(text, found)));
            }
        }
        let kind = &record[3];
        let territory = match kind {
            "Département" => departement_code(&record[1]),
            "Région" => format!("R{}", record[0].trim()),
            "France" => aggregate_code(&record[2])
                .ok_or_else(|| {
                    bad(
                        "territoire",
                        format!("agrégat national inconnu `{}`", &record[2]),
                    )
                })?
                .to_string(),
            other => {
                return Err(bad(
                    "type_territoire",
                    format!("attendu : `Département`, `Région` ou `France` ; trouvé : `{other}`"),
                ));
            }
        };
        if !known.contains(&territory) {
            return Err(bad(
                "code_departement",
                format!("code de territoire inconnu `{territory}` ({})", &record[2]),
            ));
        }
        let year: i32 = record[4]
            .trim()
            .parse()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                bad(
                    "annee",
                    format!("attendu : une année ; trouvé : `{}`", &record[4]),
                )
            })?;
        let unit = unit_of(&record[7]).ok_or_else(|| {
            bad(
                "unite",
                format!(
                    "attendu : `personnes` ou `milliers d'euros` ; trouvé : `{}`",
                    &record[7]
                ),
            )
        })?;
        let indicator = record[5].trim().to_string();
        if let Some(previous) = units.insert(indicator.clone(), unit)
            && previous != unit
        {
            return Err(bad(
                "unite",
                format!("l'unité `{unit}` diffère de `{previous}` pour {indicator}"),
            ));
        }
        publications
            .entry(publication_of(&indicator))
            .or_insert((line, indicator.clone()));
        let text = record[6].trim();
        let (value, status) = match marker(text) {
            Some(status) => (String::new(), status),
            None => {
                // Text that is no number keeps the message it always had.
                let v = numbers::parse_plain(text).map_err(|e| {
                    let found = match e {
                        NotNumber::Text => {
                            return bad(
                                "valeur",
                                format!("{} ; trouvé : {}", expected(), describe_text(text)),
                            );
                        }
                        NotNumber::NotFinite => numbers::not_finite_message(text),
                    };
                    bad(
                        "valeur",
                        format!("{indicator} {year} de {territory} : {found}"),
                    )
                })?;
                numbers::check(v, Measure::drees(unit == "count")).map_err(|m| {
                    bad("valeur", format!("{indicator} {year} de {territory} : {m}"))
                })?;
                let estimated = kind == "France";
                (
                    numbers::zero_unsigned(text).to_string(),
                    super::value_status(v, unit == "count", estimated),
                )
            }
        };
        // The spending series prints the DROM total twice a year («TOTAL estimé DROM (hors
        // Mayotte)» then «Total estimé DROM (hors Mayotte)»): keep one value per key, or the
        // newest edition would be ambiguous and the repeat would pass for a vintage. The first
        // row is kept; a repeat that differs (once, in the last decimal) is reported, not hidden.
        let key = (territory.clone(), indicator.clone(), year);
        if let Some(&(first, first_line)) = seen.get(&key) {
            let kept = &rows[first];
            if kept.value == value && kept.status == status {
                account.skip(
                    "répète une ligne déjà lue",
                    format!("ligne {line} (d'abord à la ligne {first_line})"),
                );
            } else {
                account.skip(
                    "répète une ligne déjà lue avec une autre valeur (la première est gardée)",
                    format!(
                        "ligne {line} `{text}` (ligne {first_line} `{}`)",
                        kept.value
                    ),
                );
            }
            continue;
        }
        if rows.len() == MAX_VALUES {
            return Err(bad(
                "variable",
                format!(
                    "attendu : au plus {MAX_VALUES} valeurs distinctes (territoire, variable, année) dans un fichier ; trouvé : davantage ; les séries mises en forme de la DREES en comptent environ 25 000 : découpez le fichier par variable"
                ),
            ));
        }
        seen.insert(key, (rows.len(), line));
        rows.push(ObservationRow {
            territory,
            indicator,
            year,
            value,
            status: status.to_string(),
            source_id: String::new(),
            source_ref: format!("line {line}"),
            edition: String::new(),
        });
        account.rows_loaded += 1;
        account.values_loaded += 1;
    }
    let publication = match publications.len() {
        1 => *publications.keys().next().expect("one"),
        0 => {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 2,
                field: "variable".into(),
                message: "attendu : au moins une ligne de valeurs ; trouvé : aucune".into(),
            });
        }
        _ => {
            // Named at the first row of the publication read last, with where each began.
            let (line, _) = publications.values().max().expect("several");
            let seen: Vec<String> = publications
                .iter()
                .map(|(p, (l, v))| format!("{p:?} à partir de la ligne {l} ({v})"))
                .collect();
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: *line,
                field: "variable".into(),
                message: format!(
                    "attendu : les variables d'une seule publication ; trouvé : plusieurs : {}",
                    seen.join(", ")
                ),
            });
        }
    };
    let first_year = rows.iter().map(|r| r.year).min().unwrap_or(0);
    let edition = rows.iter().map(|r| r.year).max().unwrap_or(0);
    let source_id = format!("{}-{edition}", publication.tidy_stem());
    for r in &mut rows {
        r.source_id = source_id.clone();
        r.edition = edition.to_string();
    }
    Ok(TidyEdition {
        publication,
        edition,
        source_id,
        rows,
        account,
        first_year,
        last_year: edition,
    })
}

/// The publication a DREES variable belongs to.
pub fn publication_of(variable: &str) -> Publication {
    if variable.starts_with("Dep") {
        Publication::Depenses
    } else if variable == "effpersassfam" {
        Publication::Personnel
    } else {
        Publication::Beneficiaires
    }
}

/// Read `variables.csv` (multi-line fields) into `indicators.csv`. `sources`: the tidy source id
/// each publication's variables cite; `newest`: source stem (`drees-benef-sl`) → newest id held.
pub fn read_variables(
    path: &Path,
    units: &BTreeMap<String, &'static str>,
    sources: &BTreeMap<Publication, String>,
    newest: &BTreeMap<String, String>,
) -> Result<(Vec<u8>, Account)> {
    let name = file_name(path);
    let mut account = Account::new(&name);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut lines = LineCounter::new(&bytes);
    let header = reader
        .headers()
        .map_err(|e| csv_error(path, &bytes, e))?
        .clone();
    let col = |want: &str| {
        header
            .iter()
            .position(|h| h == want)
            .ok_or_else(|| Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                field: want.to_string(),
                message: format!("colonne manquante `{want}`"),
            })
    };
    let (c_var, c_label, c_short, c_champ, c_note, c_pop) = (
        col("variable")?,
        col("intitule")?,
        col("intitule_court")?,
        col("champ")?,
        col("note")?,
        col("population_reference")?,
    );
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "label",
        "short_label",
        "unit",
        "definition",
        "reference_population",
        "source_id",
    ])
    .expect("in-memory write");
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &bytes, e))?;
        let line = lines.line(record.position());
        account.rows_read += 1;
        let id = record[c_var].trim();
        if let Some(found) = invisible(id) {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line,
                field: "variable".into(),
                message: invisible_message(id, found),
            });
        }
        let unit = units.get(id).copied().ok_or_else(|| Error::Csv {
            path: path.to_path_buf(),
            line,
            field: "variable".into(),
            message: format!("la variable `{id}` n'a aucune valeur dans la série mise en forme"),
        })?;
        let source = sources
            .get(&publication_of(id))
            .map(String::as_str)
            .unwrap_or("");
        let definition = format!(
            "{} Champ : {} {}",
            clean(&record[c_label]),
            clean(&record[c_champ]),
            clean(&record[c_note])
        );
        w.write_record([
            id,
            &clean(&record[c_label]),
            &clean(&record[c_short]),
            unit,
            definition.trim(),
            record[c_pop].trim(),
            source,
        ])
        .expect("in-memory write");
        account.rows_loaded += 1;
    }
    for mut row in EXTRA_INDICATORS
        .into_iter()
        .chain(super::context::CONTEXT_INDICATORS)
    {
        if let Some(id) = newest.get(row[6]) {
            row[6] = id;
        }
        w.write_record(row).expect("in-memory write");
    }
    Ok((w.into_inner().expect("in-memory write"), account))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(bytes: &[u8]) -> (u64, String) {
        match utf8_text(Path::new("f.csv"), bytes) {
            Err(Error::Csv { line, field, .. }) => (line, field),
            other => panic!("expected a located UTF-8 error, got {other:?}"),
        }
    }

    /// The byte that is not UTF-8 is located at its line and named by its column, in a `,` file
    /// (a quoted field spanning lines moves it down) and in a `;` file of the kit.
    #[test]
    fn latin1_byte_located_by_line_and_column() {
        assert_eq!(located(b"a,b\r\n1,x\xE9\r\n"), (2, "b".into()));
        assert_eq!(located(b"a,b\n1,\"x\ny\xE9\"\n"), (3, "b".into()));
        assert_eq!(
            located(b"code;annee;valeur\n17;2020;\xE9\n"),
            (2, "valeur".into())
        );
        assert_eq!(
            utf8_text(Path::new("f.csv"), "a;b\n1;é\n".as_bytes()).unwrap(),
            "a;b\n1;é\n"
        );
    }
}
