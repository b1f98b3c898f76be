package dev.lwa.core.pipeline;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admission by memory: the bytes that concurrent invocations may hold at once for their bodies
 * (the request body decoded from the event, the app's answer read for a buffered result). An
 * invocation reserves what it may need before it starts and gives it back when it is answered;
 * one that does not fit waits, in arrival order, until earlier ones finish or its deadline comes,
 * rather than running the heap out of memory and failing them all.
 *
 * <p>How much: lwa may use {@value #SHARE_PERCENT} % of the function's memory (the rest is the
 * app's), and never more than its heap; from that come its own working set and one 6 MB event per
 * poller (read before an invocation can be admitted). The launcher sizes the heap by the same
 * rule. An invocation that needs more than all of it still runs, alone.
 */
public final class MemoryBudget {
    /** The part of the function's memory lwa may use; the launcher's heap rule uses it too. */
    public static final int SHARE_PERCENT = 40;
    /** lwa's own working set: classes' data, buffers, the pipeline. */
    static final long OWN_BYTES = 8L << 20;
    /** Lambda's invoke payload limit: what one poller's event may take before admission. */
    static final long EVENT_BYTES = 6L << 20;
    /** What any invocation is allowed even when the numbers above leave nothing. */
    static final long MIN_CAPACITY = 12L << 20;

    private final Semaphore permits; // one per KiB
    private final int capacityKib;

    private MemoryBudget(long capacityBytes) {
        this.capacityKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, capacityBytes >> 10));
        this.permits = new Semaphore(capacityKib, true);
    }

    /** A budget of exactly {@code bytes}. */
    public static MemoryBudget ofBytes(long bytes) {
        return new MemoryBudget(bytes);
    }

    /**
     * The budget for a function of {@code functionMemoryMb} (0 when unknown: the heap alone counts)
     * running {@code concurrency} invocations at once in a heap of {@code maxHeapBytes}.
     */
    public static MemoryBudget forFunction(int functionMemoryMb, int concurrency, long maxHeapBytes) {
        long usable = maxHeapBytes;
        if (functionMemoryMb > 0) {
            usable = Math.min(usable, ((long) functionMemoryMb << 20) * SHARE_PERCENT / 100);
        }
        long capacity = usable - OWN_BYTES - concurrency * EVENT_BYTES;
        return new MemoryBudget(Math.max(MIN_CAPACITY, capacity));
    }

    public long capacityBytes() {
        return (long) capacityKib << 10;
    }

    /** Bytes reserved now by invocations in flight. */
    public long reservedBytes() {
        return (long) (capacityKib - permits.availablePermits()) << 10;
    }

    /** Whether an invocation is waiting for room now. */
    public boolean hasQueuedWaiters() {
        return permits.hasQueuedThreads();
    }

    /** How many invocations wait for room now (an estimate, for logs and tests). */
    public int queueLength() {
        return permits.getQueueLength();
    }

    /** A reservation; closing it gives the bytes back. */
    public final class Grant implements AutoCloseable {
        private final int kib;
        private final long waitedNanos;
        private boolean closed;

        private Grant(int kib, long waitedNanos) {
            this.kib = kib;
            this.waitedNanos = waitedNanos;
        }

        /** How long the invocation waited for its reservation. */
        public long waitedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(waitedNanos);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                permits.release(kib);
            }
        }
    }

    /**
     * Reserves {@code bytes} (at most the whole budget), waiting until {@code deadlineEpochMs}.
     *
     * @return the grant, or null when the deadline came first
     */
    public Grant acquire(long bytes, long deadlineEpochMs) throws InterruptedException {
        int kib = (int) Math.min(capacityKib, Math.max(1, (bytes + 1023) >> 10));
        long start = System.nanoTime();
        if (permits.tryAcquire(kib, 0, TimeUnit.MILLISECONDS)) { // with a timeout, even 0, it keeps arrival order
            return new Grant(kib, 0);
        }
        long waitMs = deadlineEpochMs - System.currentTimeMillis();
        if (waitMs <= 0 || !permits.tryAcquire(kib, waitMs, TimeUnit.MILLISECONDS)) {
            return null;
        }
        return new Grant(kib, System.nanoTime() - start);
    }
}
