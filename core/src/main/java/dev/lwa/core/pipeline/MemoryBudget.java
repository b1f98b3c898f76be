package dev.lwa.core.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Admission by memory: the body bytes concurrent invocations may hold at once. An invocation
 * reserves what its event may cost before its event is read (the size {@code /next}'s head
 * announces, or as much as an event may be when it announces none, trimmed to the event's size
 * once read: the event is held until its request has gone, and its body, text or base64, goes to
 * the app from its bytes) and waits, in arrival order and unread, while that does not fit, until
 * earlier ones finish or its deadline comes, rather than running the heap out of memory and
 * failing them all. The
 * app's answer is counted when it has been read ({@link Grant#add}): it never waits then (a wait
 * while holding an event could deadlock), but it keeps newcomers out until it has been posted. So
 * small invocations pass freely, however many are in flight, and large ones take turns.
 *
 * <p>How much: lwa may use {@value #SHARE_PERCENT} % of the function's memory (the rest is the
 * app's), and never more than its heap, less its own working set. The launcher sizes the heap by
 * the same share. An invocation that needs more than all of it still runs, alone.
 */
public final class MemoryBudget {
    /** The part of the function's memory lwa may use; the launcher's heap rule uses it too. */
    public static final int SHARE_PERCENT = 40;
    /** lwa's own working set: classes' data, buffers, the pipeline. */
    static final long OWN_BYTES = 8L << 20;
    /** Lambda's invoke payload limit. */
    static final long EVENT_BYTES = 6L << 20;
    /**
     * What reading an event whose length was not announced may take: a chunked event in several
     * chunks (Managed Instances) is read in pieces and joined once, two copies for a moment.
     * Trimmed to the event's size once read ({@link Grant#trimTo}).
     */
    static final long UNANNOUNCED_EVENT_BYTES = 2 * EVENT_BYTES;
    /** What any invocation is allowed even when the numbers above leave nothing. */
    static final long MIN_CAPACITY = 12L << 20;

    private final long capacity;
    /** Reserved by invocations in flight; may pass the capacity by what answers added. */
    private long reserved;
    /** Invocations waiting for room, first come first served. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** The adapter is stopping: no wait for room, an invocation gets room at once or not at all. */
    private boolean refusing;

    private MemoryBudget(long capacityBytes) {
        this.capacity = Math.max(1, capacityBytes);
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
        return new MemoryBudget(Math.max(MIN_CAPACITY, usable - OWN_BYTES));
    }

    public long capacityBytes() {
        return capacity;
    }

    /** Bytes reserved now by invocations in flight. */
    public synchronized long reservedBytes() {
        return reserved;
    }

    /** How many invocations wait for room now. */
    public synchronized int queueLength() {
        return waiting.size();
    }

    /** A reservation; closing it gives the bytes back. */
    public final class Grant implements AutoCloseable {
        private long bytes;
        private final long waitedNanos;
        private boolean closed;

        private Grant(long bytes, long waitedNanos) {
            this.bytes = bytes;
            this.waitedNanos = waitedNanos;
        }

        /** How long the invocation waited for its reservation. */
        public long waitedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(waitedNanos);
        }

        /** Counts {@code more} bytes the invocation now holds (an answer read): never waits. */
        public void add(long more) {
            synchronized (MemoryBudget.this) {
                if (!closed && more > 0) {
                    bytes += more;
                    reserved += more;
                }
            }
        }

        /**
         * Gives back what was reserved beyond {@code held} bytes: the event's real size once read,
         * when {@code /next} did not announce it (Lambda sends an event over 2 KiB chunked) and the
         * most an event may be was reserved while reading it. Never waits.
         */
        public void trimTo(long held) {
            synchronized (MemoryBudget.this) {
                if (!closed && held >= 0 && held < bytes) {
                    reserved -= bytes - held;
                    bytes = held;
                    MemoryBudget.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (!closed) {
                    closed = true;
                    reserved -= bytes;
                    MemoryBudget.this.notifyAll();
                }
            }
        }
    }

    /**
     * Reserves {@code bytes} (at most the whole budget), waiting in arrival order until
     * {@code deadlineEpochMs}.
     *
     * @return the grant, or null when the deadline came first
     */
    public synchronized Grant acquire(long bytes, long deadlineEpochMs) throws InterruptedException {
        long need = Math.min(capacity, Math.max(0, bytes));
        if (waiting.isEmpty() && fits(need)) {
            reserved += need;
            return new Grant(need, 0);
        }
        if (refusing) {
            return null;
        }
        Object me = new Object();
        waiting.addLast(me);
        long start = System.nanoTime();
        try {
            while (waiting.peekFirst() != me || !fits(need)) {
                long left = deadlineEpochMs - System.currentTimeMillis();
                if (left <= 0 || refusing) {
                    return null;
                }
                wait(left);
            }
            reserved += need;
            return new Grant(need, System.nanoTime() - start);
        } finally {
            waiting.remove(me);
            notifyAll(); // the next in line may fit now, or be first now
        }
    }

    /**
     * The adapter is stopping ({@link Pipeline#stop}): whoever waits for room, and whoever comes
     * later and does not fit at once, gets none (null), as when its deadline comes, so that it is
     * answered before the process exits rather than left waiting.
     */
    public synchronized void refuseWaiting() {
        refusing = true;
        notifyAll();
    }

    /** Whether {@code need} fits now; with nothing reserved anything does (it runs alone). */
    private boolean fits(long need) {
        return reserved == 0 || reserved + need <= capacity;
    }
}
