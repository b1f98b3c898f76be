package dev.lwa.bootstrap;

import dev.lwa.core.config.SnapStartHooks;
import dev.lwa.core.pipeline.ErrorTypes;
import dev.lwa.core.pipeline.Failures;
import dev.lwa.readiness.ReadinessCheck;
import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.RequestBody;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * SnapStart, between "the app is ready" and "the pipeline starts" (docs/behaviour.md, SnapStart):
 * the before-checkpoint hook, {@code restore/next} (it returns in the restored copy), every pooled
 * connection dropped, the after-restore hook, the readiness check again. A failure before the
 * snapshot goes to {@code /init/error}, one after the restore to {@code /restore/error}; either way
 * the process exits 1. A stop (SHUTDOWN, SIGTERM) interrupts the calling thread, which ends any of
 * these waits: the sockets are interruptible channels.
 */
final class SnapStartLifecycle {
    private static final System.Logger LOG = System.getLogger("lwa");
    /**
     * Lambda's limit for the restore phase, hook and readiness together. lwa ends both by
     * {@link #RESTORE_BUDGET}, so that its own report of a failure reaches Lambda before the limit
     * does and the user reads lwa's diagnosis rather than a bare timeout.
     */
    static final Duration RESTORE_LIMIT = Duration.ofSeconds(10);
    /** What lwa allows the after-restore hook and the readiness check, from the restore on. */
    static final Duration RESTORE_BUDGET = RESTORE_LIMIT.minusSeconds(1);
    /** A hook's answer is read (and dropped) up to this; a longer one costs its connection. */
    private static final int MAX_HOOK_BODY = 1024 * 1024;

    /** How the sequence ended. */
    enum Outcome {
        /** Restored and the app ready: the pipeline may start. */
        RESTORED,
        /** A failure, already reported to the Runtime API and logged: exit 1. */
        FAILED,
        /** A stop came in: nothing to report. */
        STOPPED
    }

    /** How long a hook's body may take once its status has come: the status decides. */
    static final long HOOK_BODY_WAIT_MS = 1000;

    private final SnapStartHooks hooks;
    private final Http1Client app;
    private final RuntimeApiClient runtime;
    private final BooleanSupplier stopping;
    private long restoredNanos;
    private String restoreSummary = "";

    SnapStartLifecycle(SnapStartHooks hooks, Http1Client app, RuntimeApiClient runtime, BooleanSupplier stopping) {
        this.hooks = hooks;
        this.app = app;
        this.runtime = runtime;
        this.stopping = stopping;
    }

    /** Runs the sequence, with the app ready; {@code readinessTimeout} bounds the check after the restore. */
    Outcome checkpointAndRestore(ReadinessCheck check, Optional<Duration> readinessTimeout) {
        // ---- before the snapshot: failures go to /init/error
        if (hooks.beforeCheckpoint().isPresent()) {
            Hook before = post("before-checkpoint", hooks.beforeCheckpoint().get(), Http1Request.NO_DEADLINE);
            if (!before.ok()) {
                return fail(before.text(), ErrorTypes.BEFORE_CHECKPOINT, false);
            }
            LOG.log(System.Logger.Level.INFO, before.text());
        }
        LOG.log(System.Logger.Level.INFO, "ready for the snapshot: waiting for the restore (restore/next)");
        try {
            runtime.restoreNext();
        } catch (IOException | RuntimeException e) {
            return fail("waiting for the restore failed: " + Failures.describe(e), ErrorTypes.BEFORE_CHECKPOINT, false);
        }
        // ---- restored: failures go to /restore/error
        restoredNanos = System.nanoTime();
        // Every connection from before the snapshot is dead now (the one restore/next answered on
        // included), and idle times measured across the snapshot mean nothing: drop them all.
        app.dropConnections();
        runtime.dropConnections();
        StringBuilder summary = new StringBuilder("restored: ");
        long budgetEndMs = System.currentTimeMillis() + RESTORE_BUDGET.toMillis(); // hook and readiness share it
        if (hooks.afterRestore().isPresent()) {
            Hook after = post("after-restore", hooks.afterRestore().get(), budgetEndMs);
            if (!after.ok()) {
                return fail(after.text(), ErrorTypes.AFTER_RESTORE, true);
            }
            summary.append(after.text()).append(", ");
        }
        Duration left = Duration.ofMillis(Math.max(0, budgetEndMs - System.currentTimeMillis()));
        Duration bound = readinessTimeout.filter(t -> t.compareTo(left) < 0).orElse(left);
        ReadinessCheck.Result ready = check.await(Optional.of(bound));
        if (ready instanceof ReadinessCheck.Result.TimedOut timedOut) {
            // counted from the restore: the after-restore hook may have taken most of the budget
            return fail("the app at " + check.probe().target() + " was not ready "
                    + (System.nanoTime() - restoredNanos) / 1_000_000 + " ms after the restore (the readiness check had "
                    + timedOut.waited().toMillis() + " ms of it: " + timedOut.attempts() + " attempts; last: "
                    + timedOut.last().detail() + ")", ErrorTypes.AFTER_RESTORE, true);
        }
        if (!(ready instanceof ReadinessCheck.Result.Ready)) {
            return Outcome.STOPPED; // interrupted: a stop came in
        }
        restoreSummary = summary.append("app ready in ").append(ready.waited().toMillis()).append(" ms").toString();
        return stopping.getAsBoolean() ? Outcome.STOPPED : Outcome.RESTORED;
    }

    /** Logs the restore's line; called once the pipeline has started, so its time is restore → first {@code /next}. */
    void logStarted() {
        long ms = (System.nanoTime() - restoredNanos) / 1_000_000;
        LOG.log(System.Logger.Level.INFO, restoreSummary + ", " + ms + " ms from the restore to the first /next");
    }

    /** A hook call's result: {@code text} is the log line on success, the error message on failure. */
    private record Hook(boolean ok, String text) {
    }

    /** POSTs a hook with an empty body ({@code Content-Length: 0}); any 2xx is success. */
    private Hook post(String name, String path, long deadlineEpochMs) {
        String call = name + " hook POST " + path;
        long start = System.nanoTime();
        Http1Request request = new Http1Request("POST", path, new Headers(), RequestBody.EMPTY, deadlineEpochMs);
        try (Http1Response response = app.send(request)) {
            int status = response.status();
            // The status decides (as LWA). The body is read to its end so the connection can be
            // kept, but only briefly: a hook that sends its head and never finishes its body must
            // not hold the snapshot, or the restore's budget.
            Thread cutter = Thread.ofVirtual().name("lwa-hook-body").start(() -> {
                try {
                    Thread.sleep(HOOK_BODY_WAIT_MS);
                    response.cut();
                } catch (InterruptedException read) {
                    // the body came in time
                }
            });
            try {
                response.readBody(MAX_HOOK_BODY);
            } catch (IOException e) {
                // a body too large, cut short or too slow only costs the connection
            } finally {
                cutter.interrupt();
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            return status >= 200 && status <= 299
                    ? new Hook(true, call + ": " + status + " in " + ms + " ms")
                    : new Hook(false, call + " answered " + status + " (a 2xx was expected)");
        } catch (IOException | RuntimeException e) {
            String why = Failures.describe(e);
            String origin = app.host() + ":" + app.port();
            return new Hook(false, call + (why.contains(origin) ? "" : " to " + origin) + " failed: " + why);
        }
    }

    /** Reports the failure unless the adapter is stopping (then the failure is the stop's doing). */
    private Outcome fail(String message, String errorType, boolean restored) {
        if (stopping.getAsBoolean()) {
            return Outcome.STOPPED;
        }
        LOG.log(System.Logger.Level.ERROR, message);
        ErrorReport report = new ErrorReport(errorType, message);
        try {
            if (restored) {
                runtime.reportRestoreError(report);
            } else {
                runtime.reportInitError(report);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "reporting the " + (restored ? "restore" : "init") + " error failed: "
                    + Failures.describe(e));
        }
        return Outcome.FAILED;
    }
}
