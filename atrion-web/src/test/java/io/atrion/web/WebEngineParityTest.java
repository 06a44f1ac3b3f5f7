package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.atrion.Mode;
import io.atrion.Reason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The browser engine's exported functions, run on the JVM (they are plain Java; only the typed
 * array views need TeaVM), against every replay trace of examples/replay: each call's decision,
 * mode, tick and R, S, M must be the JVM's ({@code NAME.out.jsonl}, written by {@code ./atrion
 * replay} with the FAST engine), doubles bit for bit; then the same trace through
 * {@link AtrionWeb#admitBatch} in batches of random sizes must give the same decision codes and
 * leave every route in the same state. The browser builds of the same code are compared with the
 * same files by ParityBrowserTest (Chromium, both builds) and NodeModuleTest (Node, JS build).
 */
class WebEngineParityTest {

    private static int create(Map<String, Object> header) {
        AtrionWeb.configReset();
        for (Map.Entry<String, Double> e : Traces.configEntries(header).entrySet()) {
            assertTrue(AtrionWeb.configSet(e.getKey(), e.getValue()), e.getKey() + ": " + AtrionWeb.lastError());
        }
        int engine = AtrionWeb.create();
        assertTrue(engine >= 0, AtrionWeb.lastError());
        return engine;
    }

    /** The replay output writes -0.0 as 0, so a zero matches either zero; otherwise the same bits. */
    private static boolean same(Object expected, double actual) {
        double e = ((Number) expected).doubleValue();
        return e == 0.0 ? actual == 0.0 : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(actual);
    }

    @Test
    void everyTraceCallForCallAsTheJvm() throws Exception {
        List<Traces.Trace> traces = Traces.all();
        assertTrue(traces.size() >= 4, "traces in examples/replay: " + traces.size());
        long compared = 0;
        for (Traces.Trace trace : traces) {
            int engine = create(trace.header());
            try {
                assertEquals(trace.calls().size(), trace.expected().size(), trace.name());
                Map<String, Integer> handles = new HashMap<>();
                for (int i = 0; i < trace.calls().size(); i++) {
                    Traces.Call c = trace.calls().get(i);
                    Map<String, Object> e = trace.expected().get(i);
                    int h = handles.computeIfAbsent(c.route(), id -> AtrionWeb.handle(engine, id));
                    int code = AtrionWeb.admit(h, c.latencyMs(), c.errorRate(), c.saturation(), c.voltage(), c.t());
                    String where = trace.name() + " line " + c.line() + ": ";
                    assertEquals(e.get("allow"), (code & AtrionWeb.ALLOW) == 1, where + "allow");
                    assertEquals(e.get("mode"), Mode.ofOrdinal((code >> AtrionWeb.MODE_SHIFT) & 3).name(), where + "mode");
                    assertEquals(((Number) e.get("tick")).doubleValue(), AtrionWeb.tick(h), where + "tick");
                    if (!same(e.get("resistance"), AtrionWeb.resistance(h)) || !same(e.get("scar"), AtrionWeb.scar(h))
                            || !same(e.get("momentum"), AtrionWeb.momentum(h))) {
                        fail(where + "expected " + e + ", got R=" + AtrionWeb.resistance(h) + " S=" + AtrionWeb.scar(h)
                                + " M=" + AtrionWeb.momentum(h));
                    }
                    compared++;
                }
            } finally {
                AtrionWeb.release(engine);
            }
        }
        assertTrue(compared > 7000, "calls compared: " + compared);
    }

    @Test
    void batchesOfAnySizeDecideAsOneCallAtATime() throws Exception {
        SplittableRandom random = new SplittableRandom(16);
        for (Traces.Trace trace : Traces.all()) {
            int single = create(trace.header());
            int batched = create(trace.header());
            try {
                int n = trace.calls().size();
                int[] expectedCodes = new int[n];
                Map<String, int[]> handles = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    Traces.Call c = trace.calls().get(i);
                    int[] h = handles.computeIfAbsent(c.route(),
                            id -> new int[] {AtrionWeb.handle(single, id), AtrionWeb.handle(batched, id)});
                    expectedCodes[i] = AtrionWeb.admit(h[0], c.latencyMs(), c.errorRate(), c.saturation(), c.voltage(),
                            c.t());
                }
                Exchange x = AtrionWeb.exchange();
                int done = 0;
                while (done < n) {
                    int size = Math.min(n - done, 1 + random.nextInt(300));
                    AtrionWeb.batchCapacity(size);
                    int admittedExpected = 0;
                    for (int i = 0; i < size; i++) {
                        Traces.Call c = trace.calls().get(done + i);
                        x.handles[i] = handles.get(c.route())[1];
                        x.latency[i] = c.latencyMs();
                        x.errorRate[i] = c.errorRate();
                        x.saturation[i] = c.saturation();
                        x.voltage[i] = c.voltage();
                        x.time[i] = c.t();
                        admittedExpected += expectedCodes[done + i] & 1;
                    }
                    assertEquals(admittedExpected, AtrionWeb.admitBatch(size), trace.name() + ": admitted in batch");
                    for (int i = 0; i < size; i++) {
                        assertEquals(expectedCodes[done + i], x.decisions[i], trace.name() + " call " + (done + i + 1));
                    }
                    done += size;
                }
                for (int[] h : handles.values()) {
                    for (int field = 0; field < FlatEngine.STRIDE; field++) {
                        double a = AtrionWeb.engineOf(h[0]).field(h[0] >>> AtrionWeb.ENGINE_BITS, field);
                        double b = AtrionWeb.engineOf(h[1]).field(h[1] >>> AtrionWeb.ENGINE_BITS, field);
                        assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b),
                                trace.name() + ": row field " + field);
                    }
                }
            } finally {
                AtrionWeb.release(single);
                AtrionWeb.release(batched);
            }
        }
    }

    @Test
    void codesHandlesReadersAndErrors() {
        int engine = create(Map.of());
        try {
            int h = AtrionWeb.handle(engine, "api/a");
            assertEquals(engine, h & (AtrionWeb.MAX_ENGINES - 1), "a handle names its engine in its low 8 bits");
            assertEquals(h, AtrionWeb.handle(engine, "api/a"), "one handle per id");
            assertEquals(1, AtrionWeb.handle(engine, "api/b") >>> AtrionWeb.ENGINE_BITS, "slots in order of first use");
            // SPEC §2.6: before its first update a route is in BOOTSTRAP at R = 1.2·R_base = 12 (defaults), tick 0.
            assertEquals(0.0, AtrionWeb.tick(h));
            assertEquals(12.0, AtrionWeb.resistance(h));
            assertEquals(Mode.BOOTSTRAP.ordinal(), AtrionWeb.mode(h));
            // V = 100 > R = 12 in BOOTSTRAP: allowed, mode BOOTSTRAP (0), reason OK (0): code 1.
            assertEquals(1, AtrionWeb.admit(h, 80, 0, 0.4, 100, 1000));
            // V = 5 ≤ 12: INSUFFICIENT_VOLTAGE (2) → 2 << 3 = 16, not allowed.
            assertEquals(Reason.INSUFFICIENT_VOLTAGE.ordinal() << AtrionWeb.REASON_SHIFT,
                    AtrionWeb.admit(h, 80, 0, 0.4, 5, 1001));
            // A negative voltage: INVALID_VOLTAGE (3) → 24; the route still updates (tick 3).
            assertEquals(Reason.INVALID_VOLTAGE.ordinal() << AtrionWeb.REASON_SHIFT,
                    AtrionWeb.admit(h, 80, 0, 0.4, -1, 1002));
            assertEquals(3.0, AtrionWeb.tick(h));
            assertEquals(1002.0, AtrionWeb.lastUpdated(h));
            assertEquals(1.0, AtrionWeb.counter(h, 0));
            assertEquals(1.0, AtrionWeb.counter(h, 2));
            assertEquals(1.0, AtrionWeb.counter(h, 3));
            // A fraction of a millisecond is truncated like the JVM's long: t = 1002.9 is 1002, Δt = 0.
            AtrionWeb.admit(h, 80, 0, 0.4, 100, 1002.9);
            assertEquals(1002.0, AtrionWeb.lastUpdated(h));
            // Defaults: R_base 10, γ 10 → tiers 100, 50, 20, 15, 12 (SPEC §2.8).
            double[] tiers = new double[5];
            for (int t = 0; t < 5; t++) {
                tiers[t] = AtrionWeb.tierVoltage(engine, t);
            }
            assertEquals(List.of(100.0, 50.0, 20.0, 15.0, 12.0), List.of(tiers[0], tiers[1], tiers[2], tiers[3], tiers[4]));
            // Unknown handles: a slot past the routes, an engine never created, a negative number.
            int missing = (5 << AtrionWeb.ENGINE_BITS) | engine;
            assertEquals(AtrionWeb.UNKNOWN_HANDLE, AtrionWeb.admit(missing, 80, 0, 0, 100, 1));
            assertEquals(AtrionWeb.UNKNOWN_HANDLE, AtrionWeb.admit(-7, 80, 0, 0, 100, 1));
            assertTrue(Double.isNaN(AtrionWeb.resistance(missing)));
            assertEquals(-1, AtrionWeb.mode(missing));
            assertEquals(-1, AtrionWeb.handle(engine, ""));
            assertEquals(-1, AtrionWeb.handle(250, "x"));
        } finally {
            AtrionWeb.release(engine);
        }
        assertEquals(AtrionWeb.UNKNOWN_HANDLE, AtrionWeb.admit(engine, 80, 0, 0, 100, 1), "released engine");
        assertFalse(AtrionWeb.configSet("config.nope", 1));
        assertTrue(AtrionWeb.lastError().contains("config.nope"), AtrionWeb.lastError());
        assertFalse(AtrionWeb.configSet("config.bootstrapTicks", 2.5));
        assertTrue(AtrionWeb.configSet("config.baseResistance", -1));
        assertEquals(-1, AtrionWeb.create(), "ranges are checked by create()");
        assertTrue(AtrionWeb.lastError().contains("baseResistance"), AtrionWeb.lastError());
    }

    @Test
    void manyRoutesKeepTheirOwnRowsAsTheTablesGrow() {
        int engine = create(Map.of());
        try {
            int n = 5000; // past the first row block (64) and many index resizes
            int[] handles = new int[n];
            for (int i = 0; i < n; i++) {
                handles[i] = AtrionWeb.handle(engine, "route/" + i);
                assertEquals(i, handles[i] >>> AtrionWeb.ENGINE_BITS, "slots in order of first use");
                AtrionWeb.admit(handles[i], 80, 0, 0.4, 100, 1000 + i);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(handles[i], AtrionWeb.handle(engine, "route/" + i), "the same handle again");
                assertEquals(1.0, AtrionWeb.tick(handles[i]));
                assertEquals(1000.0 + i, AtrionWeb.lastUpdated(handles[i]), "route " + i + "'s own row");
            }
            assertEquals(n, AtrionWeb.routeCount(engine));
        } finally {
            AtrionWeb.release(engine);
        }
    }

    @Test
    void stateExportIsTheReadersInSlotOrder() {
        int engine = create(Map.of("config", Map.of("bootstrapTicks", 2L)));
        try {
            int a = AtrionWeb.handle(engine, "a");
            int b = AtrionWeb.handle(engine, "b");
            AtrionWeb.handle(engine, "never-updated");
            // b: a storm scars it by σ = 5 per update (‖P⁺‖ ≈ 1.6 > P_crit), so within 40 updates
            // R passes the static break point 100 (R_base 10 · γ 10) and its breaker opens.
            for (int i = 0; i < 40; i++) {
                AtrionWeb.admit(a, 80, 0.002, 0.4, 100, 1000 + i);
                AtrionWeb.admit(b, 2000, 0.5, 1.0, 100, 1000 + i);
            }
            AtrionWeb.batchCapacity(3);
            assertEquals(3, AtrionWeb.exportState(engine, 0, 100));
            double[] s = AtrionWeb.exchange().state;
            int k = FlatEngine.STATE_STRIDE;
            assertEquals(List.of(StateRecord.FIELDS), List.of("mode", "tick", "lastUpdatedMillis", "resistance",
                    "scar", "momentum", "breakPoint", "recoveryPoint", "ok", "circuitOpen", "insufficientVoltage",
                    "invalidVoltage", "opened", "closed"));
            int[] hs = {a, b};
            for (int r = 0; r < 2; r++) {
                int h = hs[r];
                assertEquals(AtrionWeb.mode(h), s[r * k], "mode");
                assertEquals(AtrionWeb.tick(h), s[r * k + 1]);
                assertEquals(AtrionWeb.lastUpdated(h), s[r * k + 2]);
                assertEquals(AtrionWeb.resistance(h), s[r * k + 3]);
                assertEquals(AtrionWeb.scar(h), s[r * k + 4]);
                assertEquals(AtrionWeb.momentum(h), s[r * k + 5]);
                assertEquals(AtrionWeb.breakPoint(h), s[r * k + 6]);
                assertEquals(AtrionWeb.recoveryPoint(h), s[r * k + 7]);
                for (int c = 0; c < 6; c++) {
                    assertEquals(AtrionWeb.counter(h, c), s[r * k + 8 + c]);
                }
            }
            assertEquals(-1.0, s[2 * k], "a route with no update has mode -1");
            assertEquals(Mode.CIRCUIT_BREAKER.ordinal(), s[k], "b is in a storm");
            assertEquals(1, AtrionWeb.exportState(engine, 2, 5), "from route 2 on");
            assertEquals(0, AtrionWeb.exportState(engine, 3, 5));
        } finally {
            AtrionWeb.release(engine);
        }
    }
}
