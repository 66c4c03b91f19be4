//! The register example on the runner: the ops digest is fixed by the seed whatever the
//! threads' timing, and a simulated run's history digest is fixed to the byte.

#[path = "../examples/register.rs"]
#[allow(dead_code)]
mod register;

use std::time::Duration;

use lockstep_gen::Seed;

/// Short, so the real-time runs stay fast; the digests are fixed by the seed and the run's length.
const RUN: Duration = Duration::from_millis(200);

fn history_digest(seed: u64) -> (u64, u64) {
    let (history, ops) = register::play(Seed::from(seed), register::RUN, true, false);
    (history.digest(), ops)
}

#[test]
fn threads_play_the_ops_the_seed_fixes() {
    let seed = Seed::from(0x5eed);
    let (first, digest) = register::play(seed, RUN, false, false);
    let (second, again) = register::play(seed, RUN, false, false);
    assert_eq!(digest, again);
    assert_eq!(first.len(), second.len());
    // Every op given was invoked and completed.
    assert!(first.pairs().all(|p| p.completion().is_some()));
    // The simulation plays the very same ops.
    assert_eq!(register::play(seed, RUN, true, false).1, digest);
    assert_ne!(
        register::play(Seed::from(0x5eee), RUN, false, false).1,
        digest
    );
}

#[test]
fn the_simulated_history_digests_are_the_readme_s() {
    // README: `LOCKSTEP_SEED=42 cargo run --example register -- --simulate` ends in these.
    let (history, ops) = history_digest(42);
    assert_eq!(ops, 0x9ad7_cbc6_1141_fcb4);
    assert_eq!(history, 0x3e0b_6993_5a4c_076c);
    assert_ne!(history_digest(43).0, history);
    // The same bytes on any thread.
    let elsewhere = std::thread::spawn(|| history_digest(42)).join().unwrap();
    assert_eq!(elsewhere, (history, ops));
}

#[test]
fn the_register_is_linearizable_and_the_planted_bug_is_not() {
    use lockstep_gen::linearizability::{CasRegister, check, operations};
    let verdict = |simulate, bug| {
        let run = if simulate { register::RUN } else { RUN };
        let (history, _) = register::play(Seed::from(42), run, simulate, bug);
        let ops = operations(&history, |op| op.client().copied(), |_, value| Some(*value));
        check(&CasRegister::with_value(0), &ops).is_linearizable()
    };
    assert!(verdict(true, false));
    assert!(verdict(false, false));
    // A paused register that applies a write it answers `fail` for: caught in simulation.
    assert!(!verdict(true, true));
}
