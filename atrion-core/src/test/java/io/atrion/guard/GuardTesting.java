package io.atrion.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atrion.ManualClock;
import io.atrion.Mode;

/** Helpers shared by the guard tests. */
final class GuardTesting {

    private GuardTesting() {
    }

    /** A Throwable that is neither an Exception nor an Error. */
    static final class CustomThrowable extends Throwable {
        private static final long serialVersionUID = 1L;

        CustomThrowable(String message) {
            super(message);
        }
    }

    /** Throws {@code t} unchecked, as Kotlin and Lombok's {@code @SneakyThrows} do. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Drives the route into CIRCUIT_BREAKER with a burst of slow, failing critical calls. */
    static void trip(RouteGuard g, ManualClock clock) {
        for (int i = 0; i < 500 && g.handle().mode() != Mode.CIRCUIT_BREAKER; i++) {
            clock.advance(10);
            g.tryCall(100, () -> {
                clock.advance(10);
                throw new IllegalStateException("down");
            });
        }
        assertEquals(Mode.CIRCUIT_BREAKER, g.handle().mode(), "the failing dependency opened the breaker");
    }

    /** Settings under which no call ever probes. */
    static GuardConfig noProbes() {
        return GuardConfig.builder().probeMinVoltage(1e9).build();
    }
}
