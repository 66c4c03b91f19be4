//! The entry points: partition the ops, search each part (in parallel where
//! that pays), and combine the answers into one verdict.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::search::{Limits, Search, Stuck, search};
use super::{Counterexample, Model, Operation, Outcome, Verdict};

/// How long a check runs on the calling thread alone before other threads
/// join it on the partitions left: starting a thread costs some tens of
/// microseconds, a few percent of this, and most checks are over before it.
const SPAWN_HELPERS_AFTER: Duration = Duration::from_millis(2);

/// Checks `ops` against `model` with no budget: the search runs until it has
/// an answer. See [`Checker`] for a time or memory budget.
///
/// # Panics
///
/// If the model's [`partition`](Model::partition) does not place every op in
/// exactly one group.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{CasOp, CasRegister, Operation, check};
///
/// // Two concurrent writes, and a read that saw the first one to be called:
/// // fine, if that write took effect last.
/// let history = [
///     Operation::ok(0, CasOp::Write(1), 0, None, 4),
///     Operation::ok(1, CasOp::Write(2), 1, None, 3),
///     Operation::ok(2, CasOp::Read, 5, Some(1), 6),
/// ];
/// assert!(check(&CasRegister::new(), &history).is_linearizable());
/// ```
pub fn check<M>(model: &M, ops: &[Operation<M::Input, M::Output>]) -> Verdict
where
    M: Model + Sync,
    M::Input: Sync,
    M::Output: Sync,
{
    Checker::new().check(model, ops)
}

/// A linearizability check with a time and memory budget.
///
/// Ops that failed are dropped; `info` ops may take effect anywhere after
/// their call, or never. When the model partitions its ops, each partition
/// is searched on its own, in order, on the calling thread; once the check
/// has run 2 ms with partitions left, up to [`threads`](Checker::threads) − 1
/// more threads join in. The verdict is not linearizable if any partition is
/// not (the counterexample is from the first such partition, however the
/// threads ran), else unknown if any budget ran out, else linearizable.
///
/// # Examples
///
/// ```
/// use lockstep_gen::linearizability::{Checker, Kv, KvOp, Operation};
/// use std::time::Duration;
///
/// let history = [
///     Operation::ok(0, KvOp::put("x", "a"), 0, String::new(), 1),
///     Operation::ok(1, KvOp::append("x", "b"), 2, String::new(), 3),
///     Operation::ok(2, KvOp::get("x"), 4, "ab".to_string(), 5),
///     Operation::ok(2, KvOp::get("y"), 6, String::new(), 7),
/// ];
/// let verdict = Checker::new()
///     .timeout(Duration::from_secs(10))
///     .max_cache_entries(1_000_000)
///     .check(&Kv, &history);
/// assert!(verdict.is_linearizable());
/// ```
#[must_use]
#[derive(Clone, Debug, Default)]
pub struct Checker {
    timeout: Option<Duration>,
    max_cache_entries: Option<usize>,
    threads: Option<usize>,
}

impl Checker {
    /// A check with no budget, on as many threads as the machine has.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Checker};
    ///
    /// assert!(Checker::new().check(&CasRegister::<u64>::new(), &[]).is_linearizable());
    /// ```
    pub fn new() -> Self {
        Checker::default()
    }

    /// Gives up with [`Verdict::Unknown`] once the check has run this long.
    /// A search that ends within the budget gives its answer; the clock is
    /// read every 1,024 search steps, a few microseconds apart.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Checker, Operation, Verdict};
    /// use std::time::Duration;
    ///
    /// let history = [Operation::ok(0, CasOp::Write(1), 0, None, 1)];
    /// let verdict = Checker::new().timeout(Duration::from_secs(1)).check(&CasRegister::new(), &history);
    /// assert_eq!(verdict, Verdict::Linearizable);
    /// ```
    pub fn timeout(mut self, budget: Duration) -> Self {
        self.timeout = Some(budget);
        self
    }

    /// Gives up with [`Verdict::Unknown`] once the memo caches of the
    /// searches running at once hold this many (linearized ops, state)
    /// entries. An entry costs about 50 bytes (its slot and its hash-table
    /// slot), plus a few words of bitset (more when many ops are in flight),
    /// plus each distinct state once.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasOp, CasRegister, Checker, Exhausted, Operation, Verdict};
    ///
    /// let history = [
    ///     Operation::ok(0, CasOp::Write(1), 0, None, 1),
    ///     Operation::ok(0, CasOp::Write(2), 2, None, 3),
    /// ];
    /// let verdict = Checker::new().max_cache_entries(1).check(&CasRegister::new(), &history);
    /// assert_eq!(verdict, Verdict::Unknown(Exhausted::Memory { cache_entries: 1 }));
    /// ```
    pub fn max_cache_entries(mut self, entries: usize) -> Self {
        self.max_cache_entries = Some(entries);
        self
    }

    /// Checks partitions on at most this many threads (1: on the calling
    /// thread only). The default is [`std::thread::available_parallelism`].
    ///
    /// # Panics
    ///
    /// If `threads` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{CasRegister, Checker};
    ///
    /// assert!(Checker::new().threads(1).check(&CasRegister::<u64>::new(), &[]).is_linearizable());
    /// ```
    pub fn threads(mut self, threads: usize) -> Self {
        assert!(threads > 0, "a check needs at least one thread");
        self.threads = Some(threads);
        self
    }

    /// Checks `ops` against `model`.
    ///
    /// # Panics
    ///
    /// If the model's [`partition`](Model::partition) does not place every op
    /// in exactly one group.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::linearizability::{Checker, Operation, Register, RegisterOp};
    ///
    /// let history = [
    ///     Operation::ok(0, RegisterOp::Write(3), 0, None, 1),
    ///     Operation::fail(1, RegisterOp::Write(4), 2), // did not happen
    ///     Operation::ok(1, RegisterOp::Read, 3, Some(3), 4),
    /// ];
    /// assert!(Checker::new().check(&Register::new(), &history).is_linearizable());
    /// ```
    pub fn check<M>(&self, model: &M, ops: &[Operation<M::Input, M::Output>]) -> Verdict
    where
        M: Model + Sync,
        M::Input: Sync,
        M::Output: Sync,
    {
        let started = Instant::now();
        let groups = groups(model, ops);
        let cache_entries = AtomicUsize::new(0);
        let failed = AtomicUsize::new(usize::MAX);
        let stop_all = AtomicBool::new(false);
        let run = |g: usize| {
            let limits = Limits {
                deadline: self.timeout.map(|t| started + t),
                timeout: self.timeout.unwrap_or_default(),
                max_cache_entries: self.max_cache_entries,
                cache_entries: &cache_entries,
                failed: &failed,
                group: g,
                stop_all: &stop_all,
            };
            let group: Vec<&Operation<_, _>> = groups[g].iter().map(|&i| &ops[i]).collect();
            let result = search(model, &group, &limits);
            match &result {
                Search::NotLinearizable(_) => {
                    failed.fetch_min(g, Ordering::Relaxed);
                }
                Search::Exhausted(_) => stop_all.store(true, Ordering::Relaxed),
                Search::Linearizable | Search::Stopped => {}
            }
            result
        };

        // Partitions are handed out in order; one that cannot change the
        // verdict (after a lower one failed, or a budget ran out) is skipped.
        let next = AtomicUsize::new(0);
        let results = Mutex::new((0..groups.len()).map(|_| None).collect::<Vec<_>>());
        // Searches one partition, if any is left, and says whether it did.
        let search_next = || {
            let g = next.fetch_add(1, Ordering::Relaxed);
            if g >= groups.len() {
                return false;
            }
            let moot = failed.load(Ordering::Relaxed) < g || stop_all.load(Ordering::Relaxed);
            let result = if moot { Search::Stopped } else { run(g) };
            results.lock().expect("no search panics holding it")[g] = Some(result);
            true
        };
        thread::scope(|scope| {
            // Most checks end before helpers would have started: helpers
            // join only the ones that do not.
            while started.elapsed() < SPAWN_HELPERS_AFTER && search_next() {}
            let left = groups.len().saturating_sub(next.load(Ordering::Relaxed));
            if left > 0 {
                // Asked only now: on Linux it reads cgroup files.
                let threads = self
                    .threads
                    .unwrap_or_else(|| thread::available_parallelism().map_or(1, usize::from));
                for _ in 0..(threads - 1).min(left) {
                    scope.spawn(|| while search_next() {});
                }
            }
            while search_next() {}
        });
        let results: Vec<Search> = results
            .into_inner()
            .expect("no search panics holding it")
            .into_iter()
            .map(|r| r.expect("every partition was handed out"))
            .collect();

        let mut unknown = None;
        for (g, result) in results.into_iter().enumerate() {
            match result {
                Search::NotLinearizable(stuck) => {
                    return Verdict::NotLinearizable(counterexample(model, ops, &groups[g], stuck));
                }
                Search::Exhausted(why) => unknown = unknown.or(Some(why)),
                Search::Linearizable | Search::Stopped => {}
            }
        }
        unknown.map_or(Verdict::Linearizable, Verdict::Unknown)
    }
}

/// The model's partition of `ops`, checked, without failed ops and empty groups.
fn groups<M: Model>(model: &M, ops: &[Operation<M::Input, M::Output>]) -> Vec<Vec<usize>> {
    let groups = model
        .partition(ops)
        .unwrap_or_else(|| vec![(0..ops.len()).collect()]);
    let mut placed = vec![false; ops.len()];
    for &i in groups.iter().flatten() {
        assert!(
            i < ops.len(),
            "the model's partition names op {i}, but there are {} ops",
            ops.len()
        );
        assert!(!placed[i], "the model's partition places op {i} twice");
        placed[i] = true;
    }
    if let Some(i) = placed.iter().position(|&p| !p) {
        panic!("the model's partition leaves out op {i}");
    }
    groups
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter(|&i| !matches!(ops[i].outcome(), Outcome::Fail))
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect()
}

/// The counterexample of `stuck`, whose indices are into `group`, with ops named by their index in `ops`.
fn counterexample<M: Model>(
    model: &M,
    ops: &[Operation<M::Input, M::Output>],
    group: &[usize],
    stuck: Stuck,
) -> Counterexample {
    let describe = |i: usize| {
        let op = &ops[i];
        let span = match op.ret() {
            Some(ret) => format!("{}..{ret}", op.call()),
            None => format!("{}..", op.call()),
        };
        format!(
            "op {i}, process {}, at {span}: {}",
            op.process(),
            model.describe_operation(op.input(), op.output())
        )
    };
    let prefix: Vec<usize> = stuck.prefix.iter().map(|&i| group[i]).collect();
    let blocked = group[stuck.blocked];
    let tried: Vec<usize> = stuck.tried.iter().map(|&i| group[i]).collect();
    let mut state = model.init();
    let mut prefix_text = Vec::with_capacity(prefix.len());
    for &i in &prefix {
        let op = &ops[i];
        state = model
            .step(&state, op.input(), op.output())
            .expect("the search stepped through this prefix, and steps are deterministic");
        prefix_text.push((describe(i), model.describe_state(&state)));
    }
    // The blocked op, what was tried in its place, and the prefix ops that
    // overlap it: a different order of these is where the fault must lie.
    let call = ops[blocked].call();
    let overlapping = prefix
        .iter()
        .filter(|&&i| ops[i].ret().is_none_or(|ret| ret >= call));
    let mut processes: Vec<u64> = tried
        .iter()
        .chain(overlapping)
        .chain([&blocked])
        .map(|&i| ops[i].process())
        .collect();
    processes.sort_unstable();
    processes.dedup();
    Counterexample::new(
        prefix,
        blocked,
        tried.clone(),
        processes,
        prefix_text,
        model.describe_state(&state),
        describe(blocked),
        tried.into_iter().map(describe).collect(),
    )
}
