//! The register example's workload: the same seed gives the same ops digest, whatever the threads' timing.

#[path = "../examples/register.rs"]
#[allow(dead_code)]
mod register;

use std::time::Duration;

use lockstep_gen::Seed;

/// Short, so the test stays fast; the digest is fixed by the seed and the run's length.
const RUN: Duration = Duration::from_millis(200);

#[test]
fn the_same_seed_gives_the_same_digest_and_another_seed_another() {
    let seed = Seed::from(0x5eed);
    let first = register::run(seed, RUN);
    let second = register::run(seed, RUN);
    assert_eq!(first.digest, second.digest);
    assert_eq!(first.ops, second.ops);
    // The threads ran the very ops the seed fixes, computed here without any thread.
    assert_eq!(first.digest, register::planned_digest(seed, RUN));
    // Every op given was invoked and completed.
    assert_eq!(first.history.len(), 2 * first.ops.iter().sum::<usize>());

    let other = register::run(Seed::from(0x5eee), RUN);
    assert_ne!(other.digest, first.digest);
}

#[test]
fn the_planned_digests_are_the_readme_s() {
    // README: `LOCKSTEP_SEED=42` prints `ops digest: bbe87deb8a313580`, and 43 prints 47386955d21827ef.
    assert_eq!(
        register::planned_digest(Seed::from(42), register::RUN),
        0xbbe8_7deb_8a31_3580
    );
    assert_eq!(
        register::planned_digest(Seed::from(43), register::RUN),
        0x4738_6955_d218_27ef
    );
}
