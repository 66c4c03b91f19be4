//! An op of a run's history: a client's or the nemesis's.

use crate::history::{Edn, EdnOp};

/// An op in a run's history: a client's op, or a fault of the nemesis.
///
/// Clients and the nemesis have op types of their own; a run's
/// [`History`](crate::history::History) holds both, the nemesis's under the
/// process [`NEMESIS`](crate::history::NEMESIS). In EDN each is written as
/// its own op would be.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Edn, EdnOp};
/// use lockstep_gen::run::RunOp;
///
/// let op: RunOp<(&str, i64), &str> = RunOp::Client(("write", 3));
/// assert_eq!(op.client(), Some(&("write", 3)));
/// assert_eq!(op.nemesis(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RunOp<O, N> {
    /// A client's op.
    Client(O),
    /// The nemesis's op.
    Nemesis(N),
}

impl<O, N> RunOp<O, N> {
    /// The client's op, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::RunOp;
    ///
    /// assert_eq!(RunOp::<u8, &str>::Client(1).client(), Some(&1));
    /// assert_eq!(RunOp::<u8, &str>::Nemesis("kill").client(), None);
    /// ```
    #[must_use]
    pub fn client(&self) -> Option<&O> {
        match self {
            RunOp::Client(op) => Some(op),
            RunOp::Nemesis(_) => None,
        }
    }

    /// The nemesis's op, if it is one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::run::RunOp;
    ///
    /// assert_eq!(RunOp::<u8, &str>::Nemesis("kill").nemesis(), Some(&"kill"));
    /// ```
    #[must_use]
    pub fn nemesis(&self) -> Option<&N> {
        match self {
            RunOp::Client(_) => None,
            RunOp::Nemesis(op) => Some(op),
        }
    }
}

impl<O: EdnOp, N: EdnOp> EdnOp for RunOp<O, N> {
    fn f(&self) -> Edn {
        match self {
            RunOp::Client(op) => op.f(),
            RunOp::Nemesis(op) => op.f(),
        }
    }

    fn value(&self) -> Edn {
        match self {
            RunOp::Client(op) => op.value(),
            RunOp::Nemesis(op) => op.value(),
        }
    }

    fn f_and_value(&self) -> (Edn, Edn) {
        match self {
            RunOp::Client(op) => op.f_and_value(),
            RunOp::Nemesis(op) => op.f_and_value(),
        }
    }
}
