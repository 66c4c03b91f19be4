//! How long an op takes in a simulation: a seeded draw per op.

use std::time::Duration;

use crate::sample::Below;
use crate::seeded_rng::SeededRng;
use crate::timed::nanos;

/// The latency of each op in a [simulation](crate::run::Run::simulate): drawn per op from a seeded distribution.
///
/// Uniform over whole nanoseconds in `[min, max)`, or fixed. Each op's draw
/// comes from a seed derived from the run's, its worker's and its due time
/// (see [`Run::simulate`](crate::run::Run::simulate)), by the same exact integer arithmetic as
/// [`random`](crate::random): the same seed gives the same latencies on every
/// platform.
///
/// # Examples
///
/// ```
/// use lockstep_gen::run::Latency;
/// use std::time::Duration;
///
/// let ms = Duration::from_millis;
/// let latency = Latency::uniform(ms(1), ms(10));
/// assert_eq!((latency.min(), latency.max()), (ms(1), ms(10)));
/// assert_eq!(Latency::fixed(ms(2)).max(), ms(2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    min: u64,
    max: u64,
    /// Over `0..max - min` in nanoseconds; `None` for a fixed latency.
    spread: Option<Below>,
}

impl Latency {
    /// Uniform over the whole nanoseconds in `[min, max)`.
    ///
    /// # Panics
    ///
    /// If `max` is not above `min`, or is past [`u64::MAX`] nanoseconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::Latency;
    /// use std::time::Duration;
    ///
    /// let latency = Latency::uniform(Duration::from_micros(100), Duration::from_millis(5));
    /// assert_eq!(latency.min(), Duration::from_micros(100));
    /// ```
    #[track_caller]
    pub fn uniform(min: Duration, max: Duration) -> Self {
        let (lo, hi) = (
            nanos(min, "Latency::uniform"),
            nanos(max, "Latency::uniform"),
        );
        assert!(
            hi > lo,
            "Latency::uniform: max {max:?} must be above min {min:?} (for one latency every time, use Latency::fixed)"
        );
        Latency {
            min: lo,
            max: hi,
            spread: Some(Below::new(hi - lo)),
        }
    }

    /// Always `latency`.
    ///
    /// # Panics
    ///
    /// If `latency` is past [`u64::MAX`] nanoseconds.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::Latency;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Latency::fixed(Duration::ZERO).min(), Duration::ZERO);
    /// ```
    #[track_caller]
    pub fn fixed(latency: Duration) -> Self {
        let fixed = nanos(latency, "Latency::fixed");
        Latency {
            min: fixed,
            max: fixed,
            spread: None,
        }
    }

    /// The shortest latency.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::Latency;
    /// use std::time::Duration;
    ///
    /// assert_eq!(Latency::fixed(Duration::from_millis(3)).min(), Duration::from_millis(3));
    /// ```
    #[must_use]
    pub fn min(&self) -> Duration {
        Duration::from_nanos(self.min)
    }

    /// The end of the range: every latency is below it (or equal to it, when fixed).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::Latency;
    /// use std::time::Duration;
    ///
    /// let ms = Duration::from_millis;
    /// assert_eq!(Latency::uniform(ms(1), ms(4)).max(), ms(4));
    /// ```
    #[must_use]
    pub fn max(&self) -> Duration {
        Duration::from_nanos(self.max)
    }

    /// One latency in nanoseconds, drawn from `rng`.
    pub(crate) fn draw(&self, rng: &mut SeededRng) -> u64 {
        self.min + self.spread.map_or(0, |spread| spread.pick(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::Latency;
    use std::time::Duration;

    #[test]
    #[should_panic(
        expected = "must be above min 2ms (for one latency every time, use Latency::fixed)"
    )]
    fn an_empty_range_says_what_to_use_instead() {
        let _ = Latency::uniform(Duration::from_millis(2), Duration::from_millis(2));
    }
}
