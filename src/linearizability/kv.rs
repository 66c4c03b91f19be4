//! A key-value store of strings, checked per key: MIT 6.824's and Porcupine's `kv` model.

use std::collections::HashMap;
use std::sync::Arc;

use super::register::info_suffix;
use super::{Model, Operation};

/// An op on a [`Kv`] store.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::KvOp;
///
/// assert_eq!(KvOp::put("x", "1"), KvOp::Put { key: "x".into(), value: "1".into() });
/// assert_eq!(KvOp::get("x").key(), "x");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KvOp {
    /// Returns the key's value, the empty string if it has none.
    Get {
        /// The key read.
        key: String,
    },
    /// Sets the key's value.
    Put {
        /// The key written.
        key: String,
        /// Its new value.
        value: String,
    },
    /// Appends to the key's value.
    Append {
        /// The key appended to.
        key: String,
        /// What is appended.
        value: String,
    },
}

impl KvOp {
    /// A get of `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::KvOp;
    ///
    /// assert_eq!(KvOp::get("x"), KvOp::Get { key: "x".into() });
    /// ```
    #[must_use]
    pub fn get(key: impl Into<String>) -> Self {
        KvOp::Get { key: key.into() }
    }

    /// A put of `value` at `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::KvOp;
    ///
    /// assert_eq!(KvOp::put("x", "1").key(), "x");
    /// ```
    #[must_use]
    pub fn put(key: impl Into<String>, value: impl Into<String>) -> Self {
        KvOp::Put {
            key: key.into(),
            value: value.into(),
        }
    }

    /// An append of `value` to `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::KvOp;
    ///
    /// assert_eq!(KvOp::append("x", "1").key(), "x");
    /// ```
    #[must_use]
    pub fn append(key: impl Into<String>, value: impl Into<String>) -> Self {
        KvOp::Append {
            key: key.into(),
            value: value.into(),
        }
    }

    /// The key the op touches.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::KvOp;
    ///
    /// assert_eq!(KvOp::get("y").key(), "y");
    /// ```
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            KvOp::Get { key } | KvOp::Put { key, .. } | KvOp::Append { key, .. } => key,
        }
    }
}

/// A key-value store with string keys and values, checked one key at a time.
///
/// A missing key reads as the empty string, as in MIT 6.824's key-value
/// service. An op's output is a `String`: for a get, the value it returned;
/// for a put or append, anything (it is ignored). The model
/// [partitions](Model::partition) ops by key, so its state is one key's
/// value (an `Arc<str>`, so that a get's step clones a pointer, not the
/// string): [`step`](Model::step) assumes every op it is given touches the
/// same key, which the checker guarantees.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{Kv, KvOp, Operation, check};
///
/// let history = [
///     Operation::ok(0, KvOp::append("x", "a"), 0, String::new(), 3),
///     Operation::ok(1, KvOp::append("x", "b"), 1, String::new(), 2),
///     Operation::ok(2, KvOp::get("x"), 4, "ba".to_string(), 5),
///     Operation::ok(2, KvOp::get("y"), 6, String::new(), 7),
/// ];
/// assert!(check(&Kv, &history).is_linearizable());
/// let lost_append = [history[0].clone(), history[1].clone(), Operation::ok(2, KvOp::get("x"), 4, "a".to_string(), 5)];
/// assert!(!check(&Kv, &lost_append).is_linearizable());
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Kv;

impl Model for Kv {
    type Input = KvOp;
    type Output = String;
    type State = Arc<str>;

    fn init(&self) -> Arc<str> {
        Arc::from("")
    }

    fn step(&self, state: &Arc<str>, input: &KvOp, output: Option<&String>) -> Option<Arc<str>> {
        match input {
            KvOp::Get { .. } => match output {
                Some(seen) if **seen != **state => None,
                _ => Some(Arc::clone(state)),
            },
            KvOp::Put { value, .. } => Some(Arc::from(value.as_str())),
            KvOp::Append { value, .. } => {
                let mut appended = String::with_capacity(state.len() + value.len());
                appended.push_str(state);
                appended.push_str(value);
                Some(Arc::from(appended))
            }
        }
    }

    /// Groups ops by key, in the order each key first appears.
    fn partition(&self, ops: &[Operation<KvOp, String>]) -> Option<Vec<Vec<usize>>> {
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let g = *group_of.entry(op.input().key()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        Some(groups)
    }

    fn describe_operation(&self, input: &KvOp, output: Option<&String>) -> String {
        let op = match (input, output) {
            (KvOp::Get { key }, Some(seen)) => format!("get {key:?} -> {seen:?}"),
            (KvOp::Get { key }, None) => format!("get {key:?}"),
            (KvOp::Put { key, value }, _) => format!("put {key:?} {value:?}"),
            (KvOp::Append { key, value }, _) => format!("append {key:?} {value:?}"),
        };
        info_suffix(op, output)
    }
}
