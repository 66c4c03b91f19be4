//! Playing a run in simulation: logical time on one thread, seeded latencies, the same history every time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::history::{Event, History, NEMESIS, Outcome};
use crate::run::process::Processes;
use crate::run::runner::RunHistory;
use crate::run::threads::hint;
use crate::run::{Client, Latency, NemesisPlan, Run, RunOp};
use crate::seeded_rng::SeededRng;
use crate::timed::nanos;
use crate::{Seed, Timed};

/// The key of the latencies' seed under the run's seed: "latency" in ASCII.
const LATENCY_KEY: u64 = 0x6c61_7465_6e63_7900;

/// What a simulated worker does next: invoke the op it holds, or complete the one under way.
enum Next<O, V, E> {
    /// The op, and the time it was due: with the worker, what its latency is drawn from.
    Invoke(O, u64),
    Complete(u64, Outcome<V, E>),
}

/// A simulated worker's next step, for a client `C`.
type WorkerNext<C> = Next<<C as Client>::Op, <C as Client>::Value, <C as Client>::Error>;

impl<M, S, N, C, G> Run<M, S, N>
where
    M: Fn(u64) -> C,
    C: Client,
    S: Fn(usize, Seed) -> G,
    G: Iterator<Item = Timed<C::Op>>,
    N: NemesisPlan<C::Value, C::Error>,
{
    /// Plays the run in logical time, on this thread, never sleeping: the same seed gives the same history, byte for byte.
    ///
    /// Each worker is closed-loop: its next op starts at the later of the
    /// time it is due and the completion of its previous op. Its latency is
    /// drawn from `latency` with the seed
    /// `seed.derive(0x6c61_7465_6e63_7900).derive(worker).derive(due)`
    /// ("latency" in ASCII; `due` the op's logical time in nanoseconds),
    /// derived once more by `k` for the `k`-th op (from 1) in a row of the
    /// worker's that are due at that same time: a function of the op and its
    /// due time alone, so an op keeps its latency when ops due at other times
    /// are removed, as shrinking a [`Check`](crate::Check)'s case does. Clients are invoked one at a time in
    /// the order their ops start, and events are recorded in time order; at
    /// equal times, in the order they were scheduled (the nemesis's first
    /// faults, then the workers' first ops in worker order, then as each
    /// event makes the next). Faults take no time. So with deterministic
    /// clients every outcome, and so the whole history, is a function of the
    /// seed: a failure found here replays exactly.
    ///
    /// # Panics
    ///
    /// If a worker's stream or the nemesis panics (a client's panic is an
    /// `Info`), or logical time passes [`u64::MAX`] nanoseconds.
    ///
    /// # Examples
    ///
    /// See [`Run`].
    pub fn simulate(&self, latency: Latency) -> RunHistory<C, N::Op> {
        let count = self.workers.count();
        let mut streams = self.streams();
        let mut faults = self.faults();
        let mut processes: Vec<_> = (0..count)
            .map(|w| Processes::new(w as u64, count as u64, &self.clients))
            .collect();
        let latencies = self.workers.seed().derive(LATENCY_KEY);
        let mut events = Vec::with_capacity(2 * streams.iter().map(hint).sum::<usize>());

        // What comes next, by (time, order scheduled): slot 0 is the nemesis, 1 + w worker w.
        let mut queue = Queue::default();
        let mut next_fault = None;
        if let Some(fault) = faults.as_mut().and_then(Iterator::next) {
            queue.push(nanos(fault.at, "simulate"), 0);
            next_fault = Some(fault.op);
        }
        // Per worker, the last due time drawn and how many ops before this one shared it.
        let mut same_due: Vec<(u64, u64)> = vec![(u64::MAX, 0); count];
        let mut next: Vec<Option<WorkerNext<C>>> = Vec::with_capacity(count);
        for (w, stream) in streams.iter_mut().enumerate() {
            next.push(stream.next().map(|op| {
                let due = nanos(op.at, "simulate");
                queue.push(due, w + 1);
                Next::Invoke(op.op, due)
            }));
        }
        while let Some((now, slot)) = queue.pop() {
            if slot == 0 {
                let Some(fault) = next_fault.take() else {
                    continue;
                };
                let outcome = self.nemesis.inject(&fault);
                events.push(Event::invoke(now, NEMESIS, RunOp::Nemesis(fault)));
                events.push(Event::complete(now, NEMESIS, outcome));
                if let Some(fault) = faults.as_mut().and_then(Iterator::next) {
                    queue.push(nanos(fault.at, "simulate").max(now), 0);
                    next_fault = Some(fault.op);
                }
                continue;
            }
            let w = slot - 1;
            match next[w].take() {
                Some(Next::Invoke(op, due)) => {
                    let process = processes[w].current();
                    let outcome = processes[w].invoke(&op);
                    events.push(Event::invoke(now, process, RunOp::Client(op)));
                    let (last, k) = &mut same_due[w];
                    *k = if *last == due { *k + 1 } else { 0 };
                    *last = due;
                    let seed = latencies.derive(w).derive(due);
                    let seed = if *k == 0 { seed } else { seed.derive(*k) };
                    let mut rng = SeededRng::new(seed);
                    let end = now.checked_add(latency.draw(&mut rng));
                    let end = end.expect("simulate: logical time passed u64::MAX nanoseconds");
                    queue.push(end, slot);
                    next[w] = Some(Next::Complete(process, outcome));
                }
                Some(Next::Complete(process, outcome)) => {
                    processes[w].completed(&outcome);
                    events.push(Event::complete(now, process, outcome));
                    next[w] = streams[w].next().map(|op| {
                        let due = nanos(op.at, "simulate");
                        queue.push(due.max(now), slot);
                        Next::Invoke(op.op, due)
                    });
                }
                None => {}
            }
        }
        match History::new(self.workers.seed(), events) {
            Ok(history) => history,
            // Each worker's process alternates invoke and complete, and is retired after an info.
            Err(e) => {
                unreachable!("a simulation recorded a history that breaks Jepsen's rules: {e}")
            }
        }
    }
}

/// Events to come, earliest first; at equal times, first scheduled first.
#[derive(Default)]
struct Queue {
    heap: BinaryHeap<Reverse<(u64, u64, usize)>>,
    scheduled: u64,
}

impl Queue {
    fn push(&mut self, time: u64, slot: usize) {
        self.heap.push(Reverse((time, self.scheduled, slot)));
        self.scheduled += 1;
    }

    fn pop(&mut self) -> Option<(u64, usize)> {
        self.heap.pop().map(|Reverse((time, _, slot))| (time, slot))
    }
}
