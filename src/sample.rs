//! The crate's own arithmetic that turns raw `next_u64` output into picks.
//!
//! Every stream's values are defined here, and only here: rand's `Uniform`,
//! `random_range` and `WeightedIndex` may change their values in a minor
//! release or under rand's `unbiased` feature, so none of them is used. The
//! arithmetic is integer-only and the same on every platform.

use std::sync::Arc;

use rand::Rng;

use crate::Error;

/// A uniform pick from `0..n`, exact, by Lemire's multiply-and-shift with rejection.
///
/// One draw `x` gives the 128-bit product `x * n`; its high word is the pick,
/// unless its low word is below `2^64 mod n`, when the draw is rejected and
/// another taken. The rejection (probability below `n / 2^64`) makes every
/// pick exactly equally likely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Below {
    n: u64,
    reject_under: u64,
}

impl Below {
    /// `n` must not be zero.
    pub(crate) fn new(n: u64) -> Self {
        debug_assert!(n > 0);
        Below {
            n,
            reject_under: n.wrapping_neg() % n,
        }
    }

    #[inline]
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        loop {
            let wide = u128::from(rng.next_u64()) * u128::from(self.n);
            if wide as u64 >= self.reject_under {
                return (wide >> 64) as u64;
            }
        }
    }
}

/// Walker's alias table in exact integers (Vose's construction), for picks in O(1) whatever the pool's size.
///
/// With `n` non-zero weights summing to `total`, each weight is scaled by `n`
/// so that every one of the `n` buckets holds exactly `total` units: its own
/// op's `keep` units and its alias's `total - keep`. A pick is a uniform
/// bucket, then (unless the bucket is wholly its own) a uniform unit of
/// `0..total` compared with `keep`. So op `i` is picked with probability
/// exactly `weight_i / total`: no floats, no rounding. Weights are `u32` and
/// `n ≤ u32::MAX`, so every scaled weight and `total` fit in `u64`.
#[derive(Clone, Debug)]
pub(crate) struct AliasTable {
    buckets: Arc<[Bucket]>,
    bucket: Below,
    unit: Below,
    total: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Bucket {
    keep: u64,
    own: u32,
    alias: u32,
}

impl AliasTable {
    /// Builds the table over the weights' indices; zero weights get no bucket, so they are never picked.
    pub(crate) fn new(weights: &[u32]) -> Result<Self, Error> {
        let max = u32::MAX as usize;
        if weights.is_empty() {
            return Err(Error::EmptyPool);
        }
        if weights.len() > max {
            return Err(Error::PoolTooLarge {
                ops: weights.len(),
                max,
            });
        }
        let nonzero = weights.iter().filter(|&&w| w > 0).count();
        if nonzero == 0 {
            return Err(Error::AllWeightsZero { ops: weights.len() });
        }
        let n = nonzero as u64;
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();

        // (op index, scaled weight), split by whether it under- or over-fills a bucket.
        let scaled = weights
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w > 0)
            .map(|(i, &w)| (i as u32, u64::from(w) * n));
        let (mut small, mut large): (Vec<_>, Vec<_>) = scaled.partition(|&(_, s)| s < total);
        let mut buckets = Vec::with_capacity(nonzero);
        while let (Some(&(own, keep)), Some(&mut (alias, ref mut rest))) =
            (small.last(), large.last_mut())
        {
            small.pop();
            buckets.push(Bucket { keep, own, alias });
            *rest -= total - keep;
            if *rest < total {
                let moved = large.pop().expect("large is not empty");
                small.push(moved);
            }
        }
        // What is left holds exactly `total` units each, as the sums are exact.
        for (own, keep) in small.into_iter().chain(large) {
            debug_assert_eq!(keep, total);
            buckets.push(Bucket {
                keep: total,
                own,
                alias: own,
            });
        }
        Ok(AliasTable {
            buckets: buckets.into(),
            bucket: Below::new(n),
            unit: Below::new(total),
            total,
        })
    }

    /// Picks an op's index.
    #[inline]
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let bucket = self.buckets[self.bucket.pick(rng) as usize];
        let own = bucket.keep == self.total || self.unit.pick(rng) < bucket.keep;
        (if own { bucket.own } else { bucket.alias }) as usize
    }

    /// Each index's share of the table, in units of `1 / (n * total)`: for tests of exactness.
    #[cfg(test)]
    fn shares(&self, len: usize) -> Vec<u128> {
        let mut shares = vec![0u128; len];
        for b in self.buckets.iter() {
            shares[b.own as usize] += u128::from(b.keep);
            shares[b.alias as usize] += u128::from(self.total - b.keep);
        }
        shares
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_exact(weights: &[u32]) {
        let table = AliasTable::new(weights).unwrap();
        let n = weights.iter().filter(|&&w| w > 0).count() as u128;
        let expected: Vec<u128> = weights.iter().map(|&w| u128::from(w) * n).collect();
        assert_eq!(table.shares(weights.len()), expected, "weights {weights:?}");
    }

    #[test]
    fn alias_table_gives_each_op_exactly_its_weight() {
        assert_exact(&[1]);
        assert_exact(&[1, 2, 3, 4]);
        assert_exact(&[0, 5, 0, 1, 0]);
        assert_exact(&[u32::MAX, 1]);
        assert_exact(&[u32::MAX, u32::MAX, u32::MAX]);
        assert_exact(&[u32::MAX, 1, 0, u32::MAX - 1, 7, 3]);
        assert_exact(&vec![u32::MAX; 1000]);
        let ramp: Vec<u32> = (0..1000u32)
            .map(|i| i.wrapping_mul(2_654_435_761))
            .collect();
        assert_exact(&ramp);
    }

    #[test]
    fn alias_table_rejects_what_cannot_be_sampled() {
        assert_eq!(AliasTable::new(&[]).unwrap_err(), Error::EmptyPool);
        assert_eq!(
            AliasTable::new(&[0, 0]).unwrap_err(),
            Error::AllWeightsZero { ops: 2 }
        );
    }

    /// An RNG that gives the scripted words, in order.
    struct Script(std::vec::IntoIter<u64>);

    impl rand::TryRng for Script {
        type Error = std::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            unreachable!("picks draw whole words")
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(self.0.next().expect("the script has a word left"))
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
            unreachable!("picks draw whole words")
        }
    }

    #[test]
    fn below_draws_again_after_a_rejected_word() {
        // n = 3: 0 * 3 has low word 0 < 1, rejected; u64::MAX * 3 = 2 * 2^64 + (2^64 - 3), picks 2.
        let mut rng = Script(vec![0, u64::MAX, 1 << 63].into_iter());
        assert_eq!(Below::new(3).pick(&mut rng), 2);
        // (2^63 * 3) >> 64 = 1, and its low word 2^63 is not rejected.
        assert_eq!(Below::new(3).pick(&mut rng), 1);
    }

    #[test]
    fn alias_pick_uses_the_coin_only_for_shared_buckets() {
        // Weights [1, 3]: n = 2, total = 4; bucket 0 keeps op 0 for 2 of 4 units, else op 1; bucket 1 is op 1's.
        let table = AliasTable::new(&[1, 3]).unwrap();
        assert_eq!(table.shares(2), [2, 6]);
        let pick = |words: Vec<u64>| table.pick(&mut Script(words.into_iter()));
        // Bucket 0 (word 0 → 0), then unit (2^62 * 4) >> 64 = 1 < 2: op 0.
        assert_eq!(pick(vec![0, 1 << 62]), 0);
        // Bucket 0, then unit (2^63 * 4) >> 64 = 2, not < 2: its alias, op 1.
        assert_eq!(pick(vec![0, 1 << 63]), 1);
        // Bucket 1 ((2^63 * 2) >> 64 = 1) is wholly op 1's: one word, no coin.
        assert_eq!(pick(vec![1 << 63]), 1);
    }

    #[test]
    fn below_rejects_exactly_the_biased_low_words() {
        // n = 3: 2^64 mod 3 = 1, so only the draw whose product's low word is 0 is rejected.
        assert_eq!(Below::new(3).reject_under, 1);
        assert_eq!(Below::new(1).reject_under, 0);
        assert_eq!(Below::new(1 << 63).reject_under, 0);
        assert_eq!(Below::new(u64::MAX).reject_under, 1);
    }
}
