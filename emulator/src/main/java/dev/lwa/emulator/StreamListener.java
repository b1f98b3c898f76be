package dev.lwa.emulator;

import java.util.Map;
import java.util.Optional;

/**
 * Sees a <b>streamed</b> response ({@code Lambda-Runtime-Function-Response-Mode: streaming}) while
 * it arrives. Buffered responses and errors are not reported here; they are only in the
 * {@link InvocationResult}.
 *
 * <p>All methods are called on the thread that reads the runtime's request, in order:
 * {@code onStreamStart}, at most one {@code onPrelude}, any number of {@code onBody},
 * then {@code onEnd}. A slow listener slows the runtime down (back-pressure), as a slow Function URL
 * client does on AWS. Exceptions thrown by a listener are logged and otherwise ignored.
 */
public interface StreamListener {

    /** A listener that only keeps the bytes. */
    StreamListener NONE = new StreamListener() { };

    /** The runtime started a streamed response with this {@code Content-Type}. */
    default void onStreamStart(Optional<String> contentType) {
    }

    /**
     * The JSON prelude of an {@code application/vnd.awslambda.http-integration-response} stream,
     * i.e. every byte before the first 8 consecutive NUL bytes (the NULs are not included).
     */
    default void onPrelude(byte[] prelude) {
    }

    /**
     * Body bytes as they arrive (after the prelude, if any). Chunk boundaries are whatever the
     * transport delivered, not what the runtime wrote.
     *
     * @param nanoTime {@link System#nanoTime()} when the bytes were read
     */
    default void onBody(byte[] chunk, long nanoTime) {
    }

    /** The stream ended (also after an error, a timeout or the size cap); trailers keyed as sent. */
    default void onEnd(Map<String, String> trailers) {
    }

    /**
     * Whether the result should also hold the streamed bytes. Return false for very large streams
     * that a test only measures; {@link InvocationResult#body()} is then empty.
     */
    default boolean keepBody() {
        return true;
    }
}
