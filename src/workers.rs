//! Per-worker streams: one seed per worker, derived from the run's, and a nemesis beside them.

use crate::{Seed, Timed};

/// The workers of a run: a base seed and a count, from which each worker's seed is derived.
///
/// Worker `i` (from 0) gets `seed.derive(i)` ([`Seed::derive`]), whatever
/// generator it runs, so its stream replays from the base seed alone. The
/// nemesis gets `seed.derive(u64::MAX)`, a key no worker has: a worker's
/// index is less than the count, itself at most [`usize::MAX`], so at most
/// `u64::MAX - 1`, and [`worker_seed`](Workers::worker_seed) refuses any
/// other index.
///
/// - [`streams`](Workers::streams) gives every worker a generator of its own
///   (Jepsen's `each-thread`);
/// - [`reserve`](Workers::reserve) gives ranges of workers different
///   generators, and the rest a default (Jepsen's `reserve`);
/// - [`nemesis_seed`](Workers::nemesis_seed) seeds the stream that runs beside
///   the clients.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let workers = Workers::new(42, 3);
/// let streams = workers.streams(|_, seed| random(0..100).seed(seed).take(5));
/// assert_eq!(streams.len(), 3);
///
/// // Each worker's stream differs, and replays from the base seed.
/// let ops: Vec<Vec<u32>> = streams.into_iter().map(Iterator::collect).collect();
/// assert_ne!(ops[0], ops[1]);
/// let again: Vec<u32> = random(0..100).seed(Seed::from(42).derive(1)).take(5).collect();
/// assert_eq!(ops[1], again);
///
/// assert_ne!(workers.nemesis_seed(), workers.worker_seed(0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "workers give no generators until `streams` or `reserve` is called"]
pub struct Workers {
    seed: Seed,
    count: usize,
}

/// The key of the nemesis's seed: no worker index reaches it.
const NEMESIS_KEY: u64 = u64::MAX;

impl Workers {
    /// `count` workers, seeded from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let workers = Workers::new(Seed::from(7), 4);
    /// assert_eq!(workers.count(), 4);
    /// assert_eq!(workers.seed(), Seed::from(7));
    /// ```
    pub fn new(seed: impl Into<Seed>, count: usize) -> Self {
        Workers {
            seed: seed.into(),
            count,
        }
    }

    /// The base seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(Workers::new(3, 1).seed(), Seed::from(3));
    /// ```
    #[must_use]
    pub fn seed(&self) -> Seed {
        self.seed
    }

    /// How many workers there are.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(Workers::new(3, 5).count(), 5);
    /// ```
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// Worker `worker`'s seed: `seed.derive(worker)`.
    ///
    /// # Panics
    ///
    /// If `worker` is not less than [`count`](Workers::count): there is no
    /// such worker, and `worker_seed(usize::MAX)` would be the nemesis's seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(Workers::new(3, 5).worker_seed(2), Seed::from(3).derive(2));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn worker_seed(&self, worker: usize) -> Seed {
        assert!(
            worker < self.count,
            "worker_seed: worker {worker} of {} does not exist",
            self.count
        );
        self.seed.derive(worker)
    }

    /// The nemesis's seed: `seed.derive(u64::MAX)`, distinct from every worker's.
    ///
    /// Worker indices stop below [`usize::MAX`], so no worker's key is
    /// `u64::MAX`, and [`Seed::derive`] gives distinct keys distinct seeds.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let workers = Workers::new(3, 5);
    /// let nemesis = cycle(["pause"]).chain(random(["kill", "heal"]).seed(workers.nemesis_seed()));
    /// assert_eq!(workers.nemesis_seed(), Seed::from(3).derive(u64::MAX));
    /// ```
    #[must_use]
    pub fn nemesis_seed(&self) -> Seed {
        self.seed.derive(NEMESIS_KEY)
    }

    /// Every worker's timed stream, `make(worker, worker's seed)`, merged into one timeline of worker-tagged ops.
    ///
    /// Each stream is built as by [`streams`](Workers::streams), in its
    /// seed's scope; each op is tagged with its worker, `(worker, op)`, and
    /// the streams are merged in time order by
    /// [`merge_timed`](crate::merge_timed) (ties to the lower worker). It is
    /// the case of a property test over a concurrent run: a
    /// [`Workload`](crate::Workload) whose ops are the timeline, which
    /// shrinking cuts op by op while each op keeps its worker and its time;
    /// [`run::worker_ops`](crate::run::worker_ops) gives a worker its ops back.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let ms = Duration::from_millis;
    /// let timeline: Vec<_> = Workers::new(1, 2)
    ///     .timeline(|w, _| cycle([w * 10]).delay(ms(3)).shift_time(ms(w as u64)).take(2))
    ///     .map(|t| (t.at.as_millis(), t.op))
    ///     .collect();
    /// assert_eq!(timeline, [(0, (0, 0)), (1, (1, 10)), (3, (0, 0)), (4, (1, 10))]);
    /// ```
    pub fn timeline<F, G, T>(
        &self,
        make: F,
    ) -> impl Iterator<Item = Timed<(usize, T)>> + use<F, G, T>
    where
        F: FnMut(usize, Seed) -> G,
        G: Iterator<Item = Timed<T>>,
    {
        let tagged = self
            .streams(make)
            .into_iter()
            .enumerate()
            .map(|(w, stream)| stream.map(move |t: Timed<T>| t.map(|op| (w, op))));
        crate::merge_timed(tagged.collect::<Vec<_>>())
    }

    /// The nemesis's generator: `make(nemesis seed)`, built in that seed's [`scope`](Seed::scope), as a worker's is.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let workers = Workers::new(42, 4);
    /// let faults = || workers.nemesis(|_| random(["pause", "resume"]).stagger(Duration::from_secs(1)).take(5).collect::<Vec<_>>());
    /// assert_eq!(faults(), faults());
    /// ```
    pub fn nemesis<G>(&self, make: impl FnOnce(Seed) -> G) -> G {
        let seed = self.nemesis_seed();
        seed.scope(|| make(seed))
    }

    /// Builds worker `worker`'s generator in its seed's scope.
    fn build<G>(&self, worker: usize, make: &mut impl FnMut(usize, Seed) -> G) -> G {
        let seed = self.worker_seed(worker);
        seed.scope(|| make(worker, seed))
    }

    /// One generator per worker, in worker order: `make(worker, worker's seed)`, built in that seed's scope. Jepsen's `each-thread`.
    ///
    /// Each call of `make` runs inside the worker's seed's
    /// [`scope`](Seed::scope), so a part of the stream built without
    /// [`seed`](crate::Random::seed) still takes its seed from the worker's:
    /// the streams replay from the base seed alone, seeded or not. A part the
    /// stream builds only while it is pulled (a `flat_map` closure that calls
    /// `random`, say) takes its seed outside the scope, unless the stream is
    /// pulled inside it too, as [`Run`](crate::run::Run) pulls its streams.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let streams = Workers::new(1, 2).streams(|id, seed| random([id]).seed(seed).take(2));
    /// let ops: Vec<Vec<usize>> = streams.into_iter().map(Iterator::collect).collect();
    /// assert_eq!(ops, [[0, 0], [1, 1]]);
    ///
    /// // Unseeded parts take their seeds from the worker's: the same every time.
    /// let unseeded = || Workers::new(1, 2).streams(|_, _| random(0..100).take(5).collect::<Vec<_>>());
    /// assert_eq!(unseeded(), unseeded());
    /// ```
    pub fn streams<G>(&self, make: impl FnMut(usize, Seed) -> G) -> Vec<G> {
        self.reserve().rest(make)
    }

    /// Starts giving ranges of workers their own generators, in worker order. Jepsen's `reserve`.
    ///
    /// Each [`Reserve::next_workers`] call takes the next workers for one
    /// generator (each built in its worker's seed's scope, as by
    /// [`streams`](Workers::streams)); [`Reserve::rest`] gives every worker left the default and
    /// returns one generator per worker. Generators of different kinds go in
    /// [`boxed`](crate::Generator::boxed). A worker's seed depends only
    /// on its index, not on the range it falls in.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let streams = Workers::new(9, 5)
    ///     .reserve()
    ///     .next_workers(2, |_, _| cycle(["write"]).boxed())
    ///     .next_workers(1, |_, seed| random(["cas", "read"]).seed(seed).boxed())
    ///     .rest(|_, _| cycle(["read"]).boxed());
    /// let firsts: Vec<_> = streams.into_iter().map(|mut s| s.next().unwrap()).collect();
    /// assert_eq!(firsts[..2], ["write", "write"]);
    /// assert_eq!(firsts[3..], ["read", "read"]);
    /// ```
    pub fn reserve<G>(&self) -> Reserve<G> {
        Reserve {
            workers: *self,
            streams: Vec::with_capacity(self.count),
        }
    }
}

/// Ranges of workers given their own generators, and a default for the rest: Jepsen's `reserve`.
///
/// This struct is created by [`Workers::reserve`]. See its documentation for more.
#[derive(Clone, Debug)]
#[must_use = "a reserve gives no generators until `rest` is called"]
pub struct Reserve<G> {
    workers: Workers,
    streams: Vec<G>,
}

impl<G> Reserve<G> {
    /// The next `count` workers run `make(worker, worker's seed)`.
    ///
    /// # Panics
    ///
    /// If fewer than `count` workers are left.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let streams = Workers::new(1, 3).reserve().next_workers(1, |_, _| cycle([1])).rest(|_, _| cycle([2]));
    /// let firsts: Vec<_> = streams.into_iter().map(|mut s| s.next().unwrap()).collect();
    /// assert_eq!(firsts, [1, 2, 2]);
    /// ```
    #[track_caller]
    pub fn next_workers(mut self, count: usize, mut make: impl FnMut(usize, Seed) -> G) -> Self {
        let start = self.streams.len();
        let left = self.workers.count - start;
        assert!(
            count <= left,
            "reserve: {count} workers asked for, only {left} of {} left",
            self.workers.count
        );
        for worker in start..start + count {
            self.streams.push(self.workers.build(worker, &mut make));
        }
        self
    }

    /// Every worker not yet reserved runs `make(worker, worker's seed)`; one generator per worker, in worker order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let all = Workers::new(1, 2).reserve().next_workers(2, |_, _| cycle([1])).rest(|_, _| cycle([2]));
    /// assert_eq!(all.len(), 2);
    /// ```
    pub fn rest(self, mut make: impl FnMut(usize, Seed) -> G) -> Vec<G> {
        let start = self.streams.len();
        let workers = self.workers;
        let mut streams = self.streams;
        streams.extend((start..workers.count).map(|worker| workers.build(worker, &mut make)));
        streams
    }
}
