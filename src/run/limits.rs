//! A run's limits, applied to each worker's stream alike in real time and in simulation.

use std::time::Duration;

use crate::{Seed, Timed};

/// Where a run stops: no op due at or past `time`, at most `ops` ops per worker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) time: Option<Duration>,
    pub(crate) ops: Option<usize>,
}

impl Limits {
    /// `stream` cut at the limits, each op pulled in `seed`'s scope, resuming
    /// at its `taken`-th fresh seed (those its construction took come before).
    /// The limits are a function of the stream alone, so the ops a worker is
    /// given depend on its seed, never on timing.
    pub(crate) fn apply<T, G: Iterator<Item = Timed<T>>>(
        &self,
        stream: G,
        seed: Seed,
        taken: u64,
    ) -> Limited<G> {
        Limited {
            scope: (seed, taken),
            stream,
            end: self.time,
            left: self.ops.unwrap_or(usize::MAX),
        }
    }
}

/// A stream cut at a run's limits.
pub(crate) struct Limited<G> {
    /// The seed whose scope each op is pulled in, and how many fresh seeds it has given.
    scope: (Seed, u64),
    stream: G,
    end: Option<Duration>,
    left: usize,
}

impl<T, G: Iterator<Item = Timed<T>>> Iterator for Limited<G> {
    type Item = Timed<T>;

    #[inline]
    fn next(&mut self) -> Option<Timed<T>> {
        if self.left == 0 {
            return None;
        }
        let (seed, taken) = &mut self.scope;
        let stream = &mut self.stream;
        let op = seed.scope_resume(taken, || stream.next())?;
        if self.end.is_some_and(|end| op.at >= end) {
            self.left = 0;
            return None;
        }
        self.left -= 1;
        Some(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (_, hi) = self.stream.size_hint();
        if self.left == usize::MAX {
            return (0, hi);
        }
        (0, Some(hi.map_or(self.left, |hi| hi.min(self.left))))
    }
}
