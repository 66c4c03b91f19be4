//! Playing a run in simulation: logical time on one thread, seeded latencies, the same history every time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::history::{Event, NEMESIS};
use crate::run::runner::{RunHistory, merged};
use crate::run::threads::Worker;
use crate::run::{Client, Latency, NemesisPlan, Run, RunOp};
use crate::seeded_rng::SeededRng;
use crate::{Seed, Timed};

/// The key of the latencies' seed under the run's seed: "latency" in ASCII.
const LATENCY_KEY: u64 = 0x6c61_7465_6e63_7900;

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
    /// time it is due and the completion of its previous op. The op's
    /// latency is drawn from `latency`, seeded by the run's seed
    /// (`seed.derive(0x6c61_7465_6e63_7900)`, "latency" in ASCII), one draw
    /// per op in the order ops start. Clients are invoked one at a time in
    /// the order their ops start (ties go to the lower worker, and the
    /// nemesis, whose faults take no time, before any worker), so with
    /// deterministic clients every outcome, and so the whole history, is a
    /// function of the seed: a failure found here replays exactly.
    ///
    /// # Examples
    ///
    /// See [`Run`].
    pub fn simulate(&self, latency: Latency) -> RunHistory<C, N::Op> {
        let count = self.workers.count();
        let mut streams = self.streams();
        let mut workers: Vec<_> = (0..count)
            .map(|w| Worker::new(w as u64, count as u64, &self.clients))
            .collect();
        let mut faults = self
            .nemesis
            .faults(self.workers.nemesis_seed())
            .map(|faults| self.limits.apply(faults));
        let mut nemesis_events = Vec::new();
        let mut rng = SeededRng::new(self.workers.seed().derive(LATENCY_KEY));

        // Who starts next: (time, slot), slot 0 the nemesis and 1 + w worker w;
        // each holds its next op, pulled once it is free.
        let mut due = BinaryHeap::new();
        let mut next_op: Vec<Option<C::Op>> = (0..count).map(|_| None).collect();
        let mut next_fault = None;
        for (w, stream) in streams.iter_mut().enumerate() {
            if let Some(op) = stream.next() {
                due.push(Reverse((nanos(op.at), w + 1)));
                next_op[w] = Some(op.op);
            }
        }
        if let Some(fault) = faults.as_mut().and_then(Iterator::next) {
            due.push(Reverse((nanos(fault.at), 0)));
            next_fault = Some(fault.op);
        }
        while let Some(Reverse((start, slot))) = due.pop() {
            if slot == 0 {
                let Some(fault) = next_fault.take() else {
                    continue;
                };
                let outcome = self.nemesis.inject(&fault);
                nemesis_events.push(Event::invoke(start, NEMESIS, RunOp::Nemesis(fault)));
                nemesis_events.push(Event::complete(start, NEMESIS, outcome));
                if let Some(fault) = faults.as_mut().and_then(Iterator::next) {
                    due.push(Reverse((nanos(fault.at).max(start), 0)));
                    next_fault = Some(fault.op);
                }
                continue;
            }
            let w = slot - 1;
            let Some(op) = next_op[w].take() else {
                continue;
            };
            let took = latency.draw(&mut rng);
            let end = start
                .checked_add(took)
                .unwrap_or_else(|| panic!("simulate: logical time passed u64::MAX nanoseconds"));
            let mut times = [start, end].into_iter();
            workers[w].run(op, || times.next().unwrap_or(end));
            if let Some(op) = streams[w].next() {
                due.push(Reverse((nanos(op.at).max(end), slot)));
                next_op[w] = Some(op.op);
            }
        }
        let mut recorded: Vec<_> = workers.into_iter().map(|w| w.events).collect();
        recorded.push(nemesis_events);
        merged(self.workers.seed(), recorded)
    }
}

/// A logical time in whole nanoseconds.
fn nanos(at: std::time::Duration) -> u64 {
    u64::try_from(at.as_nanos())
        .unwrap_or_else(|_| panic!("simulate: an op is due past u64::MAX nanoseconds ({at:?})"))
}
