//! The RNG of a seeded generator, with the seed it started from.

use std::convert::Infallible;

use rand::TryRng;
use rand_pcg::Pcg64Mcg;

use crate::{Error, Seed};

/// A generator's RNG and the seed it started from, which travel together so
/// that the seed can always be read back (and shown by `Debug`) however far
/// the RNG has gone.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SeededRng {
    rng: Pcg64Mcg,
    seed: Seed,
}

impl SeededRng {
    /// Starts from `seed`: `Pcg64Mcg` whose 128-bit state is SplitMix64's first
    /// two outputs from the seed, high word first, with the lowest bit set (an
    /// MCG's state must be odd).
    pub(crate) fn new(seed: Seed) -> Self {
        let high = seed.split_mix(1);
        let low = seed.split_mix(2);
        SeededRng {
            rng: Pcg64Mcg::new((u128::from(high) << 64) | u128::from(low) | 1),
            seed,
        }
    }

    /// Starts from [`Seed::fresh`].
    pub(crate) fn fresh() -> Result<Self, Error> {
        Seed::fresh().map(SeededRng::new)
    }

    /// The seed it started from.
    pub(crate) fn seed(&self) -> Seed {
        self.seed
    }
}

impl TryRng for SeededRng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.rng.try_next_u32()
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.rng.try_next_u64()
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.rng.try_fill_bytes(dst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn gives_the_reference_models_raw_output() {
        // From tests/golden/reference.py, which implements PCG64 MCG itself.
        let mut rng = SeededRng::new(Seed::new(0));
        assert_eq!(rng.next_u64(), 0x98b3_8b34_f7b4_617d);
        assert_eq!(rng.next_u64(), 0x5a6a_da5d_4326_cf9d);
    }
}
