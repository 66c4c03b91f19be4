//! Seeds: where every stream starts, how children's seeds are derived, and
//! how a run that was given no seed can still be replayed.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rand::TryRng;

use crate::Error;

/// The environment variable that fixes the seeds of unseeded generators: see [`Seed::base`].
///
/// A [`Check`](crate::Check) reads it as one case's seed instead; its docs
/// say [how the two meanings fit](crate::Check#lockstep_seed-has-two-meanings).
///
/// # Examples
///
/// ```
/// use lockstep_gen::{SEED_ENV, Seed};
///
/// let base = Seed::base().unwrap();
/// println!("replay: {SEED_ENV}={base} cargo run");
/// ```
pub const SEED_ENV: &str = "LOCKSTEP_SEED";

/// The seed of a stream: 64 bits that fix every op the stream yields.
///
/// A `u64` and the `Seed` made from it give the same stream. A seed prints as
/// `0x`-prefixed hex, and parses back from that or from decimal, so a printed
/// seed can be pasted into `LOCKSTEP_SEED`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let seed = Seed::from(42);
/// assert_eq!(seed.to_string(), "0x000000000000002a");
/// assert_eq!("0x2a".parse::<Seed>(), Ok(seed));
/// assert_eq!("42".parse::<Seed>(), Ok(seed));
///
/// let a: Vec<_> = random(1..=6).seed(42).take(5).collect();
/// let b: Vec<_> = random(1..=6).seed(seed).take(5).collect();
/// assert_eq!(a, b);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Seed(u64);

impl Seed {
    /// The seed with this value; the same as `Seed::from(value)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Seed;
    ///
    /// const RUN: Seed = Seed::new(7);
    /// assert_eq!(RUN, Seed::from(7));
    /// ```
    #[must_use]
    pub const fn new(value: u64) -> Self {
        Seed(value)
    }

    /// The seed's 64 bits.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Seed;
    ///
    /// assert_eq!(Seed::new(7).value(), 7);
    /// ```
    #[must_use]
    pub const fn value(self) -> u64 {
        self.0
    }

    /// Derives the seed of a child (a worker, an iteration) from this seed and the child's key.
    ///
    /// Like `phash2({IterSeed, WorkerId})`, but a fixed function that no Rust or
    /// dependency release can change:
    ///
    /// ```text
    /// derive(seed, key) = mix64(seed ^ mix64(key + 0x9e3779b97f4a7c15))
    /// mix64(z) = z ^= z >> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >> 27; z *= 0x94d049bb133111eb; z ^ (z >> 31)
    /// ```
    ///
    /// with wrapping arithmetic on `u64`; `mix64` is SplitMix64's finaliser. Both
    /// steps are bijections, so for one seed, distinct keys always give distinct
    /// seeds, and the streams of sibling seeds look independent.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let iteration = Seed::from(42);
    /// let worker = |id| random(0..100).seed(iteration.derive(id)).take(8).collect::<Vec<_>>();
    /// assert_ne!(worker(0), worker(1));
    /// assert_eq!(worker(1), worker(1));
    /// ```
    #[must_use]
    pub const fn derive(self, key: u64) -> Seed {
        Seed(mix64(self.0 ^ mix64(key.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The base seed of this run: `LOCKSTEP_SEED` if it is set, else one drawn once from the OS.
    ///
    /// It is read once per process and then fixed. Every generator built without
    /// an explicit seed takes its seed from it (see [`Seed::fresh`]), so printing
    /// it at the start of a run is all it takes to replay the run:
    ///
    /// ```text
    /// LOCKSTEP_SEED=0x5eed… cargo run --example quickstart
    /// ```
    ///
    /// `LOCKSTEP_SEED` is decimal (`42`) or `0x`-prefixed hex (`0x2a`), with
    /// surrounding spaces ignored. Set but empty, it is an error like any other
    /// text that is not a seed: `LOCKSTEP_SEED=$SEED` with `SEED` unset must
    /// not pass for a fresh run.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] if `LOCKSTEP_SEED` is set to anything else (it is
    /// never silently ignored), [`Error::NoEntropy`] if it is unset and the OS
    /// gives no randomness.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let base = Seed::base().expect("LOCKSTEP_SEED is valid");
    /// println!("seed: {base}");
    /// assert_eq!(Seed::base(), Ok(base));
    /// ```
    pub fn base() -> Result<Seed, Error> {
        static BASE: OnceLock<Result<Seed, Error>> = OnceLock::new();
        BASE.get_or_init(|| match Seed::from_env()? {
            Some(seed) => Ok(seed),
            None => Seed::from_os(),
        })
        .clone()
    }

    /// The seed for the next generator built without one: `Seed::base().derive(FRESH).derive(n)` on the `n`-th call (from 0).
    ///
    /// `FRESH` is the key `0x6672_6573_6800_0000` (`"fresh"` in ASCII), so fresh
    /// seeds never coincide with the seeds a program derives from the base
    /// itself, such as `Seed::base()?.derive(worker)`.
    ///
    /// Each successful call of a constructor of a seeded generator takes one:
    /// [`random`](crate::random), [`weighted`](crate::weighted),
    /// [`mix_random`](crate::mix_random), [`mix_weighted`](crate::mix_weighted),
    /// their `try_new`/`try_weighted`, and [`Generator::stagger`](crate::Generator::stagger),
    /// even when [`seed`](crate::Random::seed) then replaces it. So a program that builds
    /// its generators in the same order (one thread, or a fixed order across
    /// threads) gives each the same seed whenever `LOCKSTEP_SEED` is the same.
    ///
    /// # Errors
    ///
    /// As [`Seed::base`]. Since those constructors take a fresh seed first, an
    /// invalid `LOCKSTEP_SEED` fails them even when an explicit seed follows.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = random(["read", "write"]);
    /// let seed = ops.initial_seed(); // taken from Seed::fresh
    /// let replay = random(["read", "write"]).seed(seed);
    /// assert!(ops.take(20).eq(replay.take(20)));
    /// ```
    pub fn fresh() -> Result<Seed, Error> {
        static TAKEN: AtomicU64 = AtomicU64::new(0);
        let base = Seed::base()?;
        Ok(base
            .derive(FRESH)
            .derive(TAKEN.fetch_add(1, Ordering::Relaxed)))
    }

    /// Reads `LOCKSTEP_SEED` now: `None` when it is unset.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSeed`] when it is set to text that is not a seed.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Seed;
    ///
    /// match Seed::from_env() {
    ///     Ok(Some(seed)) => println!("replaying {seed}"),
    ///     Ok(None) => println!("a fresh run"),
    ///     Err(e) => panic!("{e}"),
    /// }
    /// ```
    pub fn from_env() -> Result<Option<Seed>, Error> {
        match std::env::var_os(SEED_ENV) {
            None => Ok(None),
            Some(text) => match text.to_str() {
                Some(text) => text.parse().map(Some),
                None => Err(Error::InvalidSeed {
                    text: text.to_string_lossy().into_owned(),
                }),
            },
        }
    }

    fn from_os() -> Result<Seed, Error> {
        rand::rngs::SysRng
            .try_next_u64()
            .map(Seed)
            .map_err(|e| Error::NoEntropy {
                reason: e.to_string(),
            })
    }

    /// SplitMix64's `n`-th output from this seed (from 1): the words of a stream's RNG state.
    pub(crate) const fn split_mix(self, n: u64) -> u64 {
        mix64(self.0.wrapping_add(GOLDEN_GAMMA.wrapping_mul(n)))
    }
}

/// The key under the base seed from which fresh seeds derive: "fresh" in ASCII.
const FRESH: u64 = 0x6672_6573_6800_0000;

/// SplitMix64's increment, the odd integer nearest 2^64 / φ.
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finaliser: a bijection on `u64` that mixes every bit into every other.
const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl From<u64> for Seed {
    fn from(value: u64) -> Self {
        Seed(value)
    }
}

impl From<Seed> for u64 {
    fn from(seed: Seed) -> Self {
        seed.0
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#018x}", self.0)
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Seed({self})")
    }
}

impl FromStr for Seed {
    type Err = Error;

    /// Parses decimal (`42`) or `0x`-prefixed hex (`0x2a`, `0X2A`), ignoring surrounding spaces.
    fn from_str(text: &str) -> Result<Self, Error> {
        let trimmed = text.trim();
        let parsed = match trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
        {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => trimmed.parse(),
        };
        // from_str_radix accepts a leading '+', which is not a seed's spelling.
        match parsed {
            Ok(value) if !trimmed.contains('+') => Ok(Seed(value)),
            _ => Err(Error::InvalidSeed {
                text: text.to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_what_is_not_a_seed() {
        for bad in [
            "",
            "  ",
            "0x",
            "-1",
            "+1",
            "0x+1",
            "1.5",
            "abc",
            "0xg",
            "18446744073709551616",
        ] {
            assert!(bad.parse::<Seed>().is_err(), "{bad:?} parsed");
        }
        assert_eq!(" 0XfF ".parse::<Seed>(), Ok(Seed(255)));
        assert_eq!("18446744073709551615".parse::<Seed>(), Ok(Seed(u64::MAX)));
    }
}
