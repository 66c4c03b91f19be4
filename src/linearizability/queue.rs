//! A FIFO queue, Knossos's `fifo-queue`.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::hash::Hash;

use super::Model;
use super::register::{info_suffix, value_text};

/// An op on a [`Queue`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::QueueOp;
///
/// let ops = [QueueOp::Enqueue(1), QueueOp::Dequeue];
/// assert_ne!(ops[0], ops[1]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueOp<T> {
    /// Adds a value at the back.
    Enqueue(T),
    /// Takes the value at the front: `Some(v)`, or `None` when the queue is empty.
    Dequeue,
}

/// A first-in, first-out queue of values `T`, empty at first.
///
/// An op's output is an `Option<T>`: for a dequeue, the value it took
/// (`None`: the queue was empty); for an enqueue, anything (it is ignored).
/// The state is the whole queue, so keep histories short or values few: a
/// long queue makes every state costly to hash and clone.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{Operation, Queue, QueueOp, check};
///
/// let history = [
///     Operation::ok(0, QueueOp::Enqueue(1), 0, None, 3),
///     Operation::ok(1, QueueOp::Enqueue(2), 1, None, 2),
///     Operation::ok(2, QueueOp::Dequeue, 4, Some(2), 5),
///     Operation::ok(2, QueueOp::Dequeue, 6, Some(1), 7),
/// ];
/// assert!(check(&Queue::new(), &history).is_linearizable());
/// let out_of_order = [history[1].clone(), Operation::ok(0, QueueOp::Enqueue(1), 3, None, 4),
///     Operation::ok(2, QueueOp::Dequeue, 5, Some(1), 6)];
/// assert!(!check(&Queue::new(), &out_of_order).is_linearizable());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Queue<T> {
    values: std::marker::PhantomData<fn() -> T>,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue::new()
    }
}

impl<T> Queue<T> {
    /// An empty queue.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Model, Queue};
    ///
    /// assert!(Queue::<u64>::new().init().is_empty());
    /// ```
    pub const fn new() -> Self {
        Queue {
            values: std::marker::PhantomData,
        }
    }
}

impl<T: Clone + Eq + Hash + Debug> Model for Queue<T> {
    type Input = QueueOp<T>;
    type Output = Option<T>;
    type State = VecDeque<T>;

    fn init(&self) -> VecDeque<T> {
        VecDeque::new()
    }

    fn step(
        &self,
        state: &VecDeque<T>,
        input: &QueueOp<T>,
        output: Option<&Option<T>>,
    ) -> Option<VecDeque<T>> {
        let mut next = state.clone();
        match input {
            QueueOp::Enqueue(v) => next.push_back(v.clone()),
            QueueOp::Dequeue => {
                let front = next.pop_front();
                if output.is_some_and(|taken| *taken != front) {
                    return None;
                }
            }
        }
        Some(next)
    }

    fn describe_operation(&self, input: &QueueOp<T>, output: Option<&Option<T>>) -> String {
        let op = match (input, output) {
            (QueueOp::Enqueue(v), _) => format!("enqueue {v:?}"),
            (QueueOp::Dequeue, Some(taken)) => format!("dequeue -> {}", value_text(taken)),
            (QueueOp::Dequeue, None) => "dequeue".to_owned(),
        };
        info_suffix(op, output)
    }
}
