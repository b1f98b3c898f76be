package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.InvocationResult.Kind;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds the {@link InvocationResult}s and the INVOKE extension event. */
final class Results {

    static final String TIMEOUT_ERROR_TYPE = "Sandbox.Timedout";
    static final String RESPONSE_TOO_LARGE = "Function.ResponseSizeTooLarge";

    private Results() {
    }

    static InvocationResult response(PendingInvocation invocation, AnswerProgress progress, long endNanos) {
        AnswerProgress.Snapshot got = progress.snapshot();
        return new InvocationResult(invocation.requestId(), Kind.RESPONSE, got.body(), progress.contentType(),
                Optional.empty(), progress.streamed(), got.prelude(), got.trailers(), progress.headers(),
                invocation.timing(got.firstByteNanos(), endNanos), Optional.empty());
    }

    /** A failed answer: {@code /error}, an error trailer, or a platform rejection of the answer. */
    static InvocationResult error(PendingInvocation invocation, AnswerProgress progress, String errorType,
                                  byte[] errorBody, long endNanos) {
        AnswerProgress.Snapshot got = progress.snapshot();
        byte[] body = progress.streamed() ? got.body() : errorBody;
        return new InvocationResult(invocation.requestId(), Kind.ERROR, body, progress.contentType(),
                Optional.of(errorType), progress.streamed(), got.prelude(), got.trailers(), progress.headers(),
                invocation.timing(got.firstByteNanos(), endNanos), Optional.of(errorBody));
    }

    static InvocationResult timeout(PendingInvocation invocation, long endNanos) {
        byte[] document = JsonDocuments.write(new Documents.PlatformError("RequestId: " + invocation.requestId()
                + " Error: Task timed out after " + seconds(invocation.timeout()) + " seconds",
                TIMEOUT_ERROR_TYPE));
        return invocation.progress
                .map(progress -> {
                    AnswerProgress.Snapshot got = progress.snapshot();
                    return new InvocationResult(invocation.requestId(), Kind.TIMEOUT,
                            progress.streamed() ? got.body() : document, progress.contentType(),
                            Optional.of(TIMEOUT_ERROR_TYPE), progress.streamed(), got.prelude(), got.trailers(),
                            progress.headers(), invocation.timing(got.firstByteNanos(), endNanos),
                            Optional.of(document));
                })
                .orElseGet(() -> bare(invocation, Kind.TIMEOUT, TIMEOUT_ERROR_TYPE, document, endNanos));
    }

    static InvocationResult queueTimeout(PendingInvocation invocation, Duration waited, long endNanos) {
        byte[] document = JsonDocuments.write(new Documents.PlatformError("RequestId: " + invocation.requestId()
                + " Error: Task timed out after " + seconds(waited)
                + " seconds: no runtime asked for it (GET /runtime/invocation/next)", TIMEOUT_ERROR_TYPE));
        return bare(invocation, Kind.TIMEOUT, TIMEOUT_ERROR_TYPE, document, endNanos);
    }

    static InvocationResult initFailure(PendingInvocation invocation, ErrorInfo error, long endNanos) {
        return bare(invocation, Kind.ERROR, error.errorType(), error.body(), endNanos);
    }

    private static InvocationResult bare(PendingInvocation invocation, Kind kind, String errorType, byte[] document,
                                         long endNanos) {
        return new InvocationResult(invocation.requestId(), kind, document, Optional.of("application/json"),
                Optional.of(errorType), false, Optional.empty(), Map.of(), Map.<String, List<String>>of(),
                invocation.timing(endNanos, endNanos), Optional.of(document));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
    }

    static byte[] invokeEvent(PendingInvocation invocation, FunctionConfig config) {
        Documents.Tracing tracing = invocation.invoke().traceId()
                .map(id -> new Documents.Tracing("X-Amzn-Trace-Id", id))
                .orElse(null); // left out of the JSON, as RIE does without a trace id
        return JsonDocuments.write(new Documents.InvokeEvent("INVOKE", invocation.deadlineEpochMillis(), invocation.requestId(),
                config.functionArn(), tracing));
    }
}
