package dev.lwa.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streamed responses written chunk by chunk on a raw socket, with and without trailers. */
class StreamingResponseTest {

    static final Map<String, String> STREAMING = Map.of(
            "Lambda-Runtime-Function-Response-Mode", "streaming",
            "Content-Type", "application/vnd.awslambda.http-integration-response",
            "Trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    static final String PRELUDE = "{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\",\"x-a\":\"1\"},\"cookies\":[\"a=b\",\"c=d\"]}";

    LambdaEmulator emu;
    FakeRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().maxStreamedResponseBytes(64 * 1024).start();
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    /** Records what the listener saw, in order. */
    static final class Recorder implements StreamListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstBody = new CountDownLatch(1);
        volatile Optional<String> contentType = Optional.empty();
        volatile Map<String, String> trailers = Map.of();

        @Override
        public void onStreamStart(Optional<String> contentType) {
            this.contentType = contentType;
            calls.add("start");
        }

        @Override
        public void onPrelude(byte[] prelude) {
            calls.add("prelude:" + new String(prelude, StandardCharsets.UTF_8));
        }

        @Override
        public void onBody(byte[] chunk, long nanoTime) {
            calls.add("body:" + new String(chunk, StandardCharsets.UTF_8));
            firstBody.countDown();
        }

        @Override
        public void onEnd(Map<String, String> trailers) {
            this.trailers = trailers;
            calls.add("end");
        }
    }

    @Test
    void preludeIsSplitEvenWhenTheEightNulsStraddleChunksAndBodyArrivesLive() throws Exception {
        Recorder recorder = new Recorder();
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"), recorder);
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            byte[] prelude = PRELUDE.getBytes(StandardCharsets.UTF_8);
            // prelude + 3 NULs | 5 NULs + "hel" | "lo" : the delimiter crosses a chunk boundary
            byte[] first = new byte[prelude.length + 3];
            System.arraycopy(prelude, 0, first, 0, prelude.length);
            raw.chunk(first);
            raw.chunk(new byte[]{0, 0, 0, 0, 0, 'h', 'e', 'l'});
            assertTrue(recorder.firstBody.await(5, TimeUnit.SECONDS), "body must reach the listener before the stream ends");
            assertFalse(result.isDone());
            raw.chunk("lo\0world"); // a single NUL inside the body stays body
            raw.end(Map.of());
            assertEquals(202, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.RESPONSE, r.kind());
        assertTrue(r.streamed());
        assertEquals(PRELUDE, new String(r.prelude().orElseThrow(), StandardCharsets.UTF_8));
        assertEquals("hello\0world", r.bodyAsString());
        assertEquals(List.of("start", "prelude:" + PRELUDE, "body:hel", "body:lo\0world", "end"), recorder.calls);
        assertEquals("application/vnd.awslambda.http-integration-response", recorder.contentType.orElseThrow());
        assertTrue(r.timing().firstByte().compareTo(r.timing().total()) <= 0);
    }

    @Test
    void delimiterSplitOneByteAtATime() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            for (byte b : ("{\"statusCode\":200}" + "\0".repeat(9) + "x").getBytes(StandardCharsets.UTF_8)) {
                raw.chunk(new byte[]{b});
            }
            raw.end(Map.of());
            assertEquals(202, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals("{\"statusCode\":200}", new String(r.prelude().orElseThrow(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[]{0, 'x'}, r.body(), "the 9th NUL belongs to the body");
    }

    @Test
    void trailersAreKeptAndAnErrorTrailerMakesAStreamedErrorThatKeepsTheBytes() throws Exception {
        Recorder recorder = new Recorder();
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"), recorder);
        FakeRuntime.Event event = runtime.next();
        String errorJson = "{\"errorType\":\"RangeError\",\"errorMessage\":\"boom\"}";
        String encoded = Base64.getEncoder().encodeToString(errorJson.getBytes(StandardCharsets.UTF_8));
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            raw.chunk(PRELUDE + "\0".repeat(8));
            raw.chunk("chunk1;");
            raw.end(new java.util.LinkedHashMap<>(Map.of(
                    "Lambda-Runtime-Function-Error-Type", "RangeError",
                    "Lambda-Runtime-Function-Error-Body", encoded)));
            assertEquals(202, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind());
        assertTrue(r.streamed());
        assertEquals("RangeError", r.errorType().orElseThrow());
        assertEquals("chunk1;", r.bodyAsString());
        assertEquals(errorJson, r.errorBodyAsString().orElseThrow());
        assertEquals("RangeError", r.trailers().get("Lambda-Runtime-Function-Error-Type"));
        assertEquals(encoded, r.trailers().get("Lambda-Runtime-Function-Error-Body"));
        assertEquals("RangeError", recorder.trailers.get("Lambda-Runtime-Function-Error-Type"));
    }

    @Test
    void otherTrailersKeepTheirSpellingAndDoNotMakeAnError() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response",
                    Map.of("Lambda-Runtime-Function-Response-Mode", "streaming", "Content-Type", "text/event-stream"));
            raw.chunk("data: 1\n\n");
            raw.end(Map.of("X-Checksum-Custom", "abc123"));
            assertEquals(202, raw.read().status());
            // the connection stays usable after trailers
            raw.send("GET", "/2018-06-01/ping", Map.of(), new byte[0]);
            assertEquals(200, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.RESPONSE, r.kind());
        assertEquals(Map.of("X-Checksum-Custom", "abc123"), r.trailers());
        assertEquals("data: 1\n\n", r.bodyAsString());
        assertTrue(r.prelude().isEmpty(), "no prelude outside the http-integration content type");
    }

    @Test
    void largeErrorTrailerIsAccepted() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        String bigError = "{\"errorType\":\"E\",\"errorMessage\":\"" + "x".repeat(200_000) + "\"}";
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            raw.chunk(PRELUDE + "\0".repeat(8) + "partial");
            raw.end(Map.of("Lambda-Runtime-Function-Error-Type", "E",
                    "Lambda-Runtime-Function-Error-Body", Base64.getEncoder().encodeToString(bigError.getBytes(StandardCharsets.UTF_8))));
            assertEquals(202, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(bigError, r.errorBodyAsString().orElseThrow());
    }

    @Test
    void streamOverTheCapIsCutOffAndBecomesAnError() throws Exception {
        AtomicLong seen = new AtomicLong();
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"), new StreamListener() {
            @Override
            public void onBody(byte[] chunk, long nanoTime) {
                seen.addAndGet(chunk.length);
            }

            @Override
            public boolean keepBody() {
                return false;
            }
        });
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response",
                    Map.of("Lambda-Runtime-Function-Response-Mode", "streaming", "Content-Type", "application/octet-stream"));
            byte[] block = new byte[16 * 1024];
            for (int i = 0; i < 4; i++) {
                raw.chunk(block);
            }
            raw.chunk(new byte[]{1}); // one byte over 64 KiB
            RawHttp.Reply reply = raw.read();
            assertEquals(413, reply.status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind());
        assertEquals("Function.ResponseSizeTooLarge", r.errorType().orElseThrow());
        assertEquals(64 * 1024, seen.get());
        assertEquals(0, r.body().length, "keepBody() == false keeps nothing");
    }

    @Test
    void streamWithoutDelimiterIsAllBody() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            raw.chunk("{\"statusCode\":200} but no NULs");
            raw.end(Map.of());
            assertEquals(202, raw.read().status());
        }
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertTrue(r.prelude().isEmpty());
        assertEquals("{\"statusCode\":200} but no NULs", r.bodyAsString());
    }

    @Test
    void streamStillRunningAtTheDeadlineTimesOutKeepsItsBytesAndTheRuntimeGets410() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}").timeout(java.time.Duration.ofMillis(1500)));
        FakeRuntime.Event event = runtime.next();
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", STREAMING);
            raw.chunk(PRELUDE + "\0".repeat(8) + "early");
            InvocationResult r = result.get(5, TimeUnit.SECONDS);
            assertEquals(InvocationResult.Kind.TIMEOUT, r.kind());
            assertEquals("early", r.bodyAsString());
            assertTrue(r.errorBodyAsString().orElseThrow().contains("Task timed out after 1.50 seconds"));
            raw.chunk("late");
            assertEquals(410, raw.read().status());
        }
    }

    @Test
    void twoHundredMebibytesStreamThroughWithoutBeingKept() throws Exception {
        try (LambdaEmulator big = LambdaEmulator.builder().start()) {
            FakeRuntime bigRuntime = new FakeRuntime(big);
            AtomicLong seen = new AtomicLong();
            CompletableFuture<InvocationResult> result = big.invokeAsync(Invoke.of("{}"), new StreamListener() {
                @Override
                public void onBody(byte[] chunk, long nanoTime) {
                    seen.addAndGet(chunk.length);
                }

                @Override
                public boolean keepBody() {
                    return false;
                }
            });
            FakeRuntime.Event event = bigRuntime.next();
            long cap = 200L * 1024 * 1024;
            try (RawHttp raw = new RawHttp(big.port())) {
                raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response",
                        Map.of("Lambda-Runtime-Function-Response-Mode", "streaming", "Content-Type", "application/octet-stream"));
                byte[] block = new byte[256 * 1024];
                for (long sent = 0; sent < cap; sent += block.length) {
                    raw.chunk(block);
                }
                raw.end(Map.of());
                assertEquals(202, raw.read().status(), "exactly 200 MiB is within the cap");
            }
            InvocationResult r = result.get(30, TimeUnit.SECONDS);
            assertEquals(InvocationResult.Kind.RESPONSE, r.kind());
            assertEquals(cap, seen.get());
            assertEquals(0, r.body().length);
        }
    }
}
