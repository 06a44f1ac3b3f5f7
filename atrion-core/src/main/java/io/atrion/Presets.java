package io.atrion;

/**
 * Named starting points for {@link Atrion#builder()} beyond the SPEC defaults. A preset changes
 * configuration values only; the formulas of SPEC.md §2 stay as they are.
 *
 * <h2>Interactive</h2>
 * For request/response traffic whose callers wait (HTTP and RPC dependencies): the SPEC physics
 * with a faster scar decay, λ = {@value #INTERACTIVE_DECAY_PER_SECOND}/s instead of 0.1/s. The
 * scar is a memory of failures: with λ = 0.1/s it forgives by a factor e every 10 s, so a route
 * that was down needs 15–20 s after the dependency heals before its normal-tier callers flow
 * again; with 0.3/s it forgives by e every 3.3 s and heals in 0–2 s. In the wind tunnel (the
 * twelve storms of {@code ./atrion lab}, seeds 1–5, guards with the limits of the tuned
 * Resilience4j breaker) every storm reached full admission within 5 s of tuned Resilience4j after
 * the heal on average with this preset, while with λ = 0.1/s the error spike, gray failure,
 * flapping, cascade, hard down and retry storm took 5.2–12.0 s longer than tuned Resilience4j
 * (docs/guard.md lists every candidate measured). The price: a dependency that
 * fails on and off is trusted again sooner, so more calls reach it while it still fails. Keep the
 * AutoTuner on with this preset: its recovery point follows the route, where the static one (50)
 * lets a route whose scar stays near σ/(1 − e^(−λ·probeInterval)) ≈ 19 reopen and close often.
 *
 * <pre>{@code
 * Atrion atrion = Presets.interactive()
 *         .guardConfig(GuardConfig.builder().limits(500, 0.25).build())
 *         .build();
 * }</pre>
 */
public final class Presets {

    /** The scar decay λ of the interactive preset, per second. */
    public static final double INTERACTIVE_DECAY_PER_SECOND = 0.3;

    private Presets() {
    }

    /** The SPEC physics (§2.1) with λ = {@value #INTERACTIVE_DECAY_PER_SECOND}/s. */
    public static PhysicsConfig interactivePhysics() {
        return PhysicsConfig.builder().decayRate(INTERACTIVE_DECAY_PER_SECOND).build();
    }

    /** {@code Atrion.builder().physics(Presets.interactivePhysics())}; every other setting at its default. */
    public static Atrion.Builder interactive() {
        return Atrion.builder().physics(interactivePhysics());
    }
}
