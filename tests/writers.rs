//! Writers that cannot lose data (issue 20 §1), by doing the bad thing: a process killed at each
//! step of an import's and a report's commit (the test hook `DEPBENCH_TEST_CRASH_AT=N` aborts
//! it at its N-th step), two imports and two reports at once — then the folders are compared
//! byte for byte with the old state and the new one.
//!
//! Real files: the earlier DREES editions of `../shared/editions` (skipped with a message when
//! absent).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::common::{self, copy_tree};

/// An earlier DREES edition of `../shared/editions/drees`, or `None` (with why) when absent.
fn edition(name: &str) -> Option<PathBuf> {
    let p = common::root().join("../shared/editions/drees").join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (../shared is not part of the clone)",
            p.display()
        );
        None
    }
}

const BENEF_2018: &str = "drees-benef-sl-1996-2018.xlsx";
const DEPENSES_2018: &str = "drees-depenses-sl-1999-2018.xlsx";

/// Run the binary with `args`, aborting at commit step `crash_at` when given.
fn run(args: &[&str], crash_at: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_depbench"));
    cmd.args(args)
        .current_dir(common::root())
        .env_remove("DEPBENCH_DATA")
        .env_remove("DEPBENCH_QUERIES")
        .env_remove("DEPBENCH_TEST_CRASH_AT")
        .env(
            "DEPBENCH_CACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
        );
    if let Some(n) = crash_at {
        cmd.env("DEPBENCH_TEST_CRASH_AT", n.to_string());
    }
    cmd.output().expect("running depbench")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every entry under `dir`, hidden ones included: files with their bytes, folders as `None`.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(rel, None);
                walk(base, &path, out);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The entries where two trees differ (for messages).
fn differences(
    a: &BTreeMap<String, Option<Vec<u8>>>,
    b: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .take(5)
        .collect()
}

fn import(data: &Path, files: &[&Path], crash_at: Option<usize>) -> Output {
    let mut args = vec!["--data-dir", data.to_str().unwrap(), "import", "-q"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    run(&args, crash_at)
}

/// A reader of the data directory: it completes a dead run's commit before reading.
fn read_sources(data: &Path) -> String {
    let out = run(
        &[
            "--data-dir",
            data.to_str().unwrap(),
            "query",
            "SELECT id FROM sources ORDER BY id",
        ],
        None,
    );
    ok(&out, "query over the data directory");
    String::from_utf8(out.stdout).unwrap()
}

/// An import killed at every step of its commit leaves `data/` as it was or as the import
/// makes it — never a mix — once the next reader (a query) has opened it; and the next import
/// ends in the new state, with no staging folder or journal left.
#[test]
fn an_import_killed_at_each_step_leaves_the_old_or_the_new_data() {
    let Some(edition) = edition(BENEF_2018) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    copy_tree(&common::repo("data"), &base);
    let old = tree(&base);
    let fresh = tmp.path().join("fresh");
    copy_tree(&base, &fresh);
    ok(&import(&fresh, &[&edition], None), "import");
    let new = tree(&fresh);
    assert_ne!(old, new, "the edition must change data/");
    let (mut olds, mut news) = (0, 0);
    for n in 1.. {
        let data = tmp.path().join(format!("killed-{n}"));
        copy_tree(&base, &data);
        let out = import(&data, &[&edition], Some(n));
        if out.status.success() {
            // Past the last step: the run went through.
            assert_eq!(tree(&data), new, "complete run");
            assert!(n > 5, "only {n} steps: the commit has more");
            break;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("DEPBENCH_TEST_CRASH_AT={n}: arrêt")),
            "step {n}: {stderr}"
        );
        let sources = read_sources(&data);
        let now = tree(&data);
        if now == old {
            olds += 1;
            assert!(!sources.contains("drees-benef-sl-2018"), "{sources}");
        } else {
            assert!(
                now == new,
                "step {n}: a mix of old and new: {:?}",
                differences(&now, &new)
            );
            news += 1;
            assert!(sources.contains("drees-benef-sl-2018"), "{sources}");
        }
        // The next import completes or starts over, and ends in the new state.
        ok(&import(&data, &[&edition], None), "import after a crash");
        assert!(tree(&data) == new, "step {n}: import after the crash");
    }
    assert!(olds >= 2 && news >= 2, "old {olds} times, new {news} times");
}

/// Two imports of two different editions at once into one data directory: the second waits
/// for the first and reads what it wrote, so both editions end in `sources.csv`, `check` is
/// clean, and the data directory is byte for byte what the two imports make one after the
/// other.
#[test]
fn two_imports_at_once_keep_both_editions() {
    let (Some(benef), Some(depenses)) = (edition(BENEF_2018), edition(DEPENSES_2018)) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let one_by_one = tmp.path().join("one-by-one");
    copy_tree(&common::repo("data"), &one_by_one);
    ok(&import(&one_by_one, &[&benef], None), "import");
    ok(&import(&one_by_one, &[&depenses], None), "import");
    {
        let data = tmp.path().join("at-once");
        copy_tree(&common::repo("data"), &data);
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| import(&data, &[&benef], None));
            let b = s.spawn(|| import(&data, &[&depenses], None));
            (a.join().unwrap(), b.join().unwrap())
        });
        ok(&a, "first import");
        ok(&b, "second import");
        let sources = fs::read_to_string(data.join("sources.csv")).unwrap();
        assert!(
            sources.contains("drees-benef-sl-2018,") && sources.contains("drees-dep-sl-2018,"),
            "{sources}"
        );
        let check = run(&["--data-dir", data.to_str().unwrap(), "check"], None);
        ok(&check, "check after two imports at once");
        let (now, expected) = (tree(&data), tree(&one_by_one));
        assert!(now == expected, "{:?}", differences(&now, &expected));
    }
}

/// The Orne report into `out` with `peers`.
fn report(out: &Path, peers: &str, extra: &[&str], crash_at: Option<usize>) -> Output {
    let mut args = vec![
        "report",
        "-d",
        "61",
        "--peers",
        peers,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args, crash_at)
}

/// A folder's files by relative path, with their bytes (`None` for a folder).
type Tree = BTreeMap<String, Option<Vec<u8>>>;

/// The report folder `61-orne` written alone with peers `14` (old) and `14,50` (new).
fn solo_reports() -> &'static (Tree, Tree) {
    static SOLO: OnceLock<(Tree, Tree)> = OnceLock::new();
    SOLO.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        ok(&report(&a, "14", &[], None), "report");
        ok(&report(&b, "14,50", &[], None), "report");
        (tree(&a), tree(&b))
    })
}

/// `tree` with one more file.
fn with_file(
    t: &BTreeMap<String, Option<Vec<u8>>>,
    rel: &str,
    bytes: &[u8],
) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut t = t.clone();
    t.insert(rel.to_string(), Some(bytes.to_vec()));
    t
}

/// A report rewritten with `--force` and killed at steps all along its commit: the report
/// folder never vanishes, the user's own file is always there, and once the next `report` run
/// into the folder has opened it (even one refused for its year) the folder is the old report
/// or the new one, byte for byte.
#[test]
fn a_report_killed_at_each_step_leaves_the_old_or_the_new_folder_and_the_users_file() {
    let (old_solo, new_solo) = solo_reports();
    assert_ne!(old_solo, new_solo);
    let notes = b"mes notes".as_slice();
    let old = with_file(old_solo, "61-orne/mes-notes.docx", notes);
    let new = with_file(new_solo, "61-orne/mes-notes.docx", notes);
    let puts = new_solo.values().filter(|v| v.is_some()).count();
    let manifest = |t: &BTreeMap<String, Option<Vec<u8>>>| {
        String::from_utf8(t["61-orne/.depbench-report"].clone().unwrap()).unwrap()
    };
    let (old_m, new_m) = (manifest(old_solo), manifest(new_solo));
    let deletes = old_m
        .lines()
        .filter(|l| !new_m.lines().any(|n| n == *l))
        .count();
    // Steps: each file staged, the journal written, the journal in place (the commit point),
    // each rename, each deletion, the staging folder removed.
    let last = 2 * puts + deletes + 3;
    let tmp = tempfile::tempdir().unwrap();
    // Every kind of step at its first and last place (the import's test kills at every step
    // of the same commit, `import::commit`): staging, journal, commit point, renames,
    // deletions, the end.
    let mut steps = vec![1, puts, puts + 1, puts + 2, puts + 3, puts + 2 + puts / 2];
    steps.extend([2 * puts + 2, 2 * puts + 3, last - 1, last]);
    steps.sort();
    steps.dedup();
    for n in steps {
        let out = tmp.path().join(format!("killed-{n}"));
        fs::create_dir_all(out.join("61-orne")).unwrap();
        for (rel, bytes) in &old {
            let path = out.join(rel);
            match bytes {
                Some(b) => fs::write(&path, b).unwrap(),
                None => fs::create_dir_all(&path).unwrap(),
            }
        }
        let killed = report(&out, "14,50", &["--force"], Some(n));
        assert!(!killed.status.success(), "step {n} of {last}: not killed");
        assert!(out.join("61-orne/mes-notes.docx").is_file(), "step {n}");
        // A run refused for its year still completes the dead run's commit first.
        let refused = report(&out, "14,50", &["--year", "1900"], None);
        assert_eq!(refused.status.code(), Some(2));
        let now = tree(&out);
        let expected = if n <= puts + 1 { &old } else { &new };
        assert!(
            now == *expected,
            "step {n} of {last}: {:?}",
            differences(&now, expected)
        );
    }
}

/// A folder an earlier depbench left as `.61-orne.old` (killed between its two renames) is put
/// back, the user's file with it, by the next report run; a user's file where the report
/// writes its own is refused even with `--force`, and left as it is.
#[test]
fn a_vanished_report_folder_comes_back_and_a_users_file_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    let old = out.join(".61-orne.old");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join("index.html"), "ancien rapport").unwrap();
    fs::write(old.join(".depbench-report"), "index.html\n").unwrap();
    fs::write(old.join("mes-notes.docx"), "notes").unwrap();
    let refused = report(&out, "14", &["--year", "1900"], None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(!old.exists());
    assert_eq!(
        fs::read_to_string(out.join("61-orne/mes-notes.docx")).unwrap(),
        "notes"
    );
    // The user's own index.html (no manifest names it) stays, --force or not.
    fs::remove_file(out.join("61-orne/.depbench-report")).unwrap();
    fs::write(out.join("61-orne/index.html"), "mon index").unwrap();
    let forced = report(&out, "14", &["--force"], None);
    assert_eq!(forced.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(
        stderr.contains(&format!(
            "--out {}: the folder {} holds your own files where the report writes its own (index.html): depbench never replaces them, --force or not: move or rename them",
            out.display(),
            out.join("61-orne").display()
        )),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.join("61-orne/index.html")).unwrap(),
        "mon index"
    );
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["61-orne"]);
}

/// Two `report` runs into one `--out` at once (one report folder for both): the second waits
/// for the first's commit, and the folder ends as one complete report, byte for byte — no
/// file of the other, no staging folder.
#[test]
fn two_reports_at_once_into_one_folder_each_commit_whole() {
    let (a_solo, b_solo) = solo_reports();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| report(&out, "14", &[], None));
        let b = s.spawn(|| report(&out, "14,50", &[], None));
        (a.join().unwrap(), b.join().unwrap())
    });
    ok(&a, "first report");
    ok(&b, "second report");
    let now = tree(&out);
    assert!(
        now == *a_solo || now == *b_solo,
        "{:?} / {:?}",
        differences(&now, a_solo),
        differences(&now, b_solo)
    );
}
