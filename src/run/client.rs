//! The `Client` trait: a worker's connection to the system under test.

use std::marker::PhantomData;

use crate::history::Outcome;

/// A worker's connection to the system under test: it invokes one op at a time and says what came of it.
///
/// The answer is Jepsen's: [`Outcome::Ok`] (the op happened, with a
/// value), [`Outcome::Fail`] (it certainly did not happen) or
/// [`Outcome::Info`] (nobody knows: a timeout, a lost connection). A
/// [`Run`](crate::run::Run) makes a client per process from a factory: after an
/// `Info` the process is retired, and the worker goes on as a new process
/// with a new client. A client that panics is an `Info` whose error is the
/// panic's message (hence `Error: From<String>`), and it is replaced too.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::Client;
///
/// #[derive(Clone, Debug, PartialEq)]
/// enum Op { Read, Write(u64) }
///
/// struct Register(Arc<Mutex<u64>>);
///
/// impl Client for Register {
///     type Op = Op;
///     type Value = Option<u64>;
///     type Error = String;
///
///     fn invoke(&mut self, op: &Op) -> Outcome<Option<u64>, String> {
///         let mut value = self.0.lock().unwrap();
///         match *op {
///             Op::Read => Outcome::Ok(Some(*value)),
///             Op::Write(v) => { *value = v; Outcome::Ok(None) }
///         }
///     }
/// }
///
/// let mut client = Register(Arc::new(Mutex::new(0)));
/// assert_eq!(client.invoke(&Op::Write(3)), Outcome::Ok(None));
/// assert_eq!(client.invoke(&Op::Read), Outcome::Ok(Some(3)));
/// ```
pub trait Client {
    /// The ops it invokes.
    type Op;
    /// What an op that happened gives back.
    type Value;
    /// Why an op failed, or why nobody knows; a panic's message becomes one.
    type Error: From<String>;

    /// Runs `op` against the system and says whether it happened.
    fn invoke(&mut self, op: &Self::Op) -> Outcome<Self::Value, Self::Error>;
}

/// A client made of a closure: `client_fn(|op| …)` invokes each op with it.
///
/// For a client with no connection of its own to set up or hold: an
/// in-process system, a test double.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::{client_fn, Client};
///
/// let mut echo = client_fn(|op: &u32| Outcome::<u32, String>::Ok(*op));
/// assert_eq!(echo.invoke(&7), Outcome::Ok(7));
/// ```
pub fn client_fn<O, V, E, F>(invoke: F) -> ClientFn<O, F>
where
    F: FnMut(&O) -> Outcome<V, E>,
    E: From<String>,
{
    ClientFn {
        invoke,
        op: PhantomData,
    }
}

/// A client made of a closure.
///
/// This struct is created by [`client_fn`]. See its documentation for more.
pub struct ClientFn<O, F> {
    invoke: F,
    op: PhantomData<fn(&O)>,
}

impl<O, V, E, F> Client for ClientFn<O, F>
where
    F: FnMut(&O) -> Outcome<V, E>,
    E: From<String>,
{
    type Op = O;
    type Value = V;
    type Error = E;

    fn invoke(&mut self, op: &O) -> Outcome<V, E> {
        (self.invoke)(op)
    }
}

impl<O, F: Clone> Clone for ClientFn<O, F> {
    fn clone(&self) -> Self {
        ClientFn {
            invoke: self.invoke.clone(),
            op: PhantomData,
        }
    }
}

impl<O, F> std::fmt::Debug for ClientFn<O, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientFn").finish_non_exhaustive()
    }
}
