//! `Check`: runs a property over many seeded cases and reports a failure so that it can be replayed.

use std::fmt;
use std::marker::PhantomData;

use crate::property::panics::{Quiet, catching};
use crate::{OpSequence, SEED_ENV, Seed, Workload};

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
///     fn ops(seed: Seed) -> impl Iterator<Item = bool> {
///         random([true, false]).seed(seed)
///     }
/// }
///
/// // A base fixed in code: the environment's LOCKSTEP_SEED does not apply.
/// let check = Check::<Coin>::new("coins").base(1).iterations(DEFAULT_ITERATIONS);
/// assert_eq!(check.run(|_| Ok::<(), String>(())).unwrap().cases(), DEFAULT_ITERATIONS);
/// ```
pub const DEFAULT_ITERATIONS: u64 = 100;

/// At most this many property runs are spent shrinking one failure, unless [`Check::max_shrink_runs`] says otherwise.
const MAX_SHRINK_RUNS: usize = 10_000;

/// A report lists at most this many ops; [`Failure::shrunk`] has them all.
const REPORTED_OPS: usize = 50;

/// Where two generations of a case's ops differ, if they do.
type Compare<T> = fn(&[T], &[T]) -> Option<String>;

/// Runs a property over the op sequences of many seeded cases; a failure tells how to replay it.
///
/// Each case (iteration `i`) has its own seed, `base.derive(i)`, and its ops
/// are [`OpSequence::new`]`(seed)`. The property gets the case, an
/// [`OpSequence`]: its [`ops`](OpSequence::ops) and its
/// [`seed`](OpSequence::seed); it returns `Err` to fail. If the property needs
/// randomness of its own (a fault to inject, a value to pick), derive it from
/// the case's seed, `case.seed().derive(k)`, never from an unseeded generator
/// or the OS: a replay regenerates only what the seed fixes. On the first failure the ops are shrunk (see
/// [`OpSequence::shorter`]: greedily, the first shorter sequence that still
/// fails is kept, until none does or 10,000 property runs are spent, see
/// [`max_shrink_runs`](Check::max_shrink_runs)) and a [`Failure`] reports the
/// iteration, the case's seed, the shrunk ops (at most 50 of them) and a line
/// to paste:
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
/// 3. Else, if `LOCKSTEP_SEED` is set: that one case. The variable holds the
///    failing case's own seed, not a base, so the replay line replays exactly
///    the case that failed: the same ops, the same error, the same shrunk
///    sequence (shrinking is deterministic), provided the property itself is.
/// 4. Else, the iterations from a base drawn with [`Seed::fresh`] (from the
///    OS), printed in the report.
///
/// How many iterations: [`iterations`](Check::iterations) in code, else
/// `LOCKSTEP_ITERATIONS` ([`ITERATIONS_ENV`]) if set, else
/// [`DEFAULT_ITERATIONS`] (100).
///
/// # `LOCKSTEP_SEED` has two meanings
///
/// - For unseeded generators ([`Seed::base`], [`Seed::fresh`]) it is a run's
///   *base*: every unseeded generator derives its seed from it, in the order
///   they are built.
/// - For a `Check` it is one *case's* seed, the one a replay line prints:
///   the check runs that case alone, with no iterations and no derivation.
///
/// Both hold at once in a replay: the case's seed also becomes
/// [`Seed::base`] for the whole process. A property that builds unseeded
/// generators would see a different base in the failing run (a fresh one)
/// than in the replay, which is one more reason to derive all of a
/// property's randomness from `case.seed()`.
///
/// [`determinism(true)`](Check::determinism) generates each case's ops twice
/// and fails if the two streams differ, before the property runs.
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
///     fn ops(seed: Seed) -> impl Iterator<Item = u32> {
///         weighted([(1, 10), (10, 3), (1000, 1)]).seed(seed)
///     }
/// }
///
/// // Passes: a sum of positive deposits never goes down.
/// let passed = Check::<Deposits>::new("balance_grows").base(7).iterations(100).assert(|case| {
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
/// let failure = Check::<Deposits>::new("no_big_deposit")
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
/// let again = Check::<Deposits>::new("no_big_deposit")
///     .replay(failure.seed())
///     .run(|case| if case.ops().contains(&1000) { Err("a big deposit") } else { Ok(()) })
///     .unwrap_err();
/// assert_eq!(again.shrunk(), failure.shrunk());
/// ```
#[must_use]
pub struct Check<W: Workload> {
    name: String,
    command: Option<String>,
    iterations: Option<u64>,
    length: usize,
    max_shrink_runs: usize,
    // Set by `determinism(true)`, where `W::Op: PartialEq` is known: how to
    // compare two generations, so that no other method needs that bound.
    determinism: Option<Compare<W::Op>>,
    base: Option<Seed>,
    replay: Option<Seed>,
    workload: PhantomData<fn() -> W>,
}

impl<W: Workload> Check<W> {
    /// A check named `name`: the name shows in reports and in the replay line, `cargo test <name>`.
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice_below_six").base(1).run(|case| {
    ///     if case.ops().contains(&6) { Err("a six") } else { Ok(()) }
    /// }).unwrap_err();
    /// assert!(failure.replay_line().ends_with(" cargo test dice_below_six"));
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Check {
            name: name.into(),
            command: None,
            iterations: None,
            length: W::LENGTH,
            max_shrink_runs: MAX_SHRINK_RUNS,
            determinism: None,
            base: None,
            replay: None,
            workload: PhantomData,
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let passed = Check::<Dice>::new("dice").base(1).iterations(10).assert(|_| Ok::<(), String>(()));
    /// assert_eq!(passed.cases(), 10);
    /// ```
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// Check::<Dice>::new("three_rolls").length(3).assert(|case| {
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").replay(1).max_shrink_runs(0).run(|_| Err("no")).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let six = |case: &OpSequence<Dice>| if case.ops().contains(&6) { Err("a six") } else { Ok(()) };
    /// let failure = Check::<Dice>::new("dice").base(5).run(six).unwrap_err();
    /// assert_eq!(failure.seed(), Seed::from(5).derive(failure.iteration().unwrap()));
    /// ```
    pub fn base(self, seed: impl Into<Seed>) -> Self {
        Check {
            base: Some(seed.into()),
            ..self
        }
    }

    /// Runs only the case with this seed, as `LOCKSTEP_SEED` does; this wins over [`base`](Check::base) and `LOCKSTEP_SEED`.
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let mut seen = Vec::new();
    /// let passed = Check::<Dice>::new("dice").replay(Seed::from(9)).assert(|case| {
    ///     seen.push(case.ops().to_vec());
    ///     Ok::<(), String>(())
    /// });
    /// assert_eq!(passed.cases(), 1);
    /// assert_eq!(seen, [OpSequence::<Dice>::new(Seed::from(9)).ops()]);
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice")
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// match Check::<Dice>::new("dice_sum_at_least_six").run(|case| {
    ///     let sum: u32 = case.ops().iter().map(|&d| u32::from(d)).sum();
    ///     if sum >= 6 { Ok(()) } else { Err(format!("sum {sum}")) }
    /// }) {
    ///     Ok(passed) => println!("{passed}"),
    ///     Err(failure) => panic!("six dice always sum to six or more:\n{failure}"),
    /// }
    /// ```
    pub fn run<P, E>(&self, mut property: P) -> Result<Passed, Failure<W>>
    where
        P: FnMut(&OpSequence<W>) -> Result<(), E>,
        E: fmt::Display,
    {
        // Code first, then the environment: see "Which cases run" on `Check`.
        let replay = self.replay.or_else(|| match self.base {
            Some(_) => None,
            None => Seed::from_env().unwrap_or_else(|e| panic!("{SEED_ENV}: {e}")),
        });
        if let Some(seed) = replay {
            self.run_case(&mut property, seed, None, 1)?;
            return Ok(Passed {
                name: self.name.clone(),
                cases: 1,
                base: None,
            });
        }
        let base = self.base.unwrap_or_else(|| {
            // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
            match Seed::fresh() {
                Ok(value) => value,
                Err(e) => panic!("no base seed for the check: {e}"),
            }
        });
        let iterations = self.iterations.unwrap_or_else(iterations_from_env);
        for i in 0..iterations {
            self.run_case(&mut property, base.derive(i), Some((i, base)), iterations)?;
        }
        Ok(Passed {
            name: self.name.clone(),
            cases: iterations,
            base: Some(base),
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// // Panics with "property `no_six` failed … replay: LOCKSTEP_SEED=0x… cargo test no_six".
    /// Check::<Dice>::new("no_six").base(1).assert(|case| if case.ops().contains(&6) { Err("a six") } else { Ok(()) });
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

    fn run_case<P, E>(
        &self,
        property: &mut P,
        seed: Seed,
        iteration: Option<(u64, Seed)>,
        iterations: u64,
    ) -> Result<(), Failure<W>>
    where
        P: FnMut(&OpSequence<W>) -> Result<(), E>,
        E: fmt::Display,
    {
        let case = OpSequence::<W>::with_length(seed, self.length);
        let failure =
            |original_message: &String, shrinking: Shrinking<W>, nondeterministic| Failure {
                report: Box::new(Report {
                    name: self.name.clone(),
                    command: self.command.clone(),
                    iteration,
                    iterations,
                    seed,
                    original: case.clone(),
                    shrunk: shrinking.sequence,
                    steps: shrinking.steps,
                    runs: shrinking.runs,
                    capped: shrinking.capped,
                    original_message: original_message.clone(),
                    message: shrinking.message,
                    nondeterministic,
                    exact: ran_in_test_named(&self.name),
                }),
            };
        if let Some(first_difference) = self.determinism {
            let again = OpSequence::<W>::with_length(seed, self.length);
            if let Some(message) = first_difference(case.ops(), again.ops()) {
                return Err(failure(
                    &message,
                    Shrinking::none(case.clone(), message.clone()),
                    true,
                ));
            }
        }
        let Err(message) = catching(|| property(&case)) else {
            return Ok(());
        };
        let shrinking = shrink(
            Shrinking::none(case.clone(), message.clone()),
            self.max_shrink_runs,
            property,
        );
        Err(failure(&message, shrinking, false))
    }
}

impl<W: Workload> Check<W>
where
    W::Op: PartialEq,
{
    /// When `on`, generates each case's ops twice and fails if the two streams differ: the workload is not deterministic.
    ///
    /// The only method that needs `W::Op: PartialEq`, to compare the streams.
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// Check::<Dice>::new("dice").determinism(true).assert(|_| Ok::<(), String>(()));
    /// ```
    pub fn determinism(self, on: bool) -> Self {
        Check {
            determinism: on.then_some(first_difference::<W::Op> as _),
            ..self
        }
    }
}

/// Where shrinking got to: the shortest failing sequence so far and what it cost.
struct Shrinking<W: Workload> {
    sequence: OpSequence<W>,
    message: String,
    // Sequences kept: each one shorter than the last.
    steps: usize,
    // Property runs spent.
    runs: usize,
    // Whether the runs ran out with candidates left to try.
    capped: bool,
}

impl<W: Workload> Shrinking<W> {
    fn none(sequence: OpSequence<W>, message: String) -> Self {
        Shrinking {
            sequence,
            message,
            steps: 0,
            runs: 0,
            capped: false,
        }
    }
}

/// Greedy shrinking: keep the first shorter sequence that still fails, until none does or `max_runs` runs are spent.
fn shrink<W, P, E>(mut at: Shrinking<W>, max_runs: usize, property: &mut P) -> Shrinking<W>
where
    W: Workload,
    P: FnMut(&OpSequence<W>) -> Result<(), E>,
    E: fmt::Display,
{
    // Every candidate that fails by panicking would print its panic message.
    let _quiet = Quiet::new();
    'shrinking: loop {
        for candidate in at.sequence.shorter() {
            if at.runs == max_runs {
                at.capped = true;
                break 'shrinking;
            }
            at.runs += 1;
            if let Err(error) = catching(|| property(&candidate)) {
                at.sequence = candidate;
                at.message = error;
                at.steps += 1;
                continue 'shrinking;
            }
        }
        break;
    }
    at
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

impl<W: Workload> Clone for Check<W> {
    fn clone(&self) -> Self {
        Check {
            name: self.name.clone(),
            command: self.command.clone(),
            workload: PhantomData,
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
            .field("determinism", &self.determinism.is_some())
            .field("base", &self.base)
            .field("replay", &self.replay)
            .finish()
    }
}

/// What a [`Check`] ran when no case failed.
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
/// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
/// # }
/// let passed = Check::<Dice>::new("dice").base(3).iterations(5).assert(|_| Ok::<(), String>(()));
/// assert_eq!((passed.cases(), passed.base()), (5, Some(Seed::from(3))));
/// assert_eq!(passed.to_string(), "property `dice` passed 5 cases (base seed 0x0000000000000003)");
/// ```
// Not #[must_use]: a test calls `check.assert(property);` for its panic alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passed {
    name: String,
    cases: u64,
    base: Option<Seed>,
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let passed = Check::<Dice>::new("dice").replay(3).assert(|_| Ok::<(), String>(()));
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let passed = Check::<Dice>::new("dice").replay(3).assert(|_| Ok::<(), String>(()));
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

/// The first failing case of a [`Check`], shrunk, with how to replay it.
///
/// Its `Display` is the whole report, ending in the replay line. It lists at
/// most 50 ops, then "… and N more" ([`shrunk`](Failure::shrunk) has them
/// all), and says so when shrinking stopped at its cap
/// ([`Check::max_shrink_runs`]):
///
/// ```text
/// property `kv_matches_model` failed at iteration 3 of 100 (base seed 0x…)
/// seed: 0x…
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
/// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
/// # }
/// let failure = Check::<Dice>::new("no_six")
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

struct Report<W: Workload> {
    name: String,
    command: Option<String>,
    iteration: Option<(u64, Seed)>,
    iterations: u64,
    seed: Seed,
    original: OpSequence<W>,
    shrunk: OpSequence<W>,
    steps: usize,
    runs: usize,
    capped: bool,
    // What the property said of the original ops, and of the shrunk ones.
    original_message: String,
    message: String,
    nondeterministic: bool,
    // Whether the check ran in the libtest test named `name`: `cargo test <name> -- --exact` runs it alone.
    exact: bool,
}

impl<W: Workload> Failure<W> {
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").replay(1).run(|_| Err("no")).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|_| Err("no")).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|_| Err("no")).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.seed(), Seed::from(1).derive(0));
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|_| Err("no")).unwrap_err();
    /// assert_eq!(failure.original(), &OpSequence::new(failure.seed()));
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|_| Err("no")).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").base(1).run(|case| Err(case.len())).unwrap_err();
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").replay(1).run(|case| Err(case.len())).unwrap_err();
    /// assert_eq!((failure.original_message(), failure.message()), ("6", "0"));
    /// assert!(failure.to_string().contains("error: 0\nerror before shrinking: 6\n"));
    /// ```
    #[must_use]
    pub fn original_message(&self) -> &str {
        &self.report.original_message
    }

    /// Whether the check failed because two generations of the case differed ([`Check::determinism`]).
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").determinism(true).replay(1).run(|_| Err("no")).unwrap_err();
    /// assert!(!failure.is_nondeterministic());
    /// ```
    #[must_use]
    pub fn is_nondeterministic(&self) -> bool {
        self.report.nondeterministic
    }

    /// The line to paste to run this case again: `replay: LOCKSTEP_SEED=<seed> cargo test <name>`.
    ///
    /// Followed by ` -- --exact` when the check ran in the test named `name`,
    /// see [`Check::new`]; the [`command`](Check::command) instead of `cargo
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
    /// #     fn ops(seed: Seed) -> impl Iterator<Item = u8> { random(1..=6).seed(seed) }
    /// # }
    /// let failure = Check::<Dice>::new("dice").replay(0x2a).run(|_| Err("no")).unwrap_err();
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
        write!(f, "{}", self.replay_line())
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
                ..**r
            }),
        }
    }
}

impl<W: Workload> std::error::Error for Failure<W> {}
