//! Persons followed across rows, files and years: a union-find over the `NUMANONYMANT →
//! NUMANONYM` links (§4.5 of the specification). An empty `NUMANONYMANT` and the all-`f` id of
//! the national re-hash ([`rules::EMPTY_ID_REHASH`]) never make a link.

use std::sync::Arc;

use datafusion::arrow::array::{Int64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use super::FxMap;
use super::rules;

/// Schema of `olinpe/personnes.parquet` (table `olinpe_persons`): `numanonym` (an identifier
/// as written, lower case) and `person` (the person it belongs to: 1 + the rank, in sorted
/// order, of the smallest identifier of its component; stable for a given set of identifiers).
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("numanonym", DataType::Utf8, false),
        Field::new("person", DataType::Int64, false),
    ]))
}

/// An identifier held compactly: 40 lower-case hex digits as their 20 bytes (the usual
/// `NUMANONYM`), anything else as text. Ordered as the text is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Hex([u8; 20]),
    Text(Box<str>),
}

impl Key {
    fn of(id: &str) -> Key {
        let b = id.as_bytes();
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        if b.len() == 40 {
            let mut out = [0u8; 20];
            let mut ok = true;
            for (i, pair) in b.chunks_exact(2).enumerate() {
                match (nibble(pair[0]), nibble(pair[1])) {
                    (Some(h), Some(l)) => out[i] = h << 4 | l,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return Key::Hex(out);
            }
        }
        Key::Text(id.into())
    }

    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Key::Text(t) => std::borrow::Cow::Borrowed(t),
            Key::Hex(b) => std::borrow::Cow::Owned(hex(b, &mut [0; 40]).to_string()),
        }
    }

    /// [`Key::text`] without allocating: the hex digits written into `buf`.
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        match self {
            Key::Text(t) => f(t),
            Key::Hex(b) => f(hex(b, &mut [0; 40])),
        }
    }

    fn cmp_text(&self, other: &Key) -> std::cmp::Ordering {
        match (self, other) {
            (Key::Hex(a), Key::Hex(b)) => a.cmp(b),
            (Key::Text(a), Key::Text(b)) => a.cmp(b),
            _ => self.text().cmp(&other.text()),
        }
    }
}

/// The 40 lower-case hex digits of `b`, written into `buf`.
fn hex<'a>(b: &[u8; 20], buf: &'a mut [u8; 40]) -> &'a str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, x) in b.iter().enumerate() {
        buf[2 * i] = DIGITS[(x >> 4) as usize];
        buf[2 * i + 1] = DIGITS[(x & 15) as usize];
    }
    std::str::from_utf8(buf).expect("hex digits")
}

/// A union-find over identifiers.
#[derive(Debug, Default)]
pub struct Linker {
    index: FxMap<Key, u32>,
    keys: Vec<Key>,
    parent: Vec<u32>,
}

impl Linker {
    fn id(&mut self, name: &str) -> u32 {
        let key = Key::of(name);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.index.insert(key, i);
        self.parent.push(i);
        i
    }

    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }

    /// Whether `id` can name a person or a link: not empty, not the all-`f` re-hash of an
    /// empty id.
    pub fn usable(id: &str) -> bool {
        !id.trim().is_empty() && !id.trim().eq_ignore_ascii_case(rules::EMPTY_ID_REHASH)
    }

    /// Add one row: its `NUMANONYM` and, when usable, the link from its `NUMANONYMANT`.
    pub fn add(&mut self, numanonym: Option<&str>, numanonymant: Option<&str>) {
        self.add_row(numanonym, numanonymant);
    }

    /// [`Linker::add`], giving the index of the row's identifier (`None`: not usable), which
    /// [`Linker::finish`] turns into its person.
    pub fn add_row(&mut self, numanonym: Option<&str>, numanonymant: Option<&str>) -> Option<u32> {
        let id = numanonym.filter(|s| Self::usable(s))?;
        let a = self.id(id);
        if let Some(ant) = numanonymant.filter(|s| Self::usable(s)) {
            let b = self.id(ant);
            let (ra, rb) = (self.find(a), self.find(b));
            if ra != rb {
                self.parent[ra as usize] = rb;
            }
        }
        Some(a)
    }

    /// The person of every identifier index (see [`schema`]), and the identifiers sorted.
    fn ranked(&mut self) -> (Vec<i64>, Vec<u32>) {
        // The usual 40-hex-digit identifiers sorted by their bytes (the order of their text)
        // in one contiguous array, the others by their text, then the two merged.
        let mut hex: Vec<([u8; 20], u32)> = Vec::with_capacity(self.keys.len());
        let mut text: Vec<u32> = Vec::new();
        for (i, k) in self.keys.iter().enumerate() {
            match k {
                Key::Hex(b) => hex.push((*b, i as u32)),
                Key::Text(_) => text.push(i as u32),
            }
        }
        hex.sort_unstable();
        text.sort_unstable_by(|&a, &b| self.keys[a as usize].cmp_text(&self.keys[b as usize]));
        let mut order: Vec<u32> = Vec::with_capacity(self.keys.len());
        let (mut h, mut t) = (
            hex.iter().map(|(_, i)| *i).peekable(),
            text.into_iter().peekable(),
        );
        loop {
            let next = match (h.peek(), t.peek()) {
                (Some(&a), Some(&b)) => {
                    if self.keys[a as usize]
                        .cmp_text(&self.keys[b as usize])
                        .is_le()
                    {
                        h.next()
                    } else {
                        t.next()
                    }
                }
                (Some(_), None) => h.next(),
                (None, Some(_)) => t.next(),
                (None, None) => break,
            };
            order.extend(next);
        }
        drop(hex);
        // The person of a component: 1 + the rank of its first identifier in that order.
        let mut person_of_root = vec![0i64; self.keys.len()];
        let mut person = vec![0i64; self.keys.len()];
        for (rank, &i) in order.iter().enumerate() {
            let root = self.find(i) as usize;
            if person_of_root[root] == 0 {
                person_of_root[root] = rank as i64 + 1;
            }
            person[i as usize] = person_of_root[root];
        }
        (person, order)
    }

    /// Every identifier with its person (see [`schema`]), sorted by identifier.
    pub fn persons(mut self) -> Vec<(Box<str>, i64)> {
        let (person, order) = self.ranked();
        order
            .iter()
            .map(|&i| (self.keys[i as usize].text().into(), person[i as usize]))
            .collect()
    }

    /// The person of every identifier index given by [`Linker::add_row`], and the table of
    /// [`schema`] (sorted by identifier).
    pub fn finish(mut self) -> (Vec<i64>, RecordBatch) {
        let (person, order) = self.ranked();
        let mut ids = StringBuilder::with_capacity(order.len(), order.len() * 40);
        let mut ps = Int64Builder::with_capacity(order.len());
        for &i in &order {
            self.keys[i as usize].with_text(|t| ids.append_value(t));
            ps.append_value(person[i as usize]);
        }
        let batch = RecordBatch::try_new(
            schema(),
            vec![Arc::new(ids.finish()), Arc::new(ps.finish())],
        )
        .expect("columns of the schema");
        (person, batch)
    }

    /// [`Linker::persons`] as a batch of [`schema`].
    pub fn batch(self) -> RecordBatch {
        self.finish().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_numanonymant_but_never_empty_ids() {
        let mut l = Linker::default();
        l.add(Some("b"), None);
        l.add(Some("c"), Some("b"));
        l.add(Some("d"), Some(rules::EMPTY_ID_REHASH));
        l.add(Some("e"), Some(""));
        l.add(Some("a"), None);
        let p: Vec<(String, i64)> = l
            .persons()
            .into_iter()
            .map(|(n, p)| (n.to_string(), p))
            .collect();
        assert_eq!(
            p,
            [
                ("a".into(), 1),
                ("b".into(), 2),
                ("c".into(), 2),
                ("d".into(), 4),
                ("e".into(), 5)
            ]
        );
    }
}
