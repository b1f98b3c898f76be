package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A real app on loopback (the JDK's HTTP server) that streams its responses, chunked:
 * <ul>
 *   <li>{@code /sse?events=N&gapMs=M}: {@code text/event-stream}, events {@code id: i / data: event i}
 *       M ms apart, each flushed; {@link #flushNanos()} records when each left the app. With
 *       {@code gated=true} each event after the first also waits for {@link #releaseSseEvent()}
 *       (20 s at most);</li>
 *   <li>{@code /bytes?size=S&seed=X}: S pseudo-random bytes ({@link #pattern}), generated as they
 *       are written, so a 200 MiB body costs the app no memory;</li>
 *   <li>{@code /text?size=S}: UTF-8 text with multi-byte characters;</li>
 *   <li>{@code /cookies}, {@code /empty} (204), {@code /status/<code>};</li>
 *   <li>{@code /truncated}: Content-Length 1000, 100 bytes, then the connection is dropped;</li>
 *   <li>{@code /stall?ms=M}: one chunk, then nothing for M ms.</li>
 * </ul>
 */
final class StreamingApp implements LoopbackApp {
    private final HttpServer server;
    private final List<Long> flushNanos = new CopyOnWriteArrayList<>();
    private final Semaphore sseGate = new Semaphore(0);

    private StreamingApp() throws IOException {
        this.server = LoopbackApp.httpServer(0, this::handle);
    }

    static StreamingApp start() throws IOException {
        return new StreamingApp();
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@link System#nanoTime()} after each SSE event was flushed by the app, in order. */
    List<Long> flushNanos() {
        return flushNanos;
    }

    /** Lets a gated {@code /sse} produce its next event. */
    void releaseSseEvent() {
        sseGate.release();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The bytes of {@code /bytes}: a xorshift sequence, cheap to regenerate for checking. */
    static void pattern(long seed, byte[] into, long offset) {
        long x = seed ^ (offset * 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < into.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            into[i] = (byte) x;
        }
    }

    /** CRC32 of the {@code /bytes?size=..&seed=..} body. */
    static long patternCrc(long seed, long size) {
        CRC32 crc = new CRC32();
        byte[] piece = new byte[64 * 1024];
        for (long off = 0; off < size; off += piece.length) {
            pattern(seed, piece, off);
            crc.update(piece, 0, (int) Math.min(piece.length, size - off));
        }
        return crc.getValue();
    }

    static String text(int size) {
        StringBuilder sb = new StringBuilder(size);
        String[] words = {"grüße ", "日本語 ", "emoji 🚀 ", "plain ascii ", "\"quoted\" ", "line\n"};
        for (int i = 0; sb.length() < size; i++) {
            sb.append(words[i % words.length]);
        }
        return sb.toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            URI uri = ex.getRequestURI();
            Map<String, String> q = query(uri.getRawQuery());
            String[] parts = uri.getPath().split("/");
            String route = parts.length > 1 ? parts[1] : "";
            switch (route) {
                case "sse" -> sse(ex, Integer.parseInt(q.getOrDefault("events", "5")), Long.parseLong(q.getOrDefault("gapMs", "100")),
                        Boolean.parseBoolean(q.getOrDefault("gated", "false")));
                case "bytes" -> bytes(ex, Long.parseLong(q.get("size")), Long.parseLong(q.getOrDefault("seed", "1")));
                case "text" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(text(Integer.parseInt(q.get("size"))).getBytes(StandardCharsets.UTF_8));
                }
                case "cookies" -> {
                    ex.getResponseHeaders().add("Set-Cookie", "a=1; Path=/");
                    ex.getResponseHeaders().add("Set-Cookie", "b=2; HttpOnly");
                    ex.getResponseHeaders().add("X-Multi", "one");
                    ex.getResponseHeaders().add("X-Multi", "two");
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(201, 0);
                    ex.getResponseBody().write("with cookies".getBytes(StandardCharsets.UTF_8));
                }
                case "empty" -> {
                    ex.getResponseHeaders().set("X-Empty", "yes");
                    ex.sendResponseHeaders(204, -1);
                }
                case "status" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    byte[] body = ("status " + parts[2]).getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(Integer.parseInt(parts[2]), body.length);
                    ex.getResponseBody().write(body);
                }
                case "truncated" -> {
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    ex.sendResponseHeaders(200, 1000);
                    OutputStream out = ex.getResponseBody();
                    out.write(new byte[100]);
                    out.flush();
                    // an exception out of the handler makes the JDK server drop the connection
                    throw new IOException("the app gives up after 100 of 1000 bytes");
                }
                case "stall" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream out = ex.getResponseBody();
                    out.write("first part ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(Long.parseLong(q.getOrDefault("ms", "10000")));
                    out.write("too late".getBytes(StandardCharsets.UTF_8));
                }
                default -> ex.sendResponseHeaders(404, -1);
            }
        }
    }

    private void sse(HttpExchange ex, int events, long gapMs, boolean gated) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (int i = 1; i <= events; i++) {
            if (i > 1) {
                sleep(gapMs);
                if (gated) {
                    awaitGate();
                }
            }
            out.write(("id: " + i + "\ndata: event " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            flushNanos.add(System.nanoTime());
        }
    }

    private void awaitGate() {
        try {
            sseGate.tryAcquire(20, TimeUnit.SECONDS); // if not released, go on: the test's assertions say what went wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void bytes(HttpExchange ex, long size, long seed) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        byte[] piece = new byte[64 * 1024];
        for (long off = 0; off < size; off += piece.length) {
            pattern(seed, piece, off);
            out.write(piece, 0, (int) Math.min(piece.length, size - off));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return q;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
