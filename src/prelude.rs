//! The names a workload uses every day, in one import.
//!
//! ```
//! use lockstep_gen::prelude::*;
//!
//! let ops: Vec<_> = mix([random(["read", "write"]).seed(1), random(["cas"]).seed(2)])
//!     .take(4)
//!     .collect();
//! assert_eq!(ops.len(), 4);
//! ```

pub use crate::{
    Generator, Seed, Timed, Workers, cycle, merge_timed, mix, mix_all, mix_random, mix_weighted,
    phases, random, weighted,
};
// Swarm testing: a seeded subset of the op kinds, with widely spread weights.
pub use crate::{mix_swarm, swarm};
// Key distributions over `0..n`.
pub use crate::{exponential, hotspot, scrambled_zipfian, sequential, zipfian};
// Jepsen's `once` and `repeat` are std's; their types are generators.
pub use std::iter::{once, repeat, repeat_n};
