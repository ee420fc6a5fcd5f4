//! The library's error type: every variant names the file (and sheet, line, field) that caused it;
//! messages are French (`feuille`, `cellule`, `ligne`, `champ`), an engine's own text kept as a
//! `détail : …` line.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in depbench, with enough location to fix the input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written; the common causes are said in French
    /// ([`io_text`]), the others in the system's words.
    #[error("{} : {}", path.display(), io_text(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An xlsx workbook could not be opened or a sheet read (corrupt, truncated, missing sheet).
    #[error("{path} : {message}")]
    Workbook { path: PathBuf, message: String },
    /// A cell of a workbook does not hold what the importer expects.
    #[error("{path} : feuille `{sheet}`, cellule {cell} : {message}")]
    Cell {
        path: PathBuf,
        sheet: String,
        /// A1-style reference, e.g. `D8`.
        cell: String,
        message: String,
    },
    /// A CSV file is malformed or one of its fields is invalid.
    #[error("{path} : ligne {line}, champ `{field}` : {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        field: String,
        message: String,
    },
    /// Input that is wrong as a whole (bad parameter, unknown code, missing column).
    #[error("{0}")]
    Invalid(String),
    /// A SQL statement that depbench refuses to run (DDL, DML, writes).
    #[error("refusé : {0}")]
    Refused(String),
    /// An error from the query engine (planning or execution), with the query it came from;
    /// DataFusion's own text follows as a `détail : …` line.
    #[error("{context} : la requête a échoué\ndétail : {source}")]
    Query {
        context: String,
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// An Arrow error while building or printing a table; Arrow's own text follows as a
    /// `détail : …` line.
    #[error("{context} : erreur de traitement des données\ndétail : {source}")]
    Arrow {
        context: String,
        #[source]
        source: datafusion::arrow::error::ArrowError,
    },
    /// A query stopped at its time limit or by Ctrl-C (`query::limits::within`); the message
    /// is French and says which.
    #[error("{0}")]
    Stopped(String),
    /// A query refused to build a value over the bound of `query::limits` (`repeat('x',
    /// 2000000000)`); the message is French and names the function.
    #[error("{0}")]
    TooLarge(String),
    /// A chart or table could not be drawn or exported.
    #[error("{0}")]
    Render(String),
    /// The provenance check found figures that do not appear on their cited line.
    #[error("{0}")]
    Check(String),
}

/// The French words of an I/O error readers meet (a missing file, a permission refused, a
/// full disk…); other errors keep the system's text.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "fichier ou dossier introuvable".into(),
        ErrorKind::PermissionDenied => "permission refusée".into(),
        ErrorKind::AlreadyExists => "existe déjà".into(),
        ErrorKind::NotADirectory => {
            "un fichier se trouve sur le chemin, à la place d'un dossier".into()
        }
        ErrorKind::IsADirectory => "c'est un dossier, pas un fichier".into(),
        ErrorKind::StorageFull => "disque plein".into(),
        ErrorKind::InvalidData => format!("données illisibles ({e})"),
        _ => e.to_string(),
    }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A query-engine error with what was being done.
    pub fn query(context: impl Into<String>, source: datafusion::error::DataFusionError) -> Self {
        Error::Query {
            context: context.into(),
            source,
        }
    }
}
