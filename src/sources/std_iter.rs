//! std's iterator sources are generators.
//!
//! [`once`](std::iter::once), [`repeat`](std::iter::repeat),
//! [`repeat_n`](std::iter::repeat_n) and their kin already are Jepsen's
//! `once` and `repeat`; rather than write them again, the types they return
//! implement [`Generator`]. The prelude re-exports the three constructors.

use std::iter::{Empty, FromFn, Once, OnceWith, Repeat, RepeatN, RepeatWith};

use crate::Generator;

impl<T> Generator for Empty<T> {}
impl<T> Generator for Once<T> {}
impl<T, F: FnOnce() -> T> Generator for OnceWith<F> {}
impl<T: Clone> Generator for Repeat<T> {}
impl<T: Clone> Generator for RepeatN<T> {}
impl<T, F: FnMut() -> T> Generator for RepeatWith<F> {}
impl<T, F: FnMut() -> Option<T>> Generator for FromFn<F> {}
