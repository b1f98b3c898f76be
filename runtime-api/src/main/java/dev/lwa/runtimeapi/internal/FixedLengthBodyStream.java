package dev.lwa.runtimeapi.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The body of a {@link dev.lwa.runtimeapi.http.RequestBody.Sized} request, as its writer writes it:
 * small writes collect behind the request head in the connection's buffer, a large one goes to the
 * socket at once, and the count is held to the announced Content-Length (a writer that writes more
 * or less would desynchronise the connection, so the request fails instead).
 *
 * <p>A socket failure is remembered in {@link #transportFailure}, so the exchange can tell it from
 * a failure of the writer's own.
 */
final class FixedLengthBodyStream extends OutputStream {
    /** Writes up to this size are copied into the connection's buffer; larger ones go straight out. */
    private static final int COPY_LIMIT = 16 * 1024;
    /** The buffer is sent when it holds this much. */
    private static final int SEND_AT = 64 * 1024;

    private final Connection conn;
    private final long length;
    private long written;
    IOException transportFailure;

    FixedLengthBodyStream(Connection conn, long length) {
        this.conn = conn;
        this.length = length;
    }

    @Override
    public void write(int b) throws IOException {
        count(1);
        conn.putByte(b);
        sendIfFull();
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        Objects.checkFromIndexSize(off, n, b.length);
        count(n);
        if (n <= COPY_LIMIT) {
            conn.putBytes(b, off, n);
            sendIfFull();
            return;
        }
        try {
            conn.writeNow(b, off, n); // the exchange bounds the whole body by its deadline
        } catch (IOException e) {
            transportFailure = e;
            throw e;
        }
    }

    private void count(int n) throws IOException {
        if (written + n > length) {
            throw new IOException("the request body writer wrote more than the " + length + " bytes it announced");
        }
        written += n;
    }

    private void sendIfFull() throws IOException {
        if (conn.outLen >= SEND_AT) {
            send();
        }
    }

    private void send() throws IOException {
        try {
            conn.flushOut();
        } catch (IOException e) {
            transportFailure = e;
            throw e;
        }
    }

    /** Sends what is left; the writer must have written exactly the announced length. */
    void finish() throws IOException {
        if (written != length) {
            throw new IOException("the request body writer wrote " + written + " of the " + length + " bytes it announced");
        }
        send();
    }
}
