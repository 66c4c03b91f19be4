//! The list_append example: its planted lost update is found at every seed tried, a correct store
//! loses nothing, and its history reads back as Jepsen EDN in Elle's shape.

#[path = "../examples/list_append.rs"]
#[allow(dead_code)]
mod list_append;

use lockstep_gen::Seed;
use lockstep_gen::history::read_edn;

#[test]
fn the_planted_lost_update_is_found_and_a_correct_store_loses_nothing() {
    for seed in 1..=5 {
        let buggy = list_append::play(Seed::from(seed), true);
        assert!(!list_append::lost_appends(&buggy).is_empty(), "seed {seed}");
        let correct = list_append::play(Seed::from(seed), false);
        assert!(
            list_append::lost_appends(&correct).is_empty(),
            "seed {seed}"
        );
    }
}

#[test]
fn the_history_is_elles_shape_and_replays_from_its_seed() {
    let history = list_append::play(Seed::from(7), true);
    assert_eq!(
        history.digest(),
        list_append::play(Seed::from(7), true).digest()
    );
    let text = history.to_edn_string();
    let read = read_edn(&text).unwrap();
    assert_eq!(read.len(), 4 * 200 * 2);
    for line in text.lines() {
        assert!(line.contains(", :f :txn, :value [["), "{line}");
    }
}
