package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The invocation loop: N {@code InvocationPoller}s pull from the Runtime API into a bounded queue,
 * a dispatcher hands each invocation to the handler on its own virtual thread, and the
 * {@link ResultWriter} posts the outcome.
 *
 * <p>A poller holds one of N slots from before its {@code /next} until the result is posted, so
 * there are never more than N invocations in flight (classic Lambda, N = 1, answers 403 to a
 * {@code /next} sent before the previous result), and no poller takes an invocation while the
 * queue is full. With N = 1 the poller runs each invocation itself on one platform thread: the
 * hand-offs cost more than they give when only one invocation can exist (see {@link #start()}).
 *
 * <p>Stopping ({@link #stop}, on SHUTDOWN or SIGTERM): no poller sends a new {@code /next}; an
 * invocation that arrives on a {@code /next} already waiting is served like those in flight, for
 * as long as the drain window lasts; whatever has not finished when it ends is answered with
 * {@code lwa.Shutdown} before the process exits, so no invocation is left without an answer. Each
 * invocation is answered once: by its handler or by the stop, whichever comes first.
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger("lwa.pipeline");
    /** After this many /next failures in a row the Runtime API is taken as gone. */
    private static final int MAX_CONSECUTIVE_POLL_FAILURES = 10;

    private final RuntimeApiClient runtime;
    private final InvocationHandler handler;
    private final ResultWriter writer;
    private final MemoryBudget memory;
    private final int concurrency;
    private final BlockingQueue<Running> queue;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object drained = new Object();
    private final ThreadFactory invocationThreads = Thread.ofVirtual().name("lwa-invoke-", 0).factory();
    private final InvocationScope scope;
    /** Every invocation taken from {@code /next} and not yet answered, by request id. */
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** The drain window is over: what is still running, or arrives now, is answered lwa.Shutdown. */
    private volatile boolean drainOver;
    private volatile Optional<String> failure = Optional.empty();

    /**
     * An invocation taken from {@code /next}; {@code answered} makes sure it is answered once. It
     * keeps the invocation without its event ({@link #inv}): the handler takes the event, once, and
     * drops it as soon as the request has gone to the app, so a 6 MB event is not held while the
     * app's answer is read and posted.
     */
    private static final class Running {
        private final Invocation inv;
        private final long eventBytes;
        private final AtomicBoolean answered = new AtomicBoolean();
        private Invocation withEvent;

        Running(Invocation withEvent) {
            this.inv = withEvent.withoutEvent();
            this.eventBytes = withEvent.event().length;
            this.withEvent = withEvent;
        }

        Invocation inv() {
            return inv;
        }

        /** The invocation with its event, once: nothing here keeps the event after that. */
        Invocation takeEvent() {
            Invocation taken = withEvent;
            withEvent = null;
            return taken;
        }

        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }

    /** Runs one invocation's work; lets bootstrap tag log lines with the request id. */
    @FunctionalInterface
    public interface InvocationScope {
        void run(String requestId, Runnable work);
    }

    public Pipeline(RuntimeApiClient runtime, InvocationHandler handler, ResultWriter writer, int concurrency) {
        this(runtime, handler, writer, concurrency, MemoryBudget.forFunction(0, concurrency, Runtime.getRuntime().maxMemory()),
                (id, work) -> work.run());
    }

    public Pipeline(RuntimeApiClient runtime, InvocationHandler handler, ResultWriter writer, int concurrency,
                    MemoryBudget memory, InvocationScope scope) {
        this.scope = scope;
        this.memory = memory;
        this.runtime = runtime;
        this.handler = handler;
        this.writer = writer;
        this.concurrency = concurrency;
        this.queue = new ArrayBlockingQueue<>(concurrency);
        this.slots = new Semaphore(concurrency);
    }

    public Pipeline start() {
        if (concurrency == 1) {
            // Classic Lambda: one invocation at a time. The queue and a virtual thread per
            // invocation would only add hand-offs between threads (measured: ~70 µs of the
            // adapter's added latency per invoke, docs/performance.md), so one platform thread
            // polls, handles and posts, blocking in the socket reads itself.
            Thread.ofPlatform().name("lwa-invoker").daemon(true)
                    .start(() -> poll(r -> scope.run(r.inv().requestId(), () -> run(r))));
            return this;
        }
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().name("lwa-poller-" + i).start(() -> poll(this::enqueue));
        }
        Thread.ofVirtual().name("lwa-dispatcher").start(this::dispatch);
        return this;
    }

    /**
     * Blocks until the pipeline stops. @return why it stopped by itself (the Runtime API gone, a
     * poller failed); empty after {@link #stop}
     */
    public Optional<String> awaitStopped() throws InterruptedException {
        stopped.await();
        return failure;
    }

    /**
     * Takes no new invocation, waits up to {@code timeoutMs} for those in flight to be posted, then
     * answers each one still running with {@code lwa.Shutdown}.
     *
     * @return how many were answered that way
     */
    public int stop(long timeoutMs) throws InterruptedException {
        stopping = true;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = end - System.nanoTime()) > 0) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        drainOver = true;
        int cut = 0;
        for (Running r : running.values()) {
            if (r.claim()) {
                cut++;
                answerShutdown(r.inv(), timeoutMs);
            }
        }
        stopped.countDown();
        return cut;
    }

    private void answerShutdown(Invocation inv, long drainMs) {
        scope.run(inv.requestId(), () -> writer.write(inv, new Outcome.Failed(ErrorTypes.SHUTDOWN,
                "the adapter is shutting down (SHUTDOWN or SIGTERM) and the invocation did not finish within the "
                        + drainMs + " ms it allows in-flight work")));
    }

    private void enqueue(Running r) {
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param dispatch what to do with each invocation: run it here, or queue it for the dispatcher */
    private void poll(java.util.function.Consumer<Running> dispatch) {
        try {
            pollLoop(dispatch);
        } catch (RuntimeException | Error e) {
            // A poller that dies silently would leave a process that no longer serves: stop instead,
            // so Lambda starts a new environment.
            LOG.log(System.Logger.Level.ERROR, () -> "a poller failed unexpectedly", e);
            failure = Optional.of("a poller failed unexpectedly: " + e);
            stopped.countDown();
        }
    }

    private void pollLoop(java.util.function.Consumer<Running> dispatch) {
        int failures = 0;
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) { // the stop came while this poller waited for a slot: no new /next
                slots.release();
                return;
            }
            Running r;
            try {
                r = new Running(runtime.next()); // no local keeps the event: the handler drops it early
                failures = 0;
            } catch (IOException | RuntimeException e) {
                slots.release();
                if (stopping) {
                    return;
                }
                failures++;
                LOG.log(System.Logger.Level.WARNING, "Error polling /next, retrying: {0}", e.toString());
                if (failures >= MAX_CONSECUTIVE_POLL_FAILURES) {
                    failure = Optional.of("the Runtime API failed " + failures + " times in a row: " + e);
                    stopped.countDown();
                    return;
                }
                sleepQuietly(Math.min(1000, 10L << failures));
                continue;
            } catch (OutOfMemoryError e) {
                // The heap could not hold the event while others were in flight. That invocation is
                // lost to us (Lambda times it out), but the poller, and the process, keep serving.
                slots.release();
                LOG.log(System.Logger.Level.ERROR, "reading an event from /next ran out of memory; polling again");
                sleepQuietly(50);
                continue;
            }
            inFlight.incrementAndGet();
            running.put(r.inv().requestId(), r);
            if (drainOver) {
                // delivered on a /next that was waiting when the stop came, after the drain window:
                // answered now, before the process exits, rather than dropped
                if (r.claim()) {
                    answerShutdown(r.inv(), 0);
                }
                finish(r);
                continue;
            }
            dispatch.accept(r);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void dispatch() {
        while (!Thread.currentThread().isInterrupted()) {
            Running r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            invocationThreads.newThread(() -> scope.run(r.inv().requestId(), () -> run(r))).start();
        }
    }

    private void run(Running r) {
        Invocation inv = r.inv(); // without the event
        MemoryBudget.Grant grant = null;
        try {
            grant = admit(r);
            Outcome outcome = grant != null ? handle(r) : new Outcome.Failed(ErrorTypes.OVERLOADED,
                    "the bodies of the invocations in flight fill the " + memory.capacityBytes() / (1024 * 1024)
                            + " MiB lwa may hold at once, and this invocation's deadline came before room was made for it");
            if (grant != null && outcome instanceof Outcome.Buffered b) {
                grant.add(b.envelope().bodyLength()); // held until posted: newcomers wait for it
            }
            if (r.claim()) { // not already answered lwa.Shutdown by the stop
                writer.write(inv, outcome); // the body is written from the app's bytes: the grant still holds
            }
            long held = r.eventBytes + (outcome instanceof Outcome.Buffered b ? b.envelope().bodyLength() : 0);
            outcome = null; // posted: let go of the answer before collecting
            giveMemoryBack(held);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (grant != null) {
                grant.close();
            }
            finish(r);
        }
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
        if (bytesHeld >= LARGE_BYTES && inFlight.get() == 1) {
            System.gc();
        }
    }

    /** A memory reservation for the invocation, waited for up to its deadline; null when that came first. */
    private MemoryBudget.Grant admit(Running r) throws InterruptedException {
        MemoryBudget.Grant grant = memory.acquire(r.eventBytes, r.inv().deadlineEpochMs() - DEADLINE_MARGIN_MS);
        if (grant != null && grant.waitedMillis() > 0) {
            LOG.log(System.Logger.Level.DEBUG, () -> "waited " + grant.waitedMillis() + " ms for room for the bodies ("
                    + memory.reservedBytes() / (1024 * 1024) + " of " + memory.capacityBytes() / (1024 * 1024) + " MiB reserved)");
        }
        return grant;
    }

    /** Time kept to post the error when admission waits until the deadline. */
    private static final long DEADLINE_MARGIN_MS = 200;

    private Outcome handle(Running r) {
        try {
            return handler.handle(r.takeEvent()); // handed over: the handler lets go of the event early
        } catch (RuntimeException | Error e) {
            // The handler turns every failure it knows into an outcome; anything else is a bug in
            // lwa (or the heap ran out), and it must cost this invocation only, never the poller that runs it.
            LOG.log(System.Logger.Level.ERROR, () -> "lwa failed unexpectedly on this invocation", e);
            return new Outcome.Failed(ErrorTypes.INTERNAL, "lwa failed on this invocation: " + Failures.describe(e));
        }
    }

    private void finish(Running r) {
        running.remove(r.inv().requestId());
        slots.release();
        if (inFlight.decrementAndGet() == 0 && stopping) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
