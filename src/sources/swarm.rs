use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use crate::sample::{AliasTable, refuse_too_many};
use crate::seeded_rng::SeededRng;
use crate::swarm::{Registered, SwarmConfig, check_weights};
use crate::{Error, Seed};

/// Swarm testing: each seed turns on a random subset of the op kinds, with widely spread weights, then picks like [`weighted`](crate::weighted).
///
/// Groce et al.'s swarm testing (ISSTA 2012): a fixed mix of every kind
/// rarely makes the long, lopsided runs that many bugs need (a stack deeper
/// than its bound needs many pushes and few pops; a buffer that overflows
/// needs many writes and no read). Each seed of a swarm first draws its
/// [configuration](SwarmConfig): every kind of weight above 0 is on or off
/// as a fair coin says, the all-off draw is drawn again (never none), and an
/// on kind's weight is its given weight times a factor from 1 to 255, spread
/// evenly over eight doublings. With `m` kinds of weight above 0, each is
/// therefore on with probability `2^(m-1) / (2^m - 1)`: 1 for one kind, 2/3
/// for two, 4/7 for three, 8/15 for four, nearing one half as `m` grows.
/// Then each op is picked as [`weighted`](crate::weighted) picks, with
/// probability exactly `weight / sum of weights` among the kinds that are on.
/// The same seed gives the same configuration and the same stream.
///
/// The price: a kind is off in the other seeds, `(2^(m-1) - 1) / (2^m - 1)`
/// of them (3/7 with three kinds), so a bug that any mix with that kind finds
/// is found in only `2^(m-1) / (2^m - 1)` as many seeds as with `weighted`,
/// or fewer when its weight is small beside the others'. Run more seeds, or
/// mix a swarm with a plain `weighted` stream.
///
/// A [`Check`](crate::Check) whose case's ops came from swarms says which
/// kinds each had on in its failure report ([`Failure::swarms`](crate::Failure::swarms)).
///
/// # Reproducibility
///
/// The same seed and pairs give the same configuration and stream on every
/// platform and release; `tests/golden.rs` pins them. The configuration is
/// drawn first, in integers, from the words of the stream's RNG (the RNG of
/// [`weighted`](crate::weighted), made from the seed the same way):
///
/// 1. **The draw.** One word `x_k` (`next_u64`) per kind `k`, in order,
///    every kind included. Kind `k` is on iff bit 63 of `x_k` is 1 and its
///    given weight `w_k` is above 0. Its factor is `2^e + (x_k mod 2^e)`,
///    where `e = (x_k >> 60) & 7`, and its weight `w_k * factor`; an off
///    kind's weight is 0.
/// 2. **Never none.** If no kind is on, all the words are drawn again, as in
///    step 1, until one is.
/// 3. **The picks.** Each op is a pick of [`weighted`](crate::weighted)'s
///    table over the configuration's weights (off kinds included, at weight
///    0), by its rule, from the same RNG, continuing after the draw's words.
///
/// [`mix_swarm`](crate::mix_swarm) draws its children's configuration by the
/// same rule.
///
/// # Panics
///
/// If the pool is empty, every weight is 0, a weight is above
/// `u32::MAX / 255` (16,843,009), the pool holds more than [`u32::MAX`] ops,
/// or no seed can be had (see [`Seed::base`]). [`Swarm::try_new`] returns
/// these as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let kinds = [("push", 1), ("pop", 1), ("peek", 1), ("len", 1)];
/// let ops = swarm(kinds).seed(42);
/// let on: Vec<&str> = ops.enabled().copied().collect();
/// assert!(!on.is_empty());
/// // Only the kinds that are on are picked.
/// assert!(ops.clone().take(200).all(|op| on.contains(&op)));
/// // The same seed, the same configuration and ops.
/// assert_eq!(swarm(kinds).seed(42).config(), ops.config());
/// assert!(swarm(kinds).seed(42).take(50).eq(ops.take(50)));
///
/// // Over many seeds, each of the four kinds is on in 8/15 of them (533 of 1000).
/// let pushes_on = (0..1000).filter(|&s| swarm(kinds).seed(s).config().is_enabled(0)).count();
/// assert!((480..590).contains(&pushes_on));
/// ```
#[track_caller]
pub fn swarm<T>(pairs: impl IntoIterator<Item = (T, u32)>) -> Swarm<T> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Swarm::try_new(pairs) {
        Ok(generator) => generator,
        Err(e) => panic!("swarm: {e}"),
    }
}

/// Swarm testing over a pool of `(op, weight)` pairs: a seeded subset of the kinds, with widely spread weights.
///
/// This struct is created by [`swarm`] or [`Swarm::try_new`]. See [`swarm`] for more.
///
/// Its ops and configuration are shared between clones (an `Arc` each), so
/// a clone costs O(1), and it is `Send` and `Sync` when `T` is both.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Swarm<T> {
    pairs: Arc<[(T, u32)]>,
    /// The configuration, registered with the recording of a `Check` it was drawn in, if any.
    config: Registered,
    table: AliasTable,
    rng: SeededRng,
    /// The RNG as the configuration's draw left it: once `rng` differs, the swarm has given an op.
    drawn: SeededRng,
}

impl<T> Swarm<T> {
    /// A swarm over `pairs`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyPool`] if `pairs` is empty, [`Error::AllWeightsZero`] if
    /// no weight is above 0, [`Error::InvalidParameter`] for a weight above
    /// `u32::MAX / 255`, [`Error::PoolTooLarge`] past [`u32::MAX`] pairs;
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Swarm};
    ///
    /// assert!(Swarm::try_new([("read", 1), ("write", 1)]).is_ok());
    /// assert_eq!(Swarm::try_new([("read", 0)]).unwrap_err(), Error::AllWeightsZero { ops: 1 });
    /// assert!(matches!(
    ///     Swarm::try_new([("read", u32::MAX)]).unwrap_err(),
    ///     Error::InvalidParameter { name: "weight", .. },
    /// ));
    /// ```
    pub fn try_new(pairs: impl IntoIterator<Item = (T, u32)>) -> Result<Self, Error> {
        let pairs: Arc<[(T, u32)]> = refuse_too_many(pairs.into_iter())?.collect();
        check_weights(weights(&pairs))?;
        // The errors `weighted` gives, before a seed is taken, as there.
        if pairs.is_empty() {
            return Err(Error::EmptyPool);
        }
        if weights(&pairs).all(|w| w == 0) {
            return Err(Error::AllWeightsZero { ops: pairs.len() });
        }
        let mut rng = SeededRng::fresh()?;
        let config = SwarmConfig::draw(
            "swarm",
            std::any::type_name::<T>(),
            rng.seed(),
            weights(&pairs),
            &mut rng,
        );
        let table = match AliasTable::new(config.weights().iter().copied()) {
            Ok(table) => table,
            Err(e) => unreachable!("a swarm's weights were checked: {e}"),
        };
        Ok(Swarm {
            pairs,
            config: Registered::new(config),
            table,
            drawn: rng.clone(),
            rng,
        })
    }

    /// The same pool, restarted from `seed`: its configuration is drawn again, from `seed`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let kinds = [(1, 1), (2, 1), (3, 1)];
    /// let a = swarm(kinds).seed(5);
    /// let b = swarm(kinds).seed(Seed::from(5));
    /// assert_eq!(a.config(), b.config());
    /// assert!(a.take(20).eq(b.take(20)));
    /// ```
    pub fn seed(mut self, seed: impl Into<Seed>) -> Self {
        if self.rng != self.drawn {
            self.config.gave_op();
        }
        self.rng = SeededRng::new(seed.into());
        // In place, the configuration and the table, unless a clone shares them.
        let seed = self.rng.seed();
        self.config
            .redraw(seed, weights(&self.pairs), &mut self.rng);
        if let Err(e) = self.table.rebuild(self.config.config().weights()) {
            unreachable!("a swarm's weights were checked: {e}");
        }
        self.drawn = self.rng.clone();
        self
    }

    /// The seed this stream started from: the one given to [`seed`](Swarm::seed), or the fresh one it was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(swarm([("a", 1)]).seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.rng.seed()
    }

    /// This seed's configuration: which kinds are on, and their weights.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = swarm([("read", 1), ("write", 1)]).seed(3);
    /// let reads = ops.clone().take(1000).filter(|&op| op == "read").count();
    /// match ops.config().weights() {
    ///     [_, 0] => assert_eq!(reads, 1000),
    ///     [0, _] => assert_eq!(reads, 0),
    ///     _ => assert!(reads > 0 && reads < 1000),
    /// }
    /// ```
    #[must_use]
    pub fn config(&self) -> &SwarmConfig {
        self.config.config()
    }

    /// The ops whose kinds are on in this seed's configuration, in the order given.
    ///
    /// `enabled` gives ops; their indices in the pairs are
    /// [`config().enabled_kinds()`](SwarmConfig::enabled_kinds), as
    /// [`MixSwarm::enabled_kinds`](crate::MixSwarm::enabled_kinds) gives a mix's.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = swarm([("read", 1), ("write", 0), ("cas", 1)]).seed(11);
    /// assert!(ops.enabled().all(|&op| op != "write"));
    /// assert!(ops.enabled().count() >= 1);
    /// ```
    pub fn enabled(&self) -> impl Iterator<Item = &T> + '_ {
        self.config
            .config()
            .enabled_kinds()
            .map(|k| &self.pairs[k].0)
    }

    /// The `(op, weight)` pairs, as given, zero weights included.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(swarm([("a", 1), ("b", 0)]).pairs(), [("a", 1), ("b", 0)]);
    /// ```
    #[must_use]
    pub fn pairs(&self) -> &[(T, u32)] {
        &self.pairs
    }
}

impl<T: Clone> Iterator for Swarm<T> {
    type Item = T;

    // `always`, as `Weighted::next`: a caller's loop keeps the RNG in registers.
    #[inline(always)]
    fn next(&mut self) -> Option<T> {
        let i = self.table.pick(&mut self.rng);
        Some(self.pairs[i].0.clone())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }

    /// Skips `n` picks without cloning them.
    fn nth(&mut self, n: usize) -> Option<T> {
        for _ in 0..n {
            self.table.pick(&mut self.rng);
        }
        self.next()
    }
}

impl<T: Clone> FusedIterator for Swarm<T> {}

impl<T> Clone for Swarm<T> {
    fn clone(&self) -> Self {
        Swarm {
            pairs: Arc::clone(&self.pairs),
            config: self.config.clone(),
            table: self.table.clone(),
            rng: self.rng.clone(),
            drawn: self.drawn.clone(),
        }
    }
}

/// The weights of `pairs`, in order.
fn weights<T>(pairs: &[(T, u32)]) -> impl ExactSizeIterator<Item = u32> + Clone + '_ {
    pairs.iter().map(|&(_, w)| w)
}

// Whether the swarm took part, for a report, is read once here rather than noted on every op:
// its `next` is then `weighted`'s, instruction for instruction.
impl<T> Drop for Swarm<T> {
    fn drop(&mut self) {
        if self.rng != self.drawn {
            self.config.gave_op();
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Swarm<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let config = self.config.config();
        let enabled: Vec<(&T, u32)> = config
            .enabled_kinds()
            .map(|k| (&self.pairs[k].0, config.weights()[k]))
            .collect();
        f.debug_struct("Swarm")
            .field("pairs", &self.pairs)
            .field("seed", &self.rng.seed())
            .field("enabled", &enabled)
            .finish_non_exhaustive()
    }
}
