//! Seeds: where every stream starts, how children's seeds are derived, and
//! how a run that was given no seed can still be replayed.

use std::cell::Cell;
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
    /// The key is any integer ([`SeedKey`]), so a worker's `usize` index or a
    /// loop's `u32` needs no cast: its value as a `u64`, a negative one in
    /// two's complement (`-1` is `u64::MAX`). An integer literal with no type
    /// is an `i32`, so a literal key past `i32::MAX` needs its type:
    /// `derive(0x6672_6573_6800_0000u64)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let iteration = Seed::from(42);
    /// let worker = |id: usize| random(0..100).seed(iteration.derive(id)).take(8).collect::<Vec<_>>();
    /// assert_ne!(worker(0), worker(1));
    /// assert_eq!(worker(1), worker(1));
    /// assert_eq!(iteration.derive(1usize), iteration.derive(1u64));
    /// ```
    #[must_use]
    pub fn derive(self, key: impl SeedKey) -> Seed {
        self.derive_u64(key.to_key())
    }

    const fn derive_u64(self, key: u64) -> Seed {
        Seed(mix64(self.0 ^ mix64(key.wrapping_add(GOLDEN_GAMMA))))
    }

    /// The base seed of this run: `LOCKSTEP_SEED` if it is set, else one drawn once from the OS.
    ///
    /// It is read once per process and then fixed. Every generator built without
    /// an explicit seed outside a [`scope`](Seed::scope) takes its seed from it (see [`Seed::fresh`]), so printing
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

    /// The seed for the next generator built without one: from the innermost [`scope`](Seed::scope) on this thread, else from the run's base.
    ///
    /// - Inside `scope_seed.scope(…)`: `scope_seed.derive(FRESH).derive(k)`
    ///   for the `k`-th seed taken in that scope (from 0), whatever the
    ///   environment says and whatever other threads do.
    /// - Outside any scope: `Seed::base().derive(FRESH).derive(n)` for the
    ///   `n`-th seed taken outside scopes in this process (from 0).
    ///
    /// `FRESH` is the key `0x6672_6573_6800_0000` (`"fresh"` in ASCII), which
    /// keeps fresh seeds apart from the seeds a program derives from the same
    /// seed itself, such as `Seed::base()?.derive(worker)`, but not by proof:
    /// as `derive` is a bijection of the key, each fresh seed equals
    /// `seed.derive(k)` for exactly one key `k` among all 2^64, a key that
    /// looks random (for seed 42, the first fresh seed is
    /// `Seed::from(42).derive(0xfc2a_9ca3_2401_2ee4u64)`). A given key collides
    /// with a given fresh seed with probability 2^-64.
    ///
    /// Each successful call of a constructor of a seeded generator takes one:
    /// [`random`](crate::random), [`weighted`](crate::weighted),
    /// [`mix_random`](crate::mix_random), [`mix_weighted`](crate::mix_weighted),
    /// [`swarm`](crate::swarm), [`mix_swarm`](crate::mix_swarm),
    /// their `try_new`/`try_weighted`, and [`Generator::stagger`](crate::Generator::stagger),
    /// even when [`seed`](crate::Random::seed) then replaces it. So a program that builds
    /// its generators in the same order gives each the same seed: in a scope,
    /// always; outside, whenever `LOCKSTEP_SEED` is the same and the
    /// generators are built on one thread (or in a fixed order across threads).
    ///
    /// # Errors
    ///
    /// Outside a scope, as [`Seed::base`]. Since those constructors take a
    /// fresh seed first, an invalid `LOCKSTEP_SEED` fails them even when an
    /// explicit seed follows. Inside a scope, never.
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
    ///
    /// // In a scope, the k-th fresh seed depends on the scope's seed alone.
    /// let scoped = Seed::from(7).scope(|| [Seed::fresh(), Seed::fresh()]);
    /// assert_eq!(scoped, [Ok(Seed::from(7).derive(0x6672_6573_6800_0000u64).derive(0)),
    ///                     Ok(Seed::from(7).derive(0x6672_6573_6800_0000u64).derive(1))]);
    /// ```
    pub fn fresh() -> Result<Seed, Error> {
        if let Some(scope) = SCOPE.get() {
            SCOPE.set(Some(Scope {
                taken: scope.taken + 1,
                ..scope
            }));
            return Ok(scope.seed.derive(FRESH).derive(scope.taken));
        }
        static TAKEN: AtomicU64 = AtomicU64::new(0);
        let base = Seed::base()?;
        Ok(base
            .derive(FRESH)
            .derive(TAKEN.fetch_add(1, Ordering::Relaxed)))
    }

    /// Runs `f` with this seed as the source of every fresh seed taken on this thread: a workload built from one seed is deterministic as a whole.
    ///
    /// Seeding a composite seeds only its outer layer: in
    /// `mix_random([random(a), random(b)]).seed(7)` the two children took
    /// fresh seeds when they were built. Built inside `Seed::from(7).scope(…)`,
    /// they take them from the scope, in the order they are built (see
    /// [`Seed::fresh`]), so the same code gives the same stream every time,
    /// whichever of its parts were given [`seed`](crate::Random::seed) and
    /// whatever `LOCKSTEP_SEED` says.
    ///
    /// [`Workers::streams`](crate::Workers::streams) builds each worker's
    /// stream in its worker seed's scope, and [`Check`](crate::Check) each
    /// case's ops in the case seed's scope, so a workload that forgets to seed
    /// a part is still replayed exactly.
    ///
    /// Scopes nest: the innermost wins, and the outer one carries on where it
    /// was once `f` returns or panics. A scope is the current thread's: a
    /// generator built on another thread, or built lazily by `f`'s result
    /// after `f` has returned (a `flat_map` closure that calls `random`, say),
    /// takes its seed outside it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let workload = || mix_random([random(["read"; 3]), random(["write", "cas"])]).take(20).collect::<Vec<_>>();
    /// let a = Seed::from(7).scope(workload);
    /// let b = Seed::from(7).scope(workload);
    /// assert_eq!(a, b);
    /// assert_ne!(a, Seed::from(8).scope(workload));
    /// ```
    pub fn scope<R>(self, f: impl FnOnce() -> R) -> R {
        let _restore = RestoreScope(SCOPE.replace(Some(Scope {
            seed: self,
            taken: 0,
        })));
        f()
    }

    /// As [`scope`](Seed::scope), but resuming at the `taken`-th fresh seed and
    /// leaving in `taken` how many the scope has given: a scope entered again per op.
    pub(crate) fn scope_resume<R>(self, taken: &mut u64, f: impl FnOnce() -> R) -> R {
        let _restore = RestoreScope(SCOPE.replace(Some(Scope {
            seed: self,
            taken: *taken,
        })));
        let result = f();
        *taken = SCOPE.get().map_or(*taken, |scope| scope.taken);
        result
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

/// A key for [`Seed::derive`]: any integer, taken as the `u64` of the same value (two's complement for a negative one).
///
/// Implemented for every integer type up to 64 bits, and `usize` and
/// `isize`, so that `seed.derive(worker)` takes a worker's index as it comes.
/// A type of your own (a role, a table name's number) may implement it.
///
/// # Examples
///
/// ```
/// use lockstep_gen::{Seed, SeedKey};
///
/// #[derive(Clone, Copy)]
/// enum Role { Client, Nemesis }
///
/// impl SeedKey for Role {
///     fn to_key(self) -> u64 {
///         self as u64
///     }
/// }
///
/// let run = Seed::from(7);
/// assert_eq!(run.derive(Role::Nemesis), run.derive(1));
/// assert_ne!(run.derive(Role::Client), run.derive(Role::Nemesis));
/// ```
pub trait SeedKey {
    /// The key's 64 bits.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::SeedKey;
    ///
    /// assert_eq!(3usize.to_key(), 3);
    /// assert_eq!((-1i32).to_key(), u64::MAX);
    /// ```
    fn to_key(self) -> u64;
}

macro_rules! seed_keys {
    ($($t:ty),*) => {
        $(impl SeedKey for $t {
            #[inline]
            fn to_key(self) -> u64 {
                // Lossless for unsigned types up to 64 bits; two's complement for signed ones.
                self as u64
            }
        })*
    };
}

seed_keys!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

thread_local! {
    // The innermost `Seed::scope` of this thread, if any.
    static SCOPE: Cell<Option<Scope>> = const { Cell::new(None) };
}

/// A scope's seed and how many fresh seeds it has given.
#[derive(Clone, Copy)]
struct Scope {
    seed: Seed,
    taken: u64,
}

/// Puts back the scope that was current before `Seed::scope`, on return or unwind.
struct RestoreScope(Option<Scope>);

impl Drop for RestoreScope {
    // Runs once per op a run's worker pulls: inlined, it costs a store.
    #[inline]
    fn drop(&mut self) {
        SCOPE.set(self.0);
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
