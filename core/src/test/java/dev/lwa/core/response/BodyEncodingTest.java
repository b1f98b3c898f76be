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

    @Test
    void labelsAreTheEncodingStandardsNotJavas() {
        // utf-16 and its other labels are UTF-16LE (Java's "UTF-16" would read big-endian)
        byte[] he = {'h', 0, (byte) 0xe9, 0};
        for (String label : new String[]{"utf-16", "UTF-16LE", "unicode", "ucs-2", "csunicode", "unicodefeff"}) {
            assertEquals("hé", decode("text/plain; charset=" + label, he), label);
        }
        assertEquals("hé", decode("text/plain; charset=unicodefffe", (byte) 0, (byte) 'h', (byte) 0, (byte) 0xe9));
        // latin5 and iso-8859-9 are windows-1254, tis-620 is windows-874: 0x80 is the euro sign
        assertEquals("\u20ac", decode("text/plain; charset=iso-8859-9", (byte) 0x80));
        assertEquals("\u20ac", decode("text/plain; charset=latin5", (byte) 0x80));
        assertEquals("\u20ac", decode("text/plain; charset=tis-620", (byte) 0x80));
        // the C1 bytes the Encoding Standard keeps and Java's windows-1252 drops
        assertEquals("\u0081\u008d\u008f\u0090\u009d", decode("text/plain; charset=windows-1252",
                (byte) 0x81, (byte) 0x8d, (byte) 0x8f, (byte) 0x90, (byte) 0x9d));
        assertEquals("\u0430", decode("text/plain; charset=koi", (byte) 0xc1)); // koi8-r
        assertEquals("\u05d0", decode("text/plain; charset=logical", (byte) 0xe0)); // iso-8859-8-i
        assertEquals("\u05d0", decode("text/plain; charset=windows-1255", (byte) 0xe0)); // not in java.base
        assertEquals("\u0627", decode("text/plain; charset=cp1256", (byte) 0xc7));
        assertEquals("\u00e9", decode("text/plain; charset=mac", (byte) 0x8e)); // macintosh
        assertEquals("\uf7f0A", decode("text/plain; charset=x-user-defined", (byte) 0xf0, (byte) 'A'));
        assertEquals("\u4e2d", decode("text/plain; charset=gb2312", (byte) 0xd6, (byte) 0xd0)); // gbk
        assertEquals("\u3042", decode("text/plain; charset=sjis", (byte) 0x82, (byte) 0xa0)); // shift_jis
        // labels are trimmed and case-insensitive
        assertEquals("\u20ac", decode("text/plain; charset=\" Latin1 \"", (byte) 0x80));
    }

    @Test
    void theReplacementLabelsGiveOneReplacementCharacter() {
        assertEquals("\ufffd", decode("text/plain; charset=iso-2022-kr", (byte) 'A', (byte) 'B', (byte) 'C'));
        assertEquals("\ufffd", decode("text/plain; charset=hz-gb-2312", (byte) 'A'));
        assertEquals("", decode("text/plain; charset=iso-2022-kr"));
    }

    @Test
    void onlyTheCharsetParameterCounts() {
        assertEquals("caf\ufffd", decode("text/plain; xcharset=latin1", (byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xe9));
        assertEquals("café", decode("text/plain; format=flowed; charset=latin1", (byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xe9));
    }

    private static String decodeText(String contentType, byte... body) {
        return BodyEncoding.textCoding(Headers.of("content-type", contentType),
                dev.lwa.runtimeapi.http.BodyBytes.of(body)).decode(dev.lwa.runtimeapi.http.BodyBytes.of(body));
    }

    @Test
    void aByteOrderMarkDecidesTheCharsetAndIsNotPartOfTheText() {
        assertEquals("hi", decodeText("text/plain", (byte) 0xef, (byte) 0xbb, (byte) 0xbf, (byte) 'h', (byte) 'i'));
        // over the label, as encoding_rs's decode does
        assertEquals("hi", decodeText("text/plain; charset=iso-8859-1", (byte) 0xff, (byte) 0xfe, (byte) 'h', (byte) 0, (byte) 'i', (byte) 0));
        assertEquals("hi", decodeText("text/plain; charset=utf-8", (byte) 0xfe, (byte) 0xff, (byte) 0, (byte) 'h', (byte) 0, (byte) 'i'));
        assertEquals("", decodeText("text/plain", (byte) 0xef, (byte) 0xbb, (byte) 0xbf));
        // not a mark: too short, or other bytes
        assertEquals("\ufffd", decodeText("text/plain", (byte) 0xef, (byte) 0xbb));
        assertTrue(BodyEncoding.textCoding(Headers.of("content-type", "text/plain"),
                dev.lwa.runtimeapi.http.BodyBytes.of("hi".getBytes(StandardCharsets.UTF_8))).isPlainUtf8());
    }
}
