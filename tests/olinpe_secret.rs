//! OLINPE statistical secret attacked as a reader would (docs/olinpe.md, « Secret
//! statistique »): the explorer serves no raw OLINPE table whatever the spelling of the query,
//! and no hidden cell of the published views can be recomputed from everything published
//! (totals, margins and other tables known, a secondary cell known to be at least 5).

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::path::Path;

use crate::common::{data_copy, stdout_ok};
use crate::olinpe::{csv, extract_with};

/// 16 persons of département 17 starting on 01/02/2021, all open: 10 AEMO, 5 placements ASE,
/// 1 AED (the tester's repro file, written here).
fn repro_extract() -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DECRET><INTRO><VERSIONXSD>2.01</VERSIONXSD><DATEXPORT>2022-03-01</DATEXPORT></INTRO>\n",
    );
    let kinds = [
        (2, "NATDECASSED", 15, 10),
        (2, "NATDECASSED", 17, 5),
        (1, "NATPDECADM", 10, 1),
    ];
    let mut person = 0;
    for (decision, var, nature, n) in kinds {
        for _ in 0..n {
            person += 1;
            x.push_str(&format!(
                "<DONNEE><NUMDEP>017</NUMDEP><NUMANONYM>{person:040x}</NUMANONYM><TYPEV>1</TYPEV><SEXE>1</SEXE><ANAIS>2010</ANAIS><MNAIS>05</MNAIS><DECISION>{decision}</DECISION><{var}>{nature}</{var}><TYPINTERDOM>2</TYPINTERDOM><DATDEB>2021-02-01</DATDEB></DONNEE>\n"
            ));
        }
    }
    x.push_str("</DECRET>\n");
    x
}

fn import_repro() -> tempfile::TempDir {
    let data = data_copy();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ONED-017-20220301_2021.xml"),
        repro_extract(),
    )
    .unwrap();
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &dir.path().to_string_lossy(),
    ]);
    data
}

fn import_synth(departements: &str, years: &str, scale: &str, seed: &str) -> tempfile::TempDir {
    let data = data_copy();
    let out = tempfile::tempdir().unwrap();
    let d = data.path().to_string_lossy().to_string();
    stdout_ok(&[
        "--data-dir",
        &d,
        "olinpe",
        "synth",
        "--departements",
        departements,
        "--years",
        years,
        "--echelle",
        scale,
        "--seed",
        seed,
        "-o",
        &out.path().to_string_lossy(),
    ]);
    stdout_ok(&["--data-dir", &d, "import", &out.path().to_string_lossy()]);
    data
}

/// The rows of `sql` as maps column → text (empty for NULL).
fn rows(data: &Path, sql: &str) -> Vec<BTreeMap<String, String>> {
    let out = stdout_ok(&[
        "--data-dir",
        &data.to_string_lossy(),
        "query",
        "--format",
        "csv",
        "--max-rows",
        "100000",
        sql,
    ]);
    let mut r = ::csv::Reader::from_reader(out.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, col: &str) -> Option<i64> {
    row[col].parse::<f64>().ok().map(|v| v as i64)
}

/// The feasible range of hidden cell `i` when the hidden cells of a group, each within its
/// bounds `(lo, hi)`, sum to `s` (one equality over integer boxes: every value between the two
/// ends is reachable).
fn range(bounds: &[(i64, i64)], s: i64, i: usize) -> (i64, i64) {
    let (others_lo, others_hi) = bounds
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .fold((0, 0), |(a, b), (_, (lo, hi))| (a + lo, b + hi));
    (
        (s - others_hi).max(bounds[i].0),
        (s - others_lo).min(bounds[i].1),
    )
}

/// Attack every published OLINPE view of `data` and return what it found out (empty: nothing).
fn attack(data: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let raw = rows(
        data,
        "SELECT departement, year, measure_type, persons FROM olinpe_stock WHERE measure_type <> 'total'",
    );
    let public = rows(
        data,
        "SELECT departement, year, measure_type, persons, secret, secret_reason FROM olinpe_stock_public WHERE measure_type <> 'total'",
    );
    let durations = rows(
        data,
        "SELECT departement, measure_type, n, censored FROM olinpe_durations_public",
    );
    let n_of = |d: &str, t: &str| {
        durations
            .iter()
            .find(|r| r["departement"] == d && r["measure_type"] == t)
            .and_then(|r| num(r, "n"))
    };
    let mut groups: BTreeMap<(String, String), Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &public {
        groups
            .entry((r["departement"].clone(), r["year"].clone()))
            .or_default()
            .push(r);
    }
    for ((d, y), cells) in &groups {
        let hidden: Vec<_> = cells.iter().filter(|r| !r["secret"].is_empty()).collect();
        if hidden.is_empty() {
            continue;
        }
        let truth = |t: &str| {
            raw.iter()
                .find(|r| r["departement"] == *d && r["year"] == *y && r["measure_type"] == t)
                .and_then(|r| num(r, "persons"))
                .unwrap()
        };
        // The attacker knows the sum of the hidden cells exactly (a total, entries, shares).
        let s: i64 = hidden.iter().map(|r| truth(&r["measure_type"])).sum();
        let smallest_published = cells.iter().filter_map(|r| num(r, "persons")).min();
        let bounds: Vec<(i64, i64)> = hidden
            .iter()
            .map(|r| {
                let cap = n_of(d, &r["measure_type"]).unwrap_or(i64::MAX / 8);
                if r["secret_reason"] == "moins de 5 personnes" {
                    (1, 4)
                } else if r["secret_reason"].starts_with("secret secondaire") {
                    (5, cap.min(smallest_published.unwrap_or(i64::MAX / 8)))
                } else {
                    (1, cap)
                }
            })
            .collect();
        for (i, r) in hidden.iter().enumerate() {
            let (lo, hi) = range(&bounds, s, i);
            let primary = r["secret_reason"] == "moins de 5 personnes";
            if (primary && (lo > 1 || hi < 4)) || lo >= hi {
                found.push(format!(
                    "stock {d} {y} {}: {lo}..{hi} (vrai {})",
                    r["measure_type"],
                    truth(&r["measure_type"])
                ));
            }
        }
    }
    // Durations: the measures in progress of a type hidden in the last year's stock.
    for r in &durations {
        let d = &r["departement"];
        let last = public
            .iter()
            .filter(|p| p["departement"] == *d)
            .map(|p| p["year"].clone())
            .max();
        let hidden_last = public.iter().any(|p| {
            Some(&p["year"]) == last.as_ref()
                && p["departement"] == *d
                && p["measure_type"] == r["measure_type"]
                && !p["secret"].is_empty()
        });
        if hidden_last && !r["censored"].is_empty() {
            found.push(format!(
                "durées {d} {}: en cours {} publié",
                r["measure_type"], r["censored"]
            ));
        }
    }
    // Reconciliation: an AED or AEMO figure published where the stock hides the cell.
    for r in rows(
        data,
        "SELECT departement, year, family, olinpe FROM olinpe_reconciliation_public",
    ) {
        let t = match r["family"].as_str() {
            "AED" => "aed",
            "AEMO" => "aemo",
            _ => continue,
        };
        let hidden = public.iter().any(|p| {
            p["departement"] == r["departement"]
                && p["year"] == r["year"]
                && p["measure_type"] == t
                && !p["secret"].is_empty()
        });
        if hidden && !r["olinpe"].is_empty() {
            found.push(format!(
                "rapprochement {} {} {t}: {} publié",
                r["departement"], r["year"], r["olinpe"]
            ));
        }
    }
    // Sequences: the pool of 1 to 4 persons and its secondary, the total known from the shares.
    let raw_seq = rows(
        data,
        "SELECT departement, CASE WHEN persons < 5 THEN 'autres parcours' ELSE sequence END AS sequence, SUM(persons) AS persons FROM olinpe_sequences GROUP BY 1, 2",
    );
    let seq = rows(
        data,
        "SELECT departement, sequence, persons, secret FROM olinpe_sequences_public",
    );
    let deps: std::collections::BTreeSet<String> =
        seq.iter().map(|r| r["departement"].clone()).collect();
    for d in deps {
        let cells: Vec<_> = seq.iter().filter(|r| r["departement"] == d).collect();
        let hidden: Vec<_> = cells.iter().filter(|r| !r["secret"].is_empty()).collect();
        if hidden.is_empty() {
            continue;
        }
        let truth = |q: &str| {
            raw_seq
                .iter()
                .find(|r| r["departement"] == d && r["sequence"] == q)
                .and_then(|r| num(r, "persons"))
                .unwrap()
        };
        let s: i64 = hidden.iter().map(|r| truth(&r["sequence"])).sum();
        let smallest = cells
            .iter()
            .filter_map(|r| num(r, "persons"))
            .min()
            .unwrap_or(i64::MAX / 8);
        let pool_small = hidden
            .iter()
            .any(|r| r["sequence"] == "autres parcours" && truth("autres parcours") < 5);
        let bounds: Vec<(i64, i64)> = hidden
            .iter()
            .map(|r| {
                if r["sequence"] == "autres parcours" && pool_small {
                    (1, 4)
                } else if hidden.len() == 2 {
                    (5, smallest)
                } else {
                    (1, i64::MAX / 8)
                }
            })
            .collect();
        for (i, r) in hidden.iter().enumerate() {
            let (lo, hi) = range(&bounds, s, i);
            let primary = bounds[i] == (1, 4);
            if (primary && (lo > 1 || hi < 4)) || lo >= hi {
                found.push(format!("parcours {d} {}: {lo}..{hi}", r["sequence"]));
            }
        }
    }
    found
}

/// The tester's example: with the old rule, AED = entries 16 − AEMO 10 − placements 5 = 1,
/// and the parcours gave it again. Now the year's stock is hidden whole (the only candidate
/// secondary, 5 placements, leaves the AED pinned), the measures in progress and the
/// reconciliation with it, and the « Lecture » never prints « s » as a number.
#[test]
fn olinpe_secret_attack_on_the_repro_recovers_no_hidden_cell() {
    let data = import_repro();
    assert_eq!(attack(data.path()), Vec::<String>::new());
    let stock = rows(
        data.path(),
        "SELECT measure_type, persons, secret FROM olinpe_stock_public ORDER BY measure_type",
    );
    assert!(
        stock
            .iter()
            .all(|r| r["secret"] == "s" && r["persons"].is_empty()),
        "{stock:?}"
    );
    let out = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "report",
        "-d",
        "17",
        "--out",
        &out.path().to_string_lossy(),
    ]);
    let html = walk(out.path())
        .into_iter()
        .find(|p| p.ends_with("index.html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    for bad in [
        " s jeunes",
        "en s jours",
        "sur s mesures",
        "dont s en cours",
        "compte s ",
        "comptent s ",
    ] {
        assert!(!html.contains(bad), "« {bad} » in a sentence");
    }
    assert!(
        html.contains("secret statistique"),
        "the sentence says the secret"
    );
}

/// Synthetic départements: at 1 % (48 and 2A, every year hidden whole) and at 2 % (17 and
/// 48: years with primaries protected by one secondary, years hidden whole); nothing
/// recomputable, and the 2 % case does have a published year with a secondary.
#[test]
fn olinpe_secret_attack_on_synth_recovers_no_hidden_cell() {
    let data = import_synth("48,2A", "2019-2023", "0.01", "3");
    assert_eq!(attack(data.path()), Vec::<String>::new());
    let data = import_synth("17,48", "2020-2022", "0.02", "7");
    assert_eq!(attack(data.path()), Vec::<String>::new());
    let secondaries = rows(
        data.path(),
        "SELECT 1 FROM olinpe_stock_public WHERE secret_reason LIKE 'secret secondaire (protège%'",
    );
    assert!(
        !secondaries.is_empty(),
        "no year protected by a secondary cell"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// GET `path` from the server at `addr`: status line and body.
fn http_get(addr: &str, path: &str) -> (String, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    let status = resp.lines().next().unwrap_or_default().to_string();
    let body = resp
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// `depbench serve` over real HTTP: every raw OLINPE table or view is refused (403, in
/// French, « elle reste locale »), whatever the route and the spelling; the published views
/// are served with their « s ».
#[test]
fn olinpe_explorer_serves_no_raw_table_over_http() {
    let data = import_repro();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_depbench"))
        .args([
            "--data-dir",
            &data.path().to_string_lossy(),
            "serve",
            "--port",
            "0",
        ])
        .current_dir(crate::common::root())
        .env(
            "DEPBENCH_CACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .strip_prefix("explorateur depbench : http://")
        .and_then(|l| l.split('/').next())
        .unwrap_or_else(|| panic!("address line: {line}"))
        .to_string();
    let refused = [
        "SELECT * FROM olinpe_stock WHERE departement='17'",
        "SELECT file,position,numanonym,sexe,anais,mnais,datdeb FROM olinpe_events",
        "SELECT * FROM olinpe_persons",
        "SELECT * FROM olinpe_measure_rows",
        "SELECT * FROM olinpe_measures",
        "SELECT * FROM olinpe_periods",
        "SELECT * FROM olinpe_durations",
        "SELECT * FROM olinpe_stock_counts",
        "SELECT * FROM OLINPE_EVENTS",
        "SELECT * FROM \"olinpe_events\"",
        "SELECT * FROM \"OLINPE_EVENTS\"",
        "SELECT * FROM datafusion.public.olinpe_events",
        "SELECT * FROM public.olinpe_stock",
        "WITH x AS (SELECT * FROM olinpe_stock) SELECT * FROM x",
        "SELECT * FROM (SELECT * FROM olinpe_sequences) t",
        "SELECT * FROM territories WHERE code IN (SELECT departement FROM olinpe_stock WHERE persons = 1)",
        "SELECT departement FROM olinpe_stock_public UNION ALL SELECT departement FROM olinpe_flows",
        "EXPLAIN SELECT * FROM olinpe_events",
        "EXPLAIN ANALYZE SELECT * FROM olinpe_stock_public",
        "EXPLAIN VERBOSE SELECT * FROM olinpe_stock_public",
    ];
    let mut failures = Vec::new();
    for sql in refused {
        for route in [
            "/api/query?format=csv&sql=",
            "/sql?sql=",
            "/sql/download?format=csv&sql=",
        ] {
            let (status, body) = http_get(&addr, &format!("{route}{}", encode(sql)));
            if !status.contains(" 403 ")
                || !(body.contains("reste locale") || body.contains("n'est pas permis"))
            {
                failures.push(format!(
                    "{route}{sql}: {status} {}",
                    &body[..body.len().min(200)]
                ));
            }
        }
    }
    // Listings show no raw name; the published views and the reference table are there.
    for sql in [
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%olinpe%' ORDER BY 1",
        "SELECT DISTINCT table_name FROM information_schema.columns WHERE lower(table_name) LIKE '%olinpe%' ORDER BY 1",
    ] {
        let (status, body) = http_get(&addr, &format!("/api/query?format=csv&sql={}", encode(sql)));
        assert!(status.contains(" 200 "), "{status} {body}");
        for name in body.lines().skip(1) {
            assert!(
                name.ends_with("_public") || name == "olinpe_measure_types",
                "{name} listed"
            );
        }
        assert!(body.contains("olinpe_stock_public"), "{body}");
    }
    let (status, page) = http_get(&addr, "/sql");
    assert!(status.contains(" 200 "), "{status}");
    for raw in [
        "olinpe_events",
        "olinpe_persons",
        "olinpe_measure_rows",
        "olinpe_stock<",
        "olinpe_sequence_rows",
    ] {
        assert!(!page.contains(raw), "{raw} on the SQL page");
    }
    // A file read as a table is no way round.
    let (status, _) = http_get(
        &addr,
        &format!(
            "/api/query?format=csv&sql={}",
            encode("SELECT * FROM 'olinpe/personnes.parquet'")
        ),
    );
    assert!(!status.contains(" 200 "), "{status}");
    let (status, body) = http_get(
        &addr,
        &format!(
            "/api/query?format=csv&sql={}",
            encode("SELECT measure_type, persons, secret FROM olinpe_stock_public ORDER BY 1")
        ),
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(status.contains(" 200 "), "{status} {body}");
    assert!(body.contains("aed,,s"), "{body}");
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn olinpe_small_cells_are_secret_with_a_secondary_secret() {
    let data = data_copy();
    let dir = tempfile::tempdir().unwrap();
    // 1 AED (under 5), 6 AEMO, 5 placements ASE: the AED is secret. The smallest other cell
    // (5 placements) cannot protect it: with the 12 entries published, AED + placements = 6
    // and placements ≥ 5 give AED = 1 (1 + 5 < 9, docs/olinpe.md « Secret statistique »), so
    // the whole year is hidden, total included. (This test pinned the old rule, which
    // published AEMO 6 and so let the AED be recomputed.)
    std::fs::write(
        dir.path().join("ONED-017-20230301_2022.xml"),
        extract_with(&[(1, 10, 1), (2, 15, 6), (2, 17, 5)]),
    )
    .unwrap();
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "import",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, persons, secret FROM olinpe_stock_public ORDER BY measure_type"
        ),
        "measure_type,persons,secret\naed,,s\naemo,,s\nplacement_ase,,s\ntotal,,s\n"
    );
    // The raw view keeps every count, for the data's owner.
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, persons FROM olinpe_stock ORDER BY measure_type"
        ),
        "measure_type,persons\naed,1\naemo,6\nplacement_ase,5\ntotal,12\n"
    );
    // Entries: 12 persons (published); durations: the AED type has one measure (secret), and
    // the measures in progress of the others are those of the hidden stock (secret).
    assert_eq!(
        csv(
            data.path(),
            "SELECT measure_type, n, secret FROM olinpe_durations_public ORDER BY measure_type"
        ),
        "measure_type,n,secret\naed,,s\naemo,6,s\nplacement_ase,5,s\n"
    );
    assert_eq!(
        csv(
            data.path(),
            "SELECT entries, exits, entries_secret FROM olinpe_flows_public"
        ),
        "entries,exits,entries_secret\n12,0,\n"
    );
    // The report of 17 shows the section, the secret cells as « s ».
    let out = tempfile::tempdir().unwrap();
    stdout_ok(&[
        "--data-dir",
        &data.path().to_string_lossy(),
        "report",
        "-d",
        "17",
        "--out",
        &out.path().to_string_lossy(),
    ]);
    let folder = if out.path().join("index.html").is_file() {
        out.path().to_path_buf()
    } else {
        std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.join("index.html").is_file())
            .expect("a report folder")
    };
    let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
    assert!(
        html.contains("Parcours (OLINPE) : jeunes suivis au 31 décembre"),
        "no OLINPE section"
    );
    let md = std::fs::read_dir(folder.join("figures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.to_string_lossy().contains("olinpe_stock") && p.extension().is_some_and(|e| e == "md")
        })
        .expect("the stock figure drawn");
    let md = std::fs::read_to_string(md).unwrap();
    // The whole year hidden; the types without any measure read 0.
    assert!(
        md.contains("| 2022 | s | s | 0 | s | 0 | 0 | 0 | s |"),
        "{md}"
    );
}
