//! Behaviours that Jepsen's own generator tests check, ported: each named after what it checks.

use std::cell::Cell;
use std::iter::repeat_n;
use std::rc::Rc;
use std::time::{Duration, Instant};

use lockstep_gen::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Read,
    Write(u8),
}

#[test]
#[allow(clippy::manual_repeat_n)] // Jepsen's limit over repeat is the very case checked
fn limit_over_repeat_gives_exactly_n() {
    for n in [0, 1, 7, 1000] {
        // Only the count can go wrong: `repeat(Op::Read)` has no other op to give.
        assert_eq!(repeat(Op::Read).take(n).each(|_| ()), n);
        assert_eq!(repeat_n(Op::Write(1), n).each(|_| ()), n);
    }
    assert_eq!(once(Op::Read).each(|_| ()), 1);
}

#[test]
#[allow(clippy::manual_repeat_n)] // Jepsen's endless repeat, bounded only to look at it
fn repeat_never_advances_the_underlying_generator() {
    // Jepsen's `(repeat gen)` emits gen's first op forever: `repeat(g.next()?)`,
    // which pulls from `g` once however many ops are taken.
    let pulls = Cell::new(0);
    let mut g = random(0..1_000_000u32)
        .seed(11)
        .inspect(|_| pulls.set(pulls.get() + 1));
    let first = g.next().unwrap();
    let repeated: Vec<_> = repeat(first).take(50).collect();
    assert_eq!(repeated, vec![first; 50]);
    assert_eq!(pulls.get(), 1);
    // `g` goes on with its second op, as if the repeat had never been.
    let second = random(0..1_000_000u32).seed(11).nth(1);
    assert_eq!(g.next(), second);
    assert_eq!(pulls.get(), 2);
}

#[test]
fn restarting_a_generator_replays_its_ops() {
    let run = random([Op::Read, Op::Write(1), Op::Write(2)])
        .seed(3)
        .take(10);
    let once: Vec<_> = run.clone().collect();
    let thrice: Vec<_> = run.clone().cycle_n(3).collect();
    assert_eq!(thrice.len(), 30);
    for chunk in thrice.chunks(10) {
        assert_eq!(chunk, once);
    }
    // Forever, with std's cycle.
    assert!(run.cycle().take(30).eq(thrice));
}

#[test]
fn cycling_an_empty_generator_ends_at_once() {
    assert_eq!(std::iter::empty::<Op>().cycle_n(usize::MAX).next(), None);
    // Counted: the first run and one restart are polled, not `usize::MAX` of them.
    let polls = Rc::new(Cell::new(0));
    let counted = Rc::clone(&polls);
    let empty = std::iter::from_fn(move || {
        counted.set(counted.get() + 1);
        None::<Op>
    });
    let mut cycled = empty.cycle_n(usize::MAX);
    assert_eq!(cycled.next(), None);
    assert_eq!(polls.get(), 2);
    assert_eq!(cycled.size_hint(), (0, Some(0)));
    assert_eq!(cycled.next(), None);
    assert_eq!(polls.get(), 2);
}

#[test]
fn a_restart_replays_only_what_clone_copies() {
    // The countdown lives behind an `Rc`, so a clone shares it: the restart
    // goes on where the first run stopped, finds nothing, and the whole ends.
    let left = Rc::new(Cell::new(3));
    let countdown = std::iter::from_fn(move || {
        let n = left.get();
        (n > 0).then(|| {
            left.set(n - 1);
            n
        })
    });
    assert_eq!(countdown.cycle_n(3).collect::<Vec<_>>(), [3, 2, 1]);
}

#[test]
fn phases_keep_order() {
    let setup = cycle([Op::Write(0)]).take(3);
    let load = cycle([Op::Read]).take(4);
    let ops: Vec<_> = phases([setup, load]).collect();
    let first_read = ops.iter().position(|&op| op == Op::Read).unwrap();
    assert_eq!(first_read, 3);
    assert!(ops[first_read..].iter().all(|&op| op == Op::Read));
    assert_eq!(ops.len(), 7);
    // Two phases are std's chain.
    let chained: Vec<_> = cycle([Op::Write(0)])
        .take(3)
        .chain(cycle([Op::Read]).take(4))
        .collect();
    assert_eq!(chained, ops);
}

#[test]
fn choice_among_exhausting_children_gives_exact_counts() {
    for seed in 0..20 {
        let ops: Vec<_> = mix_random([repeat_n("a", 5), repeat_n("b", 10)])
            .seed(seed)
            .collect();
        assert_eq!(ops.iter().filter(|&&op| op == "a").count(), 5);
        assert_eq!(ops.iter().filter(|&&op| op == "b").count(), 10);
        let weighted: Vec<_> = mix_weighted([(repeat_n("a", 5), 1), (repeat_n("b", 10), 9)])
            .seed(seed)
            .collect();
        assert_eq!(weighted.iter().filter(|&&op| op == "a").count(), 5);
        assert_eq!(weighted.len(), 15);
    }
    // Interleaved, not one child after the other. While both children are live each
    // pick is a fair coin, so all five `a` come first with probability exactly 1/32:
    // over 3200 seeds about 100 times, standard deviation sqrt(3200 * 1/32 * 31/32) ≈ 9.8,
    // and 50..=150 is over five of them either side.
    let a_first = (0..3200)
        .filter(|&seed| {
            mix_random([repeat_n("a", 5), repeat_n("b", 10)])
                .seed(seed)
                .take(5)
                .all(|op| op == "a")
        })
        .count();
    assert!((50..=150).contains(&a_first), "{a_first} of 3200");
}

#[test]
fn round_robin_until_all_gives_every_childs_ops() {
    let ops: Vec<_> = mix_all([repeat_n(1, 1), repeat_n(2, 3), repeat_n(3, 2)]).collect();
    assert_eq!(ops, [1, 2, 3, 2, 3, 2]);
    // `mix` stops at the first exhausted child instead.
    let ops: Vec<_> = mix([repeat_n(1, 1), repeat_n(2, 3), repeat_n(3, 2)]).collect();
    assert_eq!(ops, [1, 2, 3]);
}

#[test]
fn stagger_rate_over_1000_ops_is_within_ten_percent_of_one_over_mean() {
    // 999 gaps uniform in [0, 2 * mean): their sum S has mean 999 * mean and standard
    // deviation mean * sqrt(999 / 3) ≈ 18.25 * mean. The rate 999 / S is within ±10%
    // of 1 / mean when S is in [999 / 1.1, 999 / 0.9] * mean ≈ [908, 1110] * mean:
    // 4.97 standard deviations below the mean and 6.08 above, so by the normal
    // approximation a correct stagger fails for about 3 seeds in 10 million; every
    // seed here is fixed, so the test cannot flake.
    let mean = Duration::from_millis(10);
    for seed in 0..10 {
        let ops: Vec<_> = cycle([Op::Read])
            .stagger(mean)
            .seed(seed)
            .take(1000)
            .collect();
        let span = ops.last().unwrap().at.as_secs_f64();
        let rate = 999.0 / span;
        let expected = 1.0 / mean.as_secs_f64();
        assert!(
            (rate - expected).abs() <= 0.1 * expected,
            "seed {seed}: rate {rate}/s, expected {expected}/s"
        );
    }
}

#[test]
#[should_panic(expected = "delay: the timeline passed u64::MAX nanoseconds")]
fn delay_panics_rather_than_pass_the_last_nanosecond() {
    let mut ops = cycle([Op::Read]).delay(Duration::from_nanos(u64::MAX));
    assert_eq!(ops.next().unwrap().at, Duration::ZERO);
    // The last representable time is still given.
    assert_eq!(ops.next().unwrap().at, Duration::from_nanos(u64::MAX));
    ops.next();
}

#[test]
#[should_panic(expected = "stagger: the timeline passed u64::MAX nanoseconds")]
fn stagger_panics_rather_than_pass_the_last_nanosecond() {
    // Gaps average 2^63 ns, so a few of them pass u64::MAX; `take` only bounds the loop.
    let _ = cycle([Op::Read])
        .stagger(Duration::from_nanos(u64::MAX / 2))
        .seed(1)
        .take(1000)
        .count();
}

#[test]
fn stagger_gaps_spread_uniformly_over_zero_to_twice_the_mean() {
    // A gap uniform in whole nanoseconds 0..2 * mean is below mean / 2 with
    // probability exactly 1/4, and at or above 3 * mean / 2 with 1/4 too. Over
    // 10 000 gaps each share has standard deviation sqrt(3/16 / 10 000) ≈ 0.0043,
    // so ±0.025 is 5.8 of them. `delay(mean)` gives both shares 0, and exponential
    // gaps of that mean give 0.39 and 0.22: neither could pass both checks.
    let mean = Duration::from_millis(10);
    for seed in 0..5 {
        let times: Vec<_> = cycle([Op::Read])
            .stagger(mean)
            .seed(seed)
            .take(10_001)
            .map(|t| t.at)
            .collect();
        let gaps: Vec<_> = times.windows(2).map(|w| w[1] - w[0]).collect();
        let share = |f: &dyn Fn(Duration) -> bool| {
            gaps.iter().filter(|&&gap| f(gap)).count() as f64 / gaps.len() as f64
        };
        let short = share(&|gap| gap < mean / 2);
        let long = share(&|gap| gap >= mean * 3 / 2);
        assert!((short - 0.25).abs() <= 0.025, "seed {seed}: {short} short");
        assert!((long - 0.25).abs() <= 0.025, "seed {seed}: {long} long");
        assert!(gaps.iter().all(|&gap| gap < 2 * mean));
    }
}

#[test]
fn time_limit_cuts_at_the_first_op_past_the_limit() {
    let limit = Duration::from_millis(500);
    let timed = cycle([Op::Read]).stagger(Duration::from_millis(10)).seed(5);
    let all: Vec<_> = timed.clone().take(200).collect();
    let kept: Vec<_> = timed.time_limit(limit).collect();
    let cut = all.iter().position(|t| t.at >= limit).unwrap();
    assert_eq!(kept, all[..cut]);

    // An op exactly at the limit is past it: [0, limit) as in Jepsen.
    let ms = Duration::from_millis;
    let on_the_dot: Vec<_> = cycle([Op::Read])
        .delay(ms(100))
        .time_limit(ms(300))
        .collect();
    assert_eq!(on_the_dot.len(), 3);
}

#[test]
fn time_limit_never_asks_its_input_again_after_the_cut() {
    let pulls = Cell::new(0);
    let ms = Duration::from_millis;
    let mut ops = cycle([Op::Read])
        .delay(ms(100))
        .inspect(|_| pulls.set(pulls.get() + 1))
        .time_limit(ms(300));
    assert_eq!(ops.by_ref().count(), 3);
    // The ops at 0, 100 and 200 ms, and the one at 300 ms that ended it.
    assert_eq!(pulls.get(), 4);
    assert_eq!(ops.next(), None);
    assert_eq!(ops.size_hint(), (0, Some(0)));
    assert_eq!(pulls.get(), 4);
}

#[test]
#[should_panic(
    expected = "stagger: twice the mean, 9223372036854775808ns, is more than u64::MAX nanoseconds"
)]
fn stagger_refuses_a_mean_whose_double_passes_u64_max_nanoseconds() {
    let _ = cycle([Op::Read]).stagger(Duration::from_nanos(u64::MAX / 2 + 1));
}

#[test]
#[should_panic(expected = "delay: 18446744073.709551616s is more than u64::MAX nanoseconds")]
fn delay_refuses_a_spacing_past_u64_max_nanoseconds() {
    let _ = cycle([Op::Read]).delay(Duration::from_nanos(u64::MAX) + Duration::from_nanos(1));
}

#[test]
fn time_limit_measures_from_the_first_op() {
    // Jepsen's `(+ (:time op) limit)`: a stream that starts at 10 s and is
    // limited to 1 s keeps the ops in [10 s, 11 s).
    let ms = Duration::from_millis;
    let from_ten: Vec<_> = cycle([Op::Read])
        .delay(ms(300))
        .map(|t| Timed::new(t.at + ms(10_000), t.op))
        .time_limit(ms(1000))
        .map(|t| t.at.as_millis())
        .collect();
    assert_eq!(from_ten, [10_000, 10_300, 10_600, 10_900]);
}

#[test]
fn timed_phases_run_one_after_another_with_shift_time() {
    let ms = Duration::from_millis;
    let phase = |seed| {
        cycle([Op::Read])
            .stagger(ms(10))
            .seed(seed)
            .time_limit(ms(300))
    };
    let first: Vec<_> = phase(1).collect();
    let second: Vec<_> = phase(2).collect();
    let both: Vec<_> = phase(1).chain(phase(2).shift_time(ms(300))).collect();
    // One timeline: the second phase starts where the first was cut, same ops, same gaps.
    assert_eq!(both[..first.len()], first);
    let shifted: Vec<_> = both[first.len()..].iter().map(|t| t.at - ms(300)).collect();
    assert_eq!(shifted, second.iter().map(|t| t.at).collect::<Vec<_>>());
    assert!(both.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(first.last().unwrap().at < ms(300));
    // Shifting before the limit is the same: time_limit measures from the first op.
    let limited_after: Vec<_> = cycle([Op::Read])
        .stagger(ms(10))
        .seed(2)
        .shift_time(ms(300))
        .time_limit(ms(300))
        .collect();
    assert_eq!(limited_after, both[first.len()..]);
}

#[test]
#[should_panic(
    expected = "shift_time: 1ns + 18446744073709551615.999999999s is past the largest Duration"
)]
fn shift_time_refuses_to_pass_the_largest_duration() {
    let _ = cycle([Op::Read])
        .delay(Duration::from_nanos(1))
        .shift_time(Duration::MAX)
        .take(2)
        .count();
}

#[test]
fn paced_waits_for_a_start_still_to_come() {
    // `sleep` sleeps at least as long as asked, so these lower bounds cannot flake.
    let ms = Duration::from_millis;
    let start = Instant::now() + ms(20);
    for op in cycle([Op::Read]).delay(ms(5)).take(3).paced(start) {
        assert!(Instant::now() >= start + op.at);
    }
}

#[test]
fn per_worker_generators_differ_and_each_replays() {
    let pool = [Op::Read, Op::Write(1), Op::Write(2), Op::Write(3)];
    let run = |seed| {
        Workers::new(seed, 4)
            .streams(|_, s| random(pool).seed(s).take(30))
            .into_iter()
            .map(Iterator::collect::<Vec<_>>)
            .collect::<Vec<_>>()
    };
    let streams = run(42);
    for (i, a) in streams.iter().enumerate() {
        for b in &streams[i + 1..] {
            assert_ne!(a, b);
        }
    }
    assert_eq!(run(42), streams);
    assert_ne!(run(43), streams);
}

#[test]
fn no_worker_gets_the_nemesis_seed() {
    // The largest index any worker can have is `usize::MAX - 1`.
    let workers = Workers::new(7, usize::MAX);
    assert_ne!(workers.worker_seed(usize::MAX - 1), workers.nemesis_seed());
    assert_ne!(workers.worker_seed(0), workers.nemesis_seed());
}

#[test]
#[should_panic(expected = "worker_seed: worker 18446744073709551615 of 4 does not exist")]
#[cfg(target_pointer_width = "64")]
fn worker_seed_refuses_a_worker_that_does_not_exist() {
    let _ = Workers::new(7, 4).worker_seed(usize::MAX);
}

#[test]
fn reserve_routes_worker_ranges() {
    type Stream = Box<dyn Generator<Item = (usize, &'static str)> + Send>;
    let streams: Vec<Stream> = Workers::new(1, 6)
        .reserve()
        .next_workers(2, |id, _| {
            Box::new(cycle(["write"]).map(move |op| (id, op))) as Stream
        })
        .next_workers(1, |id, _| {
            Box::new(cycle(["cas"]).map(move |op| (id, op))) as Stream
        })
        .rest(|id, _| Box::new(cycle(["read"]).map(move |op| (id, op))) as Stream);
    let firsts: Vec<_> = streams.into_iter().map(|mut s| s.next().unwrap()).collect();
    assert_eq!(
        firsts,
        [
            (0, "write"),
            (1, "write"),
            (2, "cas"),
            (3, "read"),
            (4, "read"),
            (5, "read")
        ]
    );
}

#[test]
#[should_panic(expected = "reserve: 3 workers asked for, only 2 of 2 left")]
fn reserve_refuses_more_workers_than_there_are() {
    let _ = Workers::new(1, 2)
        .reserve()
        .next_workers(3, |_, _| cycle([1]));
}

#[test]
fn filter_after_take_keeps_order() {
    let taken: Vec<_> = random(0..100u32).seed(9).take(200).collect();
    let evens: Vec<_> = random(0..100u32)
        .seed(9)
        .take(200)
        .filter(|x| x % 2 == 0)
        .collect();
    let expected: Vec<_> = taken.iter().copied().filter(|x| x % 2 == 0).collect();
    assert_eq!(evens, expected);
    assert!(!evens.is_empty());
}

#[test]
fn a_nemesis_merges_with_clients_in_time_order() {
    let workers = Workers::new(7, 3);
    let ms = Duration::from_millis;
    type Stream = Box<dyn Generator<Item = Timed<(Option<usize>, &'static str)>>>;
    let mut streams: Vec<Stream> = workers.streams(|id, s| {
        let ops = random(["read", "write"])
            .seed(s)
            .stagger(ms(5))
            .seed(s.derive(0));
        Box::new(ops.map(move |t| t.map(|op| (Some(id), op)))) as Stream
    });
    let nemesis = cycle(["pause", "resume"]).delay(ms(40));
    streams.push(Box::new(nemesis.map(|t| t.map(|op| (None, op)))));
    let timeline: Vec<_> = merge_timed(streams).time_limit(ms(200)).collect();
    assert!(timeline.windows(2).all(|w| w[0].at <= w[1].at));
    let nemesis_ops = timeline.iter().filter(|t| t.op.0.is_none()).count();
    assert_eq!(nemesis_ops, 5); // at 0, 40, 80, 120 and 160 ms
    for id in 0..3 {
        assert!(timeline.iter().any(|t| t.op.0 == Some(id)));
    }
}

/// A stream whose third op goes back in time: 0, 20, then 5 ms.
fn out_of_order() -> [std::iter::Take<lockstep_gen::Cycle<Timed<&'static str>>>; 2] {
    let ms = Duration::from_millis;
    let a = [(0, "a"), (20, "a"), (5, "a")].map(|(at, op)| Timed::new(ms(at), op));
    [cycle(a).take(3), cycle([Timed::new(ms(10), "b")]).take(1)]
}

/// The check is an `assert!`, as the docs' "Panics" says: release builds refuse the input too.
#[test]
#[should_panic(expected = "merge_timed: stream 0 went back in time, from 20ms to 5ms")]
fn merge_timed_refuses_an_input_out_of_order() {
    let _ = merge_timed(out_of_order()).count();
}

/// Jepsen's `(cycle (time-limit d gen))`: phase after phase on the timeline.
#[test]
fn a_cycled_time_limited_phase_runs_phase_after_phase() {
    let secs = Duration::from_secs;
    let phase = || {
        random(["read", "write"])
            .seed(1)
            .stagger(secs(1))
            .seed(2)
            .time_limit(secs(5))
    };
    let one: Vec<_> = phase().collect();
    assert!(!one.is_empty());
    let three: Vec<_> = phase().cycle_n(3).collect();
    assert_eq!(three.len(), 3 * one.len());
    for (k, run) in three.chunks(one.len()).enumerate() {
        for (op, first) in run.iter().zip(&one) {
            assert_eq!(op.op, first.op);
            assert_eq!(op.at, first.at + secs(5) * k as u32);
        }
    }
    assert!(three.windows(2).all(|w| w[0].at <= w[1].at));

    // Forever, bounded by an outer limit; merged with another cycled phase.
    let forever = phase().cycle().time_limit(secs(60));
    assert_eq!(forever.clone().count(), 12 * one.len());
    let nemesis = cycle(["kill"]).delay(secs(7)).time_limit(secs(10)).cycle();
    let merged: Vec<_> =
        merge_timed([forever.boxed(), nemesis.time_limit(secs(60)).boxed()]).collect();
    assert!(merged.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(merged.iter().filter(|t| t.op == "kill").count(), 12);
}

#[test]
#[should_panic(expected = "cycle the time-limited phase itself")]
fn a_timed_stream_cycled_from_zero_is_a_clear_error_under_time_limit() {
    let secs = Duration::from_secs;
    // Each run starts again at 0: time_limit over it would never end.
    let restarting = cycle(["read"]).delay(secs(1)).take(3).cycle();
    let _ = restarting.time_limit(secs(10)).count();
}

#[test]
#[should_panic(expected = "went back in time")]
fn a_timed_stream_cycled_from_zero_is_a_clear_error_in_a_merge() {
    let secs = Duration::from_secs;
    let restarting = cycle(["read"]).delay(secs(1)).take(2).cycle_n(2);
    let _ = merge_timed([restarting]).count();
}

/// `stagger`'s docs: the mean gap is `mean - 0.5 ns`, which shows at a 1 ns mean
/// (gaps of 0 or 1 ns). Over 100,000 gaps the sample mean's standard deviation
/// is 0.0016 ns, so a 0.01 ns band is six deviations wide: at a fixed seed it
/// cannot flake, and a mean of 1 ns (what `1 / mean` would say) is far outside.
#[test]
fn stagger_gaps_average_half_a_nanosecond_under_the_mean() {
    let n = 100_000u32;
    let last = cycle([()])
        .stagger(Duration::from_nanos(1))
        .seed(1)
        .take(n as usize + 1)
        .last()
        .unwrap();
    let mean_gap = last.at.as_nanos() as f64 / f64::from(n);
    assert!((mean_gap - 0.5).abs() < 0.01, "mean gap {mean_gap} ns");
}
