package dev.lwa.runtimeapi;

/** An event from {@code GET /2020-01-01/extension/event/next}. */
public sealed interface ExtensionEvent {
    record Invoke(String requestId, long deadlineEpochMs) implements ExtensionEvent {
    }

    /** @param reason opaque ({@code spindown}, {@code timeout}, {@code failure}, RIE's own words, ...) */
    record Shutdown(String reason, long deadlineEpochMs) implements ExtensionEvent {
    }
}
