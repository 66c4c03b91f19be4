use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use crate::sample::refuse_too_many;
use crate::seeded_rng::SeededRng;
use crate::swarm::{Registered, SwarmConfig, check_weights};
use crate::{Error, Generator, MixRandom, Seed};

/// Swarm testing among generators: each seed turns on a random subset of the children, with widely spread weights, then mixes like [`mix_weighted`](crate::mix_weighted).
///
/// [`swarm`](crate::swarm)'s configuration, over children instead of ops:
/// every child of weight above 0 is on or off as a fair coin says, the
/// all-off draw is drawn again (never none), so with `m` children of weight
/// above 0 each is on with probability `2^(m-1) / (2^m - 1)` (1, 2/3, 4/7,
/// 8/15… for `m` = 1, 2, 3, 4…); an on child's weight is its given weight
/// times a factor from 1 to 255, drawn by [`swarm`](crate::swarm)'s rule
/// from the seed. Then each
/// op comes from a child picked as [`mix_weighted`](crate::mix_weighted)
/// picks: an exhausted child drops out, and the mix ends when every child
/// that is on is exhausted. A child that is off is never asked for an op.
///
/// Each child is a kind of op, or of fault: a nemesis whose faults come
/// from `mix_swarm` over fault kinds (a partition and its heal, a kill and
/// its restart) injects only some kinds in each run, and each of them more or
/// less often, where a fixed mix would interleave them all evenly (see
/// [`Nemesis`](crate::run::Nemesis)).
///
/// # Panics
///
/// If a weight is above `u32::MAX / 255` (16,843,009), there are more than
/// [`u32::MAX`] children, or no seed can be had (see [`Seed::base`]).
/// [`MixSwarm::try_new`] returns these as an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let reads = || repeat("read");
/// let writes = || repeat("write");
/// let scans = || repeat("scan");
/// let ops = mix_swarm([(reads().boxed(), 1), (writes().boxed(), 1), (scans().boxed(), 1)]).seed(8);
/// let on: Vec<usize> = ops.enabled_kinds().collect();
/// let names = ["read", "write", "scan"];
/// assert!(ops.take(100).all(|op| on.iter().any(|&k| names[k] == op)));
///
/// // Finite children: every op of each child that is on, none of the others.
/// let ops = mix_swarm([(repeat_n(1, 3), 1), (repeat_n(2, 3), 1)]).seed(8);
/// let expected = 3 * ops.enabled_kinds().count();
/// assert_eq!(ops.count(), expected);
/// ```
#[track_caller]
pub fn mix_swarm<G: Generator>(pairs: impl IntoIterator<Item = (G, u32)>) -> MixSwarm<G> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match MixSwarm::try_new(pairs) {
        Ok(generator) => generator,
        Err(e) => panic!("mix_swarm: {e}"),
    }
}

/// Swarm testing among generators: a seeded subset of the children, with widely spread weights.
///
/// This struct is created by [`mix_swarm`] or [`MixSwarm::try_new`]. See
/// [`mix_swarm`] for more.
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct MixSwarm<G> {
    mix: MixRandom<G>,
    /// The weights given, from which each seed's configuration is drawn.
    given: Arc<[u32]>,
    /// The configuration, registered with the recording of a `Check` it was drawn in, if any.
    config: Registered,
}

impl<G: Generator> MixSwarm<G> {
    /// Swarm choice among `pairs` of `(generator, weight)`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a weight above `u32::MAX / 255`,
    /// [`Error::PoolTooLarge`] past [`u32::MAX`] children;
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`]. No
    /// children, or only children of weight 0, are not an error: the mix is
    /// then empty, as [`mix_weighted`](crate::mix_weighted)'s.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::MixSwarm;
    /// use std::iter::once;
    ///
    /// let ops = MixSwarm::try_new([(once("a"), 1), (once("b"), 0)]).unwrap();
    /// assert_eq!(ops.collect::<Vec<_>>(), ["a"]); // the only child of weight above 0 is always on
    /// assert!(MixSwarm::try_new([(once("a"), u32::MAX)]).is_err());
    /// ```
    pub fn try_new(pairs: impl IntoIterator<Item = (G, u32)>) -> Result<Self, Error> {
        let (children, given): (Vec<G>, Vec<u32>) = refuse_too_many(pairs.into_iter())?.unzip();
        check_weights(given.iter().copied())?;
        let rng = SeededRng::fresh()?;
        let ops = std::any::type_name::<G::Item>();
        Ok(Self::drawn(children.into(), given.into(), ops, rng))
    }
}

impl<G> MixSwarm<G> {
    /// The configuration drawn from `rng`'s first words, and the mix over it.
    fn drawn(children: Box<[G]>, given: Arc<[u32]>, ops: &'static str, mut rng: SeededRng) -> Self {
        let config = SwarmConfig::draw(
            "mix_swarm",
            ops,
            rng.seed(),
            given.iter().copied(),
            &mut rng,
        );
        let mix = match MixRandom::with_rng(children, config.weights().into(), rng) {
            Ok(mix) => mix,
            Err(e) => unreachable!("a swarm's weights were checked when it was built: {e}"),
        };
        MixSwarm {
            mix,
            given,
            config: Registered::new(config),
        }
    }

    /// The same children, with the configuration and the picks drawn from `seed`'s stream.
    ///
    /// Call it before the first op, to fix the whole stream.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let a = mix_swarm([(cycle([1]), 1), (cycle([2]), 1), (cycle([3]), 1)]).seed(3);
    /// let b = mix_swarm([(cycle([1]), 1), (cycle([2]), 1), (cycle([3]), 1)]).seed(Seed::from(3));
    /// assert_eq!(a.config(), b.config());
    /// assert!(a.take(20).eq(b.take(20)));
    /// ```
    pub fn seed(self, seed: impl Into<Seed>) -> Self {
        let ops = self.config.config().ops();
        Self::drawn(
            self.mix.into_children(),
            self.given,
            ops,
            SeededRng::new(seed.into()),
        )
    }

    /// The seed the configuration and picks started from: the one given to [`seed`](MixSwarm::seed), or the fresh one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(mix_swarm([(cycle([1]), 1)]).seed(9).initial_seed(), Seed::from(9));
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> Seed {
        self.config.config().seed()
    }

    /// This seed's configuration: which children are on, and their weights.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = mix_swarm([(cycle(["a"]), 1), (cycle(["b"]), 1)]).seed(2);
    /// let weights = ops.config().weights();
    /// assert!(weights.iter().any(|&w| w > 0));
    /// assert!(weights.iter().all(|&w| w <= 255));
    /// ```
    #[must_use]
    pub fn config(&self) -> &SwarmConfig {
        self.config.config()
    }

    /// The indices of the children that are on in this seed's configuration, increasing.
    ///
    /// Indices, as [`SwarmConfig::enabled_kinds`] gives them: a child is a
    /// generator, not an op ([`Swarm::enabled`](crate::Swarm::enabled) gives a swarm's ops).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = mix_swarm([(cycle(["a"]), 0), (cycle(["b"]), 1)]).seed(6);
    /// assert_eq!(ops.enabled_kinds().collect::<Vec<_>>(), [1]);
    /// ```
    pub fn enabled_kinds(&self) -> impl Iterator<Item = usize> + '_ {
        self.config.config().enabled_kinds()
    }
}

impl<G: Generator> Iterator for MixSwarm<G> {
    type Item = G::Item;

    #[inline(always)]
    fn next(&mut self) -> Option<G::Item> {
        let op = self.mix.next();
        // For a report: this configuration took part, if it gave an op.
        if op.is_some() {
            self.config.gave_op();
        }
        op
    }

    /// The mix's: the sum of the hints of the children that are on and not yet exhausted.
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.mix.size_hint()
    }
}

impl<G: Generator> FusedIterator for MixSwarm<G> {}

impl<G: Clone> Clone for MixSwarm<G> {
    fn clone(&self) -> Self {
        MixSwarm {
            mix: self.mix.clone(),
            given: Arc::clone(&self.given),
            config: self.config.clone(),
        }
    }

    // A restart (`cycle_n`) restores the mix in place, as `MixRandom` does.
    fn clone_from(&mut self, source: &Self) {
        self.mix.clone_from(&source.mix);
        self.given.clone_from(&source.given);
        self.config.clone_from(&source.config);
    }
}

impl<G: fmt::Debug> fmt::Debug for MixSwarm<G> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MixSwarm")
            .field("mix", &self.mix)
            .field("config", self.config.config())
            .finish_non_exhaustive()
    }
}
