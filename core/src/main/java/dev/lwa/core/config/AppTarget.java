package dev.lwa.core.config;

import java.util.Objects;

/**
 * Where the app listens ({@code AWS_LWA_HOST}, {@code AWS_LWA_PORT}).
 *
 * @param host a hostname, IPv4 address or {@code [IPv6]} literal, as written
 * @param port 1 to 65535
 */
public record AppTarget(String host, int port) {

    public AppTarget {
        Objects.requireNonNull(host, "host");
    }

    /** {@code host:port}, e.g. {@code 127.0.0.1:8080} or {@code [::1]:3000}. */
    public String authority() {
        return host + ":" + port;
    }
}
