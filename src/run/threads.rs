//! Playing a run in real time: a thread per worker and one for the nemesis.

use std::thread;
use std::time::Instant;

use crate::history::{Event, NEMESIS, Outcome};
use crate::panic_payload::catch;
use crate::run::runner::{RunHistory, merged};
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
    /// `Info`, not a panic of the run).
    ///
    /// # Examples
    ///
    /// See [`Run`].
    pub fn threads(&self) -> RunHistory<C, N::Op> {
        let count = self.workers.count() as u64;
        let streams = self.streams();
        let faults = self
            .nemesis
            .faults(self.workers.nemesis_seed())
            .map(|faults| self.limits.apply(faults));
        let start = Instant::now();
        let recorded = thread::scope(|scope| {
            let workers: Vec<_> = streams
                .into_iter()
                .enumerate()
                .map(|(worker, stream)| {
                    let clients = &self.clients;
                    scope.spawn(move || {
                        let mut worker = Worker::new(worker as u64, count, clients);
                        for op in stream.paced(start) {
                            worker.run(op.op, || elapsed(start));
                        }
                        worker.events
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

/// Nanoseconds since `start`.
fn elapsed(start: Instant) -> u64 {
    // u64 nanoseconds last 584 years.
    start.elapsed().as_nanos() as u64
}

/// An event of a run of clients `C` beside a nemesis whose faults are `N`.
type RunEvent<C, N> =
    Event<RunOp<<C as Client>::Op, N>, <C as Client>::Value, <C as Client>::Error>;

/// One worker: its process, its client, and the events it has recorded.
pub(super) struct Worker<'a, M, C: Client, N> {
    process: u64,
    /// How far a retired process's successor is numbered on: the worker count.
    step: u64,
    client: Option<C>,
    clients: &'a M,
    pub(super) events: Vec<RunEvent<C, N>>,
}

impl<'a, M: Fn(u64) -> C, C: Client, N> Worker<'a, M, C, N> {
    pub(super) fn new(worker: u64, workers: u64, clients: &'a M) -> Self {
        Worker {
            process: worker,
            step: workers,
            client: None,
            clients,
            events: Vec::new(),
        }
    }

    /// Invokes `op` with this process's client, times it with `now`, records
    /// both events, and applies Jepsen's rule after an `Info`. Returns the
    /// completion's time.
    ///
    /// The one place a worker's loop does anything; a generator that sees
    /// each completion (Jepsen's `update`) would be told here.
    pub(super) fn run(&mut self, op: C::Op, mut now: impl FnMut() -> u64) -> u64 {
        let process = self.process;
        let clients = self.clients;
        let client = self.client.get_or_insert_with(|| clients(process));
        let invoked = now();
        let outcome = match catch(|| client.invoke(&op)) {
            Ok(outcome) => outcome,
            Err(panic) => Outcome::Info(C::Error::from(format!("the client panicked: {panic}"))),
        };
        let completed = now().max(invoked);
        let retire = outcome.is_info();
        self.events
            .push(Event::invoke(invoked, process, RunOp::Client(op)));
        self.events
            .push(Event::complete(completed, process, outcome));
        if retire {
            // Jepsen: a process whose op is indeterminate never invokes again.
            self.process += self.step;
            self.client = None;
        }
        completed
    }
}
