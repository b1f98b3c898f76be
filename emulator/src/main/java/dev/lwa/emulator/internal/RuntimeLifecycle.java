package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.RestoreResult;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SnapStart's runtime state machine, modelled on RAPID's (AWS's runtime interface emulator):
 * <pre>
 * STARTED --restore/next--> RESTORE_READY --restore()--> RESTORING --invocation/next--> READY
 * STARTED --invocation/next--> READY            (a runtime not interested in restore)
 * RESTORING --restore/error or init/error--> RESTORE_ERROR
 * </pre>
 * A call that fits no arrow is {@code 403 InvalidStateTransition}. Without {@code snap-start} this
 * class stays out of the way: every invocation/next is allowed and the restore routes do not exist.
 *
 * <p>Lock order: this monitor, then the broker's or the registry's; neither ever calls in here.
 */
public final class RuntimeLifecycle {

    enum State { STARTED, RESTORE_READY, RESTORING, READY, RESTORE_ERROR, INIT_ERROR }

    /** What a {@code GET /runtime/restore/next} gets: held until {@code restore()}, or refused. */
    public sealed interface RestoreNext {
        record Held(CompletableFuture<Void> release) implements RestoreNext {
        }

        record Refused(ApiError error) implements RestoreNext {
        }
    }

    private final FunctionConfig config;
    private final ExtensionRegistry extensions;
    private final InvocationBroker broker;
    private final Changes changes;
    private State state = State.STARTED;
    private boolean snapshotted;
    private boolean closed;
    private Optional<CompletableFuture<Void>> held = Optional.empty();
    private Optional<ErrorInfo> restoreError = Optional.empty();
    private long readyNanos;

    public RuntimeLifecycle(FunctionConfig config, ExtensionRegistry extensions, InvocationBroker broker, Changes changes) {
        this.config = config;
        this.extensions = extensions;
        this.broker = broker;
        this.changes = changes;
    }

    // ---- runtime side ----------------------------------------------------------------------------

    /** A {@code GET /runtime/invocation/next}: refused in the states where Lambda refuses it. */
    synchronized Optional<ApiError> invocationNext() {
        if (!config.snapStart()) {
            return Optional.empty();
        }
        switch (state) {
            case STARTED, RESTORING -> {
                // from RESTORING this is the runtime saying its restore hooks are done
                readyNanos = System.nanoTime();
                move(State.READY);
                return Optional.empty();
            }
            case READY, INIT_ERROR -> {
                return Optional.empty(); // INIT_ERROR: as without SnapStart, the broker fails what it hands out
            }
            default -> {
                return Optional.of(refusal("Ready"));
            }
        }
    }

    /** A {@code GET /runtime/restore/next}: the end of Init for a SnapStart runtime, held until restore. */
    synchronized RestoreNext restoreNext() {
        if (closed) {
            return new RestoreNext.Refused(ApiError.shuttingDown());
        }
        if (state != State.STARTED) {
            return new RestoreNext.Refused(refusal("RestoreReady"));
        }
        if (config.closeRegistrationOnFirstNext()) {
            extensions.closeRegistration(); // Init is over, as at a first invocation/next
        }
        CompletableFuture<Void> release = new CompletableFuture<>();
        held = Optional.of(release);
        move(State.RESTORE_READY);
        return new RestoreNext.Held(release);
    }

    /** A {@code POST /runtime/restore/error}; allowed only while restoring. */
    synchronized Optional<ApiError> restoreError(ErrorInfo error) {
        if (state != State.RESTORING) {
            return Optional.of(refusal("RestoreError"));
        }
        failRestore(error);
        return Optional.empty();
    }

    /** A {@code POST /runtime/init/error}: true if it ended a restore (then it is not an init error). */
    synchronized boolean initErrorWhileRestoring(ErrorInfo error) {
        if (!config.snapStart() || state != State.RESTORING) {
            return false;
        }
        failRestore(error);
        return true;
    }

    /** The runtime reported an init error before Init ended: it will never reach the checkpoint. */
    synchronized void initFailed() {
        if (state == State.STARTED) {
            move(State.INIT_ERROR);
        }
    }

    private void failRestore(ErrorInfo error) {
        restoreError = Optional.of(error);
        move(State.RESTORE_ERROR);
        broker.restoreFailed(error);
    }

    private ApiError refusal(String to) {
        return ApiError.invalidStateTransition("State transition from " + state + " to " + to
                + " failed for runtime (SnapStart: restore/next, then invocation/next once restored)");
    }

    private void move(State next) {
        state = next;
        notifyAll();
        changes.changed();
    }

    // ---- caller side -----------------------------------------------------------------------------

    /**
     * The checkpoint barrier: the runtime waits in restore/next and every registered extension in
     * event/next. False on timeout, or at once when the runtime can no longer get there (it went
     * straight to invocation/next, or reported an init error).
     */
    public boolean awaitCheckpoint(Duration timeout) throws InterruptedException {
        requireSnapStart();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = changes.version();
            synchronized (this) {
                if (snapshotted) {
                    return true;
                }
                if (state == State.RESTORE_READY && extensions.allParked()) {
                    snapshotted = true;
                    return true;
                }
                if (closed || (state != State.STARTED && state != State.RESTORE_READY)) {
                    return false;
                }
            }
            if (!changes.awaitChangeSince(seen, deadline)) {
                return false;
            }
        }
    }

    /** Answers the held restore/next and waits for the runtime to be ready, fail, or run out of time. */
    public RestoreResult restore() throws InterruptedException {
        CompletableFuture<Void> release;
        long start;
        synchronized (this) {
            requireSnapStart();
            if (!snapshotted || state != State.RESTORE_READY || held.isEmpty()) {
                throw new IllegalStateException("the environment is not snapshotted (runtime state " + state
                        + (snapshotted ? ", already restored" : ", awaitCheckpoint has not succeeded") + ")");
            }
            release = held.get();
            held = Optional.empty();
            start = System.nanoTime();
            move(State.RESTORING);
        }
        release.complete(null); // the restore/next handler now answers 200 with an empty body
        Duration limit = config.restoreTimeout();
        long deadline = start + limit.toNanos();
        synchronized (this) {
            while (state == State.RESTORING && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut(limit);
                    return new RestoreResult.TimedOut(limit);
                }
                Monitors.waitNanos(this, left);
            }
            return switch (state) {
                case READY -> new RestoreResult.Restored(Duration.ofNanos(readyNanos - start));
                case RESTORE_ERROR -> new RestoreResult.Failed(restoreError.orElseThrow());
                default -> throw new IllegalStateException("the emulator was closed during restore");
            };
        }
    }

    private void timedOut(Duration limit) {
        String type = "Runtime.RestoreHookUserTimeout";
        byte[] body = JsonDocuments.write(new Documents.PlatformError(
                "The restore hooks did not finish within " + limit.toMillis() + " ms", type));
        move(State.RESTORE_ERROR); // a late invocation/next is refused: Lambda would discard this environment
        broker.restoreFailed(new ErrorInfo(type, body, Map.of()));
    }

    public synchronized Optional<ErrorInfo> restoreError() {
        return restoreError;
    }

    private void requireSnapStart() {
        if (!config.snapStart()) {
            throw new IllegalStateException("SnapStart needs initType(\"snap-start\"); this emulator's is "
                    + config.initType());
        }
    }

    /** A held restore/next gets the shutdown error; waits end. */
    public synchronized void close() {
        closed = true;
        held.ifPresent(h -> h.completeExceptionally(new IllegalStateException("the emulator was closed")));
        held = Optional.empty();
        notifyAll();
        changes.changed();
    }
}
