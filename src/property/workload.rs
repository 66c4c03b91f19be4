//! The `Workload` trait: a generator factory, named by a type so that quickcheck can use it.

use std::fmt;

use crate::Seed;

/// A generator factory and a length: how to build a case's ops from its seed.
///
/// quickcheck builds values from nothing but its own randomness, so the
/// factory is named by a type (usually a unit struct) rather than passed as a
/// closure. [`OpSequence`](crate::OpSequence) and [`Check`](crate::Check) take
/// it as their type parameter.
///
/// [`ops`](Workload::ops) must be deterministic: the same seed, the same ops.
/// Build every generator from the given seed (with
/// [`Seed::derive`] for several) and read no clock, global or OS randomness;
/// [`Check::determinism`](crate::Check::determinism) checks this.
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
///     fn ops(seed: Seed) -> impl Iterator<Item = Op> {
///         weighted([(Op::Read, 3), (Op::Write(1), 1), (Op::Write(2), 1)]).seed(seed)
///     }
/// }
///
/// let case = OpSequence::<Register>::new(Seed::from(42));
/// assert_eq!(case.len(), 20);
/// assert!(Register::ops(Seed::from(42)).take(20).eq(case.ops().iter().copied()));
/// ```
pub trait Workload: 'static {
    /// The type of one op.
    type Op: Clone + fmt::Debug + 'static;

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
    ///     fn ops(seed: Seed) -> impl Iterator<Item = u8> {
    ///         random(1..=6).seed(seed)
    ///     }
    /// }
    ///
    /// assert!(Dice::ops(Seed::from(1)).take(10).eq(Dice::ops(Seed::from(1)).take(10)));
    /// ```
    fn ops(seed: Seed) -> impl Iterator<Item = Self::Op>;
}
