package io.atrion;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.TestEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC.md §2.1: a config or SLO outside its domain is rejected at construction with an
 * IllegalArgumentException that names the field and the allowed range (R_base ≥ 0, λ ≥ 0, σ ≥ 0,
 * μ ≥ 0, 0 &lt; P_crit, γ ≥ 1, N ≥ 1, k &gt; 0, baselines &gt; 0, criticality in [0, 10]; every value
 * finite). The AutoTuner and Atrion.Builder settings follow the domains documented on their builders.
 */
class ConfigValidationTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NINF = Double.NEGATIVE_INFINITY;

    /**
     * One out-of-range value: the field name the message must contain (every word of it), the bound it
     * must state, and what to build.
     */
    private record Bad(String field, String bound, double value, Runnable build) {
    }

    private static final List<Bad> BAD = new ArrayList<>();

    private static void physics(String field, String bound, Consumer<PhysicsConfig.Builder> set, double value) {
        BAD.add(new Bad(field, bound, value, () -> {
            PhysicsConfig.Builder b = PhysicsConfig.builder();
            set.accept(b);
            b.build();
        }));
    }

    private static void slo(String field, String bound, Consumer<Slo.Builder> set, double value) {
        BAD.add(new Bad(field, bound, value, () -> {
            Slo.Builder b = Slo.builder();
            set.accept(b);
            b.build();
        }));
    }

    private static void tuner(String field, String bound, Consumer<AutoTunerConfig.Builder> set, double value) {
        BAD.add(new Bad(field, bound, value, () -> {
            AutoTunerConfig.Builder b = AutoTunerConfig.builder();
            set.accept(b);
            b.build();
        }));
    }

    private static void atrion(String field, String bound, Consumer<Atrion.Builder> set, double value) {
        BAD.add(new Bad(field, bound, value, () -> {
            Atrion.Builder b = Atrion.builder().engine(Engine.REFERENCE);
            set.accept(b);
            b.build();
        }));
    }

    static {
        // PhysicsConfig (SPEC §2.1)
        for (double v : new double[] {-1, -Double.MIN_VALUE, NAN, INF, NINF}) {
            physics("baseResistance", "0", b -> b.baseResistance(v), v);
            physics("decayRate", "0", b -> b.decayRate(v), v);
            physics("scarFactor", "0", b -> b.scarFactor(v), v);
            physics("dampingFactor", "0", b -> b.dampingFactor(v), v);
        }
        for (double v : new double[] {0, -0.0, -1, NAN, INF, NINF}) {
            physics("criticalPressure", "0", b -> b.criticalPressure(v), v);
            physics("tanhScale", "0", b -> b.tanhScale(v), v);
        }
        for (double v : new double[] {Math.nextDown(1.0), 0.5, 0, -1, NAN, INF, NINF}) {
            physics("breakMultiplier", "1", b -> b.breakMultiplier(v), v);
        }
        for (int v : new int[] {0, -1, Integer.MIN_VALUE}) {
            physics("bootstrapTicks", "1", b -> b.bootstrapTicks(v), v);
        }
        // Slo (SPEC §2.1): baselines > 0, criticality in [0, 10], finite
        for (double v : new double[] {0, -1, NAN, INF, NINF}) {
            slo("baselineLatencyMs", "0", b -> b.baselineLatencyMs(v), v);
            slo("maxAcceptableLatencyMs", "0", b -> b.maxAcceptableLatencyMs(v), v);
            slo("targetErrorRate", "0", b -> b.targetErrorRate(v), v);
        }
        for (double v : new double[] {-0.1, -Double.MIN_VALUE, Math.nextUp(10.0), 10.1, NAN, INF, NINF}) {
            slo("criticality latency", "10", b -> b.latencyCriticality(v), v);
            slo("criticality error", "10", b -> b.errorCriticality(v), v);
            slo("criticality saturation", "10", b -> b.saturationCriticality(v), v);
        }
        // AutoTunerConfig (its builder's documented domains)
        for (int v : new int[] {0, -3}) {
            tuner("windowSize", "1", b -> b.windowSize(v), v);
        }
        for (double v : new double[] {-1, NAN, INF, NINF}) {
            tuner("sensitivity", "0", b -> b.sensitivity(v), v);
            tuner("minFloor", "0", b -> b.minFloor(v), v);
        }
        for (double v : new double[] {29.9, Math.nextDown(30.0), -1, NAN, INF, NINF}) {
            tuner("hardCeiling", "30", b -> b.minFloor(30).hardCeiling(v), v);
        }
        tuner("warmupTicks", "0", b -> b.warmupTicks(-1), -1);
        for (double v : new double[] {-0.1, Math.nextUp(1.0), 1.5, NAN, INF, NINF}) {
            tuner("recoveryMultiplier", "1", b -> b.recoveryMultiplier(v), v);
        }
        // Atrion.Builder
        for (double v : new double[] {-1, -Double.MIN_VALUE, NAN, INF, NINF}) {
            atrion("defaultVoltage", "0", b -> b.defaultVoltage(v), v);
            atrion("selectionBeta", "0", b -> b.selectionBeta(v), v);
            atrion("stalenessPenaltyPerSecond", "0", b -> b.stalenessPenaltyPerSecond(v), v);
        }
    }

    /** The bound as a number of its own ("0" in "got -0.5" does not count). */
    private static boolean statesBound(String message, String bound) {
        return Pattern.compile("(?<![\\d.])" + Pattern.quote(bound) + "(?![\\d])(?!\\.\\d)").matcher(message).find();
    }

    @TestFactory
    Stream<DynamicTest> everyOutOfRangeValueIsRejectedNamingTheFieldAndRange() {
        return BAD.stream().map(bad -> DynamicTest.dynamicTest(bad.field() + " = " + bad.value(), () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.build::run);
            String m = e.getMessage();
            for (String word : bad.field().split(" ")) {
                assertTrue(m != null && m.contains(word), "message should name " + bad.field() + ": " + m);
            }
            assertTrue(statesBound(m, bad.bound()), "message should state the bound " + bad.bound() + ": " + m);
        }));
    }

    @Test
    void criticalityMessagesSayCriticality() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slo.builder().criticality(5, 11, 3).build());
        assertTrue(e.getMessage().contains("criticality") && e.getMessage().contains("error"), e.getMessage());
    }

    @Test
    void boundaryValuesBuild() {
        assertDoesNotThrow(() -> PhysicsConfig.builder().baseResistance(0).decayRate(0).scarFactor(0)
                .dampingFactor(0).criticalPressure(Double.MIN_VALUE).breakMultiplier(1).bootstrapTicks(1)
                .tanhScale(Double.MIN_VALUE).build());
        // The upper ends: 1.2·R_base and R_base·γ at most the clamp 1e6 (ConfigOverflowTest has both sides).
        assertDoesNotThrow(() -> PhysicsConfig.builder().baseResistance(1e5).breakMultiplier(10)
                .bootstrapTicks(Integer.MAX_VALUE).build());
        assertDoesNotThrow(() -> PhysicsConfig.builder().baseResistance(0).breakMultiplier(Double.MAX_VALUE).build());
        assertDoesNotThrow(() -> Slo.builder().baselineLatencyMs(Double.MIN_VALUE)
                .maxAcceptableLatencyMs(Double.MIN_VALUE).targetErrorRate(Double.MIN_VALUE).criticality(0, 0, 0).build());
        assertDoesNotThrow(() -> Slo.builder().criticality(10, 10, 10).build());
        assertDoesNotThrow(() -> AutoTunerConfig.builder().windowSize(1).sensitivity(0).minFloor(0).hardCeiling(0)
                .warmupTicks(0).recoveryMultiplier(0).build());
        assertDoesNotThrow(() -> AutoTunerConfig.builder().minFloor(30).hardCeiling(30).recoveryMultiplier(1).build());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void boundaryConfigurationsBuildAndRun(Engine engine) {
        ManualClock clock = new ManualClock(0);
        Atrion a = TestEngines.builder(engine, clock)
                .physics(PhysicsConfig.builder().baseResistance(0).decayRate(0).scarFactor(0).dampingFactor(0)
                        .criticalPressure(Double.MIN_VALUE).breakMultiplier(1).bootstrapTicks(1).tanhScale(1e-300).build())
                .slo(Slo.builder().criticality(0, 10, 0).build())
                .autoTuner(AutoTunerConfig.builder().windowSize(1).sensitivity(0).minFloor(0).hardCeiling(0)
                        .warmupTicks(0).recoveryMultiplier(1).build())
                .defaultVoltage(0).selectionBeta(0).stalenessPenaltyPerSecond(0)
                .build();
        assertEquals(0.0, a.defaultVoltage());
        for (int i = 0; i < 5; i++) {
            clock.advance(10);
            RouteDecision r = a.route("r", Telemetry.of(500, 0.5, 0.9));
            assertTrue(r.resistance() >= 0 && r.resistance() <= 1e6);
            // V = 0 never beats R ≥ 0
            assertEquals(false, r.allowed());
        }
    }

    @Test
    void defaultsAreTheSpecDefaults() {
        PhysicsConfig p = PhysicsConfig.defaults();
        assertEquals(10.0, p.baseResistance());
        assertEquals(0.1, p.decayRate());
        assertEquals(5.0, p.scarFactor());
        assertEquals(20.0, p.dampingFactor());
        assertEquals(0.7, p.criticalPressure());
        assertEquals(10.0, p.breakMultiplier());
        assertEquals(10, p.bootstrapTicks());
        assertEquals(1.0, p.tanhScale());
        assertEquals(100.0, p.staticBreakPoint()); // R_base·γ
        assertEquals(50.0, p.staticRecoveryPoint()); // 0.5·R_base·γ
        Slo s = Slo.defaults();
        assertEquals(100.0, s.baselineLatencyMs());
        assertEquals(500.0, s.maxAcceptableLatencyMs());
        assertEquals(0.01, s.targetErrorRate());
        assertEquals(5.0, s.latencyCriticality());
        assertEquals(8.0, s.errorCriticality());
        assertEquals(3.0, s.saturationCriticality());
        assertEquals(0.5, Slo.SATURATION_BASELINE);
        AutoTunerConfig t = AutoTunerConfig.defaults();
        assertEquals(100, t.windowSize());
        assertEquals(3.0, t.sensitivity());
        assertEquals(30.0, t.minFloor());
        assertEquals(500.0, t.hardCeiling());
        assertEquals(50, t.warmupTicks());
        assertEquals(0.5, t.recoveryMultiplier());
        Atrion a = Atrion.builder().engine(Engine.REFERENCE).build();
        assertEquals(100.0, a.defaultVoltage());
        assertEquals(p, a.physicsConfig());
        assertEquals(s, a.slo());
        assertEquals(t, a.autoTunerConfig().orElseThrow()); // on by default
    }

    @Test
    void builderRejectsNullComponents() {
        assertThrows(NullPointerException.class, () -> Atrion.builder().physics(null));
        assertThrows(NullPointerException.class, () -> Atrion.builder().slo(null));
        assertThrows(NullPointerException.class, () -> Atrion.builder().clock(null));
        assertThrows(NullPointerException.class, () -> Atrion.builder().random(null));
        assertThrows(NullPointerException.class, () -> Atrion.builder().engine(null));
    }
}
