//! The territory reference: départements (DREES coding), régions and national aggregates.
//!
//! Every importer resolves the codes it reads against this list; an unknown code is an error,
//! never a silent new territory. Aggregates have no code in the official files, only a label,
//! so [`aggregate_code`] is the one place where a label maps to a code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{Account, Output, file_name, files};
use crate::error::{Error, Result};
use crate::model::lines::{LineCounter, csv_line};

/// A row of `data/territories.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub region_code: Option<String>,
    pub valid_from: Option<i32>,
    pub valid_to: Option<i32>,
    pub source_ref: String,
}

/// The territory importer's result: rows plus the file to write.
pub struct Imported {
    pub rows: Vec<Territory>,
    pub output: Output,
}

pub use crate::model::territory::AGGREGATES;

/// Code of a national aggregate from its printed label, or `None` when the label is not one.
///
/// DREES's ASE workbooks print «TOTAL estimé France entière» in the département block for the
/// same field as «… (hors Mayotte)» (their scope excludes Mayotte), so both map to `FRE`;
/// likewise a bare «TOTAL estimé DROM» is `DROM`. Insee's «DOM» includes Mayotte: `DOM`.
pub fn aggregate_code(label: &str) -> Option<&'static str> {
    let norm = label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let norm = norm.trim_start_matches("total estimé ").trim();
    Some(match norm {
        "france métropolitaine" => "FRM",
        "france entière (hors mayotte)"
        | "france entière"
        | "france métropolitaine et drom (hors mayotte)" => "FRE",
        "drom (hors mayotte)" | "drom" => "DROM",
        "france métropolitaine et drom" | "france métropolitaine et dom" => "FR",
        "dom" => "DOM",
        _ => return None,
    })
}

/// Codes the importers may meet, with the single département of each overseas region.
#[derive(Debug, Default, Clone)]
pub struct Known {
    codes: BTreeSet<String>,
    region_departements: BTreeMap<String, Vec<String>>,
}

impl Known {
    /// Build from the territory rows.
    pub fn from_rows(rows: &[Territory]) -> Self {
        let mut k = Known::default();
        for t in rows {
            k.codes.insert(t.code.clone());
            if t.kind == "departement"
                && let Some(r) = &t.region_code
            {
                k.region_departements
                    .entry(r.clone())
                    .or_default()
                    .push(t.code.clone());
            }
        }
        k
    }

    /// Is `code` a known territory?
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains(code)
    }

    /// The only département of region `region` (the overseas regions), if it has exactly one.
    pub fn sole_departement(&self, region: &str) -> Option<&str> {
        match self.region_departements.get(region).map(Vec::as_slice) {
            Some([only]) => Some(only),
            _ => None,
        }
    }
}

/// The territory `t` is part of, by code: a département's région (`R84`; Mayotte's `R106`
/// does not exist, DREES's field excludes it), except the two parts
/// of the Rhône after 2015 (`69D`, `69M` → `69`, which DREES keeps publishing whole); a
/// région's national scope (`FRM`, or `DROM` for the overseas régions); `FRM` and `DROM` are
/// parts of `FRE`. Collectivités d'outre-mer and the other aggregates have none. Callers keep
/// only parents that exist in the territory list.
pub fn parent_of(t: &Territory) -> Option<String> {
    match t.kind {
        "departement" => match t.code.as_str() {
            "69D" | "69M" => Some("69".to_string()),
            _ => t.region_code.as_ref().map(|r| format!("R{r}")),
        },
        "region" => {
            // DREES codes the overseas régions 101-106, the metropolitan ones 11-94.
            let overseas = t
                .region_code
                .as_deref()
                .is_some_and(|r| r.len() == 3 && r.starts_with('1'));
            Some(if overseas { "DROM" } else { "FRM" }.to_string())
        }
        "france_metropolitaine" | "drom_total" => Some("FRE".to_string()),
        _ => None,
    }
}

/// Whether territory `t` exists in `year` (its `valid_from`/`valid_to`, both inclusive).
pub fn is_valid_in(t: &Territory, year: i32) -> bool {
    t.valid_from.is_none_or(|f| year >= f) && t.valid_to.is_none_or(|to| year <= to)
}

/// Normalise a département code read from a cell: numbers lose their float form and get
/// their leading zero back (`1.0` → `01`), text is trimmed and upper-cased (`2a` → `2A`).
pub fn departement_code(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.len() == 1 && t.chars().all(|c| c.is_ascii_digit()) {
        format!("0{t}")
    } else {
        t.to_uppercase()
    }
}

/// Read the DREES département list and the region names of the tidy series.
pub fn import(shared_data: &Path) -> Result<Imported> {
    let mut rows = Vec::new();
    let list = shared_data.join(files::DEPARTEMENTS);
    let name = file_name(&list);
    let mut account = Account::new(&name);
    let bytes = std::fs::read(&list).map_err(|e| Error::io(&list, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut lines = LineCounter::new(&bytes);
    let header = reader
        .headers()
        .map_err(|e| csv_error(&list, &bytes, e))?
        .clone();
    let expected = ["NumReg", "NumDept", "Departement"];
    for (i, want) in expected.iter().enumerate() {
        if header.get(i).map(str::trim) != Some(*want) {
            return Err(Error::Csv {
                path: list.clone(),
                line: 1,
                field: want.to_string(),
                message: format!(
                    "attendu : la colonne `{want}` en position {} ; trouvé : `{}`",
                    i + 1,
                    header.get(i).unwrap_or("")
                ),
            });
        }
    }
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&list, &bytes, e))?;
        let line = lines.line(record.position());
        account.rows_read += 1;
        let code = departement_code(&record[1]);
        let (kind, from, to) = match code.as_str() {
            "2A" | "2B" => ("departement", None, Some(2017)),
            "20" => ("departement", Some(2018), None),
            "69D" | "69M" => ("departement", Some(2015), None),
            "975" | "977" | "978" => ("collectivite_outre_mer", None, None),
            _ => ("departement", None, None),
        };
        rows.push(Territory {
            code,
            name: record[2].trim().to_string(),
            kind,
            region_code: Some(record[0].trim().to_string()),
            valid_from: from,
            valid_to: to,
            source_ref: format!("{name}:{line}"),
        });
        account.rows_loaded += 1;
    }

    // Region names come from the region rows of the tidy DREES series (the list has codes only).
    let tidy = shared_data.join(files::BENEF_TIDY);
    let tidy_name = file_name(&tidy);
    let mut regions = BTreeMap::new();
    let bytes = std::fs::read(&tidy).map_err(|e| Error::io(&tidy, e))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut lines = LineCounter::new(&bytes);
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&tidy, &bytes, e))?;
        if record.get(3) == Some("Région") {
            let line = lines.line(record.position());
            regions
                .entry(record[0].trim().to_string())
                .or_insert_with(|| (record[2].trim().to_string(), line));
        }
    }
    for (code, (rname, line)) in regions {
        rows.push(Territory {
            code: format!("R{code}"),
            name: rname,
            kind: "region",
            region_code: Some(code),
            valid_from: None,
            valid_to: None,
            source_ref: format!("{tidy_name}:{line}"),
        });
    }
    for (code, aname, kind, labels) in AGGREGATES {
        rows.push(Territory {
            code: code.to_string(),
            name: aname.to_string(),
            kind,
            region_code: None,
            valid_from: None,
            valid_to: None,
            source_ref: labels.to_string(),
        });
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    // Parents are written, not kept on the rows: only those that exist in the list.
    let codes: BTreeSet<String> = rows.iter().map(|t| t.code.clone()).collect();

    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "code",
        "name",
        "kind",
        "region_code",
        "parent_code",
        "valid_from",
        "valid_to",
        "source_ref",
    ])
    .expect("in-memory write");
    let opt = |v: Option<i32>| v.map(|y| y.to_string()).unwrap_or_default();
    for t in &rows {
        w.write_record([
            t.code.as_str(),
            &t.name,
            t.kind,
            t.region_code.as_deref().unwrap_or(""),
            &parent_of(t)
                .filter(|p| codes.contains(p))
                .unwrap_or_default(),
            &opt(t.valid_from),
            &opt(t.valid_to),
            &t.source_ref,
        ])
        .expect("in-memory write");
    }
    let mut output = Output::default();
    output.file("territories.csv", w.into_inner().expect("in-memory write"));
    output.accounts.push(account);
    Ok(Imported { rows, output })
}

/// A csv crate error, located. A file that cannot be read is an I/O error on that file, not a
/// malformed line.
pub fn csv_error(path: &Path, bytes: &[u8], e: csv::Error) -> Error {
    csv_error_at(path, csv_line(bytes, e.position()), e)
}

/// A CSV reader's error at `line` (a file streamed, numbered by [`crate::model::lines::LineEnds`]).
pub fn csv_error_at(path: &Path, line: u64, e: csv::Error) -> Error {
    if e.is_io_error() {
        let message = format!("{}: {e}", path.display());
        return match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(path, io),
            _ => Error::Invalid(message),
        };
    }
    Error::Csv {
        path: path.to_path_buf(),
        line,
        field: "-".into(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_labels() {
        assert_eq!(
            aggregate_code("TOTAL estimé France métropolitaine"),
            Some("FRM")
        );
        assert_eq!(aggregate_code("France métropolitaine "), Some("FRM"));
        assert_eq!(
            aggregate_code("Total estimé DROM (hors Mayotte)"),
            Some("DROM")
        );
        assert_eq!(
            aggregate_code("TOTAL estimé France entière (hors Mayotte)"),
            Some("FRE")
        );
        assert_eq!(
            aggregate_code("TOTAL estimé France métropolitaine et DROM"),
            Some("FR")
        );
        assert_eq!(aggregate_code("Bretagne"), None);
    }

    fn t(code: &str, kind: &'static str, region: Option<&str>) -> Territory {
        Territory {
            code: code.into(),
            name: code.into(),
            kind,
            region_code: region.map(str::to_string),
            valid_from: None,
            valid_to: None,
            source_ref: String::new(),
        }
    }

    #[test]
    fn parents() {
        let parent = |code, kind, region| parent_of(&t(code, kind, region));
        assert_eq!(parent("17", "departement", Some("75")), Some("R75".into()));
        assert_eq!(parent("69M", "departement", Some("84")), Some("69".into()));
        assert_eq!(
            parent("976", "departement", Some("106")),
            Some("R106".into())
        );
        assert_eq!(parent("R75", "region", Some("75")), Some("FRM".into()));
        assert_eq!(parent("R101", "region", Some("101")), Some("DROM".into()));
        assert_eq!(
            parent("FRM", "france_metropolitaine", None),
            Some("FRE".into())
        );
        assert_eq!(parent("DROM", "drom_total", None), Some("FRE".into()));
        assert_eq!(parent("FRE", "france_entiere", None), None);
        assert_eq!(parent("975", "collectivite_outre_mer", Some("105")), None);
    }

    #[test]
    fn validity_years_are_inclusive() {
        let mut corse = t("2A", "departement", Some("94"));
        corse.valid_to = Some(2017);
        assert!(is_valid_in(&corse, 2017) && !is_valid_in(&corse, 2018));
        let mut lyon = t("69M", "departement", Some("84"));
        lyon.valid_from = Some(2015);
        assert!(!is_valid_in(&lyon, 2014) && is_valid_in(&lyon, 2015));
    }

    #[test]
    fn departement_codes() {
        assert_eq!(departement_code("1"), "01");
        assert_eq!(departement_code("10.0"), "10");
        assert_eq!(departement_code(" 2a"), "2A");
        assert_eq!(departement_code("971"), "971");
    }
}
