package dev.lwa.runtimeapi;

/**
 * Asked by {@link RuntimeApiClient#next(EventAdmission)} once {@code /next}'s head has come and
 * before the event's body is read: whether to read it now. A memory budget waits here for room,
 * so an event that does not fit beside those in flight is not read into a full heap.
 */
@FunctionalInterface
public interface EventAdmission {
    /** Reads every event at once. */
    EventAdmission ALWAYS = (requestId, deadlineEpochMs, eventBytes) -> true;

    /**
     * @param eventBytes the event's announced length, -1 when it was not announced
     * @return true to read the event now; false to leave it unread ({@link RuntimeApiClient#next(EventAdmission)}
     *         then throws {@link EventNotReadException}, and the invocation is still to be answered)
     */
    boolean admit(String requestId, long deadlineEpochMs, long eventBytes) throws InterruptedException;
}
