//! The one error type of the crate.

use std::fmt;

/// What went wrong when building a generator or reading a seed.
///
/// Every constructor that can fail returns it early, at construction, so a
/// generator that was built never fails later on.
///
/// # Examples
///
/// ```
/// use lockstep_gen::{Error, Random};
///
/// let err = Random::<u8>::try_new([]).unwrap_err();
/// assert_eq!(err, Error::EmptyPool);
/// assert_eq!(err.to_string(), "the pool of ops is empty: give at least one op");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The pool of ops was empty, so there is nothing to pick.
    EmptyPool,
    /// Every weight given to [`weighted`](crate::weighted) was zero, so no op can be picked.
    AllWeightsZero {
        /// How many ops were given, all with weight zero.
        ops: usize,
    },
    /// A weighted pool with more ops than its exact integer arithmetic allows.
    PoolTooLarge {
        /// How many ops were given.
        ops: usize,
        /// The most that is allowed ([`u32::MAX`]).
        max: usize,
    },
    /// A seed's text (from `LOCKSTEP_SEED`, say) is neither a decimal `u64` nor `0x`-prefixed hex.
    InvalidSeed {
        /// The text that was read.
        text: String,
    },
    /// The operating system gave no randomness for a fresh seed.
    NoEntropy {
        /// What the operating system said.
        reason: String,
    },
    /// A parameter of a generator (a key count, a fraction, an exponent) is out of its range.
    InvalidParameter {
        /// The parameter's name, as the constructor's docs name it.
        name: &'static str,
        /// The value given, as text.
        value: String,
        /// What it must be.
        expected: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyPool => f.write_str("the pool of ops is empty: give at least one op"),
            Error::AllWeightsZero { ops } => write!(
                f,
                "all {ops} weights are zero: give at least one op a weight above zero"
            ),
            Error::PoolTooLarge { ops, max } => write!(
                f,
                "{ops} ops are more than the {max} a weighted pool can hold"
            ),
            Error::InvalidSeed { text } => write!(
                f,
                "invalid seed {text:?}: expected a decimal u64 (like 42) or 0x-prefixed hex (like 0x2a)"
            ),
            Error::NoEntropy { reason } => {
                write!(
                    f,
                    "the operating system gave no randomness for a fresh seed: {reason}"
                )
            }
            Error::InvalidParameter {
                name,
                value,
                expected,
            } => write!(f, "invalid {name} {value}: expected {expected}"),
        }
    }
}

impl std::error::Error for Error {}
