package dev.lwa.runtimeapi.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How responses are framed and decoded, against okhttp's mockwebserver3 as the server. */
@Timeout(30)
class ResponseFramingTest {
    private MockWebServer server;
    private Http1Client client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = Http1Client.builder("127.0.0.1", server.getPort()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private String get(String path) throws IOException {
        try (Http1Response r = client.send(Http1Request.get(path))) {
            return r.status() + " " + utf8(r.readBody(1 << 20));
        }
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(r != null, "the server recorded no request");
        return r;
    }

    /**
     * A header value with bytes over 0x7f is UTF-8 when it is valid UTF-8, else ISO-8859-1 (what Java
     * servlet containers write): no byte becomes U+FFFD.
     */
    @Test
    void headerValuesAreUtf8WhenValidElseLatin1() throws Exception {
        byte[] head = concat("HTTP/1.1 200 OK\r\nX-Utf8: ".getBytes(StandardCharsets.US_ASCII),
                "caf\u00e9 \u65e5\u672c".getBytes(StandardCharsets.UTF_8),
                "\r\nContent-Disposition: attachment; filename=\"caf".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xe9}, "s.txt\"\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (var raw = new dev.lwa.runtimeapi.testing.RawHttpServer(conn -> {
            conn.readHead();
            conn.write(head);
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build();
             Http1Response r = c.send(Http1Request.get("/"))) {
            assertEquals("caf\u00e9 \u65e5\u672c", r.headers().first("x-utf8").orElseThrow());
            assertEquals("attachment; filename=\"caf\u00e9s.txt\"", r.headers().first("content-disposition").orElseThrow());
        }
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void chunkedBodyIsDecodedAndTrailersAreKept() throws IOException {
        server.enqueue(new MockResponse.Builder()
                .chunkedBody("hello chunked world", 4)
                .trailers(okhttp3.Headers.of("X-Checksum", "abc123", "X-Other", "2"))
                .build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            assertEquals(200, r.status());
            assertTrue(r.trailers().isEmpty(), "trailers are only known after the body");
            assertEquals("hello chunked world", utf8(r.readBody(1000)));
            assertEquals("abc123", r.trailers().first("x-checksum").orElseThrow());
            assertEquals("2", r.trailers().first("X-Other").orElseThrow());
        }
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .addInformationalResponse(new MockResponse.Builder().code(100).build())
                .addInformationalResponse(new MockResponse.Builder().code(103).addHeader("Link", "</style.css>; rel=preload").build())
                .addHeader("X-Final", "yes")
                .body("final")
                .build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            assertEquals(200, r.status());
            assertEquals("yes", r.headers().first("X-Final").orElseThrow());
            assertTrue(r.headers().first("Link").isEmpty(), "headers of the 103 must not leak into the final response");
            assertEquals("final", utf8(r.readBody(100)));
        }
    }

    @Test
    void headResponseHasNoBodyWhateverContentLengthSays() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Length", 10).build());
        server.enqueue(new MockResponse.Builder().body("after head").build());
        Http1Request head = new Http1Request("HEAD", "/", new Headers(), RequestBody.EMPTY, Http1Request.NO_DEADLINE);
        try (Http1Response r = client.send(head)) {
            assertEquals("10", r.headers().first("Content-Length").orElseThrow());
            assertEquals(0, r.readBody(100).length);
        }
        // had we waited for 10 body bytes, this would hang or read garbage
        assertEquals("200 after head", get("/next"));
        assertEquals(take().getConnectionIndex(), take().getConnectionIndex(), "the connection was reused after HEAD");
    }

    @Test
    void noBodyFor204And304EvenWithContentLength() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).setHeader("Content-Length", 5).build());
        server.enqueue(new MockResponse.Builder().code(304).setHeader("Content-Length", 7).build());
        server.enqueue(new MockResponse.Builder().body("third").build());
        assertEquals("204 ", get("/a"));
        assertEquals("304 ", get("/b"));
        assertEquals("200 third", get("/c"));
        // a 204 must not announce a body (RFC 9110 §8.6): one that does may send it late, where the
        // next answer is read, so its connection is not kept; a 304 may give the 200's length
        int first = take().getConnectionIndex();
        int second = take().getConnectionIndex();
        assertTrue(second != first, "the connection of a 204 with Content-Length: 5 was reused");
        assertEquals(second, take().getConnectionIndex(), "the connection of a 304 with a Content-Length was not reused");
    }

    @Test
    void bodyWithoutFramingIsReadUntilCloseAndTheConnectionIsNotReused() throws Exception {
        server.enqueue(new MockResponse.Builder().body("until the end").removeHeader("Content-Length")
                .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().body("next").build());
        assertEquals("200 until the end", get("/"));
        assertEquals("200 next", get("/"));
        assertTrue(take().getConnectionIndex() != take().getConnectionIndex(), "read-to-close cannot be reused");
    }

    @Test
    void bodyShorterThanContentLengthIsAnEofNotAShortBody() throws Exception {
        server.enqueue(new MockResponse.Builder().body("abc").setHeader("Content-Length", 10)
                .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            EOFException e = assertThrows(EOFException.class, () -> r.readBody(100));
            assertTrue(e.getMessage().contains("3 of 10 bytes"), e.getMessage());
        }
        // the broken connection was not pooled: the next request works
        server.enqueue(new MockResponse.Builder().body("ok").build());
        assertEquals("200 ok", get("/"));
    }

    @Test
    void bodyStreamReportsTruncationToo() throws Exception {
        server.enqueue(new MockResponse.Builder().body("abcdef").setHeader("Content-Length", 100)
                .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            InputStream in = r.body();
            byte[] got = new byte[6];
            assertEquals(6, in.readNBytes(got, 0, 6));
            assertEquals("abcdef", utf8(got));
            assertThrows(EOFException.class, in::read);
        }
    }

    @Test
    void malformedStatusLineIsRejectedWithWhatWasSeen() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 abc").build());
        MalformedResponseException e = assertThrows(MalformedResponseException.class, () -> client.send(Http1Request.get("/")));
        assertTrue(e.getMessage().contains("\"HTTP/1.1 abc\""), e.getMessage());
        assertTrue(e.getMessage().contains("status line"), e.getMessage());
    }

    @Test
    void pooledConnectionClosedByTheServerIsReplacedByANewOne() throws Exception {
        // the server closes the connection right after a response that claimed keep-alive
        server.enqueue(new MockResponse.Builder().body("one").onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().body("two").build());
        assertEquals("200 one", get("/1"));
        assertEquals("200 two", get("/2"));
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertEquals("/2", second.getTarget());
        assertTrue(first.getConnectionIndex() != second.getConnectionIndex(), "the second request used a new connection");
        assertEquals(2, server.getRequestCount(), "the request reached the server once");
    }

    @Test
    void postOnAConnectionIdleForASecondIsRetriedWithTheSameBody() throws Exception {
        // The connection looks alive when it is taken, and then dies without an answer to the POST
        // written on it: what a server's keep-alive timer does when it fires just as the request
        // goes out. (This server even read the POST first; after a second idle, it is sent again.)
        server.enqueue(new MockResponse.Builder().body("one").build());
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().body("two").build());
        assertEquals("200 one", get("/1"));
        Thread.sleep(1100); // as long as a server's keep-alive timer
        byte[] payload = "replay me".getBytes(StandardCharsets.UTF_8);
        try (Http1Response r = client.send(new Http1Request("POST", "/2", new Headers(), RequestBody.of(payload), Http1Request.NO_DEADLINE))) {
            assertEquals("two", utf8(r.readBody(100)));
        }
        take();
        RecordedRequest dropped = take();
        RecordedRequest retried = take();
        assertEquals("replay me", retried.getBody().utf8());
        assertTrue(dropped.getConnectionIndex() != retried.getConnectionIndex(), "the retry used a new connection");
    }

    @Test
    void postOnAConnectionUsedMomentsAgoIsNotSentTwice() throws Exception {
        // Written in full, then no answer at all: the server may have acted on it before dying.
        server.enqueue(new MockResponse.Builder().body("one").build());
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().body("two").build());
        assertEquals("200 one", get("/1"));
        Http1Request post = new Http1Request("POST", "/2", new Headers(), RequestBody.of("once".getBytes(StandardCharsets.UTF_8)),
                Http1Request.NO_DEADLINE);
        assertThrows(java.io.IOException.class, () -> client.send(post).close());
        assertEquals(2, server.getRequestCount(), "the POST was not repeated on a new connection");
    }

    @Test
    void deadlineWhileTheServerStallsBeforeTheHead() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        long start = System.nanoTime();
        Http1Request request = Http1Request.get("/slow").withDeadline(System.currentTimeMillis() + 300);
        DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> client.send(request));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // not before the deadline; that it ends at all is the exception above (the server stalls forever)
        assertTrue(tookMs >= 250, "took " + tookMs + " ms");
        assertTrue(e.getMessage().contains("response head"), e.getMessage());
        assertTrue(e.getMessage().matches(".*deadline exceeded \\d+ ms after the request began, waiting for .*"), e.getMessage());
    }

    @Test
    void deadlineAlsoBoundsBodyReads() throws IOException {
        server.enqueue(new MockResponse.Builder().body("0123456789").onResponseBody(SocketEffect.Stall.INSTANCE).build());
        Http1Request request = Http1Request.get("/").withDeadline(System.currentTimeMillis() + 500);
        try (Http1Response r = client.send(request)) {
            assertEquals(200, r.status());
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> r.readBody(100));
            assertTrue(e.getMessage().contains("response body"), e.getMessage());
        }
    }

    @Test
    void bodyTooLargeByContentLengthIsRefusedBeforeReading() throws IOException {
        server.enqueue(new MockResponse.Builder().body("x".repeat(1000)).build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            BodyTooLargeException e = assertThrows(BodyTooLargeException.class, () -> r.readBody(999));
            assertEquals(999, e.limit());
        }
    }

    @Test
    void bodyExactlyAtTheLimitIsFine() throws IOException {
        server.enqueue(new MockResponse.Builder().chunkedBody("y".repeat(1000), 100).build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            assertEquals(1000, r.readBody(1000).length);
        }
    }

    @Test
    void chunkedBodyTooLargeIsStoppedOnceTheLimitIsPassed() throws IOException {
        server.enqueue(new MockResponse.Builder().chunkedBody("z".repeat(5000), 700).build());
        server.enqueue(new MockResponse.Builder().body("after").build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            assertThrows(BodyTooLargeException.class, () -> r.readBody(1000));
        }
        assertEquals("200 after", get("/"));
    }

    @Test
    void bodyStreamReadsTheDecodedBytesAndReturnsTheConnection() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(big)).build());
        server.enqueue(new MockResponse.Builder().chunkedBody(new okio.Buffer().write(big), 65_000).build());
        server.enqueue(new MockResponse.Builder().body("third").build());
        for (int i = 0; i < 2; i++) {
            try (Http1Response r = client.send(Http1Request.get("/"))) {
                assertArrayEquals(big, r.body().readAllBytes());
                assertEquals(-1, r.body().read(), "EOF stays EOF");
            }
        }
        assertEquals("200 third", get("/"));
        int first = take().getConnectionIndex();
        assertEquals(first, take().getConnectionIndex());
        assertEquals(first, take().getConnectionIndex());
    }

    @Test
    void closingBeforeTheBodyWasReadDoesNotReuseTheConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(new byte[200_000])).build());
        server.enqueue(new MockResponse.Builder().body("fresh").build());
        try (Http1Response r = client.send(Http1Request.get("/"))) {
            assertEquals(200, r.status());
        }
        assertEquals("200 fresh", get("/"));
        assertTrue(take().getConnectionIndex() != take().getConnectionIndex());
    }

    @Test
    void connectionCloseFromTheServerIsHonoured() throws Exception {
        server.enqueue(new MockResponse.Builder().body("bye").addHeader("Connection", "close").build());
        server.enqueue(new MockResponse.Builder().body("hello again").build());
        assertEquals("200 bye", get("/"));
        assertEquals("200 hello again", get("/"));
        assertTrue(take().getConnectionIndex() != take().getConnectionIndex());
    }
}
