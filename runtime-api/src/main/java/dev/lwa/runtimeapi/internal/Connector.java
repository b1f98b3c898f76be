package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Http1Request;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;

/**
 * Opens connections to an origin: every address the name resolves to in turn, each attempt bounded
 * by the connect timeout and the request deadline. Keeping them is the {@link ConnectionPool}'s job.
 */
final class Connector {
    private Connector() {
    }

    /**
     * Opens a new connection (TCP_NODELAY), bounded by the connect timeout and the request deadline.
     *
     * @param origin           {@code host:port} for the connection and for error messages
     * @param connectTimeoutMs {@link Long#MAX_VALUE} for no limit of its own
     */
    static Connection open(String host, int port, String origin, long connectTimeoutMs, long deadlineEpochMs)
            throws IOException {
        long startNanos = System.nanoTime();
        InetAddress[] addresses = InetAddress.getAllByName(host);
        IOException failure = null;
        for (InetAddress address : addresses) {
            long timeout = connectTimeoutMs;
            boolean deadlineBound = false;
            if (deadlineEpochMs != Http1Request.NO_DEADLINE) {
                long left = deadlineEpochMs - System.currentTimeMillis();
                if (left <= 0) {
                    throw connectDeadline(origin, startNanos);
                }
                if (left < timeout) {
                    timeout = left;
                    deadlineBound = true;
                }
            }
            // a channel, for the check of idle connections; its adaptor socket does the blocking I/O
            SocketChannel channel = SocketChannel.open();
            Socket socket = channel.socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address, port), timeout >= Integer.MAX_VALUE ? 0 : (int) timeout);
                return new Connection(channel, origin);
            } catch (SocketTimeoutException e) {
                closeQuietly(socket);
                if (deadlineBound) {
                    throw connectDeadline(origin, startNanos);
                }
                failure = new SocketTimeoutException("connect to " + origin + " (" + address.getHostAddress()
                        + ") timed out after " + timeout + " ms");
            } catch (ConnectException e) {
                closeQuietly(socket);
                // e.g. "localhost" resolving to ::1 and 127.0.0.1 while the server listens on one of them
                ConnectException ce = new ConnectException("connect to " + origin + " (" + address.getHostAddress()
                        + ") failed: " + e.getMessage());
                ce.initCause(e);
                failure = ce;
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                throw e;
            }
        }
        throw failure != null ? failure : new ConnectException("no address for " + host);
    }

    private static DeadlineExceededException connectDeadline(String origin, long startNanos) {
        return new DeadlineExceededException("deadline exceeded: waited " + (System.nanoTime() - startNanos) / 1_000_000
                + " ms to connect to " + origin);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the connect already failed; this failure adds nothing
        }
    }
}
