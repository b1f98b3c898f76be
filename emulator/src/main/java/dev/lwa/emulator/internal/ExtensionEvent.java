package dev.lwa.emulator.internal;

import java.util.Optional;

/** One event queued for an extension's {@code /extension/event/next}. */
record ExtensionEvent(Kind kind, byte[] json, Optional<String> eventId) {

    enum Kind { INVOKE, SHUTDOWN, CLOSED }

    static final ExtensionEvent CLOSED = new ExtensionEvent(Kind.CLOSED, new byte[0], Optional.empty());
}
