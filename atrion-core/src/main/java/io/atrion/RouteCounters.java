package io.atrion;

/**
 * Decision counts of one route since it was created, kept when the instance is built with
 * {@link Atrion.Builder#decisionCounters(boolean) decisionCounters(true)}. A snapshot; the counts
 * start again from zero when the route is removed and created anew.
 *
 * <p>A guard's probe (a call a {@link io.atrion.guard.RouteGuard} lets through an open breaker or
 * a route whose R is above every caller's voltage, to learn whether the dependency healed) is
 * served, so it is counted as admitted, and also in {@link #probes()}; the counts therefore equal
 * what clients saw.
 *
 * @param admitted                    requests admitted (reason OK), probes included
 * @param rejectedCircuitOpen         rejected because the breaker was open
 * @param rejectedInsufficientVoltage rejected because V ≤ R
 * @param rejectedInvalidVoltage      rejected because V was NaN, infinite or negative
 * @param breakerOpened               updates that moved the route into CIRCUIT_BREAKER
 * @param breakerClosed               updates that moved it out again
 * @param probes                      requests admitted as a guard's probe (part of {@code admitted})
 */
public record RouteCounters(long admitted, long rejectedCircuitOpen, long rejectedInsufficientVoltage,
                            long rejectedInvalidVoltage, long breakerOpened, long breakerClosed, long probes) {

    /** Counts without probes (a route no guard probed). */
    public RouteCounters(long admitted, long rejectedCircuitOpen, long rejectedInsufficientVoltage,
                         long rejectedInvalidVoltage, long breakerOpened, long breakerClosed) {
        this(admitted, rejectedCircuitOpen, rejectedInsufficientVoltage, rejectedInvalidVoltage, breakerOpened,
                breakerClosed, 0);
    }

    /** All rejections. */
    public long rejected() {
        return rejectedCircuitOpen + rejectedInsufficientVoltage + rejectedInvalidVoltage;
    }

    /** The rejections with this reason; {@code OK} gives {@link #admitted()}. */
    public long count(Reason reason) {
        switch (reason) {
            case OK:
                return admitted;
            case CIRCUIT_OPEN:
                return rejectedCircuitOpen;
            case INSUFFICIENT_VOLTAGE:
                return rejectedInsufficientVoltage;
            default:
                return rejectedInvalidVoltage;
        }
    }
}
