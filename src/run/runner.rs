//! `Run`: one description of a run, played in real time or in simulation.

use std::fmt::{self, Write};
use std::time::Duration;

use crate::digest::fnv1a;
use crate::history::{EdnOp, History, Outcome};
use crate::run::limits::{Limited, Limits};
use crate::run::{Client, Nemesis, NemesisFaults, NoNemesis, RunOp};
use crate::{Seed, Timed, Workers};

/// The history of a run of clients `C` beside a nemesis whose faults are `N`.
pub type RunHistory<C, N> =
    History<RunOp<<C as Client>::Op, N>, <C as Client>::Value, <C as Client>::Error>;

/// A run of a workload: workers, a client per process, each worker's timed op stream, a nemesis, and limits.
///
/// Jepsen's interpreter, with a seed that replays it. One description plays
/// two ways:
///
/// - [`threads`](Run::threads), in real time: a thread per worker and one for
///   the nemesis, each op paced to its logical time and recorded as it is
///   invoked and completed;
/// - [`simulate`](Run::simulate), in logical time on one thread, never
///   sleeping: the same seed gives the same history, byte for byte, outcomes
///   included, provided the clients are deterministic.
///
/// Each worker's stream is `ops(worker, worker's seed)`, built in that seed's
/// [`scope`](Seed::scope) (as by [`Workers::streams`]), so it replays from the
/// run's seed alone; the nemesis's likewise from
/// [`Workers::nemesis_seed`]. Processes follow Jepsen's rule: worker `w`
/// starts as process `w`; after an `Info` (or a panic in its client) the
/// process is retired and the worker goes on as process `p + workers` with a
/// new client from `clients(process)`. A late op runs at once and none is
/// skipped, so the ops each worker is given depend on the seed alone.
///
/// The limits ([`time_limit`](Run::time_limit),
/// [`ops_per_worker`](Run::ops_per_worker)) cut each stream by its logical
/// times and counts, never by the clock. A run needs streams that end, by
/// the limits or by themselves: one with an endless stream and no limit
/// never returns.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::history::{EventType, Outcome};
/// use lockstep_gen::run::{Client, Latency, Run};
///
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// enum Op { Read, Write(u64) }
///
/// struct Register(Arc<Mutex<u64>>);
///
/// impl Client for Register {
///     type Op = Op;
///     type Value = u64;
///     type Error = String;
///     fn invoke(&mut self, op: &Op) -> Outcome<u64, String> {
///         let mut value = self.0.lock().unwrap();
///         match *op {
///             Op::Read => Outcome::Ok(*value),
///             Op::Write(v) => { *value = v; Outcome::Ok(v) }
///         }
///     }
/// }
///
/// // A run on a fresh register: the system under test is part of what replays.
/// let run = || {
///     let register = Arc::new(Mutex::new(0));
///     Run::new(
///         Workers::new(42, 3),
///         move |_process| Register(register.clone()),
///         |_worker, _seed| {
///             let writes = random(0..5).map(Op::Write);
///             mix_weighted([(repeat(Op::Read).boxed(), 3), (writes.boxed(), 1)]).stagger(Duration::from_millis(1))
///         },
///     )
///     .time_limit(Duration::from_millis(20))
/// };
/// let latency = Latency::uniform(Duration::from_micros(100), Duration::from_millis(2));
///
/// // In simulation: the same history every time.
/// let history = run().simulate(latency);
/// assert_eq!(history.events(), run().simulate(latency).events());
///
/// // In real time, on threads: the same ops, other interleavings.
/// let real = run().threads();
/// assert_eq!(real.counts().of(EventType::Invoke), history.counts().of(EventType::Invoke));
/// ```
#[must_use = "a run does nothing until `threads` or `simulate` is called"]
#[derive(Clone)]
pub struct Run<M, S, N = NoNemesis> {
    pub(super) workers: Workers,
    pub(super) clients: M,
    pub(super) ops: S,
    pub(super) nemesis: N,
    pub(super) limits: Limits,
}

impl<M, S> Run<M, S> {
    /// A run of `workers.count()` workers: `clients(process)` makes a process's client, `ops(worker, seed)` a worker's timed op stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::history::Outcome;
    /// use lockstep_gen::run::{Client, Run};
    /// use std::time::Duration;
    ///
    /// struct Echo;
    /// impl Client for Echo {
    ///     type Op = u32;
    ///     type Value = u32;
    ///     type Error = String;
    ///     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// }
    ///
    /// let run = Run::new(Workers::new(1, 2), |_| Echo, |_, seed| random(0..9).seed(seed).delay(Duration::ZERO))
    ///     .ops_per_worker(5);
    /// assert_eq!(run.threads().len(), 2 * 2 * 5);
    /// ```
    pub fn new<C, G>(workers: Workers, clients: M, ops: S) -> Self
    where
        M: Fn(u64) -> C,
        S: Fn(usize, Seed) -> G,
    {
        Run {
            workers,
            clients,
            ops,
            nemesis: NoNemesis,
            limits: Limits::default(),
        }
    }
}

impl<M, S, N> Run<M, S, N> {
    /// Adds a nemesis: `faults(nemesis seed)` gives its timed faults, `inject` injects each when it is due.
    ///
    /// Its events are recorded under the process
    /// [`NEMESIS`](crate::history::NEMESIS), with [`RunOp::Nemesis`] ops and
    /// the outcome `inject` returns. The run's limits cut its faults too.
    ///
    /// The history holds the nemesis's outcomes beside the clients', so
    /// `inject` returns an [`Outcome`] of the clients' `Value` and `Error`
    /// types (any value of them, such as `Outcome::Ok(Default::default())`,
    /// when a fault has nothing to say). With other types, the error comes
    /// later, where the run is played: `simulate` (or `threads`) "exists but
    /// its trait bounds were not satisfied", naming the client.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::history::{Outcome, NEMESIS};
    /// use lockstep_gen::run::{Client, Latency, Run};
    /// use std::time::Duration;
    ///
    /// struct Echo;
    /// impl Client for Echo {
    ///     type Op = u32;
    ///     type Value = u32;
    ///     type Error = String;
    ///     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// }
    ///
    /// let ms = Duration::from_millis;
    /// let run = Run::new(Workers::new(1, 2), |_| Echo, |_, _| random(0..9).stagger(ms(1)))
    ///     .nemesis(|_| cycle(["pause", "resume"]).delay(ms(4)), |_: &&str| Outcome::Ok(0))
    ///     .time_limit(ms(10));
    /// let history = run.simulate(Latency::fixed(Duration::from_micros(300)));
    /// assert_eq!(history.process_events(NEMESIS).count(), 2 * 3); // faults at 0, 4 and 8 ms
    /// ```
    pub fn nemesis<F, H, G, O, V, E>(self, faults: F, inject: H) -> Run<M, S, Nemesis<F, H>>
    where
        F: Fn(Seed) -> G,
        G: Iterator<Item = Timed<O>>,
        H: Fn(&O) -> Outcome<V, E>,
    {
        Run {
            workers: self.workers,
            clients: self.clients,
            ops: self.ops,
            nemesis: Nemesis::new(faults, inject),
            limits: self.limits,
        }
    }

    /// Runs no op due at or past `limit` (logical time, from the run's start at 0).
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{Client, Latency, Run};
    /// # use std::time::Duration;
    /// # struct Echo;
    /// # impl Client for Echo {
    /// #     type Op = u32; type Value = u32; type Error = String;
    /// #     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// # }
    /// let ms = Duration::from_millis;
    /// let run = Run::new(Workers::new(1, 1), |_| Echo, |_, _| cycle([1]).delay(ms(1))).time_limit(ms(5));
    /// assert_eq!(run.simulate(Latency::fixed(Duration::ZERO)).len(), 2 * 5);
    /// ```
    pub fn time_limit(self, limit: Duration) -> Self {
        Run {
            limits: Limits {
                time: Some(limit),
                ..self.limits
            },
            ..self
        }
    }

    /// Runs at most `n` ops per worker (the first `n` of its stream).
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{Client, Latency, Run};
    /// # use std::time::Duration;
    /// # struct Echo;
    /// # impl Client for Echo {
    /// #     type Op = u32; type Value = u32; type Error = String;
    /// #     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// # }
    /// let run = Run::new(Workers::new(1, 3), |_| Echo, |_, _| cycle([1]).delay(Duration::ZERO)).ops_per_worker(4);
    /// assert_eq!(run.simulate(Latency::fixed(Duration::ZERO)).len(), 3 * 2 * 4);
    /// ```
    pub fn ops_per_worker(self, n: usize) -> Self {
        Run {
            limits: Limits {
                ops: Some(n),
                ..self.limits
            },
            ..self
        }
    }

    /// The workers: the run's seed and how many.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{Client, Run};
    /// # struct Echo;
    /// # impl Client for Echo {
    /// #     type Op = u32; type Value = u32; type Error = String;
    /// #     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// # }
    /// let run = Run::new(Workers::new(7, 4), |_| Echo, |_, _| std::iter::empty::<Timed<u32>>());
    /// assert_eq!(run.workers().seed(), Seed::from(7));
    /// ```
    pub fn workers(&self) -> Workers {
        self.workers
    }
}

impl<M, S, N> Run<M, S, N> {
    /// The nemesis's faults, built and pulled in the nemesis seed's scope as a
    /// worker's stream is in its own, cut at the limits; `None` without a nemesis.
    pub(super) fn faults(&self) -> Option<Limited<N::Faults>>
    where
        N: NemesisFaults,
    {
        let seed = self.workers.nemesis_seed();
        let mut taken = 0;
        let faults = seed.scope_resume(&mut taken, || self.nemesis.faults(seed))?;
        Some(self.limits.apply(faults, seed, taken))
    }
}

impl<M, S, N, G, O> Run<M, S, N>
where
    S: Fn(usize, Seed) -> G,
    G: Iterator<Item = Timed<O>>,
{
    /// Each worker's stream, built and pulled in its seed's scope (a part built
    /// lazily, while the stream is pulled, is seeded from it too), cut at the limits.
    pub(super) fn streams(&self) -> Vec<Limited<G>> {
        (0..self.workers.count())
            .map(|worker| {
                let seed = self.workers.worker_seed(worker);
                let mut taken = 0;
                let stream = seed.scope_resume(&mut taken, || (self.ops)(worker, seed));
                self.limits.apply(stream, seed, taken)
            })
            .collect()
    }

    /// The ops each worker is given, in worker order: what both ways of running play, whatever the timing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{Client, Run};
    /// # use std::time::Duration;
    /// # struct Echo;
    /// # impl Client for Echo {
    /// #     type Op = u32; type Value = u32; type Error = String;
    /// #     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// # }
    /// let run = Run::new(Workers::new(1, 2), |_| Echo, |_, _| random(0..9).stagger(Duration::from_millis(1)))
    ///     .time_limit(Duration::from_millis(10));
    /// let planned = run.planned();
    /// assert_eq!(planned.len(), 2);
    /// assert_eq!(planned, run.planned());
    /// ```
    #[must_use]
    pub fn planned(&self) -> Vec<Vec<Timed<O>>> {
        self.streams().into_iter().map(Iterator::collect).collect()
    }
}

impl<M, S, N> Run<M, S, N> {
    /// The faults the nemesis is given, in order: what both ways of running inject, whatever the timing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{Client, Run};
    /// # use std::time::Duration;
    /// # struct Echo;
    /// # impl Client for Echo {
    /// #     type Op = u32; type Value = u32; type Error = String;
    /// #     fn invoke(&mut self, op: &u32) -> Outcome<u32, String> { Outcome::Ok(*op) }
    /// # }
    /// let secs = Duration::from_secs;
    /// let run = Run::new(Workers::new(1, 2), |_| Echo, |_, _| std::iter::empty::<Timed<u32>>())
    ///     .nemesis(|_| cycle(["pause", "resume"]).delay(secs(1)), |_: &&str| Outcome::<u32, String>::Ok(0))
    ///     .time_limit(secs(3));
    /// let faults: Vec<_> = run.planned_faults().into_iter().map(|t| t.op).collect();
    /// assert_eq!(faults, ["pause", "resume", "pause"]);
    /// ```
    #[must_use]
    pub fn planned_faults(&self) -> Vec<Timed<N::Op>>
    where
        N: NemesisFaults,
    {
        self.faults().map_or_else(Vec::new, Iterator::collect)
    }
}

impl<M, S, N, G, O> Run<M, S, N>
where
    S: Fn(usize, Seed) -> G,
    G: Iterator<Item = Timed<O>>,
    O: EdnOp,
    N: NemesisFaults,
    N::Op: EdnOp,
{
    /// A digest of every op the seed gives the workers and the nemesis, with its logical time: the same for a seed whatever the timing.
    ///
    /// FNV-1a, 64 bits, over one line per op, each worker's in order, then
    /// the nemesis's: `<worker or "nemesis"> <due time in nanoseconds> <:f> <:value>`,
    /// in Jepsen's EDN. The same seed gives the same digest on every run,
    /// platform and release, whether the run then plays on threads or in
    /// simulation, so printing it shows at a glance that a replay was given
    /// the same ops.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::history::Outcome;
    /// # use lockstep_gen::run::{client_fn, Run};
    /// # use std::time::Duration;
    /// let run = |seed| {
    ///     Run::new(Workers::new(seed, 2), |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)), |_, _| {
    ///         random(0..9u32).stagger(Duration::from_millis(1))
    ///     })
    ///     .time_limit(Duration::from_millis(20))
    /// };
    /// assert_eq!(run(1).planned_digest(), run(1).planned_digest());
    /// assert_ne!(run(1).planned_digest(), run(2).planned_digest());
    /// ```
    #[must_use]
    pub fn planned_digest(&self) -> u64 {
        fn line(text: &mut String, who: &dyn fmt::Display, at: Duration, op: &impl EdnOp) {
            let (f, value) = op.f_and_value();
            let _ = writeln!(text, "{who} {} {f} {value}", at.as_nanos());
        }
        let mut text = String::new();
        for (worker, ops) in self.planned().iter().enumerate() {
            ops.iter()
                .for_each(|t| line(&mut text, &worker, t.at, &t.op));
        }
        for fault in self.planned_faults() {
            line(&mut text, &"nemesis", fault.at, &fault.op);
        }
        fnv1a(text.as_bytes())
    }
}

impl<M, S, N: fmt::Debug> fmt::Debug for Run<M, S, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Run")
            .field("workers", &self.workers)
            .field("nemesis", &self.nemesis)
            .field("time_limit", &self.limits.time)
            .field("ops_per_worker", &self.limits.ops)
            .finish_non_exhaustive()
    }
}

/// Worker `worker`'s ops of a worker-tagged timeline, with their times: its stream back, to run a recorded case.
///
/// The inverse of [`Workers::timeline`] for one worker: the ops tagged
/// `worker`, in order. A [`Run`] of a property test's case gives each
/// worker `|w, _| worker_ops(case.ops(), w)`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::run::worker_ops;
/// use std::time::Duration;
///
/// let timeline = [Timed::new(Duration::ZERO, (0, "a")), Timed::new(Duration::from_secs(1), (1, "b"))];
/// let ops: Vec<_> = worker_ops(&timeline, 1).map(|t| t.op).collect();
/// assert_eq!(ops, ["b"]);
/// ```
pub fn worker_ops<O: Clone>(
    timeline: &[Timed<(usize, O)>],
    worker: usize,
) -> impl Iterator<Item = Timed<O>> + Clone + '_ {
    timeline
        .iter()
        .filter(move |t| t.op.0 == worker)
        .map(|t| Timed::new(t.at, t.op.1.clone()))
}
