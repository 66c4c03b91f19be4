//! What a client answers: Jepsen's ok, fail and info.

use std::fmt;

/// What an op's client answers, in Jepsen's terms.
///
/// [`Ok`](Outcome::Ok) means the op happened, with this value;
/// [`Fail`](Outcome::Fail) means it certainly did not happen;
/// [`Info`](Outcome::Info) means nobody knows (a timeout, a crash): it may
/// have happened, at any point from its invocation on, or not at all. A
/// checker must allow both, and Jepsen retires the process after an `Info`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{EventType, Outcome};
///
/// let read: Outcome<Option<u64>, &str> = Outcome::Ok(Some(3));
/// assert_eq!(read.event_type(), EventType::Ok);
/// assert_eq!(read.value(), Some(&Some(3)));
///
/// let timeout: Outcome<Option<u64>, &str> = Outcome::Info("timed out");
/// assert!(timeout.is_info());
/// assert_eq!(timeout.error(), Some(&"timed out"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "an outcome says whether the op happened"]
pub enum Outcome<V, E> {
    /// The op happened and gave this value.
    Ok(V),
    /// The op certainly did not happen.
    Fail(E),
    /// Unknown: the op may have happened or not.
    Info(E),
}

impl<V, E> Outcome<V, E> {
    /// Which of Jepsen's `:type`s a completion with this outcome has.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{EventType, Outcome};
    ///
    /// assert_eq!(Outcome::<(), _>::Fail("no").event_type(), EventType::Fail);
    /// ```
    pub const fn event_type(&self) -> EventType {
        match self {
            Outcome::Ok(_) => EventType::Ok,
            Outcome::Fail(_) => EventType::Fail,
            Outcome::Info(_) => EventType::Info,
        }
    }

    /// Whether the op happened.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert!(Outcome::<u8, ()>::Ok(1).is_ok());
    /// ```
    #[must_use]
    pub const fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }

    /// Whether the op certainly did not happen.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert!(Outcome::<u8, ()>::Fail(()).is_fail());
    /// ```
    #[must_use]
    pub const fn is_fail(&self) -> bool {
        matches!(self, Outcome::Fail(_))
    }

    /// Whether nobody knows if the op happened.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert!(Outcome::<u8, ()>::Info(()).is_info());
    /// ```
    #[must_use]
    pub const fn is_info(&self) -> bool {
        matches!(self, Outcome::Info(_))
    }

    /// The value of an `Ok`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert_eq!(Outcome::<u8, ()>::Ok(1).value(), Some(&1));
    /// assert_eq!(Outcome::<u8, ()>::Info(()).value(), None);
    /// ```
    #[must_use]
    pub const fn value(&self) -> Option<&V> {
        match self {
            Outcome::Ok(value) => Some(value),
            _ => None,
        }
    }

    /// The error of a `Fail` or an `Info`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert_eq!(Outcome::<u8, &str>::Fail("full").error(), Some(&"full"));
    /// assert_eq!(Outcome::<u8, &str>::Ok(1).error(), None);
    /// ```
    #[must_use]
    pub const fn error(&self) -> Option<&E> {
        match self {
            Outcome::Fail(error) | Outcome::Info(error) => Some(error),
            Outcome::Ok(_) => None,
        }
    }

    /// The same outcome with `f` applied to an `Ok`'s value.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// assert_eq!(Outcome::<u8, ()>::Ok(1).map(u64::from), Outcome::Ok(1u64));
    /// ```
    pub fn map<W>(self, f: impl FnOnce(V) -> W) -> Outcome<W, E> {
        match self {
            Outcome::Ok(value) => Outcome::Ok(f(value)),
            Outcome::Fail(error) => Outcome::Fail(error),
            Outcome::Info(error) => Outcome::Info(error),
        }
    }

    /// The same outcome with `f` applied to a `Fail`'s or an `Info`'s error.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Outcome;
    ///
    /// let o: Outcome<u8, &str> = Outcome::Info("timeout");
    /// assert_eq!(o.map_error(str::to_string), Outcome::Info("timeout".to_string()));
    /// ```
    pub fn map_error<F>(self, f: impl FnOnce(E) -> F) -> Outcome<V, F> {
        match self {
            Outcome::Ok(value) => Outcome::Ok(value),
            Outcome::Fail(error) => Outcome::Fail(f(error)),
            Outcome::Info(error) => Outcome::Info(f(error)),
        }
    }
}

/// An event's kind: Jepsen's `:type`.
///
/// Displayed as Jepsen writes it, without the colon: `invoke`, `ok`, `fail`, `info`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::EventType;
///
/// assert_eq!(EventType::Invoke.to_string(), "invoke");
/// assert!(EventType::Info.is_completion());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    /// An op begins.
    Invoke,
    /// An op happened.
    Ok,
    /// An op certainly did not happen.
    Fail,
    /// Nobody knows whether an op happened.
    Info,
}

impl EventType {
    /// All four, in Jepsen's order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::EventType;
    ///
    /// assert_eq!(EventType::ALL.len(), 4);
    /// ```
    pub const ALL: [EventType; 4] = [
        EventType::Invoke,
        EventType::Ok,
        EventType::Fail,
        EventType::Info,
    ];

    /// Its name as Jepsen writes it after the colon.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::EventType;
    ///
    /// assert_eq!(EventType::Fail.as_str(), "fail");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::Invoke => "invoke",
            EventType::Ok => "ok",
            EventType::Fail => "fail",
            EventType::Info => "info",
        }
    }

    /// Whether an event of this type completes an op (`ok`, `fail`, `info`).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::EventType;
    ///
    /// assert!(!EventType::Invoke.is_completion());
    /// assert!(EventType::Ok.is_completion());
    /// ```
    #[must_use]
    pub const fn is_completion(self) -> bool {
        !matches!(self, EventType::Invoke)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
