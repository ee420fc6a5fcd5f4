//! Reading an OLINPE transmission as it is: the XML (`<DECRET><INTRO>…</INTRO><DONNEE>…`) in
//! UTF-8 or cp1252, or the ONPE's `;` CSV (header = the variables, one row per `<DONNEE>`).
//! Every variable is kept as optional text, in file order; typing comes after
//! ([`super::events`]). Only what cannot be read at all is an error, located (line, position of
//! the `<DONNEE>`, element) and worded in French.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::{Error, Result};

/// The transmission's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `<DECRET>` XML.
    Xml,
    /// The ONPE's `;`-separated CSV.
    Csv,
}

/// One `<DONNEE>` (one event), its variables as written (trimmed; empty elements kept empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Donnee {
    /// 1-based position of the `<DONNEE>` in the file (the CSV's data row number).
    pub position: usize,
    /// 1-based line where the `<DONNEE>` starts (the CSV record's line).
    pub line: u64,
    /// (variable in upper case, text) in file order.
    pub vars: Vec<(String, String)>,
}

impl Donnee {
    /// The text of `var` when present and not empty.
    pub fn get(&self, var: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(v, _)| v == var)
            .map(|(_, t)| t.as_str())
            .filter(|t| !t.is_empty())
    }

    /// Whether the element `var` is present (possibly empty).
    pub fn has(&self, var: &str) -> bool {
        self.vars.iter().any(|(v, _)| v == var)
    }

    /// Set `var` to `text` (added when absent).
    pub fn set(&mut self, var: &str, text: String) {
        match self.vars.iter_mut().find(|(v, _)| v == var) {
            Some((_, t)) => *t = text,
            None => self.vars.push((var.to_string(), text)),
        }
    }

    /// Remove `var`, returning its text.
    pub fn take(&mut self, var: &str) -> Option<String> {
        let i = self.vars.iter().position(|(v, _)| v == var)?;
        Some(self.vars.remove(i).1)
    }
}

/// A transmission file read whole, untyped.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub format: Format,
    /// `UTF-8` or `windows-1252` (the bytes were not UTF-8 and were read as cp1252).
    pub encoding: &'static str,
    /// `<VERSIONXSD>` of the XML (none in the CSV).
    pub version_xsd: Option<String>,
    /// `<DATEXPORT>` of the XML, as written.
    pub date_export: Option<String>,
    pub donnees: Vec<Donnee>,
}

/// Whether `head` (the first bytes of a file) starts an OLINPE transmission, and which format:
/// an XML whose first element is `<DECRET>`, or a `;` CSV whose header names `NUMANONYM` and
/// `TYPEV` or `CODEV`.
pub fn recognise(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        // An internal DTD subset is refused ([`not_transmission`]).
        let rest = after_prolog(t).ok()?;
        let name: String = rest
            .strip_prefix('<')?
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        return name.eq_ignore_ascii_case("DECRET").then_some(Format::Xml);
    }
    let line = t.lines().next()?;
    let fields: Vec<String> = line
        .split(';')
        .map(|f| f.trim().trim_matches('"').to_ascii_uppercase())
        .collect();
    let has = |n: &str| fields.iter().any(|f| f == n);
    (fields.len() > 2 && has("NUMANONYM") && (has("TYPEV") || has("CODEV"))).then_some(Format::Csv)
}

/// What follows the prolog of the XML text `t`: the declaration, comments, processing
/// instructions and an external `<!DOCTYPE …>` skipped. `Err(())` for a DOCTYPE with an
/// internal subset (`[ … ]`), never read (its entities could expand without bound).
fn after_prolog(t: &str) -> std::result::Result<&str, ()> {
    let mut rest = t;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>").map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->").map_or("", |(_, r)| r);
        } else if let Some(r) = rest.strip_prefix("<!DOCTYPE") {
            match r.split_once('>') {
                Some((decl, r)) if !decl.contains('[') => rest = r,
                _ => return Err(()),
            }
        } else {
            return Ok(rest);
        }
    }
}

/// Why a file that is no transmission ([`recognise`] gave `None`) cannot be one, when it was
/// meant as one: its name ends in `.xml` (`xml_name`) or its content starts like XML. `head` is
/// its first bytes. The reasons, in French: « fichier vide », « encodage UTF-16 non lu »,
/// « XML avec une DTD interne », « XML dont la racine est <X> », each saying what an OLINPE
/// extract is. `None` for anything else (a workbook, a CSV, a transmission).
pub fn not_transmission(head: &[u8], xml_name: bool) -> Option<String> {
    const DECRET: &str = "un extrait OLINPE commence par <DECRET>";
    // UTF-16 XML: `<` as two bytes, after a byte-order mark or not.
    let body = head
        .strip_prefix(b"\xFF\xFE")
        .or_else(|| head.strip_prefix(b"\xFE\xFF"))
        .unwrap_or(head);
    let bom = body.len() < head.len();
    let xml16 = body.starts_with(b"<\0") || body.starts_with(b"\0<");
    if xml16 || (bom && xml_name) {
        return Some("encodage UTF-16 non lu : UTF-8 ou Windows-1252 attendu".into());
    }
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return xml_name.then(|| format!("fichier vide : {DECRET}"));
    }
    if !t.starts_with('<') {
        return xml_name.then(|| {
            let first: String = t.chars().take(20).collect();
            format!("fichier .xml qui ne commence pas par une balise (« {first} ») : {DECRET}")
        });
    }
    let Ok(rest) = after_prolog(t) else {
        return Some(format!(
            "XML avec une DTD interne (<!DOCTYPE … [ … ]>), non lue (ses entités ne sont pas développées) : {DECRET}, sans DTD"
        ));
    };
    let name: String = rest
        .strip_prefix('<')
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
        .collect();
    Some(if name.is_empty() {
        format!("XML sans élément racine : {DECRET}")
    } else {
        format!("XML dont la racine est <{name}> : {DECRET}")
    })
}

/// [`not_transmission`] of the file at `path` (its first 4 KiB).
pub fn not_transmission_path(path: &Path) -> Result<Option<String>> {
    use std::io::Read as _;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    let xml_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"));
    Ok(not_transmission(&head, xml_name))
}

/// The bytes as text: UTF-8 (a BOM dropped) or, when they are not UTF-8, cp1252 (the ONPE's
/// importer repairs cp1252 characters, §4.3). Returns the text and the encoding used.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), "windows-1252")
        }
    }
}

/// Read a transmission of `format` from its bytes. Errors (French, located): an XML that is
/// not well formed (line and what was expected), a root other than `<DECRET>`, an element
/// inside a variable, a CSV with a bad record.
pub fn read(path: &Path, bytes: &[u8], format: Format) -> Result<RawFile> {
    let (text, encoding) = decode(bytes);
    let mut raw = match format {
        Format::Xml => read_xml(path, &text)?,
        Format::Csv => read_csv(path, &text)?,
    };
    raw.encoding = encoding;
    Ok(raw)
}

fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// Line numbers of increasing offsets, counted once through the text.
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        if end < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = end;
        self.line
    }
}

fn xml_error(path: &Path, text: &str, offset: usize, message: impl std::fmt::Display) -> Error {
    Error::Invalid(format!(
        "{} : ligne {} : fichier OLINPE illisible : {message}",
        path.display(),
        line_of(text, offset)
    ))
}

/// A quick-xml error in French, saying what was expected.
fn xml_message(e: &quick_xml::Error) -> String {
    use quick_xml::errors::{IllFormedError as I, SyntaxError as S};
    match e {
        quick_xml::Error::Syntax(S::UnclosedTag) => {
            "balise non fermée : « > » attendu avant la fin du fichier (fichier coupé ?)".into()
        }
        quick_xml::Error::Syntax(S::UnclosedComment) => {
            "commentaire non fermé : « --> » attendu".into()
        }
        quick_xml::Error::Syntax(S::UnclosedCData) => {
            "section CDATA non fermée : « ]]> » attendu".into()
        }
        quick_xml::Error::Syntax(other) => format!("syntaxe XML invalide ({other})"),
        quick_xml::Error::IllFormed(I::MismatchedEndTag { expected, found }) => {
            format!("</{expected}> attendu, trouvé </{found}>")
        }
        quick_xml::Error::IllFormed(I::UnmatchedEndTag(found)) => {
            format!("</{found}> sans balise ouvrante")
        }
        quick_xml::Error::IllFormed(I::MissingEndTag(name)) => format!("</{name}> attendu"),
        quick_xml::Error::IllFormed(other) => format!("XML mal formé ({other})"),
        other => format!("XML illisible ({other})"),
    }
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn read_xml(path: &Path, text: &str) -> Result<RawFile> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut raw = RawFile {
        format: Format::Xml,
        encoding: "UTF-8",
        version_xsd: None,
        date_export: None,
        donnees: Vec::new(),
    };
    // The open elements: DECRET, then INTRO or DONNEE, then a variable.
    let mut stack: Vec<String> = Vec::new();
    let mut value = String::new();
    let mut current: Option<Donnee> = None;
    let mut seen_root = false;
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let pos = reader.error_position() as usize;
            let what = xml_message(&e);
            let inside = current
                .as_ref()
                .map(|d| format!(" dans le <DONNEE> n° {}", d.position))
                .unwrap_or_default();
            xml_error(path, text, pos, format!("{what}{inside}"))
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_uppercase();
                match stack.len() {
                    0 => {
                        if name != "DECRET" {
                            return Err(xml_error(
                                path,
                                text,
                                at,
                                format!("élément racine <DECRET> attendu, trouvé <{name}>"),
                            ));
                        }
                        seen_root = true;
                    }
                    1 if name == "DONNEE" => {
                        current = Some(Donnee {
                            position: raw.donnees.len() + 1,
                            line: lines.at(at),
                            vars: Vec::new(),
                        });
                    }
                    1 if name == "INTRO" => {}
                    1 => {
                        return Err(xml_error(
                            path,
                            text,
                            at,
                            format!("<INTRO> ou <DONNEE> attendu sous <DECRET>, trouvé <{name}>"),
                        ));
                    }
                    2 => value.clear(),
                    _ => {
                        let inside = current
                            .as_ref()
                            .map(|d| format!("<DONNEE> n° {}, ", d.position))
                            .unwrap_or_default();
                        return Err(xml_error(
                            path,
                            text,
                            at,
                            format!(
                                "{inside}variable <{}> : une valeur texte attendue, trouvé un élément <{name}>",
                                stack.last().map(String::as_str).unwrap_or("")
                            ),
                        ));
                    }
                }
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_ascii_uppercase();
                match stack.len() {
                    0 => {
                        return Err(xml_error(
                            path,
                            text,
                            at,
                            format!("élément racine <DECRET> attendu, trouvé <{name} />"),
                        ));
                    }
                    1 if name == "DONNEE" => raw.donnees.push(Donnee {
                        position: raw.donnees.len() + 1,
                        line: lines.at(at),
                        vars: Vec::new(),
                    }),
                    2 => {
                        if let Some(d) = current.as_mut() {
                            d.vars.push((name, String::new()));
                        } else if stack[1] == "INTRO" {
                            // <VERSIONXSD /> or <DATEXPORT />: nothing to keep.
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if stack.len() == 3 {
                    value.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(xml_error(
                        path,
                        text,
                        at,
                        format!(
                            "texte « {} » hors d'une variable{}",
                            t.xml10_content()
                                .trim()
                                .chars()
                                .take(40)
                                .collect::<String>(),
                            current
                                .as_ref()
                                .map(|d| format!(" dans le <DONNEE> n° {}", d.position))
                                .unwrap_or_default()
                        ),
                    ));
                }
            }
            Event::CData(c) => {
                if stack.len() == 3 {
                    value.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if stack.len() == 3 {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => entity(&r),
                    };
                    match c {
                        Some(c) => value.push(c),
                        None => {
                            return Err(xml_error(
                                path,
                                text,
                                at,
                                format!("entité « &{}; » inconnue", &*r),
                            ));
                        }
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                match stack.len() {
                    2 => {
                        let v = value.trim().to_string();
                        if stack[1] == "INTRO" {
                            match name.as_str() {
                                "VERSIONXSD" => raw.version_xsd = Some(v),
                                "DATEXPORT" => raw.date_export = Some(v),
                                _ => {}
                            }
                        } else if let Some(d) = current.as_mut() {
                            d.vars.push((name, v));
                        }
                        value.clear();
                    }
                    1 if name == "DONNEE" => {
                        if let Some(d) = current.take() {
                            raw.donnees.push(d);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                if !seen_root {
                    return Err(xml_error(path, text, at, "élément <DECRET> attendu"));
                }
                if let Some(open) = stack.last() {
                    return Err(xml_error(
                        path,
                        text,
                        text.len(),
                        format!("fichier coupé : </{open}> attendu avant la fin du fichier"),
                    ));
                }
                break;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    Ok(raw)
}

fn read_csv(path: &Path, text: &str) -> Result<RawFile> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::Invalid(format!(
                "{} : ligne 1 : en-tête CSV OLINPE illisible : {e}",
                path.display()
            ))
        })?
        .iter()
        .map(|h| h.trim().to_ascii_uppercase())
        .collect();
    let mut raw = RawFile {
        format: Format::Csv,
        encoding: "UTF-8",
        version_xsd: None,
        date_export: None,
        donnees: Vec::new(),
    };
    let mut lines = crate::model::lines::LineCounter::new(text.as_bytes());
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::Invalid(format!(
                "{} : ligne {} : ligne OLINPE illisible : {e}",
                path.display(),
                lines.line(e.position())
            ))
        })?;
        let line = lines.line(record.position());
        if record.len() != header.len() {
            let detail = if record.len() > header.len() {
                let extra: Vec<&str> = record.iter().skip(header.len()).collect();
                format!(
                    "champ en trop après {} (dernière colonne de l'en-tête) : « {} »",
                    header.last().map_or("", String::as_str),
                    extra.join(";")
                )
            } else {
                format!("champ(s) manquant(s) à partir de {}", header[record.len()])
            };
            return Err(Error::Invalid(format!(
                "{} : ligne {line} : ligne OLINPE illisible : {} champs attendus (comme l'en-tête), {} trouvés : {detail}",
                path.display(),
                header.len(),
                record.len()
            )));
        }
        raw.donnees.push(Donnee {
            position: i + 1,
            line,
            vars: header
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.clone(), v.trim().to_string()))
                .collect(),
        });
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_by_content() {
        assert_eq!(
            recognise(b"<?xml version=\"1.0\"?>\n<!-- x -->\n<DECRET><INTRO>"),
            Some(Format::Xml)
        );
        assert_eq!(recognise(b"<SNATED>"), None);
        assert_eq!(
            recognise(b"ANAIS;DATDEB;NUMANONYM;TYPEV\n"),
            Some(Format::Csv)
        );
        assert_eq!(recognise(b"territory,indicator\n"), None);
        assert_eq!(
            recognise(b"<!DOCTYPE DECRET SYSTEM \"decret.dtd\">\n<DECRET>"),
            Some(Format::Xml)
        );
    }

    #[test]
    fn what_is_not_a_transmission() {
        let why = |h: &[u8], x| not_transmission(h, x);
        assert_eq!(
            why(b"", true).as_deref(),
            Some("fichier vide : un extrait OLINPE commence par <DECRET>")
        );
        assert_eq!(why(b"", false), None);
        assert_eq!(
            why(b"<?xml version=\"1.0\"?>\n<rss><channel>", false).as_deref(),
            Some("XML dont la racine est <rss> : un extrait OLINPE commence par <DECRET>")
        );
        assert_eq!(
            why(b"\xFF\xFE<\0?\0x\0", true).as_deref(),
            Some("encodage UTF-16 non lu : UTF-8 ou Windows-1252 attendu")
        );
        assert!(
            why(b"<!DOCTYPE DECRET [<!ENTITY a \"b\">]>\n<DECRET>", true)
                .unwrap()
                .starts_with("XML avec une DTD interne")
        );
        assert_eq!(why(b"PK\x03\x04", false), None);
        assert_eq!(why(b"a;b\n", false), None);
    }

    #[test]
    fn xml_variables_entities_and_errors() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DECRET><INTRO><VERSIONXSD>2.01</VERSIONXSD><DATEXPORT>2017-03-01</DATEXPORT></INTRO>\n<DONNEE><NUMDEP>017</NUMDEP><AUTREDA>A &amp; B &#233;</AUTREDA><DATFIN /></DONNEE>\n</DECRET>";
        let raw = read(Path::new("f.xml"), xml.as_bytes(), Format::Xml).unwrap();
        assert_eq!(raw.version_xsd.as_deref(), Some("2.01"));
        assert_eq!(raw.donnees.len(), 1);
        let d = &raw.donnees[0];
        assert_eq!((d.position, d.line), (1, 3));
        assert_eq!(d.get("AUTREDA"), Some("A & B é"));
        assert!(d.has("DATFIN") && d.get("DATFIN").is_none());

        let cut = "<DECRET><INTRO></INTRO>\n<DONNEE><NUMDEP>017</NUMDEP>\n";
        let e = read(Path::new("f.xml"), cut.as_bytes(), Format::Xml)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("f.xml : ligne 3") && e.contains("</DONNEE> attendu"),
            "{e}"
        );
        let nested = "<DECRET>\n<DONNEE><NUMDEP><X>1</X></NUMDEP></DONNEE></DECRET>";
        let e = read(Path::new("f.xml"), nested.as_bytes(), Format::Xml)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ligne 2") && e.contains("<DONNEE> n° 1, variable <NUMDEP>"),
            "{e}"
        );
    }

    #[test]
    fn csv_lines_count_crlf_and_name_the_field() {
        let csv = "NUMANONYM;TYPEV;AUTREDA\r\nab;1;x\r\n\r\ncd;1;x;y\r\n";
        let e = read(Path::new("f.csv"), csv.as_bytes(), Format::Csv)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "f.csv : ligne 4 : ligne OLINPE illisible : 3 champs attendus (comme l'en-tête), 4 trouvés : champ en trop après AUTREDA (dernière colonne de l'en-tête) : « y »"
        );
        let csv = "NUMANONYM;TYPEV;AUTREDA\r\nab;1;x\r\ncd;1\r\n";
        let e = read(Path::new("f.csv"), csv.as_bytes(), Format::Csv)
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("ligne 3 : ligne OLINPE illisible : 3 champs attendus (comme l'en-tête), 2 trouvés : champ(s) manquant(s) à partir de AUTREDA"),
            "{e}"
        );
        let raw = read(
            Path::new("f.csv"),
            b"NUMANONYM;TYPEV\r\nab;1\r\ncd;1\r\n",
            Format::Csv,
        )
        .unwrap();
        assert_eq!(raw.donnees[1].line, 3);
    }

    #[test]
    fn cp1252_is_repaired() {
        let bytes = b"<DECRET><DONNEE><AUTREDA>c\x9cur \x80</AUTREDA></DONNEE></DECRET>";
        let raw = read(Path::new("f.xml"), bytes, Format::Xml).unwrap();
        assert_eq!(raw.encoding, "windows-1252");
        assert_eq!(raw.donnees[0].get("AUTREDA"), Some("cœur €"));
    }
}
