package dev.lwa.readiness;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/** Host and port of the app as configured, and the socket plumbing both probes share. */
record Endpoint(String host, int port) {

    Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty: expected a hostname, an IPv4 address or [IPv6]");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: expected 1 to 65535");
        }
    }

    /** {@code host:port} as written in URLs and the Host header (IPv6 keeps its brackets). */
    String authority() {
        return host + ":" + port;
    }

    /** Opens a connection, or throws; resolves the name on every call because DNS may change. */
    Socket connect(long deadlineNanos) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetSocketAddress address = new InetSocketAddress(bare, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        Socket socket = new Socket();
        try {
            socket.connect(address, millisLeft(deadlineNanos));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Remaining time as a socket timeout: at least 1 ms, because 0 would mean "forever". */
    static int millisLeft(long deadlineNanos) {
        long left = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
        return Math.clamp(left, 1, Integer.MAX_VALUE);
    }

    static long deadline(Duration timeout) {
        long nanos = Math.max(timeout.toNanos(), Duration.ofMillis(1).toNanos());
        return System.nanoTime() + nanos;
    }

    /** A short, lower-case reason for log lines and init-error messages. */
    static String describe(IOException e, Duration timeout, String waitingFor) {
        // instanceof, not a pattern switch: a type switch generates a class at run time
        if (e instanceof SocketTimeoutException) {
            return "timed out after " + Math.max(1, timeout.toMillis()) + " ms " + waitingFor;
        } else if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        } else if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return "connection refused";
        } else if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "connection failed" : e.getMessage();
    }
}
