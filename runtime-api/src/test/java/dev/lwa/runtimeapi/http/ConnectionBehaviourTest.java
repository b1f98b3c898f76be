package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.RawHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keep-alive decisions, retries and broken responses, against a scripted raw-socket server that
 * says exactly what each test needs (HTTP/1.0 answers, garbage, early closes).
 */
@Timeout(30)
class ConnectionBehaviourTest {

    /** Answers every request on the connection with {@code response}; the body is "conn-N". */
    private static RawHttpServer serving(String statusLineAndHeaders) throws IOException {
        return new RawHttpServer(conn -> {
            while (conn.readHead() != null) {
                String body = "conn-" + conn.index;
                conn.write(statusLineAndHeaders + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            }
        });
    }

    private static String get(Http1Client c) throws IOException {
        try (Http1Response r = c.send(Http1Request.get("/"))) {
            return new String(r.readBody(1000), StandardCharsets.UTF_8);
        }
    }

    @Test
    void http11KeepAliveReusesOneConnection() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n"); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            for (int i = 0; i < 20; i++) {
                assertEquals("conn-0", get(c));
            }
            assertEquals(1, raw.connections());
        }
    }

    @Test
    void http10WithoutKeepAliveIsNotReused() throws Exception {
        // an HTTP/1.0 server that nonetheless keeps the socket open: we must not rely on its close
        try (RawHttpServer raw = serving("HTTP/1.0 200 OK\r\n"); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("conn-0", get(c));
            assertEquals("conn-1", get(c));
            assertEquals("conn-2", get(c));
        }
    }

    @Test
    void http10WithKeepAliveIsReused() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n");
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("conn-0", get(c));
            assertEquals("conn-0", get(c));
        }
    }

    @Test
    void connectionCloseAmongOtherTokensIsHonoured() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\nConnection: upgrade, CLOSE\r\n");
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("conn-0", get(c));
            assertEquals("conn-1", get(c));
        }
    }

    @Test
    void requestWithConnectionCloseIsNotReused() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n"); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            Http1Request closing = new Http1Request("GET", "/", Headers.of("Connection", "close"), RequestBody.EMPTY, Http1Request.NO_DEADLINE);
            try (Http1Response r = c.send(closing)) {
                r.readBody(100);
            }
            assertEquals("conn-1", get(c));
        }
    }

    @Test
    void poolingOffOpensAConnectionPerRequest() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n");
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).pooling(false).build()) {
            for (int i = 0; i < 5; i++) {
                assertEquals("conn-" + i, get(c));
            }
        }
    }

    @Test
    void afterCloseRequestsStillWorkButNothingIsKept() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n")) {
            Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build();
            assertEquals("conn-0", get(c));
            c.close();
            assertEquals("conn-1", get(c));
            assertEquals("conn-2", get(c));
        }
    }

    @Test
    void idleConnectionsExpire() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n");
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).idleTimeout(Duration.ofMillis(1)).build()) {
            assertEquals("conn-0", get(c));
            Thread.sleep(20); // the idle time itself is what is tested
            assertEquals("conn-1", get(c));
        }
    }

    @Test
    void http10ServerClosingAfterEachResponseNeedsNoRetry() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            requests.incrementAndGet();
            conn.write("HTTP/1.0 200 OK\r\n\r\nuntil close " + conn.index);
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            for (int i = 0; i < 50; i++) {
                assertEquals("until close " + i, get(c));
            }
            assertEquals(50, requests.get());
        }
    }

    @Test
    void serverDroppingAReusedConnectionWithoutAnswerIsRetriedOnce() throws Exception {
        // conn 0 answers once and then swallows the second request and closes: a stale keep-alive connection
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            if (conn.index == 0) {
                conn.readHead();
                return; // close without a byte of response
            }
            while (conn.readHead() != null) {
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nretry");
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("first", get(c));
            assertEquals("first", get(c)); // the retry, on connection 1, gets its first answer
            assertEquals(2, raw.connections());
        }
    }

    /**
     * A server may act on a POST's head and answer before reading its body (a 201, a 413), then close
     * with the body unread, so that the kernel resets the connection and the rest of the write fails.
     * On a connection used moments ago that failure is no sign of a stale connection: the POST is
     * not sent again, whatever the answer's fate (it may arrive, or be lost in the reset).
     */
    @Test
    void aPostAnsweredBeforeItsBodyWasReadIsNotSentAgain() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                if (head.startsWith("POST")) {
                    posts.incrementAndGet();
                    conn.write("HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
                    return; // closed with the body unread
                }
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            byte[] body = new byte[32 << 20]; // more than loopback's autotuned socket buffers take: the write fails
            for (int round = 0; round < 3; round++) {
                assertEquals("ok", get(c)); // a pooled connection for the POST
                Http1Request post = new Http1Request("POST", "/orders", new Headers(),
                        RequestBody.of(body), Http1Request.NO_DEADLINE);
                try (Http1Response r = c.send(post)) {
                    assertEquals(201, r.status());
                } catch (IOException lostInTheReset) {
                    // the answer may not survive the reset; what matters is that nothing was sent twice
                }
                assertEquals(round + 1, posts.get(), "the app received the POST " + posts.get() + " times");
            }
        }
    }

    @Test
    void a101ToARequestThatAskedForNoUpgradeIsNotAnAnswer() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello");
            conn.read(); // held open, as a WebSocket server would
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> get(c));
            assertTrue(e.getMessage().contains("101 Switching Protocols"), e.getMessage());
        }
    }

    /** Its body, if the server sends one after all, would arrive as the next request's answer. */
    @Test
    void a204ThatAnnouncesABodyDoesNotKeepItsConnection() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n");
            conn.write("hello"); // too late for this exchange, and never a next one's
            conn.read();
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("", get(c));
            assertEquals("", get(c));
            assertEquals(2, raw.connections());
        }
    }

    @Test
    void bytesArrivingOnAnIdleConnectionAreNotTakenForTheNextResponse() throws Exception {
        CountDownLatch pooled = new CountDownLatch(1);
        CountDownLatch unsolicitedSent = new CountDownLatch(1);
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            if (conn.index == 0) {
                // only once the client has put the connection back in its pool (bytes arriving with
                // the response itself are caught when the connection is released)
                assertTrue(pooled.await(5, TimeUnit.SECONDS));
                // what a server may send when it gives up on an idle keep-alive connection
                conn.write("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");
                unsolicitedSent.countDown();
                while (conn.read() >= 0) {
                    // swallow whatever comes until the client closes
                }
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("first", get(c));
            pooled.countDown();
            assertTrue(unsolicitedSent.await(5, TimeUnit.SECONDS));
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                assertEquals(200, r.status(), "the 408 belonged to no request of ours");
                assertEquals("first", new String(r.readBody(100), StandardCharsets.UTF_8));
            }
            assertEquals(2, raw.connections());
        }
    }

    @Test
    void freshConnectionClosedWithoutAnswerIsNotRetried() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> conn.readHead());
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            EOFException e = assertThrows(EOFException.class, () -> get(c));
            assertTrue(e.getMessage().contains("before sending a response status line"), e.getMessage());
            assertEquals(1, raw.connections());
        }
    }

    @Test
    void streamingRequestOnAStaleConnectionIsNotReplayed() throws Exception {
        AtomicInteger bodiesSeen = new AtomicInteger();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            if (conn.index == 0) {
                conn.readHead();
                return; // drop the streamed request
            }
            conn.readHead();
            conn.readChunkedRaw();
            bodiesSeen.incrementAndGet();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("ok", get(c));
            Http1Request streamed = new Http1Request("POST", "/", new Headers(), RequestBody.streaming(out -> {
                out.write("once only".getBytes(StandardCharsets.UTF_8));
            }), Http1Request.NO_DEADLINE);
            assertThrows(IOException.class, () -> c.send(streamed).close());
            assertEquals(1, raw.connections(), "no second attempt was made");
            assertEquals(0, bodiesSeen.get());
        }
    }

    @Test
    void truncatedChunkedBodyIsAnEof() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10\r\nonly-part");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                EOFException e = assertThrows(EOFException.class, () -> r.readBody(1000));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            }
        }
    }

    @Test
    void chunkedBodyMissingItsLastChunkIsAnEof() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                assertThrows(EOFException.class, () -> r.readBody(1000));
            }
        }
    }

    @Test
    void chunkExtensionsAreIgnoredAndTransferEncodingWinsOverContentLength() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            while (conn.readHead() != null) {
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n1 ; x\r\n!\r\n0\r\nX-T: 1\r\n\r\n");
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                assertEquals("hello!", new String(r.readBody(100), StandardCharsets.UTF_8));
                assertEquals("1", r.trailers().first("x-t").orElseThrow());
            }
            get(c);
            assertEquals(2, raw.connections(), "a response with both framings is not trusted for reuse");
        }
    }

    @Test
    void garbageInsteadOfHttpIsMalformed() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("SSH-2.0-OpenSSH_9.2\r\n");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> get(c));
            assertTrue(e.getMessage().contains("SSH-2.0-OpenSSH_9.2"), e.getMessage());
        }
    }

    @Test
    void badHeaderLineIsMalformed() throws Exception {
        for (String bad : new String[]{"No colon here", " folded: continuation", "Bad Name: x", "X-Nul: a\0b",
                "X-Ctl: a\u0001b", "X-Del: a\u007fb", "X-Esc: \u001b[31mred"}) {
            try (RawHttpServer raw = new RawHttpServer(conn -> {
                conn.readHead();
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + bad + "\r\n\r\n");
            }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
                MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> get(c), bad);
                assertTrue(e.getMessage().contains(bad.substring(0, 5)), e.getMessage());
            }
        }
    }

    @Test
    void conflictingContentLengthsAreMalformed() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertThrows(MalformedResponseException.class, () -> get(c));
        }
    }

    @Test
    void badChunkSizeIsMalformed() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> r.readBody(100));
                assertTrue(e.getMessage().contains("zz"), e.getMessage());
            }
        }
    }

    @Test
    void bareLfLineEndsAndMissingReasonAreAccepted() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 201\nX-A: 1\nContent-Length: 2\n\nok");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(Http1Request.get("/"))) {
                assertEquals(201, r.status());
                assertEquals("", r.reason());
                assertEquals("1", r.headers().first("X-A").orElseThrow());
                assertEquals("ok", new String(r.readBody(10), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void earlyAnswerToAnUnreadBodyIsStillReturned() throws Exception {
        // like a server refusing a payload that is too large: answer 413 and close without reading it
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!");
            conn.socket.shutdownOutput();
            conn.readBytes(100_000);
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            byte[] big = new byte[8 * 1024 * 1024];
            try (Http1Response r = c.send(new Http1Request("POST", "/", new Headers(), RequestBody.of(big), Http1Request.NO_DEADLINE))) {
                assertEquals(413, r.status());
                assertEquals("too big!", new String(r.readBody(100), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void nothingListeningIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (Http1Client c = Http1Client.builder("127.0.0.1", port).build()) {
            ConnectException e = assertThrows(ConnectException.class, () -> get(c));
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void aServerThatDiesWithAReusedConnectionsRequestIsNotReportedAsNeverReached() throws Exception {
        // The app answers once, takes the second request on the same connection and goes away (a
        // crash): the GET's retry finds nothing listening, but the request did reach the app. The
        // port stays reserved, so nothing else can answer the retry there (no close-then-reuse).
        try (dev.lwa.runtimeapi.testing.PortReservation port = dev.lwa.runtimeapi.testing.PortReservation.reserve();
             ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()));
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket conn = server.accept()) {
                    java.io.InputStream in = conn.getInputStream();
                    readHead(in);
                    conn.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    readHead(in); // the second request, on the same connection
                    server.close(); // stops listening; the connection closes next, unanswered
                } catch (IOException e) {
                    // the test is over
                }
            });
            try (Http1Client c = Http1Client.builder("127.0.0.1", port.port()).build()) {
                assertEquals("ok", get(c));
                IOException e = assertThrows(IOException.class, () -> get(c));
                assertTrue(!(e instanceof ConnectException), "reported as never reached: " + e);
                assertTrue(e.getMessage().contains("before sending a response status line")
                        && e.getMessage().contains("no longer listening"), e.getMessage());
            }
        }
    }

    /** Reads up to and including the blank line that ends a request head. */
    private static void readHead(java.io.InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed inside a request head");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Test
    void expiredDeadlineFailsBeforeConnecting() throws Exception {
        try (RawHttpServer raw = serving("HTTP/1.1 200 OK\r\n"); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            Http1Request late = Http1Request.get("/").withDeadline(System.currentTimeMillis() - 1);
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> c.send(late));
            assertTrue(e.getMessage().contains("connect"), e.getMessage());
        }
    }
}
