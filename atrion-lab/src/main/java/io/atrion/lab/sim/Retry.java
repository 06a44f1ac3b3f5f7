package io.atrion.lab.sim;

/**
 * How clients retry a request whose call failed (error or timeout) or was shed: at most
 * {@code maxRetries} more attempts, the n-th after {@code backoffMs · multiplier^(n−1) · (1 − jitter·u)}
 * ms with u uniform in [0, 1) from the request's own random stream (jitter 0: no randomness,
 * 1: "full jitter"). Each attempt is a new call through the policy; the request succeeds when
 * one attempt does. This is how a retry storm amplifies load.
 */
public record Retry(int maxRetries, double backoffMs, double multiplier, double jitter) {

    public Retry {
        if (maxRetries < 1) {
            throw new IllegalArgumentException("retry.maxRetries must be >= 1, got " + maxRetries);
        }
        if (!(backoffMs > 0) || !Double.isFinite(backoffMs)) {
            throw new IllegalArgumentException("retry.backoffMs must be a finite number > 0, got " + backoffMs);
        }
        if (!(multiplier >= 1) || !Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("retry.multiplier must be a finite number >= 1, got " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("retry.jitter must be in [0, 1], got " + jitter);
        }
    }

    /** Delay before retry number {@code n} (1-based), for a uniform draw {@code u} in [0, 1). */
    public long delayMs(int n, double u) {
        return Math.max(1L, Math.round(backoffMs * Math.pow(multiplier, n - 1) * (1.0 - jitter * u)));
    }

    /** The longest the retries of one request can wait in total (no jitter), ms. */
    public long maxTotalBackoffMs() {
        long total = 0;
        for (int n = 1; n <= maxRetries; n++) {
            total += delayMs(n, 0.0);
        }
        return total;
    }
}
