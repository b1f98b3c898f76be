package dev.lwa.core.http;

import dev.lwa.runtimeapi.http.Headers;

import java.util.Objects;

/**
 * The HTTP request an event turns into, before the adapter's own headers and URL encoding.
 *
 * @param method   request method token
 * @param rawPath  the path as the event carries it (not yet percent-encoded or base-path stripped)
 * @param rawQuery the query without {@code ?}, empty when there is none
 * @param headers  the event's headers, in event order
 * @param body     decoded body bytes (empty when none)
 */
public record AppRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    public AppRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
