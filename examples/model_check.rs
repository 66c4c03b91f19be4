//! A sequential model-based test that finds a planted bug and prints how to replay it.
//!
//! A small key-value store is driven by weighted get/put/cas ops; after each
//! op its answer is compared with a model's (a plain `HashMap`). The store's
//! `cas` has a planted bug: when the expected value is 0 it writes the new
//! value even if the cas fails. The check finds it, shrinks the failing ops to
//! the few that show it, and prints a replay line:
//!
//! ```sh
//! cargo run --example model_check
//! LOCKSTEP_SEED=0x… cargo run --example model_check   # the same failure, the same shrunk ops
//! ```
//!
//! Finding the bug is success (exit 0); missing it, or finding anything
//! else (a failure without the planted bug's cas, a nondeterministic
//! workload), exits 1.

use std::collections::HashMap;
use std::process::ExitCode;

use lockstep_gen::prelude::*;
use lockstep_gen::{Check, Failure, OpSequence, Workload};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Get(u8),
    Put(u8, u64),
    /// Key, expected value, new value.
    Cas(u8, u64, u64),
}

/// What the store (or the model) answered.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reply {
    Value(Option<u64>),
    Done,
    /// `Err` holds the value that was there instead.
    Swapped(Result<(), Option<u64>>),
}

/// 3 keys and values 0..3: few enough that ops collide on keys often.
pub struct KvOps;

impl Workload for KvOps {
    type Op = Op;
    const LENGTH: usize = 30;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = Op> {
        let mut pool = Vec::new();
        for key in 0..3 {
            pool.push((Op::Get(key), 6));
            for value in 0..3 {
                pool.push((Op::Put(key, value), 2));
                for new in 0..3 {
                    pool.push((Op::Cas(key, value, new), 1));
                }
            }
        }
        weighted(pool).seed(seed)
    }
}

/// The system under test, with the planted bug.
#[derive(Default)]
struct Store {
    data: HashMap<u8, u64>,
}

impl Store {
    fn apply(&mut self, op: Op) -> Reply {
        match op {
            Op::Get(key) => Reply::Value(self.data.get(&key).copied()),
            Op::Put(key, value) => {
                self.data.insert(key, value);
                Reply::Done
            }
            Op::Cas(key, expected, new) => {
                let current = self.data.get(&key).copied();
                if expected == 0 {
                    // The planted bug: a "reset from 0" fast path writes before checking.
                    self.data.insert(key, new);
                }
                if current == Some(expected) {
                    self.data.insert(key, new);
                    Reply::Swapped(Ok(()))
                } else {
                    Reply::Swapped(Err(current))
                }
            }
        }
    }
}

/// The specification: a map, and a cas that writes only when it succeeds.
#[derive(Default)]
struct Model {
    data: HashMap<u8, u64>,
}

impl Model {
    fn apply(&mut self, op: Op) -> Reply {
        match op {
            Op::Get(key) => Reply::Value(self.data.get(&key).copied()),
            Op::Put(key, value) => {
                self.data.insert(key, value);
                Reply::Done
            }
            Op::Cas(key, expected, new) => match self.data.get(&key).copied() {
                Some(current) if current == expected => {
                    self.data.insert(key, new);
                    Reply::Swapped(Ok(()))
                }
                current => Reply::Swapped(Err(current)),
            },
        }
    }
}

/// Runs the ops against a fresh store and a fresh model, comparing their answers after each op.
fn matches_model(case: &OpSequence<KvOps>) -> Result<(), String> {
    let (mut store, mut model) = (Store::default(), Model::default());
    for &op in case.ops() {
        let (got, want) = (store.apply(op), model.apply(op));
        if got != want {
            return Err(format!(
                "{op:?}: the store answered {got:?}, the model {want:?}"
            ));
        }
    }
    Ok(())
}

/// The check `main` runs: from a fresh base, or from `LOCKSTEP_SEED`, whose first case is the one a replay line names.
pub fn check() -> Check<KvOps> {
    Check::new("model_check", KvOps).command("cargo run --example model_check")
}

/// Runs `check`; `Ok` with the failure if it is the planted bug, shrunk, else why not.
pub fn find_bug(check: &Check<KvOps>) -> Result<Failure<KvOps>, String> {
    let failure = match check.run(matches_model) {
        Ok(passed) => return Err(format!("{passed}, so the planted bug went unnoticed")),
        Err(failure) => failure,
    };
    if failure.is_nondeterministic() {
        return Err(format!("the workload is not deterministic:\n{failure}"));
    }
    // Only a cas expecting 0 can make the store and the model part ways.
    let planted = |op: &Op| matches!(op, Op::Cas(_, 0, _));
    if !failure.shrunk().ops().iter().any(planted) {
        return Err(format!(
            "a failure without a cas expecting 0, so not the planted bug:\n{failure}"
        ));
    }
    Ok(failure)
}

fn main() -> ExitCode {
    match find_bug(&check()) {
        Ok(failure) => {
            println!("found the planted bug:\n{failure}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            println!("{why}");
            ExitCode::FAILURE
        }
    }
}
