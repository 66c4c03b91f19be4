//! What a caught panic said, and how to let go of it without a second panic.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// What `panic!` was given: its text, as the default hook would print it.
pub(crate) fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else {
        "a panic with a non-string payload".to_owned()
    }
}

/// Drops a panic's payload without letting a panic in its `Drop` escape: so that `Check::run` never panics for the property, nor a run for its client.
///
/// A payload whose drop panics again has that second payload leaked rather
/// than dropped, since it may do the same, without end.
pub(crate) fn drop_quietly(payload: Box<dyn Any + Send>) {
    if let Err(again) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// Runs `f`; a panic becomes `Err` with its message, its payload dropped quietly.
///
/// `AssertUnwindSafe`: after a panic, what `f` captured may be half-updated;
/// the callers say so in their docs (a property builds its system afresh, a
/// panicking client is thrown away).
pub(crate) fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let text = message(&*payload);
        drop_quietly(payload);
        text
    })
}
