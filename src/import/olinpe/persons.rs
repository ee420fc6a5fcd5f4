//! Persons followed across rows, files and years: a union-find over the `NUMANONYMANT →
//! NUMANONYM` links (§4.5 of the specification). An empty `NUMANONYMANT` and the all-`f` id of
//! the national re-hash ([`rules::EMPTY_ID_REHASH`]) never make a link.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Int64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

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

/// A union-find over identifiers.
#[derive(Debug, Default)]
pub struct Linker {
    index: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    parent: Vec<u32>,
}

impl Linker {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), i);
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
        let Some(id) = numanonym.filter(|s| Self::usable(s)) else {
            return;
        };
        let a = self.id(id);
        if let Some(ant) = numanonymant.filter(|s| Self::usable(s)) {
            let b = self.id(ant);
            let (ra, rb) = (self.find(a), self.find(b));
            if ra != rb {
                self.parent[ra as usize] = rb;
            }
        }
    }

    /// Every identifier with its person (see [`schema`]), sorted by identifier.
    pub fn persons(mut self) -> Vec<(Box<str>, i64)> {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut person_of_root: HashMap<u32, i64> = HashMap::new();
        let mut out = Vec::with_capacity(order.len());
        for (rank, &i) in order.iter().enumerate() {
            let root = self.find(i);
            let p = *person_of_root.entry(root).or_insert(rank as i64 + 1);
            out.push((self.names[i as usize].clone(), p));
        }
        out
    }

    /// [`Linker::persons`] as a batch of [`schema`].
    pub fn batch(self) -> RecordBatch {
        let persons = self.persons();
        let mut ids = StringBuilder::with_capacity(persons.len(), persons.len() * 40);
        let mut ps = Int64Builder::with_capacity(persons.len());
        for (id, p) in &persons {
            ids.append_value(id);
            ps.append_value(*p);
        }
        RecordBatch::try_new(
            schema(),
            vec![Arc::new(ids.finish()), Arc::new(ps.finish())],
        )
        .expect("columns of the schema")
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
