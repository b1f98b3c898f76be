package dev.lwa.runtimeapi.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response whose header section has been read. The body is read on demand from
 * {@link #body()}, de-chunked; closing the response returns a fully read keep-alive connection
 * to the pool and closes it otherwise.
 */
public interface Http1Response extends AutoCloseable {
    int status();

    String reason();

    Headers headers();

    /**
     * The decoded body bytes; empty for HEAD, 1xx, 204 and 304. Reads honour the request deadline.
     * A body that ends before its Content-Length or last chunk throws {@link java.io.EOFException}
     * rather than ending early. Closing the stream closes the response.
     */
    InputStream body();

    /**
     * Reads the whole body.
     *
     * @throws BodyTooLargeException when it has more than {@code maxBytes} bytes (the rest is not read)
     */
    byte[] readBody(int maxBytes) throws IOException;

    /**
     * Reads the whole body as {@link BodyBytes}: one exact array when its length is known, pieces
     * when it is not (no array grown, copied and trimmed).
     *
     * @throws BodyTooLargeException when it has more than {@code maxBytes} bytes (the rest is not read)
     */
    default BodyBytes readBodyBytes(int maxBytes) throws IOException {
        return BodyBytes.of(readBody(maxBytes));
    }

    /** Trailer fields of a chunked body, available once the body has been read to its end; empty otherwise. */
    Headers trailers();

    /**
     * Ends the response now, from any thread (the one reading the body may be blocked in a read):
     * that read fails, and the connection is not kept. For a stop that cannot wait for the body.
     */
    default void cut() {
        close();
    }

    @Override
    void close();
}
