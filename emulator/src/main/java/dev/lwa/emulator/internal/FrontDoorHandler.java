package dev.lwa.emulator.internal;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.StreamListener;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The local "Function URL": every HTTP request becomes a Function URL event, and the invocation's
 * result is written back as Function URLs do, streamed results included, chunk by chunk.
 */
public final class FrontDoorHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger("dev.lwa.emulator.FunctionUrlFrontDoor");
    /** Function URLs refuse request payloads over 6 MB. */
    static final long MAX_REQUEST_BYTES = 6L * 1024 * 1024;
    private static final byte[] INTERNAL_ERROR = JsonDocuments.write(new Documents.UrlError("Internal Server Error"));

    /** What one request became, for the caller's log line. */
    public record Outcome(String method, String target, int status, Optional<InvocationResult> result, Duration duration) {
    }

    private final InvokerWithListener invoker;
    private final String apiId;
    private final String region;
    private final java.util.function.Consumer<Outcome> onOutcome;

    /** {@code LambdaEmulator::invokeAsync} with a listener. */
    @FunctionalInterface
    public interface InvokerWithListener {
        CompletableFuture<InvocationResult> invoke(Invoke invoke, StreamListener listener);
    }

    public FrontDoorHandler(InvokerWithListener invoker, String apiId, String region,
                            java.util.function.Consumer<Outcome> onOutcome) {
        super(InvocationType.BLOCKING);
        this.invoker = invoker;
        this.apiId = apiId;
        this.region = region;
        this.onOutcome = onOutcome;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String target = request.getHttpURI().getPathQuery();
        int status;
        Optional<InvocationResult> result = Optional.empty();
        try {
            LimitedBody body = LimitedBody.read(request, MAX_REQUEST_BYTES);
            if (!(body instanceof LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos))) {
                status = 413;
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                JettyIO.sendJson(response, callback, 413, new Documents.UrlError(
                        "Request must be smaller than " + MAX_REQUEST_BYTES + " bytes for the InvokeFunction operation"));
            } else {
                FunctionUrlEvents.Built event = FunctionUrlEvents.build(request, bytes, apiId, region);
                StreamingReply stream = new StreamingReply(response);
                InvocationResult r = invoker.invoke(Invoke.of(event.json()).traceId(event.traceId()), stream).get();
                result = Optional.of(r);
                status = reply(request, response, callback, r, stream);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = fail(response, callback, e);
        } catch (ExecutionException | IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0} {1}: {2}", request.getMethod(), target, e instanceof ExecutionException ? e.getCause() : e);
            status = fail(response, callback, e);
        }
        onOutcome.accept(new Outcome(request.getMethod(), target, status, result, Duration.ofNanos(System.nanoTime() - start)));
        return true;
    }

    private int reply(Request request, Response response, Callback callback, InvocationResult result, StreamingReply stream) {
        if (result.kind() != InvocationResult.Kind.RESPONSE) {
            LOG.log(Level.WARNING, "{0} {1}: invocation {2} ended with {3} {4}", request.getMethod(),
                    request.getHttpURI().getPathQuery(), result.requestId(), result.kind(), result.errorType().orElse(""));
            if (stream.committed()) {
                // the status is out already: cut the stream short, as a failing Function URL stream ends
                stream.abort(callback, new IOException("the function failed mid-stream: " + result.errorType().orElse(result.kind().name())));
                return stream.status();
            }
            return badGateway(response, callback);
        }
        if (result.streamed()) {
            return stream.finish(callback);
        }
        Optional<FunctionUrlResponses.Buffered> buffered = FunctionUrlResponses.fromEnvelope(result.body());
        if (buffered.isEmpty()) {
            LOG.log(Level.WARNING, "{0} {1}: invocation {2} returned a response that is not a valid Function URL response",
                    request.getMethod(), request.getHttpURI().getPathQuery(), result.requestId());
            return badGateway(response, callback);
        }
        FunctionUrlResponses.HttpHead head = buffered.get().head();
        response.setStatus(head.status());
        head.headers().forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, buffered.get().body().length);
        response.write(true, ByteBuffer.wrap(buffered.get().body()), callback);
        return head.status();
    }

    private static int badGateway(Response response, Callback callback) {
        JettyIO.send(response, callback, 502, Map.of(), "application/json", INTERNAL_ERROR);
        return 502;
    }

    private static int fail(Response response, Callback callback, Exception e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return response.getStatus();
        }
        return badGateway(response, callback);
    }

    /**
     * Writes a streamed result to the HTTP client as it arrives: status and headers from the prelude
     * (or 200 and the stream's content type), then each body chunk, flushed. Runs on the thread that
     * reads the runtime's stream, so a slow client slows the function down, as on AWS.
     */
    static final class StreamingReply implements StreamListener {
        private final Response response;
        private boolean committed;
        private boolean broken;
        private int status = 200;

        StreamingReply(Response response) {
            this.response = response;
        }

        @Override
        public boolean keepBody() {
            return false;
        }

        @Override
        public synchronized void onStreamStart(Optional<String> contentType) {
            if (contentType.map(RuntimeEndpoints::isHttpIntegration).orElse(false)) {
                return; // status and headers come with the prelude
            }
            commit(new FunctionUrlResponses.HttpHead(200,
                    List.of(Map.entry("content-type", contentType.orElse("application/octet-stream")))));
        }

        @Override
        public synchronized void onPrelude(byte[] prelude) {
            commit(FunctionUrlResponses.fromPrelude(prelude).orElseGet(() -> {
                LOG.log(Level.WARNING, "the stream's prelude is not valid JSON; answering 200");
                return new FunctionUrlResponses.HttpHead(200, List.of());
            }));
        }

        @Override
        public synchronized void onBody(byte[] chunk, long nanoTime) {
            if (!committed) {
                commit(new FunctionUrlResponses.HttpHead(200, List.of()));
            }
            write(false, ByteBuffer.wrap(chunk));
        }

        synchronized boolean committed() {
            return committed;
        }

        synchronized int status() {
            return status;
        }

        private void commit(FunctionUrlResponses.HttpHead head) {
            if (committed) {
                return;
            }
            committed = true;
            status = head.status();
            response.setStatus(head.status());
            head.headers().forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
            write(false, ByteBuffer.allocate(0)); // sends the head now, before any body byte
        }

        private void write(boolean last, ByteBuffer buffer) {
            if (broken) {
                return;
            }
            try {
                JettyIO.write(response, last, buffer);
            } catch (IOException | RuntimeException e) {
                broken = true; // the client went away; the function's stream is still read to its end
                LOG.log(Level.DEBUG, "front door client gone mid-stream: {0}", e.toString());
            }
        }

        /** The stream ended normally. */
        synchronized int finish(Callback callback) {
            if (!committed) {
                commit(new FunctionUrlResponses.HttpHead(200, List.of()));
            }
            if (broken) {
                callback.failed(new IOException("the client went away"));
            } else {
                response.write(true, ByteBuffer.allocate(0), callback);
            }
            return status;
        }

        synchronized void abort(Callback callback, Throwable why) {
            broken = true;
            callback.failed(why);
        }
    }
}
