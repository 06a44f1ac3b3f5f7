package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.Fixtures;
import io.atrion.testing.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC.md §2.8: allow = mode ≠ CIRCUIT_BREAKER && V &gt; R; default V = 100; voltage tiers. */
class DecisionTest {

    private static final long T0 = 1_700_000_000_000L;

    /** N 1 and R_base r: CALM telemetry then gives R = max(r, r − 4.09) = r exactly. */
    private static ClockDriver flatAt(Engine engine, double r) {
        ManualClock clock = new ManualClock(T0);
        Atrion.Builder b = TestEngines.builder(engine, clock).autoTunerDisabled()
                .physics(PhysicsConfig.builder().bootstrapTicks(1).baseResistance(r).build());
        return new ClockDriver(b.build(), clock);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void voltageMustStrictlyExceedResistanceInBootstrap(Engine engine) {
        // bootstrap R = 1.2·10 = 12
        ManualClock clock = new ManualClock(T0);
        Atrion a = TestEngines.builder(engine, clock).build();
        RouteDecision equal = a.route("r", Fixtures.CRITICAL, 12.0);
        assertEquals(Mode.BOOTSTRAP, equal.mode());
        assertEquals(12.0, equal.resistance());
        assertFalse(equal.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, equal.reason());
        RouteDecision above = a.route("r", Fixtures.CRITICAL, Math.nextUp(12.0));
        assertTrue(above.allowed());
        assertEquals(Reason.OK, above.reason());
        RouteDecision zero = a.route("r", Fixtures.CRITICAL, 0.0);
        assertFalse(zero.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, zero.reason());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void voltageMustStrictlyExceedResistanceWhenOperational(Engine engine) {
        ClockDriver d = flatAt(engine, 10);
        RouteDecision equal = d.now("r", Fixtures.CALM, 10.0);
        assertEquals(Mode.OPERATIONAL, equal.mode());
        assertEquals(10.0, equal.resistance());
        assertFalse(equal.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, equal.reason());
        RouteDecision above = d.after(100, "r", Fixtures.CALM, Math.nextUp(10.0));
        assertEquals(10.0, above.resistance());
        assertTrue(above.allowed());
        assertEquals(Reason.OK, above.reason());
        RouteDecision below = d.after(100, "r", Fixtures.CALM, 9.99);
        assertFalse(below.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, below.reason());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void decisionReportsRouteResistanceModeAndReason(Engine engine) {
        ClockDriver d = flatAt(engine, 10);
        RouteDecision r = d.now("api/x", Fixtures.CALM, 50);
        assertEquals("api/x", r.routeId());
        assertEquals(Mode.OPERATIONAL, r.mode());
        assertEquals(10.0, r.resistance());
        assertEquals(Reason.OK, r.reason());
        assertTrue(r.allowed());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void defaultVoltageIsOneHundred(Engine engine) {
        assertEquals(100.0, Atrion.DEFAULT_VOLTAGE);
        // R = 100: the default V = 100 does not beat it
        RouteDecision at100 = flatAt(engine, 100).atrion().route("r", Fixtures.CALM);
        assertEquals(100.0, at100.resistance());
        assertFalse(at100.allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, at100.reason());
        // R = 99.5: it does
        RouteDecision below = flatAt(engine, 99.5).atrion().route("r", Fixtures.CALM);
        assertEquals(99.5, below.resistance());
        assertTrue(below.allowed());
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void builderDefaultVoltageIsUsedByTheShortOverload(Engine engine) {
        for (double dv : new double[] {50, 30}) {
            ManualClock clock = new ManualClock(T0);
            Atrion a = TestEngines.builder(engine, clock).defaultVoltage(dv).autoTunerDisabled()
                    .physics(PhysicsConfig.builder().bootstrapTicks(1).baseResistance(40).build()).build();
            assertEquals(dv, a.defaultVoltage());
            RouteDecision r = a.route("r", Fixtures.CALM); // R = 40
            assertEquals(dv > 40, r.allowed(), "default V " + dv);
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void tiersShedLowPriorityFirst(Engine engine) {
        // R = 20 on a flat route: CRITICAL 100 and HIGH 50 flow, NORMAL 20 (= R) and below are shed
        ClockDriver d = flatAt(engine, 20);
        d.now("r", Fixtures.CALM);
        for (VoltageTier tier : VoltageTier.values()) {
            RouteDecision r = d.after(0, "r", Fixtures.CALM, tier.voltage());
            assertEquals(20.0, r.resistance());
            assertEquals(tier.voltage() > 20, r.allowed(), tier.name());
        }
    }

    @Test
    void tierVoltages() {
        // §2.8 (amended): with the defaults critical 100, high 50, normal 20, low 15, bulk 12
        assertEquals(100.0, VoltageTier.CRITICAL.voltage());
        assertEquals(50.0, VoltageTier.HIGH.voltage());
        assertEquals(20.0, VoltageTier.NORMAL.voltage());
        assertEquals(15.0, VoltageTier.LOW.voltage());
        assertEquals(12.0, VoltageTier.BULK.voltage());
        assertEquals(5, VoltageTier.values().length);
        assertEquals("critical", VoltageTier.CRITICAL.headerValue());
        assertEquals("bulk", VoltageTier.BULK.headerValue());
    }

    @Test
    void parseVoltageAcceptsTierNamesCaseInsensitivelyAndNumbers() {
        assertEquals(100.0, VoltageTier.parseVoltage("critical"));
        assertEquals(50.0, VoltageTier.parseVoltage("HIGH"));
        assertEquals(20.0, VoltageTier.parseVoltage("Normal"));
        assertEquals(15.0, VoltageTier.parseVoltage("low"));
        assertEquals(12.0, VoltageTier.parseVoltage("bUlK"));
        assertEquals(42.5, VoltageTier.parseVoltage("42.5"));
        assertEquals(0.0, VoltageTier.parseVoltage("0"));
        assertEquals(7.0, VoltageTier.parseVoltage(" 7 "));
    }

    @Test
    void parseVoltageRejectsAnythingElse() {
        for (String bad : new String[] {"medium", "crit", "100V", "", "   ", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VoltageTier.parseVoltage(bad), String.valueOf(bad));
            // the message tells the caller what is accepted
            assertTrue(e.getMessage() != null && e.getMessage().contains("critical"), e.getMessage());
        }
    }

    @Test
    void reasonTexts() {
        // §2.8 / §2.9: OK / circuit open / insufficient voltage / invalid voltage
        assertEquals("ok", Reason.OK.text());
        assertEquals("circuit open", Reason.CIRCUIT_OPEN.text());
        assertEquals("insufficient voltage", Reason.INSUFFICIENT_VOLTAGE.text());
        assertEquals("invalid voltage", Reason.INVALID_VOLTAGE.text());
    }
}
