//! The set of linearized ops, kept so that its cache key is short.
//!
//! Ops are numbered in call order, and the search linearizes them roughly in
//! that order, so at any moment the set is "every op below some point, and a
//! few just above it". The set tracks its run of leading full words and its
//! last non-zero word, and the memo cache keys on the words between them
//! only: a few words however long the history.
//!
//! `info` ops break that: one that never took effect is never linearized, and
//! would hold the run of full words back for the rest of the history. So
//! they have a set of their own, as long as there are `info` ops.

/// A fixed-size set of op numbers.
#[derive(Clone, Debug)]
pub(crate) struct Bitset {
    words: Vec<u64>,
    /// Words `..full` are all ones.
    full: usize,
    /// Words `end..` are all zeros.
    end: usize,
}

impl Bitset {
    pub(crate) fn new(len: usize) -> Self {
        Bitset {
            words: vec![0; len.div_ceil(64)],
            full: 0,
            end: 0,
        }
    }

    pub(crate) fn insert(&mut self, i: usize) {
        let w = i / 64;
        self.words[w] |= 1 << (i % 64);
        if w >= self.end {
            self.end = w + 1;
        }
        while self.full < self.end && self.words[self.full] == u64::MAX {
            self.full += 1;
        }
    }

    pub(crate) fn remove(&mut self, i: usize) {
        let w = i / 64;
        self.words[w] &= !(1 << (i % 64));
        if w < self.full {
            self.full = w;
        }
        while self.end > self.full && self.words[self.end - 1] == 0 {
            self.end -= 1;
        }
    }

    /// The number of leading full words, and the words after them up to the last non-zero one:
    /// together they name the set exactly.
    pub(crate) fn key(&self) -> (usize, &[u64]) {
        (self.full, &self.words[self.full..self.end])
    }
}

/// The linearized ops: `ok` ops and `info` ops in sets of their own.
#[derive(Clone, Debug)]
pub(crate) struct Linearized {
    ok: Bitset,
    info: Bitset,
    /// Each op's number within its set, with the top bit set for `info` ops.
    slot: Vec<u32>,
}

const INFO: u32 = 1 << 31;

impl Linearized {
    /// A set over ops whose `is_info`, in the search's numbering, is given.
    pub(crate) fn new(is_info: impl IntoIterator<Item = bool>) -> Self {
        let (mut oks, mut infos) = (0, 0);
        let slot = is_info
            .into_iter()
            .map(|info| {
                let counter = if info { &mut infos } else { &mut oks };
                *counter += 1;
                (*counter - 1) | if info { INFO } else { 0 }
            })
            .collect();
        Linearized {
            ok: Bitset::new(oks as usize),
            info: Bitset::new(infos as usize),
            slot,
        }
    }

    pub(crate) fn insert(&mut self, op: usize) {
        let slot = self.slot[op];
        if slot & INFO == 0 {
            self.ok.insert(slot as usize);
        } else {
            self.info.insert((slot & !INFO) as usize);
        }
    }

    pub(crate) fn remove(&mut self, op: usize) {
        let slot = self.slot[op];
        if slot & INFO == 0 {
            self.ok.remove(slot as usize);
        } else {
            self.info.remove((slot & !INFO) as usize);
        }
    }

    /// Both sets' keys, which together name the set exactly.
    pub(crate) fn key(&self) -> [(usize, &[u64]); 2] {
        [self.ok.key(), self.info.key()]
    }
}

#[cfg(test)]
mod tests {
    use super::Bitset;

    #[test]
    fn the_key_names_the_set_however_it_was_built() {
        let mut a = Bitset::new(200);
        for i in 0..70 {
            a.insert(i);
        }
        a.insert(130);
        let mut b = Bitset::new(200);
        b.insert(130);
        b.insert(150);
        for i in (0..70).rev() {
            b.insert(i);
        }
        b.remove(150);
        assert_eq!(a.key(), b.key());
        assert_eq!(a.key(), (1, &[0b11_1111, 1 << 2][..]));
        for i in 0..64 {
            b.remove(i);
        }
        assert_eq!(b.key(), (0, &[0, 0b11_1111, 1 << 2][..]));
        b.remove(130);
        for i in 64..70 {
            b.remove(i);
        }
        assert_eq!(b.key(), (0, &[][..]));
    }
}
