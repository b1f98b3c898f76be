package dev.lwa.runtimeapi.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP server on a plain ServerSocket, for what a real server will not do on demand:
 * broken framing, exact bytes, request trailers (which mockwebserver3 cannot parse). Each accepted
 * connection runs {@link Handler#handle} on its own virtual thread.
 */
public final class RawHttpServer implements AutoCloseable {
    @FunctionalInterface
    public interface Handler {
        void handle(Conn conn) throws Exception;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** One permit per connection the server has closed (its socket closed, after the handler returned). */
    private final Semaphore closed = new Semaphore(0);

    public RawHttpServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().name("raw-server-accept").start(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                int index = connections.getAndIncrement();
                sockets.add(s);
                Thread.ofVirtual().name("raw-server-conn-" + index).start(() -> {
                    try (s) {
                        handler.handle(new Conn(s, index));
                    } catch (EOFException | SocketException ignored) {
                        // the client went away: that is what many tests do on purpose
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        closed.release(); // try-with-resources closed the socket before this runs
                    }
                });
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /**
     * Waits until the server has closed one more connection than the earlier calls accounted for:
     * its close has then been sent (on loopback, a FIN or RST reaches the client's socket within the
     * server's {@code close} call).
     */
    public void awaitClosedConnection(Duration timeout) throws InterruptedException {
        if (!closed.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server closed no further connection within " + timeout);
        }
    }

    /** Closes every accepted connection but keeps listening, as an app restart does to its clients. */
    public void closeConnections() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Assertion errors or exceptions thrown by handlers (other than the client hanging up). */
    public List<Throwable> failures() {
        return failures;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** One accepted connection, with helpers to read requests and write raw responses. */
    public static final class Conn {
        public final Socket socket;
        public final int index;
        private final InputStream in;
        private final OutputStream out;

        Conn(Socket socket, int index) throws IOException {
            this.socket = socket;
            this.index = index;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads a request head up to and including the empty line; null when the client closed first. */
        public String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new EOFException("client closed inside the request head: " + head);
                }
                head.write(b);
                state = switch (state) {
                    case 0, 2 -> b == '\r' ? state + 1 : 0;
                    case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                    default -> state;
                };
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        public byte[] readBytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new EOFException("expected " + n + " bytes, got " + b.length);
            }
            return b;
        }

        /** Reads a line including its CRLF. */
        public String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("client closed inside a line: " + line);
                }
                line.write(b);
                if (prev == '\r' && b == '\n') {
                    return line.toString(StandardCharsets.ISO_8859_1);
                }
                prev = b;
            }
        }

        /** Reads a whole chunked body as raw wire bytes, through the final CRLF after the trailers. */
        public String readChunkedRaw() throws IOException {
            StringBuilder raw = new StringBuilder();
            while (true) {
                String sizeLine = readLine();
                raw.append(sizeLine);
                int size = Integer.parseInt(sizeLine.trim().split(";")[0], 16);
                if (size == 0) {
                    while (true) {
                        String trailer = readLine();
                        raw.append(trailer);
                        if (trailer.equals("\r\n")) {
                            return raw.toString();
                        }
                    }
                }
                raw.append(new String(readBytes(size + 2), StandardCharsets.ISO_8859_1));
            }
        }

        public void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        public void write(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** -1 when the client closed the connection (used to await a client's close). */
        public int read() throws IOException {
            return in.read();
        }
    }
}
