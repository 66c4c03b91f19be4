//! The linearizability checker on Porcupine's own corpus (the 102 Jepsen etcd logs and the
//! MIT 6.824 kv logs committed under `tests/fixtures/porcupine/source/`), on generated
//! histories shaped like them, and how its time grows with processes and history length.
//!
//! ```sh
//! cargo bench --bench linearizability
//! ```
//!
//! Each generated history is simulated: every process calls ops one after another, each op
//! taking effect at a random moment between its call and its return on a real object (so every
//! history is linearizable, the costlier verdict to reach: a search that fails early stops
//! early), with a share of ops timing out as `info` (half of them having taken effect); a
//! process that timed out is replaced by a new one, as Jepsen does.
//!
//! `porcupine-style` is the baseline: Porcupine's search written out in Rust
//! (see `porcupine_style/mod.rs`), run on the same histories in the same run.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::history::{EdnHistory, read_edn, read_edn_file};
use lockstep_gen::linearizability::{
    CasOp, CasRegister, Checker, EdnModel, Kv, KvOp, Model, Operation,
};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

mod porcupine_style;

#[path = "../tests/porcupine/etcd.rs"]
mod etcd;

/// An op before it is run: who, when it is called and returns, and when it takes effect.
struct Planned<I> {
    process: u64,
    input: I,
    call: u64,
    ret: u64,
    effect: u64,
    /// Times out (`info`), and then takes effect only if this is also set.
    info: Option<bool>,
}

/// `ops` ops over `processes` processes, calls and returns at distinct times.
fn plan<I>(
    rng: &mut Pcg64Mcg,
    processes: u64,
    ops: usize,
    info_per_mille: u32,
    mut input: impl FnMut(&mut Pcg64Mcg) -> I,
) -> Vec<Planned<I>> {
    let mut clock = vec![0u64; processes as usize];
    // The process now in each slot: a new one after a timeout.
    let mut process: Vec<u64> = (0..processes).collect();
    let mut planned = Vec::with_capacity(ops);
    for i in 0..ops {
        let p = rng.random_range(0..processes);
        // Times are multiples of the op count plus the op's number, so no two coincide.
        let call = (clock[p as usize] + rng.random_range(1..20)) * ops as u64 + i as u64;
        let ret = call + rng.random_range(2..40) * ops as u64;
        let info =
            (rng.random_range(0..1000) < info_per_mille).then(|| rng.random_range(0..2) == 0);
        planned.push(Planned {
            process: process[p as usize],
            input: input(rng),
            call,
            ret,
            effect: rng.random_range(call + 1..ret),
            info,
        });
        // A process that timed out is replaced at once by a new one, as in Jepsen.
        clock[p as usize] = (if info.is_some() { call } else { ret }) / ops as u64;
        if info.is_some() {
            process[p as usize] += processes;
        }
    }
    planned
}

/// Runs `planned` on an object in the order the ops take effect; `apply` gives an op's output, or `None` if it failed.
fn run<I: Clone, O>(
    mut planned: Vec<Planned<I>>,
    mut apply: impl FnMut(&I) -> Option<O>,
) -> Vec<Operation<I, O>> {
    planned.sort_by_key(|p| p.effect);
    let mut ops: Vec<(u64, Operation<I, O>)> = planned
        .into_iter()
        .map(|p| {
            let op = match p.info {
                Some(false) => Operation::info(p.process, p.input, p.call),
                Some(true) => {
                    apply(&p.input);
                    Operation::info(p.process, p.input, p.call)
                }
                None => match apply(&p.input) {
                    Some(output) => Operation::ok(p.process, p.input, p.call, output, p.ret),
                    None => Operation::fail(p.process, p.input, p.call),
                },
            };
            (p.call, op)
        })
        .collect();
    ops.sort_by_key(|&(call, _)| call);
    ops.into_iter().map(|(_, op)| op).collect()
}

fn cas_history(
    seed: u64,
    processes: u64,
    ops: usize,
    info_per_mille: u32,
) -> Vec<Operation<CasOp<u8>, Option<u8>>> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let planned = plan(&mut rng, processes, ops, info_per_mille, |rng| {
        match rng.random_range(0..4) {
            0 | 1 => CasOp::Read,
            2 => CasOp::Write(rng.random_range(0..5)),
            _ => CasOp::Cas(rng.random_range(0..5), rng.random_range(0..5)),
        }
    });
    let mut value = None;
    run(planned, |op| match op {
        CasOp::Read => Some(value),
        CasOp::Write(v) => {
            value = Some(*v);
            Some(None)
        }
        CasOp::Cas(from, to) if value == Some(*from) => {
            value = Some(*to);
            Some(None)
        }
        CasOp::Cas(..) => None,
    })
}

fn kv_history(seed: u64, clients: u64, ops: usize, keys: u32) -> Vec<Operation<KvOp, String>> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut n = 0;
    let planned = plan(&mut rng, clients, ops, 10, |rng| {
        let key = format!("{}", rng.random_range(0..keys));
        n += 1;
        match rng.random_range(0..5) {
            0 | 1 => KvOp::get(key),
            2 => KvOp::put(key, format!("x{n}y")),
            _ => KvOp::append(key, format!("x{n}y")),
        }
    });
    let mut store: HashMap<String, String> = HashMap::new();
    run(planned, |op| {
        let value = store.entry(op.key().to_owned()).or_default();
        match op {
            KvOp::Get { .. } => return Some(value.clone()),
            KvOp::Put { value: new, .. } => *value = new.clone(),
            KvOp::Append { value: more, .. } => value.push_str(more),
        }
        Some(String::new())
    })
}

/// Events (invocations and completions) in a history, as Jepsen counts them.
fn events<I, O>(ops: &[Operation<I, O>]) -> u64 {
    2 * ops.len() as u64
}

fn corpus_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/porcupine/source")
        .join(file)
}

/// Porcupine's corpus, checked as the command line checks it: the EDN read into an
/// `EdnHistory`, then its ops built and checked by `EdnModel`. 23 of the 102 etcd logs are
/// linearizable, 79 not; two of the four kv logs are.
fn porcupine_corpus(c: &mut Criterion) {
    let etcd_edn: Vec<String> = (0..=102)
        .filter(|&n| n != 95)
        .map(|n| etcd::etcd_log_to_edn(&corpus_path(&format!("etcd_{n:03}.log"))))
        .collect();
    let etcd: Vec<EdnHistory> = etcd_edn.iter().map(|t| read_edn(t).unwrap()).collect();
    let kv: Vec<EdnHistory> = ["c01-ok", "c01-bad", "c10-ok", "c10-bad"]
        .iter()
        .map(|name| read_edn_file(corpus_path(&format!("{name}.txt"))).unwrap())
        .collect();
    let checker = Checker::new();
    let check = |model: EdnModel, h: &EdnHistory| {
        let checked = model.check(black_box(h), &checker).unwrap();
        black_box(checked.verdict().is_linearizable())
    };
    let mut group = c.benchmark_group("linearizability/porcupine-corpus");
    group.throughput(Throughput::Elements(
        etcd.iter().map(|h| h.len() as u64).sum(),
    ));
    group.bench_function("102 etcd logs, read and checked", |b| {
        b.iter(|| {
            for text in &etcd_edn {
                check(EdnModel::CasRegister, &read_edn(black_box(text)).unwrap());
            }
        });
    });
    group.bench_function("102 etcd logs, checked", |b| {
        b.iter(|| {
            for h in &etcd {
                check(EdnModel::CasRegister, h);
            }
        });
    });
    group.throughput(Throughput::Elements(
        kv.iter().map(|h| h.len() as u64).sum(),
    ));
    group.bench_function("4 kv logs (1 and 10 clients), checked", |b| {
        b.iter(|| {
            for h in &kv {
                check(EdnModel::Kv, h);
            }
        });
    });
    group.finish();
}

/// The share of ops that time out (`info`) in Porcupine's etcd logs: 8% to 25%, 14% the median.
const ETCD_INFO_PER_MILLE: u32 = 150;

fn etcd_like(c: &mut Criterion) {
    // 102 histories of 84 ops (168 events) each over 5 processes, 15% of ops timing out: the
    // shape of Jepsen's etcd logs in Porcupine's corpus (146 to 180 events, median 168).
    let histories: Vec<_> = (0..102)
        .map(|seed| cas_history(seed, 5, 84, ETCD_INFO_PER_MILLE))
        .collect();
    let total: u64 = histories.iter().map(|h| events(h)).sum();
    let mut group = c.benchmark_group("linearizability/etcd-like");
    group.throughput(Throughput::Elements(total));
    group.bench_function("102 histories", |b| {
        b.iter(|| {
            for h in &histories {
                assert!(
                    Checker::new()
                        .check(&CasRegister::new(), black_box(h))
                        .is_linearizable()
                );
            }
        });
    });
    group.bench_function("102 histories, porcupine-style", |b| {
        b.iter(|| {
            for h in &histories {
                assert!(porcupine_style::check(&CasRegister::new(), black_box(h)));
            }
        });
    });
    group.finish();
}

/// How check time grows: with history length at 5 processes, and with processes at 1,000 ops,
/// each with the etcd logs' share of timeouts. (20 processes at 1,000 ops take seconds a check:
/// too slow for a bench run.)
fn cas_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("linearizability/cas-register");
    for (processes, ops) in [
        (5, 100),
        (5, 1_000),
        (5, 10_000),
        (2, 1_000),
        (10, 1_000),
        (15, 1_000),
    ] {
        let h = cas_history(7, processes, ops, ETCD_INFO_PER_MILLE);
        group.throughput(Throughput::Elements(events(&h)));
        let id = |what: &str| BenchmarkId::new(format!("{processes} processes{what}"), ops);
        group.bench_with_input(id(""), &h, |b, h| {
            b.iter(|| {
                assert!(
                    Checker::new()
                        .check(&CasRegister::new(), black_box(h))
                        .is_linearizable()
                )
            });
        });
        group.bench_with_input(id(", porcupine-style"), &h, |b, h| {
            b.iter(|| assert!(porcupine_style::check(&CasRegister::new(), black_box(h))));
        });
    }
    group.finish();
}

fn kv(c: &mut Criterion) {
    let mut group = c.benchmark_group("linearizability/kv");
    for clients in [1, 10, 50] {
        let h = kv_history(11, clients, 2_000, 10);
        group.throughput(Throughput::Elements(events(&h)));
        let id = |what: &str| BenchmarkId::new(format!("{clients} clients{what}"), events(&h));
        for threads in [1, 2] {
            group.bench_with_input(id(&format!(", {threads} threads")), &h, |b, h| {
                b.iter(|| {
                    assert!(
                        Checker::new()
                            .threads(threads)
                            .check(&Kv, black_box(h))
                            .is_linearizable()
                    )
                });
            });
        }
        // Porcupine partitions too, then checks each key on one thread.
        group.bench_with_input(id(", porcupine-style"), &h, |b, h| {
            b.iter(|| {
                for key in Kv.partition(black_box(h)).expect("kv partitions by key") {
                    let ops: Vec<_> = key.into_iter().map(|i| h[i].clone()).collect();
                    assert!(porcupine_style::check(&Kv, &ops));
                }
            });
        });
    }
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
    targets = porcupine_corpus, etcd_like, cas_scaling, kv
}
criterion_main!(benches);
