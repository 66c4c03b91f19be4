//! quickcheck properties of the seed generators and `mix`.
//!
//! quickcheck draws its cases from a fixed seed here, so every run checks the
//! same cases: CI cannot flake, and a failure it prints can be rerun as is.

use lockstep_gen::Generator;
use lockstep_gen::prelude::*;
use quickcheck::{Gen, QuickCheck, TestResult, Testable};

fn check<A: Testable>(property: A) {
    QuickCheck::new()
        .rng(Gen::from_size_and_seed(64, 0x5eed))
        .tests(300)
        .quickcheck(property);
}

/// Steps `g` up to `cap` times and checks that every `size_hint` on the way
/// bounds what was really left: exactly, if `g` ended within `cap`; from
/// above only, if it did not (then what is left is known only to be at least
/// what was seen).
fn hints_hold<G: Generator>(mut g: G, cap: usize) -> bool {
    let mut hints = Vec::new();
    let mut yielded = 0;
    let mut ended = false;
    while yielded < cap {
        hints.push(g.size_hint());
        if g.next().is_none() {
            ended = true;
            break;
        }
        yielded += 1;
    }
    hints.iter().enumerate().all(|(i, &(lo, hi))| {
        let seen_left = yielded - i;
        hi.is_none_or(|hi| seen_left <= hi) && (!ended || lo <= seen_left)
    })
}

#[test]
fn take_n_yields_exactly_n_ops_all_from_the_pool() {
    fn property(pool: Vec<u8>, weights: Vec<u32>, seed: u64, n: u16) -> TestResult {
        if pool.is_empty() {
            return TestResult::discard();
        }
        let n = usize::from(n % 2000);
        let pairs: Vec<_> = pool
            .iter()
            .copied()
            .zip(
                weights
                    .iter()
                    .map(|&w| w.max(1))
                    .chain(std::iter::repeat(1)),
            )
            .collect();
        let from_random: Vec<_> = random(pool.clone()).seed(seed).take(n).collect();
        let from_weighted: Vec<_> = weighted(pairs).seed(seed).take(n).collect();
        let from_cycle: Vec<_> = cycle(pool.clone()).take(n).collect();
        TestResult::from_bool(
            [&from_random, &from_weighted, &from_cycle]
                .iter()
                .all(|ops| ops.len() == n && ops.iter().all(|op| pool.contains(op))),
        )
    }
    check(property as fn(Vec<u8>, Vec<u32>, u64, u16) -> TestResult);
}

#[test]
fn the_same_seed_yields_the_same_stream() {
    fn property(pool: Vec<i32>, seed: u64) -> TestResult {
        if pool.is_empty() {
            return TestResult::discard();
        }
        let weighted_pool = || pool.iter().map(|&op| (op, op.unsigned_abs() % 7));
        let same_random = random(pool.clone())
            .seed(seed)
            .take(100)
            .eq(random(pool.clone()).seed(seed).take(100));
        let same_weighted = match lockstep_gen::Weighted::try_new(weighted_pool()) {
            Ok(g) => g
                .seed(seed)
                .take(100)
                .eq(weighted(weighted_pool()).seed(seed).take(100)),
            Err(_) => true, // all weights 0: covered by the error tests
        };
        TestResult::from_bool(same_random && same_weighted)
    }
    check(property as fn(Vec<i32>, u64) -> TestResult);
}

#[test]
fn a_clone_continues_exactly_as_the_original() {
    fn property(pool: Vec<u16>, seed: u64, skip: u8) -> TestResult {
        if pool.is_empty() {
            return TestResult::discard();
        }
        let mut r = random(pool.clone()).seed(seed);
        let mut w = weighted(pool.iter().map(|&op| (op, u32::from(op) + 1))).seed(seed);
        let mut c = cycle(pool.clone());
        let mut m = mix([
            random(pool.clone()).seed(seed),
            random(pool.clone()).seed(!seed),
        ]);
        for _ in 0..skip {
            r.next();
            w.next();
            c.next();
            m.next();
        }
        TestResult::from_bool(
            r.clone().take(50).eq(r.take(50))
                && w.clone().take(50).eq(w.take(50))
                && c.clone().take(50).eq(c.take(50))
                && m.clone().take(50).eq(m.take(50)),
        )
    }
    check(property as fn(Vec<u16>, u64, u8) -> TestResult);
}

#[test]
fn mix_yields_in_turn_until_the_first_exhausted_child() {
    fn property(lengths: Vec<u8>) -> bool {
        let k = lengths.len();
        let children = lengths
            .iter()
            .enumerate()
            .map(|(i, &len)| cycle([i]).take(usize::from(len)));
        let ops: Vec<_> = mix(children).collect();
        // Child j, j places from the start, fails on visit len_j: at op j + len_j * k.
        let expected = lengths
            .iter()
            .enumerate()
            .map(|(j, &len)| j + usize::from(len) * k)
            .min()
            .unwrap_or(0);
        ops.len() == expected && ops.iter().enumerate().all(|(p, &child)| child == p % k)
    }
    check(property as fn(Vec<u8>) -> bool);
}

#[test]
fn size_hint_never_lies() {
    fn property(lengths: Vec<u8>, seed: u64, n: u8, modulus: u8) -> bool {
        let modulus = u32::from(modulus.max(1));
        let n = usize::from(n);
        let takes = mix(lengths
            .iter()
            .map(|&len| random(0..10u32).seed(seed).take(usize::from(len))));
        let filtered = random(0..100u32)
            .seed(seed)
            .filter(move |x| x % modulus == 0)
            .take(n);
        let chained = cycle([1u32])
            .take(n)
            .chain(random([2u32]).seed(seed).take(n / 2));
        let endless = mix([random([1u8]).seed(seed), random([2u8]).seed(seed)]);
        type Boxed = Box<dyn Generator<Item = u32> + Send>;
        let inexact = mix(lengths.iter().map(|&len| -> Boxed {
            let child = random(0..10u32).seed(seed).take(usize::from(len));
            Box::new(child.filter(move |x| x % modulus == 0))
        }));
        let bounded_and_endless = mix([
            Box::new(random(0..10u32).seed(seed).take(n)) as Boxed,
            Box::new(random(0..10u32).seed(!seed)),
        ]);
        let swarmed = mix_swarm(
            lengths
                .iter()
                .map(|&len| (random(0..10u32).seed(seed).take(usize::from(len)), 1)),
        )
        .seed(seed);
        hints_hold(takes, 300)
            && hints_hold(swarmed, 300)
            && hints_hold(filtered, 300)
            && hints_hold(chained, 300)
            && hints_hold(endless, 300)
            && hints_hold(inexact, 300)
            && hints_hold(bounded_and_endless, 600)
    }
    check(property as fn(Vec<u8>, u64, u8, u8) -> bool);
}

#[test]
fn a_swarm_picks_only_kinds_it_turned_on_and_replays_from_its_seed() {
    fn property(weights: Vec<u8>, seed: u64, n: u8) -> TestResult {
        let pairs = || weights.iter().enumerate().map(|(k, &w)| (k, u32::from(w)));
        let Ok(ops) = lockstep_gen::Swarm::try_new(pairs()) else {
            // Empty, or every weight 0: `weighted` refuses those too.
            return TestResult::discard();
        };
        let ops = ops.seed(seed);
        let config = ops.config().clone();
        let on_ok = config.enabled().count() >= 1
            && config.enabled().all(|k| weights[k] > 0)
            && config.weights().iter().zip(&weights).all(|(&w, &given)| {
                w % u32::from(given.max(1)) == 0 && w <= 255 * u32::from(given)
            });
        let taken: Vec<usize> = ops.clone().take(usize::from(n)).collect();
        let picks_ok = taken.iter().all(|&k| config.is_enabled(k));
        let replays = swarm(pairs())
            .seed(seed)
            .take(usize::from(n))
            .eq(taken.iter().copied());
        // A clone part way continues exactly as the original.
        let mut a = ops;
        let _ = a.nth(usize::from(n) / 2);
        let clone_ok = a.clone().take(20).eq(a.take(20));
        TestResult::from_bool(on_ok && picks_ok && replays && clone_ok)
    }
    check(property as fn(Vec<u8>, u64, u8) -> TestResult);
}
