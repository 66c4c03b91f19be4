//! The few float functions the key distributions need, the same on every platform.
//!
//! std's `ln` and `exp` call the platform's libm, whose last bit differs
//! between platforms and releases; these use only IEEE-754 `+ - * /` (no
//! fused multiply-add, which Rust never contracts to) in a fixed order, so
//! `tests/golden/reference.py` computes bit-identical values with Python's
//! floats. They are accurate to a few ulps for the arguments used here
//! (finite, and positive for `ln`); no key distribution needs more.

/// ln 2 split in two (fdlibm's): `k * LN2_HI` is exact for the `k` used here.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const INV_LN2: f64 = std::f64::consts::LOG2_E;
const SQRT2: f64 = std::f64::consts::SQRT_2;

/// 1/i! for i = 2 to 13: the Taylor series of exp on |r| ≤ ln2 / 2, where its 14th term is below 2^-52 of the sum.
const EXP_COEFFS: [f64; 12] = [
    0.5,
    1.666_666_666_666_666_6e-1,
    4.166_666_666_666_666_4e-2,
    8.333_333_333_333_333e-3,
    1.388_888_888_888_889e-3,
    1.984_126_984_126_984e-4,
    2.480_158_730_158_73e-5,
    2.755_731_922_398_589_3e-6,
    2.755_731_922_398_589e-7,
    2.505_210_838_544_172e-8,
    2.087_675_698_786_81e-9,
    1.605_904_383_682_161_3e-10,
];

/// 1/(2k+1) for k = 1 to 11: ln(m) = 2 atanh(s) on |s| ≤ 0.172, where the 12th term is below 2^-58.
const LN_COEFFS: [f64; 11] = [
    0.333_333_333_333_333_3,
    0.2,
    0.142_857_142_857_142_85,
    0.111_111_111_111_111_1,
    9.090_909_090_909_091e-2,
    7.692_307_692_307_693e-2,
    6.666_666_666_666_667e-2,
    5.882_352_941_176_470_5e-2,
    5.263_157_894_736_842e-2,
    4.761_904_761_904_761_6e-2,
    4.347_826_086_956_521_6e-2,
];

/// 2^k as an exact f64, for -1022 ≤ k ≤ 1023.
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// e^x.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // x = k ln2 + r, |r| ≤ ln2 / 2, rounding k half away from zero.
    let t = x * INV_LN2;
    let k = (if t >= 0.0 { t + 0.5 } else { t - 0.5 }) as i64;
    let kf = k as f64;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    // Estrin's scheme, not Horner's: four dependent steps instead of thirteen.
    let c = &EXP_COEFFS;
    let (r2, r4) = (r * r, r * r * (r * r));
    let r8 = r4 * r4;
    let low =
        ((1.0 + r) + (c[0] + c[1] * r) * r2) + ((c[2] + c[3] * r) + (c[4] + c[5] * r) * r2) * r4;
    let high = ((c[6] + c[7] * r) + (c[8] + c[9] * r) * r2) + (c[10] + c[11] * r) * r4;
    let p = low + high * r8;
    // Two steps below 2^-1022, so that neither factor is subnormal.
    if k < -1020 {
        p * pow2(k + 1000) * pow2(-1000)
    } else {
        p * pow2(k)
    }
}

/// ln x for finite x > 0 (subnormals included); `-inf` at 0, NaN below.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (x, mut e) = if x < f64::MIN_POSITIVE {
        (x * pow2(54), -54i64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    // m in [sqrt(2)/2, sqrt(2)), so that s below is small.
    let mut m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    if m > SQRT2 {
        m *= 0.5;
        e += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    // Estrin's scheme, as in `exp`.
    let c = &LN_COEFFS;
    let (z2, z4) = (z * z, z * z * (z * z));
    let z8 = z4 * z4;
    let low = ((c[0] + c[1] * z) + (c[2] + c[3] * z) * z2)
        + ((c[4] + c[5] * z) + (c[6] + c[7] * z) * z2) * z4;
    let r = low + ((c[8] + c[9] * z) + c[10] * z2) * z8;
    let ln_m = 2.0 * s + 2.0 * s * (z * r);
    let ef = e as f64;
    (ef * LN2_LO + ln_m) + ef * LN2_HI
}

/// ln(1 + x), accurate for small x (Goldberg's trick: the rounding of `1 + x` cancels).
pub(crate) fn ln_1p(x: f64) -> f64 {
    let u = 1.0 + x;
    if u == 1.0 { x } else { ln(u) * x / (u - 1.0) }
}

/// e^x - 1, accurate for small x (Kahan's trick).
pub(crate) fn exp_m1(x: f64) -> f64 {
    let u = exp(x);
    if u == 1.0 {
        x
    } else if u - 1.0 == -1.0 {
        -1.0
    } else if u.is_infinite() {
        u
    } else {
        (u - 1.0) * x / ln(u)
    }
}

/// A uniform float in [0, 1) from a draw's top 53 bits: exact, every value a multiple of 2^-53.
#[inline]
pub(crate) fn unit(word: u64) -> f64 {
    (word >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn exp_and_ln_are_within_a_few_ulps_of_std() {
        // std's are the platform's libm: close to correctly rounded, so a near-miss here is ours.
        let mut x = -700.0;
        while x < 700.0 {
            assert!(
                ulps(exp(x), x.exp()) <= 2,
                "exp({x}) = {} vs {}",
                exp(x),
                x.exp()
            );
            x += 0.377;
        }
        for x in [
            1e-300,
            1e-10,
            0.3,
            0.7,
            1.0,
            1.0 + 1e-12,
            2.0,
            3.5,
            1e10,
            1e300,
            5e-324,
        ] {
            assert!(
                ulps(ln(x), x.ln()) <= 2,
                "ln({x}) = {} vs {}",
                ln(x),
                x.ln()
            );
        }
        for x in [1e-20, -1e-12, 1e-5, 0.25, -0.5, 3.0] {
            let (a, b) = (ln_1p(x), x.ln_1p());
            assert!((a - b).abs() <= 4.0 * f64::EPSILON * b.abs(), "ln_1p({x})");
        }
        for x in [1e-20, -1e-12, 1e-5, 0.25, -0.5, 3.0, -30.0] {
            let (a, b) = (exp_m1(x), x.exp_m1());
            assert!((a - b).abs() <= 4.0 * f64::EPSILON * b.abs(), "exp_m1({x})");
        }
    }

    #[test]
    fn edge_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        assert_eq!(unit(u64::MAX), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(unit(0), 0.0);
    }
}
