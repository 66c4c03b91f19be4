use std::iter::FusedIterator;

use crate::Generator;

/// Round-robin over generators: one op from each in turn, until the first of them is exhausted.
///
/// As soon as a child has no op to give, the mix is done, and stays done,
/// even if other children still have ops; a mix of no children is done at
/// once. Children of different kinds mix as
/// `Box<dyn Generator<Item = T> + Send>`; such a mix is neither `Clone` nor
/// `Debug`, as the boxes are not, so to replay it, build it again from its
/// seeds.
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// let ops: Vec<_> = mix([cycle(["r1", "r2"]), cycle(["w"])]).take(5).collect();
/// assert_eq!(ops, ["r1", "w", "r2", "w", "r1"]);
///
/// // Ends with its first exhausted child: here the second, after 2 ops.
/// let ops: Vec<_> = mix([cycle([1]).take(5), cycle([2]).take(1)]).collect();
/// assert_eq!(ops, [1, 2, 1]);
///
/// // Children of different kinds.
/// let children: Vec<Box<dyn Generator<Item = u32> + Send>> = vec![
///     Box::new(random([1, 2, 3]).seed(7)),
///     Box::new(cycle([0])),
/// ];
/// assert_eq!(mix(children).take(10).filter(|&op| op == 0).count(), 5);
/// ```
pub fn mix<G: Generator>(gens: impl IntoIterator<Item = G>) -> Mix<G> {
    let children: Box<[G]> = gens.into_iter().collect();
    Mix { children, next: 0 }
}

/// Round-robin over generators, until the first of them is exhausted.
///
/// This struct is created by [`mix`]. See its documentation for more.
///
/// A clone allocates one buffer (its children), plus what the children's
/// clones allocate; [`clone_from`](Clone::clone_from), which
/// [`cycle_n`](crate::Generator::cycle_n) restarts with, reuses it.
#[derive(Debug)]
#[must_use = "generators are lazy and do nothing unless consumed"]
pub struct Mix<G> {
    children: Box<[G]>,
    /// The child whose turn it is; `children.len()` once the mix is done, so
    /// that one bounds check both finds the child and says whether there is one.
    next: usize,
}

// By hand, for `clone_from`: a restart (`cycle_n`) restores the run in place,
// reusing its buffers instead of allocating new ones.
impl<G: Clone> Clone for Mix<G> {
    fn clone(&self) -> Self {
        Mix {
            children: self.children.clone(),
            next: self.next,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.children.clone_from(&source.children);
        self.next = source.next;
    }
}

impl<G: Generator> Iterator for Mix<G> {
    type Item = G::Item;

    #[inline]
    fn next(&mut self) -> Option<G::Item> {
        let len = self.children.len();
        let child = self.children.get_mut(self.next)?;
        let op = child.next();
        self.next = match op {
            Some(_) if self.next + 1 < len => self.next + 1,
            Some(_) => {
                // An opaque no-op keeps the wrap a branch, as in a loop by
                // hand: it predicts perfectly, and the next child's state is
                // loaded ahead. As a select (`cmov`), the next child's address
                // waits for it; at two children that cost 10-15% per op.
                std::hint::black_box(());
                0
            }
            None => len,
        };
        op
    }

    /// Runs the round-robin as plain loops over the children, with no cursor
    /// to keep per op: what `each` and `for_each` on the mix itself pull
    /// through. A consumer that may stop early (`take(n)`, `find`, `any`)
    /// pulls through `try_fold` instead, which stays std's default (its `Try`
    /// bound cannot be named on stable): one `next` per op, in the same order.
    ///
    /// The round-robin from the cursor is the round-robin from the first child
    /// over the children rotated to start at the cursor, so the children are
    /// rotated once and pulled in whole rounds. Up to four are moved out into
    /// an array of known length, whose loop the compiler unrolls and whose
    /// children's states it keeps in registers from one round to the next;
    /// through a slice, each child's state goes to memory and back every turn.
    fn fold<B, F>(self, init: B, f: F) -> B
    where
        F: FnMut(B, G::Item) -> B,
    {
        let mut children = self.children.into_vec();
        if self.next >= children.len() {
            return init;
        }
        children.rotate_left(self.next);
        let children = match <[G; 1]>::try_from(children) {
            Ok(one) => return rounds(one, init, f),
            Err(children) => children,
        };
        let children = match <[G; 2]>::try_from(children) {
            Ok(two) => return rounds(two, init, f),
            Err(children) => children,
        };
        let children = match <[G; 3]>::try_from(children) {
            Ok(three) => return rounds(three, init, f),
            Err(children) => children,
        };
        match <[G; 4]>::try_from(children) {
            Ok(four) => rounds(four, init, f),
            Err(children) => rounds(children, init, f),
        }
    }

    /// The mix stops at the first visit to a child with nothing left. The child
    /// `d` places after the cursor, with `r` ops left, fails at the mix's op
    /// `d + r * k` (`k` children), so the mix yields the least of those: bounds
    /// on each `r` give bounds on the mix.
    fn size_hint(&self) -> (usize, Option<usize>) {
        let k = self.children.len();
        if self.next == k {
            return (0, Some(0));
        }
        let mut lower = usize::MAX;
        let mut upper: Option<usize> = None;
        for (i, child) in self.children.iter().enumerate() {
            let d = if i >= self.next {
                i - self.next
            } else {
                i + (k - self.next)
            };
            let (lo, hi) = child.size_hint();
            lower = lower.min(lo.saturating_mul(k).saturating_add(d));
            if let Some(at) = hi.and_then(|hi| hi.checked_mul(k)?.checked_add(d)) {
                upper = Some(upper.map_or(at, |u| u.min(at)));
            }
        }
        (lower, upper)
    }
}

impl<G: Generator> FusedIterator for Mix<G> {}

/// Pulls whole rounds from the first child to the last, until a child has no op left.
#[inline(always)]
fn rounds<G, C, B, F>(mut children: C, mut acc: B, mut f: F) -> B
where
    G: Generator,
    C: AsMut<[G]>,
    F: FnMut(B, G::Item) -> B,
{
    loop {
        for child in children.as_mut() {
            match child.next() {
                Some(op) => acc = f(acc, op),
                None => return acc,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    /// `fold` takes a different path for 1, 2, 3, 4 and more children: each
    /// gives what `next` gives, from every cursor, whichever child ends first.
    #[test]
    fn fold_gives_what_next_gives_at_every_child_count_and_cursor() {
        for k in 1..=6u32 {
            for shortest in 0..k {
                let build = || {
                    mix((0..k).map(|c| {
                        let len = if c == shortest { 3 } else { 4 + c as usize };
                        cycle([c * 10, c * 10 + 1]).take(len)
                    }))
                };
                // By `next` alone: a `for` loop calls it, where `collect` might fold.
                let mut all = Vec::new();
                for op in build() {
                    all.push(op);
                }
                for skipped in 0..=all.len() {
                    let mut ops = build();
                    for _ in 0..skipped {
                        ops.next();
                    }
                    let folded = ops.fold(Vec::new(), |mut seen, op| {
                        seen.push(op);
                        seen
                    });
                    assert_eq!(
                        folded,
                        all[skipped..],
                        "{k} children, child {shortest} shortest, after {skipped} ops"
                    );
                }
            }
        }
    }
}
