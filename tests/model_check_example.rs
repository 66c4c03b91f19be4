//! The model_check example: the seed it prints replays the same failure, shrunk the same way.

#[path = "../examples/model_check.rs"]
#[allow(dead_code)]
mod model_check;

use lockstep_gen::{DEFAULT_ITERATIONS, Failure};

/// The report without its first line, the only one that says whether the case was replayed.
fn after_header(failure: &Failure<model_check::KvOps>) -> String {
    let report = failure.to_string();
    let (_, rest) = report.split_once('\n').expect("a report of several lines");
    rest.to_owned()
}

#[test]
fn the_printed_seed_replays_the_same_failure() {
    // Fixed bases and counts (code wins over the environment), so CI runs the same cases every time.
    for base in 0..8 {
        let check = model_check::check()
            .base(base)
            .iterations(DEFAULT_ITERATIONS);
        let first =
            model_check::find_bug(&check).unwrap_or_else(|why| panic!("base {base}: {why}"));
        // As `LOCKSTEP_SEED=<seed> cargo run --example model_check` does.
        let again = model_check::check().replay(first.seed());
        let second =
            model_check::find_bug(&again).unwrap_or_else(|why| panic!("base {base}: {why}"));
        assert_eq!(second.iteration(), None);
        assert_eq!(second.shrunk(), first.shrunk(), "base {base}");
        // The same error, the same shrunk ops, the same replay line.
        assert_eq!(after_header(&second), after_header(&first), "base {base}");
        assert!(
            after_header(&first).ends_with(&format!(
                "replay: LOCKSTEP_SEED={} cargo run --example model_check",
                first.seed()
            )),
            "{first}"
        );
    }
}
