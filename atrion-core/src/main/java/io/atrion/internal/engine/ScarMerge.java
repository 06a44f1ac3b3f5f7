package io.atrion.internal.engine;

import io.atrion.internal.physics.Physics;

/**
 * The merge of a remote route vector into the local scar (SPEC.md §5, amended 2026-11-30), written
 * once for both engines, each expression evaluated in the order written so both engines give the
 * same doubles:
 * <pre>
 *   S_r' = S_r · e^(−λ·max(0, now − t_r)/1000)        decay = Physics.decayFactor(λ, max(0, now − t_r))
 *   S    = γ·S_r' + (1 − γ)·S_local                   (γ * (S_r * decay)) + ((1 - γ) * S_local)
 * </pre>
 * then clamped finite and non-negative like every scar (§2.9). γ = 1 gives exactly S_r' (the
 * local term is {@code 0.0 * S_local} = 0 for a finite, non-negative S_local); γ = 0 keeps S_local.
 *
 * <p>Internal: not part of the public API.
 */
public final class ScarMerge {

    private ScarMerge() {
    }

    /** Milliseconds the remote scar ages before it is blended: {@code max(0, now − t_r)}. */
    public static long ageMillis(long nowMillis, long remoteUpdatedAtMillis) {
        if (remoteUpdatedAtMillis >= nowMillis) {
            return 0L; // a remote clock ahead of ours: the scar has not aged yet
        }
        long age = nowMillis - remoteUpdatedAtMillis;
        return age < 0 ? Long.MAX_VALUE : age; // overflowed: an astronomically old scar
    }

    /** The blended scar {@code γ·S_r' + (1 − γ)·S_local}, clamped (§2.9). */
    public static double blend(double localScar, double remoteScar, long remoteUpdatedAtMillis, double remoteWeight,
                               double decayRatePerSecond, long nowMillis) {
        double decay = Physics.decayFactor(decayRatePerSecond, ageMillis(nowMillis, remoteUpdatedAtMillis));
        double decayedRemote = remoteScar * decay;
        return Physics.clampNonNegative(remoteWeight * decayedRemote + (1 - remoteWeight) * localScar);
    }
}
