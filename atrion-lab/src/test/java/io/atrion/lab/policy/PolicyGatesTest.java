package io.atrion.lab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.VoltageTier;
import io.atrion.lab.sim.Call;
import io.atrion.lab.sim.Outcome;
import io.atrion.lab.sim.Service;
import io.atrion.lab.sim.Tier;
import io.atrion.lab.sim.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The gates over the real libraries, driven by simulated time. */
class PolicyGatesTest {

    private static Call call(int maxConcurrent) {
        Service s = Service.leaf("dep", 100, 1000, Timeline.constant(50), Timeline.constant(0));
        return new Call("dep", s, 1, 1000, true, 1600, maxConcurrent);
    }

    /** maxConcurrentCalls 3, no waiting: the 4th concurrent call is shed, a completed one frees a permit. */
    @Test
    void bulkheadShedsBeyondItsLimitAndNeverWaits() {
        Gate g = PolicyKind.R4J_BULKHEAD.create(Engine.FAST).gate(call(3), "");
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(g.acquire(0, 1));
            assertNotNull(tokens.get(i));
        }
        assertNull(g.acquire(1, 100), "4th concurrent call, any voltage: shed");
        g.complete(50, tokens.get(0), 50, Outcome.ERROR); // an error frees its permit too
        assertNotNull(g.acquire(51, 1));
        assertEquals(0, ((BulkheadGate) g).availableConcurrentCalls());
        assertTrue(!g.open());
    }

    /**
     * The limiter times calls with the simulated clock: a call started at 0 ms and ended at
     * 250 ms of simulated time is a 250 ms sample, though no real time passed.
     */
    @Test
    void concurrencyLimitsLearnFromSimulatedRoundTrips() {
        ConcurrencyLimitGate g = (ConcurrencyLimitGate) PolicyKind.CONCURRENCY_LIMITS.create(Engine.FAST)
                .gate(call(100), "");
        Object t = g.acquire(0, 1);
        g.complete(250, t, 250, Outcome.SUCCESS);
        assertEquals(250, g.lastRttMs());
        Object timedOut = g.acquire(1000, 1);
        g.complete(2000, timedOut, 1000, Outcome.TIMEOUT); // onDropped: a sample too
        assertEquals(1000, g.lastRttMs());
        Object failed = g.acquire(3000, 1);
        g.complete(3005, failed, 5, Outcome.ERROR); // onIgnore: no sample
        assertEquals(1000, g.lastRttMs());
        assertEquals(0, g.inFlight());
    }

    /** Gradient2's initial limit is 20 (library default): the 21st concurrent call is refused. */
    @Test
    void concurrencyLimitsRefuseAboveTheirLimit() {
        ConcurrencyLimitGate g = (ConcurrencyLimitGate) PolicyKind.CONCURRENCY_LIMITS.create(Engine.FAST)
                .gate(call(100), "");
        assertEquals(20, g.limit());
        for (int i = 0; i < 20; i++) {
            assertNotNull(g.acquire(i, 1), "call " + i);
        }
        assertNull(g.acquire(20, 1));
    }

    /** Same inputs, same decisions: two limiters fed the same simulated calls end at the same limit. */
    @Test
    void concurrencyLimitsAreDeterministic() {
        int[] limits = new int[2];
        for (int run = 0; run < 2; run++) {
            ConcurrencyLimitGate g = (ConcurrencyLimitGate) PolicyKind.CONCURRENCY_LIMITS.create(Engine.FAST)
                    .gate(call(100), "");
            List<Object> open = new ArrayList<>();
            for (long ms = 0; ms < 20_000; ms += 5) {
                Object t = g.acquire(ms, 1);
                if (t != null) {
                    open.add(t);
                }
                if (open.size() > 15) { // 16 in flight, each ends 80 ms after the oldest started
                    g.complete(ms, open.remove(0), 80 + (ms / 1000), Outcome.SUCCESS);
                }
            }
            limits[run] = g.limit();
        }
        assertEquals(limits[0], limits[1]);
    }

    /** Atrion resolves named tiers with its own instance's ladder; numbers stay numbers. */
    @Test
    void atrionResolvesNamedTiersForItsConfiguration() {
        for (PolicyKind p : new PolicyKind[] {PolicyKind.ATRION_DEFAULTS, PolicyKind.ATRION_LIMITS}) {
            Policy policy = p.create(Engine.FAST);
            for (VoltageTier t : VoltageTier.values()) {
                // Default physics: bulk 1.2, low 1.5, normal 2, high 5 × R_base = 10 Ω; critical γ·R_base = 100.
                double expected = switch (t) {
                    case BULK -> 12;
                    case LOW -> 15;
                    case NORMAL -> 20;
                    case HIGH -> 50;
                    case CRITICAL -> 100;
                };
                assertEquals(expected, policy.voltage(Tier.named(t.name().toLowerCase(Locale.ROOT), t, 1, 1, "")), p.id());
            }
            assertEquals(33.0, policy.voltage(Tier.volts("x", 33, 1, 1, "")));
            assertSame(policy.gate(call(10), "a"), policy.gate(call(10), "b"), "one route for every endpoint");
        }
    }

    /** Every policy id is stable (results.json and the command line use them). */
    @Test
    void policyIdsAreStable() {
        List<String> ids = new ArrayList<>();
        for (PolicyKind p : PolicyKind.values()) {
            ids.add(p.id());
            assertSame(p, PolicyKind.parse(p.id().toUpperCase(Locale.ROOT)));
        }
        assertEquals(List.of("atrion-defaults", "atrion-limits", "atrion-alone", "atrion-shared", "r4j-default",
                "r4j-tuned", "r4j-bulkhead", "concurrency-limits", "rate-limit", "none"), ids);
        assertSame(PolicyKind.ATRION_DEFAULTS, PolicyKind.parse("atrion"));
    }
}
