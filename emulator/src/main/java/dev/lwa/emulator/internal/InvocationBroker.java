package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.StreamListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Matches invocations with parked {@code /next} calls and routes answers back by request id.
 *
 * <p>Dispatch rule: an invocation is handed out when a poller is parked, fewer than
 * {@code concurrency} invocations are in flight, and every registered extension has asked for its
 * first event (Lambda's init is complete only then). Invocations that cannot be handed out wait in
 * FIFO order; parked pollers are served FIFO too.
 *
 * <p>All state is guarded by this object's monitor. The extension registry is called while holding
 * it, never the other way round.
 */
public final class InvocationBroker {

    private static final System.Logger LOG = System.getLogger(InvocationBroker.class.getName());

    private final FunctionConfig config;
    private final ExtensionRegistry extensions;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<PendingInvocation> queue = new ArrayDeque<>();
    private final ArrayDeque<Poller> pollers = new ArrayDeque<>();
    private final Map<String, PendingInvocation> running = new HashMap<>();
    private final FinishedRequests finished = new FinishedRequests();
    private boolean firstNextSeen;
    private Optional<ErrorInfo> initError = Optional.empty();
    private Optional<ErrorInfo> failure = Optional.empty(); // init or restore error: every invocation gets it
    private boolean accepting = true;
    private boolean closed;

    public InvocationBroker(FunctionConfig config, ExtensionRegistry extensions) {
        this.config = config;
        this.extensions = extensions;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("lwa-emulator-timeouts").daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    // ---- caller side -------------------------------------------------------------------------

    public CompletableFuture<InvocationResult> submit(Invoke invoke, StreamListener listener) {
        long now = System.nanoTime();
        String requestId = invoke.requestId().orElseGet(() -> UUID.randomUUID().toString());
        Duration timeout = invoke.timeout().orElse(config.functionTimeout());
        PendingInvocation invocation = new PendingInvocation(requestId, invoke, timeout, listener, now);
        synchronized (this) {
            if (!accepting) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the emulator is " + (closed ? "closed" : "shut down") + ": invocation " + requestId + " refused"));
            }
            if (running.containsKey(requestId) || queue.stream().anyMatch(i -> i.requestId().equals(requestId))) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "request id " + requestId + " is already in use by an unfinished invocation"));
            }
            finished.forget(requestId);
            if (failure.isPresent()) {
                invocation.state = PendingInvocation.State.DONE;
                invocation.future().complete(Results.initFailure(invocation, failure.get(), now));
                return invocation.future();
            }
            queue.add(invocation);
            Duration queueTimeout = config.queueTimeout().orElse(timeout);
            invocation.queueTimer = Optional.of(timer.schedule(() -> queueTimedOut(invocation, queueTimeout),
                    queueTimeout.toNanos(), TimeUnit.NANOSECONDS));
            dispatch();
        }
        return invocation.future();
    }

    private synchronized void queueTimedOut(PendingInvocation invocation, Duration waited) {
        if (invocation.state != PendingInvocation.State.QUEUED) {
            return;
        }
        queue.remove(invocation);
        invocation.state = PendingInvocation.State.TIMED_OUT;
        LOG.log(Level.DEBUG, "invocation {0} waited {1} for a runtime /next and timed out", invocation.requestId(), waited);
        invocation.future().complete(Results.queueTimeout(invocation, waited, System.nanoTime()));
        notifyAll();
    }

    // ---- runtime side ------------------------------------------------------------------------

    /** A {@code GET /runtime/invocation/next} arrived. */
    public synchronized Park park() {
        if (closed) {
            return new Park.Refused(ApiError.shuttingDown());
        }
        if (!config.managedInstances() && (!running.isEmpty() || !pollers.isEmpty())) {
            String state = running.isEmpty() ? "a /next is already waiting" : "invocation "
                    + running.keySet().iterator().next() + " has not been answered";
            return new Park.Refused(ApiError.invalidStateTransition(
                    "State transition from Ready to Ready failed for runtime: " + state
                            + " (concurrency 1 allows one invocation at a time)"));
        }
        if (!firstNextSeen) {
            firstNextSeen = true;
            if (config.closeRegistrationOnFirstNext()) {
                extensions.closeRegistration();
            }
        }
        Poller poller = new Poller();
        pollers.add(poller);
        dispatch();
        notifyAll();
        return new Park.Parked(poller);
    }

    /** An extension became ready (or anything else that may unblock dispatch happened). */
    public synchronized void wakeUp() {
        dispatch();
        notifyAll();
    }

    private void dispatch() {
        while (!queue.isEmpty() && !pollers.isEmpty() && running.size() < config.concurrency() && extensions.allReady()) {
            PendingInvocation invocation = queue.poll();
            Poller poller = pollers.poll();
            long now = System.nanoTime();
            invocation.state = PendingInvocation.State.RUNNING;
            invocation.queueTimer.ifPresent(t -> t.cancel(false)); // its event and result are not held until it fires
            invocation.dispatchedNanos = now;
            invocation.deadlineEpochMillis = System.currentTimeMillis() + invocation.timeout().toMillis();
            running.put(invocation.requestId(), invocation);
            invocation.timer = Optional.of(timer.schedule(() -> timedOut(invocation),
                    invocation.timeout().toNanos(), TimeUnit.NANOSECONDS));
            byte[] invokeEvent = Results.invokeEvent(invocation, config);
            extensions.publish(extension -> extension.subscribed("INVOKE")
                    ? Optional.of(new ExtensionEvent(ExtensionEvent.Kind.INVOKE, invokeEvent,
                    Optional.of(UUID.randomUUID().toString())))
                    : Optional.empty());
            poller.handoff().complete(invocation);
        }
        notifyAll();
    }

    private synchronized void timedOut(PendingInvocation invocation) {
        if (invocation.state != PendingInvocation.State.RUNNING) {
            return;
        }
        invocation.state = PendingInvocation.State.TIMED_OUT;
        running.remove(invocation.requestId());
        finished.timedOut(invocation.requestId());
        LOG.log(Level.DEBUG, "invocation {0} timed out after {1}", invocation.requestId(), invocation.timeout());
        invocation.future().complete(Results.timeout(invocation, System.nanoTime()));
        dispatch();
    }

    /** The runtime starts answering {@code id} (a {@code /response} or {@code /error} arrived). */
    public synchronized Claim claim(String requestId) {
        PendingInvocation invocation = running.get(requestId);
        if (invocation == null) {
            return new Claim.Refused(finished.hasTimedOut(requestId)
                    ? ApiError.invokeTimeout(requestId)
                    : ApiError.invalidRequestId());
        }
        if (invocation.answering) {
            return new Claim.Refused(ApiError.invalidRequestId());
        }
        invocation.answering = true;
        return new Claim.Claimed(invocation);
    }

    /** The answer was refused before it counted (e.g. an oversized {@code /error} body): the runtime may retry. */
    public synchronized void unclaim(PendingInvocation invocation) {
        invocation.answering = false;
        invocation.progress = Optional.empty();
    }

    public synchronized void progress(PendingInvocation invocation, AnswerProgress progress) {
        invocation.progress = Optional.of(progress);
    }

    /** Whether the invocation is still waiting for this answer (false once it timed out or the emulator closed). */
    public synchronized boolean stillRunning(PendingInvocation invocation) {
        return invocation.state == PendingInvocation.State.RUNNING;
    }

    /** Completes a running invocation; false if it had already timed out. */
    public synchronized boolean complete(PendingInvocation invocation, InvocationResult result) {
        if (invocation.state != PendingInvocation.State.RUNNING) {
            return false;
        }
        invocation.state = PendingInvocation.State.DONE;
        invocation.timer.ifPresent(t -> t.cancel(false));
        running.remove(invocation.requestId());
        finished.answered(invocation.requestId());
        invocation.future().complete(result);
        dispatch();
        return true;
    }

    /** {@code /runtime/init/error}; refused once the runtime has asked for work (init is over). */
    public synchronized Optional<ApiError> initError(ErrorInfo error) {
        if (firstNextSeen) {
            return Optional.of(ApiError.invalidStateTransition(
                    "State transition from Ready to InitError failed for runtime: init is over (a /next was received)"));
        }
        initError = Optional.of(error);
        failEverything(error);
        return Optional.empty();
    }

    /** SnapStart's restore failed: as after an init error, queued and later invocations fail with it. */
    public synchronized void restoreFailed(ErrorInfo error) {
        failEverything(error);
    }

    // Lambda fails the pending invoke with the error instead of waiting for a runtime that exits
    private void failEverything(ErrorInfo error) {
        failure = Optional.of(error);
        long now = System.nanoTime();
        for (PendingInvocation invocation : queue) {
            invocation.state = PendingInvocation.State.DONE;
            invocation.queueTimer.ifPresent(t -> t.cancel(false));
            invocation.future().complete(Results.initFailure(invocation, error, now));
        }
        queue.clear();
        notifyAll();
    }

    public synchronized Optional<ErrorInfo> initError() {
        return initError;
    }

    // ---- observation -------------------------------------------------------------------------

    public synchronized int parkedPollers() {
        return pollers.size();
    }

    public synchronized int inFlight() {
        return running.size();
    }

    public synchronized int queued() {
        return queue.size();
    }

    public synchronized boolean awaitParkedPollers(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pollers.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Monitors.waitNanos(this, left);
        }
        return true;
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** After SHUTDOWN no new invocation is accepted; those already submitted still finish. */
    public synchronized void stopAccepting() {
        accepting = false;
    }

    public void close() {
        List<PendingInvocation> abandoned;
        List<Poller> parked;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            accepting = false;
            abandoned = new ArrayList<>(queue);
            abandoned.addAll(running.values());
            abandoned.forEach(i -> i.state = PendingInvocation.State.ABANDONED);
            queue.clear();
            running.clear();
            parked = List.copyOf(pollers);
            pollers.clear();
            notifyAll();
        }
        timer.shutdownNow();
        IllegalStateException closedError = new IllegalStateException("the emulator was closed");
        abandoned.forEach(i -> i.future().completeExceptionally(new IllegalStateException(
                "the emulator was closed before invocation " + i.requestId() + " finished")));
        parked.forEach(p -> p.handoff().completeExceptionally(closedError));
    }
}
