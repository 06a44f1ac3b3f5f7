package io.atrion.observe;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Built-in observers: logging, filtering and composite (see also {@link CollectingObserver}). */
public final class Observers {

    private Observers() {
    }

    /**
     * Logs every event through {@link System.Logger} (the JDK's logging facade, which
     * SLF4J/Log4j bridge to) named {@code io.atrion.events}: transitions at INFO, other
     * events at DEBUG.
     */
    public static AtrionObserver logging() {
        return logging(System.getLogger("io.atrion.events"));
    }

    /** Logs every event to {@code logger}: transitions at INFO, other events at DEBUG. */
    public static AtrionObserver logging(Logger logger) {
        Objects.requireNonNull(logger, "logger must not be null");
        return e -> {
            Level level = e.isTransition() ? Level.INFO : Level.DEBUG;
            if (logger.isLoggable(level)) {
                logger.log(level, () -> format(e));
            }
        };
    }

    /** Passes to {@code delegate} only the events {@code filter} accepts. */
    public static AtrionObserver filtering(Predicate<? super RouteEvent> filter, AtrionObserver delegate) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(delegate, "delegate must not be null");
        return e -> {
            if (filter.test(e)) {
                delegate.onEvent(e);
            }
        };
    }

    /** Only mode transitions (breaker opened or closed, bootstrap ended). */
    public static AtrionObserver transitionsOnly(AtrionObserver delegate) {
        return filtering(RouteEvent::isTransition, delegate);
    }

    /**
     * Calls each observer in order. One that throws — anything, an {@link Error} or an
     * {@link AssertionError} included — does not keep the event from the others: every
     * {@link Throwable} is caught, each observer's failure is counted on its own
     * ({@code Atrion.observerFailures()} goes up by the number of observers that threw), and the
     * same holds for composites nested inside. Called directly (not by an {@code Atrion}
     * dispatcher), it rethrows the first failure after every observer has run.
     */
    public static AtrionObserver composite(AtrionObserver... observers) {
        for (AtrionObserver o : observers) {
            Objects.requireNonNull(o, "observers must not contain null");
        }
        return new CompositeObserver(List.of(observers));
    }

    /** Delivers to every observer of the list, isolating each one's failures. */
    static final class CompositeObserver implements AtrionObserver {
        private final List<AtrionObserver> observers;

        CompositeObserver(List<AtrionObserver> observers) {
            this.observers = observers;
        }

        /** Delivers {@code e} to every observer; returns how many threw (nested composites count each). */
        int deliver(RouteEvent e) {
            int failed = 0;
            for (AtrionObserver o : observers) {
                failed += deliverTo(o, e);
            }
            return failed;
        }

        @Override
        public void onEvent(RouteEvent e) {
            Throwable first = null;
            for (AtrionObserver o : observers) {
                try {
                    o.onEvent(e);
                } catch (Throwable t) {
                    if (first == null) {
                        first = t;
                    }
                }
            }
            if (first != null) {
                throw Observers.<RuntimeException>sneaky(first);
            }
        }
    }

    /** Delivers {@code e} to {@code o}; the number of failures (0 or 1, or a nested composite's count). */
    static int deliverTo(AtrionObserver o, RouteEvent e) {
        if (o instanceof CompositeObserver) {
            return ((CompositeObserver) o).deliver(e);
        }
        try {
            o.onEvent(e);
            return 0;
        } catch (Throwable failure) {
            return 1;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A one-line description of an event, as the logging observer writes it. */
    public static String format(RouteEvent e) {
        StringBuilder b = new StringBuilder(160);
        b.append("route=").append(e.routeId())
                .append(" tick=").append(e.tickCount())
                .append(" mode=").append(e.mode());
        if (e.isTransition()) {
            b.append(" (from ").append(e.previousMode()).append(')');
        }
        b.append(" decision=").append(e.decision())
                .append(" reason=").append(e.reason())
                .append(" R=").append(e.resistance())
                .append(" S=").append(e.scar())
                .append(" M=").append(e.momentum())
                .append(" |P|=").append(e.pressureNorm())
                .append(" V=").append(e.voltage())
                .append(" dt=").append(e.deltaMillis()).append("ms");
        return b.toString();
    }
}
