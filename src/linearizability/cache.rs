//! Lowe's memo: every (set of linearized ops, state) the search has seen.
//!
//! The search never explores a configuration twice. Entries live in one
//! vector and their bitset words in one arena, chained by hash, so adding an
//! entry allocates nothing but the state's own clone (and, now and then, the
//! vectors' growth), and a lookup allocates nothing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::bitset::Bitset;

/// Hashes words with a multiply-rotate step (FxHash's), finished with a
/// 64-bit mix so the table's high and low bits both spread.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// The table's keys are already hashes.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 hashes are keys")
    }

    fn write_u64(&mut self, h: u64) {
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

const NONE: u32 = u32::MAX;

struct Slot<S> {
    /// The next slot with the same hash, or `NONE`.
    next: u32,
    full: u32,
    start: usize,
    len: u32,
    state: S,
}

pub(crate) struct Cache<S> {
    heads: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    slots: Vec<Slot<S>>,
    words: Vec<u64>,
}

impl<S: Clone + Eq + Hash> Cache<S> {
    pub(crate) fn new() -> Self {
        Cache {
            heads: HashMap::default(),
            slots: Vec::new(),
            words: Vec::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Adds (`set`, `state`) and says whether it was new.
    pub(crate) fn insert(&mut self, set: &Bitset, state: &S) -> bool {
        let (full, words) = set.key();
        let mut hasher = FastHasher::default();
        hasher.write_usize(full);
        for &w in words {
            hasher.write_u64(w);
        }
        state.hash(&mut hasher);
        let hash = hasher.finish();

        let head = self.heads.entry(hash).or_insert(NONE);
        let mut at = *head;
        while at != NONE {
            let slot = &self.slots[at as usize];
            let seen = &self.words[slot.start..slot.start + slot.len as usize];
            if slot.full as usize == full && seen == words && slot.state == *state {
                return false;
            }
            at = slot.next;
        }
        // Histories hold far fewer than 2^32 ops or words; the search checks the op count.
        self.slots.push(Slot {
            next: *head,
            full: full as u32,
            start: self.words.len(),
            len: words.len() as u32,
            state: state.clone(),
        });
        *head = (self.slots.len() - 1) as u32;
        self.words.extend_from_slice(words);
        true
    }
}
