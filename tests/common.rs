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
        eprintln!("skipped: ../shared/data is absent (the official files are not part of the clone)");
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
