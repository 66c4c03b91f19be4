//! `Check`: runs a property over many seeded cases and reports a failure so that it can be replayed.

use std::fmt;

use crate::property::panics::{Quiet, catching};
use crate::property::report::Report;
use crate::property::shrink::Shrinking;
use crate::swarm::recording;
use crate::{Failure, OpSequence, Passed, SEED_ENV, Seed, Workload};

/// The environment variable that sets how many cases a [`Check`] runs when the code does not say.
///
/// # Examples
///
/// ```
/// use lockstep_gen::ITERATIONS_ENV;
///
/// println!("for a longer hunt: {ITERATIONS_ENV}=10000 cargo test");
/// ```
pub const ITERATIONS_ENV: &str = "LOCKSTEP_ITERATIONS";

/// How many cases a [`Check`] runs when neither the code nor [`ITERATIONS_ENV`] says.
///
/// # Examples
///
/// ```
/// use lockstep_gen::{Check, DEFAULT_ITERATIONS, Workload};
/// use lockstep_gen::prelude::*;
///
/// struct Coin;
/// impl Workload for Coin {
///     type Op = bool;
///     const LENGTH: usize = 4;
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = bool> {
///         random([true, false]).seed(seed)
///     }
/// }
///
/// // A base fixed in code: the environment's LOCKSTEP_SEED does not apply.
/// let check = Check::new("coins", Coin).base(1).iterations(DEFAULT_ITERATIONS);
/// assert_eq!(check.run(|_| Ok::<(), String>(())).unwrap().cases(), DEFAULT_ITERATIONS);
/// ```
pub const DEFAULT_ITERATIONS: u64 = 100;

/// At most this many property runs are spent shrinking one failure, unless [`Check::max_shrink_runs`] says otherwise.
const MAX_SHRINK_RUNS: usize = 10_000;

/// The key of the scope a property runs in, under its case's seed: "property" in ASCII.
const PROPERTY_SCOPE: u64 = 0x7072_6f70_6572_7479;

/// Runs a property over the op sequences of many seeded cases; a failure tells how to replay it.
///
/// Each case (iteration `i`) has its own seed: the run's base seed itself for
/// iteration 0, `base.derive(i)` for the others. Its ops are
/// [`OpSequence::new`]`(&workload, seed)`, built in the seed's
/// [`scope`](Seed::scope), so a part of the workload left unseeded is seeded
/// from the case's seed too. The property gets the case, an [`OpSequence`]:
/// its [`ops`](OpSequence::ops) and its [`seed`](OpSequence::seed); it
/// returns `Err` to fail. It runs in the scope of
/// `case.seed().derive(0x7072_6f70_6572_7479)` ("property" in ASCII), so the
/// generators it builds without a seed replay too; any other randomness of
/// its own (a fault to inject, a value to pick) must come from the case's
/// seed, `case.seed().derive(k)`, never from a clock or the OS. On the first
/// failure the ops are shrunk (see [`OpSequence::shorter`]: greedily, the
/// first shorter sequence that still fails is kept, until none does or
/// 10,000 property runs are spent, see
/// [`max_shrink_runs`](Check::max_shrink_runs)), the shrunk case is run once
/// more, and a [`Failure`] reports the iteration, the case's seed, the shrunk
/// ops (at most 50 of them) and a line to paste:
///
/// ```text
/// replay: LOCKSTEP_SEED=0x3c1a5bd0c4e1ee2f cargo test <name>
/// ```
///
/// # Which cases run
///
/// Code wins over the environment, and the environment over chance:
///
/// 1. [`replay(seed)`](Check::replay) in code: that one case.
/// 2. Else [`base(seed)`](Check::base) in code: the iterations from that base.
///    `LOCKSTEP_SEED` is ignored, and needs no heeding: such a check is
///    deterministic, so running it again (the replay line included) finds the
///    same first failure and shrinks it the same way.
/// 3. Else, if `LOCKSTEP_SEED` is set: the iterations from that base.
/// 4. Else, the iterations from a base drawn with [`Seed::fresh`] (from the
///    OS), printed in the report.
///
/// How many iterations: [`iterations`](Check::iterations) in code, else
/// `LOCKSTEP_ITERATIONS` ([`ITERATIONS_ENV`]) if set, else
/// [`DEFAULT_ITERATIONS`] (100).
///
/// # `LOCKSTEP_SEED` is the seed of the run
///
/// It means one thing everywhere: the seed a run starts from. Unseeded
/// generators outside any scope take their seeds from it ([`Seed::base`]),
/// and a `Check` without a base in code takes it as its base and runs all its
/// iterations; setting it to replay a concurrent test never turns a check
/// into a single case.
///
/// The replay line works because a case's seed is the base whose iteration
/// 0 it is: `LOCKSTEP_SEED=<the failing case's seed>` makes that case the
/// first one run, so the same ops, the same error and the same shrunk
/// sequence come back at once (shrinking is deterministic), provided the
/// property is; the check stops at that failure, as at any other.
///
/// # Determinism
///
/// A replay line is only as good as the determinism of what it replays, so
/// it is checked by default:
///
/// - each case's ops are generated twice and compared before the property
///   runs: a workload that reads a clock or a global counter fails with the
///   first op where the two differ ([`determinism(false)`](Check::determinism)
///   turns this off, for a workload too slow to build twice);
/// - after shrinking, the shrunk case is run once more; if it passes, the
///   failure did not reproduce, and the report says it is flaky
///   ([`Failure::is_flaky`]) rather than print a replay line that cannot work.
///
/// # Panics
///
/// [`run`](Check::run) and [`assert`](Check::assert) panic if `LOCKSTEP_SEED`
/// or `LOCKSTEP_ITERATIONS` is read and set to text that is not a seed or a
/// count above 0, empty text included (it is never silently ignored), or if a fresh base is needed and the OS gives
/// no randomness. [`assert`](Check::assert) also panics, with the report, when
/// the property fails.
///
/// # Panics in the property
///
/// A panic inside the property is a failure like an `Err`, whose message is
/// the panic's (its `String` or `&str` payload, else "a panic with a
/// non-string payload"); it is shrunk and reported with its replay line the
/// same way. The property is rerun after a panic, so build the system under
/// test afresh in each call rather than capture one that a panic may have
/// left half-updated. With `panic = "abort"` a panic cannot be caught and
/// ends the process before any report.
///
/// The first failing run's panic prints as usual. While shrinking, the
/// shrinking thread's panics print nothing (each failing candidate would
/// print one): the first shrink in a process installs, once, a panic hook
/// that forwards every panic to the hook installed before it, except those
/// of a thread that is shrinking. Panics of other threads, such as other
/// tests running at the same time, print as before. A hook set later
/// replaces this one, after which panics while shrinking print too.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use lockstep_gen::{Check, Workload};
///
/// struct Deposits;
///
/// impl Workload for Deposits {
///     type Op = u32;
///     const LENGTH: usize = 20;
///     fn ops(&self, seed: Seed) -> impl Iterator<Item = u32> {
///         weighted([(1, 10), (10, 3), (1000, 1)]).seed(seed)
///     }
/// }
///
/// // Passes: a sum of positive deposits never goes down.
/// let passed = Check::new("balance_grows", Deposits).base(7).iterations(100).assert(|case| {
///     let mut balance = 0u64;
///     for &op in case.ops() {
///         let next = balance + u64::from(op);
///         if next <= balance { return Err(format!("{balance} then {next}")); }
///         balance = next;
///     }
///     Ok::<(), String>(())
/// });
/// assert_eq!(passed.cases(), 100);
///
/// // Fails, and shrinks to the one op that matters.
/// let failure = Check::new("no_big_deposit", Deposits)
///     .base(7)
///     .run(|case| match case.ops().iter().position(|&op| op == 1000) {
///         Some(i) => Err(format!("op {i} is a big deposit")),
///         None => Ok(()),
///     })
///     .unwrap_err();
/// assert_eq!(failure.shrunk().ops(), [1000]);
/// assert!(failure.to_string().contains("cargo test no_big_deposit"));
///
/// // Replaying the reported seed gives the same failure.
/// let again = Check::new("no_big_deposit", Deposits)
///     .replay(failure.seed())
///     .run(|case| if case.ops().contains(&1000) { Err("a big deposit") } else { Ok(()) })
///     .unwrap_err();
/// assert_eq!(again.shrunk(), failure.shrunk());
/// ```
#[must_use]
pub struct Check<W: Workload> {
    name: String,
    workload: W,
    command: Option<String>,
    iterations: Option<u64>,
    length: usize,
    max_shrink_runs: usize,
    determinism: bool,
    base: Option<Seed>,
    replay: Option<Seed>,
}

impl<W: Workload> Check<W> {
    /// A check named `name` of `workload`'s cases: the name shows in reports and in the replay line, `cargo test <name>`.
    ///
    /// The workload is a value, so it may be configured at run time (see
    /// [`Workload`]).
    ///
    /// Give the test's name, so that the replay line runs this test. `cargo
    /// test <name>` runs every test whose path *contains* `name`, in every
    /// test target. When `name` is exactly the running test's path (libtest
    /// names each test's thread after it, e.g. `tests::kv_matches_model` for a
    /// test in `mod tests`), the line ends in ` -- --exact`, so that it runs
    /// that test alone; otherwise it is left as a filter. A check run outside
    /// `cargo test` should set its line with [`command`](Check::command).
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
    /// let failure = Check::new("dice_below_six", Dice).base(1).run(|case| {
    ///     if case.ops().contains(&6) { Err("a six") } else { Ok(()) }
    /// }).unwrap_err();
    /// assert!(failure.replay_line().ends_with(" cargo test dice_below_six"));
    /// ```
    pub fn new(name: impl Into<String>, workload: W) -> Self {
        Check {
            name: name.into(),
            workload,
            command: None,
            iterations: None,
            length: W::LENGTH,
            max_shrink_runs: MAX_SHRINK_RUNS,
            determinism: true,
            base: None,
            replay: None,
        }
    }

    /// Runs `n` cases; this wins over `LOCKSTEP_ITERATIONS`.
    ///
    /// # Panics
    ///
    /// If `n` is 0: a check that runs no case would pass whatever the property.
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
    /// let passed = Check::new("dice", Dice).base(1).iterations(10).assert(|_| Ok::<(), String>(()));
    /// assert_eq!(passed.cases(), 10);
    /// ```
    #[track_caller]
    pub fn iterations(self, n: u64) -> Self {
        assert!(
            n > 0,
            "Check::iterations(0): a check must run at least one case"
        );
        Check {
            iterations: Some(n),
            ..self
        }
    }

    /// Takes `length` ops per case instead of [`W::LENGTH`](Workload::LENGTH).
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
    /// Check::new("three_rolls", Dice).length(3).assert(|case| {
    ///     if case.len() == 3 { Ok(()) } else { Err(case.len()) }
    /// });
    /// ```
    pub fn length(self, length: usize) -> Self {
        Check { length, ..self }
    }

    /// Spends at most `runs` property runs shrinking a failure, instead of 10,000.
    ///
    /// Shrinking tries the candidates of [`OpSequence::shorter`] one by one,
    /// so a long sequence or a slow property can take many runs. When the
    /// runs are spent, the shortest failing sequence found so far is
    /// reported, and the report says "shrinking stopped after N runs (the
    /// cap)". 0 turns shrinking off. Replays are unaffected: shrinking is
    /// deterministic, so the same cap gives the same shrunk sequence.
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
    /// let failure = Check::new("dice", Dice).replay(1).max_shrink_runs(0).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.shrunk(), failure.original());
    /// assert!(failure.to_string().contains("shrinking stopped after 0 runs (the cap)"));
    /// ```
    pub fn max_shrink_runs(self, runs: usize) -> Self {
        Check {
            max_shrink_runs: runs,
            ..self
        }
    }

    /// Derives the iterations' seeds from `seed` instead of a fresh base, so that the run is the same every time.
    ///
    /// This wins over `LOCKSTEP_SEED`, which such a check ignores; its replay
    /// line still reproduces the failure, since running the check again
    /// finds the same first failure (see [`Check`], "Which cases run").
    ///
    /// # Examples
    ///
    /// ```
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, OpSequence, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let six = |case: &OpSequence<Dice>| if case.ops().contains(&6) { Err("a six") } else { Ok(()) };
    /// let failure = Check::new("dice", Dice).base(5).run(six).unwrap_err();
    /// assert_eq!(failure.seed(), Seed::from(5).derive(failure.iteration().unwrap()));
    /// ```
    pub fn base(self, seed: impl Into<Seed>) -> Self {
        Check {
            base: Some(seed.into()),
            ..self
        }
    }

    /// Runs only the case with this seed (iteration 0 of the base `seed`); this wins over [`base`](Check::base) and `LOCKSTEP_SEED`.
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
    /// let mut seen = Vec::new();
    /// let passed = Check::new("dice", Dice).replay(Seed::from(9)).assert(|case| {
    ///     seen.push(case.ops().to_vec());
    ///     Ok::<(), String>(())
    /// });
    /// assert_eq!(passed.cases(), 1);
    /// assert_eq!(seen, [OpSequence::new(&Dice, Seed::from(9)).ops()]);
    /// ```
    pub fn replay(self, seed: impl Into<Seed>) -> Self {
        Check {
            replay: Some(seed.into()),
            ..self
        }
    }

    /// The command in the replay line, instead of `cargo test <name>`: for a check run from a `main`, say.
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
    /// let failure = Check::new("dice", Dice)
    ///     .command("cargo run --example dice")
    ///     .replay(Seed::from(0))
    ///     .run(|_| Err("always"))
    ///     .unwrap_err();
    /// assert_eq!(failure.replay_line(), "replay: LOCKSTEP_SEED=0x0000000000000000 cargo run --example dice");
    /// ```
    pub fn command(self, command: impl Into<String>) -> Self {
        Check {
            command: Some(command.into()),
            ..self
        }
    }

    /// Whether each case's ops are generated twice and compared before the property runs; on by default.
    ///
    /// When the two generations differ, the workload is not deterministic
    /// and no replay line could reproduce a failure, so the check fails with
    /// the first op where they part ([`Failure::is_nondeterministic`]). Turn
    /// it off only for a workload too slow to build twice.
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
    /// Check::new("dice", Dice).determinism(false).assert(|_| Ok::<(), String>(()));
    /// ```
    pub fn determinism(self, on: bool) -> Self {
        Check {
            determinism: on,
            ..self
        }
    }

    /// Runs the cases until one fails: `Ok` with what ran, or the (shrunk) [`Failure`].
    ///
    /// For a `main` or any caller that wants the report as a value; a test
    /// usually calls [`assert`](Check::assert).
    ///
    /// # Errors
    ///
    /// The first case whose property returned `Err` or panicked, shrunk, as a
    /// [`Failure`]; or, with [`determinism(true)`](Check::determinism), the
    /// first case whose two generations differed (not shrunk).
    ///
    /// # Panics
    ///
    /// If `LOCKSTEP_SEED` or `LOCKSTEP_ITERATIONS` is read and invalid, or no
    /// fresh base can be drawn: see [`Check`]. Never for a panic in the
    /// property, which is a failure.
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
    /// match Check::new("dice_sum_at_least_six", Dice).run(|case| {
    ///     let sum: u32 = case.ops().iter().map(|&d| u32::from(d)).sum();
    ///     if sum >= 6 { Ok(()) } else { Err(format!("sum {sum}")) }
    /// }) {
    ///     Ok(passed) => println!("{passed}"),
    ///     Err(failure) => panic!("six dice always sum to six or more:\n{failure}"),
    /// }
    /// ```
    #[track_caller]
    pub fn run<P, E>(&self, mut property: P) -> Result<Passed, Failure<W>>
    where
        P: FnMut(&OpSequence<W>) -> Result<(), E>,
        E: fmt::Display,
    {
        // Code first, then the environment: see "Which cases run" on `Check`.
        let (base, iterations) = match self.replay {
            Some(seed) => (seed, 1),
            // Matches, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
            None => (
                match self.base {
                    Some(base) => base,
                    None => base_from_env(),
                },
                match self.iterations {
                    Some(n) => n,
                    None => iterations_from_env(),
                },
            ),
        };
        for i in 0..iterations {
            self.run_case(&mut property, base, i, iterations)?;
        }
        Ok(Passed {
            name: self.name.clone(),
            cases: iterations,
            base: self.replay.is_none().then_some(base),
        })
    }

    /// As [`run`](Check::run), but a failure panics with the report: for a `#[test]`.
    ///
    /// # Panics
    ///
    /// When the property fails, with the [`Failure`]'s report as the message;
    /// and as [`Check`] says.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// # use lockstep_gen::prelude::*;
    /// # use lockstep_gen::{Check, Workload};
    /// # struct Dice;
    /// # impl Workload for Dice {
    /// #     type Op = u8;
    /// #     const LENGTH: usize = 6;
    /// #     fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// // Panics with "property `no_six` failed … replay: LOCKSTEP_SEED=0x… cargo test no_six".
    /// Check::new("no_six", Dice).base(1).assert(|case| if case.ops().contains(&6) { Err("a six") } else { Ok(()) });
    /// ```
    #[track_caller]
    pub fn assert<P, E>(&self, property: P) -> Passed
    where
        P: FnMut(&OpSequence<W>) -> Result<(), E>,
        E: fmt::Display,
    {
        // Not `unwrap_or_else`: a panic inside a closure would point at this file, not at the caller.
        match self.run(property) {
            Ok(passed) => passed,
            Err(failure) => panic!("{failure}"),
        }
    }

    /// Runs iteration `i` of `base`: generates it (twice, to compare, unless
    /// determinism is off), runs the property, and on a failure shrinks it
    /// and runs the shrunk case once more.
    fn run_case<P, E>(
        &self,
        property: &mut P,
        base: Seed,
        i: u64,
        iterations: u64,
    ) -> Result<(), Failure<W>>
    where
        P: FnMut(&OpSequence<W>) -> Result<(), E>,
        E: fmt::Display,
    {
        // Iteration 0 is the base itself, so a case's seed given as the base replays it first.
        let seed = if i == 0 { base } else { base.derive(i) };
        // Recorded, so that a report can say which kinds the case's swarms had on.
        let (case, swarms) =
            recording(|| OpSequence::with_length(&self.workload, seed, self.length));
        let failure =
            |original_message: String, shrinking: Shrinking<W>, nondeterministic, flaky| {
                Failure::new(Report {
                    name: self.name.clone(),
                    command: self.command.clone(),
                    iteration: self.replay.is_none().then_some((i, base)),
                    iterations,
                    seed,
                    original: case.clone(),
                    shrunk: shrinking.sequence,
                    steps: shrinking.steps,
                    runs: shrinking.runs,
                    capped: shrinking.capped,
                    original_message,
                    message: shrinking.message,
                    nondeterministic,
                    flaky,
                    swarms: Vec::new(),
                    exact: ran_in_test_named(&self.name),
                })
            };
        if self.determinism {
            let again = OpSequence::with_length(&self.workload, seed, self.length);
            if let Some(message) = first_difference(case.ops(), again.ops()) {
                let shrinking = Shrinking::none(case.clone(), message.clone());
                return Err(failure(message, shrinking, true, false).with_swarms(swarms.used(None)));
            }
        }
        // In its own scope: what the property builds unseeded replays with the case.
        let property_scope = seed.derive(PROPERTY_SCOPE);
        let mut attempt =
            |candidate: &OpSequence<W>| property_scope.scope(|| catching(|| property(candidate)));
        let Err(message) = attempt(&case) else {
            return Ok(());
        };
        let shrinking = Shrinking::none(case.clone(), message.clone())
            .shrink(self.max_shrink_runs, &mut attempt);
        // Expected to fail again, so its panic, if any, need not print. Recorded:
        // the swarms the property builds (a run's nemesis, say) are the case's too.
        let (flaky, built) = {
            let _quiet = Quiet::new();
            recording(|| attempt(&shrinking.sequence).is_ok())
        };
        // A flaky case's last run passed: its swarms are not the failure's.
        let swarms = swarms.used((!flaky).then_some(&built));
        Err(failure(message, shrinking, false, flaky).with_swarms(swarms))
    }
}

/// The base from `LOCKSTEP_SEED`, else a fresh one: for a check with no base in code.
#[track_caller]
fn base_from_env() -> Seed {
    // Matches, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Seed::from_env() {
        Ok(Some(seed)) => seed,
        Ok(None) => match Seed::fresh() {
            Ok(seed) => seed,
            Err(e) => panic!("no base seed for the check: {e}"),
        },
        Err(e) => panic!("{SEED_ENV}: {e}"),
    }
}

/// Whether the current thread is libtest's thread for the test whose full path is `name`.
fn ran_in_test_named(name: &str) -> bool {
    // libtest names a test's thread after the test; "main" is the main thread of any program.
    std::thread::current()
        .name()
        .is_some_and(|thread| thread == name && thread != "main")
}

/// Where two generations of the same case part ways, if they do.
fn first_difference<T: PartialEq + fmt::Debug>(first: &[T], second: &[T]) -> Option<String> {
    let at = first.iter().zip(second).position(|(a, b)| a != b);
    let show = |ops: &[T], i: usize| match ops.get(i) {
        Some(op) => format!("{op:?}"),
        None => "the end of the stream".to_owned(),
    };
    match at {
        Some(i) => Some(i),
        None if first.len() != second.len() => Some(first.len().min(second.len())),
        None => None,
    }
    .map(|i| {
        format!(
            "the workload is not deterministic: two generations of this seed differ at op #{i}: {} then {}",
            show(first, i),
            show(second, i)
        )
    })
}

#[track_caller]
fn iterations_from_env() -> u64 {
    match std::env::var(ITERATIONS_ENV) {
        Err(std::env::VarError::NotPresent) => DEFAULT_ITERATIONS,
        // Set but empty is an error, as for LOCKSTEP_SEED: `LOCKSTEP_ITERATIONS=$N`
        // with N unset must not pass for the default.
        Ok(text) => match text.trim().parse() {
            Ok(n) if n > 0 => n,
            _ => panic!(
                "{ITERATIONS_ENV}: {text:?} is not a number of iterations (a decimal u64 above 0)"
            ),
        },
        Err(e) => panic!("{ITERATIONS_ENV}: {e}"),
    }
}

impl<W: Workload + Clone> Clone for Check<W> {
    fn clone(&self) -> Self {
        Check {
            name: self.name.clone(),
            workload: self.workload.clone(),
            command: self.command.clone(),
            ..*self
        }
    }
}

impl<W: Workload> fmt::Debug for Check<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check")
            .field("name", &self.name)
            .field("command", &self.command)
            .field("iterations", &self.iterations)
            .field("length", &self.length)
            .field("max_shrink_runs", &self.max_shrink_runs)
            .field("determinism", &self.determinism)
            .field("base", &self.base)
            .field("replay", &self.replay)
            .finish()
    }
}
