//! Generators built from other generators.

mod mix;
mod std_iter;

pub use self::mix::{Mix, mix};
