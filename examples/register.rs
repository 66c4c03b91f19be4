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

use lockstep_gen::history::{Edn, EdnOp, EventType, History, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, Run, RunOp, client_fn};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Fault {
    Pause,
    Resume,
}

pub const RUN: Duration = Duration::from_secs(2);
/// The mean gap between a worker's ops; the nemesis's is 30 times as long.
const MEAN: Duration = Duration::from_millis(5);

pub type RegisterHistory = History<RunOp<Op, Fault>, u64, String>;

/// Plays the workload for `run` on a fresh register: in simulation or on threads, and the digest of the ops it planned.
pub fn play(seed: Seed, run: Duration, simulate: bool) -> (RegisterHistory, u64) {
    // The register's value, and whether the nemesis has paused it (a paused register answers nothing).
    let register = Arc::new(Mutex::new((0, false)));
    let nemesis = register.clone();
    let client = move |_process| {
        let register = register.clone();
        client_fn(move |op: &Op| {
            let (value, paused) = &mut *register.lock().unwrap();
            match *op {
                _ if *paused => Outcome::Fail("paused".to_string()),
                Op::Read => Outcome::Ok(*value),
                Op::Cas(old, _) if *value != old => Outcome::Fail("the value differs".into()),
                // A write, or a cas that matched, answers the value it replaced.
                Op::Write(new) | Op::Cas(_, new) => Outcome::Ok(std::mem::replace(value, new)),
            }
        })
    };
    let run = Run::new(Workers::new(seed, 4), client, |_worker, _seed| {
        let writes = random(0..5).map(Op::Write).boxed();
        let cases = random(0..5).zip(random(0..5)).map(|(a, b)| Op::Cas(a, b));
        let reads = repeat(Op::Read).boxed();
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
    // Every op the seed fixes, each worker's and the nemesis's, with its logical time.
    let mut planned = String::new();
    let mut plan = |who: String, at: Duration, (f, value): (Edn, Edn)| {
        planned += &format!("{who} {} {f} {value}\n", at.as_nanos());
    };
    for (w, ops) in run.planned().into_iter().enumerate() {
        ops.iter()
            .for_each(|t| plan(w.to_string(), t.at, t.op.f_and_value()));
    }
    for t in run.planned_faults() {
        plan("nemesis".into(), t.at, t.op.f_and_value());
    }
    let history = match simulate {
        true => run.simulate(Latency::uniform(MEAN / 50, MEAN / 2)),
        false => run.threads(),
    };
    (history, fnv1a(planned.as_bytes()))
}

/// FNV-1a, 64 bits: the same digest of the same bytes everywhere.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let simulate = args.iter().any(|a| a == "--simulate");
    let seed = Seed::base()?;
    println!("seed: {seed}");
    let (history, ops_digest) = play(seed, RUN, simulate);
    let by_kind = history.counts_by(|op| op.client().is_some());
    let (ops, faults) = (&by_kind[&true], by_kind[&false].of(EventType::Invoke));
    let (ok, fail) = (ops.of(EventType::Ok), ops.of(EventType::Fail));
    let events = history.len();
    print!("all: {} ops, {ok} ok, {fail} fail; ", ok + fail);
    println!("nemesis: {faults} faults; history: {events} events");
    if let Some(path) = args.iter().skip_while(|a| *a != "--history").nth(1) {
        history.write_edn(std::io::BufWriter::new(std::fs::File::create(path)?))?;
        println!("history: {path}");
    }
    println!("ops digest: {ops_digest:016x}");
    if simulate {
        let digest = fnv1a(history.to_edn_string().as_bytes());
        println!("history digest: {digest:016x}");
    }
    Ok(())
}
