//! The crate's own arithmetic that turns raw `next_u64` output into picks.
//!
//! Every stream's values are defined here, and only here: rand's `Uniform`,
//! `random_range` and `WeightedIndex` may change their values in a minor
//! release or under rand's `unbiased` feature, so none of them is used. The
//! arithmetic is integer-only and the same on every platform.

use std::fmt;
use std::hint::select_unpredictable;
use std::sync::Arc;

use rand::Rng;

use crate::Error;

/// A uniform pick from `0..n`, exact, by Lemire's multiply-and-shift with rejection.
///
/// One draw `x` gives the 128-bit product `x * n`; its high word is the pick,
/// unless its low word is below `2^64 mod n`, when the draw is rejected and
/// another taken. The rejection (probability below `n / 2^64`) makes every
/// pick exactly equally likely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Below {
    n: u64,
    reject_under: u64,
}

impl Below {
    /// `n` must not be zero.
    pub(crate) fn new(n: u64) -> Self {
        debug_assert!(n > 0);
        Below {
            n,
            reject_under: n.wrapping_neg() % n,
        }
    }

    #[inline]
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        loop {
            let wide = u128::from(rng.next_u64()) * u128::from(self.n);
            if wide as u64 >= self.reject_under {
                return (wide >> 64) as u64;
            }
        }
    }
}

/// The largest `n * total` whose table is picked with one draw; above it, a pick takes two.
///
/// Part of every weighted stream's definition. At or below it, a draw is
/// rejected with probability below `2^56 / 2^64 = 1/256`.
pub(crate) const ONE_DRAW_CAP: u128 = 1 << 56;

/// Walker's alias table in exact integers, for weighted picks in O(1) whatever the pool's size.
///
/// With `n` ops (zero weights included) whose weights sum to `total`, op `k`
/// has `w_k * n` of the table's `m = n * total` units, and each of the `n`
/// buckets holds `total` of them: bucket `k` keeps `keep_k` units for op `k`
/// and gives the other `total - keep_k` to its alias. So op `k` is picked with
/// probability exactly `w_k / total`: no floats, no rounding, and every scaled
/// weight and `total` fit in `u64` as weights are `u32` and `n ≤ u32::MAX`.
///
/// A pick is one uniform unit `u` of `0..m`, by Lemire's method over `m`; it
/// falls in bucket `u / total` at place `u % total`, and is that bucket's own
/// op iff the place is below `keep`. No branch depends on the unit, so the
/// picks of a small table do not mispredict. When `m` exceeds
/// [`ONE_DRAW_CAP`], the bucket and the place are drawn apart, over `n` then
/// over `total`, which is exact too.
///
/// A one-draw table packs each bucket in one word, `keep << shift | alias`
/// (8 bytes a bucket: building the table writes and reads half the memory a
/// two-word bucket would, and a pick's load is as small as it can be). It
/// fits: `keep ≤ total` and `2^shift < 2n`, so the word is below
/// `2 * n * total ≤ 2^57`. Above the cap `keep` may need all 64 bits, and a
/// bucket takes two words, `[keep, alias]`.
///
/// The buckets sit behind an `Arc`, shared by clones; [`AliasTable::rebuild`]
/// reuses them in place. The same allocation ends with the bit masks the
/// handover works in (three words per 64 ops, rounded up to whole words: 3/64
/// of a large one-draw table), so a rebuild allocates nothing whatever the
/// table's size.
pub(crate) struct AliasTable {
    /// One word per bucket (one draw) or two (two draws), see [`Draw`]; then [`mask_words`] of scratch.
    buckets: Arc<[u64]>,
    draw: Draw,
}

// By hand: the buckets alone, not the scratch after them.
impl fmt::Debug for AliasTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AliasTable")
            .field("buckets", &self.bucket_words())
            .field("draw", &self.draw)
            .finish()
    }
}

// By hand: a clone shares the buckets (one `Arc`), and `clone_from` copies them
// into buckets it owns alone, so a generator restarted in place (`cycle_n`)
// allocates no new table.
impl Clone for AliasTable {
    fn clone(&self) -> Self {
        AliasTable {
            buckets: Arc::clone(&self.buckets),
            draw: self.draw,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        match Arc::get_mut(&mut self.buckets) {
            Some(own) if own.len() == source.buckets.len() => own.copy_from_slice(&source.buckets),
            _ => self.buckets = Arc::clone(&source.buckets),
        }
        self.draw = source.draw;
    }
}

/// How a pick finds its bucket and place, and how a bucket is laid out: fixed when the table is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Draw {
    /// `n * total ≤ ONE_DRAW_CAP`: one unit of `0..n * total`, rejected when
    /// the low word of `x * n * total` is below `reject_under = 2^64 mod (n * total)`.
    /// Bucket `i` is the word `keep << shift | alias`, with `alias < 2^shift`.
    One {
        n: u64,
        total: u64,
        reject_under: u64,
        shift: u32,
    },
    /// Above the cap: a bucket of `0..n`, then a place of `0..total`.
    /// Bucket `i` is the words `2i` (`keep`) and `2i + 1` (`alias`).
    Two { bucket: Below, place: Below },
}

impl Draw {
    fn new(n: u64, total: u64) -> Self {
        let m = u128::from(n) * u128::from(total);
        if m <= ONE_DRAW_CAP {
            Draw::One {
                n,
                total,
                reject_under: Below::new(m as u64).reject_under,
                shift: alias_bits(n),
            }
        } else {
            Draw::Two {
                bucket: Below::new(n),
                place: Below::new(total),
            }
        }
    }

    /// The buckets' length in words.
    fn words(&self) -> usize {
        match self {
            Draw::One { .. } => self.ops(),
            Draw::Two { .. } => 2 * self.ops(),
        }
    }

    /// The number of ops.
    fn ops(&self) -> usize {
        match self {
            Draw::One { n, .. } => *n as usize,
            Draw::Two { bucket, .. } => bucket.n as usize,
        }
    }
}

/// The words of scratch after the buckets of `n` ops: the handover's three bit masks, 64 ops a word.
fn mask_words(n: usize) -> usize {
    3 * n.div_ceil(64)
}

/// The bits an alias of `0..n` takes: `2^bits ≥ n`, and `2^bits < 2n`.
fn alias_bits(n: u64) -> u32 {
    u64::BITS - (n - 1).leading_zeros()
}

impl AliasTable {
    /// Builds the table over the weights' indices; zero weights keep nothing, so they are never picked.
    ///
    /// One allocation, the buckets' and their scratch (two above the one-draw cap); the weights are read once.
    pub(crate) fn new<W>(weights: W) -> Result<Self, Error>
    where
        W: ExactSizeIterator<Item = u32>,
    {
        let n = pool_size(weights.len())?;
        let mut total = 0u64;
        // One allocation: an `Arc<[T]>` collects an iterator of known length in
        // place. The sum is taken in the same pass, so the weights are read once.
        let scratch = std::iter::repeat_n(0, mask_words(weights.len()));
        let units: Arc<[u64]> = weights
            .map(|w| {
                total += u64::from(w);
                u64::from(w) * n
            })
            .chain(scratch)
            .collect();
        AliasTable::from_units(units, n, total)
    }

    /// Collects the items and builds the table over their weights, in one pass when the items
    /// tell their number ahead (an exact `size_hint`, as a `Vec`'s or an array's do).
    ///
    /// Items that promise more than `u32::MAX` (their `size_hint`'s lower
    /// bound) are not collected: the collection is empty, and the error
    /// [`Error::PoolTooLarge`].
    ///
    /// One pass reads each item once, as it is collected; collecting first and
    /// building after would read all the items a second time, the larger part
    /// of the memory traffic when the items outgrow the cache.
    pub(crate) fn collect_with<I, C>(
        items: I,
        weight: impl Fn(&I::Item) -> u32,
    ) -> (C, Result<Self, Error>)
    where
        I: Iterator,
        C: FromIterator<I::Item> + AsRef<[I::Item]>,
    {
        let items = match refuse_too_many(items) {
            Ok(items) => items,
            Err(e) => return (std::iter::empty().collect(), Err(e)),
        };
        let (lower, upper) = items.size_hint();
        let n = match pool_size(lower) {
            Ok(n) if upper == Some(lower) => n,
            _ => {
                let collected: C = items.collect();
                let table = AliasTable::new(collected.as_ref().iter().map(weight));
                return (collected, table);
            }
        };
        let mut units: Arc<[u64]> = std::iter::repeat_n(0, lower + mask_words(lower)).collect();
        let slots = Arc::get_mut(&mut units).expect("just made");
        let (mut total, mut k) = (0u64, 0usize);
        // `map`, not `inspect`: an `Arc<[T]>` collects a `map` of an iterator of
        // trusted length in place, with no `Vec` in between.
        #[allow(clippy::manual_inspect, reason = "`Inspect` is not `TrustedLen`")]
        let collected: C = items
            .map(|item| {
                let w = u64::from(weight(&item));
                total += w;
                if let Some(slot) = slots.get_mut(k) {
                    *slot = w * n;
                }
                k += 1;
                item
            })
            .collect();
        let table = if k == lower {
            AliasTable::from_units(units, n, total)
        } else {
            // The hint was wrong: build from the items as collected.
            AliasTable::new(collected.as_ref().iter().map(weight))
        };
        (collected, table)
    }

    /// Builds the table from each op's units, `w * n`, and the weights' sum, followed by the scratch.
    fn from_units(mut units: Arc<[u64]>, n: u64, total: u64) -> Result<Self, Error> {
        if total == 0 {
            return Err(Error::AllWeightsZero { ops: n as usize });
        }
        let draw = Draw::new(n, total);
        if let Draw::Two { .. } = draw {
            // Rare (`n * total > 2^56`), so a second allocation is no matter.
            let ops = n as usize;
            units = units[..ops]
                .iter()
                .enumerate()
                .flat_map(|(k, &u)| [u, k as u64])
                .chain(std::iter::repeat_n(0, mask_words(ops)))
                .collect();
        }
        let mut table = AliasTable {
            buckets: units,
            draw,
        };
        table.hand_over();
        Ok(table)
    }

    /// Builds the table again over new weights, as many as before, in the same buckets.
    ///
    /// No allocation, unless a clone still shares the buckets, or the table
    /// grows across the one-draw cap (to two words a bucket): then one. A
    /// table that falls below the cap keeps its larger allocation, so dropping
    /// weights, as `mix_random` does when a child runs out, never allocates.
    /// On an error the table is left unusable.
    pub(crate) fn rebuild(&mut self, weights: &[u32]) -> Result<(), Error> {
        let n = pool_size(weights.len())?;
        let total: u64 = weights.iter().copied().map(u64::from).sum();
        if total == 0 {
            return Err(Error::AllWeightsZero { ops: weights.len() });
        }
        self.draw = Draw::new(n, total);
        let words = self.draw.words();
        let len = words + mask_words(weights.len());
        if self.buckets.len() < len {
            self.buckets = std::iter::repeat_n(0, len).collect();
        }
        let buckets = &mut Arc::make_mut(&mut self.buckets)[..words];
        match self.draw {
            Draw::One { .. } => {
                for (bucket, &w) in buckets.iter_mut().zip(weights) {
                    *bucket = u64::from(w) * n;
                }
            }
            Draw::Two { .. } => {
                let (pairs, _) = buckets.as_chunks_mut::<2>();
                for (k, (bucket, &w)) in pairs.iter_mut().zip(weights).enumerate() {
                    *bucket = [u64::from(w) * n, k as u64];
                }
            }
        }
        self.hand_over();
        Ok(())
    }

    /// Hands the buckets over, from each op's units to its `keep` and alias, in the draw's layout.
    fn hand_over(&mut self) {
        let (words, ops) = (self.draw.words(), self.draw.ops());
        let all = Arc::get_mut(&mut self.buckets).expect("built or made unique by the caller");
        // The allocation may be longer than this layout needs (see `rebuild`).
        let (buckets, rest) = all.split_at_mut(words);
        let masks = &mut rest[..mask_words(ops)];
        match self.draw {
            Draw::One { total, shift, .. } => hand_over(buckets, masks, total, shift),
            Draw::Two { place, .. } => {
                let (pairs, _) = buckets.as_chunks_mut::<2>();
                hand_over(pairs, masks, place.n, 0);
            }
        }
    }

    /// The words that hold the buckets, without the scratch after them.
    fn bucket_words(&self) -> &[u64] {
        &self.buckets[..self.draw.words()]
    }

    /// Picks an op's index.
    // `always`, so that the callers' own `next` stays small enough to inline.
    #[inline(always)]
    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        match self.draw {
            Draw::One {
                n,
                total,
                reject_under,
                shift,
            } => {
                let (i, place) = one_draw(n, total, reject_under, rng);
                let bucket = self.buckets[i as usize];
                let alias = bucket & !(u64::MAX << shift);
                // A select the compiler must not make a branch: which way a
                // pick goes is random, so a branch would mispredict often.
                select_unpredictable(place < bucket >> shift, i, alias) as usize
            }
            Draw::Two { bucket, place } => two_draws(bucket, place, &self.buckets, rng),
        }
    }

    /// Each index's share of the table, in units of `1 / (n * total)`: for tests of exactness.
    #[cfg(test)]
    fn shares(&self) -> Vec<u128> {
        let total = u128::from(self.total());
        let mut shares = vec![0u128; self.draw.ops()];
        for k in 0..shares.len() {
            let (keep, alias) = self.bucket(k);
            shares[k] += u128::from(keep);
            shares[alias as usize] += total - u128::from(keep);
        }
        shares
    }

    #[cfg(test)]
    fn total(&self) -> u64 {
        match self.draw {
            Draw::One { total, .. } => total,
            Draw::Two { place, .. } => place.n,
        }
    }

    /// Bucket `k`'s `(keep, alias)`.
    #[cfg(test)]
    fn bucket(&self, k: usize) -> (u64, u32) {
        match self.draw {
            Draw::One { shift, .. } => {
                let word = self.buckets[k];
                (word >> shift, (word & !(u64::MAX << shift)) as u32)
            }
            Draw::Two { .. } => (self.buckets[2 * k], self.buckets[2 * k + 1] as u32),
        }
    }
}

/// The bucket and the place of one unit of `0..n * total`, from one accepted draw.
///
/// The unit is `u = hi(x * m)` with `m = n * total`, its bucket `u / total`
/// and its place `u % total`; both come from two multiplies, with no
/// division. Proof: write `x * n = i * 2^64 + r` (`i = hi(x * n)`,
/// `r = lo(x * n)`). Then `x * m = i * total * 2^64 + r * total`, and as
/// `r * total < 2^64 * total`, `hi(x * m) = i * total + hi(r * total)` with
/// `hi(r * total) < total`, and `lo(x * m) = lo(r * total)`. So the bucket is
/// `i`, the place is `hi(r * total)`, and Lemire's test reads `lo(r * total)`.
#[inline(always)]
fn one_draw<R: Rng + ?Sized>(n: u64, total: u64, reject_under: u64, rng: &mut R) -> (u64, u64) {
    loop {
        let by_n = u128::from(rng.next_u64()) * u128::from(n);
        let by_m = u128::from(by_n as u64) * u128::from(total);
        if by_m as u64 >= reject_under {
            return ((by_n >> 64) as u64, (by_m >> 64) as u64);
        }
    }
}

/// The pick from a table above the one-draw cap, its bucket then the place in
/// it: out of line, so that the one-draw path stays small enough to inline.
#[inline(never)]
fn two_draws<R: Rng + ?Sized>(bucket: Below, place: Below, buckets: &[u64], rng: &mut R) -> usize {
    let i = bucket.pick(rng) as usize;
    let place = place.pick(rng);
    let (keep, alias) = (buckets[2 * i], buckets[2 * i + 1]);
    select_unpredictable(place < keep, i as u64, alias) as usize
}

/// The items, unless they promise (by their `size_hint`) more than a table can
/// hold: refused before any is collected, not after memory for more than
/// `u32::MAX` of them ran out.
pub(crate) fn refuse_too_many<I: Iterator>(items: I) -> Result<I, Error> {
    match pool_size(items.size_hint().0) {
        Err(e @ Error::PoolTooLarge { .. }) => Err(e),
        _ => Ok(items),
    }
}

/// `n` as a `u64`, or why a pool of this size cannot be sampled.
fn pool_size(ops: usize) -> Result<u64, Error> {
    let max = u32::MAX as usize;
    if ops == 0 {
        return Err(Error::EmptyPool);
    }
    if ops > max {
        return Err(Error::PoolTooLarge { ops, max });
    }
    Ok(ops as u64)
}

/// A bucket while the table is built: an op's units until it is handed over or used up, then its `keep` and alias.
trait Slot {
    fn units(&self) -> u64;
    /// Hands the op over to `alias`: its units are now its `keep`.
    fn hand(&mut self, alias: usize, shift: u32);
    /// What op `k` has `left` after giving units away: its units, or, when exactly `total`, its last form.
    fn leave(&mut self, left: u64, k: usize, total: u64, shift: u32);
    /// Op `k` had exactly `total` units from the start: it keeps them all and is its own alias.
    fn whole(&mut self, k: usize, total: u64, shift: u32);
}

/// One-draw: one word, the units, then `keep << shift | alias`.
impl Slot for u64 {
    #[inline]
    fn units(&self) -> u64 {
        *self
    }
    #[inline]
    fn hand(&mut self, alias: usize, shift: u32) {
        *self = *self << shift | alias as u64;
    }
    #[inline]
    fn leave(&mut self, left: u64, k: usize, total: u64, shift: u32) {
        // A select, not a branch: whether an op is used up is as random as the weights.
        *self = select_unpredictable(left == total, total << shift | k as u64, left);
    }
    #[inline]
    fn whole(&mut self, k: usize, total: u64, shift: u32) {
        *self = total << shift | k as u64;
    }
}

/// Two draws: `[units, alias]`, built as `[w_k * n, k]`; the units left are the `keep`.
impl Slot for [u64; 2] {
    #[inline]
    fn units(&self) -> u64 {
        self[0]
    }
    #[inline]
    fn hand(&mut self, alias: usize, _: u32) {
        self[1] = alias as u64;
    }
    #[inline]
    fn leave(&mut self, left: u64, _: usize, _: u64, _: u32) {
        self[0] = left;
    }
    #[inline]
    fn whole(&mut self, _: usize, _: u64, _: u32) {}
}

/// Hands the ops over, each bucket holding its op's `w * n` units: leaves
/// every bucket in its last form, `keep` and alias.
///
/// The stream's definition: while some op not yet handed over has fewer than
/// `total` units (is under-full) and some op has more (is over-full), the
/// lowest-indexed under-full op is handed over to the lowest-indexed
/// over-full one, its alias, which gives it `total - keep` units. Every op
/// never handed over ends with exactly `total` units (the sums are exact) and
/// stays its own alias.
///
/// Done in O(n), in the scratch `masks` ([`mask_words`] long): one pass over
/// the buckets marks the under-full, over-full and whole ops in bit masks,
/// 64 buckets a word (reading forward: a pass that reads each block
/// backward, as a shift-in fold would, defeats the hardware prefetcher over
/// large tables), and two cursors step through the masks' set bits in index
/// order, so the handover reads and writes only the two buckets it hands
/// between. The over-full mask stays true while the handover runs: only the
/// lowest over-full op loses units, so no op ahead of that cursor changes. An
/// over-full op that falls below `total` is the one op whose state changes
/// ahead of the under-full cursor: behind it, it is the lowest under-full op
/// left and is handed over at once; ahead of it, its bit is set, for the
/// cursor to find in its turn. An op used up exactly is written in its last
/// form at once, and the whole ops, never touched, are packed at the end.
///
/// No branch depends on the weights but the cursors' steps to their next
/// block and the loop over the whole ops: whether the over-full op is used up, and whether it falls below
/// `total`, are as random as the weights, and branches on them would
/// mispredict about every other handover.
fn hand_over<B: Slot>(buckets: &mut [B], masks: &mut [u64], total: u64, shift: u32) {
    let n = buckets.len();
    let blocks = n.div_ceil(64);
    debug_assert_eq!(masks.len(), mask_words(n));
    let (unders, rest) = masks.split_at_mut(blocks);
    let (overs, wholes) = rest.split_at_mut(blocks);
    for (block, chunk) in buckets.chunks(64).enumerate() {
        let (mut under, mut over) = (0u64, 0u64);
        for (j, b) in chunk.iter().enumerate() {
            let units = b.units();
            under |= u64::from(units < total) << j;
            over |= u64::from(units > total) << j;
        }
        unders[block] = under;
        overs[block] = over;
        wholes[block] = !(under | over) & (u64::MAX >> (64 - chunk.len()));
    }
    let mut unders = Cursor::new(unders);
    let mut overs = Cursor::new(overs);
    // The lowest under-full op not yet handed over, found in index order
    // (`n` when none is left); `small` is `scan`, or an over-full op fallen
    // below `total` behind it.
    let mut scan = unders.first(n);
    let mut small = scan;
    let mut large = overs.first(n);
    while small < n && large < n {
        let keep = buckets[small].units();
        buckets[small].hand(large, shift);
        let left = buckets[large].units() - (total - keep);
        buckets[large].leave(left, large, total, shift);
        unders.pass_if(small == scan);
        scan = unders.first(n);
        let (was, used_up, fell) = (large, left <= total, left < total);
        overs.pass_if(used_up);
        large = overs.first(n);
        // Fallen below `total` behind the scan: the lowest under-full op, handed
        // over next; ahead of it, found by the scan in its turn.
        let behind = was < scan;
        small = select_unpredictable(fell & behind, was, scan);
        unders.include_if(fell & !behind, was);
    }
    // With exact sums the handover ends when both cursors are through; the
    // ops left as they were are those that had exactly `total` from the start.
    debug_assert_eq!((small, large), (n, n), "ops left under- or over-full");
    for (block, &whole) in wholes.iter().enumerate() {
        let mut bits = whole;
        while bits != 0 {
            let k = block * 64 + bits.trailing_zeros() as usize;
            buckets[k].whole(k, total, shift);
            bits &= bits - 1;
        }
    }
}

/// A cursor, in index order, over the set bits of a mask of 64 buckets a word.
struct Cursor<'a> {
    masks: &'a mut [u64],
    /// The word the cursor is in.
    block: usize,
    /// That word's bits not yet passed.
    bits: u64,
}

impl<'a> Cursor<'a> {
    fn new(masks: &'a mut [u64]) -> Self {
        let bits = masks.first().copied().unwrap_or(0);
        Cursor {
            masks,
            block: 0,
            bits,
        }
    }

    /// The first set bit's index, or `n` when none is left.
    #[inline]
    fn first(&mut self, n: usize) -> usize {
        while self.bits == 0 {
            if self.block + 1 >= self.masks.len() {
                return n;
            }
            self.block += 1;
            self.bits = self.masks[self.block];
        }
        self.block * 64 + self.bits.trailing_zeros() as usize
    }

    /// Passes the first bit left, if `pass`: arithmetic, not a branch.
    #[inline]
    fn pass_if(&mut self, pass: bool) {
        self.bits &= self.bits.wrapping_sub(u64::from(pass));
    }

    /// Sets bit `k`, ahead of the cursor, if `add`: in the word the cursor
    /// holds when `k` is in it, and in the mask (where the word the cursor is
    /// in is never read again).
    #[inline]
    fn include_if(&mut self, add: bool, k: usize) {
        let bit = u64::from(add) << (k % 64);
        self.bits |= bit & 0u64.wrapping_sub(u64::from(k / 64 == self.block));
        self.masks[k / 64] |= bit;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl AliasTable {
        fn new_from(weights: &[u32]) -> Result<Self, Error> {
            AliasTable::new(weights.iter().copied())
        }

        /// Each bucket's `(keep, alias)`.
        fn kept(&self) -> Vec<(u64, u32)> {
            (0..self.draw.ops()).map(|k| self.bucket(k)).collect()
        }
    }

    fn assert_exact(weights: &[u32]) {
        let table = AliasTable::new_from(weights).unwrap();
        let n = weights.len() as u128;
        let expected: Vec<u128> = weights.iter().map(|&w| u128::from(w) * n).collect();
        assert_eq!(table.shares(), expected, "weights {weights:?}");
    }

    fn ramp(n: u32) -> Vec<u32> {
        (0..n).map(|i| i.wrapping_mul(2_654_435_761)).collect()
    }

    #[test]
    fn alias_table_gives_each_op_exactly_its_weight() {
        assert_exact(&[1]);
        assert_exact(&[1, 2, 3, 4]);
        assert_exact(&[0, 5, 0, 1, 0]);
        assert_exact(&[u32::MAX, 1]);
        assert_exact(&[u32::MAX, u32::MAX, u32::MAX]);
        assert_exact(&[u32::MAX, 1, 0, u32::MAX - 1, 7, 3]);
        assert_exact(&vec![u32::MAX; 1000]);
        assert_exact(&ramp(1000));
        // Above the one-draw cap.
        assert_exact(&ramp(100_000));
    }

    #[test]
    fn a_rebuilt_table_is_the_table_built_afresh() {
        let mut weights = ramp(300);
        let mut table = AliasTable::new_from(&weights).unwrap();
        let shared = table.clone();
        for k in (0..300).step_by(7) {
            weights[k] = 0;
            table.rebuild(&weights).unwrap();
            let fresh = AliasTable::new_from(&weights).unwrap();
            assert_eq!(table.bucket_words(), fresh.bucket_words());
            assert_eq!(table.draw, fresh.draw);
        }
        // The clone's table is its own: untouched by the rebuilds.
        assert_eq!(
            shared.bucket_words(),
            AliasTable::new_from(&ramp(300)).unwrap().bucket_words()
        );
        assert_eq!(
            table.rebuild(&[0; 300]).unwrap_err(),
            Error::AllWeightsZero { ops: 300 }
        );
    }

    /// The handover follows its definition: the lowest-indexed under-full op
    /// not yet handed over, to the lowest-indexed over-full op.
    #[test]
    fn buckets_are_handed_over_lowest_index_first() {
        // n = 4, total = 10: units 4, 8, 12, 16. Op 0 to op 2 (12 → 6, now
        // under-full, but op 1 is lower), op 1 to op 3 (16 → 14), op 2 to op 3 (14 → 10).
        let table = AliasTable::new_from(&[1, 2, 3, 4]).unwrap();
        let buckets: Vec<(u64, u32)> = table.kept();
        assert_eq!(buckets, [(4, 2), (8, 3), (6, 3), (10, 3)]);
        // An over-full op that falls below total behind the scan is handed over at once:
        // n = 3, total = 12: units 3, 30, 3; op 0 to op 1 (30 → 21), op 2 to op 1 (21 → 12).
        let table = AliasTable::new_from(&[1, 10, 1]).unwrap();
        let buckets: Vec<(u64, u32)> = table.kept();
        assert_eq!(buckets, [(3, 1), (12, 1), (3, 1)]);
        // n = 3, total = 9: units 24, 0, 3: op 1 to op 0 (24 → 15), op 2 to op 0 (15 → 9).
        let table = AliasTable::new_from(&[8, 0, 1]).unwrap();
        let buckets: Vec<(u64, u32)> = table.kept();
        assert_eq!(buckets, [(9, 0), (0, 0), (3, 0)]);
        // n = 4, total = 12: units 0, 20, 20, 8: op 0 to op 1 (20 → 8), which is
        // now under-full behind the scan (at op 3): handed to op 2 (20 → 16)
        // before op 3 is, to op 2 (16 → 12).
        let table = AliasTable::new_from(&[0, 5, 5, 2]).unwrap();
        let buckets: Vec<(u64, u32)> = table.kept();
        assert_eq!(buckets, [(0, 1), (8, 2), (12, 2), (8, 2)]);
    }

    #[test]
    fn a_table_rebuilt_across_the_cap_changes_its_layout() {
        let light = ramp(5000).iter().map(|w| w % 1000).collect::<Vec<_>>();
        let heavy = vec![u32::MAX; 5000];
        let mut table = AliasTable::new_from(&light).unwrap();
        assert!(matches!(table.draw, Draw::One { .. }));
        let mut grown = None;
        for weights in [&heavy, &light, &heavy] {
            table.rebuild(weights).unwrap();
            let fresh = AliasTable::new_from(weights).unwrap();
            assert_eq!(table.bucket_words(), fresh.bucket_words());
            assert_eq!(table.draw, fresh.draw);
            // Grown once to two words a bucket, the table keeps that allocation
            // below the cap and back above it.
            let at = Arc::as_ptr(&table.buckets);
            assert_eq!(*grown.get_or_insert(at), at);
        }
        assert!(matches!(table.draw, Draw::Two { .. }));
    }

    /// The handover's definition, followed to the letter in O(n^2): `(keep, alias)` per bucket.
    fn handed_over_by_definition(weights: &[u32]) -> Vec<(u64, u32)> {
        let n = weights.len() as u64;
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut units: Vec<u64> = weights.iter().map(|&w| u64::from(w) * n).collect();
        let mut alias: Vec<u32> = (0..weights.len() as u32).collect();
        let mut handed = vec![false; weights.len()];
        loop {
            let under = (0..units.len()).find(|&k| !handed[k] && units[k] < total);
            let over = (0..units.len()).find(|&k| units[k] > total);
            let (Some(s), Some(l)) = (under, over) else {
                break;
            };
            handed[s] = true;
            alias[s] = l as u32;
            units[l] -= total - units[s];
        }
        units.into_iter().zip(alias).collect()
    }

    /// The scans 64 buckets at a time find the ops the definition names, over
    /// pools that cross block edges and where over-full ops fall below `total`
    /// ahead of the scan, behind it, in its block and in later ones.
    #[test]
    fn the_blockwise_handover_follows_the_definition() {
        let mut pools: Vec<Vec<u32>> = vec![vec![0, 5, 5, 2], vec![1, 10, 1], vec![8, 0, 1]];
        let mut seeds = words(9);
        for n in [2, 3, 63, 64, 65, 127, 128, 129, 200, 1000] {
            for spread in [2, 10, 1000, u32::MAX] {
                let pool = (0..n)
                    .map(|_| (seeds.next().unwrap() % u64::from(spread)) as u32)
                    .collect();
                pools.push(pool);
            }
            // Few heavy ops among many light ones: each heavy op absorbs
            // light ones far ahead of it, across blocks.
            pools.push((0..n).map(|k| if k % 50 == 7 { 1000 } else { 3 }).collect());
            // Heavy ops first, then light: over-full ops fall below `total` behind the scan.
            pools.push((0..n).map(|k| if k < n / 8 { 40 } else { 1 }).collect());
            // Light ops first: the heavy ones fall below `total` ahead of the scan.
            pools.push((0..n).map(|k| if k < n / 2 { 1 } else { 3 }).collect());
        }
        // Above the one-draw cap, in the two-word layout.
        let wide: Vec<u32> = (0..8000).map(|_| seeds.next().unwrap() as u32).collect();
        assert!(matches!(
            AliasTable::new_from(&wide).unwrap().draw,
            Draw::Two { .. }
        ));
        pools.push(wide);
        for weights in pools.iter().filter(|w| w.iter().any(|&w| w > 0)) {
            let table = AliasTable::new_from(weights).unwrap();
            assert_eq!(
                table.kept(),
                handed_over_by_definition(weights),
                "weights {weights:?}"
            );
        }
    }

    #[test]
    fn alias_table_rejects_what_cannot_be_sampled() {
        assert_eq!(AliasTable::new_from(&[]).unwrap_err(), Error::EmptyPool);
        assert_eq!(
            AliasTable::new_from(&[0, 0]).unwrap_err(),
            Error::AllWeightsZero { ops: 2 }
        );
    }

    #[test]
    fn a_pool_past_u32_max_is_refused_before_it_is_collected() {
        let too_many = u32::MAX as usize + 1;
        assert_eq!(
            pool_size(too_many),
            Err(Error::PoolTooLarge {
                ops: too_many,
                max: u32::MAX as usize
            })
        );
        // Lazily made items that say how many they are: none is made.
        let items = std::iter::repeat_n(7u32, too_many);
        let (collected, table): (Vec<u32>, _) = AliasTable::collect_with(items, |&w| w);
        assert!(collected.is_empty());
        assert!(matches!(table, Err(Error::PoolTooLarge { .. })));
    }

    #[test]
    fn the_cap_decides_one_draw_or_two() {
        // n * total = 2^13 * 2^43 = 2^56: one draw.
        let at_cap: Vec<u32> = (0..8192)
            .map(|k| if k % 2 == 0 { 3 << 29 } else { 1 << 29 })
            .collect();
        assert!(matches!(
            AliasTable::new_from(&at_cap).unwrap().draw,
            Draw::One { .. }
        ));
        let mut above = at_cap.clone();
        above[0] += 1;
        assert!(matches!(
            AliasTable::new_from(&above).unwrap().draw,
            Draw::Two { .. }
        ));
    }

    /// A deterministic word stream for tests (SplitMix64).
    fn words(mut state: u64) -> impl Iterator<Item = u64> {
        std::iter::from_fn(move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            Some(z ^ (z >> 31))
        })
    }

    /// The bucket, place and low word found by two multiplies are the unit's
    /// bucket and place, and the low word Lemire's test reads (the proof is at `one_draw`).
    #[test]
    fn two_multiplies_give_the_units_bucket_place_and_low_word() {
        let cases: [(u64, u64); 7] = [
            (1, 1),
            (1, 1 << 56),
            (2, 5),
            (3, (1 << 56) / 3),
            (1 << 28, 1 << 28),
            (u64::from(u32::MAX), u64::from(u32::MAX)),
            (1000, 50_000),
        ];
        for (n, total) in cases {
            let m = n * total;
            let mut xs: Vec<u64> = words(n ^ total).take(20_000).collect();
            xs.extend([0, 1, u64::MAX, u64::MAX - 1]);
            // Words at each side of every bucket boundary k * 2^64 / n, for the first few buckets.
            for k in 1..n.min(64) {
                let edge = ((u128::from(k) << 64).div_ceil(u128::from(n))) as u64;
                xs.extend([edge - 1, edge, edge + 1]);
            }
            for x in xs {
                let by_n = u128::from(x) * u128::from(n);
                let by_m = u128::from(by_n as u64) * u128::from(total);
                let wide = u128::from(x) * u128::from(m);
                let unit = (wide >> 64) as u64;
                assert_eq!(
                    ((by_n >> 64) as u64, (by_m >> 64) as u64, by_m as u64),
                    (unit / total, unit % total, wide as u64),
                    "x {x:#x}, n {n}, total {total}"
                );
            }
        }
    }

    /// An RNG that gives the scripted words, in order.
    struct Script(std::vec::IntoIter<u64>);

    impl rand::TryRng for Script {
        type Error = std::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            unreachable!("picks draw whole words")
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(self.0.next().expect("the script has a word left"))
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
            unreachable!("picks draw whole words")
        }
    }

    /// Through the whole one-draw pick, every unit of `0..n * total` goes to
    /// its op, and each op gets exactly `w * n` units.
    #[test]
    fn every_unit_maps_to_its_op() {
        let cases: [&[u32]; 5] = [
            &[1, 2, 3, 4],
            &[9, 1],
            &[0, 5, 0, 1, 0],
            &[7],
            &[3, 0, 3, 1, 1, 8, 2],
        ];
        for weights in cases {
            let table = AliasTable::new_from(weights).unwrap();
            let Draw::One {
                n,
                total,
                reject_under,
                ..
            } = table.draw
            else {
                panic!("a small table takes one draw")
            };
            let m = n * total;
            assert_eq!(reject_under, m.wrapping_neg() % m);
            let mut got = vec![0u64; weights.len()];
            for u in 0..m {
                // The least word whose product with m has high word u and an accepted low word.
                let word =
                    ((u128::from(u) << 64) + u128::from(reject_under)).div_ceil(u128::from(m));
                let word = u64::try_from(word).unwrap();
                assert_eq!(
                    one_draw(n, total, reject_under, &mut Script(vec![word].into_iter())),
                    (u / total, u % total)
                );
                let op = table.pick(&mut Script(vec![word].into_iter()));
                let (bucket, place) = (u / total, u % total);
                let (keep, alias) = table.bucket(bucket as usize);
                let expected = if place < keep {
                    bucket as usize
                } else {
                    alias as usize
                };
                assert_eq!(op, expected, "weights {weights:?}, unit {u}");
                got[op] += 1;
            }
            let want: Vec<u64> = weights.iter().map(|&w| u64::from(w) * n).collect();
            assert_eq!(got, want, "weights {weights:?}");
        }
    }

    #[test]
    fn one_draw_picks_follow_the_written_rule() {
        // Weights [9, 1]: n = 2, total = 10, m = 20. Buckets: op 1 (2 units) to op 0,
        // so bucket 0 is op 0's whole, bucket 1 keeps 2 of its 10 units for op 1.
        let table = AliasTable::new_from(&[9, 1]).unwrap();
        let buckets: Vec<(u64, u32)> = table.kept();
        assert_eq!(buckets, [(10, 0), (2, 0)]);
        let pick = |word: u64| table.pick(&mut Script(vec![word].into_iter()));
        let unit = |u: u64| (u128::from(u) << 64).div_ceil(20) as u64 + 1;
        assert_eq!(pick(unit(0)), 0);
        assert_eq!(pick(unit(9)), 0);
        assert_eq!(pick(unit(10)), 1); // bucket 1, place 0 < 2
        assert_eq!(pick(unit(11)), 1); // place 1 < 2
        assert_eq!(pick(unit(12)), 0); // place 2: the alias
        assert_eq!(pick(unit(19)), 0);
        // A rejected word (low word below 2^64 mod 20 = 16) is drawn again: word 0 has low word 0.
        assert_eq!(table.pick(&mut Script(vec![0, unit(10)].into_iter())), 1);
    }

    #[test]
    fn two_draw_picks_take_the_bucket_then_the_place() {
        // n * total > 2^56 takes a large table: build one and find a bucket it shares.
        let weights = ramp(100_000);
        let table = AliasTable::new_from(&weights).unwrap();
        let Draw::Two { bucket, place } = table.draw else {
            panic!("above the cap")
        };
        let mut shared = None;
        for k in 0..weights.len() {
            let (keep, alias) = table.bucket(k);
            if keep > 0 && keep < place.n {
                shared = Some((k, keep, alias));
                break;
            }
        }
        let (k, keep, alias) = shared.expect("a bucket shared with its alias");
        // The least words that pick bucket k, then place keep - 1 and keep.
        let word = |n: u64, r: u64, v: u64| {
            ((u128::from(v) << 64) + u128::from(r)).div_ceil(u128::from(n)) as u64
        };
        let to_bucket = word(bucket.n, bucket.reject_under, k as u64);
        let own = word(place.n, place.reject_under, keep - 1);
        let to_alias = word(place.n, place.reject_under, keep);
        assert_eq!(table.pick(&mut Script(vec![to_bucket, own].into_iter())), k);
        assert_eq!(
            table.pick(&mut Script(vec![to_bucket, to_alias].into_iter())),
            alias as usize
        );
    }

    #[test]
    fn below_draws_again_after_a_rejected_word() {
        // n = 3: 0 * 3 has low word 0 < 1, rejected; u64::MAX * 3 = 2 * 2^64 + (2^64 - 3), picks 2.
        let mut rng = Script(vec![0, u64::MAX, 1 << 63].into_iter());
        assert_eq!(Below::new(3).pick(&mut rng), 2);
        // (2^63 * 3) >> 64 = 1, and its low word 2^63 is not rejected.
        assert_eq!(Below::new(3).pick(&mut rng), 1);
    }

    #[test]
    fn below_rejects_exactly_the_biased_low_words() {
        // n = 3: 2^64 mod 3 = 1, so only the draw whose product's low word is 0 is rejected.
        assert_eq!(Below::new(3).reject_under, 1);
        assert_eq!(Below::new(1).reject_under, 0);
        assert_eq!(Below::new(1 << 63).reject_under, 0);
        assert_eq!(Below::new(u64::MAX).reject_under, 1);
    }
}
