//! With the `serde` feature: a `Serialize` op that opts in with [`SerdeOp`] is an [`EdnOp`], named by its variant.

use std::fmt;

use serde::ser::{self, Serialize};

use super::{Edn, EdnOp};

/// A `Serialize` op type that writes itself into a history through its
/// `Serialize` impl: an enum variant's name in kebab-case is its `:f` and its
/// fields are its `:value` (see [`serde_op`]). One empty impl opts a type in.
///
/// An opt-in, not every `Serialize` type: so that turning the `serde` feature
/// on (in any crate of a build, as cargo unifies features) never clashes with
/// an `EdnOp` written by hand for a type that is also `Serialize`.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{EdnOp, SerdeOp};
///
/// #[derive(serde::Serialize)]
/// enum Op { Read, Write(u64), Cas(u64, u64) }
///
/// impl SerdeOp for Op {}
///
/// assert_eq!(Op::Cas(1, 2).f().to_string(), ":cas");
/// assert_eq!(Op::Cas(1, 2).value().to_string(), "[1 2]");
/// ```
pub trait SerdeOp: Serialize {}

/// Std's plain values as ops, as their `Serialize` impls give them: `:f nil`
/// and the value as `:value` (`Some(3)` is `:value 3`, `None` is `nil`).
macro_rules! serde_ops {
    ($($t:ty),*) => { $(impl SerdeOp for $t {})* };
}
serde_ops!(
    bool, char, u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, str, String
);
impl<T: Serialize> SerdeOp for Option<T> {}
impl<T: Serialize> SerdeOp for Vec<T> {}
impl<A: Serialize, B: Serialize> SerdeOp for (A, B) {}
impl<A: Serialize, B: Serialize, C: Serialize> SerdeOp for (A, B, C) {}
impl<T: SerdeOp + ?Sized> SerdeOp for &T {}

/// Every [`SerdeOp`] is an op, named by its `Serialize` impl (see [`serde_op`]).
impl<T: SerdeOp + ?Sized> EdnOp for T {
    fn f(&self) -> Edn {
        serde_op(self).0
    }

    fn value(&self) -> Edn {
        serde_op(self).1
    }

    fn f_and_value(&self) -> (Edn, Edn) {
        serde_op(self)
    }
}

/// An op's `:f` and `:value` from its `Serialize` impl (the `serde` feature).
///
/// For an enum, `:f` is the variant's name in kebab-case (`CasRegister` is
/// `:cas-register`) and `:value` its fields: `nil` for a unit variant, the
/// value for one field, a vector for several, a map with keyword keys
/// (kebab-case too) for a struct variant. A struct is named by its type
/// the same way. Any other value has `:f nil` and is the `:value`. Nested
/// values follow serde's usual shapes: a unit variant is a keyword, another
/// variant a map of its name to its fields; `Option` is `nil` or the value.
/// A `Serialize` impl that fails gives the value
/// `#lockstep/serialize-error "…"`, so the failure shows in the history
/// rather than vanishing.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{serde_op, Edn, EdnOp, SerdeOp};
///
/// #[derive(serde::Serialize)]
/// enum Op { Read, Write(u64), Cas(u64, u64), Append { key: String, value: u64 } }
///
/// impl SerdeOp for Op {}
///
/// assert_eq!(serde_op(&Op::Read), (Edn::keyword("read"), Edn::Nil));
/// assert_eq!(Op::Write(3).value(), Edn::Int(3));
/// assert_eq!(Op::Cas(1, 2).value().to_string(), "[1 2]");
/// let append = Op::Append { key: "x".into(), value: 4 };
/// assert_eq!(append.f().to_string(), ":append");
/// assert_eq!(append.value().to_string(), r#"{:key "x", :value 4}"#);
/// ```
pub fn serde_op<T: Serialize + ?Sized>(op: &T) -> (Edn, Edn) {
    match op.serialize(Serializer) {
        Ok(Out::Variant { name, value }) => (Edn::keyword(kebab(name)), value.unwrap_or(Edn::Nil)),
        Ok(Out::Struct { name, value }) => (Edn::keyword(kebab(name)), value),
        Ok(Out::Value(value)) => (Edn::Nil, value),
        Err(error) => (Edn::Nil, error.into_edn()),
    }
}

/// A value as EDN through its `Serialize` impl (the `serde` feature), in the
/// shapes [`serde_op`] gives nested values: to implement
/// [`ToEdn`](super::ToEdn) for a value type in one line.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{serde_to_edn, Edn, ToEdn};
///
/// #[derive(serde::Serialize)]
/// enum Error { Timeout, Refused { by: u32 } }
///
/// impl ToEdn for Error {
///     fn to_edn(&self) -> Edn { serde_to_edn(self) }
/// }
/// assert_eq!(Error::Timeout.to_edn().to_string(), ":timeout");
/// assert_eq!(Error::Refused { by: 2 }.to_edn().to_string(), "{:refused {:by 2}}");
/// ```
pub fn serde_to_edn<T: Serialize + ?Sized>(value: &T) -> Edn {
    match value.serialize(Serializer) {
        Ok(out) => out.into_edn(),
        Err(error) => error.into_edn(),
    }
}

/// `CasRegister` and `read_all` as Clojure names them: `cas-register`, `read-all`.
fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push('-');
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A word starts at `aB` and at the `C` of `ABCd` (`HTTPError` is `http-error`).
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// What serializing gives before it is known whether the value is an op or nested.
enum Out {
    Value(Edn),
    Variant {
        name: &'static str,
        value: Option<Edn>,
    },
    Struct {
        name: &'static str,
        value: Edn,
    },
}

impl Out {
    fn into_edn(self) -> Edn {
        match self {
            Out::Value(value) | Out::Struct { value, .. } => value,
            Out::Variant { name, value: None } => Edn::keyword(kebab(name)),
            Out::Variant {
                name,
                value: Some(value),
            } => Edn::Map(vec![(Edn::keyword(kebab(name)), value)]),
        }
    }
}

/// A `Serialize` impl's own error.
#[derive(Debug)]
struct Error(String);

impl Error {
    fn into_edn(self) -> Edn {
        Edn::Tagged(
            "lockstep/serialize-error".into(),
            Box::new(Edn::Str(self.0)),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn nested<T: Serialize + ?Sized>(value: &T) -> Result<Edn, Error> {
    value.serialize(Serializer).map(Out::into_edn)
}

struct Serializer;

/// Collects a sequence, a tuple or a tuple variant's fields.
struct Seq {
    variant: Option<&'static str>,
    items: Vec<Edn>,
}

/// Collects a map, a struct or a struct variant's fields.
struct Map {
    kind: MapKind,
    entries: Vec<(Edn, Edn)>,
    key: Option<Edn>,
}

enum MapKind {
    Map,
    Struct(&'static str),
    Variant(&'static str),
}

impl ser::Serializer for Serializer {
    type Ok = Out;
    type Error = Error;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Map;
    type SerializeStruct = Map;
    type SerializeStructVariant = Map;

    fn serialize_bool(self, v: bool) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Bool(v)))
    }
    fn serialize_i8(self, v: i8) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Int(v)))
    }
    fn serialize_i128(self, v: i128) -> Result<Out, Error> {
        Ok(Out::Value(
            i64::try_from(v).map_or_else(|_| Edn::BigInt(v.to_string()), Edn::Int),
        ))
    }
    fn serialize_u8(self, v: u8) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Out, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Out, Error> {
        self.serialize_i128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<Out, Error> {
        Ok(Out::Value(
            i64::try_from(v).map_or_else(|_| Edn::BigInt(v.to_string()), Edn::Int),
        ))
    }
    fn serialize_f32(self, v: f32) -> Result<Out, Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Float(v)))
    }
    fn serialize_char(self, v: char) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Char(v)))
    }
    fn serialize_str(self, v: &str) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Str(v.to_owned())))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Vector(
            v.iter().map(|&b| Edn::Int(b.into())).collect(),
        )))
    }
    fn serialize_none(self) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Nil))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Out, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out, Error> {
        Ok(Out::Value(Edn::Nil))
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<Out, Error> {
        Ok(Out::Struct {
            name,
            value: Edn::Nil,
        })
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Out, Error> {
        Ok(Out::Variant {
            name: variant,
            value: None,
        })
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Out, Error> {
        // A wrapper is transparent: `struct Op(Inner)` is named by `Inner`.
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Out, Error> {
        Ok(Out::Variant {
            name: variant,
            value: Some(nested(value)?),
        })
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, Error> {
        Ok(Seq {
            variant: None,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, Error> {
        Ok(Seq {
            variant: Some(variant),
            items: Vec::with_capacity(len),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map, Error> {
        Ok(Map {
            kind: MapKind::Map,
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Map, Error> {
        Ok(Map {
            kind: MapKind::Struct(name),
            entries: Vec::with_capacity(len),
            key: None,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Map, Error> {
        Ok(Map {
            kind: MapKind::Variant(variant),
            entries: Vec::with_capacity(len),
            key: None,
        })
    }
}

impl Seq {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(nested(value)?);
        Ok(())
    }

    fn finish(self) -> Out {
        let value = Edn::Vector(self.items);
        match self.variant {
            Some(name) => Out::Variant {
                name,
                value: Some(value),
            },
            None => Out::Value(value),
        }
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Out;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Out;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Out;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Out;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl Map {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.entries
            .push((Edn::keyword(kebab(key)), nested(value)?));
        Ok(())
    }

    fn finish(self) -> Out {
        let value = Edn::Map(self.entries);
        match self.kind {
            MapKind::Map => Out::Value(value),
            MapKind::Struct(name) => Out::Struct { name, value },
            MapKind::Variant(name) => Out::Variant {
                name,
                value: Some(value),
            },
        }
    }
}

impl ser::SerializeMap for Map {
    type Ok = Out;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(nested(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".into()))?;
        self.entries.push((key, nested(value)?));
        Ok(())
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for Map {
    type Ok = Out;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for Map {
    type Ok = Out;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<Out, Error> {
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::kebab;

    #[test]
    fn names_are_kebab_case_as_clojure_writes_them() {
        assert_eq!(kebab("Read"), "read");
        assert_eq!(kebab("CasRegister"), "cas-register");
        assert_eq!(kebab("read_all"), "read-all");
        assert_eq!(kebab("HTTPError"), "http-error");
        assert_eq!(kebab("Get2Keys"), "get2-keys");
    }
}
