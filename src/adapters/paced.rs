use std::iter::FusedIterator;
use std::time::Instant;

use crate::Timed;

/// A timed stream paced in real time: each op is yielded once its time has come.
///
/// This struct is created by [`Generator::paced`](crate::Generator::paced). See its documentation for more.
#[derive(Clone, Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Paced<G> {
    inner: G,
    start: Instant,
}

impl<G> Paced<G> {
    pub(crate) fn new(inner: G, start: Instant) -> Self {
        Paced { inner, start }
    }
}

impl<T, G: Iterator<Item = Timed<T>>> Iterator for Paced<G> {
    type Item = Timed<T>;

    /// Sleeps until `op.at` after `start`, or not at all when that is past: a
    /// late worker runs its ops at once rather than skip any.
    fn next(&mut self) -> Option<Timed<T>> {
        let op = self.inner.next()?;
        // A wait, not a deadline `start + op.at`: that sum may not fit in an
        // `Instant`, and an op due that far off must still wait, not run now.
        // One of `ahead` (a start still to come) and `elapsed` is zero.
        let now = Instant::now();
        let ahead = self.start.saturating_duration_since(now);
        let elapsed = now.saturating_duration_since(self.start);
        let wait = op.at.saturating_add(ahead).saturating_sub(elapsed);
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        Some(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, G: FusedIterator<Item = Timed<T>>> FusedIterator for Paced<G> {}
