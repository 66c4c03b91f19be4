//! Elle's transactional workloads: list-append and read-write registers.
//!
//! [Elle](https://github.com/jepsen-io/elle) checks histories of transactions
//! for isolation anomalies, if every value written to a key is unique. These
//! generators give such transactions, as Elle's `append-txns` and `wr-txns`
//! do: [`list_append`] (`[[:append 1 2] [:r 1 nil]]`) and [`rw_register`]
//! (`[[:w 1 2] [:r 1 nil]]`), over a small pool of active keys drawn from a
//! [`KeyDist`], each key retired for a fresh one after a number of writes.
//! A [`Txn`] names itself in a [`History`](crate::History)'s EDN in exactly
//! Elle's shape (`:f :txn`), so `elle-cli` can check a history a run recorded.
//!
//! ```
//! use lockstep_gen::elle::{KeyDist, list_append};
//! use lockstep_gen::history::EdnOp;
//!
//! let txns = list_append().key_count(3).txn_len(1..=3).key_dist(KeyDist::Uniform).seed(7);
//! for txn in txns.take(5) {
//!     assert_eq!(txn.f().to_string(), ":txn");
//!     println!("{}", txn.value()); // [[:append 2 1] [:r 0 nil]], say
//! }
//! ```

mod txn;
mod txns;

pub use self::txn::{Mop, ReadValue, Txn};
pub use self::txns::{KeyDist, Txns, list_append, rw_register};
