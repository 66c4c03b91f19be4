//! States, each kept once and named by a number.
//!
//! The search's memo and its stack of earlier states then hold numbers: no
//! state is cloned for them, and comparing two configurations compares
//! numbers, however large the states are.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::cache::{FastHasher, Identity};

const NONE: u32 = u32::MAX;

pub(crate) struct Interner<S> {
    /// The first state with each hash.
    heads: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    /// Each state, and the next with the same hash.
    states: Vec<(S, u32)>,
}

impl<S: Eq + Hash> Interner<S> {
    pub(crate) fn new() -> Self {
        Interner {
            heads: HashMap::default(),
            states: Vec::new(),
        }
    }

    /// The number of `state`, which is kept if it is new and dropped if not.
    pub(crate) fn intern(&mut self, state: S) -> u32 {
        let mut hasher = FastHasher::default();
        state.hash(&mut hasher);
        let head = self.heads.entry(hasher.finish()).or_insert(NONE);
        let mut at = *head;
        while at != NONE {
            let (seen, next) = &self.states[at as usize];
            if *seen == state {
                return at;
            }
            at = *next;
        }
        let id = u32::try_from(self.states.len())
            .expect("fewer than 2^32 states: the memory budget stops a search long before");
        self.states.push((state, *head));
        *head = id;
        id
    }

    pub(crate) fn get(&self, id: u32) -> &S {
        &self.states[id as usize].0
    }
}
