//! `cycle`: a fixed sequence, repeated forever.

use lockstep_gen::prelude::*;
use lockstep_gen::{Cycle, Error};

#[test]
fn repeats_the_sequence_in_order() {
    let ops: Vec<_> = cycle(["a", "b", "c"]).take(8).collect();
    assert_eq!(ops, ["a", "b", "c", "a", "b", "c", "a", "b"]);
}

#[test]
fn a_sequence_of_one_repeats_it() {
    assert!(cycle([5]).take(4).eq([5, 5, 5, 5]));
}

#[test]
fn nth_jumps_as_next_would() {
    for n in [0, 1, 2, 3, 4, 7, 100, usize::MAX] {
        let mut jumped = cycle(0..3).skip(1);
        let expected = (1 + (n % 3) as u32) % 3;
        assert_eq!(jumped.nth(n), Some(expected), "nth({n})");
        assert_eq!(jumped.next(), Some((expected + 1) % 3), "after nth({n})");
    }
}

#[test]
fn step_and_each() {
    let (first, rest) = cycle([1, 2]).step().unwrap();
    let (second, rest) = rest.step().unwrap();
    assert_eq!((first, second), (1, 2));
    assert_eq!(rest.take(3).each(|_| ()), 3);
}

#[test]
fn size_hint_is_endless() {
    assert_eq!(cycle([1]).size_hint(), (usize::MAX, None));
}

#[test]
fn empty_sequence_is_an_error_or_a_panic_at_construction() {
    assert_eq!(Cycle::<u8>::try_new([]).unwrap_err(), Error::EmptyPool);
    let panic = std::panic::catch_unwind(|| cycle(Vec::<u8>::new())).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(
        message,
        "cycle: the pool of ops is empty: give at least one op"
    );
}

#[test]
fn clone_continues_where_the_original_is() {
    let mut ops = cycle(0..5);
    ops.next();
    ops.next();
    assert!(ops.clone().take(7).eq(ops.take(7)));
}
