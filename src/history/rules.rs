//! Jepsen's rules, checked one event at a time, pairing each completion with its invocation.

use std::collections::HashMap;

use super::{Event, EventType, HistoryError, NEMESIS};

/// No partner: an invocation never completed, or the nemesis's lone `info`.
pub(crate) const UNPAIRED: u32 = u32::MAX;

/// Where the events checked so far leave each process, and who pairs with whom.
///
/// Events are fed in history order by [`check`](Rules::check), so a history
/// can be checked as it is built (the merge checks each event as it moves it).
pub(super) struct Rules {
    processes: Processes,
    /// For each event checked, the index of its invocation or completion, or `UNPAIRED`.
    partner: Vec<u32>,
    invocations: usize,
}

/// Where a process stands; indices fit a `u32` (a history is shorter than `UNPAIRED`).
#[derive(Clone, Copy)]
enum Process {
    Idle,
    Pending(u32),
    Retired(u32),
}

/// Each process's state: in a vector for the small numbers runs use, in a map beyond.
#[derive(Default)]
struct Processes {
    dense: Vec<Process>,
    sparse: HashMap<u64, Process>,
}

impl Processes {
    /// Processes below this live in the vector: a run's workers and their
    /// successors after crashes, without hashing on every event.
    const DENSE: u64 = 1 << 16;

    #[inline]
    fn get(&mut self, process: u64) -> &mut Process {
        // `DENSE` first: a huge process number must not truncate into the vector.
        if process < Self::DENSE && (process as usize) < self.dense.len() {
            return &mut self.dense[process as usize];
        }
        self.get_cold(process)
    }

    #[cold]
    fn get_cold(&mut self, process: u64) -> &mut Process {
        if process < Self::DENSE {
            let i = process as usize;
            self.dense.resize(i + 1, Process::Idle);
            &mut self.dense[i]
        } else {
            self.sparse.entry(process).or_insert(Process::Idle)
        }
    }
}

impl Rules {
    /// Rules for a history of `len` events, or the error if it has too many to index.
    pub(super) fn new(len: usize) -> Result<Self, HistoryError> {
        if len >= UNPAIRED as usize {
            return Err(HistoryError::TooLong { events: len });
        }
        Ok(Rules {
            processes: Processes::default(),
            partner: Vec::with_capacity(len),
            invocations: 0,
        })
    }

    /// Checks the next event, whose index is the count checked so far.
    ///
    /// A [`HistoryError`] names the first event that breaks a rule: a
    /// completion without an invocation, a second invocation before the first
    /// completed, an invocation after the process's `info` (the nemesis is
    /// exempt from the last two: Jepsen writes its ops as an `:info` before
    /// and an `:info` after).
    #[inline]
    pub(super) fn check<O, V, E>(&mut self, event: &Event<O, V, E>) -> Result<(), HistoryError> {
        // Fits: `new` refused histories of `UNPAIRED` events or more.
        let index = self.partner.len() as u32;
        let process = event.process();
        let state = self.processes.get(process);
        let nemesis = process == NEMESIS;
        let mut partner = UNPAIRED;
        match (event.event_type(), *state) {
            (EventType::Invoke, Process::Pending(pending)) => {
                return Err(HistoryError::InvokedTwice {
                    index: index as usize,
                    process,
                    pending: pending as usize,
                });
            }
            (EventType::Invoke, Process::Retired(info)) if !nemesis => {
                return Err(HistoryError::InvokedAfterInfo {
                    index: index as usize,
                    process,
                    info: info as usize,
                });
            }
            (EventType::Invoke, _) => {
                self.invocations += 1;
                *state = Process::Pending(index);
            }
            (kind, Process::Pending(invocation)) => {
                partner = invocation;
                self.partner[invocation as usize] = index;
                *state = if kind == EventType::Info {
                    Process::Retired(index)
                } else {
                    Process::Idle
                };
            }
            (_, _) if nemesis => {}
            (_, _) => {
                return Err(HistoryError::CompletionWithoutInvocation {
                    index: index as usize,
                    process,
                });
            }
        }
        self.partner.push(partner);
        Ok(())
    }

    /// Pairs the next event, of a worker whose last invocation is at
    /// `pending`, without checking a rule: for events that keep them by
    /// construction (see `History::recorded`).
    #[inline]
    pub(super) fn pair_recorded<O, V, E>(&mut self, pending: &mut u32, event: &Event<O, V, E>) {
        let index = self.partner.len() as u32;
        if event.is_invoke() {
            self.invocations += 1;
            *pending = index;
            self.partner.push(UNPAIRED);
        } else {
            // The nemesis's lone `info` would pair with nothing, as `check` pairs it.
            let invocation = std::mem::replace(pending, UNPAIRED);
            if let Some(partner) = self.partner.get_mut(invocation as usize) {
                *partner = index;
            }
            self.partner.push(invocation);
        }
    }

    /// For each event, its partner's index or `UNPAIRED`; and how many invocations.
    pub(super) fn finish(self) -> (Vec<u32>, usize) {
        (self.partner, self.invocations)
    }
}
