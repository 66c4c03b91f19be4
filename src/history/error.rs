//! What can be wrong with a history: events out of Jepsen's rules, or EDN that cannot be read.

use std::fmt;
use std::path::{Path, PathBuf};

/// Events that break Jepsen's rules for a history, found by
/// [`History::new`](crate::history::History::new).
///
/// Indices are positions in the events given.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, History, HistoryError, Outcome};
/// use lockstep_gen::Seed;
///
/// let err = History::<u8, (), ()>::new(Seed::from(1), vec![Event::complete(0, 3, Outcome::Ok(()))])
///     .unwrap_err();
/// assert_eq!(err, HistoryError::CompletionWithoutInvocation { index: 0, process: 3 });
/// assert_eq!(err.to_string(), "event 0: process 3 completes an op it never invoked");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryError {
    /// A completion by a process that has no op pending.
    CompletionWithoutInvocation {
        /// The completion.
        index: usize,
        /// Its process.
        process: u64,
    },
    /// A process invokes an op while its previous one has not completed.
    InvokedTwice {
        /// The second invocation.
        index: usize,
        /// Its process.
        process: u64,
        /// The invocation still pending.
        pending: usize,
    },
    /// A process invokes an op after an `info`, which retires a process in Jepsen.
    InvokedAfterInfo {
        /// The invocation.
        index: usize,
        /// Its process.
        process: u64,
        /// The `info` that retired it.
        info: usize,
    },
    /// More events than a history can index (`u32::MAX`).
    TooLong {
        /// How many were given.
        events: usize,
    },
}

impl HistoryError {
    /// The index of the event at fault.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::HistoryError;
    ///
    /// assert_eq!(HistoryError::InvokedTwice { index: 5, process: 0, pending: 2 }.index(), 5);
    /// ```
    #[must_use]
    pub fn index(&self) -> usize {
        match *self {
            HistoryError::CompletionWithoutInvocation { index, .. }
            | HistoryError::InvokedTwice { index, .. }
            | HistoryError::InvokedAfterInfo { index, .. } => index,
            HistoryError::TooLong { events } => events,
        }
    }

    /// The earlier event it conflicts with, if any.
    pub(crate) fn earlier(&self) -> Option<usize> {
        match *self {
            HistoryError::InvokedTwice { pending, .. } => Some(pending),
            HistoryError::InvokedAfterInfo { info, .. } => Some(info),
            _ => None,
        }
    }

    /// What is wrong, naming the earlier event it conflicts with as `earlier` says.
    fn describe(&self, f: &mut fmt::Formatter<'_>, earlier: &str) -> fmt::Result {
        match *self {
            HistoryError::CompletionWithoutInvocation { process, .. } => {
                write!(f, "process {process} completes an op it never invoked")
            }
            HistoryError::InvokedTwice { process, .. } => write!(
                f,
                "process {process} invokes again before its invocation at {earlier} completed"
            ),
            HistoryError::InvokedAfterInfo { process, .. } => write!(
                f,
                "process {process} invokes after its :info at {earlier}; an :info retires a process"
            ),
            HistoryError::TooLong { events } => {
                write!(
                    f,
                    "{events} events are more than a history can index ({})",
                    u32::MAX
                )
            }
        }
    }
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !matches!(self, HistoryError::TooLong { .. }) {
            write!(f, "event {}: ", self.index())?;
        }
        let earlier = self
            .earlier()
            .map(|i| format!("event {i}"))
            .unwrap_or_default();
        self.describe(f, &earlier)
    }
}

impl std::error::Error for HistoryError {}

/// EDN that could not be read as a history, with the file (when read from
/// one) and the line.
///
/// Displayed as `PATH:LINE: what is wrong`, as compilers do.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{read_edn, ReadErrorKind};
///
/// let err = read_edn("{:type :invoke, :process 0, :f :read}\n{:type :oops, :process 0}\n").unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert!(matches!(err.kind(), ReadErrorKind::Invalid { key: "type", .. }));
/// assert_eq!(err.to_string(), "line 2: :type is :oops, not one of :invoke, :ok, :fail, :info");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError(Box<Inner>);

/// Boxed so that a `Result` of a parse step stays as small as its value.
#[derive(Clone, Debug, PartialEq)]
struct Inner {
    path: Option<PathBuf>,
    line: Option<usize>,
    kind: ReadErrorKind,
}

/// What was wrong in a [`ReadError`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{read_edn, ReadErrorKind};
///
/// let err = read_edn("{:type :invoke, :process 0}\n{:type :ok, :process 0").unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::Truncated { opened: 2 });
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file could not be read.
    Io {
        /// What the operating system said.
        message: String,
    },
    /// The input ends inside a form: a truncated file.
    Truncated {
        /// The line where the unfinished form opens.
        opened: usize,
    },
    /// Text that is not EDN.
    Syntax {
        /// What is wrong.
        message: String,
    },
    /// An event that is not a map.
    NotAMap {
        /// The form found, as EDN.
        found: String,
    },
    /// A map without a key every event needs (`:type`, `:process`).
    Missing {
        /// The key, without its colon.
        key: &'static str,
    },
    /// A key whose value cannot be what it says.
    Invalid {
        /// The key, without its colon.
        key: &'static str,
        /// The value found, as EDN.
        found: String,
        /// What it should be.
        expected: &'static str,
    },
    /// Events that break Jepsen's rules; indices are lines here.
    History {
        /// The rule broken, with event indices.
        error: HistoryError,
        /// The line of the earlier event it conflicts with.
        earlier_line: Option<usize>,
    },
}

impl ReadError {
    pub(crate) fn new(line: Option<usize>, kind: ReadErrorKind) -> Self {
        ReadError(Box::new(Inner {
            path: None,
            line,
            kind,
        }))
    }

    pub(crate) fn with_path(mut self, path: &Path) -> Self {
        self.0.path = Some(path.to_path_buf());
        self
    }

    /// The file it was read from, when it was read from one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn_file;
    ///
    /// let err = read_edn_file("no/such/history.edn").unwrap_err();
    /// assert_eq!(err.path(), Some(std::path::Path::new("no/such/history.edn")));
    /// assert_eq!(err.line(), None);
    /// ```
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.0.path.as_deref()
    }

    /// The line (from 1) at fault; `None` when the file could not be read at all.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    ///
    /// assert_eq!(read_edn("\n\n{:type :ok}").unwrap_err().line(), Some(3));
    /// ```
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.0.line
    }

    /// What was wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{read_edn, ReadErrorKind};
    ///
    /// assert_eq!(read_edn("{:type :ok}").unwrap_err().kind(), &ReadErrorKind::Missing { key: "process" });
    /// ```
    #[must_use]
    pub fn kind(&self) -> &ReadErrorKind {
        &self.0.kind
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0.path, self.0.line) {
            (Some(path), Some(line)) => write!(f, "{}:{line}: ", path.display())?,
            (Some(path), None) => write!(f, "{}: ", path.display())?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        match &self.0.kind {
            ReadErrorKind::Io { message } => f.write_str(message),
            ReadErrorKind::Truncated { opened } => write!(
                f,
                "the input ends inside a form opened on line {opened}: is the file truncated?"
            ),
            ReadErrorKind::Syntax { message } => f.write_str(message),
            ReadErrorKind::NotAMap { found } => write!(f, "an event must be a map, found {found}"),
            ReadErrorKind::Missing { key } => write!(f, "the event has no :{key}"),
            ReadErrorKind::Invalid {
                key,
                found,
                expected,
            } => {
                write!(f, ":{key} is {found}, not {expected}")
            }
            ReadErrorKind::History {
                error,
                earlier_line,
            } => {
                let earlier = match (earlier_line, error.earlier()) {
                    (Some(line), _) => format!("line {line}"),
                    (None, Some(index)) => format!("event {index}"),
                    (None, None) => String::new(),
                };
                error.describe(f, &earlier)
            }
        }
    }
}

impl std::error::Error for ReadError {}
