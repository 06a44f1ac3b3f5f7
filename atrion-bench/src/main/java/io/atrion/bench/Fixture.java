package io.atrion.bench;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.Mode;
import io.atrion.RouteHandle;
import io.atrion.Telemetry;
import java.util.SplittableRandom;

/**
 * Everything a benchmark needs before its loop starts: an {@link Atrion} on a
 * {@link SteppingClock}, pre-created route ids and handles, and pre-generated telemetry, so the
 * benchmark loop itself allocates nothing (what an engine allocates is what is measured).
 *
 * <p>Telemetry is a table of {@value #SAMPLES} healthy samples followed by {@value #SAMPLES}
 * stressed ones; operation {@code j} on route {@code r} reads sample
 * {@code (j & MASK) | offset[r]}, where {@code offset[r]} is 0 for a healthy route and
 * {@value #SAMPLES} for a stressed one: no branch, and every route sees varying values. Voltages
 * cycle through 100, 50, 20 and 5 (critical, high, normal, low), so some requests of a healthy
 * route are shed for insufficient voltage too.
 */
public final class Fixture {

    public static final int SAMPLES = 4096;
    public static final int MASK = SAMPLES - 1;
    /** Laps of updates over every route before measuring: past bootstrap (10) and tuner warm-up (50). */
    public static final int WARM_LAPS = 64;

    public final Engine engine;
    public final boolean autoTuner;
    public final Load load;
    public final int routes;
    public final SteppingClock clock = new SteppingClock();
    public final Atrion atrion;
    public final String[] ids;
    public final RouteHandle[] handles;
    /** 0 for a healthy route, {@link #SAMPLES} for a stressed one. */
    public final int[] offset;

    public final double[] latency = new double[2 * SAMPLES];
    public final double[] errorRate = new double[2 * SAMPLES];
    public final double[] saturation = new double[2 * SAMPLES];
    public final double[] voltage = new double[2 * SAMPLES];
    public final Telemetry[] telemetry = new Telemetry[2 * SAMPLES];

    public Fixture(Engine engine, boolean autoTuner, Load load, int routes) {
        this(engine, autoTuner, load, routes, "route-");
    }

    public Fixture(Engine engine, boolean autoTuner, Load load, int routes, String idPrefix) {
        this.engine = engine;
        this.autoTuner = autoTuner;
        this.load = load;
        this.routes = routes;
        Atrion.Builder b = Atrion.builder().engine(engine).clock(clock);
        if (!autoTuner) {
            b.autoTunerDisabled();
        }
        this.atrion = b.build();
        this.ids = new String[routes];
        this.handles = new RouteHandle[routes];
        this.offset = new int[routes];
        for (int r = 0; r < routes; r++) {
            ids[r] = idPrefix + r;
            handles[r] = atrion.handle(ids[r]);
            offset[r] = load.stressed(r) ? SAMPLES : 0;
        }
        fillSamples(new SplittableRandom(20261127L));
    }

    private void fillSamples(SplittableRandom rnd) {
        double[] tiers = {100, 50, 20, 5};
        for (int k = 0; k < SAMPLES; k++) {
            // Healthy, below every baseline of the default SLO (latency 100 ms, error rate 1 %,
            // saturation 0.5), so every pressure is negative and R = R_base + μ·M at most. The
            // jitter is kept moderate: with Δt = 1 ms, momentum is ‖ΔP‖ per ms and μ = 20, so
            // wilder jitter (e.g. latency 40–110 ms, saturation 0.2–0.6) lifts R of an unlucky
            // healthy route past the tuner's 30 Ω floor and opens its breaker (24 of 100,000
            // routes did, in both engines). Here ‖ΔP‖ ≤ 0.45, so R ≤ 19 Ω: no healthy route breaks.
            latency[k] = rnd.nextDouble(70, 90);
            errorRate[k] = rnd.nextDouble(0, 0.005);
            saturation[k] = rnd.nextDouble(0.3, 0.45);
            // Stressed.
            latency[SAMPLES + k] = rnd.nextDouble(300, 900);
            errorRate[SAMPLES + k] = rnd.nextDouble(0.1, 0.5);
            saturation[SAMPLES + k] = rnd.nextDouble(0.8, 1.0);
            voltage[k] = tiers[k & 3];
            voltage[SAMPLES + k] = tiers[k & 3];
        }
        for (int k = 0; k < 2 * SAMPLES; k++) {
            telemetry[k] = Telemetry.of(latency[k], errorRate[k], saturation[k]);
        }
    }

    /** Index of the telemetry sample for operation number {@code op} on route {@code r}. */
    public int sample(int op, int r) {
        return (op & MASK) | offset[r];
    }

    /** {@code handle.admit(...)} of route {@code r} with the sample of operation {@code op}. */
    public boolean admitHandle(int r, int op) {
        int k = sample(op, r);
        return handles[r].admit(latency[k], errorRate[k], saturation[k], voltage[k]);
    }

    /** {@code atrion.admit(id, ...)} of route {@code r} with the sample of operation {@code op}. */
    public boolean admitById(int r, int op) {
        int k = sample(op, r);
        return atrion.admit(ids[r], latency[k], errorRate[k], saturation[k], voltage[k]);
    }

    /** {@code atrion.route(id, telemetry, V).allowed()} of route {@code r} with the sample of operation {@code op}. */
    public boolean routeAllowed(int r, int op) {
        int k = sample(op, r);
        return atrion.route(ids[r], telemetry[k], voltage[k]).allowed();
    }

    /**
     * Runs {@link #WARM_LAPS} laps of handle updates over every route, one clock millisecond per
     * lap, so the measurement starts in steady state: routes OPERATIONAL, tuners warm, and under
     * {@link Load#MIXED} the stressed routes scarred and in CIRCUIT_BREAKER.
     */
    public Fixture warm() {
        int op = 0;
        for (int lap = 0; lap < WARM_LAPS; lap++) {
            for (int r = 0; r < routes; r++) {
                int k = sample(op++, r);
                handles[r].admit(latency[k], errorRate[k], saturation[k], voltage[k]);
            }
            clock.advance();
        }
        return this;
    }

    /** Routes currently in {@code mode} (reads every handle; not for the benchmark loop). */
    public int count(Mode mode) {
        int n = 0;
        for (RouteHandle h : handles) {
            if (h.mode() == mode) {
                n++;
            }
        }
        return n;
    }

    /** Routes stressed under this fixture's load. */
    public int stressedRoutes() {
        int n = 0;
        for (int r = 0; r < routes; r++) {
            if (load.stressed(r)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Fails when the warmed state is not what the load promises: with HEALTHY no breaker open,
     * with MIXED exactly the stressed routes broken. Cheap enough for a trial setup at 1,000
     * routes; at 100,000 it reads 100,000 handles once.
     */
    public Fixture check() {
        int broken = count(Mode.CIRCUIT_BREAKER);
        int expected = stressedRoutes();
        if (broken != expected || count(Mode.BOOTSTRAP) != 0) {
            throw new IllegalStateException(engine + "/" + load + "/" + routes + " routes: " + broken
                    + " in CIRCUIT_BREAKER, expected " + expected + "; " + count(Mode.BOOTSTRAP) + " in BOOTSTRAP");
        }
        return this;
    }
}
