//! The swarm_bugs example's table meets issue 14's goals on its fixed seeds, so a regression in
//! `swarm` (or in the planted systems) fails CI; and no system without its bug is ever flagged.

#[path = "../examples/swarm_bugs.rs"]
#[allow(dead_code)]
mod swarm_bugs;

use swarm_bugs::{BUDGET, SEEDS, false_alarms, table};

#[test]
fn swarm_meets_the_bug_finding_goals_on_the_fixed_seeds() {
    assert_eq!(
        (SEEDS, BUDGET),
        (0..200, 64),
        "the table's seeds and budget"
    );
    let rows = table();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        if row.skewed {
            // Goal: at least 3x as often. Measured on these seeds: 52 vs 9, 78 vs 11, 65 vs 10
            // (5.8x to 7.1x). The expected ratios are about as high (a Python model of the same
            // streams gives the same counts), so 3x leaves room for a change of the systems'
            // details, but not for a swarm that stops skewing: with its kinds always on and its
            // weights equal, it would be `weighted`, 1x. `max(1)`: a bug neither finds fails too.
            assert!(
                row.swarm >= 3 * row.weighted.max(1),
                "{}: swarm {} vs weighted {}",
                row.bug,
                row.swarm,
                row.weighted
            );
        } else {
            // Goal: at least half as often. A kind of three is on with probability
            // (1/2) / (1 - 1/8) = 4/7, so at most about 114 of 200 seeds are expected (fewer when
            // its weight is tiny beside the others' and 64 ops miss it); measured: 108, against
            // weighted's 200. That is swarm's price, the seeds with the kind off, and half of
            // weighted's count is the bar. The seeds are fixed, so this cannot flake; a
            // change to the configuration's draw re-rolls them (108 is 1.1 sd above 100).
            assert!(
                2 * row.swarm >= row.weighted,
                "{}: swarm {} vs weighted {}",
                row.bug,
                row.swarm,
                row.weighted
            );
            assert_eq!(
                row.weighted, 200,
                "{}: weighted always has the kind",
                row.bug
            );
        }
    }
}

#[test]
fn no_system_without_its_bug_is_flagged() {
    assert_eq!(false_alarms(), 0);
}
