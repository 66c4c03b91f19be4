//! Promises the docs make that no other test held to: each test names the doc it checks.
//!
//! A documented panic is checked on its message, a documented error on its variant, a
//! "same on every platform and release" on a pinned value computed independently here.

use std::cell::Cell;
use std::time::Duration;

use lockstep_gen::elle::list_append;
use lockstep_gen::history::{
    Edn, EdnOp, Event, History, Outcome, ReadErrorKind, read_edn, read_edn_file,
};
use lockstep_gen::linearizability::{CasRegister, Checker, EdnModel};
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

// ---- # Panics sections -------------------------------------------------------------------

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
        "Latency::uniform: max 5ns must be above min 5ns"
    );
    assert_eq!(
        panic_text(|| {
            let _ = Latency::uniform(ns(5), ns(4));
        }),
        "Latency::uniform: max 4ns must be above min 5ns"
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

// ---- # Errors sections -------------------------------------------------------------------

/// A writer that fails on every write, as a full disk does.
struct Full;

impl std::io::Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "disk full",
        ))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "disk full",
        ))
    }
}

#[derive(Clone, Debug)]
struct Write(i64);

impl EdnOp for Write {
    fn f(&self) -> Edn {
        Edn::keyword("write")
    }

    fn value(&self) -> Edn {
        Edn::Int(self.0)
    }
}

fn small_history() -> History<Write, (), String> {
    History::new(
        Seed::from(7),
        vec![
            Event::invoke(0, 0, Write(3)),
            Event::complete(5, 0, Outcome::Ok(())),
            Event::invoke(6, 1, Write(4)),
            Event::complete(9, 1, Outcome::Info("timed out".to_owned())),
        ],
    )
    .unwrap()
}

/// `History::write_edn` and `write_json_lines`: "# Errors: What `out` returns."
#[test]
fn writing_a_history_returns_the_writers_error() {
    let history = small_history();
    let edn = history.write_edn(Full).unwrap_err();
    assert_eq!(edn.kind(), std::io::ErrorKind::StorageFull);
    let json = history.write_json_lines(Full).unwrap_err();
    assert_eq!(json.kind(), std::io::ErrorKind::StorageFull);
}

/// `read_edn_file`: "a file that cannot be read or is not UTF-8 is a `ReadErrorKind::Io`".
#[test]
fn a_history_file_that_is_not_utf8_is_an_io_error_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("lockstep-promises-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.edn");
    std::fs::write(
        &path,
        b"{:type :invoke, :process 0, :f :read, :value \"caf\xe9\"}\n",
    )
    .unwrap();
    let err = read_edn_file(&path).unwrap_err();
    assert!(matches!(err.kind(), ReadErrorKind::Io { .. }), "{err:?}");
    assert_eq!(err.path(), Some(path.as_path()));
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", path.display())),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `EdnModel::check`: "whose value is not of its shape" (the unknown op is checked by a doctest).
#[test]
fn an_edn_op_whose_value_is_not_of_the_models_shape_is_an_error_naming_its_event() {
    let history = read_edn(
        "{:type :invoke, :process 0, :f :read, :value nil}\n\
         {:type :ok, :process 0, :f :read, :value nil}\n\
         {:type :invoke, :process 1, :f :write}\n",
    )
    .unwrap();
    let err = EdnModel::CasRegister
        .check(&history, &Checker::new())
        .unwrap_err();
    assert_eq!(err.index(), 2);
    assert_eq!(err.to_string(), "event 2: a :write needs a :value");
    assert!(
        Checker::new()
            .threads(1)
            .check(&CasRegister::<u64>::new(), &[])
            .is_linearizable()
    );
}

// ---- "the same on every platform and release" ------------------------------------------------

/// FNV-1a, 64 bits, written out here so that the pins below do not trust the crate's own.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `History::digest`: "FNV-1a, 64 bits, of `to_edn_string`", "the same on every platform and release".
#[test]
fn a_historys_digest_is_pinned() {
    let history = small_history();
    let text = "{:index 0, :time 0, :type :invoke, :process 0, :f :write, :value 3}\n\
                {:index 1, :time 5, :type :ok, :process 0, :f :write, :value nil}\n\
                {:index 2, :time 6, :type :invoke, :process 1, :f :write, :value 4}\n\
                {:index 3, :time 9, :type :info, :process 1, :f :write, :value 4, :error \"timed out\"}\n";
    assert_eq!(history.to_edn_string(), text);
    assert_eq!(history.digest(), fnv1a(text.as_bytes()));
    assert_eq!(history.digest(), 0x16b4_239f_5919_8942);
}

/// `Run::planned_digest`: FNV-1a over `<worker or "nemesis"> <due time in nanoseconds> <:f> <:value>` lines.
#[test]
fn a_runs_planned_digest_is_the_documented_lines() {
    let run = Run::new(
        Workers::new(3, 2),
        |_| client_fn(|_: &Write| Outcome::<(), String>::Ok(())),
        |w, _| {
            let w = w as i64;
            [
                Timed::new(ns(0), Write(10 * w)),
                Timed::new(ns(7), Write(10 * w + 1)),
            ]
            .into_iter()
        },
    )
    .ops_per_worker(2);
    let text = "0 0 :write 0\n0 7 :write 1\n1 0 :write 10\n1 7 :write 11\n";
    assert_eq!(run.planned_digest(), fnv1a(text.as_bytes()));
}

// ---- "Jumps ahead in O(1), without cloning the skipped ops" ----------------------------------

thread_local! {
    static CLONES: Cell<u64> = const { Cell::new(0) };
}

/// An op that counts its clones on this thread.
#[derive(Debug, PartialEq)]
struct Counted(u32);

impl Clone for Counted {
    fn clone(&self) -> Self {
        CLONES.set(CLONES.get() + 1);
        Counted(self.0)
    }
}

/// `Cycle::nth`: "Jumps ahead in O(1), without cloning the skipped ops."
#[test]
fn cycle_nth_clones_only_the_op_it_returns() {
    let mut ops = cycle((0..5).map(Counted));
    let before = CLONES.get();
    assert_eq!(ops.nth(1_000_003), Some(Counted(3)));
    assert_eq!(CLONES.get() - before, 1, "only the returned op is cloned");
    assert_eq!(
        ops.next(),
        Some(Counted(4)),
        "and the stream goes on from there"
    );
}

// ---- "never asked again", "never asked for an op" --------------------------------------------

/// A child that gives `op` once, then `None`, and panics if it is asked again after that `None`.
#[derive(Clone, Debug)]
struct OnceThenNone {
    op: Option<u32>,
    done: bool,
}

fn once_then_none(op: u32) -> OnceThenNone {
    OnceThenNone {
        op: Some(op),
        done: false,
    }
}

impl Iterator for OnceThenNone {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        assert!(!self.done, "a child was asked again after its None");
        let op = self.op.take();
        self.done = op.is_none();
        op
    }
}

/// A child that must never be asked for an op.
#[derive(Clone, Debug)]
struct NeverAsked;

impl Iterator for NeverAsked {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        panic!("a child of weight 0 was asked for an op")
    }
}

/// `phases` and `mix_all`: "A phase (child) that has once returned `None` is never asked again."
#[test]
fn phases_and_mix_all_never_ask_an_exhausted_child_again() {
    let mut ops = phases([once_then_none(1), once_then_none(2)]);
    assert_eq!(ops.by_ref().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(ops.next(), None);
    assert_eq!(ops.next(), None);

    let mut ops = mix_all([once_then_none(1), once_then_none(2), once_then_none(3)]);
    assert_eq!(ops.by_ref().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(ops.next(), None);
    assert_eq!(ops.next(), None);
}

/// `mix_weighted` and `mix_swarm`: a child of weight 0 "is never asked for an op" (one that is off).
#[test]
fn a_child_of_weight_0_is_never_asked_for_an_op() {
    let children = || {
        [
            (NeverAsked.boxed(), 0),
            (cycle([1u32]).boxed(), 1),
            (NeverAsked.boxed(), 0),
        ]
    };
    for seed in 0..20 {
        assert_eq!(mix_weighted(children()).seed(seed).take(100).count(), 100);
        assert_eq!(mix_swarm(children()).seed(seed).take(100).count(), 100);
    }
}

// ---- Time: "always 0 when `mean` is zero", "never sleeping" ------------------------------------

/// `Generator::stagger`: gaps "always 0 when `mean` is zero".
#[test]
fn stagger_with_a_zero_mean_puts_every_op_at_time_0() {
    for seed in 0..10 {
        assert!(
            cycle([1u8])
                .stagger(Duration::ZERO)
                .seed(seed)
                .take(1000)
                .all(|op| op.at == Duration::ZERO)
        );
    }
}

/// `Run::simulate`: "in logical time, on this thread, never sleeping". Ops due eleven days
/// apart play at once; a simulation that slept would miss the minute given here by far.
#[test]
fn a_simulation_never_sleeps_to_an_ops_time() {
    let days = |d: u64| Duration::from_secs(d * 24 * 3600);
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = Run::new(
            Workers::new(1, 2),
            |_| client_fn(|op: &u64| Outcome::<u64, String>::Ok(*op)),
            move |_, _| [Timed::new(days(11), 1u64), Timed::new(days(22), 2)].into_iter(),
        )
        .ops_per_worker(2);
        let history = run.simulate(Latency::fixed(Duration::from_millis(1)));
        let _ = sent.send(history.events().last().map(|e| e.time()));
    });
    let last = received
        .recv_timeout(Duration::from_secs(60))
        .expect("the simulation slept");
    assert_eq!(last, Some(days(22).as_nanos() as u64 + 1_000_000));
}

// ---- "Jumps ahead in O(1)" ----------------------------------------------------------------

/// `Sequential::nth` and `Cycle::nth`: "Jumps `n` keys ahead in O(1)". A jump of `usize::MAX`
/// steps would not end if it stepped.
#[test]
fn sequential_and_cycle_jump_any_distance_at_once() {
    let n = usize::MAX;
    assert_eq!(sequential(10).nth(n), Some((n % 10) as u64));
    assert_eq!(cycle(0..7u32).nth(n), Some((n % 7) as u32));
    let mut keys = sequential(1 << 63);
    assert_eq!(
        keys.nth(n),
        Some((1 << 63) - 1),
        "2^64 - 1 steps from 0, round 2^63 keys"
    );
    assert_eq!(keys.next(), Some(0));
}

// ---- "a client's panic is an `Info`, not a panic of the run" ---------------------------------

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

// ---- initial_seed: "The seed this stream started from" ---------------------------------------

/// Every seeded generator's `initial_seed` is the seed it started from, however far it has gone.
#[test]
fn initial_seed_stays_the_starting_seed_however_far_the_stream_goes() {
    fn far<G: Iterator>(mut g: G) -> G {
        let _ = g.nth(999);
        g
    }
    let s = Seed::from(0x5eed);
    assert_eq!(far(random(0..9u8).seed(s)).initial_seed(), s);
    assert_eq!(far(weighted([(1u8, 1), (2, 3)]).seed(s)).initial_seed(), s);
    assert_eq!(far(swarm([(1u8, 1), (2, 3)]).seed(s)).initial_seed(), s);
    assert_eq!(
        far(mix_random([cycle([1u8]), cycle([2])]).seed(s)).initial_seed(),
        s
    );
    assert_eq!(
        far(mix_swarm([(cycle([1u8]), 1), (cycle([2]), 1)]).seed(s)).initial_seed(),
        s
    );
    assert_eq!(far(cycle([1u8]).stagger(ns(5)).seed(s)).initial_seed(), s);
    assert_eq!(far(zipfian(100, 0.99).seed(s)).initial_seed(), s);
    assert_eq!(far(hotspot(100, 0.2, 0.8).seed(s)).initial_seed(), s);
    assert_eq!(far(exponential(100, 0.5).seed(s)).initial_seed(), s);
    assert_eq!(far(scrambled_zipfian(100, 0.99).seed(s)).initial_seed(), s);
    assert_eq!(far(list_append().seed(s)).initial_seed(), s);
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

/// `History::completion_of`: "`None` when it never completed or `index` is not an invocation";
/// `invocation_of`: "`None` for an invocation". An index past the end is neither, and no panic.
#[test]
fn completion_of_and_invocation_of_are_none_where_there_is_no_partner() {
    let history = small_history();
    assert_eq!(history.completion_of(0), Some(1));
    assert_eq!(history.completion_of(1), None, "a completion");
    assert_eq!(history.invocation_of(1), Some(0));
    assert_eq!(history.invocation_of(2), None, "an invocation");
    assert_eq!(history.completion_of(99), None);
    assert_eq!(history.invocation_of(99), None);
}

// ---- "the panic points at your line, not this crate's" (README) -------------------------------

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

/// `Latency::uniform`: "Uniform over the whole nanoseconds in `[min, max)`": every value drawn, `max` never.
#[test]
fn a_uniform_latency_draws_every_nanosecond_of_its_range_and_never_max() {
    let run = Run::new(
        Workers::new(5, 1),
        |_| client_fn(|op: &u64| Outcome::<u64, String>::Ok(*op)),
        |_, _| (0..2000u64).map(|i| Timed::new(Duration::from_micros(i), i)),
    )
    .ops_per_worker(2000);
    let history = run.simulate(Latency::uniform(ns(10), ns(14)));
    let mut seen = [0u32; 4];
    for pair in history.events().chunks(2) {
        let latency = pair[1].time() - pair[0].time();
        assert!((10..14).contains(&latency), "{latency}ns");
        seen[(latency - 10) as usize] += 1;
    }
    // Each of the four values has probability 1/4 over 2000 draws: 500 each, standard deviation
    // sqrt(2000 * 1/4 * 3/4) ≈ 19.4, so 400..600 is over five deviations either side (and the seed is fixed).
    assert!(seen.iter().all(|&n| (400..600).contains(&n)), "{seen:?}");
}
