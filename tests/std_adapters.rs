//! std's adapters over generators are generators, so chains keep `each` and `step` and can be mixed.

use lockstep_gen::Generator;
use lockstep_gen::prelude::*;

/// Compiles only for a generator; true if it gives an op through `Generator::step`.
fn steps<G: Generator>(g: G) -> bool {
    g.step().is_some()
}

#[test]
fn std_adapters_over_generators_are_generators() {
    let g = || random(0..10u32).seed(3);
    let mut peekable = g().peekable();
    peekable.peek();
    assert!(steps(g().take(3)));
    assert!(steps(g().skip(3)));
    assert!(steps(g().step_by(3)));
    assert!(steps(g().fuse()));
    assert!(steps(peekable));
    assert!(steps(g().enumerate()));
    assert!(steps(g().chain(cycle([1]))));
    assert!(steps(g().zip(cycle([1]))));
    assert!(steps(g().map(|x| x + 1)));
    assert!(steps(g().filter(|x| x % 2 == 0)));
    assert!(steps(g().filter_map(|x| x.checked_sub(1))));
    assert!(steps(g().inspect(|_| ())));
    assert!(steps(g().take_while(|&x| x < 9)));
    assert!(steps(g().skip_while(|&x| x < 9)));
    assert!(steps(g().map_while(|x| x.checked_sub(1))));
    assert!(steps(Box::new(g())));
    let mut borrowed = g();
    assert!(steps(&mut borrowed));
    assert!(borrowed.next().is_some());
}

#[test]
fn a_chain_keeps_the_generator_methods() {
    let ops = random(0..100u32)
        .seed(9)
        .filter(|x| x % 2 == 0)
        .map(|x| x / 2)
        .take(10);
    let (first, rest) = ops.clone().step().unwrap();
    assert_eq!(Some(first), ops.clone().next());
    assert_eq!(rest.each(|x| assert!(x < 50)), 9);
}

#[test]
fn filter_after_take_keeps_order() {
    let all: Vec<_> = random(0..100u32).seed(5).take(50).collect();
    let evens: Vec<_> = random(0..100u32)
        .seed(5)
        .take(50)
        .filter(|x| x % 2 == 0)
        .collect();
    let expected: Vec<_> = all.into_iter().filter(|x| x % 2 == 0).collect();
    assert_eq!(evens, expected);
}

#[test]
fn a_mutable_reference_pulls_from_the_same_stream() {
    let mut ops = cycle(0..5);
    assert_eq!((&mut ops).take(3).each(|_| ()), 3);
    assert_eq!(ops.next(), Some(3));
}
