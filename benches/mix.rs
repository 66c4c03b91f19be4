//! `mix` of 2 and of 64 children against a hand-written round-robin over the same children, and
//! against one child alone (the cost of one op of a child).
//!
//! `cargo bench --bench mix`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;

mod common;
use common::{BATCH, pull};

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
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = mixing
}
criterion_main!(benches);
