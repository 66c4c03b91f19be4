use std::iter::FusedIterator;

use crate::Error;
use crate::sources::key_source::check_key_count;

/// Keys `0, 1, …, n - 1`, then again from 0, forever.
///
/// As YCSB's sequential key chooser: every key in turn, as a load phase
/// inserts them. It draws nothing, so it has no seed.
///
/// # Panics
///
/// If `n` is 0 or above 2^63. [`Sequential::try_new`] returns this as an
/// [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// assert!(sequential(3).take(7).eq([0, 1, 2, 0, 1, 2, 0]));
/// ```
#[track_caller]
pub fn sequential(n: u64) -> Sequential {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Sequential::try_new(n) {
        Ok(generator) => generator,
        Err(e) => panic!("sequential: {e}"),
    }
}

/// Keys `0..n` in order, round and round.
///
/// This struct is created by [`sequential`] or [`Sequential::try_new`]. See [`sequential`] for more.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Sequential {
    n: u64,
    next: u64,
}

impl Sequential {
    /// Keys `0..n` in order, round and round; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `n` is 0 or above 2^63.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Error, Sequential};
    ///
    /// assert!(Sequential::try_new(5).is_ok());
    /// assert_eq!(
    ///     Sequential::try_new(0).unwrap_err().to_string(),
    ///     "invalid key count 0: expected a count in 1..=2^63",
    /// );
    /// ```
    pub fn try_new(n: u64) -> Result<Self, Error> {
        Ok(Sequential {
            n: check_key_count(n)?,
            next: 0,
        })
    }
}

impl Iterator for Sequential {
    type Item = u64;

    #[inline]
    fn next(&mut self) -> Option<u64> {
        let key = self.next;
        self.next = if key + 1 == self.n { 0 } else { key + 1 };
        Some(key)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }

    /// Jumps `n` keys ahead in O(1).
    fn nth(&mut self, n: usize) -> Option<u64> {
        self.next = ((u128::from(self.next) + n as u128) % u128::from(self.n)) as u64;
        self.next()
    }
}

impl FusedIterator for Sequential {}
