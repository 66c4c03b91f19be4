use std::iter::FusedIterator;
use std::time::Duration;

use crate::{Timed, TimedCycle};

/// A timed stream cut at its first op at or past its first op's time plus a limit: Jepsen's `time-limit`, as data.
///
/// This struct is created by [`Generator::time_limit`](crate::Generator::time_limit). See its documentation for more.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct TimeLimit<G> {
    inner: G,
    limit: Duration,
    /// Where the stream ends, once the first op has fixed it: its time plus
    /// `limit`, or `None` past the largest `Duration`, where nothing is cut.
    end: Option<Duration>,
    /// The last op's time: a stream whose time goes back is refused.
    last: Duration,
    started: bool,
    done: bool,
}

impl<G> TimeLimit<G> {
    pub(crate) fn new(inner: G, limit: Duration) -> Self {
        TimeLimit {
            inner,
            limit,
            end: None,
            last: Duration::ZERO,
            started: false,
            done: false,
        }
    }

    /// How long the phase lasts, from its first op.
    pub(crate) fn limit(&self) -> Duration {
        self.limit
    }
}

impl<G: Clone> TimeLimit<G> {
    /// Runs this time-limited phase `n` times, one after another in time: Jepsen's `(cycle n (time-limit d gen))`.
    ///
    /// Each run replays the phase from the state it has now, as
    /// [`Generator::cycle_n`](crate::Generator::cycle_n) does, but `d` later
    /// than the run before: run `k` (from 0) gives the phase's ops with `k * d`
    /// added to their times, so the runs follow one another on the timeline
    /// instead of each starting again at the first op's time. A run that
    /// yields no op ends the whole at once.
    ///
    /// This inherent method is found before [`Generator::cycle_n`](crate::Generator::cycle_n):
    /// cycling a stream after `time_limit` shifts each run by the limit. A
    /// timed stream cycled some other way (`stagger(…).take(n).cycle_n(k)`,
    /// say) starts each run at time 0 again; [`time_limit`](crate::Generator::time_limit)
    /// and [`merge_timed`](crate::merge_timed) over it panic with a message
    /// that says so, rather than run forever or out of order.
    ///
    /// # Panics
    ///
    /// When an op's shifted time would pass [`Duration::MAX`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let secs = Duration::from_secs;
    /// let phase = cycle(["read", "write"]).delay(secs(1)).time_limit(secs(3));
    /// let ops: Vec<_> = phase.cycle_n(2).map(|t| (t.at.as_secs(), t.op)).collect();
    /// assert_eq!(ops, [(0, "read"), (1, "write"), (2, "read"), (3, "read"), (4, "write"), (5, "read")]);
    /// ```
    pub fn cycle_n(self, n: usize) -> TimedCycle<G> {
        TimedCycle::new(self, Some(n))
    }

    /// Runs this time-limited phase forever, one run after another in time: Jepsen's `(cycle (time-limit d gen))`.
    ///
    /// As [`cycle_n`](TimeLimit::cycle_n) with no end; being an inherent
    /// method, it is found before [`Iterator::cycle`], which would start each
    /// run at time 0 again. Bound it with another
    /// [`time_limit`](crate::Generator::time_limit) or `take`.
    ///
    /// # Panics
    ///
    /// As [`cycle_n`](TimeLimit::cycle_n): when an op's shifted time would pass [`Duration::MAX`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let secs = Duration::from_secs;
    /// let heartbeat = cycle(["ping"]).delay(secs(4)).time_limit(secs(10)); // ops at 0, 4, 8
    /// let times: Vec<_> = heartbeat.cycle().time_limit(secs(25)).map(|t| t.at.as_secs()).collect();
    /// assert_eq!(times, [0, 4, 8, 10, 14, 18, 20, 24]);
    /// ```
    pub fn cycle(self) -> TimedCycle<G> {
        TimedCycle::new(self, None)
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
        } else if op.at < self.last {
            panic!(
                "time_limit: time went back from {:?} to {:?}; a timed stream cycled with `cycle` or \
                 `cycle_n` starts each run at its first time again: cycle the time-limited phase \
                 itself (`phase.time_limit(d).cycle()`), which shifts each run by d",
                self.last, op.at
            );
        }
        self.last = op.at;
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

// By hand, for `clone_from`: a restart (`cycle`, `cycle_n`) restores the inner generator in place.
impl<G: Clone> Clone for TimeLimit<G> {
    fn clone(&self) -> Self {
        TimeLimit {
            inner: self.inner.clone(),
            ..*self
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.inner.clone_from(&source.inner);
        (self.limit, self.end, self.last) = (source.limit, source.end, source.last);
        (self.started, self.done) = (source.started, source.done);
    }
}
