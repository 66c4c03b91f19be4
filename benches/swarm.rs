//! Swarm testing's cost: per op against `weighted` over the same weights and the loop a user would
//! write by hand with rand 0.10; per seed (drawing the configuration and building its table)
//! against the same by hand.
//!
//! `cargo bench --bench swarm`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

mod common;
use common::{BATCH, Op, pull};

/// A seed whose configuration has every one of the 4 kinds on, so that each pick has work to do.
fn all_on(ops: &[Op]) -> u64 {
    (0..)
        .find(|&s| {
            swarm(ops.iter().map(|&op| (op, 1)))
                .seed(s)
                .config()
                .enabled()
                .count()
                == ops.len()
        })
        .expect("some seed turns every kind on")
}

fn per_op(c: &mut Criterion) {
    let mut group = c.benchmark_group("swarm/4");
    group.throughput(Throughput::Elements(BATCH));
    let ops = common::pool(4);
    let pairs = || ops.iter().map(|&op| (op, 1));
    let seed = all_on(&ops);

    let mut g = swarm(pairs()).seed(seed);
    let weights = g.config().weights().to_vec();
    group.bench_function("lockstep swarm", |b| b.iter(|| pull(|| g.next().unwrap())));

    let mut w = weighted(ops.iter().copied().zip(weights.iter().copied())).seed(seed);
    group.bench_function("lockstep weighted, same weights", |b| {
        b.iter(|| pull(|| w.next().unwrap()))
    });

    let pool = black_box(ops.clone());
    let index = WeightedIndex::new(weights.iter().copied()).unwrap();
    let mut rng = common::rng();
    group.bench_function("by hand: rand WeightedIndex", |b| {
        b.iter(|| pull(|| pool[index.sample(&mut rng)]))
    });
    group.finish();
}

fn per_seed(c: &mut Criterion) {
    let mut group = c.benchmark_group("swarm/4 configuration");
    group.throughput(Throughput::Elements(1));
    let ops = common::pool(4);
    let mut seed = 0u64;
    group.bench_function("lockstep swarm(pairs).seed(s)", |b| {
        b.iter(|| {
            seed += 1;
            swarm(ops.iter().map(|&op| (op, 1))).seed(seed)
        })
    });
    // By hand, as TigerBeetle's `random_enum_weights` does: each kind on with probability one
    // half (again if none is), a weight in 1..=255, then rand's table.
    group.bench_function(
        "by hand: random_bool, random_range, WeightedIndex::new",
        |b| {
            b.iter(|| {
                seed += 1;
                let mut rng = Pcg64Mcg::seed_from_u64(seed);
                let weights = loop {
                    let weights: Vec<u32> = ops
                        .iter()
                        .map(|_| {
                            if rng.random_bool(0.5) {
                                rng.random_range(1..=255)
                            } else {
                                0
                            }
                        })
                        .collect();
                    if weights.iter().any(|&w| w > 0) {
                        break weights;
                    }
                };
                (black_box(&ops), WeightedIndex::new(weights).unwrap(), rng)
            })
        },
    );
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = per_op, per_seed
}
criterion_main!(benches);
