package dev.lwa.emulator;

import java.time.Duration;
import java.util.Objects;

/** How {@link LambdaEmulator#restore()} ended: SnapStart's restore phase as the platform saw it. */
public sealed interface RestoreResult {

    /** The runtime asked for its first invocation {@code took} after its restore/next was answered. */
    record Restored(Duration took) implements RestoreResult {
        public Restored {
            Objects.requireNonNull(took, "took");
        }
    }

    /** The runtime posted {@code /runtime/restore/error} (or {@code /runtime/init/error}) while restoring. */
    record Failed(ErrorInfo error) implements RestoreResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The runtime neither asked for an invocation nor reported an error within {@code limit}
     * (Lambda's {@code Runtime.RestoreHookUserTimeout}).
     */
    record TimedOut(Duration limit) implements RestoreResult {
        public TimedOut {
            Objects.requireNonNull(limit, "limit");
        }
    }
}
