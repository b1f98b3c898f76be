package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.Http1Request;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a blocking socket write by closing the socket when a deadline passes ({@code
 * java.net.Socket} has read timeouts only), and ends it early when the server has answered
 * without reading the whole body (it may neither read nor close: the answer is what counts). Armed only around writes that can block (bodies over
 * the socket buffer), so small requests never touch it; its one thread starts on first use.
 * Reads need none of this: {@link Connection} sets {@code SO_TIMEOUT} to the deadline before each.
 */
final class WriteWatchdog {
    private WriteWatchdog() {
    }

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

    /** How often a blocked body write looks for an answer that came before the body was read. */
    static final long ANSWER_CHECK_MS = 50;

    private static final class Armed {
        private final Socket socket;
        private volatile boolean fired;
        private volatile boolean answered;
        private ScheduledFuture<?> deadline;
        private ScheduledFuture<?> checks;

        private Armed(Socket socket) {
            this.socket = socket;
        }

        boolean fired() {
            return fired;
        }

        boolean answered() {
            return answered;
        }

        void disarm() {
            deadline.cancel(false);
            checks.cancel(false);
        }

        /** The deadline: the socket is closed, which ends the write. */
        private synchronized void fire() {
            if (answered) {
                return;
            }
            fired = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // the write fails with a socket error either way
            }
        }

        /**
         * Each tick: an answer already waiting (a 413 before the body was read, from a server that
         * then neither reads nor closes) ends the write by shutting the socket's sending side,
         * which leaves the answer to be read.
         */
        private synchronized void check() {
            if (fired || answered) {
                return;
            }
            try {
                if (socket.getInputStream().available() > 0) {
                    answered = true;
                    socket.shutdownOutput();
                }
            } catch (IOException ignored) {
                // the write sees the socket's trouble itself
            }
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
        Armed watchdog = arm(c.socket, deadlineEpochMs);
        try {
            write.run();
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw c.deadlineExceeded("the server to read the request body (" + bytes + " bytes)");
            }
            if (watchdog.answered()) {
                // the caller reads the answer that is waiting; the connection is not kept
                throw new IOException(c.origin() + " answered before reading the request body (" + bytes + " bytes)", e);
            }
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    private static Armed arm(Socket socket, long deadlineEpochMs) {
        Armed armed = new Armed(socket);
        armed.deadline = Timer.EXECUTOR.schedule(armed::fire, Math.max(0, deadlineEpochMs - System.currentTimeMillis()),
                TimeUnit.MILLISECONDS);
        armed.checks = Timer.EXECUTOR.scheduleWithFixedDelay(armed::check, ANSWER_CHECK_MS, ANSWER_CHECK_MS,
                TimeUnit.MILLISECONDS);
        return armed;
    }
}
