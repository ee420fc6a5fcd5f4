//! DREES « Suivi mensuel des prestations de solidarité » (allocataires per département at the
//! end of each month) → `context/prestations-mensuelles/prestations-mensuelles-<edition>.csv`,
//! the table `prestations_mensuelles`.
//!
//! Recognised by content: sheets titled « Nombre d'allocataires … par département et par mois »
//! with a header block `Numero` (département codes, one every other column) / `Département`
//! (names) / `Effectif | Evolution en glissement annuel (en %)`, then one row per month (a date
//! cell, or a text such as `juin-20*` for the months DREES marks provisional). The prestations
//! read are those of [`PRESTATIONS`] (RSA, AAH, ASS, prime d'activité, aides au logement); the
//! national table (« Effectifs … par mois », no département), the Garantie jeunes (bénéficiaires
//! and entrées, not allocataires) and the notes are accounted for and skipped. The evolution
//! columns are not loaded (DREES computes them on unrounded data: they are not ratios of the
//! counts printed). Values: counts rounded to ten by DREES, `nd` → NULL `not_available`; a
//! month printed with `*` has the status `provisional` (« Données provisoires (traitements
//! DREES) »: CNAF counts of the last five months estimated). A cell that is neither a number nor
//! a marker, a month out of sequence, a code that is no département are errors naming sheet
//! and cell. The edition is the last month read (`2020-10`).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::Data;

use super::book::{Book, Sheet, Value, is_blank, normalise, text};
use super::territories::{Known, departement_code};
use super::{Account, a1, number_text};
use crate::error::{Error, Result};

/// Source id stem: `drees-prestations-mensuelles-2020-10`.
pub const STEM: &str = "drees-prestations-mensuelles";

/// Title of the publication, for `sources.csv`.
pub const TITLE: &str =
    "Suivi mensuel des prestations de solidarité (allocataires par département et par mois)";

/// Folder of the table's files under `data/`.
pub const FOLDER: &str = "context/prestations-mensuelles";

/// Header of the CSV written (the columns of `prestations_mensuelles`).
pub const HEADER: [&str; 9] = [
    "departement",
    "prestation",
    "mois",
    "annee",
    "allocataires",
    "statut",
    "edition",
    "source_id",
    "source_ref",
];

/// Status of a month DREES prints with `*` (« Données provisoires »).
pub const PROVISIONAL: &str = "provisional";

/// A prestation read: the words its sheet title holds (lower-case) and its id in the table.
#[derive(Debug, Clone, Copy)]
pub struct Prestation {
    pub keywords: &'static str,
    pub id: &'static str,
}

/// The prestations read, by the words of their sheet's title.
pub const PRESTATIONS: [Prestation; 5] = [
    Prestation {
        keywords: "allocataires du rsa",
        id: "rsa",
    },
    Prestation {
        keywords: "allocataires de l'aah",
        id: "aah",
    },
    Prestation {
        keywords: "allocataires de l'ass",
        id: "ass",
    },
    Prestation {
        keywords: "allocataires de la prime d'activité",
        id: "prime_activite",
    },
    Prestation {
        keywords: "allocataires d'une aide au logement",
        id: "aides_logement",
    },
];

/// One value of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub departement: String,
    pub prestation: &'static str,
    /// `2019-12`.
    pub mois: String,
    pub annee: i32,
    /// Exact published text of the count; empty for NULL.
    pub allocataires: String,
    pub statut: &'static str,
    /// `Tableau 2!DT43`.
    pub source_ref: String,
}

/// The workbook read: its edition (last month, `2020-10`), rows and accounts.
#[derive(Debug)]
pub struct MonthlyEdition {
    pub edition: String,
    pub source_id: String,
    pub first_month: String,
    pub rows: Vec<MonthRow>,
    pub accounts: Vec<Account>,
}

impl MonthlyEdition {
    /// The row of `sources.csv` (`origin`: the file's path under the shared folder).
    pub fn source(&self, origin: &str) -> super::Source {
        super::Source::open(
            &self.source_id,
            "DREES",
            &format!("{TITLE}, {} à {}", self.first_month, self.edition),
            &self.edition,
            origin,
        )
    }

    /// The file written under `data/` and its bytes, rows sorted by département, prestation
    /// and month.
    pub fn csv(&self) -> (String, Vec<u8>) {
        let mut rows: Vec<&MonthRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            (&a.departement, a.prestation, &a.mois).cmp(&(&b.departement, b.prestation, &b.mois))
        });
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(HEADER).expect("in-memory write");
        for r in rows {
            w.write_record([
                r.departement.as_str(),
                r.prestation,
                &r.mois,
                &r.annee.to_string(),
                &r.allocataires,
                r.statut,
                &self.edition,
                &self.source_id,
                &r.source_ref,
            ])
            .expect("in-memory write");
        }
        (
            format!("{FOLDER}/prestations-mensuelles-{}.csv", self.edition),
            w.into_inner().expect("in-memory write"),
        )
    }
}

/// French month abbreviations of the provisional month labels (`juin-20*`).
const MONTHS: [&str; 12] = [
    "janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc",
];

/// The month of a row label: a date cell (first day of the month), or `mois-AA` with an
/// optional `*` (provisional). `None`: not a month.
fn month_of(cell: &Data) -> Option<(i32, u32, bool)> {
    match cell {
        Data::DateTime(d) if d.is_datetime() && d.as_f64().fract() == 0.0 => {
            // calamine reads the workbook's epoch (1900 or 1904).
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            (day == 1).then_some((i32::from(y), u32::from(m), false))
        }
        Data::String(s) => {
            let t = normalise(s);
            let (t, provisional) = match t.strip_suffix('*') {
                Some(rest) => (rest.trim(), true),
                None => (t.as_str(), false),
            };
            let (name, yy) = t.split_once('-')?;
            let m = MONTHS
                .iter()
                .position(|&n| n == name.trim_end_matches('.'))? as u32
                + 1;
            let yy: i32 = (yy.len() == 2).then(|| yy.parse().ok()).flatten()?;
            Some((2000 + yy, m, provisional))
        }
        _ => None,
    }
}

/// The `Numero` / `Département` header rows of a sheet: (row of the codes, column of labels).
fn find_header(sheet: &Sheet) -> Option<u32> {
    let ((r0, _), (r1, _)) = sheet.bounds();
    (r0..=r1.min(r0 + 20)).find(|&r| {
        matches!(
            normalise(&text(sheet.get(r, 0))).as_str(),
            "numero" | "numéro"
        ) && normalise(&text(sheet.get(r + 1, 0))) == "département"
    })
}

/// The title of a sheet: its first text cell of column A.
fn title(sheet: &Sheet) -> String {
    let ((r0, _), _) = sheet.bounds();
    (r0..r0 + 3)
        .map(|r| text(sheet.get(r, 0)))
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default()
}

/// Is this workbook DREES's monthly follow-up of the prestations? A sheet titled « … par
/// département et par mois » with a `Numero` / `Département` header.
pub fn recognise(book: &mut Book, path: &Path) -> Result<bool> {
    for name in calamine::Reader::sheet_names(book).to_vec() {
        let sheet = Sheet::read(book, path, &name)?;
        if normalise(&title(&sheet)).contains("par département et par mois")
            && find_header(&sheet).is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Skip every row of a sheet that is not read, for one reason.
fn skip_sheet(sheet: &Sheet, account: &mut Account, reason: &str) {
    let ((r0, _), (r1, _)) = sheet.bounds();
    for r in r0..=r1 {
        account.rows_read += 1;
        account.skip(reason, format!("ligne {}", r + 1));
    }
}

/// The département columns of a header: (column, code).
fn columns(path: &Path, sheet: &Sheet, h: u32, known: &Known) -> Result<Vec<(u32, String)>> {
    let (_, (_, c1)) = sheet.bounds();
    let mut out: Vec<(u32, String)> = Vec::new();
    for c in 1..=c1 {
        let cell = sheet.get(h, c);
        if is_blank(cell) {
            continue;
        }
        let code = departement_code(&text(cell));
        if !known.contains(&code) {
            return Err(sheet.cell_error(path,
                h,
                c,
                format!(
                    "code de département `{}` inconnu : attendu un code de département (01…95, 2A, 2B, 971…976)",
                    text(cell)
                ),
            ));
        }
        let label = normalise(&text(sheet.get(h + 2, c)));
        if label != "effectif" {
            return Err(sheet.cell_error(path,
                h + 2,
                c,
                format!(
                    "attendu «Effectif» sous le code {code} (la colonne des allocataires) ; trouvé «{}»",
                    text(sheet.get(h + 2, c))
                ),
            ));
        }
        if let Some((prev, _)) = out.iter().find(|(_, k)| *k == code) {
            return Err(sheet.cell_error(
                path,
                h,
                c,
                format!(
                    "le département {code} est déjà en {} : attendu une colonne par département",
                    a1(h, *prev)
                ),
            ));
        }
        out.push((c, code));
    }
    Ok(out)
}

/// Read the workbook. `Err`: a cell breaking the rules, named by sheet and cell.
pub fn read(path: &Path, book: &mut Book, known: &Known) -> Result<MonthlyEdition> {
    let file = super::file_name(path);
    let mut accounts = Vec::new();
    let mut rows = Vec::new();
    let mut found: BTreeMap<&str, String> = BTreeMap::new();
    for name in calamine::Reader::sheet_names(book).to_vec() {
        let mut sheet = Sheet::read(book, path, &name)?;
        let mut account = Account::new(format!("{file} sheet `{name}`"));
        let t = normalise(&title(&sheet));
        let header = find_header(&sheet);
        let prestation = PRESTATIONS.iter().find(|p| t.contains(p.keywords));
        let (Some(h), Some(p)) = (header, prestation) else {
            let reason = if header.is_none() {
                "pas de tableau par département (sommaire, lisez-moi ou série nationale)"
                    .to_string()
            } else {
                format!(
                    "série non lue (depbench lit les allocataires du RSA, de l'AAH, de l'ASS, de la prime d'activité et des aides au logement) : «{}»",
                    title(&sheet).trim()
                )
            };
            skip_sheet(&sheet, &mut account, &reason);
            accounts.push(account);
            continue;
        };
        if let Some(first) = found.insert(p.id, name.clone()) {
            return Err(Error::Workbook {
                path: path.to_path_buf(),
                message: format!(
                    "la prestation {} est dans deux feuilles, `{first}` et `{name}` : attendu une feuille par prestation",
                    p.id
                ),
            });
        }
        let departements = columns(path, &sheet, h, known)?;
        let ((r0, _), (r1, _)) = sheet.bounds();
        let mut last: Option<(i32, u32, u32)> = None;
        for r in r0..=r1 {
            account.rows_read += 1;
            if r <= h + 2 {
                let what = if r < h {
                    "titre au-dessus du tableau"
                } else {
                    "en-tête (codes, noms ; colonnes d'évolution en glissement annuel non lues : calculées par la DREES sur les données non arrondies)"
                };
                account.skip(what, format!("ligne {}", r + 1));
                continue;
            }
            let label = sheet.get(r, 0);
            let has_values = departements
                .iter()
                .any(|(c, _)| !is_blank(sheet.get(r, *c)));
            let Some((year, month, provisional)) = month_of(label) else {
                if has_values {
                    return Err(sheet.cell_error(path,
                        r,
                        0,
                        format!(
                            "attendu un mois (une date, ou «juin-20*» pour un mois provisoire) devant des valeurs ; trouvé «{}»",
                            text(label)
                        ),
                    ));
                }
                let reason = if is_blank(label) {
                    "ligne vide"
                } else {
                    "notes, lecture, champ et sources sous le tableau"
                };
                account.skip(reason, format!("ligne {}", r + 1));
                continue;
            };
            if let Some((py, pm, prow)) = last {
                let next = if pm == 12 { (py + 1, 1) } else { (py, pm + 1) };
                if (year, month) != next {
                    return Err(sheet.cell_error(path,
                        r,
                        0,
                        format!(
                            "mois {year}-{month:02} après {py}-{pm:02} (ligne {}) : attendu le mois suivant, {}-{:02}",
                            prow + 1,
                            next.0,
                            next.1
                        ),
                    ));
                }
            }
            last = Some((year, month, r));
            let mois = format!("{year}-{month:02}");
            for (c, code) in &departements {
                let read = sheet.count(book, r, *c).map_err(|m| {
                    sheet.cell_error(
                        path,
                        r,
                        *c,
                        format!("allocataires {} de {code} en {mois} : {m}", p.id),
                    )
                })?;
                let (allocataires, statut) = match read {
                    Value::Number(v) if provisional => (number_text(v), PROVISIONAL),
                    Value::Number(v) => (number_text(v), "published"),
                    Value::Marker(s) => (String::new(), s),
                };
                rows.push(MonthRow {
                    departement: code.clone(),
                    prestation: p.id,
                    mois: mois.clone(),
                    annee: year,
                    allocataires,
                    statut,
                    source_ref: format!("{name}!{}", a1(r, *c)),
                });
                account.values_loaded += 1;
            }
            account.rows_loaded += 1;
        }
        accounts.push(account);
    }
    if found.is_empty() {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            message: "aucune feuille « Nombre d'allocataires … par département et par mois » d'une prestation lue (RSA, AAH, ASS, prime d'activité, aides au logement)".into(),
        });
    }
    let first_month = rows
        .iter()
        .map(|r| r.mois.clone())
        .min()
        .unwrap_or_default();
    let edition = rows
        .iter()
        .map(|r| r.mois.clone())
        .max()
        .unwrap_or_default();
    Ok(MonthlyEdition {
        source_id: format!("{STEM}-{edition}"),
        edition,
        first_month,
        rows,
        accounts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_are_dates_or_provisional_texts() {
        assert_eq!(
            month_of(&Data::String("juin-20*".into())),
            Some((2020, 6, true))
        );
        assert_eq!(
            month_of(&Data::String("août-20*".into())),
            Some((2020, 8, true))
        );
        assert_eq!(
            month_of(&Data::String("sept-20".into())),
            Some((2020, 9, false))
        );
        assert_eq!(month_of(&Data::String("nd : non disponible.".into())), None);
        assert_eq!(month_of(&Data::String("Lecture : Fin".into())), None);
        let dec_2019 =
            calamine::ExcelDateTime::new(43800.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(month_of(&Data::DateTime(dec_2019)), Some((2019, 12, false)));
    }
}
