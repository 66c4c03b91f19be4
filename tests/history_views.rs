//! A history's size, its rules, and the views users build by hand today.

use std::mem::size_of;

use lockstep_gen::Seed;
use lockstep_gen::history::{Event, EventType, History, HistoryError, NEMESIS, Outcome};

type Small = [u8; 16];

/// Issue 10 promises at most 64 bytes per event for ops and values of up to
/// 16 bytes: the event plus the 4-byte pairing index a history keeps for it.
#[test]
fn an_event_costs_at_most_64_bytes_with_16_byte_ops_and_values() {
    let with_string_errors = size_of::<Event<Small, Small, String>>();
    let with_small_errors = size_of::<Event<Small, Small, Small>>();
    assert_eq!(with_string_errors, 48, "the docs of Event state 48 bytes");
    assert_eq!(with_small_errors, 40, "the docs of Event state 40 bytes");
    assert!(with_string_errors + size_of::<u32>() <= 64);
}

fn seed() -> Seed {
    Seed::from(7)
}

#[test]
fn pairs_follow_invocation_order_and_info_lasts_to_the_end() {
    let history = History::<&str, u64, &str>::new(
        seed(),
        vec![
            Event::invoke(0, 0, "a"),
            Event::invoke(1, 1, "b"),
            Event::invoke(2, 2, "c"),
            Event::complete(3, 1, Outcome::Ok(1)),
            Event::complete(4, 0, Outcome::Info("timeout")),
            Event::invoke(5, 1, "d"),
            Event::complete(6, 1, Outcome::Fail("no")),
        ],
    )
    .unwrap();
    let pairs = history.pairs();
    assert_eq!(pairs.len(), 4);
    let got: Vec<_> = pairs
        .map(|p| {
            (
                p.index(),
                *p.op(),
                p.completion().map(|c| c.time()),
                p.end(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, "a", Some(4), None), // info: completed, but lasts to the end
            (1, "b", Some(3), Some(3)),
            (2, "c", None, None), // never completed
            (5, "d", Some(6), Some(6)),
        ]
    );
    // A view, not a copy: the pair's events are the history's own.
    let first = history.pairs().next().unwrap();
    assert!(std::ptr::eq(first.invocation(), &history[0]));
    assert_eq!(history.invocation_of(4), Some(0));
    assert_eq!(history.completion_of(2), None);
}

#[test]
fn pairs_report_an_exact_size_at_every_step() {
    let history = History::<u8, (), ()>::new(
        seed(),
        vec![
            Event::invoke(0, 0, 1),
            Event::invoke(0, 1, 2),
            Event::complete(1, 0, Outcome::Ok(())),
            Event::invoke(2, 0, 3),
        ],
    )
    .unwrap();
    let mut pairs = history.pairs();
    for left in (0..=3).rev() {
        assert_eq!(pairs.size_hint(), (left, Some(left)));
        assert_eq!(pairs.next().is_some(), left > 0);
    }
    assert!(pairs.next().is_none());
}

#[test]
fn per_process_views_and_counts() {
    let history = History::<&str, (), ()>::new(
        seed(),
        vec![
            Event::invoke(0, 0, "read"),
            Event::invoke(1, 1, "write"),
            Event::complete(2, 0, Outcome::Ok(())),
            Event::complete(3, 1, Outcome::Info(())),
            Event::invoke(4, 0, "write"),
            Event::complete(5, 0, Outcome::Fail(())),
            Event::invoke(6, 6, "read"),
        ],
    )
    .unwrap();
    let times = |p| {
        history
            .process_events(p)
            .map(|e| e.time())
            .collect::<Vec<_>>()
    };
    assert_eq!(times(0), [0, 2, 4, 5]);
    assert_eq!(times(1), [1, 3]);
    assert_eq!(times(6), [6]);
    assert_eq!(times(9), Vec::<u64>::new());
    assert_eq!(
        history.processes().into_iter().collect::<Vec<_>>(),
        [0, 1, 6]
    );

    let counts = history.counts();
    let by_type: Vec<usize> = EventType::ALL.iter().map(|&t| counts.of(t)).collect();
    assert_eq!(by_type, [4, 1, 1, 1]);
    assert_eq!(counts.total(), history.len());

    let by_f = history.counts_by(|op| *op);
    let tally = |f: &str| EventType::ALL.map(|t| by_f[f].of(t));
    assert_eq!(tally("read"), [2, 1, 0, 0]);
    assert_eq!(tally("write"), [2, 0, 1, 1]);
}

#[test]
fn each_rule_is_checked_with_the_event_at_fault() {
    let new = |events| History::<u8, (), ()>::new(seed(), events);
    assert_eq!(
        new(vec![
            Event::invoke(0, 0, 1),
            Event::complete(1, 1, Outcome::Ok(()))
        ]),
        Err(HistoryError::CompletionWithoutInvocation {
            index: 1,
            process: 1
        })
    );
    assert_eq!(
        new(vec![
            Event::invoke(0, 0, 1),
            Event::invoke(1, 1, 1),
            Event::invoke(2, 0, 1)
        ]),
        Err(HistoryError::InvokedTwice {
            index: 2,
            process: 0,
            pending: 0
        })
    );
    assert_eq!(
        new(vec![
            Event::invoke(0, 3, 1),
            Event::complete(1, 3, Outcome::Info(())),
            Event::complete(2, 3, Outcome::Ok(()))
        ]),
        Err(HistoryError::CompletionWithoutInvocation {
            index: 2,
            process: 3
        })
    );
    assert_eq!(
        new(vec![
            Event::invoke(0, 3, 1),
            Event::complete(1, 3, Outcome::Info(())),
            Event::invoke(2, 3, 1)
        ]),
        Err(HistoryError::InvokedAfterInfo {
            index: 2,
            process: 3,
            info: 1
        })
    );
    let err = new(vec![Event::invoke(0, 0, 1), Event::invoke(1, 0, 1)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "event 1: process 0 invokes again before its invocation at event 0 completed"
    );
}

#[test]
fn the_nemesis_may_complete_without_invoking_and_go_on_after_info() {
    let history = History::<&str, (), ()>::new(
        seed(),
        vec![
            Event::complete(0, NEMESIS, Outcome::Info(())),
            Event::invoke(1, NEMESIS, "partition"),
            Event::complete(2, NEMESIS, Outcome::Info(())),
            Event::invoke(3, NEMESIS, "heal"),
            Event::complete(4, NEMESIS, Outcome::Ok(())),
        ],
    )
    .unwrap();
    assert_eq!(history.invocation_of(0), None);
    assert_eq!(history.invocation_of(2), Some(1));
    assert_eq!(history.pairs().len(), 2);
    // Even the nemesis cannot invoke twice at once.
    let twice = History::<&str, (), ()>::new(
        seed(),
        vec![
            Event::invoke(0, NEMESIS, "a"),
            Event::invoke(1, NEMESIS, "b"),
        ],
    );
    assert!(matches!(twice, Err(HistoryError::InvokedTwice { .. })));
}

#[test]
fn merge_orders_by_time_then_invocations_first_and_keeps_each_workers_order() {
    // Worker 0 crashes as process 0 and goes on as process 2 at the same instant.
    let worker0 = vec![
        Event::invoke(0, 0, "a"),
        Event::complete(10, 0, Outcome::Info(())),
        Event::invoke(10, 2, "c"),
        Event::complete(20, 2, Outcome::Ok(())),
    ];
    let worker1 = vec![
        Event::invoke(5, 1, "b"),
        Event::complete(10, 1, Outcome::<(), ()>::Ok(())),
        Event::invoke(20, 1, "d"),
    ];
    let merged = History::merge(seed(), vec![worker0.clone(), worker1.clone()]).unwrap();
    let order: Vec<(u64, u64)> = merged.iter().map(|e| (e.time(), e.process())).collect();
    // At 10 the two completions tie (process 0 first); worker 0's invocation as
    // process 2, which its own order puts after process 0's info, then comes
    // before process 1's completion: invocations first at equal times.
    assert_eq!(
        order,
        [(0, 0), (5, 1), (10, 0), (10, 2), (10, 1), (20, 1), (20, 2)]
    );
    // The order of the workers' vectors does not matter.
    let swapped = History::merge(seed(), vec![worker1, worker0]).unwrap();
    assert_eq!(swapped.events(), merged.events());
    assert_eq!(merged.seed(), Some(seed()));
}

#[test]
fn merge_loses_nothing_under_many_workers() {
    let workers: Vec<Vec<Event<u64, (), ()>>> = (0..8u64)
        .map(|w| {
            (0..1000u64)
                .flat_map(|i| {
                    let t = i * 10 + w % 3;
                    [
                        Event::invoke(t, w, i),
                        Event::complete(t + 5, w, Outcome::Ok(())),
                    ]
                })
                .collect()
        })
        .collect();
    let history = History::merge(seed(), workers).unwrap();
    assert_eq!(history.len(), 16_000);
    assert_eq!(history.pairs().len(), 8_000);
    assert!(
        history
            .iter()
            .zip(history.iter().skip(1))
            .all(|(a, b)| a.time() <= b.time())
    );
    for w in 0..8 {
        let ops: Vec<u64> = history
            .process_events(w)
            .filter_map(|e| e.op().copied())
            .collect();
        assert_eq!(ops, (0..1000).collect::<Vec<_>>());
    }
}

fn assert_value_type<T: Clone + std::fmt::Debug + Send + Sync + Unpin>() {}

#[test]
fn history_types_are_clone_debug_send_sync_unpin() {
    use lockstep_gen::history::{
        Counts, Edn, EdnFields, EdnHistory, EventBody, Pair, Pairs, ProcessEvents, ReadError,
        ReadErrorKind,
    };
    assert_value_type::<History<u8, u64, String>>();
    assert_value_type::<EdnHistory>();
    assert_value_type::<Event<u8, u64, String>>();
    assert_value_type::<EventBody<u8, u64, String>>();
    assert_value_type::<Outcome<u64, String>>();
    assert_value_type::<EventType>();
    assert_value_type::<Edn>();
    assert_value_type::<EdnFields>();
    assert_value_type::<HistoryError>();
    assert_value_type::<ReadError>();
    assert_value_type::<ReadErrorKind>();
    assert_value_type::<Counts>();
    assert_value_type::<Pair<'_, u8, u64, String>>();
    assert_value_type::<Pairs<'_, u8, u64, String>>();
    assert_value_type::<ProcessEvents<'_, u8, u64, String>>();
}

#[test]
fn rules_hold_for_large_process_numbers_too() {
    let big = 1u64 << 40;
    let history = History::<u8, (), ()>::new(
        seed(),
        vec![
            Event::invoke(0, big, 1),
            Event::invoke(1, 3, 2),
            Event::complete(2, big, Outcome::Ok(())),
        ],
    )
    .unwrap();
    assert_eq!(history.completion_of(0), Some(2));
    assert_eq!(
        History::<u8, (), ()>::new(
            seed(),
            vec![Event::invoke(0, big, 1), Event::invoke(1, big, 1)]
        ),
        Err(HistoryError::InvokedTwice {
            index: 1,
            process: big,
            pending: 0
        })
    );
}

/// Two clock readings that tie show no order: the merge puts the invocation first,
/// so an op is never recorded as ending before another began when they tied.
#[test]
fn merge_puts_invocations_before_completions_at_equal_times() {
    use lockstep_gen::Seed;
    use lockstep_gen::history::{Event, EventType, History, Outcome};
    let worker0 = vec![
        Event::invoke(0, 0, "a"),
        Event::complete(10, 0, Outcome::<(), ()>::Ok(())),
    ];
    let worker1 = vec![
        Event::invoke(10, 1, "b"),
        Event::complete(20, 1, Outcome::Ok(())),
    ];
    let history = History::merge(Seed::from(1), vec![worker0, worker1]).unwrap();
    let order: Vec<_> = history.iter().map(|e| (e.time(), e.event_type())).collect();
    assert_eq!(
        order,
        [
            (0, EventType::Invoke),
            (10, EventType::Invoke),
            (10, EventType::Ok),
            (20, EventType::Ok)
        ]
    );
}

/// The merge as its docs state it, one event at a time: the workers' next
/// events compared by (time, completion after invocation, process, worker).
fn merged_by_scan<O: Clone, V: Clone, E: Clone>(
    workers: &[Vec<Event<O, V, E>>],
) -> Vec<Event<O, V, E>> {
    let mut at = vec![0; workers.len()];
    let mut merged = Vec::new();
    while let Some(w) = (0..workers.len())
        .filter(|&w| at[w] < workers[w].len())
        .min_by_key(|&w| {
            let e = &workers[w][at[w]];
            (e.time(), !e.is_invoke(), e.process(), w)
        })
    {
        merged.push(workers[w][at[w]].clone());
        at[w] += 1;
    }
    merged
}

/// Workers of random events from `draws`: times that never decrease within
/// a worker, in a small range so that ties are common across workers, a few
/// processes each, some shared, and invocations and completions in any order
/// (so the rules break now and then).
fn random_workers(draws: &[(u8, u8, u8)], workers: usize) -> Vec<Vec<Event<u8, (), ()>>> {
    let mut out: Vec<Vec<Event<u8, (), ()>>> = vec![Vec::new(); workers];
    let mut times = vec![0u64; workers];
    for (i, &(w, step, kind)) in draws.iter().enumerate() {
        let w = usize::from(w) % workers;
        times[w] += u64::from(step % 3);
        let process = (w as u64 + u64::from(kind / 4 % 2) * workers as u64) % 5;
        out[w].push(match kind % 4 {
            0 | 1 => Event::invoke(times[w], process, i as u8),
            2 => Event::complete(times[w], process, Outcome::Ok(())),
            _ => Event::complete(times[w], process, Outcome::Info(())),
        });
    }
    out
}

/// The merge gives exactly the scan's order, or the error the same events in
/// that order give, whatever the workers' count (past the tournament's powers
/// of two, and one) and however their events interleave and tie.
#[test]
fn merge_is_the_scan_of_the_workers_next_events() {
    use quickcheck::{Gen, QuickCheck};
    fn property(draws: Vec<(u8, u8, u8)>, workers: u8) -> bool {
        let workers = usize::from(workers % 20) + 1;
        let recorded = random_workers(&draws, workers);
        let expected = History::new(seed(), merged_by_scan(&recorded));
        History::merge(seed(), recorded) == expected
    }
    QuickCheck::new()
        .rng(Gen::from_size_and_seed(200, 0x5eed))
        .tests(500)
        .quickcheck(property as fn(Vec<(u8, u8, u8)>, u8) -> bool);
}

/// Long runs of one worker (threads taking turns on a core) and events that
/// alternate between workers (threads side by side) merge alike.
#[test]
fn merge_takes_long_runs_and_alternations_alike() {
    let pattern = |w: u64, i: u64, long: bool| if long { w * 1000 + i } else { i * 3 + w };
    for long in [true, false] {
        let workers: Vec<Vec<Event<u64, (), ()>>> = (0..3u64)
            .map(|w| {
                (0..200u64)
                    .flat_map(|i| {
                        [
                            Event::invoke(pattern(w, 2 * i, long), w, i),
                            Event::complete(pattern(w, 2 * i + 1, long), w, Outcome::Ok(())),
                        ]
                    })
                    .collect()
            })
            .collect();
        let expected = merged_by_scan(&workers);
        let history = History::merge(seed(), workers).unwrap();
        assert_eq!(history.events(), expected.as_slice());
    }
}
