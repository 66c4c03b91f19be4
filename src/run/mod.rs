//! Running a workload: clients, workers and a nemesis, in real time (on threads, or on tokio tasks with the `tokio` feature) or in a simulation that replays exactly.

#[cfg(feature = "tokio")]
mod async_client;
mod client;
mod latency;
mod limits;
mod nemesis;
mod process;
mod run_op;
mod runner;
mod simulate;
#[cfg(feature = "tokio")]
mod tasks;
mod threads;

#[cfg(feature = "tokio")]
pub use self::async_client::AsyncClient;
pub use self::client::{Client, ClientFn, client_fn};
pub use self::latency::Latency;
pub use self::nemesis::{Nemesis, NemesisFaults, NemesisPlan, NoFault, NoNemesis};
pub use self::run_op::RunOp;
pub use self::runner::{Run, RunHistory, worker_ops};
