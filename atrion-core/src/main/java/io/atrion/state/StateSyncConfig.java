package io.atrion.state;

/**
 * How an {@code Atrion} instance shares route state through its {@link StateProvider}
 * (SPEC.md §5); set with {@code Atrion.builder().stateSync(...)}.
 *
 * @param remoteWeight      γ of the merge {@code S = γ·S_r' + (1 − γ)·S_local}, in [0, 1]; default
 *                          0.3; 1 adopts the remote scar, 0 ignores it
 * @param queueCapacity     routes that may wait for publication at once (in [1, 2^24]); default
 *                          4096. When full, a route's update is dropped (counted) instead of
 *                          queued; a later update of the route queues it again
 * @param maxFutureMillis   a remote vector timed more than this ahead of the local clock is
 *                          rejected (≥ 0); default 60,000
 * @param publisherThread   true (default): a daemon thread publishes queued routes as they come.
 *                          false: nothing is published until {@code Atrion.flushState()} is called,
 *                          on the caller's thread — for deterministic simulations on virtual time
 */
public record StateSyncConfig(double remoteWeight, int queueCapacity, long maxFutureMillis, boolean publisherThread) {

    /** Default γ of SPEC §5. */
    public static final double DEFAULT_REMOTE_WEIGHT = 0.3;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public StateSyncConfig {
        if (!(remoteWeight >= 0.0 && remoteWeight <= 1.0)) {
            throw new IllegalArgumentException("StateSyncConfig.remoteWeight must be in [0, 1], got " + remoteWeight);
        }
        if (queueCapacity < 1 || queueCapacity > (1 << 24)) {
            throw new IllegalArgumentException("StateSyncConfig.queueCapacity must be in [1, 16777216], got "
                    + queueCapacity);
        }
        if (maxFutureMillis < 0) {
            throw new IllegalArgumentException("StateSyncConfig.maxFutureMillis must be >= 0, got " + maxFutureMillis);
        }
    }

    /** γ 0.3, 4096 queued routes, 60 s of tolerated clock skew, a publisher thread. */
    public static StateSyncConfig defaults() {
        return new StateSyncConfig(DEFAULT_REMOTE_WEIGHT, 4096, 60_000L, true);
    }

    /** A copy with another γ. */
    public StateSyncConfig withRemoteWeight(double gamma) {
        return new StateSyncConfig(gamma, queueCapacity, maxFutureMillis, publisherThread);
    }

    /** A copy with another queue capacity. */
    public StateSyncConfig withQueueCapacity(int routes) {
        return new StateSyncConfig(remoteWeight, routes, maxFutureMillis, publisherThread);
    }

    /** A copy with another future-time tolerance. */
    public StateSyncConfig withMaxFutureMillis(long millis) {
        return new StateSyncConfig(remoteWeight, queueCapacity, millis, publisherThread);
    }

    /** A copy with or without the publisher thread. */
    public StateSyncConfig withPublisherThread(boolean thread) {
        return new StateSyncConfig(remoteWeight, queueCapacity, maxFutureMillis, thread);
    }
}
