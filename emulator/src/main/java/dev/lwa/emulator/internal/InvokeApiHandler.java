package dev.lwa.emulator.internal;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The invoke endpoint of AWS's Runtime Interface Emulator (RIE) on the front door's port:
 * {@code POST /2015-03-31/functions/function/invocations} (or the function's own name) sends the body,
 * as it is, as one event, and answers with the function's result. Everything else goes on to the
 * wrapped handler (the Function URL). Users {@code curl} it to try SQS, S3 or EventBridge handlers,
 * which a Function URL request cannot reach.
 *
 * <p>Answers follow RIE where RIE follows Lambda's Invoke API: 200 with the result; a function error
 * or a timeout is also a 200, with the error document as body. Unlike RIE (which leaves it out and
 * writes a timeout as plain text) the error carries Lambda's {@code X-Amz-Function-Error: Unhandled}
 * header and a timeout is the JSON error document, so that scripts can tell failures apart.
 */
public final class InvokeApiHandler extends Handler.Wrapper {

    private static final System.Logger LOG = System.getLogger("dev.lwa.emulator.FrontDoor");
    private static final String PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";
    /** Lambda's limit for a synchronous invocation's payload. */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    /** Lambda hands {@code {}} to a function invoked without a payload. */
    private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);

    /** The Lambda API's error shape, {@code {"Type":"User","Message":".."}}, sent with {@code X-Amzn-ErrorType}. */
    @JsonbPropertyOrder({"type", "message"})
    public record ApiFault(@JsonbProperty("Type") String type, @JsonbProperty("Message") String message) {
    }

    private final Function<Invoke, CompletableFuture<InvocationResult>> invoker;
    private final String functionName;
    private final Consumer<FrontDoorHandler.Outcome> onOutcome;

    /**
     * @param invoker      {@code LambdaEmulator::invokeAsync}
     * @param functionName besides {@code function} (RIE's fixed name), the name the path may carry
     * @param next         the handler for every other request
     */
    public InvokeApiHandler(Function<Invoke, CompletableFuture<InvocationResult>> invoker, String functionName,
                            Consumer<FrontDoorHandler.Outcome> onOutcome, Handler next) {
        super(next);
        this.invoker = invoker;
        this.functionName = functionName;
        this.onOutcome = onOutcome;
    }

    /** Whether a request is for the invoke endpoint (RIE accepts both names, and so do we). */
    boolean isInvoke(Request request) {
        if (!"POST".equals(request.getMethod())) {
            return false; // other methods reach the app: its own routes stay usable
        }
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return false;
        }
        String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        return name.equals("function") || name.equals(functionName);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isInvoke(request)) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        String target = request.getHttpURI().getPathQuery();
        Optional<InvocationResult> result = Optional.empty();
        int status;
        try {
            LimitedBody body = LimitedBody.read(request, MAX_PAYLOAD_BYTES);
            Optional<String> badContext = badClientContext(request);
            if (!(body instanceof LimitedBody.Complete(byte[] bytes, Map<String, String> ignored, long firstByte))) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                status = fault(response, callback, 413, "RequestTooLargeException",
                        "Request must be smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
            } else if (bytes.length > 0 && JsonDocuments.parse(bytes).isEmpty()) {
                status = fault(response, callback, 400, "InvalidRequestContentException",
                        "Could not parse request body into json: the payload must be a JSON document");
            } else if (badContext.isPresent()) {
                // the caller's mistake, answered as one (not a 500), before anything is invoked
                status = fault(response, callback, 400, "InvalidRequestContentException", badContext.get());
            } else {
                InvocationResult r = invoker.apply(invoke(request, bytes.length == 0 ? EMPTY_EVENT : bytes)).get();
                result = Optional.of(r);
                status = reply(response, callback, r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = fault(response, callback, 500, "ServiceException", "interrupted");
        } catch (ExecutionException | IOException | RuntimeException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            LOG.log(Level.WARNING, "POST {0}: {1}", target, why);
            status = response.isCommitted() ? response.getStatus()
                    : fault(response, callback, 500, "ServiceException", String.valueOf(why.getMessage()));
        }
        onOutcome.accept(new FrontDoorHandler.Outcome("POST", target, status, result, Duration.ofNanos(System.nanoTime() - start)));
        return true;
    }

    /** Why {@code X-Amz-Client-Context} cannot be used (not base64), if it cannot. */
    private static Optional<String> badClientContext(Request request) {
        Optional<String> context = JettyIO.header(request, "X-Amz-Client-Context");
        try {
            context.ifPresent(c -> Base64.getDecoder().decode(c.strip()));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("X-Amz-Client-Context must be base64-encoded JSON: " + e.getMessage());
        }
    }

    /** The event plus what the Invoke API's headers say: the trace id (as RIE) and the client context. */
    private static Invoke invoke(Request request, byte[] event) {
        Invoke invoke = Invoke.of(event);
        Optional<String> trace = JettyIO.header(request, "X-Amzn-Trace-Id");
        if (trace.isPresent()) {
            invoke = invoke.traceId(trace.get());
        }
        Optional<String> context = JettyIO.header(request, "X-Amz-Client-Context");
        if (context.isPresent()) {
            // the Invoke API takes it base64-encoded (checked by badClientContext); the runtime gets the JSON itself
            invoke = invoke.clientContext(new String(Base64.getDecoder().decode(context.get().strip()), StandardCharsets.UTF_8));
        }
        return invoke;
    }

    private static int reply(Response response, Callback callback, InvocationResult result) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amzn-RequestId", result.requestId());
        if (result.kind() != InvocationResult.Kind.RESPONSE) {
            headers.put("X-Amz-Function-Error", "Unhandled");
            byte[] error = result.errorBody().orElse(result.body());
            JettyIO.send(response, callback, 200, headers, "application/json", error);
            return 200;
        }
        String contentType = result.contentType().orElse("application/json");
        JettyIO.send(response, callback, 200, headers, contentType, wholeBody(result));
        return 200;
    }

    /**
     * A streamed result in one piece, as RIE answers it: the prelude and its 8 NULs, then the body
     * (the bytes a client of InvokeWithResponseStream would read).
     */
    static byte[] wholeBody(InvocationResult result) {
        if (!result.streamed() || result.prelude().isEmpty()) {
            return result.body();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(result.prelude().get());
        out.writeBytes(new byte[8]);
        out.writeBytes(result.body());
        return out.toByteArray();
    }

    private static int fault(Response response, Callback callback, int status, String errorType, String message) {
        JettyIO.send(response, callback, status, Map.of("X-Amzn-ErrorType", errorType), "application/json",
                JsonDocuments.write(new ApiFault(status >= 500 ? "Service" : "User", message)));
        return status;
    }
}
