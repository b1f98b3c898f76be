package dev.lwa.emulator.internal;

/**
 * A change counter for waits whose condition spans several monitors (the checkpoint barrier reads
 * the runtime's state and every extension's). A waiter reads {@link #version()}, checks its
 * condition holding none of this object's lock, then waits for the version to move: no change can
 * slip between the check and the wait, and no lock is ever held while taking another one here.
 */
public final class Changes {

    private long version;

    public synchronized long version() {
        return version;
    }

    /** Something a waiter may care about changed; safe to call while holding any other monitor. */
    public synchronized void changed() {
        version++;
        notifyAll();
    }

    /** Waits until the version differs from {@code seen} or {@code deadlineNanos} passes; false on the deadline. */
    public synchronized boolean awaitChangeSince(long seen, long deadlineNanos) throws InterruptedException {
        while (version == seen) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Monitors.waitNanos(this, left);
        }
        return true;
    }
}
