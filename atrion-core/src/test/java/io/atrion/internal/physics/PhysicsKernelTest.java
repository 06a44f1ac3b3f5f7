package io.atrion.internal.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The formulas of {@link Physics} that need a transcendental function call {@link FdlibmMath}
 * (the seam that lets the same sources run under TeaVM); on the JVM they must still return
 * exactly the doubles of the SPEC §2.1a expressions written with {@link StrictMath}.
 */
class PhysicsKernelTest {

    private static final long SEED = 0xA7_0E_5EEDL;
    private static final int SAMPLES = 200_000;

    @Test
    void weightIsStrictMathLogOfOnePlusCriticality() {
        for (int i = 0; i <= 1000; i++) {
            double c = i / 100.0; // criticality 0..10
            assertBits(StrictMath.log(1 + c), Physics.weight(c), "weight(" + c + ")");
        }
    }

    @Test
    void pressureIsStrictMathTanhOfTheSpecArgument() {
        SplittableRandom r = new SplittableRandom(SEED);
        double[] baselines = {100, 0.01, 0.5, 1e-9, 5000, 3.7};
        double[] scales = {1, 0.25, 2.5, 1e-6, 40};
        for (int i = 0; i < SAMPLES; i++) {
            double b = baselines[r.nextInt(baselines.length)];
            double k = scales[r.nextInt(scales.length)];
            // Raw values from far below to far above the baseline, log-uniform in magnitude.
            double x = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-12, 12)) * b;
            double expected = StrictMath.tanh(((x - b) / b) * k);
            assertBits(expected, Physics.pressure(x, b, k), "pressure(" + x + ", " + b + ", " + k + ")");
        }
    }

    @Test
    void decayFactorIsStrictMathExpOfTheSpecExponent() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        for (int i = 0; i < SAMPLES; i++) {
            double lambda = r.nextInt(4) == 0 ? r.nextDouble(0, 1e-3) : r.nextDouble(0, 50);
            long dt = r.nextInt(3) == 0 ? r.nextLong(0, 10_000_000_000L) : r.nextLong(0, 100_000);
            double exponent = (-lambda) * (dt / 1000.0);
            double expected = exponent < -745.0 ? 0.0 : StrictMath.exp(exponent);
            assertBits(expected, Physics.decayFactor(lambda, dt), "decayFactor(" + lambda + ", " + dt + ")");
        }
    }

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> what + ": expected " + expected + ", got " + actual);
    }
}
