use std::fmt;
use std::iter::FusedIterator;

use crate::adapters::hints::sum_hints;
use crate::{Generator, Timed};

/// Timed streams merged into one timeline, in time order: client streams with a nemesis stream, say.
///
/// Each input must be in time order (its times never decrease), as
/// [`stagger`](Generator::stagger) and [`delay`](Generator::delay) make them.
/// At each step the op with the earliest time comes next; of ops at the same
/// time, the one from the earlier stream in `gens` comes first. So the merge is a function of its
/// inputs alone, and a simulation can run a whole workload in one thread
/// without a clock. Tag ops with [`Timed::map`] to know where each came from.
/// The merge asks every stream for its first op before it yields its own.
///
/// # Panics
///
/// When an input's op is due before the op that input gave last: the merge
/// would be out of time order. A timed stream cycled with `cycle` or
/// `cycle_n` starts each run at its first time again; cycle a time-limited
/// phase with [`TimeLimit::cycle`](crate::TimeLimit::cycle) instead, which
/// shifts each run by the limit.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use std::time::Duration;
///
/// let ms = Duration::from_millis;
/// let clients = cycle(["read"]).delay(ms(10)).take(3);
/// let nemesis = cycle(["pause"]).delay(ms(15)).take(2);
/// let ops: Vec<_> = merge_timed([clients, nemesis]).map(|t| (t.at.as_millis(), t.op)).collect();
/// assert_eq!(ops, [(0, "read"), (0, "pause"), (10, "read"), (15, "pause"), (20, "read")]);
/// ```
pub fn merge_timed<T, G: Generator<Item = Timed<T>>>(
    gens: impl IntoIterator<Item = G>,
) -> MergeTimed<G> {
    let children: Box<[G]> = gens.into_iter().collect();
    MergeTimed {
        heads: children.iter().map(|_| None).collect(),
        children,
        primed: false,
    }
}

/// Timed streams merged in time order.
///
/// This struct is created by [`merge_timed`]. See its documentation for more.
///
/// A clone allocates two buffers (the children and their next ops), plus
/// what the children's clones allocate; [`clone_from`](Clone::clone_from),
/// which [`cycle_n`](crate::Generator::cycle_n) restarts with, reuses them.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct MergeTimed<G: Iterator> {
    children: Box<[G]>,
    /// Each child's next op, once `primed`; `None` for an exhausted child.
    heads: Box<[Option<G::Item>]>,
    primed: bool,
}

impl<T, G: Iterator<Item = Timed<T>>> Iterator for MergeTimed<G> {
    type Item = Timed<T>;

    #[inline]
    fn next(&mut self) -> Option<Timed<T>> {
        if !self.primed {
            self.primed = true;
            for (head, child) in self.heads.iter_mut().zip(self.children.iter_mut()) {
                *head = child.next();
            }
        }
        // `min_by_key` keeps the first of equal keys: ties go to the earlier stream.
        let (i, at) = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(i, head)| Some((i, head.as_ref()?.at)))
            .min_by_key(|&(_, at)| at)?;
        let next = self.children[i].next();
        if let Some(next) = &next {
            assert!(
                next.at >= at,
                "merge_timed: stream {i} went back in time, from {at:?} to {:?}; a timed stream \
                 cycled with `cycle` or `cycle_n` starts each run at its first time again: cycle \
                 the time-limited phase itself (`phase.time_limit(d).cycle()`)",
                next.at
            );
        }
        std::mem::replace(&mut self.heads[i], next)
    }

    /// The ops held, plus every op the streams have left.
    fn size_hint(&self) -> (usize, Option<usize>) {
        let held = self.heads.iter().filter(|h| h.is_some()).count();
        // An exhausted stream is never asked again, so its own hint does not count.
        let live = self
            .children
            .iter()
            .zip(self.heads.iter())
            .filter(|(_, head)| !self.primed || head.is_some())
            .map(|(child, _)| child.size_hint());
        let (lo, hi) = sum_hints(live);
        (
            lo.saturating_add(held),
            hi.and_then(|hi| hi.checked_add(held)),
        )
    }
}

impl<T, G: Iterator<Item = Timed<T>>> FusedIterator for MergeTimed<G> {}

impl<G: Iterator + Clone> Clone for MergeTimed<G>
where
    G::Item: Clone,
{
    fn clone(&self) -> Self {
        MergeTimed {
            children: self.children.clone(),
            heads: self.heads.clone(),
            primed: self.primed,
        }
    }

    // A restart (`cycle_n`) restores the run in place, reusing both buffers.
    fn clone_from(&mut self, source: &Self) {
        self.children.clone_from(&source.children);
        self.heads.clone_from(&source.heads);
        self.primed = source.primed;
    }
}

impl<G: Iterator + fmt::Debug> fmt::Debug for MergeTimed<G>
where
    G::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MergeTimed")
            .field("children", &self.children)
            .field("heads", &self.heads)
            .finish_non_exhaustive()
    }
}
