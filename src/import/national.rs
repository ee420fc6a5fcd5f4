//! DREES national series of the aide sociale départementale, 1996-2022 (bénéficiaires at 31
//! December, France métropolitaine and DROM hors Mayotte) → `context/aide-sociale-nationale/
//! aide-sociale-nationale-<edition>.csv`, the table `aide_sociale_nationale`.
//!
//! The only source at hand of the national detail by legal status (pupilles, accueils
//! provisoires de mineurs and de jeunes majeurs, délégations d'autorité parentale, tutelles,
//! placements par le juge, placements directs) for 2021-2022, and of the personnes âgées and
//! handicapées series. The file is a conversion of the R data of the asdep package
//! (`data/ASDEPslbenefnat.rda`), not an official file itself; its 2022 totals equal DREES's
//! (208 064 enfants accueillis, 191 514 confiés).
//!
//! Recognised by its header line `champ_niv1,champ_niv2,champ_niv3,champ_niv4,annee,nb_benef,
//! champ,source`. Each record (its `champ` field may span several lines: footnotes) is one
//! value, with the line where the record starts. Labels are kept as printed, blanks around them
//! trimmed (`DAP à l'ASE1`: the `1` calls footnote 1 of the record's `champ`). A value is a
//! finite count, never negative; a documented marker (`-`, `ND`…) or an empty field is NULL with
//! its status; anything else is an error naming file, line and field, as is a year that is no
//! year or a series and year given twice. Values are DREES's national estimates: status
//! `estimated` (as DREES totals in `observations`). The edition is the last year read.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Account, number_text};
use crate::error::{Error, Result};
use crate::model::lines::{LineCounter, csv_line};
use crate::model::numbers::{self, Measure};

/// Source id stem: `drees-aide-sociale-nationale-2022`.
pub const STEM: &str = "drees-aide-sociale-nationale";

/// Title of the publication, for `sources.csv`.
pub const TITLE: &str = "Aide sociale départementale, séries nationales (bénéficiaires au 31 décembre, France métropolitaine et DROM hors Mayotte ; conversion des données R du paquet asdep)";

/// Folder of the table's files under `data/`.
pub const FOLDER: &str = "context/aide-sociale-nationale";

/// The header line of the file read.
pub const SOURCE_HEADER: [&str; 8] = [
    "champ_niv1",
    "champ_niv2",
    "champ_niv3",
    "champ_niv4",
    "annee",
    "nb_benef",
    "champ",
    "source",
];

/// Header of the CSV written (the columns of `aide_sociale_nationale`).
pub const HEADER: [&str; 12] = [
    "domaine",
    "niveau2",
    "niveau3",
    "niveau4",
    "annee",
    "beneficiaires",
    "statut",
    "champ",
    "source",
    "edition",
    "source_id",
    "source_ref",
];

/// Is this header line the national series'?
pub fn recognise_header(line: &str) -> bool {
    let fields: Vec<&str> = line
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(str::trim)
        .collect();
    fields == SOURCE_HEADER
}

/// The file read: its edition, the CSV to write and the account of its records.
#[derive(Debug)]
pub struct NationalEdition {
    pub edition: i32,
    pub first_year: i32,
    pub source_id: String,
    /// Relative path under `data/` and bytes.
    pub rel: String,
    pub csv: Vec<u8>,
    pub account: Account,
}

impl NationalEdition {
    /// The row of `sources.csv` (`origin`: the file's path under the shared folder).
    pub fn source(&self, origin: &str) -> super::Source {
        super::Source::open(
            &self.source_id,
            "DREES",
            &format!("{TITLE}, {}-{}", self.first_year, self.edition),
            &self.edition.to_string(),
            origin,
        )
    }
}

/// Read the national series from its bytes.
///
/// Errors (file, line and field): a record without its eight fields, a year that is not an
/// integer from 1900 to 2100, a value that is neither a count nor a documented marker, a series
/// and year given twice (naming the first line).
pub fn read(path: &Path, bytes: &[u8]) -> Result<NationalEdition> {
    let csv_err = |line: u64, field: &str, message: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        csv_err(
            crate::model::lines::line_at(bytes, e.valid_up_to()),
            "",
            "attendu : un fichier texte en UTF-8".into(),
        )
    })?;
    let mut account = Account::new(super::file_name(path));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .headers()
        .map_err(|e| csv_err(1, "", format!("en-tête illisible : {e}")))?;
    let mut lines = LineCounter::new(bytes);
    let mut seen: BTreeMap<[String; 5], u64> = BTreeMap::new();
    let mut rows: Vec<([String; 9], u64)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            csv_err(
                csv_line(bytes, e.position()),
                "",
                format!("enregistrement illisible : {e}"),
            )
        })?;
        let line = lines.line(record.position());
        account.rows_read += 1;
        if record.iter().all(|f| f.trim().is_empty()) {
            account.skip("ligne vide", format!("ligne {line}"));
            continue;
        }
        if record.len() != SOURCE_HEADER.len() {
            return Err(csv_err(
                line,
                "",
                format!(
                    "attendu {} champs ({}) ; trouvé {}",
                    SOURCE_HEADER.len(),
                    SOURCE_HEADER.join(", "),
                    record.len()
                ),
            ));
        }
        let f = |i: usize| record[i].trim().to_string();
        let year_text = f(4);
        let year: i32 = year_text
            .parse()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                csv_err(
                    line,
                    "annee",
                    format!("attendu une année (1996, 2022) ; trouvé «{year_text}»"),
                )
            })?;
        let raw = f(5);
        let (value, status) = match super::marker(&raw) {
            Some(status) => (String::new(), status),
            None => {
                let v = numbers::parse(&raw)
                    .map_err(|_| {
                        format!(
                            "attendu : un nombre de bénéficiaires ou un marqueur documenté ({}) ; trouvé «{}»",
                            super::book::MARKERS,
                            numbers::shown_text(&raw)
                        )
                    })
                    .and_then(|v| numbers::check(v, Measure::DreesCount).map(|()| v))
                    .map_err(|m| csv_err(line, "nb_benef", m))?;
                (number_text(v), "estimated")
            }
        };
        if f(0).is_empty() {
            return Err(csv_err(
                line,
                "champ_niv1",
                "attendu le domaine de l'aide sociale (Aide sociale à l'enfance (ASE)…) ; trouvé un champ vide".into(),
            ));
        }
        let key = [f(0), f(1), f(2), f(3), year_text.clone()];
        if let Some(first) = seen.insert(key, line) {
            return Err(csv_err(
                line,
                "annee",
                format!(
                    "la série «{} / {} / {} / {}» a déjà une valeur pour {year} (ligne {first}) : attendu une valeur par série et par année",
                    f(0),
                    f(1),
                    f(2),
                    f(3)
                ),
            ));
        }
        rows.push((
            [
                f(0),
                f(1),
                f(2),
                f(3),
                year.to_string(),
                value,
                status.to_string(),
                f(6),
                f(7),
            ],
            line,
        ));
        account.rows_loaded += 1;
        account.values_loaded += 1;
    }
    let years: Vec<i32> = rows.iter().filter_map(|(r, _)| r[4].parse().ok()).collect();
    let (Some(&first_year), Some(&edition)) = (years.iter().min(), years.iter().max()) else {
        return Err(csv_err(
            2,
            "",
            "attendu au moins une valeur sous l'en-tête ; le fichier n'en a aucune".into(),
        ));
    };
    let source_id = format!("{STEM}-{edition}");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("in-memory write");
    let e = edition.to_string();
    for (r, line) in &rows {
        let line = format!("ligne {line}");
        let mut rec: Vec<&str> = r.iter().map(String::as_str).collect();
        rec.extend([e.as_str(), source_id.as_str(), line.as_str()]);
        w.write_record(&rec).expect("in-memory write");
    }
    Ok(NationalEdition {
        edition,
        first_year,
        rel: format!("{FOLDER}/aide-sociale-nationale-{edition}.csv"),
        source_id,
        csv: w.into_inner().expect("in-memory write"),
        account,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "champ_niv1,champ_niv2,champ_niv3,champ_niv4,annee,nb_benef,champ,source\n";

    #[test]
    fn records_keep_their_first_line_and_markers_become_null() {
        let text = format!(
            "{HEAD}A,Ensemble,Ensemble,,2021,10.0,\"France.\n1. note\",DREES\nA,Ensemble,Ensemble,,2022,ND,France.,DREES\n"
        );
        let n = read(Path::new("n.csv"), text.as_bytes()).unwrap();
        assert_eq!(n.edition, 2022);
        assert_eq!(n.source_id, "drees-aide-sociale-nationale-2022");
        let out = String::from_utf8(n.csv).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "A,Ensemble,Ensemble,,2021,10,estimated,\"France.");
        assert!(out.contains(
            ",2022,,not_available,France.,DREES,2022,drees-aide-sociale-nationale-2022,ligne 4"
        ));
        assert!(out.contains("DREES,2022,drees-aide-sociale-nationale-2022,ligne 2"));
        assert_eq!(n.account.rows_read, 2);
    }

    #[test]
    fn a_bad_value_names_its_line_and_field() {
        let text = format!("{HEAD}A,B,C,,2021,12 345,France.,DREES\n");
        let e = read(Path::new("n.csv"), text.as_bytes()).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "n.csv : ligne 2, champ `nb_benef` : attendu : un nombre de bénéficiaires"
            ),
            "{e}"
        );
        let text = format!("{HEAD}A,B,C,,2021,1,x,y\nA,B,C,,2021,2,x,y\n");
        let e = read(Path::new("n.csv"), text.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("ligne 3, champ `annee`"), "{e}");
        assert!(e.to_string().contains("(ligne 2)"), "{e}");
    }
}
