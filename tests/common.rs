//! Shared test helpers: the repository's paths, the shared folder, running the binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data` when present; tests that need it print why they skip otherwise.
pub fn shared_data() -> Option<PathBuf> {
    let p = root().join("../shared/data");
    if p.join("drees").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: ../shared/data is absent (the official files are not part of the clone)"
        );
        None
    }
}

/// `../shared/seeds` when present.
pub fn shared_seeds() -> Option<PathBuf> {
    let p = root().join("../shared/seeds");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/seeds is absent");
        None
    }
}

/// Run the `depbench` binary with `args` from the repository root.
pub fn depbench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_depbench"))
        .args(args)
        .current_dir(root())
        .env_remove("DEPBENCH_DATA")
        .env_remove("DEPBENCH_QUERIES")
        .env(
            "DEPBENCH_CACHE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("depbench-cache"),
        )
        .output()
        .expect("running depbench")
}

/// stdout of a successful run; panics with stderr otherwise.
pub fn stdout_ok(args: &[&str]) -> String {
    let out = depbench(args);
    assert!(
        out.status.success(),
        "depbench {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// A path under the repository.
pub fn repo(p: &str) -> PathBuf {
    root().join(Path::new(p))
}

/// Copy the folder `from` into `to` (created), recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the committed `data/` in a temporary directory, to alter on purpose.
pub fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("data"), dir.path());
    dir
}

/// The cells of a worksheet as text, row by row (as calamine displays them: `2018` for a
/// number cell holding 2018, empty for an empty cell).
pub fn sheet_text(range: &calamine::Range<calamine::Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}
