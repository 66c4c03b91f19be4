use std::iter::FusedIterator;
use std::time::Duration;

use crate::Timed;

/// A timed stream cut at its first op at or past its first op's time plus a limit: Jepsen's `time-limit`, as data.
///
/// This struct is created by [`Generator::time_limit`]. See its documentation for more.
#[derive(Clone, Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct TimeLimit<G> {
    inner: G,
    limit: Duration,
    /// Where the stream ends, once the first op has fixed it: its time plus
    /// `limit`, or `None` past the largest `Duration`, where nothing is cut.
    end: Option<Duration>,
    started: bool,
    done: bool,
}

impl<G> TimeLimit<G> {
    pub(crate) fn new(inner: G, limit: Duration) -> Self {
        TimeLimit {
            inner,
            limit,
            end: None,
            started: false,
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
        let Some(op) = self.inner.next() else {
            self.done = true;
            return None;
        };
        if !self.started {
            // As Jepsen's `(+ (:time op) limit)`: the run starts with its first op.
            self.started = true;
            self.end = op.at.checked_add(self.limit);
        }
        if self.end.is_some_and(|end| op.at >= end) {
            self.done = true;
            return None;
        }
        Some(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            return (0, Some(0));
        }
        (0, self.inner.size_hint().1)
    }
}

impl<T, G: Iterator<Item = Timed<T>>> FusedIterator for TimeLimit<G> {}
