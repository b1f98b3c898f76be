package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.Invocation;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An invocation taken from {@code /next}; {@code answered} makes sure it is answered once. It
 * keeps the invocation without its event ({@link #inv}): the handler takes the event, once, and
 * drops it as soon as the request has gone to the app, so a 6 MB event is not held while the
 * app's answer is read and posted.
 */
final class RunningInvocation {
    private final Invocation inv;
    final long eventBytes;
    private final AtomicBoolean answered = new AtomicBoolean();
    private Invocation withEvent;

    RunningInvocation(Invocation withEvent) {
        this.inv = withEvent.withoutEvent();
        this.eventBytes = withEvent.event().length;
        this.withEvent = withEvent;
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

    boolean claim() {
        return answered.compareAndSet(false, true);
    }
}

