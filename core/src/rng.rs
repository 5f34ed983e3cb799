//! The one seeded generator of eniplan: splitmix64 (Steele, Lea and Flood, "Fast splittable
//! pseudorandom number generators", 2014), behind every automatic pick, new id and request id.
//!
//! It is written here once, rather than taken from a crate, so that the same seed and the same
//! calls give the same addresses and ids on every platform and in every release, whatever a
//! crate does to its stream.
//!
//! ```
//! use eniplan::rng::SplitMix64;
//!
//! // splitmix64's published test vector.
//! let mut rng = SplitMix64::new(1234567);
//! assert_eq!(rng.next_u64(), 6457827717110365317);
//! assert_eq!(rng.next_u64(), 3203168211198807973);
//! ```

/// The increment of splitmix64's state: the golden ratio in 64 bits, odd, so the state visits
/// every value.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// splitmix64's output function: a bijection on `u64` that spreads every input bit over the
/// whole output, so distinct inputs (counters, ids) give distinct, scattered outputs.
pub const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A seeded stream of 64-bit values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The stream of `seed`.
    pub const fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix(self.state)
    }

    /// A value in `0..n` (0 when `n` is 0), from the top 32 bits of one draw by multiply-shift.
    /// Rejection sampling would draw a varying number of times, so that a replay depended on
    /// how many draws were rejected; the bias here is below 2⁻¹⁶ for the sizes eniplan uses
    /// (at most 2¹⁶).
    pub fn below(&mut self, n: u32) -> u32 {
        // The product of two values below 2³² shifted down by 32 is below `n`.
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }
}

/// A request id shaped as EC2's are (a version-4 UUID, 8-4-4-4-12 lowercase hex digits), the
/// same for the same seed and request number, and different for different numbers.
///
/// ```
/// let id = eniplan::rng::request_id(0, 1);
/// assert_eq!(id.len(), 36);
/// assert_eq!(&id[14..15], "4");
/// assert_ne!(id, eniplan::rng::request_id(0, 2));
/// ```
pub fn request_id(seed: u64, number: u64) -> String {
    // One splitmix64 step from each input, so that nearby seeds and numbers give unrelated ids.
    let step = |z: u64| mix(z.wrapping_add(GAMMA));
    let high = step(seed ^ step(number));
    let low = step(high ^ number);
    // Version 4 and the RFC 4122 variant bits set; written without the formatting machinery,
    // since the surfaces make one per call.
    let groups: [(u64, usize); 5] = [
        (high >> 32, 8),
        ((high >> 16) & 0xffff, 4),
        (0x4000 | (high & 0x0fff), 4),
        (((low >> 48) & 0x3fff) | 0x8000, 4),
        (low & 0xffff_ffff_ffff, 12),
    ];
    let mut id = String::with_capacity(36);
    for (index, (value, width)) in groups.into_iter().enumerate() {
        if index > 0 {
            id.push('-');
        }
        for shift in (0..width).rev() {
            let digit = ((value >> (shift * 4)) & 0xf) as u32;
            id.push(char::from_digit(digit, 16).unwrap_or('0'));
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first outputs of splitmix64 seeded with 1234567 and with 0: the published test
    /// vectors (Vigna's reference `splitmix64.c`; Java's `SplittableRandom`).
    #[test]
    fn the_stream_is_splitmix64_s_published_vector() {
        let mut rng = SplitMix64::new(1234567);
        let stream: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            stream,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
                16408922859458223821,
            ]
        );
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn below_is_the_top_bits_scaled() {
        // 6457827717110365317 >> 32 = 1503590331; × 1000 >> 32 = 350 (hand-computed).
        assert_eq!(SplitMix64::new(1234567).below(1000), 350);
        assert_eq!(SplitMix64::new(1234567).below(0), 0);
        let mut rng = SplitMix64::new(9);
        assert!((0..10_000).all(|_| rng.below(7) < 7));
    }

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|n| request_id(42, n)).collect();
        assert_eq!(ids.len(), 1000);
        for id in &ids {
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert!(id
                .chars()
                .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
            assert_eq!(&id[14..15], "4", "{id}");
            assert!("89ab".contains(&id[19..20]), "{id}");
        }
        assert_eq!(request_id(42, 7), request_id(42, 7));
        assert_ne!(request_id(42, 7), request_id(43, 7));
    }
}
