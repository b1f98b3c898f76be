package dev.lwa.core.config;

import java.util.Objects;

/**
 * Where the Runtime API is and how Lambda runs the function.
 *
 * @param runtimeApi     {@code host:port} of the Runtime API: extension registration always uses it
 * @param invocationApi  {@code host:port} for {@code /next}, {@code /response} and {@code /error}:
 *                       the proxy when one is set, else {@code runtimeApi}
 * @param maxConcurrency how many invocations are served at once, at least 1
 * @param initType       how Lambda started the environment ({@code AWS_LAMBDA_INITIALIZATION_TYPE})
 */
public record Platform(String runtimeApi, String invocationApi, int maxConcurrency, InitType initType) {

    public Platform {
        Objects.requireNonNull(runtimeApi, "runtimeApi");
        Objects.requireNonNull(invocationApi, "invocationApi");
        Objects.requireNonNull(initType, "initType");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency " + maxConcurrency + " is below 1");
        }
    }

    /**
     * Whether the environment is restored from a SnapStart snapshot: the adapter then drops every
     * pooled connection after the restore, since those from before the snapshot are dead.
     */
    public boolean snapStart() {
        return initType == InitType.SNAP_START;
    }
}
