package dev.lwa.core.pipeline;

import dev.lwa.readiness.ReadinessCheck;

import java.time.Duration;
import java.util.Optional;

/**
 * The async-init gate (docs/behaviour.md, "Start-up and readiness"): when the app was not ready at the end
 * of init, the first invocations finish the readiness check before forwarding. Unlike LWA the
 * wait is bounded by the invocation's deadline (D6).
 */
public final class AppReadiness {
    private final ReadinessCheck check;
    private volatile boolean ready;

    public AppReadiness(ReadinessCheck check, boolean readyAtStart) {
        this.check = check;
        this.ready = readyAtStart;
    }

    public static AppReadiness alreadyReady() {
        return new AppReadiness(null, true);
    }

    /**
     * Returns at once when the app is known to be ready; otherwise probes until it is or until
     * {@code deadlineEpochMs}.
     *
     * @return false when the deadline passed first
     */
    public boolean await(long deadlineEpochMs) {
        if (ready) {
            return true;
        }
        long remaining = deadlineEpochMs - System.currentTimeMillis();
        if (remaining <= 0) {
            return false;
        }
        if (check.await(Optional.of(Duration.ofMillis(remaining))) instanceof ReadinessCheck.Result.Ready) {
            ready = true;
        }
        return ready;
    }
}
