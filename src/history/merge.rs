//! Merging each worker's events into one order by time, a run of one worker's events at a time.

use std::cmp::Ordering;
use std::vec::IntoIter;

use super::{Event, HistoryError};

/// Moves every worker's events into one vector, in [`History::merge`](super::History::merge)'s
/// order, calling `on_event(worker, event)` on each just before moving it.
///
/// The events go a run of one worker's at a time: as many as sort before
/// every other worker's next one, found with one comparison of times per
/// event, then `O(log workers)` comparisons to find the next run's worker.
/// Runs are long where threads take turns on a core (a time slice's worth of
/// events) and short where they run side by side.
pub(super) fn merge_runs<O, V, E>(
    workers: Vec<Vec<Event<O, V, E>>>,
    mut on_event: impl FnMut(usize, &Event<O, V, E>) -> Result<(), HistoryError>,
) -> Result<Vec<Event<O, V, E>>, HistoryError> {
    let total = workers.iter().map(Vec::len).sum();
    let mut events = Vec::with_capacity(total);
    let mut heads = Heads {
        streams: workers.into_iter().map(Vec::into_iter).collect(),
        times: Vec::new(),
    };
    let mut tournament = Tournament::new(&mut heads);
    while let Some(worker) = tournament.winner(&heads) {
        let bound = tournament.runner_up(&heads);
        let time = heads.times[bound];
        while let Some(next) = heads.streams[worker].as_slice().first() {
            // Equal times are rare (clocks count nanoseconds): only then are the
            // bound's process and kind read.
            let before = next.time() < time
                || (next.time() == time && heads.tie(bound).is_none_or(|t| tie(next, worker) < t));
            if !before {
                break;
            }
            if let Some(event) = heads.streams[worker].next() {
                on_event(worker, &event)?;
                events.push(event);
            }
        }
        heads.advanced(worker);
        tournament.replay(&heads, worker);
    }
    Ok(events)
}

/// Each worker's events not yet merged, and the time of the next one.
struct Heads<O, V, E> {
    streams: Vec<IntoIter<Event<O, V, E>>>,
    /// The time of each worker's next event; `u64::MAX` once it has none.
    /// Past the workers, the tournament's padding: workers with no events.
    times: Vec<u64>,
}

impl<O, V, E> Heads<O, V, E> {
    /// The order of two workers' next events. At equal times (rare: clocks
    /// count nanoseconds), invocations first: two clock readings that tie
    /// cannot tell which came first, and an op seen to end before another
    /// began would be a precedence the history never showed. Then the lower
    /// process, then the lower worker; a worker with no events left comes last.
    fn less(&self, a: usize, b: usize) -> bool {
        match self.times[a].cmp(&self.times[b]) {
            Ordering::Less => true,
            Ordering::Greater => false,
            Ordering::Equal => match (self.tie(a), self.tie(b)) {
                (Some(a), Some(b)) => a < b,
                (a, _) => a.is_some(),
            },
        }
    }

    /// What orders `worker`'s next event among those of its time; `None` if it has none.
    fn tie(&self, worker: usize) -> Option<(bool, u64, usize)> {
        let next = self.streams.get(worker)?.as_slice().first()?;
        Some(tie(next, worker))
    }

    /// Notes the time of `worker`'s next event, after a run was taken.
    fn advanced(&mut self, worker: usize) {
        self.times[worker] = self.streams[worker]
            .as_slice()
            .first()
            .map_or(u64::MAX, Event::time);
    }

    fn exhausted(&self, worker: usize) -> bool {
        self.streams
            .get(worker)
            .is_none_or(|s| s.as_slice().is_empty())
    }
}

/// What orders events of equal times.
fn tie<O, V, E>(event: &Event<O, V, E>, worker: usize) -> (bool, u64, usize) {
    (!event.is_invoke(), event.process(), worker)
}

/// A winner tree over the workers: the first, the first of the others, and a
/// worker's new place, each in `O(log workers)` comparisons.
struct Tournament {
    /// Node `i`'s children are `2i` and `2i + 1`; each holds the worker that
    /// won below it. The leaves, from `leaves` on, are the workers in order.
    nodes: Vec<usize>,
    leaves: usize,
}

impl Tournament {
    fn new<O, V, E>(heads: &mut Heads<O, V, E>) -> Self {
        let leaves = heads.streams.len().next_power_of_two();
        // One more than the leaves: the rival of a lone worker.
        heads.times = vec![u64::MAX; leaves + 1];
        for worker in 0..heads.streams.len() {
            heads.advanced(worker);
        }
        let mut nodes: Vec<usize> = (0..leaves).chain(0..leaves).collect();
        for i in (1..leaves).rev() {
            let (a, b) = (nodes[2 * i], nodes[2 * i + 1]);
            nodes[i] = if heads.less(b, a) { b } else { a };
        }
        Tournament { nodes, leaves }
    }

    /// The worker whose next event comes first; `None` once none has any.
    fn winner<O, V, E>(&self, heads: &Heads<O, V, E>) -> Option<usize> {
        let first = self.nodes[1];
        (!heads.exhausted(first)).then_some(first)
    }

    /// The worker whose next event comes first among the others: one of those the winner beat.
    fn runner_up<O, V, E>(&self, heads: &Heads<O, V, E>) -> usize {
        let mut i = self.leaves + self.nodes[1];
        // With one worker, a leaf of no worker's: it has no events.
        let mut best = self.leaves;
        while i > 1 {
            let rival = self.nodes[i ^ 1];
            if heads.less(rival, best) {
                best = rival;
            }
            i /= 2;
        }
        best
    }

    /// Replays `worker`'s matches after its next event changed.
    fn replay<O, V, E>(&mut self, heads: &Heads<O, V, E>, worker: usize) {
        let mut i = self.leaves + worker;
        while i > 1 {
            i /= 2;
            let (a, b) = (self.nodes[2 * i], self.nodes[2 * i + 1]);
            self.nodes[i] = if heads.less(b, a) { b } else { a };
        }
    }
}
