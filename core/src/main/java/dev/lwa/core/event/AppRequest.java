package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The HTTP request an event turns into, before the adapter's own headers and URL encoding.
 *
 * @param method   request method token
 * @param rawPath  the path as the event carries it (not yet percent-encoded or base-path stripped)
 * @param rawQuery the query without {@code ?}, empty when there is none
 * @param headers  the event's headers, in event order
 * @param body     the body as it goes to the app: a text body is written straight from the event's
 *                 bytes (escapes resolved while it is sent), a base64 one decoded
 */
public record AppRequest(String method, String rawPath, String rawQuery, Headers headers, RequestBody body) {
    public AppRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The body's bytes in one array (tests and diagnostics; the forwarder writes {@link #body()} as it is). */
    public byte[] bodyBytes() {
        if (body instanceof RequestBody.Bytes b) {
            return b.bytes();
        }
        if (body instanceof RequestBody.Sized s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) s.body().length());
            try {
                s.body().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return out.toByteArray();
        }
        return new byte[0];
    }
}
