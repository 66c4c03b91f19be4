//! No heap allocation per op: a million ops from every built-in generator, and from std's
//! adapters over them, allocate nothing; building one allocates in proportion to its pool.
//!
//! A counting global allocator counts the allocations of the current thread only, so the test
//! harness's other threads cannot disturb a count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use lockstep_gen::prelude::*;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // `try_with`: the thread's counters may already be gone while it exits.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    let _ = BYTES.try_with(|b| b.set(b.get() + bytes as u64));
}

// A global allocator cannot be written without `unsafe`; this one only counts and defers to `System`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) made by this thread while `f` runs, and what it returned.
fn allocations<R>(f: impl FnOnce() -> R) -> (u64, u64, R) {
    let (n0, b0) = (ALLOCATIONS.get(), BYTES.get());
    let r = f();
    (ALLOCATIONS.get() - n0, BYTES.get() - b0, r)
}

const OPS: usize = 1_000_000;

static POOL: [u64; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// Pulls a million ops one `next` at a time and asserts that none of them allocated.
fn assert_no_alloc<G: Iterator>(what: &str, mut g: G) {
    let (n, bytes, pulled) = allocations(|| {
        let mut pulled = 0;
        for _ in 0..OPS {
            if black_box(g.next()).is_some() {
                pulled += 1;
            }
        }
        pulled
    });
    assert_eq!(pulled, OPS, "{what}: ended early");
    assert_eq!((n, bytes), (0, 0), "{what}: allocated while pulling ops");
}

fn rnd() -> lockstep_gen::Random<u64> {
    random(POOL).seed(1)
}

fn wtd() -> lockstep_gen::Weighted<u64> {
    weighted(POOL.iter().map(|&op| (op, op as u32))).seed(2)
}

fn cyc() -> lockstep_gen::Cycle<u64> {
    cycle(POOL)
}

#[test]
fn sources_do_not_allocate_per_op() {
    assert_no_alloc("random", rnd());
    assert_no_alloc("weighted", wtd());
    assert_no_alloc("cycle", cyc());
    assert_no_alloc("random over 1000", random(0..1000u32).seed(3));
    assert_no_alloc(
        "weighted over 1000",
        weighted((0..1000u32).map(|i| (i, i % 7))).seed(4),
    );
    assert_no_alloc("swarm", swarm(POOL.iter().map(|&op| (op, 1))).seed(5));
    // The key distributions are built-in generators too.
    assert_no_alloc("sequential", sequential(1000));
    assert_no_alloc("zipfian", zipfian(1 << 40, 0.99).seed(6));
    assert_no_alloc(
        "scrambled_zipfian",
        scrambled_zipfian(1 << 40, 0.99).seed(7),
    );
    assert_no_alloc("hotspot", hotspot(1 << 40, 0.2, 0.8).seed(8));
    assert_no_alloc("exponential", exponential(1 << 40, 0.5).seed(9));
}

/// The sources' docs: "Its ops are shared between clones (an `Arc<[T]>`), so a clone costs
/// O(1)": a clone of a source over a thousand ops allocates nothing, before or after it ran.
#[test]
fn a_sources_clone_shares_its_pool() {
    fn assert_clone_free<G: Iterator + Clone>(what: &str, mut g: G) {
        let (n, _, copy) = allocations(|| g.clone());
        assert_eq!(n, 0, "{what}: a fresh clone allocated");
        black_box(g.nth(10));
        let (n, _, again) = allocations(|| g.clone());
        assert_eq!(n, 0, "{what}: a clone after ops allocated");
        drop((copy, again));
    }
    assert_clone_free("random", random(0..1000u64).seed(1));
    assert_clone_free(
        "weighted",
        weighted((0..1000u64).map(|i| (i, 1 + (i % 7) as u32))).seed(2),
    );
    assert_clone_free("cycle", cycle(0..1000u64));
    assert_clone_free(
        "swarm",
        swarm((0..1000u64).map(|i| (i, 1 + (i % 7) as u32))).seed(3),
    );
}

/// `Generator::boxed`: "A box costs one allocation here and one per clone", and none per op.
#[test]
fn a_box_costs_one_allocation_and_one_per_clone() {
    let plain = rnd();
    let (n, _, boxed) = allocations(|| plain.boxed());
    assert_eq!(n, 1, "boxing");
    let (n, _, copy) = allocations(|| boxed.clone());
    assert_eq!(n, 1, "a clone of the box");
    assert_no_alloc("boxed", boxed);
    assert_no_alloc("a boxed clone", copy);
}

#[test]
fn mix_does_not_allocate_per_op() {
    assert_no_alloc("mix of random", mix([rnd(), rnd().seed(9)]));
    assert_no_alloc("mix of 64", mix((0..64).map(|i| rnd().seed(i))));
    let boxed: Vec<Box<dyn Generator<Item = u64> + Send>> =
        vec![Box::new(rnd()), Box::new(wtd()), Box::new(cyc())];
    assert_no_alloc("mix of boxed kinds", mix(boxed));
}

#[test]
fn workload_adapters_do_not_allocate_per_op() {
    use std::time::{Duration, Instant};
    let ms = Duration::from_millis;
    assert_no_alloc("mix_random", mix_random([rnd(), rnd().seed(9)]).seed(1));
    assert_no_alloc(
        "mix_weighted",
        mix_weighted([(rnd(), 3), (rnd().seed(9), 1)]).seed(1),
    );
    assert_no_alloc(
        "mix_swarm",
        mix_swarm([(rnd(), 1), (rnd().seed(9), 1), (rnd().seed(10), 1)]).seed(1),
    );
    assert_no_alloc("mix_all", mix_all([rnd(), rnd().seed(9)]));
    assert_no_alloc("phases", phases([rnd().take(10), rnd().take(OPS)]));
    assert_no_alloc("cycle_n", rnd().take(1000).cycle_n(OPS));
    assert_no_alloc("std cycle", rnd().take(1000).cycle());
    assert_no_alloc("repeat", repeat(7u64));
    assert_no_alloc("stagger", rnd().stagger(ms(1)).seed(2));
    assert_no_alloc("delay", rnd().delay(ms(1)));
    assert_no_alloc(
        "time_limit",
        rnd().delay(Duration::from_nanos(1)).time_limit(ms(10)),
    );
    assert_no_alloc("shift_time", rnd().delay(ms(1)).shift_time(ms(5)));
    assert_no_alloc(
        "merge_timed",
        merge_timed([rnd().stagger(ms(1)).seed(3), rnd().stagger(ms(1)).seed(4)]),
    );
    // Every op is already due: paced never sleeps here.
    let past = Instant::now() - ms(10);
    assert_no_alloc("paced", rnd().delay(Duration::ZERO).paced(past));
}

/// Restarts: `cycle_n` and a time-limited phase's `cycle` restore the run in place
/// (`clone_from`), so restarting a container of this crate reuses its buffers.
#[test]
fn restarting_a_container_does_not_allocate() {
    use std::iter::once;
    use std::time::Duration;
    let ns = Duration::from_nanos;
    let two = || [once(1u64), once(2)];
    assert_no_alloc("cycle_n of phases", phases(two()).cycle_n(usize::MAX));
    assert_no_alloc("cycle_n of mix", mix(two()).cycle_n(usize::MAX));
    assert_no_alloc("cycle_n of mix_all", mix_all(two()).cycle_n(usize::MAX));
    let timed = || [once(1u64).delay(ns(1)), once(2).delay(ns(1))];
    assert_no_alloc(
        "cycle_n of merge_timed",
        merge_timed(timed()).cycle_n(usize::MAX),
    );
    assert_no_alloc(
        "cycle of a time-limited merge",
        merge_timed(timed()).time_limit(ns(5)).cycle(),
    );
    assert_no_alloc(
        "cycle_n of a staggered phases",
        phases(two()).stagger(ns(3)).seed(1).cycle_n(usize::MAX),
    );
    assert_no_alloc(
        "cycle_n of a cycle_n",
        phases(two()).cycle_n(2).cycle_n(usize::MAX),
    );
    // A mix whose children run out rebuilds its table each run: the first
    // rebuild copies the table it shared with the original, later ones reuse it.
    for (what, mix) in [
        ("cycle_n of mix_random", mix_random(two()).seed(1)),
        (
            "cycle_n of mix_weighted",
            mix_weighted(two().into_iter().zip([1, 3])).seed(1),
        ),
    ] {
        let mut restarted = mix.cycle_n(usize::MAX);
        let (first, _, _) = allocations(|| restarted.nth(3));
        assert!(first <= 1, "{what}: {first} allocations in the first runs");
        assert_no_alloc(what, restarted);
    }
}

/// std's `cycle` restarts with a fresh clone: a container allocates its buffers at
/// each restart, exactly as its docs say (one for phases, mix and mix_all, two for
/// merge_timed), plus what its children's clones allocate (here none).
#[test]
fn std_cycle_clones_a_container_at_each_restart() {
    use std::iter::once;
    use std::time::Duration;
    fn per_restart<G: Iterator + Clone>(g: G, ops_per_run: usize) -> u64 {
        let runs = 1000;
        let mut cycled = g.cycle();
        let (n, _, _) = allocations(|| {
            for _ in 0..ops_per_run * runs {
                black_box(cycled.next());
            }
        });
        // The first run is the cycle's own clone, made before counting began.
        assert_eq!(n % (runs as u64 - 1), 0, "{n} allocations");
        n / (runs as u64 - 1)
    }
    let two = || [once(1u64), once(2)];
    assert_eq!(per_restart(phases(two()), 2), 1);
    assert_eq!(per_restart(mix(two()), 2), 1);
    assert_eq!(per_restart(mix_all(two()), 2), 1);
    let ns = Duration::from_nanos;
    let timed = [once(1u64).delay(ns(1)), once(2).delay(ns(1))];
    assert_eq!(per_restart(merge_timed(timed), 2), 2);
}

/// A child that runs out makes `mix_random` and `mix_weighted` rebuild their table over the
/// children left: in place, so draining a mix allocates nothing, however many children it has.
/// A clone shares the table until its first rebuild, which makes its own copy: one allocation.
#[test]
fn exhausted_children_do_not_allocate() {
    fn drain<G: Iterator>(what: &str, g: G, ops: usize, allowed: u64) {
        let (n, _, count) = allocations(|| g.fold(0, |count, _| count + 1));
        assert_eq!(count, ops, "{what}: every op of every child");
        assert_eq!(n, allowed, "{what}: allocations while children ran out");
    }
    for k in [2usize, 16, 256] {
        // Children of different lengths, so that they run out one by one.
        let children = || (0..k).map(|i| cycle([i]).take(1 + i % 5 * 3));
        let ops: usize = (0..k).map(|i| 1 + i % 5 * 3).sum();
        let uniform = mix_random(children()).seed(1);
        let weighted = mix_weighted(children().zip((0..k as u32).map(|i| 1 + i % 7))).seed(2);
        let (uniform_copy, weighted_copy) = (uniform.clone(), weighted.clone());
        drain(
            &format!("mix_random of {k} (a clone)"),
            uniform_copy,
            ops,
            1,
        );
        drain(
            &format!("mix_weighted of {k} (a clone)"),
            weighted_copy,
            ops,
            1,
        );
        drain(&format!("mix_random of {k}"), uniform, ops, 0);
        drain(&format!("mix_weighted of {k}"), weighted, ops, 0);
    }
}

#[test]
fn std_adapters_do_not_allocate_per_op() {
    assert_no_alloc("take", rnd().take(OPS));
    assert_no_alloc("skip", wtd().skip(3));
    assert_no_alloc("step_by", cyc().step_by(3));
    assert_no_alloc("fuse", rnd().fuse());
    assert_no_alloc("peekable", wtd().peekable());
    assert_no_alloc("enumerate", cyc().enumerate());
    assert_no_alloc("chain", rnd().take(10).chain(wtd()));
    assert_no_alloc("zip", rnd().zip(cyc()));
    assert_no_alloc("map", wtd().map(|op| op * 2));
    assert_no_alloc("filter", rnd().filter(|&op| op != 1));
    assert_no_alloc("filter_map", cyc().filter_map(|op| op.checked_sub(1)));
    assert_no_alloc("inspect", rnd().inspect(|op| assert!(*op > 0)));
    assert_no_alloc("take_while", wtd().take_while(|&op| op > 0));
    assert_no_alloc("skip_while", rnd().skip_while(|&op| op == 1));
    assert_no_alloc("map_while", cyc().map_while(Some));
    assert_no_alloc("copied", random(&POOL).seed(5).copied());
    assert_no_alloc("cloned", cycle(&POOL).cloned());
}

#[test]
fn each_fold_and_nth_do_not_allocate() {
    let g = rnd().take(OPS);
    let (n, _, seen) = allocations(|| {
        g.each(|op| {
            black_box(op);
        })
    });
    assert_eq!((n, seen), (0, OPS), "each");
    let g = wtd().take(OPS);
    let (n, _, counted) = allocations(|| g.fold(0, |count, op| count + usize::from(op > 0)));
    assert_eq!((n, counted), (0, OPS), "fold");
    let mut g = mix([rnd(), rnd().seed(7)]);
    let (n, _, op) = allocations(|| g.nth(OPS));
    assert!(op.is_some());
    assert_eq!(n, 0, "nth");
}

/// A generator is a value of fixed size (`step` hands back the same type), and nothing it owns
/// grows as ops are taken: any buffer that grew would have to allocate.
#[test]
fn stepping_keeps_a_generator_the_same_size() {
    fn step_a_million<G: Generator>(what: &str, mut g: G) {
        let size = std::mem::size_of_val(&g);
        let (n, _, g) = allocations(move || {
            for _ in 0..OPS {
                let (op, rest) = g.step().expect("endless");
                black_box(op);
                g = rest;
            }
            g
        });
        assert_eq!(n, 0, "{what}: allocated while stepping");
        assert_eq!(std::mem::size_of_val(&g), size, "{what}");
    }
    step_a_million("random", rnd());
    step_a_million("weighted", wtd());
    step_a_million("cycle", cyc());
    step_a_million("mix", mix([rnd(), rnd().seed(3)]));
    step_a_million("map over take", cyc().map(|op| op + 1).take(OPS + 1));
}

/// Building a generator allocates in proportion to its pool, never more: per op, a pool of
/// 64,000 costs no more bytes than one of 1,000, give or take the factor of 2 that a growing
/// `Vec`'s doubling may leave, and only a few more allocations (a doubling `Vec` reallocates
/// about log2(64) = 6 more times per buffer).
#[test]
fn construction_is_linear_in_the_pool() {
    fn build_costs(what: &str, build: impl Fn(u32) -> usize) {
        let (small_n, small_bytes, _) = allocations(|| build(1_000));
        let (large_n, large_bytes, _) = allocations(|| build(64_000));
        assert!(
            large_bytes / 64_000 <= 2 * (small_bytes / 1_000),
            "{what}: {small_bytes} bytes for 1,000 ops, {large_bytes} for 64,000"
        );
        assert!(
            large_n <= small_n + 6 * 8,
            "{what}: {small_n} allocations for 1,000 ops, {large_n} for 64,000"
        );
    }
    build_costs("random", |n| random(0..n).seed(1).pool().len());
    build_costs("cycle", |n| cycle(0..n).ops().len());
    build_costs("weighted", |n| {
        weighted((0..n).map(|i| (i, i % 13 + 1)))
            .seed(1)
            .pairs()
            .len()
    });
    // The children are built first: only what `mix` itself allocates is counted.
    let (small_n, small_bytes, _) = {
        let children: Vec<_> = (0..1_000).map(|i| cycle([i])).collect();
        allocations(|| mix(children).take(3).count())
    };
    let (large_n, large_bytes, _) = {
        let children: Vec<_> = (0..64_000).map(|i| cycle([i])).collect();
        allocations(|| mix(children).take(3).count())
    };
    assert!(large_bytes / 64_000 <= 2 * (small_bytes / 1_000), "mix");
    assert!(large_n <= small_n + 6 * 8, "mix: {small_n} then {large_n}");
}

/// The counter does see allocations: ops that own heap memory allocate on every clone.
#[test]
#[should_panic(expected = "allocated while pulling ops")]
fn the_counter_sees_allocations() {
    assert_no_alloc("random over String", random([String::from("op")]).seed(1));
}
