use std::fmt;
use std::iter::FusedIterator;
use std::time::Duration;

use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::timed::nanos;
use crate::{Seed, Timed};

/// Ops at seeded random times: gaps uniform in `[0, 2 * mean)`, Jepsen's `stagger`, replayable.
///
/// This struct is created by [`Generator::stagger`](crate::Generator::stagger). See its documentation for more.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Stagger<G> {
    inner: G,
    /// Over `0..2 * mean` in nanoseconds; `None` when `mean` is zero.
    gap: Option<Below>,
    /// The time of the next op, in nanoseconds.
    at: u64,
    started: bool,
    rng: SeededRng,
}

impl<G> Stagger<G> {
    #[track_caller]
    pub(crate) fn new(inner: G, mean: Duration) -> Self {
        let mean = nanos(mean, "stagger");
        // Matches, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
        let Some(span) = mean.checked_mul(2) else {
            panic!("stagger: twice the mean, {mean}ns, is more than u64::MAX nanoseconds")
        };
        let rng = match SeededRng::fresh() {
            Ok(rng) => rng,
            Err(e) => panic!("stagger: {e}"),
        };
        Stagger {
            inner,
            gap: (span > 0).then(|| Below::new(span)),
            at: 0,
            started: false,
            rng,
        }
    }

    /// The same ops, with gaps drawn from `seed`'s stream from now on.
    ///
    /// Call it before the first op, to fix the whole timeline.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let a = cycle(["read"]).stagger(Duration::from_millis(5)).seed(1);
    /// let b = cycle(["read"]).stagger(Duration::from_millis(5)).seed(Seed::from(1));
    /// assert!(a.take(50).eq(b.take(50)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        Stagger {
            rng: SeededRng::new(seed.into()),
            ..self
        }
    }

    /// The seed the gaps started from: the one given to [`seed`](Stagger::seed), or the fresh one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let ops = cycle([1]).stagger(Duration::from_millis(1)).seed(4);
    /// assert_eq!(ops.initial_seed(), Seed::from(4));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }
}

impl<G: Iterator> Iterator for Stagger<G> {
    type Item = Timed<G::Item>;

    /// The first op is at 0; each later one draws one gap, exactly uniform in
    /// `0..2 * mean` nanoseconds (no draw when `mean` is zero).
    #[inline]
    fn next(&mut self) -> Option<Timed<G::Item>> {
        let op = self.inner.next()?;
        if self.started {
            let gap = self.gap.map_or(0, |gap| gap.pick(&mut self.rng));
            // Saturating would pin every later op to one time, silently.
            self.at = self.at.checked_add(gap).unwrap_or_else(|| {
                panic!("stagger: the timeline passed u64::MAX nanoseconds (about 584 years)")
            });
        }
        self.started = true;
        Some(Timed::new(Duration::from_nanos(self.at), op))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<G: FusedIterator> FusedIterator for Stagger<G> {}

impl<G: Clone> Clone for Stagger<G> {
    fn clone(&self) -> Self {
        Stagger {
            inner: self.inner.clone(),
            gap: self.gap,
            at: self.at,
            started: self.started,
            rng: self.rng.clone(),
        }
    }

    // A restart restores the inner generator in place.
    fn clone_from(&mut self, source: &Self) {
        self.inner.clone_from(&source.inner);
        (self.gap, self.at, self.started) = (source.gap, source.at, source.started);
        self.rng.clone_from(&source.rng);
    }
}

impl<G: fmt::Debug> fmt::Debug for Stagger<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stagger")
            .field("inner", &self.inner)
            .field("at", &Duration::from_nanos(self.at))
            .field("seed", &self.rng.seed())
            .finish_non_exhaustive()
    }
}
