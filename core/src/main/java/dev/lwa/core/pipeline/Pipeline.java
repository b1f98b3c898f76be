package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger("lwa.pipeline");
    /** After this many /next failures in a row the Runtime API is taken as gone. */
    private static final int MAX_CONSECUTIVE_POLL_FAILURES = 10;

    private final RuntimeApiClient runtime;
    private final InvocationHandler handler;
    private final ResultWriter writer;
    private final int concurrency;
    private final BlockingQueue<Invocation> queue;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object drained = new Object();
    private final ThreadFactory invocationThreads = Thread.ofVirtual().name("lwa-invoke-", 0).factory();
    private final InvocationScope scope;
    private volatile boolean stopping;
    private volatile String failure = "";

    /** Runs one invocation's work; lets bootstrap tag log lines with the request id. */
    @FunctionalInterface
    public interface InvocationScope {
        void run(String requestId, Runnable work);
    }

    public Pipeline(RuntimeApiClient runtime, InvocationHandler handler, ResultWriter writer, int concurrency) {
        this(runtime, handler, writer, concurrency, (id, work) -> work.run());
    }

    public Pipeline(RuntimeApiClient runtime, InvocationHandler handler, ResultWriter writer, int concurrency,
                    InvocationScope scope) {
        this.scope = scope;
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
                    .start(() -> poll(inv -> scope.run(inv.requestId(), () -> run(inv))));
            return this;
        }
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().name("lwa-poller-" + i).start(() -> poll(this::enqueue));
        }
        Thread.ofVirtual().name("lwa-dispatcher").start(this::dispatch);
        return this;
    }

    /** Blocks until the pipeline stops: after {@link #stop} or when the Runtime API is gone. @return why */
    public String awaitStopped() throws InterruptedException {
        stopped.await();
        return failure;
    }

    /**
     * Takes no new invocation and waits (up to {@code timeoutMs}) for those in flight to be posted.
     *
     * @return true when none was left in flight
     */
    public boolean stop(long timeoutMs) throws InterruptedException {
        stopping = true;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (drained) {
            long left;
            while (inFlight.get() > 0 && (left = end - System.nanoTime()) > 0) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        stopped.countDown();
        return inFlight.get() == 0;
    }

    public int inFlight() {
        return inFlight.get();
    }

    private void enqueue(Invocation inv) {
        try {
            queue.put(inv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param dispatch what to do with each invocation: run it here, or queue it for the dispatcher */
    private void poll(java.util.function.Consumer<Invocation> dispatch) {
        try {
            pollLoop(dispatch);
        } catch (RuntimeException | Error e) {
            // A poller that dies silently would leave a process that no longer serves: stop instead,
            // so Lambda starts a new environment.
            LOG.log(System.Logger.Level.ERROR, () -> "a poller failed unexpectedly", e);
            failure = "a poller failed unexpectedly: " + e;
            stopped.countDown();
        }
    }

    private void pollLoop(java.util.function.Consumer<Invocation> dispatch) {
        int failures = 0;
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Invocation inv;
            try {
                inv = runtime.next();
                failures = 0;
            } catch (IOException | RuntimeException e) {
                slots.release();
                if (stopping) {
                    return;
                }
                failures++;
                LOG.log(System.Logger.Level.WARNING, "Error polling /next, retrying: {0}", e.toString());
                if (failures >= MAX_CONSECUTIVE_POLL_FAILURES) {
                    failure = "the Runtime API failed " + failures + " times in a row: " + e;
                    stopped.countDown();
                    return;
                }
                sleepQuietly(Math.min(1000, 10L << failures));
                continue;
            }
            inFlight.incrementAndGet();
            dispatch.accept(inv);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void dispatch() {
        while (!Thread.currentThread().isInterrupted()) {
            Invocation inv;
            try {
                inv = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            invocationThreads.newThread(() -> scope.run(inv.requestId(), () -> run(inv))).start();
        }
    }

    private void run(Invocation inv) {
        try {
            Outcome outcome;
            try {
                outcome = handler.handle(inv);
            } catch (RuntimeException | Error e) {
                // The handler turns every failure it knows into an outcome; anything else is a bug in
                // lwa, and it must cost this invocation only, never the poller that runs it.
                LOG.log(System.Logger.Level.ERROR, () -> "invocation " + inv.requestId() + ": lwa failed unexpectedly", e);
                outcome = new Outcome.Failed(ErrorTypes.INTERNAL, "lwa failed on this invocation: " + Failures.describe(e));
            }
            writer.write(inv, outcome);
        } finally {
            slots.release();
            if (inFlight.decrementAndGet() == 0 && stopping) {
                synchronized (drained) {
                    drained.notifyAll();
                }
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
