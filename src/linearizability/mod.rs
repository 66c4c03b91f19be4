//! Linearizability checking: is a concurrent history explained by some
//! sequential order of its ops, consistent with real time?
//!
//! Give [`check`] (or a [`Checker`] with a budget) a [`Model`], the
//! sequential specification, and the history's ops as [`Operation`]s: each
//! an invocation by a process at some position, and its completion (`ok`
//! with an output, `fail`, or unknown `info`). The answer is a [`Verdict`]:
//! linearizable, not linearizable with a [`Counterexample`], or unknown when
//! a budget ran out.
//!
//! The search is Wing & Gong's with Lowe's memo of (linearized ops, state),
//! as in Knossos's `wgl` and Porcupine. A model that partitions its ops by
//! key ([`Kv`]) is checked per key, in parallel where that pays.
//! Built-in models: [`Register`], [`CasRegister`], [`Kv`] and [`Queue`].
//!
//! # Examples
//!
//! ```
//! use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
//!
//! // Positions are indices in the history. Process 2's cas timed out (info):
//! // it may have applied, which is the only way process 1 can read 3.
//! let history = [
//!     Operation::ok(0, CasOp::Write(1), 0, None, 1),
//!     Operation::info(2, CasOp::Cas(1, 3), 2),
//!     Operation::ok(1, CasOp::Read, 3, Some(3), 4),
//! ];
//! assert_eq!(check(&CasRegister::new(), &history), Verdict::Linearizable);
//!
//! // Without it, the read of 3 is explained by nothing.
//! let Verdict::NotLinearizable(counterexample) = check(&CasRegister::new(), &[
//!     history[0].clone(),
//!     history[2].clone(),
//! ]) else {
//!     panic!("nothing wrote 3");
//! };
//! assert_eq!(counterexample.blocked(), 1);
//! ```

mod bitset;
mod cache;
mod cas_register;
mod checker;
mod edn;
mod from_history;
mod intern;
mod kv;
mod model;
mod operation;
mod picture;
mod queue;
mod register;
mod search;
mod verdict;

pub use self::cas_register::{CasOp, CasRegister};
pub use self::checker::{Checker, check};
pub use self::edn::{EdnCheck, EdnModel, EdnOpError};
pub use self::from_history::operations;
pub use self::kv::{Kv, KvOp};
pub use self::model::Model;
pub use self::operation::{Operation, Outcome};
pub use self::picture::picture;
pub use self::queue::{Queue, QueueOp};
pub use self::register::{Register, RegisterOp};
pub use self::verdict::{Counterexample, Exhausted, Verdict};
