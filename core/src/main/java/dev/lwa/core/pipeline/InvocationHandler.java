package dev.lwa.core.pipeline;

import dev.lwa.core.compress.BufferedCompression;
import dev.lwa.core.config.AppTarget;
import dev.lwa.core.config.Forwarding;
import dev.lwa.core.config.InvocationExtras;
import dev.lwa.core.config.MediaTypes;
import dev.lwa.core.config.WebSocketRoute;
import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.core.response.BufferedResponse;
import dev.lwa.core.response.Envelope;
import dev.lwa.core.response.Envelopes;
import dev.lwa.core.response.LocalResponse;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.BodyTooLargeException;
import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.MalformedResponseException;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One invocation, start to end: event → request to the app → response → result. Whatever the
 * event or the app did becomes an {@link Outcome.Failed} with a named error type, so the process
 * keeps serving; only a bug in lwa itself escapes, and {@code InvocationRunner} turns that into
 * {@code lwa.InternalError} with the stack trace in the log.
 */
public final class InvocationHandler {
    private static final System.Logger LOG = System.getLogger("lwa.invoke");
    /** Lambda's buffered limit as the Runtime API enforces it: 6 MiB + 100 bytes. */
    public static final int MAX_BUFFERED_PAYLOAD = 6 * 1024 * 1024 + 100;

    private final AppTarget app;
    private final Forwarding forwarding;
    private final AppForwarder forwarder;
    private final AppReadiness readiness;
    private final Optional<StreamingWriter> streaming;
    private final MediaTypes mediaTypes;
    /** Read once here, so an invocation only looks at a field (and only for a non-HTTP event). */
    private final Optional<String> webSocketPath;
    /** Read once: whether pass-through events have their source read, and whether invocations are logged. */
    private final boolean readSource;
    private final boolean accessLog;
    private final InvocationExtras extras;

    /** LWA's behaviour: no media type overrides, WebSocket events passed through. */
    public InvocationHandler(AppTarget app, Forwarding forwarding, AppForwarder forwarder, AppReadiness readiness,
                             Optional<StreamingWriter> streaming) {
        this(app, forwarding, forwarder, readiness, streaming, HandlerOptions.LWA);
    }

    /**
     * @param app       the app's address, for messages
     * @param streaming the writer of {@code response_stream} mode; empty for buffered mode
     * @param options   what the handler does beyond LWA (the forwarder is given the same settings)
     */
    public InvocationHandler(AppTarget app, Forwarding forwarding, AppForwarder forwarder, AppReadiness readiness,
                             Optional<StreamingWriter> streaming, HandlerOptions options) {
        this.mediaTypes = options.mediaTypes();
        this.webSocketPath = options.webSocket().path();
        this.extras = options.extras();
        this.readSource = extras.sourceHeader();
        this.accessLog = extras.accessLog();
        this.app = app;
        this.forwarding = forwarding;
        this.forwarder = forwarder;
        this.readiness = readiness;
        this.streaming = streaming;
    }

    /** {@link #handle(Invocation, StreamClaim)} for an invocation nothing else may answer. */
    public Outcome handle(Invocation inv) {
        return handle(inv, StreamClaim.UNCONTESTED);
    }

    /**
     * @param claimStream asked right before a streamed answer starts ({@link StreamClaim}): the stop
     *                    may have answered the invocation already, and may cut the stream later
     */
    public Outcome handle(Invocation inv, StreamClaim claimStream) {
        if (!accessLog) {
            return handle(inv, claimStream, AccessLog.OFF);
        }
        AccessLog access = AccessLog.start();
        try {
            Outcome outcome = handle(inv, claimStream, access);
            access.finish(outcome);
            return outcome;
        } catch (RuntimeException | Error e) { // InvocationRunner answers lwa.InternalError: log it so
            access.finish(new Outcome.Failed(ErrorTypes.INTERNAL, ""));
            throw e;
        }
    }

    /** The access-log line of an invocation the handler never saw (lwa.Overloaded); none when the log is off. */
    void logUnhandled(Outcome.Failed outcome) {
        if (accessLog) {
            AccessLog.start().finish(outcome);
        }
    }

    private Outcome handle(Invocation inv, StreamClaim claimStream, AccessLog access) {
        long start = System.nanoTime();
        LambdaEvent event;
        try {
            event = EventParser.parse(inv.event(), webSocketPath, readSource);
        } catch (InvalidEventException e) {
            return new Outcome.Failed(ErrorTypes.INVALID_EVENT, e.getMessage());
        }
        Optional<String> hookPath = forwarder.hookPath(event);
        if (hookPath.isPresent()) {
            LambdaEvent.Http http = (LambdaEvent.Http) event;
            access.request(http.request().method(), hookPath.get(), http.request().body());
            access.status(403);
            return refuseHookPath(inv, event, hookPath.get(), claimStream);
        }
        long appDeadline = AppForwarder.appDeadline(inv.deadlineEpochMs());
        if (!readiness.await(appDeadline)) {
            return new Outcome.Failed(ErrorTypes.APP_NOT_READY,
                    "the app at " + app.authority() + " did not become ready before the invocation deadline");
        }
        long late = System.currentTimeMillis() - inv.deadlineEpochMs();
        if (late >= 0) {
            // nothing could be done in time: say so, rather than "waited 0 ms to connect"
            return new Outcome.Failed(ErrorTypes.APP_TIMEOUT, "the invocation's deadline had passed " + late
                    + " ms before lwa could send it to the app at " + app.authority() + ": the app was not asked");
        }
        try {
            Http1Request request = forwarder.request(event, inv, appDeadline);
            access.request(request.method(), request.target(), request.body());
            Http1Response response = forwarder.send(request);
            access.status(response.status());
            // The request has gone: let go of the event's bytes (and a body decoded from them)
            // before the app's answer is read and posted, which may take as much memory again.
            inv = inv.withoutEvent();
            event = event.withoutBody();
            Outcome outcome = respond(inv, event, response, claimStream);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, summary(event, response.status(), outcome, start));
            }
            return outcome;
        } catch (ConnectException e) {
            return new Outcome.Failed(ErrorTypes.APP_UNAVAILABLE,
                    "cannot connect to the app at " + app.authority() + ": " + e.getMessage());
        } catch (DeadlineExceededException e) {
            return new Outcome.Failed(ErrorTypes.APP_TIMEOUT,
                    "the app at " + app.authority() + " did not answer before the invocation deadline: " + e.getMessage());
        } catch (MalformedResponseException e) {
            return new Outcome.Failed(ErrorTypes.INVALID_RESPONSE,
                    "the app at " + app.authority() + " sent an invalid HTTP response: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome.Failed(ErrorTypes.APP_CONNECTION_ERROR,
                    "connection to the app at " + app.authority() + " failed: " + Failures.describe(e));
        }
    }

    private Outcome respond(Invocation inv, LambdaEvent event, Http1Response response, StreamClaim claimStream)
            throws IOException {
        try (response) {
            if (forwarding.errorStatusCodes().contains(response.status())) {
                return errorStatus(response);
            }
            if (streaming.isPresent() && event instanceof LambdaEvent.Http && event.kind() != EventKind.WEBSOCKET) {
                // Only HTTP triggers read a stream; an SQS or SNS caller wants the app's JSON as it is,
                // and API Gateway invokes a WebSocket route without streaming.
                return stream(inv, event, response, claimStream);
            }
            Headers headers = response.headers();
            BodyBytes body;
            long appBytes; // read from the app: more than the body when compressed
            try {
                if (forwarding.compression() && event instanceof LambdaEvent.Http http
                        && http.kind() != EventKind.WEBSOCKET) {
                    // (a WebSocket route's answer is a frame for the client, never content-coded)
                    // Only here: with compression off the buffered path does no extra work at all.
                    headers = headers.copy();
                    BufferedCompression.Read read = BufferedCompression.read(response, headers,
                            http.request().headers().all("accept-encoding"), MAX_BUFFERED_PAYLOAD);
                    body = read.body();
                    appBytes = read.appBytes();
                } else {
                    body = response.readBodyBytes(MAX_BUFFERED_PAYLOAD); // chunked: in pieces, not grown and copied
                    appBytes = body.length();
                }
            } catch (BodyTooLargeException e) {
                return tooLarge("the app's response body" + (forwarding.compression() ? " (compressed where it applies)" : "")
                        + " is larger");
            }
            Envelope envelope = Envelopes.envelope(event.kind(), new BufferedResponse(response.status(), headers, body),
                    mediaTypes);
            if (envelope.length() > MAX_BUFFERED_PAYLOAD) {
                return tooLarge("the " + event.kind().label() + " result of " + envelope.length() + " bytes (body "
                        + body.length() + " bytes) is larger");
            }
            return new Outcome.Buffered(envelope, appBytes);
        }
    }

    /**
     * Streams the answer once the invocation is claimed for it; when the stop has answered it
     * already ({@code lwa.Shutdown}), nothing is sent, so no invocation gets two answers.
     */
    private Outcome stream(Invocation inv, LambdaEvent event, Http1Response response, StreamClaim claimStream) {
        if (!claimStream.claim(response)) {
            return new Outcome.Failed(ErrorTypes.SHUTDOWN, "answered by the shutdown before its stream started");
        }
        return streaming.orElseThrow().stream(inv, event, response, claimStream::cutBecause);
    }

    /**
     * A request for a SnapStart hook path, which only the adapter may call: 403 with an empty body,
     * in the trigger's envelope or streamed, and the app never sees it. The log line names the
     * method and path only.
     */
    private Outcome refuseHookPath(Invocation inv, LambdaEvent event, String path, StreamClaim claimStream) {
        LambdaEvent.Http http = (LambdaEvent.Http) event;
        LOG.log(System.Logger.Level.WARNING, "refused {0} {1} with 403: it is a SnapStart hook path, which only the "
                + "adapter calls", http.request().method(), path);
        LocalResponse forbidden = LocalResponse.empty(403);
        if (streaming.isPresent()) {
            return stream(inv.withoutEvent(), event.withoutBody(), forbidden, claimStream);
        }
        return new Outcome.Buffered(Envelopes.envelope(event.kind(),
                new BufferedResponse(forbidden.status(), forbidden.headers(), forbidden.readBody(0))));
    }

    /**
     * The DEBUG line of a served invocation: {@code GET /path -> 200 in 3 ms (1234 body bytes)}. The
     * request id is the line's tag, not part of the message.
     */
    private String summary(LambdaEvent event, int status, Outcome outcome, long startNanos) {
        String request = event instanceof LambdaEvent.Http http
                ? http.request().method() + " " + http.request().rawPath()
                : "POST " + ((LambdaEvent.PassThrough) event).source().flatMap(extras::route).orElse(forwarding.passThroughPath())
                        + " (" + event.kind().label() + ")";
        String body = outcome instanceof Outcome.Buffered b ? b.envelope().length() + " bytes of " + event.kind().label() + " result"
                : outcome instanceof Outcome.Streamed s ? s.bodyBytes() + " body bytes streamed"
                        + s.errorType().map(type -> ", then " + type).orElse("")
                : ((Outcome.Failed) outcome).errorType();
        return request + " -> " + status + " in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms (" + body + ")";
    }

    /** LWA's message: {@code {"statusCode":<status>,"body":<the app's body as a JSON string>}} (docs/behaviour.md, Error status codes). */
    private static Outcome errorStatus(Http1Response response) {
        byte[] body;
        try {
            body = response.readBody(MAX_BUFFERED_PAYLOAD);
        } catch (IOException e) {
            body = new byte[0];
        }
        StringBuilder sb = new StringBuilder(64 + body.length).append("{\"statusCode\":").append(response.status())
                .append(",\"body\":");
        JsonText.string(sb, new String(body, StandardCharsets.UTF_8)).append('}');
        return new Outcome.Failed(ErrorTypes.ERROR_STATUS_CODE, sb.toString());
    }

    private Outcome tooLarge(String what) {
        // in response_stream mode only what is always buffered gets here: the usual advice would not help
        String advice = streaming.isPresent()
                ? "results of events that are not HTTP requests (and of WebSocket routes) are always buffered"
                : "use AWS_LWA_INVOKE_MODE=response_stream for large responses";
        return new Outcome.Failed(ErrorTypes.PAYLOAD_TOO_LARGE, what + " than Lambda's buffered limit of "
                + MAX_BUFFERED_PAYLOAD + " bytes; " + advice);
    }
}
