//! Known small histories for each built-in model, Jepsen's outcomes (`info`
//! that took effect and that did not, `fail` ignored), budgets giving
//! unknown, partitions, and what a counterexample says.
//!
//! Positions are indices in the history, as Jepsen's `:index` gives them.

use std::time::{Duration, Instant};

use lockstep_gen::linearizability::{
    CasOp, CasRegister, Checker, Exhausted, Kv, KvOp, Model, Operation, Queue, QueueOp, Register,
    RegisterOp, Verdict, check,
};

type CasOperation = Operation<CasOp<u64>, Option<u64>>;

fn write(process: u64, v: u64, call: u64, ret: u64) -> CasOperation {
    Operation::ok(process, CasOp::Write(v), call, None, ret)
}

fn read(process: u64, seen: Option<u64>, call: u64, ret: u64) -> CasOperation {
    Operation::ok(process, CasOp::Read, call, seen, ret)
}

fn cas(process: u64, from: u64, to: u64, call: u64, ret: u64) -> CasOperation {
    Operation::ok(process, CasOp::Cas(from, to), call, None, ret)
}

fn counterexample<M>(model: &M, ops: &[Operation<M::Input, M::Output>]) -> String
where
    M: Model + Sync,
    M::Input: Sync,
    M::Output: Sync,
    M::State: Send,
{
    match check(model, ops) {
        Verdict::NotLinearizable(c) => c.to_string(),
        other => panic!("expected not linearizable, got {other}"),
    }
}

// ---- register

#[test]
fn register_reads_see_the_last_write_or_a_concurrent_one() {
    let model = Register::new();
    let w = |p, v, c, r| Operation::ok(p, RegisterOp::Write(v), c, None, r);
    let rd = |p, v, c, r| Operation::ok(p, RegisterOp::Read, c, v, r);
    // The read overlaps both writes: either value, or the first, is fine.
    for seen in [Some(1), Some(2)] {
        let ops = [w(0, 1, 0, 2), w(1, 2, 1, 4), rd(2, seen, 3, 5)];
        assert!(check(&model, &ops).is_linearizable(), "read {seen:?}");
    }
    // Nil only before any write took effect.
    assert!(check(&model, &[rd(0, None, 0, 1), w(1, 1, 2, 3)]).is_linearizable());
    assert!(check(&model, &[rd(0, None, 0, 3), w(1, 1, 1, 2)]).is_linearizable());
    assert!(!check(&model, &[w(1, 1, 0, 1), rd(0, None, 2, 3)]).is_linearizable());
    // A value nobody wrote.
    assert!(!check(&model, &[w(0, 1, 0, 1), rd(1, Some(3), 2, 3)]).is_linearizable());
    // Two reads in a row that see the writes in opposite orders.
    let ops = [
        w(0, 1, 0, 10),
        w(1, 2, 0, 10),
        rd(2, Some(1), 1, 2),
        rd(2, Some(2), 3, 4),
        rd(3, Some(2), 1, 2),
        rd(3, Some(1), 3, 4),
    ];
    assert!(!check(&model, &ops).is_linearizable());
    // With a starting value, a read before any write sees it.
    let ops = [rd(0, Some(0), 0, 1)];
    assert!(check(&Register::with_value(0), &ops).is_linearizable());
    assert!(!check(&Register::new(), &ops).is_linearizable());
}

// ---- cas register

#[test]
fn cas_register_known_histories() {
    let model = CasRegister::new();
    // Reads of an unset register give nil.
    assert!(check(&model, &[read(0, None, 0, 1)]).is_linearizable());
    assert!(!check(&model, &[read(0, Some(0), 0, 1)]).is_linearizable());
    // A cas applies only from its expected value.
    let ok = [
        write(0, 1, 0, 1),
        cas(1, 1, 2, 2, 3),
        read(0, Some(2), 4, 5),
    ];
    assert!(check(&model, &ok).is_linearizable());
    let wrong_from = [write(0, 1, 0, 1), cas(1, 3, 2, 2, 3)];
    assert!(!check(&model, &wrong_from).is_linearizable());
    // Two concurrent cas from the same value cannot both apply.
    let both = [write(0, 0, 0, 1), cas(1, 0, 1, 2, 5), cas(2, 0, 2, 3, 4)];
    assert!(!check(&model, &both).is_linearizable());
    // ...but a chain of them can, in the order the values say.
    let chain = [
        write(0, 0, 0, 1),
        cas(1, 1, 2, 2, 5),
        cas(2, 0, 1, 3, 4),
        read(0, Some(2), 6, 7),
    ];
    assert!(check(&model, &chain).is_linearizable());
}

#[test]
fn an_info_op_may_have_taken_effect_at_any_point_after_its_call() {
    let model = CasRegister::new();
    // The info write took effect after the first read and before the second.
    let took_effect = [
        write(0, 1, 0, 1),
        Operation::info(1, CasOp::Write(2), 2),
        read(0, Some(1), 3, 4),
        read(0, Some(2), 5, 6),
    ];
    assert!(check(&model, &took_effect).is_linearizable());
    // It never did.
    let never = [
        write(0, 1, 0, 1),
        Operation::info(1, CasOp::Write(2), 2),
        read(0, Some(1), 3, 4),
        read(0, Some(1), 9, 10),
    ];
    assert!(check(&model, &never).is_linearizable());
    // But not before its call.
    let too_early = [
        read(0, Some(2), 0, 1),
        Operation::info(1, CasOp::Write(2), 2),
    ];
    assert!(!check(&model, &too_early).is_linearizable());
    // And not twice: 2 then 1 then 2 again needs two writes of 2.
    let twice = [
        Operation::info(1, CasOp::Write(2), 0),
        read(0, Some(2), 1, 2),
        write(0, 1, 3, 4),
        read(0, Some(2), 5, 6),
    ];
    assert!(!check(&model, &twice).is_linearizable());
    // An info read constrains nothing, whatever its invocation says.
    let info_read = [write(0, 1, 0, 1), Operation::info(1, CasOp::Read, 2)];
    assert!(check(&model, &info_read).is_linearizable());
    // A history of info ops only is linearizable: none need have happened.
    let only_info = [
        Operation::info(0, CasOp::Cas(5, 6), 0),
        Operation::info(1, CasOp::Read, 1),
    ];
    assert!(check(&model, &only_info).is_linearizable());
}

#[test]
fn a_failed_op_did_not_happen() {
    let model = CasRegister::new();
    // The failed write of 2 cannot explain a read of 2...
    let unexplained = [
        write(0, 1, 0, 1),
        Operation::fail(1, CasOp::Write(2), 2),
        read(0, Some(2), 3, 4),
    ];
    assert!(!check(&model, &unexplained).is_linearizable());
    // ...and does not get in the way of a read of 1.
    let ignored = [
        write(0, 1, 0, 1),
        Operation::fail(1, CasOp::Write(2), 2),
        read(0, Some(1), 3, 4),
    ];
    assert!(check(&model, &ignored).is_linearizable());
    // A failed cas, as Jepsen records one that did not match.
    let failed_cas = [
        write(0, 1, 0, 1),
        Operation::fail(1, CasOp::Cas(3, 4), 2),
        read(0, Some(1), 3, 4),
    ];
    assert!(check(&model, &failed_cas).is_linearizable());
}

// ---- kv

fn kv_ok(process: u64, op: KvOp, call: u64, ret: u64) -> Operation<KvOp, String> {
    Operation::ok(process, op, call, String::new(), ret)
}

fn get(process: u64, key: &str, seen: &str, call: u64, ret: u64) -> Operation<KvOp, String> {
    Operation::ok(process, KvOp::get(key), call, seen.to_owned(), ret)
}

#[test]
fn kv_known_histories() {
    // A missing key reads as the empty string.
    assert!(check(&Kv, &[get(0, "x", "", 0, 1)]).is_linearizable());
    let ops = [
        kv_ok(0, KvOp::put("x", "a"), 0, 1),
        kv_ok(1, KvOp::append("x", "b"), 2, 3),
        kv_ok(2, KvOp::put("y", "z"), 2, 3),
        get(0, "x", "ab", 4, 5),
        get(1, "y", "z", 4, 5),
        get(2, "w", "", 4, 5),
    ];
    assert!(check(&Kv, &ops).is_linearizable());
    // The append is lost.
    let lost = [
        kv_ok(0, KvOp::put("x", "a"), 0, 1),
        kv_ok(1, KvOp::append("x", "b"), 2, 3),
        get(0, "x", "a", 4, 5),
    ];
    assert!(!check(&Kv, &lost).is_linearizable());
    // Keys do not leak into each other.
    let leak = [kv_ok(0, KvOp::put("x", "a"), 0, 1), get(1, "y", "a", 2, 3)];
    assert!(!check(&Kv, &leak).is_linearizable());
    // Concurrent appends in either order, but one order for every reader.
    let appends = [
        kv_ok(0, KvOp::append("k", "1"), 0, 5),
        kv_ok(1, KvOp::append("k", "2"), 0, 5),
        get(2, "k", "21", 6, 7),
        get(3, "k", "21", 6, 7),
    ];
    assert!(check(&Kv, &appends).is_linearizable());
    let split = [
        appends[0].clone(),
        appends[1].clone(),
        get(2, "k", "21", 6, 7),
        get(3, "k", "12", 6, 7),
    ];
    assert!(!check(&Kv, &split).is_linearizable());
    // An info append that took effect.
    let info = [
        Operation::info(0, KvOp::append("k", "1"), 0),
        get(1, "k", "1", 1, 2),
    ];
    assert!(check(&Kv, &info).is_linearizable());
}

#[test]
fn kv_counterexamples_name_ops_by_their_index_in_the_whole_history() {
    // Key "y" is fine; key "x" loses an append, and its ops sit between y's.
    let ops = [
        kv_ok(0, KvOp::put("y", "1"), 0, 1),
        kv_ok(1, KvOp::put("x", "a"), 0, 1),
        kv_ok(0, KvOp::append("x", "b"), 2, 3),
        get(2, "y", "1", 2, 3),
        get(1, "x", "a", 4, 5),
    ];
    for threads in [1, 2] {
        let verdict = Checker::new().threads(threads).check(&Kv, &ops);
        let Verdict::NotLinearizable(c) = verdict else {
            panic!("the append to x is lost");
        };
        assert_eq!(c.prefix(), &[1, 2]);
        assert_eq!(c.blocked(), 4);
        // Process 0's append is in the prefix, over before the read began.
        assert_eq!(c.processes(), &[1]);
    }
}

#[test]
fn partitions_are_checked_in_parallel_with_the_same_verdicts() {
    // 12 keys, each with 8 concurrent puts and a get that saw the first one
    // called: it must have taken effect last, which the search (trying ops in
    // call order) finds after some thousands of configurations, milliseconds
    // per key in a debug build, so helper threads join after the first two. A
    // stale key's get saw a value nobody put, which takes the search through
    // all 8 · 2^8 configurations.
    const PUTS: u64 = 8;
    let ops_per_key = PUTS as usize + 1;
    let history = |stale: &[usize]| {
        let mut ops = Vec::new();
        for k in 0..12 {
            let key = format!("k{k}");
            for i in 0..PUTS {
                ops.push(kv_ok(i, KvOp::put(key.clone(), i.to_string()), i, 100));
            }
            let seen = if stale.contains(&k) { "nobody" } else { "0" };
            ops.push(get(PUTS, &key, seen, 101, 102));
        }
        ops
    };
    for threads in [1, 2, 4] {
        let checker = Checker::new().threads(threads);
        assert_eq!(checker.check(&Kv, &history(&[])), Verdict::Linearizable);
        for stale in [0, 7, 11] {
            let Verdict::NotLinearizable(c) = checker.check(&Kv, &history(&[stale])) else {
                panic!("key {stale} has a stale read");
            };
            assert_eq!(c.blocked(), ops_per_key * stale + 8, "{threads} threads");
        }
        // Two stale keys: the lower one is reported, however the threads ran.
        let Verdict::NotLinearizable(c) = checker.check(&Kv, &history(&[10, 5])) else {
            panic!("keys 5 and 10 have stale reads");
        };
        assert_eq!(c.blocked(), ops_per_key * 5 + 8, "{threads} threads");
    }
}

// ---- queue

#[test]
fn queue_known_histories() {
    let model = Queue::new();
    let enq = |p, v, c, r| Operation::ok(p, QueueOp::Enqueue(v), c, None, r);
    let deq = |p, v, c, r| Operation::ok(p, QueueOp::Dequeue, c, v, r);
    assert!(check(&model, &[deq(0, None, 0, 1)]).is_linearizable());
    let fifo = [
        enq(0, 1, 0, 1),
        enq(0, 2, 2, 3),
        deq(1, Some(1), 4, 5),
        deq(1, Some(2), 6, 7),
    ];
    assert!(check(&model, &fifo).is_linearizable());
    let lifo = [enq(0, 1, 0, 1), enq(0, 2, 2, 3), deq(1, Some(2), 4, 5)];
    assert!(!check(&model, &lifo).is_linearizable());
    let twice = [
        enq(0, 1, 0, 1),
        deq(1, Some(1), 2, 3),
        deq(1, Some(1), 4, 5),
    ];
    assert!(!check(&model, &twice).is_linearizable());
}

// ---- budgets

/// `n` writes of distinct values, all concurrent, then a read of a value
/// none wrote: not linearizable, but the search must try every subset of
/// writes before it can say so (about n · 2^n configurations).
fn exponential(n: u64) -> Vec<CasOperation> {
    let mut ops: Vec<_> = (0..n).map(|p| write(p, p, p, n + p)).collect();
    ops.push(read(n, Some(n), 2 * n + 1, 2 * n + 2));
    ops
}

#[test]
fn a_time_budget_gives_unknown_not_a_guess() {
    let budget = Duration::from_millis(100);
    let started = Instant::now();
    let verdict = Checker::new()
        .timeout(budget)
        .check(&CasRegister::new(), &exponential(40));
    assert_eq!(verdict, Verdict::Unknown(Exhausted::Time(budget)));
    // It stops soon after the budget; 10 s is far beyond any machine's slack.
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        verdict.to_string(),
        "unknown: the time budget (100ms) ran out"
    );
    // Small enough to finish, it gives the true answer under the same budget.
    let small = Checker::new()
        .timeout(Duration::from_secs(60))
        .check(&CasRegister::new(), &exponential(8));
    assert!(matches!(small, Verdict::NotLinearizable(_)));
}

#[test]
fn a_memory_budget_gives_unknown_and_a_larger_one_the_answer() {
    let ops = exponential(10);
    let verdict = Checker::new()
        .max_cache_entries(1_000)
        .check(&CasRegister::new(), &ops);
    assert_eq!(
        verdict,
        Verdict::Unknown(Exhausted::Memory {
            cache_entries: 1_000
        })
    );
    let verdict = Checker::new()
        .max_cache_entries(1_000_000)
        .check(&CasRegister::new(), &ops);
    assert!(matches!(verdict, Verdict::NotLinearizable(_)));
    // The budget is shared by the partitions but freed as each ends: many
    // small keys pass under a budget far below their total.
    let kv: Vec<_> = (0..200)
        .flat_map(|k| {
            let key = format!("k{k}");
            [
                kv_ok(0, KvOp::put(key.clone(), "v"), 0, 1),
                get(1, &key, "v", 2, 3),
            ]
        })
        .collect();
    let verdict = Checker::new()
        .threads(1)
        .max_cache_entries(10)
        .check(&Kv, &kv);
    assert_eq!(verdict, Verdict::Linearizable);
}

/// Key "a": 30 concurrent appends, then a read that none of their orders
/// explains (a search of about 2^30 states); key "b": a read of a value never
/// written, wrong at once. "a" comes first.
fn hard_a_wrong_b() -> Vec<Operation<KvOp, String>> {
    let mut ops: Vec<_> = (0..30)
        .map(|p| kv_ok(p, KvOp::append("a", p.to_string()), 0, 100))
        .collect();
    ops.push(get(30, "a", "nope", 101, 102));
    ops.push(get(31, "b", "never written", 0, 1));
    ops
}

#[test]
fn a_not_linearizable_partition_wins_over_an_unknown_one() {
    // Key "a" is too hard for the budget; key "b" is plainly wrong. Partitions
    // are searched in rounds of growing step budgets, so "b" is found wrong in
    // the first round, before "a" could run out of anything, in either order.
    let ops = hard_a_wrong_b();
    for threads in [1, 2] {
        for reversed in [false, true] {
            let mut ops = ops.clone();
            if reversed {
                ops.reverse();
            }
            let verdict = Checker::new()
                .threads(threads)
                .timeout(Duration::from_secs(30))
                .max_cache_entries(100_000)
                .check(&Kv, &ops);
            let Verdict::NotLinearizable(c) = verdict else {
                panic!("key b was read with a value never written: {verdict}");
            };
            let b = ops.iter().position(|op| op.input().key() == "b").unwrap();
            assert_eq!(c.blocked(), b);
        }
    }
    // Alone, "a" runs out of the memory budget: unknown, not a wrong answer.
    let a: Vec<_> = ops
        .iter()
        .filter(|op| op.input().key() == "a")
        .cloned()
        .collect();
    let verdict = Checker::new().max_cache_entries(100_000).check(&Kv, &a);
    assert!(matches!(verdict, Verdict::Unknown(_)), "got {verdict}");
}

/// Porcupine's 50-client kv history c50-bad has four keys whose searches take
/// minutes and six that fail at once: a check must not wait on the hard ones.
#[test]
fn a_hard_partition_does_not_hide_a_quick_failure() {
    let ops = hard_a_wrong_b();
    for threads in [1, 2] {
        let verdict = Checker::new()
            .threads(threads)
            .timeout(Duration::from_secs(60))
            .check(&Kv, &ops);
        assert!(
            matches!(verdict, Verdict::NotLinearizable(_)),
            "{threads} threads: {verdict}"
        );
    }
}

// ---- the counterexample

#[test]
fn a_counterexample_shows_the_prefix_the_op_that_cannot_follow_and_who_was_involved() {
    let ops = [
        write(0, 1, 0, 1),
        cas(1, 1, 2, 2, 5),
        Operation::info(3, CasOp::Write(7), 3),
        read(2, Some(1), 3, 4),
        read(2, Some(1), 6, 7),
    ];
    let text = counterexample(&CasRegister::new(), &ops);
    // The info write could go anywhere after its call, so the search placed it too.
    let expected = "\
not linearizable: op 4 cannot follow the longest linearizable prefix found (4 ops)
  prefix, with the state after each op:
    op 0, process 0, at 0..1: write 1  => 1
    op 3, process 2, at 3..4: read -> 1  => 1
    op 1, process 1, at 2..5: cas 1 -> 2  => 2
    op 2, process 3, at 3..: write 7 (info)  => 7
  state after the prefix: 7
  cannot place: op 4, process 2, at 6..7: read -> 1
  processes involved: 2, 3";
    assert_eq!(text, expected);
}

#[test]
fn a_counterexample_from_the_initial_state_says_so() {
    let text = counterexample(&CasRegister::new(), &[read(4, Some(9), 0, 1)]);
    assert!(
        text.contains("prefix: none, from the initial state"),
        "{text}"
    );
    assert!(text.contains("state after the prefix: nil"), "{text}");
    assert!(
        text.contains("cannot place: op 0, process 4, at 0..1: read -> 9"),
        "{text}"
    );
}

// ---- bad partitions are the model's bug, and say so

struct BadPartition(Vec<Vec<usize>>);

impl Model for BadPartition {
    type Input = ();
    type Output = ();
    type State = ();
    fn init(&self) {}
    fn step(&self, _: &(), _: &(), _: Option<&()>) -> Option<()> {
        Some(())
    }
    fn partition(&self, _: &[Operation<(), ()>]) -> Option<Vec<Vec<usize>>> {
        Some(self.0.clone())
    }
}

#[test]
#[should_panic(expected = "the model's partition leaves out op 1")]
fn a_partition_that_loses_an_op_panics() {
    let ops = [
        Operation::ok(0, (), 0, (), 1),
        Operation::ok(0, (), 2, (), 3),
    ];
    let _ = check(&BadPartition(vec![vec![0]]), &ops);
}

#[test]
#[should_panic(expected = "the model's partition places op 0 twice")]
fn a_partition_that_doubles_an_op_panics() {
    let ops = [Operation::ok(0, (), 0, (), 1)];
    let _ = check(&BadPartition(vec![vec![0], vec![0]]), &ops);
}

#[test]
#[should_panic(expected = "returned at 1, before its call at 2")]
fn an_op_cannot_return_before_its_call() {
    let _ = Operation::ok(0, (), 2, (), 1);
}

// ---- every public type is Clone, Debug, Send and Sync

#[test]
fn public_types_are_clone_debug_send_and_sync() {
    fn assert_all<T: Clone + std::fmt::Debug + Send + Sync>() {}
    assert_all::<Checker>();
    assert_all::<Verdict>();
    assert_all::<Exhausted>();
    assert_all::<lockstep_gen::linearizability::Counterexample>();
    assert_all::<Operation<CasOp<u64>, Option<u64>>>();
    assert_all::<lockstep_gen::linearizability::Outcome<String>>();
    assert_all::<Register<u64>>();
    assert_all::<RegisterOp<u64>>();
    assert_all::<CasRegister<u64>>();
    assert_all::<CasOp<u64>>();
    assert_all::<Kv>();
    assert_all::<KvOp>();
    assert_all::<Queue<u64>>();
    assert_all::<QueueOp<u64>>();
}
