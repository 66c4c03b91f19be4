//! A history: events in one total order, checked against Jepsen's rules as it is built.

use crate::Seed;

use super::merge::merge_runs;
use super::rules::{Rules, UNPAIRED};
use super::{Event, HistoryError};

/// A run's events in one total order, with the run's seed.
///
/// An event's index is its position (`0..len`). Built by [`History::new`]
/// from events in order, or by [`History::merge`] from each worker's
/// events; both check Jepsen's rules, so every history obeys them: a process
/// alternates invocations and completions, every completion has an
/// invocation, and after an `info` the process never invokes again (the
/// nemesis, [`NEMESIS`](super::NEMESIS), is exempt from the last two).
///
/// Views: [`pairs`](History::pairs) of invocation and completion,
/// [`process_events`](History::process_events), [`counts`](History::counts)
/// by type and by op kind, and the [`seed`](History::seed). Written as Jepsen's
/// EDN by [`write_edn`](History::write_edn) and as JSON lines by
/// [`write_json_lines`](History::write_json_lines); read from EDN by
/// [`read_edn`](crate::history::read_edn).
///
/// # Size
///
/// Each event costs `size_of::<Event<O, V, E>>()` plus 4 bytes for the index
/// that pairs it: 52 bytes for ops and values of up to 16 bytes and `String`
/// errors.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, EventType, History, Outcome};
/// use lockstep_gen::Seed;
///
/// let history = History::new(Seed::from(42), vec![
///     Event::invoke(0, 0, "write 1"),
///     Event::invoke(1, 1, "read"),
///     Event::complete(3, 0, Outcome::Ok(None)),
///     Event::complete(4, 1, Outcome::<Option<u64>, String>::Ok(Some(1))),
/// ])?;
/// assert_eq!(history.len(), 4);
/// assert_eq!(history.seed(), Some(Seed::from(42)));
/// assert_eq!(history.completion_of(1), Some(3));
/// assert_eq!(history.counts().of(EventType::Ok), 2);
/// # Ok::<(), lockstep_gen::history::HistoryError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct History<O, V, E> {
    seed: Option<Seed>,
    events: Vec<Event<O, V, E>>,
    /// For each event, the index of its invocation or completion, or `UNPAIRED`.
    partner: Vec<u32>,
    invocations: usize,
}

impl<O, V, E> History<O, V, E> {
    /// The history of a run with this seed, from its events in order.
    ///
    /// # Errors
    ///
    /// A [`HistoryError`] naming the first event that breaks Jepsen's rules:
    /// a completion without an invocation, a second invocation before the
    /// first completed, an invocation after the process's `info`.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, HistoryError, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let twice = History::<&str, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, "read"),
    ///     Event::invoke(1, 0, "read"),
    /// ]);
    /// assert_eq!(twice.unwrap_err(), HistoryError::InvokedTwice { index: 1, process: 0, pending: 0 });
    ///
    /// let retired = History::<&str, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, "read"),
    ///     Event::complete(1, 0, Outcome::Info(())),
    ///     Event::invoke(2, 0, "read"),
    /// ]);
    /// assert_eq!(retired.unwrap_err(), HistoryError::InvokedAfterInfo { index: 2, process: 0, info: 1 });
    /// ```
    pub fn new(seed: Seed, events: Vec<Event<O, V, E>>) -> Result<Self, HistoryError> {
        Self::checked(Some(seed), events)
    }

    /// The history, its seed unknown (read from another tool, say).
    pub(crate) fn checked(
        seed: Option<Seed>,
        events: Vec<Event<O, V, E>>,
    ) -> Result<Self, HistoryError> {
        let mut rules = Rules::new(events.len())?;
        for event in &events {
            rules.check(event)?;
        }
        Ok(Self::from_rules(seed, events, rules))
    }

    /// The history of events that `rules` has checked, every one.
    fn from_rules(seed: Option<Seed>, events: Vec<Event<O, V, E>>, rules: Rules) -> Self {
        let (partner, invocations) = rules.finish();
        debug_assert_eq!(partner.len(), events.len());
        History {
            seed,
            events,
            partner,
            invocations,
        }
    }

    /// The history of a run from each worker's events, merged into one total
    /// order by time; at equal times invocations come before completions (a
    /// tie of two clock readings shows no order, and ordering a completion
    /// first would claim that its op ended before the other began), then the
    /// lower process, then the lower worker, so the merge is deterministic
    /// whatever the order of the workers' vectors.
    ///
    /// Each worker's events must be in its own order (as it recorded them),
    /// with times that never decrease: a worker records without taking any
    /// lock, and the merge costs `O(n log workers)` at the end (`O(n)` where
    /// each worker's events come in long runs, as threads sharing cores give).
    ///
    /// # Errors
    ///
    /// As [`History::new`], with indices in the merged order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let worker0 = vec![Event::invoke(0, 0, "a"), Event::complete(10, 0, Outcome::Ok(()))];
    /// let worker1 = vec![Event::invoke(5, 1, "b"), Event::complete(10, 1, Outcome::<(), ()>::Ok(()))];
    /// let history = History::merge(Seed::from(3), vec![worker0, worker1])?;
    /// let order: Vec<(u64, u64)> = history.iter().map(|e| (e.time(), e.process())).collect();
    /// assert_eq!(order, [(0, 0), (5, 1), (10, 0), (10, 1)]);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn merge(seed: Seed, workers: Vec<Vec<Event<O, V, E>>>) -> Result<Self, HistoryError> {
        let mut rules = Rules::new(workers.iter().map(Vec::len).sum())?;
        let events = merge_runs(workers, |_, event| rules.check(event))?;
        Ok(Self::from_rules(Some(seed), events, rules))
    }

    /// The history of a run from its recorders' events, in [`merge`](History::merge)'s
    /// order, each completion paired with its worker's last invocation rather
    /// than the rules checked event by event: the runner's recorders keep them
    /// by construction. Each worker's events are invocations each followed by
    /// its completion, of processes no other worker has, and a process whose
    /// op was an `info` never invokes again. Debug builds check the rules all
    /// the same.
    pub(crate) fn recorded(
        seed: Seed,
        workers: Vec<Vec<Event<O, V, E>>>,
    ) -> Result<Self, HistoryError> {
        let mut rules = Rules::new(workers.iter().map(Vec::len).sum())?;
        let mut pending = vec![UNPAIRED; workers.len()];
        let events = merge_runs(workers, |worker, event| {
            rules.pair_recorded(&mut pending[worker], event);
            Ok(())
        })?;
        let history = Self::from_rules(Some(seed), events, rules);
        #[cfg(debug_assertions)]
        {
            let mut checked = Rules::new(history.len())?;
            for event in &history.events {
                checked.check(event)?;
            }
            let (partner, invocations) = checked.finish();
            assert_eq!(partner, history.partner, "a recorder paired events wrongly");
            assert_eq!(invocations, history.invocations);
        }
        Ok(history)
    }

    /// The seed of the run; `None` for a history read from EDN, which does not record it.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::History;
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<(), (), ()>::new(Seed::from(9), vec![])?;
    /// assert_eq!(history.seed(), Some(Seed::from(9)));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn seed(&self) -> Option<Seed> {
        self.seed
    }

    /// How many events.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![Event::invoke(0, 0, 1)])?;
    /// assert_eq!(history.len(), 1);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether there are no events.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::History;
    /// use lockstep_gen::Seed;
    ///
    /// assert!(History::<(), (), ()>::new(Seed::from(9), vec![])?.is_empty());
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The events in order; an event's index is its position here.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![Event::invoke(0, 0, 1)])?;
    /// assert_eq!(history.events()[0].op(), Some(&1));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn events(&self) -> &[Event<O, V, E>] {
        &self.events
    }

    /// The events in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![Event::invoke(0, 0, 1)])?;
    /// assert_eq!(history.iter().count(), 1);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Event<O, V, E>> {
        self.events.iter()
    }

    /// The index of the completion of the invocation at `index`; `None` when
    /// it never completed or `index` is not an invocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![
    ///     Event::invoke(0, 0, 1),
    ///     Event::invoke(1, 1, 2),
    ///     Event::complete(2, 0, Outcome::Ok(())),
    /// ])?;
    /// assert_eq!(history.completion_of(0), Some(2));
    /// assert_eq!(history.completion_of(1), None);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn completion_of(&self, index: usize) -> Option<usize> {
        self.partner_of(index)
            .filter(|_| self.events[index].is_invoke())
    }

    /// The index of the invocation that the completion at `index` completes;
    /// `None` for an invocation (or the nemesis's lone `info`).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![
    ///     Event::invoke(0, 0, 1),
    ///     Event::complete(2, 0, Outcome::Ok(())),
    /// ])?;
    /// assert_eq!(history.invocation_of(1), Some(0));
    /// assert_eq!(history.invocation_of(0), None);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn invocation_of(&self, index: usize) -> Option<usize> {
        self.partner_of(index)
            .filter(|_| !self.events[index].is_invoke())
    }

    fn partner_of(&self, index: usize) -> Option<usize> {
        let partner = *self.partner.get(index)?;
        (partner != UNPAIRED).then_some(partner as usize)
    }

    /// How many invocations.
    pub(crate) fn invocations(&self) -> usize {
        self.invocations
    }

    /// The same history with `f` applied to every op: to give a history's
    /// ops a type that can be written, say.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(9), vec![Event::invoke(0, 0, 1)])?;
    /// assert_eq!(history.map_ops(|op| op * 2).events()[0].op(), Some(&2));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn map_ops<P>(self, mut f: impl FnMut(O) -> P) -> History<P, V, E> {
        History {
            seed: self.seed,
            events: self.events.into_iter().map(|e| e.map_op(&mut f)).collect(),
            partner: self.partner,
            invocations: self.invocations,
        }
    }
}

impl<'a, O, V, E> IntoIterator for &'a History<O, V, E> {
    type Item = &'a Event<O, V, E>;
    type IntoIter = std::slice::Iter<'a, Event<O, V, E>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<O, V, E> std::ops::Index<usize> for History<O, V, E> {
    type Output = Event<O, V, E>;

    fn index(&self, index: usize) -> &Event<O, V, E> {
        &self.events[index]
    }
}
