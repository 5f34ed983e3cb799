//! A fast hasher for the model's maps, whose keys are ids and address offsets.
//!
//! The standard library's SipHash resists hash flooding at a cost of tens of nanoseconds per
//! lookup; here the keys are integers that the model mints or that its user supplies to their
//! own model, so a multiply-and-fold hash (as in FxHash) keeps lookups cheap without that risk
//! mattering.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Multiply-and-fold hashing of integers.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher(u64);

/// An odd constant with well-spread bits (2^64 / φ).
const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // Fold the high bits down: hashbrown takes its bucket from the low bits.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0_u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_u128(&mut self, value: u128) {
        // Truncation is the point: the two halves are folded in turn.
        self.add(value as u64);
        self.add((value >> 64) as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(value: T) -> u64 {
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn nearby_keys_spread_over_the_low_bits() {
        // hashbrown picks buckets from the low bits: consecutive offsets must not collide there.
        let buckets: std::collections::HashSet<u64> =
            (0_u32..1024).map(|o| hash(o) & 1023).collect();
        assert!(
            buckets.len() > 600,
            "only {} of 1024 buckets used",
            buckets.len()
        );
    }

    #[test]
    fn ids_that_differ_in_either_half_hash_differently() {
        assert_ne!(hash(1_u128), hash(1_u128 << 64));
        assert_ne!(hash(1_u128 << 127), hash(0_u128));
    }
}
