//! `OpSequence`: a case's ops, taken from a workload, that shrinks only by dropping ops.

use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use crate::{Seed, Workload};

/// The ops of one case: the first ops of a [`Workload`]'s stream for a seed, minus any that shrinking removed.
///
/// Shrinking ([`shorter`](OpSequence::shorter), and quickcheck's `shrink` with
/// the `quickcheck` feature) only ever drops ops: first the second half of the
/// sequence (halving its length, which leaves exactly what the workload gives
/// for half the length), then ever smaller runs of ops anywhere. It never
/// changes or invents an op, so a shrunk failure is still a workload the
/// generator could have produced, in the order it produced it.
/// [`positions`](OpSequence::positions) tells where in the stream each
/// remaining op was.
///
/// With the `quickcheck` feature it implements `quickcheck::Arbitrary`: an
/// arbitrary seed, then [`Workload::LENGTH`] ops.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::{OpSequence, Workload};
///
/// struct Letters;
///
/// impl Workload for Letters {
///     type Op = char;
///     const LENGTH: usize = 8;
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = char> {
///         random('a'..='z').seed(seed)
///     }
/// }
///
/// let case = OpSequence::new(&Letters, Seed::from(3));
/// let halved = case.shorter().next().unwrap();
/// assert_eq!(halved.ops(), &case.ops()[..4]);
/// assert_eq!(halved.positions(), [0, 1, 2, 3]);
/// assert!(case.shorter().all(|s| s.len() < case.len()));
/// ```
#[must_use]
pub struct OpSequence<W: Workload> {
    seed: Seed,
    generated: usize,
    positions: Vec<usize>,
    ops: Vec<W::Op>,
    // fn() -> W: the sequence holds no W, so it is Send and Sync whenever the ops are.
    workload: PhantomData<fn() -> W>,
}

impl<W: Workload> OpSequence<W> {
    /// The first [`W::LENGTH`](Workload::LENGTH) ops of `workload.ops(seed)`, built in `seed`'s [`scope`](Seed::scope).
    ///
    /// In the scope, a generator of the workload built without
    /// [`seed`](crate::Random::seed) takes its seed from `seed` too, so the
    /// whole sequence depends on `seed` alone.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::{OpSequence, Workload};
    ///
    /// struct Coin;
    ///
    /// impl Workload for Coin {
    ///     type Op = bool;
    ///     const LENGTH: usize = 16;
    ///     fn ops(&self, seed: Seed) -> impl Iterator<Item = bool> {
    ///         random([true, false]).seed(seed)
    ///     }
    /// }
    ///
    /// let case = OpSequence::new(&Coin, Seed::from(5));
    /// assert_eq!(case.len(), 16);
    /// assert_eq!(case, OpSequence::new(&Coin, Seed::from(5)));
    /// ```
    pub fn new(workload: &W, seed: Seed) -> Self {
        Self::with_length(workload, seed, W::LENGTH)
    }

    /// The first `length` ops of `workload.ops(seed)`, or all of them if the stream is shorter; built in `seed`'s [`scope`](Seed::scope).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::{OpSequence, Workload};
    ///
    /// struct Steps;
    ///
    /// impl Workload for Steps {
    ///     type Op = u32;
    ///     const LENGTH: usize = 100;
    ///     fn ops(&self, _seed: Seed) -> impl Iterator<Item = u32> {
    ///         cycle([1, 2, 3]).take(5)
    ///     }
    /// }
    ///
    /// assert_eq!(OpSequence::with_length(&Steps, Seed::from(0), 4).ops(), [1, 2, 3, 1]);
    /// assert_eq!(OpSequence::with_length(&Steps, Seed::from(0), 9).ops(), [1, 2, 3, 1, 2]);
    /// ```
    pub fn with_length(workload: &W, seed: Seed, length: usize) -> Self {
        let ops: Vec<W::Op> = seed.scope(|| workload.ops(seed).take(length).collect());
        OpSequence {
            seed,
            generated: ops.len(),
            positions: (0..ops.len()).collect(),
            ops,
            workload: PhantomData,
        }
    }

    /// The seed the ops were generated from.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// assert_eq!(OpSequence::new(&Dice, Seed::from(9)).seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn seed(&self) -> Seed {
        self.seed
    }

    /// How many ops were generated, before any shrinking.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let case = OpSequence::new(&Dice, Seed::from(9));
    /// let shrunk = case.shorter().next().unwrap();
    /// assert_eq!((shrunk.len(), shrunk.generated()), (3, 6));
    /// ```
    #[must_use]
    pub fn generated(&self) -> usize {
        self.generated
    }

    /// The ops, in the order the workload produced them.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let case = OpSequence::new(&Dice, Seed::from(9));
    /// assert!(case.ops().iter().all(|d| (1..=6).contains(d)));
    /// ```
    #[must_use]
    pub fn ops(&self) -> &[W::Op] {
        &self.ops
    }

    /// Where each op is in the workload's stream (from 0), increasing: `ops()[i]` is op `positions()[i]` of `workload.ops(seed)`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let case = OpSequence::new(&Dice, Seed::from(9));
    /// for shrunk in case.shorter() {
    ///     for (&p, &op) in shrunk.positions().iter().zip(shrunk.ops()) {
    ///         assert_eq!(Dice.ops(Seed::from(9)).nth(p), Some(op));
    ///     }
    /// }
    /// ```
    #[must_use]
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }

    /// How many ops are left.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// assert_eq!(OpSequence::new(&Dice, Seed::from(9)).len(), 6);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether no op is left.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// assert!(OpSequence::with_length(&Dice, Seed::from(9), 0).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The sequences one shrinking step away, each strictly shorter and each a subsequence of this one.
    ///
    /// First this sequence's first half (halving the length), then the
    /// sequence without each run of `k` ops, for `k` from half the length down
    /// to 1. Empty for an empty sequence.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let case = OpSequence::with_length(&Dice, Seed::from(9), 4);
    /// let kept: Vec<Vec<usize>> = case.shorter().map(|s| s.positions().to_vec()).collect();
    /// assert_eq!(kept, [
    ///     vec![0, 1], vec![2, 3],                         // without a run of 2
    ///     vec![0, 1, 2], vec![0, 1, 3], vec![0, 2, 3], vec![1, 2, 3], // without one op
    /// ]);
    /// ```
    pub fn shorter(&self) -> Shorter<W> {
        let len = self.len();
        Shorter {
            sequence: self.clone(),
            run: len.div_ceil(2),
            end: len,
        }
    }

    /// This sequence without the ops at `start..end` of [`ops`](OpSequence::ops).
    fn without(&self, start: usize, end: usize) -> Self {
        OpSequence {
            seed: self.seed,
            generated: self.generated,
            positions: [&self.positions[..start], &self.positions[end..]].concat(),
            ops: self.ops[..start]
                .iter()
                .chain(&self.ops[end..])
                .cloned()
                .collect(),
            workload: PhantomData,
        }
    }
}

impl<W: Workload> Clone for OpSequence<W> {
    fn clone(&self) -> Self {
        OpSequence {
            seed: self.seed,
            generated: self.generated,
            positions: self.positions.clone(),
            ops: self.ops.clone(),
            workload: PhantomData,
        }
    }
}

impl<W: Workload> PartialEq for OpSequence<W>
where
    W::Op: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed
            && self.generated == other.generated
            && self.positions == other.positions
            && self.ops == other.ops
    }
}

impl<W: Workload> Eq for OpSequence<W> where W::Op: Eq {}

/// Shows each op with its position in the stream: `{4: Cas(1, 0, 2), 9: Get(1)}`.
impl<W: Workload> fmt::Debug for OpSequence<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Ops<'a, T>(&'a [usize], &'a [T]);
        impl<T: fmt::Debug> fmt::Debug for Ops<'_, T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter().zip(self.1)).finish()
            }
        }
        f.debug_struct("OpSequence")
            .field("seed", &self.seed)
            .field("generated", &self.generated)
            .field("ops", &Ops(&self.positions, &self.ops))
            .finish()
    }
}

/// The sequences one shrinking step away from an [`OpSequence`].
///
/// This struct is created by [`OpSequence::shorter`]. See its documentation for more.
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Shorter<W: Workload> {
    sequence: OpSequence<W>,
    // Removes ops[end - run .. end] next (clamped at 0); run 0 means done.
    run: usize,
    end: usize,
}

impl<W: Workload> Iterator for Shorter<W> {
    type Item = OpSequence<W>;

    fn next(&mut self) -> Option<OpSequence<W>> {
        if self.run == 0 {
            return None;
        }
        let start = self.end.saturating_sub(self.run);
        let shorter = self.sequence.without(start, self.end);
        if start == 0 {
            self.run /= 2;
            self.end = self.sequence.len();
        } else {
            self.end = start;
        }
        Some(shorter)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.sequence.len();
        let mut left = 0;
        let (mut run, mut end) = (self.run, self.end);
        while run > 0 {
            left += end.div_ceil(run);
            run /= 2;
            end = len;
        }
        (left, Some(left))
    }
}

impl<W: Workload> ExactSizeIterator for Shorter<W> {}

impl<W: Workload> FusedIterator for Shorter<W> {}

impl<W: Workload> Clone for Shorter<W> {
    fn clone(&self) -> Self {
        Shorter {
            sequence: self.sequence.clone(),
            run: self.run,
            end: self.end,
        }
    }
}

impl<W: Workload> fmt::Debug for Shorter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shorter")
            .field("sequence", &self.sequence)
            .field("run", &self.run)
            .field("end", &self.end)
            .finish()
    }
}
