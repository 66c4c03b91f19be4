//! `LOCKSTEP_SEED`: a printed seed replays a run's unseeded generators; bad text is an error.
//!
//! The variable is read once per process, so each case runs this test binary
//! again as a child process with the variable set, and runs one `child_*` test
//! in it. Those are `#[ignore]`d, and do nothing unless `CHILD_MARKER` says
//! they run as a child, so `--include-ignored` passes too.

use std::process::Command;

use lockstep_gen::prelude::*;
use lockstep_gen::{Error, Random};

const CHILD_MARKER: &str = "LOCKSTEP_GEN_TEST_CHILD";

/// The documented derivation of the `n`-th fresh seed (see `Seed::fresh`).
fn fresh(base: Seed, n: u64) -> Seed {
    base.derive(0x6672_6573_6800_0000u64).derive(n)
}

/// Runs the ignored test `name` in a child process with `LOCKSTEP_SEED` set to
/// `seed` (or unset): whether it passed, and what it printed after each `out:`.
fn child(name: &str, seed: Option<&str>) -> (bool, Vec<String>) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "--exact",
        name,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    command.env_remove("LOCKSTEP_SEED").env(CHILD_MARKER, "1");
    if let Some(seed) = seed {
        command.env("LOCKSTEP_SEED", seed);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines = stdout
        .lines()
        .filter_map(|line| Some(line.split_once("out:")?.1))
        .map(str::to_owned)
        .collect();
    (output.status.success(), lines)
}

#[test]
#[ignore = "run by the other tests in a child process, with LOCKSTEP_SEED set"]
fn child_unseeded_run() {
    if std::env::var_os(CHILD_MARKER).is_none() {
        return;
    }
    println!("out:base {}", Seed::base().unwrap());
    let a = random(0..1000u32);
    let b = weighted([("read", 3), ("write", 1)]);
    let c = random(0..1000u32);
    println!(
        "out:seeds {} {} {}",
        a.initial_seed(),
        b.initial_seed(),
        c.initial_seed()
    );
    println!("out:ops {:?}", a.take(10).collect::<Vec<_>>());
    println!("out:ops {:?}", b.take(10).collect::<Vec<_>>());
    println!("out:ops {:?}", c.take(10).collect::<Vec<_>>());
}

#[test]
#[ignore = "run by the other tests in a child process, with LOCKSTEP_SEED set"]
fn child_bad_seed() {
    if std::env::var_os(CHILD_MARKER).is_none() {
        return;
    }
    println!("out:{:?}", Seed::base());
    println!("out:{:?}", Random::try_new([1]).map(|_| ()));
    let panic = std::panic::catch_unwind(|| random([1])).unwrap_err();
    println!("out:{}", panic.downcast_ref::<String>().unwrap());
    // Seed::fresh's # Errors: "Inside a scope, never".
    println!(
        "out:{:?}",
        Seed::from(7).scope(|| Seed::fresh().map(|_| ()))
    );
    println!("out:{:?}", Seed::from_env());
    println!(
        "out:{:?}",
        lockstep_gen::elle::Txns::try_list_append().map(|_| ())
    );
}

#[test]
fn the_same_lockstep_seed_replays_unseeded_generators() {
    let (ok, first) = child("child_unseeded_run", Some("0x2a"));
    assert!(ok, "{first:?}");
    assert_eq!(first[0], "base 0x000000000000002a");
    let (_, decimal) = child("child_unseeded_run", Some("42"));
    assert_eq!(first, decimal);

    // The seeds are the documented ones, numbered by construction order.
    let base = Seed::from(42);
    assert_eq!(
        first[1],
        format!(
            "seeds {} {} {}",
            fresh(base, 0),
            fresh(base, 1),
            fresh(base, 2)
        )
    );
    // And those seeds, given explicitly, give the same ops.
    let explicit = random(0..1000u32)
        .seed(fresh(base, 0))
        .take(10)
        .collect::<Vec<_>>();
    assert_eq!(first[2], format!("ops {explicit:?}"));
}

#[test]
fn another_lockstep_seed_gives_other_streams() {
    let (_, a) = child("child_unseeded_run", Some("42"));
    let (_, b) = child("child_unseeded_run", Some("43"));
    assert_ne!(a[2..], b[2..]);
}

#[test]
fn without_lockstep_seed_the_printed_base_replays_the_run() {
    let (ok, fresh) = child("child_unseeded_run", None);
    assert!(ok);
    let base = fresh[0].strip_prefix("base ").unwrap().to_owned();
    let (_, replay) = child("child_unseeded_run", Some(&base));
    assert_eq!(fresh, replay);
}

#[test]
fn an_empty_lockstep_seed_is_an_error_not_a_fresh_run() {
    // As from `LOCKSTEP_SEED=$SEED` with SEED unset: replaying nothing must not pass for a replay.
    let (ok, lines) = child("child_bad_seed", Some(""));
    assert!(ok, "{lines:?}");
    let err = Error::InvalidSeed { text: "".into() };
    assert_eq!(lines[0], format!("Err({err:?})"));
}

#[test]
fn a_bad_lockstep_seed_is_an_error_never_ignored() {
    let (ok, lines) = child("child_bad_seed", Some("forty-two"));
    assert!(ok, "{lines:?}");
    let err = Error::InvalidSeed {
        text: "forty-two".into(),
    };
    assert_eq!(lines[0], format!("Err({err:?})"));
    assert_eq!(lines[1], format!("Err({err:?})"));
    assert_eq!(lines[2], format!("random: {err}"));
    assert_eq!(lines[3], "Ok(())", "a scope needs no LOCKSTEP_SEED");
    assert_eq!(lines[4], format!("Err({err:?})"));
    assert_eq!(lines[5], format!("Err({err:?})"));
}

#[test]
#[ignore = "run by the other tests in a child process, with LOCKSTEP_SEED set"]
fn child_panic_locations() {
    if std::env::var_os(CHILD_MARKER).is_none() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().unwrap();
        println!("out:{}", at.file());
    }));
    let ms = std::time::Duration::from_millis(1);
    let _ = std::panic::catch_unwind(|| random([1]));
    let _ = std::panic::catch_unwind(|| weighted([(1, 1)]));
    let _ = std::panic::catch_unwind(|| mix_random([cycle([1])]));
    let _ = std::panic::catch_unwind(|| mix_weighted([(cycle([1]), 1)]));
    let _ = std::panic::catch_unwind(|| cycle([1]).stagger(ms));
    let _ = std::panic::catch_unwind(|| cycle::<u8>([]));
}

#[test]
fn a_bad_lockstep_seeds_panic_points_at_the_callers_line() {
    let (ok, files) = child("child_panic_locations", Some("forty-two"));
    assert!(ok, "{files:?}");
    assert_eq!(files.len(), 6, "{files:?}");
    for file in files {
        assert!(file.ends_with("seed_env.rs"), "a panic located in {file}");
    }
}
