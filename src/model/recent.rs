//! A bounded map of recent results, by text key: what was computed once is served again until
//! `capacity` newer keys have pushed it out (oldest inserted first). Used for the library SQL
//! files' results in `query::Engine`, for the explorer's figures, references and flags, and for
//! the text runs the PNG rasteriser draws (`render::png`) and the text widths charts are laid
//! out with (`render::theme::text_width`).

use std::collections::{HashMap, VecDeque};

/// At most `capacity` values by key; inserting past it drops the oldest key.
#[derive(Debug)]
pub struct Recent<V> {
    map: HashMap<String, V>,
    order: VecDeque<String>,
    capacity: usize,
}

impl<V: Clone> Recent<V> {
    /// An empty map holding at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        Recent {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// The value of `key`, if still held.
    pub fn get(&self, key: &str) -> Option<V> {
        self.map.get(key).cloned()
    }

    /// Hold `value` under `key` (replacing an older value of the same key), dropping the oldest
    /// keys beyond the capacity.
    pub fn put(&mut self, key: String, value: V) {
        if self.map.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_key_goes_first_and_a_replaced_key_keeps_its_place() {
        let mut r = Recent::new(2);
        r.put("a".into(), 1);
        r.put("b".into(), 2);
        r.put("a".into(), 10);
        assert_eq!((r.get("a"), r.get("b"), r.len()), (Some(10), Some(2), 2));
        r.put("c".into(), 3);
        assert_eq!(
            (r.get("a"), r.get("b"), r.get("c")),
            (None, Some(2), Some(3))
        );
        r.clear();
        assert!(r.is_empty());
    }
}
