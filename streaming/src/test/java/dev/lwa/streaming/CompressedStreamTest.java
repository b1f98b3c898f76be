package dev.lwa.streaming;

import dev.lwa.core.pipeline.Outcome;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.event.AppRequest;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.json.TestJson;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compression while streaming (D5): the coding the request's Accept-Encoding chooses, a decodable
 * block after every piece the app sends, and buffered mode's skip rules.
 */
@Timeout(60)
class CompressedStreamTest {
    private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(2000);

    @Test
    void gzipStreamDecompressesToTheAppsBodyAndThePreludeSaysSo() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nAccept-Ranges: bytes\r\nTransfer-Encoding: chunked\r\n\r\n");
            chunked(out, TEXT.getBytes(StandardCharsets.UTF_8));
            RawApp.write(out, "0\r\n\r\n");
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            Outcome outcome = stream(app, api, List.of("gzip, deflate, br;q=0.5"));
            RawRuntimeApi.Captured c = api.captured();

            assertEquals(new Outcome.Streamed(body(c).length), outcome, "the access log counts the bytes sent, compressed");
            JsonObject headers = prelude(c).getJsonObject("headers");
            assertEquals("gzip", headers.getString("content-encoding"));
            assertEquals("accept-encoding", headers.getString("vary"));
            assertFalse(headers.containsKey("accept-ranges"), "ranges of the uncompressed body mean nothing now");
            assertTrue(c.trailer("Lambda-Runtime-Function-Error-Type").isEmpty(), "the app's body ended as it should");
            byte[] body = body(c);
            assertTrue(body.length < TEXT.length() / 10, "compressed: " + body.length + " bytes");
            assertEquals(TEXT, new String(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void eachPieceDecodesAtTheRuntimeApiBeforeTheAppSendsTheNext() throws Exception {
        CountDownLatch firstDecoded = new CountDownLatch(1);
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n");
            chunked(out, "{\"n\":1,\"text\":\"first line of a stream\"}\n".getBytes(StandardCharsets.UTF_8));
            if (firstDecoded.await(5, TimeUnit.SECONDS)) {
                chunked(out, "{\"n\":2,\"text\":\"second line of a stream\"}\n".getBytes(StandardCharsets.UTF_8));
            }
            RawApp.write(out, "0\r\n\r\n");
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            StringBuilder decodedEarly = new StringBuilder();
            Thread.ofVirtual().start(() -> {
                try {
                    api.nextChunk(); // the prelude
                    GzipReader gunzip = new GzipReader();
                    while (!decodedEarly.toString().contains("\n")) {
                        decodedEarly.append(gunzip.feed(api.nextChunk().data()));
                    }
                    firstDecoded.countDown();
                } catch (InterruptedException | DataFormatException | AssertionError ignored) {
                    // the test fails on the latch below
                }
            });
            stream(app, api, List.of("gzip"));

            assertEquals(0, firstDecoded.getCount(), "the first line could not be decoded before the app sent the second");
            assertEquals("{\"n\":1,\"text\":\"first line of a stream\"}\n", decodedEarly.toString());
            assertEquals("{\"n\":1,\"text\":\"first line of a stream\"}\n{\"n\":2,\"text\":\"second line of a stream\"}\n",
                    new String(new GZIPInputStream(new ByteArrayInputStream(body(api.captured()))).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void brWhenTheClientPrefersIt() throws Exception {
        Brotli4jLoader.ensureAvailability();
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (TEXT.length() + 2) + "\r\n\r\n\""
                    + TEXT + "\"");
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, List.of("gzip;q=0.8, br"));
            RawRuntimeApi.Captured c = api.captured();

            JsonObject headers = prelude(c).getJsonObject("headers");
            assertEquals("br", headers.getString("content-encoding"));
            assertFalse(headers.containsKey("content-length"), "the app's length is that of the uncompressed body");
            try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(body(c)))) {
                assertEquals("\"" + TEXT + "\"", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void whatBufferedModeLeavesAloneIsStreamedAsItIs() throws Exception {
        record Case(String why, String head, String body) {
        }
        for (Case k : List.of(
                new Case("an image", "Content-Type: image/png\r\nContent-Length: 40\r\n", "P".repeat(40)),
                new Case("already encoded", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 40\r\n", "Z".repeat(40)),
                new Case("under 32 bytes", "Content-Type: text/plain\r\nContent-Length: 31\r\n", "s".repeat(31)),
                new Case("server-sent events", "Content-Type: text/event-stream\r\nContent-Length: 40\r\n", "e".repeat(40)))) {
            try (RawApp app = RawApp.start((s, out) -> RawApp.write(out, "HTTP/1.1 200 OK\r\n" + k.head() + "\r\n" + k.body()));
                 RawRuntimeApi api = RawRuntimeApi.start()) {
                stream(app, api, List.of("gzip"));
                RawRuntimeApi.Captured c = api.captured();

                JsonObject headers = prelude(c).getJsonObject("headers");
                assertFalse(headers.containsKey("vary"), k.why());
                assertEquals(k.why().equals("already encoded") ? "gzip" : null,
                        headers.containsKey("content-encoding") ? headers.getString("content-encoding") : null, k.why());
                assertEquals(k.body(), new String(body(c), StandardCharsets.ISO_8859_1), k.why());
            }
        }
    }

    @Test
    void aClientThatAcceptsNoCodingGetsTheBodyAsItIsWithVary() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> RawApp.write(out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + TEXT.length() + "\r\n\r\n" + TEXT));
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, List.of());
            RawRuntimeApi.Captured c = api.captured();

            JsonObject headers = prelude(c).getJsonObject("headers");
            assertFalse(headers.containsKey("content-encoding"));
            assertEquals("accept-encoding", headers.getString("vary"), "the response depends on Accept-Encoding all the same");
            assertEquals(String.valueOf(TEXT.length()), headers.getString("content-length"));
            assertEquals(TEXT, new String(body(c), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCompressedBodyThatBreaksOffDecodesToWhatArrivedThenShowsTheCutAndTheTrailersSaySo() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" + TEXT.substring(0, 5000));
            RawApp.reset(s);
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, List.of("gzip"));
            RawRuntimeApi.Captured c = api.captured();

            assertEquals(List.of("lwa.AppConnectionError"), c.trailer("Lambda-Runtime-Function-Error-Type"));
            String error = new String(Base64.getDecoder().decode(c.trailer("Lambda-Runtime-Function-Error-Body").getFirst()),
                    StandardCharsets.UTF_8);
            assertTrue(error.contains("after 5000 bytes"), error);
            // what arrived decodes; then the gzip stream ends without its trailer, as a cut-off body should
            GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(body(c)));
            byte[] decoded = gunzip.readNBytes(5000);
            assertEquals(TEXT.substring(0, 5000), new String(decoded, StandardCharsets.UTF_8));
            assertThrows(java.io.EOFException.class, gunzip::read, "no gzip trailer: a decoder sees the body was cut");
        }
    }

    @Test
    void aBodilessResponseIsNotCompressed() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> RawApp.write(out, "HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\n\r\n"));
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, List.of("gzip"));
            RawRuntimeApi.Captured c = api.captured();

            assertFalse(prelude(c).getJsonObject("headers").containsKey("content-encoding"));
            assertEquals(0, body(c).length, "a 204 has no body, not even an empty gzip stream");
        }
    }

    // -------------------------------------------------------------------------------------------

    private static Outcome stream(RawApp app, RawRuntimeApi api, List<String> acceptEncoding) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Headers requestHeaders = new Headers();
        acceptEncoding.forEach(v -> requestHeaders.add("accept-encoding", v));
        LambdaEvent event = new LambdaEvent.Http(EventKind.FUNCTION_URL,
                new AppRequest("GET", "/", "", requestHeaders, dev.lwa.runtimeapi.http.RequestBody.EMPTY), "{}");
        Invocation inv = new Invocation("req-z", deadline, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), new byte[0]);
        try (Http1Client http = Http1Client.builder("127.0.0.1", app.port()).build();
             RuntimeApiClient runtime = RuntimeApiClient.create(api.hostPort(), true);
             Http1Response response = http.send(Http1Request.get("/").withDeadline(AppForwarder.appDeadline(deadline)))) {
            return new ResponseStreamer(runtime, true).stream(inv, event, response, java.util.Optional::empty);
        }
    }

    private static void chunked(java.io.OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static JsonObject prelude(RawRuntimeApi.Captured c) {
        byte[] all = c.body();
        int at = ResponseStreamerTest.indexOfNuls(all);
        return TestJson.PROVIDER.createReader(new ByteArrayInputStream(all, 0, at)).readObject();
    }

    private static byte[] body(RawRuntimeApi.Captured c) {
        byte[] all = c.body();
        return Arrays.copyOfRange(all, ResponseStreamerTest.indexOfNuls(all) + 8, all.length);
    }

    /** Inflates a gzip stream piece by piece, as a client decoding on the fly would. */
    private static final class GzipReader {
        private final Inflater inflater = new Inflater(true);
        private final ByteArrayOutputStream header = new ByteArrayOutputStream();

        String feed(byte[] data) throws DataFormatException {
            int skip = 0;
            if (header.size() < 10) { // fixed gzip header: no FEXTRA/FNAME from GZIPOutputStream
                skip = Math.min(10 - header.size(), data.length);
                header.write(data, 0, skip);
            }
            inflater.setInput(data, skip, data.length - skip);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = inflater.inflate(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
