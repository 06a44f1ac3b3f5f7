package io.atrion.demo;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The shop's dependencies, simulated in process: healthy they answer in a few milliseconds and
 * almost never fail; in a storm each call fails with {@code shop.storm.error-rate} and takes
 * {@code shop.storm.latency-ms} more.
 */
@Component
public class Downstreams {

    private final AtomicBoolean storm = new AtomicBoolean();
    private final double stormErrorRate;
    private final long stormLatencyMs;

    public Downstreams(@Value("${shop.storm.error-rate:0.7}") double stormErrorRate,
                       @Value("${shop.storm.latency-ms:150}") long stormLatencyMs) {
        this.stormErrorRate = stormErrorRate;
        this.stormLatencyMs = stormLatencyMs;
    }

    /** Starts or ends the storm. */
    public void storm(boolean on) {
        storm.set(on);
    }

    public boolean storm() {
        return storm.get();
    }

    /** One call of dependency {@code name}: sleeps its latency, then fails or returns. */
    public void call(String name) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean stormy = storm.get();
        long latency = 2 + random.nextLong(6) + (stormy ? stormLatencyMs : 0);
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        }
        if (random.nextDouble() < (stormy ? stormErrorRate : 0.002)) {
            throw new DownstreamException(name + " failed");
        }
    }

    /** A failed downstream call. */
    public static class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DownstreamException(String message) {
            super(message);
        }
    }
}
