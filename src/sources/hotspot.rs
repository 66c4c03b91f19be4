use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::sources::key_source::{PickKey, check_key_count, key_source};
use crate::{Error, Seed};

/// Keys `0..n` of which the first `hot_fraction` are hot: they get `hot_op_fraction` of the picks, forever.
///
/// As YCSB's hotspot distribution: the hot set is keys `0..h` with
/// `h = floor(n * hot_fraction)`; a pick is in it with probability
/// `hot_op_fraction` (to within 2^-53), and uniform within the hot set or the
/// cold one.
///
/// # Panics
///
/// If `n` is 0 or above 2^63, if either fraction is outside `[0, 1]`, if
/// `hot_op_fraction` sends picks to a hot or cold set that is empty (say
/// `hot_fraction` 0 with `hot_op_fraction` 0.5), or if no seed can be had (see
/// [`Seed::base`]). [`Hotspot::try_new`] returns these as an [`Error`]
/// instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// // 80% of the picks go to the first 20 of 100 keys.
/// let keys: Vec<u64> = hotspot(100, 0.2, 0.8).seed(1).take(10_000).collect();
/// let hot = keys.iter().filter(|&&k| k < 20).count();
/// assert!((7800..8200).contains(&hot));
/// ```
#[track_caller]
pub fn hotspot(n: u64, hot_fraction: f64, hot_op_fraction: f64) -> Hotspot {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Hotspot::try_new(n, hot_fraction, hot_op_fraction) {
        Ok(generator) => generator,
        Err(e) => panic!("hotspot: {e}"),
    }
}

/// Keys `0..n` with a hot set, forever.
///
/// This struct is created by [`hotspot`] or [`Hotspot::try_new`]. See [`hotspot`] for more.
#[derive(Clone)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Hotspot {
    sampler: HotspotSampler,
    rng: SeededRng,
}

impl Hotspot {
    /// A hot set of `hot_fraction` of `0..n` getting `hot_op_fraction` of the picks, seeded by [`Seed::fresh`]; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for the parameters [`hotspot`] panics on;
    /// [`Error::InvalidSeed`] or [`Error::NoEntropy`] as [`Seed::base`].
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Hotspot};
    ///
    /// assert!(Hotspot::try_new(100, 0.2, 0.8).is_ok());
    /// assert_eq!(
    ///     Hotspot::try_new(10, 0.01, 0.8).unwrap_err().to_string(),
    ///     "invalid hot_fraction 0.01: expected a fraction that leaves at least one hot key of 10, \
    ///      as hot_op_fraction is above 0",
    /// );
    /// ```
    pub fn try_new(n: u64, hot_fraction: f64, hot_op_fraction: f64) -> Result<Self, Error> {
        let sampler = HotspotSampler::new(n, hot_fraction, hot_op_fraction)?;
        Ok(Hotspot {
            sampler,
            rng: SeededRng::new(Seed::fresh()?),
        })
    }
}

key_source!(
    Hotspot,
    "hotspot(100, 0.2, 0.8)",
    [n, hot_fraction, hot_op_fraction]
);

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HotspotSampler {
    n: u64,
    hot_fraction: f64,
    hot_op_fraction: f64,
    hot: u64,
    /// A draw's top 53 bits below this pick the hot set.
    hot_under: u64,
    hot_key: Option<Below>,
    cold_key: Option<Below>,
}

impl HotspotSampler {
    pub(crate) fn new(n: u64, hot_fraction: f64, hot_op_fraction: f64) -> Result<Self, Error> {
        let n = check_key_count(n)?;
        let fraction = |name, value: f64| {
            if (0.0..=1.0).contains(&value) {
                Ok(value)
            } else {
                Err(Error::InvalidParameter {
                    name,
                    value: value.to_string(),
                    expected: "a fraction in [0, 1]".into(),
                })
            }
        };
        let hot_fraction = fraction("hot_fraction", hot_fraction)?;
        let hot_op_fraction = fraction("hot_op_fraction", hot_op_fraction)?;
        // Truncation of a float in [0, n]: the floor.
        let hot = ((n as f64 * hot_fraction) as u64).min(n);
        if hot == 0 && hot_op_fraction > 0.0 {
            return Err(Error::InvalidParameter {
                name: "hot_fraction",
                value: format!("{hot_fraction}"),
                expected: leaves(n, "at least one hot key", "above 0"),
            });
        }
        if hot == n && hot_op_fraction < 1.0 {
            return Err(Error::InvalidParameter {
                name: "hot_fraction",
                value: format!("{hot_fraction}"),
                expected: leaves(n, "at least one cold key", "below 1"),
            });
        }
        Ok(HotspotSampler {
            n,
            hot_fraction,
            hot_op_fraction,
            hot,
            hot_under: (hot_op_fraction * (1u64 << 53) as f64) as u64,
            hot_key: (hot > 0).then(|| Below::new(hot)),
            cold_key: (hot < n).then(|| Below::new(n - hot)),
        })
    }
}

/// What `hot_fraction` must be when it leaves a hot or cold set empty that `hot_op_fraction` sends picks to.
fn leaves(n: u64, what: &str, op_fraction: &str) -> String {
    format!("a fraction that leaves {what} of {n}, as hot_op_fraction is {op_fraction}")
}

impl PickKey for HotspotSampler {
    #[inline]
    fn pick_key(&self, rng: &mut SeededRng) -> u64 {
        use rand::Rng;
        match (self.hot_key, self.cold_key) {
            (Some(hot), Some(cold)) => {
                if rng.next_u64() >> 11 < self.hot_under {
                    hot.pick(rng)
                } else {
                    self.hot + cold.pick(rng)
                }
            }
            // One set: the fractions send every pick to it, so no coin is drawn.
            (Some(only), None) => only.pick(rng),
            (None, Some(only)) => self.hot + only.pick(rng),
            (None, None) => unreachable!("n ≥ 1 keys are hot or cold"),
        }
    }
}
