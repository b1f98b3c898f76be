package dev.lwa.core.compress;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * tower-http's CompressionLayer decisions as LWA 1.0 applies them (docs/behaviour.md, Compression), with the
 * real encoders and independent decoders (java.util.zip's GZIPInputStream, brotli4j's decoder).
 */
class CompressionTest {

    private static Optional<ContentCoding> negotiate(String... values) {
        return Compression.negotiate(List.of(values), () -> true);
    }

    private static String chosen(Optional<ContentCoding> coding) {
        return coding.map(ContentCoding::token).orElse("identity");
    }

    // ---- negotiation ---------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip | gzip",
            "GZIP | gzip",
            "x-gzip | gzip",
            "X-GZip | gzip",
            "br | br",
            "BR | br",
            "gzip, br | br",
            "br, gzip | br",
            "gzip,deflate,br,zstd | br",
            "gzip;q=0.5, br;q=0.5 | br",
            "gzip;q=0.5, br;q=0.8 | br",
            "gzip;q=0.8, br;q=0.5 | gzip",
            "gzip;q=0.995,br;q=0.999 | br",
            "gzip;q=0.5, br | br",
            "br;q=0, gzip | gzip",
            "br, gzip;q=0 | br",
            "gzip;q=0 | identity",
            "gzip;q=0.000 | identity",
            "gzip;q=0.001 | gzip",
            "* | identity",
            "*;q=1 | identity",
            "identity | identity",
            "identity, gzip;q=0.5 | identity",
            "identity;q=0.5, gzip;q=0.5 | gzip",
            "identity;q=0, gzip;q=0.1 | gzip",
            "deflate, zstd, compress | identity",
            "invalid, gzip | gzip",
            "gzip;q=1.0001 | identity",
            "gzip;q=1.001 | identity",
            "gzip;q=1.5 | identity",
            "gzip;q=2 | identity",
            "gzip;q=.5 | identity",
            "gzip;q=0.5x | identity",
            "gzip;level=1 | identity",
            "gzip;q=0.5;foo=bar | identity",
            "gzip;q=1. | gzip",
            "gzip;Q=0.5 | gzip",
            "gzip ; q=0.5 | gzip",
            "gzip;q = 0.5 | identity",
            "gzip;q=1.0001, br;q=0.1 | br",
            "' , ,gzip' | gzip",
            "'' | identity",
    })
    void negotiatesAsTowerHttp(String header, String expected) {
        assertEquals(expected, chosen(negotiate(header)));
    }

    @Test
    void everyAcceptEncodingFieldCounts() {
        assertEquals("br", chosen(negotiate("gzip;q=0.5", "br")));
        assertEquals("gzip", chosen(negotiate("gzip;q=0.9", "br;q=0.2", "identity;q=0.5")));
        assertEquals("gzip", chosen(negotiate("gzip;q=0.2", "gzip")), "the best q given to a coding counts");
    }

    @Test
    void noAcceptEncodingMeansIdentity() {
        assertEquals(Optional.empty(), Compression.negotiate(List.of()));
    }

    @Test
    void aValueThatIsNotVisibleAsciiIsSkippedWhole() {
        // http's HeaderValue::to_str fails on it, so tower-http never sees its br.
        assertEquals("gzip", chosen(negotiate("br, caf\u00e9", "gzip;q=0.5")));
    }

    @Test
    void withoutBrotliBrIsNotOfferedAndTheNextBestIsChosen() {
        assertEquals(Optional.of(ContentCoding.GZIP), Compression.negotiate(List.of("br, gzip;q=0.5"), () -> false));
        assertEquals(Optional.of(ContentCoding.GZIP), Compression.negotiate(List.of("br;q=1, gzip;q=0.1"), () -> false));
        assertEquals(Optional.empty(), Compression.negotiate(List.of("br"), () -> false));
        assertEquals(Optional.empty(), Compression.negotiate(List.of("br, identity;q=0.5"), () -> false));
    }

    @Test
    void brotliIsNotLoadedWhenBrDoesNotWin() {
        // Loading the JNI library is paid only when br is really the answer.
        assertEquals(Optional.of(ContentCoding.GZIP), Compression.negotiate(List.of("gzip, br;q=0.5"),
                () -> fail("brotli availability was checked though gzip won")));
        assertEquals(Optional.empty(), Compression.negotiate(List.of("identity, br;q=0"),
                () -> fail("brotli availability was checked though br was refused")));
    }

    @Test
    void brotliLoadsOnThisMachine() {
        // x86_64 Linux with native-linux-x86_64 on the class path: br must really be on offer.
        assertEquals(Optional.of(ContentCoding.BR), Compression.negotiate(List.of("gzip, br")));
    }

    // ---- what is compressed --------------------------------------------------------------------

    private static boolean compressible(OptionalLong size, String... headers) {
        return Compression.compressible(Headers.of(headers), size);
    }

    @Test
    void anUnknownSizeIsCompressible() {
        assertTrue(compressible(OptionalLong.empty()));
        assertTrue(compressible(OptionalLong.empty(), "content-type", "text/plain"));
    }

    @Test
    void aResponseThatIsAlreadyEncodedIsNot() {
        assertFalse(compressible(OptionalLong.of(100), "content-encoding", "gzip"));
        assertFalse(compressible(OptionalLong.of(100), "Content-Encoding", "identity"));
        assertFalse(compressible(OptionalLong.of(100), "content-encoding", ""));
    }

    @Test
    void aRangeIsNot() {
        assertFalse(compressible(OptionalLong.of(100), "content-range", "bytes 0-99/1000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/grpc", "application/grpc+proto", "application/grpc-web",
            "image/png", "image/jpeg", "image/svg+xml; charset=utf-8", "image/", "text/event-stream",
            "text/event-stream; charset=utf-8"})
    void grpcImagesAndEventStreamsAreNot(String type) {
        assertFalse(compressible(OptionalLong.of(1000), "content-type", type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "application/octet-stream", "text/plain", "application/json",
            "IMAGE/PNG", "Text/Event-Stream", "application/x-grpc", " image/png"})
    void anythingElseIs(String type) {
        // Raw, case-sensitive prefixes: only exactly image/svg+xml escapes the image rule.
        assertTrue(compressible(OptionalLong.of(1000), "content-type", type));
    }

    @Test
    void onlyTheFirstContentTypeCounts() {
        assertTrue(compressible(OptionalLong.of(1000), "content-type", "text/plain", "content-type", "image/png"));
        assertFalse(compressible(OptionalLong.of(1000), "content-type", "image/png", "content-type", "text/plain"));
    }

    @Test
    void aContentTypeThatIsNotVisibleAsciiCountsAsNone() {
        assertTrue(compressible(OptionalLong.of(1000), "content-type", "image/p\u00e9ng"));
    }

    @Test
    void aKnownSizeUnder32BytesIsNot() {
        assertFalse(compressible(OptionalLong.of(31)));
        assertTrue(compressible(OptionalLong.of(32)));
        assertFalse(compressible(OptionalLong.of(0)));
    }

    @Test
    void contentLengthIsTheSizeWhenNoneIsKnown() {
        assertFalse(compressible(OptionalLong.empty(), "content-length", "20"));
        assertTrue(compressible(OptionalLong.empty(), "content-length", "32"));
        assertFalse(compressible(OptionalLong.empty(), "content-length", "+20"));
        assertFalse(compressible(OptionalLong.empty(), "content-length", "0000000000000000000000020"));
        // Unparseable as Rust's u64: unknown, hence compressible.
        assertTrue(compressible(OptionalLong.empty(), "content-length", "20 "));
        assertTrue(compressible(OptionalLong.empty(), "content-length", "-20"));
        assertTrue(compressible(OptionalLong.empty(), "content-length", "99999999999999999999999"));
    }

    @Test
    void aKnownSizeWinsOverContentLength() {
        assertTrue(compressible(OptionalLong.of(59), "content-length", "20"));
        assertFalse(compressible(OptionalLong.of(20), "content-length", "59"));
    }

    // ---- header rewriting ----------------------------------------------------------------------

    @Test
    void aCodingSetsContentEncodingAndDropsLengthAndRanges() {
        Headers h = Headers.of("content-type", "text/plain", "Content-Length", "59", "accept-ranges", "bytes",
                "x-app", "1");
        Compression.rewriteHeaders(h, Optional.of(ContentCoding.GZIP));
        assertEquals("Headers[content-type: text/plain, x-app: 1, vary: accept-encoding, content-encoding: gzip]",
                h.toString());
        Headers b = Headers.of("content-type", "text/plain");
        Compression.rewriteHeaders(b, Optional.of(ContentCoding.BR));
        assertEquals(List.of("br"), b.all("content-encoding"));
    }

    @Test
    void varyIsAddedEvenForIdentityButNothingElseChanges() {
        Headers h = Headers.of("content-type", "text/plain", "content-length", "59", "accept-ranges", "bytes");
        Compression.rewriteHeaders(h, Optional.empty());
        assertEquals("Headers[content-type: text/plain, content-length: 59, accept-ranges: bytes, vary: accept-encoding]",
                h.toString());
    }

    @Test
    void varyIsAppendedOnceAndKeepsWhatTheAppSent() {
        Headers h = Headers.of("vary", "origin");
        Compression.rewriteHeaders(h, Optional.of(ContentCoding.GZIP));
        assertEquals(List.of("origin", "accept-encoding"), h.all("vary"));

        Headers existing = Headers.of("Vary", "Accept-Encoding");
        Compression.rewriteHeaders(existing, Optional.of(ContentCoding.GZIP));
        assertEquals(List.of("Accept-Encoding"), existing.all("vary"));

        Headers listed = Headers.of("vary", "origin", "vary", "Origin, ACCEPT-ENCODING");
        Compression.rewriteHeaders(listed, Optional.empty());
        assertEquals(List.of("origin", "Origin, ACCEPT-ENCODING"), listed.all("vary"));

        Headers star = Headers.of("vary", "*");
        Compression.rewriteHeaders(star, Optional.empty());
        assertEquals(List.of("*", "accept-encoding"), star.all("vary"), "* does not name accept-encoding");
    }

    // ---- whole bodies --------------------------------------------------------------------------

    static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    static byte[] unbrotli(byte[] data) throws IOException {
        DirectDecompress result = Decoder.decompress(data);
        assertEquals(DecoderJNI.Status.DONE, result.getResultStatus(), "a complete brotli stream");
        return result.getDecompressedData();
    }

    static byte[] decode(ContentCoding coding, byte[] data) throws IOException {
        return coding == ContentCoding.GZIP ? gunzip(data) : unbrotli(data);
    }

    private static byte[] text(int size) {
        StringBuilder sb = new StringBuilder(size);
        Random random = new Random(42);
        String[] words = {"lambda ", "web ", "adapter ", "gzip ", "brotli ", "response ", "{\"id\":", "}\n"};
        while (sb.length() < size) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(1000));
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void aBodyRoundTrips(ContentCoding coding) throws IOException {
        for (int size : new int[]{0, 1, 59, 100_000, 3_000_000}) {
            byte[] body = text(size);
            byte[] compressed = Compression.compress(body, coding);
            assertArrayEquals(body, decode(coding, compressed), coding + " of " + size + " bytes");
            if (size >= 100_000) {
                assertTrue(compressed.length < size / 2, coding + " actually compresses: " + compressed.length);
            }
        }
    }

    @Test
    void gzipIsARealGzipMember() {
        byte[] gz = Compression.compress(text(59), ContentCoding.GZIP);
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertEquals(8, gz[2], "deflate");
    }

    @Test
    void binaryBytesSurvive() throws IOException {
        byte[] body = new byte[70_000];
        new Random(7).nextBytes(body);
        for (ContentCoding coding : ContentCoding.values()) {
            assertArrayEquals(body, decode(coding, Compression.compress(body, coding)), coding.token());
        }
    }

    @Test
    void tokens() {
        assertEquals("gzip", ContentCoding.GZIP.token());
        assertEquals("br", ContentCoding.BR.token());
    }
}
