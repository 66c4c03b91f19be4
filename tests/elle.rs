//! Elle's workloads: the transactions' shape and rules, and their EDN against hand-written Elle histories.

use std::collections::{BTreeMap, BTreeSet};

use lockstep_gen::Seed;
use lockstep_gen::elle::{KeyDist, Mop, ReadValue, Txn, list_append, rw_register};
use lockstep_gen::history::{Event, History, Outcome, read_edn_file};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(key: u64, value: ReadValue) -> Mop {
    Mop::Read { key, value }
}

fn append(key: u64, value: u64) -> Mop {
    Mop::Append { key, value }
}

#[test]
fn a_list_append_history_writes_exactly_as_elle_reads_it() {
    let t0 = Txn::new(vec![append(0, 1), Mop::read(1)]);
    let t1 = Txn::new(vec![Mop::read(0), append(1, 1), append(0, 2)]);
    let t2 = Txn::new(vec![Mop::read(0), Mop::read(1)]);
    let events: Vec<Event<Txn, Txn, String>> = vec![
        Event::invoke(0, 0, t0),
        Event::invoke(5, 1, t1),
        Event::complete(
            10,
            0,
            Outcome::Ok(Txn::new(vec![
                append(0, 1),
                read(1, ReadValue::List(vec![])),
            ])),
        ),
        Event::complete(
            15,
            1,
            Outcome::Ok(Txn::new(vec![
                read(0, ReadValue::List(vec![1])),
                append(1, 1),
                append(0, 2),
            ])),
        ),
        Event::invoke(20, 0, t2),
        Event::complete(30, 0, Outcome::Info("timeout".to_string())),
    ];
    let history = History::new(Seed::from(1), events).unwrap();
    let expected = std::fs::read_to_string(fixture("elle-list-append.edn")).unwrap();
    assert_eq!(history.to_edn_string(), expected);
    // And the fixture reads back as a Jepsen history.
    assert_eq!(
        read_edn_file(fixture("elle-list-append.edn"))
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn a_rw_register_history_writes_exactly_as_elle_reads_it() {
    let w = |key, value| Mop::Write { key, value };
    let events: Vec<Event<Txn, Txn, String>> = vec![
        Event::invoke(0, 0, Txn::new(vec![w(0, 1), Mop::read(1)])),
        // A register never written reads nil.
        Event::complete(10, 0, Outcome::Ok(Txn::new(vec![w(0, 1), Mop::read(1)]))),
        Event::invoke(20, 1, Txn::new(vec![Mop::read(0), w(1, 1)])),
        Event::complete(30, 1, Outcome::Fail("aborted".to_string())),
        Event::invoke(40, 1, Txn::new(vec![Mop::read(0)])),
        Event::complete(
            50,
            1,
            Outcome::Ok(Txn::new(vec![read(0, ReadValue::Value(1))])),
        ),
    ];
    let history = History::new(Seed::from(1), events).unwrap();
    let expected = std::fs::read_to_string(fixture("elle-rw-register.edn")).unwrap();
    assert_eq!(history.to_edn_string(), expected);
}

/// Every (key, value) written, in order.
fn writes(txns: &[Txn]) -> Vec<(u64, u64)> {
    txns.iter()
        .flat_map(Txn::mops)
        .filter_map(|m| match *m {
            Mop::Append { key, value } | Mop::Write { key, value } => Some((key, value)),
            Mop::Read { .. } => None,
        })
        .collect()
}

#[test]
fn written_values_are_unique_per_key_and_count_up_from_one() {
    for txns in [list_append(), rw_register()] {
        let txns: Vec<Txn> = txns.max_writes_per_key(8).seed(3).take(2000).collect();
        let mut last: BTreeMap<u64, u64> = BTreeMap::new();
        for (key, value) in writes(&txns) {
            let previous = last.insert(key, value).unwrap_or(0);
            assert_eq!(value, previous + 1, "key {key}");
            assert!(
                value <= 8,
                "key {key} got {value} writes, above the 8 allowed"
            );
        }
    }
}

#[test]
fn keys_rotate_to_fresh_ones_and_a_retired_key_is_never_touched_again() {
    let txns: Vec<Txn> = list_append()
        .key_count(3)
        .max_writes_per_key(4)
        .seed(5)
        .take(500)
        .collect();
    let mut retired = BTreeSet::new();
    let mut written: BTreeMap<u64, u64> = BTreeMap::new();
    let mut active_max = 0;
    for mop in txns.iter().flat_map(Txn::mops) {
        let key = mop.key();
        assert!(
            !retired.contains(&key),
            "key {key} was used after its last write"
        );
        active_max = active_max.max(key);
        if let Mop::Append { .. } = mop {
            let n = written.entry(key).or_default();
            *n += 1;
            if *n == 4 {
                retired.insert(key);
            }
        }
    }
    // Fresh keys come in order: 3, 4, 5…, one for each retired key.
    assert!(retired.len() > 20, "{} keys retired", retired.len());
    assert!(active_max <= 2 + retired.len() as u64);
}

#[test]
fn lengths_reads_and_keys_follow_the_parameters() {
    let txns: Vec<Txn> = rw_register()
        .txn_len(2..=5)
        .key_count(4)
        .key_dist(KeyDist::Uniform)
        .max_writes_per_key(1_000_000)
        .seed(9)
        .take(4000)
        .collect();
    let mut lengths = [0u64; 6];
    let (mut reads, mut mops) = (0u64, 0u64);
    let mut keys = [0u64; 4];
    for txn in &txns {
        lengths[txn.mops().len()] += 1;
        for mop in txn.mops() {
            mops += 1;
            reads += u64::from(matches!(
                mop,
                Mop::Read {
                    value: ReadValue::Nil,
                    ..
                }
            ));
            keys[mop.key() as usize] += 1;
        }
    }
    // Each length about 1000 of 4000 (sd 27), reads about half of ~14000 mops (sd 59), keys a quarter each (sd 51): 6 sd margins.
    assert_eq!(lengths[..2], [0, 0]);
    assert!(
        lengths[2..].iter().all(|&n| (840..1160).contains(&n)),
        "{lengths:?}"
    );
    assert!(reads.abs_diff(mops / 2) < 360, "{reads} reads of {mops}");
    assert!(keys.iter().all(|&n| n.abs_diff(mops / 4) < 310), "{keys:?}");
}

#[test]
fn the_exponential_default_favours_the_first_active_keys_as_elle_does() {
    // Elle's default: key-dist-base 2 over 10 keys, the first key about half the picks.
    let txns: Vec<Txn> = list_append()
        .max_writes_per_key(u64::MAX)
        .seed(4)
        .take(4000)
        .collect();
    let mops: Vec<u64> = txns.iter().flat_map(Txn::mops).map(Mop::key).collect();
    let first = mops.iter().filter(|&&k| k == 0).count() as f64 / mops.len() as f64;
    assert!(
        (0.47..0.53).contains(&first),
        "key 0 has {first:.3} of the picks"
    );
}

#[test]
fn same_seed_same_txns_and_debug_shows_the_parameters() {
    let a: Vec<Txn> = list_append().seed(1).take(50).collect();
    assert!(list_append().seed(1).take(50).eq(a.iter().cloned()));
    assert!(!list_append().seed(2).take(50).eq(a.iter().cloned()));
    assert_eq!(
        format!("{:?}", list_append().seed(1)),
        "ListAppend { key_count: 10, txn_len: 1..=2, max_writes_per_key: 32, \
         dist: Exponential { decay: 0.5 }, worker: (0, 1), seed: Seed(0x0000000000000001), .. }"
    );
}

#[test]
fn workers_write_disjoint_values_to_shared_keys() {
    let mut all = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for w in 0..4 {
        let txns: Vec<Txn> = list_append()
            .worker(w, 4)
            .seed(w as u64)
            .take(500)
            .collect();
        for (key, value) in writes(&txns) {
            assert_eq!((value - 1) % 4, w as u64, "worker {w}'s value {value}");
            assert!(all.insert((key, value)), "({key}, {value}) written twice");
            keys.insert((w, key));
        }
    }
    // The workers share keys: that is where the anomalies are.
    assert!(
        keys.iter()
            .filter(|(w, k)| *w == 1 && keys.contains(&(0, *k)))
            .count()
            > 5
    );
}

#[test]
fn bad_parameters_panic_naming_them() {
    let panic = std::panic::catch_unwind(|| list_append().txn_len(0..=3)).unwrap_err();
    let text = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        text,
        "txn_len: 0..=3 must be a non-empty range of lengths of at least 1"
    );
    let panic = std::panic::catch_unwind(|| list_append().key_count(0)).unwrap_err();
    let text = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        text,
        "key_count: invalid key count 0: expected a count in 1..=2^63"
    );
    let panic =
        std::panic::catch_unwind(|| list_append().key_dist(KeyDist::Exponential { decay: 1.5 }))
            .unwrap_err();
    let text = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        text,
        "key_dist: invalid decay 1.5: expected a ratio in (0, 1]"
    );
}

#[test]
fn elle_types_are_clone_debug_send_sync_unpin() {
    fn assert_value_type<T: Clone + std::fmt::Debug + Send + Sync + Unpin + 'static>() {}
    assert_value_type::<lockstep_gen::elle::Txns>();
    assert_value_type::<Txn>();
    assert_value_type::<Mop>();
    assert_value_type::<ReadValue>();
    assert_value_type::<KeyDist>();
}
