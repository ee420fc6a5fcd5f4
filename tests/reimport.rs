//! Re-import de the official files reproduces the committed `data/` byte for byte: the
//! committed data is exactly what the importers make of `../shared/data`, nothing edited by hand.

use std::fs;
use std::sync::OnceLock;

use depbench::import::Output;

use crate::common;

/// One import of `../shared/data` for every test here (it reads every workbook).
fn imported() -> Option<&'static Output> {
    static OUT: OnceLock<Output> = OnceLock::new();
    let shared = common::shared_data()?;
    Some(
        OUT.get_or_init(|| {
            depbench::import::import_all(&shared).expect("import de ../shared/data")
        }),
    )
}

#[test]
fn reimport_matches_committed_data_byte_for_byte() {
    let Some(out) = imported() else {
        return;
    };
    assert!(
        out.files.len() >= 10,
        "only {} files produced",
        out.files.len()
    );
    let mut differences = Vec::new();
    for (rel, bytes) in &out.files {
        let committed_path = common::repo("data").join(rel);
        let Ok(committed) = fs::read(&committed_path) else {
            differences.push(format!("{}: produced but not committed", rel.display()));
            continue;
        };
        if committed == *bytes {
            continue;
        }
        let produced = String::from_utf8_lossy(bytes);
        let committed = String::from_utf8_lossy(&committed);
        let mut p = produced.lines();
        let mut c = committed.lines();
        let mut line = 1;
        let message = loop {
            match (p.next(), c.next()) {
                (Some(a), Some(b)) if a == b => line += 1,
                (None, None) => {
                    break "same lines, different line endings or final newline".to_string();
                }
                (a, b) => {
                    break format!(
                        "first difference at line {line}\n  committed: {}\n  produced:  {}",
                        b.unwrap_or("(end of file)"),
                        a.unwrap_or("(end of file)")
                    );
                }
            }
        };
        differences.push(format!("{}: {message}", rel.display()));
    }
    assert!(
        differences.is_empty(),
        "re-import differs from the committed data/:\n{}",
        differences.join("\n")
    );
}

#[test]
fn reimport_accounts_for_every_row() {
    let Some(out) = imported() else {
        return;
    };
    for a in &out.accounts {
        assert_eq!(
            a.rows_read,
            a.rows_loaded + a.rows_skipped(),
            "rows read = loaded + not loaded, for {}",
            a.input
        );
    }
    // The tidy series load every row.
    let tidy = out
        .accounts
        .iter()
        .find(|a| a.input == "ase-beneficiaires-2002-2022.csv")
        .expect("account of the tidy beneficiaries series");
    assert_eq!((tidy.rows_read, tidy.rows_loaded), (25470, 25470));
}
