package dev.lwa.runtimeapi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port held by a test, for the cases where a port must be known before anything
 * listens on it: a subprocess told its port on the command line, an app that starts "late" on a
 * port the adapter already probes, or a port where nothing must listen. In-JVM servers that need
 * no such thing bind port 0 instead.
 *
 * <p>While the reservation is open the port is bound, with {@code SO_REUSEADDR}, but not
 * listening (a client socket that never connects). So on Linux, where the build and CI run:
 * <ul>
 *   <li>connecting to it is refused, as to a port where nothing listens;</li>
 *   <li>the kernel never gives it to another process: not to a port-0 bind, not to an outgoing
 *       connection, and an explicit bind without {@code SO_REUSEADDR} fails;</li>
 *   <li>the server the test starts on it binds and listens even though the reservation still
 *       holds the port, because it sets {@code SO_REUSEADDR} too: the JDK's {@code HttpServer}
 *       and {@code ServerSocket}, Jetty, nginx and Python's {@code http.server} all do.</li>
 * </ul>
 * The port is therefore never free between "the test picked it" and "the server listens on it":
 * no close-then-reuse race with other processes. Close the reservation at the end of the test
 * (closing it never disturbs a server listening on the port).
 */
public final class PortReservation implements AutoCloseable {
    private final Socket socket;

    private PortReservation(Socket socket) {
        this.socket = socket;
    }

    /** Holds a port on 127.0.0.1 that the OS chose. */
    public static PortReservation reserve() {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
        return new PortReservation(socket);
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was listening on it
        }
    }

    @Override
    public String toString() {
        return "PortReservation[127.0.0.1:" + port() + "]";
    }
}
