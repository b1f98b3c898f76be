package dev.lwa.emulator.internal;

import dev.lwa.emulator.InvocationResult;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How a runtime's answer ends ({@code /response}, buffered or streamed, or {@code /error}): the
 * invocation's result handed to the broker, and the runtime's request answered (202, or why its
 * answer no longer counts).
 */
final class AnswerCompletion {

    private static final System.Logger LOG = System.getLogger(AnswerCompletion.class.getName());

    private final InvocationBroker broker;

    AnswerCompletion(InvocationBroker broker) {
        this.broker = broker;
    }

    /** The answer is complete: a response, or an error if the trailers say so. */
    void finish(PendingInvocation invocation, AnswerProgress progress, Map<String, String> trailers,
                Response response, Callback callback) {
        Optional<String> trailerError = lookup(trailers, RuntimeEndpoints.ERROR_TYPE).filter(t -> !t.isBlank());
        long now = System.nanoTime();
        InvocationResult result = trailerError
                .map(type -> Results.error(invocation, progress, type,
                        lookup(trailers, RuntimeEndpoints.ERROR_BODY).map(AnswerCompletion::decodeErrorBody)
                                .orElse(new byte[0]), now))
                .orElseGet(() -> Results.response(invocation, progress, now));
        if (complete(invocation, result)) {
            JettyIO.sendAccepted(response, callback);
        } else {
            JettyIO.sendError(response, callback, ApiError.invokeTimeout(invocation.requestId()));
        }
    }

    /** The answer went over {@code limit} bytes: {@code Function.ResponseSizeTooLarge}. */
    void tooLarge(PendingInvocation invocation, AnswerProgress progress, long limit, long nanos) {
        complete(invocation, Results.error(invocation, progress, Results.RESPONSE_TOO_LARGE,
                tooLargeDocument(limit), nanos));
    }

    void truncated(PendingInvocation invocation, AnswerProgress progress, IOException e) {
        LOG.log(Level.DEBUG, "invocation {0}: answer broke off: {1}", invocation.requestId(), e.toString());
        complete(invocation, Results.error(invocation, progress, "Runtime.TruncatedResponse",
                JsonDocuments.write(new Documents.PlatformError("The runtime's answer broke off: " + e.getMessage(),
                        "Runtime.TruncatedResponse")), System.nanoTime()));
    }

    /** Completes a running invocation; false if it had already timed out. */
    boolean complete(PendingInvocation invocation, InvocationResult result) {
        return broker.complete(invocation, result);
    }

    private static byte[] tooLargeDocument(long limit) {
        return JsonDocuments.write(new Documents.PlatformError(
                "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).",
                Results.RESPONSE_TOO_LARGE));
    }

    /** The error body trailer is base64 JSON; anything that is not base64 is kept as sent. */
    private static byte[] decodeErrorBody(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException notBase64) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Optional<String> lookup(Map<String, String> map, String name) {
        return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }
}
