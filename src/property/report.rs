//! What a [`Check`](crate::Check) reports: the cases it passed, or its first failure with how to replay it.

use std::fmt;

use crate::{OpSequence, SEED_ENV, Seed, SwarmConfig, Workload};

/// A report lists at most this many ops; [`Failure::shrunk`] has them all.
const REPORTED_OPS: usize = 50;

/// A report lists at most this many swarm configurations; [`Failure::swarms`] has them all.
const REPORTED_SWARMS: usize = 10;

/// What a [`Check`](crate::Check) ran when no case failed.
///
/// # Examples
///
/// ```
/// # use lockstep_gen::prelude::*;
/// # use lockstep_gen::{Check, Workload};
/// # struct Dice;
/// # impl Workload for Dice {
/// #     type Op = u8;
/// #     const LENGTH: usize = 6;
/// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
/// # }
/// let passed = Check::new("dice", Dice).base(3).iterations(5).assert(|_| Ok::<(), String>(()));
/// assert_eq!((passed.cases(), passed.base()), (5, Some(Seed::from(3))));
/// assert_eq!(passed.to_string(), "property `dice` passed 5 cases (base seed 0x0000000000000003)");
/// ```
// Not #[must_use]: a test calls `check.assert(property);` for its panic alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passed {
    pub(crate) name: String,
    pub(crate) cases: u64,
    pub(crate) base: Option<Seed>,
}

impl Passed {
    /// How many cases ran: the iterations, or 1 for a replayed case.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let passed = Check::new("dice", Dice).replay(3).assert(|_| Ok::<(), String>(()));
    /// assert_eq!(passed.cases(), 1);
    /// ```
    #[must_use]
    pub fn cases(&self) -> u64 {
        self.cases
    }

    /// The base seed the iterations' seeds were derived from; `None` when one case was replayed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let passed = Check::new("dice", Dice).replay(3).assert(|_| Ok::<(), String>(()));
    /// assert_eq!(passed.base(), None);
    /// ```
    #[must_use]
    pub fn base(&self) -> Option<Seed> {
        self.base
    }
}

impl fmt::Display for Passed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.base {
            Some(base) => write!(
                f,
                "property `{}` passed {} cases (base seed {base})",
                self.name, self.cases
            ),
            None => write!(f, "property `{}` passed the replayed case", self.name),
        }
    }
}

/// The first failing case of a [`Check`](crate::Check), shrunk, with how to replay it.
///
/// Its `Display` is the whole report, ending in the replay line. It lists at
/// most 50 ops, then "… and N more" ([`shrunk`](Failure::shrunk) has them
/// all), says so when shrinking stopped at its cap
/// ([`Check::max_shrink_runs`](crate::Check::max_shrink_runs)), and names
/// the kinds each of the case's swarms had on ([`swarms`](Failure::swarms)):
///
/// ```text
/// property `kv_matches_model` failed at iteration 3 of 100 (base seed 0x…)
/// seed: 0x…
/// swarm: swarm (seed 0x…): 2 of 4 kinds on: #1 weight 37, #2 weight 200
/// error: op #1 Get(1): the store says Some(2), the model None
/// error before shrinking: op #7 Get(1): the store says Some(2), the model Some(0)
/// shrunk from 24 ops to 2 in 7 steps (#n: the op's position in the stream):
///   #4 Cas(1, 0, 2)
///   #9 Get(1)
/// replay: LOCKSTEP_SEED=0x… cargo test kv_matches_model
/// ```
///
/// # Examples
///
/// ```
/// # use lockstep_gen::prelude::*;
/// # use lockstep_gen::{Check, Workload};
/// # struct Dice;
/// # impl Workload for Dice {
/// #     type Op = u8;
/// #     const LENGTH: usize = 6;
/// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
/// # }
/// let failure = Check::new("no_six", Dice)
///     .base(1)
///     .run(|case| if case.ops().contains(&6) { Err("a six") } else { Ok(()) })
///     .unwrap_err();
/// assert_eq!(failure.shrunk().ops(), [6]);
/// assert_eq!(failure.message(), "a six");
/// assert!(failure.original().ops().contains(&6));
/// println!("{failure}");
/// ```
#[must_use]
pub struct Failure<W: Workload> {
    // Boxed: a `Result` with a large `Err` would cost every passing case a large copy.
    report: Box<Report<W>>,
}

pub(crate) struct Report<W: Workload> {
    pub(crate) name: String,
    pub(crate) command: Option<String>,
    /// The failing iteration and the run's base; `None` for a case replayed with `Check::replay`.
    pub(crate) iteration: Option<(u64, Seed)>,
    pub(crate) iterations: u64,
    pub(crate) seed: Seed,
    pub(crate) original: OpSequence<W>,
    pub(crate) shrunk: OpSequence<W>,
    pub(crate) steps: usize,
    pub(crate) runs: usize,
    pub(crate) capped: bool,
    /// What the property said of the original ops, and of the shrunk ones.
    pub(crate) original_message: String,
    pub(crate) message: String,
    pub(crate) nondeterministic: bool,
    /// Whether the shrunk case passed when run once more: no seed replays such a failure.
    pub(crate) flaky: bool,
    /// The configurations of the swarms that gave the case's ops or ran in its last property run.
    pub(crate) swarms: Vec<SwarmConfig>,
    /// Whether the check ran in the libtest test named `name`: `cargo test <name> -- --exact` runs it alone.
    pub(crate) exact: bool,
}

impl<W: Workload> Failure<W> {
    pub(crate) fn new(report: Report<W>) -> Self {
        Failure {
            report: Box::new(report),
        }
    }

    /// The same failure, with the configurations of the case's swarms.
    pub(crate) fn with_swarms(mut self, swarms: Vec<SwarmConfig>) -> Self {
        self.report.swarms = swarms;
        self
    }

    /// The check's name.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).replay(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.name(), "dice");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.report.name
    }

    /// The iteration that failed (from 0); `None` when the case was replayed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.iteration(), Some(0));
    /// ```
    #[must_use]
    pub fn iteration(&self) -> Option<u64> {
        self.report.iteration.map(|(i, _)| i)
    }

    /// The base seed of the run the failing iteration belongs to; `None` when the case was replayed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.base(), Some(Seed::from(1)));
    /// ```
    #[must_use]
    pub fn base(&self) -> Option<Seed> {
        self.report.iteration.map(|(_, base)| base)
    }

    /// The failing case's own seed: what the replay line sets `LOCKSTEP_SEED` to.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// // Iteration 0's seed is the base itself; iteration i's is `base.derive(i)`.
    /// let failure = Check::new("dice", Dice).base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.seed(), Seed::from(1));
    /// let sixes = Check::new("dice", Dice).base(1).run(|case| if case.ops().contains(&6) { Err("a six") } else { Ok(()) }).unwrap_err();
    /// let i = sixes.iteration().unwrap();
    /// assert_eq!(sixes.seed(), if i == 0 { Seed::from(1) } else { Seed::from(1).derive(i) });
    /// ```
    #[must_use]
    pub fn seed(&self) -> Seed {
        self.report.seed
    }

    /// The failing case's ops as generated, before shrinking.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload, OpSequence};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.original(), &OpSequence::new(&Dice, failure.seed()));
    /// ```
    pub fn original(&self) -> &OpSequence<W> {
        &self.report.original
    }

    /// The shortest failing sequence shrinking found (the original ops if the workload was not deterministic).
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).base(1).run(|_| Err("no")).unwrap_err();
    /// assert!(failure.shrunk().is_empty());
    /// ```
    pub fn shrunk(&self) -> &OpSequence<W> {
        &self.report.shrunk
    }

    /// What the property returned for the shrunk sequence, or what differed between two generations.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).base(1).run(|case| Err(case.len())).unwrap_err();
    /// assert_eq!(failure.message(), "0");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.report.message
    }

    /// What the property returned for the ops as generated, before shrinking; the report shows it when it differs from [`message`](Failure::message).
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).replay(1).run(|case| Err(case.len())).unwrap_err();
    /// assert_eq!((failure.original_message(), failure.message()), ("6", "0"));
    /// assert!(failure.to_string().contains("error: 0\nerror before shrinking: 6\n"));
    /// ```
    #[must_use]
    pub fn original_message(&self) -> &str {
        &self.report.original_message
    }

    /// Whether the check failed because two generations of the case differed ([`Check::determinism`](crate::Check::determinism)).
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).determinism(true).replay(1).run(|_| Err("no")).unwrap_err();
    /// assert!(!failure.is_nondeterministic());
    /// ```
    #[must_use]
    pub fn is_nondeterministic(&self) -> bool {
        self.report.nondeterministic
    }

    /// Whether the failure did not reproduce: the shrunk case passed when run once more.
    ///
    /// After shrinking, a [`Check`](crate::Check) runs the shrunk case again. If it passes,
    /// the failure depends on something the seed does not fix (a clock,
    /// thread timing, state left over from an earlier run), so the report
    /// says "flaky: did not reproduce on a second run" in place of a replay
    /// line that could not work.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// // Fails on its first run only: the state outlives the run.
    /// let mut runs = 0;
    /// let failure = Check::new("dice", Dice).base(1).run(|_| {
    ///     runs += 1;
    ///     if runs == 1 { Err("first run") } else { Ok(()) }
    /// }).unwrap_err();
    /// assert!(failure.is_flaky());
    /// assert!(failure.to_string().ends_with("the property or the system under test is not deterministic"));
    /// ```
    #[must_use]
    pub fn is_flaky(&self) -> bool {
        self.report.flaky
    }

    /// The configurations of the swarms that took part in the failing case, in the order they were drawn.
    ///
    /// Those of the [`swarm`](crate::swarm)s and [`mix_swarm`](crate::mix_swarm)s
    /// built (or re-seeded) on the check's thread while the case's ops were
    /// built, or while the property ran on the shrunk case for the last time
    /// (the swarm of a run's nemesis, say), that gave an op and were dropped
    /// before that ended, on whatever thread; each configuration once. A
    /// swarm built and never pulled, or re-seeded before its first op, does
    /// not take part with the configuration it did not use. The report prints
    /// the first ten, one `swarm:` line each, after the seed:
    ///
    /// ```text
    /// swarm: swarm (seed 0x…): 2 of 4 kinds on: #0 weight 96, #3 weight 5
    /// ```
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    /// use lockstep_gen::{Check, Workload};
    ///
    /// let kinds = || swarm([("push", 1), ("pop", 1), ("len", 1)]);
    ///
    /// struct Stack;
    /// impl Workload for Stack {
    ///     type Op = &'static str;
    ///     const LENGTH: usize = 64;
    ///     fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
    ///         swarm([("push", 1), ("pop", 1), ("len", 1)]).seed(seed)
    ///     }
    /// }
    ///
    /// // A stack bounded at 12 elements: swarm seeds with many pushes and few pops overflow it.
    /// let failure = Check::new("stack_bound", Stack).base(1).run(|case| {
    ///     let mut depth = 0;
    ///     for &op in case.ops() {
    ///         match op {
    ///             "push" if depth == 12 => return Err("overflow"),
    ///             "push" => depth += 1,
    ///             "pop" => depth = (depth - 1).max(0),
    ///             _ => {}
    ///         }
    ///     }
    ///     Ok(())
    /// }).unwrap_err();
    /// let config = &failure.swarms()[0];
    /// assert_eq!(config, kinds().seed(failure.seed()).config());
    /// assert!(config.is_enabled(0)); // pushes are on
    /// assert!(failure.to_string().contains(&format!("swarm: {config}")));
    /// ```
    #[must_use]
    pub fn swarms(&self) -> &[SwarmConfig] {
        &self.report.swarms
    }

    /// The line to paste to run this case again: `replay: LOCKSTEP_SEED=<seed> cargo test <name>`.
    ///
    /// Followed by ` -- --exact` when the check ran in the test named `name`,
    /// see [`Check::new`](crate::Check::new); the [`command`](crate::Check::command) instead of `cargo
    /// test <name>` when there is one.
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::new("dice", Dice).replay(0x2a).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.replay_line(), "replay: LOCKSTEP_SEED=0x000000000000002a cargo test dice");
    /// ```
    #[must_use]
    pub fn replay_line(&self) -> String {
        match &self.report.command {
            Some(command) => format!("replay: {SEED_ENV}={} {command}", self.report.seed),
            None => format!(
                "replay: {SEED_ENV}={} cargo test {}{}",
                self.report.seed,
                self.report.name,
                if self.report.exact { " -- --exact" } else { "" }
            ),
        }
    }
}

impl<W: Workload> fmt::Display for Failure<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.report.iteration {
            Some((i, base)) => writeln!(
                f,
                "property `{}` failed at iteration {i} of {} (base seed {base})",
                self.report.name, self.report.iterations
            )?,
            None => writeln!(
                f,
                "property `{}` failed on the replayed case",
                self.report.name
            )?,
        }
        writeln!(f, "seed: {}", self.report.seed)?;
        for config in self.report.swarms.iter().take(REPORTED_SWARMS) {
            writeln!(f, "swarm: {config}")?;
        }
        if self.report.swarms.len() > REPORTED_SWARMS {
            writeln!(
                f,
                "swarm: … and {} more",
                self.report.swarms.len() - REPORTED_SWARMS
            )?;
        }
        writeln!(f, "error: {}", self.report.message)?;
        if self.report.original_message != self.report.message {
            writeln!(
                f,
                "error before shrinking: {}",
                self.report.original_message
            )?;
        }
        if self.report.nondeterministic {
            writeln!(
                f,
                "ops of the first generation (#n: the op's position in the stream):"
            )?;
        } else {
            if self.report.capped {
                writeln!(
                    f,
                    "shrinking stopped after {} runs (the cap); a shorter failing sequence may exist",
                    self.report.runs
                )?;
            }
            writeln!(
                f,
                "shrunk from {} ops to {} in {} steps (#n: the op's position in the stream):",
                self.report.original.len(),
                self.report.shrunk.len(),
                self.report.steps
            )?;
        }
        let shrunk = &self.report.shrunk;
        for (position, op) in shrunk
            .positions()
            .iter()
            .zip(shrunk.ops())
            .take(REPORTED_OPS)
        {
            writeln!(f, "  #{position} {op:?}")?;
        }
        if shrunk.len() > REPORTED_OPS {
            writeln!(f, "  … and {} more", shrunk.len() - REPORTED_OPS)?;
        }
        if self.report.flaky {
            // A replay line here would be a promise the seed cannot keep.
            write!(
                f,
                "flaky: did not reproduce on a second run (the shrunk case passed when run again), \
                 so no seed replays it; the property or the system under test is not deterministic"
            )
        } else {
            write!(f, "{}", self.replay_line())
        }
    }
}

impl<W: Workload> fmt::Debug for Failure<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failure")
            .field("name", &self.report.name)
            .field("iteration", &self.iteration())
            .field("base", &self.base())
            .field("seed", &self.report.seed)
            .field("original_message", &self.report.original_message)
            .field("message", &self.report.message)
            .field("nondeterministic", &self.report.nondeterministic)
            .field("flaky", &self.report.flaky)
            .field("swarms", &self.report.swarms)
            .field("original", &self.report.original)
            .field("shrunk", &self.report.shrunk)
            .field("steps", &self.report.steps)
            .field("runs", &self.report.runs)
            .field("capped", &self.report.capped)
            .finish()
    }
}

impl<W: Workload> Clone for Failure<W> {
    fn clone(&self) -> Self {
        let r = &self.report;
        Failure {
            report: Box::new(Report {
                name: r.name.clone(),
                command: r.command.clone(),
                original: r.original.clone(),
                shrunk: r.shrunk.clone(),
                original_message: r.original_message.clone(),
                message: r.message.clone(),
                swarms: r.swarms.clone(),
                ..**r
            }),
        }
    }
}

impl<W: Workload> std::error::Error for Failure<W> {}
