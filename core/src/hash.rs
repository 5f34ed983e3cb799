//! The hasher of the model's maps.
//!
//! The model's maps are keyed by ids (each a `u128`), address offsets and block numbers
//! (`u32`) and instance-type names. std's default, SipHash-1-3 with random keys, resists
//! crafted collisions, but with several lookups per call it was the largest single cost of
//! every model operation (42 % of the instructions of an explicit assign and unassign). The
//! keys here are minted by the model itself or come from the
//! caller's own `describe-*` output, so the model trades that resistance for speed: one folded
//! 64×64→128-bit multiply per 8 bytes of key, the mixing step of wyhash and foldhash, which
//! spreads every key bit into both the low bits (the bucket) and the high bits (the tag) that
//! the standard library's table uses.
//!
//! The hash is fixed, not seeded per process: the same keys land in the same buckets on every
//! run. Nothing in the model depends on map order; every listing is sorted.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`KeyHasher`].
pub(crate) type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A `HashSet` with [`KeyHasher`].
pub(crate) type KeySet<T> = HashSet<T, BuildHasherDefault<KeyHasher>>;

/// The starting state: the fractional digits of π, so that a key of zero does not hash to zero.
const SEED: u64 = 0x243f_6a88_85a3_08d3;
/// An odd multiplier with well-mixed bits (the golden ratio's).
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The low and high halves of the 128-bit product, folded together.
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// A fast, fixed hasher for small keys; not resistant to crafted collisions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyHasher {
    state: u64,
}

impl Default for KeyHasher {
    #[inline]
    fn default() -> Self {
        KeyHasher { state: SEED }
    }
}

impl KeyHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.state = folded_multiply(self.state ^ word, MULTIPLIER);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.state
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.mix(u64::from(value));
    }

    #[inline]
    fn write_u16(&mut self, value: u16) {
        self.mix(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.mix(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.mix(value);
    }

    #[inline]
    fn write_u128(&mut self, value: u128) {
        self.mix(value as u64);
        self.mix((value >> 64) as u64);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.mix(value as u64);
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hash};

    use super::*;

    fn hash<T: Hash>(value: T) -> u64 {
        BuildHasherDefault::<KeyHasher>::default().hash_one(value)
    }

    #[test]
    fn fixed_and_distinct() {
        assert_eq!(hash(7u32), hash(7u32));
        assert_ne!(hash(0u32), 0);
        assert_ne!(hash("ab"), hash("ab\0"));
        assert_ne!(hash("m5.large"), hash("m5.xlarge"));
        assert_ne!(hash(1u128), hash(1u128 << 64));
    }

    #[test]
    fn consecutive_offsets_spread_over_buckets_and_tags() {
        // 4,096 consecutive offsets into 4,096 buckets: about 1 − 1/e of them are hit when
        // the low bits are well mixed; and the top 7 bits (the tag) take every value.
        let hashes: Vec<u64> = (0..4096u32).map(hash).collect();
        let buckets: HashSet<u64> = hashes.iter().map(|h| h & 4095).collect();
        assert!(buckets.len() > 2400, "{} buckets", buckets.len());
        let tags: HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        assert_eq!(tags.len(), 128);
    }

    #[test]
    fn ids_differing_in_one_bit_spread_too() {
        let hashes: HashSet<u64> = (0..128).map(|bit| hash(1u128 << bit) & 1023).collect();
        assert!(hashes.len() > 100, "{} buckets", hashes.len());
    }
}
