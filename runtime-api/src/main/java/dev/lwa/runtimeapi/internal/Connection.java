package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Http1Request;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One TCP connection to the origin with its own read and write buffers. Used by one exchange at a
 * time (the pool hands it to exactly one caller), so nothing here is synchronized.
 *
 * <p>Reads go through {@link #fill} or {@link #readDirect}, which set {@code SO_TIMEOUT} to what is
 * left of the exchange's deadline before each blocking read: on the socket (a channel's adaptor)
 * that is a field write, not a system call, so doing it per read costs nothing.
 *
 * <p>Writes collect in {@link #out} and leave in one {@code write} per {@link #flushOut()}, so a
 * request head and a small body are one segment on the wire. A body write that can block is bounded
 * by the deadline through {@link WriteWatchdog}.
 *
 * <p>The socket is a {@link SocketChannel}'s adaptor: its streams do the blocking I/O above, and
 * the channel itself can be read without blocking, which {@link IdleCheck} needs (a plain
 * {@code Socket} cannot see a close without a read that waits). Lines in the read buffer are found
 * by {@link LineReader}.
 */
final class Connection {
    private static final int IN_BUFFER = 16 * 1024;

    /** For {@link IdleCheck}, which reads it without blocking; exchanges use the socket's streams. */
    final SocketChannel channel;
    /** The channel's adaptor; {@link WriteWatchdog} closes it when a body write outlives the deadline. */
    final Socket socket;
    private final InputStream in;
    private final OutputStream os;
    private final String origin;

    // read buffer: unread bytes are buf[pos, lim)
    byte[] buf = new byte[IN_BUFFER];
    int pos;
    int lim;

    // write buffer: pending bytes are out[0, outLen)
    byte[] out = new byte[8 * 1024];
    int outLen;

    private int soTimeout = 0;
    private long deadlineEpochMs = Http1Request.NO_DEADLINE;
    private long exchangeStartNanos;
    /** Bytes received since the current exchange began: 0 means the server has not answered at all. */
    private long receivedThisExchange;

    /** System.nanoTime() when the connection went idle in the pool. */
    long idleSinceNanos;
    /** Exchanges completed on this connection; more than 0 means a reused connection. */
    int completedExchanges;
    /** The pool's generation when it was opened ({@link ConnectionPool#dropConnections}). */
    int generation;
    private boolean closed;
    /** One byte for {@link IdleCheck}: a byte read there is never used, the connection goes. */
    final ByteBuffer idleProbe = ByteBuffer.allocate(1);

    /** @param channel connected and in blocking mode */
    Connection(SocketChannel channel, String origin) throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        this.in = socket.getInputStream();
        this.os = socket.getOutputStream();
        this.origin = origin;
    }

    String origin() {
        return origin;
    }

    void beginExchange(long deadlineEpochMs) {
        this.deadlineEpochMs = deadlineEpochMs;
        this.exchangeStartNanos = System.nanoTime();
        this.receivedThisExchange = 0;
        this.outLen = 0;
    }

    boolean receivedAnything() {
        return receivedThisExchange > 0 || pos < lim;
    }

    /** Bytes left in the read buffer: after a complete response there must be none (we never pipeline). */
    int buffered() {
        return lim - pos;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (!closed) {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we no longer trust: nothing useful to do with a failure
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads more bytes into the buffer, compacting it when full (or doubling it when one unfinished
     * line fills it: {@link LineReader#nextLine} bounds that at {@link LineReader#MAX_LINE}).
     *
     * @return the number of bytes read, or -1 at end of stream
     */
    int fill(String waitingFor) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        } else if (lim == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        int n = timedRead(buf, lim, buf.length - lim, waitingFor);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    /** Reads straight into the caller's array, for body bytes once the buffer is empty. */
    int readDirect(byte[] b, int off, int len, String waitingFor) throws IOException {
        return timedRead(b, off, len, waitingFor);
    }

    private int timedRead(byte[] b, int off, int len, String waitingFor) throws IOException {
        int timeout;
        if (deadlineEpochMs == Http1Request.NO_DEADLINE) {
            timeout = 0;
        } else {
            long left = deadlineEpochMs - System.currentTimeMillis();
            if (left <= 0) {
                throw deadlineExceeded(waitingFor);
            }
            timeout = (int) Math.min(left, Integer.MAX_VALUE);
        }
        if (timeout != soTimeout) {
            socket.setSoTimeout(timeout);
            soTimeout = timeout;
        }
        int n;
        try {
            n = in.read(b, off, Math.min(len, MAX_IO));
        } catch (SocketTimeoutException e) {
            throw deadlineExceeded(waitingFor);
        }
        if (n > 0) {
            receivedThisExchange += n;
        }
        return n;
    }

    /** When the current exchange must be over ({@link Http1Request#NO_DEADLINE} for never). */
    long deadlineEpochMs() {
        return deadlineEpochMs;
    }

    DeadlineExceededException deadlineExceeded(String waitingFor) {
        long waitedMs = (System.nanoTime() - exchangeStartNanos) / 1_000_000;
        // counted from the exchange's start: an app that sends a byte now and then was not silent that long
        return new DeadlineExceededException("deadline exceeded " + waitedMs + " ms after the request began, waiting for "
                + waitingFor + " from " + origin);
    }

    // ---------------------------------------------------------------- writing

    void ensureOut(int extra) {
        int need = outLen + extra;
        if (need > out.length) {
            out = Arrays.copyOf(out, Math.max(need, out.length * 2));
        }
    }

    void putByte(int b) {
        ensureOut(1);
        out[outLen++] = (byte) b;
    }

    void putCrlf() {
        ensureOut(2);
        out[outLen++] = '\r';
        out[outLen++] = '\n';
    }

    /** Appends a string: ASCII byte by byte, anything else as UTF-8 (validated earlier: no CR/LF/NUL). */
    void putString(String s) {
        int n = s.length();
        ensureOut(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                putBytes(rest, 0, rest.length);
                return;
            }
            out[outLen++] = (byte) c;
        }
    }

    void putBytes(byte[] b, int off, int len) {
        ensureOut(len);
        System.arraycopy(b, off, out, outLen, len);
        outLen += len;
    }

    void putDecimal(long v) {
        putString(Long.toString(v));
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    void putHex(int v) {
        ensureOut(8);
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(v) + 3) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            out[outLen++] = HEX[(v >>> (4 * i)) & 0xf];
        }
    }

    /**
     * The most one socket read or write moves. The channel's streams copy through a temporary
     * direct buffer the size of the call: a 6 MB body in one call would be a 6 MB native
     * allocation; in pieces of this size it is one small buffer, reused.
     */
    static final int MAX_IO = 128 * 1024;

    /** Sends everything buffered in one write. */
    void flushOut() throws IOException {
        if (outLen > 0) {
            int n = outLen;
            outLen = 0;
            write(out, 0, n);
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, MAX_IO);
            os.write(b, off, n);
            off += n;
            len -= n;
            bytesSent += n;
        }
    }

    /**
     * Bytes the socket has taken so far, counted in pieces of at most {@link #MAX_IO}: {@link
     * WriteWatchdog} reads it from its own thread to see whether a blocked body write still moves.
     */
    private volatile long bytesSent;

    long bytesSent() {
        return bytesSent;
    }

    /**
     * For {@link WriteWatchdog} only, from its own thread while the owner is blocked in a body write
     * (so the read buffer is idle) and under the watchdog's lock: appends to the read buffer what
     * the socket already holds, without blocking and without touching the read timeout.
     */
    void readAvailable() throws IOException {
        int available = in.available();
        if (available <= 0) {
            return;
        }
        if (pos == lim) {
            pos = 0;
            lim = 0;
        }
        int room = buf.length - lim;
        if (room == 0) {
            return; // enough to judge by: the buffer holds 16 KiB of answer already
        }
        int n = in.read(buf, lim, Math.min(room, available));
        if (n > 0) {
            lim += n;
            receivedThisExchange += n;
        }
    }

    /** Sends the buffered bytes, then {@code b[off, off + len)}, with no deadline of its own (see {@link WriteWatchdog#writeWithinDeadline}). */
    void writeNow(byte[] b, int off, int len) throws IOException {
        flushOut();
        write(b, off, len);
    }

    /**
     * Sends the buffered bytes, then {@code b} (for bodies too big to be worth copying). A large
     * write can block when the server stops reading, and a socket has no write timeout: with a
     * deadline, a watchdog closes the socket when it passes (D6 covers the whole exchange).
     */
    void flushOutThen(byte[] b) throws IOException {
        flushOutThen(b, 0, b.length);
    }

    /** As {@link #flushOutThen(byte[])} for {@code b[off, off + len)}. */
    void flushOutThen(byte[] b, int off, int len) throws IOException {
        WriteWatchdog.writeWithinDeadline(this, len, () -> writeNow(b, off, len));
    }
}
