package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real web app on loopback (the JDK's HTTP server) that records every request it receives.
 * Routes: {@code /status/<code>}, {@code /slow/<ms>}, {@code /wait} (answers once
 * {@link #releaseWaiters()} is called), {@code /together/<n>} (held until n such requests are in at
 * once, then 200; 504 if they do not all come within 20 s), {@code /cookies}, {@code /binary},
 * {@code /big/<bytes>}, {@code /bigbinary/<bytes>}, {@code /chunked/<bytes>}, {@code /json}, {@code /health} (answers
 * {@link #healthStatus(int)}); anything else echoes the request as JSON. A reply queued with
 * {@link #replyOnce} answers the next forwarded request, whatever its path.
 *
 * <p>Requests without {@code x-amzn-lambda-context} (every request the adapter forwards carries
 * one) are the readiness check's probes: they are recorded apart, see {@link #takeProbe()}.
 */
final class TestApp implements LoopbackApp {

    /**
     * A request as the app saw it; header names lower-cased.
     *
     * @param remotePort the client's port: a new value means a new connection
     */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                    int remotePort) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer: status, header fields in order (none added but the server's own Date and framing), body. */
    record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        static Reply of(int status, String contentType, byte[] body) {
            return new Reply(status, contentType == null ? List.of() : List.of(Map.entry("Content-Type", contentType)), body);
        }

        static Reply text(int status, String contentType, String body) {
            return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A readiness probe: the path it asked for and the status it got. */
    record Probe(String method, String rawPath, int status) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Probe> probes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final AtomicInteger healthStatus = new AtomicInteger(200);
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch waiters = new java.util.concurrent.CountDownLatch(1);
    private final Map<Integer, CyclicBarrier> rendezvous = new ConcurrentHashMap<>();

    private TestApp(int port) throws IOException {
        this.server = LoopbackApp.httpServer(port, this::handle);
    }

    static TestApp start() throws IOException {
        return start(0);
    }

    static TestApp start(int port) throws IOException {
        return new TestApp(port);
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    /** The next request the app received, waiting up to 5 s. */
    Received take() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the app received no request within 5 s");
        }
        return r;
    }

    int receivedCount() {
        return received.size();
    }

    /** The next readiness probe the app answered, waiting up to 5 s. */
    Probe takeProbe() throws InterruptedException {
        Probe p = probes.poll(5, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("the app received no readiness probe within 5 s");
        }
        return p;
    }

    int probeCount() {
        return probes.size();
    }

    /** The status {@code /health} answers from now on (200 at start). */
    void healthStatus(int status) {
        healthStatus.set(status);
    }

    /** Forgets what was received and scripted so far (for tests that share one app). */
    void clear() {
        received.clear();
        probes.clear();
        replies.clear();
    }

    /** Answers the next forwarded request (not a probe) with this reply instead of its route. */
    void replyOnce(Reply reply) {
        replies.add(reply);
    }

    /** Lets every {@code /wait} request, now and later, answer {@code 200 released}. */
    void releaseWaiters() {
        waiters.countDown();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    @Override
    public void close() {
        waiters.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        // A request counts as at the app from its arrival until its response starts: the client may
        // have the whole response, and send its next request, before this thread gets to run again.
        int now = concurrent.incrementAndGet();
        IN_FLIGHT.put(ex, this);
        maxConcurrent.accumulateAndGet(now, Math::max);
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), new ArrayList<>(v)));
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            // The adapter puts x-amzn-lambda-context on every request it forwards; the readiness probe has none.
            boolean probe = !headers.containsKey("x-amzn-lambda-context");
            String[] parts = rawPath.split("/");
            String route = parts.length > 1 ? parts[1] : "";
            if (probe) {
                int status = route.equals("health") ? healthStatus.get()
                        : route.equals("status") ? Integer.parseInt(parts[2]) : 200;
                probes.add(new Probe(ex.getRequestMethod(), rawPath, status));
                send(ex, status, "text/plain", "probe".getBytes(StandardCharsets.UTF_8));
                return;
            }
            received.add(new Received(ex.getRequestMethod(), rawPath, rawQuery == null ? "" : rawQuery, headers, body,
                    ex.getRemoteAddress().getPort()));
            Reply reply = replies.poll();
            if (reply != null) {
                reply.headers().forEach(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue()));
                boolean noBody = reply.body().length == 0 || reply.status() == 204 || reply.status() == 304;
                leave(ex);
                ex.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
                if (!noBody) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(reply.body());
                    }
                }
                return;
            }
            switch (route) {
                case "status" -> send(ex, Integer.parseInt(parts[2]), "text/plain", ("status " + parts[2]).getBytes(StandardCharsets.UTF_8));
                case "together" -> {
                    int parties = Integer.parseInt(parts[2]);
                    boolean met = together(parties);
                    send(ex, met ? 200 : 504, "text/plain",
                            (met ? "together" : "not all " + parties + " came").getBytes(StandardCharsets.UTF_8));
                }
                case "slow" -> {
                    sleep(Long.parseLong(parts[2]));
                    send(ex, 200, "text/plain", ("slept " + parts[2]).getBytes(StandardCharsets.UTF_8));
                }
                case "cookies" -> {
                    ex.getResponseHeaders().add("Set-Cookie", "a=1; Path=/");
                    ex.getResponseHeaders().add("Set-Cookie", "b=2; HttpOnly");
                    ex.getResponseHeaders().add("X-Multi", "one");
                    ex.getResponseHeaders().add("X-Multi", "two");
                    send(ex, 201, "text/plain; charset=utf-8", "with cookies".getBytes(StandardCharsets.UTF_8));
                }
                case "wait" -> {
                    try {
                        waiters.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(ex, 200, "text/plain", "released".getBytes(StandardCharsets.UTF_8));
                }
                case "binary" -> {
                    byte[] bytes = new byte[256];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) i;
                    }
                    send(ex, 200, "application/octet-stream", bytes);
                }
                case "big" -> send(ex, 200, "text/plain", "x".repeat(Integer.parseInt(parts[2])).getBytes(StandardCharsets.UTF_8));
                case "bigbinary" -> send(ex, 200, "application/octet-stream", new byte[Integer.parseInt(parts[2])]);
                case "chunked" -> { // chunkedText(n), with no Content-Length: sent chunked, in writes of 10,000 bytes
                    byte[] text = chunkedText(Integer.parseInt(parts[2]));
                    leave(ex);
                    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < text.length; i += 10_000) {
                            out.write(text, i, Math.min(10_000, text.length - i));
                        }
                    }
                }
                case "health" -> send(ex, healthStatus.get(), "text/plain", "health".getBytes(StandardCharsets.UTF_8));
                case "json" -> send(ex, 200, "application/json", "{\"ok\":true,\"items\":[1,2,3]}".getBytes(StandardCharsets.UTF_8));
                default -> send(ex, 200, "application/json", echo(ex.getRequestMethod(), rawPath, rawQuery, body));
            }
        } finally {
            leave(ex); // when no response was sent
        }
    }

    /** {@code n} bytes of text in three scripts, quotes and line breaks among them: what {@code /chunked/<n>} answers. */
    static byte[] chunkedText(int n) {
        byte[] unit = "日本語のテキスト \"quoted\" é😀\n".getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[n];
        for (int i = 0; i < n; i++) {
            text[i] = unit[i % unit.length];
        }
        return text;
    }

    private static byte[] echo(String method, String path, String query, byte[] body) {
        return ("{\"method\":\"" + method + "\",\"path\":\"" + path.replace("\"", "%22") + "\",\"query\":\""
                + (query == null ? "" : query.replace("\"", "%22")) + "\",\"bodyBase64\":\""
                + Base64.getEncoder().encodeToString(body) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Exchanges counted as in flight, with their app (HttpExchange attributes are the context's, shared). */
    private static final Map<HttpExchange, TestApp> IN_FLIGHT = new ConcurrentHashMap<>();

    /** The request stops counting as in flight at the app (once). */
    private static void leave(HttpExchange ex) {
        TestApp app = IN_FLIGHT.remove(ex);
        if (app != null) {
            app.concurrent.decrementAndGet();
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        leave(ex);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean noBody = status == 204 || status == 304 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, noBody ? -1 : (body.length == 0 ? -1 : body.length));
        if (!noBody && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private boolean together(int parties) {
        try {
            rendezvous.computeIfAbsent(parties, CyclicBarrier::new).await(20, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (BrokenBarrierException | TimeoutException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
