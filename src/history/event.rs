//! One event of a history: an invocation or a completion, by a process, at a time.

use super::{EventType, Outcome};

/// The process number Jepsen writes as `:nemesis`.
///
/// The nemesis is exempt from the client processes' rules: Jepsen records its
/// ops as an `:info` before and an `:info` after, so a completion of the
/// nemesis need not follow an invocation, and it may go on after an `:info`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, NEMESIS};
///
/// let e: Event<&str, (), &str> = Event::invoke(0, NEMESIS, "partition");
/// assert_eq!(e.process(), u64::MAX);
/// ```
pub const NEMESIS: u64 = u64::MAX;

/// One event of a [`History`](crate::history::History): an op invoked, or its
/// completion with an [`Outcome`], by a process at a time.
///
/// `time` counts nanoseconds from the start of the run (logical time in a
/// simulation). Its index is its position in the history, so it is not
/// stored. `O` is the op, `V` an `Ok`'s value, `E` a `Fail`'s or `Info`'s
/// error.
///
/// # Size
///
/// 48 bytes when ops and values are up to 16 bytes and the error is a
/// `String` (24 bytes); 40 bytes when all three are up to 16 bytes. A
/// [`History`](crate::history::History) adds 4 bytes per event for the index
/// that pairs completions with invocations: 52 bytes per event in all.
/// `tests/history_views.rs` fails if that grows past 64.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, EventType, Outcome};
///
/// let invoke: Event<&str, u64, String> = Event::invoke(10, 2, "read");
/// let ok: Event<&str, u64, String> = Event::complete(25, 2, Outcome::Ok(7));
/// assert_eq!((invoke.time(), invoke.process(), invoke.event_type()), (10, 2, EventType::Invoke));
/// assert_eq!(invoke.op(), Some(&"read"));
/// assert_eq!(ok.value(), Some(&7));
/// assert_eq!(ok.outcome(), Some(&Outcome::Ok(7)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[must_use]
pub struct Event<O, V, E> {
    time: u64,
    process: u64,
    body: EventBody<O, V, E>,
}

/// What an [`Event`] says: an op invoked, or the outcome that completes one.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, EventBody, Outcome};
///
/// let e: Event<&str, u64, ()> = Event::complete(3, 0, Outcome::Ok(1));
/// match e.body() {
///     EventBody::Invoke(op) => println!("invoked {op}"),
///     EventBody::Complete(outcome) => assert!(outcome.is_ok()),
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventBody<O, V, E> {
    /// The op is invoked.
    Invoke(O),
    /// The op that the process invoked last completes with this outcome.
    Complete(Outcome<V, E>),
}

impl<O, V, E> Event<O, V, E> {
    /// Process `process` invokes `op` at `time`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Event;
    ///
    /// let e: Event<u8, (), ()> = Event::invoke(5, 1, 42);
    /// assert_eq!(e.op(), Some(&42));
    /// ```
    pub const fn invoke(time: u64, process: u64, op: O) -> Self {
        Event {
            time,
            process,
            body: EventBody::Invoke(op),
        }
    }

    /// Process `process`'s pending op completes at `time` with `outcome`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventType, Outcome};
    ///
    /// let e: Event<u8, (), &str> = Event::complete(9, 1, Outcome::Fail("refused"));
    /// assert_eq!(e.event_type(), EventType::Fail);
    /// assert_eq!(e.error(), Some(&"refused"));
    /// ```
    pub const fn complete(time: u64, process: u64, outcome: Outcome<V, E>) -> Self {
        Event {
            time,
            process,
            body: EventBody::Complete(outcome),
        }
    }

    /// When it happened: nanoseconds from the start of the run.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Event;
    ///
    /// assert_eq!(Event::<(), (), ()>::invoke(5, 1, ()).time(), 5);
    /// ```
    #[must_use]
    pub const fn time(&self) -> u64 {
        self.time
    }

    /// Which process it belongs to ([`NEMESIS`] for the nemesis).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Event;
    ///
    /// assert_eq!(Event::<(), (), ()>::invoke(5, 1, ()).process(), 1);
    /// ```
    #[must_use]
    pub const fn process(&self) -> u64 {
        self.process
    }

    /// Jepsen's `:type`: invoke, ok, fail or info.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventType, Outcome};
    ///
    /// let e: Event<(), (), ()> = Event::complete(5, 1, Outcome::Info(()));
    /// assert_eq!(e.event_type(), EventType::Info);
    /// ```
    #[must_use]
    pub const fn event_type(&self) -> EventType {
        match &self.body {
            EventBody::Invoke(_) => EventType::Invoke,
            EventBody::Complete(outcome) => outcome.event_type(),
        }
    }

    /// Whether it is an invocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Event;
    ///
    /// assert!(Event::<(), (), ()>::invoke(0, 0, ()).is_invoke());
    /// ```
    #[must_use]
    pub const fn is_invoke(&self) -> bool {
        matches!(self.body, EventBody::Invoke(_))
    }

    /// The invocation or the outcome.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventBody};
    ///
    /// let e: Event<u8, (), ()> = Event::invoke(0, 0, 1);
    /// assert_eq!(e.body(), &EventBody::Invoke(1));
    /// ```
    pub const fn body(&self) -> &EventBody<O, V, E> {
        &self.body
    }

    /// The op, on an invocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, Outcome};
    ///
    /// assert_eq!(Event::<u8, (), ()>::invoke(0, 0, 1).op(), Some(&1));
    /// assert_eq!(Event::<u8, (), ()>::complete(0, 0, Outcome::Ok(())).op(), None);
    /// ```
    #[must_use]
    pub const fn op(&self) -> Option<&O> {
        match &self.body {
            EventBody::Invoke(op) => Some(op),
            EventBody::Complete(_) => None,
        }
    }

    /// The outcome, on a completion.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, Outcome};
    ///
    /// let e: Event<(), u8, ()> = Event::complete(0, 0, Outcome::Ok(4));
    /// assert_eq!(e.outcome(), Some(&Outcome::Ok(4)));
    /// ```
    #[must_use]
    pub const fn outcome(&self) -> Option<&Outcome<V, E>> {
        match &self.body {
            EventBody::Invoke(_) => None,
            EventBody::Complete(outcome) => Some(outcome),
        }
    }

    /// The value, on an `ok`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, Outcome};
    ///
    /// assert_eq!(Event::<(), u8, ()>::complete(0, 0, Outcome::Ok(4)).value(), Some(&4));
    /// ```
    #[must_use]
    pub const fn value(&self) -> Option<&V> {
        match &self.body {
            EventBody::Complete(outcome) => outcome.value(),
            EventBody::Invoke(_) => None,
        }
    }

    /// The error, on a `fail` or an `info`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, Outcome};
    ///
    /// assert_eq!(Event::<(), (), u8>::complete(0, 0, Outcome::Info(9)).error(), Some(&9));
    /// ```
    #[must_use]
    pub const fn error(&self) -> Option<&E> {
        match &self.body {
            EventBody::Complete(outcome) => outcome.error(),
            EventBody::Invoke(_) => None,
        }
    }

    /// The same event with `f` applied to its op, if it is an invocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Event;
    ///
    /// let e: Event<u8, (), ()> = Event::invoke(0, 0, 1);
    /// assert_eq!(e.map_op(u32::from).op(), Some(&1u32));
    /// ```
    pub fn map_op<P>(self, f: impl FnOnce(O) -> P) -> Event<P, V, E> {
        let body = match self.body {
            EventBody::Invoke(op) => EventBody::Invoke(f(op)),
            EventBody::Complete(outcome) => EventBody::Complete(outcome),
        };
        Event {
            time: self.time,
            process: self.process,
            body,
        }
    }
}
