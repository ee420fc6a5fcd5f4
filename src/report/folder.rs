//! Writing a report folder (`--out/<slug>/`) without losing anything: under the `--out`
//! folder's lock, committed all at once through a journal ([`crate::import::commit`]), only
//! the files depbench wrote (its [`MANIFEST`]) ever replaced or deleted.

use std::path::{Path, PathBuf};

use super::{Report, files};
use crate::error::{Error, Result};
use crate::import::commit;

/// The list of the files depbench wrote in a report folder (relative paths, one a line): what
/// a later run may replace. Everything else in the folder is the user's and is never deleted.
pub const MANIFEST: &str = ".depbench-report";

/// Files under `dir` (relative paths, `/`-separated), recursively; empty when `dir` is absent.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                continue;
            }
            Err(e) => return Err(Error::io(&d, e)),
        };
        for e in entries {
            let path = e.map_err(|e| Error::io(&d, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Files of an existing report folder that depbench did not write (not in its [`MANIFEST`]).
pub fn unknown_files(folder: &Path) -> Result<Vec<String>> {
    let manifest = std::fs::read_to_string(folder.join(MANIFEST)).unwrap_or_default();
    let known: Vec<&str> = manifest.lines().collect();
    Ok(files_under(folder)?
        .into_iter()
        .filter(|f| f != MANIFEST && !known.contains(&f.as_str()))
        .collect())
}

/// Check that writing the report `slug` into `out_dir` loses no file of the user's: a folder
/// holding files depbench did not write is refused unless `force` (which keeps them).
pub fn check_target(out_dir: &Path, slug: &str, force: bool) -> Result<()> {
    let folder = out_dir.join(slug);
    let unknown = unknown_files(&folder)?;
    if unknown.is_empty() || force {
        return Ok(());
    }
    let shown: Vec<&str> = unknown.iter().take(3).map(String::as_str).collect();
    Err(Error::Invalid(format!(
        "--out {}: the folder {} holds files depbench did not write ({}{}): move them, choose another --out, or add --force to rewrite the report and keep them",
        out_dir.display(),
        folder.display(),
        shown.join(", "),
        if unknown.len() > 3 { ", …" } else { "" }
    )))
}

/// Write `report` into `out_dir/<slug>/`, replacing a previous report of the same slug: the
/// files depbench wrote (its [`MANIFEST`]) are replaced or, when this report has no such file
/// any more, deleted; any other file in the folder is the user's and is never touched (the
/// caller checks with [`check_target`] first). A user's file standing where this report
/// writes one of its own is refused, `--force` or not.
///
/// The `--out` folder is locked for the write (a concurrent run waits, then writes its own
/// report whole), and the files are committed all at once through a journal
/// ([`crate::import::commit`]): a run that dies at any step leaves the previous report, or
/// a commit the next run completes; the folder never vanishes.
pub fn write(report: &Report, out_dir: &Path) -> Result<PathBuf> {
    write_folder(report, out_dir).map(|(folder, _)| folder)
}

/// [`fn@write`], returning the report folder and the [`MANIFEST`] written in it.
pub fn write_folder(report: &Report, out_dir: &Path) -> Result<(PathBuf, String)> {
    let files = files(report)?;
    let slug = report.slug();
    let target = out_dir.join(&slug);
    let lock = commit::Lock::exclusive(out_dir, &out_busy(out_dir))?;
    commit::recover(&lock)?;
    restore_legacy(out_dir, &slug)?;
    let mine: Vec<&Path> = files.iter().map(|(rel, _)| rel.as_path()).collect();
    let users = unknown_files(&target)?;
    let taken: Vec<&str> = users
        .iter()
        .map(String::as_str)
        .filter(|u| {
            mine.iter()
                .any(|m| m.to_string_lossy().replace('\\', "/") == *u)
        })
        .collect();
    if !taken.is_empty() {
        return Err(Error::Invalid(format!(
            "--out {}: the folder {} holds your own files where the report writes its own ({}): depbench never replaces them, --force or not: move or rename them",
            out_dir.display(),
            target.display(),
            taken.join(", ")
        )));
    }
    let mut manifest = String::new();
    for rel in &mine {
        manifest.push_str(&rel.to_string_lossy().replace('\\', "/"));
        manifest.push('\n');
    }
    let slug_dir = Path::new(&slug);
    let mut put: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(rel, bytes)| (slug_dir.join(rel), bytes.as_slice()))
        .collect();
    // The manifest goes last: until it is in place, the previous one names the files.
    put.push((slug_dir.join(MANIFEST), manifest.as_bytes()));
    let delete: Vec<PathBuf> = manifest_of(&target)
        .into_iter()
        .filter(|old| {
            !mine
                .iter()
                .any(|m| m.to_string_lossy().replace('\\', "/") == *old)
        })
        .map(|old| slug_dir.join(old))
        .collect();
    commit::commit(
        &lock,
        put.iter().map(|(rel, bytes)| (rel.as_path(), *bytes)),
        &delete,
    )?;
    Ok((target, manifest))
}

/// The files a report folder's [`MANIFEST`] lists (depbench's); empty without one.
fn manifest_of(folder: &Path) -> Vec<String> {
    std::fs::read_to_string(folder.join(MANIFEST))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Earlier depbench versions swapped a report folder with two renames (`slug` → `.slug.old`,
/// `.slug.tmp` → `slug`): a run that died between them left the report, the user's files
/// with it, in `.slug.old`. Put it back where it was; a `.slug.old` beside its folder stays
/// as it is (it may hold the user's files).
fn restore_legacy(out_dir: &Path, slug: &str) -> Result<()> {
    let old = out_dir.join(format!(".{slug}.old"));
    let target = out_dir.join(slug);
    if old.is_dir() && !target.exists() {
        std::fs::rename(&old, &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// Complete a report commit a dead run left in `out_dir` (waiting for a running one), and
/// remove its staging folder: the reports are then in their previous state or their new one.
/// A report folder an earlier depbench version left as `.slug.old` is put back.
pub fn recover(out_dir: &Path) -> Result<()> {
    let lock = commit::Lock::exclusive(out_dir, &out_busy(out_dir))?;
    commit::recover(&lock)?;
    for entry in std::fs::read_dir(out_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(slug) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".old")) {
            restore_legacy(out_dir, slug)?;
        }
    }
    Ok(())
}

fn out_busy(out_dir: &Path) -> String {
    format!(
        "un autre rapport est en cours d'écriture dans {} : attente de sa fin…",
        out_dir.display()
    )
}

/// Undo the reports a failed run wrote: in each folder whose [`MANIFEST`] is still `manifest`
/// ([`write_folder`]'s; no later run replaced it), delete the files it lists, the manifest, and the folders left
/// empty. Files the manifest does not list — the user's — stay, and so does their folder.
pub fn remove_written(out_dir: &Path, folder: &Path, manifest: &str) -> Result<()> {
    let lock = commit::Lock::exclusive(out_dir, &out_busy(out_dir))?;
    commit::recover(&lock)?;
    if std::fs::read_to_string(folder.join(MANIFEST))
        .ok()
        .as_deref()
        != Some(manifest)
    {
        return Ok(());
    }
    let slug = folder.strip_prefix(out_dir).unwrap_or(folder);
    let mut delete: Vec<PathBuf> = manifest.lines().map(|l| slug.join(l)).collect();
    delete.push(slug.join(MANIFEST));
    commit::commit(&lock, std::iter::empty(), &delete)?;
    let _ = std::fs::remove_dir(folder);
    Ok(())
}
