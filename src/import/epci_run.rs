//! The EPCI map's publications within one import run ([`super::editions::import_paths`]): the
//! DGCL composition of the EPCI ([`super::epci`]), the Insee COG and its history
//! ([`super::cog`]), and the IGN commune outlines ([`super::outlines`]), which need the two
//! others — from the same run, else from what `data/` holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cog::{CogFile, CogRead, Move};
use super::epci::EpciEdition;
use super::{Output, Source, book::Book, file_name};
use crate::error::{Error, Result};

/// Files of the run, read or waiting.
#[derive(Default)]
pub struct EpciRun {
    epci: Vec<(EpciEdition, String)>,
    cog: Vec<(CogRead, PathBuf, String)>,
    outlines: Vec<(PathBuf, String)>,
}

impl EpciRun {
    /// Read `book` if it is the DGCL composition of the EPCI; `origin` is its path in the
    /// shared folder. Returns whether it was.
    pub fn workbook(&mut self, path: &Path, book: &mut Book, origin: String) -> Result<bool> {
        if !super::epci::recognise(book, path)? {
            return Ok(false);
        }
        self.epci.push((super::epci::read(path, book)?, origin));
        Ok(true)
    }

    /// The COG file of a CSV header line, if it is one.
    pub fn recognise(line: &str) -> Option<CogFile> {
        super::cog::recognise_header(line)
    }

    /// Read a COG file.
    pub fn cog(&mut self, path: &Path, kind: CogFile, origin: String) -> Result<()> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let read = super::cog::read(path, &bytes, kind)?;
        self.cog.push((read, path.to_path_buf(), origin));
        Ok(())
    }

    /// A commune outline file, read once the others are.
    pub fn outline(&mut self, path: PathBuf, origin: String) {
        self.outlines.push((path, origin));
    }

    /// Write every file of the run into `out` and its sources into `sources`.
    ///
    /// Errors: a COG communes list or commune outlines without the history and composition
    /// they need (neither in the run nor in `data/`), two files of one publication and edition.
    pub fn finish(
        self,
        data_dir: Option<&Path>,
        out: &mut Output,
        sources: &mut BTreeMap<String, Source>,
    ) -> Result<()> {
        let mut claimed: BTreeMap<String, String> = BTreeMap::new();
        let mut claim = |rel: &str, file: &str| -> Result<()> {
            match claimed.insert(rel.to_string(), file.to_string()) {
                Some(first) if first != file => Err(Error::Invalid(format!(
                    "{first} et {file} sont tous deux {rel} : attendu : un fichier par publication et par édition"
                ))),
                _ => Ok(()),
            }
        };
        // The newest history of the run, else the one data/ holds.
        let moves: Vec<Move> = match self
            .cog
            .iter()
            .filter(|(c, _, _)| c.kind == CogFile::Moves)
            .max_by_key(|(c, _, _)| c.moves_edition())
        {
            Some((c, _, _)) => c.moves(),
            None => held_moves(data_dir)?,
        };
        for (read, path, origin) in &self.cog {
            let file = file_name(path);
            let (edition, stem, title) = match read.kind {
                CogFile::Moves => (
                    read.moves_edition(),
                    super::cog::MOVES_STEM,
                    "Code officiel géographique : historique des mouvements des communes",
                ),
                CogFile::Communes => (
                    read.communes_edition(&moves),
                    super::cog::COMMUNES_STEM,
                    "Code officiel géographique : liste des communes",
                ),
            };
            let edition = edition.ok_or_else(|| {
                Error::Invalid(format!(
                    "{file} : l'édition de la liste des communes du COG se lit dans l'historique des mouvements (la date des derniers changements qu'elle reflète) : importez l'historique (cog-mouvements-communes.csv) avec elle ou dans data/"
                ))
            })?;
            let rel = read.rel(edition);
            claim(&rel, &file)?;
            out.file(rel, read.csv(edition));
            out.accounts.push(read.account.clone());
            let id = format!("{stem}-{edition}");
            sources.insert(
                id.clone(),
                Source::open(&id, "Insee", title, &edition.to_string(), origin),
            );
        }
        let (members, names, epci_edition) = match self.epci.iter().max_by_key(|(e, _)| e.edition) {
            Some((e, _)) => (
                e.members
                    .iter()
                    .map(|m| (m.commune.clone(), m.epci.clone()))
                    .collect(),
                e.epci
                    .iter()
                    .map(|x| (x.siren.clone(), x.name.clone()))
                    .collect(),
                Some(e.edition),
            ),
            None => held_epci(data_dir)?,
        };
        for (e, origin) in &self.epci {
            for (rel, bytes) in e.files() {
                claim(&rel, &e.account.input)?;
                out.file(rel, bytes);
            }
            out.accounts.push(e.account.clone());
            sources.insert(
                e.source_id.clone(),
                Source::open(
                    &e.source_id,
                    "DGCL",
                    &format!("{} {}", super::epci::TITLE, e.edition),
                    &e.edition.to_string(),
                    origin,
                ),
            );
        }
        for (path, origin) in &self.outlines {
            let file = file_name(path);
            let Some(edition) = epci_edition.filter(|_| !moves.is_empty()) else {
                return Err(Error::Invalid(format!(
                    "{file} : les contours des communes sont regroupés par EPCI avec la composition des EPCI de la DGCL (epcicom<année>.xlsx) et l'historique des communes du COG (cog-mouvements-communes.csv) : importez-les avec eux ou dans un dossier de données qui les a"
                )));
            };
            let o = super::outlines::epci_outlines(
                path,
                &moves,
                &members,
                &names,
                &format!("{edition}-01-01"),
            )?;
            let dep = &o.departement;
            let contours = format!("context/epci-contours/epci-contours-{dep}.csv");
            claim(&contours, &file)?;
            out.file(contours, o.contours.clone());
            out.file(
                format!("context/epci-placement/communes-2018-{dep}.csv"),
                o.placement.clone(),
            );
            out.file(
                format!("context/epci-contours/SOURCE-{dep}.md"),
                source_md(&file, dep, edition, &o).into_bytes(),
            );
            for (code, name, reason) in &o.unplaced {
                out.notes.push(format!(
                    "{file} : la commune {name} ({code}) n'est placée dans aucun EPCI de la carte : {reason}"
                ));
            }
            if o.unmatched_edges > 0 {
                out.notes.push(format!(
                    "{file} : {} arêtes de frontière entre deux communes sans arête jumelle (contours qui ne partagent pas leurs sommets) : les contours des EPCI peuvent y montrer des traits intérieurs",
                    o.unmatched_edges
                ));
            }
            out.accounts.push(o.account);
            let id = format!("ign-communes-2018-{dep}");
            sources.insert(
                id.clone(),
                Source::open(
                    &id,
                    "IGN",
                    "Admin Express 2018, contours des communes",
                    "2018",
                    origin,
                ),
            );
        }
        Ok(())
    }
}

/// The text of `context/epci-contours/SOURCE-<dep>.md`.
fn source_md(file: &str, dep: &str, edition: i32, o: &super::outlines::EpciOutlines) -> String {
    let mut s = format!(
        "# Contours des EPCI du département {dep} (cartes)\n\n\
         - Source : IGN, Admin Express 2018, fichier `{file}` (contours des communes au 1er janvier 2018, WGS84), Licence Ouverte / Etalab.\n\
         - Communes rattachées à leur EPCI au 1er janvier {edition} (DGCL, composition communale des EPCI à fiscalité propre), \
         les communes fusionnées depuis 2018 suivies dans l'historique des mouvements du COG (Insee).\n\
         - Fusion depbench : frontières communes à deux communes d'un même EPCI supprimées (les communes partagent leurs sommets ; \
         {} arêtes intérieures sans jumelle), trous supprimés, Douglas–Peucker à {}° par arc entre deux nœuds (une frontière commune simplifiée une seule fois).\n\
         - `epci-contours-{dep}.csv` : {} EPCI, {} sommets ; colonnes `{}`.\n",
        o.unmatched_edges,
        super::outlines::TOLERANCE.to_string().replace('.', ","),
        o.epci_count,
        o.points,
        super::outlines::CONTOURS_HEADER.join(",")
    );
    if o.unplaced.is_empty() {
        s.push_str("- Toutes les communes du fichier sont placées.\n");
    } else {
        s.push_str("- Communes non placées :\n");
        for (code, name, reason) in &o.unplaced {
            s.push_str(&format!("  - {name} ({code}) : {reason}\n"));
        }
    }
    s.push_str("\nGénéralisation cartographique pour l'illustration : ne pas utiliser pour des calculs de surface ou de limites.\n");
    s
}

/// CSV files of a data folder's `rel` directory, sorted (newest edition last).
fn held_files(data_dir: Option<&Path>, rel: &str) -> Result<Vec<PathBuf>> {
    let Some(dir) = data_dir.map(|d| d.join(rel)).filter(|d| d.is_dir()) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    Ok(files)
}

fn records(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    csv::Reader::from_reader(bytes.as_slice())
        .records()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Invalid(format!("{} : {e}", path.display())))
}

/// The history of the communes data/ holds (newest edition), empty when none.
fn held_moves(data_dir: Option<&Path>) -> Result<Vec<Move>> {
    let Some(path) = held_files(data_dir, "context/cog-mouvements")?.pop() else {
        return Ok(Vec::new());
    };
    Ok(records(&path)?
        .iter()
        .map(|r| Move {
            date: r[1].to_string(),
            type_before: r[2].to_string(),
            before: r[3].to_string(),
            type_after: r[5].to_string(),
            after: r[6].to_string(),
            name_after: r[7].to_string(),
        })
        .collect())
}

type Held = (
    BTreeMap<String, String>,
    BTreeMap<String, String>,
    Option<i32>,
);

/// The EPCI composition data/ holds (newest edition): commune → SIREN, SIREN → name, edition.
fn held_epci(data_dir: Option<&Path>) -> Result<Held> {
    let (Some(members), Some(epci)) = (
        held_files(data_dir, "context/epci-communes")?.pop(),
        held_files(data_dir, "context/epci")?.pop(),
    ) else {
        return Ok((BTreeMap::new(), BTreeMap::new(), None));
    };
    let m = records(&members)?;
    let edition = m.first().and_then(|r| r[7].parse().ok());
    Ok((
        m.iter()
            .map(|r| (r[0].to_string(), r[3].to_string()))
            .collect(),
        records(&epci)?
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect(),
        edition,
    ))
}
