//! Logical time as data: an op and the moment it is due.

use std::time::Duration;

/// An op and its logical time: when, from the start of the run, it is due.
///
/// Times are data, not clocks: [`stagger`](crate::Generator::stagger) and
/// [`delay`](crate::Generator::delay) compute them from the seed alone, in
/// whole nanoseconds, so the same seed gives the same timeline to the
/// nanosecond. A simulation reads them and never sleeps; a worker thread
/// that runs against a real system sleeps until each with
/// [`paced`](crate::Generator::paced).
///
/// Ordered by time first, then by op.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
/// use std::time::Duration;
///
/// let ops: Vec<Timed<&str>> = cycle(["read", "write"]).delay(Duration::from_millis(10)).take(3).collect();
/// assert_eq!(ops[2], Timed::new(Duration::from_millis(20), "read"));
/// assert_eq!(ops[1].map(str::len), Timed::new(Duration::from_millis(10), 5));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timed<T> {
    /// When the op is due, from the start of the run.
    pub at: Duration,
    /// The op.
    pub op: T,
}

impl<T> Timed<T> {
    /// `op`, due at `at`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Timed;
    /// use std::time::Duration;
    ///
    /// let t = Timed::new(Duration::from_nanos(5), "read");
    /// assert_eq!((t.at.as_nanos(), t.op), (5, "read"));
    /// ```
    pub const fn new(at: Duration, op: T) -> Self {
        Timed { at, op }
    }

    /// The same time, with `f` applied to the op: to tag ops with their worker before a merge, say.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::Timed;
    /// use std::time::Duration;
    ///
    /// let t = Timed::new(Duration::from_secs(1), "read").map(|op| (3, op));
    /// assert_eq!(t, Timed::new(Duration::from_secs(1), (3, "read")));
    /// ```
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Timed<U> {
        Timed {
            at: self.at,
            op: f(self.op),
        }
    }
}

/// `d` in whole nanoseconds, for the timeline's `u64` arithmetic.
#[track_caller]
pub(crate) fn nanos(d: Duration, what: &str) -> u64 {
    // A match, not `unwrap_or_else`: #[track_caller] does not reach into a closure.
    match u64::try_from(d.as_nanos()) {
        Ok(nanos) => nanos,
        Err(_) => panic!("{what}: {d:?} is more than u64::MAX nanoseconds"),
    }
}
