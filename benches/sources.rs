//! Sources against the loop a user would write by hand with rand 0.10 on the same `Pcg64Mcg`,
//! and against the floor: raw `next_u64`; and building a weighted table against rand's and
//! rand_distr's.
//!
//! `cargo bench --bench sources`

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, RngExt};
use rand_distr::weighted::WeightedAliasIndex;

mod common;
use common::{BATCH, Op, pull};

fn floor(c: &mut Criterion) {
    let mut group = c.benchmark_group("floor");
    group.throughput(Throughput::Elements(BATCH));
    let mut rng = common::rng();
    group.bench_function("next_u64", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for _ in 0..BATCH {
                acc = acc.wrapping_add(rng.next_u64());
            }
            black_box(acc)
        })
    });
    group.finish();
}

fn uniform(c: &mut Criterion) {
    for n in [4, 1000] {
        let mut group = c.benchmark_group(format!("random/{n}"));
        group.throughput(Throughput::Elements(BATCH));
        let ops = common::pool(n);

        let mut g = random(ops.iter().copied()).seed(1);
        group.bench_function("lockstep", |b| b.iter(|| pull(|| g.next().unwrap())));

        let pool = black_box(ops.clone());
        let mut rng = common::rng();
        group.bench_function("rand random_range", |b| {
            b.iter(|| pull(|| pool[rng.random_range(0..pool.len())]))
        });
        group.finish();
    }
}

fn biased(c: &mut Criterion) {
    for n in [2, 4, 16, 1000] {
        let mut group = c.benchmark_group(format!("weighted/{n}"));
        group.throughput(Throughput::Elements(BATCH));
        let ops = common::pool(n);
        let weights = common::weights(n);

        let mut g = weighted(ops.iter().copied().zip(weights.iter().copied())).seed(1);
        group.bench_function("lockstep", |b| b.iter(|| pull(|| g.next().unwrap())));

        let pool = black_box(ops.clone());
        let index = WeightedIndex::new(weights.iter().copied()).unwrap();
        let mut rng = common::rng();
        group.bench_function("rand WeightedIndex", |b| {
            b.iter(|| pull(|| pool[index.sample(&mut rng)]))
        });
        group.finish();
    }
}

/// Building a weighted pool of a million ops, against rand_distr's alias table over the same
/// `u32` weights: alone (the weights already in a `Vec` it may take), and as a user would build
/// the same pool by hand (the ops into one `Vec`, the weights into another for the table). The
/// lockstep arm is the whole of `weighted(pairs)`: it collects the pairs, then builds the table.
fn construction(c: &mut Criterion) {
    const N: usize = 1_000_000;
    let mut group = c.benchmark_group(format!("table/{N}"));
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    let ops = common::pool(N);
    let weights = common::weights(N);

    group.bench_function("lockstep weighted", |b| {
        b.iter(|| weighted(ops.iter().copied().zip(weights.iter().copied())).seed(1))
    });
    group.bench_function("rand_distr WeightedAliasIndex::new", |b| {
        b.iter_batched(
            || weights.clone(),
            |w| WeightedAliasIndex::new(w).unwrap(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("by hand: ops Vec + WeightedAliasIndex::new", |b| {
        b.iter(|| {
            let (pool, w): (Vec<Op>, Vec<u32>) =
                ops.iter().copied().zip(weights.iter().copied()).unzip();
            (pool, WeightedAliasIndex::new(w).unwrap())
        })
    });
    group.bench_function("rand WeightedIndex::new", |b| {
        b.iter(|| WeightedIndex::new(weights.iter().copied()).unwrap())
    });
    group.finish();
}

fn cycling(c: &mut Criterion) {
    let mut group = c.benchmark_group("cycle/4");
    group.throughput(Throughput::Elements(BATCH));
    let ops = common::pool(4);

    let mut g = cycle(ops.iter().copied());
    group.bench_function("lockstep", |b| b.iter(|| pull(|| g.next().unwrap())));

    let pool = black_box(ops.clone());
    let mut i = 0usize;
    group.bench_function("index modulo", |b| {
        b.iter(|| {
            pull(|| {
                let op = pool[i % pool.len()];
                i = i.wrapping_add(1);
                op
            })
        })
    });
    group.finish();
}

/// A heap-carrying op: every pick clones (allocates) and drops (frees) a `String`, in both arms.
fn string_payload(c: &mut Criterion) {
    let mut group = c.benchmark_group("random_string/4");
    group.throughput(Throughput::Elements(BATCH));
    let ops: Vec<String> = ["read k1", "write k1 v1", "cas k1 v1 v2", "delete k1"]
        .map(String::from)
        .to_vec();

    let mut g = random(ops.iter().cloned()).seed(1);
    group.bench_function("lockstep", |b| {
        b.iter(|| {
            let mut acc = 0usize;
            for _ in 0..BATCH {
                acc = acc.wrapping_add(black_box(g.next().unwrap()).len());
            }
            black_box(acc)
        })
    });

    let pool = black_box(ops.clone());
    let mut rng = common::rng();
    group.bench_function("rand random_range", |b| {
        b.iter(|| {
            let mut acc = 0usize;
            for _ in 0..BATCH {
                let op = pool[rng.random_range(0..pool.len())].clone();
                acc = acc.wrapping_add(black_box(op).len());
            }
            black_box(acc)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = floor, uniform, biased, construction, cycling, string_payload
}
criterion_main!(benches);
