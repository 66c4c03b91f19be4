//! Size hints of adapters that yield every op of several children.

/// The hint of a stream that yields every op of each of the hinted streams.
pub(crate) fn sum_hints(
    hints: impl Iterator<Item = (usize, Option<usize>)>,
) -> (usize, Option<usize>) {
    hints.fold((0, Some(0)), |(lo, hi), (l, h)| {
        (lo.saturating_add(l), hi.and_then(|hi| hi.checked_add(h?)))
    })
}
