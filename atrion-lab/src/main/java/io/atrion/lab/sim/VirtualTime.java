package io.atrion.lab.sim;

/**
 * The simulation's clock and event queue, for a policy whose work is not tied to a call: a state
 * provider delivering vectors after a propagation delay, a publisher that runs every few
 * milliseconds. Everything scheduled here runs on the simulation's thread at its virtual time,
 * in the order of time and then of scheduling, so runs stay deterministic.
 */
public interface VirtualTime {

    /** Simulated time now, in ms since the start of the run. */
    long nowMs();

    /** Runs {@code action} once at simulated time {@code timeMs} (now, if it is in the past). */
    void at(long timeMs, Runnable action);

    /**
     * Runs {@code action} every {@code periodMs} from now + {@code periodMs}, for as long as the
     * run has anything else to do (the last run of it follows the run's last other event).
     *
     * @throws IllegalArgumentException when the period is not positive
     */
    void every(long periodMs, Runnable action);
}
