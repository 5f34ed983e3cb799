//! Hand-computed examples plus a model test against a deliberately naive
//! reimplementation.

use super::{Picker, ReservationKind, Strategy as PickStrategy, SubnetAllocator};
use proptest::prelude::*;
use std::collections::BTreeSet;

use ReservationKind::{Explicit, Prefix};

fn lowest() -> Picker {
    Picker::new(PickStrategy::Lowest, 0)
}

fn alloc(a: &mut SubnetAllocator, n: u32, p: &mut Picker) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    a.allocate_addresses(n, p, &mut out).then_some(out)
}

fn alloc_blocks(a: &mut SubnetAllocator, n: u32, p: &mut Picker) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    a.allocate_blocks(n, p, &mut out).then_some(out)
}

// ---------------------------------------------------------------- examples

/// The first outputs of splitmix64 seeded with 1234567: the published test vector of the
/// generator (Vigna's reference `splitmix64.c`, and Java's `SplittableRandom`).
const SPLITMIX64_1234567: [u64; 5] = [
    6457827717110365317,
    3203168211198807973,
    9817491932198370423,
    4593380528125082431,
    16408922859458223821,
];

#[test]
fn random_picks_follow_the_seeded_generator() {
    // In an empty /24 each draw x starts the search at (x >> 32) × 256 >> 32, the top 8 bits
    // of x: 89, 44, 136, 63 and 227, all free and unreserved, so each is the pick itself.
    let mut a = SubnetAllocator::new(24);
    let mut p = Picker::new(PickStrategy::Random, 1234567);
    let expected: Vec<u32> = SPLITMIX64_1234567
        .iter()
        .map(|x| u32::try_from(x >> 56).unwrap())
        .collect();
    assert_eq!(expected, [89, 44, 136, 63, 227]);
    assert_eq!(alloc(&mut a, 5, &mut p), Some(expected));
    // A /16 has 4,096 blocks: the next draw's top 12 bits, 16408922859458223821 >> 52 = 3643,
    // is the first block picked.
    let mut a = SubnetAllocator::new(16);
    let mut p = Picker::new(PickStrategy::Random, 1234567);
    for _ in 0..4 {
        alloc(&mut a, 1, &mut p).unwrap();
    }
    assert_eq!(SPLITMIX64_1234567[4] >> 52, 3643);
    assert_eq!(alloc_blocks(&mut a, 1, &mut p), Some(vec![3643]));
}

#[test]
fn sizes_and_usable() {
    for (p, size, usable) in [(16, 65536, 65531), (24, 256, 251), (28, 16, 11)] {
        let a = SubnetAllocator::new(p);
        assert_eq!(a.size(), size);
        assert_eq!(a.usable(), usable);
        assert_eq!(a.available_for_automatic_addresses(), usable);
        assert_eq!(a.owned_count(), 0);
        assert_eq!(a.block_count(), size / 16);
        a.assert_consistent();
    }
}

#[test]
fn reserved_offsets() {
    let a = SubnetAllocator::new(24);
    let reserved: Vec<u32> = (0..300).filter(|&o| a.is_reserved(o)).collect();
    assert_eq!(reserved, vec![0, 1, 2, 3, 255]);
}

#[test]
fn candidate_block_counts() {
    let a = SubnetAllocator::new(24);
    assert_eq!(a.free_block_count(), 14);
    assert_eq!(
        a.free_blocks().collect::<Vec<_>>(),
        (1..15).collect::<Vec<_>>()
    );
    assert!(!a.block_is_free(0) && !a.block_is_free(15) && a.block_is_free(1));
    assert_eq!(SubnetAllocator::new(26).free_block_count(), 2);
    assert_eq!(SubnetAllocator::new(27).free_block_count(), 0);
    assert_eq!(SubnetAllocator::new(28).free_block_count(), 0);
    assert_eq!(SubnetAllocator::new(16).free_block_count(), 4094);
}

#[test]
fn lowest_packs_from_four() {
    let mut a = SubnetAllocator::new(24);
    let mut p = lowest();
    assert_eq!(alloc(&mut a, 5, &mut p), Some(vec![4, 5, 6, 7, 8]));
    assert_eq!(alloc(&mut a, 2, &mut p), Some(vec![9, 10]));
    a.release(6);
    assert_eq!(alloc(&mut a, 2, &mut p), Some(vec![6, 11]));
    assert_eq!(
        a.owned_offsets().collect::<Vec<_>>(),
        (4..12).collect::<Vec<_>>()
    );
    assert_eq!(a.available_for_automatic_addresses(), 251 - 8);
    // Block 0 holds reserved addresses anyway; block 1 is untouched.
    assert_eq!(a.free_block_count(), 14);
    a.own(16);
    assert_eq!(a.free_block_count(), 13);
    a.release(16);
    assert_eq!(a.free_block_count(), 14);
    a.assert_consistent();
}

#[test]
fn not_enough_changes_nothing() {
    let mut a = SubnetAllocator::new(28);
    let mut p = Picker::new(PickStrategy::Random, 7);
    let p0 = p.clone();
    let mut out = vec![99];
    assert!(!a.allocate_addresses(12, &mut p, &mut out));
    assert_eq!(out, vec![99]);
    assert_eq!(p, p0);
    assert_eq!(a.owned_count(), 0);
    assert_eq!(a.available_for_automatic_addresses(), 11);
    let got = alloc(&mut a, 11, &mut p).unwrap();
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        (4..15).collect()
    );
    assert_eq!(alloc(&mut a, 1, &mut p), None);
    assert_eq!(alloc(&mut a, 0, &mut p), Some(vec![]));
    assert_eq!(a.largest_free_aligned_block(), None);

    let mut b = SubnetAllocator::new(24);
    assert_eq!(alloc_blocks(&mut b, 15, &mut lowest()), None);
    assert_eq!(b.free_block_count(), 14);
    assert_eq!(b.owned_count(), 0);
    assert_eq!(alloc_blocks(&mut b, 14, &mut lowest()).unwrap().len(), 14);
    assert_eq!(b.owned_count(), 14 * 16);
    assert_eq!(b.available_for_automatic_addresses(), 251 - 224);
    b.assert_consistent();
}

#[test]
fn reservations_exclude_automatic_addresses() {
    let mut a = SubnetAllocator::new(24);
    a.add_reservation(16, 16, Explicit);
    assert_eq!(a.available_for_automatic_addresses(), 235);
    assert_eq!(a.in_reservation(16), Some(Explicit));
    assert_eq!(a.in_reservation(31), Some(Explicit));
    assert_eq!(a.in_reservation(32), None);
    let got = alloc(&mut a, 20, &mut lowest()).unwrap();
    let want: Vec<u32> = (4..16).chain(32..40).collect();
    assert_eq!(got, want);
    // Explicit ownership inside a reservation is allowed and is not counted
    // as an automatic address.
    let before = a.available_for_automatic_addresses();
    a.own(20);
    assert_eq!(a.available_for_automatic_addresses(), before);
    a.add_reservation(64, 64, Prefix);
    assert_eq!(a.available_for_automatic_addresses(), before - 64);
    a.remove_reservation(16, 16);
    assert_eq!(a.available_for_automatic_addresses(), before - 64 + 15);
    a.remove_reservation(16, 16); // already gone: no-op
    a.remove_reservation(64, 64);
    assert_eq!(a.available_for_automatic_addresses(), before + 15);
    a.assert_consistent();
}

#[test]
fn explicit_reservations_exclude_blocks() {
    let mut a = SubnetAllocator::new(24);
    a.add_reservation(16, 16, Explicit);
    // A reservation smaller than a block still spoils the block.
    a.add_reservation(36, 4, Explicit);
    assert_eq!(a.free_block_count(), 12);
    assert_eq!(alloc_blocks(&mut a, 2, &mut lowest()), Some(vec![3, 4]));
    // Explicitly owning a block inside an explicit reservation is allowed.
    assert!(a.block_is_free(1));
    a.own_block(1);
    a.release_block(1);
    assert_eq!(a.free_block_count(), 10);
    a.remove_reservation(16, 16);
    assert_eq!(a.free_block_count(), 11);
    a.assert_consistent();
}

#[test]
fn prefix_reservations_preferred_for_blocks() {
    let mut a = SubnetAllocator::new(24);
    a.add_reservation(64, 32, Prefix); // blocks 4, 5
    a.add_reservation(196, 4, Prefix); // touches block 12 without covering it
    a.add_reservation(160, 8, Prefix); // half of block 10 ...
    a.add_reservation(168, 8, Prefix); // ... and the other half
    assert_eq!(a.free_block_count(), 14);
    assert_eq!(
        alloc_blocks(&mut a, 4, &mut lowest()),
        Some(vec![4, 5, 10, 1])
    );
    assert_eq!(alloc_blocks(&mut a, 1, &mut lowest()), Some(vec![2]));

    for seed in 0..50 {
        let mut b = SubnetAllocator::new(24);
        b.add_reservation(64, 32, Prefix);
        let got = alloc_blocks(&mut b, 3, &mut Picker::new(PickStrategy::Random, seed)).unwrap();
        let first: BTreeSet<u32> = got[..2].iter().copied().collect();
        assert_eq!(first, [4, 5].into_iter().collect());
        assert!(![0, 4, 5, 15].contains(&got[2]));
        b.assert_consistent();
    }
    // Prefix reservations keep automatic addresses out.
    let mut c = SubnetAllocator::new(28);
    c.add_reservation(8, 8, Prefix);
    assert_eq!(alloc(&mut c, 4, &mut lowest()), Some(vec![4, 5, 6, 7]));
    assert_eq!(c.available_for_automatic_addresses(), 0);
}

#[test]
fn largest_free_aligned_block_examples() {
    // /24: 0..3 and 255 reserved, so both /25s are spoiled; 64..127 is free.
    let mut a = SubnetAllocator::new(24);
    assert_eq!(a.largest_free_aligned_block(), Some((64, 26)));
    a.own(64);
    assert_eq!(a.largest_free_aligned_block(), Some((128, 26)));
    a.own(130);
    // 0..63 has reserved, 64.. has 64, 128.. has 130, 192..255 has 255.
    // /27s: 32..63 free.
    assert_eq!(a.largest_free_aligned_block(), Some((32, 27)));
    // Reservations are ignored.
    a.add_reservation(32, 32, Explicit);
    assert_eq!(a.largest_free_aligned_block(), Some((32, 27)));

    // /16: both /17s hold a reserved address, 16384.. is the first /18.
    let mut b = SubnetAllocator::new(16);
    assert_eq!(b.largest_free_aligned_block(), Some((16384, 18)));
    b.own(20000);
    assert_eq!(b.largest_free_aligned_block(), Some((32768, 18)));

    // /28: free 4..14.
    let mut c = SubnetAllocator::new(28);
    assert_eq!(c.largest_free_aligned_block(), Some((4, 30)));
    c.own(4);
    assert_eq!(c.largest_free_aligned_block(), Some((8, 30)));
    c.own(8);
    assert_eq!(c.largest_free_aligned_block(), Some((6, 31)));
    for o in [5, 6, 7, 9, 10, 11, 12, 13] {
        c.own(o);
    }
    assert_eq!(c.largest_free_aligned_block(), Some((14, 32)));
    c.own(14);
    assert_eq!(c.largest_free_aligned_block(), None);
}

#[test]
fn full_slash16_finds_last_address_and_block() {
    let mut a = SubnetAllocator::new(16);
    let mut p = lowest();
    let got = alloc(&mut a, 65530, &mut p).unwrap();
    assert_eq!(got.first(), Some(&4));
    assert_eq!(got.last(), Some(&65533));
    assert_eq!(a.available_for_automatic_addresses(), 1);
    assert_eq!(
        alloc(&mut a, 1, &mut Picker::new(PickStrategy::Random, 3)),
        Some(vec![65534])
    );
    assert_eq!(a.available_for_automatic_addresses(), 0);
    a.release(40000);
    assert_eq!(
        alloc(&mut a, 1, &mut Picker::new(PickStrategy::Random, 9)),
        Some(vec![40000])
    );
    a.assert_consistent();

    let mut b = SubnetAllocator::new(16);
    for blk in 1..4094 {
        b.own_block(blk);
    }
    assert_eq!(b.free_block_count(), 1);
    assert_eq!(
        alloc_blocks(&mut b, 1, &mut Picker::new(PickStrategy::Random, 1)),
        Some(vec![4094])
    );
    assert_eq!(b.free_block_count(), 0);
    assert_eq!(alloc_blocks(&mut b, 1, &mut lowest()), None);
    b.release_block(17);
    assert_eq!(b.free_blocks().collect::<Vec<_>>(), vec![17]);
    b.assert_consistent();
}

#[test]
fn random_is_scattered_and_reproducible() {
    let run = |seed| {
        let mut a = SubnetAllocator::new(16);
        let mut p = Picker::new(PickStrategy::Random, seed);
        let mut all = alloc(&mut a, 100, &mut p).unwrap();
        all.extend(alloc_blocks(&mut a, 10, &mut p).unwrap());
        a.release(all[3]);
        all.extend(alloc(&mut a, 5, &mut p).unwrap());
        all
    };
    let x = run(42);
    assert_eq!(x, run(42));
    assert_ne!(x, run(43));
    let addrs: BTreeSet<u32> = x[..100].iter().copied().collect();
    assert_eq!(addrs.len(), 100);
    let span = addrs.last().unwrap() - addrs.first().unwrap();
    assert!(span > 30000, "picks not scattered: span {span}");
    assert_eq!(
        Picker::new(PickStrategy::Random, 1).strategy(),
        PickStrategy::Random
    );
}

#[test]
fn clamps_in_release_only() {
    if cfg!(debug_assertions) {
        assert!(std::panic::catch_unwind(|| SubnetAllocator::new(29)).is_err());
    } else {
        assert_eq!(SubnetAllocator::new(29).size(), 16);
        assert_eq!(SubnetAllocator::new(8).size(), 65536);
    }
}

// ---------------------------------------------------------------- model

/// The naive model: a set of owned offsets and a list of reservations, every
/// query answered by brute force.
#[derive(Clone, Debug)]
struct Model {
    size: u32,
    owned: BTreeSet<u32>,
    res: Vec<(u32, u32, ReservationKind)>,
}

impl Model {
    fn new(prefix: u8) -> Self {
        Model {
            size: 1 << (32 - u32::from(prefix)),
            owned: BTreeSet::new(),
            res: Vec::new(),
        }
    }
    fn reserved(&self, o: u32) -> bool {
        o < 4 || o == self.size - 1
    }
    fn in_res(&self, o: u32) -> Option<ReservationKind> {
        self.res
            .iter()
            .find(|&&(off, len, _)| o >= off && o < off + len)
            .map(|r| r.2)
    }
    fn available(&self) -> Vec<u32> {
        (0..self.size)
            .filter(|&o| !self.reserved(o) && !self.owned.contains(&o) && self.in_res(o).is_none())
            .collect()
    }
    fn block_free(&self, b: u32) -> bool {
        (b * 16..b * 16 + 16).all(|o| !self.reserved(o) && !self.owned.contains(&o))
    }
    fn candidates(&self) -> Vec<u32> {
        (0..self.size / 16)
            .filter(|&b| {
                self.block_free(b)
                    && (b * 16..b * 16 + 16).all(|o| self.in_res(o) != Some(Explicit))
            })
            .collect()
    }
    fn preferred(&self, b: u32) -> bool {
        (b * 16..b * 16 + 16).all(|o| self.in_res(o) == Some(Prefix))
    }
    fn largest_free(&self) -> Option<(u32, u8)> {
        let mut prefix = vec![0u32; self.size as usize + 1];
        for o in 0..self.size {
            let free = !self.reserved(o) && !self.owned.contains(&o);
            prefix[o as usize + 1] = prefix[o as usize] + u32::from(free);
        }
        let log = self.size.trailing_zeros();
        for m in (0..=log).rev() {
            let chunk = 1u32 << m;
            for off in (0..self.size).step_by(chunk as usize) {
                if prefix[(off + chunk) as usize] - prefix[off as usize] == chunk {
                    return Some((off, (32 - m) as u8));
                }
            }
        }
        None
    }
}

#[derive(Clone, Debug)]
enum Op {
    Own(u32),
    Release(u32),
    OwnBlock(u32),
    ReleaseBlock(u32),
    AddRes {
        len_log: u32,
        pos: u32,
        explicit: bool,
    },
    RemoveRes(u32),
    Alloc {
        n: u32,
        random: bool,
        seed: u64,
    },
    AllocBlocks {
        n: u32,
        random: bool,
        seed: u64,
    },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<u32>().prop_map(Op::Own),
        2 => any::<u32>().prop_map(Op::Release),
        2 => any::<u32>().prop_map(Op::OwnBlock),
        1 => any::<u32>().prop_map(Op::ReleaseBlock),
        2 => (any::<u32>(), any::<u32>(), any::<bool>())
            .prop_map(|(len_log, pos, explicit)| Op::AddRes { len_log, pos, explicit }),
        1 => any::<u32>().prop_map(Op::RemoveRes),
        3 => (any::<u32>(), any::<bool>(), any::<u64>())
            .prop_map(|(n, random, seed)| Op::Alloc { n, random, seed }),
        2 => (any::<u32>(), any::<bool>(), any::<u64>())
            .prop_map(|(n, random, seed)| Op::AllocBlocks { n, random, seed }),
    ]
}

/// Maps a raw request size to one that often sits exactly on, or one past,
/// the number available, where "all or nothing" matters.
fn request_size(raw: u32, available: u32, small: u32) -> u32 {
    match raw % 8 {
        0 => available,
        1 => available + 1,
        _ => (raw / 8) % small,
    }
}

fn picker(random: bool, seed: u64) -> Picker {
    let s = if random {
        PickStrategy::Random
    } else {
        PickStrategy::Lowest
    };
    Picker::new(s, seed)
}

fn apply(a: &mut SubnetAllocator, m: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    let size = m.size;
    let blocks = size / 16;
    match *op {
        Op::Own(raw) => {
            let o = raw % size;
            if !m.reserved(o) && !m.owned.contains(&o) {
                a.own(o);
                m.owned.insert(o);
            }
        }
        Op::Release(raw) => {
            if !m.owned.is_empty() {
                let o = *m.owned.iter().nth(raw as usize % m.owned.len()).unwrap();
                a.release(o);
                m.owned.remove(&o);
            }
        }
        Op::OwnBlock(raw) => {
            let b = raw % blocks;
            if m.block_free(b) {
                a.own_block(b);
                m.owned.extend(b * 16..b * 16 + 16);
            }
        }
        Op::ReleaseBlock(raw) => {
            let b = raw % blocks;
            a.release_block(b);
            for o in b * 16..b * 16 + 16 {
                m.owned.remove(&o);
            }
        }
        Op::AddRes {
            len_log,
            pos,
            explicit,
        } => {
            let len = 1u32 << (len_log % (size.trailing_zeros() + 1));
            let off = (pos % (size / len)) * len;
            let overlaps = m.res.iter().any(|&(o, l, _)| off < o + l && o < off + len);
            if !overlaps {
                let kind = if explicit { Explicit } else { Prefix };
                a.add_reservation(off, len, kind);
                m.res.push((off, len, kind));
            }
        }
        Op::RemoveRes(raw) => {
            if !m.res.is_empty() {
                let (off, len, _) = m.res.remove(raw as usize % m.res.len());
                a.remove_reservation(off, len);
            }
        }
        Op::Alloc { n, random, seed } => {
            let avail = m.available();
            let n = request_size(n, avail.len() as u32, 40);
            let mut p = picker(random, seed);
            let mut out = vec![];
            let ok = a.allocate_addresses(n, &mut p, &mut out);
            if n as usize > avail.len() {
                prop_assert!(!ok);
                prop_assert!(out.is_empty());
            } else {
                prop_assert!(ok);
                prop_assert_eq!(out.len(), n as usize);
                if random {
                    let distinct: BTreeSet<u32> = out.iter().copied().collect();
                    prop_assert_eq!(distinct.len(), out.len());
                    let avail: BTreeSet<u32> = avail.into_iter().collect();
                    prop_assert!(distinct.is_subset(&avail), "{:?} not available", out);
                } else {
                    prop_assert_eq!(&out[..], &avail[..n as usize]);
                }
                m.owned.extend(out);
            }
        }
        Op::AllocBlocks { n, random, seed } => {
            let cands = m.candidates();
            let n = request_size(n, cands.len() as u32, 6);
            let (pref, rest): (Vec<u32>, Vec<u32>) = cands.iter().partition(|&&b| m.preferred(b));
            let mut p = picker(random, seed);
            let mut out = vec![];
            let ok = a.allocate_blocks(n, &mut p, &mut out);
            if n as usize > cands.len() {
                prop_assert!(!ok);
                prop_assert!(out.is_empty());
            } else {
                prop_assert!(ok);
                prop_assert_eq!(out.len(), n as usize);
                if random {
                    let distinct: BTreeSet<u32> = out.iter().copied().collect();
                    prop_assert_eq!(distinct.len(), out.len());
                    let k = pref.len().min(out.len());
                    prop_assert!(out[..k].iter().all(|b| pref.contains(b)), "{:?}", out);
                    prop_assert!(out[k..].iter().all(|b| rest.contains(b)), "{:?}", out);
                } else {
                    let want: Vec<u32> =
                        pref.iter().chain(&rest).copied().take(n as usize).collect();
                    prop_assert_eq!(&out, &want);
                }
                for b in out {
                    m.owned.extend(b * 16..b * 16 + 16);
                }
            }
        }
    }
    Ok(())
}

fn check(a: &SubnetAllocator, m: &Model) -> Result<(), TestCaseError> {
    a.assert_consistent();
    prop_assert_eq!(a.owned_count() as usize, m.owned.len());
    prop_assert_eq!(
        a.available_for_automatic_addresses() as usize,
        m.available().len()
    );
    let cands = m.candidates();
    prop_assert_eq!(a.free_block_count() as usize, cands.len());
    prop_assert_eq!(a.free_blocks().collect::<Vec<_>>(), cands);
    prop_assert_eq!(
        a.owned_offsets().collect::<Vec<_>>(),
        m.owned.iter().copied().collect::<Vec<_>>()
    );
    for o in 0..m.size + 3 {
        prop_assert_eq!(a.is_owned(o), m.owned.contains(&o), "offset {}", o);
        prop_assert_eq!(a.is_reserved(o), o < m.size && m.reserved(o));
        prop_assert_eq!(a.in_reservation(o), m.in_res(o), "offset {}", o);
    }
    for b in 0..m.size / 16 + 1 {
        prop_assert_eq!(a.block_is_free(b), b < m.size / 16 && m.block_free(b));
    }
    prop_assert_eq!(a.largest_free_aligned_block(), m.largest_free());
    Ok(())
}

fn run_model(prefix: u8, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut a = SubnetAllocator::new(prefix);
    let mut m = Model::new(prefix);
    check(&a, &m)?;
    for op in ops {
        apply(&mut a, &mut m, op)?;
        check(&a, &m)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn model_small_subnets(prefix in 24u8..=28, ops in prop::collection::vec(op_strategy(), 1..80)) {
        run_model(prefix, &ops)?;
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn model_slash20(ops in prop::collection::vec(op_strategy(), 1..120)) {
        run_model(20, &ops)?;
    }
}
