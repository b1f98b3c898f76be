package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.ExtensionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Extensions API's state: registrations, per-extension event queues, init readiness and the
 * SHUTDOWN hand-shake. Never calls into the broker while holding its own monitor.
 */
public final class ExtensionRegistry {

    /** RIE's {@code core.MaxAgentsAllowed}. */
    static final int MAX_EXTENSIONS = 10;
    static final Set<String> EVENT_TYPES = Set.of("INVOKE", "SHUTDOWN");

    /** Outcome of a registration. */
    public sealed interface Registration {
        record Registered(String id) implements Registration {
        }

        record Refused(ApiError error) implements Registration {
        }
    }

    private final Map<String, RegisteredExtension> byId = new LinkedHashMap<>();
    private final Changes changes;
    private boolean registrationClosed;
    private boolean closed;

    /** {@code changes} hears of every registration and every event/next parked or answered (the checkpoint barrier). */
    public ExtensionRegistry(Changes changes) {
        this.changes = changes;
    }

    public synchronized Registration register(String name, List<String> events) {
        for (String event : events) {
            if (!EVENT_TYPES.contains(event)) {
                return new Registration.Refused(new ApiError(403, "Extension.InvalidEventType",
                        event + ": unknown event type (expected INVOKE or SHUTDOWN)"));
            }
        }
        if (registrationClosed) {
            return new Registration.Refused(new ApiError(403, "Extension.RegistrationClosed",
                    "Extension registration closed already"));
        }
        if (byId.values().stream().anyMatch(e -> e.name().equals(name))) {
            return new Registration.Refused(new ApiError(403, "Extension.InvalidState",
                    "Extension with this name already registered"));
        }
        if (byId.size() >= MAX_EXTENSIONS) {
            return new Registration.Refused(new ApiError(403, "Extension.TooManyExtensions",
                    "Extension limit (" + MAX_EXTENSIONS + ") reached"));
        }
        String id = UUID.randomUUID().toString();
        byId.put(id, new RegisteredExtension(name, id, events));
        notifyAll();
        changes.changed();
        return new Registration.Registered(id);
    }

    synchronized Optional<RegisteredExtension> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Lambda closes registration when the runtime first asks for work (end of the init phase). */
    synchronized void closeRegistration() {
        registrationClosed = true;
    }

    /** Init is complete only once every registered extension has asked for its first event. */
    synchronized boolean allReady() {
        return byId.values().stream().allMatch(e -> e.ready);
    }

    /** Whether every registered extension is waiting in {@code event/next} right now (SnapStart's checkpoint). */
    synchronized boolean allParked() {
        return byId.values().stream().allMatch(e -> e.parked);
    }

    synchronized void publish(Function<RegisteredExtension, Optional<ExtensionEvent>> eventFor) {
        for (RegisteredExtension extension : byId.values()) {
            eventFor.apply(extension).ifPresent(extension::enqueue);
        }
    }

    /**
     * Marks an {@code event/next} call. Returns true if this call acknowledges a SHUTDOWN (the extension
     * came back after it), in which case it must get no further event.
     */
    synchronized boolean polled(RegisteredExtension extension) {
        extension.ready = true;
        extension.parked = true;
        changes.changed();
        if (extension.shutdownDelivered) {
            extension.shutdownAcknowledged = true;
            notifyAll();
            return true;
        }
        notifyAll();
        return false;
    }

    synchronized void delivered(RegisteredExtension extension, ExtensionEvent event) {
        extension.parked = false;
        changes.changed();
        if (event.kind() == ExtensionEvent.Kind.SHUTDOWN) {
            extension.shutdownDelivered = true;
        }
    }

    synchronized void initError(RegisteredExtension extension, ErrorInfo error) {
        extension.initError = Optional.of(error);
        notifyAll();
    }

    synchronized void exitError(RegisteredExtension extension, ErrorInfo error) {
        extension.exitError = Optional.of(error);
        // an extension that reports its exit will not call event/next again: that is its answer
        extension.shutdownAcknowledged = true;
        notifyAll();
    }

    public synchronized List<ExtensionInfo> snapshot() {
        return byId.values().stream().map(RegisteredExtension::info).toList();
    }

    public synchronized boolean awaitCount(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (byId.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Monitors.waitNanos(this, left);
        }
        return true;
    }

    /**
     * Sends SHUTDOWN and waits until each subscribed extension acknowledged it (called event/next
     * again, or posted exit/error) or the deadline passed.
     */
    public boolean shutdownAndAwait(String reason, long deadlineEpochMillis, long deadlineNanos)
            throws InterruptedException {
        return awaitAcknowledged(shutdown(reason, deadlineEpochMillis), deadlineNanos);
    }

    /** Queues SHUTDOWN for every subscribed extension; returns those that must acknowledge it. */
    synchronized List<RegisteredExtension> shutdown(String reason, long deadlineEpochMillis) {
        List<RegisteredExtension> targets = new ArrayList<>();
        byte[] json = JsonDocuments.write(new Documents.ShutdownEvent("SHUTDOWN", deadlineEpochMillis, reason));
        for (RegisteredExtension extension : byId.values()) {
            if (extension.subscribed("SHUTDOWN") && !extension.shutdownDelivered) {
                extension.enqueue(new ExtensionEvent(ExtensionEvent.Kind.SHUTDOWN, json, Optional.empty()));
                targets.add(extension);
            }
        }
        return targets;
    }

    synchronized boolean awaitAcknowledged(List<RegisteredExtension> targets, long deadlineNanos)
            throws InterruptedException {
        while (!targets.stream().allMatch(e -> e.shutdownAcknowledged)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Monitors.waitNanos(this, left);
        }
        return true;
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        byId.values().forEach(e -> e.enqueue(ExtensionEvent.CLOSED));
        notifyAll();
    }
}
