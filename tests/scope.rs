//! Seed scopes: a workload built from one seed is deterministic as a whole, whichever parts were seeded.

use std::time::Duration;

use lockstep_gen::prelude::*;

const FRESH: u64 = 0x6672_6573_6800_0000;

/// A composite whose inner parts are never seeded: only the outer layers are.
fn composite() -> impl Iterator<Item = Timed<u32>> + std::fmt::Debug {
    mix_random([random(0..100), random(100..200)])
        .seed(7)
        .stagger(Duration::from_millis(1))
        .seed(8)
}

#[test]
fn the_same_composite_in_the_same_scope_gives_the_same_stream() {
    let a: Vec<_> = Seed::from(1).scope(|| composite().take(200).collect());
    let b: Vec<_> = Seed::from(1).scope(|| composite().take(200).collect());
    assert_eq!(a, b);
    let other: Vec<_> = Seed::from(2).scope(|| composite().take(200).collect());
    assert_ne!(a, other);
}

#[test]
fn outside_a_scope_the_unseeded_children_differ() {
    // What scopes fix: built twice in one process, the children take two fresh seeds.
    let a: Vec<_> = composite().take(200).collect();
    let b: Vec<_> = composite().take(200).collect();
    assert_ne!(a, b);
}

#[test]
fn a_scope_gives_fresh_seeds_in_construction_order() {
    let seeds = Seed::from(5).scope(|| {
        let a = random([1]);
        let b = weighted([(1, 1)]);
        let c = cycle([1]).stagger(Duration::from_secs(1));
        let d = mix_random([cycle([1])]);
        [
            a.initial_seed(),
            b.initial_seed(),
            c.initial_seed(),
            d.initial_seed(),
        ]
    });
    let expected: Vec<_> = (0..4)
        .map(|k| Seed::from(5).derive(FRESH).derive(k))
        .collect();
    assert_eq!(seeds.to_vec(), expected);
}

#[test]
fn scopes_nest_and_the_outer_one_carries_on() {
    let fresh = |seed: u64, k| Seed::from(seed).derive(FRESH).derive(k);
    let seeds = Seed::from(1).scope(|| {
        let first = Seed::fresh().unwrap();
        let inner = Seed::from(2).scope(|| [Seed::fresh().unwrap(), Seed::fresh().unwrap()]);
        let after = Seed::fresh().unwrap();
        (first, inner, after)
    });
    assert_eq!(
        seeds,
        (fresh(1, 0), [fresh(2, 0), fresh(2, 1)], fresh(1, 1))
    );
}

#[test]
fn a_panic_restores_the_outer_scope() {
    Seed::from(1).scope(|| {
        let caught = std::panic::catch_unwind(|| {
            Seed::from(2).scope(|| {
                let _ = Seed::fresh();
                panic!("inside the inner scope");
            })
        });
        assert!(caught.is_err());
        assert_eq!(Seed::fresh(), Ok(Seed::from(1).derive(FRESH).derive(0)));
    });
}

#[test]
fn a_scope_belongs_to_its_thread() {
    Seed::from(1).scope(|| {
        let elsewhere = std::thread::spawn(|| random([1]).initial_seed())
            .join()
            .unwrap();
        let here = random([1]).initial_seed();
        assert_eq!(here, Seed::from(1).derive(FRESH).derive(0));
        assert_ne!(elsewhere, here);
    });
}

#[test]
fn workers_build_each_stream_in_its_seeds_scope() {
    let workers = Workers::new(42, 3);
    let unseeded = || {
        workers.streams(|_, _| {
            mix_random([random(0..10), random(10..20)])
                .stagger(Duration::from_millis(1))
                .take(50)
                .collect::<Vec<_>>()
        })
    };
    let first = unseeded();
    assert_eq!(first, unseeded());
    assert_ne!(first[0], first[1]);
    // Exactly as if built by hand in the worker seed's scope.
    let by_hand: Vec<_> = workers.worker_seed(1).scope(|| {
        mix_random([random(0..10), random(10..20)])
            .stagger(Duration::from_millis(1))
            .take(50)
            .collect()
    });
    assert_eq!(first[1], by_hand);

    let reserved = workers
        .reserve()
        .next_workers(1, |_, _| random(0..1000).take(5).collect::<Vec<_>>())
        .rest(|_, _| random(0..1000).take(5).collect());
    let unreserved = workers.streams(|_, _| random(0..1000).take(5).collect::<Vec<_>>());
    assert_eq!(reserved, unreserved);

    let nemesis = || workers.nemesis(|_| random(["kill", "heal"]).take(10).collect::<Vec<_>>());
    assert_eq!(nemesis(), nemesis());
}

#[test]
fn debug_shows_every_parts_seed() {
    let shown = format!("{:?}", Seed::from(1).scope(composite));
    for k in 0..2 {
        // The two unseeded children took the scope's first two fresh seeds.
        let child = Seed::from(1).derive(FRESH).derive(k);
        assert!(shown.contains(&child.to_string()), "{child} in {shown}");
    }
    assert!(shown.contains(&Seed::from(7).to_string()), "{shown}");
    assert!(shown.contains(&Seed::from(8).to_string()), "{shown}");
    let boxed = format!("{:?}", random([1]).seed(9).boxed());
    assert!(boxed.contains(&Seed::from(9).to_string()), "{boxed}");
}
