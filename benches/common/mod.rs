//! What every bench shares: the op type, the pools, how an op is consumed, and criterion's settings.
//!
//! Each measured routine pulls [`BATCH`] ops and reports `Throughput::Elements(BATCH)`, so criterion
//! prints time per op. Generators live across iterations (pulled through `&mut`), so no iteration
//! pays for building one.

#![allow(dead_code)] // Each bench target uses a different part of this module.

use std::time::Duration;

use criterion::Criterion;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// Ops pulled per measured iteration.
pub const BATCH: u64 = 1000;

/// A small `Copy` op, shaped like a register workload's: a kind, a key and a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op {
    pub kind: u32,
    pub key: u32,
    pub value: u64,
}

/// Folds an op into an accumulator with no branch on its value, so that branch
/// mispredictions cannot hide (or add to) the generator's own cost.
#[inline(always)]
pub fn consume(acc: u64, op: Op) -> u64 {
    acc.wrapping_add(u64::from(op.kind) ^ u64::from(op.key) ^ op.value)
}

/// `n` distinct ops.
/// Pulls `BATCH` ops from `next_op` and folds them into one value that the optimiser must keep, with no branch on any op's value.
#[inline(always)]
pub fn pull(mut next_op: impl FnMut() -> Op) -> u64 {
    let mut acc = 0u64;
    for _ in 0..BATCH {
        acc = consume(acc, next_op());
    }
    std::hint::black_box(acc)
}

pub fn pool(n: usize) -> Vec<Op> {
    (0..n as u32)
        .map(|i| Op {
            kind: i % 3,
            key: i,
            value: u64::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        })
        .collect()
}

/// `n` weights, uneven (1..=100) so that most alias buckets are shared, as in real mixes; over 2
/// ops 9:1, over 4 ops 50:30:15:5.
pub fn weights(n: usize) -> Vec<u32> {
    match n {
        2 => return vec![9, 1],
        4 => return vec![50, 30, 15, 5],
        _ => {}
    }
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            1 + (x >> 16) % 100
        })
        .collect()
}

/// The RNG that hand-written code would use: the same `Pcg64Mcg` as the crate's.
pub fn rng() -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(1)
}

/// Short measurements, so the whole suite runs in a few minutes on a shared 2-core machine.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
}
