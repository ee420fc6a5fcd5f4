//! The import's streaming path through an OLINPE XML: the file read in blocks (never held
//! whole), element names matched to slots once, the values typed straight into the event
//! columns ([`events::Rows`]). It gives exactly what [`read::read`] then
//! [`events::type_rows`] give for a well-formed UTF-8 file of the 2016 scheme; for anything
//! else (a byte that is not UTF-8, an XML error, the 2011 scheme, a `CODEV`, CDATA, an unknown
//! entity, a carriage return inside a value…) it returns `None` and the import reads the file
//! the general way, which repairs, converts or says where and why the file cannot be read.
//!
//! [`read::read`]: super::read::read

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;
use std::sync::OnceLock;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::FxMap;
use super::dates::{self, parse_date};
use super::events::{self, Rows, Scheme, departement_code};

/// What the streaming path made of one file.
pub struct Streamed {
    pub departement: String,
    pub year: i32,
    pub scheme: Scheme,
    /// Values read that were not empty (every variable, known or not).
    pub values: usize,
    pub rows: Rows,
}

/// Slots of the variables looked at: the typed ones ([`events::typed_vars`]) first.
#[derive(Clone, Copy)]
enum Slot {
    Typed(usize),
    Numdep,
    /// `DATDEBPLAC`, `DATFINPLAC`: only for the year of a file without one in its name.
    PlacDate(usize),
    /// Any other variable a list knows: counted, not kept.
    Other,
    /// A typed variable no list knows: kept, and noted as unknown as the general path does.
    TypedUnlisted(usize),
}

fn slots() -> &'static FxMap<&'static [u8], Slot> {
    static SLOTS: OnceLock<FxMap<&'static [u8], Slot>> = OnceLock::new();
    SLOTS.get_or_init(|| {
        // Every variable a list knows (typed or not), so that a name found as `Typed` or
        // `Other` needs no second look-up to be known.
        let mut m: FxMap<&'static [u8], Slot> = super::rules::KNOWN_VARS
            .iter()
            .map(|v| (v.as_bytes(), Slot::Other))
            .collect();
        for (i, v) in events::typed_vars().iter().enumerate() {
            if events::is_known(v) {
                m.insert(v.as_bytes(), Slot::Typed(i));
            } else {
                m.insert(v.as_bytes(), Slot::TypedUnlisted(i));
            }
        }
        m.insert(b"NUMDEP", Slot::Numdep);
        m.insert(b"DATDEBPLAC", Slot::PlacDate(0));
        m.insert(b"DATFINPLAC", Slot::PlacDate(1));
        m
    })
}

/// One `<DONNEE>` being read: the trimmed text of each slot, first occurrence kept.
struct Current {
    text: String,
    typed: Vec<Option<(u32, u32)>>,
    numdep: Option<(u32, u32)>,
    plac: [Option<(u32, u32)>; 2],
}

impl Current {
    fn clear(&mut self) {
        self.text.clear();
        self.typed.iter_mut().for_each(|s| *s = None);
        self.numdep = None;
        self.plac = [None, None];
    }

    fn get(&self, r: Option<(u32, u32)>) -> Option<&str> {
        r.map(|(a, b)| &self.text[a as usize..b as usize])
    }
}

fn entity(name: &[u8]) -> Option<char> {
    Some(match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"apos" => '\'',
        b"quot" => '"',
        _ => return None,
    })
}

/// Read and type the OLINPE XML at `path` (its file name `file`) on the streaming path, or
/// `None` when the file needs the general reader (see the module's text).
pub fn read(path: &Path, file: &str) -> Option<Streamed> {
    let f = std::fs::File::open(path).ok()?;
    let mut reader = Reader::from_reader(BufReader::with_capacity(1 << 17, f));
    reader.config_mut().check_end_names = true;
    let slots = slots();
    let (name_dep, name_year) = super::name_parts(file);
    let mut rows = Rows::with_capacity(8192);
    let mut cur = Current {
        text: String::with_capacity(2048),
        typed: vec![None; events::typed_vars().len()],
        numdep: None,
        plac: [None, None],
    };
    let mut buf = Vec::with_capacity(4096);
    let mut name = Vec::with_capacity(32);
    // depth: 0 outside, 1 in DECRET, 2 in INTRO or DONNEE, 3 in a variable.
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut in_donnee = false;
    let mut var: Option<Slot> = None;
    let mut var_start = 0usize;
    let mut intro_var: Option<&'static str> = None;
    let mut intro_text = String::new();
    let (mut version_xsd, mut date_export): (Option<String>, Option<String>) = (None, None);
    let mut position = 0usize;
    let mut values = 0usize;
    let mut deps: BTreeMap<String, usize> = BTreeMap::new();
    let mut latest: Option<i32> = None;
    let vars = events::typed_vars();
    let datdeb = vars.iter().position(|v| v == "DATDEB")?;
    let datfin = vars.iter().position(|v| v == "DATFIN")?;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) => {
                upper_name(&mut name, e.local_name().as_ref());
                match depth {
                    0 if name == b"DECRET" => seen_root = true,
                    1 if name == b"DONNEE" => {
                        position += 1;
                        in_donnee = true;
                        cur.clear();
                    }
                    1 if name == b"INTRO" => {}
                    2 if in_donnee => {
                        if name == b"CODEV" {
                            return None;
                        }
                        var = slots.get(name.as_slice()).copied();
                        if !matches!(var, Some(Slot::Typed(_) | Slot::Other)) {
                            note_unknown(&mut rows, &name, position)?;
                        }
                        var_start = cur.text.len();
                    }
                    2 => {
                        intro_var = match name.as_slice() {
                            b"VERSIONXSD" => Some("VERSIONXSD"),
                            b"DATEXPORT" => Some("DATEXPORT"),
                            _ => None,
                        };
                        intro_text.clear();
                    }
                    _ => return None,
                }
                depth += 1;
            }
            Event::Empty(e) => {
                upper_name(&mut name, e.local_name().as_ref());
                match depth {
                    1 if name == b"DONNEE" => {
                        position += 1;
                        cur.clear();
                        push(&mut rows, &cur, position);
                    }
                    2 if in_donnee => {
                        if name == b"CODEV" {
                            return None;
                        }
                        note_unknown(&mut rows, &name, position)?;
                    }
                    0 => return None,
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s: &str = t.as_ref();
                if depth == 3 {
                    if s.contains('\r') {
                        return None;
                    }
                    if in_donnee {
                        cur.text.push_str(s);
                    } else {
                        intro_text.push_str(s);
                    }
                } else if !s.trim().is_empty() {
                    return None;
                }
            }
            Event::GeneralRef(r) => {
                if depth != 3 {
                    return None;
                }
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    _ => entity(r.as_ref().as_bytes())?,
                };
                if in_donnee {
                    cur.text.push(c);
                } else {
                    intro_text.push(c);
                }
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                match depth {
                    2 if in_donnee => {
                        let raw = &cur.text[var_start..];
                        let t = raw.trim();
                        let (a, b) = if t.is_empty() {
                            cur.text.truncate(var_start);
                            (0, 0)
                        } else {
                            values += 1;
                            let a = var_start + (t.as_ptr() as usize - raw.as_ptr() as usize);
                            (a as u32, (a + t.len()) as u32)
                        };
                        let range = (a < b).then_some((a, b));
                        match var.take() {
                            Some(Slot::Typed(i) | Slot::TypedUnlisted(i))
                                if cur.typed[i].is_none() =>
                            {
                                cur.typed[i] = range
                            }
                            Some(Slot::Numdep) if cur.numdep.is_none() => cur.numdep = range,
                            Some(Slot::PlacDate(i)) if cur.plac[i].is_none() => cur.plac[i] = range,
                            // A variable given twice: the general path notes it.
                            Some(Slot::Typed(_) | Slot::TypedUnlisted(_)) => return None,
                            _ => {}
                        }
                    }
                    2 => {
                        let t = intro_text.trim().to_string();
                        match intro_var.take() {
                            Some("VERSIONXSD") => version_xsd = Some(t),
                            Some("DATEXPORT") => date_export = Some(t),
                            _ => {}
                        }
                    }
                    1 if in_donnee => {
                        in_donnee = false;
                        if let Some(n) = cur.get(cur.numdep) {
                            *deps.entry(departement_code(n)).or_default() += 1;
                        }
                        if name_year.is_none() {
                            let found = [
                                cur.typed[datdeb],
                                cur.typed[datfin],
                                cur.plac[0],
                                cur.plac[1],
                            ]
                            .into_iter()
                            .filter_map(|r| cur.get(r))
                            .filter_map(|t| parse_date(t).days())
                            .max();
                            latest = latest.max(found);
                        }
                        push(&mut rows, &cur, position);
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                if !seen_root || depth != 0 || position == 0 {
                    return None;
                }
                break;
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::CData(_) => return None,
        }
    }
    let scheme = match version_xsd.as_deref().map(str::trim) {
        Some(v) if v.starts_with('1') => return None,
        _ => Scheme::V2016,
    };
    let departement = deps
        .iter()
        .max_by_key(|(code, n)| (**n, std::cmp::Reverse((*code).clone())))
        .map(|(c, _)| c.clone())
        .or(name_dep)?;
    let export_year = date_export.as_deref().and_then(|t| {
        let days = parse_date(t).days()?;
        let (y, m, _) = dates::civil_from_days(days);
        Some(if m <= 6 { y - 1 } else { y })
    });
    let year = name_year
        .or(export_year)
        .or(latest.map(|d| dates::civil_from_days(d).0))?;
    super::identity::plain(&deps, file, year, date_export.as_deref()).then_some(())?;
    rows.typed.rows_read = position;
    Some(Streamed {
        departement,
        year,
        scheme,
        values,
        rows,
    })
}

/// `name` ← the element's name in upper case (as the general reader names variables).
fn upper_name(name: &mut Vec<u8>, local: &str) {
    name.clear();
    name.extend(local.bytes().map(|b| b.to_ascii_uppercase()));
}

/// Record `name` (upper case) at `position` when no list knows it, as the general path does.
fn note_unknown(rows: &mut Rows, name: &[u8], position: usize) -> Option<()> {
    let n = std::str::from_utf8(name).ok()?;
    if !events::is_known(n) {
        rows.typed
            .unknown
            .entry(n.to_string())
            .or_default()
            .push(position);
    }
    Some(())
}

fn push(rows: &mut Rows, cur: &Current, position: usize) {
    rows.push(position, |slot| cur.get(cur.typed[slot]));
}
