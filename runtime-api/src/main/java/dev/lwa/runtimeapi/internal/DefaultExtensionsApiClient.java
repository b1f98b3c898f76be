package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ExtensionEvent;
import dev.lwa.runtimeapi.ExtensionsApiClient;
import dev.lwa.runtimeapi.RuntimeApiException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;
import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.json.JsonSyntaxException;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** The Extensions API client (docs/protocols.md, "Extensions API"). */
public final class DefaultExtensionsApiClient implements ExtensionsApiClient {
    private static final String REGISTER = "/2020-01-01/extension/register";
    private static final String REGISTER_CALL = "POST " + REGISTER;
    private static final String NEXT = "/2020-01-01/extension/event/next";
    private static final String NEXT_CALL = "GET " + NEXT;
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    private final ApiHttp http;

    public DefaultExtensionsApiClient(String hostPort) {
        this.http = new ApiHttp(hostPort, true);
    }

    @Override
    public String register(String name, List<String> events) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(events, "events");
        Headers headers = Headers.of(
                "Lambda-Extension-Name", name,
                "Content-Type", "application/json");
        ApiHttp.Answer a = http.call(REGISTER_CALL,
                ApiHttp.request("POST", REGISTER, headers, RequestBody.of(JsonCodec.registerBody(events))),
                ApiHttp.Expected.OK, MAX_ANSWER_BYTES);
        if (a.status() != 200) {
            throw new RuntimeApiException(REGISTER_CALL, a.status(), a.text());
        }
        String id = ApiHttp.header(a.headers(), "Lambda-Extension-Identifier");
        if (id.isEmpty()) {
            throw new RuntimeApiException(REGISTER_CALL, 200, a.text(), "it has no Lambda-Extension-Identifier header");
        }
        return id;
    }

    @Override
    public ExtensionEvent next(String extensionId) throws IOException {
        Objects.requireNonNull(extensionId, "extensionId");
        Headers headers = Headers.of("Lambda-Extension-Identifier", extensionId);
        ApiHttp.Answer a = http.call(NEXT_CALL, ApiHttp.request("GET", NEXT, headers, RequestBody.EMPTY),
                ApiHttp.Expected.OK, MAX_ANSWER_BYTES);
        if (a.status() != 200) {
            throw new RuntimeApiException(NEXT_CALL, a.status(), a.text());
        }
        JsonNode event;
        try {
            event = JsonNode.parse(a.body());
        } catch (JsonSyntaxException e) {
            throw new RuntimeApiException(NEXT_CALL, 200, a.text(), "its body is not a JSON object: " + e.getMessage());
        }
        if (!event.is(JsonNode.Type.OBJECT)) {
            throw new RuntimeApiException(NEXT_CALL, 200, a.text(), "its body is not a JSON object: " + event.type());
        }
        String type = string(event, "eventType", a);
        return switch (type) {
            case "INVOKE" -> invoke(event);
            case "SHUTDOWN" -> new ExtensionEvent.Shutdown(
                    event.memberOrNull("shutdownReason") instanceof JsonNode r && r.is(JsonNode.Type.STRING) ? r.string() : "",
                    optionalNumber(event, "deadlineMs"));
            default -> new ExtensionEvent.Other(type);
        };
    }

    private static String string(JsonNode o, String key, ApiHttp.Answer a) throws RuntimeApiException {
        JsonNode v = o.memberOrNull(key);
        if (v != null && v.is(JsonNode.Type.STRING)) {
            return v.string();
        }
        throw missing(key, "a string", v, a);
    }

    /** lwa does not subscribe to INVOKE: one it cannot read is ignored like any event it did not ask for. */
    private static ExtensionEvent invoke(JsonNode event) {
        java.util.OptionalLong deadline = optionalNumber(event, "deadlineMs");
        return event.memberOrNull("requestId") instanceof JsonNode id && id.is(JsonNode.Type.STRING) && deadline.isPresent()
                ? new ExtensionEvent.Invoke(id.string(), deadline.getAsLong())
                : new ExtensionEvent.Other("INVOKE");
    }

    private static java.util.OptionalLong optionalNumber(JsonNode o, String key) {
        JsonNode v = o.memberOrNull(key);
        if (v == null || !v.is(JsonNode.Type.NUMBER)) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(new BigDecimal(v.compactText()).longValueExact());
        } catch (ArithmeticException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private static RuntimeApiException missing(String key, String what, JsonNode found, ApiHttp.Answer a) {
        return new RuntimeApiException(NEXT_CALL, 200, a.text(), "its event has no " + what + " as \"" + key + "\""
                + (found == null ? "" : " (found " + found + ")") + ": " + a.text());
    }

    @Override
    public void close() {
        http.close();
    }
}
