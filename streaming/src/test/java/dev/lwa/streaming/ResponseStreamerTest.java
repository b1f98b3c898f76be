package dev.lwa.streaming;

import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.pipeline.Outcome;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streamer between a real app (a raw socket that answers byte for byte) and a Runtime API
 * that records the request as it came over the wire. The reference is what AWS's Node runtime
 * client sends (docs/protocols.md, "Response streaming").
 */
@Timeout(60)
class ResponseStreamerTest {
    private static final byte[] NULS = new byte[8];
    private static final LambdaEvent EVENT = new LambdaEvent.PassThrough("{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void wireFormatIsTheNodeRuntimeClientsByteForByte() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> RawApp.write(out, """
                HTTP/1.1 201 Created\r
                Content-Type: text/plain\r
                X-A: 1\r
                Set-Cookie: a=b\r
                Set-Cookie: c=d\r
                Transfer-Encoding: chunked\r
                \r
                7\r
                chunk1;\r
                0\r
                \r
                """));
             RawRuntimeApi api = RawRuntimeApi.start()) {
            Outcome outcome = stream(app, api, System.currentTimeMillis() + 10_000);
            RawRuntimeApi.Captured c = api.captured();

            assertEquals("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1", c.requestLine());
            assertEquals(List.of("streaming"), c.header("Lambda-Runtime-Function-Response-Mode"));
            assertEquals(List.of("Lambda-Runtime-Function-Error-Type", "Lambda-Runtime-Function-Error-Body"),
                    c.header("Trailer"), "two separate Trailer lines, as the Node client sends");
            assertEquals(List.of("application/vnd.awslambda.http-integration-response"), c.header("Content-Type"));
            assertEquals(List.of("chunked"), c.header("Transfer-Encoding"));
            assertEquals(List.of(), c.header("Content-Length"));

            // the captured Node request's body (docs/protocols.md, "Response streaming"), byte for byte
            byte[] expected = concat(
                    "{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\",\"x-a\":\"1\"},\"cookies\":[\"a=b\",\"c=d\"]}"
                            .getBytes(StandardCharsets.UTF_8), NULS, "chunk1;".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(expected, c.body(), () -> "body was " + new String(c.body(), StandardCharsets.ISO_8859_1));
            assertEquals(List.of(), c.trailerLines(), "no error, so no trailers");
            assertTrue(new String(c.raw(), StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n"), "the stream is ended");
            assertEquals(new Outcome.Streamed(7), outcome);
        }
    }

    @Test
    void eachPieceTheAppSendsIsForwardedBeforeTheNextOneIsProduced() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            RawApp.write(out, "d\r\ndata: first\n\n\r\n");
            // the app produces the second event only once the first has reached the Runtime API:
            // a streamer that waited for more data (or for the end) would never get it
            if (!firstSeen.await(5, TimeUnit.SECONDS)) {
                return;
            }
            RawApp.write(out, "e\r\ndata: second\n\n\r\n0\r\n\r\n");
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    seen.add(api.nextChunk().text());
                    seen.add(api.nextChunk().text());
                    if (seen.getLast().equals("data: first\n\n")) {
                        firstSeen.countDown();
                    }
                } catch (InterruptedException | AssertionError e) {
                    seen.add(e.toString());
                }
            });
            stream(app, api, System.currentTimeMillis() + 10_000);
            assertEquals(List.of("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/event-stream\"},\"cookies\":[]}\0\0\0\0\0\0\0\0",
                    "data: first\n\n"), seen, "the prelude, then the first event on its own, before the app produced the second");
            assertEquals("data: first\n\ndata: second\n\n", bodyAfterPrelude(api.captured()));
        }
    }

    @Test
    void aBodyThatBreaksOffIsReportedInTrailersAndKeepsWhatCameBefore() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789");
            s.shutdownOutput(); // 10 of the promised 100 bytes, then FIN
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            Outcome outcome = stream(app, api, System.currentTimeMillis() + 10_000);
            RawRuntimeApi.Captured c = api.captured();

            assertEquals("0123456789", bodyAfterPrelude(c));
            assertEquals(List.of("lwa.AppConnectionError"), c.trailer("Lambda-Runtime-Function-Error-Type"));
            String error = new String(Base64.getDecoder().decode(c.trailer("Lambda-Runtime-Function-Error-Body").getFirst()),
                    StandardCharsets.UTF_8);
            assertTrue(error.startsWith("{\"errorMessage\":\"the app's response body broke off after 10 bytes: "), error);
            assertTrue(error.endsWith("\",\"errorType\":\"lwa.AppConnectionError\"}"), error);
            assertEquals(new Outcome.Streamed(10, Optional.of("lwa.AppConnectionError")), outcome, "failed, for the access log");
        }
    }

    @Test
    void aResetMidChunkIsAnAppConnectionError() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n20\r\npart");
            RawApp.reset(s);
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, System.currentTimeMillis() + 10_000);
            RawRuntimeApi.Captured c = api.captured();

            assertEquals("hellopart", bodyAfterPrelude(c), "every byte the app sent before the reset is kept");
            assertEquals(List.of("lwa.AppConnectionError"), c.trailer("Lambda-Runtime-Function-Error-Type"));
            assertTrue(c.header("Content-Type").getFirst().startsWith("application/vnd.awslambda"));
        }
    }

    @Test
    void anAppStillStreamingAtTheDeadlineIsAnAppTimeoutTrailer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nbegin \r\n");
            release.await(20, TimeUnit.SECONDS); // and never another byte
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            // The app's request ends in 1 s; the invocation's deadline is 10 s later, so that how fast
            // this machine reacts is not what decides whether the trailers beat it. (lwa's own gap
            // between the two, min(200 ms, a tenth), is AppForwarderTest's.)
            long appDeadline = System.currentTimeMillis() + 1_000;
            long deadline = appDeadline + 10_000;
            stream(app, api, deadline, appDeadline);
            release.countDown();
            RawRuntimeApi.Captured c = api.captured();

            assertTrue(System.currentTimeMillis() < deadline, "the error trailers must leave before the invocation deadline");
            assertEquals("begin ", bodyAfterPrelude(c));
            assertEquals(List.of("lwa.AppTimeout"), c.trailer("Lambda-Runtime-Function-Error-Type"));
            String error = new String(Base64.getDecoder().decode(c.trailer("Lambda-Runtime-Function-Error-Body").getFirst()),
                    StandardCharsets.UTF_8);
            assertTrue(error.contains("before the invocation deadline (6 body bytes streamed)"), error);
        }
    }

    @Test
    void aResponseWithoutBodyIsThePreludeAndTheNulsOnly() throws Exception {
        try (RawApp app = RawApp.start((s, out) -> RawApp.write(out, "HTTP/1.1 204 No Content\r\nX-Id: 7\r\n\r\n"));
             RawRuntimeApi api = RawRuntimeApi.start()) {
            stream(app, api, System.currentTimeMillis() + 10_000);
            RawRuntimeApi.Captured c = api.captured();

            // no content type is invented for a response without a body
            assertArrayEquals(concat("{\"statusCode\":204,\"headers\":{\"x-id\":\"7\"},\"cookies\":[]}"
                    .getBytes(StandardCharsets.UTF_8), NULS), c.body());
            assertEquals(List.of(), c.trailerLines());
        }
    }

    @Test
    void binaryBodiesAreForwardedByteExact() throws Exception {
        byte[] bytes = new byte[300_000];
        new java.util.Random(42).nextBytes(bytes);
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            out.write(bytes);
            out.flush();
        });
             RawRuntimeApi api = RawRuntimeApi.start()) {
            Outcome outcome = stream(app, api, System.currentTimeMillis() + 10_000);
            byte[] body = api.captured().body();
            int start = indexOfNuls(body) + 8;
            assertArrayEquals(bytes, java.util.Arrays.copyOfRange(body, start, body.length));
            assertEquals(new Outcome.Streamed(bytes.length), outcome);
        }
    }

    @Test
    void aRuntimeApiThatGoesAwayEndsTheInvocationWithoutHangingOrThrowing() throws Exception {
        CountDownLatch appSawClose = new CountDownLatch(1);
        try (RawApp app = RawApp.start((s, out) -> {
            RawApp.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            try {
                byte[] piece = "400\r\n".concat("x".repeat(1024)).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 100_000; i++) { // 100 MiB: far more than socket buffers hold
                    out.write(piece);
                }
            } finally {
                appSawClose.countDown();
            }
        });
             RawRuntimeApi api = RawRuntimeApi.droppingAfterFirstChunk()) {
            assertInstanceOf(Outcome.Streamed.class, stream(app, api, System.currentTimeMillis() + 30_000));
            assertTrue(appSawClose.await(10, TimeUnit.SECONDS), "the app's connection is closed, so the app stops producing");
        }
    }

    // -------------------------------------------------------------------------------------------

    private static Outcome stream(RawApp app, RawRuntimeApi api, long deadlineEpochMs) throws Exception {
        return stream(app, api, deadlineEpochMs, AppForwarder.appDeadline(deadlineEpochMs));
    }

    /** As lwa streams an invocation, with the app's request ending at {@code appDeadlineEpochMs}. */
    private static Outcome stream(RawApp app, RawRuntimeApi api, long deadlineEpochMs, long appDeadlineEpochMs) throws Exception {
        Invocation inv = new Invocation("req-1", deadlineEpochMs, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), new byte[0]);
        try (Http1Client http = Http1Client.builder("127.0.0.1", app.port()).build();
             RuntimeApiClient runtime = RuntimeApiClient.create(api.hostPort(), true);
             Http1Response response = http.send(Http1Request.get("/").withDeadline(appDeadlineEpochMs))) {
            return new ResponseStreamer(runtime).stream(inv, EVENT, response, java.util.Optional::empty);
        }
    }

    static String bodyAfterPrelude(RawRuntimeApi.Captured c) {
        byte[] body = c.body();
        int at = indexOfNuls(body);
        return new String(body, at + 8, body.length - at - 8, StandardCharsets.ISO_8859_1);
    }

    static int indexOfNuls(byte[] b) {
        outer:
        for (int i = 0; i + 8 <= b.length; i++) {
            for (int k = 0; k < 8; k++) {
                if (b[i + k] != 0) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no 8 NULs in the stream");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
