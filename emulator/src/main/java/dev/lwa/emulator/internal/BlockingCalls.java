package dev.lwa.emulator.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the public API's blocking calls wait: none of them throws a checked exception, so an interrupt
 * restores the thread's flag and ends the wait ({@code false}, or a {@link CancellationException} where
 * there is no result to give).
 */
public final class BlockingCalls {

    /** A wait that answers whether what it waited for happened. */
    @FunctionalInterface
    public interface Wait {
        boolean await() throws InterruptedException;
    }

    private BlockingCalls() {
    }

    /** The wait's answer; false if the thread was interrupted. */
    public static boolean falseIfInterrupted(Wait wait) {
        try {
            return wait.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The future's value; its failure rethrown as it is when unchecked. */
    public static <T> T result(CompletableFuture<T> future, Object awaited) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + awaited);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        }
    }
}
