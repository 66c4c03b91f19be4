//! Every public type is `Clone`, `Debug`, `Send`, `Sync` and `Unpin` when its parts are.

use std::fmt::Debug;

use std::iter::{Once, RepeatN};

use lockstep_gen::{
    BoxedGenerator, Cycle, CycleN, Delay, Error, MergeTimed, Mix, MixAll, MixRandom, MixSwarm,
    Paced, Phases, Random, Reserve, Seed, ShiftTime, Stagger, Swarm, SwarmConfig, TimeLimit, Timed,
    Weighted, Workers,
};

fn assert_value_type<T: Clone + Debug + Send + Sync + Unpin + 'static>() {}

#[test]
fn public_types_are_clone_debug_send_sync_unpin() {
    assert_value_type::<Seed>();
    assert_value_type::<Error>();
    assert_value_type::<Random<String>>();
    assert_value_type::<Cycle<String>>();
    assert_value_type::<Weighted<String>>();
    assert_value_type::<Swarm<String>>();
    assert_value_type::<SwarmConfig>();
    assert_value_type::<Mix<Random<String>>>();
    assert_value_type::<Mix<Weighted<u8>>>();
    assert_value_type::<std::iter::Take<Random<u8>>>();
}

#[test]
fn a_mix_of_boxed_generators_is_clone_debug_send_unpin() {
    fn assert_boxed<T: Clone + Debug + Send + Unpin + 'static>() {}
    assert_boxed::<BoxedGenerator<'static, u8>>();
    assert_boxed::<Mix<BoxedGenerator<'static, u8>>>();
    assert_boxed::<MixRandom<BoxedGenerator<'static, u8>>>();
    assert_boxed::<MixSwarm<BoxedGenerator<'static, u8>>>();
}

#[test]
fn errors_are_std_errors() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
}

type Ops = RepeatN<u8>;
type TimedOps = Delay<Ops>;

#[test]
fn workload_types_are_clone_debug_send_sync_unpin() {
    assert_value_type::<MixAll<Ops>>();
    assert_value_type::<MixRandom<Ops>>();
    assert_value_type::<MixSwarm<Ops>>();
    assert_value_type::<CycleN<Ops>>();
    assert_value_type::<Phases<Once<u8>>>();
    assert_value_type::<Stagger<Ops>>();
    assert_value_type::<Delay<Ops>>();
    assert_value_type::<TimeLimit<TimedOps>>();
    assert_value_type::<Paced<TimedOps>>();
    assert_value_type::<ShiftTime<TimedOps>>();
    assert_value_type::<MergeTimed<TimedOps>>();
    assert_value_type::<Timed<u8>>();
    assert_value_type::<Workers>();
    assert_value_type::<Reserve<Ops>>();
}
