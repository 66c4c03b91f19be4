//! Running a property so that a panic is a failure, and shrinking without a screenful of panic messages.

use std::cell::Cell;
use std::panic;
use std::sync::Once;

use crate::panic_payload::catch;

thread_local! {
    // Set while this thread shrinks: its panics are expected, one per failing candidate.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `attempt`; a panic becomes `Err` with the panic's message.
///
/// After a panic the property's captured state may be half-updated; the docs
/// of `Check` ask for a property that builds its system under test afresh on
/// each call.
pub(crate) fn catching<E: std::fmt::Display>(
    attempt: impl FnOnce() -> Result<(), E>,
) -> Result<(), String> {
    catch(attempt)?.map_err(|error| error.to_string())
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
