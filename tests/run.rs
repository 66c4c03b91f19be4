//! The runner: Jepsen's process rule, panicking clients, nothing lost under load,
//! and simulations that replay byte for byte.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::history::{EventType, NEMESIS, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Client, Latency, Run, RunOp};

/// A register whose client answers `Info` for every third write, and panics on a read of 7.
#[derive(Clone)]
struct Flaky {
    value: Arc<Mutex<u64>>,
    writes: u64,
}

impl Client for Flaky {
    type Op = Option<u64>;
    type Value = u64;
    type Error = String;

    fn invoke(&mut self, op: &Option<u64>) -> Outcome<u64, String> {
        // A panic below poisons the lock; the register is still sound.
        let mut value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        match *op {
            None if *value == 7 => panic!("read a seven"),
            None => Outcome::Ok(*value),
            Some(v) => {
                *value = v;
                self.writes += 1;
                if self.writes.is_multiple_of(3) {
                    Outcome::Info("timed out".into())
                } else {
                    Outcome::Ok(v)
                }
            }
        }
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

type FlakyOps = lockstep_gen::Stagger<lockstep_gen::Random<Option<u64>>>;

fn flaky_run(
    seed: u64,
    made: Arc<Mutex<Vec<u64>>>,
) -> Run<impl Fn(u64) -> Flaky + Sync, impl Fn(usize, Seed) -> FlakyOps> {
    let value = Arc::new(Mutex::new(0));
    Run::new(
        Workers::new(seed, 3),
        move |process| {
            made.lock().unwrap().push(process);
            Flaky {
                value: value.clone(),
                writes: 0,
            }
        },
        |_, _| random([None, Some(1), Some(7), Some(3)]).stagger(ms(1)),
    )
    .ops_per_worker(40)
}

/// Checks Jepsen's rules on a history's events: each process alternates
/// invoke and complete, invokes nothing after an `Info`, and is `w + k * workers`.
fn assert_jepsen_rules<O, V, E>(history: &lockstep_gen::history::History<O, V, E>, workers: u64) {
    let mut pending: BTreeMap<u64, bool> = BTreeMap::new();
    let mut retired = HashSet::new();
    for event in history.iter() {
        let p = event.process();
        if p == NEMESIS {
            continue;
        }
        assert!(!retired.contains(&p), "process {p} went on after an info");
        let was = pending.insert(p, event.event_type() == EventType::Invoke);
        match event.event_type() {
            EventType::Invoke => assert_ne!(was, Some(true), "process {p} invoked twice"),
            kind => {
                assert_eq!(
                    was,
                    Some(true),
                    "process {p} completed without an invocation"
                );
                if kind == EventType::Info {
                    retired.insert(p);
                }
            }
        }
    }
    // Each worker's successive processes: w, w + n, w + 2n…
    let per_worker: BTreeMap<u64, usize> = pending.keys().fold(BTreeMap::new(), |mut m, p| {
        *m.entry(p % workers).or_default() += 1;
        m
    });
    for (w, n) in per_worker {
        for k in 0..n as u64 {
            assert!(
                pending.contains_key(&(w + k * workers)),
                "worker {w} skipped a process"
            );
        }
    }
}

#[test]
fn an_info_retires_the_process_and_a_new_client_takes_over() {
    for history in [
        flaky_run(1, Default::default()).simulate(Latency::fixed(ms(1))),
        flaky_run(1, Default::default()).threads(),
    ] {
        assert_jepsen_rules(&history, 3);
        let infos = history.counts().of(EventType::Info);
        assert!(infos > 0, "the workload times out some writes");
        // Every info, panics included, moved its worker to a new process, save
        // an info on a worker's last op, after which it had nothing left to run.
        let ended_in_info = (0..3)
            .filter(|w| {
                let last = history.iter().rfind(|e| e.process() % 3 == *w);
                last.is_some_and(|e| e.event_type() == EventType::Info)
            })
            .count();
        assert_eq!(history.processes().len(), 3 + infos - ended_in_info);
    }
    let made = Arc::new(Mutex::new(Vec::new()));
    let history = flaky_run(1, made.clone()).simulate(Latency::fixed(ms(1)));
    let mut made = made.lock().unwrap().clone();
    made.sort_unstable();
    assert_eq!(
        made,
        history.processes().into_iter().collect::<Vec<_>>(),
        "one client per process"
    );
}

#[test]
fn a_panicking_client_is_an_info_with_its_message() {
    let history = flaky_run(2, Default::default()).simulate(Latency::fixed(ms(1)));
    let panics: Vec<_> = history
        .iter()
        .filter_map(|e| e.error())
        .filter(|error| error.contains("read a seven"))
        .collect();
    assert!(!panics.is_empty(), "the workload writes 7 and then reads");
    assert!(
        panics
            .iter()
            .all(|e| *e == "the client panicked: read a seven")
    );
    assert_jepsen_rules(&history, 3);
}

/// A client that does nothing: the runner's own cost, and its bookkeeping, alone.
struct Nothing;

impl Client for Nothing {
    type Op = (usize, u32);
    type Value = ();
    type Error = String;

    fn invoke(&mut self, _: &(usize, u32)) -> Outcome<(), String> {
        Outcome::Ok(())
    }
}

#[test]
fn under_load_no_event_is_lost_or_duplicated() {
    let (workers, per_worker) = (8, 100_000);
    let run = Run::new(
        Workers::new(9, workers),
        |_| Nothing,
        move |w, _| (0..per_worker).map(move |i| (w, i)).delay(Duration::ZERO),
    );
    let history = run.threads();
    assert_eq!(history.len(), 2 * workers * per_worker as usize);
    let invoked: HashSet<_> = history.pairs().map(|p| *p.op().client().unwrap()).collect();
    assert_eq!(invoked.len(), workers * per_worker as usize);
    assert!(
        history
            .pairs()
            .all(|p| p.outcome() == Some(&Outcome::Ok(())))
    );
    assert!(
        history
            .iter()
            .zip(history.iter().skip(1))
            .all(|(a, b)| a.time() <= b.time())
    );
    assert_jepsen_rules(&history, workers as u64);
}

/// A register with a planted stale read: after a write, the next read from
/// another process sees the value before it.
struct Stale {
    state: Arc<Mutex<(u64, u64)>>,
}

impl Client for Stale {
    type Op = Option<u64>;
    type Value = u64;
    type Error = String;

    fn invoke(&mut self, op: &Option<u64>) -> Outcome<u64, String> {
        let mut state = self.state.lock().unwrap();
        match *op {
            None => {
                let (current, shown) = *state;
                state.1 = current;
                Outcome::Ok(shown)
            }
            Some(v) => {
                state.1 = state.0;
                state.0 = v;
                Outcome::Ok(v)
            }
        }
    }
}

fn stale_history(seed: u64) -> String {
    let state = Arc::new(Mutex::new((0, 0)));
    let faults = Arc::new(AtomicU64::new(0));
    Run::new(
        Workers::new(seed, 4),
        move |_| Stale {
            state: state.clone(),
        },
        |_, _| {
            let writes = random(1..100).map(Some);
            mix_weighted([(repeat(None).boxed(), 3), (writes.boxed(), 1)]).stagger(ms(2))
        },
    )
    .nemesis(
        |_| cycle(["pause", "resume"]).stagger(ms(30)),
        move |_: &&str| Outcome::Ok(faults.fetch_add(1, Ordering::Relaxed)),
    )
    .time_limit(ms(500))
    .simulate(Latency::uniform(Duration::from_micros(50), ms(5)))
    .iter()
    .map(|e| format!("{e:?}\n"))
    .collect()
}

#[test]
fn a_simulation_replays_byte_for_byte_on_any_thread() {
    let first = stale_history(42);
    assert!(first.lines().count() > 500, "{}", first.lines().count());
    assert!(first.contains("Nemesis(\"pause\")"));
    // Again, and on other threads at once: the same bytes.
    let others: Vec<_> = (0..3)
        .map(|_| std::thread::spawn(|| stale_history(42)))
        .collect();
    assert_eq!(stale_history(42), first);
    for other in others {
        assert_eq!(other.join().unwrap(), first);
    }
    assert_ne!(stale_history(43), first);
}

#[test]
fn the_ops_played_are_the_planned_ones_in_both_ways() {
    let run = flaky_run(5, Default::default()).time_limit(ms(30));
    let planned = run.planned();
    for history in [run.simulate(Latency::fixed(ms(3))), run.threads()] {
        for (w, ops) in planned.iter().enumerate() {
            let played: Vec<_> = history
                .pairs()
                .filter(|p| p.process() % 3 == w as u64)
                .map(|p| *p.op().client().unwrap())
                .collect();
            let ops: Vec<_> = ops.iter().map(|t| t.op).collect();
            assert_eq!(played, ops, "worker {w}");
        }
    }
}

#[test]
fn a_simulated_worker_is_closed_loop() {
    // Ops due every 1 ms, each taking 3 ms: each starts when the last completes.
    let run = Run::new(
        Workers::new(1, 1),
        |_| Nothing,
        |_, _| (0..5u32).map(|i| (0, i)).delay(ms(1)),
    );
    let history = run.simulate(Latency::fixed(ms(3)));
    let starts: Vec<_> = history
        .pairs()
        .map(|p| p.invocation().time() / 1_000_000)
        .collect();
    assert_eq!(starts, [0, 3, 6, 9, 12]);
}

#[test]
fn the_nemesis_runs_beside_the_workers_under_its_own_process() {
    let run = flaky_run(3, Default::default())
        .time_limit(ms(40))
        .nemesis(|_| cycle(["kill"]).delay(ms(10)), |_: &&str| Outcome::Ok(0));
    for history in [run.simulate(Latency::fixed(ms(1))), run.threads()] {
        let faults: Vec<_> = history
            .process_events(NEMESIS)
            .filter(|e| e.event_type() == EventType::Invoke)
            .map(|e| (e.time() / 10_000_000, e.op().cloned()))
            .collect();
        assert_eq!(faults.len(), 4, "faults at 0, 10, 20 and 30 ms");
        assert!(
            faults
                .iter()
                .all(|(_, op)| *op == Some(RunOp::Nemesis("kill")))
        );
        assert_jepsen_rules(&history, 3);
    }
}

/// A register behind a lock is linearizable, in simulation and on threads; the
/// checker reads the runner's history through `linearizability::operations`.
#[test]
fn a_locked_register_is_linearizable_played_either_way() {
    use lockstep_gen::linearizability::{CasOp, CasRegister, check, operations};
    use lockstep_gen::run::client_fn;

    let run = |seed| {
        let register = Arc::new(Mutex::new(None::<u64>));
        Run::new(
            Workers::new(seed, 4),
            move |_| {
                let register = register.clone();
                client_fn(move |op: &CasOp<u64>| {
                    let mut value = register.lock().unwrap();
                    match *op {
                        CasOp::Read => Outcome::Ok(*value),
                        CasOp::Write(v) => Outcome::Ok(value.replace(v)),
                        CasOp::Cas(old, new) if *value == Some(old) => {
                            Outcome::Ok(value.replace(new))
                        }
                        CasOp::Cas(..) => Outcome::Fail("the value differs".to_string()),
                    }
                })
            },
            |_, _| {
                let ops = random([
                    CasOp::Read,
                    CasOp::Write(1),
                    CasOp::Write(2),
                    CasOp::Cas(1, 2),
                ]);
                ops.stagger(Duration::from_micros(200))
            },
        )
        .ops_per_worker(100)
    };
    for seed in 0..5 {
        for history in [
            run(seed).simulate(Latency::uniform(Duration::from_micros(10), ms(1))),
            run(seed).threads(),
        ] {
            let ops = operations(
                &history,
                |op| op.client().copied(),
                |op, value| match op {
                    CasOp::Read => *value,
                    _ => None,
                },
            );
            assert_eq!(ops.len(), 400);
            let verdict = check(&CasRegister::new(), &ops);
            assert!(verdict.is_linearizable(), "seed {seed}: {verdict}");
        }
    }
}

/// A stream that builds generators while it is pulled still replays from the seed:
/// a run pulls each stream inside its worker seed's scope.
#[test]
fn a_stream_that_builds_generators_lazily_replays() {
    use lockstep_gen::run::client_fn;
    let history = || {
        Run::new(
            Workers::new(42, 2),
            |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)),
            |_, _| {
                (0..3u32)
                    .flat_map(|k| random(0..1000u32).take(2).map(move |x| x + k))
                    .delay(ms(1))
            },
        )
        .simulate(Latency::fixed(Duration::ZERO))
    };
    assert_eq!(history().events(), history().events());
}

/// Ops due at the same time each draw a latency of their own.
#[test]
fn ops_due_together_draw_their_own_latencies() {
    use lockstep_gen::run::client_fn;
    let run = Run::new(
        Workers::new(42, 1),
        |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)),
        |_, _| cycle([1u32]).delay(Duration::ZERO),
    )
    .ops_per_worker(20);
    let history = run.simulate(Latency::uniform(Duration::from_micros(1), ms(10)));
    let latencies: Vec<u64> = history
        .events()
        .chunks(2)
        .map(|c| c[1].time() - c[0].time())
        .collect();
    let distinct: HashSet<_> = latencies.iter().collect();
    // 20 draws from ten million nanoseconds: all distinct but for a one-in-50,000 chance.
    assert_eq!(distinct.len(), 20, "{latencies:?}");
}

/// The nemesis's faults are pulled in the nemesis seed's scope too.
#[test]
fn a_nemesis_that_builds_generators_lazily_replays() {
    use lockstep_gen::run::client_fn;
    let history = || {
        Run::new(
            Workers::new(7, 1),
            |_| client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op)),
            |_, _| cycle([1u32]).delay(ms(1)),
        )
        .nemesis(
            |_| {
                (0..3u32)
                    .flat_map(|_| random(["kill", "heal"]).take(2))
                    .delay(ms(2))
            },
            |_: &&str| Outcome::Ok(0),
        )
        .time_limit(ms(12))
        .simulate(Latency::fixed(Duration::ZERO))
    };
    assert_eq!(history().events(), history().events());
}
