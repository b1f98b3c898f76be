package dev.lwa.bootstrap;

import dev.lwa.emulator.LambdaEmulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback in front of the emulator's Runtime API, for
 * {@code AWS_LWA_LAMBDA_RUNTIME_API_PROXY} (D9). It forwards every connection to a port given
 * later (the adapter may start before the test knows the emulator's port, and connections wait
 * for it) and keeps every byte the client sent.
 *
 * <p>It can also move the invocation deadlines the adapter sees: {@link #advanceDeadlines} rewrites
 * {@code Lambda-Runtime-Deadline-Ms} in the emulator's answers to an earlier instant. The adapter
 * then stops waiting for the app well before the emulator would time the invocation out, so a
 * test of what the adapter reports at its deadline ({@code lwa.AppTimeout}, {@code lwa.AppNotReady})
 * does not race the emulator's own timeout: lwa keeps only min(200 ms, a tenth) between the two,
 * and on a busy machine 200 ms is not enough to be sure of.
 */
final class ForwardingProxy implements AutoCloseable {
    private static final byte[] DEADLINE_HEADER = "\nlambda-runtime-deadline-ms:".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final CountDownLatch targetKnown = new CountDownLatch(1);
    private volatile int targetPort;
    private volatile long advanceMs;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ForwardingProxy(ServerSocket server) {
        this.server = server;
    }

    static ForwardingProxy start() throws IOException {
        ForwardingProxy p = new ForwardingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("proxy-accept").start(p::accept);
        return p;
    }

    /**
     * A proxy to {@code emulator} whose deadlines the adapter sees {@code advance} earlier than the
     * emulator enforces them; {@code env} (the adapter's) gets {@code AWS_LWA_LAMBDA_RUNTIME_API_PROXY}.
     */
    static ForwardingProxy advancingDeadlines(LambdaEmulator emulator, Duration advance, Map<String, String> env)
            throws IOException {
        ForwardingProxy proxy = start();
        proxy.advanceDeadlines(advance);
        proxy.forwardTo(emulator.port());
        env.put("AWS_LWA_LAMBDA_RUNTIME_API_PROXY", "127.0.0.1:" + proxy.port());
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    void forwardTo(int port) {
        targetPort = port;
        targetKnown.countDown();
    }

    /** From now on, every {@code Lambda-Runtime-Deadline-Ms} passed to the client is {@code advance} earlier. */
    void advanceDeadlines(Duration advance) {
        advanceMs = advance.toMillis();
    }

    /** Everything clients sent, in arrival order per chunk (ISO-8859-1). */
    String traffic() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().name("proxy-conn").start(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            if (!targetKnown.await(10, TimeUnit.SECONDS)) {
                client.close();
                return;
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(upstream);
            Thread.ofVirtual().name("proxy-down").start(() -> pipe(upstream, client, false));
            pipe(client, upstream, true);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket from, Socket to, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            DeadlineRewriter rewriter = new DeadlineRewriter(out);
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (upstream) {
                    synchronized (sent) {
                        sent.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                } else {
                    rewriter.write(buffer, n);
                }
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /**
     * Copies the emulator's answers, replacing the value of each {@code Lambda-Runtime-Deadline-Ms}
     * header line with one {@link #advanceMs} earlier. Only that value is held back until its line
     * ends; every other byte passes at once.
     */
    private final class DeadlineRewriter {
        private final OutputStream out;
        private int matched; // bytes of DEADLINE_HEADER just passed
        private StringBuilder value; // non-null while reading the header's value

        DeadlineRewriter(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes, int length) throws IOException {
            ByteArrayOutputStream pass = new ByteArrayOutputStream(length + 32);
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (value != null) {
                    if (b != '\r' && b != '\n') {
                        value.append((char) b);
                        continue;
                    }
                    pass.writeBytes(rewritten(value.toString()).getBytes(StandardCharsets.US_ASCII));
                    value = null;
                }
                pass.write(b);
                byte c = (byte) Character.toLowerCase((char) (b & 0xff));
                matched = c == DEADLINE_HEADER[matched] ? matched + 1 : c == DEADLINE_HEADER[0] ? 1 : 0;
                if (matched == DEADLINE_HEADER.length) {
                    matched = 0;
                    value = new StringBuilder();
                }
            }
            out.write(pass.toByteArray());
        }

        private String rewritten(String original) {
            String digits = original.trim();
            long deadline = Long.parseLong(digits);
            return original.substring(0, original.indexOf(digits)) + (deadline - advanceMs);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(ForwardingProxy::closeQuietly);
    }
}
