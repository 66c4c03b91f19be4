//! Histories: what a run did, event by event, in Jepsen's format.
//!
//! A [`History`] holds a run's [`Event`]s in one total order: each an
//! invocation of an op or its completion with an [`Outcome`] (`Ok`, `Fail`,
//! `Info`), by a process, at a time in nanoseconds from the run's start, with
//! the run's seed. [`History::new`] and [`History::merge`] check Jepsen's
//! rules as they build it. Views give what a test does with a history by hand:
//! [`pairs`](History::pairs) of invocation and completion, one process's
//! events, [`counts`](History::counts) by type and by op kind.
//!
//! It is written as Jepsen's EDN, one map per line, as `jepsen.history`, Elle
//! and elle-cli read it ([`History::write_edn`]), or as JSON lines
//! ([`History::write_json_lines`]). An op names itself through [`EdnOp`]
//! (`:f` and `:value`), values and errors through [`ToEdn`]; with the `serde`
//! feature, an op enum that derives `serde::Serialize` needs one empty impl
//! more, of `SerdeOp`.
//! [`read_edn`] reads any tool's Jepsen EDN history back as an
//! [`EdnHistory`] of generic [`Edn`] values, with clear errors that name the
//! line.
//!
//! # A history in a screenful
//!
//! ```
//! use lockstep_gen::history::{read_edn, Edn, EdnOp, Event, EventType, History, Outcome, ToEdn};
//! use lockstep_gen::Seed;
//!
//! #[derive(Clone, Copy, Debug, PartialEq)]
//! enum Op { Read, Write(u64) }
//!
//! impl EdnOp for Op {
//!     fn f(&self) -> Edn {
//!         Edn::keyword(match self { Op::Read => "read", Op::Write(_) => "write" })
//!     }
//!     fn value(&self) -> Edn {
//!         match self { Op::Read => Edn::Nil, Op::Write(v) => v.to_edn() }
//!     }
//! }
//!
//! // Two workers record their own events; the merge orders them by time.
//! let worker0 = vec![
//!     Event::invoke(0, 0, Op::Write(1)),
//!     Event::complete(30, 0, Outcome::Ok(None)),
//! ];
//! let worker1 = vec![
//!     Event::invoke(10, 1, Op::Read),
//!     Event::complete(50, 1, Outcome::<Option<u64>, String>::Info("timeout".into())),
//! ];
//! let history = History::merge(Seed::from(42), vec![worker0, worker1])?;
//!
//! // Views.
//! assert_eq!(history.seed(), Some(Seed::from(42)));
//! let ops: Vec<_> = history.pairs().map(|p| (*p.op(), p.end())).collect();
//! assert_eq!(ops, [(Op::Write(1), Some(2)), (Op::Read, None)]); // an :info lasts to the end
//! assert_eq!(history.process_events(1).count(), 2);
//! assert_eq!(history.counts().of(EventType::Info), 1);
//! let by_f = history.counts_by(|op| op.f().to_string());
//! assert_eq!(by_f[":write"].of(EventType::Ok), 1);
//!
//! // Jepsen's EDN, and back as generic values.
//! let edn = history.to_edn_string();
//! assert_eq!(edn.lines().nth(3), Some(
//!     r#"{:index 3, :time 50, :type :info, :process 1, :f :read, :value nil, :error "timeout"}"#,
//! ));
//! let read = read_edn(&edn)?;
//! assert_eq!(read.len(), 4);
//! assert_eq!(read[3].error().and_then(|e| e.error()), Some(&Edn::Str("timeout".into())));
//! assert_eq!(read.to_edn_string(), edn);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod edn;
mod edn_parse;
mod edn_read;
mod edn_write;
mod error;
mod event;
mod fields;
mod json;
mod merge;
mod outcome;
mod rules;
#[cfg(feature = "serde")]
mod serde_op;
mod to_edn;
mod views;

pub use self::build::History;
pub use self::edn::Edn;
pub use self::edn_read::{read_edn, read_edn_file, read_edn_file_lines, read_edn_lines};
pub use self::error::{HistoryError, ReadError, ReadErrorKind};
pub use self::event::{Event, EventBody, NEMESIS};
pub use self::fields::{EdnFields, EdnHistory};
pub use self::outcome::{EventType, Outcome};
#[cfg(feature = "serde")]
pub use self::serde_op::{SerdeOp, serde_op, serde_to_edn};
pub use self::to_edn::{EdnEvent, EdnOp, ToEdn};
pub use self::views::{Counts, Pair, Pairs, ProcessEvents};
