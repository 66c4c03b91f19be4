//! Generators built from other generators.

mod boxed;
mod cycle_n;
mod delay;
mod hints;
mod merge_timed;
mod mix;
mod mix_all;
mod mix_random;
mod mix_swarm;
mod paced;
#[cfg(feature = "tokio")]
mod paced_stream;
mod phases;
mod shift_time;
mod stagger;
mod time_limit;
mod timed_cycle;

pub use self::boxed::BoxedGenerator;
pub use self::cycle_n::CycleN;
pub use self::delay::Delay;
pub use self::merge_timed::{MergeTimed, merge_timed};
pub use self::mix::{Mix, mix};
pub use self::mix_all::{MixAll, mix_all};
pub use self::mix_random::{MixRandom, mix_random, mix_weighted};
pub use self::mix_swarm::{MixSwarm, mix_swarm};
pub use self::paced::Paced;
#[cfg(feature = "tokio")]
pub use self::paced_stream::PacedStream;
pub use self::phases::{Phases, phases};
pub use self::shift_time::ShiftTime;
pub use self::stagger::Stagger;
pub use self::time_limit::TimeLimit;
pub use self::timed_cycle::TimedCycle;
