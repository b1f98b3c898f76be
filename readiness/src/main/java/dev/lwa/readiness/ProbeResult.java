package dev.lwa.readiness;

/**
 * What one readiness attempt saw. {@link #detail()} is meant for log lines and init-error
 * messages, e.g. {@code "status 503"}, {@code "connection refused"} or
 * {@code "timed out after 1000 ms waiting for the status line"}.
 */
public sealed interface ProbeResult {

    String detail();

    /** The app answered in a way that counts as ready. */
    record Healthy(String detail) implements ProbeResult {
    }

    /** The app is not ready yet, and why. */
    record Unhealthy(String detail) implements ProbeResult {
    }
}
