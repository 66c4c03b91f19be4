//! The async key-value example: real sockets through `Run::tokio` give a linearizable
//! history with every op accounted for, and turmoil gives the same history for a seed.

#[path = "../examples/async_kv.rs"]
#[allow(dead_code)]
mod async_kv;

use std::time::Duration;

use lockstep_gen::Seed;
use lockstep_gen::history::EventType;

/// Short, so the real-time run stays fast; long enough for the nemesis's first stop and start (170 and 200 ms).
const RUN: Duration = Duration::from_millis(400);

#[tokio::test]
async fn real_sockets_give_a_linearizable_history_with_every_op() {
    let seed = Seed::from(0x5eed);
    let history = async_kv::on_tcp(seed, RUN, false).await.unwrap();
    let ops: usize = history
        .pairs()
        .filter(|p| p.op().client().is_some())
        .count();
    let planned: usize = async_kv::workload(
        seed,
        RUN,
        async_kv::Tcp(([127, 0, 0, 1], 1).into()),
        std::sync::Arc::new(tokio::sync::watch::channel(true).0),
    )
    .planned()
    .iter()
    .map(Vec::len)
    .sum();
    assert_eq!(ops, planned);
    assert!(history.pairs().all(|p| p.completion().is_some()));
    // The nemesis stopped the server: some ops could not connect.
    assert!(history.counts().of(EventType::Fail) > 0);
    assert!(async_kv::linearizable(&history));
}

#[test]
fn turmoil_gives_the_same_history_for_the_same_seed() {
    let seed = Seed::from(7);
    let first = async_kv::on_turmoil(seed, RUN, false);
    assert!(first.len() > 500, "a short run: {} events", first.len());
    let mut edn = Vec::new();
    first.write_edn(&mut edn).unwrap();
    let again = async_kv::on_turmoil(seed, RUN, false);
    let mut again_edn = Vec::new();
    again.write_edn(&mut again_edn).unwrap();
    assert_eq!(edn, again_edn);
    // The faults did something: connections broke (info) and connects were refused (fail).
    let counts = first.counts();
    assert!(counts.of(EventType::Info) > 0 && counts.of(EventType::Fail) > 0);
    assert!(async_kv::linearizable(&first));
    assert_ne!(
        async_kv::on_turmoil(Seed::from(8), RUN, false).digest(),
        first.digest()
    );
}

#[test]
fn the_turmoil_digest_is_the_readme_s() {
    // README: `LOCKSTEP_SEED=42 cargo run --example async_kv` ends in this digest.
    let history = async_kv::on_turmoil(Seed::from(42), async_kv::RUN, false);
    assert_eq!(format!("{:016x}", history.digest()), "728587a4fef8fa84");
}

#[test]
fn the_checker_finds_planted_stale_reads_and_turmoil_replays_them() {
    let seed = Seed::from(7);
    let history = async_kv::on_turmoil(seed, RUN, true);
    assert!(!async_kv::linearizable(&history));
    assert_eq!(
        async_kv::on_turmoil(seed, RUN, true).digest(),
        history.digest()
    );
}
