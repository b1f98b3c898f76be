package dev.lwa.core.compress;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression for {@code AWS_LWA_ENABLE_COMPRESSION=true}, with the decisions LWA 1.0's
 * tower-http {@code CompressionLayer} makes (docs/behaviour.md, Compression). The steps, in order:
 * {@link #negotiate} from the request's {@code Accept-Encoding}; {@link #compressible} from the
 * response headers; if compressible, {@link #rewriteHeaders} (even when nothing was negotiated,
 * for the {@code Vary}); then, with a coding, {@link #compress} a whole body or wrap a streamed one
 * in {@link #compressing}.
 *
 * <p>gzip uses java.util.zip at level 6 (flate2's default, as tower-http); br uses Google's encoder
 * through brotli4j at quality 4 (tower-http's default), loaded on first use.
 */
public final class Compression {
    /** tower-http's default predicate leaves bodies smaller than this alone. */
    public static final int MIN_SIZE = 32;

    private static final int GZIP_BUFFER = 16 * 1024;

    private Compression() {
    }

    /**
     * The coding to use for a request with these {@code Accept-Encoding} values (every field of
     * that name, in order), as tower-http chooses: {@code gzip}, {@code x-gzip} (as gzip), {@code br}
     * and {@code identity} are recognised in any case, other tokens ({@code *} included) are
     * ignored; q-values have at most 3 decimals; {@code q=0} excludes a coding; a malformed q drops
     * its entry; the highest q wins and ties prefer br, then gzip, then identity.
     *
     * <p>br is offered only if the brotli native library loads (checked the first time br would
     * win); otherwise the choice is made without it and one warning is logged for the process.
     *
     * @return empty for identity: nothing acceptable, identity preferred, or no header at all
     */
    public static Optional<ContentCoding> negotiate(List<String> acceptEncodingHeaderValues) {
        return negotiate(acceptEncodingHeaderValues, BrotliSupport::available);
    }

    /** {@link #negotiate(List)} with the brotli check replaceable, to test the fallback. */
    static Optional<ContentCoding> negotiate(List<String> acceptEncodingHeaderValues, BooleanSupplier brotliAvailable) {
        if (acceptEncodingHeaderValues.isEmpty()) {
            return Optional.empty();
        }
        return AcceptEncoding.parse(acceptEncodingHeaderValues).preferred(brotliAvailable);
    }

    /**
     * Whether a response may be compressed: not when it already has a {@code Content-Encoding}
     * (any value) or a {@code Content-Range}; not when its first {@code Content-Type}, as a raw
     * case-sensitive prefix, is {@code application/grpc}, {@code image/} (but exactly
     * {@code image/svg+xml} is) or {@code text/event-stream}; not when its size is known and under
     * {@value #MIN_SIZE} bytes. An unknown size is compressible.
     *
     * @param knownSize the exact body size when the caller knows it (it wins over
     *                  {@code Content-Length}, as hyper's exact size hint does in tower-http)
     */
    public static boolean compressible(Headers responseHeaders, OptionalLong knownSize) {
        if (responseHeaders.contains("content-encoding") || responseHeaders.contains("content-range")) {
            return false;
        }
        // tower-http reads the value with to_str(): one with non-visible-ASCII bytes counts as "".
        String type = responseHeaders.first("content-type").filter(AcceptEncoding::visibleAscii).orElse("");
        if (type.startsWith("application/grpc") || type.startsWith("text/event-stream")
                || (type.startsWith("image/") && !type.equals("image/svg+xml"))) {
            return false;
        }
        OptionalLong size = knownSize.isPresent() ? knownSize : contentLength(responseHeaders);
        return size.isEmpty() || size.getAsLong() >= MIN_SIZE;
    }

    /**
     * The header changes that go with a compressible response: {@code Vary: accept-encoding} is
     * appended unless a {@code Vary} already names it (also when {@code coding} is empty: the
     * response depends on the request's Accept-Encoding either way); with a coding,
     * {@code Content-Length} and {@code Accept-Ranges} are removed (they describe the uncompressed
     * body) and {@code Content-Encoding} is set. Call it only for a {@link #compressible} response.
     */
    public static void rewriteHeaders(Headers responseHeaders, Optional<ContentCoding> coding) {
        boolean varies = false;
        for (String vary : responseHeaders.all("vary")) {
            if (vary.toLowerCase(Locale.ROOT).contains("accept-encoding")) {
                varies = true;
                break;
            }
        }
        if (!varies) {
            responseHeaders.add("vary", "accept-encoding");
        }
        if (coding.isPresent()) {
            responseHeaders.remove("accept-ranges");
            responseHeaders.remove("content-length");
            responseHeaders.set("content-encoding", coding.get().token());
        }
    }

    /**
     * A whole body, compressed.
     *
     * @throws IllegalStateException for br when brotli is unavailable ({@link #negotiate} never
     *                               chooses it then)
     */
    public static byte[] compress(byte[] body, ContentCoding coding) {
        try {
            return switch (coding) {
                case GZIP -> gzip(body);
                case BR -> {
                    requireBrotli();
                    yield BrotliCodec.compress(body);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("compressing a " + body.length + "-byte body with " + coding.token()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code body} compressed: as {@link #compress(byte[], ContentCoding)} when it is one array, else
     * through {@link #compressing} a piece at a time (the same content coded, not one joined copy).
     */
    public static byte[] compress(BodyBytes body, ContentCoding coding) {
        if (body.pieces() == 1) {
            return compress(body.toByteArray(), coding); // one piece is one exact array: not copied
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, body.length() / 3));
        try (CompressingOutputStream encoder = compressing(out, coding)) {
            body.writeTo(encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("compressing a " + body.length() + "-byte body with " + coding.token()
                    + " failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * A stream that compresses what is written to it into {@code out}, for streamed responses:
     * every {@code flush()} emits all that was written so far as a decodable block, {@code finish()}
     * ends the coded stream and leaves {@code out} open, {@code close()} also closes {@code out}.
     * For gzip the 10-byte header is written to {@code out} at once.
     *
     * @throws IllegalStateException for br when brotli is unavailable ({@link #negotiate} never
     *                               chooses it then)
     */
    public static CompressingOutputStream compressing(OutputStream out, ContentCoding coding) throws IOException {
        CompressingOutputStream.TargetView view = CompressingOutputStream.unclosable(out);
        OutputStream encoder = switch (coding) {
            // syncFlush: flush() deflates with SYNC_FLUSH, so each flush ends on a byte boundary
            // with everything so far decodable.
            case GZIP -> new GZIPOutputStream(view, GZIP_BUFFER, true);
            case BR -> {
                requireBrotli();
                yield BrotliCodec.encoder(view);
            }
        };
        return new CompressingOutputStream(out, coding, encoder, view);
    }

    /** Deflater's default level is zlib's Z_DEFAULT_COMPRESSION, i.e. 6, the level tower-http uses. */
    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, Math.min(GZIP_BUFFER, Math.max(512, body.length)))) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static void requireBrotli() {
        if (!BrotliSupport.available()) {
            throw new IllegalStateException("br was requested but the brotli native library could not be loaded "
                    + "(negotiate() only chooses br when it can)");
        }
    }

    /** The first Content-Length as tower-http reads it; empty when absent or unparseable. */
    static OptionalLong contentLength(Headers headers) {
        Optional<String> value = headers.first("content-length");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        // Rust's u64 parse, as tower-http applies it: an optional '+', then digits only.
        String s = value.get();
        String digits = s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // over Long.MAX_VALUE: compressible, as it would be when known
        }
    }
}
