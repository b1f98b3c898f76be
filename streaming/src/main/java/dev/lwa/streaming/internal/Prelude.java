package dev.lwa.streaming.internal;

import dev.lwa.core.json.JsonText;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata prelude of an {@code application/vnd.awslambda.http-integration-response} stream
 * (protocols.md §3.1, lwa-behaviour.md §6.3): compact JSON
 * {@code {"statusCode":..,"headers":{..},"cookies":[..]}} followed by 8 NUL bytes.
 */
public final class Prelude {
    /** What separates the prelude from the body: exactly 8 NUL bytes. */
    public static final int SEPARATOR_LENGTH = 8;

    private Prelude() {
    }

    /**
     * The prelude JSON and the 8 NULs, ready to send. Names are lower-cased (as LWA's http crate
     * does); {@code Set-Cookie} values go to {@code cookies}; {@code transfer-encoding} is dropped
     * (its framing is ours, not the app's); repeated headers are comma-joined, where LWA 1.0 would
     * send an array (protocols.md §8: Function URLs are not documented to accept arrays); a missing
     * content type becomes {@code application/octet-stream}, as LWA inserts it.
     */
    public static byte[] frame(int status, Headers headers) {
        byte[] json = json(status, headers);
        return Arrays.copyOf(json, json.length + SEPARATOR_LENGTH); // the tail is zero-filled: the NULs
    }

    /** The prelude JSON alone. */
    public static byte[] json(int status, Headers headers) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>(0);
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            switch (name) {
                case "transfer-encoding" -> {
                }
                case "set-cookie" -> cookies.add(headers.value(i));
                default -> grouped.computeIfAbsent(name, k -> new ArrayList<>(1)).add(headers.value(i));
            }
        }
        grouped.putIfAbsent("content-type", List.of("application/octet-stream"));
        StringBuilder sb = new StringBuilder(64 + 48 * grouped.size()).append("{\"statusCode\":").append(status)
                .append(",\"headers\":{");
        boolean first = true;
        for (var e : grouped.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, String.join(", ", e.getValue()));
        }
        sb.append("},\"cookies\":[");
        for (int i = 0; i < cookies.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonText.string(sb, cookies.get(i));
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
