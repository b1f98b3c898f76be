package dev.lwa.runtimeapi.http;

import java.io.IOException;
import java.time.Duration;

/**
 * A small HTTP/1.1 client for one origin ({@code host:port}, plain HTTP), on blocking
 * {@code java.net.Socket}s, meant for virtual threads.
 *
 * <ul>
 *   <li>keep-alive with a pool of idle connections (closed after {@code idleTimeout}); pooling can
 *       be turned off, and every pooled connection dropped at once ({@link #dropConnections()},
 *       after a SnapStart restore);</li>
 *   <li>one safe retry on a fresh connection when a <em>reused</em> connection turns out dead before
 *       any response byte arrived and the body is replayable (a server may close an idle
 *       connection at any time, HTTP/1.0 servers close after each response);</li>
 *   <li>response bodies framed by Content-Length, chunked (with trailers) or read-to-close; 1xx
 *       interim responses skipped; no body for HEAD, 204, 304;</li>
 *   <li>request bodies by Content-Length, or chunked with trailers.</li>
 * </ul>
 *
 * Thread-safe: any number of threads may send at once, each exchange on its own connection.
 */
public final class Http1Client implements AutoCloseable {
    private final dev.lwa.runtimeapi.internal.ConnectionPool pool;

    private Http1Client(Builder b) {
        this.pool = new dev.lwa.runtimeapi.internal.ConnectionPool(b.host, b.port, b.pooling, b.idleTimeout, b.connectTimeout);
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Sends the request and reads the response status line and header section.
     *
     * @throws java.net.ConnectException when nothing listens on the origin
     * @throws DeadlineExceededException when the request deadline passes first
     * @throws MalformedResponseException when the server does not speak HTTP/1.x
     * @throws IOException on any other transport failure (reset, EOF before the end of the headers)
     * @throws IllegalArgumentException before anything is sent, when the method, target, a header or
     *         (for a streamed body) a trailer could not be sent safely: CR, LF or NUL in a value, a name
     *         that is not an HTTP token
     */
    public Http1Response send(Http1Request request) throws IOException {
        return dev.lwa.runtimeapi.internal.Exchange.send(pool, request);
    }

    public String host() {
        return pool.host();
    }

    public int port() {
        return pool.port();
    }

    /**
     * Drops every pooled connection: idle ones close now, those in use close when their response is
     * closed instead of going back to the pool. The client keeps working, on new connections. For
     * SnapStart: connections from before a snapshot are dead after the restore.
     */
    public void dropConnections() {
        pool.dropConnections();
    }

    /**
     * Closes idle pooled connections; connections in use close when their response is closed.
     * Sending after close still works, but no connection is kept for reuse.
     */
    @Override
    public void close() {
        pool.close();
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private boolean pooling = true;
        private Duration idleTimeout = Duration.ofSeconds(4);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** Reuse connections (default true). */
        public Builder pooling(boolean pooling) {
            this.pooling = pooling;
            return this;
        }

        /** How long an idle pooled connection is kept (default 4 s, as LWA's client). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Longest wait for a TCP connect (default 10 s); {@link Duration#ZERO} for no limit of its own.
         * The request deadline bounds the connect too, whichever comes first.
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Http1Client build() {
            return new Http1Client(this);
        }
    }
}
