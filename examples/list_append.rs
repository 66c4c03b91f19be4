//! Elle's list-append workload against an in-process store with a planted lost update.
//!
//! Four workers run list-append transactions (Elle's defaults: 10 active keys,
//! exponential key choice, 1 or 2 micro-ops, 32 appends per key) against a
//! store of lists, in simulation, so the seed alone fixes the history. The
//! planted bug: a client appends to the copy of a list it read earlier and
//! writes that copy back, losing every append made in between. The example
//! writes the history as Elle's EDN and prints its path, for
//! `elle-cli --model list-append <path>`; then it finds the lost appends
//! itself (an `:ok` append missing from a read that began after it ended)
//! and fails if there are none.
//!
//! ```text
//! cargo run --example list_append                          # history in the temp dir
//! cargo run --example list_append -- --history h.edn       # history at h.edn
//! cargo run --example list_append -- --no-bug              # a correct store: no lost appends
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lockstep_gen::elle::{Mop, ReadValue, Txn, list_append};
use lockstep_gen::history::{History, Outcome, Pair};
use lockstep_gen::prelude::*;
use lockstep_gen::run::{Latency, NoFault, Run, RunOp, client_fn};

pub const WORKERS: usize = 4;

pub type TxnHistory = History<RunOp<Txn, NoFault>, Txn, String>;

/// Plays 200 transactions per worker on a fresh store, in simulation.
pub fn play(seed: Seed, bug: bool) -> TxnHistory {
    let store: Arc<Mutex<HashMap<u64, Vec<u64>>>> = Arc::default();
    let client = move |_process| {
        let store = store.clone();
        // What this client last saw of each list: the planted bug appends to it.
        let mut seen: HashMap<u64, Vec<u64>> = HashMap::new();
        client_fn(move |txn: &Txn| {
            let mut lists = store.lock().unwrap();
            let done = txn.mops().iter().map(|mop| match *mop {
                Mop::Append { key, value } => {
                    let list = lists.entry(key).or_default();
                    match seen.get_mut(&key) {
                        Some(stale) if bug => {
                            // The lost update: a stale copy, appended to, overwrites the store's.
                            stale.push(value);
                            *list = stale.clone();
                        }
                        _ => list.push(value),
                    }
                    mop.clone()
                }
                Mop::Read { key, .. } => {
                    let list = lists.get(&key).cloned().unwrap_or_default();
                    seen.insert(key, list.clone());
                    Mop::Read {
                        key,
                        value: ReadValue::List(list),
                    }
                }
                Mop::Write { .. } => unreachable!("list-append writes by appending"),
            });
            Outcome::Ok(Txn::new(done.collect()))
        })
    };
    Run::new(Workers::new(seed, WORKERS), client, |worker, seed| {
        // Each worker its own values, so every value appended to a key is unique, as Elle needs.
        list_append()
            .worker(worker, WORKERS)
            .seed(seed)
            .stagger(Duration::from_millis(2))
    })
    .ops_per_worker(200)
    .simulate(Latency::uniform(
        Duration::from_micros(100),
        Duration::from_millis(3),
    ))
}

/// The transaction as the store answered it, if it answered `:ok`.
fn ok<'a>(pair: &Pair<'a, RunOp<Txn, NoFault>, Txn, String>) -> Option<&'a Txn> {
    match pair.outcome() {
        Some(Outcome::Ok(txn)) => Some(txn),
        _ => None,
    }
}

/// Appends that completed `:ok` before an `:ok` read of their key began, yet are missing from it.
pub fn lost_appends(history: &TxnHistory) -> BTreeSet<(u64, u64)> {
    // Each key's appends, by the index of the event that completed them.
    let mut appended: BTreeMap<u64, Vec<(usize, u64)>> = BTreeMap::new();
    for pair in history.pairs() {
        if let (Some(txn), Some(end)) = (ok(&pair), pair.end()) {
            for mop in txn.mops() {
                if let Mop::Append { key, value } = *mop {
                    appended.entry(key).or_default().push((end, value));
                }
            }
        }
    }
    let mut lost = BTreeSet::new();
    for pair in history.pairs() {
        let Some(txn) = ok(&pair) else { continue };
        for mop in txn.mops() {
            if let Mop::Read {
                key,
                value: ReadValue::List(list),
            } = mop
            {
                let before = appended.get(key).into_iter().flatten();
                for &(_, value) in before.filter(|(end, _)| *end < pair.index()) {
                    if !list.contains(&value) {
                        lost.insert((*key, value));
                    }
                }
            }
        }
    }
    lost
}

fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bug = !args.iter().any(|a| a == "--no-bug");
    // Not `?`: that would print the error's `Debug`; its `Display` says what a seed must look like.
    let seed = Seed::base().unwrap_or_else(|e| {
        eprintln!("LOCKSTEP_SEED: {e}");
        std::process::exit(2)
    });
    println!("seed: {seed}");
    let history = play(seed, bug);
    let path = match args.iter().skip_while(|a| *a != "--history").nth(1) {
        Some(path) => path.into(),
        None => std::env::temp_dir().join("list_append.edn"),
    };
    history.write_edn(std::fs::File::create(&path)?)?;
    println!("history: {} ({} events)", path.display(), history.len());
    let lost = lost_appends(&history);
    println!("lost appends: {}", lost.len());
    if let Some((key, value)) = lost.first() {
        println!(
            "for one: [:append {key} {value}] was ok, and a later read of {key} lacks {value}"
        );
    }
    // The example asserts what it shows: the bug found when planted, and nothing found when not.
    Ok(match (bug, lost.is_empty()) {
        (true, false) | (false, true) => ExitCode::SUCCESS,
        (true, true) => {
            eprintln!("the planted lost update was not found");
            ExitCode::FAILURE
        }
        (false, false) => {
            eprintln!("a correct store lost appends: the check is wrong");
            ExitCode::FAILURE
        }
    })
}
