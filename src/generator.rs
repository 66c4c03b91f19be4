//! The `Generator` trait: an iterator of ops that a worker pulls from.

use crate::CycleN;

/// A stream of ops: an [`Iterator`] that a worker pulls from, one op at a time.
///
/// Every generator of this crate implements it, and so do std's adapters over
/// generators ([`take`](Iterator::take), [`map`](Iterator::map),
/// [`chain`](Iterator::chain), [`filter`](Iterator::filter), …), so a chain of
/// iterator calls on a generator is still a generator. The trait adds only
/// what `Iterator` lacks, under names that neither `Iterator` nor
/// `itertools::Itertools` nor `rand::seq::IteratorRandom` use, so every call
/// stays unambiguous with all of them in scope.
///
/// It is dyn-compatible: generators of different kinds mix as
/// `Box<dyn Generator<Item = T> + Send>`.
///
/// The seed document's `reduce(gen, acc, fun)` is [`Iterator::fold`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::prelude::*;
///
/// #[derive(Clone, Debug, PartialEq)]
/// enum Op { Read, Write(u8) }
///
/// let ops = random([Op::Read, Op::Write(1), Op::Write(2)]).seed(42).take(50);
/// let mut writes = 0;
/// let n = ops.each(|op| if let Op::Write(_) = op { writes += 1 });
/// assert_eq!(n, 50);
/// assert!(writes > 0);
///
/// // Generators of different kinds, side by side.
/// let boxed: Vec<Box<dyn Generator<Item = u8> + Send>> = vec![
///     Box::new(cycle([1, 2])),
///     Box::new(random([7, 8, 9]).seed(1).map(|x| x * 2)),
/// ];
/// assert_eq!(mix(boxed).take(4).count(), 4);
/// ```
pub trait Generator: Iterator {
    /// Calls `f` with every op until the generator is exhausted, and returns how many ops there were.
    ///
    /// The seed document's `each`. On an endless generator it never returns:
    /// bound it first, with [`take`](Iterator::take) for instance.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let mut log = Vec::new();
    /// let n = cycle(["read", "write"]).take(3).each(|op| log.push(op));
    /// assert_eq!(n, 3);
    /// assert_eq!(log, ["read", "write", "read"]);
    /// ```
    fn each<F>(self, mut f: F) -> usize
    where
        Self: Sized,
        F: FnMut(Self::Item),
    {
        self.fold(0, |count, op| {
            f(op);
            count + 1
        })
    }

    /// The next op and the generator that continues after it: the seed document's persistent `next`.
    ///
    /// `None` once the generator is exhausted. As the generator is a value,
    /// stepping a clone twice gives the same op twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let ops = random(0..1000).seed(7);
    /// let (first, rest) = ops.clone().step().unwrap();
    /// let (again, _) = ops.step().unwrap();
    /// assert_eq!(first, again);
    ///
    /// let (second, _) = rest.step().unwrap();
    /// let both: Vec<_> = random(0..1000).seed(7).take(2).collect();
    /// assert_eq!(both, [first, second]);
    ///
    /// assert!(cycle([1]).take(0).step().is_none());
    /// ```
    fn step(mut self) -> Option<(Self::Item, Self)>
    where
        Self: Sized,
    {
        let op = self.next()?;
        Some((op, self))
    }

    /// Runs the whole generator `n` times, each time from the state it has now: Jepsen's `(cycle n gen)`.
    ///
    /// Each run starts from a clone of this generator, so it replays the same
    /// ops, seed included. [`Iterator::cycle`] is the same, forever. `n = 0`
    /// gives no op; an endless generator never gets to its second run.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::prelude::*;
    ///
    /// let once: Vec<_> = random(0..100).seed(5).take(3).collect();
    /// let thrice: Vec<_> = random(0..100).seed(5).take(3).cycle_n(3).collect();
    /// assert_eq!(thrice, [&once[..], &once[..], &once[..]].concat());
    ///
    /// // Forever: std's `cycle`.
    /// let forever = random(0..100).seed(5).take(3).cycle();
    /// assert!(forever.take(9).eq(thrice));
    /// ```
    fn cycle_n(self, n: usize) -> CycleN<Self>
    where
        Self: Sized + Clone,
    {
        CycleN::new(self, n)
    }
}

impl<G: Generator + ?Sized> Generator for Box<G> {}

impl<G: Generator + ?Sized> Generator for &mut G {}
