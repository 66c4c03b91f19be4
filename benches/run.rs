//! The runner's own cost: 4 workers, a client that does nothing, history recording included.
//!
//! - `threads`: `Run::threads` against the loop a user would write by hand, 4 threads that
//!   time each op and push its invocation and completion into a vector of their own (no merge).
//! - `simulate`: `Run::simulate`, one thread, logical time; its throughput against Jepsen's
//!   documented interpreter rate (20,000–26,000 ops/s).
//!
//! Run with `cargo bench --bench run`.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::Generator;
use lockstep_gen::history::{Event, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Client, Latency, Run};

const WORKERS: usize = 4;
const OPS_PER_WORKER: u32 = 25_000;

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

fn bench(c: &mut Criterion) {
    let total = WORKERS as u64 * u64::from(OPS_PER_WORKER);
    let run = Run::new(Workers::new(1, WORKERS), |_| Nothing, |w, _| ops(w));

    let mut group = c.benchmark_group("run");
    group.throughput(Throughput::Elements(total));
    group.sample_size(20);
    group.bench_function("threads/4 workers", |b| b.iter(|| black_box(run.threads())));
    group.bench_function("by hand/4 threads", |b| b.iter(|| black_box(by_hand())));
    group.bench_function("simulate/4 workers", |b| {
        b.iter(|| {
            black_box(run.simulate(Latency::uniform(
                Duration::from_micros(10),
                Duration::from_millis(1),
            )))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
