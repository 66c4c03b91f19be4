//! Seeds: derivation, independence of siblings, fresh seeds that are never lost.

mod common;

use std::collections::HashSet;

use common::{chi_square, critical_0_001};
use lockstep_gen::prelude::*;
use lockstep_gen::{Error, Random, Weighted};

#[test]
fn distinct_keys_give_distinct_seeds() {
    for parent in [0, 42, u64::MAX] {
        let seeds: HashSet<_> = (0..100_000)
            .map(|key| Seed::from(parent).derive(key))
            .collect();
        assert_eq!(seeds.len(), 100_000, "parent {parent}");
    }
}

#[test]
fn derive_is_neither_identity_nor_symmetric() {
    let seed = Seed::from(7);
    assert_ne!(seed.derive(0), seed);
    assert_ne!(seed.derive(3), Seed::from(3).derive(7));
    assert_ne!(seed.derive(1).derive(2), seed.derive(2).derive(1));
}

#[test]
fn sibling_streams_look_independent() {
    // If two sibling streams were related, pairs of their ops would pile up in
    // some of the 16 cells; independent uniform streams spread 1/16 each.
    let iteration = Seed::from(42);
    for worker in 0..8 {
        let a = random(0..4usize).seed(iteration.derive(worker));
        let b = random(0..4usize).seed(iteration.derive(worker + 1));
        let mut cells = [0u64; 16];
        for (x, y) in a.zip(b).take(32_000) {
            cells[x * 4 + y] += 1;
        }
        let stat = chi_square(&cells, &[1.0 / 16.0; 16]);
        assert!(
            stat < critical_0_001(15),
            "workers {worker}, {}: {stat:.1}",
            worker + 1
        );
    }
}

#[test]
fn seeds_print_and_parse_back() {
    for value in [0, 1, 42, 0xdead_beef, u64::MAX] {
        let seed = Seed::from(value);
        assert_eq!(seed.to_string().parse::<Seed>(), Ok(seed));
        assert_eq!(value.to_string().parse::<Seed>(), Ok(seed));
        assert_eq!(u64::from(seed), value);
    }
    assert_eq!(Seed::from(255).to_string(), "0x00000000000000ff");
    assert_eq!(format!("{:?}", Seed::from(255)), "Seed(0x00000000000000ff)");
}

#[test]
fn bad_seed_text_is_a_clear_error() {
    let err = "0xnope".parse::<Seed>().unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSeed {
            text: "0xnope".into()
        }
    );
    assert_eq!(
        err.to_string(),
        r#"invalid seed "0xnope": expected a decimal u64 (like 42) or 0x-prefixed hex (like 0x2a)"#
    );
}

#[test]
fn unseeded_generators_get_distinct_fresh_seeds_derived_from_the_base() {
    let base = Seed::base().unwrap();
    let a = Random::try_new([1, 2]).unwrap().initial_seed();
    let b = Weighted::try_new([(1, 1)]).unwrap().initial_seed();
    assert_ne!(a, b);
    // Each is the documented `base.derive(FRESH).derive(n)`: tests in this
    // binary run in any order, so `n` is unknown, but it is small.
    let fresh = base.derive(0x6672_6573_6800_0000u64);
    let derived: HashSet<_> = (0..10_000).map(|n| fresh.derive(n)).collect();
    assert!(derived.contains(&a) && derived.contains(&b));
    // And never the seeds a program derives from the base for its workers.
    assert!((0..10_000).all(|worker| base.derive(worker) != a && base.derive(worker) != b));
}

#[test]
fn the_base_seed_is_fixed_for_the_process() {
    assert_eq!(Seed::base(), Seed::base());
}

/// `Seed::fresh`'s docs: the fresh seeds are kept apart from derived ones by
/// a fixed key, not by proof; for seed 42 the first collides with this key.
#[test]
fn a_fresh_seed_equals_one_derived_key_as_documented() {
    let fresh = Seed::from(42).derive(0x6672_6573_6800_0000u64).derive(0);
    assert_eq!(Seed::from(42).derive(0xfc2a_9ca3_2401_2ee4u64), fresh);
    assert_eq!(Seed::from(42).scope(Seed::fresh), Ok(fresh));
}

#[test]
fn a_workers_index_derives_without_a_cast() {
    let workers = Workers::new(3, 4);
    let derived = workers.streams(|worker, _| workers.seed().derive(worker));
    let seeds: Vec<_> = (0..4).map(|w| workers.worker_seed(w)).collect();
    assert_eq!(derived, seeds);
    assert_eq!(Seed::from(1).derive(-1), Seed::from(1).derive(u64::MAX));
    assert_eq!(Seed::from(1).derive(7u8), Seed::from(1).derive(7u64));
}
