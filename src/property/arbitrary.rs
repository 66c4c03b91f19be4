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

/// An arbitrary [`Seed`], then [`W::LENGTH`](Workload::LENGTH) ops of `W::default()` from it; shrinks with [`OpSequence::shorter`].
///
/// The length is always [`W::LENGTH`](Workload::LENGTH): `Gen::size()` is
/// ignored, since the workload, not quickcheck, knows how long a case should
/// be. Shrinking, not generation, makes sequences shorter. quickcheck names
/// the workload by its type alone, hence `Default`: a workload configured at
/// run time runs under [`Check`](crate::Check) instead.
///
/// # Examples
///
/// quickcheck shrinks a failing sequence to the ops that matter:
///
/// ```
/// use std::sync::Mutex;
///
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::{OpSequence, Workload};
/// use quickcheck::{Gen, QuickCheck};
///
/// #[derive(Default)]
/// struct Dice;
///
/// impl Workload for Dice {
///     type Op = u8;
///     const LENGTH: usize = 12;
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> {
///         random(1..=6).seed(seed)
///     }
/// }
///
/// // Every case quickcheck saw fail; the last one is the one it reports, fully shrunk.
/// static FAILED: Mutex<Vec<OpSequence<Dice>>> = Mutex::new(Vec::new());
///
/// fn no_two_sixes(case: OpSequence<Dice>) -> bool {
///     let holds = case.ops().iter().filter(|&&d| d == 6).count() < 2;
///     if !holds {
///         FAILED.lock().unwrap().push(case);
///     }
///     holds
/// }
///
/// let result = QuickCheck::new()
///     .rng(Gen::from_size_and_seed(10, 3))
///     .quicktest(no_two_sixes as fn(OpSequence<Dice>) -> bool);
/// let report = format!("{:?}", result.unwrap_err());
/// let shrunk = FAILED.lock().unwrap().pop().unwrap();
/// // The minimum: two sixes, each where the stream had it.
/// assert_eq!(shrunk.ops(), [6, 6]);
/// for (&p, &op) in shrunk.positions().iter().zip(shrunk.ops()) {
///     assert_eq!(Dice.ops(shrunk.seed()).nth(p), Some(op));
/// }
/// // quickcheck reports that same sequence.
/// assert!(report.contains(&format!("{shrunk:?}")), "{report}");
/// ```
impl<W: Workload + Default> Arbitrary for OpSequence<W> {
    fn arbitrary(g: &mut Gen) -> Self {
        OpSequence::new(&W::default(), Seed::arbitrary(g))
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        Box::new(self.shorter())
    }
}
