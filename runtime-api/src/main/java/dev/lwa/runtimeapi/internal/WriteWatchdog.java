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
 * java.net.Socket} has read timeouts only). Armed only around writes that can block (bodies over
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

    private static final class Armed {
        private final Socket socket;
        private volatile boolean fired;
        private ScheduledFuture<?> future;

        private Armed(Socket socket) {
            this.socket = socket;
        }

        boolean fired() {
            return fired;
        }

        void disarm() {
            future.cancel(false);
        }

        private void fire() {
            fired = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // the write fails with a socket error either way
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
        Armed watchdog = arm(c.socket, left);
        try {
            write.run();
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw c.deadlineExceeded("the server to read the request body (" + bytes + " bytes)");
            }
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    private static Armed arm(Socket socket, long millis) {
        Armed armed = new Armed(socket);
        armed.future = Timer.EXECUTOR.schedule(armed::fire, millis, TimeUnit.MILLISECONDS);
        return armed;
    }
}
