package dev.lwa.emulator.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a REST API (Lambda proxy integration) and an ALB read a payload 1.0 result. Unlike payload 2.0
 * there is no "any JSON is a 200" rule: without a valid {@code statusCode} the answer is the
 * service's 502.
 */
final class V1Responses {

    private V1Responses() {
    }

    /**
     * REST API: {@code headers} and {@code multiValueHeaders} merged, a name in both taking the
     * multi-value list only; the body decoded when {@code isBase64Encoded} (as with binary media types
     * configured for the API, which a binary answer needs on AWS).
     */
    static Optional<V2Responses.Buffered> rest(byte[] result) {
        return envelope(result).flatMap(envelope -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            JsonValue multi = envelope.get("multiValueHeaders");
            Set<String> inMulti = multi instanceof JsonObject m ? lowerCased(m.keySet()) : Set.of();
            if (envelope.get("headers") instanceof JsonObject single) {
                List<Map.Entry<String, String>> all = new ArrayList<>();
                V2Responses.addHeaders(single, all);
                all.stream().filter(h -> !inMulti.contains(h.getKey().toLowerCase(Locale.ROOT))).forEach(headers::add);
            }
            V2Responses.addHeaders(multi, headers);
            return buffered(envelope, headers);
        });
    }

    /**
     * ALB: {@code headers} (one value per name) for a single-value target group, only
     * {@code multiValueHeaders} with multi-value headers on; the other map is ignored, as ALB does.
     */
    static Optional<V2Responses.Buffered> alb(byte[] result, boolean multiValue) {
        return envelope(result).flatMap(envelope -> {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            JsonValue map = envelope.get(multiValue ? "multiValueHeaders" : "headers");
            if (multiValue) {
                V2Responses.addHeaders(map, headers);
            } else if (map instanceof JsonObject single) {
                // one value per name: an array here is not what a single-value target group accepts
                single.forEach((name, value) -> JsonDocuments.text(value).ifPresent(v -> headers.add(Map.entry(name, v))));
                headers.removeIf(h -> Set.of("transfer-encoding", "connection").contains(h.getKey().toLowerCase(Locale.ROOT)));
            }
            return buffered(envelope, headers);
        });
    }

    private static Optional<JsonObject> envelope(byte[] result) {
        return JsonDocuments.parseObject(result).filter(e -> e.containsKey("statusCode"));
    }

    private static Optional<V2Responses.Buffered> buffered(JsonObject envelope, List<Map.Entry<String, String>> headers) {
        return V2Responses.status(envelope.get("statusCode")).flatMap(status -> V2Responses.body(envelope)
                .map(body -> new V2Responses.Buffered(new V2Responses.HttpHead(status, headers), body)));
    }

    private static Set<String> lowerCased(Set<String> names) {
        Set<String> lower = new java.util.HashSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
