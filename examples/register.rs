//! A Jepsen-style register workload, replayable from its seed.
//!
//! Four worker threads each pull from their own generator (reads, writes and
//! compare-and-sets, weighted, at staggered times), seeded from the run's seed
//! with `Seed::derive`; a nemesis thread pauses and resumes the register on
//! its own seeded timeline. Ops run against an in-process register for two
//! seconds and every invoke and completion goes into a history.
//!
//! It prints `seed: <seed>` first, then a summary, and `ops digest: <hex>`
//! last. The digest covers every op each worker and the nemesis was given:
//! whatever the threads' timing (which may change results), the same seed
//! gives the same digest. Replay a run with
//!
//! ```text
//! LOCKSTEP_SEED=<seed> cargo run --example register
//! ```

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use lockstep_gen::prelude::*;

/// A client's op on the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
}

/// A nemesis op.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Pause,
    Resume,
}

pub const WORKERS: usize = 4;
/// How long the example runs.
pub const RUN: Duration = Duration::from_secs(2);
/// The mean gap between one worker's ops.
const CLIENT_MEAN: Duration = Duration::from_millis(5);
/// The mean gap between the nemesis's ops.
const NEMESIS_MEAN: Duration = Duration::from_millis(150);

type Stream<T> = Box<dyn Generator<Item = T> + Send>;

/// One worker's ops: reads twice as often as writes or CASes, values in 0..5, staggered, for `run`.
///
/// Every random part has its own seed derived from the worker's.
pub fn client_ops(seed: Seed, run: Duration) -> impl Generator<Item = Timed<Op>> + Send {
    let reads: Stream<Op> = Box::new(repeat(Op::Read));
    let writes: Stream<Op> = Box::new(random(0..5).seed(seed.derive(1)).map(Op::Write));
    let old = random(0..5).seed(seed.derive(2));
    let new = random(0..5).seed(seed.derive(3));
    let cases: Stream<Op> = Box::new(old.zip(new).map(|(old, new)| Op::Cas(old, new)));
    mix_weighted([(reads, 2), (writes, 1), (cases, 1)])
        .seed(seed.derive(4))
        .stagger(CLIENT_MEAN)
        .seed(seed.derive(5))
        .time_limit(run)
}

/// The nemesis's ops: pause, resume, pause… at staggered times, for `run`.
pub fn nemesis_ops(seed: Seed, run: Duration) -> impl Generator<Item = Timed<Fault>> + Send {
    cycle([Fault::Pause, Fault::Resume])
        .stagger(NEMESIS_MEAN)
        .seed(seed)
        .time_limit(run)
}

/// FNV-1a, 64 bits: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The ops digest: FNV-1a 64 over a fixed byte encoding of every stream, all integers little-endian `u64`.
///
/// For each worker in order: its index, its op count, then per op its time in
/// nanoseconds, a tag (0 read, 1 write, 2 cas) and the op's values. Then the
/// nemesis: `u64::MAX`, its op count, and per op its time and a tag (0 pause,
/// 1 resume). Nothing in it depends on the platform, the Rust release or
/// the threads' timing.
pub fn digest(clients: &[Vec<Timed<Op>>], nemesis: &[Timed<Fault>]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    let mut put = |x: u64| h = fnv1a(h, &x.to_le_bytes());
    let nanos = |at: Duration| u64::try_from(at.as_nanos()).expect("times fit in u64");
    for (worker, ops) in clients.iter().enumerate() {
        put(worker as u64);
        put(ops.len() as u64);
        for t in ops {
            put(nanos(t.at));
            match t.op {
                Op::Read => put(0),
                Op::Write(v) => {
                    put(1);
                    put(v);
                }
                Op::Cas(old, new) => {
                    put(2);
                    put(old);
                    put(new);
                }
            }
        }
    }
    put(u64::MAX);
    put(nemesis.len() as u64);
    for t in nemesis {
        put(nanos(t.at));
        put(match t.op {
            Fault::Pause => 0,
            Fault::Resume => 1,
        });
    }
    h
}

/// The digest of a run, computed without running it: the streams are fixed by the seed.
pub fn planned_digest(seed: Seed, run: Duration) -> u64 {
    let workers = Workers::new(seed, WORKERS);
    let clients: Vec<Vec<_>> = workers.streams(|_, s| client_ops(s, run).collect());
    let nemesis: Vec<_> = nemesis_ops(workers.nemesis_seed(), run).collect();
    digest(&clients, &nemesis)
}

/// One entry of the history.
#[derive(Clone, Copy, Debug)]
pub enum Event {
    Invoke { worker: usize, op: Op },
    Ok { worker: usize, op: Op, value: u64 },
    Fail { worker: usize, op: Op },
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Report {
    /// Ops given to each worker.
    pub ops: Vec<usize>,
    /// Ops that completed `ok`, per worker.
    pub ok: Vec<usize>,
    /// Faults the nemesis injected.
    pub faults: usize,
    /// Every invoke and completion, in the order they happened.
    pub history: Vec<Event>,
    /// See [`digest`].
    pub digest: u64,
}

/// Runs the workload for `run` against an in-process register.
pub fn run(seed: Seed, run: Duration) -> Report {
    let workers = Workers::new(seed, WORKERS);
    let register = AtomicU64::new(0);
    let paused = AtomicBool::new(false);
    let history = Mutex::new(Vec::new());
    let log = |e: Event| history.lock().unwrap().push(e);
    let apply = |op: Op| -> Option<u64> {
        if paused.load(Ordering::SeqCst) {
            return None; // a paused register answers nothing
        }
        match op {
            Op::Read => Some(register.load(Ordering::SeqCst)),
            Op::Write(v) => {
                register.store(v, Ordering::SeqCst);
                Some(v)
            }
            Op::Cas(old, new) => register
                .compare_exchange(old, new, Ordering::SeqCst, Ordering::SeqCst)
                .ok()
                .map(|_| new),
        }
    };

    let start = Instant::now();
    let (clients, nemesis) = thread::scope(|scope| {
        let handles: Vec<_> = workers.streams(|worker, s| {
            let (apply, log) = (&apply, &log);
            scope.spawn(move || {
                let mut given = Vec::new();
                for t in client_ops(s, run).paced(start) {
                    given.push(t);
                    log(Event::Invoke { worker, op: t.op });
                    log(match apply(t.op) {
                        Some(value) => Event::Ok {
                            worker,
                            op: t.op,
                            value,
                        },
                        None => Event::Fail { worker, op: t.op },
                    });
                }
                given
            })
        });
        let paused = &paused;
        let nemesis = scope.spawn(move || {
            let mut given = Vec::new();
            for t in nemesis_ops(workers.nemesis_seed(), run).paced(start) {
                paused.store(t.op == Fault::Pause, Ordering::SeqCst);
                given.push(t);
            }
            given
        });
        let clients: Vec<Vec<_>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        (clients, nemesis.join().unwrap())
    });

    let history = history.into_inner().unwrap();
    let ok = (0..WORKERS)
        .map(|w| {
            let ok = |e: &&Event| matches!(e, Event::Ok { worker, .. } if *worker == w);
            history.iter().filter(ok).count()
        })
        .collect();
    Report {
        ops: clients.iter().map(Vec::len).collect(),
        ok,
        faults: nemesis.len(),
        digest: digest(&clients, &nemesis),
        history,
    }
}

fn main() {
    let seed = Seed::base().unwrap_or_else(|e| panic!("{e}"));
    println!("seed: {seed}");
    let report = run(seed, RUN);
    for (worker, (&ops, &ok)) in report.ops.iter().zip(&report.ok).enumerate() {
        println!("worker {worker}: {ops} ops, {ok} ok, {} fail", ops - ok);
    }
    let total: usize = report.ops.iter().sum();
    let ok: usize = report.ok.iter().sum();
    println!(
        "all: {total} ops, {ok} ok, {} fail; nemesis: {} faults; history: {} events",
        total - ok,
        report.faults,
        report.history.len()
    );
    // The threads must have been given exactly the ops the seed fixes, computed without them.
    assert_eq!(
        report.digest,
        planned_digest(seed, RUN),
        "the threads ran other ops than the seed fixes"
    );
    println!("ops digest: {:016x}", report.digest);
}
