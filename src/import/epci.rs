//! DGCL « Composition communale des EPCI à fiscalité propre » (`epcicom<edition>.xlsx`, one row
//! per member commune) → `context/epci/epci-<edition>.csv` (one row per EPCI: name, nature,
//! financing, département of its seat, members, populations) and
//! `context/epci-communes/epci-communes-<edition>.csv` (one row per member commune: its
//! département, name, EPCI and populations).
//!
//! Recognised by content: a sheet whose first row names the columns `dept`, `siren`,
//! `raison_sociale`, `nature_juridique`, `mode_financ`, `nb_membres`, `total_pop_tot`,
//! `total_pop_mun`, `dep_com`, `insee`, `siren_membre`, `nom_membre`, `ptot_<année>`,
//! `pmun_<année>` (in any order); the edition is the year of `ptot_<année>`. Every value cites
//! its cell (`Epcicom2025!G2`: an EPCI's values are those of its first row, and every other row
//! of the EPCI must repeat them, else an error names both cells). Populations are the DGCL's
//! « population totale » and « population municipale » (Insee populations légales in force on
//! 1 January of the edition). A row whose cells are all empty is accounted for, not loaded; a
//! commune in two EPCI, a code that is not a commune code or a population that is not a whole
//! number is an error naming sheet and cell.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};

use super::book::{Book, Sheet, is_blank, text};
use super::{Account, a1, number_text};
use crate::error::{Error, Result};

/// Source id stem: `dgcl-epcicom-2025`.
pub const STEM: &str = "dgcl-epcicom";

/// Title of the publication.
pub const TITLE: &str = "Composition communale des EPCI à fiscalité propre au 1er janvier";

/// Columns of the sheet, by their header (the populations' headers end with the edition).
const COLUMNS: [&str; 12] = [
    "dept",
    "siren",
    "raison_sociale",
    "nature_juridique",
    "mode_financ",
    "nb_membres",
    "total_pop_tot",
    "total_pop_mun",
    "dep_com",
    "insee",
    "siren_membre",
    "nom_membre",
];

/// Header of `context/epci/epci-<edition>.csv`.
pub const EPCI_HEADER: [&str; 10] = [
    "siren",
    "name",
    "nature",
    "financing",
    "departement",
    "members",
    "population_totale",
    "population_municipale",
    "edition",
    "source_ref",
];

/// Header of `context/epci-communes/epci-communes-<edition>.csv`.
pub const COMMUNES_HEADER: [&str; 9] = [
    "commune",
    "departement",
    "name",
    "epci",
    "siren_membre",
    "population_totale",
    "population_municipale",
    "edition",
    "source_ref",
];

/// One EPCI as the workbook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Epci {
    pub siren: String,
    pub name: String,
    pub nature: String,
    pub financing: String,
    pub departement: String,
    pub members: String,
    pub population_totale: String,
    pub population_municipale: String,
    /// `Epcicom2025!B2:H2`: the cells of its first row.
    pub source_ref: String,
}

/// One member commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub commune: String,
    pub departement: String,
    pub name: String,
    pub epci: String,
    pub siren_membre: String,
    pub population_totale: String,
    pub population_municipale: String,
    /// `Epcicom2025!I2:N2`.
    pub source_ref: String,
}

/// The workbook read.
#[derive(Debug)]
pub struct EpciEdition {
    pub edition: i32,
    pub source_id: String,
    pub epci: Vec<Epci>,
    pub members: Vec<Member>,
    pub account: Account,
}

/// The columns of a header row: each name of [`COLUMNS`] and the two populations, with the
/// edition; `None` when the row is not this header.
fn header(sheet: &Sheet, row: u32) -> Option<(BTreeMap<&'static str, u32>, i32)> {
    let ((_, c0), (_, c1)) = sheet.bounds();
    let names: Vec<(u32, String)> = (c0..=c1)
        .map(|c| (c, text(sheet.get(row, c)).to_lowercase()))
        .collect();
    let mut cols = BTreeMap::new();
    for want in COLUMNS {
        let (c, _) = names.iter().find(|(_, n)| n == want)?;
        cols.insert(want, *c);
    }
    let year_of = |prefix: &str| {
        names.iter().find_map(|(c, n)| {
            let y: i32 = n.strip_prefix(prefix)?.parse().ok()?;
            (1990..=2100).contains(&y).then_some((*c, y))
        })
    };
    let (ptot, y) = year_of("ptot_")?;
    let (pmun, y2) = year_of("pmun_")?;
    if y != y2 {
        return None;
    }
    cols.insert("ptot", ptot);
    cols.insert("pmun", pmun);
    Some((cols, y))
}

/// The sheet holding the DGCL composition, with its columns and edition.
/// The columns of the sheet by header name.
type Columns = BTreeMap<&'static str, u32>;

fn find(book: &mut Book, path: &Path) -> Result<Option<(Sheet, Columns, i32)>> {
    for name in book.sheet_names().to_vec() {
        let sheet = Sheet::read(book, path, &name)?;
        let ((r0, _), _) = sheet.bounds();
        if let Some((cols, year)) = header(&sheet, r0) {
            return Ok(Some((sheet, cols, year)));
        }
    }
    Ok(None)
}

/// Is this workbook the DGCL composition of the EPCI?
pub fn recognise(book: &mut Book, path: &Path) -> Result<bool> {
    Ok(find(book, path)?.is_some())
}

/// A whole number ≥ 0 (count of members, population), as its text.
fn whole(path: &Path, sheet: &Sheet, r: u32, c: u32, what: &str) -> Result<String> {
    let v = match sheet.get(r, c) {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    match v {
        Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 => Ok(number_text(v)),
        _ => Err(sheet.cell_error(
            path,
            r,
            c,
            format!(
                "{what} : attendu un nombre entier positif ou nul ; trouvé «{}»",
                text(sheet.get(r, c))
            ),
        )),
    }
}

/// A code cell: digits (and `A`/`B` for Corse) of one of the lengths `lens`, as written (the
/// DGCL writes commune and département codes as text, SIREN as numbers).
fn code(path: &Path, sheet: &Sheet, r: u32, c: u32, what: &str, lens: &[usize]) -> Result<String> {
    let t = text(sheet.get(r, c)).to_uppercase();
    let ok = lens.contains(&t.len())
        && t.chars()
            .all(|ch| ch.is_ascii_digit() || ch == 'A' || ch == 'B');
    if ok {
        Ok(t)
    } else {
        Err(sheet.cell_error(
            path,
            r,
            c,
            format!("{what} : attendu un code de {lens:?} caractères ; trouvé «{t}»"),
        ))
    }
}

/// Read the workbook (recognised by [`recognise`]).
pub fn read(path: &Path, book: &mut Book) -> Result<EpciEdition> {
    let (sheet, cols, edition) = find(book, path)?.ok_or_else(|| {
        Error::Invalid(format!(
            "{} : pas de feuille `dept | siren | raison_sociale | … | ptot_<année> | pmun_<année>` (composition des EPCI de la DGCL)",
            path.display()
        ))
    })?;
    let file = super::file_name(path);
    let mut account = Account::new(format!("{file} feuille `{}`", sheet.name));
    let ((r0, _), (r1, _)) = sheet.bounds();
    let mut epci: BTreeMap<String, (Epci, u32)> = BTreeMap::new();
    let mut members: BTreeMap<String, Member> = BTreeMap::new();
    let range =
        |r: u32, a: &str, b: &str| format!("{}!{}:{}", sheet.name, a1(r, cols[a]), a1(r, cols[b]));
    for r in r0 + 1..=r1 {
        account.rows_read += 1;
        if cols.values().all(|&c| is_blank(sheet.get(r, c))) {
            account.skip("ligne vide", format!("ligne {}", r + 1));
            continue;
        }
        let siren = code(path, &sheet, r, cols["siren"], "siren de l'EPCI", &[9])?;
        let this = Epci {
            siren: siren.clone(),
            name: text(sheet.get(r, cols["raison_sociale"])),
            nature: text(sheet.get(r, cols["nature_juridique"])),
            financing: text(sheet.get(r, cols["mode_financ"])),
            departement: code(
                path,
                &sheet,
                r,
                cols["dept"],
                "département de l'EPCI",
                &[2, 3],
            )?,
            members: whole(path, &sheet, r, cols["nb_membres"], "nombre de membres")?,
            population_totale: whole(
                path,
                &sheet,
                r,
                cols["total_pop_tot"],
                "population totale de l'EPCI",
            )?,
            population_municipale: whole(
                path,
                &sheet,
                r,
                cols["total_pop_mun"],
                "population municipale de l'EPCI",
            )?,
            source_ref: range(r, "siren", "total_pop_mun"),
        };
        match epci.get(&siren) {
            None => {
                epci.insert(siren.clone(), (this, r));
            }
            Some((first, fr)) => {
                let same = Epci {
                    source_ref: first.source_ref.clone(),
                    ..this.clone()
                };
                if same != *first {
                    return Err(sheet.cell_error(path,
                        r,
                        cols["siren"],
                        format!(
                            "l'EPCI {siren} est décrit autrement qu'en ligne {} (nom, nature, département, membres ou populations) : attendu les mêmes valeurs sur chaque ligne de ses communes",
                            fr + 1
                        ),
                    ));
                }
            }
        }
        let commune = code(path, &sheet, r, cols["insee"], "code de la commune", &[5])?;
        let member = Member {
            commune: commune.clone(),
            departement: code(
                path,
                &sheet,
                r,
                cols["dep_com"],
                "département de la commune",
                &[2, 3],
            )?,
            name: text(sheet.get(r, cols["nom_membre"])),
            epci: siren,
            siren_membre: code(
                path,
                &sheet,
                r,
                cols["siren_membre"],
                "siren de la commune",
                &[9],
            )?,
            population_totale: whole(
                path,
                &sheet,
                r,
                cols["ptot"],
                "population totale de la commune",
            )?,
            population_municipale: whole(
                path,
                &sheet,
                r,
                cols["pmun"],
                "population municipale de la commune",
            )?,
            source_ref: range(r, "dep_com", "pmun"),
        };
        if let Some(first) = members.get(&commune) {
            return Err(sheet.cell_error(path,
                r,
                cols["insee"],
                format!(
                    "commune {commune} membre de deux EPCI ({} en {} et {}) : attendu une commune dans un seul EPCI",
                    first.epci, first.source_ref, member.epci
                ),
            ));
        }
        members.insert(commune, member);
        account.rows_loaded += 1;
        account.values_loaded += 2;
    }
    Ok(EpciEdition {
        edition,
        source_id: format!("{STEM}-{edition}"),
        epci: epci.into_values().map(|(e, _)| e).collect(),
        members: members.into_values().collect(),
        account,
    })
}

impl EpciEdition {
    /// The two CSV files: (relative path, bytes).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let e = self.edition.to_string();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(EPCI_HEADER).expect("in-memory write");
        for x in &self.epci {
            w.write_record([
                &x.siren,
                &x.name,
                &x.nature,
                &x.financing,
                &x.departement,
                &x.members,
                &x.population_totale,
                &x.population_municipale,
                &e,
                &x.source_ref,
            ])
            .expect("in-memory write");
        }
        let epci = w.into_inner().expect("in-memory write");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COMMUNES_HEADER).expect("in-memory write");
        for m in &self.members {
            w.write_record([
                &m.commune,
                &m.departement,
                &m.name,
                &m.epci,
                &m.siren_membre,
                &m.population_totale,
                &m.population_municipale,
                &e,
                &m.source_ref,
            ])
            .expect("in-memory write");
        }
        let communes = w.into_inner().expect("in-memory write");
        vec![
            (format!("context/epci/epci-{e}.csv"), epci),
            (
                format!("context/epci-communes/epci-communes-{e}.csv"),
                communes,
            ),
        ]
    }
}
