package dev.lwa.core.response;

import dev.lwa.core.event.EventKind;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function result for each trigger (docs/behaviour.md, "The result each trigger gets"), read back with jakarta.json as the
 * trigger would read it. Two deliberate choices are pinned here: repeated headers are comma-joined
 * in single-value maps (LWA keeps the first), and ALB answers only in the header mode of its request.
 */
class EnvelopesTest {

    private static final Headers APP_HEADERS = Headers.of(
            "Content-Type", "text/plain; charset=utf-8",
            "Set-Cookie", "a=1; Path=/",
            "X-Multi", "1",
            "Transfer-Encoding", "chunked",
            "set-cookie", "b=2",
            "x-multi", "2",
            "Cache-Control", "no-store");

    private static JsonObject envelope(EventKind kind, int status, Headers headers, byte[] body) {
        return read(Envelopes.write(kind, new BufferedResponse(status, headers, body)));
    }

    private static JsonObject envelope(EventKind kind) {
        return envelope(kind, 200, APP_HEADERS.copy(), "hello".getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject read(byte[] json) {
        try (JsonReader reader = TestJson.PROVIDER.createReader(new ByteArrayInputStream(json))) {
            return reader.readObject();
        }
    }

    private static JsonValue value(String json) {
        return TestJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the shape per trigger ---------------------------------------------------------------

    @Test
    void restPutsEveryHeaderInMultiValueHeadersAndLeavesHeadersEmpty() {
        JsonObject e = envelope(EventKind.API_GATEWAY_REST);
        assertEquals(List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"), List.copyOf(e.keySet()));
        assertEquals(200, e.getInt("statusCode"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, e.get("headers"));
        assertEquals(value("{\"content-type\":[\"text/plain; charset=utf-8\"],\"set-cookie\":[\"a=1; Path=/\",\"b=2\"],"
                + "\"x-multi\":[\"1\",\"2\"],\"cache-control\":[\"no-store\"]}"), e.get("multiValueHeaders"));
        assertEquals("hello", e.getString("body"));
        assertEquals(JsonValue.FALSE, e.get("isBase64Encoded"));
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = {"HTTP_API", "FUNCTION_URL"})
    void v2MovesSetCookieToCookiesAndJoinsRepeatedHeaders(EventKind kind) {
        JsonObject e = envelope(kind);
        assertEquals(List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies"),
                List.copyOf(e.keySet()));
        assertEquals(value("{\"content-type\":\"text/plain; charset=utf-8\",\"x-multi\":\"1, 2\",\"cache-control\":\"no-store\"}"),
                e.get("headers"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, e.get("multiValueHeaders"));
        assertEquals(value("[\"a=1; Path=/\",\"b=2\"]"), e.get("cookies"));
        assertEquals("hello", e.getString("body"));
    }

    /** Joined, two Locations would send the client to "/a, /b"; LWA keeps the first of every field. */
    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = {"HTTP_API", "FUNCTION_URL", "ALB", "VPC_LATTICE", "VPC_LATTICE_V2"})
    void aRepeatedSingleValueFieldKeepsItsFirstValueWhereAListFieldIsJoined(EventKind kind) {
        Headers h = Headers.of("Location", "/a", "Content-Type", "text/plain", "ETag", "\"1\"", "Vary", "Accept",
                "location", "/b", "content-type", "application/octet-stream", "etag", "\"2\"", "vary", "Origin");
        JsonObject headers = envelope(kind, 302, h, "hi".getBytes(StandardCharsets.UTF_8)).getJsonObject("headers");
        assertEquals("/a", headers.getString("location"));
        assertEquals("text/plain", headers.getString("content-type"));
        assertEquals("\"1\"", headers.getString("etag"));
        assertEquals("Accept, Origin", headers.getString("vary"));
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = {"HTTP_API", "FUNCTION_URL"})
    void v2CookiesIsAlwaysPresent(EventKind kind) {
        JsonObject e = envelope(kind, 204, new Headers(), new byte[0]);
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, e.get("cookies"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, e.get("headers"));
        assertEquals(204, e.getInt("statusCode"));
    }

    @Test
    void albSingleValueAnswersWithHeadersOnly() {
        JsonObject e = envelope(EventKind.ALB);
        assertEquals(List.of("statusCode", "statusDescription", "headers", "body", "isBase64Encoded"), List.copyOf(e.keySet()));
        assertEquals("200 OK", e.getString("statusDescription"));
        // Set-Cookie cannot be comma-joined; a single-value map can carry only one of them.
        assertEquals(value("{\"content-type\":\"text/plain; charset=utf-8\",\"set-cookie\":\"a=1; Path=/\",\"x-multi\":\"1, 2\","
                + "\"cache-control\":\"no-store\"}"), e.get("headers"));
    }

    @Test
    void albMultiValueAnswersWithMultiValueHeadersOnly() {
        JsonObject e = envelope(EventKind.ALB_MULTI_VALUE);
        assertEquals(List.of("statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded"), List.copyOf(e.keySet()));
        assertEquals("200 OK", e.getString("statusDescription"));
        assertEquals(value("{\"content-type\":[\"text/plain; charset=utf-8\"],\"set-cookie\":[\"a=1; Path=/\",\"b=2\"],"
                + "\"x-multi\":[\"1\",\"2\"],\"cache-control\":[\"no-store\"]}"), e.get("multiValueHeaders"));
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = {"VPC_LATTICE", "VPC_LATTICE_V2"})
    void latticeAnswersWithStatusDescriptionAndSingleValueHeaders(EventKind kind) {
        JsonObject e = envelope(kind, 404, APP_HEADERS.copy(), "nope".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("statusCode", "statusDescription", "headers", "body", "isBase64Encoded"), List.copyOf(e.keySet()));
        assertEquals(404, e.getInt("statusCode"));
        assertEquals("404 Not Found", e.getString("statusDescription"));
        assertEquals("1, 2", e.getJsonObject("headers").getString("x-multi"));
        // every cookie reaches the client: one key each, spelled differently, the same HTTP field
        assertEquals("a=1; Path=/", e.getJsonObject("headers").getString("set-cookie"));
        assertEquals("b=2", e.getJsonObject("headers").getString("Set-cookie"));
        assertEquals("nope", e.getString("body"));
    }

    @Test
    void latticeCarriesManyCookiesUnderDistinctSpellings() {
        Headers h = new Headers();
        for (int i = 0; i < 300; i++) {
            h.add("Set-Cookie", "c" + i + "=v; Expires=Wed, 21 Oct 2037 07:28:00 GMT");
        }
        JsonObject headers = envelope(EventKind.VPC_LATTICE_V2, 200, h, new byte[0]).getJsonObject("headers");
        assertEquals(300, headers.size(), "300 distinct keys");
        java.util.Set<String> cookies = new java.util.HashSet<>();
        headers.forEach((name, value) -> {
            assertTrue(name.equalsIgnoreCase("set-cookie"), name);
            cookies.add(((jakarta.json.JsonString) value).getString());
        });
        assertEquals(300, cookies.size());
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = "PASS_THROUGH", mode = EnumSource.Mode.EXCLUDE)
    void hopByHopFieldsAndTheFieldsConnectionNamesAreNotPassedOn(EventKind kind) {
        Headers h = Headers.of("Content-Type", "text/plain", "Connection", "keep-alive, X-Private", "Keep-Alive", "timeout=5",
                "Proxy-Connection", "keep-alive", "TE", "trailers", "Trailer", "X-Sum", "Transfer-Encoding", "chunked",
                "Upgrade", "h2c", "X-Private", "secret", "X-Kept", "yes");
        String json = new String(Envelopes.write(kind, new BufferedResponse(200, h, new byte[0])), StandardCharsets.UTF_8)
                .toLowerCase(java.util.Locale.ROOT);
        for (String dropped : List.of("connection", "keep-alive", "\"te\"", "trailer", "transfer-encoding", "upgrade", "x-private")) {
            assertFalse(json.contains(dropped), kind + " passed on " + dropped + ": " + json);
        }
        assertTrue(json.contains("x-kept"), json);
    }

    @ParameterizedTest
    @CsvSource({"200, 200 OK", "201, 201 Created", "301, 301 Moved Permanently", "418, I'm a teapot",
            "500, 500 Internal Server Error", "502, 502 Bad Gateway", "503, 503 Service Unavailable"})
    void statusDescriptionIsCodeAndCanonicalReason(int status, String description) {
        String expected = description.startsWith(status + " ") ? description : status + " " + description;
        assertEquals(expected, envelope(EventKind.ALB, status, new Headers(), new byte[0]).getString("statusDescription"));
        assertEquals(expected, envelope(EventKind.ALB_MULTI_VALUE, status, new Headers(), new byte[0]).getString("statusDescription"));
    }

    @Test
    void unknownStatusHasATrailingSpaceInItsDescription() {
        byte[] json = Envelopes.write(EventKind.ALB, new BufferedResponse(299, new Headers(), new byte[0]));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"statusCode\":299,\"statusDescription\":\"299 \","), text);
        assertEquals("299 ", read(json).getString("statusDescription"));
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = "PASS_THROUGH", mode = EnumSource.Mode.EXCLUDE)
    void transferEncodingIsDropped(EventKind kind) {
        String text = new String(Envelopes.write(kind, new BufferedResponse(200, APP_HEADERS.copy(), new byte[0])),
                StandardCharsets.UTF_8);
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding"), text);
        assertFalse(text.contains("chunked"), text);
    }

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = "PASS_THROUGH", mode = EnumSource.Mode.EXCLUDE)
    void statusCodeIsANumber(EventKind kind) {
        JsonObject e = envelope(kind, 599, new Headers(), new byte[0]);
        assertEquals(JsonValue.ValueType.NUMBER, e.get("statusCode").getValueType());
        assertEquals(599, e.getInt("statusCode"));
    }

    // ---- bodies ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = EventKind.class, names = "PASS_THROUGH", mode = EnumSource.Mode.EXCLUDE)
    void binaryBodyIsBase64(EventKind kind) {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, '"', '\\'};
        JsonObject e = envelope(kind, 200, Headers.of("content-type", "image/png"), png);
        assertEquals(JsonValue.TRUE, e.get("isBase64Encoded"));
        assertArrayEquals(png, Base64.getDecoder().decode(e.getString("body")));
    }

    @Test
    void contentEncodedBodyIsBase64EvenWhenTextual() {
        byte[] gzipLike = {0x1f, (byte) 0x8b, 8, 0};
        JsonObject e = envelope(EventKind.HTTP_API, 200, Headers.of("content-type", "application/json", "content-encoding", "gzip"), gzipLike);
        assertEquals(JsonValue.TRUE, e.get("isBase64Encoded"));
        assertEquals(Base64.getEncoder().encodeToString(gzipLike), e.getString("body"));
        assertEquals("gzip", e.getJsonObject("headers").getString("content-encoding"));
    }

    @Test
    void emptyBodiesAreEmptyStrings() {
        JsonObject binary = envelope(EventKind.API_GATEWAY_REST, 200, Headers.of("content-type", "image/png"), new byte[0]);
        assertEquals("", binary.getString("body"));
        assertEquals(JsonValue.TRUE, binary.get("isBase64Encoded"));
        JsonObject text = envelope(EventKind.API_GATEWAY_REST, 200, new Headers(), new byte[0]);
        assertEquals("", text.getString("body"));
        assertEquals(JsonValue.FALSE, text.get("isBase64Encoded"));
    }

    @Test
    void textBodyRoundTripsWhateverItContains() {
        String body = "{\"quote\":\"\\\"\", \"nl\":\"\n\", \"tab\":\"\t\", \"nul\":\"\u0000\", \"del\":\"\u007f\"} Año ✓ 😀 \u2028";
        JsonObject e = envelope(EventKind.FUNCTION_URL, 200, Headers.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(body, e.getString("body"));
        assertEquals(JsonValue.FALSE, e.get("isBase64Encoded"));
    }

    @Test
    void textBodyIsTranscodedFromItsCharset() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, ' ', (byte) 0x80};
        JsonObject e = envelope(EventKind.API_GATEWAY_REST, 200, Headers.of("content-type", "text/plain; charset=ISO-8859-1"), latin1);
        assertEquals("café €", e.getString("body"));
        assertEquals(value("[\"text/plain; charset=ISO-8859-1\"]"), e.getJsonObject("multiValueHeaders").get("content-type"),
                "the header still names the original charset, as LWA");
    }

    @Test
    void invalidUtf8TextIsDecodedLossily() {
        byte[] broken = {'o', 'k', (byte) 0xc3, (byte) 0x28};
        assertEquals("ok\uFFFD(", envelope(EventKind.HTTP_API, 200, new Headers(), broken).getString("body"));
    }

    @Test
    void headerValuesWithQuotesAndNonAsciiStayValidJson() {
        Headers h = Headers.of("Content-Disposition", "attachment; filename=\"r\u00e9sum\u00e9.pdf\"", "X-Path", "C:\\tmp");
        JsonObject e = envelope(EventKind.ALB, 200, h, new byte[0]);
        assertEquals("attachment; filename=\"résumé.pdf\"", e.getJsonObject("headers").getString("content-disposition"));
        assertEquals("C:\\tmp", e.getJsonObject("headers").getString("x-path"));
    }

    @Test
    void envelopeIsUtf8() {
        byte[] json = Envelopes.write(EventKind.HTTP_API, new BufferedResponse(200, Headers.of("x-name", "Zoë"),
                "中文".getBytes(StandardCharsets.UTF_8)));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"中文\""), text);
        assertTrue(text.contains("\"Zoë\""), text);
    }

    // ---- pass-through result ----------------------------------------------------------------------

    private static String passThrough(int status, Headers headers, byte[] body) {
        return new String(Envelopes.write(EventKind.PASS_THROUGH, new BufferedResponse(status, headers, body)), StandardCharsets.UTF_8);
    }

    private static String passThrough(String contentType, String body) {
        return passThrough(200, Headers.of("content-type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void passThroughResultIsTheJsonTheAppReturned() {
        String body = "{\"batchItemFailures\":[{\"itemIdentifier\":\"059f36b4\"}],\"n\":1.5,\"ok\":true,\"none\":null}";
        assertEquals(value(body), value(passThrough("application/json", body)));
        assertEquals(value("[1,2]"), value(passThrough("application/json; charset=utf-8", " [1, 2] \n")));
        assertEquals("\"hi\"", passThrough("application/json", "\"hi\""));
        assertEquals("42", passThrough("text/plain", "42"));
        assertEquals("7", passThrough("application/json", "7"), "one character is JSON too");
    }

    @Test
    void passThroughIgnoresTheStatusAndHeaders() {
        byte[] body = "{\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(value("{\"error\":\"boom\"}"), value(passThrough(500, Headers.of("content-type", "application/json",
                "x-extra", "1"), body)));
    }

    @Test
    void passThroughResultIsNullForTextThatIsNotJson() {
        assertEquals("null", passThrough("text/html", "ok"));
        assertEquals("null", passThrough("application/json", "{\"a\":1} trailing"));
        assertEquals("null", passThrough("application/json", "{\"a\":"));
    }

    @Test
    void passThroughResultIsNullForBinaryOrEmptyBodies() {
        assertEquals("null", passThrough("application/octet-stream", "{\"a\":1}"));
        assertEquals("null", passThrough(200, Headers.of("content-type", "application/json", "content-encoding", "gzip"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("null", passThrough(204, new Headers(), new byte[0]));
    }

    @Test
    void passThroughIsTheAppsJsonWithoutTheWhitespaceBetweenTokens() {
        String body = "{ \"a\" : [1, 2.50, \"\\u00e9\"],\n\t\"s\": \"x \\\" { y\\\\\", \"big\": 12345678901234567890123 }\r\n";
        assertEquals("{\"a\":[1,2.50,\"\\u00e9\"],\"s\":\"x \\\" { y\\\\\",\"big\":12345678901234567890123}",
                passThrough("application/json", body));
        assertEquals(value(body), value(passThrough("application/json", body)));
    }

    @Test
    void passThroughResultIsValidUtf8WhenTheAppSentMalformedUtf8() {
        // the invalid byte is not passed on: the text was decoded with U+FFFD, as LWA does
        byte[] body = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xFF, '"', '}'};
        String result = passThrough(200, Headers.of("content-type", "application/json"), body);
        assertEquals("x\uFFFD", ((JsonObject) value(result)).getString("a"));
    }

    @Test
    void passThroughReadsJsonAfterAByteOrderMarkAndInUtf16() {
        byte[] json = "{\"n\":\"café\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        String result = passThrough(200, Headers.of("content-type", "application/json"), withBom);
        assertEquals(value("{\"n\":\"café\"}"), value(result));
        assertFalse(result.startsWith("\uFEFF"), "no BOM in the result");

        byte[] utf16 = "{\"n\":\"café\"}".getBytes(StandardCharsets.UTF_16BE);
        result = passThrough(200, Headers.of("content-type", "application/json; charset=utf-16be"), utf16);
        assertEquals(value("{\"n\":\"café\"}"), value(result));
    }

    @Test
    void passThroughJsonIsTranscodedFromItsCharset() {
        byte[] latin1 = {'{', '"', 'n', '"', ':', '"', 'c', 'a', 'f', (byte) 0xe9, '"', '}'};
        String result = passThrough(200, Headers.of("content-type", "application/json; charset=iso-8859-1"), latin1);
        assertEquals("café", ((JsonObject) value(result)).getString("n"));
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void anEnvelopeAnnouncesItsExactLengthAndCarriesTheBodyExactly(EventKind kind) {
        java.util.Random random = new java.util.Random(9);
        for (int size : new int[]{0, 1, 2, 3, 4, 5, 100, 8191, 8192, 8193, 70_000}) {
            byte[] binary = new byte[size];
            random.nextBytes(binary);
            Envelope b64 = Envelopes.envelope(kind, new BufferedResponse(200, Headers.of("Content-Type", "image/png"), binary));
            byte[] written = b64.toByteArray();
            assertEquals(b64.length(), written.length, kind + " base64 " + size);
            if (kind != EventKind.PASS_THROUGH) {
                assertArrayEquals(binary, java.util.Base64.getDecoder().decode(read(written).getString("body")));
            }
            byte[] text = "ä\"x\n".repeat(size / 5 + 1).getBytes(StandardCharsets.UTF_8);
            Envelope t = Envelopes.envelope(kind, new BufferedResponse(200, Headers.of("Content-Type", "text/plain"), text));
            written = t.toByteArray();
            assertEquals(t.length(), written.length, kind + " text " + size);
            if (kind != EventKind.PASS_THROUGH) {
                assertEquals(new String(text, StandardCharsets.UTF_8), read(written).getString("body"));
            }
        }
    }

    @Test
    void anAnswerReadInPiecesMakesTheResultTheWholeArrayMakes() throws Exception {
        // a chunked answer comes in pieces (BodyBytes): escaped a piece at a time, base64 with a
        // group completed across pieces, and as it is, the result is byte for byte the same
        java.util.Random random = new java.util.Random(17);
        String[] parts = {"abc", "é", "日本語", "😀", "\"", "\\", "\n", "\u2028", "\u0001", "x"};
        for (int round = 0; round < 12; round++) {
            StringBuilder sb = new StringBuilder();
            int size = round < 4 ? 9_000 + random.nextInt(20_000) : 200_000 + random.nextInt(400_000);
            while (sb.length() < size) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < 30; k++) { // bytes that are no text, where the pieces may cut
                body[random.nextInt(body.length)] = (byte) (0x80 + random.nextInt(128));
            }
            for (String type : new String[]{"text/plain; charset=utf-8", "application/octet-stream", "text/plain; charset=iso-8859-1"}) {
                Headers headers = Headers.of("Content-Type", type);
                dev.lwa.runtimeapi.http.BodyBytes pieces = dev.lwa.runtimeapi.http.BodyBytes.read(
                        new ByteArrayInputStream(body), 6_291_556); // pieces of 8 KiB, 16 KiB, ...
                assertTrue(pieces.pieces() > 1, "read in pieces");
                for (EventKind kind : new EventKind[]{EventKind.HTTP_API, EventKind.API_GATEWAY_REST, EventKind.PASS_THROUGH}) {
                    Envelope whole = Envelopes.envelope(kind, new BufferedResponse(200, headers, body));
                    Envelope inPieces = Envelopes.envelope(kind, new BufferedResponse(200, headers, pieces));
                    byte[] expected = whole.toByteArray();
                    byte[] actual = inPieces.toByteArray();
                    assertEquals(inPieces.length(), actual.length, "the announced length is the written length");
                    assertArrayEquals(expected, actual, kind + ", " + type + ", round " + round);
                }
            }
        }
    }
}
