package io.atrion.web;

/** The names of the numbers in a route's state record ({@link FlatEngine#exportState}), in order. */
final class StateRecord {

    static final String[] FIELDS = {"mode", "tick", "lastUpdatedMillis", "resistance", "scar", "momentum",
        "breakPoint", "recoveryPoint", "ok", "circuitOpen", "insufficientVoltage", "invalidVoltage", "opened",
        "closed"};

    private StateRecord() {
    }
}
