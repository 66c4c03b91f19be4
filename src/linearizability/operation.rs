//! The checker's input: one op as a pair of invocation and completion.

/// How an op completed, in Jepsen's terms.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{Operation, Outcome};
///
/// let read = Operation::ok(0, "read", 1, Some(3), 4);
/// assert_eq!(read.outcome(), &Outcome::Ok { output: Some(3), ret: 4 });
/// let timed_out = Operation::<&str, Option<u64>>::info(1, "read", 2);
/// assert_eq!(timed_out.outcome(), &Outcome::Info);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome<O> {
    /// It happened, returning `output` at position `ret`.
    Ok {
        /// What the op returned.
        output: O,
        /// When it returned: a time or an index in the history, on the same scale as the call.
        ret: u64,
    },
    /// Unknown (Jepsen's `:info`, or no completion before the history ended): it may have
    /// taken effect at any point after its call, or never, and its output is unknown.
    Info,
    /// It did not happen (Jepsen's `:fail`): the check ignores it.
    Fail,
}

/// One op of a history: who called it, with what, when, and how it completed.
///
/// This is the checker's own small input type, shaped like Porcupine's
/// `Operation{ClientId, Input, Call, Output, Return}`, with Jepsen's
/// [`Outcome`]s. Positions (`call`, `ret`) are times or indices in the
/// history, on one scale: op A precedes op B in real time iff A returned
/// strictly before B was called. Ops that are not ordered that way are
/// concurrent and may be linearized in either order.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
///
/// // Process 0 writes 1; process 1 reads 1 while the write is in flight; process 2 times out.
/// let history = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 3),
///     Operation::ok(1, CasOp::Read, 1, Some(1), 2),
///     Operation::info(2, CasOp::Cas(1, 2), 4),
/// ];
/// assert_eq!(check(&CasRegister::new(), &history), Verdict::Linearizable);
/// ```
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Operation<I, O> {
    process: u64,
    input: I,
    call: u64,
    outcome: Outcome<O>,
}

impl<I, O> Operation<I, O> {
    /// An op that completed `ok`: called at `call`, returned `output` at `ret`.
    ///
    /// # Panics
    ///
    /// If `ret < call`: an op cannot return before it was called.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// let op = Operation::ok(7, "get", 10, "x", 12);
    /// assert_eq!((op.process(), op.call(), op.ret(), op.output()), (7, 10, Some(12), Some(&"x")));
    /// ```
    #[track_caller]
    pub fn ok(process: u64, input: I, call: u64, output: O, ret: u64) -> Self {
        assert!(
            call <= ret,
            "an op of process {process} returned at {ret}, before its call at {call}"
        );
        Operation {
            process,
            input,
            call,
            outcome: Outcome::Ok { output, ret },
        }
    }

    /// An op whose completion is unknown (Jepsen's `:info`, or no completion
    /// at all): it may take effect at any point after `call`, or never.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// let op = Operation::<_, ()>::info(3, "put", 5);
    /// assert_eq!((op.ret(), op.output()), (None, None));
    /// ```
    pub fn info(process: u64, input: I, call: u64) -> Self {
        Operation {
            process,
            input,
            call,
            outcome: Outcome::Info,
        }
    }

    /// An op that failed (Jepsen's `:fail`): it did not happen, and the check ignores it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Operation, Outcome};
    ///
    /// let op = Operation::<_, ()>::fail(3, "cas", 5);
    /// assert_eq!(op.outcome(), &Outcome::Fail);
    /// ```
    pub fn fail(process: u64, input: I, call: u64) -> Self {
        Operation {
            process,
            input,
            call,
            outcome: Outcome::Fail,
        }
    }

    /// The process (client) that called it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// assert_eq!(Operation::<_, ()>::info(4, (), 0).process(), 4);
    /// ```
    #[must_use]
    pub fn process(&self) -> u64 {
        self.process
    }

    /// What it was called with.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// assert_eq!(Operation::<_, ()>::info(4, "read", 0).input(), &"read");
    /// ```
    #[must_use]
    pub fn input(&self) -> &I {
        &self.input
    }

    /// When it was called.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// assert_eq!(Operation::<_, ()>::info(4, (), 9).call(), 9);
    /// ```
    #[must_use]
    pub fn call(&self) -> u64 {
        self.call
    }

    /// How it completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Operation, Outcome};
    ///
    /// assert_eq!(Operation::<(), ()>::fail(0, (), 0).outcome(), &Outcome::Fail);
    /// ```
    #[must_use]
    pub fn outcome(&self) -> &Outcome<O> {
        &self.outcome
    }

    /// What it returned, if it completed `ok`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// assert_eq!(Operation::ok(0, (), 0, 5, 1).output(), Some(&5));
    /// ```
    #[must_use]
    pub fn output(&self) -> Option<&O> {
        match &self.outcome {
            Outcome::Ok { output, .. } => Some(output),
            Outcome::Info | Outcome::Fail => None,
        }
    }

    /// When it returned, if it completed `ok`; an `info` op's return is
    /// unbounded, and a failed op is not part of the check.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::Operation;
    ///
    /// assert_eq!(Operation::ok(0, (), 2, (), 6).ret(), Some(6));
    /// assert_eq!(Operation::<(), ()>::info(0, (), 2).ret(), None);
    /// ```
    #[must_use]
    pub fn ret(&self) -> Option<u64> {
        match self.outcome {
            Outcome::Ok { ret, .. } => Some(ret),
            Outcome::Info | Outcome::Fail => None,
        }
    }
}
