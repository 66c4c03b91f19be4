//! The runner's own cost: 4 workers, a client that does nothing, history recording included.
//!
//! - `Run::threads` against the loop a user would write by hand: 4 threads that time each op
//!   and push its invocation and completion into a vector of their own (and merge nothing);
//! - `Run::simulate`, one thread, logical time: its throughput against 100× Jepsen's
//!   documented interpreter rate (26,000 ops/s);
//! - `History::merge` alone (the rules checked), of 4 workers' events taking turns event
//!   by event (threads side by side) or one after another (threads sharing a core).
//!
//! The cases run interleaved, round after round, and each keeps its best round, so load from
//! other processes hits them alike. `cargo bench --bench run` prints the table;
//! `cargo bench -- --test`, as CI runs it, one round.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use lockstep_gen::Generator;
use lockstep_gen::Seed;
use lockstep_gen::history::{Event, History, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Client, Latency, Run};

const WORKERS: usize = 4;
const OPS_PER_WORKER: u32 = 25_000;
const ROUNDS: usize = 15;

/// A client that does nothing: what is measured is the runner.
struct Nothing;

impl Client for Nothing {
    type Op = u32;
    type Value = ();
    type Error = String;

    #[inline]
    fn invoke(&mut self, op: &u32) -> Outcome<(), String> {
        black_box(op);
        Outcome::Ok(())
    }
}

fn ops(worker: usize) -> impl Generator<Item = Timed<u32>> + Send {
    (0..OPS_PER_WORKER)
        .map(move |i| i ^ worker as u32)
        .delay(Duration::ZERO)
}

/// What a user writes by hand: each thread times its ops and keeps its own events.
fn by_hand() -> Vec<Vec<Event<u32, (), String>>> {
    let start = Instant::now();
    let nanos = |start: Instant| start.elapsed().as_nanos() as u64;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                scope.spawn(move || {
                    let mut client = Nothing;
                    let mut events = Vec::new();
                    for op in ops(w) {
                        let invoked = nanos(start);
                        let outcome = client.invoke(&op.op);
                        let completed = nanos(start);
                        events.push(Event::invoke(invoked, w as u64, op.op));
                        events.push(Event::complete(completed, w as u64, outcome));
                    }
                    events
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Each worker's events as the threads would record them, side by side
/// (`alternating`: the workers take turns event by event) or one after
/// another (a time slice each, as under callgrind or on a busy machine).
fn recorded(alternating: bool) -> Vec<Vec<Event<u32, (), String>>> {
    let events = 2 * u64::from(OPS_PER_WORKER);
    (0..WORKERS as u64)
        .map(|w| {
            let time = |i: u64| match alternating {
                true => i * WORKERS as u64 + w,
                false => w * events + i,
            };
            (0..events / 2)
                .flat_map(|i| {
                    [
                        Event::invoke(time(2 * i), w, i as u32),
                        Event::complete(time(2 * i + 1), w, Outcome::Ok(())),
                    ]
                })
                .collect()
        })
        .collect()
}

/// `History::merge` alone, ns per event, best of `rounds`.
fn merge(alternating: bool, rounds: usize) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let workers = recorded(alternating);
        let events = workers.iter().map(Vec::len).sum::<usize>() as f64;
        let start = Instant::now();
        let history = History::merge(Seed::from(1), workers);
        best = best.min(start.elapsed().as_nanos() as f64 / events);
        drop(black_box(history));
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--test");
    let rounds = if quick { 1 } else { ROUNDS };
    // `--only N` runs case N alone (0 threads, 1 by hand, 2 simulate, 3 and 4 the merge
    // alternating and one after another), for perf and callgrind.
    let only: Option<usize> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let run = Run::new(Workers::new(1, WORKERS), |_| Nothing, |w, _| ops(w));
    let latency = Latency::uniform(Duration::from_micros(10), Duration::from_millis(1));
    let ops_per_round = WORKERS as f64 * f64::from(OPS_PER_WORKER);

    // Interleaved, best round kept: load from other processes hits each case alike.
    let mut best = [f64::INFINITY; 3];
    let mut all: [Vec<f64>; 3] = Default::default();
    for _ in 0..rounds {
        let cases: [&dyn Fn(); 3] = [
            &|| drop(black_box(run.threads())),
            &|| drop(black_box(by_hand())),
            &|| drop(black_box(run.simulate(latency))),
        ];
        for (i, case) in cases.iter().enumerate() {
            if only.is_some_and(|o| o != i) {
                continue;
            }
            let start = Instant::now();
            case();
            let ns = start.elapsed().as_nanos() as f64 / ops_per_round;
            best[i] = best[i].min(ns);
            all[i].push(ns);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let names = [
        "Run::threads, 4 workers",
        "by hand, 4 threads",
        "Run::simulate, 4 workers",
    ];
    println!("{rounds} rounds interleaved, {ops_per_round} ops each; ns per op, history included");
    for i in 0..3 {
        if all[i].is_empty() {
            continue;
        }
        println!(
            "{:<28} best {:>7.1}  median {:>7.1}",
            names[i],
            best[i],
            median(&mut all[i])
        );
    }
    println!("threads / by hand (goal <= 2): {:.2}", best[0] / best[1]);
    println!("simulate: {:.2} million ops/s (goal >= 2.6)", 1e3 / best[2]);
    if let Some(case @ (3 | 4)) = only {
        println!(
            "History::merge alone: {:.1} ns per event",
            merge(case == 3, rounds)
        );
    }
    if only.is_none() {
        println!(
            "History::merge alone, ns per event: workers alternating {:.1}, one after another {:.1}",
            merge(true, rounds),
            merge(false, rounds)
        );
    }
    println!(
        "event size: {} bytes, + 4 for pairing (goal <= 64 with ops and values of up to 16 bytes)",
        std::mem::size_of::<Event<[u8; 16], [u8; 16], String>>()
    );
}
