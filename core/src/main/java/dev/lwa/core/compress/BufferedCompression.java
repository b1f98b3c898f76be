package dev.lwa.core.compress;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.BodyTooLargeException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading an app response for a buffered result with compression on (docs/behaviour.md, Compression).
 *
 * <p>The limit applies to what goes to Lambda, as in LWA 1.0, where the body is compressed before
 * it is collected: a compressible 20 MB JSON body that gzips to 2 MB is served, not refused for
 * its uncompressed size. A body within the limit is read whole first, so its exact size decides the
 * 32-byte minimum (a chunked 5-byte body is left alone); a longer one is compressed as it is read,
 * so memory stays bounded by the limit, and it is refused only when even its compressed form does
 * not fit or the client accepts no coding.
 */
public final class BufferedCompression {
    private static final int CHUNK = 64 * 1024;

    private BufferedCompression() {
    }

    /**
     * The body to put in the result, and how many bytes of the app's answer were read for it.
     *
     * @param appBytes more than the body's length when it was compressed: what the read cost the heap
     */
    public record Read(BodyBytes body, long appBytes) {
    }

    /**
     * The body to put in the result, compressed when the request and response allow it;
     * {@code headers} (a copy the caller owns) are rewritten to match.
     *
     * @param acceptEncoding every {@code Accept-Encoding} value of the original request
     * @throws BodyTooLargeException when the body, compressed if it can be, is over {@code maxBytes}
     */
    public static Read read(Http1Response response, Headers headers, List<String> acceptEncoding, int maxBytes)
            throws IOException {
        if (!Compression.compressible(headers, OptionalLong.empty())) {
            // already encoded (an app's own compression middleware, chunked), a range, an excluded
            // type, or a small Content-Length: as it is, in pieces when it has no length
            BodyBytes body = response.readBodyBytes(maxBytes);
            return new Read(body, body.length());
        }
        OptionalLong length = Compression.contentLength(headers);
        BodyBytes head = length.isPresent() && length.getAsLong() <= maxBytes
                ? response.readBodyBytes(maxBytes) // a known length: one array of the exact size
                : BodyBytes.readUpTo(response.body(), maxBytes + 1L); // in pieces, not grown and copied
        long read = head.length();
        if (read <= maxBytes) {
            return new Read(compressWhole(head, headers, acceptEncoding), read);
        }
        // Too long as it is: only compression can still make it fit.
        Optional<ContentCoding> coding = Compression.negotiate(acceptEncoding);
        if (coding.isEmpty()) {
            throw new BodyTooLargeException(maxBytes);
        }
        Compression.rewriteHeaders(headers, coding);
        CappedBuffer out = new CappedBuffer(maxBytes);
        try (CompressingOutputStream encoder = Compression.compressing(out, coding.get())) {
            head.writeTo(encoder);
            head = null; // up to maxBytes of memory that the rest of the read does not need
            InputStream in = response.body();
            byte[] chunk = new byte[CHUNK];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                encoder.write(chunk, 0, n);
                read += n;
            }
        }
        return new Read(BodyBytes.of(out.toByteArray()), read);
    }

    private static BodyBytes compressWhole(BodyBytes body, Headers headers, List<String> acceptEncoding) {
        if (!Compression.compressible(headers, OptionalLong.of(body.length()))) {
            return body;
        }
        Optional<ContentCoding> coding = Compression.negotiate(acceptEncoding);
        Compression.rewriteHeaders(headers, coding);
        return coding.map(c -> BodyBytes.of(Compression.compress(body, c))).orElse(body);
    }

    /** Collects the compressed body; fails as soon as it would pass the limit. */
    private static final class CappedBuffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(CHUNK);
        private final int cap;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            bytes.write(b, off, len);
        }

        private void check(int more) throws BodyTooLargeException {
            if ((long) bytes.size() + more > cap) {
                throw new BodyTooLargeException(cap);
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
