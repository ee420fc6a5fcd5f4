//! Insee Code officiel géographique: the communes list (`TYPECOM,COM,REG,DEP,…,LIBELLE,CAN,
//! COMPARENT`) → `context/cog/cog-communes-<edition>.csv`, and the history of commune changes
//! (`MOD,DATE_EFF,TYPECOM_AV,COM_AV,…,LIBELLE_AP`) → `context/cog-mouvements/cog-mouvements-
//! <edition>.csv`. Both recognised by their header line, every row loaded with its line.
//!
//! Editions, read from the content: the history's is the year of its last change; the list's
//! is the year of the last change of the history it reflects (every commune a change of that
//! date creates, keeps or renames is listed under its new name), so the list is
//! imported with a history (in the same run or already in `data/`). Rows of communes
//! associées (`COMA`), déléguées (`COMD`) and arrondissements (`ARM`) are loaded with their
//! type: joins take `type = 'COM'`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::lines::{LineCounter, csv_line};

/// Source id stems.
pub const COMMUNES_STEM: &str = "insee-cog-communes";
pub const MOVES_STEM: &str = "insee-cog-mouvements";

/// Header of `context/cog/cog-communes-<edition>.csv`.
pub const COMMUNES_HEADER: [&str; 8] = [
    "code",
    "type",
    "departement",
    "region",
    "name",
    "parent",
    "edition",
    "source_ref",
];

/// Header of `context/cog-mouvements/cog-mouvements-<edition>.csv`.
pub const MOVES_HEADER: [&str; 10] = [
    "mod",
    "date",
    "type_before",
    "before",
    "name_before",
    "type_after",
    "after",
    "name_after",
    "edition",
    "source_ref",
];

/// Which COG file a header line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CogFile {
    Communes,
    Moves,
}

const COMMUNES_COLUMNS: [&str; 6] = ["TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT"];
const MOVES_COLUMNS: [&str; 8] = [
    "MOD",
    "DATE_EFF",
    "TYPECOM_AV",
    "COM_AV",
    "LIBELLE_AV",
    "TYPECOM_AP",
    "COM_AP",
    "LIBELLE_AP",
];

/// The COG file a CSV header line names, if any.
pub fn recognise_header(line: &str) -> Option<CogFile> {
    let fields: Vec<&str> = line
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(str::trim)
        .collect();
    let has = |cols: &[&str]| cols.iter().all(|c| fields.contains(c));
    if fields.first() == Some(&"TYPECOM") && has(&COMMUNES_COLUMNS) {
        Some(CogFile::Communes)
    } else if fields.first() == Some(&"MOD") && has(&MOVES_COLUMNS) {
        Some(CogFile::Moves)
    } else {
        None
    }
}

/// One change of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub date: String,
    pub type_before: String,
    pub before: String,
    pub type_after: String,
    pub after: String,
    pub name_after: String,
}

/// A COG file read: its rows as the CSV written (without edition), lines included.
#[derive(Debug)]
pub struct CogRead {
    pub kind: CogFile,
    /// Rows in file order, fields of [`COMMUNES_HEADER`] or [`MOVES_HEADER`] without
    /// `edition` and `source_ref`, and the row's line.
    pub rows: Vec<(Vec<String>, u64)>,
    pub account: super::Account,
}

impl CogRead {
    /// The history's changes (empty for the communes list).
    pub fn moves(&self) -> Vec<Move> {
        if self.kind != CogFile::Moves {
            return Vec::new();
        }
        self.rows
            .iter()
            .map(|(r, _)| Move {
                date: r[1].clone(),
                type_before: r[2].clone(),
                before: r[3].clone(),
                type_after: r[5].clone(),
                after: r[6].clone(),
                name_after: r[7].clone(),
            })
            .collect()
    }

    /// The history's edition: the year of its last change.
    pub fn moves_edition(&self) -> Option<i32> {
        self.rows
            .iter()
            .filter_map(|(r, _)| r[1].get(..4)?.parse().ok())
            .max()
    }

    /// The list's edition: the year of the last change of `moves` it reflects ([`mod@self`]):
    /// every commune the change leaves (created, kept, renamed) is listed under the name it
    /// has after the change.
    pub fn communes_edition(&self, moves: &[Move]) -> Option<i32> {
        let listed: BTreeMap<&str, &str> = self
            .rows
            .iter()
            .filter(|(r, _)| r[1] == "COM")
            .map(|(r, _)| (r[0].as_str(), r[4].as_str()))
            .collect();
        let mut by_date: BTreeMap<&str, Vec<&Move>> = BTreeMap::new();
        for m in moves {
            by_date.entry(m.date.as_str()).or_default().push(m);
        }
        by_date.iter().rev().find_map(|(date, ms)| {
            let mut after = ms.iter().filter(|m| m.type_after == "COM").peekable();
            after.peek()?;
            let reflects =
                after.all(|m| listed.get(m.after.as_str()) == Some(&m.name_after.as_str()));
            reflects.then(|| date.get(..4)?.parse().ok()).flatten()
        })
    }

    /// The CSV written, with `edition` and each row's line.
    pub fn csv(&self, edition: i32) -> Vec<u8> {
        let header: &[&str] = match self.kind {
            CogFile::Communes => &COMMUNES_HEADER,
            CogFile::Moves => &MOVES_HEADER,
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header).expect("in-memory write");
        let e = edition.to_string();
        for (r, line) in &self.rows {
            let mut rec: Vec<&str> = r.iter().map(String::as_str).collect();
            let line = format!("ligne {line}");
            rec.push(&e);
            rec.push(&line);
            w.write_record(&rec).expect("in-memory write");
        }
        w.into_inner().expect("in-memory write")
    }

    /// Relative path of the CSV written.
    pub fn rel(&self, edition: i32) -> String {
        match self.kind {
            CogFile::Communes => format!("context/cog/cog-communes-{edition}.csv"),
            CogFile::Moves => format!("context/cog-mouvements/cog-mouvements-{edition}.csv"),
        }
    }
}

/// A commune code: 5 characters, digits or `2A`/`2B` at the start.
pub fn is_commune_code(code: &str) -> bool {
    code.len() == 5
        && code
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || (i == 1 && (c == 'A' || c == 'B')))
}

/// Read a COG file recognised by [`recognise_header`].
///
/// Errors (file, line and field): a row without its fields, a code that is not a commune code,
/// a date that is not `AAAA-MM-JJ`, a commune listed twice with the same type.
pub fn read(path: &Path, bytes: &[u8], kind: CogFile) -> Result<CogRead> {
    let file = super::file_name(path);
    let mut account = super::Account::new(file);
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let csv_err = |line: u64, field: &str, message: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        field: field.to_string(),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| csv_err(1, "", e.to_string()))?
        .clone();
    let names: &[&str] = match kind {
        CogFile::Communes => &COMMUNES_COLUMNS,
        CogFile::Moves => &MOVES_COLUMNS,
    };
    let idx: Vec<usize> = names
        .iter()
        .map(|n| {
            headers
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}') == *n)
                .expect("recognised header")
        })
        .collect();
    let mut rows = Vec::new();
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    // Lines counted once through the file (records come in order).
    let mut lines = LineCounter::new(bytes);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = csv_line(bytes, e.position());
            csv_err(line, "", format!("ligne illisible : {e}"))
        })?;
        let line = lines.line(record.position());
        account.rows_read += 1;
        let get = |i: usize| -> Result<String> {
            record
                .get(idx[i])
                .map(|s| s.trim().to_string())
                .ok_or_else(|| {
                    csv_err(
                        line,
                        names[i],
                        format!("champ `{}` absent de la ligne", names[i]),
                    )
                })
        };
        let fields: Vec<String> = (0..names.len()).map(get).collect::<Result<_>>()?;
        let check_code = |i: usize, may_be_empty: bool| -> Result<()> {
            let c = &fields[i];
            if is_commune_code(c) || (may_be_empty && c.is_empty()) {
                Ok(())
            } else {
                Err(csv_err(
                    line,
                    names[i],
                    format!(
                        "attendu un code de commune à 5 caractères (01001, 2A004) ; trouvé «{c}»"
                    ),
                ))
            }
        };
        match kind {
            CogFile::Communes => {
                check_code(1, false)?;
                if let Some(first) = seen.insert((fields[1].clone(), fields[0].clone()), line) {
                    return Err(csv_err(
                        line,
                        "COM",
                        format!(
                            "{} {} déjà listée ligne {first} : attendu une ligne par code et type",
                            fields[0], fields[1]
                        ),
                    ));
                }
                // code, type, departement, region, name, parent
                rows.push((
                    vec![
                        fields[1].clone(),
                        fields[0].clone(),
                        fields[3].clone(),
                        fields[2].clone(),
                        fields[4].clone(),
                        fields[5].clone(),
                    ],
                    line,
                ));
            }
            CogFile::Moves => {
                check_code(3, true)?;
                check_code(6, true)?;
                let d = &fields[1];
                let date_ok = d.len() == 10
                    && d.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if !date_ok {
                    return Err(csv_err(
                        line,
                        "DATE_EFF",
                        format!("attendu une date AAAA-MM-JJ ; trouvé «{d}»"),
                    ));
                }
                // mod, date, type_before, before, name_before, type_after, after, name_after
                rows.push((fields, line));
            }
        }
        account.rows_loaded += 1;
        account.values_loaded += 1;
    }
    Ok(CogRead {
        kind,
        rows,
        account,
    })
}
