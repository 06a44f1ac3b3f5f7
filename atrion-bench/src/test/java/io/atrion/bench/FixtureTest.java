package io.atrion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarks measure what their names say only if the fixtures put the routes in the state
 * the load promises. Runs in {@code mvn verify} in well under a second; no benchmark runs there.
 */
class FixtureTest {

    @ParameterizedTest
    @CsvSource({
            "FAST, true, HEALTHY", "FAST, true, MIXED", "FAST, false, HEALTHY", "FAST, false, MIXED",
            "REFERENCE, true, HEALTHY", "REFERENCE, true, MIXED", "REFERENCE, false, HEALTHY", "REFERENCE, false, MIXED"})
    void warmedRoutesAreInTheStateTheLoadPromises(Engine engine, boolean tuner, Load load) {
        Fixture f = new Fixture(engine, tuner, load, 1000).warm().check();
        int stressed = load == Load.MIXED ? 100 : 0;
        assertEquals(stressed, f.count(Mode.CIRCUIT_BREAKER));
        assertEquals(1000 - stressed, f.count(Mode.OPERATIONAL));
        assertEquals(Fixture.WARM_LAPS, f.handles[1].tickCount());
        // Healthy routes admit the high tiers and shed the lowest one; broken routes admit nothing.
        int k = f.sample(0, 1);
        assertTrue(f.handles[1].resistance() < 20, "healthy R " + f.handles[1].resistance());
        assertTrue(f.handles[1].admit(f.latency[k], f.errorRate[k], f.saturation[k], 100));
        assertTrue(!f.handles[1].admit(f.latency[k], f.errorRate[k], f.saturation[k], 5) || f.handles[1].resistance() < 5);
        if (load == Load.MIXED) {
            int s = f.sample(0, 0);
            assertTrue(!f.handles[0].admit(f.latency[s], f.errorRate[s], f.saturation[s], 100));
            assertTrue(f.handles[0].scar() > 0);
        }
    }

    /** The benchmarks' largest fixture: an unlucky healthy route must not break there either. */
    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void atOneHundredThousandRoutesOnlyTheStressedOnesBreak(Engine engine) {
        Fixture f = new Fixture(engine, true, Load.MIXED, 100_000).warm().check();
        assertEquals(10_000, f.count(Mode.CIRCUIT_BREAKER));
    }

    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void aSingleRouteUnderMixedLoadIsTheStressedOne(Engine engine) {
        Fixture f = new Fixture(engine, true, Load.MIXED, 1).warm().check();
        assertEquals(1, f.count(Mode.CIRCUIT_BREAKER));
    }

    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void bothEnginesGiveTheSameResistanceForTheFixture(Engine engine) {
        Fixture a = new Fixture(engine, true, Load.MIXED, 50).warm();
        Fixture fast = new Fixture(Engine.FAST, true, Load.MIXED, 50).warm();
        for (int r = 0; r < 50; r++) {
            assertEquals(Double.doubleToRawLongBits(fast.handles[r].resistance()),
                    Double.doubleToRawLongBits(a.handles[r].resistance()), "route " + r);
        }
    }

    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void theMemoryProbeCountsEveryRoute(Engine engine) throws Exception {
        MemoryFootprint.Result r = MemoryFootprint.measure(engine, 20_000, true, false);
        assertEquals(20_000, r.routes);
        assertTrue(r.json().startsWith("{\"engine\":\"" + engine + "\""), r.json());
        if (engine == Engine.FAST) {
            // 96-byte rows in 1,024-row pages, plus the index: at least the rows.
            assertTrue(r.fastFormulaBytes >= 20_000L * 96, "footprint " + r.fastFormulaBytes);
        }
    }
}
