//! The user's SQL files (`depbench query -f`, `depbench chart -f`) read whole; a file that is
//! not there names the nearest SQL files of its folder and of the queries' `figures/` folder
//! (`queries/figures/03_taux.sql` → « vouliez-vous dire « queries/figures/03_taux_accueillis.sql » ? »).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The text of the SQL file `path`. Errors: a missing file says so and suggests the nearest
/// `.sql` files ([`super::hints::nearest_best`] on their names) of the folder `path` names and
/// of `queries_dir/figures` and `queries_dir`; other I/O errors name the file
/// ([`Error::Io`]).
pub fn read(path: &Path, queries_dir: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Error::Invalid(missing(path, queries_dir)))
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The message of a missing SQL file `path`, with the nearest files suggested.
pub fn missing(path: &Path, queries_dir: &Path) -> String {
    let mut message = format!("{} : fichier introuvable", path.display());
    let typed = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut candidates: Vec<PathBuf> = Vec::new();
    for dir in [
        parent,
        queries_dir.join("figures"),
        queries_dir.to_path_buf(),
    ] {
        for file in sql_files(&dir) {
            if !candidates.contains(&file) {
                candidates.push(file);
            }
        }
    }
    let names: Vec<String> = candidates
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let near = super::hints::nearest_best(&typed, &names);
    let shown: Vec<String> = candidates
        .iter()
        .zip(&names)
        .filter(|(_, n)| near.contains(n))
        .map(|(p, _)| p.strip_prefix(".").unwrap_or(p).display().to_string())
        .take(3)
        .collect();
    if !shown.is_empty() {
        message.push_str(" ; ");
        message.push_str(&super::hints::did_you_mean(&shown));
    }
    message
}

/// The `.sql` files of `dir`, sorted (none when it cannot be read).
fn sql_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sql") && p.is_file())
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_names_the_nearest() {
        let dir = tempfile::tempdir().unwrap();
        let figures = dir.path().join("figures");
        std::fs::create_dir(&figures).unwrap();
        std::fs::write(figures.join("03_taux_accueillis.sql"), "SELECT 1").unwrap();
        std::fs::write(figures.join("12_taux_placement.sql"), "SELECT 1").unwrap();
        let typed = figures.join("03_taux_accueilis.sql");
        assert_eq!(
            missing(&typed, dir.path()),
            format!(
                "{} : fichier introuvable ; vouliez-vous dire « {} » ?",
                typed.display(),
                figures.join("03_taux_accueillis.sql").display()
            )
        );
        let far = dir.path().join("zzz.sql");
        assert_eq!(
            missing(&far, dir.path()),
            format!("{} : fichier introuvable", far.display())
        );
        assert_eq!(
            read(&figures.join("12_taux_placement.sql"), dir.path()).unwrap(),
            "SELECT 1"
        );
    }
}
