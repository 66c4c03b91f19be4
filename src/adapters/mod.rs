//! Generators built from other generators.

mod cycle_n;
mod mix;
mod mix_all;
mod mix_random;
mod phases;
mod std_iter;

pub use self::cycle_n::CycleN;
pub use self::mix::{Mix, mix};
pub use self::mix_all::{MixAll, mix_all};
pub use self::mix_random::{MixRandom, mix_random, mix_weighted};
pub use self::phases::{Phases, phases};
