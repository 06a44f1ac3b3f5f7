package io.atrion;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configurations whose derived values would leave the resistance clamp [R_base, 1e6] of SPEC
 * §2.9 are rejected at construction, naming the field; the largest accepted values run on both
 * engines with every resistance inside the clamp.
 *
 * <p>The bounds: a new route's resistance 1.2·R_base (§2.6) ≤ 1e6; the static break point R_base·γ
 * ≤ 1e6 (R never exceeds 1e6, so a higher break point could never open the breaker); the
 * AutoTuner's hardCeiling (and so minFloor) ≤ 1e6 for the same reason. Each is evaluated on the
 * double the engines compute.
 */
class ConfigOverflowTest {

    /**
     * The largest accepted R_base: 1e6/1.2 rounded to the nearest double, 833333.3333333334. The
     * double 1.2 is 1.19999999999999995559…, and the exact product of the two lies within half an
     * ulp of 1e6 (ulp(1e6) = 2^-33 ≈ 1.16e-10), so {@code 1.2 * MAX_R_BASE} rounds to exactly 1e6.
     * The next double up is larger by ulp(833333.33) = 2^-33·… ≈ 1.16e-10, which the factor 1.2
     * turns into ≈ 1.40e-10 above 1e6: more than half an ulp of 1e6, so it rounds above the clamp.
     */
    private static final double MAX_R_BASE = 833333.3333333334;

    private static IllegalArgumentException rejected(Runnable build) {
        return assertThrows(IllegalArgumentException.class, build::run);
    }

    @Test
    void hugeBaseResistanceIsRejectedNamingTheField() {
        // Issue reproduction: R_base = Double.MAX_VALUE was accepted and gave R = ∞ in bootstrap.
        IllegalArgumentException e = rejected(() -> PhysicsConfig.builder().baseResistance(Double.MAX_VALUE).build());
        assertTrue(e.getMessage().startsWith("PhysicsConfig.baseResistance "), e.getMessage());
        assertTrue(e.getMessage().contains("833333.3333333334"), e.getMessage());
        assertTrue(e.getMessage().contains("1e6"), e.getMessage());
        for (double r : new double[] {1e6, 1e300, 900_000}) {
            rejected(() -> PhysicsConfig.builder().baseResistance(r).breakMultiplier(1).build());
        }
    }

    @Test
    void baseResistanceBoundBothSides() {
        // γ = 1 keeps R_base·γ = R_base ≤ 1e6, so only the bootstrap bound applies here.
        PhysicsConfig at = PhysicsConfig.builder().baseResistance(MAX_R_BASE).breakMultiplier(1).build();
        assertEquals(1e6, 1.2 * at.baseResistance());
        IllegalArgumentException e = rejected(() -> PhysicsConfig.builder().baseResistance(Math.nextUp(MAX_R_BASE))
                .breakMultiplier(1).build());
        assertTrue(e.getMessage().startsWith("PhysicsConfig.baseResistance "), e.getMessage());
    }

    @Test
    void staticBreakPointBoundBothSides() {
        // R_base·γ = 10·1e5 = 1e6 exactly: the break point sits on the clamp, still reachable.
        PhysicsConfig at = PhysicsConfig.builder().baseResistance(10).breakMultiplier(1e5).build();
        assertEquals(1e6, at.staticBreakPoint());
        assertEquals(5e5, at.staticRecoveryPoint()); // (0.5·10)·1e5
        // nextUp(1e5) = 1e5 + 2^-36·… ≈ 1e5 + 1.46e-11; times 10 that is ≈ 1.46e-10 above 1e6, which
        // rounds to 1e6 + ulp(1e6) (2^-33 ≈ 1.16e-10), above the clamp.
        IllegalArgumentException e = rejected(() -> PhysicsConfig.builder().baseResistance(10)
                .breakMultiplier(Math.nextUp(1e5)).build());
        assertTrue(e.getMessage().startsWith("PhysicsConfig.breakMultiplier "), e.getMessage());
        assertTrue(e.getMessage().contains("baseResistance·breakMultiplier"), e.getMessage());
        // A finite product above the clamp, and one that overflows to ∞.
        rejected(() -> PhysicsConfig.builder().baseResistance(1).breakMultiplier(Double.MAX_VALUE).build());
        IllegalArgumentException inf = rejected(() -> PhysicsConfig.builder().baseResistance(1e5)
                .breakMultiplier(1e304).build());
        assertTrue(inf.getMessage().contains("Infinity"), inf.getMessage());
        // R_base = 0: the product is 0 for any finite γ, nothing overflows.
        assertEquals(0.0, PhysicsConfig.builder().baseResistance(0).breakMultiplier(Double.MAX_VALUE).build()
                .staticBreakPoint());
    }

    @Test
    void autoTunerCeilingAndFloorBoundBothSides() {
        AutoTunerConfig at = AutoTunerConfig.builder().minFloor(1e6).hardCeiling(1e6).build();
        assertEquals(1e6, at.hardCeiling());
        IllegalArgumentException ceiling = rejected(() -> AutoTunerConfig.builder().hardCeiling(Math.nextUp(1e6)).build());
        assertTrue(ceiling.getMessage().startsWith("AutoTunerConfig.hardCeiling "), ceiling.getMessage());
        assertTrue(ceiling.getMessage().contains("1000000"), ceiling.getMessage());
        rejected(() -> AutoTunerConfig.builder().hardCeiling(Double.MAX_VALUE).build());
        IllegalArgumentException floor = rejected(() -> AutoTunerConfig.builder().minFloor(Math.nextUp(1e6))
                .hardCeiling(Math.nextUp(1e6)).build());
        assertTrue(floor.getMessage().startsWith("AutoTunerConfig.minFloor "), floor.getMessage());
    }

    @Test
    void traumaFactorThatOverflowsNamesTanhScale() {
        // atanh(0.7) ≈ 0.867 divided by k = 4.9e-324 is beyond Double.MAX_VALUE.
        PhysicsConfig tiny = PhysicsConfig.builder().tanhScale(Double.MIN_VALUE).build();
        IllegalArgumentException e = rejected(() -> Slo.fromLimits(500, 0.1, Double.NaN, tiny));
        assertTrue(e.getMessage().startsWith("PhysicsConfig.tanhScale "), e.getMessage());
    }

    @Test
    void voltageTiersOfTheLargestConfigAreFinite() {
        PhysicsConfig p = PhysicsConfig.builder().baseResistance(MAX_R_BASE).breakMultiplier(1).build();
        for (VoltageTier tier : VoltageTier.values()) {
            assertTrue(Double.isFinite(tier.voltage(p)), tier.name());
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void largestBaseResistanceBootsAtTheClampOnBothEngines(Engine engine) {
        ManualClock clock = new ManualClock(0);
        Atrion a = TestEngines.builder(engine, clock).autoTunerDisabled()
                .physics(PhysicsConfig.builder().baseResistance(MAX_R_BASE).breakMultiplier(1).build()).build();
        RouteDecision d = a.route("r", Telemetry.of(80, 0, 0.4));
        assertEquals(Mode.BOOTSTRAP, d.mode());
        assertEquals(1e6, d.resistance()); // 1.2·R_base, exactly the clamp
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void breakPointOnTheClampOpensTheBreakerOnBothEngines(Engine engine) {
        // N = 1: the first update ends bootstrap (no break check); σ = 1e6 and latency 10× the
        // baseline (‖P⁺‖ = tanh(9) > 0.7) scar it to S = 1e6, so R = R_base + P·W + S > 1e6 is
        // clamped to 1e6. The second update starts OPERATIONAL and R = 1e6 ≥ R_base·γ = 1e6 opens it.
        ManualClock clock = new ManualClock(0);
        Atrion a = TestEngines.builder(engine, clock).autoTunerDisabled()
                .physics(PhysicsConfig.builder().baseResistance(10).breakMultiplier(1e5).bootstrapTicks(1)
                        .scarFactor(1e6).build()).build();
        assertDoesNotThrow(() -> a.route("r", Telemetry.of(1000, 0, 0)));
        clock.advance(100);
        RouteDecision d = a.route("r", Telemetry.of(1000, 0, 0));
        assertEquals(1e6, d.resistance());
        assertEquals(Mode.CIRCUIT_BREAKER, d.mode());
    }
}
