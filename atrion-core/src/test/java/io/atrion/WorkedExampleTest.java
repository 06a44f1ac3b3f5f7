package io.atrion;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.testing.ClockDriver;
import io.atrion.testing.TestEngines;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC.md §9: defaults, V = 100, one call every 100 ms; calls 1–10 at 80 ms / 0 / 0.4, calls 11–14
 * at 450 / 0.2 / 0.9, calls 15–17 back at 80 / 0 / 0.4.
 *
 * <p>Two oracles: the table printed in §9 (six decimals, so compared to 1e-6), and the same numbers
 * derived by hand from the §2 formulas in the written order (compared to 1e-9).
 */
class WorkedExampleTest {

    /** §9 table: mode, R, S, M for calls 1..17. */
    private static final Object[][] TABLE = {
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 1
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 2
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 3
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 4
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 5
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 6
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 7
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 8
        {Mode.BOOTSTRAP, 12.0, 0.0, 0.0}, // 9
        {Mode.OPERATIONAL, 10.0, 0.0, 0.0}, // 10
        {Mode.OPERATIONAL, 20.365599, 5.0, 0.022966}, // 11
        {Mode.OPERATIONAL, 24.856519, 9.950249, 0.0}, // 12
        {Mode.OPERATIONAL, 29.757512, 14.851243, 0.0}, // 13
        {Mode.OPERATIONAL, 34.609740, 19.703470, 0.0}, // 14
        {Mode.OPERATIONAL, 27.666084, 19.507417, 0.022966}, // 15
        {Mode.OPERATIONAL, 27.012653, 19.313315, 0.0}, // 16
        {Mode.OPERATIONAL, 26.820482, 19.121145, 0.0}, // 17
    };

    private static final Telemetry CALM = Telemetry.of(80, 0.0, 0.4);
    private static final Telemetry STRESSED = Telemetry.of(450, 0.2, 0.9);

    private static List<Telemetry> script() {
        List<Telemetry> s = new ArrayList<>(Collections.nCopies(10, CALM));
        s.addAll(Collections.nCopies(4, STRESSED));
        s.addAll(Collections.nCopies(3, CALM));
        return s;
    }

    /** One row derived by hand. */
    private record Row(Mode mode, double r, double s, double m) {
    }

    /**
     * The §9 trace from the §2 formulas, by hand.
     * <ul>
     *   <li>p(80, 0, 0.4) = (tanh((80−100)/100), tanh((0−0.01)/0.01), tanh((0.4−0.5)/0.5))
     *       = (tanh −0.2, tanh −1, tanh −0.2); all negative, so ‖P+‖ = 0 (no trauma) and
     *       P·W ≈ −2.30, R = max(10, 10 − 2.30) = 10.</li>
     *   <li>p(450, 0.2, 0.9) = (tanh 3.5, tanh 19, tanh 0.8) ≈ (0.998178, 1, 0.664037); ‖P+‖ ≈ 1.58 &gt; 0.7.</li>
     *   <li>Calls 1–9 bootstrap: R = 1.2·10 = 12, S = M = 0. Call 10 ends it: M = 0, S = 0·1 + 0, R = 10.</li>
     *   <li>Every later call: Δt = 100 ms, decay d = exp((−0.1)·(100/1000.0)) = e^−0.01,
     *       M = ‖P(t) − P(t−1)‖/100 (noise floor: 0 for equal pressures), S = S·d + trauma,
     *       R = max(10, ((10 + P·W) + 20·M) + S).</li>
     * </ul>
     */
    private static List<Row> byHand() {
        double[] w = {StrictMath.log(1 + 5.0), StrictMath.log(1 + 8.0), StrictMath.log(1 + 3.0)};
        double[] calm = {
            StrictMath.tanh(((80.0 - 100) / 100) * 1),
            StrictMath.tanh(((0.0 - 0.01) / 0.01) * 1),
            StrictMath.tanh(((0.4 - 0.5) / 0.5) * 1),
        };
        double[] stressed = {
            StrictMath.tanh(((450.0 - 100) / 100) * 1),
            StrictMath.tanh(((0.2 - 0.01) / 0.01) * 1),
            StrictMath.tanh(((0.9 - 0.5) / 0.5) * 1),
        };
        double d = StrictMath.exp((-0.1) * (100 / 1000.0));
        List<Row> rows = new ArrayList<>();
        for (int call = 1; call <= 9; call++) {
            rows.add(new Row(Mode.BOOTSTRAP, 1.2 * 10, 0, 0));
        }
        double s = 0.0;
        double[] prev = calm;
        for (int call = 10; call <= 17; call++) {
            double[] p = call >= 11 && call <= 14 ? stressed : calm;
            double m;
            if (call == 10) {
                m = 0.0; // the update that ends bootstrap
            } else {
                double dx = p[0] - prev[0];
                double dy = p[1] - prev[1];
                double dz = p[2] - prev[2];
                double sumSq = (dx * dx + dy * dy) + dz * dz;
                m = (sumSq < 1e-9 ? 0.0 : StrictMath.sqrt(sumSq)) / 100;
            }
            double px = Math.max(p[0], 0);
            double py = Math.max(p[1], 0);
            double pz = Math.max(p[2], 0);
            double trauma = StrictMath.sqrt((px * px + py * py) + pz * pz) > 0.7 ? 5.0 : 0.0;
            s = s * (call == 10 ? 1.0 : d) + trauma;
            double pw = (p[0] * w[0] + p[1] * w[1]) + p[2] * w[2];
            double r = Math.max(10, ((10 + pw) + 20 * m) + s);
            rows.add(new Row(Mode.OPERATIONAL, r, s, m));
            prev = p;
        }
        return rows;
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void allSeventeenCallsMatchTheTableAndTheHandDerivation(Engine engine) {
        ManualClock clock = new ManualClock(1_767_225_600_000L);
        Atrion atrion = TestEngines.builder(engine, clock).build(); // all defaults, AutoTuner on
        List<RouteDecision> out = new ClockDriver(atrion, clock).every(100, "api/checkout", script(), 100);
        List<Row> hand = byHand();

        for (int i = 0; i < 17; i++) {
            RouteDecision got = out.get(i);
            Object[] table = TABLE[i];
            Row h = hand.get(i);
            long tick = i + 1L;
            String call = "call " + tick;
            assertAll(call,
                    () -> assertEquals(table[0], got.mode(), call + " mode"),
                    () -> assertEquals((double) table[1], got.resistance(), 1e-6, call + " R vs table"),
                    () -> assertEquals((double) table[2], got.scar(), 1e-6, call + " S vs table"),
                    () -> assertEquals((double) table[3], got.momentum(), 1e-6, call + " M vs table"),
                    () -> assertEquals(h.r(), got.resistance(), 1e-9, call + " R vs hand"),
                    () -> assertEquals(h.s(), got.scar(), 1e-9, call + " S vs hand"),
                    () -> assertEquals(h.m(), got.momentum(), 1e-9, call + " M vs hand"),
                    () -> assertEquals(tick, got.tickCount(), call + " tick"),
                    // V = 100 beats every R of the table and no breaker opens
                    () -> assertEquals(true, got.allowed(), call + " allowed"),
                    () -> assertEquals(Reason.OK, got.reason(), call + " reason"));
        }
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void stateAfterTheExampleMatchesTheLastRow(Engine engine) {
        ManualClock clock = new ManualClock(1_767_225_600_000L);
        Atrion atrion = TestEngines.builder(engine, clock).build();
        new ClockDriver(atrion, clock).every(100, "api/checkout", script(), 100);
        RouteState st = atrion.state("api/checkout").orElseThrow();
        Row last = byHand().get(16);
        assertEquals(Mode.OPERATIONAL, st.mode());
        assertEquals(last.r(), st.resistance(), 1e-9);
        assertEquals(last.s(), st.scar(), 1e-9);
        assertEquals(17, st.tickCount());
        assertEquals(1_767_225_600_000L + 16 * 100, st.lastUpdatedMillis());
    }
}
