//! Playing a run on tokio: a task per worker and one for the nemesis, async clients, paced by tokio's timer.

use std::future::{Future, poll_fn};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;

use futures_core::Stream;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::history::{Event, History, NEMESIS};
use crate::panic_payload::{drop_quietly, message};
use crate::run::process::Processes;
use crate::run::threads::hint;
use crate::run::{AsyncClient, NemesisPlan, Run, RunOp};
use crate::{Generator, Seed, Timed};

/// A run's history as async clients record it.
type TaskHistory<C, N> =
    History<RunOp<<C as AsyncClient>::Op, N>, <C as AsyncClient>::Value, <C as AsyncClient>::Error>;

/// An event with its place in the run's one order of events.
type Stamped<O, V, E> = (u64, Event<O, V, E>);

impl<M, S, N, C, G> Run<M, S, N>
where
    M: Fn(u64) -> C + Clone + Send + Sync + 'static,
    C: AsyncClient + Send + 'static,
    C::Op: Send + 'static,
    C::Value: Send + 'static,
    C::Error: Send + 'static,
    S: Fn(usize, Seed) -> G,
    G: Iterator<Item = Timed<C::Op>> + Send + 'static,
    N: NemesisPlan<C::Value, C::Error> + Clone + Send + Sync + 'static,
    N::Op: Send + 'static,
    N::Faults: Send + 'static,
{
    /// Plays the run on the current tokio runtime: a task per worker and one for the nemesis, each op paced by tokio's timer.
    ///
    /// The async [`threads`](Run::threads), for [`AsyncClient`]s: the same
    /// ops ([`planned`](Run::planned)), the same processes and crash rule,
    /// the same history. Each worker's task awaits its ops from
    /// [`paced_stream`](Generator::paced_stream) (a late op at once, none
    /// skipped) and awaits each op's outcome before it takes the next. Events
    /// are recorded in the order they happen across all tasks, each with the
    /// time since the start (nanoseconds, on tokio's clock), so an op that
    /// completes before another is invoked comes first in the history even
    /// at the same instant.
    ///
    /// Under a current-thread runtime with paused time
    /// (`#[tokio::test(start_paused = true)]`, or a turmoil host) nothing
    /// depends on the machine's clock: each op is invoked at its logical
    /// time (rounded up to tokio's millisecond), and a client whose answers
    /// and delays depend only on its ops gives the same history, byte for
    /// byte, on every run of a seed. On real time the ops are the same, and
    /// the interleaving, and so the outcomes, depend on timing.
    ///
    /// The clients' factory and the nemesis are cloned into the tasks (a
    /// closure over `Arc`s is `Clone`), which must be `Send` and `'static`, as
    /// `tokio::spawn` asks.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime with its time driver; if a worker's stream or
    /// the nemesis panics (a client's panic is an `Info`, not a panic of the
    /// run).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::history::{EventType, Outcome};
    /// use lockstep_gen::run::{AsyncClient, Run};
    ///
    /// /// A service that doubles, in 3 ms.
    /// struct Double;
    /// impl AsyncClient for Double {
    ///     type Op = u64;
    ///     type Value = u64;
    ///     type Error = String;
    ///     async fn invoke(&mut self, op: &u64) -> Outcome<u64, String> {
    ///         tokio::time::sleep(Duration::from_millis(3)).await;
    ///         Outcome::Ok(2 * op)
    ///     }
    /// }
    ///
    /// let run = Run::new(Workers::new(42, 4), |_process| Double, |_worker, _seed| {
    ///     random(0..100u64).stagger(Duration::from_millis(2))
    /// })
    /// .time_limit(Duration::from_millis(50));
    ///
    /// let play = || {
    ///     let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
    ///     runtime.block_on(run.tokio())
    /// };
    /// let history = play();
    /// assert_eq!(history.counts().of(EventType::Ok), run.planned().iter().map(Vec::len).sum::<usize>());
    /// // Paused time: the same history every run.
    /// assert_eq!(history.digest(), play().digest());
    /// ```
    pub async fn tokio(&self) -> TaskHistory<C, N::Op> {
        let count = self.workers.count() as u64;
        let streams = self.streams();
        let faults = self.faults();
        let clock = Arc::new(Clock::new());
        let workers: Vec<JoinHandle<Vec<Stamped<_, _, _>>>> = streams
            .into_iter()
            .enumerate()
            .map(|(worker, stream)| {
                let (clients, clock) = (self.clients.clone(), Arc::clone(&clock));
                tokio::spawn(async move {
                    let mut processes = Processes::new(worker as u64, count, &clients);
                    let mut events = Vec::with_capacity(2 * hint(&stream));
                    let mut stream = stream.paced_stream(clock.start);
                    while let Some(op) = next(&mut stream).await {
                        let process = processes.current();
                        let invoked = clock.stamp();
                        let outcome = match caught(processes.client().invoke(&op.op)).await {
                            Ok(outcome) => outcome,
                            Err(panic) => processes.panicked(&panic),
                        };
                        let completed = clock.stamp();
                        processes.completed(&outcome);
                        events.push(
                            invoked.event(|t| Event::invoke(t, process, RunOp::Client(op.op))),
                        );
                        events.push(completed.event(|t| Event::complete(t, process, outcome)));
                    }
                    events
                })
            })
            .collect();
        let nemesis = faults.map(|faults| {
            let (nemesis, clock) = (self.nemesis.clone(), Arc::clone(&clock));
            tokio::spawn(async move {
                let mut events = Vec::new();
                let mut faults = faults.paced_stream(clock.start);
                while let Some(fault) = next(&mut faults).await {
                    let invoked = clock.stamp();
                    let outcome = nemesis.inject(&fault.op);
                    let completed = clock.stamp();
                    events.push(
                        invoked.event(|t| Event::invoke(t, NEMESIS, RunOp::Nemesis(fault.op))),
                    );
                    events.push(completed.event(|t| Event::complete(t, NEMESIS, outcome)));
                }
                events
            })
        });
        let mut recorded = Vec::with_capacity(self.workers.count() + 1);
        for handle in workers.into_iter().chain(nemesis) {
            match handle.await {
                Ok(events) => recorded.push(events),
                Err(e) => match e.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    // Only a runtime shutting down cancels the run's tasks.
                    Err(e) => panic!("Run::tokio: a worker's task was cancelled: {e}"),
                },
            }
        }
        in_order(self.workers.seed(), recorded)
    }
}

/// The run's clock and the order of its events: each stamp is the next place in the history and the time it happened.
struct Clock {
    start: Instant,
    next: Mutex<u64>,
}

/// When an event happened: its place in the history and its time in nanoseconds since the start.
#[derive(Clone, Copy)]
struct Stamp {
    index: u64,
    time: u64,
}

impl Clock {
    fn new() -> Self {
        Clock {
            start: Instant::now(),
            next: Mutex::new(0),
        }
    }

    /// The next place in the history, with the time read under the same lock, so places and times agree.
    fn stamp(&self) -> Stamp {
        let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
        let index = *next;
        *next += 1;
        // u64 nanoseconds last 584 years.
        let time = self.start.elapsed().as_nanos() as u64;
        Stamp { index, time }
    }
}

impl Stamp {
    fn event<O, V, E>(self, event: impl FnOnce(u64) -> Event<O, V, E>) -> Stamped<O, V, E> {
        (self.index, event(self.time))
    }
}

/// The next item of a stream.
async fn next<St: Stream + Unpin>(stream: &mut St) -> Option<St::Item> {
    poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

/// Awaits `future`; a panic while it is polled becomes `Err` with its message, its payload dropped quietly.
async fn caught<F: Future>(future: F) -> Result<F::Output, String> {
    let mut future = pin!(future);
    poll_fn(
        |cx| match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let text = message(&*payload);
                drop_quietly(payload);
                Poll::Ready(Err(text))
            }
        },
    )
    .await
}

/// The history of a run's stamped events, each put in its place.
fn in_order<O, V, E>(seed: Seed, recorded: Vec<Vec<Stamped<O, V, E>>>) -> History<O, V, E> {
    let total = recorded.iter().map(Vec::len).sum();
    let mut places: Vec<Option<Event<O, V, E>>> = Vec::with_capacity(total);
    places.resize_with(total, || None);
    for (index, event) in recorded.into_iter().flatten() {
        // Stamps are dense from 0: each is taken once, and each makes one event.
        places[index as usize] = Some(event);
    }
    match History::new(seed, places.into_iter().flatten().collect()) {
        Ok(history) => history,
        // Each task alternates invoke and complete for its processes, in stamp order.
        Err(e) => unreachable!("a run recorded a history that breaks Jepsen's rules: {e}"),
    }
}
