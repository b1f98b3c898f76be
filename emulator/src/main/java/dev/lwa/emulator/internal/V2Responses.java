package dev.lwa.emulator.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a Function URL or an HTTP API reads what the function returned: the payload 2.0 envelope of a
 * buffered response, or the prelude of a streamed one. Both become a {@link HttpHead} (+ body).
 */
public final class V2Responses {

    /**
     * Framing headers the server sets itself; taking them from the function would corrupt the response.
     * {@code Content-Length} is kept here: the front door sets its own, except for a HEAD request, whose
     * answer has no body but still says how long the body would be.
     */
    private static final Set<String> FRAMING = Set.of("transfer-encoding", "connection");

    /** Status and headers to write; {@code headers} are name/value pairs in order (names may repeat). */
    public record HttpHead(int status, List<Map.Entry<String, String>> headers) {
    }

    public record Buffered(HttpHead head, byte[] body) {
    }

    private V2Responses() {
    }

    /**
     * A buffered result: the envelope {@code {statusCode, headers, multiValueHeaders, cookies, body,
     * isBase64Encoded}}, or (AWS rule) any other JSON as a 200 {@code application/json} body. Empty when
     * the result cannot be turned into an HTTP response (AWS answers 502 then).
     */
    public static Optional<Buffered> fromEnvelope(byte[] result) {
        Optional<JsonValue> parsed = JsonDocuments.parse(result);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        if (!(parsed.get() instanceof JsonObject envelope) || !envelope.containsKey("statusCode")) {
            return Optional.of(new Buffered(new HttpHead(200, List.of(Map.entry("content-type", "application/json"))), result));
        }
        Optional<Integer> status = status(envelope.get("statusCode"));
        if (status.isEmpty()) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        addHeaders(envelope.get("headers"), headers);
        addHeaders(envelope.get("multiValueHeaders"), headers);
        addCookies(envelope.get("cookies"), headers);
        return body(envelope).map(body -> new Buffered(new HttpHead(status.get(), headers), body));
    }

    /** The envelope's {@code body}, base64-decoded when {@code isBase64Encoded}; empty if that fails. */
    static Optional<byte[]> body(JsonObject envelope) {
        if (!(envelope.get("body") instanceof JsonString text)) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(envelope.get("isBase64Encoded") == JsonValue.TRUE ? Base64.getMimeDecoder().decode(text.getString())
                    : text.getString().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The prelude of an http-integration stream: {@code {statusCode, headers, cookies}}. */
    public static Optional<HttpHead> fromPrelude(byte[] prelude) {
        return JsonDocuments.parseObject(prelude).flatMap(object -> {
            Optional<Integer> status = object.containsKey("statusCode") ? status(object.get("statusCode")) : Optional.of(200);
            return status.map(code -> {
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                addHeaders(object.get("headers"), headers);
                addHeaders(object.get("multiValueHeaders"), headers);
                addCookies(object.get("cookies"), headers);
                return new HttpHead(code, headers);
            });
        });
    }

    static Optional<Integer> status(JsonValue value) {
        Optional<Integer> code = switch (value) {
            case JsonNumber n when n.isIntegral() -> Optional.of(n.intValue());
            case JsonString s -> {
                try {
                    yield Optional.of(Integer.parseInt(s.getString().trim()));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
        return code.filter(c -> c >= 100 && c <= 599);
    }

    /** {@code {"name": "v"}} or {@code {"name": ["v1","v2"]}}: every value becomes one header line. */
    static void addHeaders(JsonValue value, List<Map.Entry<String, String>> out) {
        if (!(value instanceof JsonObject object)) {
            return;
        }
        object.forEach((name, values) -> {
            if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                return;
            }
            if (values instanceof JsonArray array) {
                array.forEach(v -> JsonDocuments.text(v).ifPresent(text -> out.add(Map.entry(name, text))));
            } else {
                JsonDocuments.text(values).ifPresent(text -> out.add(Map.entry(name, text)));
            }
        });
    }

    private static void addCookies(JsonValue value, List<Map.Entry<String, String>> out) {
        if (value instanceof JsonArray cookies) {
            cookies.forEach(c -> JsonDocuments.text(c).ifPresent(cookie -> out.add(Map.entry("set-cookie", cookie))));
        }
    }
}
