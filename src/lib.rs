//! Deterministic, seeded streams of operations for Jepsen-style tests.
//!
//! Worker threads pull ops from a generator in a loop and run each against the
//! system under test. A generator is a value, an [`Iterator`] that also
//! implements [`Generator`]: [`random`] picks uniformly from a pool,
//! [`weighted`] picks with bias, [`cycle`] repeats a sequence, [`mix`] takes
//! turns between generators, and std's `take`, `map`, `chain`… bound and shape
//! them. The same seed gives the same stream on every machine and every
//! release, and per-worker seeds are derived from an iteration's seed with
//! [`Seed::derive`], so a failing iteration replays op for op.
//!
//! [`swarm`] and [`mix_swarm`] do swarm testing: each seed turns on a random
//! subset of the op kinds, with widely spread weights, for the lopsided runs
//! a fixed mix rarely makes.
//!
//! Jepsen's combinators come seeded: [`mix_random`] and [`mix_weighted`]
//! choose among generators, [`mix_all`] takes turns until all are done,
//! [`phases`] runs them one after another, [`Generator::cycle_n`] restarts
//! one, and [`Workers`] gives each worker (and the nemesis) its own seed.
//! Time is data: [`Generator::stagger`] and [`Generator::delay`] give ops a
//! logical [`Timed`] time, [`Generator::time_limit`] ends a run,
//! [`Generator::shift_time`] starts a timed phase where the last one ended,
//! [`merge_timed`] merges timelines, and [`Generator::paced`] lets a worker
//! thread sleep until each op is due.
//!
//! Beside the generators sit what runs, records and judges a workload: a
//! [`run::Run`] plays workers' streams against a [`run::Client`] per process,
//! with a nemesis, on threads or in a simulation that replays byte for byte;
//! it records a [`history::History`] in Jepsen's terms (and EDN); and
//! [`linearizability::check`] judges the history against a model such as
//! [`linearizability::CasRegister`]. `examples/register.rs` and
//! `examples/newcomer_register.rs` in the repository show the three together.
//!
//! # Quick start
//!
//! ```
//! use lockstep_gen::prelude::*;
//! use std::sync::atomic::{AtomicU64, Ordering};
//!
//! #[derive(Clone, Copy, Debug, PartialEq)]
//! enum Op { Read, Write(u64), Cas(u64, u64) }
//!
//! let register = AtomicU64::new(0);
//! let apply = |op: Op| match op {
//!     Op::Read => Ok(register.load(Ordering::SeqCst)),
//!     Op::Write(v) => Ok(register.swap(v, Ordering::SeqCst)),
//!     Op::Cas(old, new) => register.compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst),
//! };
//!
//! let mut history = Vec::new();
//! let ops = random([Op::Read, Op::Write(1), Op::Write(2), Op::Cas(1, 2)]).seed(42).take(50);
//! let n = ops.each(|op| history.push((op, apply(op))));
//! assert_eq!(n, 50);
//!
//! // The same seed replays the same ops.
//! let replay = random([Op::Read, Op::Write(1), Op::Write(2), Op::Cas(1, 2)]).seed(42).take(50);
//! assert!(replay.eq(history.iter().map(|&(op, _)| op)));
//!
//! // Each worker gets its own stream, derived from the iteration's seed.
//! let iteration = Seed::from(42);
//! let worker = |id| random([Op::Read, Op::Write(1)]).seed(iteration.derive(id)).take(50);
//! assert!(!worker(0).eq(worker(1)));
//! ```
//!
//! # Seeds and replay
//!
//! A generator built without [`seed`](Random::seed) still has one, taken from
//! [`Seed::fresh`]: readable with `initial_seed()` and shown by `Debug`.
//! Inside [`Seed::scope`] fresh seeds come from the scope's seed, so a
//! workload built in a scope is deterministic as a whole, whichever parts
//! were seeded; [`Workers`] and [`Check`] build in scopes for you. Outside
//! any scope they derive from the run's [`Seed::base`]: `LOCKSTEP_SEED`, the
//! seed of the run, when it is set, else drawn from the OS. Print
//! `Seed::base()` at the start of a run; to replay it, set `LOCKSTEP_SEED` to
//! what was printed.
//!
//! # Property testing
//!
//! [`Check`] runs a property over the ops of many seeded cases (a
//! [`Workload`] gives each case's [`OpSequence`]), shrinks the first failure
//! by dropping ops, checks that it fails again, and reports it with a line
//! that replays it:
//! `replay: LOCKSTEP_SEED=0x… cargo test <name>`. With the `quickcheck`
//! feature, [`Seed`] and [`OpSequence`] implement `quickcheck::Arbitrary`.
//!
//! # Reproducibility
//!
//! For a given seed and pool, the stream of ops is the same on every platform
//! (32- or 64-bit, either endianness), under every Rust version, and with any
//! rand 0.10.x release and feature set: the RNG is `rand_pcg`'s `Pcg64Mcg`,
//! fixed by its specification, and the arithmetic that turns its output into
//! picks is this crate's own. A change to any stream's values is a breaking
//! change, recorded in CHANGELOG.md under its own heading.
//!
//! # Names
//!
//! [`Generator`] has no method named like one of [`Iterator`]'s,
//! `itertools::Itertools`'s or `rand::seq::IteratorRandom`'s, so all of them
//! can be in scope at once. Where std already has an adapter (`take`, `map`,
//! `chain`, `filter`…), the type it returns is a [`Generator`] whenever its
//! input is.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod adapters;
mod digest;
pub mod elle;
mod error;
mod generator;
pub mod history;
pub mod linearizability;
mod panic_payload;
pub mod prelude;
mod property;
pub mod run;
mod sample;
mod seed;
mod seeded_rng;
mod sources;
mod swarm;
mod timed;
mod workers;

#[cfg(feature = "tokio")]
pub use crate::adapters::PacedStream;
pub use crate::adapters::{
    BoxedGenerator, CycleN, Delay, MergeTimed, Mix, MixAll, MixRandom, Paced, Phases, ShiftTime,
    Stagger, TimeLimit, TimedCycle, merge_timed, mix, mix_all, mix_random, mix_weighted, phases,
};
// Swarm testing (issue 14): a seeded subset of the op kinds, with widely spread weights.
pub use crate::adapters::{MixSwarm, mix_swarm};
pub use crate::error::Error;
pub use crate::generator::Generator;
pub use crate::history::{History, Outcome};
pub use crate::property::{
    Check, DEFAULT_ITERATIONS, Failure, ITERATIONS_ENV, OpSequence, Passed, Shorter, Workload,
};
pub use crate::seed::{SEED_ENV, Seed, SeedKey};
pub use crate::sources::{Cycle, Random, Weighted, cycle, random, weighted};
pub use crate::sources::{Swarm, swarm};
pub use crate::swarm::SwarmConfig;
// Key distributions over `0..n` (issue 14).
pub use crate::sources::{
    Exponential, Hotspot, ScrambledZipfian, Sequential, Zipfian, exponential, hotspot,
    scrambled_zipfian, sequential, zipfian,
};
pub use crate::timed::Timed;
pub use crate::workers::{Reserve, Workers};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
