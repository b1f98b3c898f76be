package dev.lwa.core.response;

import dev.lwa.core.config.MediaTypes;
import dev.lwa.core.event.EventKind;
import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.json.JsonSyntaxException;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.json.Utf;
import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds the function result the trigger expects from the app's response. Header fields go on as
 * {@link ResponseHeaders} says (lower-cased, hop-by-hop fields dropped).
 */
public final class Envelopes {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private Envelopes() {
    }

    /** The result as one array; {@link #envelope} writes the same bytes without building it. */
    public static byte[] write(EventKind kind, BufferedResponse r) {
        return envelope(kind, r).toByteArray();
    }

    /** The result for {@code kind}, its length known, the body still the app's bytes. */
    public static Envelope envelope(EventKind kind, BufferedResponse r) {
        return envelope(kind, r, MediaTypes.none());
    }

    /** As {@link #envelope(EventKind, BufferedResponse)}, text or base64 decided with the user's media type lists first. */
    public static Envelope envelope(EventKind kind, BufferedResponse r, MediaTypes mediaTypes) {
        if (kind == EventKind.PASS_THROUGH) {
            return Envelope.raw(passThrough(r, mediaTypes));
        }
        Map<String, List<String>> headers = ResponseHeaders.group(r.headers());
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"statusCode\":").append(r.status());
        switch (kind) {
            case API_GATEWAY_REST -> {
                // API Gateway merges the two maps; everything goes in multiValueHeaders (as LWA).
                sb.append(",\"headers\":{},\"multiValueHeaders\":");
                multi(sb, headers, true);
            }
            case HTTP_API, FUNCTION_URL -> {
                sb.append(",\"headers\":");
                single(sb, headers, Cookies.IN_THEIR_OWN_LIST);
                sb.append(",\"multiValueHeaders\":{}");
            }
            case ALB -> {
                sb.append(",\"statusDescription\":");
                JsonText.string(sb, StatusReasons.description(r.status()));
                sb.append(",\"headers\":");
                single(sb, headers, Cookies.FIRST_ONLY);
            }
            case ALB_MULTI_VALUE -> {
                sb.append(",\"statusDescription\":");
                JsonText.string(sb, StatusReasons.description(r.status()));
                sb.append(",\"multiValueHeaders\":");
                multi(sb, headers, true);
            }
            case VPC_LATTICE, VPC_LATTICE_V2 -> {
                sb.append(",\"statusDescription\":");
                JsonText.string(sb, StatusReasons.description(r.status()));
                sb.append(",\"headers\":");
                single(sb, headers, Cookies.ONE_KEY_EACH);
            }
            case WEBSOCKET -> {
                // The route's result: the status (a non-2xx one refuses a $connect), the body sent
                // back on the connection when the route has a route response, and headers, which
                // only the $connect answer uses (Sec-WebSocket-Protocol).
                sb.append(",\"headers\":");
                single(sb, headers, Cookies.ONE_KEY_EACH);
            }
            case PASS_THROUGH -> throw new AssertionError("handled above");
        }
        sb.append(",\"body\":\"");
        Envelope.Coding coding;
        BodyBytes body = r.body();
        BodyEncoding.TextCoding text;
        if (!BodyEncoding.isText(r.headers(), mediaTypes)) {
            coding = Envelope.Coding.BASE64;
        } else if ((text = BodyEncoding.textCoding(r.headers(), body)).isPlainUtf8()) {
            coding = Envelope.Coding.JSON_TEXT; // escaped while written, invalid sequences as U+FFFD (as LWA)
        } else {
            // another charset or a byte order mark: decoded (lossily, as LWA) and escaped here, once
            String quoted = JsonText.quote(text.decode(body));
            body = BodyBytes.of(quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8));
            coding = Envelope.Coding.RAW;
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        sb.append("\",\"isBase64Encoded\":").append(coding == Envelope.Coding.BASE64);
        if (kind == EventKind.HTTP_API || kind == EventKind.FUNCTION_URL) {
            sb.append(",\"cookies\":[");
            List<String> cookies = headers.getOrDefault("set-cookie", List.of());
            for (int i = 0; i < cookies.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonText.string(sb, cookies.get(i));
            }
            sb.append(']');
        }
        sb.append('}');
        return new Envelope(head, body, coding, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Pass-through result: the JSON value of the app's text body; {@code null} for a binary or
     * non-JSON body (LWA). Status and headers are not part of it.
     *
     * <p>The app's own text goes on, compacted, once it is known to be one JSON value: its bytes
     * when they are well-formed UTF-8, transcoded to UTF-8 otherwise (a malformed sequence becomes
     * U+FFFD). LWA re-serialises through serde instead, so escapes and number spellings may differ
     * from LWA's (kept as the app wrote them); the value does not. A byte order mark decides the
     * charset and is dropped (BodyEncoding#textCoding).
     */
    private static byte[] passThrough(BufferedResponse r, MediaTypes mediaTypes) {
        if (r.body().length() == 0 || !BodyEncoding.isText(r.headers(), mediaTypes)) {
            return NULL;
        }
        BodyEncoding.TextCoding text = BodyEncoding.textCoding(r.headers(), r.body());
        byte[] body = r.body().toByteArray(); // one JSON text: parsed whole
        byte[] utf8 = text.isPlainUtf8() && Utf.isValidUtf8(body)
                ? body : text.decode(body).getBytes(StandardCharsets.UTF_8);
        try {
            return JsonNode.compact(utf8); // the app's own array when it is compact already
        } catch (JsonSyntaxException e) {
            return NULL;
        }
    }

    private static void multi(StringBuilder sb, Map<String, List<String>> headers, boolean withCookies) {
        sb.append('{');
        boolean first = true;
        for (var e : headers.entrySet()) {
            if (!withCookies && e.getKey().equals("set-cookie")) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(":[");
            List<String> values = e.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonText.string(sb, values.get(i));
            }
            sb.append(']');
        }
        sb.append('}');
    }

    /** Where {@code Set-Cookie} goes in a single-value header map, which cannot hold it twice under one name. */
    private enum Cookies {
        /** Not in the map: the format has a {@code cookies} list (HTTP API v2, Function URLs). */
        IN_THEIR_OWN_LIST,
        /**
         * Only the first: an ALB target group without multi-value headers passes one value per
         * name, and that cannot be worked around. The others are lost, so it is logged (once).
         */
        FIRST_ONLY,
        /**
         * Each under its own spelling of the name ({@code set-cookie}, {@code Set-cookie},
         * {@code sEt-cookie}, ...): distinct JSON keys, the same HTTP field, so every cookie
         * reaches the client through VPC Lattice's single-value map.
         */
        ONE_KEY_EACH
    }

    /** Logged once per process: the fix is a setting of the ALB target group, not of the app. */
    private static final java.util.concurrent.atomic.AtomicBoolean ALB_COOKIES_WARNED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final System.Logger LOG = System.getLogger("lwa.response");

    /**
     * A single-value map. Repeated list headers are comma-joined (RFC 9110 §5.3) instead of keeping
     * only the first value as LWA 1.0 does ({@link ResponseHeaders#singleValue}); {@code Set-Cookie}
     * cannot be joined (a cookie's {@code Expires} holds a comma), see {@link Cookies}.
     */
    private static void single(StringBuilder sb, Map<String, List<String>> headers, Cookies cookies) {
        sb.append('{');
        boolean first = true;
        for (var e : headers.entrySet()) {
            List<String> values = e.getValue();
            if (e.getKey().equals("set-cookie")) {
                if (cookies == Cookies.IN_THEIR_OWN_LIST) {
                    continue;
                }
                if (cookies == Cookies.FIRST_ONLY && values.size() > 1 && ALB_COOKIES_WARNED.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.WARNING, "the app set " + values.size() + " cookies, but this ALB target group"
                            + " does not use multi-value headers, so only the first Set-Cookie reaches the client;"
                            + " turn on the target group attribute lambda.multi_value_headers.enabled to pass them all"
                            + " (logged once)");
                }
                int n = cookies == Cookies.FIRST_ONLY ? 1 : values.size();
                for (int i = 0; i < n; i++) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    JsonText.string(sb, cookieName(i)).append(':');
                    JsonText.string(sb, values.get(i));
                }
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, ResponseHeaders.singleValue(e.getKey(), values));
        }
        sb.append('}');
    }

    /** {@code set-cookie} with the letters upper-cased where the bits of {@code n} say: a distinct key for each n < 512. */
    static String cookieName(int n) {
        char[] name = "set-cookie".toCharArray();
        int bit = 0;
        for (int i = 0; i < name.length && n != 0; i++) {
            if (name[i] == '-') {
                continue;
            }
            if ((n >> bit & 1) != 0) {
                name[i] = Character.toUpperCase(name[i]);
            }
            bit++;
        }
        return new String(name);
    }
}
