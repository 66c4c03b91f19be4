//! The stale_read example: a concurrent run's property test finds the planted
//! stale read, shrinks it to a handful of ops, and its printed seed replays it.

#[path = "../examples/stale_read.rs"]
#[allow(dead_code)]
mod stale_read;

use lockstep_gen::DEFAULT_ITERATIONS;

#[test]
fn the_stale_read_is_found_shrunk_and_replayed() {
    // Fixed bases (code wins over the environment), so CI runs the same cases every time.
    for base in 0..4 {
        let check = stale_read::check()
            .base(base)
            .iterations(DEFAULT_ITERATIONS);
        let first = stale_read::find_bug(&check).unwrap_or_else(|why| panic!("base {base}: {why}"));
        // A read, the write that overwrote what it saw, and the read that saw it anyway.
        assert!(
            (3..=5).contains(&first.shrunk().len()),
            "base {base}:\n{first}"
        );
        // As `LOCKSTEP_SEED=<seed> cargo run --example stale_read` does: the case runs first.
        let again = stale_read::check()
            .base(first.seed())
            .iterations(DEFAULT_ITERATIONS);
        let second =
            stale_read::find_bug(&again).unwrap_or_else(|why| panic!("base {base}: {why}"));
        assert_eq!(second.iteration(), Some(0));
        assert_eq!(second.shrunk(), first.shrunk(), "base {base}");
        assert_eq!(second.message(), first.message());
        assert_eq!(second.replay_line(), first.replay_line());
    }
}

#[test]
fn a_shrunk_case_plays_the_same_history_every_time() {
    let failure = stale_read::find_bug(&stale_read::check().base(7)).unwrap();
    let history = stale_read::play(failure.shrunk());
    assert_eq!(stale_read::play(failure.shrunk()), history);
    assert!(stale_read::stale_read(&history).is_err());
}
