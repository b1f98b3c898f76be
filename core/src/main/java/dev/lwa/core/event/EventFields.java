package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.http.HeaderSyntax;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Field readers shared by the event mappers. Each failure names the field and what was
 * expected, because the message ends up in the Lambda error the caller sees.
 */
final class EventFields {
    /** An empty body still says {@code Content-Length: 0}, as before for every mapped request. */
    private static final RequestBody NO_BODY = RequestBody.of(new byte[0]);
    /** What an absent or null object member reads as. */
    static final JsonNode EMPTY_OBJECT = emptyObject();

    private EventFields() {
    }

    /** A string member, or {@code fallback} when absent or null; any other type is invalid. */
    static String string(JsonNode o, String name, String fallback, String where) throws InvalidEventException {
        JsonNode v = present(o, name);
        if (v == null) {
            return fallback;
        }
        if (v.is(JsonNode.Type.STRING)) {
            return v.string();
        }
        throw new InvalidEventException(where + name + " must be a string, got " + v.type());
    }

    /** An object member, or an empty object when absent or null. */
    static JsonNode object(JsonNode o, String name, String where) throws InvalidEventException {
        JsonNode v = present(o, name);
        if (v == null) {
            return EMPTY_OBJECT;
        }
        if (v.is(JsonNode.Type.OBJECT)) {
            return v;
        }
        throw new InvalidEventException(where + name + " must be an object, got " + v.type());
    }

    static boolean bool(JsonNode o, String name, String where) throws InvalidEventException {
        JsonNode v = present(o, name);
        if (v == null || v.is(JsonNode.Type.FALSE)) {
            return false;
        }
        if (v.is(JsonNode.Type.TRUE)) {
            return true;
        }
        throw new InvalidEventException(where + name + " must be true or false, got " + v);
    }

    /** The member, or null when it is absent or JSON null. */
    static JsonNode present(JsonNode o, String name) {
        JsonNode v = o.memberOrNull(name);
        return v == null || v.is(JsonNode.Type.NULL) ? null : v;
    }

    /** Whether the member is there with the given type. */
    static boolean isA(JsonNode o, String name, JsonNode.Type type) {
        JsonNode v = o.memberOrNull(name);
        return v != null && v.is(type);
    }

    /** The method, validated as an HTTP token; LWA treats an empty method as GET. */
    static String method(String method, String field) throws InvalidEventException {
        if (method.isEmpty()) {
            return "GET";
        }
        if (!HeaderSyntax.isToken(method)) {
            throw new InvalidEventException(field + " is not a valid HTTP method: " + printable(method));
        }
        return method;
    }

    /** Adds a header after checking that it cannot break the request (names lower-cased, as LWA's http crate does). */
    static void addHeader(Headers headers, String name, String value, String field) throws InvalidEventException {
        if (!HeaderSyntax.isToken(name)) {
            throw new InvalidEventException(field + " has an invalid header name: " + printable(name));
        }
        checkValue(value, field + "." + name);
        headers.add(name.toLowerCase(Locale.ROOT), value);
    }

    /** Header values may not carry CR, LF, NUL, other controls (but TAB) or DEL: they would split or corrupt the request. */
    static void checkValue(String value, String field) throws InvalidEventException {
        int i = HeaderSyntax.indexOfControl(value);
        if (i >= 0) {
            throw new InvalidEventException(field + " has a header value with control character 0x"
                    + Integer.toHexString(value.charAt(i)) + " at index " + i);
        }
    }

    /** Adds every member of a single-value header map ({@code "name": "value"}). */
    static void singleValueHeaders(Headers headers, JsonNode map, String field) throws InvalidEventException {
        for (JsonNode.Member e : map.members()) {
            JsonNode v = e.value();
            if (v.is(JsonNode.Type.NULL)) {
                continue;
            }
            if (!v.is(JsonNode.Type.STRING)) {
                throw new InvalidEventException(field + "." + e.name() + " must be a string, got " + v.type());
            }
            addHeader(headers, e.name(), v.string(), field);
        }
    }

    /**
     * Headers of a REST or ALB event (D10): every value of {@code multiValueHeaders}, then the
     * {@code headers} entries whose name {@code multiValueHeaders} does not have (API Gateway puts
     * some headers in only one of the two maps).
     */
    static Headers mergedHeaders(JsonNode event, String where) throws InvalidEventException {
        Headers headers = new Headers();
        // the names multiValueHeaders gives a value: an entry that is null or [] gives none, so
        // headers' value of that name still counts (LWA extends the one map with the other)
        java.util.Set<String> fromMulti = new java.util.HashSet<>();
        for (JsonNode.Member e : object(event, "multiValueHeaders", where).members()) {
            for (String value : stringList(e.value(), where + "multiValueHeaders." + e.name())) {
                addHeader(headers, e.name(), value, where + "multiValueHeaders");
                fromMulti.add(e.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (JsonNode.Member e : object(event, "headers", where).members()) {
            if (e.value().is(JsonNode.Type.NULL) || fromMulti.contains(e.name().toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            if (!e.value().is(JsonNode.Type.STRING)) {
                throw new InvalidEventException(where + "headers." + e.name() + " must be a string, got "
                        + e.value().type());
            }
            addHeader(headers, e.name(), e.value().string(), where + "headers");
        }
        return headers;
    }

    /** A JSON array of strings (null entries skipped), or a lone string as a one-element list. */
    static List<String> stringList(JsonNode v, String field) throws InvalidEventException {
        if (v == null || v.is(JsonNode.Type.NULL)) {
            return List.of();
        }
        if (v.is(JsonNode.Type.STRING)) {
            return List.of(v.string());
        }
        if (!v.is(JsonNode.Type.ARRAY)) {
            throw new InvalidEventException(field + " must be an array of strings, got " + v.type());
        }
        List<JsonNode> items = v.elements();
        List<String> values = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (item.is(JsonNode.Type.STRING)) {
                values.add(item.string());
            } else if (!item.is(JsonNode.Type.NULL)) {
                throw new InvalidEventException(field + " must hold strings, got " + item.type());
            }
        }
        return values;
    }

    /**
     * The body: UTF-8 bytes of the text, or the base64 decoding when the flag says so. Base64 is
     * checked as LWA's decoder checks it (standard alphabet, padding required, no whitespace), but
     * for the unused bits of the last group, which LWA's decoder requires to be zero and lwa
     * ignores (as the JDK's decoder does); LWA aborts the process on a bad one, lwa reports it (D2).
     */
    static RequestBody body(JsonNode event, boolean base64, String where) throws InvalidEventException {
        JsonNode body = present(event, "body");
        if (body == null) {
            return NO_BODY;
        }
        if (!body.is(JsonNode.Type.STRING)) {
            throw new InvalidEventException(where + "body must be a string, got " + body.type());
        }
        if (body.isEmptyString()) {
            return NO_BODY;
        }
        if (!base64) {
            return RequestBody.of(body.stringBody()); // written from the event's bytes: no copy
        }
        try {
            return RequestBody.of(body.base64Body()); // decoded while it is written: no copy
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(where + "body is marked isBase64Encoded but is not valid base64 ("
                    + e.getMessage() + ")");
        }
    }

    private static JsonNode emptyObject() {
        try {
            return JsonNode.parse(new byte[]{'{', '}'});
        } catch (dev.lwa.runtimeapi.json.JsonSyntaxException e) {
            throw new AssertionError(e);
        }
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
