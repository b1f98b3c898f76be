package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.BodyStream;
import dev.lwa.runtimeapi.http.Headers;

import java.io.IOException;
import java.util.Objects;

/**
 * The chunked request body handed to a {@link dev.lwa.runtimeapi.http.BodyWriter}.
 *
 * <p>Writes collect in a 16 KiB buffer; {@link #flush()} (or a full buffer) sends them as one chunk,
 * framing and data in one socket write. The request head is not sent on its own: it leaves with the
 * first chunk (or the first explicit flush), so head and first bytes are one segment.
 *
 * <p>A socket failure is remembered in {@link #transportFailure} and thrown again by every later call,
 * so the exchange can tell it from a failure of the writer's own.
 */
final class ChunkedBodyStream extends BodyStream {
    static final int CHUNK_SIZE = 16 * 1024;

    private final Connection conn;
    private final byte[] data = new byte[CHUNK_SIZE];
    private int len;
    private Headers trailers = new Headers();
    private boolean finished;
    IOException transportFailure;

    ChunkedBodyStream(Connection conn) {
        this.conn = conn;
    }

    @Override
    public void write(int b) throws IOException {
        ensureWritable();
        if (len == CHUNK_SIZE) {
            send(false);
        }
        data[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        Objects.checkFromIndexSize(off, n, b.length);
        ensureWritable();
        while (n > 0) {
            if (len == CHUNK_SIZE) {
                send(false);
            }
            int k = Math.min(n, CHUNK_SIZE - len);
            System.arraycopy(b, off, data, len, k);
            len += k;
            off += k;
            n -= k;
        }
    }

    /** Sends the buffered bytes as one chunk now (and the request head, if not sent yet). */
    @Override
    public void flush() throws IOException {
        ensureWritable();
        send(true);
    }

    /**
     * Flushes. The body itself ends only when the writer returns (a writer that wraps this stream in a
     * {@code GZIPOutputStream} will close it, and that must not end the request early or twice).
     */
    @Override
    public void close() throws IOException {
        if (!finished && transportFailure == null) {
            send(true);
        }
    }

    @Override
    public void trailers(Headers trailers) {
        Objects.requireNonNull(trailers, "trailers");
        for (int i = 0; i < trailers.size(); i++) {
            RequestEncoder.validateField(trailers.name(i), trailers.value(i), "trailer");
        }
        this.trailers = trailers.copy();
    }

    /** After the writer returned: the last data, the zero chunk, the trailers, the final CRLF, in one write. */
    void finish() throws IOException {
        ensureWritable();
        appendChunk();
        conn.putString("0\r\n");
        for (int i = 0, n = trailers.size(); i < n; i++) {
            conn.putString(trailers.name(i));
            conn.putString(": ");
            conn.putString(trailers.value(i));
            conn.putCrlf();
        }
        conn.putCrlf();
        finished = true;
        transport();
    }

    private void ensureWritable() throws IOException {
        if (transportFailure != null) {
            throw transportFailure;
        }
        if (finished) {
            throw new IOException("the request body to " + conn.origin() + " is already complete");
        }
    }

    private void appendChunk() {
        if (len > 0) {
            conn.putHex(len);
            conn.putCrlf();
            conn.putBytes(data, 0, len);
            conn.putCrlf();
            len = 0;
        }
    }

    private void send(boolean evenIfEmpty) throws IOException {
        if (len > 0 || evenIfEmpty) {
            appendChunk();
            transport();
        }
    }

    private void transport() throws IOException {
        try {
            conn.flushOut();
        } catch (IOException e) {
            transportFailure = e;
            throw e;
        }
    }
}
