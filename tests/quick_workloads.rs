//! Properties of every adapter of the Jepsen workloads: exact counts, honest
//! `size_hint` after every step, the same stream for the same seed.
//!
//! Quickcheck runs from a fixed seed, so CI sees the same cases every time.

use std::iter::repeat_n;
use std::time::{Duration, Instant};

use lockstep_gen::prelude::*;
use quickcheck::{Gen, QuickCheck, Testable};

fn check<A: Testable>(prop: A) {
    QuickCheck::new()
        .rng(Gen::from_size_and_seed(16, 0x5eed))
        .tests(300)
        .quickcheck(prop);
}

/// After every step, the hint bounds the number of ops actually left.
fn honest_hints<I: Iterator + Clone>(mut it: I) -> bool {
    loop {
        let left = it.clone().count();
        let (lo, hi) = it.size_hint();
        if lo > left || hi.is_some_and(|hi| hi < left) {
            return false;
        }
        if it.next().is_none() {
            return true;
        }
    }
}

type Child = std::iter::Enumerate<std::iter::Take<lockstep_gen::Cycle<usize>>>;

/// Child `i` yields `(k, i)` for `k` in `0..len`: exact hints, ops in a known order.
fn children(lens: &[u8]) -> Vec<Child> {
    lens.iter()
        .enumerate()
        .map(|(i, &len)| cycle([i]).take(usize::from(len % 16)).enumerate())
        .collect()
}

type Lossy = std::iter::Filter<Child, fn(&(usize, usize)) -> bool>;

/// As `children`, with every third op dropped: hints that are only bounds.
fn lossy_children(lens: &[u8]) -> Vec<Lossy> {
    let keep: fn(&(usize, usize)) -> bool = |&(k, _)| k % 3 != 2;
    children(lens).into_iter().map(|c| c.filter(keep)).collect()
}

/// Every op of every child once, each child's in its own order.
fn is_interleaving(ops: &[(usize, usize)], lens: &[u8], lossy: bool) -> bool {
    let known = ops.iter().all(|op| op.1 < lens.len());
    known
        && lens.iter().enumerate().all(|(i, &len)| {
            let mine: Vec<usize> = ops.iter().filter(|op| op.1 == i).map(|op| op.0).collect();
            let all = 0..usize::from(len % 16);
            let expected: Vec<usize> = if lossy {
                all.filter(|k| k % 3 != 2).collect()
            } else {
                all.collect()
            };
            mine == expected
        })
}

#[test]
fn mix_all_yields_every_op_with_honest_hints() {
    fn prop(lens: Vec<u8>) -> bool {
        let ops: Vec<_> = mix_all(children(&lens)).collect();
        let lossy: Vec<_> = mix_all(lossy_children(&lens)).collect();
        is_interleaving(&ops, &lens, false)
            && is_interleaving(&lossy, &lens, true)
            && honest_hints(mix_all(children(&lens)))
            && honest_hints(mix_all(lossy_children(&lens)))
    }
    check(prop as fn(Vec<u8>) -> bool);
}

#[test]
fn mix_random_yields_every_op_with_honest_hints_and_replays() {
    fn prop(lens: Vec<u8>, seed: u64) -> bool {
        let ops: Vec<_> = mix_random(children(&lens)).seed(seed).collect();
        let again: Vec<_> = mix_random(children(&lens)).seed(seed).collect();
        let lossy: Vec<_> = mix_random(lossy_children(&lens)).seed(seed).collect();
        is_interleaving(&ops, &lens, false)
            && ops == again
            && is_interleaving(&lossy, &lens, true)
            && honest_hints(mix_random(children(&lens)).seed(seed))
            && honest_hints(mix_random(lossy_children(&lens)).seed(seed))
    }
    check(prop as fn(Vec<u8>, u64) -> bool);
}

#[test]
fn mix_weighted_yields_every_op_of_weighted_children_and_replays() {
    fn prop(lens: Vec<u8>, weights: Vec<u8>, seed: u64) -> bool {
        let weight = |i: usize| u32::from(weights.get(i).copied().unwrap_or(1) % 4);
        let pairs = |lossy: bool| {
            let kids: Vec<Lossy> = if lossy {
                lossy_children(&lens)
            } else {
                let all: fn(&(usize, usize)) -> bool = |_| true;
                children(&lens).into_iter().map(|c| c.filter(all)).collect()
            };
            kids.into_iter()
                .enumerate()
                .map(|(i, c)| (c, weight(i)))
                .collect::<Vec<_>>()
        };
        let ops: Vec<_> = mix_weighted(pairs(false)).seed(seed).collect();
        let again: Vec<_> = mix_weighted(pairs(false)).seed(seed).collect();
        // Children of weight 0 give nothing; every other gives everything.
        let zeroed: Vec<u8> = lens
            .iter()
            .enumerate()
            .map(|(i, &len)| if weight(i) == 0 { 0 } else { len })
            .collect();
        is_interleaving(&ops, &zeroed, false)
            && ops == again
            && honest_hints(mix_weighted(pairs(false)).seed(seed))
            && honest_hints(mix_weighted(pairs(true)).seed(seed))
    }
    check(prop as fn(Vec<u8>, Vec<u8>, u64) -> bool);
}

#[test]
fn cycle_n_replays_the_whole_generator_n_times() {
    fn prop(len: u8, n: u8, seed: u64) -> bool {
        let (len, n) = (usize::from(len % 16), usize::from(n % 6));
        let base = random(0..1000u32).seed(seed).take(len);
        let ops: Vec<_> = base.clone().cycle_n(n).collect();
        let once: Vec<_> = base.clone().collect();
        let lossy = base.clone().filter(|x| x % 2 == 0);
        ops.len() == len * n
            && ops.chunks(len.max(1)).all(|run| run == once)
            && honest_hints(base.cycle_n(n))
            && honest_hints(lossy.cycle_n(n))
    }
    check(prop as fn(u8, u8, u64) -> bool);
}

#[test]
fn a_cycled_time_limited_phase_shifts_each_run_by_the_limit_with_honest_hints() {
    fn prop(len: u8, n: u8, limit_us: u16, seed: u64) -> bool {
        let (len, n) = (usize::from(len % 16), usize::from(n % 5));
        let limit = Duration::from_micros(u64::from(limit_us % 2000));
        let phase = random(0..1000u32)
            .seed(seed)
            .take(len)
            .stagger(Duration::from_micros(100))
            .seed(seed)
            .time_limit(limit);
        let once: Vec<_> = phase.clone().collect();
        let ops: Vec<_> = phase.clone().cycle_n(n).collect();
        let expected: Vec<_> = if once.is_empty() {
            Vec::new()
        } else {
            (0..n)
                .flat_map(|k| once.iter().map(move |t| (t.at + limit * k as u32, t.op)))
                .collect()
        };
        let forever = phase.clone().cycle().take(3 * len);
        ops.iter().map(|t| (t.at, t.op)).eq(expected)
            && honest_hints(phase.clone().cycle_n(n))
            && honest_hints(forever)
    }
    check(prop as fn(u8, u8, u16, u64) -> bool);
}

#[test]
fn phases_run_each_child_in_turn_with_honest_hints() {
    fn prop(lens: Vec<u8>) -> bool {
        let ops: Vec<_> = phases(children(&lens)).collect();
        let expected: Vec<_> = children(&lens).into_iter().flatten().collect();
        ops == expected
            && honest_hints(phases(children(&lens)))
            && honest_hints(phases(lossy_children(&lens)))
    }
    check(prop as fn(Vec<u8>) -> bool);
}

#[test]
fn stagger_keeps_ops_and_draws_bounded_gaps_from_its_seed() {
    fn prop(len: u8, mean_ns: u32, seed: u64) -> bool {
        let mean = Duration::from_nanos(u64::from(mean_ns % 1_000_000));
        let ops = random(0..10u8).seed(seed).take(usize::from(len));
        let timed: Vec<_> = ops.clone().stagger(mean).seed(seed).collect();
        let again: Vec<_> = ops.clone().stagger(mean).seed(seed).collect();
        let first_at_zero = timed.first().is_none_or(|t| t.at == Duration::ZERO);
        let gaps_ok = timed.windows(2).all(|w| {
            let gap = w[1].at - w[0].at;
            gap < 2 * mean || (mean.is_zero() && gap.is_zero())
        });
        timed.iter().map(|t| t.op).eq(ops.clone())
            && timed == again
            && first_at_zero
            && gaps_ok
            && honest_hints(ops.clone().stagger(mean).seed(seed))
            && honest_hints(ops.filter(|x| x % 2 == 0).stagger(mean).seed(seed))
    }
    check(prop as fn(u8, u32, u64) -> bool);
}

#[test]
fn delay_spaces_ops_exactly() {
    fn prop(len: u8, dt_ns: u64) -> bool {
        let dt = Duration::from_nanos(dt_ns % (1 << 40));
        let ops = cycle([7u8]).take(usize::from(len));
        let timed: Vec<_> = ops.clone().delay(dt).collect();
        timed.len() == usize::from(len)
            && timed.iter().enumerate().all(|(i, t)| t.at == dt * i as u32)
            && honest_hints(ops.delay(dt))
    }
    check(prop as fn(u8, u64) -> bool);
}

#[test]
fn time_limit_keeps_exactly_the_ops_before_the_first_op_s_time_plus_the_limit() {
    fn prop(len: u8, limit_us: u16, start_us: u16, seed: u64) -> bool {
        let limit = Duration::from_micros(u64::from(limit_us));
        let start = Duration::from_micros(u64::from(start_us));
        let timed = random(0..10u8)
            .seed(seed)
            .take(usize::from(len))
            .stagger(Duration::from_micros(100))
            .seed(seed)
            .map(move |t| Timed::new(t.at + start, t.op));
        let kept: Vec<_> = timed.clone().time_limit(limit).collect();
        let expected: Vec<_> = timed.clone().take_while(|t| t.at < start + limit).collect();
        kept == expected
            && honest_hints(timed.clone().time_limit(limit))
            && honest_hints(timed.filter(|t| t.op % 2 == 0).time_limit(limit))
    }
    check(prop as fn(u8, u16, u16, u64) -> bool);
}

#[test]
fn shift_time_moves_every_op_by_the_offset_with_honest_hints() {
    fn prop(len: u8, offset_ns: u64, seed: u64) -> bool {
        let offset = Duration::from_nanos(offset_ns);
        let timed = random(0..10u8)
            .seed(seed)
            .take(usize::from(len))
            .stagger(Duration::from_micros(100))
            .seed(seed);
        let shifted: Vec<_> = timed.clone().shift_time(offset).collect();
        shifted
            .iter()
            .map(|t| Timed::new(t.at - offset, t.op))
            .eq(timed.clone())
            && honest_hints(timed.clone().shift_time(offset))
            && honest_hints(timed.filter(|t| t.op % 2 == 0).shift_time(offset))
    }
    check(prop as fn(u8, u64, u64) -> bool);
}

type TimedStream = Box<dyn Generator<Item = Timed<(usize, usize)>>>;

/// Stream `i` yields `(k, i)` for `k` in `0..len`, at gaps of 0 to 3 ns, so that ties happen.
fn timed_streams(lens: &[u8], seed: u64, lossy: bool) -> Vec<TimedStream> {
    lens.iter()
        .enumerate()
        .map(|(i, &len)| {
            let s = Seed::from(seed).derive(i);
            let ops = cycle([i])
                .take(usize::from(len % 16))
                .enumerate()
                .filter(move |&(k, _)| !lossy || k % 3 != 2)
                .stagger(Duration::from_nanos(2))
                .seed(s);
            Box::new(ops) as TimedStream
        })
        .collect()
}

#[test]
fn merge_timed_gives_every_op_in_time_order_ties_to_the_earlier_stream() {
    fn prop(lens: Vec<u8>, seed: u64) -> bool {
        let merged: Vec<_> = merge_timed(timed_streams(&lens, seed, false)).collect();
        let ops: Vec<_> = merged.iter().map(|t| t.op).collect();
        let in_order = merged
            .windows(2)
            .all(|w| w[0].at < w[1].at || (w[0].at == w[1].at && w[0].op.1 <= w[1].op.1));
        let lossy: Vec<_> = merge_timed(timed_streams(&lens, seed, true))
            .map(|t| t.op)
            .collect();
        is_interleaving(&ops, &lens, false) && in_order && is_interleaving(&lossy, &lens, true)
    }
    check(prop as fn(Vec<u8>, u64) -> bool);
}

#[test]
fn merge_timed_hints_are_honest() {
    // Boxed streams are not `Clone`; the counts come from a second merge of the same streams.
    fn prop(lens: Vec<u8>, seed: u64, lossy: bool) -> bool {
        let total = merge_timed(timed_streams(&lens, seed, lossy)).count();
        let mut merged = merge_timed(timed_streams(&lens, seed, lossy));
        (0..=total).all(|taken| {
            let left = total - taken;
            let (lo, hi) = merged.size_hint();
            let honest = lo <= left && hi.is_none_or(|hi| hi >= left);
            merged.next();
            honest
        })
    }
    check(prop as fn(Vec<u8>, u64, bool) -> bool);
}

#[test]
fn paced_yields_its_input_unchanged() {
    fn prop(len: u8, seed: u64) -> bool {
        // Zero spacing: every op is already due, so nothing sleeps.
        let timed = random(0..10u8)
            .seed(seed)
            .take(usize::from(len % 32))
            .delay(Duration::ZERO);
        timed.clone().paced(Instant::now()).eq(timed.clone())
            && honest_hints(timed.paced(Instant::now()))
    }
    check(prop as fn(u8, u64) -> bool);
}

#[test]
fn workers_seed_each_worker_by_derive_whatever_its_range() {
    fn prop(seed: u64, count: u8, first: u8, second: u8) -> bool {
        let count = usize::from(count % 12);
        let first = usize::from(first) % (count + 1);
        let second = usize::from(second) % (count - first + 1);
        let workers = Workers::new(seed, count);
        let routed = workers
            .reserve()
            .next_workers(first, |id, s| (0, id, s))
            .next_workers(second, |id, s| (1, id, s))
            .rest(|id, s| (2, id, s));
        let plain = workers.streams(|id, s| (id, s));
        routed.len() == count
            && plain.len() == count
            && routed.iter().enumerate().all(|(i, &(range, id, s))| {
                let want = if i < first {
                    0
                } else if i < first + second {
                    1
                } else {
                    2
                };
                range == want && id == i && s == Seed::from(seed).derive(i) && plain[i] == (i, s)
            })
    }
    check(prop as fn(u64, u8, u8, u8) -> bool);
}

#[test]
#[allow(clippy::manual_repeat_n)] // `repeat` under `take` is the very case checked
fn std_sources_are_generators_with_exact_counts() {
    fn count<G: Generator>(g: G) -> usize {
        g.each(|_| ())
    }
    fn prop(n: u8, op: u8) -> bool {
        let n = usize::from(n);
        count(repeat_n(op, n)) == n
            && count(repeat(op).take(n)) == n
            && count(once(op)) == 1
            && honest_hints(repeat_n(op, n))
    }
    check(prop as fn(u8, u8) -> bool);
}
