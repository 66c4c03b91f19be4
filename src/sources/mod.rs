//! Generators built from a pool of ops, and key distributions over `0..n`.

mod cycle;
mod exponential;
mod float;
mod hotspot;
pub(crate) mod key_source;
mod random;
mod scrambled_zipfian;
mod sequential;
mod swarm;
mod weighted;
mod zipfian;

pub use self::cycle::{Cycle, cycle};
pub use self::exponential::{Exponential, exponential};
pub use self::hotspot::{Hotspot, hotspot};
pub use self::random::{Random, random};
pub use self::scrambled_zipfian::{ScrambledZipfian, scrambled_zipfian};
pub use self::sequential::{Sequential, sequential};
pub use self::swarm::{Swarm, swarm};
pub use self::weighted::{Weighted, weighted};
pub use self::zipfian::{Zipfian, zipfian};
// The samplers alone, for workloads that draw keys from their own RNG.
pub(crate) use self::exponential::ExponentialSampler;
pub(crate) use self::zipfian::ZipfSampler;
