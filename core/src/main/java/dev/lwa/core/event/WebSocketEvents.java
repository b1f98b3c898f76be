package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;

import java.util.ArrayList;
import java.util.List;

import static dev.lwa.core.event.EventFields.isA;

/**
 * API Gateway WebSocket events as HTTP requests (beyond LWA, which passes them through): only
 * looked for when {@code AWS_LWA_WEBSOCKET_PATH} is set, and only once no HTTP trigger matched.
 *
 * <p>Every event ({@code $connect}, a message on any route, {@code $disconnect}) becomes a POST to
 * the configured path, so one handler serves them all and tells them apart by the
 * {@code x-amzn-websocket-*} headers. A message's body is the frame's payload (decoded when API
 * Gateway marks it base64); connect and disconnect carry none, but connect has the handshake's
 * headers and query.
 */
final class WebSocketEvents {

    /** What the app is told about the connection; set by the adapter, never taken from the client. */
    static final String CONNECTION_ID = "x-amzn-websocket-connection-id";
    static final String ROUTE_KEY = "x-amzn-websocket-route-key";
    static final String EVENT_TYPE = "x-amzn-websocket-event-type";
    static final String DOMAIN_NAME = "x-amzn-websocket-domain-name";
    static final String STAGE = "x-amzn-websocket-stage";
    static final String MESSAGE_ID = "x-amzn-websocket-message-id";

    /**
     * Hop-by-hop fields of the handshake: they describe API Gateway's connection to the client, and
     * {@code Connection: Upgrade} with {@code Upgrade: websocket} would make many servers take the
     * POST for an upgrade of their own. The length is the body's, set by the adapter.
     */
    private static final List<String> DROPPED = List.of("connection", "upgrade", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "content-length");

    private WebSocketEvents() {
    }

    /**
     * Exact and cheap: a {@code requestContext} with a string {@code connectionId} and an
     * {@code eventType} of CONNECT, MESSAGE or DISCONNECT, and no {@code httpMethod} (which every
     * REST event has, and no WebSocket event) and no {@code methodArn}: a Lambda authorizer of a
     * WebSocket API gets the {@code $connect} request's context too, but must answer with a policy,
     * so it is passed through as it came, not made into a connect.
     */
    static boolean is(JsonNode o, JsonNode context) {
        if (o.has("httpMethod") || o.has("methodArn") || !isA(context, "connectionId", JsonNode.Type.STRING)) {
            return false;
        }
        JsonNode type = context.memberOrNull("eventType");
        if (type == null || !type.is(JsonNode.Type.STRING)) {
            return false;
        }
        String t = type.string();
        return t.equals("CONNECT") || t.equals("MESSAGE") || t.equals("DISCONNECT");
    }

    /** Removes every {@code x-amzn-websocket-*} field: only lwa sets them, for a WebSocket event. */
    static void removeHeaders(Headers headers) {
        List<String> names = new ArrayList<>(0);
        for (int i = 0; i < headers.size(); i++) {
            if (headers.name(i).regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                names.add(headers.name(i));
            }
        }
        names.forEach(headers::remove);
    }

    private static final String PREFIX = "x-amzn-websocket-";

    static LambdaEvent map(JsonNode o, JsonNode context, String path) throws InvalidEventException {
        String where = EventKind.WEBSOCKET.label() + " event: ";
        String eventType = EventFields.string(context, "eventType", "", where + "requestContext.");
        boolean message = eventType.equals("MESSAGE");
        Headers headers = EventFields.mergedHeaders(o, where);
        for (String name : DROPPED) {
            headers.remove(name);
        }
        String query = FormQuery.from(o, false, where);
        RequestBody body = RequestBody.of(new byte[0]);
        if (message) {
            boolean base64 = EventFields.bool(o, "isBase64Encoded", where);
            body = EventFields.body(o, base64, where);
            headers.set("content-type", base64 ? "application/octet-stream" : "text/plain; charset=utf-8");
        }
        String ctx = where + "requestContext.";
        set(headers, CONNECTION_ID, EventFields.string(context, "connectionId", "", ctx), ctx);
        set(headers, ROUTE_KEY, EventFields.string(context, "routeKey", "", ctx), ctx);
        set(headers, EVENT_TYPE, eventType, ctx);
        set(headers, DOMAIN_NAME, EventFields.string(context, "domainName", "", ctx), ctx);
        set(headers, STAGE, EventFields.string(context, "stage", "", ctx), ctx);
        headers.remove(MESSAGE_ID);
        String messageId = EventFields.string(context, "messageId", "", ctx);
        if (!messageId.isEmpty()) {
            set(headers, MESSAGE_ID, messageId, ctx);
        }
        return new LambdaEvent.Http(EventKind.WEBSOCKET, new AppRequest("POST", path, query, headers, body),
                context.compactText());
    }

    /** Replaces any copy the client sent. */
    private static void set(Headers headers, String name, String value, String field) throws InvalidEventException {
        EventFields.checkValue(value, field + name);
        headers.set(name, value);
    }
}
