package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.SpecMath;
import io.atrion.testing.TestEngines;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input checks of SPEC.md §2.9 (the section SPEC calls "Guards"; not the {@code io.atrion.guard}
 * package): every row of its table, bad numbers never throw from the hot path.
 */
class InputChecksTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final double[] NON_FINITE = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static ClockDriver driver(Engine engine, PhysicsConfig physics) {
        ManualClock clock = new ManualClock(T0);
        return new ClockDriver(TestEngines.builder(engine, clock).physics(physics).build(), clock);
    }

    private static void assertSameDecision(RouteDecision expected, RouteDecision actual, String msg) {
        assertEquals(expected.allowed(), actual.allowed(), msg);
        assertEquals(expected.reason(), actual.reason(), msg);
        assertEquals(expected.mode(), actual.mode(), msg);
        assertEquals(expected.resistance(), actual.resistance(), msg);
        assertEquals(expected.scar(), actual.scar(), msg);
        assertEquals(expected.momentum(), actual.momentum(), msg);
        assertEquals(expected.tickCount(), actual.tickCount(), msg);
    }

    // ---------------------------------------------------------------- NaN / ±∞ telemetry

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void nonFiniteTelemetryComponentIsTreatedAsZero(Engine engine) {
        // For each component and each non-finite value: a route fed the bad value behaves exactly like an
        // identical route fed 0 in that component, on every call of a script that crosses bootstrap,
        // scars and breaks (N 3, R_base 10, γ 2 so CRITICAL opens the breaker).
        List<DoubleFunction<Telemetry>> components = List.of(
                x -> Telemetry.of(x, 0.3, 0.9),
                x -> Telemetry.of(700, x, 0.9),
                x -> Telemetry.of(700, 0.3, x));
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(3).breakMultiplier(2).build();
        for (int c = 0; c < 3; c++) {
            for (double bad : NON_FINITE) {
                ClockDriver dirty = driver(engine, physics);
                ClockDriver clean = driver(engine, physics);
                for (int call = 1; call <= 8; call++) {
                    // alternate the component under test with critical telemetry so the pressure keeps moving
                    boolean useBad = call % 2 == 1;
                    Telemetry td = useBad ? components.get(c).apply(bad) : Fixtures.CRITICAL;
                    Telemetry tc = useBad ? components.get(c).apply(0.0) : Fixtures.CRITICAL;
                    long step = call == 1 ? 0 : 100;
                    RouteDecision rd = dirty.after(step, "r", td);
                    RouteDecision rc = clean.after(step, "r", tc);
                    String msg = "component " + c + " = " + bad + ", call " + call;
                    assertSameDecision(rc, rd, msg);
                    assertTrue(Double.isFinite(rd.resistance()) && Double.isFinite(rd.scar())
                            && Double.isFinite(rd.momentum()), msg);
                }
                assertEquals(clean.atrion().state("r").orElseThrow().breakPoint(),
                        dirty.atrion().state("r").orElseThrow().breakPoint());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void nanLatencyNormalizesLikeZeroLatency(Engine engine) {
        // N 1, R_base 100, σ 0: R = ((100 + P·W) + 20·0) + 0 with the NaN latency read as 0:
        // P = (tanh((0−100)/100), tanh((0.02−0.01)/0.01), tanh((0.6−0.5)/0.5)) = (tanh −1, tanh 1, tanh 0.2);
        // P·W > 0, so R is above the floor and shows p_lat.
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).baseResistance(100).scarFactor(0).build());
        RouteDecision r = d.now("r", Telemetry.of(Double.NaN, 0.02, 0.6));
        double pw = (StrictMath.tanh(((0.0 - 100) / 100) * 1) * StrictMath.log(6)
                + StrictMath.tanh(((0.02 - 0.01) / 0.01) * 1) * StrictMath.log(9))
                + StrictMath.tanh(((0.6 - 0.5) / 0.5) * 1) * StrictMath.log(4);
        assertTrue(pw > 0, "precondition");
        assertEquals(((100 + pw) + 20 * 0.0) + 0.0, r.resistance());
    }

    // ---------------------------------------------------------------- negative telemetry

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void negativeTelemetryIsUsedAsGiven(Engine engine) {
        // N 1, R_base 100, σ 0; all calls at the same millisecond (M = 0): R = max(100, ((100 + P·W) + 20·0) + 0).
        // One axis negative per call, the others worse than baseline, so R stays above the floor:
        //   latency −50:     (−50 − 100)/100 = −1.5
        //   error −0.01:     (−0.01 − 0.01)/0.01 = −2
        //   saturation −0.5: (−0.5 − 0.5)/0.5 = −2
        // Treating a negative value as 0 would give tanh(−1) instead: the test tells the two apart.
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).baseResistance(100).scarFactor(0).build());
        double[][] cases = {
            {-50, 0.05, 0.9},
            {400, -0.01, 0.9},
            {400, 0.05, -0.5},
        };
        double[] w = SpecMath.defaultWeights();
        for (double[] c : cases) {
            RouteDecision r = d.now("r", Telemetry.of(c[0], c[1], c[2]));
            double[] p = {
                StrictMath.tanh(((c[0] - 100) / 100) * 1),
                StrictMath.tanh(((c[1] - 0.01) / 0.01) * 1),
                StrictMath.tanh(((c[2] - 0.5) / 0.5) * 1),
            };
            double pw = (p[0] * w[0] + p[1] * w[1]) + p[2] * w[2];
            assertTrue(pw > 0, "precondition: above the floor");
            assertEquals(((100 + pw) + 20 * 0.0) + 0.0, r.resistance());
            double[] asZero = {
                StrictMath.tanh(((Math.max(c[0], 0) - 100) / 100) * 1),
                StrictMath.tanh(((Math.max(c[1], 0) - 0.01) / 0.01) * 1),
                StrictMath.tanh(((Math.max(c[2], 0) - 0.5) / 0.5) * 1),
            };
            double pwIfZero = (asZero[0] * w[0] + asZero[1] * w[1]) + asZero[2] * w[2];
            assertTrue(((100 + pwIfZero) + 20 * 0.0) + 0.0 != r.resistance(), "the test discriminates");
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void negativeTelemetryNeverScars(Engine engine) {
        // all-negative telemetry is better than baseline on every axis: ‖P+‖ = 0
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).criticalPressure(0.01).build());
        for (RouteDecision r : d.repeat(100, "r", Telemetry.of(-1e9, -1e9, -1e9), 10, 100)) {
            assertEquals(0.0, r.scar());
            assertEquals(10.0, r.resistance()); // max(10, 10 − (ln 6 + ln 9 + ln 4))
        }
    }

    // ---------------------------------------------------------------- clock going back

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void clockGoingBackIsDeltaTZero(Engine engine) {
        // N 1, defaults otherwise (σ 5, λ 0.1, μ 20), AutoTuner irrelevant for R/S/M.
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).build());
        d.clock().set(T0 + 10_000);
        RouteDecision r1 = d.now("r", Fixtures.CRITICAL);
        assertEquals(5.0, r1.scar());

        // clock goes back 7 s, pressure changes: Δt = 0 -> decay 1 (S = 5·1 + 0), M = 0
        d.clock().set(T0 + 3_000);
        RouteDecision r2 = d.now("r", Fixtures.BASELINE);
        assertEquals(5.0 * 1.0 + 0.0, r2.scar());
        assertEquals(0.0, r2.momentum());
        // R = ((10 + 0) + 20·0) + 5
        assertEquals(15.0, r2.resistance());
        assertEquals(2, r2.tickCount());
        // lastUpdatedAt keeps the later time
        assertEquals(T0 + 10_000, d.atrion().state("r").orElseThrow().lastUpdatedMillis());

        // next call at T0 + 10_100: Δt = 100 from the later time (not 7_100 from the earlier one)
        d.clock().set(T0 + 10_100);
        RouteDecision r3 = d.now("r", Fixtures.CRITICAL);
        double s3 = 5.0 * StrictMath.exp((-0.1) * (100 / 1000.0)) + 5.0;
        assertEquals(s3, r3.scar());
        // M compares with the pressure of call 2 (baseline, 0): ‖P_critical‖/100
        double m3 = SpecMath.norm(SpecMath.pressures(Fixtures.CRITICAL)) / 100;
        assertEquals(m3, r3.momentum());
        assertEquals(T0 + 10_100, d.atrion().state("r").orElseThrow().lastUpdatedMillis());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void clockGoingBackDuringBootstrapKeepsTheLaterTime(Engine engine) {
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(3).build());
        d.clock().set(T0 + 5_000);
        d.now("r", Fixtures.BASELINE);
        d.clock().set(T0);
        RouteDecision r = d.now("r", Fixtures.BASELINE);
        assertEquals(Mode.BOOTSTRAP, r.mode());
        assertEquals(2, r.tickCount());
        assertEquals(T0 + 5_000, d.atrion().state("r").orElseThrow().lastUpdatedMillis());
    }

    // ---------------------------------------------------------------- invalid voltage

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void invalidVoltageIsRejectedButStateIsStillUpdated(Engine engine) {
        double[] invalid = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, -1e-300,
            -Double.MIN_VALUE, -Double.MAX_VALUE};
        for (double v : invalid) {
            // twin routes fed the same telemetry; one with the invalid voltage, one with V = 100
            ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(2).build());
            Telemetry[] script = {Fixtures.CALM, Fixtures.CRITICAL, Fixtures.CRITICAL, Fixtures.BASELINE};
            for (int call = 1; call <= script.length; call++) {
                long step = call == 1 ? 0 : 100;
                d.clock().advance(step);
                RouteDecision bad = d.now("bad", script[call - 1], v);
                RouteDecision good = d.now("good", script[call - 1], 100);
                String msg = "V=" + v + " call " + call;
                assertFalse(bad.allowed(), msg);
                assertEquals(Reason.INVALID_VOLTAGE, bad.reason(), msg);
                assertEquals(call, bad.tickCount(), msg); // tick advanced
                assertEquals(good.mode(), bad.mode(), msg);
                assertEquals(good.resistance(), bad.resistance(), msg);
                assertEquals(good.scar(), bad.scar(), msg);
                assertEquals(good.momentum(), bad.momentum(), msg);
                RouteState st = d.atrion().state("bad").orElseThrow();
                assertEquals(call, st.tickCount(), msg);
                assertEquals(d.clock().millis(), st.lastUpdatedMillis(), msg);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void invalidVoltageIsReportedEvenWhileTheBreakerIsOpen(Engine engine) {
        // §2.9: a NaN / ∞ / negative voltage is rejected with reason "invalid voltage"
        ClockDriver d = driver(engine, PhysicsConfig.builder().bootstrapTicks(1).breakMultiplier(1).build());
        d.now("r", Fixtures.CRITICAL);
        assertEquals(Mode.CIRCUIT_BREAKER, d.after(100, "r", Fixtures.CRITICAL).mode());
        RouteDecision r = d.after(100, "r", Fixtures.CRITICAL, Double.NaN);
        assertEquals(Mode.CIRCUIT_BREAKER, r.mode());
        assertFalse(r.allowed());
        assertEquals(Reason.INVALID_VOLTAGE, r.reason());
    }

    // ---------------------------------------------------------------- bad route id / telemetry

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void nullOrEmptyRouteIdThrowsAndCreatesNothing(Engine engine) {
        ClockDriver d = driver(engine, PhysicsConfig.defaults());
        Atrion a = d.atrion();
        a.route("existing", Fixtures.CRITICAL);
        RouteState before = a.state("existing").orElseThrow();
        for (String id : new String[] {null, ""}) {
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                    () -> a.route(id, Fixtures.BASELINE, 50));
            assertTrue(e1.getMessage() != null && e1.getMessage().contains("routeId"), e1.getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.route(id, Fixtures.BASELINE));
            // null telemetry too: the route id is the first complaint, nothing is created
            assertThrows(IllegalArgumentException.class, () -> a.route(id, null, 50));
        }
        assertEquals(List.of("existing"), a.routes());
        assertEquals(before, a.state("existing").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void nullTelemetryThrowsNullPointerAndChangesNothing(Engine engine) {
        ClockDriver d = driver(engine, PhysicsConfig.defaults());
        Atrion a = d.atrion();
        a.route("r", Fixtures.CRITICAL);
        d.clock().advance(100);
        RouteState before = a.state("r").orElseThrow();

        NullPointerException e = assertThrows(NullPointerException.class, () -> a.route("r", null, 50));
        assertTrue(e.getMessage() != null && e.getMessage().contains("telemetry"), e.getMessage());
        assertThrows(NullPointerException.class, () -> a.route("r", null));
        assertEquals(before, a.state("r").orElseThrow()); // no tick, no time, no physics

        // on an unknown route: no route is created
        assertThrows(NullPointerException.class, () -> a.route("new", null, 50));
        assertTrue(a.state("new").isEmpty());
        assertEquals(List.of("r"), a.routes());

        // and the next real call continues from the untouched state (tick 2, Δt = 100)
        assertEquals(2, a.route("r", Fixtures.CRITICAL).tickCount());
    }

    // ---------------------------------------------------------------- computed values stay in range

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void extremeConfigurationKeepsValuesFiniteAndInRange(Engine engine) {
        // σ = μ = Double.MAX_VALUE, λ = 0: S + σ overflows and μ·M overflows; S must stay finite ≥ 0, R ≤ 1e6
        PhysicsConfig physics = PhysicsConfig.builder().bootstrapTicks(1).scarFactor(Double.MAX_VALUE)
                .dampingFactor(Double.MAX_VALUE).decayRate(0).build();
        ClockDriver d = driver(engine, physics);
        Telemetry[] script = {Fixtures.CRITICAL, Fixtures.CALM, Fixtures.CRITICAL, Fixtures.CRITICAL, Fixtures.CALM};
        for (Telemetry t : script) {
            RouteDecision r = d.after(1, "r", t);
            assertTrue(Double.isFinite(r.scar()) && r.scar() >= 0, "S=" + r.scar());
            assertTrue(Double.isFinite(r.momentum()) && r.momentum() >= 0, "M=" + r.momentum());
            assertTrue(r.resistance() >= 10 && r.resistance() <= 1e6, "R=" + r.resistance());
        }
    }
}
