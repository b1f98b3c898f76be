package dev.lwa.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one invocation.
 *
 * @param requestId       the invocation's request id
 * @param kind            response, error (posted by the runtime, or a platform error such as
 *                        {@code Function.ResponseSizeTooLarge}) or timeout
 * @param body            buffered response: the response body; stream: the bytes after the prelude
 *                        (empty when the listener did not keep them); buffered error or timeout: the
 *                        error document
 * @param contentType     the {@code Content-Type} the runtime sent with its answer
 * @param errorType       for {@link Kind#ERROR} and {@link Kind#TIMEOUT}: the error type as sent by the
 *                        runtime (header, trailer, else body {@code errorType}) or set by the platform
 * @param streamed        whether the runtime answered in streaming mode
 * @param prelude         for an {@code application/vnd.awslambda.http-integration-response} stream:
 *                        the JSON before the 8 NULs
 * @param trailers        request trailers of the runtime's answer, keys as sent
 * @param responseHeaders request headers of the runtime's {@code /response} or {@code /error} post,
 *                        case-insensitive keys (empty for a timeout without any answer)
 * @param timing          when things happened, measured from the call to {@code invoke}
 * @param errorBody       the error document: for a buffered error the same bytes as {@code body}; for a
 *                        stream that failed, the base64-decoded {@code Lambda-Runtime-Function-Error-Body}
 *                        trailer or the platform's error document
 */
public record InvocationResult(
        String requestId,
        Kind kind,
        byte[] body,
        Optional<String> contentType,
        Optional<String> errorType,
        boolean streamed,
        Optional<byte[]> prelude,
        Map<String, String> trailers,
        Map<String, List<String>> responseHeaders,
        Timing timing,
        Optional<byte[]> errorBody) {

    /** The three ways an invocation ends. */
    public enum Kind {
        /** The runtime posted {@code /response} and it was accepted. */
        RESPONSE,
        /** The runtime posted {@code /error}, sent an error trailer, or the platform rejected its answer. */
        ERROR,
        /** No answer before the deadline (or no runtime picked the invocation up in time). */
        TIMEOUT
    }

    /**
     * Durations from the call to {@code invoke}, on the {@link System#nanoTime()} clock.
     *
     * @param queued    until a {@code /next} took the invocation (equals {@code total} if none did)
     * @param firstByte until the first byte of the runtime's answer body was read (equals the time the
     *                  answer's headers arrived when it had no body, and {@code total} when there was no
     *                  answer at all)
     * @param total     until the result was complete
     */
    public record Timing(Duration queued, Duration firstByte, Duration total) {
        public Timing {
            Objects.requireNonNull(queued, "queued");
            Objects.requireNonNull(firstByte, "firstByte");
            Objects.requireNonNull(total, "total");
        }
    }

    public InvocationResult {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(prelude, "prelude");
        trailers = Map.copyOf(trailers);
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(errorBody, "errorBody");
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> errorBodyAsString() {
        return errorBody.map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public boolean isResponse() {
        return kind == Kind.RESPONSE;
    }

    /** First value of a header the runtime sent with its answer, any casing. */
    public Optional<String> responseHeader(String name) {
        List<String> values = responseHeaders.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** A trailer the runtime sent, any casing. */
    public Optional<String> trailer(String name) {
        return trailers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public String toString() {
        return "InvocationResult[" + requestId + " " + kind
                + errorType.map(t -> " " + t).orElse("")
                + (streamed ? " streamed" : "")
                + ", " + body.length + " bytes"
                + contentType.map(c -> ", " + c).orElse("")
                + (trailers.isEmpty() ? "" : ", trailers=" + trailers.keySet())
                + ", total=" + timing.total().toMillis() + " ms]";
    }
}
