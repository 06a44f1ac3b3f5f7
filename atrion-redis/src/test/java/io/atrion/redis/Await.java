package io.atrion.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something that happens on other threads or processes (a Redis round trip). A
 * liveness bound, not a speed assertion: the bound is generous (seconds) because the machine is
 * shared and noisy; speed is measured by the JMH benchmarks and the propagation probe.
 */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(20);

    private Await() {
    }

    /**
     * Until every instance's provider is CONNECTED and the resync that follows the connection ran
     * (before it, a route created by the test could be republished by that resync, with a scar it
     * merged meanwhile, ahead of the publication the test expects).
     */
    static void synced(io.atrion.Atrion... nodes) {
        for (io.atrion.Atrion a : nodes) {
            until("connected and resynced", () -> a.stateStats().orElseThrow().connectionState()
                    == io.atrion.state.ConnectionState.CONNECTED && a.stateStats().orElseThrow().resyncs() >= 1,
                    () -> a.stateStats().orElseThrow().toString());
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition, () -> "");
    }

    static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        until(what, DEFAULT, condition, state);
    }

    static void until(String what, Duration bound, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what + " " + state.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
