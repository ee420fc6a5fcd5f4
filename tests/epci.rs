//! The EPCI map (issue 23 §6): the DGCL composition, the COG and the IGN commune outlines
//! imported, the committed EPCI outlines and populations pinned against the workbook's cells,
//! every commune outline of the five seed départements placed, merged communes followed.

use std::collections::BTreeSet;

use calamine::{Data, Reader};

use crate::common;

const EPCICOM: &str = "../shared/context/geo/epcicom2025.xlsx";

fn records(rel: &str) -> Vec<csv::StringRecord> {
    let text = std::fs::read_to_string(common::repo(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

/// Charente-Maritime has 13 EPCI outlined; La Rochelle's population is the workbook's cell
/// (row 5882, its first commune: G = total_pop_tot 185 015, H = total_pop_mun 181 057).
#[test]
fn charente_maritime_has_13_epci_with_their_workbook_populations() {
    let outlined: BTreeSet<String> = records("data/context/epci-contours/epci-contours-17.csv")
        .iter()
        .map(|r| r[1].to_string())
        .collect();
    assert_eq!(outlined.len(), 13, "{outlined:?}");
    let epci = records("data/context/epci/epci-2025.csv");
    let rochelle = epci
        .iter()
        .find(|r| &r[0] == "241700434")
        .expect("CA de La Rochelle");
    assert_eq!(
        (
            &rochelle[1],
            &rochelle[4],
            &rochelle[6],
            &rochelle[7],
            &rochelle[9]
        ),
        (
            "CA de La Rochelle",
            "17",
            "185015",
            "181057",
            "Epcicom2025!B5882:H5882"
        )
    );
    // Every outlined EPCI is an EPCI of the composition with communes in Charente-Maritime.
    let members = records("data/context/epci-communes/epci-communes-2025.csv");
    let of_17: BTreeSet<String> = members
        .iter()
        .filter(|r| &r[1] == "17")
        .map(|r| r[3].to_string())
        .collect();
    assert_eq!(outlined, of_17);
    let path = common::root().join(EPCICOM);
    if !path.is_file() {
        eprintln!(
            "skipped: ../shared/context is absent (the official files are not part of the clone)"
        );
        return;
    }
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    let sheet = book.worksheet_range("Epcicom2025").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r - 1, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(5882, 1), Data::Float(241700434.0));
    assert_eq!(cell(5882, 6), Data::Float(185015.0));
    assert_eq!(cell(5882, 7), Data::Float(181057.0));
    // Each committed EPCI population of the 13 is the G cell of the row it cites.
    for r in epci.iter().filter(|r| outlined.contains(&r[0])) {
        let row: u32 = r[9].split(":H").nth(1).unwrap().parse().unwrap();
        assert_eq!(
            cell(row, 6),
            Data::Float(r[6].parse().unwrap()),
            "{}",
            &r[1]
        );
    }
}

/// Every commune outline of the five seed files is placed; Fontenai-les-Louvets (61172),
/// merged into L'Orée-d'Écouves (61228) on 1 January 2019, is followed to it and its EPCI.
#[test]
fn every_seed_commune_outline_is_placed_through_the_cog_history() {
    let mut total = 0;
    for dep in ["17", "31", "34", "61", "95"] {
        let rows = records(&format!(
            "data/context/epci-placement/communes-2018-{dep}.csv"
        ));
        assert!(rows.iter().all(|r| &r[4] == "placed"), "{dep}");
        total += rows.len();
    }
    assert_eq!(total, 466 + 587 + 343 + 389 + 184);
    let orne = records("data/context/epci-placement/communes-2018-61.csv");
    let fontenai = orne.iter().find(|r| &r[0] == "61172").unwrap();
    let members = records("data/context/epci-communes/epci-communes-2025.csv");
    let oree = members.iter().find(|r| &r[0] == "61228").unwrap();
    assert_eq!((&fontenai[2], &fontenai[3]), ("61228", &oree[3]));
}

/// The import of the context folder accounts for every row of the EPCI map's files, writes the
/// COG list as the 2026 edition (read from the history's renames), and the outlines close: the
/// communes share their vertices.
#[test]
fn epci_map_import_accounts_for_every_row() {
    let geo = common::root().join("../shared/context/geo");
    if !geo.join("epcicom2025.xlsx").is_file() {
        eprintln!(
            "skipped: ../shared/context is absent (the official files are not part of the clone)"
        );
        return;
    }
    let out =
        depbench::import::editions::import_paths(&[geo], Some(&common::repo("data"))).unwrap();
    let account = |input: &str| {
        out.accounts
            .iter()
            .find(|a| a.input.starts_with(input))
            .unwrap_or_else(|| panic!("no account of {input}"))
    };
    let epci = account("epcicom2025.xlsx");
    assert_eq!(
        (epci.rows_read, epci.rows_loaded, epci.rows_skipped()),
        (34871, 34871, 0)
    );
    assert_eq!(account("cog-2026-communes.csv").rows_loaded, 37496);
    assert_eq!(account("cog-mouvements-communes.csv").rows_loaded, 13734);
    assert_eq!(
        account("communes-17-charente-maritime.geojson").rows_loaded,
        466
    );
    assert!(
        out.files
            .keys()
            .any(|p| p.ends_with("context/cog/cog-communes-2026.csv"))
    );
    assert!(
        !out.notes.iter().any(|n| n.contains("sans arête jumelle")),
        "{:?}",
        out.notes
    );
    // The same bytes as committed.
    for (rel, bytes) in &out.files {
        if rel.starts_with("context") {
            assert_eq!(
                &std::fs::read(common::repo("data").join(rel)).unwrap(),
                bytes,
                "{}",
                rel.display()
            );
        }
    }
}

/// A département without commune outlines gets no EPCI map: `chart` says why, names the
/// départements that have one, and fails without writing.
#[test]
fn epci_map_of_a_departement_without_outlines_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("epci.png");
    let out = common::depbench(&[
        "chart",
        "-f",
        "queries/figures/23_carte_epci.sql",
        "-p",
        "focus=22",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "erreur : queries/figures/23_carte_epci.sql : pas de carte des EPCI pour Côtes-d'Armor (22) : les contours IGN des communes ne sont importés que pour les départements 17, 31, 34, 61, 95"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
