package dev.lwa.runtimeapi.internal;

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

    static final class Armed {
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

    static Armed arm(Socket socket, long millis) {
        Armed armed = new Armed(socket);
        armed.future = Timer.EXECUTOR.schedule(armed::fire, millis, TimeUnit.MILLISECONDS);
        return armed;
    }
}
