//! Lowe's memo: every (set of linearized ops, state) the search has seen.
//!
//! The search never explores a configuration twice. States come as their
//! interned numbers; entries live in one vector and their bitset words in
//! one arena, chained by hash, so a lookup allocates nothing and an insert
//! only grows the vectors now and then.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::bitset::Linearized;

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
pub(crate) struct Identity(u64);

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

struct Slot {
    /// The next slot with the same hash, or `NONE`.
    next: u32,
    state: u32,
    /// The `ok` and `info` sets' leading full words.
    full: [u32; 2],
    /// Where their words start in the arena (the `info` set's follow the `ok` set's).
    start: usize,
    /// How many words each has there.
    len: [u32; 2],
}

pub(crate) struct Cache {
    heads: HashMap<u64, u32, BuildHasherDefault<Identity>>,
    slots: Vec<Slot>,
    words: Vec<u64>,
}

impl Cache {
    pub(crate) fn new() -> Self {
        Cache {
            heads: HashMap::default(),
            slots: Vec::new(),
            words: Vec::new(),
        }
    }

    /// Adds (`set`, `state`) and says whether it was new.
    pub(crate) fn insert(&mut self, set: &Linearized, state: u32) -> bool {
        let [(full_ok, ok), (full_info, info)] = set.key();
        let mut hasher = FastHasher::default();
        hasher.write_u32(state);
        hasher.write_usize(full_ok);
        for &w in ok {
            hasher.write_u64(w);
        }
        hasher.write_usize(full_info);
        for &w in info {
            hasher.write_u64(w);
        }
        let hash = hasher.finish();

        // Histories hold far fewer than 2^32 ops; the search checks the op count.
        let full = [full_ok as u32, full_info as u32];
        let len = [ok.len() as u32, info.len() as u32];
        let head = self.heads.entry(hash).or_insert(NONE);
        let mut at = *head;
        while at != NONE {
            let slot = &self.slots[at as usize];
            if slot.state == state && slot.full == full && slot.len == len {
                let (seen_ok, seen_info) =
                    self.words[slot.start..slot.start + ok.len() + info.len()].split_at(ok.len());
                if seen_ok == ok && seen_info == info {
                    return false;
                }
            }
            at = slot.next;
        }
        self.slots.push(Slot {
            next: *head,
            state,
            full,
            start: self.words.len(),
            len,
        });
        *head = (self.slots.len() - 1) as u32;
        self.words.extend_from_slice(ok);
        self.words.extend_from_slice(info);
        true
    }
}
