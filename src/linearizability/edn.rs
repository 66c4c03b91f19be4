//! The built-in models over histories read from EDN: any tool's Jepsen histories, checked.

use std::fmt;
use std::str::FromStr;

use crate::history::{Edn, EdnFields, EdnHistory, Outcome as HistoryOutcome};

use super::{
    CasOp, CasRegister, Checker, Kv, KvOp, Operation, Register, RegisterOp, Verdict, picture,
};

/// A built-in model, named as Jepsen and Knossos name it, for histories read from EDN.
///
/// - `register`: `:read` (`:value` the value read, `nil` if none) and `:write v`;
/// - `cas-register`: those and `:cas [old new]`; a register holds nothing (nil)
///   until written;
/// - `kv`: `:get`, `:put` and `:append` on a `:key`, string values, a missing
///   key reading as the empty string (MIT 6.824's service); checked per key.
///
/// Values of `register` and `cas-register` compare as the EDN they are written
/// as (`3`, `"a"`, `:x`). A nemesis's events (process `:nemesis`) are left out.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::EdnModel;
///
/// let model: EdnModel = "cas-register".parse()?;
/// assert_eq!(model, EdnModel::CasRegister);
/// assert_eq!(model.to_string(), "cas-register");
/// assert!("counter".parse::<EdnModel>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdnModel {
    /// Knossos's `register`: read and write.
    Register,
    /// Knossos's `cas-register`: read, write and compare-and-set.
    CasRegister,
    /// A key-value store of strings: get, put and append on a `:key`.
    Kv,
}

impl EdnModel {
    /// Every built-in model, in the order the command line lists them.
    pub const ALL: [EdnModel; 3] = [EdnModel::CasRegister, EdnModel::Register, EdnModel::Kv];

    /// Checks `history` against this model with `checker`'s budgets.
    ///
    /// # Errors
    ///
    /// An [`EdnOpError`] naming the first event (by its index in the history)
    /// whose op this model does not have, or whose value is not of its shape.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel};
    ///
    /// let history = read_edn(r#"
    /// {:type :invoke, :process 0, :f :write, :value 1}
    /// {:type :ok, :process 0, :f :write, :value 1}
    /// {:type :invoke, :process 1, :f :read, :value nil}
    /// {:type :ok, :process 1, :f :read, :value 2}
    /// "#)?;
    /// let checked = EdnModel::CasRegister.check(&history, &Checker::new())?;
    /// assert!(!checked.verdict().is_linearizable());
    /// assert!(checked.picture().contains("read -&gt; 2"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, history: &EdnHistory, checker: &Checker) -> Result<EdnCheck, EdnOpError> {
        let mut invocations = Vec::new();
        let calls = &mut invocations;
        let ops = match self {
            EdnModel::Register => Ops::Register(operations(history, register_op, calls)?),
            EdnModel::CasRegister => Ops::CasRegister(operations(history, cas_op, calls)?),
            EdnModel::Kv => Ops::Kv(operations(history, kv_op, calls)?),
        };
        let verdict = match &ops {
            Ops::Register(ops) => checker.check(&Register::new(), ops),
            Ops::CasRegister(ops) => checker.check(&CasRegister::new(), ops),
            Ops::Kv(ops) => checker.check(&Kv, ops),
        };
        Ok(EdnCheck {
            ops,
            invocations,
            verdict,
        })
    }
}

impl fmt::Display for EdnModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EdnModel::Register => "register",
            EdnModel::CasRegister => "cas-register",
            EdnModel::Kv => "kv",
        })
    }
}

impl FromStr for EdnModel {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        EdnModel::ALL
            .into_iter()
            .find(|model| model.to_string() == name)
            .ok_or_else(|| format!("no model named {name:?}: cas-register, register or kv"))
    }
}

/// An EDN history checked against a built-in model: the verdict, and a picture of it.
///
/// This struct is created by [`EdnModel::check`]. See its documentation for more.
#[derive(Clone, Debug)]
pub struct EdnCheck {
    ops: Ops,
    /// Each op's invocation: its event's index in the history.
    invocations: Vec<usize>,
    verdict: Verdict,
}

impl EdnCheck {
    /// The verdict.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel, Verdict};
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :read, :value nil}")?;
    /// let checked = EdnModel::Register.check(&history, &Checker::new())?;
    /// assert_eq!(checked.verdict(), &Verdict::Linearizable);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// The index in the history of op `op`'s invocation: what a verdict's op numbers (its
    /// [`Counterexample`](super::Counterexample)'s) refer to, in the history read.
    ///
    /// Ops are numbered in the order they were invoked, the nemesis's left out.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel, Verdict};
    ///
    /// let history = read_edn(r#"
    /// {:type :invoke, :process :nemesis, :f :kill}
    /// {:type :info, :process :nemesis, :f :kill}
    /// {:type :invoke, :process 0, :f :read, :value nil}
    /// {:type :ok, :process 0, :f :read, :value 5}
    /// "#)?;
    /// let checked = EdnModel::Register.check(&history, &Checker::new())?;
    /// let Verdict::NotLinearizable(c) = checked.verdict() else { panic!("nothing wrote 5") };
    /// assert_eq!(checked.invocation(c.blocked()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn invocation(&self, op: usize) -> Option<usize> {
        self.invocations.get(op).copied()
    }

    /// The picture of the checked history, as [`picture`](super::picture) draws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel};
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :get, :key \"x\", :value nil}")?;
    /// let checked = EdnModel::Kv.check(&history, &Checker::new())?;
    /// assert!(checked.picture().starts_with("<!DOCTYPE html>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn picture(&self) -> String {
        match &self.ops {
            Ops::Register(ops) => picture(&Register::new(), ops, &self.verdict),
            Ops::CasRegister(ops) => picture(&CasRegister::new(), ops, &self.verdict),
            Ops::Kv(ops) => picture(&Kv, ops, &self.verdict),
        }
    }
}

/// A value as the EDN text it was written as: compared as text, shown as written.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Text(String);

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The checker's ops of one built-in model.
#[derive(Clone, Debug)]
enum Ops {
    Register(Vec<Operation<RegisterOp<Text>, Option<Text>>>),
    CasRegister(Vec<Operation<CasOp<Text>, Option<Text>>>),
    Kv(Vec<Operation<KvOp, String>>),
}

/// An event of an EDN history whose op the model does not have.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::read_edn;
/// use lockstep_gen::linearizability::{Checker, EdnModel};
///
/// let history = read_edn("{:type :invoke, :process 0, :f :frobnicate, :value 1}")?;
/// let err = EdnModel::CasRegister.check(&history, &Checker::new()).unwrap_err();
/// assert_eq!(err.index(), 0);
/// assert_eq!(err.to_string(), "event 0: cas-register has no op :frobnicate (it has :read, :write and :cas)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdnOpError {
    index: usize,
    message: String,
}

impl EdnOpError {
    /// The index of the event in its history.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel};
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :cas, :value 1}")?;
    /// assert_eq!(EdnModel::CasRegister.check(&history, &Checker::new()).unwrap_err().index(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// What is wrong with it, without the event's index.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::read_edn;
    /// use lockstep_gen::linearizability::{Checker, EdnModel};
    ///
    /// let history = read_edn("{:type :invoke, :process 0, :f :cas, :value 1}")?;
    /// let err = EdnModel::CasRegister.check(&history, &Checker::new()).unwrap_err();
    /// assert_eq!(err.message(), "a :cas's :value must be [old new], not 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EdnOpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "event {}: {}", self.index, self.message)
    }
}

impl std::error::Error for EdnOpError {}

/// What a model's op is made from: an invocation's fields, and an ok completion's.
type MakeOp<I, O> = fn(&EdnFields, Option<&EdnFields>) -> Result<(I, Option<O>), String>;

/// The ops of `history` as `make` reads them, the nemesis's left out.
fn operations<I, O>(
    history: &EdnHistory,
    make: MakeOp<I, O>,
    invocations: &mut Vec<usize>,
) -> Result<Vec<Operation<I, O>>, EdnOpError> {
    let mut ops = Vec::new();
    for pair in history.pairs() {
        if pair.process() == crate::history::NEMESIS {
            continue;
        }
        let ok = match pair.outcome() {
            Some(HistoryOutcome::Ok(fields)) => Some(fields),
            _ => None,
        };
        // The invocation first, so that an error names the event at fault.
        let error = |index| move |message| EdnOpError { index, message };
        let invoked = make(pair.op(), None).map_err(error(pair.index()))?;
        let (input, output) = match (ok, pair.end()) {
            (Some(ok), Some(end)) => make(pair.op(), Some(ok)).map_err(error(end))?,
            _ => invoked,
        };
        let (process, call) = (pair.process(), pair.index() as u64);
        invocations.push(pair.index());
        ops.push(match (pair.outcome(), pair.end(), output) {
            (Some(HistoryOutcome::Ok(_)), Some(ret), Some(output)) => {
                Operation::ok(process, input, call, output, ret as u64)
            }
            (Some(HistoryOutcome::Fail(_)), _, _) => Operation::fail(process, input, call),
            _ => Operation::info(process, input, call),
        });
    }
    Ok(ops)
}

/// An op's `:f`, as a keyword's name.
fn f(fields: &EdnFields) -> Result<&str, String> {
    match fields.f() {
        Some(Edn::Keyword(name)) => Ok(name),
        Some(other) => Err(format!("its :f must be a keyword, not {other}")),
        None => Err("it has no :f".to_owned()),
    }
}

/// A register value as the EDN it is written as; `nil` is no value.
fn value_text(value: Option<&Edn>) -> Option<Text> {
    match value {
        None | Some(Edn::Nil) => None,
        Some(value) => Some(Text(value.to_string())),
    }
}

fn register_op(
    invoke: &EdnFields,
    ok: Option<&EdnFields>,
) -> Result<(RegisterOp<Text>, Option<Option<Text>>), String> {
    let read = || ok.map(|ok| value_text(ok.value()));
    match f(invoke)? {
        "read" => Ok((RegisterOp::Read, read())),
        "write" => match value_text(invoke.value()) {
            Some(v) => Ok((RegisterOp::Write(v), ok.map(|_| None))),
            None => Err("a :write needs a :value".to_owned()),
        },
        other => Err(format!(
            "register has no op :{other} (it has :read and :write)"
        )),
    }
}

fn cas_op(
    invoke: &EdnFields,
    ok: Option<&EdnFields>,
) -> Result<(CasOp<Text>, Option<Option<Text>>), String> {
    let done = ok.map(|_| None);
    match f(invoke)? {
        "read" => Ok((CasOp::Read, ok.map(|ok| value_text(ok.value())))),
        "write" => match value_text(invoke.value()) {
            Some(v) => Ok((CasOp::Write(v), done)),
            None => Err("a :write needs a :value".to_owned()),
        },
        "cas" => match invoke.value() {
            Some(Edn::Vector(pair) | Edn::List(pair)) if pair.len() == 2 => Ok((
                CasOp::Cas(Text(pair[0].to_string()), Text(pair[1].to_string())),
                done,
            )),
            other => Err(format!(
                "a :cas's :value must be [old new], not {}",
                other.map_or("nothing".to_owned(), Edn::to_string)
            )),
        },
        other => Err(format!(
            "cas-register has no op :{other} (it has :read, :write and :cas)"
        )),
    }
}

fn kv_op(invoke: &EdnFields, ok: Option<&EdnFields>) -> Result<(KvOp, Option<String>), String> {
    // The key as the EDN it is written as, so that `1` and `"1"` stay two keys.
    let key = match invoke.get("key") {
        Some(key) => key.to_string(),
        None => return Err("a kv op needs a :key".to_owned()),
    };
    let text = |value: Option<&Edn>| match value {
        Some(Edn::Str(s)) => Ok(s.clone()),
        None | Some(Edn::Nil) => Ok(String::new()),
        Some(other) => Err(format!("a kv value must be a string, not {other}")),
    };
    match f(invoke)? {
        "get" => {
            let read = ok.map(|ok| text(ok.value())).transpose()?;
            Ok((KvOp::get(key), read))
        }
        "put" => Ok((
            KvOp::put(key, text(invoke.value())?),
            ok.map(|_| String::new()),
        )),
        "append" => Ok((
            KvOp::append(key, text(invoke.value())?),
            ok.map(|_| String::new()),
        )),
        other => Err(format!(
            "kv has no op :{other} (it has :get, :put and :append)"
        )),
    }
}
