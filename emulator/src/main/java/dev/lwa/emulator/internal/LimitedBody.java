package dev.lwa.emulator.internal;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A whole request body read into memory, or the news that it was over the limit. */
sealed interface LimitedBody {

    record Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) implements LimitedBody {
    }

    /** Over the limit; {@code consumed} tells whether the rest of the body was read and dropped. */
    record TooLarge(long limit, boolean consumed) implements LimitedBody {
    }

    /** How much of an oversized body is read and dropped so the client can read the 413. */
    long DRAIN_LIMIT = 64L * 1024 * 1024;

    static LimitedBody read(Request request, long limit) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            return tooLarge(request, limit, declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        Map<String, String> trailers = new LinkedHashMap<>();
        long firstByteNanos = 0;
        while (true) {
            Content.Chunk chunk = JettyIO.read(request);
            try {
                if (chunk.hasRemaining()) {
                    if (firstByteNanos == 0) {
                        firstByteNanos = System.nanoTime();
                    }
                    if (out.size() + (long) chunk.remaining() > limit) {
                        chunk.release();
                        chunk = null;
                        return tooLarge(request, limit, -1);
                    }
                    out.writeBytes(JettyIO.bytes(chunk));
                }
                trailers.putAll(JettyIO.trailers(chunk));
                if (chunk.isLast()) {
                    return new Complete(out.toByteArray(), trailers, firstByteNanos);
                }
            } finally {
                if (chunk != null) {
                    chunk.release();
                }
            }
        }
    }

    /**
     * Reads and drops the rest so the client (which is still writing) can read the refusal; a client
     * that waits for {@code 100 Continue} sends nothing more, so nothing is read then.
     */
    private static LimitedBody tooLarge(Request request, long limit, long declared) {
        if (declared > 0 && JettyIO.expectsContinue(request)) {
            return new TooLarge(limit, false);
        }
        return new TooLarge(limit, JettyIO.drain(request, DRAIN_LIMIT));
    }
}
