package dev.lwa.readiness;

/**
 * When to log "app is not ready after …": LWA's {@code Checkpoint} (src/readiness.rs). The
 * first line is due at 2000 ms, each logged line moves the mark on by 2000 ms. The caller asks
 * once per attempt, so after a slow attempt the lines catch up one attempt at a time.
 */
final class Checkpoint {

    /** LWA's choice: the default function timeout is 3 s, so the first line comes before it. */
    static final long INTERVAL_MS = 2000;

    private final long intervalMs;
    private long nextMs;

    Checkpoint() {
        this(INTERVAL_MS);
    }

    Checkpoint(long intervalMs) {
        this.intervalMs = intervalMs;
        this.nextMs = intervalMs;
    }

    long nextMs() {
        return nextMs;
    }

    boolean lapsed(long elapsedMs) {
        return elapsedMs >= nextMs;
    }

    void increment() {
        nextMs += intervalMs;
    }
}
