//! Shared statistics for the frequency tests.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

/// Pearson's chi-square statistic of `counts` against the expected `shares` (which sum to 1).
pub fn chi_square(counts: &[u64], shares: &[f64]) -> f64 {
    let n: u64 = counts.iter().sum();
    counts
        .iter()
        .zip(shares)
        .map(|(&observed, &share)| {
            let expected = share * n as f64;
            (observed as f64 - expected).powi(2) / expected
        })
        .sum()
}

/// The chi-square value that a correct sampler exceeds with probability 0.001, for `df` degrees of freedom.
///
/// Exact table values for 1 and 2 degrees of freedom (10.83, 13.82); above,
/// Wilson and Hilferty's approximation with z = 3.0902, the normal's 0.999
/// quantile, within 1% of the exact value for df ≥ 3 (df = 3: 16.36 against
/// 16.27). The tests use fixed seeds, so they cannot flake: a correct sampler
/// passes them for good, and a biased one (an op never or doubly picked, a
/// skewed weight) lands far beyond this.
pub fn critical_0_001(df: usize) -> f64 {
    match df {
        1 => 10.828,
        2 => 13.816,
        _ => {
            let df = df as f64;
            let h = 2.0 / (9.0 * df);
            df * (1.0 - h + 3.0902 * h.sqrt()).powi(3)
        }
    }
}

/// How often each of `0..len` occurs in `picks`.
pub fn counts(picks: impl IntoIterator<Item = usize>, len: usize) -> Vec<u64> {
    let mut counts = vec![0u64; len];
    for i in picks {
        counts[i] += 1;
    }
    counts
}
