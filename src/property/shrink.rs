//! Greedy shrinking of a failing case: drop ops while the property still fails.

use crate::property::panics::Quiet;
use crate::{OpSequence, Workload};

/// Where shrinking got to: the shortest failing sequence so far and what it cost.
pub(crate) struct Shrinking<W: Workload> {
    pub(crate) sequence: OpSequence<W>,
    pub(crate) message: String,
    /// Sequences kept: each one shorter than the last.
    pub(crate) steps: usize,
    /// Property runs spent.
    pub(crate) runs: usize,
    /// Whether the runs ran out with candidates left to try.
    pub(crate) capped: bool,
}

impl<W: Workload> Shrinking<W> {
    /// Not shrunk at all: the failing sequence as it is.
    pub(crate) fn none(sequence: OpSequence<W>, message: String) -> Self {
        Shrinking {
            sequence,
            message,
            steps: 0,
            runs: 0,
            capped: false,
        }
    }

    /// Keeps the first shorter sequence that still fails, until none does or `max_runs` runs are spent.
    ///
    /// `attempt` runs the property on a candidate: `Err` with its message when
    /// it fails (a panic caught and turned into one).
    pub(crate) fn shrink(
        mut self,
        max_runs: usize,
        mut attempt: impl FnMut(&OpSequence<W>) -> Result<(), String>,
    ) -> Self {
        // Every candidate that fails by panicking would print its panic message.
        let _quiet = Quiet::new();
        'shrinking: loop {
            for candidate in self.sequence.shorter() {
                if self.runs == max_runs {
                    self.capped = true;
                    break 'shrinking;
                }
                self.runs += 1;
                if let Err(message) = attempt(&candidate) {
                    self.sequence = candidate;
                    self.message = message;
                    self.steps += 1;
                    continue 'shrinking;
                }
            }
            break;
        }
        self
    }
}
