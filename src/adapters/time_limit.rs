use std::iter::FusedIterator;
use std::time::Duration;

use crate::{Generator, Timed};

/// A timed stream cut at its first op at or after a limit: Jepsen's `time-limit`, as data.
///
/// This struct is created by [`Generator::time_limit`]. See its documentation for more.
#[derive(Clone, Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct TimeLimit<G> {
    inner: G,
    limit: Duration,
    done: bool,
}

impl<G> TimeLimit<G> {
    pub(crate) fn new(inner: G, limit: Duration) -> Self {
        TimeLimit {
            inner,
            limit,
            done: false,
        }
    }
}

impl<T, G: Iterator<Item = Timed<T>>> Iterator for TimeLimit<G> {
    type Item = Timed<T>;

    #[inline]
    fn next(&mut self) -> Option<Timed<T>> {
        if self.done {
            return None;
        }
        match self.inner.next() {
            Some(op) if op.at < self.limit => Some(op),
            _ => {
                self.done = true;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            return (0, Some(0));
        }
        (0, self.inner.size_hint().1)
    }
}

impl<T, G: Iterator<Item = Timed<T>>> FusedIterator for TimeLimit<G> {}

impl<T, G: Generator<Item = Timed<T>>> Generator for TimeLimit<G> {}
