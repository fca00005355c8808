//! Every random stream of the crate: seeded, reproducible, behind one small
//! API.
//!
//! Two generators, on purpose:
//!
//! * [`SplitMix`] (SplitMix64, Steele, Lea and Flood 2014): fast, well
//!   mixed and fully determined by its seed, written out here so that it
//!   can never change under us. It draws the permutation orders of the
//!   sampled Shapley values and of the logistic pseudo-R² decomposition,
//!   the logistic decomposition's subsample of a large survey, and (as a
//!   seeded hash, [`seeded_bucket`]) the block bootstrap's chunk of each
//!   respondent.
//! * [`BootstrapStream`] (ChaCha8 from `rand_chacha`, whose streams are
//!   stable across releases): the bootstrap's draws. Every replicate has
//!   its own stream of the seed (stream `r + 1`; stream 0 holds the noise
//!   columns), so replicates can run on any thread in any order and still
//!   give the same numbers.
//!
//! Why two streams rather than one: every sampled importance and every
//! bootstrap interval in a report was drawn from exactly these streams.
//! Replacing either generator by the other would change those numbers for
//! the same seed, so both stay, each documented where it is used.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// SplitMix64's increment (the golden ratio in 64 bits).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 (Steele, Lea and Flood 2014): a small generator whose stream
/// is fixed by its seed (the state).
pub struct SplitMix(pub(crate) u64);

impl SplitMix {
    /// The generator whose state starts at `seed`.
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (multiply-shift; bias below `n / 2^64`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }

    /// A random permutation of `0..n` (Fisher-Yates).
    pub(crate) fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut p: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            p.swap(i, j);
        }
        p
    }
}

/// A seeded hash of `key` into `0..buckets`: SplitMix64's first output
/// from a state that mixes the key with the seed. The block bootstrap puts
/// respondent `key` in this chunk, so that a chunk is a random subsample
/// even of a file sorted by region or wave.
pub(crate) fn seeded_bucket(key: usize, seed: u64, buckets: usize) -> usize {
    let mut mix = SplitMix((key as u64) ^ seed.rotate_left(17) ^ GOLDEN_GAMMA);
    (mix.next() % buckets as u64) as usize
}

/// One ChaCha8 stream of the bootstrap.
pub(crate) struct BootstrapStream(ChaCha8Rng);

impl BootstrapStream {
    /// The stream of replicate `r`: stream `r + 1` of `seed`.
    pub(crate) fn replicate(seed: u64, r: usize) -> BootstrapStream {
        BootstrapStream::stream(seed, r as u64 + 1)
    }

    /// The stream of the noise columns: stream 0 of `seed`.
    pub(crate) fn noise(seed: u64) -> BootstrapStream {
        BootstrapStream::stream(seed, 0)
    }

    fn stream(seed: u64, stream: u64) -> BootstrapStream {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        BootstrapStream(rng)
    }

    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    /// A standard normal draw.
    pub(crate) fn standard_normal(&mut self) -> f64 {
        StandardNormal.sample(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_valid_permutations() {
        let (mut a, mut b) = (SplitMix(7), SplitMix(7));
        assert_eq!(a.next(), b.next());
        let mut p = a.permutation(10);
        p.sort_unstable();
        assert_eq!(p, (0..10).collect::<Vec<_>>());
        assert!((0..1000).all(|_| a.below(3) < 3));
    }

    /// The bucket is the splitmix64 finaliser of `key ^ rotl(seed, 17) ^
    /// gamma` plus gamma, as the chunk assignment has always computed it.
    #[test]
    fn seeded_bucket_is_the_chunk_hash() {
        let chunk_of = |pos: usize, seed: u64, chunks: usize| {
            let mut z = (pos as u64) ^ seed.rotate_left(17) ^ 0x9E37_79B9_7F4A_7C15;
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z % chunks as u64) as usize
        };
        for seed in [0, 1, 20261122, u64::MAX] {
            for pos in 0..2000 {
                assert_eq!(seeded_bucket(pos, seed, 512), chunk_of(pos, seed, 512));
            }
        }
    }

    /// Replicate `r` reads stream `r + 1` and the noise stream 0 of the
    /// same ChaCha8 seed.
    #[test]
    fn bootstrap_streams_are_chacha8_streams() {
        let mut direct = ChaCha8Rng::seed_from_u64(11);
        direct.set_stream(3);
        let mut stream = BootstrapStream::replicate(11, 2);
        for _ in 0..100 {
            assert_eq!(stream.below(1000), direct.random_range(0..1000usize));
        }
        let mut direct = ChaCha8Rng::seed_from_u64(11);
        direct.set_stream(0);
        let z: f64 = StandardNormal.sample(&mut direct);
        assert_eq!(BootstrapStream::noise(11).standard_normal(), z);
    }
}
