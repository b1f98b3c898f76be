package dev.lwa.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the app counts as ready ({@code AWS_LWA_READINESS_CHECK_*}, {@code AWS_LWA_ASYNC_INIT}); the
 * check probes the app's host.
 *
 * @param port          the port probed
 * @param path          what the HTTP check gets; starts with {@code /}, may carry a query
 * @param protocol      HTTP or TCP
 * @param healthyStatus the statuses that mean ready to the HTTP check; may be empty
 * @param timeout       how long to wait before giving up; empty: wait forever
 * @param asyncInit     whether the init phase may end before the app is ready
 */
public record Readiness(int port, String path, ReadinessProtocol protocol, StatusCodes healthyStatus,
                        Optional<Duration> timeout, boolean asyncInit) {

    public Readiness {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(healthyStatus, "healthyStatus");
        Objects.requireNonNull(timeout, "timeout");
    }
}
