use crate::seeded_rng::SeededRng;
use crate::sources::float::{exp, exp_m1, ln, ln_1p, unit};
use crate::sources::key_source::{PickKey, check_key_count, key_source};
use crate::{Error, Seed};

/// Keys `0..n` with Zipf's law: key `k` with probability proportional to `1 / (k + 1)^theta`, forever.
///
/// Key 0 is the hottest; YCSB's default `theta` is 0.99, and 0 gives uniform
/// keys. Each pick takes O(1) time and the source O(1) memory for any `n` up to
/// 2^63: Hörmann and Derflinger's rejection-inversion (as Apache Commons RNG
/// has it), which accepts almost every draw. Its float functions are this
/// crate's own, so the same seed gives the same keys on every platform and
/// release. [`scrambled_zipfian`](crate::scrambled_zipfian) spreads the hot
/// keys over the key space.
///
/// # Panics
///
/// If `n` is 0 or above 2^63, if `theta` is negative or not finite, or if no
/// seed can be had (see [`Seed::base`]). [`Zipfian::try_new`] returns these as
/// an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let keys: Vec<u64> = zipfian(1000, 0.99).seed(7).take(10_000).collect();
/// assert!(keys.iter().all(|&k| k < 1000));
/// // Key 0 alone takes about 13% of the picks; the last key, about 0.013%.
/// let hottest = keys.iter().filter(|&&k| k == 0).count();
/// assert!((1000..1600).contains(&hottest));
/// ```
#[track_caller]
pub fn zipfian(n: u64, theta: f64) -> Zipfian {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Zipfian::try_new(n, theta) {
        Ok(generator) => generator,
        Err(e) => panic!("zipfian: {e}"),
    }
}

/// Keys `0..n` with Zipf's law, forever.
///
/// This struct is created by [`zipfian`] or [`Zipfian::try_new`]. See [`zipfian`] for more.
#[derive(Clone)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Zipfian {
    sampler: ZipfSampler,
    rng: SeededRng,
}

impl Zipfian {
    /// Zipf's law over `0..n` with exponent `theta`, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `n` is 0 or above 2^63 or `theta` is
    /// negative or not finite; [`Error::InvalidSeed`] or [`Error::NoEntropy`]
    /// as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Zipfian};
    ///
    /// assert!(Zipfian::try_new(1 << 63, 0.99).is_ok());
    /// assert!(matches!(Zipfian::try_new(10, -1.0), Err(Error::InvalidParameter { .. })));
    /// ```
    pub fn try_new(n: u64, theta: f64) -> Result<Self, Error> {
        let sampler = ZipfSampler::new(n, theta)?;
        Ok(Zipfian {
            sampler,
            rng: SeededRng::new(Seed::fresh()?),
        })
    }
}

key_source!(Zipfian, "zipfian(100, 0.99)", [n, theta]);

/// Rejection-inversion for Zipf's law on `1..=n` (Hörmann and Derflinger, 1996), as Apache Commons RNG's `RejectionInversionZipfSampler`.
///
/// A uniform `u` between `H(n + 1/2)` and `H(3/2) - 1` is inverted through
/// `H`, the integral of the hat `h(x) = x^-theta`; its rounding `k` is
/// accepted when `u` falls under the part of the hat that belongs to `k`,
/// which it almost always does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ZipfSampler {
    pub(crate) n: u64,
    pub(crate) theta: f64,
    n_f: f64,
    h_integral_x1: f64,
    h_integral_n: f64,
    s: f64,
}

impl ZipfSampler {
    pub(crate) fn new(n: u64, theta: f64) -> Result<Self, Error> {
        let n = check_key_count(n)?;
        if !(theta.is_finite() && theta >= 0.0) {
            return Err(Error::InvalidParameter {
                name: "theta",
                value: theta.to_string(),
                expected: "a finite exponent ≥ 0".into(),
            });
        }
        let mut z = ZipfSampler {
            n,
            theta,
            n_f: n as f64,
            h_integral_x1: 0.0,
            h_integral_n: 0.0,
            s: 0.0,
        };
        z.h_integral_x1 = z.h_integral(1.5) - 1.0;
        z.h_integral_n = z.h_integral(z.n_f + 0.5);
        z.s = 2.0 - z.h_integral_inverse(z.h_integral(2.5) - z.h(2.0));
        Ok(z)
    }

    /// `H(x) = (x^(1 - theta) - 1) / (1 - theta)`, or ln x at theta 1, without cancellation.
    fn h_integral(&self, x: f64) -> f64 {
        let log_x = ln(x);
        helper2((1.0 - self.theta) * log_x) * log_x
    }

    /// `h(x) = x^-theta`.
    fn h(&self, x: f64) -> f64 {
        exp(-self.theta * ln(x))
    }

    fn h_integral_inverse(&self, x: f64) -> f64 {
        let mut t = x * (1.0 - self.theta);
        if t < -1.0 {
            // Only rounding takes t below -1.
            t = -1.0;
        }
        exp(helper1(t) * x)
    }
}

/// ln(1 + x) / x, with its series near 0.
fn helper1(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        ln_1p(x) / x
    } else {
        1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }
}

/// (e^x - 1) / x, with its series near 0.
fn helper2(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        exp_m1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x))
    }
}

impl PickKey for ZipfSampler {
    #[inline]
    fn pick_key(&self, rng: &mut SeededRng) -> u64 {
        use rand::Rng;
        loop {
            let u =
                self.h_integral_n + unit(rng.next_u64()) * (self.h_integral_x1 - self.h_integral_n);
            let x = self.h_integral_inverse(u);
            // Truncation of a positive float: rounds x to the nearest k.
            let k = ((x + 0.5) as u64).clamp(1, self.n);
            let kf = k as f64;
            if kf - x <= self.s || u >= self.h_integral(kf + 0.5) - self.h(kf) {
                return k - 1;
            }
        }
    }
}
