package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.Headers;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response body decoded from its framing. When the last byte has been read the connection goes
 * back to the pool at once (or is closed when it cannot be kept), so a caller that reads to the end
 * but forgets {@code close()} leaks nothing. Closing before the end closes the connection: its
 * state is unknown.
 */
abstract sealed class ResponseBody extends InputStream
        permits ResponseBody.Empty, ResponseBody.FixedLength, ResponseBody.UntilClose, ChunkedResponseBody {
    static final String WAITING_FOR_BODY = "the response body";

    /** Null once the body is done or the connection was given up. */
    protected Connection conn;
    private final ConnectionPool pool;
    private final boolean keepAlive;
    protected final String origin;
    private boolean done;
    private boolean closed;
    private IOException failure;
    protected long delivered;

    /** The connection the body came on, for {@link #cut} from another thread ({@link #conn} is the owner's). */
    private final Connection opened;

    ResponseBody(ConnectionPool pool, Connection conn, boolean keepAlive) {
        this.pool = pool;
        this.conn = conn;
        this.opened = conn;
        this.keepAlive = keepAlive;
        this.origin = conn.origin();
    }

    /** Body length when the framing says it up front (what is left of it); -1 when unknown. */
    abstract long knownRemaining();

    Headers trailers() {
        return EMPTY_TRAILERS;
    }

    private static final Headers EMPTY_TRAILERS = new Headers();

    /** Reads up to {@code len} decoded bytes; only called while not done, with {@code len > 0}. */
    protected abstract int readBody(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (done) {
            return -1;
        }
        if (failure != null) {
            throw new IOException("the response body from " + origin + " already failed: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("the response body from " + origin + " was closed");
        }
        if (conn == null) {
            throw new IOException("the response body from " + origin + " was abandoned (too large, or a read failed)");
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = readBody(b, off, len);
            if (n > 0) {
                delivered += n;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            abort();
            throw e;
        }
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() {
        Connection c = conn;
        if (done || c == null) {
            return 0;
        }
        long known = knownRemaining();
        int buffered = c.buffered();
        return (int) (known >= 0 ? Math.min(known, buffered) : 0);
    }

    /** The body ended cleanly: hand the connection back (or close it when it cannot be kept). */
    protected final void finished() {
        done = true;
        Connection c = conn;
        conn = null;
        if (c != null) {
            // a cut from another thread (cut) and the hand-back agree on who has the connection
            if (keepAlive && settled.compareAndSet(false, true)) {
                pool.release(c);
            } else {
                c.close();
            }
        }
    }

    /** Set once by whichever comes first: the hand-back to the pool, or a {@link #cut}. */
    private final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

    boolean isDone() {
        return done;
    }

    /**
     * From any thread: closes the socket under a read that may be blocked, which then fails. Only
     * the socket: the connection's own state stays the owner's, who closes it after the failure.
     * Nothing, once the connection is back in the pool (another exchange may have it).
     */
    final void cut() {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        try {
            opened.socket.close();
        } catch (IOException ignored) {
            // the read fails either way
        }
    }

    /** Gives up the connection (unknown state). */
    final void abort() {
        Connection c = conn;
        conn = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!done && conn != null && !finishFromBuffer()) {
            abort();
        }
    }

    /** On close before the end: finish without blocking when the rest is already buffered. */
    protected boolean finishFromBuffer() {
        return false;
    }

    protected EOFException truncated(String detail) {
        return new EOFException("response body truncated: " + origin + " closed the connection " + detail);
    }

    /** Copies from the buffer, or reads straight into {@code b} when the buffer is empty and {@code len} big. */
    protected int readRaw(byte[] b, int off, int len) throws IOException {
        Connection c = conn;
        int avail = c.lim - c.pos;
        if (avail == 0) {
            if (len >= c.buf.length / 2) {
                return c.readDirect(b, off, len, WAITING_FOR_BODY);
            }
            avail = c.fill(WAITING_FOR_BODY);
            if (avail < 0) {
                return -1;
            }
        }
        int n = Math.min(avail, len);
        System.arraycopy(c.buf, c.pos, b, off, n);
        c.pos += n;
        return n;
    }

    // ------------------------------------------------------------------ kinds (chunked: ChunkedResponseBody)

    /** HEAD, 1xx, 204, 304, or Content-Length: 0. */
    static final class Empty extends ResponseBody {
        Empty(ConnectionPool pool, Connection conn, boolean keepAlive) {
            super(pool, conn, keepAlive);
            finished();
        }

        @Override
        long knownRemaining() {
            return 0;
        }

        @Override
        protected int readBody(byte[] b, int off, int len) {
            return -1;
        }
    }

    static final class FixedLength extends ResponseBody {
        private final long length;
        private long remaining;

        FixedLength(ConnectionPool pool, Connection conn, boolean keepAlive, long length) {
            super(pool, conn, keepAlive);
            this.length = length;
            this.remaining = length;
        }

        @Override
        long knownRemaining() {
            return remaining;
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            int n = readRaw(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw truncated("after " + (length - remaining) + " of " + length + " bytes (Content-Length)");
            }
            remaining -= n;
            if (remaining == 0) {
                finished();
            }
            return n;
        }

        @Override
        protected boolean finishFromBuffer() {
            if (conn.buffered() >= remaining) {
                conn.pos += (int) remaining;
                remaining = 0;
                finished();
                return true;
            }
            return false;
        }
    }

    /** Until the server closes the connection (no framing at all): never reusable. */
    static final class UntilClose extends ResponseBody {
        UntilClose(ConnectionPool pool, Connection conn) {
            super(pool, conn, false);
        }

        @Override
        long knownRemaining() {
            return -1;
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            int n = readRaw(b, off, len);
            if (n < 0) {
                finished();
            }
            return n;
        }
    }
}
