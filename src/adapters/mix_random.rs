use std::fmt;
use std::iter::FusedIterator;

use crate::adapters::hints::sum_hints;
use crate::sample::{AliasTable, refuse_too_many};
use crate::seeded_rng::SeededRng;
use crate::{Error, Generator, Seed};

/// Seeded random choice among generators: each op comes from a child picked uniformly; ends when all are exhausted.
///
/// Jepsen's `mix`, seeded. Each op comes from a child picked by the seeded
/// RNG, every child not yet exhausted equally likely. A picked child with no
/// op left drops out and the pick is made again among the others, so the mix
/// yields every op of every child, interleaved at random: mixing exactly 5
/// `a` with exactly 10 `b` gives exactly 5 `a` and 10 `b`. Over endless
/// children it is endless.
///
/// Seeded like [`random`](crate::random): by [`Seed::fresh`] unless
/// [`seed`](MixRandom::seed) is called. The picks are those of
/// [`mix_weighted`] with every weight 1, so the same seed and children give
/// the same stream on every platform and release.
///
/// # Performance
///
/// A pick costs the same whatever the number of children: an alias table,
/// one random draw per pick (two for tables past [`weighted`](crate::weighted)'s cap). Each time a child runs out, the table is
/// rebuilt in place over the children left: O(children) time and no
/// allocation, per exhausted child. The table is shared with clones until
/// then, so the first rebuild of a clone (of a restart by
/// [`cycle_n`](crate::Generator::cycle_n), say) makes its own copy: one
/// allocation, once.
///
/// # Panics
///
/// If no seed can be had (see [`Seed::base`]) or there are more than
/// [`u32::MAX`] children. [`MixRandom::try_new`] returns these as an
/// [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use std::iter::repeat_n;
///
/// let ops: Vec<_> = mix_random([repeat_n("a", 5), repeat_n("b", 10)]).seed(7).collect();
/// assert_eq!(ops.iter().filter(|&&op| op == "a").count(), 5);
/// assert_eq!(ops.iter().filter(|&&op| op == "b").count(), 10);
///
/// // The same seed, the same interleaving.
/// assert!(mix_random([repeat_n("a", 5), repeat_n("b", 10)]).seed(7).eq(ops));
/// ```
#[track_caller]
pub fn mix_random<G: Generator>(gens: impl IntoIterator<Item = G>) -> MixRandom<G> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match MixRandom::try_new(gens) {
        Ok(generator) => generator,
        Err(e) => panic!("mix_random: {e}"),
    }
}

/// Seeded weighted choice among generators: each op comes from a child picked with its weight's bias.
///
/// Each op comes from a child not yet exhausted, picked with probability
/// exactly `weight / sum of the weights of the children not yet exhausted`,
/// by the same exact integer arithmetic as [`weighted`](crate::weighted). A
/// picked child with no op left drops out (its weight becomes 0) and the pick
/// is made again; the mix ends when every child of weight above 0 is
/// exhausted. A child of weight 0 is never asked for an op.
///
/// # Panics
///
/// If no seed can be had (see [`Seed::base`]) or there are more than
/// [`u32::MAX`] children. [`MixRandom::try_weighted`] returns these as an
/// [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let reads = cycle(["read"]);
/// let writes = cycle(["write"]);
/// let ops: Vec<_> = mix_weighted([(reads, 9), (writes, 1)]).seed(3).take(1000).collect();
/// let n = ops.iter().filter(|&&op| op == "read").count();
/// assert!((850..950).contains(&n));
///
/// // Exhausting children: every op of each, whatever the weights.
/// let ops = mix_weighted([(cycle([1]).take(3), 1), (cycle([2]).take(3), 100)]).seed(1);
/// assert_eq!(ops.filter(|&op| op == 1).count(), 3);
/// ```
#[track_caller]
pub fn mix_weighted<G: Generator>(pairs: impl IntoIterator<Item = (G, u32)>) -> MixRandom<G> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match MixRandom::try_weighted(pairs) {
        Ok(generator) => generator,
        Err(e) => panic!("mix_weighted: {e}"),
    }
}

/// Seeded random choice among generators, until every one of them is exhausted.
///
/// This struct is created by [`mix_random`], [`mix_weighted`],
/// [`MixRandom::try_new`] or [`MixRandom::try_weighted`]. See [`mix_random`]
/// for more.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct MixRandom<G> {
    children: Box<[G]>,
    /// Each child's weight; 0 once it is exhausted.
    weights: Box<[u32]>,
    /// Over `weights`; `None` once no child has a weight above 0.
    table: Option<AliasTable>,
    /// The table, kept once every child has run out, for a restart to refill in place.
    spare: Option<AliasTable>,
    rng: SeededRng,
}

impl<G: Generator> MixRandom<G> {
    /// Uniform choice among `gens`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::PoolTooLarge`] past [`u32::MAX`] children; [`Error::InvalidSeed`]
    /// or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::MixRandom;
    /// use std::iter::{once, Once};
    ///
    /// let ops = MixRandom::try_new([once(1), once(2)]).unwrap();
    /// assert_eq!(ops.count(), 2);
    /// assert_eq!(MixRandom::<Once<u8>>::try_new([]).unwrap().count(), 0);
    /// ```
    pub fn try_new(gens: impl IntoIterator<Item = G>) -> Result<Self, Error> {
        Self::try_weighted(gens.into_iter().map(|g| (g, 1)))
    }

    /// Weighted choice among `pairs` of `(generator, weight)`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// As [`MixRandom::try_new`]. No children, or only children of weight 0,
    /// are not an error: the mix is then empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::MixRandom;
    /// use std::iter::once;
    ///
    /// let ops = MixRandom::try_weighted([(once("a"), 1), (once("b"), 0)]).unwrap();
    /// assert_eq!(ops.collect::<Vec<_>>(), ["a"]);
    /// ```
    pub fn try_weighted(pairs: impl IntoIterator<Item = (G, u32)>) -> Result<Self, Error> {
        let (children, weights): (Vec<G>, Vec<u32>) = refuse_too_many(pairs.into_iter())?.unzip();
        let table = table_over(&weights)?;
        let rng = SeededRng::fresh()?;
        Ok(MixRandom {
            children: children.into(),
            weights: weights.into(),
            table,
            spare: None,
            rng,
        })
    }
}

impl<G> MixRandom<G> {
    /// The same children, with picks drawn from `seed`'s stream from now on.
    ///
    /// Call it before the first op, to fix the whole stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let a = mix_random([cycle([1]), cycle([2])]).seed(3);
    /// let b = mix_random([cycle([1]), cycle([2])]).seed(Seed::from(3));
    /// assert!(a.take(20).eq(b.take(20)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        MixRandom {
            rng: SeededRng::new(seed.into()),
            ..self
        }
    }

    /// The seed the picks started from: the one given to [`seed`](MixRandom::seed), or the fresh one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(mix_random([cycle([1])]).seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }
}

impl<G> MixRandom<G> {
    /// Child `i` is exhausted: weight 0, and the table rebuilt in place over the others.
    ///
    /// Out of line and cold: it runs once per child, and keeps `next` small
    /// enough to inline.
    #[cold]
    #[inline(never)]
    fn drop_child(&mut self, i: usize) {
        self.weights[i] = 0;
        if let Some(table) = &mut self.table {
            // Only "no weight above 0" can fail now: the size was checked when built.
            if table.rebuild(&self.weights).is_err() {
                self.spare = self.table.take();
            }
        }
    }
}

/// The alias table over `weights`, or `None` when none is above 0.
fn table_over(weights: &[u32]) -> Result<Option<AliasTable>, Error> {
    match AliasTable::new(weights.iter().copied()) {
        Ok(table) => Ok(Some(table)),
        Err(Error::EmptyPool | Error::AllWeightsZero { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

impl<G: Generator> Iterator for MixRandom<G> {
    type Item = G::Item;

    /// One pick (of the alias table over the live children's weights) per
    /// attempt; a picked child found exhausted gets weight 0, the table is
    /// rebuilt in place, and the pick is made again.
    // `always`: LLVM's heuristics would not inline it into a caller's loop,
    // which then pays a call and the RNG's state through memory on every op.
    #[inline(always)]
    fn next(&mut self) -> Option<G::Item> {
        loop {
            let i = self.table.as_ref()?.pick(&mut self.rng);
            if let Some(op) = self.children[i].next() {
                return Some(op);
            }
            self.drop_child(i);
        }
    }

    /// Every op of every live child is yielded, so the hint is the sum of theirs.
    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.table.is_none() {
            return (0, Some(0));
        }
        sum_hints(
            self.children
                .iter()
                .zip(self.weights.iter())
                .filter(|&(_, &w)| w > 0)
                .map(|(child, _)| child.size_hint()),
        )
    }
}

impl<G: Generator> FusedIterator for MixRandom<G> {}

impl<G: Clone> Clone for MixRandom<G> {
    fn clone(&self) -> Self {
        MixRandom {
            children: self.children.clone(),
            weights: self.weights.clone(),
            table: self.table.clone(),
            spare: None,
            rng: self.rng.clone(),
        }
    }

    // A restart (`cycle_n`) restores the run in place: children, weights and
    // table reuse their buffers.
    fn clone_from(&mut self, source: &Self) {
        self.children.clone_from(&source.children);
        self.weights.clone_from(&source.weights);
        if self.table.is_none() {
            self.table = self.spare.take();
        }
        self.table.clone_from(&source.table);
        self.rng.clone_from(&source.rng);
    }
}

impl<G: fmt::Debug> fmt::Debug for MixRandom<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MixRandom")
            .field("children", &self.children)
            .field("weights", &self.weights)
            .field("seed", &self.rng.seed())
            .finish_non_exhaustive()
    }
}

// For `mix_swarm`, which draws its children's weights from the RNG before the first pick.
impl<G> MixRandom<G> {
    /// Weighted choice among `children`, picking from `rng` as it stands.
    pub(crate) fn with_rng(
        children: Box<[G]>,
        weights: Box<[u32]>,
        rng: SeededRng,
    ) -> Result<Self, Error> {
        let table = table_over(&weights)?;
        Ok(MixRandom {
            children,
            weights,
            table,
            spare: None,
            rng,
        })
    }

    /// The children, as far as they have been pulled.
    pub(crate) fn into_children(self) -> Box<[G]> {
        self.children
    }
}
