//! Key distributions: frequencies against the exact laws by chi-square, errors, and what `Debug` shows.

mod common;

use common::{chi_square, counts, critical_0_001};
use lockstep_gen::prelude::*;
use lockstep_gen::{Error, Exponential, Hotspot, ScrambledZipfian, Sequential, Zipfian};

const SEEDS: [u64; 3] = [1, 42, 0xfeed];

/// Zipf's exact law on `0..n`: `(k + 1)^-theta`, normalised.
fn zipf_shares(n: usize, theta: f64) -> Vec<f64> {
    let weights: Vec<f64> = (1..=n).map(|k| (k as f64).powf(-theta)).collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

fn assert_fits(name: &str, keys: impl Iterator<Item = u64>, shares: &[f64]) {
    let observed = counts(keys.map(|k| k as usize), shares.len());
    let stat = chi_square(&observed, shares);
    let limit = critical_0_001(shares.len() - 1);
    assert!(stat < limit, "{name}: chi-square {stat:.1} ≥ {limit:.1}");
}

#[test]
fn zipfian_follows_zipfs_law_by_chi_square() {
    // (n, theta, draws): YCSB's theta, theta 0 (uniform), theta 1 (the helpers' limit), steep theta.
    // Draws so that the rarest key expects at least 20.
    for (n, theta, draws) in [
        (1000, 0.99, 200_000),
        (10, 0.0, 20_000),
        (50, 1.0, 50_000),
        (100, 1.5, 400_000),
    ] {
        let shares = zipf_shares(n, theta);
        for seed in SEEDS {
            let keys = zipfian(n as u64, theta).seed(seed).take(draws);
            assert_fits(
                &format!("zipfian({n}, {theta}), seed {seed}"),
                keys,
                &shares,
            );
        }
    }
}

#[test]
fn zipfian_over_2_pow_63_keys_has_zipfs_head() {
    // The normalising sum over 2^63 keys is out of reach, but given a key
    // below 20 its law is exactly the first 20 weights, normalised.
    let shares = zipf_shares(20, 0.99);
    for seed in SEEDS {
        let keys = zipfian(1 << 63, 0.99).seed(seed).take(200_000);
        let head: Vec<u64> = keys.filter(|&k| k < 20).collect();
        // Of 2^63 keys at theta 0.99, the first 20 take about 8% of the picks.
        assert!(head.len() > 10_000, "seed {seed}: {} head keys", head.len());
        assert_fits(
            &format!("zipfian(2^63) head, seed {seed}"),
            head.into_iter(),
            &shares,
        );
    }
}

#[test]
fn scrambled_zipfian_is_zipfs_law_permuted() {
    let (n, theta) = (1000u64, 0.99);
    let by_rank = zipf_shares(n as usize, theta);
    let mut shares = vec![0.0; n as usize];
    for (rank, share) in by_rank.iter().enumerate() {
        shares[ScrambledZipfian::permute(rank as u64, n) as usize] = *share;
    }
    assert!(
        shares.iter().all(|&s| s > 0.0),
        "the permutation hits every key"
    );
    for seed in SEEDS {
        let keys = scrambled_zipfian(n, theta).seed(seed).take(200_000);
        assert_fits(&format!("scrambled_zipfian, seed {seed}"), keys, &shares);
    }
    // The hottest rank moves too (an odd multiply alone would leave 0 at 0).
    for n in [1000, 10_000_000_000, 1 << 63] {
        assert_ne!(ScrambledZipfian::permute(0, n), 0, "n = {n}");
    }
    // The hot keys are spread: the 10 hottest are not a block of neighbours.
    let mut hottest: Vec<u64> = (0..10).map(|r| ScrambledZipfian::permute(r, n)).collect();
    hottest.sort();
    assert!(hottest[9] - hottest[0] > 100, "{hottest:?}");
}

#[test]
fn hotspot_gives_the_hot_set_its_share_uniformly() {
    for (n, hot_fraction, hot_op_fraction) in [(100u64, 0.2, 0.8), (10, 0.5, 0.1), (7, 1.0, 1.0)] {
        let hot = (n as f64 * hot_fraction) as u64;
        let shares: Vec<f64> = (0..n)
            .map(|k| match k < hot {
                true => hot_op_fraction / hot as f64,
                false => (1.0 - hot_op_fraction) / (n - hot) as f64,
            })
            .collect();
        for seed in SEEDS {
            let keys = hotspot(n, hot_fraction, hot_op_fraction)
                .seed(seed)
                .take(100_000);
            let name = format!("hotspot({n}, {hot_fraction}, {hot_op_fraction}), seed {seed}");
            assert_fits(&name, keys, &shares);
        }
    }
}

#[test]
fn exponential_follows_the_truncated_geometric_law() {
    for (n, decay, draws) in [
        (10u64, 0.5f64, 100_000),
        (200, 0.98, 200_000),
        (5, 1.0, 20_000),
    ] {
        let weights: Vec<f64> = (0..n).map(|k| decay.powi(k as i32)).collect();
        let total: f64 = weights.iter().sum();
        let shares: Vec<f64> = weights.iter().map(|w| w / total).collect();
        // Keys whose expected count is below 5 are pooled into one bin, as chi-square needs.
        let last = shares
            .iter()
            .position(|&s| s * (draws as f64) < 5.0)
            .unwrap_or(shares.len());
        let mut pooled = shares[..last].to_vec();
        if last < shares.len() {
            pooled.push(shares[last..].iter().sum());
        }
        for seed in SEEDS {
            let keys = exponential(n, decay)
                .seed(seed)
                .take(draws)
                .map(|k| (k as usize).min(last) as u64);
            assert_fits(
                &format!("exponential({n}, {decay}), seed {seed}"),
                keys,
                &pooled,
            );
        }
    }
}

#[test]
fn every_key_is_below_n_even_at_the_extremes() {
    for n in [1u64, 2, 3, (1 << 63) - 1, 1 << 63] {
        assert!(
            zipfian(n, 0.99).seed(1).take(2000).all(|k| k < n),
            "zipfian {n}"
        );
        assert!(
            zipfian(n, 20.0).seed(1).take(2000).all(|k| k < n),
            "zipfian {n}, theta 20"
        );
        assert!(
            scrambled_zipfian(n, 0.5).seed(1).take(2000).all(|k| k < n),
            "scrambled {n}"
        );
        assert!(
            exponential(n, 0.999).seed(1).take(2000).all(|k| k < n),
            "exponential {n}"
        );
        assert!(
            exponential(n, 1e-300).seed(1).take(2000).all(|k| k == 0),
            "exponential {n}, steep"
        );
    }
    assert!(zipfian(1, 0.99).seed(3).take(100).all(|k| k == 0));
}

#[test]
fn sequential_goes_round_and_nth_jumps() {
    assert!(sequential(1).take(3).eq([0, 0, 0]));
    let mut stepped = sequential(5);
    let mut jumped = stepped.clone();
    for _ in 0..12 {
        stepped.next();
    }
    assert_eq!(jumped.nth(12), stepped.next());
    assert_eq!(jumped.next(), Some(3));
    let mut big = sequential(1 << 63);
    assert_eq!(big.nth((1usize << 63) - 1 + 2), Some(1));
}

#[test]
fn same_seed_same_keys_and_nth_skips_as_next_would() {
    let a: Vec<u64> = zipfian(1000, 0.99).seed(5).take(500).collect();
    assert!(zipfian(1000, 0.99).seed(5).take(500).eq(a.iter().copied()));
    assert!(!zipfian(1000, 0.99).seed(6).take(500).eq(a.iter().copied()));
    let mut jumped = hotspot(50, 0.1, 0.9).seed(2);
    let mut stepped = jumped.clone();
    for _ in 0..9 {
        stepped.next();
    }
    assert_eq!(jumped.nth(9), stepped.next());
}

#[test]
fn bad_parameters_are_errors_or_panics_that_name_them() {
    let message = |e: Error| e.to_string();
    assert_eq!(
        message(Zipfian::try_new(0, 0.99).unwrap_err()),
        "invalid key count 0: expected a count in 1..=2^63"
    );
    assert_eq!(
        message(Zipfian::try_new((1 << 63) + 1, 0.99).unwrap_err()),
        "invalid key count 9223372036854775809: expected a count in 1..=2^63"
    );
    assert_eq!(
        message(Zipfian::try_new(10, f64::NAN).unwrap_err()),
        "invalid theta NaN: expected a finite exponent ≥ 0"
    );
    assert!(ScrambledZipfian::try_new(10, f64::INFINITY).is_err());
    assert_eq!(
        message(Hotspot::try_new(10, 1.5, 0.5).unwrap_err()),
        "invalid hot_fraction 1.5: expected a fraction in [0, 1]"
    );
    assert_eq!(
        message(Hotspot::try_new(10, 0.5, -0.1).unwrap_err()),
        "invalid hot_op_fraction -0.1: expected a fraction in [0, 1]"
    );
    assert_eq!(
        message(Hotspot::try_new(10, 1.0, 0.5).unwrap_err()),
        "invalid hot_fraction 1: expected a fraction that leaves at least one cold key of 10, \
         as hot_op_fraction is below 1"
    );
    assert!(
        Hotspot::try_new(10, 0.0, 0.0).is_ok(),
        "no hot set, and no picks sent to it"
    );
    assert!(Exponential::try_new(10, 0.0).is_err());
    assert!(Sequential::try_new(0).is_err());

    let panic = std::panic::catch_unwind(|| zipfian(10, -1.0)).unwrap_err();
    let text = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(
        text,
        "zipfian: invalid theta -1: expected a finite exponent ≥ 0"
    );
}

#[test]
fn debug_shows_parameters_and_seed() {
    assert_eq!(
        format!("{:?}", zipfian(100, 0.99).seed(1)),
        "Zipfian { n: 100, theta: 0.99, seed: Seed(0x0000000000000001), .. }"
    );
    assert_eq!(
        format!("{:?}", hotspot(100, 0.2, 0.8).seed(2)),
        "Hotspot { n: 100, hot_fraction: 0.2, hot_op_fraction: 0.8, seed: Seed(0x0000000000000002), .. }"
    );
    assert_eq!(
        format!("{:?}", exponential(10, 0.5).seed(3)),
        "Exponential { n: 10, decay: 0.5, seed: Seed(0x0000000000000003), .. }"
    );
    assert_eq!(
        format!("{:?}", sequential(4)),
        "Sequential { n: 4, next: 0 }"
    );
    assert_eq!(zipfian(100, 0.99).size_hint(), (usize::MAX, None));
}

#[test]
fn unseeded_sources_take_fresh_seeds_from_a_scope() {
    let a = Seed::from(11).scope(|| zipfian(100, 0.99).initial_seed());
    let b = Seed::from(11).scope(|| zipfian(100, 0.99).initial_seed());
    assert_eq!(a, b);
}

#[test]
fn key_sources_are_clone_debug_send_sync_unpin() {
    fn assert_value_type<T: Clone + std::fmt::Debug + Send + Sync + Unpin + 'static>() {}
    assert_value_type::<Zipfian>();
    assert_value_type::<ScrambledZipfian>();
    assert_value_type::<Hotspot>();
    assert_value_type::<Exponential>();
    assert_value_type::<Sequential>();
}
