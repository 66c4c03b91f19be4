//! Views over a history: pairs of invocation and completion, one process's events, counts.

use std::collections::{BTreeMap, BTreeSet};
use std::iter::FusedIterator;

use super::{Event, EventType, History, Outcome};

/// An invocation and its completion, if it has one: a view into a [`History`].
///
/// An op whose completion is an `info`, or that never completed, may have
/// taken effect at any time from its invocation on, so it lasts to the end
/// of the history: [`end`](Pair::end) is `None` for both.
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, History, Outcome};
/// use lockstep_gen::Seed;
///
/// let history = History::<&str, u64, &str>::new(Seed::from(1), vec![
///     Event::invoke(0, 0, "read"),
///     Event::invoke(1, 1, "write"),
///     Event::complete(2, 0, Outcome::Ok(5)),
///     Event::complete(3, 1, Outcome::Info("timeout")),
/// ])?;
/// let pairs: Vec<_> = history.pairs().collect();
/// assert_eq!((pairs[0].op(), pairs[0].outcome(), pairs[0].end()), (&"read", Some(&Outcome::Ok(5)), Some(2)));
/// assert_eq!((pairs[1].op(), pairs[1].end()), (&"write", None));
/// # Ok::<(), lockstep_gen::history::HistoryError>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct Pair<'a, O, V, E> {
    history: &'a History<O, V, E>,
    invocation: usize,
    completion: Option<usize>,
}

// Derived impls would ask `O: Clone`; a pair only holds a reference.
impl<O, V, E> Clone for Pair<'_, O, V, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, V, E> Copy for Pair<'_, O, V, E> {}

impl<'a, O, V, E> Pair<'a, O, V, E> {
    /// The index of the invocation.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 0, 7)])?;
    /// assert_eq!(history.pairs().next().unwrap().index(), 0);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn index(&self) -> usize {
        self.invocation
    }

    /// The invocation event.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(4, 0, 7)])?;
    /// assert_eq!(history.pairs().next().unwrap().invocation().time(), 4);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn invocation(&self) -> &'a Event<O, V, E> {
        &self.history.events()[self.invocation]
    }

    /// The completion event, if the op completed (with `ok`, `fail` or `info`).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(3, 0, Outcome::Fail(())),
    /// ])?;
    /// assert_eq!(history.pairs().next().unwrap().completion().map(|e| e.time()), Some(3));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn completion(&self) -> Option<&'a Event<O, V, E>> {
        self.completion.map(|i| &self.history.events()[i])
    }

    /// The op invoked.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 0, 7)])?;
    /// assert_eq!(history.pairs().next().unwrap().op(), &7);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn op(&self) -> &'a O {
        match self.invocation().op() {
            Some(op) => op,
            // A pair is only ever built on an invocation.
            None => unreachable!("a pair starts at an invocation"),
        }
    }

    /// The process.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 3, 7)])?;
    /// assert_eq!(history.pairs().next().unwrap().process(), 3);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn process(&self) -> u64 {
        self.invocation().process()
    }

    /// The outcome, if the op completed.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, u8, ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(3, 0, Outcome::Ok(8)),
    /// ])?;
    /// assert_eq!(history.pairs().next().unwrap().outcome(), Some(&Outcome::Ok(8)));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn outcome(&self) -> Option<&'a Outcome<V, E>> {
        self.completion().and_then(Event::outcome)
    }

    /// The index by which the op certainly took effect or certainly did not:
    /// its `ok`'s or `fail`'s index; `None` for an `info` or no completion,
    /// which last to the end of the history.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, u8, ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(3, 0, Outcome::Info(())),
    /// ])?;
    /// let pair = history.pairs().next().unwrap();
    /// assert_eq!((pair.completion().is_some(), pair.end()), (true, None));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn end(&self) -> Option<usize> {
        self.completion
            .filter(|&i| self.history.events()[i].event_type() != EventType::Info)
    }
}

/// The pairs of invocation and completion of a [`History`], in invocation order.
///
/// This struct is created by [`History::pairs`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, History};
/// use lockstep_gen::Seed;
///
/// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 0, 7)])?;
/// assert_eq!(history.pairs().len(), 1);
/// # Ok::<(), lockstep_gen::history::HistoryError>(())
/// ```
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct Pairs<'a, O, V, E> {
    history: &'a History<O, V, E>,
    next: usize,
    left: usize,
}

impl<O, V, E> Clone for Pairs<'_, O, V, E> {
    fn clone(&self) -> Self {
        Pairs {
            history: self.history,
            next: self.next,
            left: self.left,
        }
    }
}

impl<'a, O, V, E> Iterator for Pairs<'a, O, V, E> {
    type Item = Pair<'a, O, V, E>;

    fn next(&mut self) -> Option<Self::Item> {
        let events = self.history.events();
        while self.next < events.len() {
            let index = self.next;
            self.next += 1;
            if events[index].is_invoke() {
                self.left -= 1;
                return Some(Pair {
                    history: self.history,
                    invocation: index,
                    completion: self.history.completion_of(index),
                });
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<O, V, E> ExactSizeIterator for Pairs<'_, O, V, E> {}

impl<O, V, E> FusedIterator for Pairs<'_, O, V, E> {}

/// One process's events, in order.
///
/// This struct is created by [`History::process_events`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Event, History};
/// use lockstep_gen::Seed;
///
/// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 5, 7)])?;
/// assert_eq!(history.process_events(5).count(), 1);
/// # Ok::<(), lockstep_gen::history::HistoryError>(())
/// ```
#[derive(Debug)]
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct ProcessEvents<'a, O, V, E> {
    events: std::slice::Iter<'a, Event<O, V, E>>,
    process: u64,
}

impl<O, V, E> Clone for ProcessEvents<'_, O, V, E> {
    fn clone(&self) -> Self {
        ProcessEvents {
            events: self.events.clone(),
            process: self.process,
        }
    }
}

impl<'a, O, V, E> Iterator for ProcessEvents<'a, O, V, E> {
    type Item = &'a Event<O, V, E>;

    fn next(&mut self) -> Option<Self::Item> {
        let process = self.process;
        self.events.find(|e| e.process() == process)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.events.len()))
    }
}

impl<O, V, E> FusedIterator for ProcessEvents<'_, O, V, E> {}

/// How many events of each type: a tally from [`History::counts`] or [`History::counts_by`].
///
/// # Examples
///
/// ```
/// use lockstep_gen::history::{Counts, EventType};
///
/// let counts = Counts::default();
/// assert_eq!(counts.of(EventType::Invoke), 0);
/// assert_eq!(counts.total(), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[must_use]
pub struct Counts {
    by_type: [usize; 4],
}

impl Counts {
    /// How many events of this type.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventType, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(3, 0, Outcome::Fail(())),
    /// ])?;
    /// assert_eq!(history.counts().of(EventType::Fail), 1);
    /// assert_eq!(history.counts().of(EventType::Ok), 0);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn of(&self, event_type: EventType) -> usize {
        self.by_type[event_type as usize]
    }

    /// How many events in all.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 0, 7)])?;
    /// assert_eq!(history.counts().total(), 1);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn total(&self) -> usize {
        self.by_type.iter().sum()
    }

    fn add(&mut self, event_type: EventType) {
        self.by_type[event_type as usize] += 1;
    }
}

impl<O, V, E> History<O, V, E> {
    /// The pairs of invocation and completion, in invocation order: a view,
    /// not a copy. An `info`, or an invocation never completed, pairs with
    /// its `info` or nothing and lasts to the end ([`Pair::end`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<&str, u64, ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, "read"),
    ///     Event::invoke(1, 1, "read"),
    ///     Event::complete(2, 1, Outcome::Ok(3)),
    /// ])?;
    /// let done: Vec<_> = history.pairs().map(|p| (p.process(), p.end())).collect();
    /// assert_eq!(done, [(0, None), (1, Some(2))]);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn pairs(&self) -> Pairs<'_, O, V, E> {
        Pairs {
            history: self,
            next: 0,
            left: self.invocations(),
        }
    }

    /// One process's events, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<&str, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, "a"),
    ///     Event::invoke(1, 1, "b"),
    ///     Event::complete(2, 1, Outcome::Ok(())),
    /// ])?;
    /// let times: Vec<u64> = history.process_events(1).map(|e| e.time()).collect();
    /// assert_eq!(times, [1, 2]);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn process_events(&self, process: u64) -> ProcessEvents<'_, O, V, E> {
        ProcessEvents {
            events: self.events().iter(),
            process,
        }
    }

    /// Every process that has an event, in increasing order.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, History};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![Event::invoke(0, 4, 1), Event::invoke(0, 2, 1)])?;
    /// assert_eq!(history.processes().into_iter().collect::<Vec<_>>(), [2, 4]);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn processes(&self) -> BTreeSet<u64> {
        self.iter().map(Event::process).collect()
    }

    /// How many events of each type.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventType, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// let history = History::<u8, (), ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, 7),
    ///     Event::complete(3, 0, Outcome::Info(())),
    /// ])?;
    /// let counts = history.counts();
    /// assert_eq!((counts.of(EventType::Invoke), counts.of(EventType::Info)), (1, 1));
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for event in self {
            counts.add(event.event_type());
        }
        counts
    }

    /// How many events of each type per op kind, where `kind` names an op's
    /// kind (Jepsen's `:f`, say); a completion counts under its invocation's
    /// kind, and a completion without one (the nemesis's lone `info`) is not
    /// counted.
    ///
    /// # Examples
    ///
    /// ```
    /// use lockstep_gen::history::{Event, EventType, History, Outcome};
    /// use lockstep_gen::Seed;
    ///
    /// #[derive(Debug)]
    /// enum Op { Read, Write(u64) }
    ///
    /// let history = History::<Op, Option<u64>, ()>::new(Seed::from(1), vec![
    ///     Event::invoke(0, 0, Op::Write(1)),
    ///     Event::invoke(1, 1, Op::Read),
    ///     Event::complete(2, 0, Outcome::Ok(None)),
    ///     Event::complete(3, 1, Outcome::Fail(())),
    /// ])?;
    /// let by_kind = history.counts_by(|op| match op { Op::Read => "read", Op::Write(_) => "write" });
    /// assert_eq!(by_kind["write"].of(EventType::Ok), 1);
    /// assert_eq!(by_kind["read"].of(EventType::Fail), 1);
    /// # Ok::<(), lockstep_gen::history::HistoryError>(())
    /// ```
    #[must_use]
    pub fn counts_by<K: Ord>(&self, mut kind: impl FnMut(&O) -> K) -> BTreeMap<K, Counts> {
        let mut counts: BTreeMap<K, Counts> = BTreeMap::new();
        for pair in self.pairs() {
            let tally = counts.entry(kind(pair.op())).or_default();
            tally.add(EventType::Invoke);
            if let Some(completion) = pair.completion() {
                tally.add(completion.event_type());
            }
        }
        counts
    }
}
