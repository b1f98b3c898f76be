package dev.lwa.emulator.internal;

import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.Invoke;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The Runtime API endpoints ({@code /2018-06-01/...}). A streamed {@code /response} is read by
 * {@link StreamedResponseReader}; every answer ends through {@link AnswerCompletion}.
 */
public final class RuntimeEndpoints {

    private static final System.Logger LOG = System.getLogger(RuntimeEndpoints.class.getName());

    static final String RESPONSE_MODE = "Lambda-Runtime-Function-Response-Mode";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String ERROR_BODY = "Lambda-Runtime-Function-Error-Body";
    public static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";

    private final FunctionConfig config;
    private final InvocationBroker broker;
    private final AnswerCompletion answers;
    private final StreamedResponseReader streamed;
    private final RuntimeLifecycle lifecycle;

    public RuntimeEndpoints(FunctionConfig config, InvocationBroker broker, RuntimeLifecycle lifecycle) {
        this.config = config;
        this.broker = broker;
        this.lifecycle = lifecycle;
        this.answers = new AnswerCompletion(broker);
        this.streamed = new StreamedResponseReader(config, broker, answers);
    }

    void ping(Response response, Callback callback) {
        JettyIO.send(response, callback, 200, Map.of(), "text/plain", "pong".getBytes(StandardCharsets.UTF_8));
    }

    // ---- GET /runtime/invocation/next ----------------------------------------------------------

    void next(Request request, Response response, Callback callback) throws InterruptedException {
        var refused = lifecycle.invocationNext(); // SnapStart: not while a restore is pending or failed
        if (refused.isPresent()) {
            JettyIO.sendError(response, callback, refused.get());
            return;
        }
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
                sendEvent(response, callback, headers, invoke.event());
            }
        }
    }

    /** Go's net/http buffers this much of an answer before it must choose how to frame it. */
    static final int GO_BUFFER_BEFORE_CHUNKING = 2048;
    /** The pieces Managed Instances copy an event to the runtime in (Go's pooled copy buffer). */
    static final int MANAGED_INSTANCES_PIECE = 32 * 1024;

    /**
     * The event as Lambda's Runtime API (a Go {@code net/http} server) sends it: it sets no
     * {@code Content-Length}, so Go announces one only for an event that fits the 2 KiB it buffers
     * before choosing; anything longer goes {@code Transfer-Encoding: chunked}, as one chunk
     * (on-demand writes the event in one call) or in pieces (Managed Instances copy it through a
     * buffer). A runtime that only handles an announced length works in this emulator only as far
     * as it would in Lambda.
     */
    private void sendEvent(Response response, Callback callback, Map<String, String> headers, byte[] event) {
        if (event.length <= GO_BUFFER_BEFORE_CHUNKING) {
            JettyIO.send(response, callback, 200, headers, "application/json", event);
        } else {
            JettyIO.sendChunked(response, callback, 200, headers, "application/json", event,
                    config.managedInstances() ? MANAGED_INSTANCES_PIECE : event.length);
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
        boolean streaming = mode.filter(m -> m.equals("streaming")).isPresent();
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
                    streamed.read(invocation, progress, request, response, callback);
                } else {
                    readBuffered(invocation, progress, request, response, callback);
                }
            }
        }
    }

    private void readBuffered(PendingInvocation invocation, AnswerProgress progress, Request request,
                              Response response, Callback callback) {
        Optional<LimitedBody> read = readAnswer(invocation, progress, request, FunctionConfig.MAX_BUFFERED_RESPONSE_BYTES, callback);
        if (read.isEmpty()) {
            return;
        }
        switch (read.get()) {
            case LimitedBody.TooLarge(long limit, boolean consumed) -> {
                answers.tooLarge(invocation, progress, limit, System.nanoTime());
                LOG.log(Level.DEBUG, "invocation {0}: buffered response over {1} bytes", invocation.requestId(), limit);
                JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
            }
            case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                progress.received(bytes.length, firstByteNanos);
                progress.body(bytes);
                progress.trailers(trailers);
                answers.finish(invocation, progress, trailers, response, callback);
            }
        }
    }

    /**
     * The answer's body up to {@code limit}; empty when the runtime's upload broke off, which
     * records the invocation's answer as truncated and fails the exchange.
     */
    private Optional<LimitedBody> readAnswer(PendingInvocation invocation, AnswerProgress progress, Request request,
                                             long limit, Callback callback) {
        try {
            return Optional.of(LimitedBody.read(request, limit));
        } catch (IOException e) {
            answers.truncated(invocation, progress, e);
            callback.failed(e);
            return Optional.empty();
        }
    }

    static boolean isHttpIntegration(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals(HTTP_INTEGRATION);
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
                Optional<LimitedBody> read = readAnswer(invocation, progress, request, FunctionConfig.MAX_ERROR_BODY_BYTES, callback);
                if (read.isEmpty()) {
                    return;
                }
                switch (read.get()) {
                    case LimitedBody.TooLarge(long limit, boolean consumed) -> {
                        broker.unclaim(invocation);
                        JettyIO.sendErrorAndClose(response, callback, ApiError.tooLarge(limit));
                    }
                    case LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos) -> {
                        progress.received(bytes.length, firstByteNanos);
                        progress.trailers(trailers);
                        String type = errorType(request, bytes);
                        if (answers.complete(invocation, Results.error(invocation, progress, type, bytes, System.nanoTime()))) {
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
                if (lifecycle.initErrorWhileRestoring(RestoreEndpoints.errorInfo(request, bytes))) {
                    JettyIO.sendAccepted(response, callback); // a failed restore, as restore/error
                    return;
                }
                ErrorInfo error = new ErrorInfo(errorType(request, bytes), bytes, JettyIO.headers(request.getHeaders()));
                Optional<ApiError> refused = broker.initError(error);
                if (refused.isPresent()) {
                    JettyIO.sendError(response, callback, refused.get());
                } else {
                    lifecycle.initFailed();
                    LOG.log(Level.DEBUG, "runtime init error: {0}", error.errorType());
                    JettyIO.sendAccepted(response, callback);
                }
            }
        }
    }

}
