//! The per-subnet allocator: ownership bitmap plus the summaries that keep
//! automatic picks cheap at any fill level.

use super::bitset::Bitset;
use crate::rng::SplitMix64;

/// Addresses per aligned block; EC2 delegates IPv4 prefixes as /28s.
const BLOCK: u32 = 16;
/// Blocks per 64-bit word of the ownership bitmap.
const BLOCKS_PER_WORD: u32 = 64 / BLOCK;
/// Mask of one block's bits at the bottom of a word.
const BLOCK_MASK: u64 = 0xFFFF;

/// What a subnet CIDR reservation is for, mirroring EC2's reservation types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReservationKind {
    /// Only explicitly requested addresses may come from it: it is excluded
    /// from automatic address and automatic prefix picks alike.
    Explicit,
    /// Set aside for prefix delegation: automatic prefixes are taken from it
    /// first, automatic single addresses never.
    Prefix,
}

/// How an automatic pick chooses among the available candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// A seeded pseudo-random start position, then the first candidate at or
    /// after it, wrapping around. Candidates that follow a long unavailable
    /// run are therefore more likely than others: the choice is scattered,
    /// not uniform, which is what keeps each pick cheap.
    Random,
    /// The lowest candidate, packing allocations densely from the bottom.
    Lowest,
}

/// A deterministic source of automatic picks: the crate's seeded generator
/// ([`crate::rng::SplitMix64`]), so that the same seed and the same sequence of calls
/// reproduce the same addresses on every platform. `Lowest` never draws from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    strategy: Strategy,
    rng: SplitMix64,
}

impl Picker {
    /// Creates a picker; `seed` only matters for [`Strategy::Random`].
    pub fn new(strategy: Strategy, seed: u64) -> Self {
        Picker {
            strategy,
            rng: SplitMix64::new(seed),
        }
    }

    /// The strategy this picker applies.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }
}

/// A subnet CIDR reservation as an offset range. Kept as a short sorted list
/// rather than bitmaps because subnets carry few reservations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reservation {
    offset: u32,
    len: u32,
    kind: ReservationKind,
}

impl Reservation {
    /// One past the last offset. Cannot overflow: ranges are clamped to the
    /// subnet, whose size is at most 2^16.
    fn end(&self) -> u32 {
        self.offset + self.len
    }

    /// Block numbers the range touches, as a half-open range.
    fn blocks(&self) -> (u32, u32) {
        (self.offset / BLOCK, (self.end() - 1) / BLOCK + 1)
    }
}

/// Bits `a..b` of a word, for `a < b <= 64`.
fn range_mask(a: u32, b: u32) -> u64 {
    let width = b - a;
    let ones = if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    ones << a
}

/// Address allocation state of one subnet (prefix length 16..=28).
///
/// Addresses are offsets from the network address. Offsets 0–3 and the last
/// one are reserved by EC2 and can never be owned. An address is *available
/// for automatic addresses* when it is neither reserved, nor owned, nor inside
/// any CIDR reservation. A /28 block is a *candidate* for automatic prefixes
/// when none of its addresses is owned or reserved and it does not intersect
/// an explicit reservation.
///
/// Counters and summaries are updated incrementally so that every query used
/// on the hot path is O(1) or a short scan of a summary, never a scan of the
/// ownership bitmap.
#[derive(Clone, Debug)]
pub struct SubnetAllocator {
    prefix_len: u8,
    size: u32,
    /// One bit per address: owned by some interface, alone or in a prefix.
    owned: Bitset,
    /// One bit per word of `owned`: that word holds an address available for
    /// automatic addresses. Lets a pick skip full regions 64 at a time.
    word_has_available: Bitset,
    /// One bit per /28 block: the block is a candidate for automatic prefixes.
    candidate_blocks: Bitset,
    /// Sorted by offset, non-overlapping.
    reservations: Vec<Reservation>,
    owned_count: u32,
    available_count: u32,
    candidate_count: u32,
}

impl SubnetAllocator {
    /// Creates an empty allocator for a subnet of the given prefix length.
    ///
    /// The caller guarantees `16..=28` (EC2's subnet limits); other values are
    /// clamped in release builds rather than panicking.
    pub fn new(prefix_len: u8) -> SubnetAllocator {
        debug_assert!(
            (16..=28).contains(&prefix_len),
            "subnet prefix length {prefix_len} outside 16..=28"
        );
        let prefix_len = prefix_len.clamp(16, 28);
        let size = 1u32 << (32 - u32::from(prefix_len));
        let owned = Bitset::new(size);
        let words = owned.word_count() as u32;
        let mut a = SubnetAllocator {
            prefix_len,
            size,
            owned,
            word_has_available: Bitset::new(words),
            candidate_blocks: Bitset::new(size / BLOCK),
            reservations: Vec::new(),
            owned_count: 0,
            available_count: size - 5,
            candidate_count: 0,
        };
        a.refresh_summaries(0, words as usize);
        a
    }

    /// Prefix length of the subnet (after clamping to 16..=28).
    pub fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    /// Number of addresses in the subnet, 2^(32 - prefix length).
    pub fn size(&self) -> u32 {
        self.size
    }

    /// Addresses an interface could ever hold: the size minus EC2's five.
    pub fn usable(&self) -> u32 {
        self.size - 5
    }

    /// Whether `offset` is one of EC2's five reserved addresses (network,
    /// router, DNS, future use, broadcast). `false` outside the subnet.
    pub fn is_reserved(&self, offset: u32) -> bool {
        offset < 4 || offset == self.size - 1
    }

    /// Whether `offset` is owned; `false` outside the subnet.
    pub fn is_owned(&self, offset: u32) -> bool {
        self.owned.get(offset)
    }

    /// Number of owned addresses, counting every address of owned blocks.
    pub fn owned_count(&self) -> u32 {
        self.owned_count
    }

    /// Marks one address owned (an explicit or automatically chosen address;
    /// it may lie inside a reservation).
    ///
    /// Precondition: in range, not owned, not reserved. Violations panic in
    /// debug builds and are ignored in release builds.
    pub fn own(&mut self, offset: u32) {
        let ok = offset < self.size && !self.is_reserved(offset) && !self.owned.get(offset);
        debug_assert!(ok, "own({offset}): out of range, reserved or owned");
        if !ok {
            return;
        }
        self.take_address(offset);
    }

    /// Releases one owned address.
    ///
    /// Precondition: owned. Violations panic in debug builds and are ignored
    /// in release builds.
    pub fn release(&mut self, offset: u32) {
        let ok = self.owned.get(offset);
        debug_assert!(ok, "release({offset}): not owned");
        if !ok {
            return;
        }
        self.free_address(offset);
    }

    /// Marks all 16 addresses of `block` owned, as for a delegated /28 prefix.
    ///
    /// Precondition: `block_is_free(block)`. Violations panic in debug builds
    /// and are ignored in release builds.
    pub fn own_block(&mut self, block: u32) {
        let ok = self.block_is_free(block);
        debug_assert!(ok, "own_block({block}): out of range or not free");
        if !ok {
            return;
        }
        self.take_block(block);
    }

    /// Releases every owned address of `block` (normally all 16, when the
    /// block was a delegated prefix). Out of range: no-op.
    pub fn release_block(&mut self, block: u32) {
        let ok = block < self.block_count();
        debug_assert!(ok, "release_block({block}): out of range");
        if !ok {
            return;
        }
        self.free_block(block);
    }

    /// Whether `block` has no owned and no EC2-reserved address, so it could
    /// be owned as a prefix. CIDR reservations are deliberately ignored: an
    /// explicitly requested prefix may lie inside one.
    pub fn block_is_free(&self, block: u32) -> bool {
        if block >= self.block_count() || self.block_has_reserved(block) {
            return false;
        }
        let (w, shift) = Self::block_position(block);
        (self.owned.word(w) >> shift) & BLOCK_MASK == 0
    }

    /// Number of aligned /28 blocks in the subnet.
    pub fn block_count(&self) -> u32 {
        self.size / BLOCK
    }

    /// Adds a subnet CIDR reservation of `len` addresses at `offset`.
    ///
    /// Precondition: an aligned CIDR inside the subnet that overlaps no other
    /// reservation. In release builds an empty or out-of-range request is
    /// ignored and an overhanging one is clipped to the subnet.
    pub fn add_reservation(&mut self, offset: u32, len: u32, kind: ReservationKind) {
        let ok = offset < self.size
            && len > 0
            && u64::from(offset) + u64::from(len) <= u64::from(self.size);
        debug_assert!(
            ok,
            "add_reservation({offset}, {len}): not inside the subnet"
        );
        if offset >= self.size || len == 0 {
            return;
        }
        let r = Reservation {
            offset,
            len: len.min(self.size - offset),
            kind,
        };
        let at = self.reservations.partition_point(|x| x.offset < offset);
        debug_assert!(
            at == 0 || self.reservations[at - 1].end() <= r.offset,
            "add_reservation({offset}, {len}): overlaps the previous reservation"
        );
        debug_assert!(
            at == self.reservations.len() || r.end() <= self.reservations[at].offset,
            "add_reservation({offset}, {len}): overlaps the next reservation"
        );
        let (lo, hi) = Self::word_span(&r);
        let before = self.available_in_words(lo, hi);
        self.reservations.insert(at, r);
        let after = self.available_in_words(lo, hi);
        self.available_count = self.available_count - before + after;
        self.refresh_summaries(lo, hi);
    }

    /// Removes the reservation that starts at `offset` with length `len`
    /// (clipped to the subnet as in `add_reservation`). No such reservation:
    /// no-op, so a replayed removal is harmless.
    pub fn remove_reservation(&mut self, offset: u32, len: u32) {
        if offset >= self.size {
            return;
        }
        let len = len.min(self.size - offset);
        let at = self.reservations.partition_point(|x| x.offset < offset);
        let found = self
            .reservations
            .get(at)
            .is_some_and(|r| r.offset == offset && r.len == len);
        if !found {
            return;
        }
        let (lo, hi) = Self::word_span(&self.reservations[at]);
        let before = self.available_in_words(lo, hi);
        self.reservations.remove(at);
        let after = self.available_in_words(lo, hi);
        self.available_count = self.available_count - before + after;
        self.refresh_summaries(lo, hi);
    }

    /// The kind of the reservation containing `offset`, if any.
    pub fn in_reservation(&self, offset: u32) -> Option<ReservationKind> {
        let at = self.reservations.partition_point(|r| r.end() <= offset);
        self.reservations
            .get(at)
            .filter(|r| r.offset <= offset)
            .map(|r| r.kind)
    }

    /// The subnet's reservations as `(offset, len, kind)`, ascending.
    pub fn reservations(&self) -> impl Iterator<Item = (u32, u32, ReservationKind)> + '_ {
        self.reservations.iter().map(|r| (r.offset, r.len, r.kind))
    }

    /// Addresses an automatic address request could get: not reserved, not
    /// owned, not inside any reservation. O(1).
    pub fn available_for_automatic_addresses(&self) -> u32 {
        self.available_count
    }

    /// Number of candidate /28 blocks for automatic prefixes (see the type's
    /// docs). O(1).
    pub fn free_block_count(&self) -> u32 {
        self.candidate_count
    }

    /// Picks `n` distinct automatic addresses, marks them owned and appends
    /// their offsets to `out` in pick order.
    ///
    /// Returns `false` and changes nothing (neither the allocator, `out` nor
    /// the picker) when fewer than `n` addresses are available.
    pub fn allocate_addresses(&mut self, n: u32, picker: &mut Picker, out: &mut Vec<u32>) -> bool {
        if n > self.available_count {
            return false;
        }
        let mut cursor = 0;
        for _ in 0..n {
            let start = match picker.strategy {
                // Picks only ever remove candidates, so the next lowest is
                // never below the previous pick.
                Strategy::Lowest => cursor,
                Strategy::Random => picker.rng.below(self.size),
            };
            let found = self.find_available_from(start);
            debug_assert!(found.is_some(), "available counter out of step");
            let Some(offset) = found else { break };
            // Available, so in range, unowned and not reserved.
            self.take_address(offset);
            out.push(offset);
            cursor = offset + 1;
        }
        true
    }

    /// Picks `n` candidate /28 blocks, marks all their addresses owned and
    /// appends the block numbers to `out` in pick order. Blocks lying wholly
    /// in `Prefix` reservations are taken first (their addresses are the
    /// reserved ones), then the rest of the subnet.
    ///
    /// Returns `false` and changes nothing when fewer than `n` candidate
    /// blocks exist.
    pub fn allocate_blocks(&mut self, n: u32, picker: &mut Picker, out: &mut Vec<u32>) -> bool {
        if n > self.candidate_count {
            return false;
        }
        let blocks = self.block_count();
        // Two cursors because Lowest restarts from block 0 once the preferred
        // blocks run out.
        let mut preferred_cursor = 0;
        let mut general_cursor = 0;
        for _ in 0..n {
            let (pstart, gstart) = match picker.strategy {
                Strategy::Lowest => (preferred_cursor, general_cursor),
                Strategy::Random => {
                    let s = picker.rng.below(blocks);
                    (s, s)
                }
            };
            let found = match self.find_preferred_block_from(pstart) {
                Some(b) => {
                    preferred_cursor = b + 1;
                    Some(b)
                }
                None => {
                    let b = self.candidate_blocks.find_next_set_wrapping(gstart);
                    if let Some(b) = b {
                        general_cursor = b + 1;
                    }
                    b
                }
            };
            debug_assert!(found.is_some(), "candidate counter out of step");
            let Some(block) = found else { break };
            self.own_block(block);
            out.push(block);
        }
        true
    }

    /// The largest aligned CIDR inside the subnet whose addresses are all
    /// unowned and unreserved, as `(offset, prefix length)`; reservations are
    /// ignored. Ties go to the lowest offset; `None` when every usable
    /// address is owned. Not a hot-path query: O(words · log words) worst
    /// case.
    pub fn largest_free_aligned_block(&self) -> Option<(u32, u8)> {
        let words = self.owned.word_count();
        let free = |w: usize| !self.owned.word(w) & !self.static_mask(w);
        // Groups of whole free words, largest group first.
        if words >= 2 {
            let mut group = words;
            while group >= 2 {
                for g in 0..words / group {
                    let first = g * group;
                    if (first..first + group).all(|w| free(w) == u64::MAX) {
                        let log = group.trailing_zeros() + 6;
                        return Some(((first as u32) * 64, (32 - log) as u8));
                    }
                }
                group /= 2;
            }
        }
        // Within single words: a bit left set after folding k times marks a
        // run of 2^k free bits starting there; keep aligned starts only.
        const ALIGNED: [u64; 7] = [
            u64::MAX,
            0x5555_5555_5555_5555,
            0x1111_1111_1111_1111,
            0x0101_0101_0101_0101,
            0x0001_0001_0001_0001,
            0x0000_0001_0000_0001,
            0x0000_0000_0000_0001,
        ];
        let mut best: Option<(u32, u32)> = None; // (log2 size, offset)
        for w in 0..words {
            let mut run = free(w);
            let mut word_best = None;
            for (k, aligned) in ALIGNED.iter().enumerate() {
                let hits = run & aligned;
                if hits == 0 {
                    break;
                }
                word_best = Some((k as u32, (w as u32) * 64 + hits.trailing_zeros()));
                if k < 6 {
                    run &= run >> (1u32 << k);
                }
            }
            if let Some((k, off)) = word_best {
                if best.is_none_or(|(bk, _)| k > bk) {
                    best = Some((k, off));
                    if k == 6 {
                        break;
                    }
                }
            }
        }
        best.map(|(k, off)| (off, (32 - k) as u8))
    }

    /// Candidate /28 blocks for automatic prefixes, ascending.
    pub fn free_blocks(&self) -> impl Iterator<Item = u32> + '_ {
        self.candidate_blocks.iter_ones()
    }

    /// Owned offsets, ascending.
    pub fn owned_offsets(&self) -> impl Iterator<Item = u32> + '_ {
        self.owned.iter_ones()
    }

    // ---- internals ----

    /// Word index and bit shift of a block inside the ownership bitmap.
    fn block_position(block: u32) -> (usize, u32) {
        (
            (block / BLOCKS_PER_WORD) as usize,
            (block % BLOCKS_PER_WORD) * BLOCK,
        )
    }

    /// Half-open range of `owned` words a reservation touches.
    fn word_span(r: &Reservation) -> (usize, usize) {
        ((r.offset / 64) as usize, ((r.end() - 1) / 64 + 1) as usize)
    }

    fn block_has_reserved(&self, block: u32) -> bool {
        block == 0 || block == self.size / BLOCK - 1
    }

    /// Bits of word `w` that can never be available: EC2's reserved
    /// addresses and positions past the end of a subnet smaller than a word.
    #[inline]
    fn static_mask(&self, w: usize) -> u64 {
        let last_word = ((self.size - 1) / 64) as usize;
        // Every word between the first and the last is whole and holds no reserved address.
        if w != 0 && w < last_word {
            return 0;
        }
        let mut m = !self.owned.valid_mask(w);
        if w == 0 {
            m |= 0xF;
        }
        let last = self.size - 1;
        if w == (last / 64) as usize {
            m |= 1u64 << (last % 64);
        }
        m
    }

    /// Bits of word `w` covered by any reservation, and by explicit ones.
    fn reservation_masks(&self, w: usize) -> (u64, u64) {
        if self.reservations.is_empty() {
            return (0, 0);
        }
        let lo = (w as u32) * 64;
        let hi = lo + 64;
        let mut at = self.reservations.partition_point(|r| r.end() <= lo);
        let (mut all, mut explicit) = (0u64, 0u64);
        while let Some(r) = self.reservations.get(at) {
            if r.offset >= hi {
                break;
            }
            let m = range_mask(r.offset.max(lo) - lo, r.end().min(hi) - lo);
            all |= m;
            if r.kind == ReservationKind::Explicit {
                explicit |= m;
            }
            at += 1;
        }
        (all, explicit)
    }

    /// Addresses of word `w` available for automatic addresses.
    #[inline]
    fn available_mask(&self, w: usize) -> u64 {
        let (resv, _) = self.reservation_bits(w);
        !self.owned.word(w) & !self.static_mask(w) & !resv
    }

    fn available_in_words(&self, lo: usize, hi: usize) -> u32 {
        (lo..hi).map(|w| self.available_mask(w).count_ones()).sum()
    }

    /// Recomputes candidacy of one block from its word's current state.
    fn refresh_block(&mut self, block: u32, owned_word: u64, explicit: u64) {
        if block >= self.block_count() {
            return;
        }
        let shift = (block % BLOCKS_PER_WORD) * BLOCK;
        let candidate = (owned_word >> shift) & BLOCK_MASK == 0
            && (explicit >> shift) & BLOCK_MASK == 0
            && !self.block_has_reserved(block);
        let was = self.candidate_blocks.assign(block, candidate);
        match (was, candidate) {
            (false, true) => self.candidate_count += 1,
            (true, false) => self.candidate_count -= 1,
            _ => {}
        }
    }

    /// Recomputes the word summary and block candidacy for words `lo..hi`.
    /// Counters other than `candidate_count` are the caller's business.
    fn refresh_summaries(&mut self, lo: usize, hi: usize) {
        for w in lo..hi {
            let (resv, explicit) = self.reservation_masks(w);
            let owned = self.owned.word(w);
            let avail = !owned & !self.static_mask(w) & !resv;
            self.word_has_available.assign(w as u32, avail != 0);
            for q in 0..BLOCKS_PER_WORD {
                self.refresh_block(w as u32 * BLOCKS_PER_WORD + q, owned, explicit);
            }
        }
    }

    /// Bits of word `w` inside CIDR reservations: all of them, and the
    /// explicit ones. Without reservations, the usual case, no search.
    #[inline]
    fn reservation_bits(&self, w: usize) -> (u64, u64) {
        if self.reservations.is_empty() {
            (0, 0)
        } else {
            self.reservation_masks(w)
        }
    }

    /// Owns one address the caller has checked is in range, unowned and not
    /// reserved. The hot path of single addresses: it keeps every counter and
    /// summary in step from what one bit can change, without recounting the
    /// word.
    #[inline]
    fn take_address(&mut self, offset: u32) {
        let w = (offset / 64) as usize;
        let bit = 1u64 << (offset % 64);
        let new = self.owned.toggle(offset);
        let (resv, _) = self.reservation_bits(w);
        self.owned_count += 1;
        // A bit inside a CIDR reservation never counted as available.
        if resv & bit == 0 {
            self.available_count -= 1;
            // The word may just have lost its last available address.
            if new | resv | self.static_mask(w) == u64::MAX {
                self.word_has_available.clear(w as u32);
            }
        }
        // One owned address is enough to spoil a block for prefixes; a block
        // that already held one was no candidate.
        let shift = offset % 64 / BLOCK * BLOCK;
        if (new ^ bit) >> shift & BLOCK_MASK == 0
            && self.candidate_blocks.assign(offset / BLOCK, false)
        {
            self.candidate_count -= 1;
        }
    }

    /// Releases one address the caller has checked is owned: the
    /// counterpart of [`Self::take_address`].
    #[inline]
    fn free_address(&mut self, offset: u32) {
        let w = (offset / 64) as usize;
        let bit = 1u64 << (offset % 64);
        let new = self.owned.toggle(offset);
        let (resv, explicit) = self.reservation_bits(w);
        self.owned_count -= 1;
        if resv & bit == 0 {
            self.available_count += 1;
            self.word_has_available.set(w as u32);
        }
        // The block held this address, so it was no candidate; it becomes one
        // if nothing else in it is owned, explicitly reserved or reserved by
        // EC2.
        let block = offset / BLOCK;
        let shift = offset % 64 / BLOCK * BLOCK;
        if (new | explicit) >> shift & BLOCK_MASK == 0 && !self.block_has_reserved(block) {
            self.candidate_blocks.set(block);
            self.candidate_count += 1;
        }
    }

    /// The owned-bit count of a block's lanes: all sixteen, the usual case,
    /// without a population count (a software one on baseline x86-64).
    #[inline]
    fn lane_count(lanes: u64, bits: u64) -> u32 {
        if bits == lanes {
            BLOCK
        } else {
            bits.count_ones()
        }
    }

    /// Owns every address of `block`, which the caller has checked is free
    /// (nothing owned, nothing reserved by EC2): the counterpart of
    /// [`Self::take_address`] for prefixes.
    #[inline]
    fn take_block(&mut self, block: u32) {
        let (w, shift) = Self::block_position(block);
        let lanes = BLOCK_MASK << shift;
        let new = self.owned.word(w) | lanes;
        self.owned.set_word(w, new);
        let (resv, _) = self.reservation_bits(w);
        self.owned_count += BLOCK;
        // Addresses inside CIDR reservations never counted as available.
        self.available_count -= Self::lane_count(lanes, lanes & !resv);
        if new | resv | self.static_mask(w) == u64::MAX {
            self.word_has_available.clear(w as u32);
        }
        if self.candidate_blocks.assign(block, false) {
            self.candidate_count -= 1;
        }
    }

    /// Releases whatever `block` owns (all sixteen addresses for a prefix):
    /// the counterpart of [`Self::free_address`] for prefixes. EC2-reserved
    /// addresses are never owned, so only CIDR reservations keep a released
    /// address from counting as available.
    #[inline]
    fn free_block(&mut self, block: u32) {
        let (w, shift) = Self::block_position(block);
        let lanes = BLOCK_MASK << shift;
        let old = self.owned.word(w);
        let released = old & lanes;
        if released == 0 {
            return;
        }
        let new = old & !lanes;
        self.owned.set_word(w, new);
        let (resv, explicit) = self.reservation_bits(w);
        self.owned_count -= Self::lane_count(lanes, released);
        let available = Self::lane_count(lanes, released & !resv);
        if available > 0 {
            self.available_count += available;
            self.word_has_available.set(w as u32);
        }
        // The block held an owned address, so it was no candidate; with
        // nothing owned left it becomes one unless reserved.
        if explicit & lanes == 0 && !self.block_has_reserved(block) {
            self.candidate_blocks.set(block);
            self.candidate_count += 1;
        }
    }

    /// First address available for automatic addresses at or after `start`,
    /// wrapping. Touches at most two words of `owned` plus the word summary.
    fn find_available_from(&self, start: u32) -> Option<u32> {
        let start = if start < self.size { start } else { 0 };
        let w = (start / 64) as usize;
        let here = self.available_mask(w) & (u64::MAX << (start % 64));
        if here != 0 {
            return Some(start - start % 64 + here.trailing_zeros());
        }
        let words = self.word_has_available.bit_len();
        let next = self
            .word_has_available
            .find_next_set_wrapping((w as u32 + 1) % words)?;
        // If the search wrapped back to `w`, only bits below `start` remain,
        // and the lowest of them is the next one in wrapped order.
        let m = self.available_mask(next as usize);
        debug_assert!(m != 0, "word summary out of step");
        if m == 0 {
            return None;
        }
        Some(next * 64 + m.trailing_zeros())
    }

    /// Whether every address of `block` lies in a `Prefix` reservation.
    fn block_in_prefix_reservations(&self, block: u32) -> bool {
        let first = block * BLOCK;
        (first..first + BLOCK).all(|o| self.in_reservation(o) == Some(ReservationKind::Prefix))
    }

    /// First candidate block in `from..end` lying wholly in `Prefix`
    /// reservations.
    fn find_preferred_in(&self, mut from: u32, end: u32) -> Option<u32> {
        while let Some(b) = self.candidate_blocks.find_next_set_in(from, end) {
            if self.block_in_prefix_reservations(b) {
                return Some(b);
            }
            from = b + 1;
        }
        None
    }

    /// First candidate block lying wholly in `Prefix` reservations at or
    /// after block `start`, wrapping.
    fn find_preferred_block_from(&self, start: u32) -> Option<u32> {
        // Block spans of sorted, disjoint ranges are sorted too (neighbours
        // may share a block), so a binary search finds where to begin.
        let first = self.reservations.partition_point(|r| r.blocks().1 <= start);
        for r in &self.reservations[first..] {
            if r.kind != ReservationKind::Prefix {
                continue;
            }
            let (lo, hi) = r.blocks();
            if let Some(b) = self.find_preferred_in(lo.max(start), hi) {
                return Some(b);
            }
        }
        for r in &self.reservations {
            let (lo, hi) = r.blocks();
            if lo >= start {
                break;
            }
            if r.kind != ReservationKind::Prefix {
                continue;
            }
            if let Some(b) = self.find_preferred_in(lo, hi.min(start)) {
                return Some(b);
            }
        }
        None
    }

    /// Recomputes everything from scratch and compares, so tests can catch a
    /// summary or counter drifting out of step.
    #[cfg(test)]
    pub(super) fn assert_consistent(&self) {
        let mut owned = 0;
        let mut available = 0;
        for w in 0..self.owned.word_count() {
            owned += self.owned.word(w).count_ones();
            let m = self.available_mask(w);
            available += m.count_ones();
            assert_eq!(self.word_has_available.get(w as u32), m != 0, "word {w}");
        }
        assert_eq!(self.owned_count, owned);
        assert_eq!(self.available_count, available);
        let mut candidates = 0;
        for b in 0..self.block_count() {
            let (w, shift) = Self::block_position(b);
            let (_, explicit) = self.reservation_masks(w);
            let c = self.block_is_free(b) && (explicit >> shift) & BLOCK_MASK == 0;
            assert_eq!(self.candidate_blocks.get(b), c, "block {b}");
            candidates += u32::from(c);
        }
        assert_eq!(self.candidate_count, candidates);
        assert_eq!(self.candidate_blocks.count_ones(), candidates);
    }
}
