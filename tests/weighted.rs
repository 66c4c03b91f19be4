//! `weighted`: biased picks, exact for any `u32` weights.

mod common;

use common::{chi_square, counts, critical_0_001};
use lockstep_gen::prelude::*;
use lockstep_gen::{Error, Weighted};

fn indices(weights: &[u32], seed: u64, draws: usize) -> Vec<u64> {
    let picks = weighted(weights.iter().copied().enumerate())
        .seed(seed)
        .take(draws);
    counts(picks, weights.len())
}

#[test]
fn frequencies_follow_the_weights_by_chi_square() {
    let cases: [&[u32]; 4] = [
        &[1, 2, 3, 4],
        &[1, 1],
        &[u32::MAX, u32::MAX / 2, u32::MAX / 4],
        &[100, 1, 10, 1000, 5, 50],
    ];
    for weights in cases {
        let total: f64 = weights.iter().map(|&w| f64::from(w)).sum();
        let shares: Vec<f64> = weights.iter().map(|&w| f64::from(w) / total).collect();
        for seed in [1, 42, 0xfeed] {
            let stat = chi_square(&indices(weights, seed, 100_000), &shares);
            let limit = critical_0_001(weights.len() - 1);
            assert!(
                stat < limit,
                "{weights:?}, seed {seed}: chi-square {stat:.1} ≥ {limit:.1}"
            );
        }
    }
}

#[test]
fn a_large_flat_pool_is_uniform_by_chi_square() {
    let weights = vec![7u32; 1000];
    let stat = chi_square(&indices(&weights, 5, 200_000), &[0.001; 1000]);
    let limit = critical_0_001(999);
    assert!(stat < limit, "chi-square {stat:.1} ≥ {limit:.1}");
}

#[test]
fn zero_weights_are_never_picked() {
    let weights = [0, 3, 0, 1, 0, u32::MAX, 0];
    for seed in 0..20 {
        let observed = indices(&weights, seed, 5_000);
        for (i, &w) in weights.iter().enumerate() {
            if w == 0 {
                assert_eq!(observed[i], 0, "op {i} has weight 0, seed {seed}");
            }
        }
    }
}

#[test]
fn extreme_weights_do_not_overflow_or_round() {
    // Four ops at u32::MAX: their sum overflows u32 and is not exact in f32.
    let observed = indices(&[u32::MAX; 4], 9, 40_000);
    let stat = chi_square(&observed, &[0.25; 4]);
    assert!(stat < critical_0_001(3), "chi-square {stat:.1}");

    // u32::MAX against 1, whose total wraps to 0 if summed in u32: the light
    // op's share is 2^-32, so a correct sampler shows it in 10^5 draws with
    // probability about 2^-15 (and at this fixed seed, not at all). This shows
    // no overflow; that the light op keeps exactly its 2^-32 share is shown
    // by the alias table's own unit test, which counts every bucket's units.
    let observed = indices(&[u32::MAX, 1], 9, 100_000);
    assert_eq!(observed, [100_000, 0]);
}

#[test]
fn same_seed_same_stream_other_seed_other_stream() {
    let ops = || weighted([("read", 5), ("write", 3), ("cas", 1)]);
    let a: Vec<_> = ops().seed(7).take(200).collect();
    assert_eq!(a, ops().seed(7).take(200).collect::<Vec<_>>());
    assert_ne!(a, ops().seed(8).take(200).collect::<Vec<_>>());
}

#[test]
fn nth_skips_as_next_would() {
    let mut stepped = weighted([(1, 1), (2, 5), (3, 2)]).seed(8);
    let mut jumped = stepped.clone();
    for _ in 0..9 {
        stepped.next();
    }
    assert_eq!(jumped.nth(9), stepped.next());
    assert!(jumped.take(20).eq(stepped.take(20)));
}

#[test]
fn bad_pools_are_errors_or_panics_at_construction() {
    assert_eq!(Weighted::<u8>::try_new([]).unwrap_err(), Error::EmptyPool);
    assert_eq!(
        Weighted::try_new([("a", 0), ("b", 0), ("c", 0)]).unwrap_err(),
        Error::AllWeightsZero { ops: 3 }
    );
    let panic = std::panic::catch_unwind(|| weighted([("a", 0)])).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(
        message,
        "weighted: all 1 weights are zero: give at least one op a weight above zero"
    );
}

#[test]
fn debug_and_pairs_show_the_pool_as_given() {
    let ops = weighted([("read", 2), ("never", 0)]).seed(1);
    assert_eq!(ops.pairs(), [("read", 2), ("never", 0)]);
    assert_eq!(
        format!("{ops:?}"),
        r#"Weighted { pairs: [("read", 2), ("never", 0)], seed: Seed(0x0000000000000001), .. }"#
    );
    assert_eq!(ops.size_hint(), (usize::MAX, None));
}

/// Weights 3:1 over 8,192 ops, at the one-draw cap (`n * total = 2^56`) and one unit above it
/// (two draws per pick): the even ops, three quarters of the weight, get three quarters of the picks.
#[test]
fn picks_follow_the_weights_at_the_cap_and_above_it() {
    let at_cap: Vec<u32> = (0..8192)
        .map(|k| if k % 2 == 0 { 3 << 29 } else { 1 << 29 })
        .collect();
    let mut above = at_cap.clone();
    above[0] += 1;
    for weights in [at_cap, above] {
        let picks = weighted(weights.iter().copied().enumerate())
            .seed(11)
            .take(100_000);
        let by_parity = counts(picks.map(|k| k % 2), 2);
        let stat = chi_square(&by_parity, &[0.75, 0.25]);
        assert!(
            stat < critical_0_001(1),
            "chi-square {stat:.1}, {by_parity:?}"
        );
    }
}

#[test]
fn nine_to_one_by_chi_square() {
    for seed in [1, 2, 3] {
        let stat = chi_square(&indices(&[9, 1], seed, 100_000), &[0.9, 0.1]);
        assert!(
            stat < critical_0_001(1),
            "seed {seed}: chi-square {stat:.1}"
        );
    }
}
