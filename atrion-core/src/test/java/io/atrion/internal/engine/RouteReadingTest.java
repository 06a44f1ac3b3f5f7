package io.atrion.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Mode;
import io.atrion.RouteCounters;
import io.atrion.RouteHandle;
import io.atrion.RouteReading;
import io.atrion.RouteState;
import io.atrion.Telemetry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RouteHandle.read: the same values as state() and counters(), and no allocation on FAST. */
class RouteReadingTest {

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void readsWhatStateAndCountersReport(Engine engine) {
        ManualClock clock = new ManualClock(0);
        Atrion a = Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
        RouteHandle h = a.handle("r");
        RouteReading reading = new RouteReading();
        assertFalse(h.read(reading), "no state before the first update");
        for (int i = 1; i <= 40; i++) {
            clock.set(i * 100L);
            // Ten calm updates, then a storm of errors that opens the breaker.
            a.route("r", i <= 10 ? Telemetry.of(90, 0, 0.3) : Telemetry.of(900, 0.9, 0.95), i % 2 == 0 ? 100 : 15);
            assertTrue(h.read(reading));
            RouteState s = a.state("r").orElseThrow();
            RouteCounters c = a.counters("r").orElseThrow();
            assertEquals(s.mode(), reading.mode());
            assertEquals(s.resistance(), reading.resistance());
            assertEquals(s.scar(), reading.scar());
            assertEquals(s.momentum(), reading.momentum());
            assertEquals(s.tickCount(), reading.tickCount());
            assertEquals(s.lastUpdatedMillis(), reading.lastUpdatedMillis());
            assertEquals(s.breakPoint(), reading.breakPoint());
            assertEquals(s.recoveryPoint(), reading.recoveryPoint());
            assertTrue(reading.hasCounters());
            assertEquals(c, new RouteCounters(reading.admitted(), reading.rejectedCircuitOpen(),
                    reading.rejectedInsufficientVoltage(), reading.rejectedInvalidVoltage(), reading.breakerOpened(),
                    reading.breakerClosed()));
        }
        assertEquals(Mode.CIRCUIT_BREAKER, reading.mode(), "the storm opened the breaker");
        a.remove("r");
        assertFalse(h.read(reading), "a removed route has no state");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST", "REFERENCE"})
    void withoutCountersOnlyTheState(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).build();
        a.route("r", Telemetry.of(90, 0, 0.3), 100);
        RouteReading reading = new RouteReading();
        assertTrue(a.handle("r").read(reading));
        assertFalse(reading.hasCounters());
        // One update: BOOTSTRAP with R = 1.2·R_base = 12 (SPEC §2.6).
        assertEquals(Mode.BOOTSTRAP, reading.mode());
        assertEquals(12.0, reading.resistance());
        assertEquals(1, reading.tickCount());
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"FAST"})
    void readingEveryRouteAllocatesNothingOnFast(Engine engine) {
        Atrion a = Atrion.builder().engine(engine).decisionCounters(true).build();
        RouteHandle[] handles = new RouteHandle[256];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = a.handle("route-" + i);
            handles[i].admit(100, 0, 0.5, 100);
        }
        RouteReading reading = new RouteReading();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long sum = 0;
        for (int round = 0; round < 3; round++) { // rounds 0 and 1 warm up (class loading, JIT)
            long before = threads.getThreadAllocatedBytes(tid);
            for (int pass = 0; pass < 400; pass++) {
                for (RouteHandle h : handles) {
                    sum += h.read(reading) ? reading.tickCount() : 0;
                }
            }
            long bytes = threads.getThreadAllocatedBytes(tid) - before;
            if (round == 2) {
                // 102,400 reads; one object per read would be megabytes. The allowance covers the counter's bookkeeping.
                assertTrue(bytes < 4_096, bytes + " bytes for 102,400 reads");
            }
        }
        assertEquals(3 * 400 * 256, sum, "every read saw one update");
    }
}
