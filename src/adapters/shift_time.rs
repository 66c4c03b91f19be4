use std::iter::FusedIterator;
use std::time::Duration;

use crate::Timed;

/// A timed stream with every op's time moved later by an offset.
///
/// This struct is created by [`Generator::shift_time`](crate::Generator::shift_time). See its documentation for more.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct ShiftTime<G> {
    inner: G,
    offset: Duration,
}

impl<G> ShiftTime<G> {
    pub(crate) fn new(inner: G, offset: Duration) -> Self {
        ShiftTime { inner, offset }
    }
}

impl<T, G: Iterator<Item = Timed<T>>> Iterator for ShiftTime<G> {
    type Item = Timed<T>;

    #[inline]
    fn next(&mut self) -> Option<Timed<T>> {
        let op = self.inner.next()?;
        let at = op.at.checked_add(self.offset).unwrap_or_else(|| {
            panic!(
                "shift_time: {:?} + {:?} is past the largest Duration",
                op.at, self.offset
            )
        });
        Some(Timed::new(at, op.op))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, G: FusedIterator<Item = Timed<T>>> FusedIterator for ShiftTime<G> {}

// By hand, for `clone_from`: a restart restores the inner generator in place.
impl<G: Clone> Clone for ShiftTime<G> {
    fn clone(&self) -> Self {
        ShiftTime {
            inner: self.inner.clone(),
            offset: self.offset,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.inner.clone_from(&source.inner);
        self.offset = source.offset;
    }
}
