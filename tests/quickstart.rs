//! The seed document's quick example, as users write it.

use std::sync::Mutex;

use lockstep_gen::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Read,
    Write(u64),
    Cas(u64, u64),
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok(u64),
    Fail,
}

fn apply(register: &Mutex<u64>, op: &Op) -> Outcome {
    let mut value = register.lock().unwrap();
    match *op {
        Op::Read => Outcome::Ok(*value),
        Op::Write(v) => {
            *value = v;
            Outcome::Ok(v)
        }
        Op::Cas(old, new) if *value == old => {
            *value = new;
            Outcome::Ok(new)
        }
        Op::Cas(..) => Outcome::Fail,
    }
}

fn run(seed: u64) -> Vec<(Op, Outcome)> {
    let register = Mutex::new(0);
    let mut history = Vec::new();
    let mut record = |op, outcome| history.push((op, outcome));
    let ops = random([Op::Read, Op::Write(1), Op::Write(2), Op::Cas(1, 2)])
        .seed(seed)
        .take(50);
    let n = ops.each(|op| record(op, apply(&register, &op)));
    assert_eq!(n, 50);
    history
}

#[test]
fn the_quick_example_runs_50_ops_and_replays_them() {
    let first = run(42);
    assert_eq!(first.len(), 50);
    assert_eq!(first, run(42));
    let ops = |h: &[(Op, Outcome)]| h.iter().map(|&(op, _)| op).collect::<Vec<_>>();
    assert_ne!(ops(&first), ops(&run(43)));
    // With 50 uniform picks from 4 ops, every op shows up (each misses with probability (3/4)^50 < 10^-6).
    for op in [Op::Read, Op::Write(1), Op::Write(2), Op::Cas(1, 2)] {
        assert!(ops(&first).contains(&op), "{op:?} never picked");
    }
}
