//! `mix` of 2 and of 64 children against a hand-written round-robin over the same children, and
//! against one child alone (the cost of one op of a child).
//!
//! `cargo bench --bench mix`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;

mod common;
use common::{BATCH, consume};

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
        b.iter(|| {
            let mut acc = 0u64;
            for _ in 0..BATCH {
                acc = consume(acc, one.next().unwrap());
            }
            black_box(acc)
        })
    });

    for k in [2, 64] {
        let mut m = mix(children(k));
        group.bench_function(format!("lockstep/{k}"), |b| {
            b.iter(|| {
                let mut acc = 0u64;
                for _ in 0..BATCH {
                    acc = consume(acc, m.next().unwrap());
                }
                black_box(acc)
            })
        });

        let mut kids = children(k);
        let mut i = 0usize;
        group.bench_function(format!("round-robin by hand/{k}"), |b| {
            b.iter(|| {
                let mut acc = 0u64;
                for _ in 0..BATCH {
                    acc = consume(acc, kids[i].next().unwrap());
                    i += 1;
                    if i == kids.len() {
                        i = 0;
                    }
                }
                black_box(acc)
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
