use std::iter::FusedIterator;

use crate::Generator;
use crate::adapters::hints::sum_hints;

/// Generators run one after another: every op of the first, then every op of the next, and so on.
///
/// Jepsen's `phases`, for any number of phases; for two, std's
/// [`chain`](Iterator::chain) does the same. A phase that has once returned
/// `None` is never asked again. Phases of different kinds go in
/// [`boxed`](crate::Generator::boxed).
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let setup = cycle(["write"]).take(2);
/// let load = random(["read", "cas"]).seed(1).take(3);
/// let check = cycle(["final-read"]).take(1);
/// let ops: Vec<_> = phases([setup.boxed(), load.boxed(), check.boxed()]).collect();
/// assert_eq!(ops.len(), 6);
/// assert_eq!(ops[..2], ["write", "write"]);
/// assert_eq!(ops[5], "final-read");
/// ```
pub fn phases<G: Generator>(gens: impl IntoIterator<Item = G>) -> Phases<G> {
    Phases {
        children: gens.into_iter().collect(),
        current: 0,
    }
}

/// Generators run one after another.
///
/// This struct is created by [`phases`]. See its documentation for more.
///
/// A clone allocates one buffer (its children), plus what the children's
/// clones allocate; [`clone_from`](Clone::clone_from), which
/// [`cycle_n`](crate::Generator::cycle_n) restarts with, reuses it.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Phases<G> {
    children: Box<[G]>,
    current: usize,
}

// By hand, for `clone_from`: a restart (`cycle_n`) restores the run in place,
// reusing its buffers instead of allocating new ones.
impl<G: Clone> Clone for Phases<G> {
    fn clone(&self) -> Self {
        Phases {
            children: self.children.clone(),
            current: self.current,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.children.clone_from(&source.children);
        self.current = source.current;
    }
}

impl<G: Generator> Iterator for Phases<G> {
    type Item = G::Item;

    #[inline]
    fn next(&mut self) -> Option<G::Item> {
        while let Some(phase) = self.children.get_mut(self.current) {
            if let Some(op) = phase.next() {
                return Some(op);
            }
            self.current += 1;
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        sum_hints(
            self.children[self.current..]
                .iter()
                .map(Iterator::size_hint),
        )
    }
}

impl<G: Generator> FusedIterator for Phases<G> {}
