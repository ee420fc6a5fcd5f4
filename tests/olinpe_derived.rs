//! OLINPE: what the import derives once (persons, measures, periods, parcours, the list of
//! extracts) is rebuilt from every partition held at each import, so that importing the two
//! hand-written extracts of 17 one after the other gives the same indicators as importing them
//! together (values of tests/olinpe.rs, computed by hand there); so are the indicator tables
//! (`olinpe/indicateurs/`, src/import/olinpe/indicators.rs), byte for byte.

use crate::common::{data_copy, repo, stdout_ok};

fn csv(data: &std::path::Path, sql: &str) -> String {
    stdout_ok(&[
        "--data-dir",
        &data.to_string_lossy(),
        "query",
        "--format",
        "csv",
        sql,
    ])
}

#[test]
fn olinpe_a_later_import_rebuilds_what_is_derived_from_every_partition_held() {
    let data = data_copy();
    let d = data.path().to_string_lossy().to_string();
    for f in ["ONED-017-20220301_2021.xml", "ONED-017-20230301_2022.csv"] {
        let file = repo(&format!("tests/fixtures/olinpe/{f}"));
        stdout_ok(&["--data-dir", &d, "import", &file.to_string_lossy()]);
    }
    assert_eq!(
        csv(data.path(), "SELECT * FROM olinpe_extracts ORDER BY file"),
        "file,departement,year,events\n\
         ONED-017-20220301_2021.xml,17,2021,9\n\
         ONED-017-20230301_2022.csv,17,2022,9\n"
    );
    // P2's identifier changes between the files (NUMANONYMANT in 2022): one person, one entry.
    assert_eq!(
        csv(data.path(), "SELECT * FROM olinpe_flows ORDER BY year"),
        "departement,year,entries,exits\n17,2021,4,1\n17,2022,2,2\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, measure_type, measures, persons FROM olinpe_stock WHERE measure_type IN ('aemo', 'placement_ase', 'total') ORDER BY year, measure_type"
        ),
        "year,measure_type,measures,persons\n\
         2021,aemo,1,1\n\
         2021,total,3,3\n\
         2022,aemo,1,1\n\
         2022,placement_ase,1,1\n\
         2022,total,5,4\n"
    );
    // The measures in progress are censored at the last year held (2022), not the first.
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, stock_from, stock_to, censor_date FROM olinpe_measure_rows WHERE NOT ended ORDER BY datdeb"
        ),
        "measure_type,stock_from,stock_to,censor_date\n\
         jeune_majeur,2021,2023,2022-12-31\n\
         autre,2022,2023,2022-12-31\n\
         aemo,2022,2023,2022-12-31\n\
         placement_ase,2022,2023,2022-12-31\n\
         aed,2022,2023,2022-12-31\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT sequence, COUNT(*) AS persons FROM olinpe_sequence_rows GROUP BY sequence ORDER BY sequence"
        ),
        "sequence,persons\nAED,1\nAEMO → placement,1\naccueil administratif → AED,1\nautre → AEMO,1\nautre → jeune majeur,1\nplacement,1\n"
    );
    // The indicators are rebuilt from both partitions: the same bytes as one import of both.
    let together = data_copy();
    stdout_ok(&[
        "--data-dir",
        &together.path().to_string_lossy(),
        "import",
        &repo("tests/fixtures/olinpe").to_string_lossy(),
    ]);
    let (a, b) = (
        crate::olinpe_indicators::indicator_files(data.path()),
        crate::olinpe_indicators::indicator_files(together.path()),
    );
    assert_eq!(a.len(), 9);
    for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert!(
            ba == bb,
            "olinpe/indicateurs/{na}: two imports differ from one"
        );
    }
    // P4's renewal of 2021 declares CHGLIEU 2 (a change), its end of 2022 NBCHGLIEU 3: the
    // event-level counters read both partitions.
    assert_eq!(
        csv(
            data.path(),
            "SELECT year, renewals_known, renewals_with_change, ends_known, changes_at_end FROM olinpe_placement_changes ORDER BY year"
        ),
        "year,renewals_known,renewals_with_change,ends_known,changes_at_end\n2021,1,1,0,0\n2022,0,0,1,3\n"
    );
}
