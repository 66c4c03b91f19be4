//! With std's, itertools' and rand's iterator traits in scope beside ours,
//! every call is plain: no method of `Generator` shares a name with theirs.
//! Were one to clash, this file would not compile (E0034).

use itertools::Itertools;
use lockstep_gen::prelude::*;
use rand::seq::IteratorRandom;
use rand_pcg::Pcg64Mcg;

#[test]
fn std_itertools_and_rand_methods_stay_unambiguous() {
    let ops = || random(0..10u32).seed(1);

    let taken: Vec<_> = ops().take(3).collect();
    assert_eq!(taken.len(), 3);
    let mapped = ops()
        .map(|op| op * 2)
        .take(5)
        .fold(0, |acc, op| acc + op % 2);
    assert_eq!(mapped, 0);
    assert_eq!(ops().take(2).chain(cycle([99]).take(1)).count(), 3);

    let interleaved: Vec<_> = cycle([1]).take(2).interleave(cycle([2]).take(2)).collect();
    assert_eq!(interleaved, [1, 2, 1, 2]);
    assert_eq!(cycle([5, 5, 6]).take(3).dedup().collect::<Vec<_>>(), [5, 6]);

    let mut rng = Pcg64Mcg::new(7);
    assert!(ops().take(10).choose(&mut rng).is_some());
    assert_eq!(ops().take(10).sample(&mut rng, 4).len(), 4);

    assert_eq!(ops().take(4).each(|_| ()), 4);
    assert!(ops().step().is_some());
}

#[test]
fn workload_methods_stay_unambiguous() {
    use std::time::{Duration, Instant};

    let ops = || random(0..10u32).seed(1);
    let ms = Duration::from_millis;

    assert_eq!(ops().take(2).cycle_n(3).count(), 6);
    assert_eq!(ops().stagger(ms(1)).seed(2).take(3).count(), 3);
    let timed = || ops().delay(ms(1));
    assert_eq!(timed().time_limit(ms(3)).count(), 3);
    assert_eq!(timed().shift_time(ms(1)).take(2).last().unwrap().at, ms(2));
    assert_eq!(
        ops()
            .delay(Duration::ZERO)
            .take(2)
            .paced(Instant::now())
            .count(),
        2
    );

    assert_eq!(
        mix_random([ops().take(2), ops().take(1)]).seed(3).count(),
        3
    );
    assert_eq!(mix_all([ops().take(2), ops().take(1)]).count(), 3);
    assert_eq!(phases([ops().take(2), ops().take(1)]).count(), 3);
}
