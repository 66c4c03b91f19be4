//! A Jepsen-style register workload on the runner, replayable from its seed.
//!
//! Four workers run weighted reads, writes and compare-and-sets at staggered
//! times against an in-process register, while a nemesis pauses and resumes
//! it, for two seconds; the runner records a Jepsen history. It prints
//! `seed: <seed>` first, a summary, and `ops digest: <hex>` last: a digest of
//! every op each worker and the nemesis was given, which the seed alone fixes,
//! whatever the threads' timing.
//!
//! ```text
//! LOCKSTEP_SEED=<seed> cargo run --example register                   # real time, on threads
//! LOCKSTEP_SEED=<seed> cargo run --example register -- --simulate     # logical time: ends in `history digest: <hex>`
//! cargo run --example register -- --history history.edn              # the history, as Jepsen's EDN
//! ```

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::history::SerdeOp;
use lockstep_gen::history::{EventType, History, Outcome};
use lockstep_gen::linearizability::{CasOp, CasRegister, check, operations, picture};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, Run, RunOp, client_fn};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Fault {
    Pause,
    Resume,
}

/// Written to a history as its `Serialize` impl names it: `:f :pause`.
impl SerdeOp for Fault {}

pub const RUN: Duration = Duration::from_secs(2);
/// The mean gap between a worker's ops; the nemesis's is 30 times as long.
const MEAN: Duration = Duration::from_millis(5);

/// Ops are the checker's own: `CasOp` reads, writes and compare-and-sets, written to EDN as Jepsen's.
pub type RegisterHistory = History<RunOp<CasOp<u64>, Fault>, u64, String>;

/// Plays the workload for `run` on a fresh register, in simulation or on threads, and the digest of the ops it planned.
///
/// With `bug`, a paused register still applies a write while it answers
/// `fail`: the write happened, which a `fail` must never say.
pub fn play(seed: Seed, run: Duration, simulate: bool, bug: bool) -> (RegisterHistory, u64) {
    // The register's value, and whether the nemesis has paused it (a paused register answers nothing).
    let register = Arc::new(Mutex::new((0, false)));
    let nemesis = register.clone();
    let client = move |_process| {
        let register = register.clone();
        client_fn(move |op: &CasOp<u64>| {
            let (value, paused) = &mut *register.lock().unwrap();
            match *op {
                CasOp::Write(new) if *paused && bug => {
                    *value = new;
                    Outcome::Fail("paused".to_string())
                }
                _ if *paused => Outcome::Fail("paused".to_string()),
                CasOp::Read => Outcome::Ok(*value),
                CasOp::Cas(old, _) if *value != old => Outcome::Fail("the value differs".into()),
                // A write, or a cas that matched, answers the value it replaced.
                CasOp::Write(new) | CasOp::Cas(_, new) => {
                    Outcome::Ok(std::mem::replace(value, new))
                }
            }
        })
    };
    let run = Run::new(Workers::new(seed, 4), client, |_worker, _seed| {
        let writes = random(0..5).map(CasOp::Write).boxed();
        let cases = random(0..5)
            .zip(random(0..5))
            .map(|(a, b)| CasOp::Cas(a, b));
        let reads = repeat(CasOp::Read).boxed();
        mix_weighted([(reads, 2), (writes, 1), (cases.boxed(), 1)]).stagger(MEAN)
    })
    .nemesis(
        |_seed| cycle([Fault::Pause, Fault::Resume]).stagger(MEAN * 30),
        move |fault: &Fault| {
            nemesis.lock().unwrap().1 = *fault == Fault::Pause;
            Outcome::Ok(0)
        },
    )
    .time_limit(run);
    let history = match simulate {
        true => run.simulate(Latency::uniform(MEAN / 50, MEAN / 2)),
        false => run.threads(),
    };
    (history, run.planned_digest())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    // Not `?`: that would print the error's `Debug`; its `Display` says what a seed must look like.
    let seed = Seed::base().unwrap_or_else(|e| {
        eprintln!("LOCKSTEP_SEED: {e}");
        std::process::exit(2)
    });
    println!("seed: {seed}");
    let (history, ops_digest) = play(seed, RUN, flag("--simulate"), flag("--planted-bug"));
    let by_kind = history.counts_by(|op| op.client().is_some());
    let (ops, faults) = (&by_kind[&true], by_kind[&false].of(EventType::Invoke));
    let (ok, fail, events) = (
        ops.of(EventType::Ok),
        ops.of(EventType::Fail),
        history.len(),
    );
    println!(
        "all: {} ops, {ok} ok, {fail} fail; nemesis: {faults} faults; history: {events} events",
        ok + fail
    );
    if let Some(path) = args.iter().skip_while(|a| *a != "--history").nth(1) {
        history.write_edn(std::io::BufWriter::new(std::fs::File::create(path)?))?;
        println!("history: {path}");
    }
    // The client ops, checked against a compare-and-set register that starts at 0.
    let ops = operations(&history, |op| op.client().copied(), |_, value| Some(*value));
    let (model, verdict) = (
        CasRegister::with_value(0),
        check(&CasRegister::with_value(0), &ops),
    );
    println!("linearizable: {}", verdict.is_linearizable());
    if !verdict.is_linearizable() {
        let path = std::env::temp_dir().join("register.html");
        std::fs::write(&path, picture(&model, &ops, &verdict))?;
        println!("counterexample: {}", path.display());
    }
    println!("ops digest: {ops_digest:016x}");
    if flag("--simulate") {
        println!("history digest: {:016x}", history.digest());
    }
    Ok(())
}
