package dev.lwa.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the app listens ({@code AWS_LWA_HOST}, {@code AWS_LWA_PORT}) and how long a connection to
 * it is kept idle ({@code AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS}).
 *
 * @param host            a hostname, IPv4 address or {@code [IPv6]} literal, as written
 * @param port            1 to 65535
 * @param poolIdleTimeout how long an idle keep-alive connection to the app is kept for reuse;
 *                        {@link Duration#ZERO}: connections are not reused
 */
public record AppTarget(String host, int port, Duration poolIdleTimeout) {

    /** The client's default idle time, as LWA's: 4 s. */
    public static final Duration DEFAULT_POOL_IDLE_TIMEOUT = Duration.ofSeconds(4);

    public AppTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(poolIdleTimeout, "poolIdleTimeout");
        if (poolIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("poolIdleTimeout " + poolIdleTimeout + " is negative");
        }
    }

    /** With the default idle time. */
    public AppTarget(String host, int port) {
        this(host, port, DEFAULT_POOL_IDLE_TIMEOUT);
    }

    /** Whether connections to the app are kept for reuse. */
    public boolean pooling() {
        return !poolIdleTimeout.isZero();
    }

    /** {@code host:port}, e.g. {@code 127.0.0.1:8080} or {@code [::1]:3000}. */
    public String authority() {
        return host + ":" + port;
    }
}
