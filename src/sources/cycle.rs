use std::iter::FusedIterator;
use std::sync::Arc;

use crate::Error;

/// A fixed sequence of ops, repeated forever.
///
/// Unlike [`Iterator::cycle`], it owns its ops, so it needs no seed and no
/// source iterator to restart.
///
/// # Panics
///
/// If `ops` is empty: an empty sequence cannot repeat. [`Cycle::try_new`]
/// returns an [`Error`] instead.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops: Vec<_> = cycle(["read", "write"]).take(5).collect();
/// assert_eq!(ops, ["read", "write", "read", "write", "read"]);
/// ```
#[track_caller]
pub fn cycle<T>(ops: impl IntoIterator<Item = T>) -> Cycle<T> {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match Cycle::try_new(ops) {
        Ok(generator) => generator,
        Err(e) => panic!("cycle: {e}"),
    }
}

/// A fixed sequence of ops, repeated forever.
///
/// This struct is created by [`cycle`] or [`Cycle::try_new`]. See [`cycle`] for more.
///
/// Its ops are shared between clones (an `Arc<[T]>`), so a clone costs O(1),
/// and it is `Send` and `Sync` when `T` is both.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Cycle<T> {
    ops: Arc<[T]>,
    next: usize,
}

impl<T> Cycle<T> {
    /// The sequence `ops`, repeated forever; an error rather than a panic.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyPool`] if `ops` is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::{Cycle, Error};
    ///
    /// assert!(Cycle::try_new([1, 2]).is_ok());
    /// assert_eq!(Cycle::<u8>::try_new([]).unwrap_err(), Error::EmptyPool);
    /// ```
    pub fn try_new(ops: impl IntoIterator<Item = T>) -> Result<Self, Error> {
        let ops: Arc<[T]> = ops.into_iter().collect();
        if ops.is_empty() {
            return Err(Error::EmptyPool);
        }
        Ok(Cycle { ops, next: 0 })
    }

    /// The sequence that repeats.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// assert_eq!(cycle(1..=3).ops(), [1, 2, 3]);
    /// ```
    #[must_use]
    pub fn ops(&self) -> &[T] {
        &self.ops
    }
}

impl<T: Clone> Iterator for Cycle<T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        let op = self.ops[self.next].clone();
        self.next += 1;
        if self.next == self.ops.len() {
            self.next = 0;
        }
        Some(op)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }

    /// Jumps ahead in O(1), without cloning the skipped ops.
    fn nth(&mut self, n: usize) -> Option<T> {
        let len = self.ops.len();
        let step = n % len;
        let left = len - self.next;
        // Written so as never to add past `len`, which could overflow for huge pools of zero-sized ops.
        self.next = if step < left {
            self.next + step
        } else {
            step - left
        };
        self.next()
    }
}

impl<T: Clone> FusedIterator for Cycle<T> {}

impl<T> Clone for Cycle<T> {
    fn clone(&self) -> Self {
        Cycle {
            ops: Arc::clone(&self.ops),
            next: self.next,
        }
    }
}
