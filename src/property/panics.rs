//! Running a property so that a panic is a failure, and shrinking without a screenful of panic messages.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    // Set while this thread shrinks: its panics are expected, one per failing candidate.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `attempt`; a panic becomes `Err` with the panic's message.
///
/// `AssertUnwindSafe`: after a panic the property's captured state may be
/// half-updated; the docs of `Check` ask for a property that builds its
/// system under test afresh on each call.
pub(crate) fn catching<E: std::fmt::Display>(
    attempt: impl FnOnce() -> Result<(), E>,
) -> Result<(), String> {
    match panic::catch_unwind(AssertUnwindSafe(attempt)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => {
            let message = message(&*payload);
            drop_quietly(payload);
            Err(message)
        }
    }
}

/// Drops a panic's payload without letting a panic in its `Drop` escape: `Check::run` never panics for the property.
///
/// A payload whose drop panics again has that second payload leaked rather
/// than dropped, since it may do the same, without end.
fn drop_quietly(payload: Box<dyn Any + Send>) {
    if let Err(again) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// What `panic!` was given: its text, as the default hook would print it.
fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else {
        "a panic with a non-string payload".to_owned()
    }
}

/// While alive, panics on this thread print nothing; panics on other threads print as before.
///
/// The first one in a process installs, once, a hook that forwards every
/// panic to the hook installed before it, except a panic on a thread that
/// holds a `Quiet`. The hook is never swapped back and forth, so checks
/// shrinking on several threads at once cannot tangle each other's hooks,
/// and no other test's panic message is ever lost.
pub(crate) struct Quiet {
    was: bool,
}

impl Quiet {
    pub(crate) fn new() -> Self {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if !QUIET.get() {
                    previous(info);
                }
            }));
        });
        Quiet {
            was: QUIET.replace(true),
        }
    }
}

impl Drop for Quiet {
    // Restores on every way out of the shrink, an unwinding one included.
    fn drop(&mut self) {
        QUIET.set(self.was);
    }
}
