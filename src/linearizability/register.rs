//! A read/write register, Knossos's `register`.

use std::fmt::Debug;
use std::hash::Hash;

use super::Model;
use crate::history::{Edn, EdnOp, ToEdn};

/// An op on a [`Register`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::RegisterOp;
///
/// let ops = [RegisterOp::Read, RegisterOp::Write(5)];
/// assert_ne!(ops[0], ops[1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegisterOp<V> {
    /// Returns the value: `Some(v)`, or `None` (nil) while nothing was written.
    Read,
    /// Sets the value.
    Write(V),
}

/// A register of values `V` that ops read and write.
///
/// The state is `Option<V>`, `None` (nil) until the first write unless
/// [`with_value`](Register::with_value) set it. An op's output is also an
/// `Option<V>`: for a read, the value it returned (`None`: nil); for a
/// write, anything (it is ignored, as Jepsen's `ok` write returns the value
/// it wrote). An `info` read may have returned anything, so it never
/// constrains the history.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{Operation, Register, RegisterOp, check};
///
/// let history = [
///     Operation::ok(0, RegisterOp::Read, 0, None, 1),
///     Operation::ok(0, RegisterOp::Write(1), 2, None, 3),
///     Operation::ok(1, RegisterOp::Read, 4, Some(1), 5),
/// ];
/// assert!(check(&Register::new(), &history).is_linearizable());
/// let stale = [history[1].clone(), Operation::ok(1, RegisterOp::Read, 4, None, 5)];
/// assert!(!check(&Register::new(), &stale).is_linearizable());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Register<V> {
    initial: Option<V>,
}

impl<V> Register<V> {
    /// A register that holds nothing (nil) until written.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Model, Register};
    ///
    /// assert_eq!(Register::<u64>::new().init(), None);
    /// ```
    pub const fn new() -> Self {
        Register { initial: None }
    }

    /// A register that starts with `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Model, Register};
    ///
    /// assert_eq!(Register::with_value(0).init(), Some(0));
    /// // A `const fn`: a model can be a constant.
    /// const MODEL: Register<u64> = Register::with_value(0);
    /// assert_eq!(MODEL.init(), Some(0));
    /// ```
    pub const fn with_value(value: V) -> Self {
        Register {
            initial: Some(value),
        }
    }
}

impl<V: Clone + Eq + Hash + Debug> Model for Register<V> {
    type Input = RegisterOp<V>;
    type Output = Option<V>;
    type State = Option<V>;

    fn init(&self) -> Option<V> {
        self.initial.clone()
    }

    fn step(
        &self,
        state: &Option<V>,
        input: &RegisterOp<V>,
        output: Option<&Option<V>>,
    ) -> Option<Option<V>> {
        match input {
            RegisterOp::Read => read(state, output),
            RegisterOp::Write(v) => Some(Some(v.clone())),
        }
    }

    fn describe_operation(&self, input: &RegisterOp<V>, output: Option<&Option<V>>) -> String {
        let op = match input {
            RegisterOp::Read => read_text(output),
            RegisterOp::Write(v) => format!("write {v:?}"),
        };
        info_suffix(op, output)
    }

    fn describe_state(&self, state: &Option<V>) -> String {
        value_text(state)
    }
}

/// A read of `state` that returned `output` (`None`: unknown).
pub(crate) fn read<V: Clone + Eq>(
    state: &Option<V>,
    output: Option<&Option<V>>,
) -> Option<Option<V>> {
    match output {
        Some(seen) if seen != state => None,
        _ => Some(state.clone()),
    }
}

pub(crate) fn value_text<V: Debug>(value: &Option<V>) -> String {
    match value {
        Some(v) => format!("{v:?}"),
        None => "nil".to_owned(),
    }
}

pub(crate) fn read_text<V: Debug>(output: Option<&Option<V>>) -> String {
    match output {
        Some(seen) => format!("read -> {}", value_text(seen)),
        None => "read".to_owned(),
    }
}

/// Marks an op whose outcome is unknown.
pub(crate) fn info_suffix<O>(text: String, output: Option<&O>) -> String {
    if output.is_some() {
        text
    } else {
        text + " (info)"
    }
}

/// In a history's EDN, Jepsen's register ops: `:read`, `:write v`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::EdnOp;
/// use lockstep_gen::linearizability::RegisterOp;
///
/// assert_eq!(RegisterOp::Write(3).f().to_string(), ":write");
/// assert_eq!(RegisterOp::Write(3).value().to_string(), "3");
/// ```
impl<V: ToEdn> EdnOp for RegisterOp<V> {
    fn f(&self) -> Edn {
        Edn::keyword(match self {
            RegisterOp::Read => "read",
            RegisterOp::Write(_) => "write",
        })
    }

    fn value(&self) -> Edn {
        match self {
            RegisterOp::Read => Edn::Nil,
            RegisterOp::Write(v) => v.to_edn(),
        }
    }
}
