//! A property test over concurrent runs: a planted stale read, found in simulation, shrunk, and replayed.
//!
//! Three workers read and write a register in an in-process store whose
//! clients cache what they read: a planted bug, since a client then answers a
//! read from its cache even after another process has overwritten the value.
//! Each case of the [`Check`] is a timeline of all three workers' timed ops
//! (`Workers::timeline`); the property plays it in simulation, where the same
//! case gives the same history byte for byte, and checks that it is
//! linearizable (`linearizability::check`, against a register). Shrinking cuts
//! ops from the timeline, each keeping its worker and its time, down to the
//! handful that show the bug, and the report ends in a line that replays it:
//!
//! ```text
//! cargo run --example stale_read
//! LOCKSTEP_SEED=0x… cargo run --example stale_read   # the same failure, the same shrunk ops
//! ```
//!
//! Finding the stale read is success (exit 0); missing it, or finding
//! anything else, exits 1.

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::history::{EventType, History, Outcome};
use lockstep_gen::linearizability::{self, Register, RegisterOp, Verdict, operations};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, NoFault, Run, RunOp, client_fn, worker_ops};
use lockstep_gen::{Check, Failure, OpSequence, Workload};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Read,
    /// Every write's value is unique in a case, so a read names the write it saw.
    Write(u64),
}

pub const WORKERS: usize = 3;

/// Each case: the three workers' reads and writes, staggered, merged into one timeline.
pub struct Timeline;

impl Workload for Timeline {
    type Op = Timed<(usize, Op)>;
    const LENGTH: usize = 60;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = Timed<(usize, Op)>> {
        Workers::new(seed, WORKERS).timeline(|w, _| {
            let writes = (1..).map(move |i| Op::Write(w as u64 * 1_000_000 + i));
            mix_weighted([(repeat(Op::Read).boxed(), 2), (writes.boxed(), 1)])
                .stagger(Duration::from_millis(2))
        })
    }
}

type RegisterHistory = History<RunOp<Op, NoFault>, u64, String>;

/// Plays a case in simulation on a fresh store, its latencies seeded by the case.
pub fn play(case: &OpSequence<Timeline>) -> RegisterHistory {
    let store = Arc::new(Mutex::new(0));
    let client = move |_process| {
        let store = store.clone();
        // The planted bug: a client answers a read from what it saw last, if it saw anything.
        let mut cache = None;
        client_fn(move |op: &Op| {
            let mut value = store.lock().unwrap();
            match *op {
                Op::Read => Outcome::Ok(*cache.get_or_insert(*value)),
                Op::Write(v) => {
                    *value = v;
                    cache = Some(v);
                    Outcome::Ok(v)
                }
            }
        })
    };
    let ops = case.ops();
    Run::new(Workers::new(case.seed(), WORKERS), client, |w, _| {
        worker_ops(ops, w)
    })
    .simulate(Latency::uniform(
        Duration::from_micros(100),
        Duration::from_millis(3),
    ))
}

/// Whether the history is linearizable, checked against a register that starts at 0.
pub fn stale_read(history: &RegisterHistory) -> Result<(), String> {
    let input = |op: &RunOp<Op, NoFault>| match op.client()? {
        Op::Read => Some(RegisterOp::Read),
        Op::Write(v) => Some(RegisterOp::Write(*v)),
    };
    let ops = operations(history, input, |_, value| Some(*value));
    match linearizability::check(&Register::with_value(0), &ops) {
        Verdict::Linearizable => Ok(()),
        verdict => Err(verdict.to_string()),
    }
}

/// The check `main` runs: from a fresh base, or from `LOCKSTEP_SEED`, whose first case a replay line names.
pub fn check() -> Check<Timeline> {
    Check::new("stale_read", Timeline).command("cargo run --example stale_read")
}

/// Runs `check`; `Ok` with the failure if it is the planted stale read, shrunk, else why not.
pub fn find_bug(check: &Check<Timeline>) -> Result<Failure<Timeline>, String> {
    let failure = match check.run(|case| stale_read(&play(case))) {
        Ok(passed) => return Err(format!("the stale read was not found: {passed}")),
        Err(failure) => failure,
    };
    if failure.is_nondeterministic()
        || failure.is_flaky()
        || !failure.message().contains("not linearizable")
    {
        return Err(format!("not the planted bug:\n{failure}"));
    }
    Ok(failure)
}

fn main() -> ExitCode {
    match find_bug(&check()) {
        Ok(failure) => {
            let history = play(failure.shrunk());
            println!("found the planted stale read:\n{failure}");
            let invokes = history.counts().of(EventType::Invoke);
            println!(
                "(the shrunk case's history: {invokes} ops, {} events)",
                history.len()
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("{why}");
            ExitCode::FAILURE
        }
    }
}
