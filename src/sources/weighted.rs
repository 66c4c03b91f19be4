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
/// whatever the pool's size (an alias table, built in O(pool size)).
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
        let pairs: Arc<[(T, u32)]> = pairs.into_iter().collect();
        let weights: Vec<u32> = pairs.iter().map(|&(_, w)| w).collect();
        let table = AliasTable::new(&weights)?;
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

    #[inline]
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
