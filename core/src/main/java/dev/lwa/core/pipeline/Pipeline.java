package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.EventNotReadException;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.RuntimeApiException;
import dev.lwa.runtimeapi.UnusableInvocationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The invocation loop: N pollers pull from the Runtime API into a bounded queue,
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
 * {@code lwa.Shutdown} before the process exits, so no invocation is left without an answer: one
 * not yet answered gets it from the stop, a stream already running ends with it in its trailers
 * ({@link StreamClaim}), one still waiting for memory, unread, gets it from its poller. Each
 * invocation is answered once: by its handler or by the stop, whichever comes first.
 *
 * <p>With N pollers (Managed Instances) a failing {@code /next} is retried for ever, as LWA does:
 * one slot's failures must not cut the invocations the others are serving. With one, 10 failures
 * in a row mean the Runtime API is gone.
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger("lwa.pipeline");
    /** After this many /next failures in a row the Runtime API is taken as gone (one poller only). */
    private static final int MAX_CONSECUTIVE_POLL_FAILURES = 10;
    /**
     * After the drain window, how long the stop waits for the answers others are posting (a cut
     * stream's trailers, a result on its way, an invocation refused memory): Lambda gives an
     * extension's SHUTDOWN 2 s in all, of which the drain takes 1.5.
     */
    public static final long ANSWERS_WAIT_MS = 400;

    private final RuntimeApiClient runtime;
    private final ResultWriter writer;
    private final InvocationRunner runner;
    private final int concurrency;
    private final BlockingQueue<RunningInvocation> queue;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Pollers between {@code /next}'s head and the invocation's entry in {@link #running} (or its answer). */
    private final AtomicInteger admitting = new AtomicInteger();
    private final MemoryBudget memory;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object drained = new Object();
    private final ThreadFactory invocationThreads = Thread.ofVirtual().name("lwa-invoke-", 0).factory();
    private final InvocationScope scope;
    /**
     * Every invocation taken from {@code /next} and not yet answered: a set by identity, not a map by
     * request id, so that two with the same id (were the platform ever to repeat one) are both answered.
     */
    private final java.util.Set<RunningInvocation> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    /** What the stop was for, as the {@code lwa.Shutdown} answers say. */
    private volatile String stopReason = "SHUTDOWN or SIGTERM";
    /** The drain window is over: what is still running, or arrives now, is answered lwa.Shutdown. */
    private volatile boolean drainOver;
    private volatile Optional<String> failure = Optional.empty();

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
        this.writer = writer;
        this.runner = new InvocationRunner(handler, writer, memory, inFlight::get);
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
        return stop(timeoutMs, "SHUTDOWN or SIGTERM");
    }

    /** As {@link #stop(long)}; {@code reason} goes into the {@code lwa.Shutdown} answers (SHUTDOWN, SIGTERM, a failure). */
    public int stop(long timeoutMs, String reason) throws InterruptedException {
        stopReason = reason;
        stopping = true;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        // one clock for the whole stop: the answers' wait ends ANSWERS_WAIT_MS after the drain's end,
        // whatever the posts in between took
        long answersEnd = end + TimeUnit.MILLISECONDS.toNanos(ANSWERS_WAIT_MS);
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = end - System.nanoTime()) > 0) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        drainOver = true;
        int cut = 0;
        List<RunningInvocation> answering = new ArrayList<>();
        for (RunningInvocation r : running) {
            if (r.claimForStop()) {
                cut++;
                answerShutdown(r.inv(), timeoutMs);
            } else {
                answering.add(r); // its runner answers: a stream still running is cut, and says why
                if (r.cutStream(shutdownMessage(timeoutMs))) {
                    cut++;
                }
            }
        }
        memory.refuseWaiting(); // those waiting for room, unread, are answered by their pollers now
        awaitAnswers(answering, answersEnd);
        stopped.countDown();
        return cut;
    }

    /** Waits, until {@code end} (nanoTime) at most, until {@code answering} are answered and no poller is admitting. */
    private void awaitAnswers(List<RunningInvocation> answering, long end) throws InterruptedException {
        synchronized (drained) {
            long left;
            while (stillAnswering(answering) && (left = end - System.nanoTime()) > 0) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private boolean stillAnswering(List<RunningInvocation> answering) {
        if (admitting.get() > 0) {
            return true;
        }
        for (RunningInvocation r : answering) {
            if (running.contains(r)) {
                return true;
            }
        }
        return false;
    }

    private String shutdownMessage(long drainMs) {
        return "the adapter is shutting down (" + stopReason + ") and the invocation did not finish within the "
                + drainMs + " ms it allows in-flight work";
    }

    private void answerShutdown(Invocation inv, long drainMs) {
        scope.run(inv.requestId(), () -> writer.write(inv, new Outcome.Failed(ErrorTypes.SHUTDOWN, shutdownMessage(drainMs))));
    }

    /** A poller leaves admission ({@link #admitting}); the stop may be waiting for it. */
    private void leaveAdmission(boolean[] inAdmission) {
        if (inAdmission[0]) {
            inAdmission[0] = false;
            admitting.decrementAndGet();
            wakeStop();
        }
    }

    private void wakeStop() {
        if (stopping) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** The pipeline cannot go on: {@link #awaitStopped} returns, with {@code why}. */
    private void fail(String why) {
        failure = Optional.of(why);
        stopped.countDown();
    }

    private static void release(MemoryBudget.Grant grant) {
        if (grant != null) {
            grant.close();
        }
    }

    /** An invocation known by its request id alone (its event was not read): what the writer needs to answer it. */
    private static Invocation unread(String requestId) {
        return new Invocation(requestId, System.currentTimeMillis(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), new byte[0]);
    }

    private void answerUnread(EventNotReadException e) {
        Invocation inv = unread(e.requestId());
        scope.run(inv.requestId(), () -> writer.write(inv, stopping
                ? new Outcome.Failed(ErrorTypes.SHUTDOWN, "the adapter is shutting down (" + stopReason + ")")
                : runner.unread(e.outOfMemory(), e.eventBytes(), inFlight.get())));
    }

    private void answerUnusable(UnusableInvocationException e) {
        Invocation inv = unread(e.requestId());
        scope.run(inv.requestId(), () -> writer.write(inv, new Outcome.Failed(ErrorTypes.INVALID_EVENT, e.getMessage())));
    }

    private void enqueue(RunningInvocation r) {
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param dispatch what to do with each invocation: run it here, or queue it for the dispatcher */
    private void poll(java.util.function.Consumer<RunningInvocation> dispatch) {
        try {
            pollLoop(dispatch);
        } catch (RuntimeException | Error e) {
            // A poller that dies silently would leave a process that no longer serves: stop instead,
            // so Lambda starts a new environment.
            LOG.log(System.Logger.Level.ERROR, () -> "a poller failed unexpectedly", e);
            fail("a poller failed unexpectedly (lwa's log has the details)"); // a bug: no class name for the caller
        }
    }

    private void pollLoop(java.util.function.Consumer<RunningInvocation> dispatch) {
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
            RunningInvocation r;
            // memory for the event is reserved from /next's head, before its body is read: an
            // event that does not fit beside those in flight waits here, unread, not in the heap
            MemoryBudget.Grant[] admitted = new MemoryBudget.Grant[1];
            boolean[] inAdmission = new boolean[1];
            try {
                // no local keeps the event: the handler drops it early
                r = new RunningInvocation(runtime.next((id, deadline, bytes) -> {
                    inAdmission[0] = true;
                    admitting.incrementAndGet();
                    return (admitted[0] = runner.admit(bytes, deadline)) != null;
                }), admitted[0]);
                failures = 0;
            } catch (EventNotReadException e) {
                // Delivered but not read (no room before its deadline or the stop, or the heap ran
                // out after all): answered at once, so it is neither lost nor left to its timeout.
                release(admitted[0]);
                slots.release();
                answerUnread(e);
                leaveAdmission(inAdmission);
                if (e.outOfMemory()) {
                    sleepQuietly(50); // as below: let the invocations in flight give memory back first
                }
                continue;
            } catch (UnusableInvocationException e) {
                // an invocation with a request id but no usable head: answered, not left to its timeout
                release(admitted[0]);
                slots.release();
                answerUnusable(e);
                leaveAdmission(inAdmission);
                continue;
            } catch (IOException | RuntimeException e) {
                release(admitted[0]);
                slots.release();
                leaveAdmission(inAdmission);
                if (stopping) {
                    return;
                }
                if (e instanceof RuntimeApiException api && api.status() == 500) {
                    // "Container error. Non-recoverable state. Runtime should exit promptly." (the
                    // Runtime API's specification): polling again would only delay the reset. The
                    // 500 may have answered this /next or an earlier post of a result (the client keeps it).
                    fail("the Runtime API answered with a container error, which means exit: " + e.getMessage());
                    return;
                }
                failures++;
                LOG.log(System.Logger.Level.WARNING, "Error polling /next, retrying: {0}", e.toString());
                if (concurrency == 1 && failures >= MAX_CONSECUTIVE_POLL_FAILURES) {
                    fail("the Runtime API failed " + failures + " times in a row: " + Failures.describe(e));
                    return;
                }
                sleepQuietly(backoffMillis(failures));
                continue;
            } catch (OutOfMemoryError e) {
                // The heap could not hold even the head of /next's answer: no request id to answer
                // (Lambda times that one out), but the poller, and the process, keep serving.
                release(admitted[0]);
                slots.release();
                leaveAdmission(inAdmission);
                LOG.log(System.Logger.Level.ERROR, "reading an event from /next ran out of memory; polling again");
                sleepQuietly(50);
                continue;
            }
            inFlight.incrementAndGet();
            running.add(r);
            if (drainOver) {
                // delivered on a /next that was waiting when the stop came, after the drain window:
                // answered now, before the process exits, rather than dropped
                if (r.claimForStop()) {
                    answerShutdown(r.inv(), 0);
                }
                finish(r);
                leaveAdmission(inAdmission);
                continue;
            }
            leaveAdmission(inAdmission);
            dispatch.accept(r);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void dispatch() {
        while (!Thread.currentThread().isInterrupted()) {
            RunningInvocation r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            invocationThreads.newThread(() -> scope.run(r.inv().requestId(), () -> run(r))).start();
        }
    }

    private void run(RunningInvocation r) {
        try {
            runner.run(r);
        } finally {
            finish(r);
        }
    }

    private void finish(RunningInvocation r) {
        running.remove(r);
        slots.release();
        inFlight.decrementAndGet();
        wakeStop(); // the drain waits for none in flight, then for the answers of some
    }

    /**
     * The pause after {@code failures} {@code /next} failures in a row: 20 ms, doubling, at most 1 s.
     * With N pollers the count has no end, so the shift is bounded (10 << 60 is negative).
     */
    static long backoffMillis(int failures) {
        return failures >= 7 ? 1000 : 10L << Math.max(0, failures); // 10 << 6 = 640, 10 << 7 is over 1 s
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
