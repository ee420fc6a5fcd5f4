//! A fast hash for the import's own maps, whose keys are short and never chosen by an
//! attacker in a way that matters (variable names of the XML, 20-byte `NUMANONYM` digests):
//! the multiply-rotate hash of rustc (`FxHash`), several times faster than the default
//! SipHash on the ~30 look-ups of every `<DONNEE>`. Iteration order is never relied on:
//! every output is sorted.

use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`Fx`].
pub type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fx>>;

/// The `FxHash` state: one word, mixed by a rotate, a xor and a multiply per word written.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_with_fx_finds_what_it_holds() {
        let mut m: FxMap<Vec<u8>, usize> = FxMap::default();
        for i in 0..1000usize {
            m.insert(format!("VAR{i}").into_bytes(), i);
        }
        assert_eq!(m.len(), 1000);
        assert!((0..1000usize).all(|i| m[format!("VAR{i}").as_bytes()] == i));
        assert!(!m.contains_key(b"VAR1000".as_slice()));
    }
}
