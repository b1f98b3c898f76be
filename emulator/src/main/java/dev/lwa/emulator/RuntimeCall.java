package dev.lwa.emulator;

import java.util.Objects;

/**
 * One Runtime API call the runtime made, as {@link LambdaEmulator#runtimeCalls()} lists them.
 *
 * @param method   the HTTP method as sent
 * @param path     the decoded path, e.g. {@code /2018-06-01/runtime/restore/next}
 * @param nanoTime {@link System#nanoTime()} when the request's headers arrived, to order and time
 *                 calls against the test's own clock
 */
public record RuntimeCall(String method, String path, long nanoTime) {

    public RuntimeCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }
}
