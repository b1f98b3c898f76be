package dev.lwa.emulator.internal;

/** What {@link InvocationBroker#park()} made of a {@code GET /runtime/invocation/next}. */
public sealed interface Park {
    record Parked(Poller poller) implements Park {
    }

    record Refused(ApiError error) implements Park {
    }
}
