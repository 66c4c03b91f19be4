//! A record of the swarms that gave ops while a case was built, for a [`Check`](crate::Check)'s report.
//!
//! A swarm's configuration is registered with the current thread's recording
//! when it is drawn (when the swarm is built or re-seeded), and marked used
//! when a swarm that gave an op is dropped, on whatever thread. A recording
//! keeps the used ones only: the swarms that took part, with the
//! configuration they used (not the one a swarm drew from a fresh seed
//! before [`seed`](crate::Swarm::seed) replaced it).

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rand::Rng;

use crate::Seed;
use crate::swarm::SwarmConfig;

thread_local! {
    // The configurations drawn on this thread while a `recording` runs; `None` outside one.
    static RECORD: RefCell<Option<Vec<Arc<Recorded>>>> = const { RefCell::new(None) };
}

/// A swarm's configuration, as the recording it was drawn in sees it: and whether a swarm that gave an op with it was dropped.
#[derive(Debug)]
struct Recorded {
    config: SwarmConfig,
    used: AtomicBool,
}

/// A swarm's configuration, registered with the recording of the thread it was drawn on, if one ran.
///
/// A swarm calls [`gave_op`](Registered::gave_op) once it has given an op:
/// on every op (a store to its own field, cheap beside a child's `next`), or
/// once when it is dropped, if it can tell then (a `Swarm` compares its RNG
/// with the one the draw left). Dropped after that, it marks the
/// configuration used.
#[derive(Clone, Debug)]
pub(crate) struct Registered {
    recorded: Arc<Recorded>,
    gave_op: bool,
}

impl Registered {
    /// The configuration, registered with this thread's recording if one runs.
    pub(crate) fn new(config: SwarmConfig) -> Self {
        let recorded = Arc::new(Recorded {
            config,
            used: AtomicBool::new(false),
        });
        // `try_with`: a swarm built while the thread's locals are torn down is not recorded.
        let _ = RECORD.try_with(|record| {
            if let Some(drawn) = record.borrow_mut().as_mut() {
                drawn.push(Arc::clone(&recorded));
            }
        });
        Registered {
            recorded,
            gave_op: false,
        }
    }

    pub(crate) fn config(&self) -> &SwarmConfig {
        &self.recorded.config
    }

    /// The configuration drawn again from `seed`, for a swarm restarted from it.
    ///
    /// In place when no recording or clone shares it: no allocation. Else a
    /// new one, registered anew; the old one stays with whoever shares it.
    pub(crate) fn redraw<R: Rng + ?Sized>(
        &mut self,
        seed: Seed,
        given: impl ExactSizeIterator<Item = u32> + Clone,
        rng: &mut R,
    ) {
        if let Some(recorded) = Arc::get_mut(&mut self.recorded) {
            recorded.config.redraw(seed, given, rng);
            *recorded.used.get_mut() = false;
            self.gave_op = false;
        } else {
            let mut config = self.recorded.config.clone();
            config.redraw(seed, given, rng);
            *self = Registered::new(config);
        }
    }

    /// The swarm has given an op.
    #[inline(always)]
    pub(crate) fn gave_op(&mut self) {
        self.gave_op = true;
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if self.gave_op {
            self.recorded.used.store(true, Ordering::Relaxed);
        }
    }
}

/// Runs `f`, and returns what it returns and the configurations of the swarms drawn meanwhile on this thread that gave an op, in order, each once.
///
/// A swarm counts once it is dropped, on whatever thread: one pulled on
/// another thread, once that thread has dropped it and joined this one (a
/// run's workers and nemesis, say). A swarm still alive when `f` returns
/// is not listed. Recordings nest: the inner one
/// sees only its own swarms, and the outer one carries on once `f` returns
/// or panics.
pub(crate) fn recording<R>(f: impl FnOnce() -> R) -> (R, Vec<SwarmConfig>) {
    struct Restore(Option<Vec<Arc<Recorded>>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            RECORD.with(|record| *record.borrow_mut() = outer);
        }
    }
    let restore = Restore(RECORD.with(|record| record.borrow_mut().replace(Vec::new())));
    let result = f();
    let drawn = RECORD.with(|record| record.borrow_mut().take().unwrap_or_default());
    drop(restore);
    let mut used: Vec<SwarmConfig> = Vec::new();
    for recorded in drawn {
        if recorded.used.load(Ordering::Relaxed) && !used.contains(&recorded.config) {
            used.push(recorded.config.clone());
        }
    }
    (result, used)
}
