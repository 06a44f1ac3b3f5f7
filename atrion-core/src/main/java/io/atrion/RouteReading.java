package io.atrion;

/**
 * A reusable holder of one route's state and decision counters, filled by
 * {@link RouteHandle#read(RouteReading)}: for readers that visit many routes often (a live
 * dashboard stream, a metrics scrape) and should not allocate a {@link RouteState} and a
 * {@link RouteCounters} per route per visit. Mutable and not thread-safe: one per reading thread.
 * The fields hold the values of the latest successful {@code read}.
 */
public final class RouteReading {

    Mode mode = Mode.BOOTSTRAP;
    double resistance;
    double scar;
    double momentum;
    long tickCount;
    long lastUpdatedMillis;
    double breakPoint;
    double recoveryPoint;
    boolean hasCounters;
    long admitted;
    long rejectedCircuitOpen;
    long rejectedInsufficientVoltage;
    long rejectedInvalidVoltage;
    long breakerOpened;
    long breakerClosed;

    /** An empty reading (BOOTSTRAP, zeros, no counters) until the first {@link RouteHandle#read}. */
    public RouteReading() {
    }

    /** Fills this reading from a snapshot and counters ({@code c} null: no counters). */
    public void set(RouteState s, RouteCounters c) {
        setState(s.mode(), s.resistance(), s.scar(), s.momentum(), s.tickCount(), s.lastUpdatedMillis(),
                s.breakPoint(), s.recoveryPoint());
        if (c == null) {
            hasCounters = false;
        } else {
            setCounters(c.admitted(), c.rejectedCircuitOpen(), c.rejectedInsufficientVoltage(),
                    c.rejectedInvalidVoltage(), c.breakerOpened(), c.breakerClosed());
        }
    }

    /** For the engines: the state part. */
    public void setState(Mode mode, double resistance, double scar, double momentum, long tickCount,
                         long lastUpdatedMillis, double breakPoint, double recoveryPoint) {
        this.mode = mode;
        this.resistance = resistance;
        this.scar = scar;
        this.momentum = momentum;
        this.tickCount = tickCount;
        this.lastUpdatedMillis = lastUpdatedMillis;
        this.breakPoint = breakPoint;
        this.recoveryPoint = recoveryPoint;
        this.hasCounters = false;
    }

    /** For the engines: the counters part (after {@link #setState}). */
    public void setCounters(long admitted, long rejectedCircuitOpen, long rejectedInsufficientVoltage,
                            long rejectedInvalidVoltage, long breakerOpened, long breakerClosed) {
        this.hasCounters = true;
        this.admitted = admitted;
        this.rejectedCircuitOpen = rejectedCircuitOpen;
        this.rejectedInsufficientVoltage = rejectedInsufficientVoltage;
        this.rejectedInvalidVoltage = rejectedInvalidVoltage;
        this.breakerOpened = breakerOpened;
        this.breakerClosed = breakerClosed;
    }

    /** Current mode. */
    public Mode mode() {
        return mode;
    }

    /** R in ohms. */
    public double resistance() {
        return resistance;
    }

    /** S, scar tissue. */
    public double scar() {
        return scar;
    }

    /** M, per millisecond. */
    public double momentum() {
        return momentum;
    }

    /** Updates so far. */
    public long tickCount() {
        return tickCount;
    }

    /** Time of the latest update. */
    public long lastUpdatedMillis() {
        return lastUpdatedMillis;
    }

    /** Resistance at which an OPERATIONAL route opens its breaker. */
    public double breakPoint() {
        return breakPoint;
    }

    /** Resistance below which a CIRCUIT_BREAKER route closes it again. */
    public double recoveryPoint() {
        return recoveryPoint;
    }

    /** Whether the counters below were read (the instance keeps decision counters). */
    public boolean hasCounters() {
        return hasCounters;
    }

    /** Requests admitted. */
    public long admitted() {
        return admitted;
    }

    /** Rejected because the breaker was open. */
    public long rejectedCircuitOpen() {
        return rejectedCircuitOpen;
    }

    /** Rejected because V ≤ R. */
    public long rejectedInsufficientVoltage() {
        return rejectedInsufficientVoltage;
    }

    /** Rejected because V was NaN, infinite or negative. */
    public long rejectedInvalidVoltage() {
        return rejectedInvalidVoltage;
    }

    /** Updates that opened the breaker. */
    public long breakerOpened() {
        return breakerOpened;
    }

    /** Updates that closed it. */
    public long breakerClosed() {
        return breakerClosed;
    }
}
