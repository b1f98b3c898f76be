package dev.lwa.runtimeapi;

/** An event from {@code GET /2020-01-01/extension/event/next}. */
public sealed interface ExtensionEvent {
    record Invoke(String requestId, long deadlineEpochMs) implements ExtensionEvent {
    }

    /**
     * @param reason          opaque ({@code spindown}, {@code timeout}, {@code failure}, RIE's own words, ...)
     * @param deadlineEpochMs empty when the event has none, or none that is a whole number: a
     *                        shutdown is a shutdown whatever its deadline says
     */
    record Shutdown(String reason, java.util.OptionalLong deadlineEpochMs) implements ExtensionEvent {
    }

    /** An event type lwa did not subscribe to (it registers for SHUTDOWN only): ignored, as LWA does. */
    record Other(String eventType) implements ExtensionEvent {
    }
}
