//! Playing a run in real time: a thread per worker and one for the nemesis.

use std::thread;
use std::time::{Duration, Instant};

use crate::history::{Event, History, NEMESIS};
use crate::run::process::Processes;
use crate::run::runner::RunHistory;
use crate::run::{Client, NemesisPlan, Run, RunOp};
use crate::{Generator, Seed, Timed};

impl<M, S, N, C, G> Run<M, S, N>
where
    M: Fn(u64) -> C + Sync,
    C: Client,
    C::Op: Send,
    C::Value: Send,
    C::Error: Send,
    S: Fn(usize, Seed) -> G,
    G: Iterator<Item = Timed<C::Op>> + Send,
    N: NemesisPlan<C::Value, C::Error> + Sync,
    N::Op: Send,
    N::Faults: Send,
{
    /// Plays the run in real time: a thread per worker and one for the nemesis, each op paced to its logical time.
    ///
    /// Each worker sleeps until its next op is due (`start + op.at`), runs
    /// it at once if it is late, and records the invocation and the
    /// completion with the times they happened (nanoseconds since the start)
    /// into a vector of its own, so workers never wait on one another's
    /// records; the vectors are merged in time order at the end. The ops are
    /// those of [`planned`](Run::planned); their interleaving, and so the
    /// outcomes, depend on timing. For a history that replays exactly, use
    /// [`simulate`](Run::simulate).
    ///
    /// # Panics
    ///
    /// If a worker's stream or the nemesis panics (a client's panic is an
    /// `Info`, not a panic of the run), or if the run records `u32::MAX`
    /// events or more, too many for a [`History`] to index.
    ///
    /// # Examples
    ///
    /// See [`Run`].
    pub fn threads(&self) -> RunHistory<C, N::Op> {
        let count = self.workers.count() as u64;
        let streams = self.streams();
        let faults = self.faults();
        let start = Instant::now();
        let recorded = thread::scope(|scope| {
            let workers: Vec<_> = streams
                .into_iter()
                .enumerate()
                .map(|(worker, stream)| {
                    let clients = &self.clients;
                    scope.spawn(move || {
                        let mut processes = Processes::new(worker as u64, count, clients);
                        let mut events = Vec::with_capacity(2 * hint(&stream));
                        for op in stream {
                            // Paced as `Generator::paced` paces, with one read of the clock
                            // for the wait and the invocation's time both.
                            let mut invoked = elapsed(start);
                            let due = due_nanos(op.at);
                            if due > invoked {
                                thread::sleep(Duration::from_nanos(due - invoked));
                                invoked = elapsed(start);
                            }
                            let process = processes.current();
                            let outcome = processes.invoke(&op.op);
                            let completed = elapsed(start).max(invoked);
                            processes.completed(&outcome);
                            events.push(Event::invoke(invoked, process, RunOp::Client(op.op)));
                            events.push(Event::complete(completed, process, outcome));
                        }
                        events
                    })
                })
                .collect();
            let nemesis = faults.map(|faults| {
                let nemesis = &self.nemesis;
                scope.spawn(move || {
                    let mut events = Vec::new();
                    for fault in faults.paced(start) {
                        let invoked = elapsed(start);
                        let outcome = nemesis.inject(&fault.op);
                        let completed = elapsed(start);
                        events.push(Event::invoke(invoked, NEMESIS, RunOp::Nemesis(fault.op)));
                        events.push(Event::complete(completed, NEMESIS, outcome));
                    }
                    events
                })
            });
            workers
                .into_iter()
                .chain(nemesis)
                .map(|handle| match handle.join() {
                    Ok(events) => events,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        merged(self.workers.seed(), recorded)
    }
}

/// A logical time in whole nanoseconds; a time past `u64::MAX` is never due.
#[inline]
fn due_nanos(at: Duration) -> u64 {
    u64::try_from(at.as_nanos()).unwrap_or(u64::MAX)
}

/// How many ops a stream has at most, for the room its events need (capped: a hint may be huge).
pub(super) fn hint<I: Iterator>(stream: &I) -> usize {
    stream.size_hint().1.unwrap_or(0).min(1 << 20)
}

/// Nanoseconds since `start`.
#[inline]
fn elapsed(start: Instant) -> u64 {
    // u64 nanoseconds last 584 years.
    start.elapsed().as_nanos() as u64
}

/// The history of a run's events, recorded per worker and merged in time order.
pub(super) fn merged<O, V, E>(seed: Seed, recorded: Vec<Vec<Event<O, V, E>>>) -> History<O, V, E> {
    match History::recorded(seed, recorded) {
        Ok(history) => history,
        // The recorders keep Jepsen's rules: only a history too long to index is refused.
        Err(e) => panic!("a run's history: {e}"),
    }
}
