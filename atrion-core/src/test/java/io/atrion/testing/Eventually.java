package io.atrion.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for what another thread delivers (observers, route listeners): a bound, not a timing assertion. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 5 ms until it holds; false when it still does not after 10 s. */
    public static boolean holds(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
