package io.atrion.testing;

import io.atrion.Atrion;
import io.atrion.ManualClock;
import io.atrion.RouteDecision;
import io.atrion.Telemetry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Feeds telemetry into an {@link Atrion} instance while moving its {@link ManualClock}. */
public final class ClockDriver {

    private final Atrion atrion;
    private final ManualClock clock;

    public ClockDriver(Atrion atrion, ManualClock clock) {
        this.atrion = atrion;
        this.clock = clock;
    }

    public Atrion atrion() {
        return atrion;
    }

    public ManualClock clock() {
        return clock;
    }

    /** One call at the clock's current time. */
    public RouteDecision now(String route, Telemetry t, double voltage) {
        return atrion.route(route, t, voltage);
    }

    /** One call at the clock's current time with voltage 100. */
    public RouteDecision now(String route, Telemetry t) {
        return now(route, t, 100.0);
    }

    /** Advances the clock by {@code ms} (may be 0 or negative), then calls. */
    public RouteDecision after(long ms, String route, Telemetry t, double voltage) {
        clock.advance(ms);
        return atrion.route(route, t, voltage);
    }

    /** Advances the clock by {@code ms}, then calls with voltage 100. */
    public RouteDecision after(long ms, String route, Telemetry t) {
        return after(ms, route, t, 100.0);
    }

    /**
     * The script, one call every {@code stepMs}: the first call at the clock's current time, the
     * clock advanced by {@code stepMs} before each following one.
     */
    public List<RouteDecision> every(long stepMs, String route, List<Telemetry> script, double voltage) {
        List<RouteDecision> out = new ArrayList<>(script.size());
        for (int i = 0; i < script.size(); i++) {
            if (i > 0) {
                clock.advance(stepMs);
            }
            out.add(atrion.route(route, script.get(i), voltage));
        }
        return out;
    }

    /** {@code times} calls with the same telemetry, one every {@code stepMs} (first one now). */
    public List<RouteDecision> repeat(long stepMs, String route, Telemetry t, int times, double voltage) {
        return every(stepMs, route, Collections.nCopies(times, t), voltage);
    }
}
