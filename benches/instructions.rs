//! The benches' cases again, each in a function of its own, for counting instructions per op with
//! callgrind: a measure that other processes on the machine cannot disturb (but which, unlike
//! time, is blind to branch mispredictions and to the latency of the RNG's dependency chain).
//!
//! ```sh
//! cargo bench --bench instructions --no-run
//! valgrind --tool=callgrind --callgrind-out-file=target/callgrind.out target/release/deps/instructions-*[^.d]
//! callgrind_annotate --inclusive=yes target/callgrind.out | grep instructions::
//! ```
//!
//! Each function pulls `OPS` ops, so its inclusive instruction count divided by `OPS` is the
//! instructions per op; `table_*` build one table over a million weights, so theirs divided by a
//! million is the instructions per weight. Run as `cargo bench -- --test` (as CI does), it pulls a few ops only.

use std::hint::black_box;

use lockstep_gen::prelude::*;
use lockstep_gen::{Mix, MixRandom, Random, Swarm, Weighted};
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, RngExt};
use rand_distr::weighted::WeightedAliasIndex;
use rand_pcg::Pcg64Mcg;

mod common;
use common::{Op, consume};

/// Pulls `$ops` ops with `$next`, consuming each as the criterion benches do.
macro_rules! pull {
    ($ops:expr, $next:expr) => {{
        let mut acc = 0u64;
        for _ in 0..$ops {
            acc = consume(acc, $next);
        }
        acc
    }};
}

#[inline(never)]
fn floor(ops: u64, rng: &mut Pcg64Mcg) -> u64 {
    let mut acc = 0u64;
    for _ in 0..ops {
        acc = acc.wrapping_add(rng.next_u64());
    }
    acc
}

#[inline(always)]
fn random_lockstep(ops: u64, g: &mut Random<Op>) -> u64 {
    pull!(ops, g.next().unwrap())
}

#[inline(always)]
fn random_by_hand(ops: u64, pool: &[Op], rng: &mut Pcg64Mcg) -> u64 {
    pull!(ops, pool[rng.random_range(0..pool.len())])
}

#[inline(always)]
fn weighted_lockstep(ops: u64, g: &mut Weighted<Op>) -> u64 {
    pull!(ops, g.next().unwrap())
}

#[inline(always)]
fn weighted_by_hand(ops: u64, pool: &[Op], index: &WeightedIndex<u32>, rng: &mut Pcg64Mcg) -> u64 {
    pull!(ops, pool[index.sample(rng)])
}

#[inline(never)]
fn cycle_lockstep(ops: u64, g: &mut lockstep_gen::Cycle<Op>) -> u64 {
    pull!(ops, g.next().unwrap())
}

#[inline(never)]
fn cycle_by_hand(ops: u64, pool: &[Op], i: &mut usize) -> u64 {
    pull!(ops, {
        let op = pool[*i % pool.len()];
        *i = i.wrapping_add(1);
        op
    })
}

#[inline(never)]
fn take(ops: u64, g: &mut Random<Op>) -> u64 {
    g.take(ops as usize).fold(0, consume)
}

#[inline(never)]
fn take_for_loop(ops: u64, g: &mut Random<Op>) -> u64 {
    let mut acc = 0;
    for op in g.take(ops as usize) {
        acc = consume(acc, op);
    }
    acc
}

#[inline(never)]
fn map<F: FnMut(Op) -> Op>(ops: u64, g: &mut std::iter::Map<Random<Op>, F>) -> u64 {
    pull!(ops, g.next().unwrap())
}

#[inline(never)]
fn chain(ops: u64, a: &mut Random<Op>, b: &mut Random<Op>) -> u64 {
    let half = ops as usize / 2;
    let mut acc = 0;
    for op in a.take(half).chain(b.take(half)) {
        acc = consume(acc, op);
    }
    acc
}

#[inline(never)]
fn chain_each(ops: u64, a: &mut Random<Op>, b: &mut Random<Op>) -> u64 {
    let half = ops as usize / 2;
    let mut acc = 0;
    a.take(half)
        .chain(b.take(half))
        .each(|op| acc = consume(acc, op));
    acc
}

#[inline(never)]
fn each(ops: u64, g: &mut Random<Op>) -> u64 {
    let mut acc = 0;
    g.take(ops as usize).each(|op| acc = consume(acc, op));
    acc
}

#[inline(always)]
fn mix_lockstep(ops: u64, m: &mut Mix<Random<Op>>) -> u64 {
    pull!(ops, m.next().unwrap())
}

#[inline(always)]
fn round_robin_by_hand(ops: u64, kids: &mut [Random<Op>], i: &mut usize) -> u64 {
    pull!(ops, {
        let op = kids[*i].next().unwrap();
        *i += 1;
        if *i == kids.len() {
            *i = 0;
        }
        op
    })
}

#[inline(always)]
fn mix_weighted_lockstep(ops: u64, m: &mut MixRandom<Random<Op>>) -> u64 {
    pull!(ops, m.next().unwrap())
}

#[inline(always)]
fn swarm_lockstep(ops: u64, g: &mut Swarm<Op>) -> u64 {
    pull!(ops, g.next().unwrap())
}

/// `swarm(pairs).seed(s)` over 4 kinds for `seeds` seeds: its inclusive count divided by `seeds`
/// is the instructions per configuration (the pool, two draws, the table).
#[inline(never)]
fn swarm_configurations(seeds: u64, pool: &[Op]) -> u64 {
    (0..seeds)
        .map(|s| {
            u64::from(
                swarm(pool.iter().map(|&op| (op, 1)))
                    .seed(s)
                    .config()
                    .weights()[0],
            )
        })
        .sum()
}

/// `mix` pulled with `each` (its `fold`), children of 500 ops at a time, as in the criterion bench.
#[inline(never)]
fn mix_each_2(ops: u64, a: &mut Random<Op>, b: &mut Random<Op>) -> u64 {
    let mut acc = 0;
    for _ in 0..ops / 1000 {
        mix([a.take(500), b.take(500)]).each(|op| acc = consume(acc, op));
    }
    acc
}

#[inline(never)]
fn round_robin_rounds_2(ops: u64, kids: &mut [Random<Op>]) -> u64 {
    let mut acc = 0;
    for _ in 0..ops / 2 {
        for kid in kids.iter_mut() {
            acc = consume(acc, kid.next().unwrap());
        }
    }
    acc
}

/// Builds a table over `weights` (with the pool's ops, as `weighted` takes them).
#[inline(never)]
fn table_lockstep(pool: &[Op], weights: &[u32]) -> u64 {
    let g = weighted(pool.iter().copied().zip(weights.iter().copied())).seed(1);
    g.pairs().len() as u64
}

#[inline(never)]
fn table_alias_by_hand(weights: Vec<u32>) -> u64 {
    let index = WeightedAliasIndex::new(weights).unwrap();
    black_box(&index);
    1
}

/// One function per case and size, so that callgrind counts each apart. The tag, mixed into the
/// result once per call, keeps the compiler from merging functions whose code is the same.
macro_rules! named {
    ($($name:ident $tag:literal => $body:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline(never)]
        fn $name($($arg: $ty),*) -> u64 {
            $body($($arg),*) ^ black_box($tag)
        }
    )*};
}

named! {
    random_lockstep_4 1 => random_lockstep(ops: u64, g: &mut Random<Op>);
    random_lockstep_1000 2 => random_lockstep(ops: u64, g: &mut Random<Op>);
    random_by_hand_4 3 => random_by_hand(ops: u64, pool: &[Op], rng: &mut Pcg64Mcg);
    random_by_hand_1000 4 => random_by_hand(ops: u64, pool: &[Op], rng: &mut Pcg64Mcg);
    weighted_lockstep_2 13 => weighted_lockstep(ops: u64, g: &mut Weighted<Op>);
    weighted_lockstep_16 14 => weighted_lockstep(ops: u64, g: &mut Weighted<Op>);
    weighted_by_hand_2 15 => weighted_by_hand(ops: u64, pool: &[Op], index: &WeightedIndex<u32>, rng: &mut Pcg64Mcg);
    weighted_by_hand_16 16 => weighted_by_hand(ops: u64, pool: &[Op], index: &WeightedIndex<u32>, rng: &mut Pcg64Mcg);
    mix_weighted_lockstep_4 17 => mix_weighted_lockstep(ops: u64, m: &mut MixRandom<Random<Op>>);
    mix_weighted_lockstep_64 18 => mix_weighted_lockstep(ops: u64, m: &mut MixRandom<Random<Op>>);
    weighted_lockstep_4 5 => weighted_lockstep(ops: u64, g: &mut Weighted<Op>);
    weighted_lockstep_1000 6 => weighted_lockstep(ops: u64, g: &mut Weighted<Op>);
    weighted_by_hand_4 7 => weighted_by_hand(ops: u64, pool: &[Op], index: &WeightedIndex<u32>, rng: &mut Pcg64Mcg);
    weighted_by_hand_1000 8 => weighted_by_hand(ops: u64, pool: &[Op], index: &WeightedIndex<u32>, rng: &mut Pcg64Mcg);
    mix_lockstep_2 9 => mix_lockstep(ops: u64, m: &mut Mix<Random<Op>>);
    mix_lockstep_64 10 => mix_lockstep(ops: u64, m: &mut Mix<Random<Op>>);
    round_robin_by_hand_2 11 => round_robin_by_hand(ops: u64, kids: &mut [Random<Op>], i: &mut usize);
    round_robin_by_hand_64 12 => round_robin_by_hand(ops: u64, kids: &mut [Random<Op>], i: &mut usize);
    swarm_lockstep_4 19 => swarm_lockstep(ops: u64, g: &mut Swarm<Op>);
    weighted_lockstep_swarms_4 20 => weighted_lockstep(ops: u64, g: &mut Weighted<Op>);
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let ops: u64 = if quick { 1_000 } else { 1_000_000 };
    let pool4 = common::pool(4);
    let pool1000 = common::pool(1000);
    let mut sum = 0u64;

    sum ^= floor(ops, &mut common::rng());
    macro_rules! sources {
        ($pool:expr, $random:ident, $random_by_hand:ident, $weighted:ident, $weighted_by_hand:ident) => {{
            let pool = $pool;
            sum ^= $random(ops, &mut random(pool.iter().copied()).seed(1));
            sum ^= $random_by_hand(ops, pool, &mut common::rng());
            let weights = common::weights(pool.len());
            let pairs = pool.iter().copied().zip(weights.iter().copied());
            sum ^= $weighted(ops, &mut weighted(pairs).seed(1));
            let index = WeightedIndex::new(weights.iter().copied()).unwrap();
            sum ^= $weighted_by_hand(ops, pool, &index, &mut common::rng());
        }};
    }
    sources!(
        &pool4,
        random_lockstep_4,
        random_by_hand_4,
        weighted_lockstep_4,
        weighted_by_hand_4
    );
    #[rustfmt::skip]
    sources!(&pool1000, random_lockstep_1000, random_by_hand_1000, weighted_lockstep_1000, weighted_by_hand_1000);
    sum ^= cycle_lockstep(ops, &mut cycle(pool4.iter().copied()));
    sum ^= cycle_by_hand(ops, &pool4, &mut 0);

    // Weighted over 2 (9:1) and 16 ops, against WeightedIndex over the same weights.
    for n in [2, 16] {
        let pool = common::pool(n);
        let weights = common::weights(n);
        let mut g = weighted(pool.iter().copied().zip(weights.iter().copied())).seed(1);
        let index = WeightedIndex::new(weights.iter().copied()).unwrap();
        let mut rng = common::rng();
        sum ^= if n == 2 {
            weighted_lockstep_2(ops, &mut g) ^ weighted_by_hand_2(ops, &pool, &index, &mut rng)
        } else {
            weighted_lockstep_16(ops, &mut g) ^ weighted_by_hand_16(ops, &pool, &index, &mut rng)
        };
    }

    let rnd = |seed| random(pool4.iter().copied()).seed(seed);
    sum ^= take(ops, &mut rnd(1));
    sum ^= take_for_loop(ops, &mut rnd(1));
    sum ^= map(
        ops,
        &mut rnd(1).map(|op| Op {
            key: op.key ^ 7,
            ..op
        }),
    );
    sum ^= chain(ops, &mut rnd(1), &mut rnd(2));
    sum ^= chain_each(ops, &mut rnd(1), &mut rnd(2));
    sum ^= each(ops, &mut rnd(1));
    sum ^= mix_lockstep_2(ops, &mut mix((0..2).map(rnd)));
    sum ^= round_robin_by_hand_2(ops, &mut (0..2).map(rnd).collect::<Vec<_>>(), &mut 0);
    sum ^= mix_lockstep_64(ops, &mut mix((0..64).map(rnd)));
    sum ^= round_robin_by_hand_64(ops, &mut (0..64).map(rnd).collect::<Vec<_>>(), &mut 0);
    for k in [4, 64] {
        let pairs = (0..k as u64).map(rnd).zip(common::weights(k));
        let mut m = mix_weighted(pairs).seed(1);
        sum ^= if k == 4 {
            mix_weighted_lockstep_4(ops, &mut m)
        } else {
            mix_weighted_lockstep_64(ops, &mut m)
        };
    }
    // A swarm over 4 kinds, at a seed that turns all 4 on, against `weighted` over its weights.
    let swarm_of = |seed| swarm(pool4.iter().map(|&op| (op, 1))).seed(seed);
    let all_on = (0..)
        .find(|&s| swarm_of(s).config().enabled().count() == 4)
        .unwrap();
    let mut g = swarm_of(all_on);
    let pairs = pool4.iter().copied().zip(g.config().weights().to_vec());
    sum ^= weighted_lockstep_swarms_4(ops, &mut weighted(pairs).seed(all_on));
    sum ^= swarm_lockstep_4(ops, &mut g);
    sum ^= swarm_configurations(ops / 100, &pool4);
    sum ^= mix_each_2(ops, &mut rnd(0), &mut rnd(1));
    sum ^= round_robin_rounds_2(ops, &mut [rnd(0), rnd(1)]);

    // Tables of a million weights (a thousand in the quick run).
    let n = if quick { 1_000 } else { 1_000_000 };
    let (pool, weights) = (common::pool(n), common::weights(n));
    sum ^= table_lockstep(&pool, &weights);
    sum ^= table_alias_by_hand(weights);
    black_box(sum);
    if quick {
        println!("instructions: every case ran {ops} ops");
    }
}
