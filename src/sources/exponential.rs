use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::sources::float::{exp, ln, unit};
use crate::sources::key_source::{PickKey, check_key_count, key_source};
use crate::{Error, Seed};

/// Keys `0..n`, each `decay` times as likely as the one before, forever.
///
/// Key `k` has probability `decay^k (1 - decay) / (1 - decay^n)`: Elle's
/// exponential key distribution (`:key-dist-base 2` is `decay` 0.5), and
/// YCSB's exponential truncated to `n` keys. `decay` 1 gives uniform keys.
/// Each pick is one inversion: O(1) for any `n` up to 2^63, with this
/// crate's own float functions, the same on every platform and release.
///
/// # Panics
///
/// If `n` is 0 or above 2^63, if `decay` is not in `(0, 1]`, or if no seed
/// can be had (see [`Seed::base`]). [`Exponential::try_new`] returns these as
/// an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let keys: Vec<u64> = exponential(10, 0.5).seed(3).take(10_000).collect();
/// // Key 0 gets about half the picks, key 1 a quarter.
/// let count = |key| keys.iter().filter(|&&k| k == key).count();
/// assert!((4800..5200).contains(&count(0)));
/// assert!((2300..2700).contains(&count(1)));
/// ```
#[track_caller]
pub fn exponential(n: u64, decay: f64) -> Exponential {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Exponential::try_new(n, decay) {
        Ok(generator) => generator,
        Err(e) => panic!("exponential: {e}"),
    }
}

/// Keys `0..n` with exponentially falling probabilities, forever.
///
/// This struct is created by [`exponential`] or [`Exponential::try_new`]. See [`exponential`] for more.
#[derive(Clone)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Exponential {
    sampler: ExponentialSampler,
    rng: SeededRng,
}

impl Exponential {
    /// Keys `0..n`, each `decay` times as likely as the one before, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `n` is 0 or above 2^63 or `decay` is not
    /// in `(0, 1]`; [`Error::InvalidSeed`] or [`Error::NoEntropy`] as
    /// [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Exponential};
    ///
    /// assert!(Exponential::try_new(10, 0.5).is_ok());
    /// assert_eq!(
    ///     Exponential::try_new(10, 2.0).unwrap_err().to_string(),
    ///     "invalid decay 2: expected a ratio in (0, 1]",
    /// );
    /// ```
    pub fn try_new(n: u64, decay: f64) -> Result<Self, Error> {
        let sampler = ExponentialSampler::new(n, decay)?;
        Ok(Exponential {
            sampler,
            rng: SeededRng::new(Seed::fresh()?),
        })
    }
}

key_source!(Exponential, "exponential(100, 0.9)", [n, decay]);

/// Inversion of the continuous exponential truncated to `[0, n)`, floored: `floor(x)` then has exactly the geometric law above.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ExponentialSampler {
    pub(crate) n: u64,
    pub(crate) decay: f64,
    ln_decay: f64,
    /// `1 - decay^n`: the truncated law's mass.
    mass: f64,
    /// At `decay` 1, the exact uniform pick instead.
    uniform: Option<Below>,
}

impl ExponentialSampler {
    pub(crate) fn new(n: u64, decay: f64) -> Result<Self, Error> {
        let n = check_key_count(n)?;
        if !(decay > 0.0 && decay <= 1.0) {
            return Err(Error::InvalidParameter {
                name: "decay",
                value: decay.to_string(),
                expected: "a ratio in (0, 1]".into(),
            });
        }
        let ln_decay = ln(decay);
        Ok(ExponentialSampler {
            n,
            decay,
            ln_decay,
            mass: 1.0 - exp(n as f64 * ln_decay),
            uniform: (decay == 1.0).then(|| Below::new(n)),
        })
    }
}

impl PickKey for ExponentialSampler {
    #[inline]
    fn pick_key(&self, rng: &mut SeededRng) -> u64 {
        use rand::Rng;
        if let Some(uniform) = self.uniform {
            return uniform.pick(rng);
        }
        // 1 - u * mass is in (0, 1], as u < 1 and mass ≤ 1: its ln is finite and ≤ 0.
        let x = ln(1.0 - unit(rng.next_u64()) * self.mass) / self.ln_decay;
        (x as u64).min(self.n - 1)
    }
}
