//! Property testing: shrinking keeps only real ops, failures replay, the determinism check bites.

use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use lockstep_gen::prelude::*;
use lockstep_gen::{Check, DEFAULT_ITERATIONS, ITERATIONS_ENV, OpSequence, SEED_ENV, Workload};
use quickcheck::{Arbitrary, Gen, QuickCheck};

#[derive(Clone, Default)]
struct Register;

impl Workload for Register {
    type Op = &'static str;
    const LENGTH: usize = 30;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = &'static str> {
        weighted([("read", 5), ("write", 2), ("cas", 2), ("delete", 1)]).seed(seed)
    }
}

/// Fails when a `cas` comes after a `write`: the minimal failure is exactly `[write, cas]`.
fn no_cas_after_write(case: &OpSequence<Register>) -> Result<(), String> {
    let ops = case.ops();
    match ops.iter().position(|&op| op == "write") {
        Some(w) if ops[w..].contains(&"cas") => Err(format!("write at {w}, then a cas")),
        _ => Ok(()),
    }
}

/// Iteration `i`'s seed under `base`: the base itself for iteration 0, as `Check` documents.
fn case_seed(base: u64, i: u64) -> Seed {
    if i == 0 {
        Seed::from(base)
    } else {
        Seed::from(base).derive(i)
    }
}

/// A fixed number of iterations so that an outside `LOCKSTEP_ITERATIONS` changes nothing here.
fn failing_check() -> Check<Register> {
    Check::new("child_failing", Register).base(7).iterations(20)
}

fn quickcheck() -> QuickCheck {
    // A fixed quickcheck seed: CI runs the same cases every time.
    QuickCheck::new()
        .rng(Gen::from_size_and_seed(30, 0x5eed))
        .tests(200)
}

#[test]
fn a_failure_reports_its_case_and_shrinks_to_the_minimum() {
    let failure = failing_check().run(no_cas_after_write).unwrap_err();
    let i = failure.iteration().expect("not a replay");
    assert_eq!(failure.base(), Some(Seed::from(7)));
    assert_eq!(failure.seed(), case_seed(7, i));
    assert_eq!(
        failure.original(),
        &OpSequence::new(&Register, failure.seed())
    );
    assert_eq!(failure.shrunk().ops(), ["write", "cas"]);
    // Greedy shrinking from the first failure: no earlier iteration failed.
    for earlier in 0..i {
        let ops = OpSequence::new(&Register, case_seed(7, earlier));
        assert!(no_cas_after_write(&ops).is_ok());
    }
    let report = failure.to_string();
    assert!(report.contains(&format!("iteration {i} of 20")), "{report}");
    assert!(
        report.contains(&format!("seed: {}", failure.seed())),
        "{report}"
    );
    assert!(
        report.ends_with(&format!(
            "replay: LOCKSTEP_SEED={} cargo test child_failing",
            failure.seed()
        )),
        "{report}"
    );
}

#[test]
fn replaying_the_reported_seed_gives_the_same_failure() {
    let failure = failing_check().run(no_cas_after_write).unwrap_err();
    let replay = || {
        Check::new("child_failing", Register)
            .replay(failure.seed())
            .run(no_cas_after_write)
            .unwrap_err()
    };
    let (first, second) = (replay(), replay());
    for again in [&first, &second] {
        assert_eq!(again.iteration(), None);
        assert_eq!(again.seed(), failure.seed());
        assert_eq!(again.original(), failure.original());
        assert_eq!(again.shrunk(), failure.shrunk());
        assert_eq!(again.message(), failure.message());
        assert_eq!(again.replay_line(), failure.replay_line());
    }
}

/// Runs this test binary's test `name` alone, in a child process, with `env` set and the crate's variables otherwise unset.
///
/// Returns whether it passed and what it printed: its `child: ` lines, or everything when it failed.
fn try_child(name: &str, env: &[(&str, String)]) -> (bool, String) {
    let mut child = Command::new(std::env::current_exe().expect("the test binary"));
    child
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove(SEED_ENV)
        .env_remove(ITERATIONS_ENV);
    for (key, value) in env {
        child.env(key, value);
    }
    let output = child.output().expect("the test binary runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    if !output.status.success() {
        return (false, stdout + &String::from_utf8_lossy(&output.stderr));
    }
    let lines = stdout
        .lines()
        // libtest may print "test <name> ... " on the line where the output starts.
        .filter_map(|line| line.split_once("child: ").map(|(_, out)| out))
        .collect::<Vec<_>>()
        .join("\n");
    (true, lines)
}

/// As [`try_child`], for a child that must pass.
fn run_child(name: &str, env: &[(&str, String)]) -> String {
    let (passed, output) = try_child(name, env);
    assert!(passed, "{output}");
    output
}

#[test]
#[ignore = "a child process of the_replay_line_replays_through_the_environment"]
fn child_failing() {
    // The same check without a base, which takes LOCKSTEP_SEED as its base and so runs
    // the failing case first, and with its base, which ignores LOCKSTEP_SEED and finds
    // the same failure again.
    let unseeded = Check::new("child_failing", Register).iterations(20);
    for check in [unseeded, failing_check()] {
        let failure = check.run(no_cas_after_write).unwrap_err();
        println!("child: {:?}", failure.iteration());
        println!("child: {:?}", failure.shrunk());
        println!("child: {}", failure.message());
        println!("child: {}", failure.replay_line());
    }
}

#[test]
fn the_replay_line_replays_through_the_environment() {
    let failure = failing_check().run(no_cas_after_write).unwrap_err();
    let line = failure.replay_line();
    let seed = line
        .strip_prefix("replay: LOCKSTEP_SEED=")
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the documented replay line");
    // The child runs the same checks, which alone know nothing of this run but the seed.
    let child = run_child("child_failing", &[(SEED_ENV, seed.to_owned())]);
    // The child's checks run in the test they are named after, so their line runs it alone.
    let rest = format!(
        "{:?}\n{}\n{line} -- --exact",
        failure.shrunk(),
        failure.message()
    );
    let expected = format!("Some(0)\n{rest}\n{:?}\n{rest}", failure.iteration());
    assert_eq!(child, expected);
}

#[test]
#[ignore = "a child process of code_wins_over_the_environment_which_wins_over_the_defaults"]
fn child_passing() {
    let pass = |_: &OpSequence<Register>| Ok::<(), String>(());
    let unseeded = Check::new("child_passing", Register).assert(pass);
    let based = Check::new("child_passing", Register).base(1).assert(pass);
    let counted = Check::new("child_passing", Register)
        .base(1)
        .iterations(5)
        .assert(pass);
    println!(
        "child: {} {} {}",
        unseeded.cases(),
        based.cases(),
        counted.cases()
    );
}

#[test]
fn code_wins_over_the_environment_which_wins_over_the_defaults() {
    let d = DEFAULT_ITERATIONS;
    assert_eq!(run_child("child_passing", &[]), format!("{d} {d} 5"));
    assert_eq!(
        run_child("child_passing", &[(ITERATIONS_ENV, "3".to_owned())]),
        "3 3 5"
    );
    // LOCKSTEP_SEED is the run's base: every iteration runs, never a single case.
    assert_eq!(
        run_child("child_passing", &[(SEED_ENV, "0x2a".to_owned())]),
        format!("{d} {d} 5")
    );
    // Set but empty or zero is an error, never the default.
    for bad in ["", " ", "0", "many"] {
        let (passed, output) = try_child("child_passing", &[(ITERATIONS_ENV, bad.to_owned())]);
        assert!(!passed, "{bad:?}: {output}");
        assert!(
            output.contains("LOCKSTEP_ITERATIONS: ")
                && output.contains("is not a number of iterations"),
            "{bad:?}: {output}"
        );
    }
    // So is a LOCKSTEP_SEED that is not a seed, for the check that reads it (Check's # Panics).
    for bad in ["", "forty-two"] {
        let (passed, output) = try_child("child_passing", &[(SEED_ENV, bad.to_owned())]);
        assert!(!passed, "{bad:?}: {output}");
        assert!(
            output.contains(&format!("LOCKSTEP_SEED: invalid seed {bad:?}")),
            "{bad:?}: {output}"
        );
    }
}

#[test]
#[should_panic(expected = "Check::iterations(0): a check must run at least one case")]
fn zero_iterations_is_a_mistake() {
    let _ = Check::new("none", Register).iterations(0);
}

/// Every candidate is strictly shorter, keeps the seed, and keeps some of `parent`'s ops, in order, each as the stream had it.
fn only_drops(parent: &OpSequence<Register>, stream: &[&str]) -> bool {
    parent.shorter().all(|shorter| {
        shorter.len() < parent.len()
            && shorter.seed() == parent.seed()
            && shorter.generated() == parent.generated()
            && shorter.positions().windows(2).all(|w| w[0] < w[1])
            && shorter
                .positions()
                .iter()
                .all(|p| parent.positions().contains(p))
            && shorter
                .positions()
                .iter()
                .zip(shorter.ops())
                .all(|(&p, op)| stream[p] == *op)
    })
}

#[test]
fn shrinking_only_drops_ops_of_the_stream_at_every_depth() {
    // `path` picks a candidate at each step: from the full sequence down a
    // walk of shrinks, so shrinks of shrinks of any shape are checked too.
    fn at_every_depth(case: OpSequence<Register>, path: Vec<usize>) -> bool {
        let stream: Vec<_> = Register.ops(case.seed()).take(Register::LENGTH).collect();
        let mut at = case;
        for pick in path {
            if !only_drops(&at, &stream) {
                return false;
            }
            let candidates = at.shorter().len();
            match at.shorter().nth(pick % candidates.max(1)) {
                Some(next) => at = next,
                None => break,
            }
        }
        only_drops(&at, &stream)
    }
    quickcheck().quickcheck(at_every_depth as fn(OpSequence<Register>, Vec<usize>) -> bool);
}

#[test]
fn shrinking_first_halves_the_length() {
    fn halves(case: OpSequence<Register>) -> bool {
        let half = case.shrink().next().expect("30 ops shrink");
        let prefix = OpSequence::with_length(&Register, case.seed(), case.len() / 2);
        half.ops() == prefix.ops() && half.positions() == prefix.positions()
    }
    quickcheck().quickcheck(halves as fn(OpSequence<Register>) -> bool);
}

#[test]
fn a_failure_reports_where_each_shrunk_op_was() {
    let failure = failing_check().run(no_cas_after_write).unwrap_err();
    let shrunk = failure.shrunk();
    let stream: Vec<_> = Register
        .ops(failure.seed())
        .take(Register::LENGTH)
        .collect();
    let positions = shrunk.positions();
    assert_eq!(positions.len(), 2);
    assert!(positions[0] < positions[1]);
    for (&p, op) in positions.iter().zip(shrunk.ops()) {
        assert_eq!(stream[p], *op);
        let listed = format!("\n  #{p} {op:?}\n");
        assert!(failure.to_string().contains(&listed), "{failure}");
    }
}

/// Ops that depend on how many times `ops` was called: not a function of the seed.
struct Counter;

static CALLS: AtomicU64 = AtomicU64::new(0);

impl Workload for Counter {
    type Op = u64;
    const LENGTH: usize = 10;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = u64> {
        let call = CALLS.fetch_add(1, Ordering::Relaxed);
        random(0..1000).seed(seed.derive(call))
    }
}

#[test]
fn the_determinism_check_catches_a_workload_reading_a_global() {
    let always = |_: &OpSequence<Counter>| Ok::<(), String>(());
    // With the check turned off, nothing fails: the property holds for any ops.
    Check::new("counter", Counter)
        .base(1)
        .iterations(5)
        .determinism(false)
        .assert(always);

    // On by default: caught without opting in.
    let failure = Check::new("counter", Counter)
        .base(1)
        .iterations(5)
        .run(always)
        .unwrap_err();
    assert!(failure.is_nondeterministic());
    assert_eq!(failure.iteration(), Some(0));
    assert!(
        failure.message().contains("not deterministic"),
        "{}",
        failure.message()
    );
}

#[test]
fn the_determinism_check_passes_a_deterministic_workload() {
    let passed = Check::new("register", Register)
        .base(1)
        .iterations(50)
        .assert(|_| Ok::<(), String>(()));
    assert_eq!(passed.cases(), 50);
}

#[test]
fn arbitrary_seeds_round_trip() {
    fn round_trips(seed: Seed) -> bool {
        seed.to_string().parse() == Ok(seed)
            && Seed::from(seed.value()) == seed
            && seed.shrink().next().is_none()
    }
    quickcheck().quickcheck(round_trips as fn(Seed) -> bool);
}

#[test]
fn arbitrary_sequences_are_regenerated_from_their_seed() {
    fn regenerates(case: OpSequence<Register>) -> bool {
        case == OpSequence::new(&Register, case.seed())
            && case.len() == Register::LENGTH
            && case.generated() == Register::LENGTH
    }
    quickcheck().quickcheck(regenerates as fn(OpSequence<Register>) -> bool);
    // The same quickcheck seed, the same values.
    let mut a = Gen::from_size_and_seed(30, 9);
    let mut b = Gen::from_size_and_seed(30, 9);
    assert_eq!(
        OpSequence::<Register>::arbitrary(&mut a),
        OpSequence::<Register>::arbitrary(&mut b)
    );
}

#[test]
fn shorter_counts_its_candidates_exactly_after_every_step() {
    for length in [0, 1, 2, 3, 7, 30] {
        let mut shorter = OpSequence::with_length(&Register, Seed::from(1), length).shorter();
        let mut left = shorter.clone().count();
        loop {
            assert_eq!(shorter.size_hint(), (left, Some(left)), "length {length}");
            if shorter.next().is_none() {
                break;
            }
            left -= 1;
        }
        assert!(shorter.next().is_none(), "fused");
    }
}

#[test]
fn property_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Check<Register>>();
    send_sync::<OpSequence<Register>>();
    send_sync::<lockstep_gen::Shorter<Register>>();
    send_sync::<lockstep_gen::Failure<Register>>();
    send_sync::<lockstep_gen::Passed>();
}

/// Panics (index out of bounds) once the case has two `cas`: the minimal failure is `[cas, cas]`.
fn panics_on_the_second_cas(case: &OpSequence<Register>) -> Result<(), String> {
    let slots = [0u8; 2];
    let cas = case.ops().iter().filter(|&&op| op == "cas").count();
    let _ = slots[cas];
    Ok(())
}

#[test]
fn a_panicking_property_is_reported_shrunk_and_replayed() {
    let check = || Check::new("panics", Register).base(7).iterations(20);
    let failure = check().run(panics_on_the_second_cas).unwrap_err();
    let expected = "index out of bounds: the len is 2 but the index is 2";
    assert_eq!(failure.message(), expected);
    assert_eq!(failure.shrunk().ops(), ["cas", "cas"]);
    let report = failure.to_string();
    assert!(
        report.contains(&format!("seed: {}", failure.seed())),
        "{report}"
    );
    assert!(report.contains(&format!("error: {expected}")), "{report}");
    assert!(report.ends_with(&failure.replay_line()), "{report}");

    let again = check()
        .replay(failure.seed())
        .run(panics_on_the_second_cas)
        .unwrap_err();
    assert_eq!(again.shrunk(), failure.shrunk());
    assert_eq!(again.message(), failure.message());
    assert_eq!(again.replay_line(), failure.replay_line());
}

#[test]
fn a_panic_without_text_is_still_a_failure() {
    let failure = Check::new("panics_any", Register)
        .replay(1)
        .run(|case| -> Result<(), String> {
            if case.len() > 3 {
                std::panic::panic_any(case.len())
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(failure.message(), "a panic with a non-string payload");
    assert_eq!(failure.shrunk().len(), 4);
}

#[test]
#[ignore = "a child process of a_failed_assert_points_at_the_caller"]
fn child_assert_fails() {
    Check::new("child_assert_fails", Register)
        .replay(1)
        .assert(|_| Err("always"));
}

#[test]
fn a_failed_assert_points_at_the_caller() {
    let (passed, output) = try_child("child_assert_fails", &[]);
    assert!(!passed, "{output}");
    // The panic's location is the test's call, thanks to #[track_caller].
    assert!(
        output.contains(&format!("panicked at {}:", file!())),
        "{output}"
    );
}

#[test]
fn shrinking_stops_at_its_cap_and_says_so() {
    let always = |_: &OpSequence<Register>| Err::<(), _>("always");
    let capped = Check::new("capped", Register)
        .replay(1)
        .max_shrink_runs(3)
        .run(always)
        .unwrap_err();
    // Each run keeps the first candidate, the first half: 30, 15, 7, 3.
    assert_eq!(capped.shrunk().positions(), [0, 1, 2]);
    let report = capped.to_string();
    assert!(
        report.contains("shrinking stopped after 3 runs (the cap)"),
        "{report}"
    );

    let done = Check::new("uncapped", Register)
        .replay(1)
        .run(always)
        .unwrap_err();
    assert!(done.shrunk().is_empty());
    assert!(!done.to_string().contains("shrinking stopped"), "{done}");
}

#[test]
fn a_long_shrunk_sequence_is_reported_in_part() {
    let failure = Check::new("long", Register)
        .replay(1)
        .length(120)
        .run(|case| {
            if case.len() >= 60 {
                Err(format!("{} ops", case.len()))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!(failure.shrunk().len(), 60);
    let report = failure.to_string();
    let listed: Vec<&str> = report.lines().filter(|l| l.starts_with("  #")).collect();
    assert_eq!(listed.len(), 50, "{report}");
    assert_eq!(
        listed[49],
        format!("  #49 {:?}", failure.shrunk().ops()[49])
    );
    assert!(report.contains("\n  … and 10 more\nreplay: "), "{report}");
}

#[test]
fn a_check_named_after_its_test_replays_that_test_alone() {
    let name = "a_check_named_after_its_test_replays_that_test_alone";
    let failure = Check::new(name, Register)
        .replay(1)
        .run(|_| Err("no"))
        .unwrap_err();
    assert_eq!(
        failure.replay_line(),
        format!("replay: LOCKSTEP_SEED=0x0000000000000001 cargo test {name} -- --exact")
    );
    // Another name is only a filter: no --exact.
    let other = Check::new("a_check", Register)
        .replay(1)
        .run(|_| Err("no"))
        .unwrap_err();
    assert!(other.replay_line().ends_with(" cargo test a_check"));
}

/// A workload that seeds nothing: every generator takes a fresh seed, from the case's scope.
#[derive(Default)]
struct Unseeded;

impl Workload for Unseeded {
    type Op = (&'static str, u32);
    const LENGTH: usize = 40;

    fn ops(&self, _seed: Seed) -> impl Iterator<Item = (&'static str, u32)> {
        let reads = random(["read"]).map(|op| (op, 0));
        let writes = random(["write"]).zip(random(0..4u32));
        mix_weighted([(reads.boxed(), 3), (writes.boxed(), 1)])
    }
}

/// Fails on a write of the value the property itself draws, unseeded, for the case.
fn no_unlucky_write(case: &OpSequence<Unseeded>) -> Result<(), String> {
    let unlucky = random(0..4u32).next().expect("endless");
    match case
        .ops()
        .iter()
        .find(|&&(op, v)| op == "write" && v == unlucky)
    {
        Some(op) => Err(format!("{op:?} wrote the unlucky {unlucky}")),
        None => Ok(()),
    }
}

#[test]
#[ignore = "a child process of an_unseeded_workload_replays_through_the_printed_line"]
fn child_unseeded_workload() {
    let failure = Check::new("child_unseeded_workload", Unseeded)
        .iterations(50)
        .run(no_unlucky_write)
        .unwrap_err();
    println!("child: {}", failure.seed());
    println!("child: {:?}", failure.shrunk());
    println!("child: {}", failure.message());
    println!("child: {}", failure.replay_line());
}

#[test]
fn an_unseeded_workload_replays_through_the_printed_line() {
    // A fresh run (no LOCKSTEP_SEED): the case it prints must come back from its line alone.
    let first = run_child("child_unseeded_workload", &[]);
    let line = first.lines().last().expect("a replay line");
    let seed = line
        .strip_prefix("replay: LOCKSTEP_SEED=")
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the documented replay line");
    let again = run_child("child_unseeded_workload", &[(SEED_ENV, seed.to_owned())]);
    assert_eq!(again, first);
    assert!(!first.lines().nth(1).unwrap().contains("[]"), "{first}");
}

#[test]
fn the_same_unseeded_workload_under_one_case_seed_gives_the_same_ops() {
    let a = OpSequence::new(&Unseeded, Seed::from(3));
    assert_eq!(a, OpSequence::new(&Unseeded, Seed::from(3)));
    assert_ne!(a, OpSequence::new(&Unseeded, Seed::from(4)));
}

#[test]
fn a_failure_that_does_not_fail_again_is_reported_flaky() {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    // Fails on its first run only: state that outlives the run, as a shared server's might.
    let failure = Check::new("flaky", Register)
        .base(1)
        .run(|_| match RUNS.fetch_add(1, Ordering::Relaxed) {
            0 => Err("first run"),
            _ => Ok(()),
        })
        .unwrap_err();
    assert!(failure.is_flaky());
    let report = failure.to_string();
    assert!(
        report.contains("did not reproduce on a second run"),
        "{report}"
    );
    assert!(!report.contains("replay: "), "{report}");

    let steady = failing_check().run(no_cas_after_write).unwrap_err();
    assert!(!steady.is_flaky());
}

/// A panic payload whose own drop panics.
struct Bomb;

impl Drop for Bomb {
    fn drop(&mut self) {
        panic!("the payload's drop panics too");
    }
}

#[test]
fn a_payload_that_panics_on_drop_is_still_a_failure() {
    let failure = Check::new("bomb", Register)
        .replay(1)
        .max_shrink_runs(2)
        .run(|_| -> Result<(), String> { std::panic::panic_any(Bomb) })
        .unwrap_err();
    assert_eq!(failure.message(), "a panic with a non-string payload");
}

/// A workload configured at run time: the key count is a value.
#[derive(Clone)]
struct Keys {
    count: u32,
}

impl Workload for Keys {
    type Op = u32;
    const LENGTH: usize = 20;

    fn ops(&self, seed: Seed) -> impl Iterator<Item = u32> {
        random(0..self.count).seed(seed)
    }
}

#[test]
fn a_workload_configured_at_run_time_runs_under_check() {
    let count = std::hint::black_box(3);
    let failure = Check::new("keys", Keys { count })
        .base(1)
        .run(|case| match case.ops().iter().find(|&&k| k == 2) {
            Some(k) => Err(format!("key {k}")),
            None => Ok(()),
        })
        .unwrap_err();
    assert_eq!(failure.shrunk().ops(), [2]);
    Check::new("keys", Keys { count: 2 })
        .base(1)
        .assert(|case| match case.ops().iter().all(|&k| k < 2) {
            true => Ok(()),
            false => Err("a key past the count"),
        });
}
