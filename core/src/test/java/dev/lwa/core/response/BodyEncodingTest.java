package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text or base64 for a buffered body, by docs/behaviour.md's six rules (first match wins), and the charset. */
class BodyEncodingTest {

    private static boolean text(String... headers) {
        return BodyEncoding.isText(Headers.of(headers));
    }

    @Test
    void rule1AnyContentEncodingIsBinary() {
        assertFalse(text("Content-Encoding", "gzip", "Content-Type", "application/json"));
        assertFalse(text("content-encoding", "identity", "content-type", "text/plain"));
        assertFalse(text("content-encoding", "", "content-type", "text/plain"));
        assertFalse(text("content-encoding", "br", "x-lambda-http-content-encoding", "text"), "rule 5 cannot override rule 1");
    }

    @Test
    void rule2NoContentTypeIsText() {
        assertTrue(text());
        assertTrue(text("x-other", "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/plain; charset=utf-8", "text", "textfoo/x", "application/json",
            "application/jsonl", "application/json; charset=utf-8", "application/json-patch+json", "application/javascript",
            "application/xml", "application/xml-dtd", "application/yaml"})
    void rule3CaseSensitivePrefixIsText(String contentType) {
        assertTrue(text("content-type", contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEXT/HTML", "Text/plain", "Application/JSON", " text/plain", "application/x-www-form-urlencoded",
            "application/octet-stream", "image/png", "application/pdf", "", "multipart/form-data; boundary=x"})
    void otherwiseBinary(String contentType) {
        assertFalse(text("content-type", contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "application/graphql-response+json; charset=utf-8", "application/ld+json ; a=b",
            "application/x-custom+yaml", "application/vnd.api+json;ext=bulk", "application/problem+json"})
    void rule4StructuredSuffixIsText(String contentType) {
        assertTrue(text("content-type", contentType), contentType);
    }

    @Test
    void rule4SuffixMustEndTheMimeType() {
        assertFalse(text("content-type", "application/x+jsonx"));
        assertFalse(text("content-type", "application/octet-stream; profile=a+json"));
    }

    @Test
    void rule5ExplicitTextMarker() {
        assertTrue(text("content-type", "application/octet-stream", "x-lambda-http-content-encoding", "text"));
        assertTrue(text("content-type", "image/png", "X-Lambda-Http-Content-Encoding", "text"));
        assertFalse(text("content-type", "image/png", "x-lambda-http-content-encoding", "TEXT"), "the value is exact");
        assertFalse(text("content-type", "image/png", "x-lambda-http-content-encoding", "base64"));
    }

    @Test
    void onlyTheFirstContentTypeCounts() {
        assertTrue(text("content-type", "text/plain", "content-type", "image/png"));
        assertFalse(text("content-type", "image/png", "content-type", "text/plain"));
    }

    // ---- charset -----------------------------------------------------------------------------

    private static String decode(String contentType, byte... body) {
        return new String(body, BodyEncoding.charset(Headers.of("content-type", contentType)));
    }

    @Test
    void charsetParameterDecidesTheDecoding() {
        byte[] cafe = {'c', 'a', 'f', (byte) 0xe9};
        assertEquals("café", decode("text/plain; charset=iso-8859-1", cafe));
        assertEquals("café", decode("text/plain;charset=ISO-8859-1", cafe));
        assertEquals("café", decode("text/html; Charset=\"latin1\"; q=1", cafe));
        assertEquals("café", decode("text/plain; charset=utf-8", "café".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingOrUnknownCharsetIsUtf8() {
        byte[] utf8 = "Año ✓".getBytes(StandardCharsets.UTF_8);
        assertEquals("Año ✓", decode("text/plain", utf8));
        assertEquals("Año ✓", decode("text/plain; charset=no-such-charset", utf8));
        assertEquals("Año ✓", decode("text/plain; charset=\"\"", utf8));
        assertEquals("Año ✓", decode("text/plain; charset=%%%", utf8));
        assertEquals(StandardCharsets.UTF_8, BodyEncoding.charset(new Headers()));
    }

    @Test
    void latinLabelsMeanWindows1252AsInTheEncodingStandard() {
        // encoding_rs (WHATWG labels) decodes iso-8859-1, latin1 and us-ascii as windows-1252, so
        // bytes 0x80-0x9F are characters such as the euro sign and curly quotes, not C1 controls.
        byte[] quoted = {(byte) 0x93, 'h', 'i', (byte) 0x94, ' ', (byte) 0x80, '5'};
        assertEquals("\u201chi\u201d \u20ac5", decode("text/plain; charset=iso-8859-1", quoted));
        assertEquals("\u201chi\u201d \u20ac5", decode("text/plain; charset=latin1", quoted));
        assertEquals("\u201chi\u201d \u20ac5", decode("text/plain; charset=us-ascii", quoted));
        assertEquals("\u201chi\u201d \u20ac5", decode("text/plain; charset=windows-1252", quoted));
    }
}
