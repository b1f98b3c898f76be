package dev.lwa.readiness;

import java.time.Duration;
import java.util.function.IntPredicate;

/**
 * One way of asking the web app whether it is ready. A probe holds no state between attempts,
 * so it may be used from several threads at once.
 */
public sealed interface ReadinessProbe permits HttpProbe, TcpProbe {

    /**
     * Upper bound of one attempt when the caller gives none. LWA 1.0 has no bound at all, so an
     * app that accepts connections but never answers blocks it forever. Two seconds rather than
     * less so that an app whose first request is slow (a cold JVM on a small Lambda) is not cut
     * off on every attempt; the retry loop keeps attempts coming anyway.
     */
    Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

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
