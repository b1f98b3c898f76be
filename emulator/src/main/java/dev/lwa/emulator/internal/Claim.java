package dev.lwa.emulator.internal;

/** What {@link InvocationBroker#claim(String)} made of a runtime's {@code /response} or {@code /error}. */
public sealed interface Claim {
    record Claimed(PendingInvocation invocation) implements Claim {
    }

    record Refused(ApiError error) implements Claim {
    }
}
