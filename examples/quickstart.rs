//! The quick example: 50 ops on a register, replayed by seed, and a worker's own stream.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::sync::Mutex;

use lockstep_gen::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
}

/// Runs `op` against the register: `Ok` with the value read or written, `Err` for a failed cas.
fn apply(register: &Mutex<u64>, op: Op) -> Result<u64, u64> {
    let mut value = register.lock().expect("no thread panics holding the lock");
    match op {
        Op::Read => Ok(*value),
        Op::Write(v) => {
            *value = v;
            Ok(v)
        }
        Op::Cas(old, new) if *value == old => {
            *value = new;
            Ok(new)
        }
        Op::Cas(..) => Err(*value),
    }
}

fn ops(seed: Seed) -> impl Generator<Item = Op> {
    random([Op::Read, Op::Write(1), Op::Write(2), Op::Cas(1, 2)])
        .seed(seed)
        .take(50)
}

fn main() {
    let seed = Seed::from(42);
    let register = Mutex::new(0);
    let mut history = Vec::new();

    println!("seed: {seed}");
    let n = ops(seed).each(|op| {
        let outcome = apply(&register, op);
        println!(
            "{:>3}  {:<12} -> {outcome:?}",
            history.len(),
            format!("{op:?}")
        );
        history.push(op);
    });
    println!("{n} ops");

    let replayed: Vec<Op> = ops(seed).collect();
    assert_eq!(replayed, history);
    println!("replay with seed {seed}: the same {} ops", replayed.len());

    let worker = seed.derive(1);
    let other: Vec<Op> = ops(worker).collect();
    assert_ne!(other, history);
    let differ = other.iter().zip(&history).filter(|(a, b)| a != b).count();
    println!(
        "worker 1's seed {worker} (seed.derive(1)): another stream, {differ} of 50 ops differ"
    );
    println!("its first ops: {:?}", &other[..5]);
}
