//! Wing & Gong's search with Lowe's memo, over one partition's ops.
//!
//! The ops' calls and returns sit in one doubly linked list, in real-time
//! order. Any call before the list's first return may be linearized next:
//! the search tries it against the model, and if the (linearized set, state)
//! pair it leads to is new, lifts the op's entries out of the list and starts
//! again from the front. Reaching a return means the op it belongs to could
//! not be placed: the search pops the last op it linearized, puts its entries
//! back, and tries the call after it. Knossos's `wgl` and Porcupine's
//! `checkSingle` work this way.
//!
//! An `info` op has a call and no return: it never blocks the search, so it
//! may be linearized anywhere after its call, or never. The search succeeds
//! once every `ok` op is linearized.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use super::bitset::Linearized;
use super::cache::Cache;
use super::intern::Interner;
use super::{Exhausted, Model, Operation};

/// What may stop a search before it has an answer, shared by every partition's search.
pub(crate) struct Limits<'a> {
    pub(crate) deadline: Option<Instant>,
    pub(crate) timeout: std::time::Duration,
    pub(crate) max_cache_entries: Option<usize>,
    /// Cache entries held by all searches now running.
    pub(crate) cache_entries: &'a AtomicUsize,
    /// The lowest partition known not to be linearizable (`usize::MAX` if none):
    /// partitions after it need not finish, as the verdict reports the lowest.
    pub(crate) failed: &'a AtomicUsize,
    /// This search's partition.
    pub(crate) group: usize,
    /// Set when a budget ran out, which ends every search.
    pub(crate) stop_all: &'a AtomicBool,
    /// Steps this search may take before it yields ([`Search::OutOfSteps`]); `None`: no limit.
    pub(crate) steps: Option<u64>,
}

/// Where the search got furthest before it gave up: indices into the ops it was given.
#[derive(Debug)]
pub(crate) struct Stuck {
    /// The longest sequence of ops it linearized, in order.
    pub(crate) prefix: Vec<usize>,
    /// The `ok` op whose return it reached without having placed the op.
    pub(crate) blocked: usize,
    /// The other ops that could have gone next after the prefix.
    pub(crate) tried: Vec<usize>,
}

#[derive(Debug)]
pub(crate) enum Search {
    Linearizable,
    NotLinearizable(Stuck),
    Exhausted(Exhausted),
    /// Another partition's answer made this one moot.
    Stopped,
    /// It took the steps it was given ([`Limits::steps`]) without an answer.
    OutOfSteps,
}

/// How often (in steps) the search reads the clock and the stop flag: rare
/// enough to cost nothing, often enough to stop within microseconds.
const CHECK_EVERY: u32 = 1024;

const NONE: u32 = u32::MAX;

/// The list of call and return entries, with a head and a tail sentinel.
struct Entries {
    /// The op an entry belongs to.
    op: Vec<u32>,
    /// For a call, its return entry (`NONE` for an `info` op); for a return, `NONE`.
    ret: Vec<u32>,
    is_call: Vec<bool>,
    next: Vec<u32>,
    prev: Vec<u32>,
}

impl Entries {
    fn head(&self) -> u32 {
        (self.op.len() - 2) as u32
    }

    fn unlink(&mut self, e: u32) {
        let (p, n) = (self.prev[e as usize], self.next[e as usize]);
        self.next[p as usize] = n;
        self.prev[n as usize] = p;
    }

    /// Puts `e` back where it was; only right in the reverse order of `unlink`s.
    fn relink(&mut self, e: u32) {
        let (p, n) = (self.prev[e as usize], self.next[e as usize]);
        self.next[p as usize] = e;
        self.prev[n as usize] = e;
    }

    fn lift(&mut self, call: u32) {
        self.unlink(call);
        let ret = self.ret[call as usize];
        if ret != NONE {
            self.unlink(ret);
        }
    }

    fn unlift(&mut self, call: u32) {
        let ret = self.ret[call as usize];
        if ret != NONE {
            self.relink(ret);
        }
        self.relink(call);
    }
}

/// Builds the list over `ops`, numbered in call order (`order[n]` is op `n`'s index in `ops`).
fn entries<I, O>(ops: &[&Operation<I, O>], order: &[usize]) -> Entries {
    // (position, returns after calls at one position, op number): an op that
    // returns when another is called is concurrent with it, not before it.
    let mut events: Vec<(u64, bool, u32)> = Vec::with_capacity(2 * ops.len());
    for (n, &i) in order.iter().enumerate() {
        events.push((ops[i].call(), false, n as u32));
        if let Some(ret) = ops[i].ret() {
            events.push((ret, true, n as u32));
        }
    }
    events.sort_unstable();
    let len = events.len() as u32;
    let (head, tail) = (len, len + 1);
    // Entries 0..len in order, then the head and the tail: the list runs head, 0, 1, …, tail.
    let mut entries = Entries {
        op: events
            .iter()
            .map(|&(_, _, n)| n)
            .chain([NONE, NONE])
            .collect(),
        ret: vec![NONE; len as usize + 2],
        is_call: events
            .iter()
            .map(|&(_, is_ret, _)| !is_ret)
            .chain([false, false])
            .collect(),
        next: vec![NONE; len as usize + 2],
        prev: vec![NONE; len as usize + 2],
    };
    let mut last = head;
    for e in (0..len).chain([tail]) {
        entries.next[last as usize] = e;
        entries.prev[e as usize] = last;
        last = e;
    }
    let mut call_of = vec![NONE; ops.len()];
    for e in 0..len as usize {
        let n = entries.op[e] as usize;
        if entries.is_call[e] {
            call_of[n] = e as u32;
        } else {
            entries.ret[call_of[n] as usize] = e as u32;
        }
    }
    entries
}

/// One partition's search, which may stop after a number of steps and go on later where it stopped.
pub(crate) struct Partition<'o, M: Model> {
    ops: Vec<&'o Operation<M::Input, M::Output>>,
    /// `order[n]` is op `n`'s index in `ops`, ops numbered in call order.
    order: Vec<usize>,
    list: Entries,
    /// `ok` ops not yet linearized.
    ok_left: usize,
    linearized: Linearized,
    cache: Cache,
    states: Interner<M::State>,
    state: u32,
    /// The ops linearized so far, by call entry, with the state before each.
    calls: Vec<(u32, u32)>,
    best: Option<Stuck>,
    /// The entry the search looks at next.
    entry: u32,
    /// Cache entries counted in [`Limits::cache_entries`] and not yet given back.
    counted: usize,
}

impl<'o, M: Model> Partition<'o, M> {
    /// A search of `ops` (none of them failed) against `model`, not yet started.
    pub(crate) fn new(model: &M, ops: Vec<&'o Operation<M::Input, M::Output>>) -> Self {
        assert!(
            ops.len() < (u32::MAX / 2) as usize,
            "a partition of {} ops is more than the checker can number",
            ops.len()
        );
        let mut order: Vec<usize> = (0..ops.len()).collect();
        order.sort_by_key(|&i| ops[i].call());
        let list = entries(&ops, &order);
        let ok_left = ops.iter().filter(|op| op.ret().is_some()).count();
        let linearized = Linearized::new(order.iter().map(|&i| ops[i].ret().is_none()));
        let mut states = Interner::new();
        let state = states.intern(model.init());
        let entry = list.next[list.head() as usize];
        Partition {
            ops,
            order,
            list,
            ok_left,
            linearized,
            cache: Cache::new(),
            states,
            state,
            calls: Vec::new(),
            best: None,
            entry,
            counted: 0,
        }
    }

    /// Searches on from where it stopped, until an answer, a budget, or [`Limits::steps`] more steps.
    pub(crate) fn search(&mut self, model: &M, limits: &Limits<'_>) -> Search {
        let Partition {
            ops,
            order,
            list,
            linearized,
            cache,
            states,
            calls,
            best,
            ..
        } = self;
        let head = list.head();
        // The scalars live in locals while the search runs, and are put back when it stops.
        let (mut ok_left, mut state, mut entry) = (self.ok_left, self.state, self.entry);
        let mut steps = 0u32;
        // Counted in whole `CHECK_EVERY`s, so where a search yields depends on its steps alone.
        let mut taken = 0u64;
        let mut added = 0usize;

        let result = 'search: {
            if ok_left == 0 {
                break 'search Search::Linearizable;
            }
            loop {
                steps += 1;
                if steps == CHECK_EVERY {
                    steps = 0;
                    taken += u64::from(CHECK_EVERY);
                    if limits.steps.is_some_and(|max| taken >= max) {
                        break 'search Search::OutOfSteps;
                    }
                    if limits.stop_all.load(Ordering::Relaxed)
                        || limits.failed.load(Ordering::Relaxed) < limits.group
                    {
                        break 'search Search::Stopped;
                    }
                    if limits.deadline.is_some_and(|d| Instant::now() >= d) {
                        break 'search Search::Exhausted(Exhausted::Time(limits.timeout));
                    }
                }
                let n = list.op[entry as usize] as usize;
                if list.is_call[entry as usize] {
                    let op = ops[order[n]];
                    let now = states.get(state);
                    if let Some(next) = model.step(now, op.input(), op.output()) {
                        // Reads leave the state as it was: no need to hash it to find its number.
                        let next = if next == *now {
                            state
                        } else {
                            states.intern(next)
                        };
                        linearized.insert(n);
                        if cache.insert(linearized, next) {
                            if let Some(max) = limits.max_cache_entries {
                                added += 1;
                                if limits.cache_entries.fetch_add(1, Ordering::Relaxed) >= max {
                                    break 'search Search::Exhausted(Exhausted::Memory {
                                        cache_entries: max,
                                    });
                                }
                            }
                            calls.push((entry, state));
                            state = next;
                            list.lift(entry);
                            if list.ret[entry as usize] != NONE {
                                ok_left -= 1;
                                if ok_left == 0 {
                                    break 'search Search::Linearizable;
                                }
                            }
                            entry = list.next[head as usize];
                            continue;
                        }
                        linearized.remove(n);
                    }
                    entry = list.next[entry as usize];
                } else {
                    // The op returning here was not placed: nothing linearized so far can be followed by it.
                    if best.as_ref().is_none_or(|b| calls.len() > b.prefix.len()) {
                        *best = Some(stuck(list, calls, order, entry));
                    }
                    let Some((call, before)) = calls.pop() else {
                        break 'search Search::NotLinearizable(
                            best.take().expect("recorded just above"),
                        );
                    };
                    let n = list.op[call as usize] as usize;
                    linearized.remove(n);
                    state = before;
                    list.unlift(call);
                    if list.ret[call as usize] != NONE {
                        ok_left += 1;
                    }
                    entry = list.next[call as usize];
                }
            }
        };
        (self.ok_left, self.state, self.entry) = (ok_left, state, entry);
        self.counted += added;
        if !matches!(result, Search::OutOfSteps) {
            // An answer: this search holds its cache no longer against the memory budget.
            limits
                .cache_entries
                .fetch_sub(std::mem::take(&mut self.counted), Ordering::Relaxed);
        }
        result
    }
}

/// Records where the search is now: the ops linearized, the op returning at `ret`, and the calls before it.
fn stuck<S>(list: &Entries, calls: &[(u32, S)], order: &[usize], ret: u32) -> Stuck {
    let prefix = calls
        .iter()
        .map(|&(call, _)| order[list.op[call as usize] as usize])
        .collect();
    let blocked = list.op[ret as usize];
    let mut tried = Vec::new();
    let mut e = list.next[list.head() as usize];
    while e != ret {
        if list.op[e as usize] != blocked {
            tried.push(order[list.op[e as usize] as usize]);
        }
        e = list.next[e as usize];
    }
    Stuck {
        prefix,
        blocked: order[blocked as usize],
        tried,
    }
}
