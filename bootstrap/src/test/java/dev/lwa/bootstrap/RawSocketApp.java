package dev.lwa.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An "app" on a plain ServerSocket that misbehaves on purpose, chosen by the request path (one
 * connection per request, closed after it, and said so with {@code Connection: close} wherever the
 * answer is complete, as RFC 9112 §9.6 asks of a server that closes):
 * <ul>
 *   <li>{@code /ok}: a correct {@code 200 ok};</li>
 *   <li>{@code /truncated}: {@code Content-Length: 100}, 10 bytes, then a normal close;</li>
 *   <li>{@code /reset}: the same, then a TCP reset (SO_LINGER 0);</li>
 *   <li>{@code /chunked-truncated}: one chunk of a chunked body, then close;</li>
 *   <li>{@code /close}: closes without answering;</li>
 *   <li>{@code /garbage}: an SSH banner instead of HTTP;</li>
 *   <li>{@code /bad-length}: {@code Content-Length: ten};</li>
 *   <li>{@code /stall-body}: the head and 10 of 100 body bytes, then nothing;</li>
 * </ul>
 * and answers that are unusual but valid HTTP/1.1:
 * <ul>
 *   <li>{@code /silent-close}: {@code 200 ok} with a {@code Content-Length} and no {@code Connection}
 *   field, so the connection may be kept, then a close anyway ({@link #awaitSilentClose} waits
 *   for it);</li>
 *   <li>{@code /head}: {@code Content-Length: 100} and no body (right for a HEAD request);</li>
 *   <li>{@code /interim}: {@code 100 Continue} and {@code 103 Early Hints} before the {@code 200};</li>
 *   <li>{@code /http10}: an HTTP/1.0 answer without length, the body ending at close;</li>
 *   <li>{@code /chunked-trailers}: a chunked body in three chunks with a trailer field;</li>
 *   <li>{@code /no-content}: {@code 204} with a stray {@code Content-Length: 5} and no body;</li>
 *   <li>{@code /hop-by-hop}: a chunked {@code 200} with every hop-by-hop field, one of them
 *       ({@code X-Private}) named by {@code Connection}, a stale {@code Content-Length} beside the
 *       chunked coding (1 for a 2-byte body), and a {@code Set-Cookie}.</li>
 * </ul>
 * The readiness check must be TCP (an HTTP probe of {@code /} would get {@code 404}, which is
 * healthy by default, but the point here is the traffic). The raw request heads are recorded.
 */
final class RawSocketApp implements LoopbackApp {
    private final ServerSocket server;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Semaphore silentCloses = new Semaphore(0);

    private RawSocketApp(ServerSocket server) {
        this.server = server;
    }

    static RawSocketApp start() throws IOException {
        RawSocketApp app = new RawSocketApp(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().name("raw-app-accept").start(app::accept);
        return app;
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    /** The next request head (request line and fields, as bytes on the wire, ISO-8859-1), waiting up to 5 s. */
    String takeHead() throws InterruptedException {
        String head = heads.poll(5, TimeUnit.SECONDS);
        if (head == null) {
            throw new AssertionError("the raw app received no request within 5 s");
        }
        return head;
    }

    /** Request heads received and not yet taken. */
    int untakenHeads() {
        return heads.size();
    }

    /** Waits up to 5 s for the next {@code /silent-close} connection to have been closed by the app. */
    void awaitSilentClose() throws InterruptedException {
        if (!silentCloses.tryAcquire(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the raw app closed no /silent-close connection within 5 s");
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("raw-app-conn").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        boolean silentClose = false;
        try (s) {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head.isEmpty()) {
                return; // a TCP readiness probe: connect and go
            }
            heads.add(head);
            skipBody(in, head);
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            OutputStream out = s.getOutputStream();
            String partialHead = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n";
            switch (path.startsWith("/") ? path.substring(1) : path) {
                case "ok" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                case "silent-close" -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
                    silentClose = true;
                }
                case "truncated" -> write(out, partialHead + "0123456789");
                case "reset" -> {
                    write(out, partialHead + "0123456789");
                    s.setSoLinger(true, 0); // close() now sends RST
                }
                case "chunked-truncated" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                case "close" -> {
                    // nothing: the connection closes
                }
                case "garbage" -> write(out, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n");
                case "bad-length" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n0123456789");
                case "stall-body" -> {
                    write(out, partialHead + "0123456789");
                    closed.await();
                }
                case "head" -> write(out, partialHead);
                case "interim" -> write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nfinal");
                case "http10" -> write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
                case "chunked-trailers" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                        + "Trailer: X-Checksum\r\n\r\n3\r\none\r\n4\r\n two\r\n6;ext=1\r\n three\r\n0\r\nX-Checksum: abc\r\n\r\n");
                case "no-content" -> write(out, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
                case "hop-by-hop" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close, X-Private\r\n"
                        + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nTrailer: X-Sum\r\n"
                        + "Upgrade: h2c\r\nX-Private: secret\r\nX-Kept: yes\r\nSet-Cookie: s=1\r\nContent-Length: 1\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
                default -> write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        } catch (IOException | InterruptedException e) {
            // the adapter went away (deadline) or the test is over
        }
        if (silentClose) {
            silentCloses.release(); // the socket is closed by now
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Up to the blank line; empty when the peer closes first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return "";
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                in.readNBytes(Integer.parseInt(line.substring(colon + 1).trim()));
            }
        }
    }
}
