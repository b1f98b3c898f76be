package dev.lwa.core.response;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.json.JsonNode;
import dev.lwa.core.json.JsonSyntaxException;
import dev.lwa.core.json.JsonText;
import dev.lwa.core.json.Utf;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the function result the trigger expects from the app's response (lwa-behaviour.md §3.4).
 * Header names are lower-cased as LWA's http crate does; {@code transfer-encoding} is dropped
 * (§3.6).
 */
public final class Envelopes {
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private Envelopes() {
    }

    public static byte[] write(EventKind kind, BufferedResponse r) {
        if (kind == EventKind.PASS_THROUGH) {
            return passThrough(r);
        }
        Map<String, List<String>> headers = group(r.headers());
        StringBuilder sb = new StringBuilder(256 + r.body().length * 4 / 3);
        sb.append("{\"statusCode\":").append(r.status());
        switch (kind) {
            case API_GATEWAY_REST -> {
                // API Gateway merges the two maps; everything goes in multiValueHeaders (as LWA).
                sb.append(",\"headers\":{},\"multiValueHeaders\":");
                multi(sb, headers, true);
            }
            case HTTP_API, FUNCTION_URL -> {
                sb.append(",\"headers\":");
                single(sb, headers, false);
                sb.append(",\"multiValueHeaders\":{}");
            }
            case ALB -> {
                sb.append(",\"statusDescription\":");
                JsonText.string(sb, StatusReasons.description(r.status()));
                sb.append(",\"headers\":");
                single(sb, headers, true);
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
                single(sb, headers, true);
            }
            case PASS_THROUGH -> throw new AssertionError("handled above");
        }
        body(sb, r);
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
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Pass-through result: the JSON value of the app's text body; {@code null} for a binary or
     * non-JSON body (LWA). Status and headers are not part of it.
     *
     * <p>The app's own text goes on, compacted, once it is known to be one JSON value: its bytes
     * when they are well-formed UTF-8, transcoded to UTF-8 otherwise (a malformed sequence becomes
     * U+FFFD). LWA re-serialises through serde instead, so escapes and number spellings may differ
     * from LWA's (kept as the app wrote them); the value does not. A byte order mark is dropped.
     */
    private static byte[] passThrough(BufferedResponse r) {
        if (r.body().length == 0 || !BodyEncoding.isText(r.headers())) {
            return NULL;
        }
        Charset charset = BodyEncoding.charset(r.headers());
        byte[] utf8 = charset.equals(StandardCharsets.UTF_8) && Utf.isValidUtf8(r.body())
                ? r.body() : new String(r.body(), charset).getBytes(StandardCharsets.UTF_8);
        try {
            return JsonNode.parse(utf8).compactBytes();
        } catch (JsonSyntaxException e) {
            return NULL;
        }
    }

    private static void body(StringBuilder sb, BufferedResponse r) {
        sb.append(",\"body\":");
        if (BodyEncoding.isText(r.headers())) {
            // Lossy decoding, as LWA: invalid sequences become U+FFFD.
            JsonText.string(sb, new String(r.body(), BodyEncoding.charset(r.headers())));
            sb.append(",\"isBase64Encoded\":false");
        } else {
            sb.append('"').append(Base64.getEncoder().encodeToString(r.body())).append('"');
            sb.append(",\"isBase64Encoded\":true");
        }
    }

    /** Header values grouped by lower-cased name, in first-seen order, transfer-encoding dropped. */
    static Map<String, List<String>> group(Headers headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")) {
                continue;
            }
            map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(headers.value(i));
        }
        return map;
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

    /**
     * A single-value map. Repeated headers are comma-joined (RFC 9110 §5.3) instead of keeping
     * only the first value as LWA 1.0 does; Set-Cookie cannot be joined, so where the format has
     * no cookies list the first one is kept.
     */
    private static void single(StringBuilder sb, Map<String, List<String>> headers, boolean withCookies) {
        sb.append('{');
        boolean first = true;
        for (var e : headers.entrySet()) {
            boolean cookie = e.getKey().equals("set-cookie");
            if (cookie && !withCookies) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, cookie ? e.getValue().getFirst() : String.join(", ", e.getValue()));
        }
        sb.append('}');
    }
}
