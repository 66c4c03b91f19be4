//! std's adapters over a generator, and `each`/`fold`, against the bare generator pulled in a
//! plain `for` loop. The generator is `random` over 4 ops; every routine takes the same number
//! of ops and consumes them the same way.
//!
//! `cargo bench --bench adapters`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;

mod common;
use common::{BATCH, Op, consume, pull};

/// A cheap change of op, the kind of thing `map` is for; the bare arm applies it by hand.
#[inline(always)]
fn retarget(op: Op) -> Op {
    Op {
        key: op.key ^ 7,
        ..op
    }
}

fn adapters(c: &mut Criterion) {
    let mut group = c.benchmark_group("adapters");
    group.throughput(Throughput::Elements(BATCH));
    let ops = common::pool(4);
    let mut g = random(ops.iter().copied()).seed(1);

    group.bench_function("bare for loop", |b| b.iter(|| pull(|| g.next().unwrap())));

    group.bench_function("bare for loop + map by hand", |b| {
        b.iter(|| pull(|| retarget(g.next().unwrap())))
    });

    group.bench_function("take", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for op in (&mut g).take(BATCH as usize) {
                acc = consume(acc, op);
            }
            black_box(acc)
        })
    });

    let mut mapped = random(ops.iter().copied()).seed(1).map(retarget);
    group.bench_function("map", |b| b.iter(|| pull(|| mapped.next().unwrap())));

    let mut other = random(ops.iter().copied()).seed(2);
    let half = BATCH as usize / 2;
    group.bench_function("chain", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for op in (&mut g).take(half).chain((&mut other).take(half)) {
                acc = consume(acc, op);
            }
            black_box(acc)
        })
    });

    group.bench_function("chain + each", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            (&mut g)
                .take(half)
                .chain((&mut other).take(half))
                .each(|op| acc = consume(acc, op));
            black_box(acc)
        })
    });

    group.bench_function("each", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            (&mut g)
                .take(BATCH as usize)
                .each(|op| acc = consume(acc, op));
            black_box(acc)
        })
    });

    group.bench_function("fold", |b| {
        b.iter(|| black_box((&mut g).take(BATCH as usize).fold(0u64, consume)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = adapters
}
criterion_main!(benches);
