//! Swarm testing: which op kinds a seed turns on, with what weights, and a record of them for reports.

mod config;
mod record;

pub use self::config::SwarmConfig;
pub(crate) use self::config::check_weights;
pub(crate) use self::record::{Registered, recording};
