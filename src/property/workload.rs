//! The `Workload` trait: how to build a case's ops from its seed.

use std::fmt;

use crate::Seed;

/// A generator factory and a length: how to build a case's ops from its seed.
///
/// A workload is a value: a unit struct for a fixed workload, or a struct
/// whose fields come from a configuration at run time (a key count, say).
/// [`Check::new`](crate::Check::new) takes one; quickcheck, which builds
/// values from nothing but its own randomness, needs a workload that is
/// [`Default`] (see [`OpSequence`](crate::OpSequence)'s `Arbitrary`).
///
/// [`ops`](Workload::ops) must be deterministic: the same seed, the same ops.
/// A [`Check`](crate::Check) builds them in the case seed's
/// [`scope`](Seed::scope), so a generator left without
/// [`seed`](crate::Random::seed) is still seeded from the case's seed; but
/// read no clock, global counter or OS randomness. A `Check` generates each
/// case twice and fails if the two differ (see
/// [`Check::determinism`](crate::Check::determinism)).
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::{OpSequence, Workload};
///
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// enum Op { Read, Write(u8) }
///
/// struct Register;
///
/// impl Workload for Register {
///     type Op = Op;
///     const LENGTH: usize = 20;
///
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = Op> {
///         weighted([(Op::Read, 3), (Op::Write(1), 1), (Op::Write(2), 1)]).seed(seed)
///     }
/// }
///
/// let case = OpSequence::new(&Register, Seed::from(42));
/// assert_eq!(case.len(), 20);
/// assert!(Register.ops(Seed::from(42)).take(20).eq(case.ops().iter().copied()));
///
/// // Configured at run time: the key count comes from a value, not a type.
/// struct Keys { count: u32 }
///
/// impl Workload for Keys {
///     type Op = u32;
///     const LENGTH: usize = 10;
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = u32> {
///         random(0..self.count).seed(seed)
///     }
/// }
///
/// let keys = Keys { count: 3 };
/// assert!(OpSequence::new(&keys, Seed::from(1)).ops().iter().all(|&k| k < 3));
/// ```
pub trait Workload: 'static {
    /// The type of one op: `PartialEq`, so that two generations of a case can be compared.
    type Op: Clone + fmt::Debug + PartialEq + 'static;

    /// How many ops a case has before shrinking.
    const LENGTH: usize;

    /// The stream of ops for `seed`; only its first [`LENGTH`](Workload::LENGTH) ops are taken, so it may be endless.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::Workload;
    ///
    /// struct Dice;
    ///
    /// impl Workload for Dice {
    ///     type Op = u8;
    ///     const LENGTH: usize = 10;
    ///     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> {
    ///         random(1..=6).seed(seed)
    ///     }
    /// }
    ///
    /// assert!(Dice.ops(Seed::from(1)).take(10).eq(Dice.ops(Seed::from(1)).take(10)));
    /// ```
    fn ops(&self, seed: Seed) -> impl Iterator<Item = Self::Op>;
}
