//! Lateness under load: 64 workers, 1 ms mean stagger each, for 2 s, and a 10 ms heartbeat beside them.
//!
//! Prints one table, three ways of pacing the same 64 staggered streams:
//!
//! - `paced_stream, tokio`: 64 tasks on a current-thread runtime (one runtime thread), each
//!   awaiting its ops from `paced_stream`; the heartbeat is a 65th task;
//! - `paced, threads`: 64 threads, each iterating `paced`; the heartbeat is a thread;
//! - `paced in tokio`: 64 tasks on a current-thread runtime that iterate the blocking `paced`
//!   (what issue 12 found a new user doing); the heartbeat is a task.
//!
//! Lateness is when an op was yielded less when it was due. For each: median and p99 lateness,
//! the worst, the median over the first and over the last tenth of the run (drift), and the
//! heartbeat's worst lateness (a beat due at every multiple of 10 ms). Goals (issue 12): p99
//! under 2 ms, no drift, no beat more than 3 ms late.
//!
//! Run with `cargo bench --bench async_lateness`; `cargo bench -- --test` runs it for 200 ms.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use lockstep_gen::prelude::*;
use lockstep_gen::{Generator, Stagger};

const WORKERS: usize = 64;
const MEAN: Duration = Duration::from_millis(1);
const BEAT: Duration = Duration::from_millis(10);

fn stream(worker: usize, run: Duration) -> impl Iterator<Item = Timed<u32>> + Send + 'static {
    let ops: Stagger<_> = Workers::new(2026, WORKERS)
        .worker_seed(worker)
        .scope(|| random(0..10u32).stagger(MEAN));
    ops.take_while(move |t| t.at < run)
}

/// Lateness of every op (with its due time), and the heartbeat's worst lateness.
struct Measured {
    late: Vec<(Duration, Duration)>,
    worst_beat: Duration,
}

fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

/// Beats at every multiple of `BEAT` (absolute deadlines) until `run` has passed; its worst lateness.
async fn heartbeat(run: Duration) -> Duration {
    let start = tokio::time::Instant::now();
    let (mut due, mut worst) = (BEAT, Duration::ZERO);
    while due < run {
        tokio::time::sleep_until(start + due).await;
        worst = worst.max(start.elapsed() - due);
        due += BEAT;
    }
    worst
}

/// Every worker task's lateness, and the heartbeat task's worst.
async fn gather(
    workers: Vec<tokio::task::JoinHandle<Vec<(Duration, Duration)>>>,
    beat: tokio::task::JoinHandle<Duration>,
) -> Measured {
    let mut late = Vec::new();
    for w in workers {
        late.extend(w.await.unwrap());
    }
    Measured {
        late,
        worst_beat: beat.await.unwrap(),
    }
}

fn paced_stream_on_tokio(run: Duration) -> Measured {
    tokio_runtime().block_on(async move {
        let start = tokio::time::Instant::now();
        let beat = tokio::spawn(heartbeat(run));
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                tokio::spawn(async move {
                    let mut ops = stream(w, run).paced_stream(start);
                    let mut late = Vec::new();
                    while let Some(op) = std::future::poll_fn(|cx| {
                        futures_core::Stream::poll_next(std::pin::Pin::new(&mut ops), cx)
                    })
                    .await
                    {
                        late.push((op.at, start.elapsed().saturating_sub(op.at)));
                    }
                    late
                })
            })
            .collect();
        gather(workers, beat).await
    })
}

/// The control: the heartbeat alone on its own current-thread runtime, no workers. What it
/// measures is tokio's timer (a deadline rounded up to its next millisecond tick, then the
/// driver's wake-up), which no pacing beside it can remove.
fn heartbeat_alone(run: Duration) -> Duration {
    tokio_runtime().block_on(heartbeat(run))
}

fn paced_on_threads(run: Duration) -> Measured {
    let start = std::time::Instant::now();
    let late = Arc::new(Mutex::new(Vec::new()));
    let beat = thread::spawn(move || {
        let (mut due, mut worst) = (BEAT, Duration::ZERO);
        while due < run {
            thread::sleep(due.saturating_sub(start.elapsed()));
            worst = worst.max(start.elapsed().saturating_sub(due));
            due += BEAT;
        }
        worst
    });
    thread::scope(|scope| {
        for w in 0..WORKERS {
            let late = late.clone();
            scope.spawn(move || {
                let mut mine = Vec::new();
                for op in stream(w, run).paced(start) {
                    mine.push((op.at, start.elapsed().saturating_sub(op.at)));
                }
                late.lock().unwrap().extend(mine);
            });
        }
    });
    let late = std::mem::take(&mut *late.lock().unwrap());
    Measured {
        late,
        worst_beat: beat.join().unwrap(),
    }
}

fn paced_blocking_in_tokio(run: Duration) -> Measured {
    tokio_runtime().block_on(async move {
        let start = std::time::Instant::now();
        let beat = tokio::spawn(heartbeat(run));
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| {
                tokio::spawn(async move {
                    let mut late = Vec::new();
                    for op in stream(w, run).paced(start) {
                        late.push((op.at, start.elapsed().saturating_sub(op.at)));
                        // Each op's "client call" awaits, letting other tasks run.
                        tokio::task::yield_now().await;
                    }
                    late
                })
            })
            .collect();
        gather(workers, beat).await
    })
}

/// A way of pacing, run for a duration.
type Way = fn(Duration) -> Measured;

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn median_of(late: &[(Duration, Duration)], keep: impl Fn(Duration) -> bool) -> Duration {
    let mut some: Vec<_> = late
        .iter()
        .filter(|(at, _)| keep(*at))
        .map(|&(_, l)| l)
        .collect();
    some.sort();
    quantile(&some, 0.5)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
    let short = std::env::args().any(|a| a == "--test");
    let run = if short {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(2)
    };
    println!("lateness, {WORKERS} workers, {MEAN:?} mean stagger, {run:?} (ms)");
    println!(
        "| pacing | ops | median | p99 | worst | median, first tenth | median, last tenth | heartbeat, worst lateness |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let ways: [(&str, Way); 3] = [
        ("paced_stream, tokio (1 thread)", paced_stream_on_tokio),
        ("paced, 64 threads", paced_on_threads),
        (
            "paced in tokio (blocking, 1 thread)",
            paced_blocking_in_tokio,
        ),
    ];
    for (name, way) in ways {
        let Measured { late, worst_beat } = way(run);
        let mut sorted: Vec<_> = late.iter().map(|&(_, l)| l).collect();
        sorted.sort();
        let tenth = run / 10;
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            late.len(),
            ms(quantile(&sorted, 0.5)),
            ms(quantile(&sorted, 0.99)),
            ms(sorted[sorted.len() - 1]),
            ms(median_of(&late, |at| at < tenth)),
            ms(median_of(&late, |at| at >= run - tenth)),
            ms(worst_beat),
        );
    }
    println!(
        "control: the heartbeat alone on a current-thread runtime, worst lateness {} ms",
        ms(heartbeat_alone(run))
    );
}
