//! The goals' ratios, timed interleaved: every case pulls a slice of ops in turn, round after
//! round, and keeps its best round. Load from other processes then hits every case alike, and the
//! best round is each case's cost when undisturbed, so the ratios hold on a busy machine where
//! criterion's cases, timed one after another, can drift apart by 50%.
//!
//! `cargo bench --bench interleaved` prints ns per op (best and median round) and every goal's
//! ratio; `cargo bench -- --test`, as CI runs it, does one short round.

use std::hint::black_box;
use std::time::Instant;

use lockstep_gen::prelude::*;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::{Rng, RngExt};
use rand_distr::weighted::WeightedAliasIndex;

mod common;
use common::{Op, consume};

/// Ops pulled per case and round: about a millisecond.
const SLICE: u64 = 400_000;
const ROUNDS: usize = 25;

/// A case: pulls `n` ops (or builds `n` tables) and returns what it folded them into.
type Case<'a> = Box<dyn FnMut(u64) -> u64 + 'a>;

/// Pulls `n` ops with `next`, folded as the criterion benches fold them.
#[inline(always)]
fn pull(n: u64, mut next: impl FnMut() -> Op) -> u64 {
    let mut acc = 0u64;
    for _ in 0..n {
        acc = consume(acc, next());
    }
    acc
}

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let (slice, rounds) = if quick { (1_000, 1) } else { (SLICE, ROUNDS) };
    let pool = |n| common::pool(n);
    let rnd = |seed: u64| random(pool(4)).seed(seed);

    let mut cases: Vec<(String, Case)> = Vec::new();
    let mut add = |name: &str, case: Case<'static>| cases.push((name.to_string(), case));

    let mut rng = common::rng();
    add(
        "floor: next_u64",
        Box::new(move |n| {
            let mut acc = 0u64;
            for _ in 0..n {
                acc = acc.wrapping_add(rng.next_u64());
            }
            acc
        }),
    );
    for n in [4, 1000] {
        let mut g = random(pool(n)).seed(1);
        add(
            &format!("random/{n}"),
            Box::new(move |k| pull(k, || g.next().unwrap())),
        );
        let (ops, mut rng) = (pool(n), common::rng());
        add(
            &format!("random/{n} by hand: random_range"),
            Box::new(move |k| pull(k, || ops[rng.random_range(0..ops.len())])),
        );
    }
    for n in [2, 4, 16, 1000] {
        let weights = common::weights(n);
        let mut g = weighted(pool(n).into_iter().zip(weights.iter().copied())).seed(1);
        add(
            &format!("weighted/{n}"),
            Box::new(move |k| pull(k, || g.next().unwrap())),
        );
        let index = WeightedIndex::new(weights.iter().copied()).unwrap();
        let (ops, mut rng) = (pool(n), common::rng());
        add(
            &format!("weighted/{n} by hand: WeightedIndex"),
            Box::new(move |k| pull(k, || ops[index.sample(&mut rng)])),
        );
    }
    for k in [4, 64] {
        let children = (0..k as u64).map(rnd).zip(common::weights(k));
        let mut m = mix_weighted(children).seed(1);
        add(
            &format!("mix_weighted/{k}"),
            Box::new(move |n| pull(n, || m.next().unwrap())),
        );
    }
    let mut one = rnd(1);
    add(
        "one child alone",
        Box::new(move |n| pull(n, || one.next().unwrap())),
    );
    for k in [2, 64] {
        let mut m = mix((0..k).map(rnd));
        add(
            &format!("mix/{k}"),
            Box::new(move |n| pull(n, || m.next().unwrap())),
        );
        let mut kids: Vec<_> = (0..k).map(rnd).collect();
        let mut i = 0;
        add(
            &format!("mix/{k} by hand: round-robin"),
            Box::new(move |n| {
                pull(n, || {
                    let op = kids[i].next().unwrap();
                    i += 1;
                    if i == kids.len() {
                        i = 0;
                    }
                    op
                })
            }),
        );
    }
    // Children of `n / 2` ops each, so that the mix ends; cloning a `Random` copies an `Arc`.
    let (a, b) = (rnd(0), rnd(1));
    add(
        "mix/2 with each",
        Box::new(move |n| {
            let mut acc = 0u64;
            let half = n as usize / 2;
            mix([a.clone().take(half), b.clone().take(half)]).each(|op| acc = consume(acc, op));
            acc
        }),
    );
    let mut kids = [rnd(0), rnd(1)];
    add(
        "mix/2 with each by hand: loop of rounds",
        Box::new(move |n| {
            let mut acc = 0u64;
            for _ in 0..n / 2 {
                for kid in kids.iter_mut() {
                    acc = consume(acc, kid.next().unwrap());
                }
            }
            acc
        }),
    );
    let mut g = rnd(1);
    add(
        "bare: next in a loop",
        Box::new(move |n| pull(n, || g.next().unwrap())),
    );
    let mut g = rnd(1);
    add(
        "take + for",
        Box::new(move |n| {
            let mut acc = 0u64;
            for op in (&mut g).take(n as usize) {
                acc = consume(acc, op);
            }
            acc
        }),
    );
    let mut g = rnd(1);
    add(
        "take + each",
        Box::new(move |n| {
            let mut acc = 0u64;
            (&mut g).take(n as usize).each(|op| acc = consume(acc, op));
            acc
        }),
    );
    let mut g = rnd(1).map(|op| Op {
        key: op.key ^ 7,
        ..op
    });
    add("map", Box::new(move |n| pull(n, || g.next().unwrap())));
    let mut g = rnd(1);
    add(
        "bare + map by hand",
        Box::new(move |n| {
            pull(n, || {
                let op = g.next().unwrap();
                Op {
                    key: op.key ^ 7,
                    ..op
                }
            })
        }),
    );

    let mut best = vec![f64::INFINITY; cases.len()];
    let mut all = vec![Vec::new(); cases.len()];
    for _ in 0..rounds {
        for (i, (_, case)) in cases.iter_mut().enumerate() {
            let start = Instant::now();
            black_box(case(black_box(slice)));
            let ns = start.elapsed().as_nanos() as f64 / slice as f64;
            best[i] = best[i].min(ns);
            all[i].push(ns);
        }
    }
    let names: Vec<String> = cases.iter().map(|(name, _)| name.clone()).collect();
    drop(cases);

    println!("ns per op over {rounds} interleaved rounds of {slice} ops: best (median)");
    for (i, name) in names.iter().enumerate() {
        all[i].sort_by(f64::total_cmp);
        println!(
            "  {name:<40} {:6.2} ({:6.2})",
            best[i],
            all[i][all[i].len() / 2]
        );
    }
    let ns = |name: &str| best[names.iter().position(|n| n == name).expect(name)];
    println!("goals (ratios of best rounds):");
    let goal = |what: &str, ratio: f64, limit: f64| {
        let verdict = if ratio <= limit { "met" } else { "MISSED" };
        println!("  {what:<58} {ratio:5.2} (≤ {limit}) {verdict}");
    };
    for n in [2, 4, 16, 1000] {
        goal(
            &format!("weighted/{n} ÷ random/4"),
            ns(&format!("weighted/{n}")) / ns("random/4"),
            1.7,
        );
    }
    goal(
        "weighted/4 ÷ WeightedIndex/4",
        ns("weighted/4") / ns("weighted/4 by hand: WeightedIndex"),
        0.85,
    );
    goal(
        "weighted/1000 ÷ WeightedIndex/1000",
        ns("weighted/1000") / ns("weighted/1000 by hand: WeightedIndex"),
        0.3,
    );
    goal(
        "mix_weighted/4 ÷ random/4",
        ns("mix_weighted/4") / ns("random/4"),
        3.5,
    );
    goal(
        "mix/2 ÷ round-robin by hand/2",
        ns("mix/2") / ns("mix/2 by hand: round-robin"),
        1.05,
    );
    goal(
        "mix/2 with each ÷ random/4",
        ns("mix/2 with each") / ns("random/4"),
        1.4,
    );
    let by_hand = ns("mix/2 with each by hand: loop of rounds");
    println!(
        "  (mix/2 with each ÷ its loop of rounds by hand: {:.2})",
        ns("mix/2 with each") / by_hand
    );
    // Where the compiler places the two loops moves this ratio by up to 6 %
    // (BENCHMARKS.md: 1.03-1.06 in every run of one build, 0.96-1.01 with every
    // loop aligned to 64 bytes), and that offset holds for a whole build, so a
    // ratio up to 1.06 is reported as such, not as met; the instruction counts
    // (`benches/instructions.rs`: 48 per op at 64 children, 49 at 2) are the
    // steadier witness.
    let ratio = ns("mix/64") / ns("mix/2");
    let verdict = match ratio {
        r if r <= 1.0 => "met",
        r if r <= 1.06 => "over 1, by no more than code alignment alone moved it (≤ 1.06)",
        _ => "MISSED",
    };
    println!("  {:<58} {ratio:5.2} (≤ 1) {verdict}", "mix/64 ÷ mix/2");
    for n in [4, 1000] {
        let by_hand = format!("random/{n} by hand: random_range");
        goal(
            &format!("random/{n} ÷ random_range"),
            ns(&format!("random/{n}")) / ns(&by_hand),
            1.1,
        );
    }
    goal(
        "take + for ÷ bare",
        ns("take + for") / ns("bare: next in a loop"),
        1.1,
    );
    goal(
        "take + each ÷ bare",
        ns("take + each") / ns("bare: next in a loop"),
        1.1,
    );
    goal(
        "map ÷ bare + map by hand",
        ns("map") / ns("bare + map by hand"),
        1.1,
    );

    // The goal's size, and a tenth of it, whose tables fit the L3 cache: what
    // the work costs apart from the memory traffic.
    for n in [1_000_000, 100_000] {
        construction(n, quick);
    }
}

/// Building a pool of `n` weighted ops, interleaved with rand_distr's table over the same weights.
///
/// Two lockstep cases: over `(index, weight)` pairs, a table that picks indices as
/// `WeightedAliasIndex` does (the like-for-like case, and the goal's), and over the benches'
/// 16-byte ops, which `weighted` also collects into its pool (compared both with rand_distr's
/// table alone and with the same job by hand: the ops into a `Vec`, then the table).
fn construction(n: usize, quick: bool) {
    let (n, rounds) = if quick { (1_000, 1) } else { (n, 9) };
    let (ops, weights) = (common::pool(n), common::weights(n));
    let mut times = [f64::INFINITY; 4];
    for _ in 0..rounds {
        let start = Instant::now();
        let built = weighted((0..n as u32).zip(weights.iter().copied())).seed(1);
        black_box(&built);
        drop(built);
        times[0] = times[0].min(start.elapsed().as_nanos() as f64 / n as f64);

        let owned = weights.clone();
        let start = Instant::now();
        black_box(WeightedAliasIndex::new(owned).unwrap());
        times[1] = times[1].min(start.elapsed().as_nanos() as f64 / n as f64);

        let start = Instant::now();
        let built = weighted(ops.iter().copied().zip(weights.iter().copied())).seed(1);
        black_box(&built);
        drop(built);
        times[2] = times[2].min(start.elapsed().as_nanos() as f64 / n as f64);

        let start = Instant::now();
        let (pool, w): (Vec<Op>, Vec<u32>) =
            ops.iter().copied().zip(weights.iter().copied()).unzip();
        black_box((pool, WeightedAliasIndex::new(w).unwrap()));
        times[3] = times[3].min(start.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("ns per weight, building over {n} weights, best of {rounds} interleaved rounds:");
    let rows = [
        "lockstep weighted over (index, weight)",
        "rand_distr WeightedAliasIndex::new",
        "lockstep weighted over (16-byte op, weight)",
        "by hand: ops Vec + WeightedAliasIndex::new",
    ];
    for (row, time) in rows.iter().zip(times) {
        println!("  {row:<44} {time:6.2}");
    }
    let verdict = |ratio: f64| match ratio {
        _ if quick => "(one round over 1,000 weights: no verdict)",
        r if r <= 1.0 => "met",
        _ => "MISSED",
    };
    let ratio = times[0] / times[1];
    println!(
        "  indices: lockstep ÷ WeightedAliasIndex::new  {ratio:5.2} (≤ 1) {}",
        verdict(ratio)
    );
    println!(
        "  16-byte ops: lockstep ÷ WeightedAliasIndex::new alone {:5.2}, ÷ by hand {:5.2}",
        times[2] / times[1],
        times[2] / times[3]
    );
}
