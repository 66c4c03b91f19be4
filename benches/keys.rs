//! Key distributions against what a user would write: `rand_distr::Zipf` and YCSB's zipfian
//! (Gray et al.'s, with its O(n) zeta precomputed), on the same `Pcg64Mcg`, and raw `next_u64`.
//!
//! `cargo bench --bench keys`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lockstep_gen::prelude::*;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Zipf};

mod common;
use common::BATCH;

/// Pulls `BATCH` keys and folds them into one value the optimiser must keep.
#[inline(always)]
fn pull_keys(mut next_key: impl FnMut() -> u64) -> u64 {
    let mut acc = 0u64;
    for _ in 0..BATCH {
        acc = acc.wrapping_add(next_key());
    }
    black_box(acc)
}

/// YCSB's `ZipfianGenerator` (Gray et al., SIGMOD 1994): one `powf` per key, after an O(n) sum.
struct YcsbZipfian {
    n: f64,
    theta: f64,
    zetan: f64,
    alpha: f64,
    eta: f64,
}

impl YcsbZipfian {
    fn new(n: u64, theta: f64) -> Self {
        let zetan: f64 = (1..=n).map(|i| 1.0 / (i as f64).powf(theta)).sum();
        let zeta2 = 1.0 + 0.5f64.powf(theta);
        YcsbZipfian {
            n: n as f64,
            theta,
            zetan,
            alpha: 1.0 / (1.0 - theta),
            eta: (1.0 - (2.0 / n as f64).powf(1.0 - theta)) / (1.0 - zeta2 / zetan),
        }
    }

    #[inline]
    fn next(&self, rng: &mut impl Rng) -> u64 {
        let u: f64 = rng.random();
        let uz = u * self.zetan;
        if uz < 1.0 {
            0
        } else if uz < 1.0 + 0.5f64.powf(self.theta) {
            1
        } else {
            (self.n * (self.eta * u - self.eta + 1.0).powf(self.alpha)) as u64
        }
    }
}

fn zipf(c: &mut Criterion) {
    for n in [1000u64, 1_000_000] {
        let mut group = c.benchmark_group(format!("zipfian/{n}"));
        group.throughput(Throughput::Elements(BATCH));

        let mut g = zipfian(n, 0.99).seed(1);
        group.bench_function("lockstep", |b| b.iter(|| pull_keys(|| g.next().unwrap())));

        let mut g = scrambled_zipfian(n, 0.99).seed(1);
        group.bench_function("lockstep scrambled", |b| {
            b.iter(|| pull_keys(|| g.next().unwrap()))
        });

        let distr = Zipf::new(n as f64, 0.99).unwrap();
        let mut rng = common::rng();
        group.bench_function("rand_distr Zipf", |b| {
            b.iter(|| pull_keys(|| distr.sample(&mut rng) as u64 - 1))
        });

        let ycsb = YcsbZipfian::new(n, 0.99);
        let mut rng = common::rng();
        group.bench_function("YCSB zipfian", |b| {
            b.iter(|| pull_keys(|| ycsb.next(&mut rng)))
        });
        group.finish();
    }
}

fn others(c: &mut Criterion) {
    let mut group = c.benchmark_group("keys/1000");
    group.throughput(Throughput::Elements(BATCH));
    let mut g = hotspot(1000, 0.2, 0.8).seed(1);
    group.bench_function("hotspot", |b| b.iter(|| pull_keys(|| g.next().unwrap())));
    let mut g = exponential(1000, 0.99).seed(1);
    group.bench_function("exponential", |b| {
        b.iter(|| pull_keys(|| g.next().unwrap()))
    });
    let mut g = sequential(1000);
    group.bench_function("sequential", |b| b.iter(|| pull_keys(|| g.next().unwrap())));
    let mut rng = common::rng();
    group.bench_function("floor next_u64", |b| {
        b.iter(|| pull_keys(|| rng.next_u64() >> 54))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = zipf, others
}
criterion_main!(benches);
