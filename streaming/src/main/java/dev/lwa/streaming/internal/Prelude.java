package dev.lwa.streaming.internal;

import dev.lwa.core.event.LambdaEvent;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.core.response.ResponseHeaders;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The metadata prelude of an {@code application/vnd.awslambda.http-integration-response} stream:
 * compact JSON {@code {"statusCode":..,"headers":{..},"cookies":[..]}} followed by 8 NUL bytes.
 */
public final class Prelude {
    /** What separates the prelude from the body: exactly 8 NUL bytes. */
    public static final int SEPARATOR_LENGTH = 8;

    private Prelude() {
    }

    /**
     * The prelude JSON and the 8 NULs, ready to send. Header fields go on as {@link ResponseHeaders}
     * says (lower-cased, hop-by-hop fields dropped); {@code Set-Cookie} values go to
     * {@code cookies}; repeated headers are comma-joined, where LWA 1.0 would send an array
     * (Function URLs are not documented to accept arrays). A response with a body but no content
     * type gets {@code application/octet-stream}, as LWA inserts it; a response without a body
     * (a 204, a 304, the answer to a HEAD) gets none.
     *
     * @param hasBody whether the response can carry a body
     */
    public static byte[] frame(int status, Headers headers, boolean hasBody) {
        byte[] json = json(status, headers, hasBody);
        return Arrays.copyOf(json, json.length + SEPARATOR_LENGTH); // the tail is zero-filled: the NULs
    }

    /**
     * Whether the response to this event has no body at all (RFC 9110 §6.4.1): a 1xx, 204 or 304,
     * the answer to a HEAD, or a declared {@code Content-Length: 0}.
     */
    public static boolean bodiless(LambdaEvent event, int status, Headers headers) {
        return status < 200 || status == 204 || status == 304
                || (event instanceof LambdaEvent.Http http && http.request().method().equals("HEAD"))
                || headers.first("content-length").filter(v -> v.trim().equals("0")).isPresent();
    }

    /** The prelude JSON alone. */
    public static byte[] json(int status, Headers headers, boolean hasBody) {
        Map<String, List<String>> grouped = ResponseHeaders.group(headers);
        List<String> cookies = grouped.remove("set-cookie");
        if (hasBody) {
            grouped.putIfAbsent("content-type", List.of("application/octet-stream"));
        }
        StringBuilder sb = new StringBuilder(64 + 48 * grouped.size()).append("{\"statusCode\":").append(status)
                .append(",\"headers\":{");
        boolean first = true;
        for (var e : grouped.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, ResponseHeaders.singleValue(e.getKey(), e.getValue()));
        }
        sb.append("},\"cookies\":[");
        for (int i = 0; cookies != null && i < cookies.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonText.string(sb, cookies.get(i));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
