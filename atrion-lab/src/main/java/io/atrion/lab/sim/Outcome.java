package io.atrion.lab.sim;

/** How a call ended, as its caller sees it. */
public enum Outcome {
    /** Served without error before the caller's timeout. */
    SUCCESS,
    /** The callee (or one of its own calls) failed. */
    ERROR,
    /** The caller stopped waiting. */
    TIMEOUT,
    /** A policy on the way refused the call (it failed fast without reaching its target). */
    SHED
}
