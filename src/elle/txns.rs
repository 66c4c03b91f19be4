use std::fmt;
use std::iter::FusedIterator;
use std::ops::RangeInclusive;

use rand::Rng;

use crate::elle::{Mop, Txn};
use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::sources::key_source::PickKey;
use crate::sources::{ExponentialSampler, ZipfSampler};
use crate::{Error, Seed};

/// Elle's list-append transactions (`append-txns`): `[[:append k v] [:r k nil]]`, forever.
///
/// Each transaction has a length drawn uniformly from
/// [`txn_len`](Txns::txn_len); each micro-op reads or appends (one half
/// each) a key drawn by [`key_dist`](Txns::key_dist) from the
/// [`key_count`](Txns::key_count) active keys. Values appended to a key are
/// 1, 2, 3… so each is unique for its key; after
/// [`max_writes_per_key`](Txns::max_writes_per_key) of them the key is
/// retired and a fresh one (the next unused integer) takes its place, which
/// keeps Elle's search small. The defaults are Elle's: 10 keys with
/// [`KeyDist::Exponential`] of decay 0.5 (Elle's `:key-dist-base 2`),
/// lengths 1 to 2, 32 writes per key.
///
/// # Panics
///
/// If no seed can be had (see [`Seed::base`]); [`Txns::try_list_append`]
/// returns it as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::{Mop, list_append};
/// use lockstep_gen::history::EdnOp;
///
/// let txns: Vec<_> = list_append().txn_len(2..=4).seed(1).take(100).collect();
/// assert!(txns.iter().all(|t| (2..=4).contains(&t.mops().len())));
/// // Every appended value is unique for its key.
/// let mut appends: Vec<(u64, u64)> = txns.iter().flat_map(|t| t.mops()).filter_map(|m| match *m {
///     Mop::Append { key, value } => Some((key, value)),
///     _ => None,
/// }).collect();
/// let n = appends.len();
/// appends.sort();
/// appends.dedup();
/// assert_eq!(appends.len(), n);
/// println!("{}", txns[0].value()); // [[:r 0 nil] [:append 1 1]], say
/// ```
#[track_caller]
pub fn list_append() -> Txns {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Txns::try_list_append() {
        Ok(txns) => txns,
        Err(e) => panic!("list_append: {e}"),
    }
}

/// Elle's read-write register transactions (`wr-txns`): `[[:w k v] [:r k nil]]`, forever.
///
/// As [`list_append`], with writes (`:w`) of values 1, 2, 3… for each key in
/// place of appends.
///
/// # Panics
///
/// If no seed can be had (see [`Seed::base`]); [`Txns::try_rw_register`]
/// returns it as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::{Mop, rw_register};
///
/// let txn = rw_register().seed(2).next().unwrap();
/// assert!(txn.mops().iter().all(|m| matches!(m, Mop::Write { .. } | Mop::Read { .. })));
/// ```
#[track_caller]
pub fn rw_register() -> Txns {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Txns::try_rw_register() {
        Ok(txns) => txns,
        Err(e) => panic!("rw_register: {e}"),
    }
}

/// How a micro-op picks among the active keys: by position in the pool of [`key_count`](Txns::key_count) keys, 0 the first.
///
/// The same laws as the crate's key sources ([`exponential`](crate::exponential),
/// [`zipfian`](crate::zipfian)), drawn from the transactions' own RNG so one
/// seed fixes the whole stream.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::{KeyDist, list_append};
///
/// let txns = list_append().key_dist(KeyDist::Zipfian { theta: 0.99 }).key_count(100);
/// assert_eq!(txns.dist(), KeyDist::Zipfian { theta: 0.99 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum KeyDist {
    /// Every active key equally likely (Elle's `:uniform`).
    Uniform,
    /// Each active key `decay` times as likely as the one before (Elle's `:exponential`; its `:key-dist-base 2` is `decay` 0.5).
    Exponential {
        /// The ratio between neighbours' probabilities, in `(0, 1]`.
        decay: f64,
    },
    /// Zipf's law over the active keys' positions (Jepsen's `zipf`).
    Zipfian {
        /// The exponent: 0.99 as YCSB's default.
        theta: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum KeySampler {
    Uniform(Below),
    Exponential(ExponentialSampler),
    Zipfian(ZipfSampler),
}

impl KeySampler {
    fn new(dist: KeyDist, key_count: usize) -> Result<Self, Error> {
        let n = key_count as u64;
        Ok(match dist {
            KeyDist::Uniform => KeySampler::Uniform(Below::new(n)),
            KeyDist::Exponential { decay } => {
                KeySampler::Exponential(ExponentialSampler::new(n, decay)?)
            }
            KeyDist::Zipfian { theta } => KeySampler::Zipfian(ZipfSampler::new(n, theta)?),
        })
    }

    #[inline]
    fn pick(&self, rng: &mut SeededRng) -> usize {
        (match self {
            KeySampler::Uniform(below) => below.pick(rng),
            KeySampler::Exponential(sampler) => sampler.pick_key(rng),
            KeySampler::Zipfian(sampler) => sampler.pick_key(rng),
        }) as usize
    }
}

/// Which of Elle's workloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ListAppend,
    RwRegister,
}

/// Elle's transactions, forever: list-append or read-write registers.
///
/// This struct is created by [`list_append`] or [`rw_register`]. See [`list_append`] for more.
#[derive(Clone)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Txns {
    kind: Kind,
    key_count: usize,
    txn_len: RangeInclusive<usize>,
    max_writes_per_key: u64,
    dist: KeyDist,
    sampler: KeySampler,
    length: Below,
    /// The active keys, each with how many values were written to it.
    active: Vec<(u64, u64)>,
    next_key: u64,
    /// This stream's share of the values when several workers write the same keys: (worker, workers).
    worker: (u64, u64),
    rng: SeededRng,
}

impl Txns {
    /// List-append transactions with Elle's defaults, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::Txns;
    ///
    /// assert!(Txns::try_list_append().is_ok());
    /// ```
    pub fn try_list_append() -> Result<Self, Error> {
        Txns::try_new(Kind::ListAppend)
    }

    /// Read-write register transactions with Elle's defaults, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::Txns;
    ///
    /// assert!(Txns::try_rw_register().is_ok());
    /// ```
    pub fn try_rw_register() -> Result<Self, Error> {
        Txns::try_new(Kind::RwRegister)
    }

    fn try_new(kind: Kind) -> Result<Self, Error> {
        let dist = KeyDist::Exponential { decay: 0.5 };
        let key_count = 10;
        Ok(Txns {
            kind,
            key_count,
            txn_len: 1..=2,
            max_writes_per_key: 32,
            dist,
            sampler: KeySampler::new(dist, key_count)?,
            length: Below::new(2),
            active: Vec::new(),
            next_key: 0,
            worker: (0, 1),
            rng: SeededRng::new(Seed::fresh()?),
        }
        .restart())
    }

    /// Back to the first transaction: keys `0..key_count` active, none written.
    #[track_caller]
    fn restart(mut self) -> Self {
        self.active.clear();
        // Reserved first, so that a count past memory is a panic that names it, not an abort.
        if self.active.try_reserve_exact(self.key_count).is_err() {
            panic!(
                "key_count: {} active keys, 16 bytes each, do not fit in memory",
                self.key_count
            );
        }
        self.active
            .extend((0..self.key_count as u64).map(|k| (k, 0)));
        self.next_key = self.key_count as u64;
        self
    }

    /// The same transactions, restarted from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::list_append;
    ///
    /// assert!(list_append().seed(3).take(20).eq(list_append().seed(3).take(20)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        Txns {
            rng: SeededRng::new(seed.into()),
            ..self
        }
        .restart()
    }

    /// The seed this stream started from: the one given to [`seed`](Txns::seed), or the fresh one it was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Seed;
    /// use lockstep_gen::elle::list_append;
    ///
    /// assert_eq!(list_append().seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }

    /// How many keys are active at once (Elle's `:key-count`), restarting the stream.
    ///
    /// # Panics
    ///
    /// If `n` is 0, if the key distribution rejects it (a count above 2^63),
    /// or if the active keys, held in memory at 16 bytes each, cannot be
    /// allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::list_append;
    ///
    /// // Two keys, 0 and 1, until one has had its 32 writes and key 2 takes its place.
    /// let txns = list_append().key_count(2).seed(1);
    /// assert!(txns.take(10).flat_map(|t| t.into_mops()).all(|m| m.key() < 2));
    /// ```
    #[track_caller]
    pub fn key_count(self, n: usize) -> Self {
        match KeySampler::new(self.dist, n) {
            Ok(sampler) => Txns {
                key_count: n,
                sampler,
                ..self
            }
            .restart(),
            Err(e) => panic!("key_count: {e}"),
        }
    }

    /// The range of micro-ops per transaction (Elle's `:min-txn-length` and `:max-txn-length`), restarting the stream.
    ///
    /// # Panics
    ///
    /// If the range is empty or starts at 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::list_append;
    ///
    /// assert!(list_append().txn_len(3..=3).take(10).all(|t| t.mops().len() == 3));
    /// ```
    #[track_caller]
    pub fn txn_len(self, lengths: RangeInclusive<usize>) -> Self {
        let (min, max) = (*lengths.start(), *lengths.end());
        assert!(
            min >= 1 && min <= max,
            "txn_len: {min}..={max} must be a non-empty range of lengths of at least 1"
        );
        Txns {
            length: Below::new((max - min + 1) as u64),
            txn_len: lengths,
            ..self
        }
        .restart()
    }

    /// How many values are written to a key before a fresh key replaces it (Elle's `:max-writes-per-key`), restarting the stream.
    ///
    /// # Panics
    ///
    /// If `n` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, list_append};
    ///
    /// let most = list_append().max_writes_per_key(4).seed(1).take(200)
    ///     .flat_map(|t| t.into_mops())
    ///     .filter_map(|m| match m { Mop::Append { value, .. } => Some(value), _ => None })
    ///     .max();
    /// assert_eq!(most, Some(4));
    /// ```
    #[track_caller]
    pub fn max_writes_per_key(self, n: u64) -> Self {
        assert!(n >= 1, "max_writes_per_key: must be at least 1");
        Txns {
            max_writes_per_key: n,
            ..self
        }
        .restart()
    }

    /// Makes this stream one of `workers` that write the same keys, each with values of its own, restarting the stream.
    ///
    /// Elle needs every value written to a key to be unique across the whole
    /// history, but each worker of a [`Run`](crate::run::Run) pulls its own
    /// stream. With `worker(w, workers)`, the `i`-th value worker `w` writes
    /// to a key is `(i - 1) * workers + w + 1`: workers' values never meet,
    /// and each stays a pure function of its own seed. Keys, their rotation
    /// and the count of writes per key are each worker's own.
    ///
    /// # Panics
    ///
    /// If `w` is not below `workers`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, list_append};
    ///
    /// let values = |w| list_append().key_count(1).worker(w, 3).seed(1).take(20)
    ///     .flat_map(|t| t.into_mops())
    ///     .filter_map(|m| match m { Mop::Append { value, .. } => Some(value), _ => None })
    ///     .collect::<Vec<u64>>();
    /// assert!(values(0).iter().all(|v| v % 3 == 1));
    /// assert!(values(2).iter().all(|v| v % 3 == 0));
    /// ```
    #[track_caller]
    pub fn worker(self, w: usize, workers: usize) -> Self {
        assert!(
            w < workers,
            "worker: {w} is not below the {workers} workers"
        );
        Txns {
            worker: (w as u64, workers as u64),
            ..self
        }
        .restart()
    }

    /// How a micro-op picks among the active keys, restarting the stream.
    ///
    /// # Panics
    ///
    /// If the distribution's parameter is out of its range (see [`KeyDist`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{KeyDist, list_append};
    ///
    /// let txns = list_append().key_dist(KeyDist::Uniform);
    /// assert_eq!(txns.dist(), KeyDist::Uniform);
    /// ```
    #[track_caller]
    pub fn key_dist(self, dist: KeyDist) -> Self {
        match KeySampler::new(dist, self.key_count) {
            Ok(sampler) => Txns {
                dist,
                sampler,
                ..self
            }
            .restart(),
            Err(e) => panic!("key_dist: {e}"),
        }
    }

    /// The key distribution.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{KeyDist, list_append};
    ///
    /// assert_eq!(list_append().dist(), KeyDist::Exponential { decay: 0.5 });
    /// ```
    #[must_use]
    pub fn dist(&self) -> KeyDist {
        self.dist
    }

    fn mop(&mut self) -> Mop {
        let position = self.sampler.pick(&mut self.rng);
        let (key, written) = &mut self.active[position];
        let key = *key;
        // One bit: a read or a write, one half each, as Elle's generators.
        if self.rng.next_u64() >> 63 == 0 {
            return Mop::read(key);
        }
        *written += 1;
        let (worker, workers) = self.worker;
        let value = (*written - 1) * workers + worker + 1;
        if *written == self.max_writes_per_key {
            // Retired: the next unused key takes its place, so no key ever sees a value twice.
            self.active[position] = (self.next_key, 0);
            self.next_key += 1;
        }
        match self.kind {
            Kind::ListAppend => Mop::Append { key, value },
            Kind::RwRegister => Mop::Write { key, value },
        }
    }
}

impl Iterator for Txns {
    type Item = Txn;

    fn next(&mut self) -> Option<Txn> {
        let len = self.txn_len.start() + self.length.pick(&mut self.rng) as usize;
        Some(Txn::new((0..len).map(|_| self.mop()).collect()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

impl FusedIterator for Txns {}

impl fmt::Debug for Txns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(match self.kind {
            Kind::ListAppend => "ListAppend",
            Kind::RwRegister => "RwRegister",
        })
        .field("key_count", &self.key_count)
        .field("txn_len", &self.txn_len)
        .field("max_writes_per_key", &self.max_writes_per_key)
        .field("dist", &self.dist)
        .field("worker", &self.worker)
        .field("seed", &self.rng.seed())
        .finish_non_exhaustive()
    }
}
