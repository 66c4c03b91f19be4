use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use crate::Timed;

/// A timed stream paced on tokio's timer: each op is yielded once its time has come, without blocking the thread.
///
/// This struct is created by [`Generator::paced_stream`](crate::Generator::paced_stream). See its documentation for more.
#[must_use = "streams are lazy and do nothing unless polled"]
pub struct PacedStream<G: Iterator> {
    inner: G,
    start: Instant,
    /// The op drawn and waited for, not yet yielded: kept across polls, so a
    /// wait that is cancelled and polled again yields it, never a later one.
    pending: Option<G::Item>,
    /// One timer for the whole stream, reset to each deadline: boxed so the
    /// stream is `Unpin`, and made at the first wait, so a stream can be built
    /// outside a runtime.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl<G: Iterator> PacedStream<G> {
    pub(crate) fn new(inner: G, start: Instant) -> Self {
        PacedStream {
            inner,
            start,
            pending: None,
            sleep: None,
        }
    }
}

/// `start + at`, or an instant about 30 years on when that sum does not fit:
/// an op due that far off waits (forever, in practice) rather than run now.
fn deadline(start: Instant, at: Duration) -> Instant {
    const FAR: Duration = Duration::from_secs(86_400 * 365 * 30);
    start.checked_add(at).unwrap_or_else(|| start + FAR.min(at))
}

impl<T, G: Iterator<Item = Timed<T>>> Stream for PacedStream<G> {
    type Item = Timed<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Timed<T>>> {
        let this = self.get_mut();
        let op = match &this.pending {
            Some(op) => op,
            None => match this.inner.next() {
                Some(op) => this.pending.insert(op),
                None => return Poll::Ready(None),
            },
        };
        let due = deadline(this.start, op.at);
        // A late op is yielded at once, without a trip through the timer.
        if due > Instant::now() {
            let sleep = match &mut this.sleep {
                Some(sleep) => {
                    if sleep.deadline() != due {
                        sleep.as_mut().reset(due);
                    }
                    sleep
                }
                None => this.sleep.insert(Box::pin(tokio::time::sleep_until(due))),
            };
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        Poll::Ready(this.pending.take())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, hi) = self.inner.size_hint();
        let held = usize::from(self.pending.is_some());
        (
            lo.saturating_add(held),
            hi.and_then(|hi| hi.checked_add(held)),
        )
    }
}

// Nothing in it is pinned in place: the timer is boxed.
impl<G: Iterator> Unpin for PacedStream<G> {}

impl<G: Iterator + Clone> Clone for PacedStream<G>
where
    G::Item: Clone,
{
    /// The same stream from the same point, the op it waits for included, with a timer of its own.
    fn clone(&self) -> Self {
        PacedStream {
            inner: self.inner.clone(),
            start: self.start,
            pending: self.pending.clone(),
            sleep: None,
        }
    }
}

impl<G: Iterator + fmt::Debug> fmt::Debug for PacedStream<G>
where
    G::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PacedStream")
            .field("inner", &self.inner)
            .field("start", &self.start)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}
