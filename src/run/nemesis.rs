//! The nemesis of a run: a timed stream of faults and the handler that injects them.

use std::fmt;

use crate::history::{Edn, EdnOp, Outcome};
use crate::{Seed, Timed};

/// A run's nemesis: what [`Run::nemesis`](crate::run::Run::nemesis) adds, and [`NoNemesis`] when there is none.
///
/// A run asks it for a timed stream of faults ([`NemesisFaults`]), built from
/// the nemesis seed ([`Workers::nemesis_seed`](crate::Workers::nemesis_seed)),
/// builds and pulls that stream in the seed's [`scope`](Seed::scope), and
/// hands each fault, when it is due, to [`inject`](NemesisPlan::inject). You
/// do not implement it: it is the bound that lets a run take either.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::{Nemesis, NemesisFaults, NemesisPlan};
/// use std::time::Duration;
///
/// let nemesis = Nemesis::new(
///     |_seed| cycle(["pause", "resume"]).delay(Duration::from_secs(1)).take(2),
///     |fault: &&str| Outcome::<(), String>::Ok(()),
/// );
/// let faults: Vec<_> = nemesis.faults(Seed::from(1)).unwrap().map(|t| t.op).collect();
/// assert_eq!(faults, ["pause", "resume"]);
/// assert_eq!(nemesis.inject(&"pause"), Outcome::Ok(()));
/// ```
pub trait NemesisPlan<V, E>: NemesisFaults {
    /// Injects one fault, recorded with what came of it.
    fn inject(&self, fault: &Self::Op) -> Outcome<V, E>;
}

/// A nemesis's faults alone, whatever its handler gives back: what a run's plan
/// ([`planned_faults`](crate::run::Run::planned_faults),
/// [`planned_digest`](crate::run::Run::planned_digest)) reads, so the plan is
/// the same for a [`Client`](crate::run::Client) and an async client. You do
/// not implement it.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::{Nemesis, NemesisFaults, NoNemesis};
/// use std::time::Duration;
///
/// let nemesis = Nemesis::new(
///     |_seed| cycle(["pause"]).delay(Duration::from_secs(1)).take(3),
///     |_: &&str| Outcome::<(), String>::Ok(()),
/// );
/// assert_eq!(nemesis.faults(Seed::from(1)).unwrap().count(), 3);
/// assert!(NoNemesis.faults(Seed::from(1)).is_none());
/// ```
pub trait NemesisFaults: sealed::Sealed {
    /// A fault.
    type Op;
    /// The faults, with the times they are due.
    type Faults: Iterator<Item = Timed<Self::Op>>;

    /// The faults for a run with this nemesis seed; `None` when there is no nemesis.
    fn faults(&self, seed: Seed) -> Option<Self::Faults>;
}

/// No nemesis: a run's default. It has no faults, so its op type has no values.
///
/// # Examples
///
/// ```
/// use lockstep_gen::Seed;
/// use lockstep_gen::run::{NemesisFaults, NoNemesis};
///
/// assert!(NoNemesis.faults(Seed::from(1)).is_none());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoNemesis;

/// The fault of [`NoNemesis`]: there is none.
///
/// # Examples
///
/// ```
/// use lockstep_gen::run::{NoFault, RunOp};
///
/// let op: RunOp<&str, NoFault> = RunOp::Client("read");
/// assert!(op.nemesis().is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoFault {}

impl EdnOp for NoFault {
    fn f(&self) -> Edn {
        match *self {}
    }

    fn value(&self) -> Edn {
        match *self {}
    }
}

/// Only this module's nemeses implement [`NemesisFaults`] (and so [`NemesisPlan`]):
/// the traits are bounds, so they may grow without breaking anyone.
mod sealed {
    pub trait Sealed {}
}

impl sealed::Sealed for NoNemesis {}

impl<S, H> sealed::Sealed for Nemesis<S, H> {}

impl NemesisFaults for NoNemesis {
    type Op = NoFault;
    type Faults = std::iter::Empty<Timed<NoFault>>;

    fn faults(&self, _seed: Seed) -> Option<Self::Faults> {
        None
    }
}

impl<V, E> NemesisPlan<V, E> for NoNemesis {
    fn inject(&self, fault: &NoFault) -> Outcome<V, E> {
        match *fault {}
    }
}

/// A nemesis: a function of its seed that gives the timed faults, and a handler that injects each.
///
/// Made by [`Run::nemesis`](crate::run::Run::nemesis) or [`Nemesis::new`].
///
/// # Swarm testing the nemesis
///
/// A nemesis that interleaves every fault kind evenly in every run rarely
/// makes the long run of one kind that some bugs need (many partitions and
/// no kill). Draw its fault kinds from [`mix_swarm`](crate::mix_swarm), each
/// kind a generator of a fault and its undoing, seeded from the nemesis
/// seed: each run then injects a random subset of the kinds (never none),
/// each with its own widely spread weight, and the same run seed gives the
/// same kinds. A [`Check`](crate::Check) whose property simulates the run names the
/// configuration in its failure report ([`Failure::swarms`](crate::Failure::swarms)).
/// For faults that need no undoing, [`swarm`](crate::swarm) over the faults
/// themselves does the same.
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::{client_fn, Run};
/// use std::time::Duration;
///
/// let run = |seed: u64| {
///     Run::new(Workers::new(seed, 2), |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)), |_, _| {
///         random(0..9u32).stagger(Duration::from_millis(1))
///     })
///     .nemesis(
///         |nemesis_seed| {
///             mix_swarm([
///                 (cycle(["partition", "heal"]), 1),
///                 (cycle(["kill", "restart"]), 1),
///                 (cycle(["pause", "resume"]), 1),
///             ])
///             .seed(nemesis_seed)
///             .stagger(Duration::from_millis(5))
///         },
///         |_: &&str| Outcome::<u32, String>::Ok(0),
///     )
///     .time_limit(Duration::from_millis(500))
/// };
/// let faults = |seed| -> Vec<&str> { run(seed).planned_faults().into_iter().map(|t| t.op).collect() };
/// // Which kinds a run injects depends on its seed: some runs only partition, say.
/// let kinds_on = |seed| ["partition", "kill", "pause"].iter().filter(|k| faults(seed).contains(k)).count();
/// assert!((0..20).any(|seed| kinds_on(seed) < 3));
/// assert!((0..20).all(|seed| kinds_on(seed) >= 1));
/// assert_eq!(faults(7), faults(7));
/// ```
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::Nemesis;
/// use std::time::Duration;
///
/// let kills = Nemesis::new(
///     |_| random(["kill", "restart"]).stagger(Duration::from_secs(5)),
///     |_: &&str| Outcome::<(), String>::Ok(()),
/// );
/// println!("{kills:?}");
/// ```
#[derive(Clone)]
pub struct Nemesis<S, H> {
    faults: S,
    inject: H,
}

impl<S, H> Nemesis<S, H> {
    /// The nemesis whose faults are `faults(seed)` and which injects each with `inject`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::history::Outcome;
    /// use lockstep_gen::run::Nemesis;
    /// use std::time::Duration;
    ///
    /// let nemesis = Nemesis::new(
    ///     |_| cycle(["partition"]).delay(Duration::from_secs(10)),
    ///     |_: &&str| Outcome::<(), String>::Ok(()),
    /// );
    /// # let _ = nemesis;
    /// ```
    pub fn new<G, N, V, E>(faults: S, inject: H) -> Self
    where
        S: Fn(Seed) -> G,
        G: Iterator<Item = Timed<N>>,
        H: Fn(&N) -> Outcome<V, E>,
    {
        Nemesis { faults, inject }
    }
}

impl<S, H, G, N> NemesisFaults for Nemesis<S, H>
where
    S: Fn(Seed) -> G,
    G: Iterator<Item = Timed<N>>,
{
    type Op = N;
    type Faults = G;

    fn faults(&self, seed: Seed) -> Option<G> {
        Some((self.faults)(seed))
    }
}

impl<S, H, G, N, V, E> NemesisPlan<V, E> for Nemesis<S, H>
where
    S: Fn(Seed) -> G,
    G: Iterator<Item = Timed<N>>,
    H: Fn(&N) -> Outcome<V, E>,
{
    fn inject(&self, fault: &N) -> Outcome<V, E> {
        (self.inject)(fault)
    }
}

impl<S, H> fmt::Debug for Nemesis<S, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Nemesis").finish_non_exhaustive()
    }
}
