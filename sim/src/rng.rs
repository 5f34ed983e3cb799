//! The simulator's seeded random streams: one seed gives every random choice, so the same
//! scenario and seed give the same result, bit for bit.

use eniplan::rng::SplitMix64;

/// The core's SplitMix64 generator, with the draws the simulator needs.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    inner: SplitMix64,
}

/// What a stream is used for; each gets its own generator derived from the scenario's seed, so
/// that drawing more in one (say, more pods) does not shift the draws of another.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    /// EC2's choice of automatic addresses and prefixes (the model's own generator).
    Ec2 = 1,
    /// Go's randomised map iteration inside ipamd.
    MapOrder = 2,
    /// Pod and background-tenant lifetimes.
    Lifetimes = 3,
    /// Where in its 5 s loop each node's ipamd runs.
    TickPhases = 4,
}

impl Rng {
    /// The generator of `stream` for the scenario's `seed`.
    pub(crate) fn new(seed: u64, stream: Stream) -> Rng {
        let mut mixer = SplitMix64::new(seed ^ (stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng {
            inner: SplitMix64::new(mixer.next_u64()),
        }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A value in `0..n` (0 when `n` is 0), by multiply-shift: one draw per call.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A value in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An exponentially distributed value with the given mean: the time to the next event of a
    /// memoryless process, such as a pod being replaced.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_starts_from_its_seed_mixed_with_its_name() {
        // A stream's generator starts from the first splitmix64 draw of its seed mixed with
        // its name (seed ^ stream x 0xD1B54A32D192ED03). Seed 0 ^ that product is 0 for the
        // map-order stream, so it starts where splitmix64 from 0 first lands: 0xE220A8397B1DCDAF
        // (Vigna's splitmix64.c).
        let seed = 2u64.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut rng = Rng::new(seed, Stream::MapOrder);
        let mut expected = SplitMix64::new(0xE220_A839_7B1D_CDAF);
        let draws: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        let by_hand: Vec<u64> = (0..3).map(|_| expected.next_u64()).collect();
        assert_eq!(draws, by_hand);
    }

    #[test]
    fn streams_of_one_seed_differ_and_repeat() {
        let draw = |stream| Rng::new(42, stream).next_u64();
        assert_ne!(draw(Stream::MapOrder), draw(Stream::Lifetimes));
        assert_eq!(draw(Stream::MapOrder), draw(Stream::MapOrder));
        assert_ne!(
            Rng::new(1, Stream::Ec2).next_u64(),
            Rng::new(2, Stream::Ec2).next_u64()
        );
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::new(7, Stream::MapOrder);
        let mut seen = [0u32; 5];
        for _ in 0..5_000 {
            seen[rng.below(5)] += 1;
        }
        // Each of five values about 1,000 times; 800 is over six standard deviations away.
        assert!(seen.iter().all(|&count| count > 800), "{seen:?}");
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn exponential_draws_have_the_mean_asked_for() {
        let mut rng = Rng::new(3, Stream::Lifetimes);
        let n = 20_000;
        let mean = (0..n).map(|_| rng.exponential(600.0)).sum::<f64>() / f64::from(n);
        // The standard error is 600 / sqrt(20000), about 4.2: 25 is six of them.
        assert!((mean - 600.0).abs() < 25.0, "{mean}");
    }
}
