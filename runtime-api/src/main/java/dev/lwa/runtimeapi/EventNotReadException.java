package dev.lwa.runtimeapi;

import java.io.IOException;

/**
 * {@code /next} delivered an invocation, but its event was not read: the {@link EventAdmission}
 * said no (no room before its deadline), or it did not fit in memory after all. The invocation is
 * Lambda's until it is answered: the caller reports an error for {@link #requestId()} instead of
 * polling on as if nothing came.
 */
public final class EventNotReadException extends IOException {
    private final String requestId;
    private final long eventBytes;

    /**
     * @param eventBytes the event's announced length, -1 when it was not announced
     * @param why        why it was not read, e.g. "it did not fit in memory"
     * @param cause      an {@link OutOfMemoryError} or {@link InterruptedException}, or null
     */
    public EventNotReadException(String requestId, long eventBytes, String why, Throwable cause) {
        super("the event of invocation " + requestId + (eventBytes >= 0 ? " (" + eventBytes + " bytes)" : "")
                + " was not read: " + why, cause);
        this.requestId = requestId;
        this.eventBytes = eventBytes;
    }

    public String requestId() {
        return requestId;
    }

    /** The event's length as announced, -1 when it was not. */
    public long eventBytes() {
        return eventBytes;
    }

    /** Whether the heap ran out while it was read (rather than the admission saying no). */
    public boolean outOfMemory() {
        return getCause() instanceof OutOfMemoryError;
    }
}
