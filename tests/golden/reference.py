#!/usr/bin/env python3
"""An independent model of lockstep_gen's documented stream arithmetic.

It re-implements, from their specifications and the crate's docs, SplitMix64's
finaliser, `Seed::derive`, the seed-to-PCG-state expansion, PCG64 MCG (XSL RR
128/64), Lemire's exact bounded pick, the integer alias table and a swarm's
configuration draw, and prints the golden vectors that tests/golden.rs pins. The Rust tests do not run this; it is
how their expected values were made without asking the Rust code itself:

    python3 tests/golden/reference.py            # the values, readable
    python3 tests/golden/reference.py --rust > tests/golden.rs
"""

import heapq
import sys

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


ONE_DRAW_CAP = 1 << 56


def alias_table(weights):
    """One bucket per op, zero weights included, each holding `total` units.

    Op k starts with w_k * n units (n ops, `total` the sum of the weights). While
    some op not yet handed over is under-full (fewer than `total` units) and some
    op is over-full (more): the lowest-indexed such under-full op s is handed
    over to the lowest-indexed over-full op l. Bucket s keeps its units for op s
    and takes the rest, total - units_s, from op l, its alias. Every op never
    handed over ends with exactly `total` units and is its own alias.
    """
    n, total = len(weights), sum(weights)
    units = [w * n for w in weights]
    alias = list(range(n))
    # Heaps of indices, so that the lowest-indexed op of each kind is always at hand.
    under = [k for k in range(n) if units[k] < total]
    over = [k for k in range(n) if units[k] > total]
    heapq.heapify(under)
    heapq.heapify(over)
    while under and over:
        s, l = heapq.heappop(under), over[0]
        alias[s] = l
        units[l] -= total - units[s]
        if units[l] <= total:
            heapq.heappop(over)
        if units[l] < total:
            heapq.heappush(under, l)
    assert all(alias[k] != k or units[k] == total for k in range(n))
    return units, alias, n, total


def alias_pick(table, rng):
    """A uniform unit u of the n * total; bucket u // total; its own op iff u's place in it is below what it keeps.

    While m = n * total <= 2^56 one draw gives u (Lemire's, over m); above, two
    draws: the bucket, over n, then the place in it, over total.
    """
    keep, alias, n, total = table
    m = n * total
    if m <= ONE_DRAW_CAP:
        u = below(rng, m)
        bucket, place = u // total, u % total
    else:
        bucket = below(rng, n)
        place = below(rng, total)
    return bucket if place < keep[bucket] else alias[bucket]


def weighted(weights, seed, count):
    table = alias_table(weights)
    rng = Pcg64Mcg(seed)
    return [alias_pick(table, rng) for _ in range(count)]


def mix_weighted(lengths, weights, seed, count):
    """Child i gives lengths[i] ops; an exhausted pick zeroes its weight, rebuilds the table, and picks again."""
    return mix_picks(lengths, weights, Pcg64Mcg(seed), count)


def mix_picks(lengths, weights, rng, count):
    left, weights, out = list(lengths), list(weights), []
    table = alias_table(weights)
    while len(out) < count and table:
        i = alias_pick(table, rng)
        if left[i] > 0:
            left[i] -= 1
            out.append(i)
        else:
            weights[i] = 0
            table = alias_table(weights) if any(weights) else None
    return out


def swarm_config(weights, rng):
    """One word x per kind, in order: on iff bit 63 is set and its weight is above 0, its
    weight then times 2^e + (x mod 2^e) with e = bits 60..62; all words again while none is on.
    With no weight above 0, nothing is drawn and every kind is off."""
    if not any(weights):
        return [0] * len(weights)
    while True:
        config = []
        for w in weights:
            x = rng.next_u64()
            e = (x >> 60) & 7
            config.append(w * ((1 << e) + x % (1 << e)) if x >> 63 and w else 0)
        if any(config):
            return config


def swarm(weights, seed, count):
    """The configuration, then weighted picks over it from the same RNG."""
    rng = Pcg64Mcg(seed)
    config = swarm_config(weights, rng)
    table = alias_table(config)
    return config, [alias_pick(table, rng) for _ in range(count)]


def mix_swarm(lengths, weights, seed, count):
    """The configuration, then mix_weighted's picks over it from the same RNG."""
    rng = Pcg64Mcg(seed)
    config = swarm_config(weights, rng)
    return config, mix_picks(lengths, config, rng, count)


def swarm_rounds(weights, seed):
    """How many times the configuration's words were drawn (1 unless some draw turned every kind off)."""
    rng, rounds = Pcg64Mcg(seed), 0
    while True:
        rounds += 1
        config = [w if rng.next_u64() >> 63 else 0 for w in weights]
        if any(config):
            return rounds


def stagger(mean_ns, seed, count):
    """The first op at 0, then gaps uniform in [0, 2 * mean) nanoseconds."""
    rng = Pcg64Mcg(seed)
    at, out = 0, []
    for i in range(count):
        if i > 0:
            at += below(rng, 2 * mean_ns)
        out.append(at)
    return out


def random(n, seed, count):
    rng = Pcg64Mcg(seed)
    return [below(rng, n) for _ in range(count)]


# --- Key distributions (issue 14): the crate's own float functions, IEEE + - * / in the Rust code's order.

import math
import struct

LN2_HI = struct.unpack("<d", struct.pack("<Q", 0x3FE62E42FEE00000))[0]  # fdlibm's split of ln 2
LN2_LO = struct.unpack("<d", struct.pack("<Q", 0x3DEA39EF35793C76))[0]
INV_LN2 = 1.4426950408889634  # std::f64::consts::LOG2_E
SQRT2 = 1.4142135623730951  # std::f64::consts::SQRT_2
EXP_COEFFS = [1 / math.factorial(i) for i in range(2, 14)]  # correctly rounded, as Rust's literals
LN_COEFFS = [1 / (2 * k + 1) for k in range(1, 12)]


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def f64_from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def pow2(k):
    return f64_from_bits((k + 1023) << 52)


def fexp(x):
    if x != x:
        return x
    if x > 709.0:
        return math.inf
    if x < -745.0:
        return 0.0
    t = x * INV_LN2
    k = int(t + 0.5) if t >= 0.0 else int(t - 0.5)
    kf = float(k)
    r = (x - kf * LN2_HI) - kf * LN2_LO
    # Estrin's scheme, grouped exactly as the Rust code.
    c = EXP_COEFFS
    r2, r4 = r * r, r * r * (r * r)
    r8 = r4 * r4
    low = ((1.0 + r) + (c[0] + c[1] * r) * r2) + ((c[2] + c[3] * r) + (c[4] + c[5] * r) * r2) * r4
    high = ((c[6] + c[7] * r) + (c[8] + c[9] * r) * r2) + (c[10] + c[11] * r) * r4
    p = low + high * r8
    if k < -1020:
        return p * pow2(k + 1000) * pow2(-1000)
    return p * pow2(k)


def fln(x):
    if x != x or x < 0.0:
        return math.nan
    if x == 0.0:
        return -math.inf
    if x == math.inf:
        return x
    e = 0
    if x < 2.2250738585072014e-308:
        x, e = x * pow2(54), -54
    bits = f64_bits(x)
    e += ((bits >> 52) & 0x7FF) - 1023
    m = f64_from_bits((bits & ((1 << 52) - 1)) | (1023 << 52))
    if m > SQRT2:
        m *= 0.5
        e += 1
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    c = LN_COEFFS
    z2, z4 = z * z, z * z * (z * z)
    z8 = z4 * z4
    low = ((c[0] + c[1] * z) + (c[2] + c[3] * z) * z2) + ((c[4] + c[5] * z) + (c[6] + c[7] * z) * z2) * z4
    r = low + ((c[8] + c[9] * z) + c[10] * z2) * z8
    ln_m = 2.0 * s + 2.0 * s * (z * r)
    ef = float(e)
    return (ef * LN2_LO + ln_m) + ef * LN2_HI


def fln_1p(x):
    u = 1.0 + x
    return x if u == 1.0 else fln(u) * x / (u - 1.0)


def fexp_m1(x):
    u = fexp(x)
    if u == 1.0:
        return x
    if u - 1.0 == -1.0:
        return -1.0
    if u == math.inf:
        return u
    return (u - 1.0) * x / fln(u)


def unit(word):
    return float(word >> 11) * (1.0 / float(1 << 53))


class Zipf:
    """Rejection-inversion (Hoermann and Derflinger), as Apache Commons RNG's sampler, on 1..=n; keys are k - 1."""

    def __init__(self, n, theta):
        self.n, self.theta, self.nf = n, theta, float(n)
        self.hx1 = self.h_integral(1.5) - 1.0
        self.hn = self.h_integral(self.nf + 0.5)
        self.s = 2.0 - self.h_integral_inverse(self.h_integral(2.5) - self.h(2.0))

    @staticmethod
    def helper1(x):
        return fln_1p(x) / x if abs(x) > 1e-8 else 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))

    @staticmethod
    def helper2(x):
        return fexp_m1(x) / x if abs(x) > 1e-8 else 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x))

    def h_integral(self, x):
        log_x = fln(x)
        return self.helper2((1.0 - self.theta) * log_x) * log_x

    def h(self, x):
        return fexp(-self.theta * fln(x))

    def h_integral_inverse(self, x):
        t = x * (1.0 - self.theta)
        if t < -1.0:
            t = -1.0
        return fexp(self.helper1(t) * x)

    def pick(self, rng):
        while True:
            u = self.hn + unit(rng.next_u64()) * (self.hx1 - self.hn)
            x = self.h_integral_inverse(u)
            k = min(max(int(x + 0.5), 1), self.n)
            kf = float(k)
            if kf - x <= self.s or u >= self.h_integral(kf + 0.5) - self.h(kf):
                return k - 1


def permute(x, n):
    """A fixed bijection of 0..n: a constant added, odd multiplies and xor-shifts on the smallest power-of-two domain, cycle-walked."""
    bits = (n - 1).bit_length()
    mask, shift = (1 << bits) - 1, max((bits + 1) // 2, 1)
    while True:
        x = (x + 0x6A09E667F3BCC909) & M64 & mask
        x = (x * 0x9E3779B97F4A7C15) & M64 & mask
        x ^= x >> shift
        x = (x * 0xBF58476D1CE4E5B9) & M64 & mask
        x ^= x >> shift
        if x < n:
            return x


def zipfian(n, theta, seed, count):
    z, rng = Zipf(n, theta), Pcg64Mcg(seed)
    return [z.pick(rng) for _ in range(count)]


def scrambled_zipfian(n, theta, seed, count):
    z, rng = Zipf(n, theta), Pcg64Mcg(seed)
    return [permute(z.pick(rng), n) for _ in range(count)]


def hotspot(n, hot_fraction, hot_op_fraction, seed, count):
    hot = min(int(float(n) * hot_fraction), n)
    hot_under = int(hot_op_fraction * float(1 << 53))
    rng, out = Pcg64Mcg(seed), []
    for _ in range(count):
        if hot == n:
            out.append(below(rng, n))
        elif hot == 0:
            out.append(below(rng, n))
        elif rng.next_u64() >> 11 < hot_under:
            out.append(below(rng, hot))
        else:
            out.append(hot + below(rng, n - hot))
    return out


def exponential(n, decay, seed, count):
    rng = Pcg64Mcg(seed)
    if decay == 1.0:
        return [below(rng, n) for _ in range(count)]
    ln_decay = fln(decay)
    mass = 1.0 - fexp(float(n) * ln_decay)
    out = []
    for _ in range(count):
        x = fln(1.0 - unit(rng.next_u64()) * mass) / ln_decay
        out.append(min(int(x), n - 1))
    return out


# (Rust constructor, model) pairs: small and huge n, YCSB's theta, theta 0 and above 1.
KEY_CASES = [
    ("zipfian(1000, 0.99)", lambda seed: zipfian(1000, 0.99, seed, 32)),
    ("zipfian(1 << 63, 0.99)", lambda seed: zipfian(1 << 63, 0.99, seed, 32)),
    ("zipfian(10, 0.0)", lambda seed: zipfian(10, 0.0, seed, 32)),
    ("zipfian(50, 1.0)", lambda seed: zipfian(50, 1.0, seed, 32)),
    ("zipfian(100_000, 1.5)", lambda seed: zipfian(100_000, 1.5, seed, 32)),
    ("scrambled_zipfian(1000, 0.99)", lambda seed: scrambled_zipfian(1000, 0.99, seed, 32)),
    ("scrambled_zipfian(10_000_000_000, 0.99)", lambda seed: scrambled_zipfian(10_000_000_000, 0.99, seed, 32)),
    ("hotspot(100, 0.2, 0.8)", lambda seed: hotspot(100, 0.2, 0.8, seed, 32)),
    ("hotspot(1 << 40, 0.01, 0.99)", lambda seed: hotspot(1 << 40, 0.01, 0.99, seed, 32)),
    ("exponential(10, 0.5)", lambda seed: exponential(10, 0.5, seed, 32)),
    ("exponential(1 << 63, 0.999_999)", lambda seed: exponential(1 << 63, 0.999_999, seed, 32)),
    ("exponential(7, 1.0)", lambda seed: exponential(7, 1.0, seed, 32)),
]
FLOAT_ARGS = [1e-300, 1e-10, 0.3, 0.7071, 1.0, 2.0, 3.5, 1e10, 1e300, 5e-324, -700.0, -1.5, 0.693, 20.0, 700.0]


SEEDS = [0, 42, 0xDEADBEEF]
DERIVE_KEYS = [0, 1, 2, 1000]
WEIGHTED_CASES = [
    # (name in golden.rs, Rust literal, weights)
    ("ramp", "[1, 2, 3, 4]", [1, 2, 3, 4]),
    ("with_zeros", "[5, 0, 1, 10]", [5, 0, 1, 10]),
    ("extreme", "[u32::MAX, 0, u32::MAX / 3, 1 << 31]", [2**32 - 1, 0, (2**32 - 1) // 3, 1 << 31]),
    ("equal", "[3, 3, 3]", [3, 3, 3]),
    ("nine_to_one", "[9, 1]", [9, 1]),
    # n * total = 2^13 * 2^43 = 2^56: the largest table picked with one draw.
    ("at_cap", "(0..8192u32).map(|k| if k % 2 == 0 { 3 << 29 } else { 1 << 29 })",
     [3 << 29 if k % 2 == 0 else 1 << 29 for k in range(8192)]),
    # One unit more: n * total = 2^56 + 2^13, picked with two draws.
    ("above_cap", "(0..8192u32).map(|k| if k == 0 { (3 << 29) + 1 } else if k % 2 == 0 { 3 << 29 } else { 1 << 29 })",
     [(3 << 29) + 1 if k == 0 else 3 << 29 if k % 2 == 0 else 1 << 29 for k in range(8192)]),
]
MIX_LENGTHS, MIX_WEIGHTS = [3, 6, 40], [1, 2, 3]
SWARM_CASES = [
    # (name in golden.rs, Rust literal, weights)
    ("four_equal", "[1, 1, 1, 1]", [1, 1, 1, 1]),
    ("with_zeros", "[5, 0, 1, 10]", [5, 0, 1, 10]),
    # One kind that can be on: every draw that turns it off is drawn again.
    ("one_of_three", "[0, 0, 3]", [0, 0, 3]),
    ("pair", "[1, 1]", [1, 1]),
    # More kinds than a word has bits: one word per kind all the same.
    ("seventy", "(0..70u32).map(|k| k % 7 + 1)", [k % 7 + 1 for k in range(70)]),
    # The largest weight a swarm takes: times 255 is u32::MAX.
    ("largest", "[16_843_009, 1, 16_843_009]", [16_843_009, 1, 16_843_009]),
]
MIX_SWARM_LENGTHS, MIX_SWARM_WEIGHTS = [3, 6, 8, 10], [1, 2, 3, 1]
STAGGER_MEANS = [1_000, 1_000_000_007]


def readable():
    rng = Pcg64Mcg(0)
    print("raw next_u64, seed 0:", hex(rng.next_u64()), hex(rng.next_u64()))
    for seed in SEEDS:
        for key in DERIVE_KEYS:
            print(f"derive({seed:#x}, {key}) = {derive(seed, key):#018x}")
    for seed in SEEDS:
        print(f"random(len 4, seed {seed:#x}):", random(4, seed, 32))
        print(f"random(len 1000, seed {seed:#x}):", random(1000, seed, 32))
        for name, literal, weights in WEIGHTED_CASES:
            print(f"weighted({literal}, seed {seed:#x}):", weighted(weights, seed, 32))
        print(f"mix_weighted(lengths {MIX_LENGTHS}, weights {MIX_WEIGHTS}, seed {seed:#x}):",
              mix_weighted(MIX_LENGTHS, MIX_WEIGHTS, seed, 32))
        print(f"mix_random(lengths {MIX_LENGTHS}, seed {seed:#x}):",
              mix_weighted(MIX_LENGTHS, [1] * len(MIX_LENGTHS), seed, 32))
        for mean in STAGGER_MEANS:
            print(f"stagger({mean}ns, seed {seed:#x}):", stagger(mean, seed, 32))
        for name, literal, weights in SWARM_CASES:
            config, picks = swarm(weights, seed, 32)
            print(f"swarm({literal}, seed {seed:#x}): config {config} after {swarm_rounds(weights, seed)} draws, picks {picks}")
        print(f"mix_swarm(lengths {MIX_SWARM_LENGTHS}, weights {MIX_SWARM_WEIGHTS}, seed {seed:#x}):",
              mix_swarm(MIX_SWARM_LENGTHS, MIX_SWARM_WEIGHTS, seed, 32))
        for literal, model in KEY_CASES:
            print(f"{literal}, seed {seed:#x}:", model(seed))
    for x in FLOAT_ARGS:
        print(f"exp({x!r}) = {fexp(x)!r}, ln = {fln(abs(x))!r}")


def rust():
    def arr(xs):
        return "[" + ", ".join(str(x) for x in xs) + "]"

    out = ["""//! Golden vectors: the first 32 ops of `random`, `weighted`, `mix_weighted`, `mix_random`, `stagger`, `swarm` and `mix_swarm` (with their configurations), and `Seed::derive`, for fixed seeds.
//!
//! These values are the crate's reproducibility promise: a change to any of them
//! breaks every recorded seed, so it is a breaking change that CHANGELOG.md
//! records under its own heading. They were computed by an independent Python
//! model of the documented arithmetic (`python3 tests/golden/reference.py --rust`
//! writes this file), not by the Rust code under test.

use std::time::Duration;

use lockstep_gen::prelude::*;

const SEEDS: [u64; 3] = [0, 42, 0xdead_beef];

fn first_32<G: Generator>(g: G) -> Vec<G::Item> {
    g.take(32).collect()
}

#[test]
fn derive_is_pinned() {"""]
    out.append(f"    let expected: [(u64, u64, u64); {len(SEEDS) * len(DERIVE_KEYS)}] = [")
    for seed in SEEDS:
        for key in DERIVE_KEYS:
            out.append(f"        ({seed:#x}, {key}, {derive(seed, key):#018x}),")
    out.append("""    ];
    for (seed, key, derived) in expected {
        assert_eq!(Seed::from(seed).derive(key), Seed::from(derived), "derive({seed:#x}, {key})");
    }
}

#[test]
fn random_is_pinned() {""")
    for name, n in (("over_4", 4), ("over_1000", 1000)):
        out.append(f"    let {name}: [[u32; 32]; 3] = [")
        out.extend("        " + arr(random(n, seed, 32)) + "," for seed in SEEDS)
        out.append("    ];")
    out.append("""    for (i, seed) in SEEDS.into_iter().enumerate() {
        assert_eq!(first_32(random(0..4u32).seed(seed)), over_4[i], "seed {seed:#x}");
        assert_eq!(first_32(random(0..1000u32).seed(seed)), over_1000[i], "seed {seed:#x}");
    }
}

#[test]
fn weighted_is_pinned() {""")
    for name, literal, weights in WEIGHTED_CASES:
        out.append(f"    let {name}: [[usize; 32]; 3] = [")
        out.extend("        " + arr(weighted(weights, seed, 32)) + "," for seed in SEEDS)
        out.append("    ];")
    out.append("    for (i, seed) in SEEDS.into_iter().enumerate() {")
    for name, literal, weights in WEIGHTED_CASES:
        # An array needs `into_iter`; an iterator expression (in parentheses) is one already.
        into_iter = "" if literal.startswith("(") else ".into_iter()"
        out.append(f"        let pairs = {literal}{into_iter}.enumerate();")
        out.append(f'        assert_eq!(first_32(weighted(pairs).seed(seed)), {name}[i], "{name}, seed {{seed:#x}}");')
    out.append("    }\n}")
    out.append("""
#[test]
fn mix_weighted_is_pinned() {""")
    out.append(f"    let expected: [[usize; 32]; 3] = [")
    out.extend("        " + arr(mix_weighted(MIX_LENGTHS, MIX_WEIGHTS, seed, 32)) + "," for seed in SEEDS)
    out.append("    ];")
    pairs = ", ".join(f"(cycle([{i}usize]).take({n}), {w})" for i, (n, w) in enumerate(zip(MIX_LENGTHS, MIX_WEIGHTS)))
    out.append(f"""    for (i, seed) in SEEDS.into_iter().enumerate() {{
        let mixed = mix_weighted([{pairs}]);
        assert_eq!(first_32(mixed.seed(seed)), expected[i], "seed {{seed:#x}}");
    }}
}}

#[test]
fn mix_random_is_pinned() {{""")
    out.append(f"    let expected: [[usize; 32]; 3] = [")
    out.extend("        " + arr(mix_weighted(MIX_LENGTHS, [1] * len(MIX_LENGTHS), seed, 32)) + "," for seed in SEEDS)
    out.append("    ];")
    children = ", ".join(f"cycle([{i}usize]).take({n})" for i, n in enumerate(MIX_LENGTHS))
    out.append(f"""    for (i, seed) in SEEDS.into_iter().enumerate() {{
        let mixed = mix_random([{children}]);
        assert_eq!(first_32(mixed.seed(seed)), expected[i], "seed {{seed:#x}}");
    }}
}}

#[test]
fn stagger_is_pinned() {{""")
    for j, mean in enumerate(STAGGER_MEANS):
        out.append(f"    let mean_{j}: [[u64; 32]; 3] = [")
        out.extend("        " + arr(stagger(mean, seed, 32)) + "," for seed in SEEDS)
        out.append("    ];")
    out.append("    for (i, seed) in SEEDS.into_iter().enumerate() {")
    for j, mean in enumerate(STAGGER_MEANS):
        out.append(f"""        let times = cycle([()]).stagger(Duration::from_nanos({mean})).seed(seed);
        let nanos: Vec<u64> = times.take(32).map(|t| t.at.as_nanos() as u64).collect();
        assert_eq!(nanos, mean_{j}[i], "mean {mean}ns, seed {{seed:#x}}");""")
    out.append("    }\n}")
    out.append("""
// Swarm testing (issue 14): the configuration each seed draws, then the picks over it.

#[test]
fn swarm_is_pinned() {""")
    for name, literal, weights in SWARM_CASES:
        configs = [swarm(weights, seed, 32) for seed in SEEDS]
        out.append(f"    let {name}_config: [[u32; {len(weights)}]; 3] = [")
        out.extend("        " + arr(config) + "," for config, _ in configs)
        out.append("    ];")
        out.append(f"    let {name}: [[usize; 32]; 3] = [")
        out.extend("        " + arr(picks) + "," for _, picks in configs)
        out.append("    ];")
    out.append("    for (i, seed) in SEEDS.into_iter().enumerate() {")
    for name, literal, weights in SWARM_CASES:
        into_iter = "" if literal.startswith("(") else ".into_iter()"
        out.append(f"        let ops = swarm({literal}{into_iter}.enumerate()).seed(seed);")
        out.append(f'        assert_eq!(ops.config().weights(), {name}_config[i], "{name}, seed {{seed:#x}}");')
        out.append(f'        assert_eq!(first_32(ops), {name}[i], "{name}, seed {{seed:#x}}");')
    out.append("    }\n}")
    out.append("""
#[test]
fn mix_swarm_is_pinned() {""")
    results = [mix_swarm(MIX_SWARM_LENGTHS, MIX_SWARM_WEIGHTS, seed, 32) for seed in SEEDS]
    out.append(f"    let configs: [[u32; {len(MIX_SWARM_WEIGHTS)}]; 3] = [")
    out.extend("        " + arr(config) + "," for config, _ in results)
    out.append("    ];")
    out.append(f"    let expected: [&[usize]; 3] = [")
    out.extend("        &" + arr(picks) + "," for _, picks in results)
    out.append("    ];")
    pairs = ", ".join(f"(cycle([{i}usize]).take({n}), {w})" for i, (n, w) in enumerate(zip(MIX_SWARM_LENGTHS, MIX_SWARM_WEIGHTS)))
    out.append(f"""    for (i, seed) in SEEDS.into_iter().enumerate() {{
        let mixed = mix_swarm([{pairs}]).seed(seed);
        assert_eq!(mixed.config().weights(), configs[i], "seed {{seed:#x}}");
        assert_eq!(first_32(mixed), expected[i], "seed {{seed:#x}}");
    }}
}}""")
    out.append("""
// Key distributions (issue 14): the model's float functions are the crate's, step for step.

#[test]
fn key_distributions_are_pinned() {""")
    out.append(f"    let expected: [[[u64; 32]; 3]; {len(KEY_CASES)}] = [")
    for literal, model in KEY_CASES:
        out.append("        [")
        out.extend("            " + arr(model(seed)) + "," for seed in SEEDS)
        out.append("        ],")
    out.append("    ];")
    out.append("    for (i, seed) in SEEDS.into_iter().enumerate() {")
    for j, (literal, model) in enumerate(KEY_CASES):
        out.append(f'        assert_eq!(first_32({literal}.seed(seed)), expected[{j}][i], "{literal}, seed {{seed:#x}}");')
    out.append("    }\n}")
    print("\n".join(out))


if __name__ == "__main__":
    rust() if sys.argv[1:] == ["--rust"] else readable()
