//! The answer: linearizable, not (with a counterexample), or unknown.

use std::fmt;
use std::time::Duration;

/// What a check found.
///
/// Never a wrong answer: when a budget runs out before the search is done,
/// the verdict is [`Unknown`](Verdict::Unknown), not a guess.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
///
/// // Process 1 reads 2 after the write of 1 returned, and nothing wrote 2.
/// let history = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 1),
///     Operation::ok(1, CasOp::Read, 2, Some(2), 3),
/// ];
/// match check(&CasRegister::new(), &history) {
///     Verdict::NotLinearizable(counterexample) => {
///         assert_eq!(counterexample.prefix(), &[0]);
///         assert_eq!(counterexample.blocked(), 1);
///         println!("{counterexample}");
///     }
///     other => panic!("expected a counterexample, got {other}"),
/// }
/// ```
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Some order of the ops, consistent with real time, explains every output.
    Linearizable,
    /// No order does; here is where the search got furthest.
    NotLinearizable(Counterexample),
    /// A budget ran out before the search was done.
    Unknown(Exhausted),
}

impl Verdict {
    /// Whether the history was found linearizable (`false` for both other verdicts).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Operation, check};
    ///
    /// assert!(check(&CasRegister::<u64>::new(), &[]).is_linearizable());
    /// ```
    #[must_use]
    pub fn is_linearizable(&self) -> bool {
        matches!(self, Verdict::Linearizable)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Linearizable => f.write_str("linearizable"),
            Verdict::NotLinearizable(counterexample) => write!(f, "{counterexample}"),
            Verdict::Unknown(exhausted) => write!(f, "unknown: {exhausted}"),
        }
    }
}

/// Which budget ran out, giving [`Verdict::Unknown`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::Exhausted;
/// use std::time::Duration;
///
/// assert_eq!(
///     Exhausted::Time(Duration::from_secs(2)).to_string(),
///     "the time budget (2s) ran out"
/// );
/// ```
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exhausted {
    /// The search took longer than this.
    Time(Duration),
    /// The memo cache reached this many entries.
    Memory {
        /// The budget, in entries of (linearized ops, state).
        cache_entries: usize,
    },
}

impl fmt::Display for Exhausted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exhausted::Time(budget) => write!(f, "the time budget ({budget:?}) ran out"),
            Exhausted::Memory { cache_entries } => write!(
                f,
                "the memory budget ({cache_entries} cache entries) ran out"
            ),
        }
    }
}

/// Why a history is not linearizable: the longest linearizable prefix the
/// search found, and the op it could not place after it.
///
/// Ops are named by their index in the slice that was checked. Its `Display`
/// is meant for a terminal: the prefix with the state after each op, the
/// state it ends in, the op that could not follow, the ops that were tried in
/// its place, and the processes involved. Each op reads `op i, process p, at
/// call..ret: what it did`, where `call..ret` are its positions (for ops read
/// by [`operations`](super::operations), the `:index` of its invocation and
/// completion in the history; `call..` when it never completed). Of a long
/// prefix, `{}` prints the last [`SHOWN`](Counterexample::SHOWN) ops, the
/// ones nearest the op that could not follow, and says how many came
/// before; `{:#}` prints the whole prefix, one line per op, and
/// [`prefix`](Counterexample::prefix) has it all.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
///
/// let history = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 1),
///     Operation::ok(1, CasOp::Cas(1, 2), 2, None, 5),
///     Operation::ok(2, CasOp::Read, 3, Some(1), 4),
///     Operation::ok(2, CasOp::Read, 6, Some(1), 7),
/// ];
/// let Verdict::NotLinearizable(counterexample) = check(&CasRegister::new(), &history) else {
///     panic!("the cas returned before the last read, which missed it");
/// };
/// assert_eq!(counterexample.blocked(), 3);
/// assert_eq!(counterexample.processes(), &[2]);
/// assert!(counterexample.to_string().contains("op 3, process 2, at 6..7: read -> 1"));
/// ```
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterexample {
    prefix: Vec<usize>,
    blocked: usize,
    tried: Vec<usize>,
    processes: Vec<u64>,
    /// Each prefix op as text, with the state after it.
    prefix_text: Vec<(String, String)>,
    /// The state after the prefix.
    state_text: String,
    blocked_text: String,
    tried_text: Vec<String>,
}

impl Counterexample {
    #[allow(clippy::too_many_arguments)] // One private constructor, called in one place.
    pub(crate) fn new(
        prefix: Vec<usize>,
        blocked: usize,
        tried: Vec<usize>,
        processes: Vec<u64>,
        prefix_text: Vec<(String, String)>,
        state_text: String,
        blocked_text: String,
        tried_text: Vec<String>,
    ) -> Self {
        Counterexample {
            prefix,
            blocked,
            tried,
            processes,
            prefix_text,
            state_text,
            blocked_text,
            tried_text,
        }
    }

    /// The longest linearizable prefix found: indices of ops, in the order they were linearized.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
    ///
    /// let history = [Operation::ok(0, CasOp::Read, 0, Some(5), 1)];
    /// let Verdict::NotLinearizable(c) = check(&CasRegister::new(), &history) else { panic!() };
    /// assert!(c.prefix().is_empty());
    /// ```
    #[must_use]
    pub fn prefix(&self) -> &[usize] {
        &self.prefix
    }

    /// The `ok` op that could not be placed after the prefix: its index.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
    ///
    /// let history = [Operation::ok(0, CasOp::Read, 0, Some(5), 1)];
    /// let Verdict::NotLinearizable(c) = check(&CasRegister::new(), &history) else { panic!() };
    /// assert_eq!(c.blocked(), 0);
    /// ```
    #[must_use]
    pub fn blocked(&self) -> usize {
        self.blocked
    }

    /// The other ops that could have gone next after the prefix (called
    /// before the blocked op returned, and not in the prefix): the search
    /// tried each and none led to a linearization.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
    ///
    /// let history = [
    ///     Operation::ok(0, CasOp::Read, 0, Some(5), 3),
    ///     Operation::ok(1, CasOp::Write(4), 1, None, 2),
    /// ];
    /// let Verdict::NotLinearizable(c) = check(&CasRegister::new(), &history) else { panic!() };
    /// assert_eq!((c.prefix(), c.blocked(), c.tried()), (&[1][..], 0, &[][..]));
    /// ```
    #[must_use]
    pub fn tried(&self) -> &[usize] {
        &self.tried
    }

    /// The processes of the blocked op, of the ops tried in its place, and of
    /// the prefix ops that overlap it in time, ascending.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, Verdict, check};
    ///
    /// let history = [Operation::ok(7, CasOp::Read, 0, Some(5), 1)];
    /// let Verdict::NotLinearizable(c) = check(&CasRegister::new(), &history) else { panic!() };
    /// assert_eq!(c.processes(), &[7]);
    /// ```
    #[must_use]
    pub fn processes(&self) -> &[u64] {
        &self.processes
    }
}

impl Counterexample {
    /// How many of the prefix's last ops `{}` prints; `{:#}` prints them all.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Counterexample, Operation, Verdict, check};
    ///
    /// // Twelve writes, then a read of a value never written.
    /// let mut history: Vec<_> = (0..12).map(|k| Operation::ok(0, CasOp::Write(k), 2 * k, None, 2 * k + 1)).collect();
    /// history.push(Operation::ok(1, CasOp::Read, 30, Some(99), 31));
    /// let Verdict::NotLinearizable(c) = check(&CasRegister::new(), &history) else { panic!() };
    /// assert!(c.to_string().contains("… 2 earlier ops"));
    /// assert_eq!(c.to_string().lines().filter(|l| l.contains(": write ")).count(), Counterexample::SHOWN);
    /// assert_eq!(format!("{c:#}").lines().filter(|l| l.contains(": write ")).count(), 12);
    /// ```
    pub const SHOWN: usize = 10;
}

impl fmt::Display for Counterexample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "not linearizable: op {} cannot follow the longest linearizable prefix found ({} ops)",
            self.blocked,
            self.prefix.len()
        )?;
        if self.prefix_text.is_empty() {
            writeln!(f, "  prefix: none, from the initial state")?;
        } else {
            writeln!(f, "  prefix, with the state after each op:")?;
            let hidden = match f.alternate() {
                true => 0,
                false => self.prefix_text.len().saturating_sub(Counterexample::SHOWN),
            };
            if hidden > 0 {
                writeln!(f, "    … {hidden} earlier ops (`{{:#}}` prints them)")?;
            }
            for (op, state) in &self.prefix_text[hidden..] {
                writeln!(f, "    {op}  => {state}")?;
            }
        }
        writeln!(f, "  state after the prefix: {}", self.state_text)?;
        writeln!(f, "  cannot place: {}", self.blocked_text)?;
        if !self.tried_text.is_empty() {
            writeln!(f, "  tried in its place, each leading nowhere:")?;
            for op in &self.tried_text {
                writeln!(f, "    {op}")?;
            }
        }
        let processes: Vec<String> = self.processes.iter().map(u64::to_string).collect();
        write!(f, "  processes involved: {}", processes.join(", "))
    }
}
