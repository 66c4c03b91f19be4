use std::iter::FusedIterator;

use crate::Generator;
use crate::adapters::hints::sum_hints;

/// Round-robin over generators, skipping exhausted ones, until every one of them is exhausted.
///
/// One op from each child in turn, as [`mix`](crate::mix) does; but where
/// `mix` ends at its first exhausted child, `mix_all` drops that child and
/// goes on with the others, so it yields every op of every child. A child
/// that has once returned `None` is never asked again.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops: Vec<_> = mix_all([cycle([1]).take(3), cycle([2]).take(1), cycle([3]).take(2)]).collect();
/// assert_eq!(ops, [1, 2, 3, 1, 3, 1]);
///
/// // `mix` over the same children ends at the second child's second turn.
/// let ops: Vec<_> = mix([cycle([1]).take(3), cycle([2]).take(1), cycle([3]).take(2)]).collect();
/// assert_eq!(ops, [1, 2, 3, 1]);
/// ```
pub fn mix_all<G: Generator>(gens: impl IntoIterator<Item = G>) -> MixAll<G> {
    MixAll {
        children: gens.into_iter().collect(),
        next: 0,
    }
}

/// Round-robin over generators until every one of them is exhausted.
///
/// This struct is created by [`mix_all`]. See its documentation for more.
///
/// A clone allocates one buffer (its children), plus what the children's
/// clones allocate; [`clone_from`](Clone::clone_from), which
/// [`cycle_n`](crate::Generator::cycle_n) restarts with, reuses it.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct MixAll<G> {
    /// The children not yet exhausted, in their original order.
    children: Vec<G>,
    next: usize,
}

// By hand, for `clone_from`: a restart (`cycle_n`) restores the run in place,
// reusing its buffers instead of allocating new ones.
impl<G: Clone> Clone for MixAll<G> {
    fn clone(&self) -> Self {
        MixAll {
            children: self.children.clone(),
            next: self.next,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        // A `Vec` keeps its capacity: the run's children never outnumber the original's.
        self.children.clone_from(&source.children);
        self.next = source.next;
    }
}

impl<G: Generator> Iterator for MixAll<G> {
    type Item = G::Item;

    #[inline]
    fn next(&mut self) -> Option<G::Item> {
        while !self.children.is_empty() {
            if let Some(op) = self.children[self.next].next() {
                self.next += 1;
                if self.next == self.children.len() {
                    self.next = 0;
                }
                return Some(op);
            }
            // `remove`, not `swap_remove`: the turns of the others keep their order.
            self.children.remove(self.next);
            if self.next == self.children.len() {
                self.next = 0;
            }
        }
        None
    }

    /// Every op of every child is yielded, so the hint is the sum of the children's.
    fn size_hint(&self) -> (usize, Option<usize>) {
        sum_hints(self.children.iter().map(Iterator::size_hint))
    }
}

impl<G: Generator> FusedIterator for MixAll<G> {}
