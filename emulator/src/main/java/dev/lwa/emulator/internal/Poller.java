package dev.lwa.emulator.internal;

import java.util.concurrent.CompletableFuture;

/** A parked {@code /next}: the handler thread waits on {@link #handoff}. */
public final class Poller {
    private final CompletableFuture<PendingInvocation> handoff = new CompletableFuture<>();

    public CompletableFuture<PendingInvocation> handoff() {
        return handoff;
    }
}
