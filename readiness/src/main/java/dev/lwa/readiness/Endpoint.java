package dev.lwa.readiness;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
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

    /**
     * Opens a connection, or throws; resolves the name on every call because DNS may change. Tries
     * every address the name has, in turn, as LWA's connector and lwa's own client to the app do
     * ({@code localhost} may give 127.0.0.1 first while the app listens on ::1 only). The any-address
     * ({@code 0.0.0.0}, {@code [::]}, e.g. from {@code HOST=0.0.0.0}, which is how an app is told to
     * listen everywhere) is this machine's loopback, as the kernel and the forwarding client read it:
     * a plain {@code Socket} would go to the address of the machine's name instead.
     */
    Socket connect(long deadlineNanos) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new UnknownHostException(host); // the resolver's own text varies by platform
        }
        return connect(addresses, deadlineNanos);
    }

    /**
     * The longest one address may take to accept: the app is on this machine, where a connection is
     * accepted or refused at once; one that hangs (a full accept queue) is given up for the next
     * address, or the next attempt. It also bounds how long a stop waits for a connect, which an
     * interrupt does not end.
     */
    static final long CONNECT_SLICE_MS = 2_000;

    /**
     * Connects to the first of {@code addresses} that accepts; the last failure when none does.
     * Any failure of one address (refused, unreachable, no such address here, too slow) moves on to
     * the next, as LWA's connector does.
     */
    Socket connect(InetAddress[] addresses, long deadlineNanos) throws IOException {
        IOException failure = null;
        for (InetAddress a : addresses) {
            if (failure != null && deadlineNanos - System.nanoTime() <= 0) {
                break;
            }
            InetAddress address = a.isAnyLocalAddress() ? loopback(a) : a;
            Socket socket = new Socket();
            int timeout = (int) Math.min(millisLeft(deadlineNanos), CONNECT_SLICE_MS);
            try {
                socket.connect(new InetSocketAddress(address, port), timeout);
                return socket;
            } catch (SocketTimeoutException e) {
                socket.close();
                failure = new ConnectTimedOut(timeout); // the next address may answer
            } catch (SocketException e) {
                socket.close();
                failure = e; // the next address may be the one the app listens on
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        throw failure != null ? failure : new UnknownHostException(host + ": no address");
    }

    /** A connect given up after {@code millis}: says so, whatever the attempt's own bound. */
    static final class ConnectTimedOut extends SocketTimeoutException {
        ConnectTimedOut(long millis) {
            super("no connection within " + millis + " ms");
        }
    }

    private static InetAddress loopback(InetAddress anyLocal) throws UnknownHostException {
        return InetAddress.getByAddress(anyLocal instanceof Inet6Address
                ? new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                : new byte[]{127, 0, 0, 1});
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
        if (e instanceof ConnectTimedOut) {
            return e.getMessage();
        } else if (e instanceof SocketTimeoutException) {
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
