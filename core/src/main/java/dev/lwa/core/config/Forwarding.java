package dev.lwa.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How invocations reach the app and its answers come back.
 *
 * @param removeBasePath      the prefix taken off request paths; empty: none
 * @param compression         whether responses are compressed (also when streamed)
 * @param invokeMode          buffered or streamed results
 * @param passThroughPath     where non-HTTP events are POSTed; starts with {@code /}
 * @param authorizationSource the header whose value becomes {@code Authorization}; empty: none
 * @param errorStatusCodes    the app statuses that fail the invocation; may be empty
 */
public record Forwarding(Optional<String> removeBasePath, boolean compression, InvokeMode invokeMode,
                         String passThroughPath, Optional<String> authorizationSource, StatusCodes errorStatusCodes) {

    public Forwarding {
        Objects.requireNonNull(removeBasePath, "removeBasePath");
        Objects.requireNonNull(invokeMode, "invokeMode");
        Objects.requireNonNull(passThroughPath, "passThroughPath");
        Objects.requireNonNull(authorizationSource, "authorizationSource");
        Objects.requireNonNull(errorStatusCodes, "errorStatusCodes");
    }
}
