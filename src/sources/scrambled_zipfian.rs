use crate::seeded_rng::SeededRng;
use crate::sources::key_source::{PickKey, key_source};
use crate::sources::zipfian::ZipfSampler;
use crate::{Error, Seed};

/// Keys `0..n` with Zipf's law, the hot ones spread over the key space by a fixed permutation, forever.
///
/// As YCSB's scrambled zipfian: a [`zipfian`](crate::zipfian) rank, then a
/// fixed bijection of `0..n` (the same for every seed and release), so the
/// hottest keys are not neighbours and a range-partitioned store sees them on
/// every partition. Unlike YCSB's hash-and-modulo, no two ranks share a key:
/// the key frequencies are exactly Zipf's, permuted.
///
/// # Panics
///
/// As [`zipfian`](crate::zipfian); [`ScrambledZipfian::try_new`] returns an
/// [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::ScrambledZipfian;
/// use lockstep_gen::prelude::*;
///
/// let keys: Vec<u64> = scrambled_zipfian(1000, 0.99).seed(7).take(10_000).collect();
/// assert!(keys.iter().all(|&k| k < 1000));
/// // The hottest key is no longer key 0, but it is as hot as zipfian's.
/// let hottest = ScrambledZipfian::permute(0, 1000);
/// assert_ne!(hottest, 0);
/// assert!((1000..1600).contains(&keys.iter().filter(|&&k| k == hottest).count()));
/// ```
#[track_caller]
pub fn scrambled_zipfian(n: u64, theta: f64) -> ScrambledZipfian {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match ScrambledZipfian::try_new(n, theta) {
        Ok(generator) => generator,
        Err(e) => panic!("scrambled_zipfian: {e}"),
    }
}

/// Keys `0..n` with Zipf's law, permuted, forever.
///
/// This struct is created by [`scrambled_zipfian`] or [`ScrambledZipfian::try_new`]. See [`scrambled_zipfian`] for more.
#[derive(Clone)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct ScrambledZipfian {
    sampler: ScrambledSampler,
    rng: SeededRng,
}

impl ScrambledZipfian {
    /// Scrambled Zipf's law over `0..n`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// As [`Zipfian::try_new`](crate::Zipfian::try_new).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, ScrambledZipfian};
    ///
    /// assert!(ScrambledZipfian::try_new(1 << 40, 0.99).is_ok());
    /// assert!(matches!(ScrambledZipfian::try_new(0, 0.99), Err(Error::InvalidParameter { .. })));
    /// ```
    pub fn try_new(n: u64, theta: f64) -> Result<Self, Error> {
        let zipf = ZipfSampler::new(n, theta)?;
        Ok(ScrambledZipfian {
            sampler: ScrambledSampler::new(zipf),
            rng: SeededRng::new(Seed::fresh()?),
        })
    }

    /// The key that Zipf rank `rank` (0 the hottest) becomes among `n` keys: a fixed bijection of `0..n`.
    ///
    /// # Panics
    ///
    /// If `rank` is not below `n`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::ScrambledZipfian;
    ///
    /// let mut keys: Vec<u64> = (0..100).map(|r| ScrambledZipfian::permute(r, 100)).collect();
    /// keys.sort();
    /// assert!(keys.into_iter().eq(0..100));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn permute(rank: u64, n: u64) -> u64 {
        assert!(rank < n, "permute: rank {rank} is not below n = {n}");
        Permutation::new(n).apply(rank)
    }
}

key_source!(ScrambledZipfian, "scrambled_zipfian(100, 0.99)", [n, theta]);

#[derive(Clone, Copy, Debug, PartialEq)]
struct ScrambledSampler {
    zipf: ZipfSampler,
    permutation: Permutation,
    n: u64,
    theta: f64,
}

impl ScrambledSampler {
    fn new(zipf: ZipfSampler) -> Self {
        ScrambledSampler {
            permutation: Permutation::new(zipf.n),
            n: zipf.n,
            theta: zipf.theta,
            zipf,
        }
    }
}

impl PickKey for ScrambledSampler {
    #[inline]
    fn pick_key(&self, rng: &mut SeededRng) -> u64 {
        self.permutation.apply(self.zipf.pick_key(rng))
    }
}

/// A bijection of `0..n`: an invertible mix of the smallest power-of-two domain that holds `n`, walked until it lands below `n`.
///
/// Adding a constant, multiplying by an odd number and xoring with a right
/// shift are each invertible modulo a power of two, so the mix permutes the domain; walking
/// its cycle from a value below `n` until the next one below `n` permutes
/// `0..n` (cycle-walking, Black and Rogaway). The domain is under `2n`, so
/// the walk takes fewer than two steps on average.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Permutation {
    n: u64,
    mask: u64,
    shift: u32,
}

impl Permutation {
    fn new(n: u64) -> Self {
        let bits = 64 - (n - 1).leading_zeros();
        Permutation {
            n,
            mask: if bits == 64 {
                u64::MAX
            } else {
                (1 << bits) - 1
            },
            shift: bits.div_ceil(2).max(1),
        }
    }

    #[inline]
    fn apply(&self, mut x: u64) -> u64 {
        loop {
            // Adding a constant first: odd multiplies and xor-shifts alone fix 0, the hottest rank.
            x = x.wrapping_add(0x6a09_e667_f3bc_c909) & self.mask;
            x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15) & self.mask;
            x ^= x >> self.shift;
            x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9) & self.mask;
            x ^= x >> self.shift;
            if x < self.n {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection_for_every_small_n() {
        for n in 1..=300u64 {
            let p = Permutation::new(n);
            let mut seen = vec![false; n as usize];
            for x in 0..n {
                let y = p.apply(x);
                assert!(y < n && !seen[y as usize], "n = {n}, x = {x}");
                seen[y as usize] = true;
            }
        }
    }
}
