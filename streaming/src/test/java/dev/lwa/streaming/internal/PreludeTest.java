package dev.lwa.streaming.internal;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.event.AppRequest;
import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prelude a Function URL turns into the HTTP status line and headers. */
class PreludeTest {

    private static String json(int status, Headers h) {
        return new String(Prelude.json(status, h, true), StandardCharsets.UTF_8);
    }

    @Test
    void setCookieGoesToCookiesAndRepeatedHeadersAreCommaJoinedInFirstSeenOrder() {
        Headers h = Headers.of("Content-Type", "text/html", "Set-Cookie", "a=1; Path=/", "Vary", "Origin",
                "set-cookie", "b=2", "VARY", "Accept-Encoding");
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/html\",\"vary\":\"Origin, Accept-Encoding\"},"
                + "\"cookies\":[\"a=1; Path=/\",\"b=2\"]}", json(200, h));
    }

    @Test
    void aRepeatedSingleValueFieldKeepsItsFirstValue() {
        assertEquals("{\"statusCode\":302,\"headers\":{\"location\":\"/a\",\"content-type\":\"text/plain\","
                + "\"cache-control\":\"no-store, private\"},\"cookies\":[]}",
                json(302, Headers.of("Location", "/a", "Content-Type", "text/plain", "Cache-Control", "no-store",
                        "Location", "/b", "Content-Type", "text/html", "Cache-Control", "private")));
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
        byte[] json = Prelude.json(201, h, true);
        byte[] frame = Prelude.frame(201, h, true);
        assertEquals(json.length + 8, frame.length);
        assertArrayEquals(json, Arrays.copyOf(frame, json.length));
        assertArrayEquals(new byte[8], Arrays.copyOfRange(frame, json.length, frame.length));
    }

    @Test
    void hopByHopFieldsAndTheFieldsConnectionNamesAreDropped() {
        Headers h = Headers.of("Content-Type", "text/plain", "Connection", "keep-alive, X-Private", "Keep-Alive", "timeout=5",
                "Proxy-Connection", "keep-alive", "TE", "trailers", "Trailer", "X-Sum", "Transfer-Encoding", "chunked",
                "Upgrade", "h2c", "X-Private", "secret", "X-Kept", "yes");
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\",\"x-kept\":\"yes\"},\"cookies\":[]}",
                json(200, h));
    }

    @Test
    void aResponseWithoutABodyGetsNoInventedContentType() {
        assertEquals("{\"statusCode\":204,\"headers\":{\"x-a\":\"1\"},\"cookies\":[]}",
                new String(Prelude.json(204, Headers.of("X-A", "1"), false), StandardCharsets.UTF_8));
        LambdaEvent get = http("GET");
        assertTrue(Prelude.bodiless(get, 204, new Headers()));
        assertTrue(Prelude.bodiless(get, 304, new Headers()));
        assertTrue(Prelude.bodiless(get, 200, Headers.of("Content-Length", "0")));
        assertTrue(Prelude.bodiless(http("HEAD"), 200, Headers.of("Content-Length", "4453")));
        assertFalse(Prelude.bodiless(get, 200, Headers.of("Content-Length", "4453")));
        assertFalse(Prelude.bodiless(get, 200, new Headers()));
    }

    private static LambdaEvent http(String method) {
        return new LambdaEvent.Http(EventKind.FUNCTION_URL, new AppRequest(method, "/", "", new Headers(), dev.lwa.runtimeapi.http.RequestBody.EMPTY), "{}");
    }
}
