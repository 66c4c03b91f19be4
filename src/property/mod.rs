//! Property tests over op sequences: workloads, shrinkable sequences, and replayable runs.

#[cfg(feature = "quickcheck")]
mod arbitrary;
mod check;
mod op_sequence;
mod panics;
mod workload;

pub use self::check::{Check, DEFAULT_ITERATIONS, Failure, ITERATIONS_ENV, Passed};
pub use self::op_sequence::{OpSequence, Shorter};
pub use self::workload::Workload;
