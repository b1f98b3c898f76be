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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The local trigger: every HTTP request becomes the event its {@link TriggerRules} say, and the
 * invocation's result is written back as that trigger does; a Function URL's streamed results
 * included, chunk by chunk.
 */
public final class FrontDoorHandler extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger("dev.lwa.emulator.FrontDoor");

    /** What one request became, for the caller's log line. */
    public record Outcome(String method, String target, int status, Optional<InvocationResult> result, Duration duration) {
    }

    private final InvokerWithListener invoker;
    private final TriggerRules rules;
    private final java.util.function.Consumer<Outcome> onOutcome;

    /** {@code LambdaEmulator::invokeAsync} with a listener. */
    @FunctionalInterface
    public interface InvokerWithListener {
        CompletableFuture<InvocationResult> invoke(Invoke invoke, StreamListener listener);
    }

    public FrontDoorHandler(InvokerWithListener invoker, TriggerRules rules, java.util.function.Consumer<Outcome> onOutcome) {
        super(InvocationType.BLOCKING);
        this.invoker = invoker;
        this.rules = rules;
        this.onOutcome = onOutcome;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String target = request.getHttpURI().getPathQuery();
        int status;
        Optional<InvocationResult> result = Optional.empty();
        try {
            RequestParts parts = RequestParts.of(request, Instant.now());
            Optional<TriggerRules.Reply> outside = rules.outsideStage(parts.rawPath());
            LimitedBody body = outside.isPresent() ? null : LimitedBody.read(request, rules.maxBody());
            if (outside.isPresent()) {
                status = send(response, callback, outside.get());
            } else if (!(body instanceof LimitedBody.Complete(byte[] bytes, Map<String, String> trailers, long firstByteNanos))) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body may be unread
                status = send(response, callback, rules.tooLarge());
            } else {
                V2Events.Built event = rules.event(parts, bytes);
                if (event.json().length > TriggerRules.MAX_EVENT_BYTES) {
                    // Lambda refuses the invoke itself (base64 makes a binary body a third bigger)
                    status = send(response, callback, rules.tooLarge());
                } else {
                    StreamingReply stream = new StreamingReply(response, request.getMethod().equals("HEAD"));
                    StreamListener listener = rules.streams() ? stream : new StreamListener() {
                    };
                    InvocationResult r = invoker.invoke(Invoke.of(event.json()).traceId(event.traceId()), listener).get();
                    result = Optional.of(r);
                    status = reply(request, response, callback, r, stream);
                }
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
            return send(response, callback, rules.failed(result.kind()));
        }
        if (result.streamed() && rules.streams()) {
            return stream.finish(callback);
        }
        Optional<V2Responses.Buffered> buffered = result.streamed() ? Optional.empty() : rules.result(result.body());
        if (buffered.isEmpty()) {
            LOG.log(Level.WARNING, "{0} {1}: invocation {2} returned a response this trigger cannot use{3}",
                    request.getMethod(), request.getHttpURI().getPathQuery(), result.requestId(),
                    result.streamed() ? " (a streamed response; only Function URLs take those)" : "");
            return send(response, callback, rules.failed(InvocationResult.Kind.ERROR));
        }
        V2Responses.HttpHead head = buffered.get().head();
        byte[] body = buffered.get().body();
        response.setStatus(head.status());
        Optional<String> declared = addHeaders(response, head);
        // HEAD: no body, but the length the app declared for it is what the client must see
        long length = request.getMethod().equals("HEAD") && body.length == 0
                ? declared.flatMap(FrontDoorHandler::length).orElse(0L) : body.length;
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return head.status();
    }

    /** Adds the head's headers but {@code Content-Length}, which it returns: framing is the server's. */
    static Optional<String> addHeaders(Response response, V2Responses.HttpHead head) {
        Optional<String> contentLength = Optional.empty();
        for (Map.Entry<String, String> h : head.headers()) {
            if (h.getKey().equalsIgnoreCase("content-length")) {
                contentLength = Optional.of(h.getValue());
            } else {
                response.getHeaders().add(h.getKey(), HeaderText.toWire(h.getValue()));
            }
        }
        return contentLength;
    }

    private static Optional<Long> length(String value) {
        try {
            long n = Long.parseLong(value.trim());
            return n >= 0 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int send(Response response, Callback callback, TriggerRules.Reply reply) {
        JettyIO.send(response, callback, reply.status(), Map.of(), reply.contentType(), reply.body());
        return reply.status();
    }

    private int fail(Response response, Callback callback, Exception e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return response.getStatus();
        }
        return send(response, callback, rules.failed(InvocationResult.Kind.ERROR));
    }

    /**
     * Writes a streamed result to the HTTP client as it arrives: status and headers from the prelude
     * (or 200 and the stream's content type), then each body chunk, flushed. Runs on the thread that
     * reads the runtime's stream, so a slow client slows the function down, as on AWS.
     */
    static final class StreamingReply implements StreamListener {
        private final Response response;
        /** A HEAD request: no body follows, so the length the app declared goes to the client. */
        private final boolean headRequest;
        private boolean committed;
        private boolean broken;
        private int status = 200;

        StreamingReply(Response response, boolean headRequest) {
            this.response = response;
            this.headRequest = headRequest;
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
            commit(new V2Responses.HttpHead(200,
                    List.of(Map.entry("content-type", contentType.orElse("application/octet-stream")))));
        }

        @Override
        public synchronized void onPrelude(byte[] prelude) {
            commit(V2Responses.fromPrelude(prelude).orElseGet(() -> {
                LOG.log(Level.WARNING, "the stream's prelude is not valid JSON; answering 200");
                return new V2Responses.HttpHead(200, List.of());
            }));
        }

        @Override
        public synchronized void onBody(byte[] chunk, long nanoTime) {
            if (!committed) {
                commit(new V2Responses.HttpHead(200, List.of()));
            }
            write(false, ByteBuffer.wrap(chunk));
        }

        synchronized boolean committed() {
            return committed;
        }

        synchronized int status() {
            return status;
        }

        private void commit(V2Responses.HttpHead head) {
            if (committed) {
                return;
            }
            committed = true;
            status = head.status();
            response.setStatus(head.status());
            Optional<String> declared = addHeaders(response, head);
            if (headRequest) { // as for a buffered answer: the length the body would have
                declared.flatMap(FrontDoorHandler::length).ifPresent(n -> response.getHeaders().put(HttpHeader.CONTENT_LENGTH, n));
            }
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
                commit(new V2Responses.HttpHead(200, List.of()));
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
