//! Swarm testing: each seed turns on about half the kinds (never none), spreads their weights
//! widely, picks only among them, replays from its seed, and is named in a `Check`'s report.

use std::time::Duration;

use lockstep_gen::history::Outcome;
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, Run, client_fn};
use lockstep_gen::{Check, Error, MixSwarm, Swarm, Workload};

const KINDS: [(&str, u32); 4] = [("push", 1), ("pop", 1), ("peek", 1), ("len", 1)];

#[test]
fn each_kind_is_on_in_about_half_the_seeds_and_never_none() {
    let seeds = 0..4000u64;
    let mut on = [0usize; 4];
    for seed in seeds.clone() {
        let config = swarm(KINDS).seed(seed).config().clone();
        assert!(
            config.enabled_kinds().count() >= 1,
            "seed {seed}: no kind on"
        );
        for (k, count) in on.iter_mut().enumerate() {
            *count += usize::from(config.is_enabled(k));
        }
    }
    // Four kinds, none-on drawn again: each is on with probability (1/2) / (1 - 1/16) = 8/15,
    // 2133 of 4000 expected, standard deviation 31.6; 5 deviations either side cannot flake.
    for (k, &count) in on.iter().enumerate() {
        assert!(
            (1975..=2291).contains(&count),
            "kind {k} on in {count} of 4000 seeds"
        );
    }
}

#[test]
fn factors_spread_evenly_over_eight_doublings() {
    // Each on kind's factor (its weight, the given weight being 1) is 2^e + low bits, e uniform
    // in 0..=7: count the factors in each doubling over many seeds.
    let mut octaves = [0usize; 8];
    let mut factors = 0;
    let mut wide = 0usize;
    for seed in 0..4000u64 {
        let ops = swarm(KINDS).seed(seed);
        let weights: Vec<u32> = ops
            .config()
            .weights()
            .iter()
            .copied()
            .filter(|&w| w > 0)
            .collect();
        for &w in &weights {
            assert!((1..=255).contains(&w));
            octaves[w.ilog2() as usize] += 1;
            factors += 1;
        }
        let (lo, hi) = (weights.iter().min().unwrap(), weights.iter().max().unwrap());
        if weights.len() >= 2 && hi / lo >= 10 {
            wide += 1;
        }
    }
    // About 8533 factors, an eighth in each doubling (sd about 31): within 6 sd.
    for (e, &n) in octaves.iter().enumerate() {
        let expected = factors / 8;
        assert!(n.abs_diff(expected) < 200, "doubling {e}: {n} of {factors}");
    }
    // Widely spread: a tenfold gap between the largest and smallest factor on is common. Exactly,
    // from the factors' law: with 2, 3 or 4 kinds on (6, 4 and 1 chances in 15) the gap is
    // tenfold or more with probability 0.374, 0.663 and 0.831, so in 0.382 of seeds: 1528 of
    // 4000 expected, sd 30.7: within 5 sd. (Factors spread evenly over 1..=255 would give 0.106.)
    assert!(
        wide.abs_diff(1528) < 154,
        "{wide} seeds of 4000 with a tenfold gap"
    );
}

#[test]
fn only_kinds_that_are_on_are_picked_each_as_often_as_its_weight_says() {
    for seed in 0..50u64 {
        let ops = swarm(KINDS).seed(seed);
        let weights = ops.config().weights().to_vec();
        let total: u32 = weights.iter().sum();
        let n = 20_000;
        let mut counts = [0usize; 4];
        for op in ops.take(n) {
            counts[KINDS.iter().position(|&(k, _)| k == op).unwrap()] += 1;
        }
        for k in 0..4 {
            if weights[k] == 0 {
                assert_eq!(counts[k], 0, "seed {seed}: kind {k} is off but was picked");
                continue;
            }
            // A binomial count: within 6 standard deviations (and 1 op) of its mean.
            let p = f64::from(weights[k]) / f64::from(total);
            let mean = p * n as f64;
            let sd = (mean * (1.0 - p)).sqrt();
            assert!(
                (counts[k] as f64 - mean).abs() <= 6.0 * sd + 1.0,
                "seed {seed}: kind {k} picked {} times, {mean:.0} expected",
                counts[k]
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_configuration_and_stream() {
    let a = swarm(KINDS).seed(77);
    let b = swarm(KINDS).seed(Seed::from(77));
    assert_eq!(a.config(), b.config());
    assert!(a.clone().take(500).eq(b.take(500)));
    // Seeding again draws the configuration again: from the new seed alone.
    let reseeded = swarm(KINDS).seed(1).seed(77);
    assert_eq!(reseeded.config(), a.config());
    // Different seeds, different configurations (some of 20 at least).
    let distinct: std::collections::HashSet<Vec<u32>> = (0..20u64)
        .map(|s| swarm(KINDS).seed(s).config().weights().to_vec())
        .collect();
    assert!(distinct.len() > 10);
    // Unseeded, in a scope: the same too.
    let scoped = || Seed::from(5).scope(|| swarm(KINDS).take(100).collect::<Vec<_>>());
    assert_eq!(scoped(), scoped());
}

#[test]
fn weights_scale_the_drawn_factors_and_zero_is_never_on() {
    for seed in 0..200u64 {
        let ops = swarm([("read", 3), ("never", 0), ("write", 1)]).seed(seed);
        let w = ops.config().weights();
        assert_eq!(w[1], 0);
        assert!(w[0] % 3 == 0 && w[0] <= 3 * 255);
        assert!(ops.enabled().all(|&op| op != "never"));
    }
    // The only kind of weight above 0 is on in every seed.
    assert!((0..200u64).all(|s| swarm([("a", 0), ("b", 2)]).seed(s).config().is_enabled(1)));
}

#[test]
fn bad_pools_are_errors_that_name_the_cause() {
    assert_eq!(Swarm::<u8>::try_new([]).unwrap_err(), Error::EmptyPool);
    assert_eq!(
        Swarm::try_new([(1, 0), (2, 0)]).unwrap_err(),
        Error::AllWeightsZero { ops: 2 }
    );
    let too_heavy = Swarm::try_new([(1, 16_843_010)]).unwrap_err();
    assert!(matches!(
        too_heavy,
        Error::InvalidParameter { name: "weight", .. }
    ));
    assert!(
        too_heavy.to_string().contains("at most 16843009"),
        "{too_heavy}"
    );
    assert!(Swarm::try_new([(1, 16_843_009)]).is_ok());
    assert!(MixSwarm::try_new([(std::iter::once(1), 16_843_010)]).is_err());
    // A mix with no child of weight above 0 is empty, as mix_weighted's.
    assert_eq!(
        MixSwarm::try_new([(std::iter::once(1), 0)])
            .unwrap()
            .count(),
        0
    );
    assert_eq!(
        MixSwarm::<std::iter::Once<u8>>::try_new([])
            .unwrap()
            .count(),
        0
    );
}

#[test]
#[should_panic(expected = "swarm: all 1 weights are zero")]
fn swarm_panics_on_all_zero_weights() {
    let _ = swarm([("a", 0)]);
}

#[test]
fn debug_shows_the_seed_and_the_kinds_that_are_on() {
    let ops = swarm(KINDS).seed(3);
    let shown = format!("{ops:?}");
    assert!(shown.contains("seed: Seed(0x0000000000000003)"), "{shown}");
    for op in ops.enabled() {
        assert!(shown.contains(&format!("(\"{op}\", ")), "{shown}");
    }
    let config = ops.config().to_string();
    assert!(
        config.starts_with("swarm<&str> (seed 0x0000000000000003): "),
        "{config}"
    );
    assert!(format!("{:?}", mix_swarm([(cycle([1]), 1)]).seed(2)).contains("SwarmConfig"));
}

#[test]
fn mix_swarm_never_asks_a_child_that_is_off() {
    // A child that panics when asked: the mix must not pull it unless it is on.
    let boom = || std::iter::from_fn(|| -> Option<u32> { panic!("an off child was pulled") });
    for seed in 0..100u64 {
        let mixed = mix_swarm([(cycle([1]).boxed(), 1), (boom().boxed(), 1)]).seed(seed);
        if mixed.config().is_enabled(1) {
            continue;
        }
        assert_eq!(mixed.enabled_kinds().collect::<Vec<_>>(), [0]);
        assert!(mixed.take(1000).all(|op| op == 1));
    }
}

#[test]
fn mix_swarm_yields_every_op_of_the_children_that_are_on() {
    for seed in 0..100u64 {
        let mixed = mix_swarm([
            (repeat_n(0, 5), 1),
            (repeat_n(1, 7), 2),
            (repeat_n(2, 9), 1),
        ])
        .seed(seed);
        let on: Vec<usize> = mixed.enabled_kinds().collect();
        let lens = [5, 7, 9];
        let expected: usize = on.iter().map(|&k| lens[k]).sum();
        assert_eq!(mixed.size_hint(), (expected, Some(expected)), "seed {seed}");
        let ops: Vec<usize> = mixed.clone().collect();
        assert_eq!(ops.len(), expected, "seed {seed}");
        for (k, len) in lens.into_iter().enumerate() {
            let n = ops.iter().filter(|&&op| op == k).count();
            assert_eq!(n, if on.contains(&k) { len } else { 0 }, "seed {seed}");
        }
        // A restart replays it: the same configuration, the same interleaving.
        let twice: Vec<usize> = mixed.cycle_n(2).collect();
        assert_eq!(twice, [ops.clone(), ops].concat());
    }
}

struct Stack;

impl Workload for Stack {
    type Op = &'static str;
    const LENGTH: usize = 64;
    fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
        // One swarm that gives ops, and one that is built but never pulled: only the first is reported.
        let _unused = swarm([("x", 1)]).seed(seed.derive(1));
        swarm(KINDS).seed(seed)
    }
}

fn overflows(ops: &[&str]) -> Result<(), String> {
    let mut depth = 0u32;
    for &op in ops {
        match op {
            "push" if depth == 12 => return Err("a 13th element overflows the stack".into()),
            "push" => depth += 1,
            "pop" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[test]
fn a_failure_report_states_the_configuration_of_the_cases_swarms() {
    let failure = Check::new("stack", Stack)
        .base(3)
        .run(|case| overflows(case.ops()))
        .unwrap_err();
    let expected = swarm(KINDS).seed(failure.seed()).config().clone();
    // Once, though the determinism check generated the case twice; the unpulled swarm not at all.
    assert_eq!(failure.swarms(), std::slice::from_ref(&expected));
    assert!(
        expected.is_enabled(0),
        "pushes are on in a seed that overflows"
    );
    let report = failure.to_string();
    assert!(
        report.contains(&format!("\nswarm: {expected}\n")),
        "{report}"
    );
    // A check of a workload without swarms says nothing of them.
    struct Plain;
    impl Workload for Plain {
        type Op = &'static str;
        const LENGTH: usize = 64;
        fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
            weighted(KINDS).seed(seed)
        }
    }
    let plain = Check::new("plain", Plain)
        .base(3)
        .run(|_| Err("always"))
        .unwrap_err();
    assert!(plain.swarms().is_empty());
    assert!(!plain.to_string().contains("swarm"));
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
enum Fault {
    Partition,
    Heal,
    Kill,
    Restart,
    Pause,
    Resume,
}

impl lockstep_gen::history::SerdeOp for Fault {}

/// The nemesis's faults for a run of this seed, planned and as a simulation injected them.
fn nemesis_faults(seed: Seed) -> (Vec<Fault>, Vec<Fault>) {
    let run = Run::new(
        Workers::new(seed, 2),
        |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)),
        |_, _| random(0..9u32).take(20).stagger(Duration::from_millis(1)),
    )
    // Its fault kinds, each a fault and its undoing, drawn from a swarm.
    .nemesis(
        |_seed| {
            mix_swarm([
                (cycle([Fault::Partition, Fault::Heal]), 1),
                (cycle([Fault::Kill, Fault::Restart]), 1),
                (cycle([Fault::Pause, Fault::Resume]), 1),
            ])
            .stagger(Duration::from_millis(2))
        },
        |_: &Fault| Outcome::Ok(0),
    )
    .time_limit(Duration::from_millis(200));
    let planned = run.planned_faults().into_iter().map(|t| t.op).collect();
    let history = run.simulate(Latency::fixed(Duration::from_micros(100)));
    let injected = history
        .events()
        .iter()
        .filter_map(|e| e.op().and_then(|op| op.nemesis()).copied())
        .collect();
    (planned, injected)
}

#[test]
fn a_swarm_nemesis_injects_only_some_fault_kinds_per_run_and_is_reported() {
    let kinds = |seed: u64| {
        let (planned, injected) = nemesis_faults(Seed::from(seed));
        assert_eq!(planned, injected, "seed {seed}");
        let mut on = [false; 3];
        for fault in planned {
            on[match fault {
                Fault::Partition | Fault::Heal => 0,
                Fault::Kill | Fault::Restart => 1,
                Fault::Pause | Fault::Resume => 2,
            }] = true;
        }
        on
    };
    let runs: Vec<[bool; 3]> = (0..40).map(kinds).collect();
    assert!(
        runs.iter().all(|on| on.iter().any(|&k| k)),
        "a run with no fault"
    );
    assert!(
        runs.iter().any(|on| on.iter().filter(|&&k| k).count() == 1),
        "no run with one kind alone"
    );
    assert!(
        runs.iter().any(|on| on.iter().all(|&k| k)),
        "no run with every kind"
    );
    assert_eq!(runs[7], kinds(7), "the same seed, the same kinds");

    // A property that simulates the run: its nemesis's configuration is in the report.
    let failure = Check::new("nemesis", NoSwarm)
        .base(1)
        .run(|case| {
            let (_, injected) = nemesis_faults(case.seed());
            if injected.contains(&Fault::Kill) {
                Err("killed")
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    // Two nemeses, one line each: `nemesis_faults` builds one to plan and one to run, from the same seed.
    let nemesis = failure.swarms();
    assert_eq!(nemesis.len(), 2, "{failure}");
    assert_eq!(nemesis[0], nemesis[1]);
    assert!(nemesis[0].is_enabled(1), "kills were on: {}", nemesis[0]);
    assert!(
        failure
            .to_string()
            .contains("swarm: mix_swarm<Fault> (seed "),
        "{failure}"
    );
}

#[test]
fn a_swarm_built_on_the_checks_thread_and_pulled_on_another_is_reported() {
    let failure = Check::new("threads", NoSwarm)
        .base(2)
        .run(|case| {
            // As a run's nemesis on threads: built here, pulled and dropped on a thread of its own.
            let faults = swarm([("partition", 1), ("kill", 1)]).seed(case.seed());
            let unused = swarm([("never pulled", 1)]).seed(case.seed());
            let pulled: Vec<&str> = std::thread::spawn(move || faults.take(10).collect())
                .join()
                .unwrap();
            drop(unused);
            if pulled.contains(&"kill") {
                Err("killed")
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    let expected = swarm([("partition", 1), ("kill", 1)])
        .seed(failure.seed())
        .config()
        .clone();
    assert_eq!(failure.swarms(), std::slice::from_ref(&expected));
}

/// One op per case, no swarm: the swarms a report lists are the property's.
struct NoSwarm;
impl Workload for NoSwarm {
    type Op = u64;
    const LENGTH: usize = 1;
    fn ops(&self, seed: Seed) -> impl Iterator<Item = u64> {
        std::iter::once(seed.value())
    }
}

#[test]
fn two_swarms_with_equal_configurations_are_two_lines() {
    // Same weights and seed, so equal configurations; but two swarms, over different ops.
    struct Two;
    impl Workload for Two {
        type Op = &'static str;
        const LENGTH: usize = 20;
        fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
            let a = swarm([("read", 1), ("write", 1)]).seed(seed);
            let b = swarm([("put", 1), ("del", 1)]).seed(seed);
            a.zip(b).flat_map(|(x, y)| [x, y])
        }
    }
    let failure = Check::new("two", Two)
        .base(1)
        .run(|_| Err("always"))
        .unwrap_err();
    let swarms = failure.swarms();
    assert_eq!(swarms.len(), 2, "{failure}");
    assert_eq!(swarms[0], swarms[1]);
    assert_eq!(
        failure
            .to_string()
            .matches("swarm: swarm<&str> (seed ")
            .count(),
        2
    );

    // Over different op types, the lines say which is which.
    let failure = Check::new("types", NoSwarm)
        .base(1)
        .run(|case| {
            let _: Vec<u8> = swarm([(1u8, 1), (2, 1)])
                .seed(case.seed())
                .take(3)
                .collect();
            let _: Vec<char> = swarm([('a', 1), ('b', 1)])
                .seed(case.seed())
                .take(3)
                .collect();
            Err("always")
        })
        .unwrap_err();
    let report = failure.to_string();
    assert!(report.contains("swarm: swarm<u8> (seed "), "{report}");
    assert!(report.contains("swarm: swarm<char> (seed "), "{report}");
}

#[test]
fn a_swarm_built_before_the_check_and_reseeded_in_it_is_reported() {
    // Built outside any recording, so re-seeded in place: it must join the recording running then.
    let mut pool: Vec<Swarm<&str>> = (0..100)
        .map(|_| swarm([("a", 1), ("b", 1), ("c", 1)]))
        .collect();
    let failure = Check::new("pool", NoSwarm)
        .base(1)
        .run(|case| {
            let ops = pool.pop().unwrap().seed(case.seed());
            let _ = ops.take(10).count();
            Err("always")
        })
        .unwrap_err();
    let expected = swarm([("a", 1), ("b", 1), ("c", 1)])
        .seed(failure.seed())
        .config()
        .clone();
    assert_eq!(
        failure.swarms(),
        std::slice::from_ref(&expected),
        "{failure}"
    );
}

#[test]
fn a_mix_swarm_that_gives_no_op_is_not_reported() {
    struct EmptyMix;
    impl Workload for EmptyMix {
        type Op = &'static str;
        const LENGTH: usize = 5;
        fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
            mix_swarm([
                (std::iter::empty::<&'static str>(), 1),
                (std::iter::empty(), 1),
            ])
            .seed(seed)
            .chain(std::iter::repeat("x"))
        }
    }
    let failure = Check::new("empty_mix", EmptyMix)
        .base(1)
        .run(|_| Err("always"))
        .unwrap_err();
    assert!(failure.swarms().is_empty(), "{failure}");
}

#[test]
fn a_flaky_failure_does_not_report_the_swarms_of_its_passing_rerun() {
    let mut runs = 0;
    let failure = Check::new("flaky", NoSwarm)
        .base(1)
        .run(|case| {
            runs += 1;
            let _ = swarm([("a", 1), ("b", 1)])
                .seed(case.seed())
                .take(5)
                .count();
            // Fails once only: the shrunk case's re-run passes.
            if runs == 1 { Err("once") } else { Ok(()) }
        })
        .unwrap_err();
    assert!(failure.is_flaky(), "{failure}");
    assert!(failure.swarms().is_empty(), "{failure}");
}
