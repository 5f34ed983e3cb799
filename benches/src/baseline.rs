//! The two baselines beside every allocation hot path.
//!
//! Both do the same job as eniplan's allocator in a /16 — random start, first free address
//! (or wholly free aligned /28) at or after it, wrapping; EC2's five reserved addresses never
//! handed out — so that, from the same seed and state, all three pick the same addresses.
//!
//! - [`RawBitmap`] is the floor: a `Vec<u64>` of owned bits and nothing else, no counters, no
//!   summaries, no checks. What eniplan's allocator adds on top of it is bookkeeping.
//! - [`NaiveSet`] is what most code does: a `HashSet<u32>` of used addresses, scanning
//!   candidates until one is not in the set.

use std::collections::HashSet;

use eniplan::rng::SplitMix64;

/// Addresses in a /28 block.
pub const BLOCK: u32 = 16;

/// Whether `offset` is one of EC2's five reserved addresses of a subnet of `size` addresses.
pub fn is_reserved(offset: u32, size: u32) -> bool {
    offset < 4 || offset == size - 1
}

/// One bit per address, set when owned; EC2's reserved addresses are set from the start.
#[derive(Clone, Debug)]
pub struct RawBitmap {
    words: Vec<u64>,
    rng: SplitMix64,
}

impl RawBitmap {
    /// A subnet of `size` addresses (a multiple of 64) with `owned` owned, drawing its random
    /// starts from `seed`.
    pub fn new(size: u32, owned: &[u32], seed: u64) -> Self {
        let mut bitmap = RawBitmap {
            words: vec![0; (size / 64) as usize],
            rng: SplitMix64::new(seed),
        };
        for offset in (0..4).chain([size - 1]).chain(owned.iter().copied()) {
            bitmap.set(offset);
        }
        bitmap
    }

    /// Number of addresses.
    pub fn size(&self) -> u32 {
        (self.words.len() * 64) as u32
    }

    /// Whether `offset` is owned (or reserved).
    #[inline]
    pub fn get(&self, offset: u32) -> bool {
        self.words[(offset / 64) as usize] >> (offset % 64) & 1 == 1
    }

    /// Marks `offset` owned.
    #[inline]
    pub fn set(&mut self, offset: u32) {
        self.words[(offset / 64) as usize] |= 1 << (offset % 64);
    }

    /// Marks `offset` free.
    #[inline]
    pub fn clear(&mut self, offset: u32) {
        self.words[(offset / 64) as usize] &= !(1 << (offset % 64));
    }

    /// The first free address at or after `start`, wrapping.
    #[inline]
    pub fn first_free_from(&self, start: u32) -> Option<u32> {
        let n = self.words.len();
        let w = (start / 64) as usize;
        let here = !self.words[w] & (u64::MAX << (start % 64));
        if here != 0 {
            return Some(w as u32 * 64 + here.trailing_zeros());
        }
        (1..=n).find_map(|k| {
            let i = (w + k) % n;
            let free = !self.words[i];
            (free != 0).then(|| i as u32 * 64 + free.trailing_zeros())
        })
    }

    /// Picks a free address from a random start and marks it owned.
    #[inline]
    pub fn allocate(&mut self) -> Option<u32> {
        let start = self.rng.below(self.size());
        let offset = self.first_free_from(start)?;
        self.set(offset);
        Some(offset)
    }

    /// The first wholly free aligned /28 at or after block `start`, wrapping.
    #[inline]
    pub fn first_free_block_from(&self, start: u32) -> Option<u32> {
        let blocks = self.size() / BLOCK;
        (0..blocks).find_map(|k| {
            let block = (start + k) % blocks;
            let word = self.words[(block / 4) as usize];
            (word >> ((block % 4) * BLOCK) & 0xFFFF == 0).then_some(block)
        })
    }

    /// Picks a wholly free /28 from a random start and marks its 16 addresses owned.
    #[inline]
    pub fn allocate_block(&mut self) -> Option<u32> {
        let start = self.rng.below(self.size() / BLOCK);
        let block = self.first_free_block_from(start)?;
        self.words[(block / 4) as usize] |= 0xFFFF << ((block % 4) * BLOCK);
        Some(block)
    }

    /// Frees the 16 addresses of `block`.
    #[inline]
    pub fn release_block(&mut self, block: u32) {
        self.words[(block / 4) as usize] &= !(0xFFFF << ((block % 4) * BLOCK));
    }
}

/// A `HashSet<u32>` of used addresses, scanned candidate by candidate.
#[derive(Clone, Debug)]
pub struct NaiveSet {
    used: HashSet<u32>,
    size: u32,
    rng: SplitMix64,
}

impl NaiveSet {
    /// A subnet of `size` addresses with `owned` owned, drawing random starts from `seed`.
    pub fn new(size: u32, owned: &[u32], seed: u64) -> Self {
        NaiveSet {
            used: owned.iter().copied().collect(),
            size,
            rng: SplitMix64::new(seed),
        }
    }

    /// Marks `offset` owned; `false` when it already was.
    #[inline]
    pub fn insert(&mut self, offset: u32) -> bool {
        self.used.insert(offset)
    }

    /// Marks `offset` free.
    #[inline]
    pub fn remove(&mut self, offset: u32) -> bool {
        self.used.remove(&offset)
    }

    fn is_free(&self, offset: u32) -> bool {
        !is_reserved(offset, self.size) && !self.used.contains(&offset)
    }

    /// The first free address at or after `start`, wrapping.
    pub fn first_free_from(&self, start: u32) -> Option<u32> {
        (0..self.size)
            .map(|k| (start + k) % self.size)
            .find(|&offset| self.is_free(offset))
    }

    /// Picks a free address from a random start and marks it owned.
    pub fn allocate(&mut self) -> Option<u32> {
        let start = self.rng.below(self.size);
        let offset = self.first_free_from(start)?;
        self.used.insert(offset);
        Some(offset)
    }

    /// The first aligned /28 at or after block `start` none of whose addresses is used or
    /// reserved, wrapping.
    pub fn first_free_block_from(&self, start: u32) -> Option<u32> {
        let blocks = self.size / BLOCK;
        (0..blocks)
            .map(|k| (start + k) % blocks)
            .find(|&block| (block * BLOCK..(block + 1) * BLOCK).all(|o| self.is_free(o)))
    }

    /// Picks a wholly free /28 from a random start and marks its addresses used.
    pub fn allocate_block(&mut self) -> Option<u32> {
        let start = self.rng.below(self.size / BLOCK);
        let block = self.first_free_block_from(start)?;
        self.used.extend(block * BLOCK..(block + 1) * BLOCK);
        Some(block)
    }

    /// Frees the 16 addresses of `block`.
    pub fn release_block(&mut self, block: u32) {
        for offset in block * BLOCK..(block + 1) * BLOCK {
            self.used.remove(&offset);
        }
    }

    /// Number of used addresses.
    pub fn len(&self) -> usize {
        self.used.len()
    }

    /// Whether no address is used.
    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: u32 = 1 << 16;

    #[test]
    fn both_pick_the_same_addresses_and_skip_reserved_ones() {
        let owned: Vec<u32> = (4..SIZE - 1).filter(|o| o % 3 != 0).collect();
        let mut raw = RawBitmap::new(SIZE, &owned, 9);
        let mut naive = NaiveSet::new(SIZE, &owned, 9);
        for _ in 0..500 {
            let (a, b) = (raw.allocate(), naive.allocate());
            assert_eq!(a, b);
            let a = a.unwrap();
            assert!(!is_reserved(a, SIZE) && a % 3 == 0);
            raw.clear(a);
            naive.remove(a);
        }
        assert_eq!(raw.first_free_from(SIZE - 2), Some(6));
        assert_eq!(naive.first_free_from(SIZE - 2), Some(6));
    }

    #[test]
    fn blocks_are_found_only_when_wholly_free() {
        // Every block dirty but 4094 (the last one holds the broadcast address).
        let owned: Vec<u32> = (1..4094).map(|b| b * BLOCK + 5).collect();
        let mut raw = RawBitmap::new(SIZE, &owned, 3);
        let mut naive = NaiveSet::new(SIZE, &owned, 3);
        for _ in 0..20 {
            assert_eq!(raw.allocate_block(), Some(4094));
            assert_eq!(naive.allocate_block(), Some(4094));
            raw.release_block(4094);
            naive.release_block(4094);
        }
        assert_eq!(naive.len(), owned.len());
        assert_eq!(
            RawBitmap::new(SIZE, &[], 0).first_free_block_from(0),
            Some(1)
        );
        assert_eq!(
            NaiveSet::new(SIZE, &[], 0).first_free_block_from(4095),
            Some(1)
        );
    }

    #[test]
    fn a_full_subnet_has_nothing_to_give() {
        let owned: Vec<u32> = (4..SIZE - 1).collect();
        assert_eq!(RawBitmap::new(SIZE, &owned, 0).allocate(), None);
        assert_eq!(NaiveSet::new(SIZE, &owned, 0).allocate(), None);
        assert_eq!(RawBitmap::new(SIZE, &owned, 0).allocate_block(), None);
    }
}
