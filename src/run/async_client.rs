//! The `AsyncClient` trait: a worker's async connection to the system under test.

use std::future::Future;

use crate::history::Outcome;

/// A worker's async connection to the system under test: [`Client`](crate::run::Client) for [`Run::tokio`](crate::run::Run::tokio).
///
/// The same contract as `Client`: one op at a time, answered with Jepsen's
/// [`Outcome::Ok`], [`Outcome::Fail`] or [`Outcome::Info`]; a process is
/// retired after an `Info`, and a client that panics (while the future is
/// polled) is an `Info` whose error is the panic's message, and is replaced.
///
/// `invoke` returns a `Send` future, so that each worker can be a task of
/// its own on any runtime, multi-threaded ones included. Write it as an
/// `async fn`: the compiler checks that its future is `Send`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use lockstep_gen::history::Outcome;
/// use lockstep_gen::run::AsyncClient;
///
/// /// A client of a service that answers after 5 ms.
/// struct Slow;
///
/// impl AsyncClient for Slow {
///     type Op = u64;
///     type Value = u64;
///     type Error = String;
///
///     async fn invoke(&mut self, op: &u64) -> Outcome<u64, String> {
///         tokio::time::sleep(Duration::from_millis(5)).await;
///         Outcome::Ok(op + 1)
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// assert_eq!(Slow.invoke(&1).await, Outcome::Ok(2));
/// # });
/// ```
pub trait AsyncClient {
    /// The ops it invokes.
    type Op;
    /// What an op that happened gives back.
    type Value;
    /// Why an op failed, or why nobody knows; a panic's message becomes one.
    type Error: From<String>;

    /// Runs `op` against the system and says whether it happened.
    fn invoke(
        &mut self,
        op: &Self::Op,
    ) -> impl Future<Output = Outcome<Self::Value, Self::Error>> + Send;
}
