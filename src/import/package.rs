//! A workbook's container checked before calamine reads it, so that what reading a workbook
//! costs is bounded by what it holds, and a damaged or protected file says so.
//!
//! - An OLE (CFB) container holding `EncryptedPackage` is how Excel writes a workbook protected
//!   by a password: refused as « classeur protégé par mot de passe ».
//! - An xlsx (zip) package is read part by part, decompressed as a stream and never kept:
//!   a part larger than [`MAX_PART_BYTES`] once decompressed, a package larger than
//!   [`MAX_TOTAL_BYTES`], or a part compressed more than [`MAX_RATIO`] times once past
//!   [`RATIO_FROM`] bytes (a « zip bomb ») is refused naming the part; a zip entry given twice,
//!   a part whose data or XML is broken (« classeur abîmé ») and a package cut short
//!   (« classeur tronqué ») too.
//! - Each worksheet's cells are read once, without keeping their values: a cell reference that
//!   is no cell (`E0`, `XFE1`), a cell given twice, a shared string index past the workbook's
//!   table of shared strings are refused naming sheet and cell; a sheet whose cells span a
//!   range far larger than the cells it holds (one cell at `XFD1048576`), or holding more than
//!   [`MAX_CELLS`] cells, is refused naming sheet and range, before calamine allocates that
//!   range densely (32 bytes a cell).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::error::{Error, Result};
use crate::model::cells::a1;

/// Largest decompressed size of one part of a package (256 MiB).
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// Largest decompressed size of all the parts of a package (1 GiB).
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// Largest compression ratio of a part once it passed [`RATIO_FROM`] bytes (real workbooks'
/// parts compress 5 to 20 times; a zip bomb's, a thousand times).
pub const MAX_RATIO: u64 = 100;
/// Parts smaller than this decompressed may have any ratio (16 MiB).
pub const RATIO_FROM: u64 = 16 << 20;
/// Most cells holding a value (or a formula) one sheet may have.
pub const MAX_CELLS: u64 = 5_000_000;
/// A sheet's range (first to last cell holding anything) may exceed the cells it holds by this
/// many cells, plus three empty cells per cell held, before it is refused as far-flung.
pub const SPARSE_SLACK: u64 = 1 << 20;

/// The OLE (CFB) signature: `.xls` files and encrypted `.xlsx` files.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The French words of refusals, for the user's eye.
pub const ENCRYPTED: &str = "classeur protégé par mot de passe";
pub const TRUNCATED: &str = "classeur tronqué";
pub const DAMAGED: &str = "classeur abîmé";

/// Check the bytes of workbook `path` (read by [`super::book::open`]) before calamine opens
/// them. Errors: [`Error::Workbook`] for the container and its parts (protected, truncated,
/// damaged, too large, zip bomb, far-flung or over-full sheet), [`Error::Cell`] for a cell
/// (bad reference, given twice, shared string out of range).
pub fn check(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |message: String| Error::Workbook {
        path: path.to_path_buf(),
        message,
    };
    if bytes.starts_with(&CFB_MAGIC) {
        if is_encrypted_cfb(bytes) {
            return Err(fail(format!(
                "{ENCRYPTED} : le fichier est un paquet Office chiffré (un conteneur OLE avec `EncryptionInfo` et `EncryptedPackage`), que depbench ne peut pas lire ; dans Excel, retirez le mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, videz le champ) et enregistrez une copie"
            )));
        }
        return Ok(());
    }
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let mut zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) if end_of_archive(bytes).is_none() => {
            return Err(fail(format!(
                "{TRUNCATED} : l'archive zip du classeur n'a pas de fin (son répertoire central manque dans ses {} octets : le fichier a été coupé pendant un téléchargement ou une copie) ; récupérez de nouveau le fichier ({e})",
                bytes.len()
            )));
        }
        Err(e) => {
            return Err(fail(format!(
                "{DAMAGED} : le répertoire de l'archive zip est illisible : {e}"
            )));
        }
    };
    if zip.has_duplicate_names() {
        let name = duplicate_entry(bytes).unwrap_or_else(|| "(unnamed)".into());
        return Err(fail(format!(
            "{DAMAGED} : l'entrée zip `{name}` est donnée deux fois (attendu : chaque partie du classeur une seule fois : la copie qu'un lecteur prend n'est pas définie)"
        )));
    }
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let mut budget = Budget::default();
    // Sheet names by part, and the number of shared strings, read first: every later message
    // names the sheet, and cells are checked against the shared strings.
    let sheets = sheet_parts(&mut zip, &names, &mut budget).map_err(fail)?;
    let strings = match names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml"))
    {
        Some(part) => Some(read_part(&mut zip, part, &mut budget, count_strings).map_err(fail)?),
        None => None,
    };
    for name in &names {
        if name.ends_with('/') {
            continue;
        }
        let sheet = sheets.get(name.as_str());
        let xml = [".xml", ".rels", ".vml"]
            .iter()
            .any(|e| name.to_ascii_lowercase().ends_with(e));
        if let Some(sheet) = sheet {
            // A broken part of a sheet names the sheet too.
            let named = |m: String| {
                fail(m.replacen(
                    &format!("partie `{name}`"),
                    &format!("partie `{name}` (feuille `{sheet}`)"),
                    1,
                ))
            };
            let cells = read_part(&mut zip, name, &mut budget, scan_cells).map_err(named)?;
            cells.judge(path, name, sheet, strings)?;
        } else if xml {
            read_part(&mut zip, name, &mut budget, well_formed).map_err(fail)?;
        } else {
            read_part(&mut zip, name, &mut budget, |r| {
                std::io::copy(r, &mut std::io::sink())
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
            .map_err(fail)?;
        }
    }
    Ok(())
}

/// Whether a CFB container holds an `EncryptedPackage` stream (its directory names streams in
/// UTF-16LE).
fn is_encrypted_cfb(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// Offset of the zip "end of central directory" record, if the bytes hold one.
fn end_of_archive(bytes: &[u8]) -> Option<usize> {
    let from = bytes.len().saturating_sub(22 + 65_535);
    (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4B, 0x05, 0x06])
}

/// The first entry name the central directory lists twice (plain zip; `None` for zip64 or a
/// directory that cannot be walked).
fn duplicate_entry(bytes: &[u8]) -> Option<String> {
    let end = end_of_archive(bytes)?;
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?));
    let count = u16_at(end + 10)? as usize;
    let mut at = u32_at(end + 16)? as usize;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4B50 {
            return None;
        }
        let (n, x, c) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = String::from_utf8_lossy(bytes.get(at + 46..at + 46 + n as usize)?).to_string();
        if !seen.insert(name.clone()) {
            return Some(name);
        }
        at += 46 + n as usize + x as usize + c as usize;
    }
    None
}

/// Bytes decompressed so far in the package.
#[derive(Default)]
struct Budget {
    total: u64,
}

/// A part's stream, refusing to go past the caps.
struct Capped<'a, R> {
    inner: R,
    part: &'a str,
    compressed: u64,
    read: u64,
    total: &'a mut u64,
    tripped: Option<String>,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        *self.total += n as u64;
        let over = if self.read > MAX_PART_BYTES {
            Some(format!(
                "la partie `{}` se décompresse en plus de {} Mio (le plus que depbench lit d'une partie)",
                self.part,
                MAX_PART_BYTES >> 20
            ))
        } else if *self.total > MAX_TOTAL_BYTES {
            Some(format!(
                "le classeur se décompresse en plus de {} Mio (le plus que depbench lit d'un classeur), à la partie `{}`",
                MAX_TOTAL_BYTES >> 20,
                self.part
            ))
        } else if self.read > RATIO_FROM && self.read > MAX_RATIO * self.compressed.max(1) {
            Some(format!(
                "la partie `{}` se décompresse plus de {MAX_RATIO} fois ses {} octets compressés (une « bombe zip » : les vrais classeurs se compressent de 5 à 20 fois)",
                self.part, self.compressed
            ))
        } else {
            None
        };
        if let Some(m) = over {
            self.tripped = Some(m);
            return Err(std::io::Error::other("over the cap"));
        }
        Ok(n)
    }
}

/// Decompress part `name` as a stream through `f`; the caps and broken data name the part.
fn read_part<T>(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
    f: impl FnOnce(&mut dyn BufRead) -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    let entry = zip
        .by_name(name)
        .map_err(|e| format!("{DAMAGED} : la partie `{name}` est illisible : {e}"))?;
    let (declared, compressed) = (entry.size(), entry.compressed_size());
    if declared > MAX_PART_BYTES {
        return Err(format!(
            "la partie `{name}` déclare {declared} octets une fois décompressée, plus que les {} Mio que depbench lit d'une partie",
            MAX_PART_BYTES >> 20
        ));
    }
    let mut capped = Capped {
        inner: entry,
        part: name,
        compressed,
        read: 0,
        total: &mut budget.total,
        tripped: None,
    };
    let result = {
        let mut reader = BufReader::new(&mut capped);
        f(&mut reader)
    };
    if let Some(m) = capped.tripped.take() {
        return Err(m);
    }
    result.map_err(|e| format!("{DAMAGED} : partie `{name}` : {e}"))
}

/// Read an XML part to its end; broken XML is an error with its byte offset.
fn well_formed(r: &mut dyn BufRead) -> std::result::Result<(), String> {
    walk(r, |_| Ok(()))
}

/// Walk the XML events of a part, checking that it is well formed and complete.
fn walk(
    r: &mut dyn BufRead,
    mut on: impl FnMut(&Event) -> std::result::Result<(), String>,
) -> std::result::Result<(), String> {
    let mut xml = quick_xml::Reader::from_reader(r);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("XML cassé à l'octet {} : {e}", xml.error_position()))?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err(format!(
                    "le XML s'arrête au milieu d'un élément, à l'octet {} (la partie a été coupée)",
                    xml.buffer_position()
                ));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        on(&event)?;
    }
}

/// The value of attribute `key` (local name) of an element.
fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// Worksheet parts by zip name → sheet name, from `xl/workbook.xml` and its relationships.
fn sheet_parts(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    names: &[String],
    budget: &mut Budget,
) -> std::result::Result<BTreeMap<String, String>, String> {
    let find = |want: &str| names.iter().find(|n| n.eq_ignore_ascii_case(want)).cloned();
    let (Some(book), Some(rels)) = (find("xl/workbook.xml"), find("xl/_rels/workbook.xml.rels"))
    else {
        return Ok(BTreeMap::new());
    };
    let mut sheets: Vec<(String, String)> = Vec::new();
    read_part(zip, &book, budget, |r| {
        walk(r, |e| {
            if let Event::Start(s) | Event::Empty(s) = e
                && s.local_name().as_ref() == "sheet"
                && let (Some(name), Some(id)) = (attribute(s, "name"), attribute(s, "id"))
            {
                sheets.push((id, name));
            }
            Ok(())
        })
    })?;
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    read_part(zip, &rels, budget, |r| {
        walk(r, |e| {
            if let Event::Start(s) | Event::Empty(s) = e
                && s.local_name().as_ref() == "Relationship"
                && let (Some(id), Some(target)) = (attribute(s, "Id"), attribute(s, "Target"))
            {
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                };
                targets.insert(id, part);
            }
            Ok(())
        })
    })?;
    Ok(sheets
        .into_iter()
        .filter_map(|(id, name)| {
            let part = targets.get(&id)?;
            let zip_name = names.iter().find(|n| n.eq_ignore_ascii_case(part))?;
            Some((zip_name.clone(), name))
        })
        .collect())
}

/// The number of shared strings (`<si>` items) of `xl/sharedStrings.xml`.
fn count_strings(r: &mut dyn BufRead) -> std::result::Result<u64, String> {
    let mut count = 0;
    walk(r, |e| {
        if let Event::Start(s) | Event::Empty(s) = e
            && s.local_name().as_ref() == "si"
        {
            count += 1;
        }
        Ok(())
    })?;
    Ok(count)
}

/// What one pass over a worksheet's cells found (no value kept).
#[derive(Default)]
struct Cells {
    /// Cells holding a value, an inline string or a formula.
    held: u64,
    /// First and last row and column of those cells.
    bounds: Option<((u32, u32), (u32, u32))>,
    /// The cell that last widened the bounds (the far one when there is one).
    widest: (u32, u32),
    /// Positions of the cells held, `row << 32 | col`, to find one given twice.
    positions: Vec<u64>,
    in_order: bool,
    /// A reference that is no cell (`E0`), and the row element it is in.
    bad_reference: Option<String>,
    /// The largest shared string index read and its cell.
    largest_string: Option<(u64, (u32, u32))>,
}

/// Parse an A1 reference into 0-based (row, col) within Excel's grid (`A1`…`XFD1048576`).
fn parse_a1(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    if letters == 0 || letters > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = row.parse().ok()?;
    if (1..=16_384).contains(&col) && (1..=1_048_576).contains(&row) {
        Some((row - 1, col - 1))
    } else {
        None
    }
}

/// One pass over a worksheet part.
fn scan_cells(r: &mut dyn BufRead) -> std::result::Result<Cells, String> {
    let mut cells = Cells {
        in_order: true,
        ..Cells::default()
    };
    let mut row: Option<u32> = None;
    let mut next_col = 0u32;
    // The cell open: its position, whether it is a shared string, whether it holds something.
    let mut open: Option<((u32, u32), bool, bool)> = None;
    let mut in_value = false;
    walk(r, |e| {
        match e {
            Event::Start(s) | Event::Empty(s) => match s.local_name().as_ref() {
                "row" => {
                    let r = match attribute(s, "r") {
                        Some(t) => match t.parse::<u32>() {
                            Ok(n) if (1..=1_048_576).contains(&n) => n - 1,
                            _ => {
                                cells
                                    .bad_reference
                                    .get_or_insert_with(|| format!("row {t}"));
                                return Ok(());
                            }
                        },
                        None => row.map_or(0, |r| r + 1),
                    };
                    row = Some(r);
                    next_col = 0;
                }
                "c" => {
                    let at = match attribute(s, "r") {
                        Some(t) => match parse_a1(&t) {
                            Some(p) => p,
                            None => {
                                cells.bad_reference.get_or_insert(t);
                                return Ok(());
                            }
                        },
                        None => (row.unwrap_or(0), next_col),
                    };
                    next_col = at.1.saturating_add(1);
                    let shared = attribute(s, "t").as_deref() == Some("s");
                    if matches!(e, Event::Start(_)) {
                        open = Some((at, shared, false));
                    }
                }
                "v" | "is" | "f" => {
                    if let Some((_, _, held)) = open.as_mut() {
                        *held = true;
                    }
                    in_value = matches!(e, Event::Start(_)) && s.local_name().as_ref() == "v";
                }
                _ => {}
            },
            Event::Text(t) if in_value => {
                if let Some((at, true, _)) = open {
                    let text: &str = t;
                    if let Ok(i) = text.trim().parse::<u64>()
                        && cells.largest_string.is_none_or(|(m, _)| i > m)
                    {
                        cells.largest_string = Some((i, at));
                    }
                }
            }
            Event::End(end) => match end.local_name().as_ref() {
                "v" => in_value = false,
                "c" => {
                    if let Some((at, _, true)) = open.take() {
                        cells.hold(at);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    Ok(cells)
}

impl Cells {
    /// Count a cell holding something.
    fn hold(&mut self, (r, c): (u32, u32)) {
        self.held += 1;
        let key = (u64::from(r) << 32) | u64::from(c);
        if self.positions.last().is_some_and(|&l| l >= key) {
            self.in_order = false;
        }
        if self.held <= MAX_CELLS {
            self.positions.push(key);
        }
        let ((r0, c0), (r1, c1)) = self.bounds.unwrap_or(((r, c), (r, c)));
        let wider = r < r0 || c < c0 || r > r1 || c > c1;
        self.bounds = Some(((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))));
        if wider || self.held == 1 {
            self.widest = (r, c);
        }
    }

    /// Refusals of one sheet, named.
    fn judge(mut self, path: &Path, part: &str, sheet: &str, strings: Option<u64>) -> Result<()> {
        let cell_error = |cell: String, message: String| Error::Cell {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            cell,
            message,
        };
        let sheet_error = |message: String| Error::Workbook {
            path: path.to_path_buf(),
            message: format!("feuille `{sheet}` (partie `{part}`) : {message}"),
        };
        if let Some(r) = self.bad_reference {
            return Err(cell_error(
                r.clone(),
                format!(
                    "{DAMAGED} : `{r}` n'est pas une référence de cellule (attendu : une colonne de A à XFD et une ligne de 1 à 1048576 ; les lignes commencent à 1)"
                ),
            ));
        }
        if let Some((i, (r, c))) = self.largest_string
            && i >= strings.unwrap_or(0)
        {
            return Err(cell_error(
                a1(r, c),
                format!(
                    "{DAMAGED} : la cellule renvoie à la chaîne partagée {i}, mais la table des chaînes partagées du classeur en contient {} (attendu : un indice inférieur)",
                    strings.unwrap_or(0)
                ),
            ));
        }
        if self.held > MAX_CELLS {
            return Err(sheet_error(format!(
                "{} cellules ont une valeur, plus que les {MAX_CELLS} que depbench lit d'une feuille",
                self.held
            )));
        }
        let Some(((r0, c0), (r1, c1))) = self.bounds else {
            return Ok(());
        };
        let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if area > 4 * self.held + SPARSE_SLACK {
            return Err(sheet_error(format!(
                "ses cellules s'étendent sur {}:{} ({area} cellules) pour {} cellules ayant une valeur : une cellule loin du tableau, {}, ferait coûter {} Mio à la lecture de la feuille ; supprimez la cellule isolée (Ctrl+Fin dans Excel montre la dernière)",
                a1(r0, c0),
                a1(r1, c1),
                self.held,
                a1(self.widest.0, self.widest.1),
                (area * 32) >> 20
            )));
        }
        if !self.in_order {
            self.positions.sort_unstable();
        }
        if let Some(w) = self.positions.windows(2).find(|w| w[0] == w[1]) {
            let (r, c) = ((w[0] >> 32) as u32, w[0] as u32);
            return Err(cell_error(
                a1(r, c),
                format!(
                    "{DAMAGED} : la cellule est donnée deux fois dans le XML de la feuille (partie `{part}`) ; attendu : chaque cellule une seule fois (la valeur qu'un lecteur garde n'est pas définie)"
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_the_grid() {
        assert_eq!(parse_a1("A1"), Some((0, 0)));
        assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("E0"), None);
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("A1048577"), None);
        assert_eq!(parse_a1("12"), None);
    }
}
