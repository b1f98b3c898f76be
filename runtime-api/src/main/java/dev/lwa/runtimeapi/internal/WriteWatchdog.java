package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.Http1Request;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Watches a blocking body write ({@code java.net.Socket} has read timeouts only) for two ends:
 * <ul>
 *   <li>the deadline passes: the socket is closed, and the write fails with the deadline's message;</li>
 *   <li>the server refused the request early and stopped reading (a {@code 413} from an app that
 *       then neither reads nor closes): the sending side is shut, which ends the write and leaves
 *       the answer to be read at once rather than lost at the deadline. Only when both hold: the
 *       write has not moved for {@link #STALLED_NANOS}, and a final answer with an error status
 *       (400 or more) is waiting. A {@code 100 Continue} or {@code 103} is not final, and a
 *       {@code 2xx} or {@code 3xx} sent early may come from a server that streams its answer while
 *       it still reads, however slowly (the write moves only when a good part of the socket's
 *       buffer is free): neither cuts a body short.</li>
 * </ul>
 * Armed only around writes that can block (bodies over the socket buffer), so small requests
 * never touch it; its one thread starts on first use. Reads need none of this: {@link Connection}
 * sets {@code SO_TIMEOUT} to the deadline before each.
 */
final class WriteWatchdog {
    private WriteWatchdog() {
    }

    /** How often a body write is looked at. */
    static final long CHECK_MS = 250;
    /** A write that has not moved for this long, with a final answer waiting, is over. */
    static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final class Timer {
        static final ScheduledExecutorService EXECUTOR;

        static {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "lwa-write-watchdog");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            EXECUTOR = executor;
        }
    }

    /**
     * One watched write. Its checks read the connection's idle read buffer from the watchdog's
     * thread; {@link #disarm} waits for a check in progress, so once the write is over the buffer
     * is the owner's again (and what a check read into it is the start of the answer, in order).
     */
    private static final class Armed {
        private final Connection c;
        private volatile boolean fired;
        private volatile boolean answered;
        private boolean disarmed;
        private long lastSent = -1;
        private long lastMoveNanos;
        private ScheduledFuture<?> deadline;
        private ScheduledFuture<?> checks;

        private Armed(Connection c) {
            this.c = c;
        }

        boolean fired() {
            return fired;
        }

        boolean answered() {
            return answered;
        }

        synchronized void disarm() {
            disarmed = true;
            deadline.cancel(false);
            checks.cancel(false);
        }

        /** The deadline: the socket is closed, which ends the write. */
        private synchronized void fire() {
            if (disarmed || answered) {
                return;
            }
            fired = true;
            try {
                c.socket.close(); // the owner's close() follows; its flag is not this thread's to set
            } catch (IOException ignored) {
                // the write fails with a socket error either way
            }
        }

        private synchronized void check() {
            if (disarmed || fired || answered) {
                return;
            }
            long now = System.nanoTime();
            long sent = c.bytesSent();
            if (sent != lastSent) {
                lastSent = sent;
                lastMoveNanos = now;
                return;
            }
            if (now - lastMoveNanos < STALLED_NANOS) {
                return;
            }
            try {
                c.readAvailable();
                if (refusalBuffered(c)) {
                    answered = true;
                    c.socket.shutdownOutput();
                }
            } catch (IOException ignored) {
                // the write sees the socket's trouble itself
            }
        }
    }

    /**
     * Whether the read buffer starts with a refusal's status line (400 or more), after any complete
     * interim (1xx) answers. Bytes that are not a status line count too: the reader reports them.
     */
    static boolean refusalBuffered(Connection c) {
        byte[] b = c.buf;
        int i = c.pos;
        int lim = c.lim;
        while (true) {
            if (lim - i < 12) { // "HTTP/1.1 200"
                return false;
            }
            if (b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P' || b[i + 4] != '/') {
                return true;
            }
            byte hundreds = b[i + 9];
            if (hundreds < '0' || hundreds >= '4') {
                return true; // a refusal, or not a status line
            }
            boolean interim = hundreds == '1' && !(b[i + 10] == '0' && b[i + 11] == '1'); // 101 ends HTTP: final
            if (!interim) {
                return false; // a 2xx or 3xx: the server may still be reading
            }
            int end = headEnd(b, i, lim);
            if (end < 0) {
                return false; // the interim answer is still arriving
            }
            i = end;
        }
    }

    /** The index after the blank line that ends the head starting at {@code from}, or -1. */
    private static int headEnd(byte[] b, int from, int lim) {
        for (int i = from; i < lim; i++) {
            if (b[i] == '\n') {
                if (i + 1 < lim && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < lim && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** What a body write does; run by {@link #writeWithinDeadline}. */
    interface BodyWrite {
        void run() throws IOException;
    }

    /**
     * Runs a body write that can block longer than one socket buffer takes (the server stops
     * reading): with a deadline, the watchdog ends it at the deadline, or earlier when the server
     * has answered (above).
     */
    static void writeWithinDeadline(Connection c, long bytes, BodyWrite write) throws IOException {
        long deadlineEpochMs = c.deadlineEpochMs();
        if (deadlineEpochMs == Http1Request.NO_DEADLINE) {
            write.run();
            return;
        }
        long left = deadlineEpochMs - System.currentTimeMillis();
        if (left <= 0) {
            throw c.deadlineExceeded("the request body to be sent");
        }
        Armed watchdog = arm(c, left);
        try {
            write.run();
        } catch (IOException e) {
            watchdog.disarm();
            if (watchdog.fired()) {
                throw c.deadlineExceeded("the server to read the request body (" + bytes + " bytes)");
            }
            if (watchdog.answered()) {
                throw answeredEarly(c, bytes, e);
            }
            throw e;
        } finally {
            watchdog.disarm();
        }
        // The deadline or a check may have acted just as the last piece went out: the write ended
        // normally, but the socket is closed or half closed, and the reason must be the right one.
        if (watchdog.fired()) {
            throw c.deadlineExceeded("the server to read the request body (" + bytes + " bytes)");
        }
        if (watchdog.answered()) {
            throw answeredEarly(c, bytes, null);
        }
    }

    /** The exchange reads the answer that is waiting; as a failed write, the connection is not kept. */
    private static IOException answeredEarly(Connection c, long bytes, IOException cause) {
        return new IOException(c.origin() + " refused the request before reading its body (" + bytes
                + " bytes) and stopped reading it", cause);
    }

    private static Armed arm(Connection c, long millis) {
        Armed armed = new Armed(c);
        synchronized (armed) { // a check or the deadline runs only once both are set
            armed.lastMoveNanos = System.nanoTime();
            armed.deadline = Timer.EXECUTOR.schedule(armed::fire, millis, TimeUnit.MILLISECONDS);
            armed.checks = Timer.EXECUTOR.scheduleWithFixedDelay(armed::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        }
        return armed;
    }
}
