use crate::history::{Edn, EdnOp, ToEdn};

/// A transaction: micro-ops run in order, atomically if the store is right.
///
/// Its EDN is Elle's: `:f :txn` and `:value` the vector of micro-ops, as an
/// invocation (reads `nil`) and, with the reads filled in, as the `:value` of
/// an `:ok` completion.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::{Mop, ReadValue, Txn};
/// use lockstep_gen::history::{EdnOp, ToEdn};
///
/// let txn = Txn::new(vec![Mop::Append { key: 1, value: 2 }, Mop::read(1)]);
/// assert_eq!(txn.f().to_string(), ":txn");
/// assert_eq!(txn.value().to_string(), "[[:append 1 2] [:r 1 nil]]");
///
/// // What the store answered: the same txn with its reads filled in.
/// let done = Txn::new(vec![
///     Mop::Append { key: 1, value: 2 },
///     Mop::Read { key: 1, value: ReadValue::List(vec![1, 2]) },
/// ]);
/// assert_eq!(done.to_edn().to_string(), "[[:append 1 2] [:r 1 [1 2]]]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Txn {
    mops: Vec<Mop>,
}

impl Txn {
    /// A transaction of these micro-ops.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, Txn};
    ///
    /// assert_eq!(Txn::new(vec![Mop::read(3)]).mops(), [Mop::read(3)]);
    /// ```
    #[must_use]
    pub fn new(mops: Vec<Mop>) -> Self {
        Txn { mops }
    }

    /// Its micro-ops, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, Txn};
    ///
    /// let txn = Txn::new(vec![Mop::Write { key: 0, value: 1 }]);
    /// assert_eq!(txn.mops().len(), 1);
    /// ```
    #[must_use]
    pub fn mops(&self) -> &[Mop] {
        &self.mops
    }

    /// Its micro-ops, to fill in the reads of a completion.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, ReadValue, Txn};
    ///
    /// let done: Vec<Mop> = Txn::new(vec![Mop::read(0)])
    ///     .into_mops()
    ///     .into_iter()
    ///     .map(|mop| match mop {
    ///         Mop::Read { key, .. } => Mop::Read { key, value: ReadValue::Value(5) },
    ///         other => other,
    ///     })
    ///     .collect();
    /// assert_eq!(Txn::new(done).mops(), [Mop::Read { key: 0, value: ReadValue::Value(5) }]);
    /// ```
    #[must_use]
    pub fn into_mops(self) -> Vec<Mop> {
        self.mops
    }
}

impl From<Vec<Mop>> for Txn {
    fn from(mops: Vec<Mop>) -> Self {
        Txn { mops }
    }
}

/// One micro-op of a [`Txn`], as Elle writes it: `[:append k v]`, `[:w k v]` or `[:r k value]`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::{Mop, ReadValue};
/// use lockstep_gen::history::ToEdn;
///
/// assert_eq!(Mop::Append { key: 1, value: 2 }.to_edn().to_string(), "[:append 1 2]");
/// assert_eq!(Mop::Write { key: 1, value: 2 }.to_edn().to_string(), "[:w 1 2]");
/// assert_eq!(Mop::read(1).to_edn().to_string(), "[:r 1 nil]");
/// let read = Mop::Read { key: 1, value: ReadValue::Value(2) };
/// assert_eq!(read.to_edn().to_string(), "[:r 1 2]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mop {
    /// Appends `value` to the list at `key` (list-append).
    Append {
        /// The key.
        key: u64,
        /// The value, unique for the key.
        value: u64,
    },
    /// Sets the register at `key` to `value` (read-write registers).
    Write {
        /// The key.
        key: u64,
        /// The value, unique for the key.
        value: u64,
    },
    /// Reads `key`: [`ReadValue::Nil`] in an invocation, what was read in a completion.
    Read {
        /// The key.
        key: u64,
        /// What was read.
        value: ReadValue,
    },
}

impl Mop {
    /// A read of `key` not yet done: `[:r key nil]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::{Mop, ReadValue};
    ///
    /// assert_eq!(Mop::read(4), Mop::Read { key: 4, value: ReadValue::Nil });
    /// ```
    #[must_use]
    pub fn read(key: u64) -> Self {
        Mop::Read {
            key,
            value: ReadValue::Nil,
        }
    }

    /// The key it touches.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::elle::Mop;
    ///
    /// assert_eq!(Mop::Append { key: 3, value: 1 }.key(), 3);
    /// ```
    #[must_use]
    pub fn key(&self) -> u64 {
        match *self {
            Mop::Append { key, .. } | Mop::Write { key, .. } | Mop::Read { key, .. } => key,
        }
    }
}

/// What a read saw: `nil` (not yet read, or a register never written), a list, or a register's value.
///
/// # Examples
///
/// ```
/// use lockstep_gen::elle::ReadValue;
/// use lockstep_gen::history::ToEdn;
///
/// assert_eq!(ReadValue::Nil.to_edn().to_string(), "nil");
/// assert_eq!(ReadValue::List(vec![1, 2]).to_edn().to_string(), "[1 2]");
/// assert_eq!(ReadValue::Value(7).to_edn().to_string(), "7");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum ReadValue {
    /// Nothing: a read not yet done, or a register never written.
    #[default]
    Nil,
    /// A list-append key's whole list, oldest first (an empty list if nothing was appended).
    List(Vec<u64>),
    /// A register's value.
    Value(u64),
}

impl ToEdn for ReadValue {
    fn to_edn(&self) -> Edn {
        match self {
            ReadValue::Nil => Edn::Nil,
            ReadValue::List(values) => values.to_edn(),
            ReadValue::Value(value) => value.to_edn(),
        }
    }
}

impl ToEdn for Mop {
    fn to_edn(&self) -> Edn {
        let (f, key, value) = match self {
            Mop::Append { key, value } => ("append", key, value.to_edn()),
            Mop::Write { key, value } => ("w", key, value.to_edn()),
            Mop::Read { key, value } => ("r", key, value.to_edn()),
        };
        Edn::Vector(vec![Edn::keyword(f), key.to_edn(), value])
    }
}

/// A completion's `:value`: the micro-ops with their reads filled in.
impl ToEdn for Txn {
    fn to_edn(&self) -> Edn {
        self.mops.to_edn()
    }
}

/// An invocation's `:f :txn` and `:value`.
impl EdnOp for Txn {
    fn f(&self) -> Edn {
        Edn::keyword("txn")
    }

    fn value(&self) -> Edn {
        self.to_edn()
    }
}
