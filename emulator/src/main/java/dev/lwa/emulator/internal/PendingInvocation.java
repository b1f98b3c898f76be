package dev.lwa.emulator.internal;

import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.StreamListener;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One invocation from submission to result. The mutable fields are guarded by the
 * {@link InvocationBroker}'s monitor; the future completes exactly once.
 */
public final class PendingInvocation {

    enum State { QUEUED, RUNNING, DONE, TIMED_OUT, ABANDONED }

    private final String requestId;
    private final Invoke invoke;
    private final Duration timeout;
    private final StreamListener listener;
    private final long submittedNanos;
    private final CompletableFuture<InvocationResult> future = new CompletableFuture<>();

    State state = State.QUEUED;
    long dispatchedNanos;
    long deadlineEpochMillis;
    boolean answering;
    Optional<AnswerProgress> progress = Optional.empty();
    Optional<ScheduledFuture<?>> timer = Optional.empty();
    /** Its time in the queue; cancelled when it is taken, so the finished invocation is not kept until it fires. */
    Optional<ScheduledFuture<?>> queueTimer = Optional.empty();

    PendingInvocation(String requestId, Invoke invoke, Duration timeout, StreamListener listener, long submittedNanos) {
        this.requestId = requestId;
        this.invoke = invoke;
        this.timeout = timeout;
        this.listener = listener;
        this.submittedNanos = submittedNanos;
    }

    public String requestId() {
        return requestId;
    }

    public Invoke invoke() {
        return invoke;
    }

    public Duration timeout() {
        return timeout;
    }

    public StreamListener listener() {
        return listener;
    }

    public long submittedNanos() {
        return submittedNanos;
    }

    /** Epoch millis of the deadline, set when a {@code /next} took the invocation. */
    public long deadlineEpochMillis() {
        return deadlineEpochMillis;
    }

    public CompletableFuture<InvocationResult> future() {
        return future;
    }

    InvocationResult.Timing timing(long firstByteNanos, long endNanos) {
        long queuedEnd = dispatchedNanos == 0 ? endNanos : dispatchedNanos;
        return new InvocationResult.Timing(
                Duration.ofNanos(queuedEnd - submittedNanos),
                Duration.ofNanos(firstByteNanos - submittedNanos),
                Duration.ofNanos(endNanos - submittedNanos));
    }
}
