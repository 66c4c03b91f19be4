//! The `tokio` feature: `paced_stream` on tokio's timer and `Run::tokio`, checked under
//! paused time, where nothing depends on the machine's clock.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_core::Stream;
use lockstep_gen::history::{EventType, NEMESIS, Outcome};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{AsyncClient, Client, Run, RunOp};
use lockstep_gen::{PacedStream, Stagger};
use tokio::time::Instant;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// When each op of a staggered stream is yielded, against when it is due, under paused time.
async fn yielded(seed: u64, mean: Duration, n: usize) -> Vec<(Duration, Duration)> {
    let start = Instant::now();
    // In the seed's scope, so the stagger's own seed comes from it too.
    let mut ops = Seed::from(seed)
        .scope(|| random(0..10u32).stagger(mean).take(n))
        .paced_stream(start);
    let mut seen = Vec::new();
    while let Some(op) = next(&mut ops).await {
        seen.push((op.at, start.elapsed()));
    }
    seen
}

#[tokio::test(start_paused = true)]
async fn paced_stream_yields_each_op_at_its_time_within_a_millisecond() {
    // Stagger's times fall anywhere in a millisecond (nanosecond precision), so
    // tokio's rounding up to its next millisecond tick shows.
    let seen = yielded(7, Duration::from_micros(1500), 2000).await;
    assert_eq!(seen.len(), 2000);
    let mut worst = Duration::ZERO;
    for &(due, at) in &seen {
        assert!(at >= due, "yielded at {at:?}, before it was due at {due:?}");
        worst = worst.max(at - due);
    }
    // The bound measured: under a millisecond late (tokio#6866: deadlines round up to the next ms).
    assert!(worst < ms(1), "an op was {worst:?} late under paused time");
    // Rounding did happen: times that fall mid-millisecond are yielded on the tick after.
    assert!(worst > Duration::ZERO);
    // No drift: the last op is no later than the first could be.
    let (due, at) = seen[seen.len() - 1];
    assert!(at - due < ms(1));
}

#[test]
fn paced_stream_yields_at_the_same_instants_on_every_run() {
    let run = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
            .block_on(yielded(11, ms(2), 500))
    };
    let first = run();
    assert_eq!(first.len(), 500);
    assert_eq!(first, run());
}

#[tokio::test(start_paused = true)]
async fn a_late_op_is_yielded_at_once_and_none_is_skipped() {
    let start = Instant::now();
    let mut ops = (0..10u32)
        .map(|i| Timed::new(ms(u64::from(i)), i))
        .paced_stream(start);
    // Busy for 5.5 ms: ops 0 to 5 are due by now.
    tokio::time::sleep(Duration::from_micros(5500)).await;
    let woke = Instant::now();
    for i in 0..=5 {
        let op = next(&mut ops).await.unwrap();
        assert_eq!(op.op, i);
        assert_eq!(Instant::now(), woke, "late op {i} waited");
    }
    // Then on time again: op 6 at 6 ms, not 1 ms after op 5 was yielded.
    assert_eq!(next(&mut ops).await.unwrap().op, 6);
    assert_eq!(start.elapsed(), ms(6));
    let mut left = Vec::new();
    while let Some(op) = next(&mut ops).await {
        left.push(op.op);
    }
    assert_eq!(left, [7, 8, 9]);
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_wait_keeps_its_op() {
    let start = Instant::now();
    let mut ops = [(10, "a"), (20, "b")]
        .into_iter()
        .map(|(at, op)| Timed::new(ms(at), op))
        .paced_stream(start);
    assert_eq!(ops.size_hint(), (2, Some(2)));
    // A wait cut short by a timeout, as a `select!` branch that loses.
    let cut = tokio::time::timeout(ms(3), next(&mut ops)).await;
    assert!(cut.is_err());
    // The op waited for is held, not lost: still two to come.
    assert_eq!(ops.size_hint(), (2, Some(2)));
    let op = next(&mut ops).await.unwrap();
    assert_eq!((op.op, start.elapsed()), ("a", ms(10)));
    assert_eq!(ops.size_hint(), (1, Some(1)));
    assert_eq!(next(&mut ops).await.unwrap().op, "b");
    assert_eq!(start.elapsed(), ms(20));
    assert_eq!(next(&mut ops).await, None);
    assert_eq!(ops.size_hint(), (0, Some(0)));
}

#[tokio::test(start_paused = true)]
async fn a_clone_mid_wait_yields_the_same_op() {
    let start = Instant::now();
    let mut ops = (1..=3u32)
        .map(|i| Timed::new(ms(u64::from(i)), i))
        .paced_stream(start);
    assert!(tokio::time::timeout(ms(0), next(&mut ops)).await.is_err());
    let mut copy = ops.clone();
    let (a, b) = (
        next(&mut ops).await.unwrap(),
        next(&mut copy).await.unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(a.op, 1);
}

#[test]
fn paced_stream_is_send_and_unpin_when_its_generator_is() {
    fn send_unpin<T: Send + Unpin>(_: &T) {}
    // Built outside a runtime: its timer is made at the first wait.
    let ops: PacedStream<Stagger<lockstep_gen::Random<u32>>> =
        random(0..3u32).stagger(ms(1)).paced_stream(
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .unwrap()
                .block_on(async { Instant::now() }),
        );
    send_unpin(&ops);
}

/// A register over an async "network": each op takes a latency of its own (a
/// function of the op), reads of 7 panic, and every third write of a client
/// times out (`Info`).
#[derive(Clone)]
struct SlowRegister {
    value: Arc<Mutex<u64>>,
    writes: u64,
}

impl SlowRegister {
    fn apply(&mut self, op: Option<u64>) -> Outcome<u64, String> {
        let mut value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        match op {
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

impl AsyncClient for SlowRegister {
    type Op = Option<u64>;
    type Value = u64;
    type Error = String;

    async fn invoke(&mut self, op: &Option<u64>) -> Outcome<u64, String> {
        let latency = Duration::from_micros(300 + 700 * op.unwrap_or(3));
        tokio::time::sleep(latency / 2).await;
        let outcome = self.apply(*op);
        tokio::time::sleep(latency / 2).await;
        outcome
    }
}

/// The same register, blocking: for the threaded runner.
impl Client for SlowRegister {
    type Op = Option<u64>;
    type Value = u64;
    type Error = String;

    fn invoke(&mut self, op: &Option<u64>) -> Outcome<u64, String> {
        self.apply(*op)
    }
}

type Ops = Stagger<lockstep_gen::Random<Option<u64>>>;

fn register_run(
    seed: u64,
    workers: usize,
) -> Run<impl Fn(u64) -> SlowRegister + Clone + Send + Sync, impl Fn(usize, Seed) -> Ops> {
    let value = Arc::new(Mutex::new(0));
    Run::new(
        Workers::new(seed, workers),
        move |_process| SlowRegister {
            value: value.clone(),
            writes: 0,
        },
        |_worker, _seed| random([None, None, Some(1), Some(2), Some(7), Some(9)]).stagger(ms(2)),
    )
    .time_limit(ms(300))
}

fn paused() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap()
}

#[test]
fn a_run_under_paused_time_gives_the_same_history_byte_for_byte() {
    let play = |seed| paused().block_on(register_run(seed, 5).tokio());
    let history = play(3);
    assert!(history.len() > 200, "a short run: {} events", history.len());
    let mut edn = Vec::new();
    history.write_edn(&mut edn).unwrap();
    for _ in 0..3 {
        let again = play(3);
        let mut again_edn = Vec::new();
        again.write_edn(&mut again_edn).unwrap();
        assert_eq!(again.digest(), history.digest());
        assert_eq!(again_edn, edn);
    }
    assert_ne!(play(4).digest(), history.digest());
}

#[test]
fn a_run_under_paused_time_invokes_each_op_at_its_time() {
    let run = register_run(5, 4);
    let history = paused().block_on(run.tokio());
    // Each worker's invocations, in order, against its planned ops.
    let planned = run.planned();
    let mut invoked = vec![Vec::new(); planned.len()];
    for pair in history.pairs() {
        let end = pair.completion().unwrap().time();
        invoked[(pair.process() % 4) as usize].push((pair.invocation().time(), end, *pair.op()));
    }
    for (worker, (invoked, planned)) in invoked.iter().zip(&planned).enumerate() {
        assert_eq!(invoked.len(), planned.len(), "worker {worker} skipped ops");
        let mut free = 0;
        for ((at, end, op), due) in invoked.iter().zip(planned) {
            assert_eq!(*op, RunOp::Client(due.op));
            let due = due.at.as_nanos() as u64;
            // Never early; late only by tokio's millisecond, or when the worker's previous op ended late.
            assert!(*at >= due, "invoked at {at} ns, due at {due} ns");
            assert!(
                *at < due.max(free) + 1_000_000,
                "invoked at {at} ns, due at {due} ns"
            );
            free = *end;
        }
    }
}

/// A one-worker run's ops in order, with the process that ran each and its outcome, times aside.
type Lane = Vec<(u64, Option<u64>, EventType, Option<String>)>;

fn lane<V>(history: &lockstep_gen::History<RunOp<Option<u64>, V>, u64, String>) -> Lane {
    history
        .pairs()
        .map(|pair| {
            let (kind, error) = match pair.outcome().unwrap() {
                Outcome::Ok(_) => (EventType::Ok, None),
                Outcome::Fail(e) => (EventType::Fail, Some(e.clone())),
                Outcome::Info(e) => (EventType::Info, Some(e.clone())),
            };
            (pair.process(), *pair.op().client().unwrap(), kind, error)
        })
        .collect()
}

#[test]
fn processes_and_crashes_follow_the_threaded_runner_s_rule() {
    // One worker, so the outcomes do not depend on interleaving: the threaded
    // runner and the tasks must number processes and retire them alike.
    let run = register_run(9, 1);
    let threads = run.threads();
    let tasks = paused().block_on(run.tokio());
    let (threads, tasks) = (lane(&threads), lane(&tasks));
    assert_eq!(threads, tasks);
    // The rules were exercised: a timeout and a panic each retired a process.
    let flat = &tasks;
    assert!(
        flat.iter()
            .any(|(_, _, _, e)| e.as_deref() == Some("timed out"))
    );
    assert!(
        flat.iter()
            .any(|(_, _, _, e)| e.as_deref() == Some("the client panicked: read a seven"))
    );
    assert!(flat.last().unwrap().0 > 3);
}

#[test]
fn the_nemesis_runs_as_a_task_of_its_own() {
    let injected = Arc::new(Mutex::new(Vec::new()));
    let log = injected.clone();
    let run = register_run(1, 2).nemesis(
        |_| cycle(["pause", "resume"]).delay(ms(40)),
        move |fault: &&str| {
            log.lock().unwrap().push(*fault);
            Outcome::Ok(0)
        },
    );
    let history = paused().block_on(run.tokio());
    let faults: Vec<_> = history
        .process_events(NEMESIS)
        .filter_map(|e| Some((e.time(), *e.op()?.nemesis()?)))
        .collect();
    let due: Vec<_> = run
        .planned_faults()
        .into_iter()
        .map(|t| (t.at.as_nanos() as u64, t.op))
        .collect();
    assert_eq!(faults, due);
    assert_eq!(injected.lock().unwrap().len(), due.len());
}

#[test]
fn a_run_plays_on_a_multi_threaded_runtime_too() {
    let run = register_run(2, 8).ops_per_worker(20);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    // The run's future is `Send`: it can itself be spawned.
    let history = runtime.block_on(async {
        let run = Arc::new(run);
        let played = Arc::clone(&run);
        tokio::spawn(async move { played.tokio().await })
            .await
            .unwrap()
    });
    // Every op given was invoked and completed, whatever the interleaving.
    assert_eq!(history.pairs().count(), 8 * 20);
    assert!(history.pairs().all(|p| p.completion().is_some()));
}

/// A client with only the async trait: a run's plan must not need the blocking one.
struct AsyncOnly;

impl AsyncClient for AsyncOnly {
    type Op = Option<u64>;
    type Value = u64;
    type Error = String;

    async fn invoke(&mut self, op: &Option<u64>) -> Outcome<u64, String> {
        Outcome::Ok(op.unwrap_or(0))
    }
}

#[test]
fn an_async_client_s_run_has_the_same_plan_and_digest() {
    let faults = |_| cycle(["pause", "resume"]).delay(ms(40));
    let blocking = register_run(6, 3).nemesis(faults, |_: &&str| Outcome::<u64, String>::Ok(0));
    let ops =
        |_worker, _seed| random([None, None, Some(1), Some(2), Some(7), Some(9)]).stagger(ms(2));
    let async_only = Run::new(Workers::new(6, 3), |_| AsyncOnly, ops)
        .time_limit(ms(300))
        .nemesis(faults, |_: &&str| Outcome::<u64, String>::Ok(0));
    assert_eq!(async_only.planned(), blocking.planned());
    assert_eq!(async_only.planned_faults(), blocking.planned_faults());
    assert_eq!(async_only.planned_digest(), blocking.planned_digest());
    // And the run plays what it planned.
    let history = paused().block_on(async_only.tokio());
    let invoked = history
        .pairs()
        .filter(|p| p.op().client().is_some())
        .count();
    assert_eq!(
        invoked,
        async_only.planned().iter().map(Vec::len).sum::<usize>()
    );
}
