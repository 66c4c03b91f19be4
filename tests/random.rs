//! `random`: uniform picks with replacement, reproducible by seed.

mod common;

use common::{chi_square, counts, critical_0_001};
use lockstep_gen::prelude::*;
use lockstep_gen::{Error, Random};

#[test]
fn same_seed_same_stream_other_seed_other_stream() {
    let ops = || random(0..100u32);
    let a: Vec<_> = ops().seed(42).take(200).collect();
    assert_eq!(a, ops().seed(42).take(200).collect::<Vec<_>>());
    assert_eq!(a, ops().seed(Seed::from(42)).take(200).collect::<Vec<_>>());
    assert_ne!(a, ops().seed(43).take(200).collect::<Vec<_>>());
}

#[test]
fn picks_only_from_the_pool_and_every_op_of_it() {
    let pool = ["read", "write", "cas"];
    let ops: Vec<_> = random(pool).seed(1).take(300).collect();
    assert!(ops.iter().all(|op| pool.contains(op)));
    assert!(pool.iter().all(|op| ops.contains(op)));
}

#[test]
fn frequencies_are_uniform_by_chi_square() {
    for (len, draws) in [(2, 20_000), (4, 40_000), (7, 70_000), (1000, 200_000)] {
        for seed in [1, 42, 0xfeed] {
            let picks = random(0..len).seed(seed).take(draws);
            let observed = counts(picks, len);
            let stat = chi_square(&observed, &vec![1.0 / len as f64; len]);
            let limit = critical_0_001(len - 1);
            assert!(
                stat < limit,
                "pool {len}, seed {seed}: chi-square {stat:.1} ≥ {limit:.1}"
            );
        }
    }
}

#[test]
fn a_pool_of_one_yields_that_op() {
    assert!(random(["only"]).take(10).all(|op| op == "only"));
}

#[test]
fn take_zero_yields_nothing() {
    assert_eq!(random([1, 2]).seed(3).take(0).count(), 0);
}

#[test]
fn nth_skips_as_next_would() {
    let mut stepped = random(0..50).seed(8);
    let mut jumped = stepped.clone();
    for _ in 0..5 {
        stepped.next();
    }
    assert_eq!(jumped.nth(5), stepped.next());
    assert!(jumped.take(20).eq(stepped.take(20)));
}

#[test]
fn size_hint_is_endless() {
    let ops = random([1]).seed(0);
    assert_eq!(ops.size_hint(), (usize::MAX, None));
    assert_eq!(ops.take(7).size_hint(), (7, Some(7)));
}

#[test]
fn empty_pool_is_an_error_or_a_panic_at_construction() {
    assert_eq!(Random::<u8>::try_new([]).unwrap_err(), Error::EmptyPool);
    let panic = std::panic::catch_unwind(|| random(Vec::<u8>::new())).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(
        message,
        "random: the pool of ops is empty: give at least one op"
    );
}

#[test]
fn debug_shows_the_pool_and_the_seed() {
    let ops = random(["read"]).seed(0x2a);
    assert_eq!(
        format!("{ops:?}"),
        r#"Random { pool: ["read"], seed: Seed(0x000000000000002a), .. }"#
    );
}

#[test]
fn an_unseeded_generator_keeps_its_seed_readable_and_replayable() {
    let ops = random(0..1000u32);
    let seed = ops.initial_seed();
    assert!(format!("{ops:?}").contains(&seed.to_string()));
    let replay = random(0..1000u32).seed(seed);
    assert!(ops.take(100).eq(replay.take(100)));
}

#[test]
fn pool_keeps_the_ops_as_given() {
    assert_eq!(random(["b", "a", "b"]).pool(), ["b", "a", "b"]);
}
