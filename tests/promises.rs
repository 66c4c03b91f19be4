//! Promises the docs make that no other test held to, other than their `# Panics` and `# Errors`
//! (tests/documented_panics.rs, tests/documented_errors.rs): pinned digests, "never asked
//! again", "never sleeping", "jumps ahead in O(1)", `initial_seed`, a uniform latency's range.
//! Each test names the doc it checks.

use std::cell::Cell;
use std::time::Duration;

use lockstep_gen::elle::list_append;
use lockstep_gen::history::{Edn, EdnOp, Event, History, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, Run, client_fn};

fn ns(n: u64) -> Duration {
    Duration::from_nanos(n)
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
