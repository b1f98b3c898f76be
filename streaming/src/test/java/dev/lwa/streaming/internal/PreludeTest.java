package dev.lwa.streaming.internal;

import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The prelude a Function URL turns into the HTTP status line and headers (lwa-behaviour.md §6.3). */
class PreludeTest {

    private static String json(int status, Headers h) {
        return new String(Prelude.json(status, h), StandardCharsets.UTF_8);
    }

    @Test
    void setCookieGoesToCookiesAndRepeatedHeadersAreCommaJoinedInFirstSeenOrder() {
        Headers h = Headers.of("Content-Type", "text/html", "Set-Cookie", "a=1; Path=/", "Vary", "Origin",
                "set-cookie", "b=2", "VARY", "Accept-Encoding");
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/html\",\"vary\":\"Origin, Accept-Encoding\"},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2\"]}", json(200, h));
    }

    @Test
    void transferEncodingIsDroppedAndAMissingContentTypeIsOctetStream() {
        assertEquals("{\"statusCode\":500,\"headers\":{\"x-a\":\"1\",\"content-type\":\"application/octet-stream\"},\"cookies\":[]}",
                json(500, Headers.of("Transfer-Encoding", "chunked", "X-A", "1")));
    }

    @Test
    void valuesAreJsonEscaped() {
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\",\"x-q\":\"say \\\"hi\\\" \\\\ bye\"},\"cookies\":[]}",
                json(200, Headers.of("Content-Type", "text/plain", "X-Q", "say \"hi\" \\ bye")));
    }

    @Test
    void frameIsTheJsonFollowedByExactlyEightNuls() {
        Headers h = Headers.of("Content-Type", "text/plain");
        byte[] json = Prelude.json(201, h);
        byte[] frame = Prelude.frame(201, h);
        assertEquals(json.length + 8, frame.length);
        assertArrayEquals(json, Arrays.copyOf(frame, json.length));
        assertArrayEquals(new byte[8], Arrays.copyOfRange(frame, json.length, frame.length));
    }
}
