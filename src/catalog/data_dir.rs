//! Which data directory a run reads, and saying it: `--data-dir`, else `$DEPBENCH_DATA`, else
//! `./data` when it holds `territories.csv`, else the folder of the sources depbench was built
//! from. A run outside the repository says which folder it reads (never silently the one fixed
//! at build time), and a folder that is not there is a French error naming it and how to give
//! another.

use std::path::{Path, PathBuf};

/// Where the data directory of a run comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--data-dir DOSSIER`.
    Option,
    /// `$DEPBENCH_DATA`.
    Env,
    /// `./data` of the current directory.
    Current,
    /// The `data/` folder of the sources depbench was built from.
    Built,
}

/// The `data/` folder of the sources this binary was built from.
pub fn built_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The data directory of a run and where it comes from: `given` (`--data-dir`), else
/// `$DEPBENCH_DATA`, else `./data` when it holds `territories.csv`, else [`built_data_dir`].
pub fn locate(given: Option<&Path>) -> (PathBuf, Origin) {
    if let Some(dir) = given {
        return (dir.to_path_buf(), Origin::Option);
    }
    if let Some(dir) = std::env::var_os("DEPBENCH_DATA") {
        return (PathBuf::from(dir), Origin::Env);
    }
    let local = PathBuf::from("data");
    if local.join("territories.csv").is_file() {
        return (local, Origin::Current);
    }
    (built_data_dir(), Origin::Built)
}

/// The line a run prints on stderr when its data directory is not the one the user named or
/// the current directory's: `données : /chemin/data ($DEPBENCH_DATA)`, or for the build's own
/// folder `données : /chemin/data (le dossier des sources de depbench ; pas de ./data ici ;
/// --data-dir DOSSIER ou $DEPBENCH_DATA pour un autre)`. `None` for `--data-dir` and `./data`.
pub fn note(dir: &Path, origin: Origin) -> Option<String> {
    match origin {
        Origin::Option | Origin::Current => None,
        Origin::Env => Some(format!("données : {} ($DEPBENCH_DATA)", dir.display())),
        Origin::Built => Some(format!(
            "données : {} (le dossier des sources de depbench ; pas de ./data ici ; --data-dir DOSSIER ou $DEPBENCH_DATA pour un autre)",
            dir.display()
        )),
    }
}

/// The error of a data directory that is not there (`None` when it is a directory):
/// `dossier des données introuvable : /x (donné par --data-dir) ; …`.
pub fn missing(dir: &Path, origin: Origin) -> Option<String> {
    if dir.is_dir() {
        return None;
    }
    let from = match origin {
        Origin::Option => "donné par --data-dir",
        Origin::Env => "donné par $DEPBENCH_DATA",
        Origin::Current => "./data",
        Origin::Built => "le dossier des sources de depbench, et pas de ./data ici",
    };
    Some(format!(
        "dossier des données introuvable : {} ({from}) ; donnez le dossier data/ de depbench par --data-dir DOSSIER ou $DEPBENCH_DATA, ou lancez depbench depuis le dossier qui le contient",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_errors() {
        let here = Path::new("/nope/data");
        assert_eq!(note(here, Origin::Option), None);
        assert_eq!(note(here, Origin::Current), None);
        assert_eq!(
            note(here, Origin::Env).unwrap(),
            "données : /nope/data ($DEPBENCH_DATA)"
        );
        assert_eq!(
            missing(here, Origin::Option).unwrap(),
            "dossier des données introuvable : /nope/data (donné par --data-dir) ; donnez le dossier data/ de depbench par --data-dir DOSSIER ou $DEPBENCH_DATA, ou lancez depbench depuis le dossier qui le contient"
        );
        assert_eq!(missing(&built_data_dir(), Origin::Built), None);
        assert_eq!(locate(Some(here)), (here.to_path_buf(), Origin::Option));
    }
}
