package dev.lwa.core.pipeline;

import dev.lwa.runtimeapi.json.JsonText;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One access-log line ({@code AWS_LWA_ACCESS_LOG}): what an invocation asked of the app and what
 * came of it. Logged as the only parameter of an INFO message, so that a logger writing JSON can
 * make each part a field of its own ({@link #appendJsonFields}); any other logger shows
 * {@link #toString}.
 *
 * @param method     the request's method; {@code -} when no request was made (the event was not read)
 * @param path       the path the app was asked for (pass-through: the route), as the app got it
 * @param status     the app's status, or lwa's own (403 for a hook path); empty when there was none
 * @param errorType  the {@code lwa.*} error type of a failed invocation; empty when it succeeded
 * @param durationMs from taking the event to having the answer (streamed: to its end)
 * @param bytesIn    the request body sent to the app
 * @param bytesOut   the body passed on to the caller: buffered, the app's body as put in the
 *                   result (compressed where it was); streamed, the bytes streamed; failed, 0
 */
public record AccessLine(String method, String path, OptionalInt status, Optional<String> errorType,
                         long durationMs, long bytesIn, long bytesOut) {

    public AccessLine {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorType, "errorType");
    }

    /** {@code GET /items 200 12 ms, 0 bytes in, 512 bytes out}, then the error type when one. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(80).append(method).append(' ').append(path).append(' ')
                .append(status.isPresent() ? Integer.toString(status.getAsInt()) : "-").append(' ')
                .append(durationMs).append(" ms, ").append(bytesIn).append(" bytes in, ")
                .append(bytesOut).append(" bytes out");
        errorType.ifPresent(e -> out.append(", ").append(e));
        return out.toString();
    }

    /** {@code ,"method":…,"path":…,"status":…,"durationMs":…,"bytesIn":…,"bytesOut":…[,"errorType":…]}. */
    public void appendJsonFields(StringBuilder out) {
        JsonText.string(out.append(",\"method\":"), method);
        JsonText.string(out.append(",\"path\":"), path);
        if (status.isPresent()) {
            out.append(",\"status\":").append(status.getAsInt());
        }
        out.append(",\"durationMs\":").append(durationMs).append(",\"bytesIn\":").append(bytesIn)
                .append(",\"bytesOut\":").append(bytesOut);
        errorType.ifPresent(e -> JsonText.string(out.append(",\"errorType\":"), e));
    }
}
