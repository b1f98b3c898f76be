package dev.lwa.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app of every benchmark: an HTTP/1.1 keep-alive server on 127.0.0.1 that answers every
 * request with the same bytes, so that what is measured is the adapter and not the app.
 *
 * <ul>
 *   <li>one virtual thread per connection, blocking socket I/O, {@code TCP_NODELAY};</li>
 *   <li>the whole response (head and body) prepared once and sent in one {@code write}: a
 *       response split over two segments meets Nagle and delayed ACKs on the client side and
 *       costs ~40 ms (docs/http-client.md, "Request framing");</li>
 *   <li>request bodies are framed by Content-Length only (what our client sends for a known body);
 *       a chunked request is answered and the connection closed, because this server does not
 *       decode chunks.</li>
 * </ul>
 *
 * Run as a process it prints {@code listening on <port>} once bound (see {@link #main}).
 */
public final class FixedResponseServer implements AutoCloseable {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_HEAD = 64 * 1024;
    /**
     * The default of {@link #start(byte[], String)}: {@code -Dlwa.bench.app.platformThreads=true}
     * serves each connection on a platform thread instead, for the experiment in
     * docs/performance.md that separates the app's own wake-up cost (a blocked virtual thread is
     * woken through the JDK's poller and a carrier thread) from the adapter's.
     */
    static final boolean PLATFORM_THREADS = Boolean.getBoolean("lwa.bench.app.platformThreads");

    private final ServerSocket server;
    private final byte[] response;
    private final byte[] closingResponse;
    private final AtomicLong requests = new AtomicLong();
    private final Thread acceptor;
    private final boolean platformThreads;

    private FixedResponseServer(ServerSocket server, byte[] response, byte[] closingResponse, boolean platformThreads) {
        this.server = server;
        this.platformThreads = platformThreads;
        this.response = response;
        this.closingResponse = closingResponse;
        this.acceptor = Thread.ofPlatform().daemon().name("fixed-app-accept").start(this::acceptLoop);
    }

    /** Starts on an ephemeral port of 127.0.0.1, a virtual thread per connection (unless the property says otherwise). */
    public static FixedResponseServer start(byte[] body, String contentType) throws IOException {
        return start(0, body, contentType, PLATFORM_THREADS);
    }

    public static FixedResponseServer start(int port, byte[] body, String contentType) throws IOException {
        return start(port, body, contentType, PLATFORM_THREADS);
    }

    /** @param platformThreads a platform thread per connection instead of a virtual thread */
    public static FixedResponseServer start(int port, byte[] body, String contentType, boolean platformThreads)
            throws IOException {
        return new FixedResponseServer(listen(port), response(body, contentType, false), response(body, contentType, true),
                platformThreads);
    }

    /**
     * The body sent chunked, in chunks of {@code chunkSize} bytes, as a streaming framework or a
     * compression middleware sends it: no Content-Length, so the reader cannot size it first.
     */
    public static FixedResponseServer startChunked(byte[] body, String contentType, int chunkSize) throws IOException {
        return new FixedResponseServer(listen(0), chunkedResponse(body, contentType, chunkSize, false),
                chunkedResponse(body, contentType, chunkSize, true), PLATFORM_THREADS);
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        return s;
    }

    static byte[] chunkedResponse(byte[] body, String contentType, int chunkSize, boolean close) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + body.length / chunkSize * 8 + 256);
        out.writeBytes(("HTTP/1.1 200 OK\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < body.length; i += chunkSize) {
            int n = Math.min(chunkSize, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes(new byte[]{'\r', '\n'});
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests answered so far (a sanity check that a benchmark did reach the app). */
    public long requests() {
        return requests.get();
    }

    /** The exact bytes sent for each keep-alive request. */
    public byte[] responseBytes() {
        return response.clone();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket we own; nothing to report
        }
        acceptor.interrupt();
    }

    static byte[] response(byte[] body, String contentType, boolean close) {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            (platformThreads ? Thread.ofPlatform().daemon() : Thread.ofVirtual()).name("fixed-app-conn").start(() -> serve(s));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            int pos = 0;
            int lim = 0;
            while (true) {
                // find the end of the head in buf[pos, lim), reading more as needed
                int headEnd;
                while ((headEnd = indexOf(buf, pos, lim, HEAD_END)) < 0) {
                    if (pos > 0) {
                        System.arraycopy(buf, pos, buf, 0, lim - pos);
                        lim -= pos;
                        pos = 0;
                    }
                    if (lim == buf.length) {
                        if (buf.length >= MAX_HEAD) {
                            return; // not HTTP as we know it: drop the connection
                        }
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = in.read(buf, lim, buf.length - lim);
                    if (n < 0) {
                        return;
                    }
                    lim += n;
                }
                Head head = Head.parse(buf, pos, headEnd);
                pos = headEnd + HEAD_END.length;
                // skip the body: first what is buffered, then straight from the socket
                long left = head.contentLength();
                int buffered = (int) Math.min(left, lim - pos);
                pos += buffered;
                left -= buffered;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        return;
                    }
                    left -= n;
                }
                if (pos == lim) {
                    pos = 0;
                    lim = 0;
                }
                requests.incrementAndGet();
                boolean close = head.close() || head.chunked();
                out.write(close ? closingResponse : response);
                if (close) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away: normal at the end of a run
        } catch (IOException e) {
            // same: nothing to answer to
        }
    }

    static int indexOf(byte[] b, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** What the server needs from a request head: body length and whether to close. */
    record Head(long contentLength, boolean close, boolean chunked) {
        static Head parse(byte[] b, int from, int to) {
            long length = 0;
            boolean close = false;
            boolean chunked = false;
            int line = indexOf(b, from, to, new byte[] {'\r', '\n'});
            int i = line < 0 ? to : line + 2; // skip the request line
            while (i < to) {
                int eol = indexOf(b, i, to + 2, new byte[] {'\r', '\n'});
                if (eol < 0) {
                    eol = to;
                }
                int colon = i;
                while (colon < eol && b[colon] != ':') {
                    colon++;
                }
                if (colon < eol) {
                    String name = new String(b, i, colon - i, StandardCharsets.ISO_8859_1);
                    String value = new String(b, colon + 1, eol - colon - 1, StandardCharsets.ISO_8859_1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Connection")) {
                        close = value.equalsIgnoreCase("close");
                    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        chunked = true;
                    }
                }
                i = eol + 2;
            }
            return new Head(length, close, chunked);
        }
    }

    /**
     * {@code FixedResponseServer [port] [body-bytes] [virtual|platform]}: serves a JSON body of that
     * size (default {@link Events#SMALL_BODY}) until killed.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : Events.SMALL_BODY;
        boolean platform = args.length > 2 ? args[2].equals("platform") : PLATFORM_THREADS;
        FixedResponseServer app = start(port, Events.jsonBody(size), "application/json", platform);
        PrintStream out = System.out;
        out.println("listening on " + app.port());
        out.flush();
        Thread.currentThread().join();
    }
}
