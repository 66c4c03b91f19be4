//! Running a workload: clients, workers and a nemesis, in real time or in a simulation that replays exactly.

mod client;
mod latency;
mod limits;
mod nemesis;
mod process;
mod run_op;
mod runner;
mod simulate;
mod threads;

pub use self::client::{Client, ClientFn, client_fn};
pub use self::latency::Latency;
pub use self::nemesis::{Nemesis, NemesisPlan, NoFault, NoNemesis};
pub use self::run_op::RunOp;
pub use self::runner::{Run, RunHistory, worker_ops};
