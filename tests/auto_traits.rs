//! Every workload type is `Send`, `Sync`, `Clone` and `Debug` when its parts are,
//! so a generator can move to its worker thread and be cloned for a replay.

use std::fmt::Debug;
use std::iter::{Once, RepeatN};

use lockstep_gen::{
    CycleN, Delay, MergeTimed, MixAll, MixRandom, Paced, Phases, Reserve, Stagger, TimeLimit,
    Timed, Workers,
};

fn all<T: Send + Sync + Clone + Debug>() {}

type Ops = RepeatN<u8>;
type TimedOps = Delay<Ops>;

#[test]
fn workload_types_are_send_sync_clone_debug() {
    all::<MixAll<Ops>>();
    all::<MixRandom<Ops>>();
    all::<CycleN<Ops>>();
    all::<Phases<Once<u8>>>();
    all::<Stagger<Ops>>();
    all::<Delay<Ops>>();
    all::<TimeLimit<TimedOps>>();
    all::<Paced<TimedOps>>();
    all::<MergeTimed<TimedOps>>();
    all::<Timed<u8>>();
    all::<Workers>();
    all::<Reserve<Ops>>();
}
