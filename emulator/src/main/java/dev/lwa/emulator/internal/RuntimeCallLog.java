package dev.lwa.emulator.internal;

import dev.lwa.emulator.RuntimeCall;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Every Runtime API call in arrival order, for tests that check the order of a runtime's
 * lifecycle calls. Bounded so that a long local-mode session does not grow without end.
 */
public final class RuntimeCallLog {

    static final int MAX_CALLS = 10_000;

    private final ArrayDeque<RuntimeCall> calls = new ArrayDeque<>();

    synchronized void record(String method, String path, long nanoTime) {
        if (calls.size() == MAX_CALLS) {
            calls.removeFirst();
        }
        calls.addLast(new RuntimeCall(method, path, nanoTime));
    }

    public synchronized List<RuntimeCall> snapshot() {
        return List.copyOf(calls);
    }
}
