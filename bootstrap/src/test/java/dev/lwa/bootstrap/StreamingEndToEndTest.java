package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.StreamListener;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static dev.lwa.bootstrap.TestEvent.functionUrlEvent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code AWS_LWA_INVOKE_MODE=response_stream} through the real emulator, the adapter and a real app
 * that streams: time to first byte, byte-exact bodies, a 200 MiB body in bounded memory, and failures
 * after the prelude reported as trailers (D4).
 */
@Timeout(120)
@LwaTest(app = StreamingApp.class, streaming = true, timeoutSeconds = 30,
        // the emulator counts the prelude against its 200 MiB cap: leave room for it beside a 200 MiB body
        maxStreamedResponseBytes = 201L * 1024 * 1024)
class StreamingEndToEndTest {
    private static final long MIB = 1024 * 1024;
    private static StreamingApp app;
    private static AdapterHarness lwa;

    @Test
    void sseEventsReachTheRuntimeApiWhileTheAppIsStillProducing() {
        app.flushNanos().clear();
        // Gated: the app produces each event after the first only once the one before it reached the
        // emulator. A stream that lwa buffered would hold the first event back until the app's gate
        // gave up (20 s), after the app had produced the last one, which the assertions below catch.
        SseReceipts receipts = new SseReceipts(app::releaseSseEvent);
        InvocationResult r = lwa.invoke(Invoke.of(functionUrlEvent("/sse", "events=5&gapMs=100&gated=true")), receipts);

        assertTrue(r.isResponse(), r::toString);
        assertTrue(r.streamed());
        assertEquals(Optional.of("streaming"), r.responseHeader("Lambda-Runtime-Function-Response-Mode"));
        assertEquals(Optional.of("application/vnd.awslambda.http-integration-response"), r.contentType());
        JsonObject prelude = json(r.prelude().orElseThrow());
        assertEquals(200, prelude.getInt("statusCode"));
        assertEquals("text/event-stream", prelude.getJsonObject("headers").getString("content-type"));
        assertEquals("id: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\nid: 4\ndata: event 4\n\n"
                + "id: 5\ndata: event 5\n\n", r.bodyAsString());

        List<Long> produced = app.flushNanos();
        assertEquals(5, produced.size());
        assertEquals(5, receipts.arrivals.size(), () -> "events seen by the listener: " + receipts.arrivals.size());
        assertTrue(receipts.arrivals.getFirst() < produced.getLast(),
                "the first event reached the emulator only after the app had produced the last one: the stream was buffered");
        for (int i = 0; i < 5; i++) {
            System.out.printf("event %d: app flush -> emulator receipt %.3f ms%n", i + 1,
                    (receipts.arrivals.get(i) - produced.get(i)) / 1e6);
        }
    }

    @Test
    void preludeCarriesStatusHeadersAndCookies() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/cookies", ""));

        assertTrue(r.isResponse(), r::toString);
        JsonObject prelude = json(r.prelude().orElseThrow());
        assertEquals(201, prelude.getInt("statusCode"));
        JsonObject headers = prelude.getJsonObject("headers");
        assertEquals("text/plain", headers.getString("content-type"));
        assertEquals("one, two", headers.getString("x-multi"), "repeated headers are comma-joined");
        assertFalse(headers.containsKey("set-cookie"));
        assertFalse(headers.containsKey("transfer-encoding"), "the app's framing is not the client's");
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"),
                prelude.getJsonArray("cookies").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("with cookies", r.bodyAsString());
        assertEquals(Map.of(), r.trailers());
    }

    @Test
    void binaryBodiesArriveByteExact() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/bytes", "size=3000001&seed=7"));

        assertTrue(r.isResponse(), r::toString);
        assertEquals("application/octet-stream", json(r.prelude().orElseThrow()).getJsonObject("headers").getString("content-type"));
        assertArrayEquals(patternBytes(7, 3_000_001), r.body());
    }

    @Test
    void textBodiesArriveByteExact() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/text", "size=100000"));

        assertTrue(r.isResponse(), r::toString);
        assertArrayEquals(StreamingApp.text(100_000).getBytes(StandardCharsets.UTF_8), r.body());
    }

    @Test
    void aResponseWithoutBodyIsThePreludeOnly() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/empty", ""));

        assertTrue(r.isResponse(), r::toString);
        JsonObject prelude = json(r.prelude().orElseThrow());
        assertEquals(204, prelude.getInt("statusCode"));
        assertEquals("yes", prelude.getJsonObject("headers").getString("x-empty"));
        assertEquals(0, r.body().length);
    }

    @Test
    void aBodyThatBreaksOffIsAnErrorInTrailersAndTheBytesBeforeItAreKept() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/truncated", ""));

        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertTrue(r.streamed());
        assertEquals(Optional.of("lwa.AppConnectionError"), r.errorType());
        assertEquals(Optional.of("lwa.AppConnectionError"), r.trailer("Lambda-Runtime-Function-Error-Type"),
                "reported as a real trailer, not as text in the body");
        assertTrue(r.trailer("Lambda-Runtime-Function-Error-Body").isPresent());
        JsonObject error = json(r.errorBody().orElseThrow());
        assertEquals("lwa.AppConnectionError", error.getString("errorType"));
        assertTrue(error.getString("errorMessage").contains("after 100 bytes"), error::toString);
        assertEquals(200, json(r.prelude().orElseThrow()).getInt("statusCode"));
        assertArrayEquals(new byte[100], r.body(), "the body received before the failure is kept, and nothing else");
    }

    @Test
    void anAppStillStreamingNearTheDeadlineIsAnAppTimeoutTrailer() throws Exception {
        // The adapter sees a 2 s deadline, the emulator enforces 30 s (AdapterHarness.withEarlierDeadlines):
        // the trailers sent at lwa's deadline do not race the platform's timeout.
        InvocationResult r;
        try (AdapterHarness early = streaming().earlierDeadlines().start()) {
            r = early.invoke(Invoke.of(functionUrlEvent("/stall", "ms=10000")), StreamListener.NONE);
        }

        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals(Optional.of("lwa.AppTimeout"), r.errorType(), "the adapter's error, not the platform's timeout");
        assertEquals(Optional.of("lwa.AppTimeout"), r.trailer("Lambda-Runtime-Function-Error-Type"));
        assertEquals("lwa.AppTimeout", json(r.errorBody().orElseThrow()).getString("errorType"));
        assertEquals("first part ", r.bodyAsString());
    }

    @Test
    void aBodyOf200MiBStreamsWithTheHeapFlat() {
        long size = 200 * MIB;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        HeapSampling listener = new HeapSampling(memory, 16 * MIB);

        InvocationResult r = lwa.invoke(Invoke.of(functionUrlEvent("/bytes", "size=" + size + "&seed=3")), listener);

        assertTrue(r.isResponse(), r::toString);
        assertEquals(size, listener.bytes, "every byte reached the emulator");
        assertEquals(StreamingApp.patternCrc(3, size), listener.crc.getValue(), "and they are the app's bytes");
        assertTrue(listener.samples.size() >= 10, "heap sampled during the stream: " + listener.samples);
        long peak = listener.samples.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("200 MiB stream: live heap baseline %d MiB, peak during the stream %d MiB (%d samples)%n",
                baseline / MIB, peak / MIB, listener.samples.size());
        assertTrue(peak - baseline < 64 * MIB, "live heap grew by " + (peak - baseline) / MIB
                + " MiB while streaming 200 MiB (samples " + listener.samples + ")");
    }

    @Test
    void errorStatusCodesGoToErrorWithoutAPrelude() throws Exception {
        try (AdapterHarness strict = streaming().setting("AWS_LWA_ERROR_STATUS_CODES", "500-599").start()) {
            InvocationResult r = strict.invoke(functionUrlEvent("/status/503", ""));

            assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
            assertFalse(r.streamed(), "posted to /error, not as a stream");
            assertTrue(r.prelude().isEmpty());
            assertEquals(Optional.of("lwa.ErrorStatusCode"), r.errorType());
            assertEquals("{\"statusCode\":503,\"body\":\"status 503\"}", json(r.body()).getString("errorMessage"));

            InvocationResult ok = strict.invoke(functionUrlEvent("/status/404", ""));
            assertTrue(ok.isResponse() && ok.streamed(), ok::toString);
            assertEquals(404, json(ok.prelude().orElseThrow()).getInt("statusCode"));
        }
    }

    @Test
    void aStreamOverThePlatformCapIsCutAndTheNextInvocationIsServed() throws Exception {
        try (AdapterHarness capped = streaming().emulator(b -> b.maxStreamedResponseBytes(MIB)).start()) {
            InvocationResult r = capped.invoke(functionUrlEvent("/bytes", "size=" + 4 * MIB));
            assertEquals(Optional.of("Function.ResponseSizeTooLarge"), r.errorType(), r::toString);

            assertTrue(capped.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)), "the adapter polls again");
            InvocationResult next = capped.invoke(functionUrlEvent("/text", "size=10"));
            assertTrue(next.isResponse(), next::toString);
            assertEquals(StreamingApp.text(10), next.bodyAsString());
        }
    }

    // -------------------------------------------------------------------------------------------

    /** Another adapter in streaming mode on the class's app, with the class's 30 s function timeout. */
    private static AdapterHarness.Builder streaming() {
        return AdapterHarness.builder().appPort(app.port()).streaming().functionTimeout(AdapterHarness.PLATFORM_TIMEOUT);
    }

    static byte[] patternBytes(long seed, int size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(size);
        byte[] piece = new byte[64 * 1024];
        for (int off = 0; off < size; off += piece.length) {
            StreamingApp.pattern(seed, piece, off);
            b.write(piece, 0, Math.min(piece.length, size - off));
        }
        return b.toByteArray();
    }

    /** Records when each complete SSE event ({@code ...\n\n}) arrived at the emulator. */
    static final class SseReceipts implements StreamListener {
        final List<Long> arrivals = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        private final Runnable onEvent;

        SseReceipts(Runnable onEvent) {
            this.onEvent = onEvent;
        }

        @Override
        public synchronized void onBody(byte[] chunk, long nanoTime) {
            pending.append(new String(chunk, StandardCharsets.UTF_8));
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                arrivals.add(nanoTime);
                pending.delete(0, end + 2);
                onEvent.run();
            }
        }
    }

    /**
     * Keeps no body; checks it by CRC and samples the live heap (after a full GC) every {@code every}
     * bytes, so garbage waiting for collection does not count, only what is retained.
     */
    static final class HeapSampling implements StreamListener {
        final CRC32 crc = new CRC32();
        final List<Long> samples = new ArrayList<>();
        private final MemoryMXBean memory;
        private final long every;
        long bytes;

        HeapSampling(MemoryMXBean memory, long every) {
            this.memory = memory;
            this.every = every;
        }

        @Override
        public boolean keepBody() {
            return false;
        }

        @Override
        public void onBody(byte[] chunk, long nanoTime) {
            crc.update(chunk);
            long before = bytes;
            bytes += chunk.length;
            if (before / every != bytes / every) {
                System.gc();
                samples.add(memory.getHeapMemoryUsage().getUsed());
            }
        }
    }
}
