//! How often swarm testing finds four planted bugs, against a fixed mix of equal weights.
//!
//! Four small systems, each with a bug planted where real ones hide:
//!
//! - a stack whose first 12 elements live inline and the rest on the heap, but
//!   whose 13th element overwrites the bottom one: it needs many more pushes
//!   than pops;
//! - a store that buffers writes until a read flushes them, and drops the 8th
//!   write in a row with no read between;
//! - a register whose compare-and-set fast path fails the 6th cas in a row;
//! - a queue whose drain miscounts what it removed, every time: any case with
//!   one drain finds it.
//!
//! For each seed of 0..200, 64 ops are drawn with `weighted` (every kind
//! weight 1) and with `swarm` (every kind weight 1, then the seed's own
//! configuration), run against the system and checked against a model; the
//! table counts the seeds whose ops exposed the bug. It ends with the report
//! of a `Check` that found the stack's bug with a swarm: it names the kinds
//! the failing case had on.
//!
//! ```text
//! cargo run --example swarm_bugs
//! ```

use std::fmt::Debug;
use std::ops::Range;

use lockstep_gen::prelude::*;
use lockstep_gen::{Check, OpSequence, Workload};

/// The seeds each bug is hunted over, with either generator.
pub const SEEDS: Range<u64> = 0..200;
/// The ops each seed runs, with either generator.
pub const BUDGET: usize = 64;

/// A system under test with a bug that can be planted, and the model it must agree with.
pub trait System: Default {
    /// An op kind: every kind has weight 1 in both generators.
    type Op: Copy + Debug + PartialEq + 'static;
    /// What the table calls the bug.
    const BUG: &'static str;
    /// Every op kind, in the order given to the generators.
    const KINDS: &'static [Self::Op];
    /// Whether the bug needs a skewed mix (rather than one op of a kind).
    const SKEWED: bool;

    /// Runs `op` against the system (with the bug if `planted`) and its model: `Err` when they disagree.
    fn apply(&mut self, op: Self::Op, planted: bool) -> Result<(), String>;

    /// The final read, after the last op: `Err` when the system's state is not the model's.
    fn finish(&mut self, planted: bool) -> Result<(), String>;
}

/// Runs `ops` against a fresh system: `Err` with the first disagreement.
pub fn run<S: System>(ops: impl IntoIterator<Item = S::Op>, planted: bool) -> Result<(), String> {
    let mut system = S::default();
    for (i, op) in ops.into_iter().enumerate() {
        system
            .apply(op, planted)
            .map_err(|e| format!("op #{i} {op:?}: {e}"))?;
    }
    system.finish(planted)
}

/// The kinds as `(kind, 1)` pairs: equal weights for both generators.
fn pairs<S: System>() -> impl Iterator<Item = (S::Op, u32)> {
    S::KINDS.iter().map(|&op| (op, 1))
}

/// How many of the seeds found the bug: with `weighted`, then with `swarm`.
pub fn detections<S: System>(planted: bool) -> (usize, usize) {
    let found = |ops: Vec<S::Op>| run::<S>(ops, planted).is_err();
    let weighted = SEEDS
        .filter(|&seed| found(weighted(pairs::<S>()).seed(seed).take(BUDGET).collect()))
        .count();
    let swarm = SEEDS
        .filter(|&seed| found(swarm(pairs::<S>()).seed(seed).take(BUDGET).collect()))
        .count();
    (weighted, swarm)
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub bug: &'static str,
    pub kinds: usize,
    pub skewed: bool,
    /// Seeds of [`SEEDS`] whose ops found the bug, with `weighted` and with `swarm`.
    pub weighted: usize,
    pub swarm: usize,
}

fn row<S: System>() -> Row {
    let (weighted, swarm) = detections::<S>(true);
    Row {
        bug: S::BUG,
        kinds: S::KINDS.len(),
        skewed: S::SKEWED,
        weighted,
        swarm,
    }
}

/// The table: one row per planted bug.
pub fn table() -> Vec<Row> {
    vec![
        row::<Stack>(),
        row::<Store>(),
        row::<CasRegister>(),
        row::<Queue>(),
    ]
}

/// How many seeds, with either generator, flag a system without its bug: none, if the checks are sound.
pub fn false_alarms() -> usize {
    fn both<S: System>() -> usize {
        let (w, s) = detections::<S>(false);
        w + s
    }
    both::<Stack>() + both::<Store>() + both::<CasRegister>() + both::<Queue>()
}

// --- The stack: 12 inline slots, then the heap; planted, the 13th element wraps onto slot 0.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StackOp {
    Push,
    Pop,
    Peek,
    Len,
}

#[derive(Default)]
pub struct Stack {
    inline: [u64; 12],
    heap: Vec<u64>,
    len: usize,
    model: Vec<u64>,
    next: u64,
}

impl Stack {
    fn slot(&mut self, i: usize, planted: bool) -> &mut u64 {
        if i < 12 {
            &mut self.inline[i]
        } else if planted {
            // The bug: the index wraps instead of spilling to the heap.
            &mut self.inline[i % 12]
        } else {
            &mut self.heap[i - 12]
        }
    }
}

impl System for Stack {
    type Op = StackOp;
    const BUG: &'static str = "stack: the 13th element overwrites the bottom";
    const KINDS: &'static [StackOp] = &[StackOp::Push, StackOp::Pop, StackOp::Peek, StackOp::Len];
    const SKEWED: bool = true;

    fn apply(&mut self, op: StackOp, planted: bool) -> Result<(), String> {
        let (got, want) = match op {
            StackOp::Push => {
                self.next += 1;
                if self.len >= 12 && !planted {
                    self.heap.push(0);
                }
                *self.slot(self.len, planted) = self.next;
                self.len += 1;
                self.model.push(self.next);
                return Ok(());
            }
            StackOp::Pop => {
                let got = match self.len {
                    0 => None,
                    n => {
                        self.len -= 1;
                        let top = *self.slot(n - 1, planted);
                        if n > 12 && !planted {
                            self.heap.pop();
                        }
                        Some(top)
                    }
                };
                (got, self.model.pop())
            }
            StackOp::Peek => {
                let got = match self.len {
                    0 => None,
                    n => Some(*self.slot(n - 1, planted)),
                };
                (got, self.model.last().copied())
            }
            StackOp::Len => (Some(self.len as u64), Some(self.model.len() as u64)),
        };
        if got == want {
            Ok(())
        } else {
            Err(format!("got {got:?}, the model {want:?}"))
        }
    }

    fn finish(&mut self, planted: bool) -> Result<(), String> {
        let contents: Vec<u64> = (0..self.len).map(|i| *self.slot(i, planted)).collect();
        if contents == self.model {
            Ok(())
        } else {
            Err(format!("holds {contents:?}, the model {:?}", self.model))
        }
    }
}

// --- The store: writes buffered until a read flushes them; planted, a full buffer drops the write.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StoreOp {
    Read,
    Write,
    /// How many writes the store has taken: it does not flush.
    Version,
}

#[derive(Default)]
pub struct Store {
    value: Option<u64>,
    buffer: Vec<u64>,
    taken: u64,
    model: Option<u64>,
    next: u64,
}

/// The store's write buffer holds this many writes: the next one, unread, flushes it (or, planted, is dropped).
const BUFFER: usize = 7;

impl Store {
    fn flush(&mut self) {
        if let Some(&last) = self.buffer.last() {
            self.value = Some(last);
        }
        self.buffer.clear();
    }
}

impl System for Store {
    type Op = StoreOp;
    const BUG: &'static str = "store: the 8th write with no read between is lost";
    const KINDS: &'static [StoreOp] = &[StoreOp::Read, StoreOp::Write, StoreOp::Version];
    const SKEWED: bool = true;

    fn apply(&mut self, op: StoreOp, planted: bool) -> Result<(), String> {
        let (got, want) = match op {
            StoreOp::Write => {
                self.next += 1;
                self.model = Some(self.next);
                if self.buffer.len() == BUFFER {
                    if planted {
                        return Ok(());
                    }
                    self.flush();
                }
                self.buffer.push(self.next);
                self.taken += 1;
                return Ok(());
            }
            StoreOp::Read => {
                self.flush();
                (self.value, self.model)
            }
            StoreOp::Version => (Some(self.taken), Some(self.next)),
        };
        if got == want {
            Ok(())
        } else {
            Err(format!("got {got:?}, the model {want:?}"))
        }
    }

    fn finish(&mut self, planted: bool) -> Result<(), String> {
        self.apply(StoreOp::Read, planted)
    }
}

// --- The register: planted, the cas fast path fails the 6th cas in a row.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RegisterOp {
    Read,
    Write,
    /// Compare-and-set from the value last seen to a new one: always succeeds, with one client.
    Cas,
}

#[derive(Default)]
pub struct CasRegister {
    value: u64,
    streak: u32,
    next: u64,
}

/// The planted bug's retry counter overflows on this cas in a row.
const CAS_RUN: u32 = 6;

impl System for CasRegister {
    type Op = RegisterOp;
    const BUG: &'static str = "register: the 6th cas in a row fails";
    const KINDS: &'static [RegisterOp] = &[RegisterOp::Read, RegisterOp::Write, RegisterOp::Cas];
    const SKEWED: bool = true;

    fn apply(&mut self, op: RegisterOp, planted: bool) -> Result<(), String> {
        self.next += 1;
        match op {
            RegisterOp::Read => self.streak = 0,
            RegisterOp::Write => {
                self.streak = 0;
                self.value = self.next;
            }
            RegisterOp::Cas => {
                self.streak += 1;
                if planted && self.streak == CAS_RUN {
                    return Err(format!("cas({}, {}) failed", self.value, self.next));
                }
                self.value = self.next;
            }
        }
        Ok(())
    }

    fn finish(&mut self, _planted: bool) -> Result<(), String> {
        Ok(())
    }
}

// --- The queue: planted, a drain miscounts what it removed, whatever the queue holds.

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum QueueOp {
    Enqueue,
    Dequeue,
    Drain,
}

#[derive(Default)]
pub struct Queue {
    items: std::collections::VecDeque<u64>,
    next: u64,
}

impl System for Queue {
    type Op = QueueOp;
    const BUG: &'static str = "queue: every drain miscounts";
    const KINDS: &'static [QueueOp] = &[QueueOp::Enqueue, QueueOp::Dequeue, QueueOp::Drain];
    const SKEWED: bool = false;

    fn apply(&mut self, op: QueueOp, planted: bool) -> Result<(), String> {
        match op {
            QueueOp::Enqueue => {
                self.next += 1;
                self.items.push_back(self.next);
            }
            QueueOp::Dequeue => {
                self.items.pop_front();
            }
            QueueOp::Drain => {
                let want = self.items.len();
                // The bug: the count includes the queue's sentinel node.
                let got = self.items.drain(..).count() + usize::from(planted);
                if got != want {
                    return Err(format!("drained {got}, the model {want}"));
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, _planted: bool) -> Result<(), String> {
        Ok(())
    }
}

/// The stack's workload for a `Check`: a swarm over its kinds.
struct StackSwarm;

impl Workload for StackSwarm {
    type Op = StackOp;
    const LENGTH: usize = BUDGET;
    fn ops(&self, seed: Seed) -> impl Iterator<Item = StackOp> {
        swarm(pairs::<Stack>()).seed(seed)
    }
}

fn main() {
    println!(
        "Seeds {}..{} with {BUDGET} ops each; every kind weight 1 (swarm: before its seed's configuration).\n",
        SEEDS.start, SEEDS.end
    );
    println!(
        "| planted bug | kinds | weighted (equal weights) | swarm | swarm / weighted |\n|---|---|---|---|---|"
    );
    for row in table() {
        let ratio = if row.weighted == 0 {
            "∞".to_owned()
        } else {
            format!("{:.2}×", row.swarm as f64 / row.weighted as f64)
        };
        println!(
            "| {} | {} | {}/{} | {}/{} | {ratio} |",
            row.bug,
            row.kinds,
            row.weighted,
            SEEDS.end - SEEDS.start,
            row.swarm,
            SEEDS.end - SEEDS.start
        );
    }
    assert_eq!(false_alarms(), 0, "a system without its bug was flagged");

    // A Check that hunts the stack's bug with a swarm: its report names the kinds that were on.
    let failure = Check::new("stack_with_swarm", StackSwarm)
        .base(1)
        .command("cargo run --example swarm_bugs")
        .run(|case: &OpSequence<StackSwarm>| run::<Stack>(case.ops().iter().copied(), true))
        .expect_err("a swarm finds the stack's bug within 100 cases");
    println!(
        "\nThe stack's bug, found by a Check over a swarm (#k: the k-th kind of {:?}):\n\n{failure}",
        Stack::KINDS
    );
    assert!(!failure.swarms().is_empty());
}
