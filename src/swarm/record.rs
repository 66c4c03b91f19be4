//! A record of the swarms that gave ops while a case was built, for a [`Check`](crate::Check)'s report.
//!
//! A swarm notes its configuration when it gives its first op, so only the
//! swarms that took part are listed, with the configuration they used (a
//! swarm re-seeded before its first op notes its new one). The record is the
//! current thread's, like a [`Seed::scope`](crate::Seed::scope): a swarm pulled on another
//! thread is not in it.

use std::cell::RefCell;

use crate::swarm::SwarmConfig;

thread_local! {
    // The configurations noted on this thread while a `recording` runs; `None` outside one.
    static RECORD: RefCell<Option<Vec<SwarmConfig>>> = const { RefCell::new(None) };
}

/// Runs `f`, and returns what it returns and the configurations the swarms noted meanwhile, in order, each once.
///
/// Recordings nest: the inner one sees only its own notes, and the outer one
/// carries on once `f` returns or panics.
pub(crate) fn recording<R>(f: impl FnOnce() -> R) -> (R, Vec<SwarmConfig>) {
    struct Restore(Option<Vec<SwarmConfig>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            RECORD.with(|record| *record.borrow_mut() = outer);
        }
    }
    let restore = Restore(RECORD.with(|record| record.borrow_mut().replace(Vec::new())));
    let result = f();
    let noted = RECORD.with(|record| record.borrow_mut().take().unwrap_or_default());
    drop(restore);
    (result, noted)
}

/// Notes a swarm's configuration, if a recording runs on this thread and has not noted the same one.
///
/// Cold: a swarm calls it once, on its first op.
#[cold]
#[inline(never)]
pub(crate) fn note(config: &SwarmConfig) {
    // `try_with`: a swarm pulled while the thread's locals are torn down notes nothing.
    let _ = RECORD.try_with(|record| {
        if let Some(noted) = record.borrow_mut().as_mut() {
            if !noted.contains(config) {
                noted.push(config.clone());
            }
        }
    });
}
