//! What every seeded key distribution shares: a seed, an RNG, and a sampler that turns draws into keys.

use crate::seeded_rng::SeededRng;

/// A distribution over keys `0..n`: how a seeded source turns raw draws into a key.
///
/// The samplers are values apart from their RNG, so that a workload (Elle's
/// transactions) can draw keys from its own RNG.
pub(crate) trait PickKey {
    /// One key, drawn from `rng`.
    fn pick_key(&self, rng: &mut SeededRng) -> u64;
}

/// `seed`, `initial_seed`, `Iterator`, `FusedIterator` and `Debug` for a key source
/// `$Type { sampler, rng }`, whose doc examples build it with `$example`.
macro_rules! key_source {
    ($Type:ident, $example:literal, [$($field:ident),*]) => {
        impl $Type {
            /// The same distribution, restarted from `seed`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use lockstep_gen::prelude::*;\n\nlet a = ", $example, ".seed(3);")]
            #[doc = concat!("let b = ", $example, ".seed(Seed::from(3));")]
            /// assert!(a.take(20).eq(b.take(20)));
            /// ```
            pub fn seed(self, seed: impl Into<$crate::Seed>) -> Self {
                $Type {
                    rng: $crate::seeded_rng::SeededRng::new(seed.into()),
                    ..self
                }
            }

            /// The seed this stream started from: the one given to `seed`, or the fresh one it was built with.
            ///
            /// # Examples
            ///
            /// ```
            /// use lockstep_gen::prelude::*;
            ///
            #[doc = concat!("assert_eq!(", $example, ".seed(9).initial_seed(), Seed::from(9));")]
            /// ```
            #[must_use]
            pub fn initial_seed(&self) -> $crate::Seed {
                self.rng.seed()
            }
        }

        impl Iterator for $Type {
            type Item = u64;

            #[inline]
            fn next(&mut self) -> Option<u64> {
                use $crate::sources::key_source::PickKey;
                Some(self.sampler.pick_key(&mut self.rng))
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                (usize::MAX, None)
            }
        }

        impl std::iter::FusedIterator for $Type {}

        impl std::fmt::Debug for $Type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($Type))
                    $(.field(stringify!($field), &self.sampler.$field))*
                    .field("seed", &self.rng.seed())
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use key_source;

/// The error for a key count outside `1..=2^63`.
pub(crate) fn check_key_count(n: u64) -> Result<u64, crate::Error> {
    if n == 0 || n > 1 << 63 {
        return Err(crate::Error::InvalidParameter {
            name: "key count",
            value: n.to_string(),
            expected: "a count in 1..=2^63".into(),
        });
    }
    Ok(n)
}
