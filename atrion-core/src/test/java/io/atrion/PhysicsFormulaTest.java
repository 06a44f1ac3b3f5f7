package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.internal.physics.Physics;
import org.junit.jupiter.api.Test;

/**
 * One test per formula of SPEC.md §2.1a–§2.5, on the shared pure functions of
 * {@link Physics}. Expected values are the SPEC expressions evaluated by hand in the written order
 * (§2.1a makes every formula bit-reproducible, so most comparisons are exact). The same formulas are
 * observed through the public API of every engine in {@link EngineFormulaTest}.
 */
class PhysicsFormulaTest {

    @Test
    void weightIsLnOfOnePlusCriticality() {
        // §2.1: w_j = ln(1 + criticality_j); defaults (5, 8, 3) -> (ln 6, ln 9, ln 4)
        assertEquals(StrictMath.log(6), Physics.weight(5));
        assertEquals(StrictMath.log(9), Physics.weight(8));
        assertEquals(StrictMath.log(4), Physics.weight(3));
        // the rounded values printed in §2.1
        assertEquals(1.7917595, Physics.weight(5), 5e-8);
        assertEquals(2.1972246, Physics.weight(8), 5e-8);
        assertEquals(1.3862944, Physics.weight(3), 5e-8);
        // the ends of the criticality domain [0, 10]: ln 1 = 0 switches an axis off, ln 11
        assertEquals(0.0, Physics.weight(0));
        assertEquals(StrictMath.log(11), Physics.weight(10));
    }

    @Test
    void pressureIsTanhOfRelativeExcessTimesScale() {
        // §2.2: p = tanh(((x - b) / b) * k)
        // latency 80 vs 100: (80-100)/100 = -0.2
        assertEquals(StrictMath.tanh(-0.2), Physics.pressure(80, 100, 1));
        // latency 450 vs 100: 350/100 = 3.5; §9 prints 0.998178
        assertEquals(StrictMath.tanh(3.5), Physics.pressure(450, 100, 1));
        assertEquals(0.998178, Physics.pressure(450, 100, 1), 5e-7);
        // saturation 0.9 vs 0.5: 0.4/0.5 = 0.8; §9 prints 0.664037
        assertEquals(StrictMath.tanh(((0.9 - 0.5) / 0.5) * 1), Physics.pressure(0.9, 0.5, 1));
        assertEquals(0.664037, Physics.pressure(0.9, 0.5, 1), 5e-7);
        // error 0.2 vs 0.01: 0.19/0.01 = 19; §9 prints 1.000000
        assertEquals(1.0, Physics.pressure(0.2, 0.01, 1), 5e-7);
        // error 0 vs 0.01: -0.01/0.01 = -1
        assertEquals(StrictMath.tanh(-1), Physics.pressure(0, 0.01, 1));
        // at the baseline: tanh(0) = 0
        assertEquals(0.0, Physics.pressure(100, 100, 1));
        // k scales the argument: ((80-100)/100) * 2 = -0.4
        assertEquals(StrictMath.tanh(-0.4), Physics.pressure(80, 100, 2));
        // bounded by [-1, 1]: (1e300 - 1)/1 saturates tanh
        assertEquals(1.0, Physics.pressure(1e300, 1, 1));
        assertEquals(-1.0, Physics.pressure(-1e300, 1, 1));
    }

    @Test
    void nonFiniteRawValueCountsAsZeroNegativesAsGiven() {
        // §2.2 / §2.9: NaN, +inf, -inf count as 0 before normalization; negatives are used as given
        assertEquals(0.0, Physics.sanitize(Double.NaN));
        assertEquals(0.0, Physics.sanitize(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Physics.sanitize(Double.NEGATIVE_INFINITY));
        assertEquals(-5.0, Physics.sanitize(-5.0));
        assertEquals(42.5, Physics.sanitize(42.5));
        // a NaN latency therefore normalizes like latency 0: tanh((0-100)/100) = tanh(-1)
        assertEquals(StrictMath.tanh(-1), Physics.pressure(Physics.sanitize(Double.NaN), 100, 1));
    }

    @Test
    void sumOfSquaresIsEvaluatedLeftToRight() {
        // §2.1a: (vx*vx + vy*vy) + vz*vz. With vx*vx = 1 and vy*vy, vz*vz just below half an ulp of 1,
        // the written order gives (1 + tiny) + tiny = 1, the other grouping 1 + 2·tiny > 1.
        double y = 1.05e-8;
        double leftToRight = (1.0 * 1.0 + y * y) + y * y;
        double otherGrouping = 1.0 * 1.0 + (y * y + y * y);
        assertNotEquals(leftToRight, otherGrouping, "precondition: the grouping matters for these inputs");
        assertEquals(leftToRight, Physics.sumOfSquares(1.0, y, y));
        assertEquals(25.0, Physics.sumOfSquares(3, -4, 0));
        assertEquals(29.0, Physics.sumOfSquares(2, 3, 4));
    }

    @Test
    void normHasTheNoiseFloor() {
        // §2.1a: a sum of squares below 1e-9 counts as 0
        // 3e-5² = 9e-10 < 1e-9
        assertEquals(0.0, Physics.norm(3e-5, 0, 0));
        // (2e-5)² + (2e-5)² + (1e-5)² = 9e-10 < 1e-9
        assertEquals(0.0, Physics.norm(2e-5, -2e-5, 1e-5));
        // exactly at the floor is not below it: x = sqrt(1e-9) with x*x == 1e-9 in double
        double x = StrictMath.sqrt(1e-9);
        assertEquals(1e-9, x * x, 0.0, "precondition: x*x is exactly 1e-9");
        assertEquals(x, Physics.norm(x, 0, 0));
        // just above: (3.2e-5)² = 1.024e-9
        assertEquals(StrictMath.sqrt(3.2e-5 * 3.2e-5), Physics.norm(3.2e-5, 0, 0));
        assertTrue(Physics.norm(3.2e-5, 0, 0) > 0);
        // ordinary Euclidean norm, negatives included: sqrt(9 + 16) = 5
        assertEquals(5.0, Physics.norm(-3, 0, 4));
        assertEquals(5.0, Physics.norm(0, 3, -4));
    }

    @Test
    void positiveNormIgnoresNegativesAndHasNoFloor() {
        // §2.4: P+ = (max(p,0)...), ‖P+‖ has no noise floor
        // (1e-5, 0, 0): sum of squares 1e-10 is below the floor, but ‖P+‖ keeps it
        assertEquals(StrictMath.sqrt(1e-5 * 1e-5), Physics.positiveNorm(1e-5, 0, 0));
        assertTrue(Physics.positiveNorm(1e-5, 0, 0) > 0);
        // negatives are cut to 0: (-0.9, 0.3, -0.5) -> (0, 0.3, 0) -> sqrt(0.09)
        assertEquals(StrictMath.sqrt(0.3 * 0.3), Physics.positiveNorm(-0.9, 0.3, -0.5));
        // all better than baseline: 0
        assertEquals(0.0, Physics.positiveNorm(-1, -0.5, -0.25));
        // (3, -1, 4) -> (3, 0, 4) -> 5
        assertEquals(5.0, Physics.positiveNorm(3, -1, 4));
    }

    @Test
    void momentumIsNormOfPressureChangePerMillisecond() {
        // §2.3: M = ‖ΔP‖ / Δt
        // ΔP = (3, 4, 0), Δt = 100: 5 / 100
        assertEquals(5.0 / 100, Physics.momentum(3, 4, 0, 100));
        // Δt = 0: M = 0 (no division by zero)
        assertEquals(0.0, Physics.momentum(3, 4, 0, 0));
        // the norm has the noise floor: ΔP = (3e-5, 0, 0) -> 0 even over 1 ms
        assertEquals(0.0, Physics.momentum(3e-5, 0, 0, 1));
        // §9 call 11: ΔP = P(450, 0.2, 0.9) − P(80, 0, 0.4), Δt = 100 ms -> M ≈ 0.022966
        double dl = StrictMath.tanh(3.5) - StrictMath.tanh(-0.2);
        double de = StrictMath.tanh(((0.2 - 0.01) / 0.01) * 1) - StrictMath.tanh(-1);
        double ds = StrictMath.tanh(0.8) - StrictMath.tanh(((0.4 - 0.5) / 0.5) * 1);
        double expected = StrictMath.sqrt((dl * dl + de * de) + ds * ds) / 100;
        assertEquals(expected, Physics.momentum(dl, de, ds, 100));
        assertEquals(0.022966, expected, 5e-7);
    }

    @Test
    void decayFactorIsExpOfMinusLambdaTimesSeconds() {
        // §2.1a: exp((-λ) * (Δt / 1000.0))
        assertEquals(StrictMath.exp((-0.1) * (100 / 1000.0)), Physics.decayFactor(0.1, 100));
        assertEquals(StrictMath.exp((-2.5) * (1234 / 1000.0)), Physics.decayFactor(2.5, 1234));
        // Δt = 0: exp(-0.0) = 1, nothing decays
        assertEquals(1.0, Physics.decayFactor(0.1, 0));
        // λ = 0: exp(-0 * anything finite) = 1, even after the longest possible silence
        assertEquals(1.0, Physics.decayFactor(0.0, 1_000_000_000_000L));
        assertEquals(1.0, Physics.decayFactor(0.0, Long.MAX_VALUE));
    }

    @Test
    void decayFactorIsExactlyZeroOnceTheExponentIsBelowMinus745() {
        // §2.4: e^(−λΔt/1000) is 0 once its exponent is below −745
        // λ = 1, Δt = 745_100 ms -> exponent −745.1; plain exp would give the subnormal 4.9e-324
        assertTrue(StrictMath.exp(-745.1) > 0, "precondition: plain exp underflows to a subnormal, not to 0");
        assertEquals(0.0, Physics.decayFactor(1.0, 745_100));
        // λ = 2, Δt = 372_600 ms -> exponent −745.2
        assertEquals(0.0, Physics.decayFactor(2.0, 372_600));
        // far below
        assertEquals(0.0, Physics.decayFactor(0.1, Long.MAX_VALUE));
        // exactly −745 is not below −745: exp(−745) (the smallest subnormal) is kept
        assertEquals(StrictMath.exp(-745.0), Physics.decayFactor(1.0, 745_000));
        assertTrue(Physics.decayFactor(1.0, 745_000) > 0);
    }

    @Test
    void scarDecaysAndAddsTraumaAboveCriticalPressure() {
        // §2.4: S(t) = S(t−1)·decay + (‖P+‖ > P_crit ? σ : 0)
        assertEquals(5.0, Physics.trauma(0.8, 0.7, 5));
        // strictly greater: equal to P_crit does not scar
        assertEquals(0.0, Physics.trauma(0.7, 0.7, 5));
        assertEquals(5.0, Physics.trauma(Math.nextUp(0.7), 0.7, 5));
        assertEquals(0.0, Physics.trauma(0.0, 0.7, 5));
        // S = 10·0.5 + 5 = 10
        assertEquals(10.0, Physics.scar(10, 0.5, 5));
        // §9 call 12: S = 5·e^(−0.01) + 5 ≈ 9.950249
        double s12 = 5 * StrictMath.exp(-0.01) + 5;
        assertEquals(s12, Physics.scar(5, StrictMath.exp(-0.01), 5));
        assertEquals(9.950249, s12, 5e-7);
        // a tiny S is kept as it is, never rounded to 0
        assertEquals(Double.MIN_VALUE, Physics.scar(Double.MIN_VALUE, 1.0, 0.0));
        assertEquals(1e-300 * 0.5, Physics.scar(1e-300, 0.5, 0.0));
    }

    @Test
    void weightedPressureIsEvaluatedLeftToRight() {
        // §2.1a: (p_lat*w_lat + p_err*w_err) + p_sat*w_sat
        // §9 stressed pressure with the default weights
        double pl = StrictMath.tanh(3.5);
        double pe = StrictMath.tanh(19.0);
        double ps = StrictMath.tanh(0.8);
        double wl = StrictMath.log(6);
        double we = StrictMath.log(9);
        double ws = StrictMath.log(4);
        assertEquals((pl * wl + pe * we) + ps * ws, Physics.weightedPressure(pl, pe, ps, wl, we, ws));
        // the grouping matters: (1e16 − 1e16) + 1 = 1, whereas 1e16 + (−1e16 + 1) = 0
        assertEquals(1.0, Physics.weightedPressure(1, -1, 1, 1e16, 1e16, 1));
    }

    @Test
    void resistanceIsSumFlooredAtBaseAndClampedAtOneMillion() {
        // §2.5: R = max(R_base, ((R_base + P·W) + μ*M) + S)
        // ((10 + 2) + 20·0.5) + 3 = 25
        assertEquals(25.0, Physics.resistance(10, 2, 20, 0.5, 3));
        // §9 call 11: ((10 + P·W) + 20·M) + 5
        double pw = (StrictMath.tanh(3.5) * StrictMath.log(6) + StrictMath.tanh(19.0) * StrictMath.log(9))
                + StrictMath.tanh(0.8) * StrictMath.log(4);
        double m = 0.022966;
        assertEquals(((10 + pw) + 20 * m) + 5, Physics.resistance(10, pw, 20, m, 5));
        // floor: 10 + (−4) = 6 < R_base -> 10
        assertEquals(10.0, Physics.resistance(10, -4, 20, 0, 0));
        // R_base = 0 is allowed and still the floor
        assertEquals(0.0, Physics.resistance(0, -1, 0, 0, 0));
        // §2.9 clamp: R never above 1e6
        assertEquals(1e6, Physics.resistance(10, 5, 20, 0, 2e6));
        assertEquals(1e6, Physics.resistance(10, 0, 0, 0, 1e6 - 10));
        assertEquals(1e6, Physics.resistance(10, 0, 0, 0, Double.MAX_VALUE));
        assertEquals(1e6, Physics.resistance(10, 0, 1e300, 1e300, 0));
        // just below the clamp is kept
        assertEquals(999_999.0, Physics.resistance(10, 0, 0, 0, 999_989));
    }

    @Test
    void voltageValidity() {
        // §2.9: NaN, ±inf and negative voltages are invalid
        assertTrue(Physics.isValidVoltage(0));
        assertTrue(Physics.isValidVoltage(100));
        assertTrue(Physics.isValidVoltage(Double.MAX_VALUE));
        assertEquals(false, Physics.isValidVoltage(Double.NaN));
        assertEquals(false, Physics.isValidVoltage(Double.POSITIVE_INFINITY));
        assertEquals(false, Physics.isValidVoltage(Double.NEGATIVE_INFINITY));
        assertEquals(false, Physics.isValidVoltage(-1));
        assertEquals(false, Physics.isValidVoltage(-Double.MIN_VALUE));
    }
}
