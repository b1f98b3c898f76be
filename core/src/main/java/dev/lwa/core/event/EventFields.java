package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Base64;
import java.util.Locale;

/**
 * Field readers shared by the event mappers. Each failure names the field and what was
 * expected, because the message ends up in the Lambda error the caller sees.
 */
final class EventFields {
    private static final byte[] NO_BODY = new byte[0];

    private EventFields() {
    }

    /** A string member, or {@code fallback} when absent or null; any other type is invalid. */
    static String string(JsonObject o, String name, String fallback, String where) throws InvalidEventException {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return fallback;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidEventException(where + name + " must be a string, got " + v.getValueType());
    }

    /** An object member, or an empty object when absent or null. */
    static JsonObject object(JsonObject o, String name, String where) throws InvalidEventException {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (v instanceof JsonObject obj) {
            return obj;
        }
        throw new InvalidEventException(where + name + " must be an object, got " + v.getValueType());
    }

    static boolean bool(JsonObject o, String name, String where) throws InvalidEventException {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
            return false;
        }
        if (v == JsonValue.TRUE) {
            return true;
        }
        throw new InvalidEventException(where + name + " must be true or false, got " + v);
    }

    /** The method, validated as an HTTP token; LWA treats an empty method as GET. */
    static String method(String method, String field) throws InvalidEventException {
        if (method.isEmpty()) {
            return "GET";
        }
        if (!isToken(method)) {
            throw new InvalidEventException(field + " is not a valid HTTP method: " + printable(method));
        }
        return method;
    }

    /** Adds a header after checking that it cannot break the request (names lower-cased, as LWA's http crate does). */
    static void addHeader(Headers headers, String name, String value, String field) throws InvalidEventException {
        if (!isToken(name)) {
            throw new InvalidEventException(field + " has an invalid header name: " + printable(name));
        }
        checkValue(value, field + "." + name);
        headers.add(name.toLowerCase(Locale.ROOT), value);
    }

    /** Header values may not carry CR, LF, NUL, other controls (but TAB) or DEL: they would split or corrupt the request. */
    static void checkValue(String value, String field) throws InvalidEventException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new InvalidEventException(field + " has a header value with control character 0x"
                        + Integer.toHexString(c) + " at index " + i);
            }
        }
    }

    /** Adds every member of a single-value header map ({@code "name": "value"}). */
    static void singleValueHeaders(Headers headers, JsonObject map, String field) throws InvalidEventException {
        for (var e : map.entrySet()) {
            JsonValue v = e.getValue();
            if (v == JsonValue.NULL) {
                continue;
            }
            if (!(v instanceof JsonString s)) {
                throw new InvalidEventException(field + "." + e.getKey() + " must be a string, got " + v.getValueType());
            }
            addHeader(headers, e.getKey(), s.getString(), field);
        }
    }

    /**
     * Headers of a REST or ALB event (D10): every value of {@code multiValueHeaders}, then the
     * {@code headers} entries whose name {@code multiValueHeaders} does not have (API Gateway puts
     * some headers in only one of the two maps).
     */
    static Headers mergedHeaders(JsonObject event, String where) throws InvalidEventException {
        Headers headers = new Headers();
        JsonObject multi = object(event, "multiValueHeaders", where);
        for (var e : multi.entrySet()) {
            for (String value : stringList(e.getValue(), where + "multiValueHeaders." + e.getKey())) {
                addHeader(headers, e.getKey(), value, where + "multiValueHeaders");
            }
        }
        JsonObject single = object(event, "headers", where);
        for (var e : single.entrySet()) {
            if (e.getValue() == JsonValue.NULL || containsIgnoreCase(multi, e.getKey())) {
                continue;
            }
            if (!(e.getValue() instanceof JsonString s)) {
                throw new InvalidEventException(where + "headers." + e.getKey() + " must be a string, got "
                        + e.getValue().getValueType());
            }
            addHeader(headers, e.getKey(), s.getString(), where + "headers");
        }
        return headers;
    }

    /** A JSON array of strings (null entries skipped), or a lone string as a one-element list. */
    static java.util.List<String> stringList(JsonValue v, String field) throws InvalidEventException {
        if (v == null || v == JsonValue.NULL) {
            return java.util.List.of();
        }
        if (v instanceof JsonString s) {
            return java.util.List.of(s.getString());
        }
        if (!(v instanceof JsonArray array)) {
            throw new InvalidEventException(field + " must be an array of strings, got " + v.getValueType());
        }
        java.util.List<String> values = new java.util.ArrayList<>(array.size());
        for (JsonValue item : array) {
            if (item instanceof JsonString s) {
                values.add(s.getString());
            } else if (item != JsonValue.NULL) {
                throw new InvalidEventException(field + " must hold strings, got " + item.getValueType());
            }
        }
        return values;
    }

    private static boolean containsIgnoreCase(JsonObject map, String name) {
        if (map.containsKey(name)) {
            return true;
        }
        for (String key : map.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The body: UTF-8 bytes of the text, or the base64 decoding when the flag says so. Base64 is
     * checked as strictly as LWA's decoder (standard alphabet, padding required, no whitespace);
     * LWA aborts the process on a bad one, lwa reports it (D2).
     */
    static byte[] body(JsonObject event, boolean base64, String where) throws InvalidEventException {
        String body = string(event, "body", "", where);
        if (body.isEmpty()) {
            return NO_BODY;
        }
        if (!base64) {
            return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (body.length() % 4 != 0) {
            throw new InvalidEventException(where + "body is marked isBase64Encoded but is not valid base64"
                    + " (length " + body.length() + " is not a multiple of 4)");
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(where + "body is marked isBase64Encoded but is not valid base64: "
                    + e.getMessage());
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** For messages: control characters shown as escapes, long values cut. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return s.length() > 80 ? sb.append("...").toString() : sb.toString();
    }
}
