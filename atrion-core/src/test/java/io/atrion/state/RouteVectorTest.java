package io.atrion.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Mode;
import org.junit.jupiter.api.Test;

/** The route vector refuses hostile fields at construction, so no decoder can hand one to the engine. */
class RouteVectorTest {

    private static RouteVector v(String route, double scar, double m, double r, Mode mode, long tick, String node,
                                 long t, long seq) {
        return new RouteVector(route, scar, m, r, mode, tick, node, t, seq);
    }

    @Test
    void rejectsEveryFieldOutOfRange() {
        String longRoute = "r".repeat(RouteVector.MAX_ROUTE_ID_LENGTH + 1);
        String longNode = "n".repeat(RouteVector.MAX_NODE_ID_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> v(longRoute, 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> v("", 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
        assertThrows(NullPointerException.class, () -> v(null, 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, 10, Mode.OPERATIONAL, 1, longNode, 1, 1));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-300}) {
            assertThrows(IllegalArgumentException.class, () -> v("r", bad, 0, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
            assertThrows(IllegalArgumentException.class, () -> v("r", 1, bad, 10, Mode.OPERATIONAL, 1, "n", 1, 1));
            assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, bad, Mode.OPERATIONAL, 1, "n", 1, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, 10, null, 1, "n", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, 10, Mode.OPERATIONAL, -1, "n", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, 10, Mode.OPERATIONAL, 1, "n", -1, 1));
        assertThrows(IllegalArgumentException.class, () -> v("r", 1, 0, 10, Mode.OPERATIONAL, 1, "n", 1, -1));
        // the largest accepted values
        v("r".repeat(RouteVector.MAX_ROUTE_ID_LENGTH), Double.MAX_VALUE, 0.0, 0.0, Mode.BOOTSTRAP, Long.MAX_VALUE,
                "n".repeat(RouteVector.MAX_NODE_ID_LENGTH), Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @Test
    void fleetOrderIsUpdateTimeThenNodeIdNeverTicks() {
        RouteVector early = v("r", 1, 0, 10, Mode.OPERATIONAL, 900, "z", 100, 9);
        RouteVector late = v("r", 1, 0, 10, Mode.OPERATIONAL, 1, "a", 101, 1);
        RouteVector tieB = v("r", 1, 0, 10, Mode.OPERATIONAL, 1, "b", 101, 1);
        assertTrue(late.isAfter(early));
        assertFalse(early.isAfter(late));
        assertTrue(tieB.isAfter(late));
        assertFalse(late.isAfter(late));
    }

    @Test
    void syncConfigNamesTheFieldAtFault() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateSyncConfig.defaults().withRemoteWeight(1.5));
        assertTrue(e.getMessage().contains("remoteWeight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateSyncConfig.defaults().withRemoteWeight(Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> StateSyncConfig.defaults().withQueueCapacity(0));
        assertTrue(e.getMessage().contains("queueCapacity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StateSyncConfig.defaults().withMaxFutureMillis(-1));
        assertTrue(e.getMessage().contains("maxFutureMillis"), e.getMessage());
    }
}
