//! `mix` of 2 and of 64 children against a hand-written round-robin over the same children, and
//! against one child alone (the cost of one op of a child); `mix` pulled with `each`; and
//! `mix_weighted` of 4 and 64 children.
//!
//! `cargo bench --bench mix`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;

mod common;
use common::{BATCH, consume, pull};

fn mixing(c: &mut Criterion) {
    let ops = common::pool(4);
    let children = |k: u64| -> Vec<_> {
        (0..k)
            .map(|i| random(ops.iter().copied()).seed(i))
            .collect()
    };

    let mut group = c.benchmark_group("mix");
    group.throughput(Throughput::Elements(BATCH));

    let mut one = random(ops.iter().copied()).seed(1);
    group.bench_function("one child alone", |b| {
        b.iter(|| pull(|| one.next().unwrap()))
    });

    for k in [2, 64] {
        let mut m = mix(children(k));
        group.bench_function(format!("lockstep/{k}"), |b| {
            b.iter(|| pull(|| m.next().unwrap()))
        });

        let mut kids = children(k);
        let mut i = 0usize;
        group.bench_function(format!("round-robin by hand/{k}"), |b| {
            b.iter(|| {
                pull(|| {
                    let op = kids[i].next().unwrap();
                    i += 1;
                    if i == kids.len() {
                        i = 0;
                    }
                    op
                })
            })
        });
    }

    // `each` runs `Mix::fold`. Each iteration mixes the children's next 500 ops apiece (the
    // mix's one allocation, its boxed slice of two, is in the time: 1,000 ops share it).
    let (mut a, mut b2) = (
        random(ops.iter().copied()).seed(0),
        random(ops.iter().copied()).seed(1),
    );
    let half = BATCH as usize / 2;
    group.bench_function("lockstep each/2", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            mix([(&mut a).take(half), (&mut b2).take(half)]).each(|op| acc = consume(acc, op));
            std::hint::black_box(acc)
        })
    });
    let mut kids = children(2);
    group.bench_function("round-robin by hand, loop of rounds/2", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for _ in 0..half {
                for kid in kids.iter_mut() {
                    acc = consume(acc, kid.next().unwrap());
                }
            }
            std::hint::black_box(acc)
        })
    });
    group.finish();
}

fn weighted_mixing(c: &mut Criterion) {
    let ops = common::pool(4);
    let mut group = c.benchmark_group("mix_weighted");
    group.throughput(Throughput::Elements(BATCH));
    for k in [4, 64] {
        let weights = common::weights(k);
        let children = (0..k as u64).map(|i| random(ops.iter().copied()).seed(i));
        let mut m = mix_weighted(children.zip(weights)).seed(1);
        group.bench_function(format!("lockstep/{k}"), |b| {
            b.iter(|| pull(|| m.next().unwrap()))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = mixing, weighted_mixing
}
criterion_main!(benches);
