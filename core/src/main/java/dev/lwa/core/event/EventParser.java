package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.json.JsonSyntaxException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;

import java.util.Optional;

import static dev.lwa.core.event.EventFields.isA;

/**
 * Recognises an event and maps it to an {@link AppRequest}.
 *
 * <p>Detection follows LWA (docs/behaviour.md): by required fields, in the order REST v1 →
 * HTTP API v2 / Function URL → ALB, then (beyond LWA) VPC Lattice and, when its path is set, API
 * Gateway WebSocket ({@link WebSocketEvents}), and anything else that is JSON is pass-through. Unlike LWA, an event recognised by its required fields but broken elsewhere
 * (a header with a control character, bad base64) is an {@link InvalidEventException}, not a
 * silent pass-through or a process abort.
 *
 * <p>The event is checked once as JSON ({@link JsonNode#parse}) and then read in place: only the
 * fields a mapping uses are decoded, so what lwa does not read (numbers of any size, large
 * strings) cannot make an event fail.
 */
public final class EventParser {

    private EventParser() {
    }

    /** LWA's reading: WebSocket events passed through, no pass-through event's source read. */
    public static LambdaEvent parse(byte[] event) throws InvalidEventException {
        return parse(event, Optional.empty(), false);
    }

    /**
     * @param webSocketPath where API Gateway WebSocket events go as HTTP requests; empty: they are
     *                      passed through. Looked at only for an event no HTTP trigger matched.
     * @param readSource    whether a pass-through event's {@link EventSource} is read (a few member
     *                      look-ups in the JSON already parsed); without it nothing more is done
     */
    public static LambdaEvent parse(byte[] event, Optional<String> webSocketPath, boolean readSource)
            throws InvalidEventException {
        JsonNode o;
        try {
            o = JsonNode.parse(event);
        } catch (JsonSyntaxException e) {
            throw new InvalidEventException("event is not valid JSON: " + e.getMessage(), e);
        }
        if (!o.is(JsonNode.Type.OBJECT)) {
            return passThrough(event, o, readSource);
        }
        JsonNode context = o.memberOrNull("requestContext");
        if (context == null || !context.is(JsonNode.Type.OBJECT)) {
            context = EventFields.EMPTY_OBJECT;
        }
        LambdaEvent.Http mapped = http(o, context);
        if (mapped != null) {
            if (webSocketPath.isPresent()) {
                // only lwa says a request is a WebSocket route's: a client's copies of those headers go
                WebSocketEvents.removeHeaders(mapped.request().headers());
            }
            return mapped;
        }
        if (webSocketPath.isPresent() && WebSocketEvents.is(o, context)) {
            return WebSocketEvents.map(o, context, webSocketPath.get());
        }
        return passThrough(event, o, readSource);
    }

    /** The event as an HTTP trigger's request; null when no HTTP trigger's shape matches. */
    private static LambdaEvent.Http http(JsonNode o, JsonNode context) throws InvalidEventException {
        JsonNode http;
        if (isA(o, "httpMethod", JsonNode.Type.STRING) && isA(context, "httpMethod", JsonNode.Type.STRING)) {
            return restApi(o, context);
        }
        if ((http = context.memberOrNull("http")) != null && http.is(JsonNode.Type.OBJECT)
                && isA(http, "method", JsonNode.Type.STRING)) {
            return httpApi(o, context, http);
        }
        if (isA(o, "httpMethod", JsonNode.Type.STRING) && isA(context, "elb", JsonNode.Type.OBJECT)) {
            return alb(o, context);
        }
        if (isA(o, "method", JsonNode.Type.STRING) && isA(o, "raw_path", JsonNode.Type.STRING)) {
            return latticeV1(o);
        }
        if (isA(o, "method", JsonNode.Type.STRING) && isA(o, "path", JsonNode.Type.STRING)
                && isA(context, "serviceNetworkArn", JsonNode.Type.STRING)) {
            return latticeV2(o, context);
        }
        return null;
    }

    private static LambdaEvent passThrough(byte[] event, JsonNode o, boolean readSource) {
        return readSource ? new LambdaEvent.PassThrough(event, Optional.of(EventSource.of(o)))
                : new LambdaEvent.PassThrough(event);
    }

    /**
     * What {@code x-amzn-request-context} carries: the event's own {@code requestContext} text,
     * compacted, rather than a parsed object written out again. The same JSON value, spelled as the
     * event spells it.
     */
    private static String contextText(JsonNode context) {
        return context.compactText();
    }

    private static LambdaEvent.Http restApi(JsonNode o, JsonNode context) throws InvalidEventException {
        String where = "API Gateway REST event: ";
        String method = EventFields.method(EventFields.string(o, "httpMethod", "", where), where + "httpMethod");
        String path = EventFields.string(o, "path", "", where);
        String query = FormQuery.from(o, false, where);
        Headers headers = EventFields.mergedHeaders(o, where);
        RequestBody body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(EventKind.API_GATEWAY_REST,
                new AppRequest(method, path, query, headers, body), contextText(context));
    }

    private static LambdaEvent.Http httpApi(JsonNode o, JsonNode context, JsonNode http) throws InvalidEventException {
        boolean url = EventFields.string(context, "domainName", "", "").contains(".lambda-url.");
        EventKind kind = url ? EventKind.FUNCTION_URL : EventKind.HTTP_API;
        String where = kind.label() + " event: ";
        String method = EventFields.method(http.memberOrNull("method").string(), where + "requestContext.http.method");
        String path = o.has("rawPath")
                ? EventFields.string(o, "rawPath", "", where)
                : EventFields.string(o, "path", "", where);
        String query = EventFields.string(o, "rawQueryString", "", where);
        Headers headers = new Headers();
        EventFields.singleValueHeaders(headers, EventFields.object(o, "headers", where), where + "headers");
        JsonNode cookies = EventFields.present(o, "cookies");
        if (cookies != null) {
            // LWA 1.0 joins with ";" and no space, replacing any cookie header.
            String joined = String.join(";", EventFields.stringList(cookies, where + "cookies"));
            EventFields.checkValue(joined, where + "cookies");
            headers.set("cookie", joined);
        }
        RequestBody body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(kind, new AppRequest(method, path, query, headers, body), contextText(context));
    }

    private static LambdaEvent.Http alb(JsonNode o, JsonNode context) throws InvalidEventException {
        // Real ALB sends one of the two header maps, depending on the target group's multi-value
        // setting; the answer must use the same one.
        boolean multi = isA(o, "multiValueHeaders", JsonNode.Type.OBJECT);
        EventKind kind = multi ? EventKind.ALB_MULTI_VALUE : EventKind.ALB;
        String where = kind.label() + " event: ";
        String method = EventFields.method(EventFields.string(o, "httpMethod", "", where), where + "httpMethod");
        String path = EventFields.string(o, "path", "", where);
        String query = FormQuery.from(o, true, where);
        Headers headers = EventFields.mergedHeaders(o, where);
        RequestBody body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(kind, new AppRequest(method, path, query, headers, body), contextText(context));
    }

    private static LambdaEvent.Http latticeV1(JsonNode o) throws InvalidEventException {
        String where = "VPC Lattice event: ";
        String method = EventFields.method(EventFields.string(o, "method", "", where), where + "method");
        String rawPath = EventFields.string(o, "raw_path", "", where);
        String path = rawPath;
        String query = "";
        int q = rawPath.indexOf('?');
        if (q >= 0) {
            // raw_path may carry the query itself; then it is the exact query the client sent.
            path = rawPath.substring(0, q);
            query = rawPath.substring(q + 1);
        } else {
            query = LatticeQuery.from(EventFields.object(o, "query_string_parameters", where), where + "query_string_parameters");
        }
        Headers headers = new Headers();
        LatticeQuery.headers(headers, EventFields.object(o, "headers", where), where + "headers");
        RequestBody body = EventFields.body(o, EventFields.bool(o, "is_base64_encoded", where), where);
        return new LambdaEvent.Http(EventKind.VPC_LATTICE, new AppRequest(method, path, query, headers, body), "null");
    }

    private static LambdaEvent.Http latticeV2(JsonNode o, JsonNode context) throws InvalidEventException {
        String where = "VPC Lattice v2 event: ";
        String method = EventFields.method(EventFields.string(o, "method", "", where), where + "method");
        String path = EventFields.string(o, "path", "", where);
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        } else {
            query = LatticeQuery.from(EventFields.object(o, "queryStringParameters", where), where + "queryStringParameters");
        }
        Headers headers = new Headers();
        LatticeQuery.headers(headers, EventFields.object(o, "headers", where), where + "headers");
        RequestBody body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(EventKind.VPC_LATTICE_V2, new AppRequest(method, path, query, headers, body),
                contextText(context));
    }
}
