use std::iter::FusedIterator;
use std::time::Duration;

use crate::{TimeLimit, Timed};

/// A time-limited phase run again and again, each run starting where the last one's time ran out: Jepsen's `(cycle (time-limit d gen))`.
///
/// This struct is created by [`TimeLimit::cycle`] and [`TimeLimit::cycle_n`].
/// See their documentation for more.
#[derive(Clone, Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct TimedCycle<G> {
    /// The phase as it was before its first op, cloned at each restart.
    orig: TimeLimit<G>,
    /// The run under way.
    run: TimeLimit<G>,
    /// How much later than the first run's ops this run's ops come: `runs done * limit`.
    shift: Duration,
    /// Runs left, the one under way included; `None`: forever.
    left: Option<usize>,
}

impl<G: Clone> TimedCycle<G> {
    pub(crate) fn new(phase: TimeLimit<G>, runs: Option<usize>) -> Self {
        TimedCycle {
            run: phase.clone(),
            orig: phase,
            shift: Duration::ZERO,
            left: runs,
        }
    }
}

impl<T, G: Iterator<Item = Timed<T>> + Clone> Iterator for TimedCycle<G> {
    type Item = Timed<T>;

    #[inline]
    fn next(&mut self) -> Option<Timed<T>> {
        if self.left == Some(0) {
            return None;
        }
        let op = match self.run.next() {
            Some(op) => op,
            None => {
                if let Some(left) = &mut self.left {
                    *left -= 1;
                    if *left == 0 {
                        return None;
                    }
                }
                self.run.clone_from(&self.orig);
                self.shift = self
                    .shift
                    .checked_add(self.orig.limit())
                    .unwrap_or_else(|| panic!("TimedCycle: the timeline passed Duration::MAX"));
                let Some(op) = self.run.next() else {
                    // A run that yields nothing would yield nothing every time: end now, as `cycle` does.
                    self.left = Some(0);
                    return None;
                };
                op
            }
        };
        let at = op.at.checked_add(self.shift).unwrap_or_else(|| {
            panic!(
                "TimedCycle: an op's time plus {:?} passed Duration::MAX",
                self.shift
            )
        });
        Some(Timed::new(at, op.op))
    }

    /// The rest of this run, then `left - 1` whole runs (each at most the phase's own hint).
    fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, run_hi) = self.run.size_hint();
        match self.left {
            Some(0) => (0, Some(0)),
            Some(1) => (lo, run_hi),
            Some(left) => {
                let hi = self.orig.size_hint().1;
                let more = hi.and_then(|hi| hi.checked_mul(left - 1)?.checked_add(run_hi?));
                (lo, more)
            }
            None if self.orig.size_hint().1 == Some(0) => (lo, run_hi),
            None => (lo, None),
        }
    }
}

impl<T, G: Iterator<Item = Timed<T>> + Clone> FusedIterator for TimedCycle<G> {}
