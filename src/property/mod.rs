//! Property tests over op sequences: workloads, shrinkable sequences, and replayable runs.

#[cfg(feature = "quickcheck")]
mod arbitrary;
mod check;
mod op_sequence;
mod panics;
mod report;
mod shrink;
mod workload;

pub use self::check::{Check, DEFAULT_ITERATIONS, ITERATIONS_ENV};
pub use self::op_sequence::{OpSequence, Shorter};
pub use self::report::{Failure, Passed};
pub use self::workload::Workload;
