//! Generators built from a pool of ops.

mod cycle;
mod random;
mod weighted;

pub use self::cycle::{Cycle, cycle};
pub use self::random::{Random, random};
pub use self::weighted::{Weighted, weighted};
