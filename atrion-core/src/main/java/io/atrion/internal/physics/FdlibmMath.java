package io.atrion.internal.physics;

/**
 * Pure-Java {@code tanh}, {@code expm1}, {@code exp} and {@code log} that return exactly the
 * same doubles as {@link StrictMath} (fdlibm 5.3) on JDK 17, bit for bit, for every argument.
 *
 * <p>Why it exists: SPEC.md §2.1a requires fdlibm results. On JDK 17 {@code StrictMath.tanh}
 * (and {@code log}, {@code expm1}) is a native call that costs far more than the arithmetic,
 * and TeaVM's own {@code StrictMath} does not follow fdlibm at all (docs/notes/teavm-0.16.md).
 * This class follows fdlibm's algorithms step by step (same branch thresholds, same constants,
 * same order of every floating-point operation), which is what makes the results identical;
 * FdlibmMathTest compares it with {@code StrictMath} on millions of arguments.
 *
 * <p>Bit manipulation: fdlibm reads and writes the high 32 bits of a double ("high word":
 * sign, 11 exponent bits, top 20 fraction bits) and compares it with integer thresholds. This
 * class does the same through {@link Double#doubleToRawLongBits} / {@link
 * Double#longBitsToDouble}. The IEEE status flags fdlibm raises (inexact, overflow) are not
 * observable in Java, so the statements that only exist to raise them are reduced to the value
 * they return.
 *
 * <p><b>Operand order rule (TeaVM).</b> TeaVM 0.16's JavaScript backend drops the parentheses
 * around a right operand of the same precedence: {@code a + (b + c)} is emitted as
 * {@code a+b+c}, {@code a * (b * c)} as {@code a*b*c} and {@code a * (b / c)} as {@code a*b/c}.
 * Floating-point arithmetic is not associative, so that changes results. Wherever a grouping
 * of that kind is needed, this class writes the parenthesized operand <em>first</em>
 * ({@code (b + c) + a}, {@code (b / c) * a}); IEEE {@code +} and {@code *} are commutative, so
 * the JVM result is the same double. Subtraction, and a right operand of higher precedence
 * ({@code a + b * c}, {@code a * (b + c)}), are translated correctly and are left as they are.
 * Keep to this rule when editing: never write {@code x + (...+...)}, {@code x * (...*...)} or
 * {@code x * (.../...)}.
 *
 * <p>Internal: not part of the public API.
 */
public final class FdlibmMath {

    // ln2 = LN2_HI + LN2_LO; the low 21 bits of LN2_HI are zero, so k * LN2_HI is exact for
    // every k the reductions produce (|k| < 2^11).
    private static final double LN2_HI = 6.93147180369123816490e-01; // 0x3FE62E42_FEE00000
    private static final double LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF_35793C76
    private static final double INV_LN2 = 1.44269504088896338700e+00; // 0x3FF71547_652B82FE

    /** Largest x with exp(x) finite (fdlibm's o_threshold). */
    private static final double EXP_OVERFLOW = 7.09782712893383973096e+02; // 0x40862E42_FEFA39EF
    /** Smallest x with exp(x) &gt; 0 (fdlibm's u_threshold). */
    private static final double EXP_UNDERFLOW = -7.45133219101941108420e+02; // 0xC0874910_D52D3051
    private static final double TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000
    private static final double TWO_54 = 1.80143985094819840000e+16; // 2^54

    // exp: R(r^2) ~ r*(e^r+1)/(e^r-1) on [0, 0.34658], a Remez polynomial (error < 2^-59).
    private static final double P1 = 1.66666666666666019037e-01; // 0x3FC55555_5555553E
    private static final double P2 = -2.77777777770155933842e-03; // 0xBF66C16C_16BEBD93
    private static final double P3 = 6.61375632143793436117e-05; // 0x3F11566A_AF25DE2C
    private static final double P4 = -1.65339022054652515390e-06; // 0xBEBBBD41_C5D26BF1
    private static final double P5 = 4.13813679705723846039e-08; // 0x3E663769_72BEA4D0

    // expm1: scaled coefficients of the rational approximation (error < 2^-61).
    private static final double Q1 = -3.33333333333331316428e-02; // 0xBFA11111_111110F4
    private static final double Q2 = 1.58730158725481460165e-03; // 0x3F5A01A0_19FE5585
    private static final double Q3 = -7.93650757867487942473e-05; // 0xBF14CE19_9EAADBB7
    private static final double Q4 = 4.00821782732936239552e-06; // 0x3ED0CFCA_86E65239
    private static final double Q5 = -2.01099218183624371326e-07; // 0xBE8AFDB7_6E09C32D

    // log: log(1+f) = f - s*(f - R), s = f/(2+f), R(z) a Remez polynomial in z = s^2.
    private static final double LG1 = 6.666666666666735130e-01; // 0x3FE55555_55555593
    private static final double LG2 = 3.999999999940941908e-01; // 0x3FD99999_9997FA04
    private static final double LG3 = 2.857142874366239149e-01; // 0x3FD24924_94229359
    private static final double LG4 = 2.222219843214978396e-01; // 0x3FCC71C5_1D8E78AF
    private static final double LG5 = 1.818357216161805012e-01; // 0x3FC74664_96CB03DE
    private static final double LG6 = 1.531383769920937332e-01; // 0x3FC39A09_D078C69F
    private static final double LG7 = 1.479819860511658591e-01; // 0x3FC2F112_DF3E5244

    private FdlibmMath() {
    }

    /** The high 32 bits of {@code x} (sign, exponent, top 20 fraction bits). */
    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** The double whose high word is {@code hi} and whose low word is 0. */
    private static double fromHighWord(int hi) {
        return Double.longBitsToDouble((long) hi << 32);
    }

    /**
     * {@code y * 2^k} by adding {@code k} to the exponent field, as fdlibm's
     * {@code __HI(y) += k << 20}. Only valid where the result stays normal, which the callers
     * guarantee; unlike a multiplication it never rounds.
     */
    private static double addToExponent(double y, int k) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
    }

    /**
     * Hyperbolic tangent; returns the same bits as {@link StrictMath#tanh(double)} (fdlibm 5.3
     * {@code s_tanh.c}): tanh(±0) = ±0, tanh(±∞) = ±1, NaN for NaN.
     */
    public static double tanh(double x) {
        int jx = highWord(x);
        int ix = jx & 0x7fffffff;

        if (ix >= 0x7ff00000) {
            // ±∞ gives 1/x ± 1 = ±1 exactly; NaN propagates.
            return jx >= 0 ? 1.0 / x + 1.0 : 1.0 / x - 1.0;
        }

        double z;
        if (ix < 0x40360000) { // |x| < 22
            if (ix < 0x3c800000) { // |x| < 2^-55: tanh(x) = x to double precision
                // 1 + x rounds to 1, so this is x (keeps the sign of -0.0).
                return x * (1.0 + x);
            }
            if (ix >= 0x3ff00000) { // |x| >= 1: tanh = 1 - 2/(e^2|x| + 1)
                double t = expm1(2.0 * Math.abs(x));
                z = 1.0 - 2.0 / (t + 2.0);
            } else { // |x| < 1: tanh = -expm1(-2|x|) / (expm1(-2|x|) + 2), no cancellation
                double t = expm1(-2.0 * Math.abs(x));
                z = -t / (t + 2.0);
            }
        } else {
            // |x| >= 22: tanh rounds to ±1 (fdlibm computes 1 - tiny only to raise inexact).
            z = 1.0;
        }
        return jx >= 0 ? z : -z;
    }

    /**
     * {@code e^x - 1}, accurate near 0; returns the same bits as {@link StrictMath#expm1(double)}
     * (fdlibm 5.3 {@code s_expm1.c}): expm1(±0) = ±0, expm1(+∞) = +∞, expm1(-∞) = -1.
     */
    public static double expm1(double x) {
        int hx = highWord(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff; // high word of |x|

        // Huge and non-finite arguments.
        if (hx >= 0x4043687A) { // |x| >= 56 ln2
            if (hx >= 0x40862E42) { // |x| >= 709.78
                if (hx >= 0x7ff00000) {
                    if (x != x) {
                        return x + x; // NaN
                    }
                    return negative ? -1.0 : x; // expm1(±∞) = {-1, +∞}
                }
                if (x > EXP_OVERFLOW) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            if (negative) {
                // x < -56 ln2: e^x < 2^-56 is below half an ulp of 1, so the result is -1
                // (fdlibm's tiny - 1).
                return -1.0;
            }
        }

        // Argument reduction: x = k ln2 + r, |r| <= 0.5 ln2, r kept as hi - lo with the
        // rounding error of that subtraction in c.
        int k;
        double c;
        if (hx > 0x3fd62e42) { // |x| > 0.5 ln2
            double hi;
            double lo;
            if (hx < 0x3FF0A2B2) { // and |x| < 1.5 ln2: k = ±1 without a multiplication
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                // Round x/ln2 to nearest by truncating x/ln2 ± 0.5 (the cast truncates).
                k = (int) (INV_LN2 * x + (negative ? -0.5 : 0.5));
                double t = k;
                hi = x - t * LN2_HI; // exact: t * LN2_HI has no rounding
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54: expm1(x) = x (keeps -0.0)
            return x;
        } else {
            k = 0;
            c = 0.0;
        }

        // x is now in [-0.5 ln2, 0.5 ln2].
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        // fdlibm: e = hxs * ((r1 - t) / (6 - x*t)); written quotient-first for TeaVM.
        double e = ((r1 - t) / (6.0 - x * t)) * hxs;
        if (k == 0) {
            return x - (x * e - hxs); // c is 0
        }
        // Fold the reduction error c into the correction term.
        e = x * (e - c) - c;
        e -= hxs;
        if (k == -1) {
            return 0.5 * (x - e) - 0.5;
        }
        if (k == 1) {
            if (x < -0.25) {
                return -2.0 * (e - (x + 0.5));
            }
            return 1.0 + 2.0 * (x - e);
        }
        if (k <= -2 || k > 56) {
            // The -1 is negligible (k <= -2) or beyond precision (k > 56): 2^k * (1 + r') - 1.
            double y = 1.0 - (e - x);
            return addToExponent(y, k) - 1.0;
        }
        if (k < 20) {
            // Subtract 2^-k before scaling so the "- 1" costs no precision.
            double oneMinus = fromHighWord(0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
            double y = oneMinus - (e - x);
            return addToExponent(y, k);
        }
        double twoToMinusK = fromHighWord((0x3ff - k) << 20); // 2^-k
        double y = x - (e + twoToMinusK);
        y += 1.0;
        return addToExponent(y, k);
    }

    /**
     * {@code e^x}; returns the same bits as {@link StrictMath#exp(double)} (fdlibm 5.3
     * {@code e_exp.c}): exp(+∞) = +∞, exp(-∞) = +0, +∞ above 709.782712893384, +0 below
     * -745.1332191019411.
     */
    public static double exp(double x) {
        int hx = highWord(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff; // high word of |x|

        // Non-finite arguments, overflow and underflow.
        if (hx >= 0x40862E42) { // |x| >= 709.78
            if (hx >= 0x7ff00000) {
                if (x != x) {
                    return x + x; // NaN
                }
                return negative ? 0.0 : x; // exp(±∞) = {+∞, +0}
            }
            if (x > EXP_OVERFLOW) {
                return Double.POSITIVE_INFINITY;
            }
            if (x < EXP_UNDERFLOW) {
                return 0.0;
            }
        }

        // Argument reduction: x = k ln2 + r, |r| <= 0.5 ln2, r = hi - lo.
        int k;
        double hi = 0.0;
        double lo = 0.0;
        if (hx > 0x3fd62e42) { // |x| > 0.5 ln2
            if (hx < 0x3FF0A2B2) { // and |x| < 1.5 ln2: k = ±1 without a multiplication
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                // Round x/ln2 to nearest by truncating x/ln2 ± 0.5 (the cast truncates).
                k = (int) (INV_LN2 * x + (negative ? -0.5 : 0.5));
                double t = k;
                hi = x - t * LN2_HI; // exact: t * LN2_HI has no rounding
                lo = t * LN2_LO;
            }
            x = hi - lo;
        } else if (hx < 0x3e300000) { // |x| < 2^-28: e^x = 1 + x to double precision
            return 1.0 + x;
        } else {
            k = 0;
        }

        // e^r = 1 + r + r*c/(2 - c) with c = r - r^2 * P(r^2). For k != 0 the last step uses
        // hi and lo again instead of the rounded r = hi - lo, which keeps that rounding error out
        // of the result.
        double t = x * x;
        double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
        if (k == 0) {
            return 1.0 - ((x * c) / (c - 2.0) - x);
        }
        double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
        if (k >= -1021) {
            return addToExponent(y, k);
        }
        // The result is subnormal: scale into the normal range first, then round once by
        // multiplying with 2^-1000.
        return addToExponent(y, k + 1000) * TWO_M1000;
    }

    /**
     * Natural logarithm; returns the same bits as {@link StrictMath#log(double)} (fdlibm 5.3
     * {@code e_log.c}): log(±0) = -∞, log(x &lt; 0) = NaN, log(+∞) = +∞, log(1) = +0.
     */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >>> 32);
        int k = 0;

        if (hx < 0x00100000) { // x < 2^-1022 as a signed compare: zero, subnormal or negative
            if ((bits & 0x7fffffffffffffffL) == 0) {
                return Double.NEGATIVE_INFINITY; // log(±0)
            }
            if (hx < 0) {
                // log(negative) = NaN, also for -∞ and NaNs with the sign bit. Computed as fdlibm
                // does, so the NaN has the same bits as StrictMath's on the same hardware.
                return (x - x) / 0.0;
            }
            // Subnormal: scale by 2^54 (exact) into the normal range.
            k -= 54;
            x *= TWO_54;
            bits = Double.doubleToRawLongBits(x);
            hx = (int) (bits >>> 32);
        }
        if (hx >= 0x7ff00000) {
            return x + x; // +∞ or NaN
        }

        // x = 2^k * m with m in [sqrt(2)/2, sqrt(2)): adding 0x95f64 carries into bit 20 exactly
        // when the fraction is >= sqrt(2)-1, and then m is taken as x/2 instead of x.
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;
        x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL));
        k += i >> 20;
        double f = x - 1.0; // exact: m is within a factor 2 of 1

        if ((0x000fffff & (2 + hx)) < 3) { // |f| < 2^-20: two terms of the series suffice
            if (f == 0.0) {
                if (k == 0) {
                    return 0.0;
                }
                double dk = k;
                return dk * LN2_HI + dk * LN2_LO;
            }
            double r = f * f * (0.5 - 0.33333333333333333 * f);
            if (k == 0) {
                return f - r;
            }
            double dk = k;
            return dk * LN2_HI - ((r - dk * LN2_LO) - f);
        }

        double s = f / (2.0 + f);
        double dk = k;
        double z = s * s;
        i = hx - 0x6147a;
        double w = z * z;
        int j = 0x6b851 - hx;
        // Even and odd parts of the polynomial, evaluated in w = z^2 for parallelism.
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        i |= j;
        double r = t2 + t1;
        if (i > 0) {
            // i | j > 0 iff 0x6147a <= hx <= 0x6b851, i.e. m near sqrt(2) or sqrt(2)/2, where
            // |f| is largest: f^2/2 is split off there for accuracy.
            double hfsq = 0.5 * f * f;
            if (k == 0) {
                return f - (hfsq - s * (hfsq + r));
            }
            return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
        }
        if (k == 0) {
            return f - s * (f - r);
        }
        return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    }
}
