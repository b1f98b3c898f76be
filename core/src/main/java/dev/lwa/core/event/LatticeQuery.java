package dev.lwa.core.event;

import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonObject;

/** VPC Lattice maps hold a string (v1) or an array of strings (v2) per name. */
final class LatticeQuery {
    private LatticeQuery() {
    }

    static String from(JsonObject map, String field) throws InvalidEventException {
        StringBuilder sb = new StringBuilder();
        for (var e : map.entrySet()) {
            for (String v : EventFields.stringList(e.getValue(), field + "." + e.getKey())) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                FormQuery.encode(sb, e.getKey());
                sb.append('=');
                FormQuery.encode(sb, v);
            }
        }
        return sb.toString();
    }

    static void headers(Headers headers, JsonObject map, String field) throws InvalidEventException {
        for (var e : map.entrySet()) {
            for (String v : EventFields.stringList(e.getValue(), field + "." + e.getKey())) {
                EventFields.addHeader(headers, e.getKey(), v, field);
            }
        }
    }
}
