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
     * Calls each observer in order; one that throws does not keep the event from the others
     * (the first failure is rethrown after all have run, so it is counted).
     */
    public static AtrionObserver composite(AtrionObserver... observers) {
        List<AtrionObserver> list = List.of(observers);
        return e -> {
            RuntimeException first = null;
            for (AtrionObserver o : list) {
                try {
                    o.onEvent(e);
                } catch (RuntimeException ex) {
                    if (first == null) {
                        first = ex;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
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
