package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.RawHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idle pooled connections the server has already closed or reset are not used: the next request
 * goes out on a new connection, and the server sees every request exactly once. The server here
 * answers HTTP/1.1 with a {@code Content-Length} and no {@code Connection} field, so the client
 * may keep the connection, and then closes it anyway.
 *
 * <p>Each request is sent once the server has closed the previous connection (an event, not a
 * pause): the close is then there to be seen. A request written before the server's close reaches
 * the client cannot be told from one the server acted on before it died, so it is not sent again,
 * whatever the client checks beforehand.
 */
@Timeout(60)
class ClosedIdleConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Reads one request with a Content-Length body, records the body, answers, and closes. */
    private static RawHttpServer answeringOnceThenClosing(List<String> seen) throws IOException {
        return new RawHttpServer(conn -> {
            String head = conn.readHead();
            if (head != null) {
                answer(conn, head, seen);
            }
        });
    }

    /**
     * Reads the body of the request whose head was read, records it, and answers "got " + body
     * with a Content-Length and no Connection field.
     */
    private static String answer(RawHttpServer.Conn conn, String head, List<String> seen) throws IOException {
        String body = new String(conn.readBytes(contentLength(head)), StandardCharsets.UTF_8);
        seen.add(body);
        String answer = "got " + body;
        conn.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer);
        return body;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static String post(Http1Client c, RequestBody body) throws IOException {
        return post(c, body, "POST");
    }

    private static String post(Http1Client c, RequestBody body, String method) throws IOException {
        try (Http1Response r = c.send(new Http1Request(method, "/", new Headers(), body, Http1Request.NO_DEADLINE))) {
            assertEquals(200, r.status());
            return new String(r.readBody(1000), StandardCharsets.UTF_8);
        }
    }

    private static String post(Http1Client c, String body) throws IOException {
        return post(c, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> numbered(int n) {
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add("post-" + i);
        }
        return bodies;
    }

    /** On the test's platform thread and on a virtual thread (the adapter's two shapes). */
    @ParameterizedTest(name = "virtual thread: {0}")
    @ValueSource(booleans = {false, true})
    void backToBackPostsToAServerThatClosesAfterEachAnswerAllSucceed(boolean virtual) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawHttpServer raw = answeringOnceThenClosing(seen); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            int n = 300;
            onThread(virtual, () -> {
                for (int i = 0; i < n; i++) {
                    assertEquals("got post-" + i, post(c, "post-" + i), "POST " + i);
                    raw.awaitClosedConnection(WAIT);
                }
                return null;
            });
            assertEquals(numbered(n), seen, "each POST reached the server exactly once, in order");
            assertEquals(n, raw.connections());
            assertTrue(raw.failures().isEmpty(), raw.failures()::toString);
        }
    }

    @Test
    void postsFiftyMillisecondsApartAllSucceed() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawHttpServer raw = answeringOnceThenClosing(seen); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            int n = 100;
            for (int i = 0; i < n; i++) {
                assertEquals("got post-" + i, post(c, "post-" + i), "POST " + i);
                Thread.sleep(50); // the spacing is the scenario: well under the 1 s that allows a resend
                raw.awaitClosedConnection(WAIT); // and on a busy machine the close may come later still
            }
            assertEquals(numbered(n), seen);
            assertEquals(n, raw.connections());
        }
    }

    @Test
    void theFirstPostAfterTheServerClosedAllItsConnectionsSucceeds() throws Exception {
        int pooled = 3;
        CyclicBarrier allIn = new CyclicBarrier(pooled);
        List<String> seen = new CopyOnWriteArrayList<>();
        // a keep-alive server; requests are held until three are in, so three run at once and the
        // client ends up with three idle connections
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                String body = new String(conn.readBytes(contentLength(head)), StandardCharsets.UTF_8);
                seen.add(body);
                if (body.startsWith("warm-")) {
                    allIn.await(10, TimeUnit.SECONDS);
                }
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + (body.length() + 4) + "\r\n\r\ngot " + body);
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 2; round++) { // the app has been up a while: each connection served two requests
                List<Future<String>> posts = new ArrayList<>();
                for (int i = 0; i < pooled; i++) {
                    String body = "warm-" + round + "-" + i;
                    posts.add(pool.submit(() -> post(c, body)));
                }
                for (Future<String> f : posts) {
                    assertTrue(f.get(10, TimeUnit.SECONDS).startsWith("got warm-"));
                }
            }
            assertEquals(pooled, raw.connections());

            raw.closeConnections(); // the app restarts: every connection it had is closed
            for (int i = 0; i < pooled; i++) {
                raw.awaitClosedConnection(WAIT);
            }

            assertEquals("got after-restart", post(c, "after-restart"));
            assertEquals(pooled + 1, raw.connections(), "one new connection; none of the dead ones was tried");
            assertEquals(1, seen.stream().filter("after-restart"::equals).count());
            assertEquals("got again", post(c, "again"), "the new connection is kept");
            assertEquals(pooled + 1, raw.connections());
        }
    }

    @Test
    void aConnectionResetWhileIdleIsNotUsedEvenForABodyThatCannotBeSentTwice() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch idle = new CountDownLatch(1);
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            String head = conn.readHead();
            if (conn.index == 0) {
                conn.readBytes(contentLength(head));
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
                assertTrue(idle.await(10, TimeUnit.SECONDS)); // the client has put the connection back
                conn.socket.setSoLinger(true, 0); // the close below sends RST
                return;
            }
            // a chunked body; only the first chunk's data matters here
            conn.readLine();
            String data = conn.readLine().trim();
            conn.readChunkedRaw();
            seen.add(head.substring(0, head.indexOf(' ')) + " " + data);
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("first", post(c, "a"));
            idle.countDown();
            raw.awaitClosedConnection(WAIT);

            // a streaming body is never replayed, so only the check before the write can save it
            RequestBody streamed = RequestBody.streaming(out -> out.write("once".getBytes(StandardCharsets.UTF_8)));
            assertEquals("second", post(c, streamed));
            assertEquals(List.of("POST once"), seen);
            assertEquals(2, raw.connections());
        }
    }

    /**
     * A server whose close comes after the client already took the connection again: it answers,
     * then closes as soon as anything more arrives, unread. The one request that meets that close
     * is lost (it was written in full on a connection used moments ago); from then on the client
     * knows the server's habit and sends such requests on connections it can trust.
     */
    @Test
    void aServerThatClosesLateCostsOnePostAndThenNone() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            answer(conn, conn.readHead(), seen);
            conn.read(); // the next request's first byte: close now, the rest unread
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("got post-0", post(c, "post-0"));
            assertThrows(IOException.class, () -> post(c, "lost"), "written into the closing connection");
            for (int i = 1; i <= 20; i++) {
                assertEquals("got post-" + i, post(c, "post-" + i), "POST " + i);
            }
            List<String> expected = new ArrayList<>(numbered(21));
            assertEquals(expected, seen, "the lost POST was not sent again, the others arrived once");
            assertEquals(21, raw.connections(), "each POST after the lost one had a new connection");

            // a GET may still take a pooled connection: it is sent again if the server closes on it
            try (Http1Response r = c.send(new Http1Request("GET", "/", new Headers(), RequestBody.of(new byte[0]), Http1Request.NO_DEADLINE))) {
                assertEquals(200, r.status());
            }
        }
    }

    /** Keep-alive, except that connection 0 is closed after its first answer (an app that restarted just then). */
    private static RawHttpServer keepAliveButConnectionZeroCloses(List<String> seen) throws IOException {
        return new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                answer(conn, head, seen);
                if (conn.index == 0) {
                    return;
                }
            }
        });
    }

    /** POSTs "a" on connection 0, waits for its close, and POSTs "b": the check finds 0 closed after its only answer. */
    private static void showClosingAfterAnswering(Http1Client c, RawHttpServer raw) throws Exception {
        assertEquals("got a", post(c, "a"));
        raw.awaitClosedConnection(WAIT);
        assertEquals("got b", post(c, "b"));
    }

    @Test
    void aReusedConnectionServingAgainShowsTheServerKeepsConnections() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawHttpServer raw = keepAliveButConnectionZeroCloses(seen); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            showClosingAfterAnswering(c, raw);
            assertEquals("got c", post(c, "c")); // so this POST does not take connection 1, used moments ago
            assertEquals(3, raw.connections());
            assertEquals("got d", post(c, RequestBody.of("d".getBytes(StandardCharsets.UTF_8)), "PUT")); // idempotent: reuses 2
            assertEquals("got e", post(c, "e"), "connection 2 served twice: POSTs reuse connections again");
            assertEquals(3, raw.connections());
            assertEquals(List.of("a", "b", "c", "d", "e"), seen);
        }
    }

    @Test
    void aConnectionIdleForASecondIsTakenAgainAndShowsTheServerKeepsConnections() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawHttpServer raw = keepAliveButConnectionZeroCloses(seen); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            showClosingAfterAnswering(c, raw);
            Thread.sleep(1100); // the idle time is the point: a close after answering would have come long ago
            assertEquals("got c", post(c, "c"));
            assertEquals("got d", post(c, "d"));
            assertEquals(2, raw.connections(), "connection 1 served b, c and d");
        }
    }

    private interface Body {
        Object run() throws Exception;
    }

    private static void onThread(boolean virtual, Body body) throws Exception {
        if (!virtual) {
            body.run();
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(body::run).get();
        }
    }
}
