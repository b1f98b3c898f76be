package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.StreamListener;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** The Runtime API endpoints ({@code /2018-06-01/...}). */
public final class RuntimeEndpoints {

    private static final System.Logger LOG = System.getLogger(RuntimeEndpoints.class.getName());

    static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    public static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";

    private final FunctionConfig config;
    private final InvocationBroker broker;

    public RuntimeEndpoints(FunctionConfig config, InvocationBroker broker) {
        this.config = config;
        this.broker = broker;
    }

    void ping(Response response, Callback callback) {
        JettyIO.send(response, callback, 200, Map.of(), "text/plain", "pong".getBytes(StandardCharsets.UTF_8));
    }

    // ---- GET /runtime/invocation/next ----------------------------------------------------------

    void next(Request request, Response response, Callback callback) throws InterruptedException {
        switch (broker.park()) {
            case Park.Refused(ApiError error) -> JettyIO.sendError(response, callback, error);
            case Park.Parked(Poller poller) -> {
                PendingInvocation invocation;
                try {
                    invocation = poller.handoff().get();
                } catch (ExecutionException closed) {
                    JettyIO.sendErrorAndClose(response, callback, ApiError.shuttingDown());
                    return;
                }
                Invoke invoke = invocation.invoke();
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
                headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
                headers.put("Lambda-Runtime-Invoked-Function-Arn", config.functionArn());
                invoke.traceId().ifPresent(v -> headers.put("Lambda-Runtime-Trace-Id", utf8(v)));
                invoke.clientContext().ifPresent(v -> headers.put("Lambda-Runtime-Client-Context", utf8(v)));
                invoke.cognitoIdentity().ifPresent(v -> headers.put("Lambda-Runtime-Cognito-Identity", utf8(v)));
                invoke.tenantId().ifPresent(v -> headers.put("Lambda-Runtime-Aws-Tenant-Id", utf8(v)));
                JettyIO.send(response, callback, 200, headers, "application/json", invoke.event());
            }
        }
    }

    /**
     * Lambda sends header values as UTF-8 bytes (a client context is JSON, often not ASCII); Jetty
     * writes each char as one ISO-8859-1 byte, so hand it the UTF-8 bytes one char per byte.
     */
    private static String utf8(String value) {
        return new String(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---- POST /runtime/invocation/{id}/response ------------------------------------------------

    void response(String requestId, Request request, Response response, Callback callback) throws IOException {
        long headersNanos = System.nanoTime();
        Optional<String> mode = JettyIO.header(request, RESPONSE_MODE);
        boolean streaming = mode.filter(m -> m.equalsIgnoreCase("streaming")).isPresent();
        if (mode.isPresent() && !streaming) {
            JettyIO.sendErrorAndClose(response, callback, new ApiError(400, "InvalidFunctionResponseMode",
                    "Invalid function response mode: " + mode.get() + " (only 'streaming' is defined)"));
            return;
        }
        switch (broker.claim(requestId)) {
            case Claim.Refused(ApiError error) -> JettyIO.sendErrorAndClose(response, callback, error);
            case Claim.Claimed(PendingInvocation invocation) -> {
                Optional<String> contentType = JettyIO.header(request, "Content-Type");
                AnswerProgress progress = new AnswerProgress(JettyIO.headers(request.getHeaders()), contentType,
                        streaming, !streaming || invocation.listener().keepBody(), headersNanos);
                broker.progress(invocation, progress);
                if (streaming) {
                    readStream(invocation, progress, request, response, callback);
                } else {
                    readBuffered(invocation, progress, request, response, callback);
                }
            }
        }
    }

    private void readBuffered(PendingInvocation invocation, AnswerProgress progress, Request request,
                              Response response, Callback callback) {
        LimitedBody body;
        try {
            body = LimitedBody.read(request, FunctionConfig.MAX_BUFFERED_RESPONSE_BYTES);
        } catch (IOException e) {
            truncated(invocation, progress, e);
            callback.failed(e);
            return;
        }
        switch (body) {
            case LimitedBody.TooLarge(long limit, boolean consumed) -> {
                complete(invocation, Results.error(invocation, progress, Results.RESPONSE_TOO_LARGE,
                        tooLargeDocument(limit), System.nanoTime()));
                LOG.log(Level.DEBUG, "invocation {0}: buffered response over {1} bytes", invocation.requestId(), limit);
                JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
            }
            case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                progress.received(bytes.length, firstByteNanos);
                progress.body(bytes);
                progress.trailers(trailers);
                finish(invocation, progress, trailers, response, callback);
            }
        }
    }

    private void readStream(PendingInvocation invocation, AnswerProgress progress, Request request,
                            Response response, Callback callback) {
        StreamListener listener = invocation.listener();
        Listening.call(listener, "onStreamStart", () -> listener.onStreamStart(progress.contentType()));
        boolean integration = progress.contentType().map(RuntimeEndpoints::isHttpIntegration).orElse(false);
        PreludeSplitter splitter = new PreludeSplitter();
        Map<String, String> trailers = new LinkedHashMap<>();
        try {
            while (true) {
                Content.Chunk chunk = JettyIO.read(request);
                boolean last;
                try {
                    last = chunk.isLast();
                    trailers.putAll(JettyIO.trailers(chunk));
                    if (chunk.hasRemaining()) {
                        long now = System.nanoTime();
                        byte[] bytes = JettyIO.bytes(chunk);
                        progress.received(bytes.length, now);
                        if (progress.bytesReceived() > config.maxStreamedResponseBytes()) {
                            Listening.call(listener, "onEnd", () -> listener.onEnd(Map.of()));
                            complete(invocation, Results.error(invocation, progress, Results.RESPONSE_TOO_LARGE,
                                    tooLargeDocument(config.maxStreamedResponseBytes()), now));
                            JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(config.maxStreamedResponseBytes()));
                            return;
                        }
                        byte[] body = bytes;
                        if (integration && !splitter.preludeFound()) {
                            PreludeSplitter.Split split = splitter.feed(bytes);
                            split.prelude().ifPresent(prelude -> {
                                progress.prelude(prelude);
                                Listening.call(listener, "onPrelude", () -> listener.onPrelude(prelude));
                            });
                            body = split.body();
                        }
                        deliver(listener, progress, body, now);
                    }
                } finally {
                    chunk.release();
                }
                if (!broker.stillRunning(invocation)) {
                    Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
                    JettyIO.sendErrorAndClose(response, callback, ApiError.invokeTimeout(invocation.requestId()));
                    return;
                }
                if (last) {
                    break;
                }
            }
        } catch (IOException e) {
            Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
            truncated(invocation, progress, e);
            callback.failed(e);
            return;
        }
        // a stream that never had the 8 NULs: all of it is body after all
        deliver(listener, progress, splitter.unsplit(), System.nanoTime());
        progress.trailers(trailers);
        Listening.call(listener, "onEnd", () -> listener.onEnd(Map.copyOf(trailers)));
        finish(invocation, progress, trailers, response, callback);
    }

    private static void deliver(StreamListener listener, AnswerProgress progress, byte[] body, long nanos) {
        if (body.length > 0) {
            progress.body(body);
            Listening.call(listener, "onBody", () -> listener.onBody(body, nanos));
        }
    }

    /** The answer is complete: a response, or an error if the trailers say so. */
    private void finish(PendingInvocation invocation, AnswerProgress progress, Map<String, String> trailers,
                        Response response, Callback callback) {
        Optional<String> trailerError = lookup(trailers, ERROR_TYPE).filter(t -> !t.isBlank());
        long now = System.nanoTime();
        InvocationResult result = trailerError
                .map(type -> Results.error(invocation, progress, type,
                        lookup(trailers, ERROR_BODY).map(RuntimeEndpoints::decodeErrorBody).orElse(new byte[0]), now))
                .orElseGet(() -> Results.response(invocation, progress, now));
        if (complete(invocation, result)) {
            JettyIO.sendAccepted(response, callback);
        } else {
            JettyIO.sendError(response, callback, ApiError.invokeTimeout(invocation.requestId()));
        }
    }

    private void truncated(PendingInvocation invocation, AnswerProgress progress, IOException e) {
        LOG.log(Level.DEBUG, "invocation {0}: answer broke off: {1}", invocation.requestId(), e.toString());
        complete(invocation, Results.error(invocation, progress, "Runtime.TruncatedResponse",
                JsonDocuments.write(new Documents.PlatformError("The runtime's answer broke off: " + e.getMessage(),
                        "Runtime.TruncatedResponse")), System.nanoTime()));
    }

    private boolean complete(PendingInvocation invocation, InvocationResult result) {
        return broker.complete(invocation, result);
    }

    private static byte[] tooLargeDocument(long limit) {
        return JsonDocuments.write(new Documents.PlatformError(
                "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).",
                Results.RESPONSE_TOO_LARGE));
    }

    /** The error body trailer is base64 JSON; anything that is not base64 is kept as sent. */
    static byte[] decodeErrorBody(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException notBase64) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    static boolean isHttpIntegration(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals(HTTP_INTEGRATION);
    }

    static Optional<String> lookup(Map<String, String> map, String name) {
        return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    // ---- POST /runtime/invocation/{id}/error ---------------------------------------------------

    void error(String requestId, Request request, Response response, Callback callback) throws IOException {
        long headersNanos = System.nanoTime();
        switch (broker.claim(requestId)) {
            case Claim.Refused(ApiError error) -> JettyIO.sendErrorAndClose(response, callback, error);
            case Claim.Claimed(PendingInvocation invocation) -> {
                AnswerProgress progress = new AnswerProgress(JettyIO.headers(request.getHeaders()),
                        JettyIO.header(request, "Content-Type"), false, true, headersNanos);
                broker.progress(invocation, progress);
                LimitedBody body;
                try {
                    body = LimitedBody.read(request, FunctionConfig.MAX_ERROR_BODY_BYTES);
                } catch (IOException e) {
                    truncated(invocation, progress, e);
                    callback.failed(e);
                    return;
                }
                switch (body) {
                    case LimitedBody.TooLarge(long limit, boolean consumed) -> {
                        broker.unclaim(invocation);
                        JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
                    }
                    case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                        progress.received(bytes.length, firstByteNanos);
                        progress.trailers(trailers);
                        String type = errorType(request, bytes);
                        if (complete(invocation, Results.error(invocation, progress, type, bytes, System.nanoTime()))) {
                            JettyIO.sendAccepted(response, callback);
                        } else {
                            JettyIO.sendError(response, callback, ApiError.invokeTimeout(requestId));
                        }
                    }
                }
            }
        }
    }

    /** The header if sent (any casing), else the body's {@code errorType}, else RIE's {@code Runtime.Unknown}. */
    static String errorType(Request request, byte[] body) {
        return JettyIO.header(request, ERROR_TYPE).filter(t -> !t.isBlank())
                .or(() -> JsonDocuments.parseObject(body).flatMap(o -> JsonDocuments.text(o, "errorType")).filter(t -> !t.isBlank()))
                .orElse("Runtime.Unknown");
    }

    // ---- POST /runtime/init/error --------------------------------------------------------------

    void initError(Request request, Response response, Callback callback) throws IOException {
        switch (LimitedBody.read(request, FunctionConfig.MAX_ERROR_BODY_BYTES)) {
            case LimitedBody.TooLarge(long limit, boolean consumed) ->
                    JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
            case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                ErrorInfo error = new ErrorInfo(errorType(request, bytes), bytes, JettyIO.headers(request.getHeaders()));
                Optional<ApiError> refused = broker.initError(error);
                if (refused.isPresent()) {
                    JettyIO.sendError(response, callback, refused.get());
                } else {
                    LOG.log(Level.DEBUG, "runtime init error: {0}", error.errorType());
                    JettyIO.sendAccepted(response, callback);
                }
            }
        }
    }

}
