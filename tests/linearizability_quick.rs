//! The checker against a brute-force reference on thousands of small random
//! histories.
//!
//! Each history comes from a simulation: 2 to 4 processes call ops on a real
//! object, each op taking effect at one moment between its call and its
//! return, some failing (no effect), some crashing (`info`, with or without
//! effect). Half the histories run against a real object and must be
//! linearizable; half against one with a planted bug (stale reads, a cas that
//! ignores its expected value, lost appends), which often are not. The
//! reference tries every order of the ops consistent with real time, with no
//! memo, no linked list and no partitions: a different algorithm, so
//! agreement means something. quickcheck draws its cases from a fixed seed,
//! so every run checks the same histories.

use std::collections::BTreeMap;

use lockstep_gen::linearizability::{
    CasOp, CasRegister, Checker, Kv, KvOp, Model, Operation, Outcome, Register, RegisterOp, Verdict,
};
use quickcheck::{Gen, QuickCheck};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Histories per property: enough that both verdicts occur by the hundred.
const CASES: u64 = 2_000;

fn quickcheck(property: fn(u64) -> bool) {
    QuickCheck::new()
        .rng(Gen::from_size_and_seed(64, 0x11_4e_a2))
        .tests(CASES)
        .max_tests(CASES)
        .quickcheck(property);
}

// ---- the reference

/// Whether some order of `ops` consistent with real time explains every `ok`
/// op's output (failed ops dropped, `info` ops optional), trying them all.
fn brute_force<M: Model>(model: &M, ops: &[Operation<M::Input, M::Output>]) -> bool {
    let live: Vec<&Operation<_, _>> = ops
        .iter()
        .filter(|op| !matches!(op.outcome(), Outcome::Fail))
        .collect();
    let mut done = vec![false; live.len()];
    search(model, &live, &model.init(), &mut done)
}

fn search<M: Model>(
    model: &M,
    ops: &[&Operation<M::Input, M::Output>],
    state: &M::State,
    done: &mut [bool],
) -> bool {
    let pending = |i: usize, done: &[bool]| !done[i] && ops[i].ret().is_some();
    if !(0..ops.len()).any(|i| pending(i, done)) {
        return true;
    }
    for next in 0..ops.len() {
        // `next` may go now unless an op not yet placed returned before it was called.
        if done[next]
            || (0..ops.len()).any(|i| pending(i, done) && ops[i].ret() < Some(ops[next].call()))
        {
            continue;
        }
        if let Some(after) = model.step(state, ops[next].input(), ops[next].output()) {
            done[next] = true;
            if search(model, ops, &after, done) {
                return true;
            }
            done[next] = false;
        }
    }
    false
}

// ---- the simulation

/// A process's op in flight: its index in the history, and once it took effect, its result.
struct InFlight<O> {
    op: usize,
    /// `None` until it takes effect; then `Some(None)` if it failed, `Some(Some(output))` if not.
    result: Option<Option<O>>,
}

/// Runs `n` ops on 2 to 4 processes. `apply` makes an op take effect on the
/// object and gives its output, or `None` when it failed without effect.
fn simulate<I: Clone, O: Clone>(
    rng: &mut Pcg64Mcg,
    n: usize,
    mut random_op: impl FnMut(&mut Pcg64Mcg) -> I,
    mut apply: impl FnMut(&I, &mut Pcg64Mcg) -> Option<O>,
) -> Vec<Operation<I, O>> {
    let processes = rng.random_range(2..=4u64);
    let mut ids: Vec<u64> = (0..processes).collect();
    let mut in_flight: Vec<Option<InFlight<O>>> = (0..processes).map(|_| None).collect();
    let mut history: Vec<Operation<I, O>> = Vec::new();
    let mut started = 0;
    let mut t = 0;
    while started < n || in_flight.iter().any(Option::is_some) {
        t += 1;
        // Half the time the process whose op has been in flight longest moves
        // on, so ops overlap some, but not all, of the time.
        let oldest = (0..processes as usize)
            .filter_map(|p| in_flight[p].as_ref().map(|f| (history[f.op].call(), p)))
            .min();
        let p = match oldest {
            Some((_, p)) if rng.random_range(0..2) == 0 => p,
            _ => rng.random_range(0..processes as usize),
        };
        match &mut in_flight[p] {
            None if started < n => {
                started += 1;
                let input = random_op(rng);
                history.push(Operation::info(ids[p], input, t));
                in_flight[p] = Some(InFlight {
                    op: history.len() - 1,
                    result: None,
                });
            }
            None => {}
            Some(flight) => {
                let (process, input, call) = {
                    let op = &history[flight.op];
                    (op.process(), op.input().clone(), op.call())
                };
                match &flight.result {
                    // One in twenty crashes before taking effect: info, no effect.
                    None if rng.random_range(0..20) == 0 => {
                        in_flight[p] = None;
                        ids[p] += processes; // Jepsen gives a crashed process a new id.
                    }
                    None => flight.result = Some(apply(&input, rng)),
                    Some(result) => {
                        let op = flight.op;
                        history[op] = match result {
                            None => Operation::fail(process, input, call),
                            // One in sixteen crashes after taking effect: info.
                            Some(_) if rng.random_range(0..16) == 0 => {
                                ids[p] += processes;
                                Operation::info(process, input, call)
                            }
                            Some(output) => Operation::ok(process, input, call, output.clone(), t),
                        };
                        in_flight[p] = None;
                    }
                }
            }
        }
    }
    history
}

/// A case's generator, size (3 to 8 ops) and whether the object is buggy (three seeds in four), from its seed.
fn case(seed: u64) -> (Pcg64Mcg, usize, bool) {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let n = rng.random_range(3..=8);
    (rng, n, !seed.is_multiple_of(4))
}

fn register_history(seed: u64) -> Vec<Operation<RegisterOp<u8>, Option<u8>>> {
    let (mut rng, n, buggy) = case(seed);
    // Every value the register held, oldest first: a buggy read may return any of them.
    let mut versions: Vec<Option<u8>> = vec![None];
    simulate(
        &mut rng,
        n,
        |rng| match rng.random_range(0..2) {
            0 => RegisterOp::Read,
            _ => RegisterOp::Write(rng.random_range(0..5)),
        },
        |op, rng| match op {
            // The bug: once anything was written, a read returns an older value, as from a lagging replica.
            RegisterOp::Read if buggy && versions.len() > 1 => {
                Some(versions[rng.random_range(0..versions.len() - 1)])
            }
            RegisterOp::Read => Some(*versions.last().expect("never empty")),
            RegisterOp::Write(_) if rng.random_range(0..15) == 0 => None,
            RegisterOp::Write(v) => {
                versions.push(Some(*v));
                Some(None)
            }
        },
    )
}

fn cas_history(seed: u64) -> Vec<Operation<CasOp<u8>, Option<u8>>> {
    let (mut rng, n, buggy) = case(seed);
    let mut value: Option<u8> = None;
    simulate(
        &mut rng,
        n,
        |rng| match rng.random_range(0..3) {
            0 => CasOp::Read,
            1 => CasOp::Write(rng.random_range(0..4)),
            _ => CasOp::Cas(rng.random_range(0..3), rng.random_range(0..3)),
        },
        |op, rng| match op {
            CasOp::Read => Some(value),
            CasOp::Write(v) => {
                value = Some(*v);
                Some(None)
            }
            // The bug: half the cas ops that should fail apply anyway.
            CasOp::Cas(from, to)
                if value == Some(*from) || (buggy && rng.random_range(0..2) == 0) =>
            {
                value = Some(*to);
                Some(None)
            }
            CasOp::Cas(..) => None,
        },
    )
}

fn kv_history(seed: u64) -> Vec<Operation<KvOp, String>> {
    let (mut rng, n, buggy) = case(seed);
    // Every value each key held, oldest first: a buggy get may return any of them.
    let mut store: BTreeMap<String, Vec<String>> = BTreeMap::new();
    simulate(
        &mut rng,
        n,
        |rng| {
            let key = ["x", "y"][rng.random_range(0..2)];
            let value = ["a", "b", "c", "d"][rng.random_range(0..4)];
            match rng.random_range(0..3) {
                0 => KvOp::get(key),
                1 => KvOp::put(key, value),
                _ => KvOp::append(key, value),
            }
        },
        |op, rng| {
            let versions = store
                .entry(op.key().to_owned())
                .or_insert_with(|| vec![String::new()]);
            let now = versions.last().expect("never empty").clone();
            match op {
                // The bug: once the key was written, a get returns an older value, as from a lagging replica.
                KvOp::Get { .. } if buggy && versions.len() > 1 => {
                    return Some(versions[rng.random_range(0..versions.len() - 1)].clone());
                }
                KvOp::Get { .. } => return Some(now),
                KvOp::Put { .. } if rng.random_range(0..15) == 0 => return None,
                KvOp::Append { value, .. } => versions.push(now + value),
                KvOp::Put { value, .. } => versions.push(value.clone()),
            }
            Some(String::new())
        },
    )
}

/// The whole store as one state, with no partition: the reference for [`Kv`],
/// so agreement also checks that per-key checking is right.
struct WholeKv;

impl Model for WholeKv {
    type Input = KvOp;
    type Output = String;
    type State = BTreeMap<String, String>;

    fn init(&self) -> Self::State {
        BTreeMap::new()
    }

    fn step(
        &self,
        state: &Self::State,
        input: &KvOp,
        output: Option<&String>,
    ) -> Option<Self::State> {
        let mut next = state.clone();
        match input {
            KvOp::Get { key } => {
                let value = state.get(key).map_or("", String::as_str);
                if output.is_some_and(|seen| seen != value) {
                    return None;
                }
            }
            KvOp::Put { key, value } => {
                next.insert(key.clone(), value.clone());
            }
            KvOp::Append { key, value } => next.entry(key.clone()).or_default().push_str(value),
        }
        Some(next)
    }
}

// ---- agreement

/// A counterexample's prefix must itself be a linearization: each op's
/// step succeeds, no op outside it returned before an op in it was called,
/// it respects real time within itself, and the blocked op is an `ok` op outside it.
fn counterexample_holds<M: Model>(
    model: &M,
    ops: &[Operation<M::Input, M::Output>],
    verdict: &Verdict,
) -> bool {
    let Verdict::NotLinearizable(c) = verdict else {
        return true;
    };
    // The prefix is one partition's: the one the blocked op is in.
    let group = model
        .partition(ops)
        .and_then(|groups| groups.into_iter().find(|g| g.contains(&c.blocked())))
        .unwrap_or_else(|| (0..ops.len()).collect());
    let mut state = model.init();
    for (k, &i) in c.prefix().iter().enumerate() {
        let Some(next) = model.step(&state, ops[i].input(), ops[i].output()) else {
            return false;
        };
        state = next;
        let placed = &c.prefix()[..k];
        let must_precede = group
            .iter()
            .filter(|&&j| ops[j].ret().is_some_and(|ret| ret < ops[i].call()));
        if !group.contains(&i) || must_precede.into_iter().any(|j| !placed.contains(j)) {
            return false;
        }
    }
    !c.prefix().contains(&c.blocked())
        && ops[c.blocked()].ret().is_some()
        && !c.tried().contains(&c.blocked())
}

fn agrees<M>(
    model: &M,
    reference: &impl Model<Input = M::Input, Output = M::Output>,
    ops: &[Operation<M::Input, M::Output>],
) -> bool
where
    M: Model + Sync,
    M::Input: Sync,
    M::Output: Sync,
    M::State: Send,
{
    let expected = brute_force(reference, ops);
    [1, 2].into_iter().all(|threads| {
        let verdict = Checker::new().threads(threads).check(model, ops);
        verdict.is_linearizable() == expected
            && !matches!(verdict, Verdict::Unknown(_))
            && counterexample_holds(model, ops, &verdict)
    })
}

#[test]
fn register_agrees_with_the_brute_force_reference() {
    quickcheck(|seed| agrees(&Register::new(), &Register::new(), &register_history(seed)));
}

#[test]
fn cas_register_agrees_with_the_brute_force_reference() {
    quickcheck(|seed| agrees(&CasRegister::new(), &CasRegister::new(), &cas_history(seed)));
}

#[test]
fn kv_per_key_agrees_with_the_brute_force_reference_on_the_whole_store() {
    quickcheck(|seed| agrees(&Kv, &WholeKv, &kv_history(seed)));
}

/// A model's history.
type History<M> = Vec<Operation<<M as Model>::Input, <M as Model>::Output>>;

/// The simulations give both verdicts often, and every outcome occurs, so
/// the agreement above is not won by always giving the same answer.
#[test]
fn the_simulated_histories_are_often_linearizable_and_often_not() {
    fn tally<M: Model>(name: &str, model: &M, history: fn(u64) -> History<M>) {
        let mut linearizable = 0;
        let mut outcomes = [0; 3];
        for seed in 0..CASES {
            let ops = history(seed);
            let verdict = brute_force(model, &ops);
            assert!(
                verdict || seed % 4 != 0,
                "{name}: seed {seed}: a real object's history is not linearizable"
            );
            linearizable += u64::from(verdict);
            for op in &ops {
                outcomes[match op.outcome() {
                    Outcome::Ok { .. } => 0,
                    Outcome::Info => 1,
                    Outcome::Fail => 2,
                }] += 1;
            }
        }
        let share = linearizable as f64 / CASES as f64;
        println!(
            "{name}: {:.1}% linearizable; ok, info, fail ops: {outcomes:?}",
            100.0 * share
        );
        // A quarter of the histories come from the real object; the buggy
        // ones must give at least a quarter of all not linearizable, and
        // leave at least a quarter linearizable.
        assert!((0.25..=0.75).contains(&share), "{name}: {share}");
        assert!(
            outcomes.iter().all(|&n| n >= 100),
            "{name}: some outcome is rare: {outcomes:?}"
        );
    }
    tally("register", &Register::new(), register_history);
    tally("cas-register", &CasRegister::new(), cas_history);
    tally("kv", &WholeKv, kv_history);
}
