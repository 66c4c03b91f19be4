//! A swarm's configuration: the op kinds one seed turns on and the weight each is picked with.

use std::fmt;

use rand::Rng;

use crate::{Error, Seed};

/// The largest factor a kind's weight is multiplied by: 2^8 - 1.
pub(crate) const FACTOR_MAX: u32 = 255;

/// The largest weight a swarm takes, so that a weight times its factor fits a `u32`.
const WEIGHT_MAX: u32 = u32::MAX / FACTOR_MAX;

/// The op kinds one seed of a swarm turned on, and the weight each is picked with.
///
/// Made by [`swarm`](crate::swarm) and [`mix_swarm`](crate::mix_swarm) from
/// their seed (read it with [`Swarm::config`](crate::Swarm::config) or
/// [`MixSwarm::config`](crate::MixSwarm::config)), and listed by a
/// [`Check`](crate::Check)'s [`Failure`](crate::Failure) for the swarms that
/// gave its case's ops ([`Failure::swarms`](crate::Failure::swarms)). Kinds are
/// named by their index in the pairs the swarm was given. `Display` says which
/// are on and their weights:
///
/// ```text
/// swarm (seed 0x0000000000000007): 2 of 4 kinds on: #0 weight 96, #3 weight 5
/// ```
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops = swarm([("push", 1), ("pop", 1), ("peek", 1), ("len", 1)]).seed(7);
/// let config = ops.config();
/// assert_eq!(config.seed(), Seed::from(7));
/// assert_eq!(config.weights().len(), 4);
/// assert!(config.enabled().count() >= 1);
/// for kind in 0..4 {
///     assert_eq!(config.is_enabled(kind), config.weights()[kind] > 0);
/// }
/// println!("{config}");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SwarmConfig {
    /// The constructor's name, for reports: `swarm` or `mix_swarm`.
    source: &'static str,
    seed: Seed,
    /// Each kind's weight in this configuration: its given weight times its factor, 0 when off.
    weights: Box<[u32]>,
}

impl SwarmConfig {
    /// The configuration of `seed`, drawn from the first words of its stream's RNG.
    ///
    /// The stream's definition (see [`swarm`](crate::swarm)): one word per
    /// kind, in order; kind `k` is on iff the word's bit 63 is set and its
    /// given weight is above 0, and its factor is `2^e + (word mod 2^e)` with
    /// `e` the word's bits 60..=62. When no kind is on, all the words are
    /// drawn again. With no given weight above 0 nothing is drawn and every
    /// kind is off. The weights must have passed [`check_weights`].
    pub(crate) fn draw<R: Rng + ?Sized>(
        source: &'static str,
        seed: Seed,
        given: impl ExactSizeIterator<Item = u32> + Clone,
        rng: &mut R,
    ) -> Self {
        let mut config = SwarmConfig {
            source,
            seed,
            weights: given.clone().map(|_| 0).collect(),
        };
        config.redraw(seed, given, rng);
        config
    }

    /// As [`draw`](SwarmConfig::draw), into this configuration's weights, as many as before.
    pub(crate) fn redraw<R: Rng + ?Sized>(
        &mut self,
        seed: Seed,
        given: impl ExactSizeIterator<Item = u32> + Clone,
        rng: &mut R,
    ) {
        debug_assert_eq!(given.len(), self.weights.len());
        self.seed = seed;
        self.weights.fill(0);
        if given.clone().any(|w| w > 0) {
            loop {
                for (weight, w) in self.weights.iter_mut().zip(given.clone()) {
                    let word = rng.next_u64();
                    *weight = factor(word).map_or(0, |f| w * f);
                }
                if self.weights.iter().any(|&w| w > 0) {
                    break;
                }
            }
        }
    }

    /// The seed this configuration was drawn from: the swarm's.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(swarm([("a", 1), ("b", 1)]).seed(3).config().seed(), Seed::from(3));
    /// ```
    #[must_use]
    pub fn seed(&self) -> Seed {
        self.seed
    }

    /// Each kind's weight in this configuration, in the order the kinds were given: 0 for a kind that is off.
    ///
    /// An on kind's weight is its given weight times a factor from 1 to 255,
    /// drawn from the seed, so the kinds that are on are picked with widely
    /// different probabilities: kind `k` with `weights()[k] / sum of weights()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = swarm([("read", 2), ("write", 0), ("cas", 1)]).seed(1);
    /// let weights = ops.config().weights();
    /// assert_eq!(weights[1], 0); // weight 0: never on
    /// assert!(weights[0] % 2 == 0 && weights[0] <= 2 * 255);
    /// assert!(weights[2] <= 255);
    /// ```
    #[must_use]
    pub fn weights(&self) -> &[u32] {
        &self.weights
    }

    /// The indices of the kinds that are on, increasing; never none, unless no kind had a weight above 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = swarm([("push", 1), ("pop", 1), ("len", 1)]).seed(4);
    /// let on: Vec<usize> = ops.config().enabled().collect();
    /// assert!(!on.is_empty());
    /// assert!(on.iter().all(|&k| ops.config().weights()[k] > 0));
    /// ```
    pub fn enabled(&self) -> impl Iterator<Item = usize> + '_ {
        self.weights
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w > 0)
            .map(|(k, _)| k)
    }

    /// Whether kind `kind` (its index in the pairs given) is on; `false` past the last kind.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let config = swarm([("only", 1)]).seed(9).config().clone();
    /// assert!(config.is_enabled(0)); // the only kind is always on
    /// assert!(!config.is_enabled(1));
    /// ```
    #[must_use]
    pub fn is_enabled(&self, kind: usize) -> bool {
        self.weights.get(kind).is_some_and(|&w| w > 0)
    }
}

/// The factor of a kind whose word is `word`, or `None` when the word turns it off.
///
/// Bit 63: on or off, each with probability one half. Bits 60..=62: an
/// exponent `e`, uniform in `0..=7`; the factor is `2^e` plus the word's low
/// `e` bits, uniform in `2^e..2^(e+1)`: so from 1 to 255, spread evenly over
/// eight doublings rather than evenly over the integers, which makes a
/// tenfold gap between two kinds common.
fn factor(word: u64) -> Option<u32> {
    if word >> 63 == 0 {
        return None;
    }
    let e = (word >> 60) & 7;
    Some(((1 << e) | (word & ((1 << e) - 1))) as u32)
}

/// Why these weights cannot be a swarm's, if they cannot: too many, or one above [`WEIGHT_MAX`].
///
/// An empty pool, or one with no weight above 0, is left to the caller: a
/// `swarm` fails on it as `weighted` does, a `mix_swarm` is empty.
pub(crate) fn check_weights(mut given: impl ExactSizeIterator<Item = u32>) -> Result<(), Error> {
    let max = u32::MAX as usize;
    if given.len() > max {
        return Err(Error::PoolTooLarge {
            ops: given.len(),
            max,
        });
    }
    match given.find(|&w| w > WEIGHT_MAX) {
        Some(w) => Err(Error::InvalidParameter {
            name: "weight",
            value: w.to_string(),
            expected: format!(
                "at most {WEIGHT_MAX} (u32::MAX / {FACTOR_MAX}), so that it times its swarm factor fits a u32"
            ),
        }),
        None => Ok(()),
    }
}

impl fmt::Display for SwarmConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (seed {}): {} of {} kinds on:",
            self.source,
            self.seed,
            self.enabled().count(),
            self.weights.len()
        )?;
        for (i, k) in self.enabled().enumerate() {
            let sep = if i == 0 { " " } else { ", " };
            write!(f, "{sep}#{k} weight {}", self.weights[k])?;
        }
        Ok(())
    }
}

impl fmt::Debug for SwarmConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SwarmConfig")
            .field("source", &self.source)
            .field("seed", &self.seed)
            .field("weights", &self.weights)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_factor_is_on_by_bit_63_with_its_exponent_in_bits_60_to_62() {
        assert_eq!(factor(0), None);
        assert_eq!(factor(u64::MAX >> 1), None);
        assert_eq!(factor(1 << 63), Some(1));
        // e = 7: 128 plus the low 7 bits.
        assert_eq!(factor(u64::MAX), Some(255));
        assert_eq!(factor((1 << 63) | (7 << 60)), Some(128));
        // e = 3: 8 plus the low 3 bits (0b101), whatever the bits between.
        assert_eq!(
            factor((1 << 63) | (3 << 60) | (0xff << 8) | 0b1101),
            Some(13)
        );
    }

    #[test]
    fn weights_above_the_cap_are_refused() {
        assert!(check_weights([WEIGHT_MAX, 1].into_iter()).is_ok());
        assert_eq!(u64::from(WEIGHT_MAX) * 255, u64::from(u32::MAX));
        let err = check_weights([1, WEIGHT_MAX + 1].into_iter()).unwrap_err();
        assert!(err.to_string().contains("16843010"), "{err}");
    }
}
