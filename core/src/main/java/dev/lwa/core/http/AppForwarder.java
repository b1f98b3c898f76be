package dev.lwa.core.http;

import dev.lwa.core.config.Forwarding;
import dev.lwa.core.config.FunctionInfo;
import dev.lwa.core.config.Interop;
import dev.lwa.core.config.InvocationExtras;
import dev.lwa.core.config.SnapStartHooks;
import dev.lwa.core.event.AppRequest;
import dev.lwa.core.event.EventSource;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.HeaderSyntax;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.RequestBody;
import dev.lwa.runtimeapi.http.UrlEncoding;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a recognised event into the request to the app and sends it (docs/behaviour.md, "From
 * event to request"):
 * base-path removal (D1), pass-through path, the adapter's context headers (client copies
 * replaced), tenant id (D8), trace id (and, when asked for, a W3C traceparent), authorization source,
 * WHATWG path/query encoding, and a
 * timeout derived from the invocation deadline (D6). It also says which requests must not be sent
 * at all: those for a SnapStart hook path ({@link HookPathGuard}).
 */
public final class AppForwarder {
    private static final System.Logger LOG = System.getLogger("lwa.forward");
    /** Beyond LWA: which service sent a pass-through event ({@link InvocationExtras#sourceHeader}). */
    static final String EVENT_SOURCE = "x-amzn-event-source";

    private final Http1Client client;
    private final Forwarding forwarding;
    private final ContextHeaders contextHeaders;
    private final String basePath;
    private final HookPathGuard hookPaths;
    private final boolean w3cTraceparent;
    private final InvocationExtras extras;

    /** Without SnapStart hook paths. */
    public AppForwarder(Http1Client client, Forwarding forwarding, FunctionInfo function) {
        this(client, forwarding, function, SnapStartHooks.none());
    }

    /** @param hooks the app's SnapStart hook paths: requests for them are never sent */
    public AppForwarder(Http1Client client, Forwarding forwarding, FunctionInfo function, SnapStartHooks hooks) {
        this(client, forwarding, function, hooks, Interop.none(), InvocationExtras.none());
    }

    /**
     * @param interop the opt-in settings beyond LWA; only its W3C traceparent switch matters here
     * @param extras  where pass-through events go by source, and whether they say their source
     */
    public AppForwarder(Http1Client client, Forwarding forwarding, FunctionInfo function, SnapStartHooks hooks,
                        Interop interop, InvocationExtras extras) {
        this.w3cTraceparent = interop.w3cTraceparent();
        this.client = client;
        this.extras = extras;
        this.forwarding = forwarding;
        this.contextHeaders = new ContextHeaders(function);
        this.basePath = forwarding.removeBasePath().map(AppForwarder::normaliseBase).orElse("");
        this.hookPaths = HookPathGuard.of(hooks);
    }

    /**
     * The path the app would get for this event, when it means one of the SnapStart hook paths:
     * such a request must not be sent. Empty for every other event (a pass-through event's path is
     * never a hook path: settings refuse that).
     */
    public Optional<String> hookPath(LambdaEvent event) {
        // without hooks (the usual case) the path is not worked out twice per invocation
        if (!hookPaths.guardsNothing() && event instanceof LambdaEvent.Http http) {
            String path = appPath(http.request());
            if (hookPaths.blocks(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The request's path as the app gets it: base path removed, then as the URL path setter makes it. */
    String appPath(AppRequest r) {
        return UrlEncoding.path(removeBasePath(r.rawPath()));
    }

    /** @param appDeadlineEpochMs from {@link #appDeadline}, read once per invocation by the caller */
    public Http1Response send(LambdaEvent event, Invocation inv, long appDeadlineEpochMs) throws IOException {
        return client.send(request(event, inv, appDeadlineEpochMs));
    }

    /** Sends a request made by {@link #request}. */
    public Http1Response send(Http1Request request) throws IOException {
        return client.send(request);
    }

    /** The request as it goes to the app, to be answered by {@code appDeadlineEpochMs}. */
    public Http1Request request(LambdaEvent event, Invocation inv, long appDeadlineEpochMs) {
        String method;
        String target;
        Headers headers;
        RequestBody body;
        String requestContext;
        // instanceof, not a pattern switch: a type switch is bootstrapped by generating a class at run
        // time (the class-file API, ~120 classes in the AOT cache and the heap, and milliseconds at
        // the first call)
        if (event instanceof LambdaEvent.Http http) {
            AppRequest r = http.request();
            method = r.method();
            String path = appPath(r);
            String query = r.rawQuery().isEmpty() ? "" : UrlEncoding.query(r.rawQuery());
            target = query.isEmpty() ? path : path + '?' + query;
            headers = r.headers().copy();
            clientConnectionFields(headers);
            body = r.body();
            requestContext = ContextHeaders.asciiJson(http.requestContextJson());
            if (extras.sourceHeader()) {
                headers.remove(EVENT_SOURCE); // only lwa says where an event came from
            }
        } else {
            LambdaEvent.PassThrough pass = (LambdaEvent.PassThrough) event;
            method = "POST";
            target = forwarding.passThroughPath();
            headers = new Headers().add("content-type", "application/json");
            body = RequestBody.of(pass.json());
            requestContext = "null";
            // present only when the extras asked the parser for it: nothing is looked up otherwise
            if (pass.source().isPresent()) {
                EventSource source = pass.source().get();
                target = extras.route(source).orElse(target);
                headers.set(EVENT_SOURCE, source.header());
            }
        }
        headers.set("x-amzn-request-context", requestContext);
        headers.set("x-amzn-lambda-context", contextHeaders.lambdaContext(inv));
        if (inv.tenantId().filter(t -> HeaderSyntax.indexOfControl(t) < 0).isPresent()) {
            headers.set("x-amz-tenant-id", inv.tenantId().get());
        } else {
            if (inv.tenantId().isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "tenant_id contains invalid header characters, skipping");
            }
            headers.remove("x-amz-tenant-id"); // D8: no client-chosen tenant when Lambda sent none
        }
        inv.traceId().ifPresent(trace -> headers.set("x-amzn-trace-id", trace));
        if (w3cTraceparent && inv.traceId().isPresent() && !headers.contains("traceparent")) {
            // the app's own trace context, when the caller sent one, is the more precise parent
            TraceParent.fromXray(inv.traceId().get()).ifPresent(tp -> headers.set("traceparent", tp));
        }
        forwarding.authorizationSource().ifPresent(source -> moveAuthorization(headers, source));
        return new Http1Request(method, target, headers, body, appDeadlineEpochMs);
    }

    /** Hop-by-hop fields (RFC 9110 §7.6.1), by name; with those the {@code Connection} field lists. */
    private static final String[] HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"};

    /**
     * What of the event's headers belongs to the client's connection to AWS's front end, not to
     * lwa's to the app, goes, as any proxy drops it: the hop-by-hop fields and those
     * {@code Connection} names (with {@code Connection: Upgrade} and {@code Upgrade: websocket}
     * passed on, an app would switch protocols and the invocation wait for the function's
     * deadline). And the app gets one {@code Host}, the last the event had (a single-value map's
     * value): a request with several is one a server must refuse (RFC 9112 §3.2), and servers that
     * do not would each pick another. Framing fields are set by the client from the body.
     */
    static void clientConnectionFields(Headers headers) {
        boolean hop = false;
        int hosts = 0;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.equalsIgnoreCase("host")) {
                hosts++;
            } else {
                for (String h : HOP_BY_HOP) {
                    hop |= name.equalsIgnoreCase(h);
                }
            }
        }
        if (hop) {
            for (String named : headers.all("connection")) {
                for (String token : named.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty()) {
                        headers.remove(t);
                    }
                }
            }
            for (String h : HOP_BY_HOP) {
                headers.remove(h);
            }
        }
        if (hosts > 1) {
            List<String> all = headers.all("host");
            if (!all.isEmpty()) { // a Connection option may have named it
                headers.set("host", all.getLast());
            }
        }
    }

    /**
     * D6: stop waiting for the app shortly before Lambda's deadline, so the invocation ends with
     * a clean {@code lwa.AppTimeout} instead of a platform kill. The margin is a tenth of the time
     * left, at most 200 ms.
     */
    public static long appDeadline(long invocationDeadline) {
        long remaining = invocationDeadline - System.currentTimeMillis();
        return invocationDeadline - Math.max(0, Math.min(200, remaining / 10));
    }

    /** D1: segment-aware and once: {@code /prod/x → /x}, {@code /prod → /}, {@code /products} unchanged. */
    String removeBasePath(String path) {
        if (basePath.isEmpty() || !path.startsWith(basePath)) {
            return path;
        }
        if (path.length() == basePath.length()) {
            return "/";
        }
        return path.charAt(basePath.length()) == '/' ? path.substring(basePath.length()) : path;
    }

    private static String normaliseBase(String base) {
        String b = base;
        while (b.length() > 1 && b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b.equals("/") ? "" : b;
    }

    private static void moveAuthorization(Headers headers, String source) {
        List<String> values = headers.remove(source);
        if (values.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "\"{0}\" header not found in request headers", source);
            return;
        }
        // the last value, as LWA: API Gateway's single-value `headers` holds a repeated header's
        // last value, and lambda_http lets it replace the multi-value list
        headers.set("authorization", values.getLast());
    }
}
