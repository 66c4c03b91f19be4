use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use crate::sample::AliasTable;
use crate::seeded_rng::SeededRng;
use crate::{Error, Seed};

/// Biased picks from a pool of `(op, weight)` pairs, with replacement, forever.
///
/// Each op is picked with probability exactly `weight / sum of weights`:
/// integer arithmetic only, so weights up to [`u32::MAX`] each neither overflow
/// nor round. A weight of 0 means never picked. Each pick costs the same
/// whatever the pool's size (an alias table, built in O(pool size)): one
/// random draw and no branch on its value, for any pool whose `n * total`
/// below is at most 2^56.
///
/// # Reproducibility
///
/// The same seed and pool give the same stream on every platform and
/// release; these values are pinned by `tests/golden.rs`. A pick is defined
/// exactly, in integers, as follows, from the words of the stream's RNG
/// (`rand_pcg`'s `Pcg64Mcg`, its state made from the seed by SplitMix64:
/// see the README's "Reproducibility").
///
/// 1. **The table.** With `n` ops (zero weights included) whose weights sum
///    to `total`, op `k` starts with `w_k * n` units, and there are `n`
///    buckets of `total` units each. While some op not yet handed over has
///    fewer than `total` units and some op has more, the lowest-indexed such
///    under-full op `s` is handed over to the lowest-indexed over-full op
///    `l`: bucket `s` keeps `keep_s` = its units for op `s`, its alias is
///    `l`, and `l` gives up `total - keep_s` units. Every op never handed
///    over ends with exactly `total` units: `keep = total`, and it is its
///    own alias.
/// 2. **A pick, when `m = n * total ≤ 2^56`.** Draw a word `x` (`next_u64`);
///    if the low 64 bits of the 128-bit product `x * m` are below
///    `2^64 mod m`, draw again (Lemire's rejection, which makes every unit
///    equally likely). The high 64 bits are the unit `u`, in `0..m`. The
///    bucket is `i = u / total` (computed as the high bits of `x * n`, which
///    is equal) and the place in it `u - i * total`: the pick is op `i` if
///    the place is below `keep_i`, else `i`'s alias.
/// 3. **A pick, when `m > 2^56`.** Two draws, each by the same Lemire rule:
///    the bucket `i` over `n`, then the place over `total`; the pick is op
///    `i` if the place is below `keep_i`, else `i`'s alias.
///
/// [`mix_weighted`](crate::mix_weighted) and
/// [`mix_random`](crate::mix_random) pick their children by the same rule.
///
/// # Panics
///
/// If the pool is empty, every weight is 0, the pool holds more than
/// [`u32::MAX`] ops, or no seed can be had (see [`Seed::base`]).
/// [`Weighted::try_new`] returns these as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops: Vec<_> = weighted([("read", 8), ("write", 2), ("never", 0)]).seed(42).take(1000).collect();
/// let reads = ops.iter().filter(|&&op| op == "read").count();
/// assert!((700..900).contains(&reads));
/// assert!(!ops.contains(&"never"));
/// ```
#[track_caller]
pub fn weighted<T>(pairs: impl IntoIterator<Item = (T, u32)>) -> Weighted<T> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Weighted::try_new(pairs) {
        Ok(generator) => generator,
        Err(e) => panic!("weighted: {e}"),
    }
}

/// Biased picks from a pool of `(op, weight)` pairs, with replacement, forever.
///
/// This struct is created by [`weighted`] or [`Weighted::try_new`]. See [`weighted`] for more.
///
/// Its ops are shared between clones (an `Arc<[T]>`), so a clone costs O(1),
/// and it is `Send` and `Sync` when `T` is both.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Weighted<T> {
    pairs: Arc<[(T, u32)]>,
    table: AliasTable,
    rng: SeededRng,
}

impl<T> Weighted<T> {
    /// Biased picks from `pairs`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyPool`] if `pairs` is empty, [`Error::AllWeightsZero`] if
    /// no weight is above 0, [`Error::PoolTooLarge`] past [`u32::MAX`] pairs;
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Weighted};
    ///
    /// assert!(Weighted::try_new([("read", 1)]).is_ok());
    /// assert_eq!(
    ///     Weighted::try_new([("read", 0), ("write", 0)]).unwrap_err(),
    ///     Error::AllWeightsZero { ops: 2 },
    /// );
    /// ```
    pub fn try_new(pairs: impl IntoIterator<Item = (T, u32)>) -> Result<Self, Error> {
        let (pairs, table): (Arc<[(T, u32)]>, _) =
            AliasTable::collect_with(pairs.into_iter(), |&(_, w)| w);
        let table = table?;
        let rng = SeededRng::fresh()?;
        Ok(Weighted { pairs, table, rng })
    }

    /// The same pool, restarted from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let a = weighted([(1, 3), (2, 1)]).seed(5);
    /// let b = weighted([(1, 3), (2, 1)]).seed(Seed::from(5));
    /// assert!(a.take(20).eq(b.take(20)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        Weighted {
            rng: SeededRng::new(seed.into()),
            ..self
        }
    }

    /// The seed this stream started from: the one given to [`seed`](Weighted::seed), or the fresh one it was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(weighted([("a", 1)]).seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }

    /// The `(op, weight)` pairs, as given, zero weights included.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(weighted([("a", 1), ("b", 0)]).pairs(), [("a", 1), ("b", 0)]);
    /// ```
    #[must_use]
    pub fn pairs(&self) -> &[(T, u32)] {
        &self.pairs
    }
}

impl<T: Clone> Iterator for Weighted<T> {
    type Item = T;

    // `always`: with a table's two ways to pick, LLVM's heuristics stop
    // inlining `next` into a caller's loop, which then pays a call and the
    // RNG's state through memory on every op.
    #[inline(always)]
    fn next(&mut self) -> Option<T> {
        let i = self.table.pick(&mut self.rng);
        Some(self.pairs[i].0.clone())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }

    /// Skips `n` picks without cloning them.
    fn nth(&mut self, n: usize) -> Option<T> {
        for _ in 0..n {
            self.table.pick(&mut self.rng);
        }
        self.next()
    }
}

impl<T: Clone> FusedIterator for Weighted<T> {}

impl<T> Clone for Weighted<T> {
    fn clone(&self) -> Self {
        Weighted {
            pairs: Arc::clone(&self.pairs),
            table: self.table.clone(),
            rng: self.rng.clone(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Weighted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Weighted")
            .field("pairs", &self.pairs)
            .field("seed", &self.rng.seed())
            .finish_non_exhaustive()
    }
}
