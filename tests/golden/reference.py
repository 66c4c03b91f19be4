#!/usr/bin/env python3
"""An independent model of lockstep_gen's documented stream arithmetic.

It re-implements, from their specifications and the crate's docs, SplitMix64's
finaliser, `Seed::derive`, the seed-to-PCG-state expansion, PCG64 MCG (XSL RR
128/64), Lemire's exact bounded pick and the integer alias table, and prints the
golden vectors that tests/golden.rs pins. The Rust tests do not run this; it is
how their expected values were made without asking the Rust code itself:

    python3 tests/golden/reference.py
"""

M64 = (1 << 64) - 1
M128 = (1 << 128) - 1
GAMMA = 0x9E3779B97F4A7C15
PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def derive(seed, key):
    return mix64(seed ^ mix64((key + GAMMA) & M64))


class Pcg64Mcg:
    def __init__(self, seed):
        high = mix64((seed + GAMMA) & M64)
        low = mix64((seed + 2 * GAMMA) & M64)
        self.state = ((high << 64) | low) | 1

    def next_u64(self):
        self.state = (self.state * PCG_MULT) & M128
        rot = self.state >> 122
        xsl = ((self.state >> 64) ^ self.state) & M64
        return ((xsl >> rot) | (xsl << (64 - rot))) & M64


def below(rng, n):
    reject_under = (1 << 64) % n
    while True:
        wide = rng.next_u64() * n
        if wide & M64 >= reject_under:
            return wide >> 64


def alias_table(weights):
    nonzero = [(i, w) for i, w in enumerate(weights) if w > 0]
    n = len(nonzero)
    total = sum(weights)
    small = [(i, w * n) for i, w in nonzero if w * n < total]
    large = [[i, w * n] for i, w in nonzero if w * n >= total]
    buckets = []
    while small and large:
        own, keep = small.pop()
        alias = large[-1][0]
        buckets.append((keep, own, alias))
        large[-1][1] -= total - keep
        if large[-1][1] < total:
            i, s = large.pop()
            small.append((i, s))
    for own, keep in small + [tuple(x) for x in large]:
        assert keep == total
        buckets.append((total, own, own))
    return buckets, n, total


def weighted(weights, seed, count):
    buckets, n, total = alias_table(weights)
    rng = Pcg64Mcg(seed)
    out = []
    for _ in range(count):
        keep, own, alias = buckets[below(rng, n)]
        if keep == total or below(rng, total) < keep:
            out.append(own)
        else:
            out.append(alias)
    return out


def random(n, seed, count):
    rng = Pcg64Mcg(seed)
    return [below(rng, n) for _ in range(count)]


if __name__ == "__main__":
    print("raw next_u64, seed 0:", [hex(Pcg64Mcg(0).next_u64())])
    for seed in (0, 42, 0xDEADBEEF):
        for key in (0, 1, 2, 1000):
            print(f"derive({seed:#x}, {key}) = {derive(seed, key):#018x}")
    for seed in (0, 42, 0xDEADBEEF):
        print(f"random(len 4, seed {seed:#x}):", random(4, seed, 32))
        print(f"random(len 1000, seed {seed:#x}):", random(1000, seed, 32))
        print(f"weighted([1, 2, 3, 4], seed {seed:#x}):", weighted([1, 2, 3, 4], seed, 32))
        print(f"weighted([5, 0, 1, 2**32-1], seed {seed:#x}):",
              weighted([5, 0, 1, 2**32 - 1], seed, 32))
        print(f"weighted([3, 3, 3], seed {seed:#x}):", weighted([3, 3, 3], seed, 32))
