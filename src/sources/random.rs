use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::{Error, Seed};

/// Uniform picks from a pool of ops, with replacement, forever.
///
/// Each op is picked with probability exactly `1 / pool size`; the same seed
/// and pool give the same stream on every platform and release.
///
/// # Panics
///
/// If the pool is empty, or if no seed can be had (`LOCKSTEP_SEED` set to
/// something that is not a seed; see [`Seed::base`]). [`Random::try_new`]
/// returns these as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops: Vec<_> = random(["read", "write", "cas"]).seed(42).take(6).collect();
/// assert_eq!(ops.len(), 6);
/// assert!(ops.iter().all(|op| ["read", "write", "cas"].contains(op)));
///
/// // The same seed, the same stream.
/// assert!(random(["read", "write", "cas"]).seed(42).take(6).eq(ops));
/// ```
#[track_caller]
pub fn random<T>(ops: impl IntoIterator<Item = T>) -> Random<T> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Random::try_new(ops) {
        Ok(generator) => generator,
        Err(e) => panic!("random: {e}"),
    }
}

/// Uniform picks from a pool of ops, with replacement, forever.
///
/// This struct is created by [`random`] or [`Random::try_new`]. See [`random`] for more.
///
/// Its ops are shared between clones (an `Arc<[T]>`), so a clone costs O(1),
/// and it is `Send` and `Sync` when `T` is both.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Random<T> {
    pool: Arc<[T]>,
    index: Below,
    rng: SeededRng,
}

impl<T> Random<T> {
    /// Uniform picks from `ops`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyPool`] if `ops` is empty; [`Error::InvalidSeed`] or
    /// [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Random};
    ///
    /// assert!(Random::try_new(["read"]).is_ok());
    /// assert_eq!(Random::<&str>::try_new([]).unwrap_err(), Error::EmptyPool);
    /// ```
    pub fn try_new(ops: impl IntoIterator<Item = T>) -> Result<Self, Error> {
        let pool: Arc<[T]> = ops.into_iter().collect();
        if pool.is_empty() {
            return Err(Error::EmptyPool);
        }
        let rng = SeededRng::fresh()?;
        Ok(Random {
            index: Below::new(pool.len() as u64),
            pool,
            rng,
        })
    }

    /// The same pool, restarted from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let a = random(0..10).seed(3);
    /// let b = random(0..10).seed(Seed::from(3));
    /// assert!(a.take(20).eq(b.take(20)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        Random {
            rng: SeededRng::new(seed.into()),
            ..self
        }
    }

    /// The seed this stream started from: the one given to [`seed`](Random::seed), or the fresh one it was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(random([1, 2]).seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }

    /// The pool the ops are picked from.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(random(1..=3).pool(), [1, 2, 3]);
    /// ```
    #[must_use]
    pub fn pool(&self) -> &[T] {
        &self.pool
    }
}

impl<T: Clone> Iterator for Random<T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        let i = self.index.pick(&mut self.rng) as usize;
        Some(self.pool[i].clone())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }

    /// Skips `n` picks without cloning them.
    fn nth(&mut self, n: usize) -> Option<T> {
        for _ in 0..n {
            self.index.pick(&mut self.rng);
        }
        self.next()
    }
}

impl<T: Clone> FusedIterator for Random<T> {}

impl<T> Clone for Random<T> {
    fn clone(&self) -> Self {
        Random {
            pool: Arc::clone(&self.pool),
            index: self.index,
            rng: self.rng.clone(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Random<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Random")
            .field("pool", &self.pool)
            .field("seed", &self.rng.seed())
            .finish_non_exhaustive()
    }
}
