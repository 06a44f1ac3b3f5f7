package io.atrion.servlet;

import io.atrion.Atrion;
import io.atrion.RouteHandle;
import io.atrion.RouteReading;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes the state of every route of one instance as one server-sent event (the frame format is
 * documented on {@link AtrionStreamServlet}). Used by one thread at a time. Each route is read
 * through its {@link RouteHandle}, kept from frame to frame, into one reused {@link RouteReading}:
 * on the FAST engine reading a route allocates nothing, and the text builder is reused too, so a
 * frame costs the list of route ids, its text and its byte array, whatever the client count.
 */
final class SnapshotEncoder {

    private final Atrion atrion;
    private final TierCounters tiers;
    private final long intervalMillis;
    private final StringBuilder text = new StringBuilder(1 << 12);
    private final RouteReading reading = new RouteReading();
    private final Map<String, RouteHandle> handles = new HashMap<>();

    SnapshotEncoder(Atrion atrion, TierCounters tiers, long intervalMillis) {
        this.atrion = atrion;
        this.tiers = tiers;
        this.intervalMillis = intervalMillis;
    }

    /** The frame {@code event: routes\ndata: {...}\n\n} as UTF-8. */
    byte[] encode(long nowMillis) {
        StringBuilder b = text;
        b.setLength(0);
        b.append("event: routes\ndata: {\"t\":").append(nowMillis)
                .append(",\"intervalMs\":").append(intervalMillis)
                .append(",\"tiers\":[\"critical\",\"high\",\"normal\",\"low\",\"bulk\"],\"tierVoltages\":[");
        for (int i = 0; i < TierCounters.TIERS.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            number(b, atrion.voltage(TierCounters.TIERS[i]));
        }
        b.append("],\"routes\":[");
        List<String> ids = atrion.routes();
        if (handles.size() > ids.size()) {
            handles.keySet().retainAll(new HashSet<>(ids)); // routes were removed: forget their handles
            if (tiers != null) {
                tiers.retain(); // and their tier counts
            }
        }
        boolean first = true;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            RouteHandle h = handles.get(id);
            if (h == null) {
                h = atrion.handle(id);
                handles.put(id, h);
            }
            // One consistent read of the route (its row's sequence check or monitor); a route
            // removed since routes() was listed reads false and is skipped.
            if (!h.read(reading)) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            route(b, id, reading);
        }
        b.append("]}\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void route(StringBuilder b, String id, RouteReading s) {
        b.append("{\"id\":");
        string(b, id);
        b.append(",\"mode\":\"").append(s.mode().name()).append("\",\"r\":");
        number(b, s.resistance());
        b.append(",\"s\":");
        number(b, s.scar());
        b.append(",\"m\":");
        number(b, s.momentum());
        b.append(",\"bp\":");
        number(b, s.breakPoint());
        b.append(",\"rp\":");
        number(b, s.recoveryPoint());
        b.append(",\"ticks\":").append(s.tickCount()).append(",\"updated\":").append(s.lastUpdatedMillis());
        if (s.hasCounters()) {
            b.append(",\"admitted\":").append(s.admitted())
                    .append(",\"circuitOpen\":").append(s.rejectedCircuitOpen())
                    .append(",\"insufficientVoltage\":").append(s.rejectedInsufficientVoltage())
                    .append(",\"invalidVoltage\":").append(s.rejectedInvalidVoltage())
                    .append(",\"opened\":").append(s.breakerOpened())
                    .append(",\"closed\":").append(s.breakerClosed());
        }
        if (tiers != null) {
            b.append(",\"tierAdmitted\":[");
            for (int t = 0; t < TierCounters.TIERS.length; t++) {
                b.append(t == 0 ? "" : ",").append(tiers.admitted(id, t));
            }
            b.append("],\"tierShed\":[");
            for (int t = 0; t < TierCounters.TIERS.length; t++) {
                b.append(t == 0 ? "" : ",").append(tiers.shed(id, t));
            }
            b.append(']');
        }
        b.append('}');
    }

    /**
     * A double with three decimals, written digit by digit (no intermediate String); JSON has no
     * NaN or infinity, so those are null. R is bounded by 10⁶ and S, M by the physics, so the
     * scaled value fits a long with room to spare; larger magnitudes fall back to Double.toString.
     */
    static void number(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            b.append("null");
            return;
        }
        if (Math.abs(v) >= 1e12) {
            b.append(v);
            return;
        }
        long scaled = Math.round(v * 1000.0);
        if (scaled < 0) {
            b.append('-');
            scaled = -scaled;
        }
        b.append(scaled / 1000);
        long frac = scaled % 1000;
        if (frac != 0) {
            b.append('.');
            if (frac < 100) {
                b.append('0');
            }
            if (frac < 10) {
                b.append('0');
            }
            while (frac % 10 == 0) {
                frac /= 10;
            }
            b.append(frac);
        }
    }

    /** A JSON string literal (route ids are user data: quotes, backslashes, control characters). */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                b.append("\\u");
                String hex = Integer.toHexString(c);
                for (int p = hex.length(); p < 4; p++) {
                    b.append('0');
                }
                b.append(hex);
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
