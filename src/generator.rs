//! The `Generator` trait: an iterator of ops that a worker pulls from.

use std::fmt;
use std::time::{Duration, Instant};

use crate::{BoxedGenerator, CycleN, Delay, Paced, ShiftTime, Stagger, TimeLimit, Timed};

/// A stream of ops: an [`Iterator`] that a worker pulls from, one op at a time.
///
/// Every iterator is a generator, as every iterator is `Itertools`'s: a
/// `Vec`'s `into_iter()`, a slice's `iter()`, `0u64..`, std's `take`, `map`,
/// `flat_map`, `scan`…, and this crate's sources and adapters alike. So a
/// recorded timeline can be paced again, and any chain of iterator calls can
/// be staggered, cycled or mixed. The trait adds only what `Iterator` lacks,
/// under names that neither `Iterator` nor `itertools::Itertools` nor
/// `rand::seq::IteratorRandom` use, so every call stays unambiguous with all of
/// them in scope.
///
/// Generators of different kinds mix once [`boxed`](Generator::boxed): a
/// [`BoxedGenerator`](crate::BoxedGenerator) is `Send`, and `Clone` so that a
/// planned run and the real run can be built from one value.
///
/// The seed document's `reduce(gen, acc, fun)` is [`Iterator::fold`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// #[derive(Clone, Debug, PartialEq)]
/// enum Op { Read, Write(u8) }
///
/// let ops = random([Op::Read, Op::Write(1), Op::Write(2)]).seed(42).take(50);
/// let mut writes = 0;
/// let n = ops.each(|op| if let Op::Write(_) = op { writes += 1 });
/// assert_eq!(n, 50);
/// assert!(writes > 0);
///
/// // Any iterator: a recorded list of ops, given times.
/// let recorded = vec![Op::Read, Op::Write(3)];
/// let timed: Vec<_> = recorded.into_iter().delay(std::time::Duration::from_secs(1)).collect();
/// assert_eq!(timed[1].at.as_secs(), 1);
///
/// // Generators of different kinds, side by side.
/// let boxed = vec![cycle([1, 2]).boxed(), random([7, 8, 9]).seed(1).map(|x| x * 2).boxed()];
/// assert_eq!(mix(boxed).take(4).count(), 4);
/// ```
pub trait Generator: Iterator {
    /// Calls `f` with every op until the generator is exhausted, and returns how many ops there were.
    ///
    /// The seed document's `each`. On an endless generator it never returns:
    /// bound it first, with [`take`](Iterator::take) for instance.
    ///
    /// # Overflow behavior
    ///
    /// As [`Iterator::count`]: no overflow check, so past [`usize::MAX`] ops
    /// (4.3 billion on a 32-bit target) the count is wrong, or with debug
    /// assertions on, it panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let mut log = Vec::new();
    /// let n = cycle(["read", "write"]).take(3).each(|op| log.push(op));
    /// assert_eq!(n, 3);
    /// assert_eq!(log, ["read", "write", "read"]);
    /// ```
    fn each<F>(self, mut f: F) -> usize
    where
        Self: Sized,
        F: FnMut(Self::Item),
    {
        self.fold(0, |count, op| {
            f(op);
            count + 1
        })
    }

    /// The next op and the generator that continues after it: the seed document's persistent `next`.
    ///
    /// `None` once the generator is exhausted. As the generator is a value,
    /// stepping a clone twice gives the same op twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = random(0..1000).seed(7);
    /// let (first, rest) = ops.clone().step().unwrap();
    /// let (again, _) = ops.step().unwrap();
    /// assert_eq!(first, again);
    ///
    /// let (second, _) = rest.step().unwrap();
    /// let both: Vec<_> = random(0..1000).seed(7).take(2).collect();
    /// assert_eq!(both, [first, second]);
    ///
    /// assert!(cycle([1]).take(0).step().is_none());
    /// ```
    fn step(mut self) -> Option<(Self::Item, Self)>
    where
        Self: Sized,
    {
        let op = self.next()?;
        Some((op, self))
    }

    /// Boxes the generator as a [`BoxedGenerator`]: one type for generators of any kind, `Send`, `Clone` and `Debug`.
    ///
    /// Children of [`mix_weighted`](crate::mix_weighted),
    /// [`phases`](crate::phases) or [`Workers::streams`](crate::Workers::streams)
    /// must all have one type; generators built by different closures do not.
    /// Boxed, they do, and the mix still clones (a planned run and the real
    /// run built from one value) and still shows every part's seed in its
    /// `Debug`. A box costs one allocation here and one per clone, and a
    /// virtual call per op.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// #[derive(Clone, Copy, Debug, PartialEq)]
    /// enum Op { Read, Write(u64) }
    ///
    /// let reads = repeat(Op::Read);
    /// let writes = random(0..5).seed(1).map(Op::Write);
    /// let ops = mix_weighted([(reads.boxed(), 2), (writes.boxed(), 1)]).seed(2);
    /// let planned: Vec<Op> = ops.clone().take(20).collect();
    /// assert!(ops.take(20).eq(planned));
    /// ```
    fn boxed<'a>(self) -> BoxedGenerator<'a, Self::Item>
    where
        Self: Sized + Clone + Send + fmt::Debug + 'a,
    {
        BoxedGenerator::new(self)
    }

    /// Runs the whole generator `n` times, each time from the state it has now: Jepsen's `(cycle n gen)`.
    ///
    /// Each run starts from a copy of this generator, so it replays the same
    /// ops, seed included. The copy is made in place with
    /// [`Clone::clone_from`]: this crate's sources and adapters reuse their
    /// buffers there, so restarting them, containers such as
    /// [`phases`](crate::phases) and [`mix`](crate::mix) included, allocates
    /// nothing. std's adapters (`take`, `map`…) do not pass `clone_from` on,
    /// so a container beneath one is cloned whole at each restart, as
    /// [`Iterator::cycle`] always does; each container's docs say what its
    /// clone allocates. For a timed phase, see [`TimeLimit::cycle_n`](crate::TimeLimit::cycle_n). [`Iterator::cycle`] is the same, forever. `n = 0`
    /// gives no op; an endless generator never gets to its second run. A
    /// restart that yields no op ends the whole at once, as
    /// [`Iterator::cycle`] does, so cycling an empty generator `usize::MAX`
    /// times returns at once.
    ///
    /// A restart replays only if [`Clone`] copies the generator's whole
    /// state, as it does for every generator of this crate and std's
    /// adapters over them. A generator whose state is shared between clones
    /// (a [`std::iter::from_fn`] closure holding an `Rc<RefCell<_>>` or an
    /// `Arc<Mutex<_>>`, say) goes on where the last run stopped instead; the
    /// same holds for [`Iterator::cycle`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let once: Vec<_> = random(0..100).seed(5).take(3).collect();
    /// let thrice: Vec<_> = random(0..100).seed(5).take(3).cycle_n(3).collect();
    /// assert_eq!(thrice, [&once[..], &once[..], &once[..]].concat());
    ///
    /// // Forever: std's `cycle`.
    /// let forever = random(0..100).seed(5).take(3).cycle();
    /// assert!(forever.take(9).eq(thrice));
    ///
    /// // Nothing to replay: the end, at once.
    /// assert_eq!(std::iter::empty::<u8>().cycle_n(usize::MAX).next(), None);
    /// ```
    fn cycle_n(self, n: usize) -> CycleN<Self>
    where
        Self: Sized + Clone,
    {
        CycleN::new(self, n)
    }

    /// Gives each op a seeded random logical time: gaps uniform in `[0, 2 * mean)`. Jepsen's `stagger`, replayable.
    ///
    /// The first op is at time 0; each later one comes a gap after the one
    /// before, drawn exactly uniformly from the whole nanoseconds in
    /// `0..2 * mean` (always 0 when `mean` is zero). The mean gap is so
    /// `mean - 0.5 ns`, not quite `mean`: the gaps are whole nanoseconds, and
    /// `2 * mean` itself is never drawn. That half nanosecond matters only at
    /// tiny means (at a 1 ns mean, gaps are 0 or 1 ns, half a nanosecond on
    /// average: twice the rate `1 / mean` would say). The gaps are seeded like [`random`](crate::random):
    /// by [`Seed::fresh`](crate::Seed::fresh) unless
    /// [`seed`](Stagger::seed) is called, and the same seed gives the same
    /// timeline to the nanosecond. The times are data: read them in a
    /// simulation, or sleep until them with [`paced`](Generator::paced).
    ///
    /// # Panics
    ///
    /// If `2 * mean` is more than [`u64::MAX`] nanoseconds (about 584 years),
    /// or no seed can be had (see [`Seed::base`](crate::Seed::base)). The
    /// times are whole nanoseconds in a `u64`: pulling an op whose time would
    /// pass [`u64::MAX`] nanoseconds panics, rather than give it and every
    /// later op one same, wrong time.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let mean = Duration::from_millis(10);
    /// let ops: Vec<Timed<&str>> = random(["read", "write"]).seed(1).stagger(mean).seed(2).take(100).collect();
    /// assert_eq!(ops[0].at, Duration::ZERO);
    /// assert!(ops.windows(2).all(|w| w[1].at - w[0].at < 2 * mean));
    ///
    /// // The same seeds, the same timeline.
    /// let again = random(["read", "write"]).seed(1).stagger(mean).seed(2).take(100);
    /// assert!(again.eq(ops));
    /// ```
    #[track_caller]
    fn stagger(self, mean: Duration) -> Stagger<Self>
    where
        Self: Sized,
    {
        Stagger::new(self, mean)
    }

    /// Gives op `i` the logical time `i * dt`: ops at fixed spacing, Jepsen's `delay` as data.
    ///
    /// # Panics
    ///
    /// If `dt` is more than [`u64::MAX`] nanoseconds (about 584 years). The
    /// times are whole nanoseconds in a `u64`: pulling an op whose time would
    /// pass [`u64::MAX`] nanoseconds panics, rather than give it and every
    /// later op one same, wrong time.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let times: Vec<_> = cycle(["pause", "resume"]).delay(Duration::from_secs(2)).take(3).map(|t| t.at.as_secs()).collect();
    /// assert_eq!(times, [0, 2, 4]);
    /// ```
    #[track_caller]
    fn delay(self, dt: Duration) -> Delay<Self>
    where
        Self: Sized,
    {
        Delay::new(self, dt)
    }

    /// Ends a timed stream at its first op at or past `limit` after its first op: Jepsen's `time-limit`, on logical time.
    ///
    /// The first op fixes the end, as Jepsen's `(+ (:time op) limit)` does:
    /// it yields the ops due in `[first.at, first.at + limit)` (half-open, as
    /// in Jepsen); the first op due at or past `first.at + limit` is dropped
    /// and ends the stream, which never asks its input again. For a stream
    /// that starts at 0, as [`stagger`](Generator::stagger) and
    /// [`delay`](Generator::delay) make them, that is `[0, limit)`. A zero
    /// `limit` gives no op.
    ///
    /// Cycle the result with [`TimeLimit::cycle`](crate::TimeLimit::cycle)
    /// or [`TimeLimit::cycle_n`](crate::TimeLimit::cycle_n), Jepsen's
    /// `(cycle (time-limit d gen))`: each run comes `d` after the one before.
    ///
    /// # Panics
    ///
    /// When an op is due before the op before it: the stream is not in time
    /// order, as one cycled with `cycle` or `cycle_n` is not (each run starts
    /// at its first time again), and its end could never be found.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let secs = Duration::from_secs;
    /// let ops = cycle(["read"]).delay(secs(1)).time_limit(secs(3));
    /// let times: Vec<_> = ops.map(|t| t.at.as_secs()).collect();
    /// assert_eq!(times, [0, 1, 2]);
    ///
    /// // A stream that starts at 10 s runs until 13 s.
    /// let later = cycle(["read"]).delay(secs(1)).shift_time(secs(10)).time_limit(secs(3));
    /// let times: Vec<_> = later.map(|t| t.at.as_secs()).collect();
    /// assert_eq!(times, [10, 11, 12]);
    /// ```
    fn time_limit<T>(self, limit: Duration) -> TimeLimit<Self>
    where
        Self: Sized + Iterator<Item = Timed<T>>,
    {
        TimeLimit::new(self, limit)
    }

    /// Moves every op of a timed stream `offset` later: to run timed phases one after another.
    ///
    /// [`stagger`](Generator::stagger) and [`delay`](Generator::delay) start
    /// every stream at 0, so two timed phases chained as they are would overlap
    /// in time. Cut the first with [`time_limit`](Generator::time_limit) and
    /// shift the next by the same amount: it then starts where the first
    /// ended. As `time_limit` measures from a stream's first op, it may come
    /// before or after the shift. The ops and their spacing are unchanged.
    ///
    /// # Panics
    ///
    /// When an op's time plus `offset` is past [`Duration::MAX`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::Duration;
    ///
    /// let secs = Duration::from_secs;
    /// let warmup = cycle(["read"]).delay(secs(1)).time_limit(secs(3));
    /// let load = cycle(["write"]).delay(secs(2)).time_limit(secs(4)).shift_time(secs(3));
    /// let ops: Vec<_> = warmup.chain(load).map(|t| (t.at.as_secs(), t.op)).collect();
    /// assert_eq!(ops, [(0, "read"), (1, "read"), (2, "read"), (3, "write"), (5, "write")]);
    /// ```
    fn shift_time<T>(self, offset: Duration) -> ShiftTime<Self>
    where
        Self: Sized + Iterator<Item = Timed<T>>,
    {
        ShiftTime::new(self, offset)
    }

    /// Paces a timed stream in real time: each op is yielded once `start + op.at` has come.
    ///
    /// The worker-side helper: a worker thread that runs ops against a real
    /// system pulls from it and gets each op on time; it sleeps, so a
    /// simulation reads the times instead. An op already late is yielded at
    /// once, so a slow worker falls behind but never skips an op: the ops a
    /// worker is given depend on the seed alone, never on timing. The wait is
    /// computed as a [`Duration`] (capped at [`Duration::MAX`]), never as the
    /// [`Instant`] `start + op.at`, so an op due too far off for that sum to
    /// fit in an `Instant` still waits (forever, for all practical purposes)
    /// rather than run at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// let ops = cycle(["read"]).delay(Duration::from_millis(2)).take(3).paced(start);
    /// for op in ops {
    ///     assert!(start.elapsed() >= op.at);
    /// }
    /// ```
    fn paced<T>(self, start: Instant) -> Paced<Self>
    where
        Self: Sized + Iterator<Item = Timed<T>>,
    {
        Paced::new(self, start)
    }

    /// Paces a timed stream on tokio's timer: a [`Stream`](futures_core::Stream) that yields each op once `start + op.at` has come.
    ///
    /// The async [`paced`](Generator::paced): a task awaits each op without
    /// blocking its thread, so one runtime thread serves many workers, and a
    /// runtime with paused time (`#[tokio::test(start_paused = true)]`,
    /// turmoil) jumps straight to each op's time. Each wait is a
    /// `tokio::time::sleep_until` to the absolute deadline `start + op.at`
    /// (one timer, reset per op), never a sleep of the gap since the last op,
    /// so lateness does not add up: an op is late by the timer's granularity
    /// and the runtime's load, not by the ops before it. An op already late is
    /// yielded at once, so a slow task falls behind but never skips an op. An
    /// op due too far off for `start + op.at` to fit in an `Instant` waits
    /// about 30 years.
    ///
    /// tokio's timer rounds a deadline up to its next millisecond (tokio#6866):
    /// under paused time each op is yielded at `start + op.at`, or less than
    /// a millisecond after it; never before.
    ///
    /// The stream is `Send` when the generator and its ops are, and `Unpin`.
    /// It can be built outside a runtime; it must be polled inside one with
    /// its time driver enabled.
    ///
    /// # Cancel safety
    ///
    /// Polling it through a `select!` branch that loses is safe: the op it
    /// waits for is kept, and the next poll yields it (at its time, or at once
    /// if that has passed). Dropping the stream mid-wait drops that op: it
    /// was drawn from the generator, and is never yielded.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    /// use std::time::Duration;
    /// use futures_core::Stream;
    /// use tokio::time::Instant;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
    /// let start = Instant::now();
    /// let mut ops = cycle(["read"]).delay(Duration::from_millis(2)).take(3).paced_stream(start);
    /// while let Some(op) = poll_fn(|cx| Pin::new(&mut ops).poll_next(cx)).await {
    ///     // Under paused time, exactly on time.
    ///     assert_eq!(start.elapsed(), op.at);
    /// }
    /// # });
    /// ```
    #[cfg(feature = "tokio")]
    fn paced_stream<T>(self, start: tokio::time::Instant) -> crate::PacedStream<Self>
    where
        Self: Sized + Iterator<Item = Timed<T>>,
    {
        crate::PacedStream::new(self, start)
    }
}

// Every iterator, as `Itertools` is implemented for every iterator: this
// crate's types, std's, and the user's own need no impl of their own.
impl<I: Iterator + ?Sized> Generator for I {}
