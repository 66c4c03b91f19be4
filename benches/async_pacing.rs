//! `paced_stream`'s cost per op under paused time, against the bare loop a user would write.
//!
//! Both await the same 1000 absolute deadlines (a staggered stream's, 1 ms mean gap) on a
//! current-thread runtime with paused time, so each wait is a timer registration and an
//! auto-advance of the clock, never a real sleep:
//!
//! - `sleep_until`: `for d in deadlines { tokio::time::sleep_until(start + d).await }`;
//! - `paced_stream`: the same deadlines as a timed generator, `paced_stream(start)`, polled to its end.
//!
//! Goal (issue 12): `paced_stream` at most 1.2 times the bare loop. Run with
//! `cargo bench --bench async_pacing`.

use std::future::poll_fn;
use std::hint::black_box;
use std::pin::Pin;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_core::Stream;
use lockstep_gen::prelude::*;
use tokio::time::Instant;

const OPS: usize = 1000;

fn deadlines() -> Vec<Duration> {
    Seed::from(12)
        .scope(|| cycle([()]).stagger(Duration::from_millis(1)).take(OPS))
        .map(|t| t.at)
        .collect()
}

fn pacing(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    let deadlines = deadlines();
    let mut group = c.benchmark_group("paused");
    group.throughput(Throughput::Elements(OPS as u64));
    group.bench_function("sleep_until", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let start = Instant::now();
                for &at in &deadlines {
                    tokio::time::sleep_until(start + at).await;
                    black_box(at);
                }
            })
        })
    });
    group.bench_function("paced_stream", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let start = Instant::now();
                let mut ops = deadlines
                    .iter()
                    .map(|&at| Timed::new(at, ()))
                    .paced_stream(start);
                while let Some(op) = poll_fn(|cx| Pin::new(&mut ops).poll_next(cx)).await {
                    black_box(op.at);
                }
            })
        })
    });
    group.finish();
}

criterion_group!(benches, pacing);
criterion_main!(benches);
