package io.atrion.lease;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Telemetry;
import io.atrion.WorkloadProfile;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers of the lease tests: instances on a virtual clock, warmed-up routes, counting hooks. */
final class LeaseTesting {

    static final long T0 = 1_700_000_000_000L;

    private LeaseTesting() {
    }

    static Atrion atrion(Engine engine, ManualClock clock) {
        return Atrion.builder().engine(engine).clock(clock).decisionCounters(true).build();
    }

    /**
     * Ten updates at the profile's baselines (latency baseline, error 0.01, saturation 0.5), 100 ms
     * apart: every pressure is tanh(0) = 0, so the route leaves BOOTSTRAP on the tenth with S = 0,
     * M = 0 and R = R_base = 10 (SPEC §2.6).
     */
    static void warmUp(Atrion a, ManualClock clock, String route, WorkloadProfile profile) {
        a.registerProfile(route, profile);
        double baseline = profile.latencyBaselineMs(a.slo());
        for (int i = 0; i < 10; i++) {
            clock.advance(100);
            a.route(route, Telemetry.of(baseline, 0.01, 0.5));
        }
    }

    /** A hook that counts its calls and remembers the thread of the last one. */
    static final class CountingHook implements Runnable {
        final AtomicInteger calls = new AtomicInteger();
        volatile Thread thread;

        @Override
        public void run() {
            thread = Thread.currentThread();
            calls.incrementAndGet();
        }
    }
}
