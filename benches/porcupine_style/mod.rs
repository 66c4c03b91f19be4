//! Porcupine's `checkSingle` (anishathalye/porcupine, `checker.go`), written
//! out in Rust line for line, as the hand-written baseline the checker is
//! measured against: a full bitset cloned at every step, Porcupine's hash of
//! it (its popcount xor its words), a map from that hash to the (bitset,
//! state) pairs seen, states cloned into the map. An `info` op gets a return
//! after every other event and an unknown output, as Porcupine's etcd test
//! gives its timed-out ops; Porcupine then must linearize it, which at the end
//! of the history is the same as never, and its models let such an op that
//! cannot apply leave the state as it was.

use std::collections::HashMap;

use lockstep_gen::linearizability::{Model, Operation, Outcome};

const NONE: usize = usize::MAX;

/// A (linearized set, state) pair the search has seen.
type Seen<S> = (Vec<u64>, S);

struct Entry {
    op: usize,
    is_call: bool,
    /// For a call, its return entry.
    matching: usize,
    next: usize,
    prev: usize,
}

fn set(b: &mut [u64], i: usize) {
    b[i / 64] |= 1 << (i % 64);
}

fn clear(b: &mut [u64], i: usize) {
    b[i / 64] &= !(1 << (i % 64));
}

fn hash(b: &[u64]) -> u64 {
    let mut h = b.iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
    for w in b {
        h ^= w;
    }
    h
}

/// Whether `ops` are linearizable, checked as one partition.
pub fn check<M: Model>(model: &M, ops: &[Operation<M::Input, M::Output>]) -> bool {
    let ops: Vec<_> = ops
        .iter()
        .filter(|op| !matches!(op.outcome(), Outcome::Fail))
        .collect();
    let end = ops
        .iter()
        .map(|op| op.ret().unwrap_or(op.call()))
        .max()
        .unwrap_or(0)
        + 1;
    let mut events: Vec<(u64, bool, usize)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        events.push((op.call(), false, i));
        events.push((op.ret().unwrap_or(end), true, i));
    }
    events.sort();
    let n = events.len();
    // Entries 0..n, then the head at n; NONE ends the list.
    let mut list: Vec<Entry> = events
        .iter()
        .enumerate()
        .map(|(e, &(_, is_ret, op))| Entry {
            op,
            is_call: !is_ret,
            matching: NONE,
            next: if e + 1 < n { e + 1 } else { NONE },
            prev: if e == 0 { n } else { e - 1 },
        })
        .collect();
    list.push(Entry {
        op: NONE,
        is_call: false,
        matching: NONE,
        next: if n > 0 { 0 } else { NONE },
        prev: NONE,
    });
    let mut call_of = vec![NONE; ops.len()];
    for e in 0..n {
        if list[e].is_call {
            call_of[list[e].op] = e;
        } else {
            let c = call_of[list[e].op];
            list[c].matching = e;
        }
    }
    let unlink = |list: &mut Vec<Entry>, e: usize| {
        let (p, nx) = (list[e].prev, list[e].next);
        list[p].next = nx;
        if nx != NONE {
            list[nx].prev = p;
        }
    };
    let relink = |list: &mut Vec<Entry>, e: usize| {
        let (p, nx) = (list[e].prev, list[e].next);
        list[p].next = e;
        if nx != NONE {
            list[nx].prev = e;
        }
    };

    let head = n;
    let mut linearized = vec![0u64; ops.len().div_ceil(64)];
    // Porcupine's `map[uint64][]cacheEntry`.
    let mut cache: HashMap<u64, Vec<Seen<M::State>>> = HashMap::new();
    let mut calls: Vec<(usize, M::State)> = Vec::new();
    let mut state = model.init();
    let mut entry = list[head].next;
    while list[head].next != NONE {
        if list[entry].is_call {
            let op = ops[list[entry].op];
            // Porcupine's models accept any op with an unknown output: one
            // that cannot apply here leaves the state as it was.
            let stepped = model
                .step(&state, op.input(), op.output())
                .or_else(|| op.ret().is_none().then(|| state.clone()));
            if let Some(new_state) = stepped {
                let mut new_linearized = linearized.clone();
                set(&mut new_linearized, list[entry].op);
                let h = hash(&new_linearized);
                let seen = cache.get(&h).is_some_and(|v| {
                    v.iter()
                        .any(|(b, s)| *b == new_linearized && *s == new_state)
                });
                if !seen {
                    cache
                        .entry(h)
                        .or_default()
                        .push((new_linearized, new_state.clone()));
                    calls.push((entry, std::mem::replace(&mut state, new_state)));
                    set(&mut linearized, list[entry].op);
                    let m = list[entry].matching;
                    unlink(&mut list, entry);
                    unlink(&mut list, m);
                    entry = list[head].next;
                } else {
                    entry = list[entry].next;
                }
            } else {
                entry = list[entry].next;
            }
        } else {
            let Some((top, before)) = calls.pop() else {
                return false;
            };
            entry = top;
            state = before;
            clear(&mut linearized, list[entry].op);
            let m = list[entry].matching;
            relink(&mut list, m);
            relink(&mut list, entry);
            entry = list[entry].next;
        }
    }
    true
}
