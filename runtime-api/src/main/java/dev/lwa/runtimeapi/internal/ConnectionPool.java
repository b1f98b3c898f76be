package dev.lwa.runtimeapi.internal;

import java.time.Duration;

/** STUB: to be implemented (runtime-api helper). */
public final class ConnectionPool {
    private final String host;
    private final int port;

    public ConnectionPool(String host, int port, boolean pooling, Duration idleTimeout, Duration connectTimeout) {
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public void close() {
    }
}
