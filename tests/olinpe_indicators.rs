//! OLINPE: the indicators computed once at import (src/import/olinpe/indicators.rs, tables
//! `olinpe_*_counts`, read by the thin views `olinpe_stock`…) equal, row for row, their
//! definitions kept as reference SQL (queries/olinpe/reference/*.sql, the former views over the
//! measures, periods, parcours and events), on synthetic extracts of three départements with
//! defects and on the hand-written extracts of 17; the same inputs give byte-identical files.

use std::path::Path;

use crate::common::{data_copy, repo, stdout_ok};
use crate::olinpe::csv;

/// Each reference query (`queries/olinpe/reference/<name>.sql`) and what must equal it: the
/// view over its materialised table, or the table itself when the view adds to it (the labels
/// of the exit reasons, the DREES counts of the reconciliation).
const REFERENCES: [(&str, &str); 9] = [
    ("stock", "olinpe_stock"),
    ("flows", "olinpe_flows"),
    ("exit_reasons", "olinpe_exit_counts"),
    ("durations", "olinpe_durations"),
    ("entry_ages", "olinpe_entry_ages"),
    ("sequences", "olinpe_sequences"),
    ("delays", "olinpe_delays"),
    ("placement_changes", "olinpe_placement_changes"),
    ("family_stock", "olinpe_family_counts"),
];

/// The header, then the rows sorted (the views have no order of their own).
fn rows(text: &str) -> (String, Vec<String>) {
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap_or_default();
    let mut rows: Vec<String> = lines.collect();
    rows.sort();
    (header, rows)
}

/// Synthetic extracts of 22, 2A and 971 (2019-2022, 2 % of defects, a twentieth of DREES's
/// counts: small cells) and the hand-written ones of 17, imported in one run.
fn imported() -> tempfile::TempDir {
    let data = data_copy();
    let d = data.path().to_string_lossy().to_string();
    let synth = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &d,
        "olinpe",
        "synth",
        "--departements",
        "22,2A,971",
        "--years",
        "2019-2022",
        "--seed",
        "11",
        "--defauts",
        "0.02",
        "--echelle",
        "0.05",
        "-o",
        &synth.path().to_string_lossy(),
    ]);
    stdout_ok(&[
        "--data-dir",
        &d,
        "import",
        &synth.path().to_string_lossy(),
        &repo("tests/fixtures/olinpe").to_string_lossy(),
    ]);
    data
}

/// The indicator files of a data directory: (name, bytes), sorted.
pub fn indicator_files(data: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = data.join("olinpe/indicateurs");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn olinpe_indicators_equal_their_reference_sql() {
    let data = imported();
    for (name, view) in REFERENCES {
        let file = repo(&format!("queries/olinpe/reference/{name}.sql"));
        let reference: String = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n");
        let got = csv(data.path(), &format!("SELECT * FROM {view}"));
        let want = csv(data.path(), &reference);
        let (got_header, got_rows) = rows(&got);
        let (want_header, want_rows) = rows(&want);
        assert_eq!(got_header, want_header, "{view}: columns");
        assert!(
            got_rows.len() >= 4,
            "{view}: too few rows to compare: {got}"
        );
        for (g, w) in got_rows.iter().zip(&want_rows) {
            assert_eq!(g, w, "{view}: first differing row");
        }
        assert_eq!(got_rows.len(), want_rows.len(), "{view}: rows");
        let lower = got.to_lowercase();
        assert!(
            !lower.contains("nan") && !lower.contains("inf"),
            "{view}: {got}"
        );
        // The same types: the reference and the view as one UNION ALL plan.
        csv(
            data.path(),
            &format!(
                "SELECT COUNT(*) FROM (SELECT * FROM {view} UNION ALL SELECT * FROM ({}))",
                reference.trim().trim_end_matches(';')
            ),
        );
    }
    // Every département and year of extract is there (stock, flows), the 2 hand-written
    // extracts of 17 beside the synthetic ones.
    assert_eq!(
        csv(
            data.path(),
            "SELECT departement, COUNT(*) AS years FROM olinpe_flows GROUP BY departement ORDER BY departement"
        ),
        "departement,years\n17,2\n22,4\n2A,4\n971,4\n"
    );
    // The same inputs give the same bytes.
    let again = imported();
    let (a, b) = (indicator_files(data.path()), indicator_files(again.path()));
    assert_eq!(a.len(), 9);
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(
            ba == bb,
            "olinpe/indicateurs/{na} differs between two imports"
        );
    }
}
