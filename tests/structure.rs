//! The layout's rules, read from `src/`: the one-way stages, CLI crates only in the CLI; and the
//! fixes that keep the stages honest (empty results, errors surfaced, outlines from Arrow).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use depbench::bench::peers::{self, PeerChoice};
use depbench::query::Engine;

/// Stage of a module path under `src/` (its first component), in pipeline order. A stage may
/// name only earlier stages and itself; `render` is apart: it names only `model` and the
/// output writers of `write` (which name only `model`). The benchmark stage fills charts: it may
/// name the plain chart data of `render::model`, never the drawing.
fn stage(module: &str) -> Option<u8> {
    Some(match module {
        "model" | "error" => 0,
        "write" | "import" => 1,
        "catalog" => 2,
        "query" => 3,
        "bench" | "check" => 4,
        "render" => 4,
        "report" => 5,
        "serve" => 6,
        "cli" | "main" | "lib" => 7,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `src/` file as (path relative to `src/`, its code before any `#[cfg(test)]`, without
/// comments). Test modules may borrow fixtures from other stages; doc comments may link them.
fn sources() -> Vec<(String, String)> {
    let src = crate::common::repo("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let code: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (rel, code)
        })
        .collect()
}

/// The top-level modules a file names through `crate::X` or `depbench::X` (grouped `use`
/// included).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["crate::", "depbench::"] {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    out.insert(name);
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn stages_only_name_earlier_stages() {
    let mut offences = Vec::new();
    for (rel, code) in sources() {
        let own = rel
            .trim_end_matches(".rs")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let Some(mine) = stage(&own) else {
            offences.push(format!("{rel}: module `{own}` belongs to no stage"));
            continue;
        };
        for named in named_modules(&code) {
            let Some(theirs) = stage(&named) else {
                continue; // items re-exported at the crate root (`Error`, `Result`)
            };
            let allowed = if own == "render" {
                named == "render" || named == "write" || theirs == 0
            } else if own == "write" {
                theirs == 0
            } else if own == "bench" && named == "render" {
                code.match_indices("crate::render::")
                    .all(|(i, _)| code[i..].starts_with("crate::render::model::"))
            } else {
                named == own || theirs < mine
            };
            if !allowed {
                offences.push(format!("{rel} names `{named}`"));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "dependency rule model ← import ← catalog ← query ← {{bench, check}}; render ← model \
         only; report ← bench, render; cli ← everything. Offences:\n{}",
        offences.join("\n")
    );
}

#[test]
fn import_catalog_and_query_never_name_render_or_report() {
    for (rel, code) in sources() {
        if ["import/", "catalog/", "query/", "model/"]
            .iter()
            .any(|p| rel.starts_with(p))
        {
            let named = named_modules(&code);
            assert!(
                !named.contains("render") && !named.contains("report"),
                "{rel} names {named:?}"
            );
        }
    }
}

#[test]
fn clap_and_rustyline_only_in_the_cli() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("cli/") && rel != "main.rs")
        .filter(|(_, code)| code.contains("clap") || code.contains("rustyline"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        offenders.is_empty(),
        "clap or rustyline outside src/cli/: {offenders:?}"
    );
}

#[test]
fn no_source_file_of_these_stages_over_900_lines() {
    let src = crate::common::repo("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for p in files {
        let rel = p
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let n = fs::read_to_string(&p).unwrap().lines().count();
        assert!(n <= 900, "{rel}: {n} lines");
    }
}

fn engine_over(queries: &Path) -> Engine {
    Engine::open(crate::common::repo("data"), queries).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

#[test]
fn every_departement_of_a_year_without_data_is_an_empty_list_not_a_panic() {
    let engine = engine_over(&crate::common::repo("queries"));
    let codes = runtime()
        .block_on(depbench::report::departements(&engine, 1900))
        .unwrap();
    assert!(codes.is_empty(), "{codes:?}");
}

/// A copy of `queries/` to break one file in.
fn queries_copy(dir: &Path) -> PathBuf {
    let queries = dir.join("queries");
    let src = crate::common::repo("queries");
    for sub in ["views", "peers", "report", "figures"] {
        fs::create_dir_all(queries.join(sub)).unwrap();
        for e in fs::read_dir(src.join(sub)).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, queries.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    queries
}

#[test]
fn default_peers_surface_a_failing_document_set_query() {
    let dir = tempfile::tempdir().unwrap();
    let queries = queries_copy(dir.path());
    let file = queries.join("peers/document_sets.sql");
    fs::write(
        &file,
        "SELECT code FROM no_such_table WHERE $focus = $focus AND $year = $year",
    )
    .unwrap();
    let engine = engine_over(&queries);
    let err = runtime()
        .block_on(peers::choose(&engine, "17", 2022, &PeerChoice::Default))
        .unwrap_err()
        .to_string();
    // Before, any error of the document set silently fell back to the nearest départements.
    assert!(err.contains("document_sets.sql"), "{err}");
    assert!(err.contains("no_such_table"), "{err}");
}

#[test]
fn default_peers_surface_a_missing_document_set_file() {
    let dir = tempfile::tempdir().unwrap();
    let queries = queries_copy(dir.path());
    let file = queries.join("peers/document_sets.sql");
    fs::remove_file(&file).unwrap();
    let engine = engine_over(&queries);
    let err = runtime()
        .block_on(peers::choose(&engine, "17", 2022, &PeerChoice::Default))
        .unwrap_err()
        .to_string();
    assert!(err.contains("document_sets.sql"), "{err}");
}

#[test]
fn map_outlines_from_the_table_equal_the_committed_csv() {
    let engine = engine_over(&crate::common::repo("queries"));
    let from_table = runtime()
        .block_on(depbench::report::shapes(&engine))
        .unwrap();
    let mut from_csv =
        depbench::import::geo::read_csv(&crate::common::repo("data/geo/departements.csv")).unwrap();
    from_csv.extend(
        depbench::import::geo::read_csv(&crate::common::repo("data/geo/outre-mer.csv")).unwrap(),
    );
    from_csv.sort_by(|a, b| a.code.cmp(&b.code));
    // 96 metropolitan départements, the four DROM and Mayotte.
    assert_eq!(from_table.len(), 101);
    assert_eq!(from_table, from_csv);
}

#[test]
fn every_departement_report_of_a_year_without_data_fails_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let res = crate::common::depbench(&[
        "report",
        "--every-departement",
        "--year",
        "1900",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(!res.status.success(), "{stderr}");
    assert!(
        stderr.contains("--every-departement : aucun département n'a de données DREES pour 1900"),
        "{stderr}"
    );
    assert!(stderr.lines().all(|l| !l.contains("panicked")), "{stderr}");
    assert!(!out.exists());
}
