package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Response;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An invocation taken from {@code /next}; {@code answerer} makes sure it is answered once. It
 * keeps the invocation without its event ({@link #inv}): the handler takes the event, once, and
 * drops it as soon as the request has gone to the app, so a 6 MB event is not held while the
 * app's answer is read and posted.
 */
final class RunningInvocation implements StreamClaim {
    private final Invocation inv;
    final long eventBytes;
    private static final int OPEN = 0, BY_RUNNER = 1, BY_STOP = 2;
    /** Who answers it: whoever claims it first, the runner or the stop. */
    private final AtomicInteger answerer = new AtomicInteger(OPEN);
    private Invocation withEvent;
    /** The memory reserved for it before its event was read; the runner gives it back. */
    final MemoryBudget.Grant grant;

    RunningInvocation(Invocation withEvent, MemoryBudget.Grant grant) {
        this.inv = withEvent.withoutEvent();
        this.eventBytes = withEvent.event().length;
        this.withEvent = withEvent;
        this.grant = grant;
        if (grant != null) {
            grant.trimTo(eventBytes); // reserved for the most an event may be when its length was not announced
        }
    }

    Invocation inv() {
        return inv;
    }

    /** The invocation with its event, once: nothing here keeps the event after that. */
    Invocation takeEvent() {
        Invocation taken = withEvent;
        withEvent = null;
        return taken;
    }

    /**
     * Whether the runner answers it: true unless the stop has claimed it first. Asked again by the
     * runner, it stays true: a streamed answer claims it when the stream starts, before the
     * outcome is known.
     */
    boolean claimForRunner() {
        return answerer.compareAndSet(OPEN, BY_RUNNER) || answerer.get() == BY_RUNNER;
    }

    /** Whether the stop answers it ({@code lwa.Shutdown}): true unless the runner has claimed it first. */
    boolean claimForStop() {
        return answerer.compareAndSet(OPEN, BY_STOP);
    }

    /** The app response a claimed stream relays, for {@link #cutStream}. */
    private volatile Http1Response streamed;
    private volatile String cutBecause;

    @Override
    public boolean claim(Http1Response response) {
        if (!claimForRunner()) {
            return false;
        }
        streamed = response;
        if (cutBecause != null) { // the stop came between the claim and now: it saw no stream to cut
            response.cut();
        }
        return true;
    }

    @Override
    public Optional<String> cutBecause() {
        return Optional.ofNullable(cutBecause);
    }

    /**
     * The stop, once the drain window is over, for an invocation the runner answers: a stream
     * still running is cut and ends with error trailers saying {@code why}.
     *
     * @return whether there was a stream to cut
     */
    boolean cutStream(String why) {
        cutBecause = why;
        Http1Response response = streamed;
        if (response == null) {
            return false;
        }
        response.cut();
        return true;
    }
}

