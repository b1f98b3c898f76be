package dev.lwa.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How recently finished invocations ended, by request id, to tell "already answered" from "timed
 * out" when a runtime answers one of them again. Bounded: the oldest are forgotten. Not thread-safe;
 * guarded by the {@link InvocationBroker}'s monitor.
 */
final class FinishedRequests {

    /** How many finished request ids are remembered to tell "already answered" from "timed out". */
    private static final int FINISHED_MEMORY = 10_000;

    private enum Finished { ANSWERED, TIMED_OUT }

    private final Map<String, Finished> finished = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Finished> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };

    void answered(String requestId) {
        finished.put(requestId, Finished.ANSWERED);
    }

    void timedOut(String requestId) {
        finished.put(requestId, Finished.TIMED_OUT);
    }

    boolean hasTimedOut(String requestId) {
        return finished.get(requestId) == Finished.TIMED_OUT;
    }

    /** The id is in use again by a new invocation. */
    void forget(String requestId) {
        finished.remove(requestId);
    }
}
