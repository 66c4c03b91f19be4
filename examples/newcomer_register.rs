//! A first test, written from the README and the docs: a compare-and-set register with a race.
//!
//! Each client keeps the value it last saw, and its cas compares the
//! expected value with that copy instead of the register: under concurrency
//! another process may have written since, and the cas overwrites a value it
//! never expected. Four workers run reads, writes and cas ops against it in
//! simulation while a nemesis pauses and resumes it; the linearizability
//! checker judges the history. It prints the seed, the verdict with its
//! counterexample, the line that replays the run, and the history's digest.
//!
//! ```text
//! cargo run --example newcomer_register                     # a fresh seed: finds the race
//! LOCKSTEP_SEED=<seed> cargo run --example newcomer_register  # the same history, byte for byte
//! cargo run --example newcomer_register -- --fixed          # the cas reads the register: linearizable
//! ```

use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::history::{Edn, EdnOp, History, Outcome};
use lockstep_gen::linearizability::{
    CasOp, CasRegister, Operation, Verdict, check, operations, picture,
};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Client, Latency, Run, RunOp};

/// The nemesis's faults: a paused register fails every op.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Pause,
    Resume,
}

// Written by hand rather than derived with the `serde` feature, so the example needs only the core crate.
impl EdnOp for Fault {
    fn f(&self) -> Edn {
        Edn::keyword(match self {
            Fault::Pause => "pause",
            Fault::Resume => "resume",
        })
    }

    fn value(&self) -> Edn {
        Edn::Nil
    }
}

/// The register: its value, and whether the nemesis paused it.
#[derive(Debug, Default)]
struct Register {
    value: u64,
    paused: bool,
}

/// One process's connection. With `buggy`, its cas checks the value it last saw, not the register's.
struct Connection {
    register: Arc<Mutex<Register>>,
    last_seen: Option<u64>,
    buggy: bool,
}

impl Client for Connection {
    type Op = CasOp<u64>;
    type Value = Option<u64>;
    type Error = String;

    fn invoke(&mut self, op: &CasOp<u64>) -> Outcome<Option<u64>, String> {
        let mut register = self.register.lock().unwrap();
        if register.paused {
            return Outcome::Fail("paused".into());
        }
        let seen = match (*op, self.buggy) {
            (CasOp::Cas(..), true) => self.last_seen.unwrap_or(register.value),
            _ => register.value,
        };
        match *op {
            CasOp::Read => {}
            CasOp::Write(new) => register.value = new,
            CasOp::Cas(old, new) if seen == old => register.value = new,
            CasOp::Cas(..) => return Outcome::Fail("the value differs".into()),
        }
        self.last_seen = Some(register.value);
        // The checker's `CasRegister` reads a read's output and ignores a write's or a cas's.
        Outcome::Ok(Some(register.value))
    }
}

pub type RegisterHistory = History<RunOp<CasOp<u64>, Fault>, Option<u64>, String>;

/// How long a run lasts, in logical time.
pub const RUN: Duration = Duration::from_secs(1);
const MEAN: Duration = Duration::from_millis(2);

/// Plays one run in simulation from `seed` against a fresh register.
pub fn play(seed: Seed, buggy: bool) -> RegisterHistory {
    let register = Arc::new(Mutex::new(Register::default()));
    let nemesis = register.clone();
    let clients = move |_process| Connection {
        register: register.clone(),
        last_seen: None,
        buggy,
    };
    let ops = |_worker, _seed| {
        let reads = repeat(CasOp::Read).boxed();
        let writes = random(0..4).map(CasOp::Write).boxed();
        let cas = random(0..4)
            .zip(random(0..4))
            .map(|(a, b)| CasOp::Cas(a, b));
        mix_weighted([(reads, 2), (writes, 1), (cas.boxed(), 2)]).stagger(MEAN)
    };
    Run::new(Workers::new(seed, 4), clients, ops)
        .nemesis(
            |_seed| cycle([Fault::Pause, Fault::Resume]).stagger(MEAN * 40),
            move |fault: &Fault| {
                nemesis.lock().unwrap().paused = *fault == Fault::Pause;
                Outcome::Ok(None)
            },
        )
        .time_limit(RUN)
        .simulate(Latency::uniform(MEAN / 10, MEAN))
}

/// The model: a compare-and-set register that starts at 0, as `Register` does.
fn model() -> CasRegister<u64> {
    CasRegister::with_value(0)
}

/// The client ops of a run, as the checker reads them (the nemesis's faults left out).
pub fn client_ops(history: &RegisterHistory) -> Vec<Operation<CasOp<u64>, Option<u64>>> {
    operations(history, |op| op.client().copied(), |_, value| *value)
}

/// The verdict on a run's client ops.
pub fn verdict(history: &RegisterHistory) -> Verdict {
    check(&model(), &client_ops(history))
}

fn main() -> ExitCode {
    let buggy = !std::env::args().any(|arg| arg == "--fixed");
    // `?` would print the error's `Debug`; its `Display` says what a seed must look like.
    let seed = match Seed::base() {
        Ok(seed) => seed,
        Err(error) => {
            eprintln!("LOCKSTEP_SEED: {error}");
            return ExitCode::from(2);
        }
    };
    println!("seed: {seed}");
    let history = play(seed, buggy);
    let verdict = verdict(&history);
    // A long prefix prints its last ops only, nearest the one that cannot follow.
    println!("verdict: {verdict}");
    if !verdict.is_linearizable() {
        let path = std::env::temp_dir().join("newcomer_register.html");
        if std::fs::write(&path, picture(&model(), &client_ops(&history), &verdict)).is_ok() {
            println!("picture: {}", path.display());
        }
    }
    println!("replay: LOCKSTEP_SEED={seed} cargo run --example newcomer_register");
    println!(
        "history digest: {:016x} ({} events)",
        history.digest(),
        history.len()
    );
    if verdict.is_linearizable() == buggy {
        eprintln!(
            "expected the {} register to be found {}",
            if buggy { "racy" } else { "fixed" },
            if buggy { "out" } else { "linearizable" }
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
