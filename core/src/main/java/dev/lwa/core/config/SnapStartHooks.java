package dev.lwa.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The app's SnapStart hook paths ({@code AWS_LWA_SNAPSTART_*_PATH}): what the adapter POSTs, with
 * an empty body, around a snapshot. Each is the configured path as the URL path setter makes it
 * (leading {@code /}, dot segments resolved, percent-encoded), checked at start-up not to be the
 * root, not to need a second decoding, and not to be the pass-through path. Requests from outside
 * whose path means the same as either are refused (403), so only the adapter reaches them.
 *
 * @param beforeCheckpoint POSTed before the snapshot is taken; empty: not configured
 * @param afterRestore     POSTed after the environment is restored; empty: not configured
 */
public record SnapStartHooks(Optional<String> beforeCheckpoint, Optional<String> afterRestore) {

    public SnapStartHooks {
        Objects.requireNonNull(beforeCheckpoint, "beforeCheckpoint");
        Objects.requireNonNull(afterRestore, "afterRestore");
    }

    /** No hook configured. */
    public static SnapStartHooks none() {
        return new SnapStartHooks(Optional.empty(), Optional.empty());
    }
}
