//! Writing a folder without ever losing data: the data directory of an import, a report
//! folder of `--out`.
//!
//! - **One writer at a time**: a writer holds an exclusive [`Lock`] on the folder for its whole
//!   read-compare-write (an import re-reads `sources.csv` and the editions held under it); a
//!   second writer waits, saying so on stderr. The lock is an advisory lock of the operating
//!   system (`flock` on the folder itself on Unix, so nothing is added to the folder; a
//!   `.depbench.lock` file elsewhere): the kernel releases it when its process ends, however it
//!   ends, so a dead run never blocks the next one.
//! - **Staging unique per run**: the new files are written, then synced (several at once), in a hidden folder
//!   `.depbench-staging-<pid>-<nonce>/` of the locked folder (same file system, so every rename
//!   is atomic), never over the files they replace.
//! - **A commit atomic as a whole**: a journal (`.depbench-journal`, JSON: the staging folder,
//!   the files it puts and the files it deletes) is written, synced and renamed into place
//!   before the first rename; that rename is the commit point. The renames follow; the journal
//!   goes last. A run that dies before the commit point leaves the old files untouched (its
//!   staging folder is removed by the next writer, and ignored by readers: no table reads a
//!   hidden folder); a run that dies after it leaves a journal that the next run — any writer,
//!   or any reader before it reads a table ([`read_lock`]) — rolls forward ([`recover`]), so
//!   the folder is always found in its old state or its new one, never a mix.
//!
//! Readers (the catalogue) hold a shared lock while they read a table's files, so they wait
//! for a running import to end rather than read a commit half done.
//!
//! Tests stop a process at a chosen step of a commit with the documented test hook
//! `DEPBENCH_TEST_CRASH_AT=N` (the process aborts at the N-th step: each staged file, the
//! journal written, the journal in place, each rename or deletion, the staging folder removed).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The journal of a commit in progress, in the locked folder.
pub const JOURNAL: &str = ".depbench-journal";
/// Prefix of the staging folders (`.depbench-staging-<pid>-<nonce>`).
pub const STAGING_PREFIX: &str = ".depbench-staging-";
/// Prefix of a journal being written (`.depbench-journal-<pid>-<nonce>.tmp`).
const JOURNAL_TMP_PREFIX: &str = ".depbench-journal-";
/// The lock file where a folder itself cannot be locked (not Unix).
#[cfg(not(unix))]
const LOCK_FILE: &str = ".depbench.lock";

/// An advisory lock on a folder, released when dropped or when its process ends.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    dir: PathBuf,
}

fn lock_file(dir: &Path) -> Result<File> {
    #[cfg(unix)]
    {
        File::open(dir).map_err(|e| Error::io(dir, e))
    }
    #[cfg(not(unix))]
    {
        let path = dir.join(LOCK_FILE);
        fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))
    }
}

impl Lock {
    /// The exclusive lock of the folder `dir` (which must exist). When another process holds
    /// the folder, prints `busy` on stderr once and waits until it is released.
    pub fn exclusive(dir: &Path, busy: &str) -> Result<Lock> {
        let file = lock_file(dir)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!("{busy}");
                file.lock().map_err(|e| Error::io(dir, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(dir, e)),
        }
        Ok(Lock {
            _file: file,
            dir: dir.to_path_buf(),
        })
    }

    /// The exclusive lock of `dir` if no one holds it, else `None` (never waits).
    pub fn try_exclusive(dir: &Path) -> Result<Option<Lock>> {
        let file = lock_file(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock {
                _file: file,
                dir: dir.to_path_buf(),
            })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(Error::io(dir, e)),
        }
    }

    /// A shared lock of `dir` (readers), waiting while a writer holds it (saying so once).
    pub fn shared(dir: &Path) -> Result<Lock> {
        let file = lock_file(dir)?;
        match file.try_lock_shared() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "un import est en cours dans {} : attente de sa fin avant de lire les données…",
                    dir.display()
                );
                file.lock_shared().map_err(|e| Error::io(dir, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(dir, e)),
        }
        Ok(Lock {
            _file: file,
            dir: dir.to_path_buf(),
        })
    }

    /// The locked folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The message of an import waiting for another one.
pub fn import_busy(dir: &Path) -> String {
    format!(
        "un autre import est en cours dans {} : attente de sa fin (il relit ensuite les données qu'il a écrites)…",
        dir.display()
    )
}

/// A shared lock on the data directory `dir` for reading it, after any commit left half done
/// by a dead run has been rolled forward. `None` when `dir` does not exist (the reader then
/// reports the missing files itself).
pub fn read_lock(dir: &Path) -> Result<Option<Lock>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut first = true;
    loop {
        let lock = Lock::shared(dir)?;
        // Under a shared lock no writer runs: a journal or a staging folder here is a dead
        // run's. (Leftovers that cannot be removed, in a read-only folder, are ignored.)
        if dir.join(JOURNAL).exists() {
            drop(lock);
            recover(&Lock::exclusive(dir, &import_busy(dir))?)?;
        } else if first && has_leftovers(dir) {
            // Harmless to readers: removed only when no one else holds the folder (never
            // waiting, so a reader already holding it in this process cannot block itself).
            drop(lock);
            if let Some(writer) = Lock::try_exclusive(dir)? {
                recover(&writer)?;
            }
        } else {
            return Ok(Some(lock));
        }
        first = false;
    }
}

/// Whether `dir` holds a staging folder or a journal being written.
fn has_leftovers(dir: &Path) -> bool {
    fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.starts_with(STAGING_PREFIX) || name.starts_with(JOURNAL_TMP_PREFIX)
    })
}

/// What a commit does, as written in its journal.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name, in the locked folder.
    staging: String,
    /// Files to move from the staging folder to the same relative path, in this order.
    put: Vec<String>,
    /// Files to delete (relative paths).
    delete: Vec<String>,
}

/// Complete the commit a dead run left in the locked folder (its journal), then remove the
/// staging folders and journals being written of dead runs (best effort). Returns whether a journal was
/// rolled forward.
pub fn recover(lock: &Lock) -> Result<bool> {
    let root = lock.dir();
    let journal_path = root.join(JOURNAL);
    let rolled = match fs::read(&journal_path) {
        Ok(bytes) => {
            let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
                Error::Invalid(format!(
                    "{} : journal illisible d'une écriture interrompue ({e}) : rien n'a été changé ; examinez le dossier, puis supprimez le journal",
                    journal_path.display()
                ))
            })?;
            apply(root, &journal)?;
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(&journal_path, e)),
    };
    // With the lock held, every staging folder and journal being written is a dead run's:
    // removed where possible (their names are unique, so one left behind harms nothing).
    for entry in fs::read_dir(root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(STAGING_PREFIX) {
            let _ = fs::remove_dir_all(&path);
        } else if name.starts_with(JOURNAL_TMP_PREFIX) {
            let _ = fs::remove_file(&path);
        }
    }
    Ok(rolled)
}

/// A relative path made only of normal components (no `..`, no root), `/`-separated.
fn checked(rel: &Path) -> Result<String> {
    let ok =
        !rel.as_os_str().is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(Error::Invalid(format!(
            "{} : pas un chemin relatif dans le dossier",
            rel.display()
        )));
    }
    Ok(rel.to_string_lossy().replace('\\', "/"))
}

/// Write `put` (relative path, bytes; in this order) and delete `delete` (relative paths,
/// missing ones ignored) in the folder `lock` holds, all or nothing (see the module's
/// documentation). On an error before the commit point the folder is as it was; after it, the
/// journal stays for the next run to complete.
pub fn commit<'a>(
    lock: &Lock,
    put: impl IntoIterator<Item = (&'a Path, &'a [u8])>,
    delete: &[PathBuf],
) -> Result<()> {
    let root = lock.dir();
    recover(lock)?;
    let staging_name = format!("{STAGING_PREFIX}{}", nonce());
    let staging = root.join(&staging_name);
    let mut journal = Journal {
        staging: staging_name,
        put: Vec::new(),
        delete: delete.iter().map(|p| checked(p)).collect::<Result<_>>()?,
    };
    let staged = (|| -> Result<()> {
        fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        let mut dirs = vec![staging.clone()];
        let mut written = Vec::new();
        for (rel, bytes) in put {
            journal.put.push(checked(rel)?);
            let path = staging.join(rel);
            if let Some(parent) = path.parent()
                && !parent.is_dir()
            {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                dirs.push(parent.to_path_buf());
            }
            let mut f = File::create(&path).map_err(|e| Error::io(&path, e))?;
            f.write_all(bytes).map_err(|e| Error::io(&path, e))?;
            written.push(path);
            crash_point();
        }
        sync_files(&written)?;
        for d in &dirs {
            sync_dir(d);
        }
        Ok(())
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let tmp = root.join(format!("{JOURNAL_TMP_PREFIX}{}.tmp", nonce()));
    let written = (|| -> Result<()> {
        let bytes = serde_json::to_vec_pretty(&journal)
            .map_err(|e| Error::Invalid(format!("{}: {e}", tmp.display())))?;
        let mut f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        f.write_all(&bytes).map_err(|e| Error::io(&tmp, e))?;
        f.sync_all().map_err(|e| Error::io(&tmp, e))?;
        crash_point();
        // The commit point.
        fs::rename(&tmp, root.join(JOURNAL)).map_err(|e| Error::io(root.join(JOURNAL), e))?;
        sync_dir(root);
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    crash_point();
    apply(root, &journal)
}

/// Carry out a journal: move its staged files into place, delete its files, remove the
/// staging folder, then the journal. Each step can be done again: a file already moved is
/// not in the staging folder any more, a file already deleted is gone.
fn apply(root: &Path, journal: &Journal) -> Result<()> {
    let staging = root.join(checked(Path::new(&journal.staging))?);
    let mut parents: Vec<PathBuf> = Vec::new();
    for rel in &journal.put {
        let rel = checked(Path::new(rel))?;
        let from = staging.join(&rel);
        let to = root.join(&rel);
        if !from.exists() {
            continue; // moved before the previous run stopped
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            if !parents.iter().any(|p| p == parent) {
                parents.push(parent.to_path_buf());
            }
        }
        fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        crash_point();
    }
    for rel in &journal.delete {
        let path = root.join(checked(Path::new(rel))?);
        match fs::remove_file(&path) {
            Ok(()) => crash_point(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
        // A folder the deletion emptied goes too (a non-empty one stays).
        if let Some(parent) = path.parent()
            && parent != root
        {
            let _ = fs::remove_dir(parent);
        }
    }
    for p in &parents {
        sync_dir(p);
    }
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    crash_point();
    let journal_path = root.join(JOURNAL);
    fs::remove_file(&journal_path).map_err(|e| Error::io(&journal_path, e))?;
    sync_dir(root);
    Ok(())
}

/// Sync the staged files to disk, all of them before the journal is written: on several
/// threads, since a sync mostly waits for the disk (an import of a thousand OLINPE partitions
/// spent seconds syncing them one after the other). The first error is returned.
fn sync_files(paths: &[PathBuf]) -> Result<()> {
    const THREADS: usize = 8;
    let next = AtomicUsize::new(0);
    let sync = |path: &PathBuf| {
        fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(path, e))
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS.min(paths.len()))
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else {
                            return Ok(());
                        };
                        if let Err(e) = sync(path) {
                            next.store(paths.len(), Ordering::Relaxed);
                            return Err(e);
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("sync thread"))
    })
}

/// Sync a folder's entries to disk (renames and new names); best effort where folders cannot
/// be opened (not Unix).
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// `<pid>-<nanoseconds><counter>`: unique per run and per call.
fn nonce() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}-{nanos:x}{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The test hook: with `DEPBENCH_TEST_CRASH_AT=N`, the process aborts at the N-th step of its
/// commits (no destructor runs, as when it is killed).
fn crash_point() {
    static AT: OnceLock<Option<usize>> = OnceLock::new();
    static STEP: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = *AT.get_or_init(|| {
        std::env::var("DEPBENCH_TEST_CRASH_AT")
            .ok()
            .and_then(|v| v.trim().parse().ok())
    }) else {
        return;
    };
    if STEP.fetch_add(1, Ordering::SeqCst) + 1 == at {
        eprintln!("DEPBENCH_TEST_CRASH_AT={at}: arrêt du processus à ce pas");
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put<'a>(files: &'a [(&'a str, &'a str)]) -> Vec<(&'a Path, &'a [u8])> {
        files
            .iter()
            .map(|(p, b)| (Path::new(*p), b.as_bytes()))
            .collect()
    }

    #[test]
    fn a_commit_puts_and_deletes_and_leaves_nothing_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/old.csv"), "old").unwrap();
        fs::write(root.join("keep.txt"), "keep").unwrap();
        let lock = Lock::exclusive(root, "busy").unwrap();
        commit(
            &lock,
            put(&[("a/new.csv", "new"), ("b/c/d.csv", "d")]),
            &[PathBuf::from("a/old.csv")],
        )
        .unwrap();
        let mut names: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a", "b", "keep.txt"]);
        assert_eq!(fs::read_to_string(root.join("a/new.csv")).unwrap(), "new");
        assert_eq!(fs::read_to_string(root.join("b/c/d.csv")).unwrap(), "d");
        assert!(!root.join("a/old.csv").exists());
    }

    #[test]
    fn a_journal_left_by_a_dead_run_is_rolled_forward_and_stale_staging_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("t.csv"), "old").unwrap();
        fs::write(root.join("gone.csv"), "x").unwrap();
        // A dead run that moved u.csv already, not t.csv yet.
        let staging = root.join(format!("{STAGING_PREFIX}1-a"));
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("t.csv"), "new").unwrap();
        fs::write(root.join("u.csv"), "u").unwrap();
        let journal = r#"{"staging": ".depbench-staging-1-a", "put": ["u.csv", "t.csv"], "delete": ["gone.csv"]}"#;
        fs::write(root.join(JOURNAL), journal).unwrap();
        // A dead run stopped before its commit point.
        fs::create_dir(root.join(format!("{STAGING_PREFIX}2-b"))).unwrap();
        fs::write(root.join(format!("{JOURNAL_TMP_PREFIX}2-b.tmp")), "{").unwrap();
        let lock = read_lock(root).unwrap().expect("folder exists");
        drop(lock);
        let mut names: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["t.csv", "u.csv"]);
        assert_eq!(fs::read_to_string(root.join("t.csv")).unwrap(), "new");
    }

    #[test]
    fn a_journal_naming_a_path_outside_the_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        fs::create_dir(&root).unwrap();
        fs::write(dir.path().join("outside"), "x").unwrap();
        fs::write(
            root.join(JOURNAL),
            r#"{"staging": ".depbench-staging-1-a", "put": [], "delete": ["../outside"]}"#,
        )
        .unwrap();
        let lock = Lock::exclusive(&root, "busy").unwrap();
        let err = recover(&lock).unwrap_err().to_string();
        assert!(
            err.contains("../outside : pas un chemin relatif dans le dossier"),
            "{err}"
        );
        assert!(dir.path().join("outside").exists());
    }
}
