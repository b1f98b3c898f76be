package dev.lwa.core.response;

import dev.lwa.core.config.MediaTypes;
import dev.lwa.core.event.EventKind;
import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AWS_LWA_TEXT_MEDIA_TYPES and AWS_LWA_BINARY_MEDIA_TYPES in the text-or-base64 decision, before LWA's rules. */
class MediaTypeOverridesTest {
    private static final MediaTypes LISTS = new MediaTypes(List.of("application/vnd.*+json", "image/*"),
            List.of("application/x-ndjson"));

    private static boolean text(String... headers) {
        return BodyEncoding.isText(Headers.of(headers), LISTS);
    }

    @Test
    void theListsComeBeforeLwasRules() {
        assertTrue(text("content-type", "application/x-ndjson"), "base64 by LWA's rules, text by the list");
        assertFalse(text("content-type", "application/vnd.custom+json"), "text by LWA's +json rule, binary by the list");
        assertFalse(text("content-type", "image/svg+xml; charset=utf-8"), "text by LWA's +xml rule, binary by the list");
        assertFalse(text("content-type", "application/vnd.custom+json", "x-lambda-http-content-encoding", "text"),
                "the list comes before the app's own text marker too");
    }

    @Test
    void aContentEncodingOrNoContentTypeStillDecide() {
        assertFalse(text("content-type", "application/x-ndjson", "content-encoding", "gzip"), "compressed bytes stay base64");
        assertTrue(text(), "no Content-Type: text, as LWA");
    }

    @Test
    void unlistedTypesKeepLwasRules() {
        assertTrue(text("content-type", "application/json"));
        assertFalse(text("content-type", "application/pdf"));
    }

    @Test
    void passThroughUsesTheSameDecision() {
        byte[] json = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        Headers ndjson = Headers.of("content-type", "application/x-ndjson");
        assertEquals("null", new String(Envelopes.envelope(EventKind.PASS_THROUGH,
                new BufferedResponse(200, ndjson, json)).toByteArray(), StandardCharsets.UTF_8));
        assertEquals("{\"ok\":true}", new String(Envelopes.envelope(EventKind.PASS_THROUGH,
                new BufferedResponse(200, ndjson, json), LISTS).toByteArray(), StandardCharsets.UTF_8));
    }
}
