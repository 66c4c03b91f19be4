//! A compare-and-set register, Knossos's `cas-register` and Porcupine's etcd model.

use std::fmt::Debug;
use std::hash::Hash;

use super::Model;
use super::register::{info_suffix, read, read_text, value_text};
use crate::history::{Edn, EdnOp, ToEdn};

/// An op on a [`CasRegister`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::CasOp;
///
/// let ops = [CasOp::Read, CasOp::Write(1), CasOp::Cas(1, 2)];
/// assert_eq!(ops.len(), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasOp<V> {
    /// Returns the value: `Some(v)`, or `None` (nil) while nothing was written.
    Read,
    /// Sets the value.
    Write(V),
    /// Sets the value to the second if it is the first. In Jepsen, a cas
    /// that did not apply completes as `fail`, which the check drops; an `ok`
    /// cas applied.
    Cas(V, V),
}

/// A register of values `V` that ops read, write and compare-and-set.
///
/// The state is `Option<V>`, `None` (nil) until the first write unless
/// [`with_value`](CasRegister::with_value) set it; a read of an unset
/// register returns `None`. An op's output is an `Option<V>`: for a read, the
/// value it returned; for a write or cas, anything (it is ignored: an `ok`
/// one applied).
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, check};
///
/// let history = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 1),
///     Operation::ok(1, CasOp::Cas(1, 2), 2, None, 3),
///     Operation::ok(0, CasOp::Cas(1, 3), 4, None, 5), // 1 was gone
/// ];
/// assert!(!check(&CasRegister::new(), &history).is_linearizable());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CasRegister<V> {
    initial: Option<V>,
}

impl<V> CasRegister<V> {
    /// A register that holds nothing (nil) until written.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Model};
    ///
    /// assert_eq!(CasRegister::<u64>::new().init(), None);
    /// ```
    pub const fn new() -> Self {
        CasRegister { initial: None }
    }

    /// A register that starts with `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Model};
    ///
    /// assert_eq!(CasRegister::with_value(0).init(), Some(0));
    /// // A `const fn`: a model can be a constant.
    /// const MODEL: CasRegister<u64> = CasRegister::with_value(0);
    /// assert_eq!(MODEL.init(), Some(0));
    /// ```
    pub const fn with_value(value: V) -> Self {
        CasRegister {
            initial: Some(value),
        }
    }
}

impl<V: Clone + Eq + Hash + Debug> Model for CasRegister<V> {
    type Input = CasOp<V>;
    type Output = Option<V>;
    type State = Option<V>;

    fn init(&self) -> Option<V> {
        self.initial.clone()
    }

    fn step(
        &self,
        state: &Option<V>,
        input: &CasOp<V>,
        output: Option<&Option<V>>,
    ) -> Option<Option<V>> {
        match input {
            CasOp::Read => read(state, output),
            CasOp::Write(v) => Some(Some(v.clone())),
            // An info cas that would not apply here is the same as one never applied, which the search also tries.
            CasOp::Cas(from, to) => (state.as_ref() == Some(from)).then(|| Some(to.clone())),
        }
    }

    fn describe_operation(&self, input: &CasOp<V>, output: Option<&Option<V>>) -> String {
        let op = match input {
            CasOp::Read => read_text(output),
            CasOp::Write(v) => format!("write {v:?}"),
            CasOp::Cas(from, to) => format!("cas {from:?} -> {to:?}"),
        };
        info_suffix(op, output)
    }

    fn describe_state(&self, state: &Option<V>) -> String {
        value_text(state)
    }
}

/// In a history's EDN, Jepsen's cas-register ops: `:read`, `:write v`, `:cas [old new]`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::EdnOp;
/// use lockstep_gen::linearizability::CasOp;
///
/// assert_eq!(CasOp::Cas(1, 2).f().to_string(), ":cas");
/// assert_eq!(CasOp::Cas(1, 2).value().to_string(), "[1 2]");
/// assert_eq!(CasOp::<u64>::Read.value().to_string(), "nil");
/// ```
impl<V: ToEdn> EdnOp for CasOp<V> {
    fn f(&self) -> Edn {
        Edn::keyword(match self {
            CasOp::Read => "read",
            CasOp::Write(_) => "write",
            CasOp::Cas(..) => "cas",
        })
    }

    fn value(&self) -> Edn {
        match self {
            CasOp::Read => Edn::Nil,
            CasOp::Write(v) => v.to_edn(),
            CasOp::Cas(old, new) => Edn::Vector(vec![old.to_edn(), new.to_edn()]),
        }
    }
}
