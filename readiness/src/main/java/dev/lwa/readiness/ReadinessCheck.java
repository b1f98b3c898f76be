package dev.lwa.readiness;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Probes the app until it is ready, as LWA does (docs/behaviour.md, "Start-up and readiness"):
 * first attempt immediately, then one every {@code interval} (10 ms) after each failure. Unlike LWA
 * each attempt is bounded (a minute: an app that accepts but never answers cannot stall it forever)
 * and the whole wait may be bounded too (D7).
 *
 * <p>{@link #await} may be called again (async init checks once at init and again on the first
 * request) and from several threads at once. What it logs counts from the first call, the
 * adapter's launch: one INFO line when the app is ready ({@code app ready after N ms (M probes)}),
 * LWA's INFO line every 2 s while it is not, and at DEBUG a line each time the reason it is not
 * ready changes (not one per 10 ms attempt: a Spring Boot start wrote hundreds).
 */
public final class ReadinessCheck {

    private static final System.Logger LOG = System.getLogger("lwa.readiness");

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);
    /** A socket timeout is set in whole milliseconds: an attempt cut short may end this much before its bound. */
    private static final long CUT_SHORT_SLACK_NANOS = 5_000_000;

    private final ReadinessProbe probe;
    private final Duration interval;
    private final Duration attemptTimeout;

    // What the log says is about the whole wait since the first call, across calls and threads.
    private final Object logLock = new Object();
    private long launchNanos;
    private boolean launched;
    private final Checkpoint checkpoint = new Checkpoint();
    private int totalAttempts;
    private String lastReason = "";
    private boolean readyLogged;

    public ReadinessCheck(ReadinessProbe probe) {
        this(probe, DEFAULT_INTERVAL);
    }

    public ReadinessCheck(ReadinessProbe probe, Duration interval) {
        this(probe, interval, ReadinessProbe.DEFAULT_ATTEMPT_TIMEOUT);
    }

    /** @param attemptTimeout upper bound of one attempt; the time left to the overall timeout bounds it further */
    public ReadinessCheck(ReadinessProbe probe, Duration interval, Duration attemptTimeout) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.interval = requireNonNegative(interval, "interval");
        this.attemptTimeout = requireNonNegative(attemptTimeout, "attemptTimeout");
    }

    public ReadinessProbe probe() {
        return probe;
    }

    /** How a wait ended. */
    public sealed interface Result {

        Duration waited();

        int attempts();

        record Ready(Duration waited, int attempts) implements Result {
        }

        /**
         * The timeout passed first; {@code last} is what the final attempt saw, or the one before
         * it when the timeout cut the final one short (it can only say that it timed out).
         */
        record TimedOut(Duration waited, int attempts, ProbeResult last) implements Result {
        }

        /**
         * The waiting thread was interrupted (the adapter is stopping); {@code last} is what the
         * final attempt saw. The thread's interrupt flag is set again.
         */
        record Interrupted(Duration waited, int attempts, ProbeResult last) implements Result {
        }
    }

    /**
     * Probes until the app is healthy or {@code timeout} has passed (empty: wait forever, as
     * LWA does). At least one attempt is made even with a zero timeout.
     */
    public Result await(Optional<Duration> timeout) {
        long start = System.nanoTime();
        Optional<Long> deadline = timeout.map(t -> start + requireNonNegative(t, "timeout").toNanos());
        synchronized (logLock) {
            if (!launched) {
                launched = true;
                launchNanos = start;
            }
        }
        int attempts = 0;
        ProbeResult last = null;
        ProbeResult previous;
        boolean cutShort;
        while (true) {
            checkpoint();
            previous = last;
            Duration bound = attemptBound(deadline);
            long attemptStart = System.nanoTime();
            last = probe.probe(bound);
            // bounded by the overall deadline rather than its own timeout, and it used all of that:
            // it can only say it timed out, which would hide the 503 the app answered all along
            cutShort = bound.compareTo(attemptTimeout) < 0
                    && System.nanoTime() - attemptStart >= bound.toNanos() - CUT_SHORT_SLACK_NANOS;
            attempts++;
            if (last instanceof ProbeResult.Healthy) {
                ready();
                return new Result.Ready(since(start), attempts);
            }
            ProbeResult seen = last;
            notReady(seen.detail());
            if (Thread.currentThread().isInterrupted()) {
                return new Result.Interrupted(since(start), attempts, seen);
            }
            ProbeResult telling = cutShort && previous != null ? previous : last;
            long left = deadline.map(d -> d - System.nanoTime()).orElse(Long.MAX_VALUE);
            if (left <= 0) {
                return new Result.TimedOut(since(start), attempts, telling);
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(interval.toNanos(), left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result.Interrupted(since(start), attempts, seen);
            }
            if (deadline.isPresent() && deadline.get() - System.nanoTime() <= 0) {
                return new Result.TimedOut(since(start), attempts, telling);
            }
        }
    }

    /** LWA's "not ready after" line, due every 2 s counted from launch. */
    private void checkpoint() {
        long due;
        synchronized (logLock) {
            if (readyLogged || !checkpoint.lapsed(sinceLaunchMs())) {
                return;
            }
            due = checkpoint.nextMs();
            checkpoint.increment();
        }
        LOG.log(System.Logger.Level.INFO, () -> "app is not ready after " + due + "ms url=" + probe.target());
    }

    private void notReady(String reason) {
        boolean changed;
        synchronized (logLock) {
            totalAttempts++;
            changed = !reason.equals(lastReason);
            lastReason = reason;
        }
        if (changed) {
            LOG.log(System.Logger.Level.DEBUG, () -> "app is not ready: " + reason + " url=" + probe.target());
        }
    }

    private void ready() {
        long ms;
        int probes;
        synchronized (logLock) {
            totalAttempts++;
            if (readyLogged) {
                return;
            }
            readyLogged = true;
            ms = sinceLaunchMs();
            probes = totalAttempts;
        }
        LOG.log(System.Logger.Level.INFO, () -> "app ready after " + ms + " ms (" + probes + (probes == 1 ? " probe" : " probes")
                + ") url=" + probe.target());
    }

    private long sinceLaunchMs() {
        return (System.nanoTime() - launchNanos) / 1_000_000;
    }

    private Duration attemptBound(Optional<Long> deadline) {
        return deadline
                .map(d -> Duration.ofNanos(Math.max(d - System.nanoTime(), 0)))
                .filter(left -> left.compareTo(attemptTimeout) < 0)
                .orElse(attemptTimeout);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Duration requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ReadinessCheck[" + probe.target() + ", every " + interval.toMillis() + " ms]";
    }
}
