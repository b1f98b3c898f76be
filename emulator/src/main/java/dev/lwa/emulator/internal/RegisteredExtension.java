package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.ExtensionInfo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;

/** A registered extension and its event queue. Mutable state is guarded by the registry's monitor. */
final class RegisteredExtension {

    private final String name;
    private final String id;
    private final List<String> events;
    private final LinkedBlockingQueue<ExtensionEvent> queue = new LinkedBlockingQueue<>();

    boolean ready;
    /** In {@code event/next} waiting for an event (from the call's arrival until an event is handed to it). */
    boolean parked;
    boolean shutdownDelivered;
    boolean shutdownAcknowledged;
    Optional<ErrorInfo> initError = Optional.empty();
    Optional<ErrorInfo> exitError = Optional.empty();

    RegisteredExtension(String name, String id, List<String> events) {
        this.name = name;
        this.id = id;
        this.events = List.copyOf(events);
    }

    String name() {
        return name;
    }

    String id() {
        return id;
    }

    boolean subscribed(String event) {
        return events.contains(event);
    }

    void enqueue(ExtensionEvent event) {
        queue.add(event);
    }

    /** Blocks until the next event; {@link ExtensionEvent#CLOSED} when the emulator closes. */
    ExtensionEvent take() throws InterruptedException {
        ExtensionEvent event = queue.take();
        if (event.kind() == ExtensionEvent.Kind.CLOSED) {
            queue.add(event); // every other waiter must see it too
        }
        return event;
    }

    ExtensionInfo info() {
        return new ExtensionInfo(name, id, events, ready, initError, exitError);
    }
}
