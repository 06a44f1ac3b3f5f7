package io.atrion.testing;

import io.atrion.Telemetry;

/** Telemetry samples whose pressures under the default SLO are easy to derive by hand. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Exactly at every baseline of the default SLO (100 ms, 0.01, 0.5): P = (tanh 0, tanh 0, tanh 0)
     * = (0, 0, 0), so P·W = 0, ‖P‖ = 0, ‖P⁺‖ = 0.
     */
    public static final Telemetry BASELINE = Telemetry.of(100, 0.01, 0.5);

    /**
     * Far better than baseline: P = (tanh(−1), tanh(−1), tanh(−1)) ≈ (−0.7616, −0.7616, −0.7616);
     * ‖P⁺‖ = 0 (never scars), ‖P‖ = 0.7616·√3 ≈ 1.319, P·W ≈ −0.7616·5.375 ≈ −4.094.
     */
    public static final Telemetry CALM = Telemetry.of(0, 0, 0);

    /**
     * Far worse than baseline: P = (tanh 9, tanh 99, tanh 1) ≈ (1, 1, 0.7616);
     * ‖P⁺‖ ≈ 1.6 &gt; 0.7 (scars), P·W ≈ 1.79 + 2.20 + 1.06 ≈ 5.05.
     */
    public static final Telemetry CRITICAL = Telemetry.of(1000, 1, 1);
}
