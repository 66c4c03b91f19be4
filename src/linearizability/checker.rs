//! The entry points: partition the ops, search each part (in parallel where
//! that pays), and combine the answers into one verdict.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::search::{Limits, Partition, Search, Stuck};
use super::{Counterexample, Model, Operation, Outcome, Verdict};

/// How long a check runs on the calling thread alone before other threads
/// join it on the partitions left: starting a thread costs some tens of
/// microseconds, a few percent of this, and most checks are over before it.
const SPAWN_HELPERS_AFTER: Duration = Duration::from_millis(2);

/// The steps each partition may take in a check's first round, when more than
/// one is left: a few milliseconds, more than most partitions need.
const FIRST_ROUND_STEPS: u64 = 1 << 16;

/// How much each round's step budget grows over the last one's. Searches go
/// on where they stopped, so rounds throw no work away; the more they grow,
/// the fewer times the threads wait for a round's slowest search.
const ROUND_GROWTH: u64 = 16;

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
    M::State: Send,
{
    Checker::new().check(model, ops)
}

/// A linearizability check with a time and memory budget.
///
/// Ops that failed are dropped; `info` ops may take effect anywhere after
/// their call, or never. When the model partitions its ops, each partition
/// is searched on its own, in rounds: in the first, each partition may take
/// 2^16 steps of the search, and each later round lets the partitions still
/// without an answer go on for 16 times more steps than the last, where they
/// stopped (a partition left alone goes on to its end). So one hard partition
/// cannot hide a quick failure in another. Within a round, partitions are
/// searched in order on the calling thread; once the round has run 2 ms with
/// partitions left, up to [`threads`](Checker::threads) − 1 more threads join
/// in. The verdict is not linearizable once a round finds any partition that
/// is not (the counterexample is from the first such partition of that round:
/// which one depends on the history alone, never on time or threads), else
/// unknown if any budget ran out, else linearizable.
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
    #[track_caller]
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
        M::State: Send,
    {
        let started = Instant::now();
        let groups = groups(model, ops);
        let cache_entries = AtomicUsize::new(0);
        let stop_all = AtomicBool::new(false);
        let shared = Shared {
            model,
            ops,
            groups: &groups,
            searches: (0..groups.len()).map(|_| Mutex::new(None)).collect(),
            started,
            cache_entries: &cache_entries,
            stop_all: &stop_all,
        };
        // Rounds of growing step budgets, each search going on where it
        // stopped, so that one hard partition cannot hide another's quick
        // failure, and what is found depends on steps, never on time or threads.
        let mut results: Vec<Option<Search>> = (0..groups.len()).map(|_| None).collect();
        let mut steps = FIRST_ROUND_STEPS;
        loop {
            let left: Vec<usize> = (0..groups.len())
                .filter(|&g| results[g].is_none())
                .collect();
            if left.is_empty() {
                break;
            }
            // A partition left alone is searched to its end: no rounds to wait for.
            let budget = (left.len() > 1).then_some(steps);
            for (g, result) in left.iter().zip(self.round(&shared, &left, budget)) {
                results[*g] = match result {
                    Search::OutOfSteps => None,
                    answer => Some(answer),
                };
            }
            let over = results
                .iter()
                .flatten()
                .any(|r| matches!(r, Search::NotLinearizable(_) | Search::Exhausted(_)));
            if over {
                break;
            }
            steps = steps.saturating_mul(ROUND_GROWTH);
        }
        let results: Vec<Search> = results
            .into_iter()
            .map(|r| r.unwrap_or(Search::Stopped))
            .collect();

        let mut unknown = None;
        for (g, result) in results.into_iter().enumerate() {
            match result {
                Search::NotLinearizable(stuck) => {
                    return Verdict::NotLinearizable(counterexample(model, ops, &groups[g], stuck));
                }
                Search::Exhausted(why) => unknown = unknown.or(Some(why)),
                Search::Linearizable | Search::Stopped | Search::OutOfSteps => {}
            }
        }
        unknown.map_or(Verdict::Linearizable, Verdict::Unknown)
    }
}

/// What every partition's search in a check shares.
struct Shared<'a, M: Model> {
    model: &'a M,
    ops: &'a [Operation<M::Input, M::Output>],
    groups: &'a [Vec<usize>],
    /// Each partition's search, made when it first runs, kept between rounds while it has no answer.
    searches: Vec<Mutex<Option<Partition<'a, M>>>>,
    started: Instant,
    cache_entries: &'a AtomicUsize,
    stop_all: &'a AtomicBool,
}

impl Checker {
    /// Searches the partitions `left`, each for at most `steps` steps, and
    /// gives their answers in the same order.
    ///
    /// They are handed out in order, on the calling thread and, once the round
    /// has run [`SPAWN_HELPERS_AFTER`], on helper threads too; a partition after
    /// one found not linearizable in this round is moot and skipped.
    fn round<M>(&self, shared: &Shared<'_, M>, left: &[usize], steps: Option<u64>) -> Vec<Search>
    where
        M: Model + Sync,
        M::Input: Sync,
        M::Output: Sync,
        M::State: Send,
    {
        let round_started = Instant::now();
        let failed = AtomicUsize::new(usize::MAX);
        let run = |g: usize| {
            let limits = Limits {
                deadline: self.timeout.map(|t| shared.started + t),
                timeout: self.timeout.unwrap_or_default(),
                max_cache_entries: self.max_cache_entries,
                cache_entries: shared.cache_entries,
                failed: &failed,
                group: g,
                stop_all: shared.stop_all,
                steps,
            };
            let mut slot = shared.searches[g]
                .lock()
                .expect("no search panics holding it");
            let partition = slot.get_or_insert_with(|| {
                let group = shared.groups[g].iter().map(|&i| &shared.ops[i]).collect();
                Partition::new(shared.model, group)
            });
            let result = partition.search(shared.model, &limits);
            if !matches!(result, Search::OutOfSteps) {
                // An answer: its memory is not needed any more.
                *slot = None;
            }
            match &result {
                Search::NotLinearizable(_) => {
                    failed.fetch_min(g, Ordering::Relaxed);
                }
                Search::Exhausted(_) => shared.stop_all.store(true, Ordering::Relaxed),
                Search::Linearizable | Search::Stopped | Search::OutOfSteps => {}
            }
            result
        };

        let next = AtomicUsize::new(0);
        let results = Mutex::new((0..left.len()).map(|_| None).collect::<Vec<_>>());
        // Searches one partition, if any is left, and says whether it did.
        let search_next = || {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&g) = left.get(k) else {
                return false;
            };
            let moot =
                failed.load(Ordering::Relaxed) < g || shared.stop_all.load(Ordering::Relaxed);
            let result = if moot { Search::Stopped } else { run(g) };
            results.lock().expect("no search panics holding it")[k] = Some(result);
            true
        };
        thread::scope(|scope| {
            // Most checks end before helpers would have started: helpers
            // join only the ones that do not.
            while round_started.elapsed() < SPAWN_HELPERS_AFTER && search_next() {}
            let waiting = left.len().saturating_sub(next.load(Ordering::Relaxed));
            if waiting > 0 {
                // Asked only now: on Linux it reads cgroup files.
                let threads = self
                    .threads
                    .unwrap_or_else(|| thread::available_parallelism().map_or(1, usize::from));
                for _ in 0..(threads - 1).min(waiting) {
                    scope.spawn(|| while search_next() {});
                }
            }
            while search_next() {}
        });
        results
            .into_inner()
            .expect("no search panics holding it")
            .into_iter()
            .map(|r| r.expect("every partition was handed out"))
            .collect()
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
