//! A history's costs beside the code a user would write by hand: building one
//! from per-worker vectors (merge and Jepsen's rules checked) against
//! concatenating and sorting them, and writing Jepsen's EDN against a bare
//! `writeln!` per event. Reading EDN back is measured alone (nothing to
//! compare it with in Rust).
//!
//! `cargo bench --bench history`

use std::hint::black_box;
use std::io::Write as _;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::Seed;
use lockstep_gen::history::{Edn, EdnOp, Event, History, Outcome, read_edn};

const WORKERS: u64 = 4;
const OPS_PER_WORKER: u64 = 25_000;
const EVENTS: u64 = WORKERS * OPS_PER_WORKER * 2;

/// A register op of 16 bytes, named as Jepsen names it.
#[derive(Clone, Copy, Debug)]
enum Op {
    Read,
    Write(u64),
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Read => "read",
            Op::Write(_) => "write",
        }
    }
}

impl EdnOp for Op {
    fn f(&self) -> Edn {
        Edn::keyword(self.name())
    }
    fn value(&self) -> Edn {
        match *self {
            Op::Read => Edn::Nil,
            Op::Write(v) => Edn::Int(v as i64),
        }
    }
}

type Ev = Event<Op, Option<u64>, String>;

/// What each worker of a run records: invocations and completions with
/// times interleaved across workers.
fn per_worker() -> Vec<Vec<Ev>> {
    (0..WORKERS)
        .map(|w| {
            (0..OPS_PER_WORKER)
                .flat_map(|i| {
                    let t = i * 1000 + w * 7;
                    let op = if i % 2 == 0 { Op::Read } else { Op::Write(i) };
                    let outcome = if i % 2 == 0 {
                        Outcome::Ok(Some(i))
                    } else {
                        Outcome::Ok(None)
                    };
                    [
                        Event::invoke(t, w, op),
                        Event::complete(t + 600, w, outcome),
                    ]
                })
                .collect()
        })
        .collect()
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("history/build");
    group.throughput(Throughput::Elements(EVENTS));
    let workers = per_worker();
    group.bench_function("lockstep merge", |b| {
        b.iter_batched(
            || workers.clone(),
            |w| black_box(History::merge(Seed::from(1), w).unwrap()),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("by hand: concat and sort", |b| {
        b.iter_batched(
            || workers.clone(),
            |w| {
                let mut all: Vec<Ev> = w.into_iter().flatten().collect();
                all.sort_by_key(|e| (e.time(), e.process()));
                black_box(all)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn write(c: &mut Criterion) {
    let mut group = c.benchmark_group("history/write_edn");
    group.throughput(Throughput::Elements(EVENTS));
    let history = History::merge(Seed::from(1), per_worker()).unwrap();
    group.bench_function("lockstep write_edn", |b| {
        b.iter(|| history.write_edn(std::io::sink()).unwrap())
    });
    group.bench_function("by hand: writeln!", |b| {
        b.iter(|| {
            let mut out = std::io::BufWriter::new(std::io::sink());
            let mut pending = [Op::Read; WORKERS as usize];
            for (index, e) in history.iter().enumerate() {
                let p = e.process() as usize;
                if let Some(op) = e.op() {
                    pending[p] = *op;
                }
                let op = pending[p];
                let value = match (e.outcome(), op) {
                    (Some(Outcome::Ok(Some(v))), _) => Some(*v),
                    (None, Op::Write(v)) => Some(v),
                    _ => None,
                };
                let (time, kind, process, f) = (e.time(), e.event_type(), e.process(), op.name());
                match value {
                    Some(v) => writeln!(
                        out,
                        "{{:index {index}, :time {time}, :type :{kind}, :process {process}, :f :{f}, :value {v}}}"
                    ),
                    None => writeln!(
                        out,
                        "{{:index {index}, :time {time}, :type :{kind}, :process {process}, :f :{f}, :value nil}}"
                    ),
                }
                .unwrap();
            }
            out.flush().unwrap();
        })
    });
    group.finish();
}

fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("history/read_edn");
    group.throughput(Throughput::Elements(EVENTS));
    let text = History::merge(Seed::from(1), per_worker())
        .unwrap()
        .to_edn_string();
    group.bench_function("lockstep read_edn", |b| {
        b.iter(|| black_box(read_edn(&text).unwrap()))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = build, write, read
}
criterion_main!(benches);
