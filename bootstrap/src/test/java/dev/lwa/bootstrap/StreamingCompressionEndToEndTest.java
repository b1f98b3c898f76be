package dev.lwa.bootstrap;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.lwa.emulator.InvocationResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static dev.lwa.bootstrap.TestEvent.functionUrlEvent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code AWS_LWA_ENABLE_COMPRESSION=true} with {@code response_stream} (D5), through the emulator. */
@Timeout(60)
@LwaTest(app = StreamingApp.class, streaming = true, timeoutSeconds = 30, settings = "AWS_LWA_ENABLE_COMPRESSION=true")
class StreamingCompressionEndToEndTest {
    private static StreamingApp app;
    private static AdapterHarness lwa;

    @Test
    void aGzipStreamDecompressesToTheOriginal() throws IOException {
        InvocationResult r = lwa.invoke(functionUrlEvent("/text", "size=500000", ",\"accept-encoding\":\"gzip, deflate\""));

        assertTrue(r.isResponse(), r::toString);
        JsonObject headers = json(r.prelude().orElseThrow()).getJsonObject("headers");
        assertEquals("gzip", headers.getString("content-encoding"));
        assertEquals("accept-encoding", headers.getString("vary"));
        byte[] original = StreamingApp.text(500_000).getBytes(StandardCharsets.UTF_8);
        assertTrue(r.body().length < original.length / 4, "compressed to " + r.body().length + " bytes");
        assertArrayEquals(original, new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes());
    }

    @Test
    void aBrStreamDecompressesToTheOriginal() throws IOException {
        Brotli4jLoader.ensureAvailability();
        InvocationResult r = lwa.invoke(functionUrlEvent("/bytes", "size=1000000&seed=5", ",\"accept-encoding\":\"br\""));

        assertTrue(r.isResponse(), r::toString);
        assertEquals("br", json(r.prelude().orElseThrow()).getJsonObject("headers").getString("content-encoding"));
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(r.body()))) {
            assertArrayEquals(StreamingEndToEndTest.patternBytes(5, 1_000_000), in.readAllBytes());
        }
    }

    @Test
    void aRefusedSnapStartHookPathIsA403WithNoHeaderAndNoBodyThoughGzipIsAccepted() throws Exception {
        try (AdapterHarness hooked = AdapterHarness.builder().appPort(app.port()).streaming()
                .setting("AWS_LWA_ENABLE_COMPRESSION", "true").setting("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/hook").start()) {
            InvocationResult r = hooked.invoke(functionUrlEvent("/hook", "", ",\"accept-encoding\":\"gzip\""));
            assertTrue(r.isResponse() && r.streamed(), r::toString);
            JsonObject prelude = json(r.prelude().orElseThrow());
            assertEquals(403, prelude.getInt("statusCode"));
            assertEquals(JsonValue.EMPTY_JSON_OBJECT, prelude.getJsonObject("headers"), prelude::toString);
            assertEquals(0, r.body().length, "no body, not even an empty gzip stream");
        }
    }

    @Test
    void serverSentEventsStayUncompressedAsInBufferedMode() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/sse", "events=2&gapMs=10", ",\"accept-encoding\":\"gzip\""));

        assertTrue(r.isResponse(), r::toString);
        assertFalse(json(r.prelude().orElseThrow()).getJsonObject("headers").containsKey("content-encoding"));
        assertEquals("id: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\n", r.bodyAsString());
    }

    @Test
    void withoutAcceptEncodingTheBodyIsAsTheAppSentIt() {
        InvocationResult r = lwa.invoke(functionUrlEvent("/text", "size=1000"));

        assertTrue(r.isResponse(), r::toString);
        assertFalse(json(r.prelude().orElseThrow()).getJsonObject("headers").containsKey("content-encoding"));
        assertEquals(StreamingApp.text(1000), r.bodyAsString());
    }
}
