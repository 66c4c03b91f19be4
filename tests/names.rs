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
    let swarmed = swarm([(1, 1), (2, 1)]).seed(4);
    assert!(swarmed.enabled().count() >= 1 && swarmed.config().weights().len() == 2);
    assert!(mix_swarm([(ops().take(2), 1)]).seed(5).enabled().eq([0]));
    assert_eq!(phases([ops().take(2), ops().take(1)]).count(), 3);
}

/// Every iterator is a generator: std's collections, ranges and adapters, with
/// every `Generator` method, and all of std's, itertools' and rand's in scope.
#[test]
fn every_iterator_is_a_generator() {
    use std::time::{Duration, Instant};

    let ms = Duration::from_millis;

    // A recorded list, a slice, an endless range, flat_map, scan, flatten.
    assert_eq!(vec![1, 2, 3].into_iter().each(|_| ()), 3);
    assert_eq!([1, 2].iter().step().map(|(op, _)| *op), Some(1));
    let paced: Vec<_> = (0u64..)
        .map(|i| i * 2)
        .stagger(ms(1))
        .seed(5)
        .take(3)
        .paced(Instant::now())
        .map(|t| t.op)
        .collect();
    assert_eq!(paced, [0, 2, 4]);
    let flat = (0..3).flat_map(|i| std::iter::repeat_n(i, 2)).cycle_n(2);
    assert_eq!(flat.count(), 12);
    let sums = (1..4).scan(0, |sum, i| {
        *sum += i;
        Some(*sum)
    });
    let sums: Vec<_> = sums.delay(ms(1)).time_limit(ms(2)).map(|t| t.op).collect();
    assert_eq!(sums, [1, 3]);
    let nested = vec![vec!["read"], vec!["write", "cas"]];
    assert_eq!(
        nested
            .into_iter()
            .flatten()
            .delay(ms(1))
            .shift_time(ms(1))
            .count(),
        3
    );

    // Boxed, generators of different kinds mix, clone and replay.
    let reads = std::iter::repeat("read");
    let writes = random(["write", "cas"]).seed(1);
    let mixed = mix_weighted([(reads.boxed(), 1), (writes.boxed(), 1)]).seed(2);
    assert!(mixed.clone().take(10).eq(mixed.take(10)));

    // And as `Itertools`, `IteratorRandom` and std's own.
    let mut rng = Pcg64Mcg::new(1);
    assert!(
        vec![1, 2]
            .into_iter()
            .interleave(vec![3])
            .choose(&mut rng)
            .is_some()
    );
}
