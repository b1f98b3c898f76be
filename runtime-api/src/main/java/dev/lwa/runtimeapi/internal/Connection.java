package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.MalformedResponseException;

import java.io.EOFException;
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
 * request head and a small body are one segment on the wire.
 *
 * <p>The socket is a {@link SocketChannel}'s adaptor: its streams do the blocking I/O above, and
 * the channel itself can be read without blocking, which {@link #idleState()} needs (a plain
 * {@code Socket} cannot see a close without a read that waits).
 */
final class Connection {
    private static final int IN_BUFFER = 16 * 1024;
    /** A single header or chunk-size line may grow the read buffer up to this. */
    static final int MAX_LINE = 64 * 1024;

    private final SocketChannel channel;
    private final Socket socket;
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
    private boolean closed;
    /** One byte for {@link #idleState()}: a byte read there is never used, the connection goes. */
    private final ByteBuffer probe = ByteBuffer.allocate(1);

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

    /** {@link #idleState()}: nothing to read, the connection can carry the next request. */
    static final int REUSABLE = 0;
    /** {@link #idleState()}: the server closed (FIN) or reset the connection. */
    static final int CLOSED_BY_SERVER = -1;
    /** {@link #idleState()}: bytes nobody asked for are waiting. */
    static final int UNSOLICITED_BYTES = 1;

    /**
     * Whether an idle connection can carry the next request. The server must not have closed it
     * (a FIN, which servers send when they close after answering, or on a keep-alive timer), reset
     * it, or sent anything unasked (e.g. a {@code 408} before it gives up on the connection, which
     * would be taken for the next response). One read that does not wait: 0 bytes means
     * {@link #REUSABLE}; -1 or an exception (reset) {@link #CLOSED_BY_SERVER}; a byte
     * {@link #UNSOLICITED_BYTES}. The blocking mode flips for that read only; a channel a virtual
     * thread has used is non-blocking underneath already, and then the flips make no system call.
     */
    int idleState() {
        if (pos < lim) {
            return UNSOLICITED_BYTES;
        }
        try {
            channel.configureBlocking(false);
            try {
                probe.clear();
                int n = channel.read(probe);
                return n == 0 ? REUSABLE : n < 0 ? CLOSED_BY_SERVER : UNSOLICITED_BYTES;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return CLOSED_BY_SERVER;
        }
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
     * line fills it: {@link #nextLine} bounds that at {@link #MAX_LINE}).
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

    DeadlineExceededException deadlineExceeded(String waitingFor) {
        long waitedMs = (System.nanoTime() - exchangeStartNanos) / 1_000_000;
        return new DeadlineExceededException("deadline exceeded: waited " + waitedMs + " ms for "
                + waitingFor + " from " + origin);
    }

    /**
     * Finds the next line (ending in LF, optionally CRLF) in the buffer, reading more as needed.
     *
     * @param eofWhere   completes "host:port closed the connection ..." when the stream ends first
     *                   (a constant: the message is only built on failure, not per line)
     * @return the index just past the LF; the line's content is {@code buf[pos, lineEnd(result))}
     * @throws EOFException when the stream ends before a full line
     */
    int nextLine(String waitingFor, String eofWhere) throws IOException {
        int scanned = 0; // relative to pos, which fill() may move when it compacts
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i + 1;
                }
            }
            scanned = lim - pos;
            if (scanned >= MAX_LINE) {
                throw new MalformedResponseException(origin + " sent a line longer than " + MAX_LINE
                        + " bytes while we expected " + waitingFor + ": " + printable(buf, pos, pos + 120) + "...");
            }
            int n = fill(waitingFor);
            if (n < 0) {
                throw new EOFException(origin + " closed the connection " + eofWhere + (lim > pos ? " (unterminated line: "
                        + printable(buf, pos, Math.min(lim, pos + 120)) + ")" : ""));
            }
        }
    }

    /** The end of the line content before the LF (and its CR, if any) at {@code afterLf - 1}. */
    int lineEnd(int afterLf) {
        int end = afterLf - 1;
        if (end > pos && buf[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** Decodes header text: ASCII/Latin-1 fast, UTF-8 when a byte has its high bit set. */
    static String text(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return new String(b, from, to - from, StandardCharsets.UTF_8);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Quotes bytes for an error message, escaping anything that is not printable ASCII. */
    static String printable(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 2).append('"');
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
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
        }
    }

    /** What a body write does; run by {@link #writeWithinDeadline}. */
    interface BodyWrite {
        void run() throws IOException;
    }

    /**
     * Runs a body write that can block longer than one socket buffer takes (the server stops
     * reading): a socket has no write timeout, so with a deadline a watchdog closes the socket
     * when it passes, and the write fails with the deadline's message.
     */
    void writeWithinDeadline(long bytes, BodyWrite write) throws IOException {
        if (deadlineEpochMs == Http1Request.NO_DEADLINE) {
            write.run();
            return;
        }
        long left = deadlineEpochMs - System.currentTimeMillis();
        if (left <= 0) {
            throw deadlineExceeded("the request body to be sent");
        }
        WriteWatchdog.Armed watchdog = WriteWatchdog.arm(socket, left);
        try {
            write.run();
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw deadlineExceeded("the server to read the request body (" + bytes + " bytes)");
            }
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    /** Sends the buffered bytes, then {@code b[off, off + len)}, with no deadline of its own (see {@link #writeWithinDeadline}). */
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
        writeWithinDeadline(len, () -> writeNow(b, off, len));
    }
}
