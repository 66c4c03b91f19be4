//! The sequential specification a history is checked against.

use std::fmt::Debug;
use std::hash::Hash;

use super::Operation;

/// A sequential specification: an initial state and a step function.
///
/// A model is a plain value, as in Porcupine: [`init`](Model::init) gives the
/// state before any op, and [`step`](Model::step) applies one op with its
/// output to a state, giving the next state, or `None` when that op cannot
/// have returned that output from that state. An `info` op's output is
/// unknown, so `step` gets `None` for it and must accept any output.
///
/// The search remembers every (set of linearized ops, state) pair it has
/// explored, so states are hashed and compared: keep them small and cheap to
/// clone (an integer, a short string, an `Arc`).
///
/// A model whose ops touch independent parts of the state (the keys of a
/// key-value store) should say so in [`partition`](Model::partition): each
/// part is then checked on its own, in parallel where that pays, which is
/// exponentially cheaper than checking them together.
///
/// # Examples
///
/// A counter that ops add to, and whose reads return its value:
///
/// ```
/// use lockstep_gen::linearizability::{Model, Operation, Verdict, check};
///
/// #[derive(Debug)]
/// enum CounterOp { Add(u64), Read }
///
/// struct Counter;
///
/// impl Model for Counter {
///     type Input = CounterOp;
///     type Output = u64; // what a read returned; ignored for adds
///     type State = u64;
///
///     fn init(&self) -> u64 {
///         0
///     }
///
///     fn step(&self, state: &u64, input: &CounterOp, output: Option<&u64>) -> Option<u64> {
///         match (input, output) {
///             (CounterOp::Add(n), _) => Some(state + n),
///             (CounterOp::Read, Some(seen)) if seen != state => None,
///             (CounterOp::Read, _) => Some(*state),
///         }
///     }
/// }
///
/// let history = [
///     Operation::ok(0, CounterOp::Add(2), 0, 0, 5),
///     Operation::ok(1, CounterOp::Read, 1, 2, 2), // sees the add before it returned
///     Operation::ok(1, CounterOp::Read, 3, 0, 4), // then sees it undone: impossible
/// ];
/// assert!(matches!(check(&Counter, &history), Verdict::NotLinearizable(_)));
/// ```
pub trait Model {
    /// What an op is called with.
    type Input: Debug;
    /// What an op returns.
    type Output: Debug;
    /// The state of the object between ops.
    type State: Clone + Eq + Hash + Debug;

    /// The state before any op.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Model};
    ///
    /// assert_eq!(CasRegister::<u64>::new().init(), None);
    /// ```
    fn init(&self) -> Self::State;

    /// Applies `input` to `state`, given what the op returned (`None` when
    /// that is unknown: an `info` op), and gives the next state, or `None`
    /// when the op cannot have returned that output from that state.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Model};
    ///
    /// let model = CasRegister::new();
    /// assert_eq!(model.step(&Some(1), &CasOp::Cas(1, 2), None), Some(Some(2)));
    /// assert_eq!(model.step(&Some(1), &CasOp::Read, Some(&Some(2))), None);
    /// ```
    fn step(
        &self,
        state: &Self::State,
        input: &Self::Input,
        output: Option<&Self::Output>,
    ) -> Option<Self::State>;

    /// Splits a history's ops into groups that are checked independently,
    /// each from [`init`](Model::init), as lists of indices into `ops`; or
    /// `None` (the default) to check them all together.
    ///
    /// Every index must appear in exactly one group. A history is
    /// linearizable iff each group is (P-compositionality), so this is only
    /// right when ops in different groups never affect each other.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{KvOp, Kv, Model, Operation};
    ///
    /// let ops = [
    ///     Operation::ok(0, KvOp::put("x", "1"), 0, String::new(), 1),
    ///     Operation::ok(1, KvOp::get("y"), 0, String::new(), 1),
    ///     Operation::ok(2, KvOp::append("x", "2"), 2, String::new(), 3),
    /// ];
    /// assert_eq!(Kv.partition(&ops), Some(vec![vec![0, 2], vec![1]]));
    /// ```
    fn partition(&self, ops: &[Operation<Self::Input, Self::Output>]) -> Option<Vec<Vec<usize>>> {
        let _ = ops;
        None
    }

    /// How an op reads in a counterexample; `output` is `None` for an `info`
    /// op. The default is the `Debug` forms, `input -> output`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Model};
    ///
    /// let model = CasRegister::new();
    /// assert_eq!(model.describe_operation(&CasOp::Read, Some(&Some(3))), "read -> 3");
    /// assert_eq!(model.describe_operation(&CasOp::Write(3), None), "write 3 (info)");
    /// ```
    fn describe_operation(&self, input: &Self::Input, output: Option<&Self::Output>) -> String {
        match output {
            Some(output) => format!("{input:?} -> {output:?}"),
            None => format!("{input:?} (info)"),
        }
    }

    /// How a state reads in a counterexample. The default is its `Debug` form.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Model};
    ///
    /// assert_eq!(CasRegister::<u64>::new().describe_state(&None), "nil");
    /// ```
    fn describe_state(&self, state: &Self::State) -> String {
        format!("{state:?}")
    }
}
