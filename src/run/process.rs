//! A worker's processes: Jepsen's numbering, a client per process, and the crash rule.

use crate::history::Outcome;
use crate::panic_payload::catch;
use crate::run::Client;

/// The process a worker runs as, and its client.
///
/// Worker `w` of `n` starts as process `w`. After an `Info` the process is
/// retired and the worker goes on as the next process, `p + n`, whose client
/// is made afresh by the factory, as Jepsen's interpreter does.
pub(super) struct Processes<'a, M, C> {
    process: u64,
    /// How far a retired process's successor is numbered on: the worker count.
    step: u64,
    client: Option<C>,
    clients: &'a M,
}

impl<'a, M: Fn(u64) -> C, C> Processes<'a, M, C> {
    pub(super) fn new(worker: u64, workers: u64, clients: &'a M) -> Self {
        Processes {
            process: worker,
            step: workers,
            client: None,
            clients,
        }
    }

    /// The process that invokes the next op.
    pub(super) fn current(&self) -> u64 {
        self.process
    }

    /// The current process's client, made now if it has none.
    pub(super) fn client(&mut self) -> &mut C {
        let (process, clients) = (self.process, self.clients);
        self.client.get_or_insert_with(|| clients(process))
    }

    /// What a client's panic comes to: an `Info` with the panic's message;
    /// the client is dropped (its state may be half-updated).
    pub(super) fn panicked<V, E: From<String>>(&mut self, panic: &str) -> Outcome<V, E> {
        self.client = None;
        Outcome::Info(E::from(format!("the client panicked: {panic}")))
    }

    /// Applies Jepsen's rule once an op's outcome is known: after an `Info`,
    /// the process never invokes again.
    ///
    /// The one place a worker learns how its op went; a generator that sees
    /// each completion (Jepsen's `update`) would be told here.
    pub(super) fn completed<V, E>(&mut self, outcome: &Outcome<V, E>) {
        if outcome.is_info() {
            self.process += self.step;
            self.client = None;
        }
    }
}

impl<M: Fn(u64) -> C, C: Client> Processes<'_, M, C> {
    /// Invokes `op` with the current process's client, made now if it has none.
    /// A panic is an `Info` with the panic's message, and the client is dropped.
    pub(super) fn invoke(&mut self, op: &C::Op) -> Outcome<C::Value, C::Error> {
        let client = self.client();
        match catch(|| client.invoke(op)) {
            Ok(outcome) => outcome,
            Err(panic) => self.panicked(&panic),
        }
    }
}
