//! The `# Panics` sections no other test held to, each checked on its documented message;
//! that a run's client panics are `Info`s while its streams' and nemesis's panics are the run's;
//! and README's "the panic points at your line, not this crate's" for every documented panic at
//! construction or configuration.

use std::cell::Cell;
use std::time::Duration;

use lockstep_gen::elle::list_append;
use lockstep_gen::history::Outcome;
use lockstep_gen::linearizability::Checker;
use lockstep_gen::prelude::*;
use lockstep_gen::run::{AsyncClient, Latency, Run, client_fn};
use lockstep_gen::{Error, Exponential, Hotspot, ScrambledZipfian, Sequential, Zipfian};

fn ns(n: u64) -> Duration {
    Duration::from_nanos(n)
}

/// The text a panic carried, `String` or `&str`.
fn panic_text(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("a panic");
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => (*payload.downcast::<&str>().expect("a text payload")).to_owned(),
    }
}

/// `Checker::threads`: "If `threads` is 0."
#[test]
#[should_panic(expected = "a check needs at least one thread")]
fn checker_threads_refuses_zero() {
    let _ = Checker::new().threads(0);
}

/// `ScrambledZipfian::permute`: "If `rank` is not below `n`."
#[test]
fn permute_refuses_a_rank_not_below_n() {
    assert!(ScrambledZipfian::permute(99, 100) < 100);
    assert_eq!(
        panic_text(|| {
            let _ = ScrambledZipfian::permute(100, 100);
        }),
        "permute: rank 100 is not below n = 100"
    );
}

/// `Txns::max_writes_per_key`: "If `n` is 0."
#[test]
#[should_panic(expected = "max_writes_per_key: must be at least 1")]
fn elle_max_writes_per_key_refuses_zero() {
    let _ = list_append().max_writes_per_key(0);
}

/// `Txns::worker`: "If `w` is not below `workers`."
#[test]
fn elle_worker_refuses_a_worker_not_below_the_count() {
    let _ = list_append().worker(2, 3);
    assert_eq!(
        panic_text(|| {
            let _ = list_append().worker(3, 3);
        }),
        "worker: 3 is not below the 3 workers"
    );
}

/// `Txns::key_count`: "a count above 2^63" is refused by the key distribution, and a count
/// whose active keys cannot be held in memory panics with a message that says so.
#[test]
#[cfg(target_pointer_width = "64")]
fn elle_key_count_refuses_a_count_above_2_pow_63_or_past_memory() {
    assert_eq!(
        panic_text(|| {
            let _ = list_append().key_count((1 << 63) + 1);
        }),
        "key_count: invalid key count 9223372036854775809: expected a count in 1..=2^63"
    );
    // 2^63 keys of 16 bytes each: more than any address space, a clear panic, not an abort.
    assert_eq!(
        panic_text(|| {
            let _ = list_append().key_count(1 << 63);
        }),
        "key_count: 9223372036854775808 active keys, 16 bytes each, do not fit in memory"
    );
}

/// `Latency::uniform`: "If `max` is not above `min`, or is past `u64::MAX` nanoseconds."
#[test]
fn latency_uniform_refuses_an_empty_or_too_wide_range() {
    let _ = Latency::uniform(ns(1), ns(2));
    assert_eq!(
        panic_text(|| {
            let _ = Latency::uniform(ns(5), ns(5));
        }),
        "Latency::uniform: max 5ns must be above min 5ns (for one latency every time, use Latency::fixed)"
    );
    assert_eq!(
        panic_text(|| {
            let _ = Latency::uniform(ns(5), ns(4));
        }),
        "Latency::uniform: max 4ns must be above min 5ns (for one latency every time, use Latency::fixed)"
    );
    assert!(
        panic_text(|| {
            let _ = Latency::uniform(ns(0), ns(u64::MAX) + ns(1));
        })
        .starts_with("Latency::uniform: 18446744073.709551616s is more than u64::MAX nanoseconds")
    );
}

/// `Latency::fixed`: "If `latency` is past `u64::MAX` nanoseconds."
#[test]
fn latency_fixed_refuses_a_latency_past_u64_max_nanoseconds() {
    let _ = Latency::fixed(ns(u64::MAX));
    assert!(
        panic_text(|| {
            let _ = Latency::fixed(ns(u64::MAX) + ns(1));
        })
        .starts_with("Latency::fixed: 18446744073.709551616s is more than u64::MAX nanoseconds")
    );
}

/// `TimeLimit::cycle_n` and `TimeLimit::cycle`: "When an op's shifted time would pass `Duration::MAX`."
#[test]
fn a_cycled_time_limit_refuses_to_pass_the_largest_duration() {
    let late = || {
        once(Timed::new(Duration::MAX - Duration::from_secs(1), 1))
            .time_limit(Duration::from_secs(2))
    };
    let message = "TimedCycle: an op's time plus 2s passed Duration::MAX";
    // The first run is not shifted: it is given whole.
    assert_eq!(late().cycle_n(1).count(), 1);
    assert_eq!(
        panic_text(|| {
            let _ = late().cycle_n(2).count();
        }),
        message
    );
    assert_eq!(
        panic_text(|| {
            let _ = late().cycle().nth(1);
        }),
        message
    );
}

/// `sequential`: "If `n` is 0 or above 2^63"; `Sequential::try_new` returns it as `InvalidParameter`.
#[test]
fn sequential_refuses_zero_keys_and_more_than_2_pow_63() {
    assert!(matches!(
        Sequential::try_new(0),
        Err(Error::InvalidParameter {
            name: "key count",
            ..
        })
    ));
    assert!(matches!(
        Sequential::try_new((1 << 63) + 1),
        Err(Error::InvalidParameter {
            name: "key count",
            ..
        })
    ));
    assert_eq!(sequential(1 << 63).nth(3), Some(3));
    assert_eq!(
        panic_text(|| drop(sequential(0))),
        "sequential: invalid key count 0: expected a count in 1..=2^63"
    );
}

/// `exponential`: "If `n` is 0 or above 2^63, if `decay` is not in `(0, 1]`".
#[test]
fn exponential_refuses_its_documented_parameters() {
    for (n, decay) in [
        (0, 0.5),
        ((1 << 63) + 1, 0.5),
        (10, 0.0),
        (10, -0.5),
        (10, 1.5),
        (10, f64::NAN),
    ] {
        assert!(
            matches!(
                Exponential::try_new(n, decay),
                Err(Error::InvalidParameter { .. })
            ),
            "n = {n}, decay = {decay}"
        );
    }
    assert!(
        Exponential::try_new(1 << 63, 1.0).is_ok(),
        "decay 1 is in (0, 1]"
    );
    assert_eq!(
        panic_text(|| drop(exponential(10, 0.0))),
        "exponential: invalid decay 0: expected a ratio in (0, 1]"
    );
}

/// `zipfian` and `scrambled_zipfian`: "if `theta` is negative or not finite".
#[test]
fn zipfians_refuse_a_negative_or_infinite_theta() {
    for theta in [-0.1, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        assert!(
            matches!(
                Zipfian::try_new(10, theta),
                Err(Error::InvalidParameter { name: "theta", .. })
            ),
            "{theta}"
        );
        assert!(
            matches!(
                ScrambledZipfian::try_new(10, theta),
                Err(Error::InvalidParameter { name: "theta", .. })
            ),
            "{theta}"
        );
    }
    assert!(
        Zipfian::try_new(10, 0.0).is_ok(),
        "theta 0 is uniform, and allowed"
    );
    assert_eq!(
        panic_text(|| drop(scrambled_zipfian(0, 0.99))),
        "scrambled_zipfian: invalid key count 0: expected a count in 1..=2^63"
    );
}

/// `hotspot`: "If `n` is 0 or above 2^63".
#[test]
fn hotspot_refuses_zero_keys_and_more_than_2_pow_63() {
    for n in [0, (1 << 63) + 1] {
        assert!(
            matches!(
                Hotspot::try_new(n, 0.2, 0.8),
                Err(Error::InvalidParameter {
                    name: "key count",
                    ..
                })
            ),
            "{n}"
        );
    }
    assert_eq!(
        panic_text(|| drop(hotspot(0, 0.2, 0.8))),
        "hotspot: invalid key count 0: expected a count in 1..=2^63"
    );
}

/// A stream that panics at its third op.
fn breaking_stream() -> impl Iterator<Item = Timed<u64>> {
    (0..5u64).map(|i| {
        assert!(i != 2, "the stream broke at op 2");
        Timed::new(Duration::from_millis(i), i)
    })
}

/// `Run::simulate` and `Run::threads`: "If a worker's stream … panics", with the stream's own message.
#[test]
fn a_panicking_stream_panics_the_run_with_its_message() {
    let run = || {
        Run::new(
            Workers::new(1, 2),
            |_| client_fn(|op: &u64| Outcome::<u64, String>::Ok(*op)),
            |_, _| breaking_stream(),
        )
        .ops_per_worker(5)
    };
    assert_eq!(
        panic_text(|| drop(run().simulate(Latency::fixed(ns(10))))),
        "the stream broke at op 2"
    );
    assert_eq!(
        panic_text(|| drop(run().threads())),
        "the stream broke at op 2"
    );
}

/// `Run::simulate`: "or logical time passes `u64::MAX` nanoseconds".
#[test]
#[should_panic(expected = "simulate: logical time passed u64::MAX nanoseconds")]
fn a_simulation_refuses_to_pass_u64_max_nanoseconds() {
    let run = Run::new(
        Workers::new(1, 1),
        |_| client_fn(|op: &u64| Outcome::<u64, String>::Ok(*op)),
        |_, _| once(Timed::new(ns(u64::MAX), 1u64)),
    )
    .ops_per_worker(1);
    let _ = run.simulate(Latency::fixed(ns(1)));
}

/// An async client that answers each op with itself.
#[derive(Clone)]
struct AsyncEcho;

impl AsyncClient for AsyncEcho {
    type Op = u64;
    type Value = u64;
    type Error = String;

    async fn invoke(&mut self, op: &u64) -> Outcome<u64, String> {
        Outcome::Ok(*op)
    }
}

/// `Run::tokio`: "Outside a tokio runtime with its time driver".
#[test]
fn a_tokio_run_needs_a_runtime_with_its_time_driver() {
    let run = Run::new(
        Workers::new(1, 1),
        |_| AsyncEcho,
        |_, _| once(Timed::new(Duration::from_millis(1), 1u64)),
    )
    .ops_per_worker(1);
    let no_timers = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let text = panic_text(std::panic::AssertUnwindSafe(|| {
        drop(no_timers.block_on(run.tokio()));
    }));
    assert!(text.contains("timers are disabled"), "{text}");
    // With the time driver, the same run plays.
    let timers = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    assert_eq!(timers.block_on(run.tokio()).events().len(), 2);
}

/// A panic payload whose own drop panics.
struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("the payload's drop panics too");
    }
}

/// `Run::simulate`, `Run::threads` (and `panic_payload`'s "nor a run for its client"): a client
/// that panics, even with a payload whose drop panics, gives an `Info`; the run goes on.
#[test]
fn a_client_panicking_with_a_bomb_is_an_info_not_a_panic_of_the_run() {
    let run = Run::new(
        Workers::new(1, 1),
        |_| {
            client_fn(|op: &u64| -> Outcome<u64, String> {
                if *op == 1 {
                    std::panic::panic_any(Bomb)
                }
                Outcome::Ok(*op)
            })
        },
        |_, _| (0..3u64).map(|i| Timed::new(Duration::from_millis(i), i)),
    )
    .ops_per_worker(3);
    let message = "the client panicked: a panic with a non-string payload";
    for history in [run.simulate(Latency::fixed(ns(1))), run.threads()] {
        let outcomes: Vec<_> = history
            .events()
            .iter()
            .filter_map(|e| e.outcome())
            .cloned()
            .collect();
        assert_eq!(
            outcomes,
            [
                Outcome::Ok(0),
                Outcome::Info(message.to_owned()),
                Outcome::Ok(2)
            ]
        );
    }
}

/// `mix_swarm`'s `# Panics` and `MixSwarm::try_new`'s `# Errors`: a weight above `u32::MAX / 255`.
#[test]
fn mix_swarm_refuses_a_weight_above_the_largest_it_can_scale() {
    use lockstep_gen::MixSwarm;
    let heavy = || [(once(1u8), 1), (once(2), 16_843_010)];
    assert!(matches!(
        MixSwarm::try_new(heavy()),
        Err(Error::InvalidParameter { name: "weight", .. })
    ));
    assert!(MixSwarm::try_new([(once(1u8), 16_843_009)]).is_ok());
    let text = panic_text(|| drop(mix_swarm(heavy())));
    assert!(
        text.starts_with("mix_swarm: ") && text.contains("at most 16843009"),
        "{text}"
    );
}

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static PANICKED_IN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The file a panic of `f` was reported at. A hook installed once records it for the
/// threads that ask, and passes every other panic to the hook that was there before.
fn panic_file(f: impl FnOnce()) -> String {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                PANICKED_IN.set(info.location().map(|l| l.file().to_owned()));
            } else {
                previous(info);
            }
        }));
    });
    CATCHING.set(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.set(false);
    assert!(result.is_err(), "no panic");
    PANICKED_IN.take().expect("the hook saw the panic")
}

/// Six dice.
struct Dice;

impl lockstep_gen::Workload for Dice {
    type Op = u8;
    const LENGTH: usize = 6;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = u8> {
        random(1..=6).seed(seed)
    }
}

/// A call that must panic, named.
type Case = (&'static str, Box<dyn FnOnce()>);

/// Drops what a call returned, `Copy` or not.
fn ignore<T>(_: T) {}

/// Every documented panic at construction or configuration is reported at the caller's line.
#[test]
fn a_documented_panic_points_at_the_callers_line() {
    use lockstep_gen::elle::KeyDist;
    use lockstep_gen::linearizability::Operation;
    let here = file!();
    let cases: Vec<Case> = vec![
        ("random", Box::new(|| ignore(random(Vec::<u8>::new())))),
        ("weighted", Box::new(|| ignore(weighted([(1u8, 0)])))),
        ("swarm", Box::new(|| ignore(swarm([(1u8, 0)])))),
        ("cycle", Box::new(|| ignore(cycle(Vec::<u8>::new())))),
        (
            "mix_swarm",
            Box::new(|| ignore(mix_swarm([(once(1u8), u32::MAX)]))),
        ),
        ("sequential", Box::new(|| ignore(sequential(0)))),
        ("zipfian", Box::new(|| ignore(zipfian(0, 0.9)))),
        (
            "scrambled_zipfian",
            Box::new(|| ignore(scrambled_zipfian(0, 0.9))),
        ),
        ("hotspot", Box::new(|| ignore(hotspot(0, 0.2, 0.8)))),
        ("exponential", Box::new(|| ignore(exponential(10, 0.0)))),
        (
            "permute",
            Box::new(|| ignore(ScrambledZipfian::permute(5, 5))),
        ),
        (
            "stagger",
            Box::new(|| ignore(cycle([1u8]).stagger(Duration::MAX))),
        ),
        (
            "delay",
            Box::new(|| ignore(cycle([1u8]).delay(Duration::MAX))),
        ),
        ("key_count", Box::new(|| ignore(list_append().key_count(0)))),
        ("txn_len", Box::new(|| ignore(list_append().txn_len(0..=1)))),
        (
            "max_writes_per_key",
            Box::new(|| ignore(list_append().max_writes_per_key(0))),
        ),
        ("worker", Box::new(|| ignore(list_append().worker(3, 3)))),
        (
            "key_dist",
            Box::new(|| ignore(list_append().key_dist(KeyDist::Exponential { decay: 2.0 }))),
        ),
        (
            "Latency::uniform",
            Box::new(|| ignore(Latency::uniform(ns(5), ns(5)))),
        ),
        (
            "Latency::fixed",
            Box::new(|| ignore(Latency::fixed(Duration::MAX))),
        ),
        (
            "Checker::threads",
            Box::new(|| ignore(Checker::new().threads(0))),
        ),
        (
            "Operation::ok",
            Box::new(|| ignore(Operation::ok(0, (), 2, (), 1))),
        ),
        (
            "Check::iterations",
            Box::new(|| ignore(lockstep_gen::Check::new("dice", Dice).iterations(0))),
        ),
        (
            "worker_seed",
            Box::new(|| ignore(Workers::new(1, 2).worker_seed(2))),
        ),
        (
            "next_workers",
            Box::new(|| {
                ignore(
                    Workers::new(1, 2)
                        .reserve()
                        .next_workers(3, |_, _| cycle([1u8])),
                )
            }),
        ),
    ];
    for (what, f) in cases {
        assert_eq!(panic_file(f), here, "{what}");
    }
}

/// `Run::simulate`, `Run::threads` and `Run::tokio`: "if … the nemesis panics" the run panics
/// with the nemesis's message; and `Run::tokio` as the others for a worker's stream.
#[test]
fn a_panicking_nemesis_panics_the_run_with_its_message() {
    let ms = Duration::from_millis;
    let faults = move |_: Seed| cycle(["pause"]).delay(ms(1)).take(3);
    let inject = |_: &&str| -> Outcome<u64, String> { panic!("the nemesis broke") };
    let blocking = Run::new(
        Workers::new(1, 1),
        |_| client_fn(|op: &u64| Outcome::<u64, String>::Ok(*op)),
        move |_, _| (0..3u64).map(move |i| Timed::new(ms(i), i)),
    )
    .ops_per_worker(3)
    .nemesis(faults, inject);
    assert_eq!(
        panic_text(|| drop(blocking.simulate(Latency::fixed(ns(10))))),
        "the nemesis broke"
    );
    assert_eq!(panic_text(|| drop(blocking.threads())), "the nemesis broke");

    let paused = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    };
    let with_nemesis = Run::new(
        Workers::new(1, 1),
        |_| AsyncEcho,
        move |_, _| (0..3u64).map(move |i| Timed::new(ms(i), i)),
    )
    .ops_per_worker(3)
    .nemesis(faults, inject);
    assert_eq!(
        panic_text(std::panic::AssertUnwindSafe(|| {
            drop(paused().block_on(with_nemesis.tokio()));
        })),
        "the nemesis broke"
    );
    let breaking =
        Run::new(Workers::new(1, 2), |_| AsyncEcho, |_, _| breaking_stream()).ops_per_worker(5);
    assert_eq!(
        panic_text(std::panic::AssertUnwindSafe(|| {
            drop(paused().block_on(breaking.tokio()));
        })),
        "the stream broke at op 2"
    );
}
