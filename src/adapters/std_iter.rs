//! std's iterator adapters over generators are generators.
//!
//! `take`, `map`, `chain`… belong to [`Iterator`]; rather than shadow them with
//! methods of the same name (which would make every call ambiguous), the
//! types they return implement [`Generator`] whenever what they adapt does.
//! `chain` and `zip` need only their first part to be a generator: the
//! second may be any iterator, such as a final op from `std::iter::once`.

use std::iter::{
    Chain, Cloned, Copied, Cycle, Enumerate, Filter, FilterMap, Fuse, Inspect, Map, MapWhile,
    Peekable, Skip, SkipWhile, StepBy, Take, TakeWhile, Zip,
};

use crate::Generator;

impl<G: Generator> Generator for Take<G> {}
impl<G: Generator> Generator for Skip<G> {}
impl<G: Generator> Generator for StepBy<G> {}
impl<G: Generator> Generator for Fuse<G> {}
// Jepsen's `cycle` with no count: a clone of the initial state replays the same ops, seed
// included, when `Clone` copies the whole state (see `Generator::cycle_n`).
impl<G: Generator + Clone> Generator for Cycle<G> {}
impl<G: Generator> Generator for Peekable<G> {}
impl<G: Generator> Generator for Enumerate<G> {}
impl<A: Generator, B: Iterator<Item = A::Item>> Generator for Chain<A, B> {}
impl<A: Generator, B: Iterator> Generator for Zip<A, B> {}
impl<B, G: Generator, F: FnMut(G::Item) -> B> Generator for Map<G, F> {}
impl<G: Generator, P: FnMut(&G::Item) -> bool> Generator for Filter<G, P> {}
impl<B, G: Generator, F: FnMut(G::Item) -> Option<B>> Generator for FilterMap<G, F> {}
impl<G: Generator, F: FnMut(&G::Item)> Generator for Inspect<G, F> {}
impl<G: Generator, P: FnMut(&G::Item) -> bool> Generator for TakeWhile<G, P> {}
impl<G: Generator, P: FnMut(&G::Item) -> bool> Generator for SkipWhile<G, P> {}
impl<B, G: Generator, P: FnMut(G::Item) -> Option<B>> Generator for MapWhile<G, P> {}
impl<'a, T: Clone + 'a, G: Generator<Item = &'a T>> Generator for Cloned<G> {}
impl<'a, T: Copy + 'a, G: Generator<Item = &'a T>> Generator for Copied<G> {}
