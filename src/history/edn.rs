//! A generic EDN value: what a history read from another tool holds.

use std::fmt;

/// One EDN value, as Clojure's reader gives it.
///
/// Maps keep their entries and sets their elements in the order written, so a
/// history read and written again reads the same; equality ignores that
/// order, as Clojure's does. Keywords and symbols are held without their
/// leading `:` (`Edn::Keyword("write")` is `:write`); integers that fit an
/// `i64` are [`Int`](Edn::Int) whether written `3` or `3N`, and larger ones
/// keep their digits in [`BigInt`](Edn::BigInt). Tagged literals
/// (`#inst "…"`) are kept as tags, not interpreted.
///
/// [`Display`](fmt::Display) writes the value as EDN that Clojure reads back.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::Edn;
///
/// let value: Edn = r#"{:f :cas, :value [1 2], :error "timed out"}"#.parse()?;
/// assert_eq!(value.get("f"), Some(&Edn::keyword("cas")));
/// assert_eq!(value.get("value"), Some(&Edn::Vector(vec![Edn::Int(1), Edn::Int(2)])));
/// assert_eq!(value.to_string(), r#"{:f :cas, :value [1 2], :error "timed out"}"#);
/// # Ok::<(), lockstep_gen::history::ReadError>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
#[must_use]
pub enum Edn {
    /// `nil`.
    Nil,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits an `i64` (with or without Clojure's `N` suffix).
    Int(i64),
    /// An integer too large for an `i64`: its decimal digits, with a leading `-` when negative.
    BigInt(String),
    /// A floating-point number.
    Float(f64),
    /// An exact decimal written with Clojure's `M` suffix: its text, without the `M`.
    BigDec(String),
    /// A string.
    Str(String),
    /// A character such as `\a` or `\newline`.
    Char(char),
    /// A keyword, without its leading colon: `Keyword("write")` is `:write`.
    Keyword(String),
    /// A symbol such as `foo` or `my.ns/bar`.
    Symbol(String),
    /// A list `(…)`.
    List(Vec<Edn>),
    /// A vector `[…]`.
    Vector(Vec<Edn>),
    /// A map `{…}`: its entries in the order written.
    Map(Vec<(Edn, Edn)>),
    /// A set `#{…}`: its elements in the order written.
    Set(Vec<Edn>),
    /// A tagged literal `#tag value`: the tag (without `#`) and the value.
    Tagged(String, Box<Edn>),
}

impl Edn {
    /// The keyword `:name`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Edn;
    ///
    /// assert_eq!(Edn::keyword("read").to_string(), ":read");
    /// ```
    pub fn keyword(name: impl Into<String>) -> Edn {
        Edn::Keyword(name.into())
    }

    /// In a map, the value under the keyword `:key`; `None` for other values or a missing key.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Edn;
    ///
    /// let map: Edn = "{:key 3, :value nil}".parse()?;
    /// assert_eq!(map.get("key"), Some(&Edn::Int(3)));
    /// assert_eq!(map.get("value"), Some(&Edn::Nil));
    /// assert_eq!(map.get("error"), None);
    /// # Ok::<(), lockstep_gen::history::ReadError>(())
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Edn> {
        match self {
            Edn::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_keyword() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The name of a keyword, without its colon; `None` for other values.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Edn;
    ///
    /// assert_eq!(Edn::keyword("ok").as_keyword(), Some("ok"));
    /// assert_eq!(Edn::Str("ok".into()).as_keyword(), None);
    /// ```
    #[must_use]
    pub fn as_keyword(&self) -> Option<&str> {
        match self {
            Edn::Keyword(name) => Some(name),
            _ => None,
        }
    }

    /// The value of an integer that fits an `i64`; `None` for other values.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Edn;
    ///
    /// assert_eq!("42N".parse::<Edn>()?.as_int(), Some(42));
    /// assert_eq!(Edn::Nil.as_int(), None);
    /// # Ok::<(), lockstep_gen::history::ReadError>(())
    /// ```
    #[must_use]
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Edn::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether this is `nil`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::Edn;
    ///
    /// assert!(Edn::Nil.is_nil());
    /// assert!(!Edn::Bool(false).is_nil());
    /// ```
    #[must_use]
    pub fn is_nil(&self) -> bool {
        matches!(self, Edn::Nil)
    }
}

/// Equal as Clojure's `=` would say for these values: maps and sets whatever
/// their order, floats by value (so `##NaN` is not equal to itself).
impl PartialEq for Edn {
    fn eq(&self, other: &Edn) -> bool {
        use Edn::*;
        match (self, other) {
            (Nil, Nil) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) | (BigDec(a), BigDec(b)) => a == b,
            (Float(a), Float(b)) => a == b,
            (Str(a), Str(b)) | (Keyword(a), Keyword(b)) | (Symbol(a), Symbol(b)) => a == b,
            (Char(a), Char(b)) => a == b,
            // Clojure: a list equals a vector with the same elements.
            (List(a) | Vector(a), List(b) | Vector(b)) => a == b,
            (Map(a), Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v == v2))
            }
            (Set(a), Set(b)) => a.len() == b.len() && a.iter().all(|x| b.contains(x)),
            (Tagged(t, a), Tagged(u, b)) => t == u && a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Edn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::history::edn_write::write_value(f, self)
    }
}
