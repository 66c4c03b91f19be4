//! How a typed history's ops, values and errors become EDN.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use super::{Edn, Event, EventBody, Outcome};

/// A value as EDN: what an `:ok` writes as `:value`, and a `:fail` or `:info` as `:error`.
///
/// The built-in types have it: integers, `bool`, `char`, strings, `()` (nil),
/// [`Option`] (nil or the value), slices, [`Vec`], arrays and sets (vectors
/// and sets), [`BTreeMap`] (a map), tuples of up to four (vectors), and
/// [`Edn`] itself. A type of your own implements its one method.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Edn, ToEdn};
///
/// assert_eq!(Some(3u64).to_edn().to_string(), "3");
/// assert_eq!(None::<u64>.to_edn().to_string(), "nil");
/// assert_eq!((1, "a", vec![true]).to_edn().to_string(), r#"[1 "a" [true]]"#);
///
/// enum Error { Timeout, Refused }
///
/// impl ToEdn for Error {
///     fn to_edn(&self) -> Edn {
///         Edn::keyword(match self { Error::Timeout => "timeout", Error::Refused => "refused" })
///     }
/// }
/// assert_eq!(Error::Timeout.to_edn().to_string(), ":timeout");
/// ```
pub trait ToEdn {
    /// This value as EDN.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, ToEdn};
    ///
    /// assert_eq!(u64::MAX.to_edn(), Edn::BigInt("18446744073709551615".into()));
    /// assert_eq!("hi".to_edn().to_string(), r#""hi""#);
    /// ```
    fn to_edn(&self) -> Edn;
}

/// An op as Jepsen names it: its kind `:f` (`:read`, `:write`, `:cas`) and its `:value`.
///
/// Implement it for your op type, or, with the `serde` feature, derive
/// `serde::Serialize` and opt in with an empty `impl SerdeOp for Op {}`:
/// the variant's name in kebab-case is then `:f` and its fields `:value`
/// (see `SerdeOp` and `serde_op`, there).
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Edn, EdnOp, ToEdn};
///
/// enum Op { Read, Write(u64), Cas(u64, u64) }
///
/// impl EdnOp for Op {
///     fn f(&self) -> Edn {
///         Edn::keyword(match self { Op::Read => "read", Op::Write(_) => "write", Op::Cas(..) => "cas" })
///     }
///     fn value(&self) -> Edn {
///         match *self {
///             Op::Read => Edn::Nil,
///             Op::Write(v) => v.to_edn(),
///             Op::Cas(old, new) => (old, new).to_edn(),
///         }
///     }
/// }
///
/// assert_eq!(Op::Cas(1, 2).f().to_string(), ":cas");
/// assert_eq!(Op::Cas(1, 2).value().to_string(), "[1 2]");
/// assert_eq!(Op::Read.value(), Edn::Nil);
/// ```
pub trait EdnOp {
    /// The op's kind, Jepsen's `:f`: almost always a keyword.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnOp};
    ///
    /// struct Read;
    /// impl EdnOp for Read {
    ///     fn f(&self) -> Edn { Edn::keyword("read") }
    ///     fn value(&self) -> Edn { Edn::Nil }
    /// }
    /// assert_eq!(Read.f().to_string(), ":read");
    /// ```
    fn f(&self) -> Edn;

    /// The op's argument, Jepsen's `:value`: `nil` when it has none.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnOp, ToEdn};
    ///
    /// struct Write(u64);
    /// impl EdnOp for Write {
    ///     fn f(&self) -> Edn { Edn::keyword("write") }
    ///     fn value(&self) -> Edn { self.0.to_edn() }
    /// }
    /// assert_eq!(Write(4).value(), Edn::Int(4));
    /// ```
    fn value(&self) -> Edn;

    /// Both at once; override it when computing them together is cheaper.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Edn, EdnOp};
    ///
    /// struct Read;
    /// impl EdnOp for Read {
    ///     fn f(&self) -> Edn { Edn::keyword("read") }
    ///     fn value(&self) -> Edn { Edn::Nil }
    /// }
    /// assert_eq!(Read.f_and_value(), (Edn::keyword("read"), Edn::Nil));
    /// ```
    fn f_and_value(&self) -> (Edn, Edn) {
        (self.f(), self.value())
    }
}

/// An event as the keys of its EDN map after `:index`, `:time`, `:type` and
/// `:process`: what [`History::write_edn`](crate::history::History::write_edn)
/// and [`History::write_json_lines`](crate::history::History::write_json_lines)
/// write.
///
/// Every `Event<O, V, E>` with `O:` [`EdnOp`], `V:` [`ToEdn`] and `E:`
/// [`ToEdn`] has it, as do the events of a history read from EDN, which give
/// back the keys they were read with.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Edn, EdnEvent, EdnOp, Event, Outcome};
///
/// struct Write(i64);
/// impl EdnOp for Write {
///     fn f(&self) -> Edn { Edn::keyword("write") }
///     fn value(&self) -> Edn { Edn::Int(self.0) }
/// }
///
/// let invoke: Event<Write, (), String> = Event::invoke(0, 0, Write(3));
/// let fail = Event::complete(4, 0, Outcome::Fail("refused".to_string()));
/// let mut fields = Vec::new();
/// fail.for_each_field(Some(&invoke), &mut |key, value| fields.push(format!("{key} {value}")));
/// assert_eq!(fields, [":f :write", ":value 3", r#":error "refused""#]);
/// ```
pub trait EdnEvent {
    /// Calls `field` with each key and value this event adds to its map, in
    /// order, given its invocation when it is a completion that has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{read_edn, EdnEvent};
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :read, :key 3}")?;
    /// let mut keys = Vec::new();
    /// history[0].for_each_field(None, &mut |key, _| keys.push(key.to_string()));
    /// assert_eq!(keys, [":f", ":key"]);
    /// # Ok::<(), lockstep_gen::history::ReadError>(())
    /// ```
    fn for_each_field(&self, invocation: Option<&Self>, field: &mut dyn FnMut(&Edn, &Edn));
}

/// Jepsen's keys, built once: writing a history allocates no key.
static KEYS: LazyLock<[Edn; 3]> = LazyLock::new(|| {
    [
        Edn::keyword("f"),
        Edn::keyword("value"),
        Edn::keyword("error"),
    ]
});

impl<O: EdnOp, V: ToEdn, E: ToEdn> EdnEvent for Event<O, V, E> {
    fn for_each_field(&self, invocation: Option<&Self>, field: &mut dyn FnMut(&Edn, &Edn)) {
        let [f_key, value_key, error_key] = &*KEYS;
        let op = invocation.and_then(Event::op);
        match self.body() {
            EventBody::Invoke(op) => {
                let (f, value) = op.f_and_value();
                field(f_key, &f);
                field(value_key, &value);
            }
            EventBody::Complete(Outcome::Ok(value)) => {
                field(f_key, &op.map_or(Edn::Nil, EdnOp::f));
                field(value_key, &value.to_edn());
            }
            EventBody::Complete(Outcome::Fail(error) | Outcome::Info(error)) => {
                let (f, value) = op.map_or((Edn::Nil, Edn::Nil), EdnOp::f_and_value);
                field(f_key, &f);
                field(value_key, &value);
                field(error_key, &error.to_edn());
            }
        }
    }
}

impl ToEdn for Edn {
    fn to_edn(&self) -> Edn {
        self.clone()
    }
}

impl<T: ToEdn + ?Sized> ToEdn for &T {
    fn to_edn(&self) -> Edn {
        (**self).to_edn()
    }
}

impl<T: ToEdn + ?Sized> ToEdn for Box<T> {
    fn to_edn(&self) -> Edn {
        (**self).to_edn()
    }
}

macro_rules! small_ints {
    ($($t:ty)*) => {$(
        impl ToEdn for $t {
            fn to_edn(&self) -> Edn {
                Edn::Int(i64::from(*self))
            }
        }
    )*};
}
small_ints!(i8 i16 i32 i64 u8 u16 u32);

macro_rules! wide_ints {
    ($($t:ty)*) => {$(
        impl ToEdn for $t {
            fn to_edn(&self) -> Edn {
                // Past i64's range Clojure reads a BigInt, written with its `N`.
                i64::try_from(*self).map_or_else(|_| Edn::BigInt(self.to_string()), Edn::Int)
            }
        }
    )*};
}
wide_ints!(u64 i128 u128 usize isize);

impl ToEdn for f64 {
    fn to_edn(&self) -> Edn {
        Edn::Float(*self)
    }
}

impl ToEdn for f32 {
    fn to_edn(&self) -> Edn {
        Edn::Float(f64::from(*self))
    }
}

impl ToEdn for bool {
    fn to_edn(&self) -> Edn {
        Edn::Bool(*self)
    }
}

impl ToEdn for char {
    fn to_edn(&self) -> Edn {
        Edn::Char(*self)
    }
}

impl ToEdn for str {
    fn to_edn(&self) -> Edn {
        Edn::Str(self.to_owned())
    }
}

impl ToEdn for String {
    fn to_edn(&self) -> Edn {
        Edn::Str(self.clone())
    }
}

impl ToEdn for Cow<'_, str> {
    fn to_edn(&self) -> Edn {
        Edn::Str(self.to_string())
    }
}

impl ToEdn for () {
    fn to_edn(&self) -> Edn {
        Edn::Nil
    }
}

impl<T: ToEdn> ToEdn for Option<T> {
    fn to_edn(&self) -> Edn {
        self.as_ref().map_or(Edn::Nil, ToEdn::to_edn)
    }
}

impl<T: ToEdn> ToEdn for [T] {
    fn to_edn(&self) -> Edn {
        Edn::Vector(self.iter().map(ToEdn::to_edn).collect())
    }
}

impl<T: ToEdn, const N: usize> ToEdn for [T; N] {
    fn to_edn(&self) -> Edn {
        self.as_slice().to_edn()
    }
}

impl<T: ToEdn> ToEdn for Vec<T> {
    fn to_edn(&self) -> Edn {
        self.as_slice().to_edn()
    }
}

impl<T: ToEdn> ToEdn for BTreeSet<T> {
    fn to_edn(&self) -> Edn {
        Edn::Set(self.iter().map(ToEdn::to_edn).collect())
    }
}

impl<K: ToEdn, V: ToEdn> ToEdn for BTreeMap<K, V> {
    fn to_edn(&self) -> Edn {
        Edn::Map(self.iter().map(|(k, v)| (k.to_edn(), v.to_edn())).collect())
    }
}

macro_rules! tuples {
    ($(($($name:ident)+))*) => {$(
        impl<$($name: ToEdn),+> ToEdn for ($($name,)+) {
            #[allow(non_snake_case)]
            fn to_edn(&self) -> Edn {
                let ($($name,)+) = self;
                Edn::Vector(vec![$($name.to_edn()),+])
            }
        }
    )*};
}
tuples!((A)(A B)(A B C)(A B C D));
