use std::iter::FusedIterator;

use crate::Generator;

/// A generator run `n` times from its initial state: Jepsen's `(cycle n gen)`.
///
/// This struct is created by [`Generator::cycle_n`]. See its documentation for more.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct CycleN<G> {
    /// The initial state, cloned at each restart.
    orig: G,
    /// The run under way.
    run: G,
    /// Runs left, the one under way included.
    left: usize,
}

impl<G: Clone> CycleN<G> {
    pub(crate) fn new(gen_: G, n: usize) -> Self {
        CycleN {
            run: gen_.clone(),
            orig: gen_,
            left: n,
        }
    }
}

impl<G: Generator + Clone> Iterator for CycleN<G> {
    type Item = G::Item;

    #[inline]
    fn next(&mut self) -> Option<G::Item> {
        if self.left == 0 {
            return None;
        }
        if let Some(op) = self.run.next() {
            return Some(op);
        }
        self.left -= 1;
        if self.left == 0 {
            return None;
        }
        // In place: a container's buffers are reused, not allocated again.
        self.run.clone_from(&self.orig);
        let op = self.run.next();
        if op.is_none() {
            // A restart that yields nothing would yield nothing every time: end now, as
            // std's `cycle` does, rather than clone and poll `left` more times.
            self.left = 0;
        }
        op
    }

    /// The rest of this run, then `left - 1` whole runs.
    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.left == 0 {
            return (0, Some(0));
        }
        let more = self.left - 1;
        let (run_lo, run_hi) = self.run.size_hint();
        let (lo, hi) = self.orig.size_hint();
        let lower = lo.saturating_mul(more).saturating_add(run_lo);
        let upper = if more == 0 {
            run_hi
        } else {
            hi.and_then(|hi| hi.checked_mul(more)?.checked_add(run_hi?))
        };
        (lower, upper)
    }
}

impl<G: Generator + Clone> FusedIterator for CycleN<G> {}

// By hand, for `clone_from`: a cycle inside a cycle restarts in place too.
impl<G: Clone> Clone for CycleN<G> {
    fn clone(&self) -> Self {
        CycleN {
            orig: self.orig.clone(),
            run: self.run.clone(),
            left: self.left,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.orig.clone_from(&source.orig);
        self.run.clone_from(&source.run);
        self.left = source.left;
    }
}
