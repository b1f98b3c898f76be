package dev.lwa.readiness;

import java.time.Duration;
import java.util.function.IntPredicate;

/**
 * One way of asking the web app whether it is ready. A probe holds no state between attempts,
 * so it may be used from several threads at once.
 */
public sealed interface ReadinessProbe permits HttpProbe, TcpProbe {

    /**
     * Upper bound of one attempt when the caller gives none. LWA waits for the answer however long
     * it takes, and so does an attempt here, within reason: a health check may be slow (a database
     * queried on a cold start, a cold JVM on a small Lambda), and cutting it short would never see
     * it answer (each new attempt queues behind the last in a one-at-a-time app). Only a connection
     * that gets no answer at all for this long is given up for a new one; LWA's would wait forever.
     */
    Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(60);

    /** One attempt, bounded by {@link #DEFAULT_ATTEMPT_TIMEOUT}. */
    default ProbeResult probe() {
        return probe(DEFAULT_ATTEMPT_TIMEOUT);
    }

    /**
     * One attempt; connecting and waiting for the answer together take at most about
     * {@code timeout} (at least 1 ms). Never throws for I/O problems: they are
     * {@link ProbeResult.Unhealthy} with the reason.
     */
    ProbeResult probe(Duration timeout);

    /** For log lines: {@code http://127.0.0.1:8080/} or {@code tcp://127.0.0.1:8080}. */
    String target();

    /**
     * {@code GET path HTTP/1.1} to {@code host:port}; healthy iff a status line arrives and its
     * status satisfies {@code healthy}.
     *
     * @param host a hostname, an IPv4 address or a bracketed IPv6 address ({@code [::1]})
     * @param path starts with {@code /}; may carry a query
     */
    static ReadinessProbe http(String host, int port, String path, IntPredicate healthy) {
        return new HttpProbe(host, port, path, healthy);
    }

    /** Healthy iff a TCP connection to {@code host:port} can be opened. */
    static ReadinessProbe tcp(String host, int port) {
        return new TcpProbe(host, port);
    }
}
