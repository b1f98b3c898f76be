package dev.lwa.core.event;

import dev.lwa.core.http.AppRequest;
import dev.lwa.core.json.Json;
import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Recognises an event and maps it to an {@link AppRequest}.
 *
 * <p>Detection follows LWA (lwa-behaviour.md §2.1): by required fields, in the order REST v1 →
 * HTTP API v2 / Function URL → ALB, then (beyond LWA) VPC Lattice, and anything else that is JSON
 * is pass-through. Unlike LWA, an event recognised by its required fields but broken elsewhere
 * (a header with a control character, bad base64) is an {@link InvalidEventException}, not a
 * silent pass-through or a process abort (D2).
 */
public final class EventParser {

    private EventParser() {
    }

    public static LambdaEvent parse(byte[] event) throws InvalidEventException {
        JsonValue json;
        try {
            json = Json.parse(event);
        } catch (JsonException e) {
            throw new InvalidEventException("event is not valid JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof JsonObject o)) {
            return new LambdaEvent.PassThrough(event);
        }
        JsonObject context = o.get("requestContext") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        if (o.get("httpMethod") instanceof JsonString && context.get("httpMethod") instanceof JsonString) {
            return restApi(o, context, event);
        }
        if (context.get("http") instanceof JsonObject http && http.get("method") instanceof JsonString) {
            return httpApi(o, context, http, event);
        }
        if (o.get("httpMethod") instanceof JsonString && context.get("elb") instanceof JsonObject) {
            return alb(o, context, event);
        }
        if (o.get("method") instanceof JsonString && o.get("raw_path") instanceof JsonString) {
            return latticeV1(o);
        }
        if (o.get("method") instanceof JsonString && o.get("path") instanceof JsonString
                && context.get("serviceNetworkArn") instanceof JsonString) {
            return latticeV2(o, context, event);
        }
        return new LambdaEvent.PassThrough(event);
    }

    /**
     * What {@code x-amzn-request-context} carries: the event's own {@code requestContext} text,
     * compacted, rather than the parsed object written out again (Parsson's {@code toString()} was
     * 2.8 µs and 1.6 KB of a small HTTP API event's 15 µs mapping under C1). The same JSON value;
     * where the text cannot be taken as it is (see {@link Json#memberText}) the parsed object.
     */
    private static String contextText(byte[] event, JsonObject context) {
        return Json.memberText(event, "requestContext").orElseGet(context::toString);
    }

    private static LambdaEvent restApi(JsonObject o, JsonObject context, byte[] event) throws InvalidEventException {
        String where = "API Gateway REST event: ";
        String method = EventFields.method(EventFields.string(o, "httpMethod", "", where), where + "httpMethod");
        String path = EventFields.string(o, "path", "", where);
        String query = FormQuery.from(o, false, where);
        Headers headers = EventFields.mergedHeaders(o, where);
        byte[] body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(EventKind.API_GATEWAY_REST,
                new AppRequest(method, path, query, headers, body), contextText(event, context));
    }

    private static LambdaEvent httpApi(JsonObject o, JsonObject context, JsonObject http, byte[] event) throws InvalidEventException {
        boolean url = EventFields.string(context, "domainName", "", "").contains(".lambda-url.");
        EventKind kind = url ? EventKind.FUNCTION_URL : EventKind.HTTP_API;
        String where = kind.label() + " event: ";
        String method = EventFields.method(((JsonString) http.get("method")).getString(), where + "requestContext.http.method");
        String path = o.containsKey("rawPath")
                ? EventFields.string(o, "rawPath", "", where)
                : EventFields.string(o, "path", "", where);
        String query = EventFields.string(o, "rawQueryString", "", where);
        Headers headers = new Headers();
        EventFields.singleValueHeaders(headers, EventFields.object(o, "headers", where), where + "headers");
        JsonValue cookies = o.get("cookies");
        if (cookies != null && cookies != JsonValue.NULL) {
            // LWA 1.0 joins with ";" and no space (lwa-behaviour.md §2.2.2), replacing any cookie header.
            String joined = String.join(";", EventFields.stringList(cookies, where + "cookies"));
            EventFields.checkValue(joined, where + "cookies");
            headers.set("cookie", joined);
        }
        byte[] body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(kind, new AppRequest(method, path, query, headers, body), contextText(event, context));
    }

    private static LambdaEvent alb(JsonObject o, JsonObject context, byte[] event) throws InvalidEventException {
        // Real ALB sends one of the two header maps, depending on the target group's multi-value
        // setting; the answer must use the same one.
        boolean multi = o.get("multiValueHeaders") instanceof JsonObject;
        EventKind kind = multi ? EventKind.ALB_MULTI_VALUE : EventKind.ALB;
        String where = kind.label() + " event: ";
        String method = EventFields.method(EventFields.string(o, "httpMethod", "", where), where + "httpMethod");
        String path = EventFields.string(o, "path", "", where);
        String query = FormQuery.from(o, true, where);
        Headers headers = EventFields.mergedHeaders(o, where);
        byte[] body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(kind, new AppRequest(method, path, query, headers, body), contextText(event, context));
    }

    private static LambdaEvent latticeV1(JsonObject o) throws InvalidEventException {
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
        byte[] body = EventFields.body(o, EventFields.bool(o, "is_base64_encoded", where), where);
        return new LambdaEvent.Http(EventKind.VPC_LATTICE, new AppRequest(method, path, query, headers, body), "null");
    }

    private static LambdaEvent latticeV2(JsonObject o, JsonObject context, byte[] event) throws InvalidEventException {
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
        byte[] body = EventFields.body(o, EventFields.bool(o, "isBase64Encoded", where), where);
        return new LambdaEvent.Http(EventKind.VPC_LATTICE_V2, new AppRequest(method, path, query, headers, body),
                contextText(event, context));
    }
}
