package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.RawHttpServer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What goes on the wire for a request: seen by mockwebserver3, and byte for byte by a raw socket server. */
@Timeout(30)
class RequestFramingTest {
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

    private RecordedRequest exchange(Http1Request request) throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        try (Http1Response r = client.send(request)) {
            assertEquals("ok", new String(r.readBody(100), StandardCharsets.UTF_8));
        }
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(recorded != null, "the server recorded no request");
        return recorded;
    }

    private static Http1Request post(String target, Headers headers, RequestBody body) {
        return new Http1Request("POST", target, headers, body, Http1Request.NO_DEADLINE);
    }

    @Test
    void getCarriesHostAndNoFramingHeader() throws Exception {
        RecordedRequest r = exchange(new Http1Request("GET", "/path?q=1&r=%20", Headers.of("X-A", "1", "x-b", "two words"),
                RequestBody.EMPTY, Http1Request.NO_DEADLINE));
        assertEquals("GET /path?q=1&r=%20 HTTP/1.1", r.getRequestLine());
        assertEquals("127.0.0.1:" + server.getPort(), r.getHeaders().get("Host"));
        assertNull(r.getHeaders().get("Content-Length"));
        assertNull(r.getHeaders().get("Transfer-Encoding"));
        assertEquals("1", r.getHeaders().get("X-A"));
        assertEquals("two words", r.getHeaders().get("x-b"));
    }

    @Test
    void callersHostHeaderIsKeptAndNotDoubled() throws Exception {
        RecordedRequest r = exchange(new Http1Request("GET", "/", Headers.of("Host", "example.com"), RequestBody.EMPTY,
                Http1Request.NO_DEADLINE));
        assertEquals(List.of("example.com"), r.getHeaders().values("Host"));
    }

    @Test
    void emptyBytesBodyIsSentWithContentLengthZero() throws Exception {
        RecordedRequest r = exchange(post("/", new Headers(), RequestBody.of(new byte[0])));
        assertEquals("0", r.getHeaders().get("Content-Length"));
        assertEquals(0, r.getBodySize());
    }

    @Test
    void emptyBodyWithCallersContentLengthSaysZero() throws Exception {
        RecordedRequest r = exchange(post("/", Headers.of("Content-Length", "12"), RequestBody.EMPTY));
        assertEquals(List.of("0"), r.getHeaders().values("Content-Length"));
    }

    @Test
    void callersFramingHeadersAreReplacedByTheTrueOnes() throws Exception {
        Headers h = Headers.of("Content-Length", "999", "Transfer-Encoding", "chunked", "X-Keep", "me");
        RecordedRequest r = exchange(post("/", h, RequestBody.of("hello".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("5"), r.getHeaders().values("Content-Length"));
        assertTrue(r.getHeaders().values("Transfer-Encoding").isEmpty());
        assertEquals("hello", r.getBody().utf8());
        assertEquals("me", r.getHeaders().get("X-Keep"));
        assertEquals(3, h.size(), "the caller's headers are not modified");
    }

    @Test
    void largeBytesBodyArrivesIntact() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i ^ (i >>> 9));
        }
        RecordedRequest r = exchange(post("/big", new Headers(), RequestBody.of(body)));
        assertEquals(String.valueOf(body.length), r.getHeaders().get("Content-Length"));
        assertArrayEquals(body, r.getBody().toByteArray());
    }

    @Test
    void streamingBodyIsChunkedOneChunkPerFlush() throws Exception {
        RecordedRequest r = exchange(post("/s", new Headers(), RequestBody.streaming(out -> {
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("de".getBytes(StandardCharsets.UTF_8));
            out.write('f');
            out.write("gh".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.flush(); // nothing buffered: no empty chunk (that would end the body)
            out.write("ij".getBytes(StandardCharsets.UTF_8));
        })));
        assertEquals("chunked", r.getHeaders().get("Transfer-Encoding"));
        assertNull(r.getHeaders().get("Content-Length"));
        assertEquals(List.of(3, 5, 2), r.getChunkSizes());
        assertEquals("abcdefghij", r.getBody().utf8());
    }

    @Test
    void streamingWritesBeyondTheBufferBecomeSeveralChunks() throws Exception {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        RecordedRequest r = exchange(post("/s", new Headers(), RequestBody.streaming(out -> out.write(big))));
        assertArrayEquals(big, r.getBody().toByteArray());
        assertTrue(r.getChunkSizes().size() > 1, "auto-flushed as chunks: " + r.getChunkSizes());
        assertTrue(r.getChunkSizes().stream().allMatch(n -> n <= 64 * 1024), r.getChunkSizes().toString());
    }

    @Test
    void headerWithCrLfIsRejectedBeforeAnythingIsSent() {
        Headers h = Headers.of("X-Evil", "a\r\nContent-Length: 0\r\n\r\nGET /smuggled HTTP/1.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.send(new Http1Request("GET", "/", h, RequestBody.EMPTY, Http1Request.NO_DEADLINE)));
        assertTrue(e.getMessage().contains("X-Evil"), e.getMessage());
        for (Headers bad : List.of(Headers.of("X-Nul", "a\0b"), Headers.of("Bad Name", "v"), Headers.of("X-Lf", "a\nb"),
                Headers.of("X-Colon:", "v"), Headers.of("", "v"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> client.send(new Http1Request("GET", "/", bad, RequestBody.EMPTY, Http1Request.NO_DEADLINE)), bad.toString());
        }
        assertThrows(IllegalArgumentException.class,
                () -> client.send(new Http1Request("GET", "/a b", new Headers(), RequestBody.EMPTY, Http1Request.NO_DEADLINE)));
        assertThrows(IllegalArgumentException.class,
                () -> client.send(new Http1Request("GE T", "/", new Headers(), RequestBody.EMPTY, Http1Request.NO_DEADLINE)));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void nonAsciiHeaderValuesAreSentAsUtf8() throws Exception {
        RecordedRequest r = exchange(new Http1Request("GET", "/", Headers.of("X-Name", "Zoë ☃"), RequestBody.EMPTY,
                Http1Request.NO_DEADLINE));
        assertEquals("Zoë ☃", r.getHeaders().get("X-Name")); // okio reads header lines as UTF-8
    }

    // ------------------------------------------------------------------ raw socket server

    @Test
    void streamingTrailersAreSentAfterTheLastChunkByteForByte() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                seen.add(head);
                seen.add(conn.readChunkedRaw());
                conn.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            Headers h = Headers.of("Trailer", "X-Error-Type", "Trailer", "X-Error-Body", "Content-Type", "text/plain");
            try (Http1Response r = c.send(post("/t", h, RequestBody.streaming(out -> {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("world!".getBytes(StandardCharsets.UTF_8));
                out.trailers(Headers.of("X-Error-Type", "RangeError", "X-Error-Body", "eyJ4IjoxfQ=="));
            })))) {
                assertEquals(202, r.status());
            }
            assertEquals("POST /t HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + raw.port() + "\r\n"
                    + "Trailer: X-Error-Type\r\n"
                    + "Trailer: X-Error-Body\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", seen.poll(5, TimeUnit.SECONDS));
            assertEquals("5\r\nhello\r\n6\r\nworld!\r\n0\r\nX-Error-Type: RangeError\r\nX-Error-Body: eyJ4IjoxfQ==\r\n\r\n",
                    seen.poll(5, TimeUnit.SECONDS));
            assertTrue(raw.failures().isEmpty(), raw.failures().toString());
        }
    }

    @Test
    void flushDeliversTheChunkWhileTheWriterIsStillRunning() throws Exception {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            assertEquals("4\r\n", conn.readLine());
            assertEquals("tick\r\n", new String(conn.readBytes(6), StandardCharsets.ISO_8859_1));
            firstChunkSeen.countDown(); // the writer is blocked until now: the chunk did not wait for it
            assertEquals("4\r\n", conn.readLine());
            conn.readBytes(6);
            assertEquals("0\r\n", conn.readLine());
            assertEquals("\r\n", conn.readLine());
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            try (Http1Response r = c.send(post("/", new Headers(), RequestBody.streaming(out -> {
                out.write("tick".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    assertTrue(firstChunkSeen.await(10, TimeUnit.SECONDS), "the server never saw the flushed chunk");
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write("tock".getBytes(StandardCharsets.UTF_8));
            })))) {
                assertEquals("ok", new String(r.readBody(10), StandardCharsets.UTF_8));
            }
            assertTrue(raw.failures().isEmpty(), raw.failures().toString());
        }
    }

    @Test
    void writerFailureIsPassedThroughAndTheServerSeesAnUnfinishedBody() throws Exception {
        LinkedBlockingQueue<String> outcome = new LinkedBlockingQueue<>();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            try {
                conn.readChunkedRaw();
                outcome.add("complete");
            } catch (IOException e) {
                outcome.add("incomplete");
            }
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> c.send(post("/", new Headers(),
                    RequestBody.streaming(out -> {
                        out.write("partial".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        throw boom;
                    }))));
            assertSame(boom, thrown);
            assertEquals("incomplete", outcome.poll(5, TimeUnit.SECONDS));

            UncheckedIOException io = new UncheckedIOException(new IOException("app went away"));
            assertSame(io, assertThrows(UncheckedIOException.class, () -> c.send(post("/", new Headers(),
                    RequestBody.streaming(out -> {
                        throw io;
                    })))));
        }
    }

    @Test
    void trailerWithCrLfIsRejected() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.readChunkedRaw();
        }); Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.send(post("/", new Headers(),
                    RequestBody.streaming(out -> out.trailers(Headers.of("X-T", "a\r\nb"))))));
            assertTrue(e.getMessage().contains("X-T"), e.getMessage());
        }
    }
}
