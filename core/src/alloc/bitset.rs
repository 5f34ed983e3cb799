//! A fixed-length bit vector tuned for the allocator's word-at-a-time scans.

/// A fixed-length vector of bits stored in 64-bit words.
///
/// Bits at positions `>= bit_len()` are kept zero at all times, so callers can
/// scan or count whole words without masking the tail. Out-of-range reads
/// return `false` and out-of-range writes are ignored, because the allocator
/// must never panic in release builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
    len: u32,
}

impl Bitset {
    /// Creates a bitset of `len` bits, all clear.
    pub fn new(len: u32) -> Self {
        Bitset {
            words: vec![0; len.div_ceil(64) as usize],
            len,
        }
    }

    /// Number of bits the set holds (not the number of set bits).
    pub fn bit_len(&self) -> u32 {
        self.len
    }

    /// Number of 64-bit words backing the set.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The raw word `index` (bits `64*index ..`), or 0 past the end.
    pub fn word(&self, index: usize) -> u64 {
        self.words.get(index).copied().unwrap_or(0)
    }

    /// Overwrites word `index`; bits beyond `bit_len()` are dropped so the
    /// zero-tail invariant survives careless callers.
    pub fn set_word(&mut self, index: usize, value: u64) {
        let valid = self.valid_mask(index);
        if let Some(w) = self.words.get_mut(index) {
            *w = value & valid;
        }
    }

    /// Bits of word `index` that correspond to positions below `bit_len()`.
    pub fn valid_mask(&self, index: usize) -> u64 {
        let start = (index as u64) * 64;
        let len = u64::from(self.len);
        if start >= len {
            0
        } else if len - start >= 64 {
            u64::MAX
        } else {
            (1u64 << (len - start)) - 1
        }
    }

    /// Whether bit `i` is set; `false` when out of range.
    pub fn get(&self, i: u32) -> bool {
        (self.word((i / 64) as usize) >> (i % 64)) & 1 == 1
    }

    /// Sets bit `i`; ignored when out of range.
    pub fn set(&mut self, i: u32) {
        self.assign(i, true);
    }

    /// Clears bit `i`; ignored when out of range.
    pub fn clear(&mut self, i: u32) {
        self.assign(i, false);
    }

    /// Writes bit `i` and returns its previous value, so callers can keep
    /// counters in step without a second lookup. Out of range: no-op, `false`.
    pub fn assign(&mut self, i: u32, value: bool) -> bool {
        if i >= self.len {
            return false;
        }
        let bit = 1u64 << (i % 64);
        match self.words.get_mut((i / 64) as usize) {
            Some(w) => {
                let old = *w & bit != 0;
                if value {
                    *w |= bit;
                } else {
                    *w &= !bit;
                }
                old
            }
            None => false,
        }
    }

    /// Flips bit `i` and returns the word holding it, after the flip: one
    /// read and one write where `word` and `set_word` take two bounds checks
    /// and a tail mask. Out of range: no-op, 0.
    #[inline]
    pub fn toggle(&mut self, i: u32) -> u64 {
        if i >= self.len {
            return 0;
        }
        match self.words.get_mut((i / 64) as usize) {
            Some(w) => {
                *w ^= 1u64 << (i % 64);
                *w
            }
            None => 0,
        }
    }

    /// Number of set bits.
    pub fn count_ones(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Whether any bit is set.
    pub fn any(&self) -> bool {
        self.words.iter().any(|&w| w != 0)
    }

    /// First set bit at or after `from`, without wrapping.
    pub fn find_next_set(&self, from: u32) -> Option<u32> {
        self.find_next_set_in(from, self.len)
    }

    /// First set bit in the half-open range `from..end` (`end` is clamped to
    /// `bit_len()`).
    pub fn find_next_set_in(&self, from: u32, end: u32) -> Option<u32> {
        let end = end.min(self.len);
        if from >= end {
            return None;
        }
        let mut index = (from / 64) as usize;
        let mut word = self.word(index) & (u64::MAX << (from % 64));
        loop {
            if word != 0 {
                let bit = (index as u32) * 64 + word.trailing_zeros();
                return if bit < end { Some(bit) } else { None };
            }
            index += 1;
            if (index as u64) * 64 >= u64::from(end) {
                return None;
            }
            word = self.word(index);
        }
    }

    /// First set bit at or after `from`, wrapping to the start of the set;
    /// a `from` past the end starts at 0. This is the primitive behind the
    /// allocator's "random start, take the next free" picks.
    pub fn find_next_set_wrapping(&self, from: u32) -> Option<u32> {
        let from = if from < self.len { from } else { 0 };
        self.find_next_set_in(from, self.len)
            .or_else(|| self.find_next_set_in(0, from))
    }

    /// Iterates over the positions of set bits in ascending order.
    pub fn iter_ones(&self) -> Ones<'_> {
        Ones {
            words: &self.words,
            index: 0,
            current: self.words.first().copied().unwrap_or(0),
        }
    }
}

/// Iterator over the set positions of a [`Bitset`], in ascending order.
#[derive(Clone, Debug)]
pub struct Ones<'a> {
    words: &'a [u64],
    index: usize,
    current: u64,
}

impl Iterator for Ones<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        loop {
            if self.current != 0 {
                let bit = self.current.trailing_zeros();
                // Clearing the lowest set bit walks each word in O(set bits).
                self.current &= self.current - 1;
                return Some((self.index as u32) * 64 + bit);
            }
            self.index += 1;
            self.current = *self.words.get(self.index)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_clear_count() {
        let mut b = Bitset::new(130);
        assert_eq!(b.word_count(), 3);
        b.set(0);
        b.set(64);
        b.set(129);
        b.set(130); // out of range, ignored
        assert!(b.get(0) && b.get(64) && b.get(129));
        assert!(!b.get(130) && !b.get(1000));
        assert_eq!(b.count_ones(), 3);
        assert!(b.assign(64, false));
        assert!(!b.assign(64, false));
        b.clear(0);
        assert_eq!(b.iter_ones().collect::<Vec<_>>(), vec![129]);
    }

    #[test]
    fn set_word_keeps_tail_clear() {
        let mut b = Bitset::new(70);
        b.set_word(1, u64::MAX);
        assert_eq!(b.word(1), 0b11_1111);
        assert_eq!(b.count_ones(), 6);
        let mut s = Bitset::new(16);
        s.set_word(0, u64::MAX);
        assert_eq!(s.word(0), 0xFFFF);
    }

    #[test]
    fn find_next_variants() {
        let mut b = Bitset::new(200);
        for i in [3, 70, 190] {
            b.set(i);
        }
        assert_eq!(b.find_next_set(0), Some(3));
        assert_eq!(b.find_next_set(4), Some(70));
        assert_eq!(b.find_next_set(71), Some(190));
        assert_eq!(b.find_next_set(191), None);
        assert_eq!(b.find_next_set_in(4, 70), None);
        assert_eq!(b.find_next_set_in(4, 71), Some(70));
        assert_eq!(b.find_next_set_wrapping(191), Some(3));
        assert_eq!(b.find_next_set_wrapping(500), Some(3));
        assert_eq!(b.find_next_set_wrapping(70), Some(70));
        let e = Bitset::new(0);
        assert_eq!(e.find_next_set_wrapping(0), None);
        assert_eq!(e.iter_ones().count(), 0);
    }
}
