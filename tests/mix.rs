//! `mix`: round-robin over children, done at the first exhausted child.

use lockstep_gen::Generator;
use lockstep_gen::prelude::*;

/// A child that is not fused: `None` on its second call, ops before and after.
#[derive(Clone, Debug)]
struct Flaky(u32);

impl Iterator for Flaky {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.0 += 1;
        (self.0 != 2).then_some(self.0)
    }
}

#[test]
fn takes_one_op_from_each_child_in_turn() {
    let ops: Vec<_> = mix([cycle(["a1", "a2"]), cycle(["b"]), cycle(["c1", "c2", "c3"])])
        .take(9)
        .collect();
    assert_eq!(ops, ["a1", "b", "c1", "a2", "b", "c2", "a1", "b", "c3"]);
}

#[test]
fn is_done_at_the_first_exhausted_child_and_stays_done() {
    // The second child runs out on its third visit, the mix's op 7 (from 0): 2 * 3 + 1.
    let mut ops = mix([cycle([1]).take(10), cycle([2]).take(2), cycle([3]).take(10)]);
    assert_eq!(
        ops.by_ref().take(10).collect::<Vec<_>>(),
        [1, 2, 3, 1, 2, 3, 1]
    );
    assert_eq!(ops.next(), None);
    assert_eq!(ops.next(), None);
}

#[test]
fn a_child_that_is_not_fused_cannot_revive_the_mix() {
    let mut ops = mix([Flaky(0), Flaky(10)]);
    // The first child's second call gives None, so the mix is done after two ops...
    assert_eq!(ops.by_ref().take(5).collect::<Vec<_>>(), [1, 11]);
    // ...and stays done, though that child would give 3 next.
    assert_eq!(ops.next(), None);
    assert_eq!(ops.size_hint(), (0, Some(0)));
}

#[test]
fn a_child_exhausted_at_once_ends_the_mix_at_its_turn() {
    let ops: Vec<_> = mix([cycle([1]).take(3), cycle([2]).take(0)]).collect();
    assert_eq!(ops, [1]);
}

#[test]
fn a_mix_of_no_children_is_done_at_once() {
    let mut ops = mix(Vec::<lockstep_gen::Cycle<u8>>::new());
    assert_eq!(ops.size_hint(), (0, Some(0)));
    assert_eq!(ops.next(), None);
}

#[test]
fn a_mix_of_one_child_is_that_child() {
    assert!(
        mix([random(0..9).seed(4)])
            .take(30)
            .eq(random(0..9).seed(4).take(30))
    );
}

#[test]
fn children_of_different_kinds_mix_as_boxed_generators() {
    let children: Vec<Box<dyn Generator<Item = &str> + Send>> = vec![
        Box::new(cycle(["read"])),
        Box::new(weighted([("write", 1), ("cas", 1)]).seed(3)),
        Box::new(random(["noop"]).seed(4).take(2)),
    ];
    let ops: Vec<_> = mix(children).collect();
    assert_eq!(ops.len(), 8, "{ops:?}");
    assert_eq!(ops[0], "read");
    assert_eq!(ops[2], "noop");
}

#[test]
fn size_hint_is_exact_over_exact_children_after_every_step() {
    let mut ops = mix([cycle([1]).take(4), cycle([2]).take(2), cycle([3]).take(9)]);
    let mut left = 7; // the second child fails on its third visit: op 2 * 3 + 1
    loop {
        assert_eq!(ops.size_hint(), (left, Some(left)));
        if ops.next().is_none() {
            break;
        }
        left -= 1;
    }
    assert_eq!(left, 0);
}

#[test]
fn size_hint_of_endless_children_is_endless() {
    assert_eq!(
        mix([cycle([1]), cycle([2])]).size_hint(),
        (usize::MAX, None)
    );
}

#[test]
fn clone_continues_exactly_as_the_original() {
    let mut ops = mix([random(0..5).seed(1), random(5..10).seed(2)]);
    ops.next();
    assert!(ops.clone().take(20).eq(ops.take(20)));
}

/// What `next` gives, one call at a time, until the first `None` (a `for` loop calls `next`).
fn by_next<G: Iterator>(g: G) -> Vec<G::Item> {
    let mut ops = Vec::new();
    for op in g {
        ops.push(op);
    }
    ops
}

fn by_fold<G: Iterator>(g: G) -> Vec<G::Item> {
    g.fold(Vec::new(), |mut ops, op| {
        ops.push(op);
        ops
    })
}

#[test]
fn fold_and_each_give_what_next_gives_from_any_cursor() {
    let build = || mix([cycle([1]).take(7), cycle([2]).take(5), cycle([3]).take(9)]);
    // From every position: the start, mid-round, at a round's end, and done.
    for skipped in 0..18 {
        let mut ops = build();
        for _ in 0..skipped {
            ops.next();
        }
        let expected = by_next(ops.clone());
        assert_eq!(by_fold(ops.clone()), expected, "after {skipped} ops");
        let mut seen = Vec::new();
        assert_eq!(ops.each(|op| seen.push(op)), expected.len());
        assert_eq!(seen, expected, "each, after {skipped} ops");
    }
}

#[test]
fn fold_stops_at_the_first_exhausted_child_even_if_it_is_not_fused() {
    assert_eq!(by_fold(mix([Flaky(0), Flaky(10)])), [1, 11]);
    assert_eq!(by_fold(mix([Flaky(10), Flaky(0)])), [11, 1, 12]);
    assert_eq!(by_fold(mix(Vec::<Flaky>::new())), Vec::<u32>::new());
    // A done mix folds nothing, though its children would give more.
    let mut done = mix([Flaky(0), Flaky(10)]);
    while done.next().is_some() {}
    assert_eq!(by_fold(done), Vec::<u32>::new());
}
