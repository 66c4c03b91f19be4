use std::fmt;
use std::iter::FusedIterator;
use std::time::Duration;

use crate::Timed;
use crate::timed::nanos;

/// Ops at fixed spacing: op `i` at `i * dt`. Jepsen's `delay`, as data.
///
/// This struct is created by [`Generator::delay`](crate::Generator::delay). See its documentation for more.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Delay<G> {
    inner: G,
    dt: u64,
    /// The time of the next op, in nanoseconds.
    at: u64,
    started: bool,
}

impl<G> Delay<G> {
    #[track_caller]
    pub(crate) fn new(inner: G, dt: Duration) -> Self {
        Delay {
            inner,
            dt: nanos(dt, "delay"),
            at: 0,
            started: false,
        }
    }
}

impl<G: Iterator> Iterator for Delay<G> {
    type Item = Timed<G::Item>;

    #[inline]
    fn next(&mut self) -> Option<Timed<G::Item>> {
        let op = self.inner.next()?;
        if self.started {
            // Saturating would pin every later op to one time, silently.
            self.at = self.at.checked_add(self.dt).unwrap_or_else(|| {
                panic!("delay: the timeline passed u64::MAX nanoseconds (about 584 years)")
            });
        }
        self.started = true;
        Some(Timed::new(Duration::from_nanos(self.at), op))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<G: FusedIterator> FusedIterator for Delay<G> {}

/// Shows times as `Duration`s, as [`Stagger`](crate::Stagger)'s `Debug` does.
impl<G: fmt::Debug> fmt::Debug for Delay<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delay")
            .field("inner", &self.inner)
            .field("dt", &Duration::from_nanos(self.dt))
            .field("at", &Duration::from_nanos(self.at))
            .finish_non_exhaustive()
    }
}

// By hand, for `clone_from`: a restart restores the inner generator in place.
impl<G: Clone> Clone for Delay<G> {
    fn clone(&self) -> Self {
        Delay {
            inner: self.inner.clone(),
            ..*self
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.inner.clone_from(&source.inner);
        (self.dt, self.at, self.started) = (source.dt, source.at, source.started);
    }
}
