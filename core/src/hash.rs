//! The hasher of the model's maps: foldhash's fast hasher, with its fixed seed.
//!
//! The model's maps are keyed by ids (each a `u128`), address offsets and block numbers
//! (`u32`) and instance-type names. std's default, SipHash-1-3 with random keys, resists
//! crafted collisions, but with several lookups per call it was the largest single cost of
//! every model operation (42 % of the instructions of an explicit assign and unassign). The
//! keys here are minted by the model itself or come from the caller's own `describe-*` output,
//! so the model trades that resistance for speed: foldhash folds a 64×64→128-bit multiply per
//! word of key, which spreads every key bit into both the low bits (the bucket) and the high
//! bits (the tag) that the standard library's table uses.
//!
//! The hash is fixed, not seeded per process: the same keys land in the same buckets on every
//! run. Nothing in the model depends on map order; every listing is sorted.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

/// A `HashMap` hashed by foldhash with its fixed seed.
pub(crate) type KeyMap<K, V> = HashMap<K, V, FixedState>;

/// A `HashSet` hashed by foldhash with its fixed seed.
pub(crate) type KeySet<T> = HashSet<T, FixedState>;

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hash};

    use super::*;

    fn hash<T: Hash>(value: T) -> u64 {
        FixedState::default().hash_one(value)
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
