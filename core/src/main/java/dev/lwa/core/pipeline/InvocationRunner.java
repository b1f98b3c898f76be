package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.Invocation;

import java.util.function.IntSupplier;

/**
 * One invocation from its admission to its posted answer: waits for room for its bodies in the
 * {@link MemoryBudget}, hands the event to the {@link InvocationHandler}, and posts the outcome with
 * the {@link ResultWriter} unless the stop answered it first. Whatever goes wrong costs this
 * invocation only: the poller or thread that runs it goes on.
 */
final class InvocationRunner {
    private static final System.Logger LOG = System.getLogger("lwa.pipeline");

    private final InvocationHandler handler;
    private final ResultWriter writer;
    private final MemoryBudget memory;
    /** How many invocations are in flight, this one included. */
    private final IntSupplier inFlight;

    InvocationRunner(InvocationHandler handler, ResultWriter writer, MemoryBudget memory, IntSupplier inFlight) {
        this.handler = handler;
        this.writer = writer;
        this.memory = memory;
        this.inFlight = inFlight;
    }

    void run(RunningInvocation r) {
        Invocation inv = r.inv(); // without the event
        // reserved before the event was read (Pipeline); here only for a Runtime API client that
        // does not ask before reading (then the event is in the heap already)
        MemoryBudget.Grant grant = r.grant;
        try {
            if (grant == null) {
                grant = admit(r.eventBytes, inv.deadlineEpochMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Outcome outcome = grant != null ? handle(r) : unread(false, r.eventBytes, inFlight.getAsInt());
            if (grant != null && outcome instanceof Outcome.Buffered b) {
                grant.add(b.envelope().bodyLength()); // held until posted: newcomers wait for it
            }
            if (r.claimForRunner()) { // not already answered lwa.Shutdown by the stop
                writer.write(inv, outcome); // the body is written from the app's bytes: the grant still holds
            }
            // what the heap grew for: the app's answer as read, before any compression
            long held = r.eventBytes + (outcome instanceof Outcome.Buffered b ? b.appBytes() : 0);
            outcome = null; // posted: let go of the answer before collecting
            giveMemoryBack(held);
        } finally {
            if (grant != null) {
                grant.close();
            }
        }
    }

    /** The answer to an invocation whose event was never read ({@link Pipeline}): no room, or no memory after all. */
    Outcome.Failed unread(boolean outOfMemory, long eventBytes, int inFlight) {
        String size = eventBytes >= 0 ? eventBytes + "-byte " : "";
        Outcome.Failed failed = new Outcome.Failed(ErrorTypes.OVERLOADED, outOfMemory
                ? "the " + size + "event did not fit in the adapter's memory (" + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB of heap) beside the " + inFlight + " invocation(s) in flight: fewer at once (AWS_LAMBDA_MAX_CONCURRENCY)"
                + " or more memory per function"
                : "the bodies of the invocations in flight fill the " + memory.capacityBytes() / (1024 * 1024)
                + " MiB lwa may hold at once, and this invocation's deadline came before room was made for its "
                + size + "event");
        handler.logUnhandled(failed);
        return failed;
    }

    /** Bodies from this size up make the heap grow for them. */
    private static final long LARGE_BYTES = 2L << 20;

    /**
     * After a large invocation, when no other is in flight, a full collection lets the heap shrink
     * back (the launcher's MaxHeapFreeRatio) and the memory return to the function, where the app
     * may need it. A few milliseconds after the result is posted, and only after bodies of
     * megabytes, whose transfer took longer.
     */
    private void giveMemoryBack(long bytesHeld) {
        if (bytesHeld >= LARGE_BYTES && inFlight.getAsInt() == 1) {
            System.gc();
        }
    }

    /**
     * Reserves memory for an event of {@code eventBytes} (-1: not announced, so as much as reading an
     * event may take) before it is read, waiting up to its deadline; null when that came first.
     */
    MemoryBudget.Grant admit(long eventBytes, long deadlineEpochMs) throws InterruptedException {
        MemoryBudget.Grant grant = memory.acquire(eventBytes >= 0 ? eventBytes : MemoryBudget.UNANNOUNCED_EVENT_BYTES,
                deadlineEpochMs - DEADLINE_MARGIN_MS);
        if (grant != null && grant.waitedMillis() > 0) {
            LOG.log(System.Logger.Level.DEBUG, () -> "waited " + grant.waitedMillis() + " ms for room for the bodies ("
                    + memory.reservedBytes() / (1024 * 1024) + " of " + memory.capacityBytes() / (1024 * 1024) + " MiB reserved)");
        }
        return grant;
    }

    /** Time kept to post the error when admission waits until the deadline. */
    private static final long DEADLINE_MARGIN_MS = 200;

    private Outcome handle(RunningInvocation r) {
        try {
            // handed over: the handler lets go of the event early; a stream claims the answer as it starts
            return handler.handle(r.takeEvent(), r);
        } catch (RuntimeException | Error e) {
            // The handler turns every failure it knows into an outcome; anything else is a bug in
            // lwa (or the heap ran out), and it must cost this invocation only, never the poller that runs it.
            LOG.log(System.Logger.Level.ERROR, () -> "lwa failed unexpectedly on this invocation", e);
            return new Outcome.Failed(ErrorTypes.INTERNAL, "lwa failed on this invocation: " + Failures.describe(e));
        }
    }
}
