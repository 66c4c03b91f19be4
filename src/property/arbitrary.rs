//! quickcheck's `Arbitrary` for seeds and op sequences (the `quickcheck` feature).

use quickcheck::{Arbitrary, Gen};

use crate::{OpSequence, Seed, Workload};

/// Any of the 2^64 seeds (quickcheck favours edge values like 0 and `u64::MAX` now and then).
///
/// Seeds do not shrink: a numerically smaller seed gives an unrelated
/// stream, not a simpler one. Shrink the ops instead, with [`OpSequence`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::Seed;
/// use quickcheck::{Arbitrary, Gen, QuickCheck};
///
/// let mut g = Gen::from_size_and_seed(10, 1);
/// let seed = Seed::arbitrary(&mut g);
/// assert_eq!(seed.shrink().count(), 0);
///
/// fn prints_and_parses_back(seed: Seed) -> bool {
///     seed.to_string().parse() == Ok(seed)
/// }
/// QuickCheck::new()
///     .rng(Gen::from_size_and_seed(10, 2))
///     .quickcheck(prints_and_parses_back as fn(Seed) -> bool);
/// ```
impl Arbitrary for Seed {
    fn arbitrary(g: &mut Gen) -> Self {
        Seed::new(u64::arbitrary(g))
    }
}

/// An arbitrary [`Seed`], then [`W::LENGTH`](Workload::LENGTH) ops from it; shrinks with [`OpSequence::shorter`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::{OpSequence, Workload};
/// use quickcheck::{Gen, QuickCheck};
///
/// struct Bytes;
///
/// impl Workload for Bytes {
///     type Op = u8;
///     const LENGTH: usize = 12;
///     fn ops(seed: Seed) -> impl Iterator<Item = u8> {
///         random(0..=255).seed(seed)
///     }
/// }
///
/// // The sum of fewer than 12 bytes fits in a u16.
/// fn sum_fits(case: OpSequence<Bytes>) -> bool {
///     case.ops().iter().map(|&b| u16::from(b)).try_fold(0u16, |s, b| s.checked_add(b)).is_some()
/// }
/// QuickCheck::new()
///     .rng(Gen::from_size_and_seed(10, 3))
///     .quickcheck(sum_fits as fn(OpSequence<Bytes>) -> bool);
/// ```
impl<W: Workload> Arbitrary for OpSequence<W> {
    fn arbitrary(g: &mut Gen) -> Self {
        OpSequence::new(Seed::arbitrary(g))
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        Box::new(self.shorter())
    }
}
